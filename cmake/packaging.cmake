# SPDX-License-Identifier: GPL-2.0-or-later
#
# What `cmake --install` puts beside the programs (data, man pages, bash
# completion, the operations scripts, the sample configuration, systemd
# units, documentation) and the Debian package `cpack -G DEB` builds from the
# same install rules (packaging/deb/ holds its maintainer scripts). Included once from the top-level
# CMakeLists.txt, after the program targets exist. The programs themselves
# need no installed file at run time (the stop words are compiled in).

# --- Data ---------------------------------------------------------------------
# The French stop words the analyzer compiles in, for people and other tools.
install(FILES ${PROJECT_SOURCE_DIR}/data/stopwords-fr.txt
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosque)

# --- Operations scripts (ops/) ----------------------------------------------------
# scripts/ holds the developer tools, which are not installed.
# kiosque-nightly and kiosque-alerts, with the configuration's default path
# (${sysconfdir}/kiosque/kiosque.conf) and the version written in.
set(KIOSQUE_SYSCONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR})
set(kiosque_scripts)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/ops/kiosque-replicate
        DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(script IN ITEMS kiosque-nightly kiosque-alerts)
  configure_file(${PROJECT_SOURCE_DIR}/ops/${script}.in
                 ${PROJECT_BINARY_DIR}/ops/${script} @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                  GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  install(PROGRAMS ${PROJECT_BINARY_DIR}/ops/${script}
          DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

# --- Man pages, generated from each program's own --help and --version ------
# Made at build time so they cannot drift from the options. The date comes
# from SOURCE_DATE_EPOCH (the environment's, else the last commit's), and the
# per-user default database path is shown as ~/... rather than the builder's
# home, so two builds of one commit give the same pages; C.UTF-8 keeps the
# accents of the French examples. Installed gzipped
# (gzip -n), as Debian policy asks and man-db reads everywhere.
find_program(KIOSQUE_HELP2MAN help2man)
find_program(KIOSQUE_GZIP gzip)
mark_as_advanced(KIOSQUE_HELP2MAN KIOSQUE_GZIP)

if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(kiosque_source_date_epoch "$ENV{SOURCE_DATE_EPOCH}")
else()
  execute_process(COMMAND git log -1 --format=%ct
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE kiosque_source_date_epoch
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE git_failed)
  if(git_failed OR NOT kiosque_source_date_epoch)
    file(TIMESTAMP ${PROJECT_SOURCE_DIR}/CMakeLists.txt kiosque_source_date_epoch "%s" UTC)
  endif()
endif()

set(kiosque_man_dir ${PROJECT_BINARY_DIR}/man)
set(kiosque_man_pages)

# kiosque_add_man_page(<command> <target-or-path> <one-line summary>)
# Adds a build step writing man/<command>.1[.gz] and installs it to man1.
# help2man reads `<command> --help` through man/help-filter.sed (usage lines
# to SYNOPSIS, "Exit status:" to EXIT STATUS, the option groups to OPTIONS)
# and adds man/<command>.h2m: ENVIRONMENT, FILES, EXAMPLES, SEE ALSO, and for
# the scripts, whose --help is a terminal summary, the whole body.
function(kiosque_add_man_page command program summary)
  if(TARGET ${program})
    set(executable $<TARGET_FILE:${program}>)
  else()
    set(executable ${program})
  endif()
  set(page ${kiosque_man_dir}/${command}.1)
  set(include ${PROJECT_SOURCE_DIR}/man/${command}.h2m)
  set(filter ${PROJECT_SOURCE_DIR}/man/help-filter.sed)
  # help2man runs a program: this one is the real one, filtered.
  set(wrapper ${kiosque_man_dir}/$<CONFIG>/${command})
  file(GENERATE OUTPUT ${wrapper}
       CONTENT "#!/bin/sh\n'${executable}' \"$@\" | sed -E -f '${filter}'\n"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                        GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

  set(commands
    COMMAND ${CMAKE_COMMAND} -E env --unset=KIOSQUE_DB --unset=XDG_DATA_HOME
            --unset=KIOSQUE_CONF HOME=~ SOURCE_DATE_EPOCH=${kiosque_source_date_epoch}
            ${KIOSQUE_HELP2MAN} --no-info --locale=C.UTF-8
            --name=${summary} --include=${include} --output=${page} ${wrapper})
  set(output ${page})
  if(KIOSQUE_GZIP)
    string(APPEND output .gz)
    list(APPEND commands COMMAND ${KIOSQUE_GZIP} -9 -n -f ${page})
  endif()
  add_custom_command(OUTPUT ${output} ${commands}
                     DEPENDS ${program} ${include} ${filter}
                     COMMENT "Writing the man page ${command}.1"
                     VERBATIM)
  install(FILES ${output} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  set(kiosque_man_pages ${kiosque_man_pages} ${output} PARENT_SCOPE)
endfunction()

if(KIOSQUE_HELP2MAN)
  file(MAKE_DIRECTORY ${kiosque_man_dir})
  kiosque_add_man_page(kiosque-index kiosque-index
                       "index French news articles into a kiosque database")
  kiosque_add_man_page(kiosque-query kiosque-query
                       "search a kiosque database of French news articles")
  kiosque_add_man_page(kiosque-nightly ${PROJECT_BINARY_DIR}/ops/kiosque-nightly
                       "bring a kiosque database up to date, for cron")
  kiosque_add_man_page(kiosque-alerts ${PROJECT_BINARY_DIR}/ops/kiosque-alerts
                       "print new articles matching saved searches, for cron")
  kiosque_add_man_page(kiosque-replicate ${PROJECT_SOURCE_DIR}/ops/kiosque-replicate
                       "serve a kiosque database to replicas, or bring a replica up to date")
  add_custom_target(kiosque-man-pages ALL DEPENDS ${kiosque_man_pages})
else()
  message(STATUS "help2man not found: man pages will not be built or installed "
                 "(scripts/setup-deps installs it)")
endif()

# --- Bash completion ------------------------------------------------------------
# One script serves all four programs; bash-completion loads it by command
# name, so it is installed under each.
foreach(program IN ITEMS kiosque-index kiosque-query kiosque-nightly kiosque-alerts)
  install(FILES ${PROJECT_SOURCE_DIR}/data/completion/kiosque.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME ${program})
endforeach()

# --- Sample configuration ---------------------------------------------------------
# ${sysconfdir}/kiosque, as GNUInstallDirs resolves it: /etc for a /usr
# prefix (the package: conffiles, packaging/deb/conffiles), else under the
# prefix. kiosque-nightly and kiosque-alerts read it by default.
if(IS_ABSOLUTE ${CMAKE_INSTALL_SYSCONFDIR} OR CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(kiosque_confdir ${CMAKE_INSTALL_FULL_SYSCONFDIR}/kiosque)
else()
  set(kiosque_confdir ${CMAKE_INSTALL_SYSCONFDIR}/kiosque)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/packaging/kiosque.conf
              ${PROJECT_SOURCE_DIR}/packaging/alerts.txt
        DESTINATION ${kiosque_confdir})

# --- systemd units, installed disabled ------------------------------------------
# Under the prefix (/usr/lib/systemd/system for the package), where systemd
# reads vendor units; nothing enables them.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosque-nightly.service
              ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosque-nightly.timer
              ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosque-alerts.service
              ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosque-alerts.timer
        DESTINATION lib/systemd/system)

# --- Documentation: share/doc/kiosque -------------------------------------------
# The docs the programs' --help and man pages cite, the copyright in Debian's
# machine-readable form, the changelog (gzip -n, as policy asks) and the
# crontab example.
set(kiosque_changelog ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
file(STRINGS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog kiosque_changelog_head LIMIT_COUNT 1)
if(NOT kiosque_changelog_head MATCHES "^kiosque \\(${PROJECT_VERSION}\\) ")
  message(WARNING "packaging/deb/changelog has no entry for ${PROJECT_VERSION} "
                  "(first line: ${kiosque_changelog_head}): add one (dch -v ${PROJECT_VERSION})")
endif()
if(KIOSQUE_GZIP)
  add_custom_command(OUTPUT ${kiosque_changelog}
                     COMMAND ${KIOSQUE_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/packaging/deb/changelog
                             > ${kiosque_changelog}
                     DEPENDS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog
                     COMMENT "Compressing the changelog")
  add_custom_target(kiosque-changelog ALL DEPENDS ${kiosque_changelog})
  install(FILES ${kiosque_changelog} DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright
              ${PROJECT_SOURCE_DIR}/packaging/deb/README.Debian
              ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/docs/json-output.md
              ${PROJECT_SOURCE_DIR}/docs/scaling.md
              ${PROJECT_SOURCE_DIR}/docs/architecture.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/examples/crontab
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME kiosque)

# --- Debian package: cpack -G DEB ----------------------------------------------
# CPack rather than debian/ and dpkg-buildpackage: the package is made from
# the install rules above, which `cmake --install` users get too, from a tree
# that is already built (scripts/build package: prefix /usr, Debian's
# hardening flags), without a second build system to keep in step.
# dpkg-shlibdeps computes the library Depends; packaging/deb/ holds what a
# debian/ folder would (maintainer scripts, conffiles, copyright, changelog,
# lintian overrides). Build it from a tree configured with prefix /usr, so
# that the configuration is /etc/kiosque and the scripts default to it.
set(KIOSQUE_PACKAGE_MAINTAINER
    "kiosque maintainers <kiosque@example.org>"
    CACHE STRING "Maintainer field of the Debian package")
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "cpack -G DEB wants a tree configured with -DCMAKE_INSTALL_PREFIX=/usr "
                 "(scripts/build package): this one has ${CMAKE_INSTALL_PREFIX}")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kiosque)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "${KIOSQUE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# The package holds the programs only: no source package, no components.
set(CPACK_SOURCE_GENERATOR "")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # kiosque_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KIOSQUE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the rest.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "kiosque-index turns a folder of French articles (plain text, JSON Lines,
HTML, gzip; UTF-8 or Latin-1/Windows-1252) into a Xapian database,
incrementally; kiosque-query searches it with ranked results and snippets,
finding words whatever their accents, case or elisions.
.
kiosque-nightly and kiosque-alerts keep a system database up to date and
mail editors the new articles matching their saved searches, from systemd
timers (installed disabled) or cron, as the system user kiosque.")
# Shared libraries (libxapian30, libicu72, libboost-program-options1.74.0,
# ...) come from dpkg-shlibdeps; what it cannot see is named by hand:
# xapian-tools (compaction tools for the operator), util-linux (flock) for
# kiosque-nightly and kiosque-replicate, jq for kiosque-alerts, adduser for
# the postinst. util-linux is Essential, so policy wants a version when it is
# named at all: flock(1) came with util-linux 2.13.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "xapian-tools, util-linux (>= 2.13), jq, adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
# The configuration files in /etc are conffiles (an upgrade keeps the
# admin's edits); postinst makes the user and its folders, postrm purges them.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)

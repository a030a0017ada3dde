# What `cmake --install` puts beside the programs (data, man pages, bash
# completion, the operations scripts) and the Debian package `cpack -G DEB`
# builds from the same install rules. Included once from the top-level
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
# Adds a build step writing man/<command>.1[.gz] from `<command> --help`,
# re-run when the program changes, and installs the page to man1.
function(kiosque_add_man_page command program summary)
  if(TARGET ${program})
    set(executable $<TARGET_FILE:${program}>)
  else()
    set(executable ${program})
  endif()
  set(page ${kiosque_man_dir}/${command}.1)
  set(see_also ${kiosque_man_dir}/${command}.h2m)
  set(others kiosque-index kiosque-query kiosque-nightly kiosque-alerts kiosque-replicate)
  list(REMOVE_ITEM others ${command})
  list(TRANSFORM others APPEND "(1)")
  list(JOIN others ", " others)
  # Rewritten only when it changes, so configuring does not remake the pages.
  file(CONFIGURE OUTPUT ${see_also} CONTENT "[SEE ALSO]\n${others}\n")

  set(commands
    COMMAND ${CMAKE_COMMAND} -E env --unset=KIOSQUE_DB --unset=XDG_DATA_HOME
            HOME=~ SOURCE_DATE_EPOCH=${kiosque_source_date_epoch}
            ${KIOSQUE_HELP2MAN} --no-info --locale=C.UTF-8
            --name=${summary} --include=${see_also} --output=${page} ${executable})
  set(output ${page})
  if(KIOSQUE_GZIP)
    string(APPEND output .gz)
    list(APPEND commands COMMAND ${KIOSQUE_GZIP} -9 -n -f ${page})
  endif()
  add_custom_command(OUTPUT ${output} ${commands}
                     DEPENDS ${program} ${see_also}
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
# One script serves both programs; bash-completion loads it by command name.
foreach(program IN ITEMS kiosque-index kiosque-query)
  install(FILES ${PROJECT_SOURCE_DIR}/data/completion/kiosque.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME ${program})
endforeach()

# --- Debian package: cpack -G DEB ----------------------------------------------
set(KIOSQUE_PACKAGE_MAINTAINER
    "kiosque maintainers <kiosque@example.org>"
    CACHE STRING "Maintainer field of the Debian package")

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
finding words whatever their accents, case or elisions.")
# Shared libraries (libxapian30, libicu72, libboost-program-options1.74.0,
# ...) come from dpkg-shlibdeps; what it cannot see is named by hand:
# xapian-tools (compaction tools for the operator), util-linux (flock) for
# kiosque-nightly, jq for kiosque-alerts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "xapian-tools, util-linux, jq")

include(CPack)

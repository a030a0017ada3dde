# SPDX-License-Identifier: GPL-2.0-or-later
#
# The programs' message catalogues (common/include/kiosque/i18n.h): each
# po/<lang>.po is compiled by msgfmt into
# ${build}/locale/<lang>/LC_MESSAGES/kiosque.mo, which the programs read
# when KIOSQUE_LOCALEDIR names ${build}/locale (the tests set it), and is
# installed to ${CMAKE_INSTALL_LOCALEDIR}/<lang>/LC_MESSAGES/kiosque.mo,
# the locale folder compiled into the programs. Included once from the
# top-level CMakeLists.txt. docs/translation.md tells the workflow.
find_program(KIOSQUE_MSGFMT msgfmt)
mark_as_advanced(KIOSQUE_MSGFMT)
set(KIOSQUE_LOCALE_BUILD_DIR ${PROJECT_BINARY_DIR}/locale)

file(STRINGS ${PROJECT_SOURCE_DIR}/po/LINGUAS kiosque_languages REGEX "^[a-z]")
if(KIOSQUE_MSGFMT)
  set(kiosque_catalogues)
  foreach(language IN LISTS kiosque_languages)
    set(po ${PROJECT_SOURCE_DIR}/po/${language}.po)
    set(mo ${KIOSQUE_LOCALE_BUILD_DIR}/${language}/LC_MESSAGES/kiosque.mo)
    # --check: a translation whose printf formats differ from the English
    # one fails the build rather than the program.
    add_custom_command(OUTPUT ${mo}
                       COMMAND ${CMAKE_COMMAND} -E make_directory
                               ${KIOSQUE_LOCALE_BUILD_DIR}/${language}/LC_MESSAGES
                       COMMAND ${KIOSQUE_MSGFMT} --check --output-file=${mo} ${po}
                       DEPENDS ${po}
                       COMMENT "Compiling the ${language} message catalogue"
                       VERBATIM)
    install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${language}/LC_MESSAGES)
    list(APPEND kiosque_catalogues ${mo})
  endforeach()
  add_custom_target(kiosque-translations ALL DEPENDS ${kiosque_catalogues})
else()
  message(STATUS "msgfmt not found: the programs will speak English only "
                 "(scripts/setup-deps installs gettext)")
endif()

# `cmake --build … --target kiosque-pot`: po/kiosque.pot from the sources,
# merged into each po/<lang>.po (in the source tree, to commit).
add_custom_target(kiosque-pot
                  COMMAND ${PROJECT_SOURCE_DIR}/scripts/update-po
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  COMMENT "Updating po/kiosque.pot and the catalogues"
                  VERBATIM)

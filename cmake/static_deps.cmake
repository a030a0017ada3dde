# SPDX-License-Identifier: GPL-2.0-or-later
#
# ICU, Boost.Program_options and zstd, linked shared or static per program.
#
# kiosque-query is a short-lived process: people and scripts start one per
# search, and a search on 100,000 articles takes a few milliseconds. Loading
# the shared ICU (built SYMBOLIC and BIND_NOW: about 5,900 relocations
# resolved at every start), Boost.Program_options and zstd cost it about
# 1.6 ms per run on the benchmark machine, a fifth of a one-word search
# (docs/benchmarks.md, "Start-up"). A program whose KIOSQUE_STATIC_DEPS
# property is ON links the static archives of those three libraries instead;
# every other program, the indexer and the tests included, links them shared.
# Xapian stays shared (Debian ships no static libxapian), and so does the C++
# runtime, which libxapian shares.
#
# The cost: the program carries ICU's data (about 30 MB on disk, mapped and
# paged in only where read), and a security update of those three libraries
# needs a rebuild of kiosque-query. -DKIOSQUE_STATIC_QUERY=OFF links it
# shared like the rest.
#
# kiosque_link_icu, kiosque_link_zstd and kiosque_link_program_options are
# INTERFACE targets: the library targets link them, and the choice is made for
# each program that consumes the library, through
# $<TARGET_PROPERTY:KIOSQUE_STATIC_DEPS> evaluated on that program.

option(KIOSQUE_STATIC_QUERY
  "Link kiosque-query with static ICU, Boost.Program_options and zstd (faster start-up)" ON)

set(kiosque_static "$<BOOL:$<TARGET_PROPERTY:KIOSQUE_STATIC_DEPS>>")
set(kiosque_shared "$<NOT:${kiosque_static}>")

if(KIOSQUE_STATIC_QUERY)
  # libicu-dev, libboost-program-options-dev and libzstd-dev ship these
  # archives beside the shared libraries.
  foreach(lib IN ITEMS icui18n icuuc icudata boost_program_options zstd)
    find_library(KIOSQUE_STATIC_${lib} NAMES lib${lib}.a REQUIRED)
    mark_as_advanced(KIOSQUE_STATIC_${lib})
  endforeach()
  set(kiosque_static_icu
    "$<${kiosque_static}:${KIOSQUE_STATIC_icui18n}>"
    "$<${kiosque_static}:${KIOSQUE_STATIC_icuuc}>"
    "$<${kiosque_static}:${KIOSQUE_STATIC_icudata}>"
    "$<${kiosque_static}:${CMAKE_DL_LIBS}>")
  set(kiosque_static_zstd "$<${kiosque_static}:${KIOSQUE_STATIC_zstd}>")
  set(kiosque_static_program_options
    "$<${kiosque_static}:${KIOSQUE_STATIC_boost_program_options}>")
else()
  set(kiosque_static "0")
  set(kiosque_shared "1")
endif()

add_library(kiosque_link_icu INTERFACE)
target_link_libraries(kiosque_link_icu INTERFACE
  ${kiosque_static_icu} "$<${kiosque_shared}:ICU::i18n>" "$<${kiosque_shared}:ICU::uc>")
# The headers come from the imported targets in both cases.
target_include_directories(kiosque_link_icu INTERFACE
  $<TARGET_PROPERTY:ICU::uc,INTERFACE_INCLUDE_DIRECTORIES>)

add_library(kiosque_link_zstd INTERFACE)
target_link_libraries(kiosque_link_zstd INTERFACE
  ${kiosque_static_zstd} "$<${kiosque_shared}:PkgConfig::ZSTD>")
target_include_directories(kiosque_link_zstd INTERFACE
  $<TARGET_PROPERTY:PkgConfig::ZSTD,INTERFACE_INCLUDE_DIRECTORIES>)

add_library(kiosque_link_program_options INTERFACE)
target_link_libraries(kiosque_link_program_options INTERFACE
  ${kiosque_static_program_options} "$<${kiosque_shared}:Boost::program_options>")
target_include_directories(kiosque_link_program_options INTERFACE
  $<TARGET_PROPERTY:Boost::program_options,INTERFACE_INCLUDE_DIRECTORIES>)

# The daemon's hot text: the functions that run in a developer's day,
# placed together at the start of its code (docs/architecture.md, "Parts").
#
# The kernel maps a file's pages 64 KB around every page fault (fault-
# around), so code that runs now and then, scattered among code that never
# runs, keeps most of the binary's text resident: 3.4 of 3.7 MB, where the
# pages that ever ran were 2.1 MB. Every function gets its own section
# (-ffunction-sections), and a linker script fragment (INSERT BEFORE .text;
# the default script stays) puts the sections of cmake/hot_text/sections.txt
# first, in that order. That list comes from a training run of a coverage
# build (`make hot-text` remakes it). A name that no longer
# exists matches nothing; a function missing from the list stays in .text,
# where it was: a stale list costs memory, never correctness.
option(HUMMEL_HOT_TEXT
  "Place the daemon's hot functions together (cmake/hot_text/sections.txt)" ON)

if(HUMMEL_HOT_TEXT AND HUMMEL_SANITIZE STREQUAL "" AND NOT HUMMEL_FUZZ)
  add_compile_options(-ffunction-sections)
  set(HUMMEL_HOT_TEXT_LIST "${CMAKE_CURRENT_SOURCE_DIR}/cmake/hot_text/sections.txt")
  set(HUMMEL_HOT_TEXT_SCRIPT "${CMAKE_BINARY_DIR}/hot_text.ld")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               "${HUMMEL_HOT_TEXT_LIST}")
  file(STRINGS "${HUMMEL_HOT_TEXT_LIST}" hot_sections REGEX "^\\.text\\.")
  set(script "/* Generated from cmake/hot_text/sections.txt by cmake/HotText.cmake */\n")
  string(APPEND script "SECTIONS\n{\n  .text.hummel_hot :\n  {\n")
  foreach(s IN LISTS hot_sections)
    string(APPEND script "    *(${s})\n")
  endforeach()
  string(APPEND script "  }\n}\nINSERT BEFORE .text;\n")
  file(GENERATE OUTPUT "${HUMMEL_HOT_TEXT_SCRIPT}" CONTENT "${script}")
endif()

# Links TARGET with the hot text script (when the build uses it).
function(hummel_hot_text target)
  if(DEFINED HUMMEL_HOT_TEXT_SCRIPT)
    target_link_options(${target} PRIVATE "-Wl,-T,${HUMMEL_HOT_TEXT_SCRIPT}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
                 "${HUMMEL_HOT_TEXT_SCRIPT}")
  endif()
endfunction()

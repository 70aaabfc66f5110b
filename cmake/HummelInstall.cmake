# Install: the three binaries side by side in bin/ (hummel finds
# hummel-daemon beside itself, the daemon finds hummel-spawn beside itself),
# the man pages and the shell completions. The pages and scripts are
# generated at build time from the same sources as --help and the
# configuration reference:
#   hummel.1       help2man over `hummel --help` / `hummel CMD --help`
#                  (docs/man/hummel.h2m adds the prose sections)
#   hummel.toml.5  docs/man/man.py from the key table of docs/guide.md
#   completions    `hummel completion bash|zsh|fish`
include(GNUInstallDirs)

find_program(HELP2MAN help2man)
find_package(Python3 COMPONENTS Interpreter)

set(share ${CMAKE_BINARY_DIR}/share)
set(man_src ${CMAKE_SOURCE_DIR}/docs/man)
set(docs_outputs "")

foreach(shell bash zsh fish)
  set(out ${share}/completions/hummel.${shell})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${share}/completions
    COMMAND $<TARGET_FILE:hummel> completion ${shell} > ${out}
    DEPENDS hummel
    COMMENT "Completion script for ${shell}")
  list(APPEND docs_outputs ${out})
endforeach()

if(Python3_Interpreter_FOUND)
  add_custom_command(
    OUTPUT ${share}/man/man5/hummel.toml.5
    COMMAND ${CMAKE_COMMAND} -E make_directory ${share}/man/man5
    COMMAND Python3::Interpreter ${man_src}/man.py toml
            ${CMAKE_SOURCE_DIR}/docs/guide.md ${PROJECT_VERSION}
            ${share}/man/man5/hummel.toml.5
    DEPENDS ${man_src}/man.py ${CMAKE_SOURCE_DIR}/docs/guide.md
    COMMENT "hummel.toml(5) from docs/guide.md")
  list(APPEND docs_outputs ${share}/man/man5/hummel.toml.5)
  if(HELP2MAN)
    add_custom_command(
      OUTPUT ${share}/man/man1/hummel.1
      COMMAND ${CMAKE_COMMAND} -E make_directory ${share}/man/man1
      COMMAND Python3::Interpreter ${man_src}/man.py commands
              $<TARGET_FILE:hummel> ${share}/man/hummel.h2m
      COMMAND ${HELP2MAN} --no-info --section=1
              --name "a process supervisor for developers and their AI assistants"
              --include ${share}/man/hummel.h2m
              --output ${share}/man/man1/hummel.1 $<TARGET_FILE:hummel>
      DEPENDS hummel ${man_src}/man.py ${man_src}/hummel.h2m
      COMMENT "hummel(1) with help2man")
    list(APPEND docs_outputs ${share}/man/man1/hummel.1)
  else()
    message(WARNING "help2man not found: no hummel(1) (make deps installs it)")
  endif()
endif()

add_custom_target(hummel_docs ALL DEPENDS ${docs_outputs})

install(TARGETS hummel hummel-daemon hummel-spawn
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Opened by the daemon only for `[cluster] tls`, found from its own folder
# as ../<libdir>/hummel/hummel-tls.so (main/daemon/cluster/tls_module.hpp).
install(TARGETS hummel-tls LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/hummel)
install(FILES ${share}/completions/hummel.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME hummel)
install(FILES ${share}/completions/hummel.zsh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        RENAME _hummel)
install(FILES ${share}/completions/hummel.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
if(Python3_Interpreter_FOUND)
  install(FILES ${share}/man/man5/hummel.toml.5
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
endif()
if(Python3_Interpreter_FOUND AND HELP2MAN)
  install(FILES ${share}/man/man1/hummel.1
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Compile-fail tests for the view cell guard: each misuse snippet must be
# rejected by the compiler for its misuse ("deleted" accessor, or the
# static_assert of `with`), and the control snippet, compiled the same way,
# must compile (so a broken harness cannot pass the misuse tests).
set(hummel_cf_dir "${CMAKE_CURRENT_LIST_DIR}")
set(hummel_cf_cmd ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only
    -I${CMAKE_SOURCE_DIR}/lib -I${hummel_cf_dir})
add_test(NAME viewcell_compile_control_ok
         COMMAND ${hummel_cf_cmd} ${hummel_cf_dir}/control_ok.cpp)
set_tests_properties(viewcell_compile_control_ok PROPERTIES
  LABELS unit TIMEOUT 60)
foreach(snippet get_of_temporary deref_of_temporary range_for_over_temporary
                with_returns_pointer guard_copy)
  add_test(NAME viewcell_compile_fail_${snippet}
           COMMAND ${hummel_cf_cmd} ${hummel_cf_dir}/${snippet}.cpp)
  # Passes only when the compiler names the refused accessor or assert.
  set_tests_properties(viewcell_compile_fail_${snippet} PROPERTIES
    LABELS unit TIMEOUT 60
    PASS_REGULAR_EXPRESSION "deleted|do not return a pointer")
endforeach()

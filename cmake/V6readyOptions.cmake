# Warning, sanitizer and fuzzing flags shared by every v6ready target.

# v6ready_target_defaults(TARGET): warnings (-Werror when V6READY_WERROR) and the repo root as include dir.
function(v6ready_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  # g++ 12 reports a false -Wrestrict inside libstdc++'s string code at -O3 (GCC bug 105651).
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
  if(V6READY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# clang 14's UBSan check `function` (indirect calls through a mistyped function pointer) cannot be emitted
# for a coroutine's split functions ("Cannot represent a difference across sections"), and the probe is
# full of coroutines. Every other UBSan check stays on, coroutines included; g++ has no such check.
macro(v6ready_clang_coroutine_ubsan)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    add_compile_options(-fno-sanitize=function)
  endif()
endmacro()

if(V6READY_SANITIZE)
  string(REPLACE "," ";" _v6_sans "${V6READY_SANITIZE}")
  foreach(_s IN LISTS _v6_sans)
    if(NOT _s MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "V6READY_SANITIZE: unknown sanitizer '${_s}' (use address,undefined)")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${V6READY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${V6READY_SANITIZE})
  v6ready_clang_coroutine_ubsan()
  # Non-PIE executables here: the sanitizers' static data (source locations, type descriptors, global
  # metadata) is full of pointers, and as PIE each one needs a dynamic relocation — about 97 MB of
  # .rela.dyn in each of the ~30 probe test binaries, a third of the 12 GB this build took as PIE.
  # Only this build (every library is static); the shipped binaries stay PIE (V6readyHardening).
  if(NOT V6READY_FUZZ)
    add_compile_options(-fno-pie)
    add_link_options(-no-pie)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC documents false -Wmaybe-uninitialized under the sanitizers' instrumentation; with -O2 g++ 12
    # reports one inside libstdc++'s <regex> (std::function in _State) that -Werror turns into a failure.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

if(V6READY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "V6READY_FUZZ=ON needs clang (configure with CXX=clang++ CC=clang)")
  endif()
  # Instrument every library for coverage (not only the fuzz target's own file), or libFuzzer runs blind.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  # ... but not the standard library's own functions (tests/fuzz/coverage-ignorelist.txt says why).
  add_compile_options(-fsanitize-coverage-ignorelist=${PROJECT_SOURCE_DIR}/tests/fuzz/coverage-ignorelist.txt)
  add_link_options(-fsanitize=address,undefined)
  v6ready_clang_coroutine_ubsan()
endif()

# v6ready_fuzz_target(NAME SOURCES src... LIBS lib...)
# Always builds NAME_replay (a plain main that feeds every file of tests/fuzz/corpus/NAME to the target,
# compiled with V6READY_FUZZ_REPLAY defined: a target may check more there) and registers it with ctest;
# with V6READY_FUZZ also builds the libFuzzer binary NAME_fuzz.
function(v6ready_fuzz_target name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  set(corpus ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${name})
  add_executable(${name}_replay ${F_SOURCES} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
  target_link_libraries(${name}_replay PRIVATE ${F_LIBS})
  target_compile_definitions(${name}_replay PRIVATE V6READY_FUZZ_REPLAY=1)
  v6ready_target_defaults(${name}_replay)
  add_test(NAME fuzz_replay.${name} COMMAND ${name}_replay ${corpus})
  set_tests_properties(fuzz_replay.${name} PROPERTIES LABELS "fuzz;unit")
  if(V6READY_FUZZ)
    add_executable(${name}_fuzz ${F_SOURCES})
    target_link_libraries(${name}_fuzz PRIVATE ${F_LIBS})
    target_compile_options(${name}_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name}_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
    v6ready_target_defaults(${name}_fuzz)
  endif()
endfunction()

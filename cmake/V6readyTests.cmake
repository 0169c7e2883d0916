# v6ready_unit_tests(PREFIX LIBS lib...): every tests/<area>/*_test.cpp becomes its own GoogleTest
# executable PREFIX_<name> (compile failures stay local to one file), labelled "unit". SERIAL names
# files (without .cpp) whose tests measure timing and run alone (ctest RUN_SERIAL).
function(v6ready_unit_tests prefix)
  cmake_parse_arguments(U "" "" "LIBS;SERIAL" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  foreach(src IN LISTS _srcs)
    get_filename_component(n ${src} NAME_WE)
    add_executable(${prefix}_${n} ${src})
    target_link_libraries(${prefix}_${n} PRIVATE ${U_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
    v6ready_target_defaults(${prefix}_${n})
    target_compile_definitions(${prefix}_${n} PRIVATE V6READY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    set(_serial OFF)
    if(n IN_LIST U_SERIAL)
      set(_serial ON)
    endif()
    gtest_discover_tests(${prefix}_${n} TEST_PREFIX "${prefix}." PROPERTIES LABELS unit RUN_SERIAL ${_serial}
                         DISCOVERY_TIMEOUT 60)
  endforeach()
endfunction()

# v6ready_fuzz_targets(PREFIX LIBS lib...): every tests/fuzz/PREFIX_*.cpp is a fuzz target.
function(v6ready_fuzz_targets prefix)
  cmake_parse_arguments(U "" "" "LIBS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/fuzz/${prefix}_*.cpp)
  foreach(src IN LISTS _srcs)
    get_filename_component(n ${src} NAME_WE)
    v6ready_fuzz_target(${n} SOURCES ${src} LIBS ${U_LIBS})
  endforeach()
endfunction()

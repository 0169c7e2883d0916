# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS): removes the .comment section from every ELF file
# staged for the packages, as Debian's dh_strip does (objcopy --remove-section=.comment). Runs after
# the install into CPACK_TEMPORARY_INSTALL_DIRECTORY and before the .deb files are made.
if(NOT CPACK_TEMPORARY_INSTALL_DIRECTORY)
  message(FATAL_ERROR "V6readyStripComment: CPACK_TEMPORARY_INSTALL_DIRECTORY is not set")
endif()
find_program(_v6r_objcopy objcopy REQUIRED)
file(GLOB_RECURSE _v6r_files LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*")
set(_v6r_done 0)
foreach(_f IN LISTS _v6r_files)
  if(IS_SYMLINK "${_f}")
    continue()
  endif()
  file(READ "${_f}" _magic LIMIT 4 HEX)
  if(NOT _magic STREQUAL "7f454c46")  # "\x7fELF"
    continue()
  endif()
  execute_process(COMMAND "${_v6r_objcopy}" --remove-section=.comment "${_f}" RESULT_VARIABLE _rc
                  ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "objcopy --remove-section=.comment ${_f} failed: ${_err}")
  endif()
  math(EXPR _v6r_done "${_v6r_done} + 1")
endforeach()
if(_v6r_done EQUAL 0)
  message(FATAL_ERROR "V6readyStripComment: no ELF file under ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
message(STATUS "V6readyStripComment: .comment removed from ${_v6r_done} ELF files")

# Tool version and git commit, recorded in every run bundle (run.json) and printed by --version.
execute_process(COMMAND git -C ${PROJECT_SOURCE_DIR} rev-parse --short=12 HEAD
                OUTPUT_VARIABLE V6READY_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT V6READY_GIT_COMMIT)
  set(V6READY_GIT_COMMIT "unknown")
endif()
execute_process(COMMAND git -C ${PROJECT_SOURCE_DIR} status --porcelain --untracked-files=no
                OUTPUT_VARIABLE _v6_dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(_v6_dirty)
  string(APPEND V6READY_GIT_COMMIT "-dirty")
endif()
configure_file(${PROJECT_SOURCE_DIR}/core/version.hpp.in ${PROJECT_BINARY_DIR}/generated/core/version.hpp @ONLY)

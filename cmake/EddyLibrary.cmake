# One static library per folder: target_link_libraries is the layer graph
# (docs/ARCHITECTURE.md), so an upward dependency fails to link.
#
#   eddy_library(NAME core DEPS ...)   builds every *.cc in the folder that is
#                                      not a *_test.cc into eddy_<NAME>, and
#                                      every *_test.cc into eddy_<NAME>_tests,
#                                      registered with CTest.
# Sets `out` to a directory under the build tree that contains only a link
# named `name` to `folder`, so `#include "<name>/x.h"` finds that folder alone.
function(eddy_include_dir name folder out)
  set(dir ${CMAKE_BINARY_DIR}/include/${name})
  file(MAKE_DIRECTORY ${dir})
  if(NOT EXISTS ${dir}/${name})
    file(CREATE_LINK ${folder} ${dir}/${name} SYMBOLIC)
  endif()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

function(eddy_library)
  cmake_parse_arguments(ARG "" "NAME" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  list(REMOVE_ITEM sources ${tests})
  list(FILTER sources EXCLUDE REGEX ".*/main\\.cc$")
  if(NOT sources)
    message(STATUS "eddy: ${ARG_NAME} has no sources yet; no library defined")
    return()
  endif()
  add_library(eddy_${ARG_NAME} STATIC ${sources})
  # Each library's include directory holds only its own folder (a link to
  # it), and reaches its dependents through target_link_libraries: a header
  # of a library that is not a dependency is not found, so an upward include
  # fails to compile.
  eddy_include_dir(${ARG_NAME} ${CMAKE_CURRENT_SOURCE_DIR} include_dir)
  target_include_directories(eddy_${ARG_NAME} PUBLIC ${include_dir})
  target_link_libraries(eddy_${ARG_NAME} PUBLIC ${ARG_DEPS})
  if(tests)
    add_executable(eddy_${ARG_NAME}_tests ${tests} ${PROJECT_SOURCE_DIR}/src/testing/doctest_main.cc)
    eddy_include_dir(testing ${PROJECT_SOURCE_DIR}/src/testing testing_dir)
    target_include_directories(eddy_${ARG_NAME}_tests PRIVATE ${testing_dir})
    target_link_libraries(eddy_${ARG_NAME}_tests PRIVATE eddy_${ARG_NAME} doctest::doctest)
    add_test(NAME ${ARG_NAME} COMMAND eddy_${ARG_NAME}_tests)
  endif()
endfunction()

# One static library per folder: target_link_libraries is the layer graph
# (docs/ARCHITECTURE.md), so an upward dependency fails to link.
#
#   eddy_library(NAME core DEPS ...)   builds every *.cc in the folder that is
#                                      not a *_test.cc into eddy_<NAME>, and
#                                      every *_test.cc into eddy_<NAME>_tests,
#                                      registered with CTest.
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
  target_include_directories(eddy_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(eddy_${ARG_NAME} PUBLIC ${ARG_DEPS})
  if(tests)
    add_executable(eddy_${ARG_NAME}_tests ${tests} ${PROJECT_SOURCE_DIR}/src/testing/doctest_main.cc)
    target_link_libraries(eddy_${ARG_NAME}_tests PRIVATE eddy_${ARG_NAME} doctest::doctest)
    add_test(NAME ${ARG_NAME} COMMAND eddy_${ARG_NAME}_tests)
  endif()
endfunction()

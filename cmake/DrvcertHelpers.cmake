# Flags every drvcert target shares with the LLVM it links against.
function(drvcert_llvm_target target)
  target_include_directories(${target} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  separate_arguments(_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_definitions(${target} PUBLIC ${_defs})
  if(NOT LLVM_ENABLE_RTTI)
    if(MSVC)
      target_compile_options(${target} PUBLIC /GR-)
    else()
      target_compile_options(${target} PUBLIC -fno-rtti)
    endif()
  endif()
  if(NOT MSVC)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  endif()
endfunction()

# Embeds text files into a generated C++ header as raw string literals:
#   drvcert_embed(OUTPUT out.inc MACRO NAME FILES a.md b.md)
# writes one line `NAME("stem", R"...(contents)...")` per file.
function(drvcert_embed)
  cmake_parse_arguments(E "" "OUTPUT;MACRO" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${E_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${E_OUTPUT}" "-DMACRO=${E_MACRO}"
            "-DFILES=${E_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/Embed.cmake"
    DEPENDS ${E_FILES} "${PROJECT_SOURCE_DIR}/cmake/Embed.cmake"
    COMMENT "Embedding ${E_MACRO} data"
    VERBATIM)
endfunction()

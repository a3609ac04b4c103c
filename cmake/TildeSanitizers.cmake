# ASan + UBSan for the whole build (tests run the real binaries, so they must be instrumented too).
if(TILDE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer: coverage instrumentation everywhere, the fuzzer's main() only in tests/fuzz.
if(TILDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TILDE_FUZZ needs clang (e.g. CXX=clang++-14)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

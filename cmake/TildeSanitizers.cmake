# ASan + UBSan for the whole build (tests run the real binaries, so they must be instrumented too),
# with libstdc++'s own checks: they catch reads ASan cannot see, e.g. v[i] past size() but within
# capacity(), or front() of an emptied vector.
if(TILDE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                      -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer: coverage instrumentation everywhere, the fuzzer's main() only in tests/fuzz.
if(TILDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TILDE_FUZZ needs clang (e.g. CXX=clang++-14)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

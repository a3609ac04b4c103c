# ASan + UBSan for the whole build (tests run the real binaries, so they must be instrumented too).
if(TILDE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

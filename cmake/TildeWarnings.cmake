# Warnings for our own targets only; third-party headers come in as SYSTEM.
function(tilde_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(TILDE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

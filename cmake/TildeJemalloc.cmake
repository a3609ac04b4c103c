# jemalloc (Debian's libjemalloc-dev) for tilde's programs, each with its settings, if any
# (`malloc_conf` in `settings_source`). The programs only: an embedder keeps its own allocator.
# Not under the sanitizers, which bring their own.
find_library(TILDE_JEMALLOC jemalloc)
if(NOT TILDE_JEMALLOC AND NOT TILDE_SANITIZE)
  message(STATUS "jemalloc not found: tilde's programs use the system malloc (apt-get install "
                 "libjemalloc-dev for faster indexing and a faster first search)")
endif()

# tilde_use_jemalloc(target [settings_source]): without settings, jemalloc's defaults.
function(tilde_use_jemalloc target)
  if(TILDE_JEMALLOC AND NOT TILDE_SANITIZE)
    target_link_libraries(${target} PRIVATE ${TILDE_JEMALLOC})
    if(ARGC GREATER 1)
      target_sources(${target} PRIVATE ${ARGV1})
    endif()
  endif()
endfunction()

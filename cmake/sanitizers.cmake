# @brief KINDRED_SANITIZE: build every target of this build directory under sanitizers.
#
#   cmake -S . -B build-asan -DKINDRED_SANITIZE=address,undefined
#   cmake -S . -B build-tsan -DKINDRED_SANITIZE=thread
#
# Applied to the whole tree (core, the tools and the tests alike), because the Catch2
# tests fork and exec kindred-index, kindred-serve and kindred-admin from the same build
# directory: a bug in the server is only caught if the server itself is instrumented.
# System libraries (Xapian, Pistache, SQLite, libcurl) stay uninstrumented; the run-time
# suppressions for what they do live beside this file (tsan.supp, lsan.supp) and
# scripts/test-sanitizers passes them in.
set(KINDRED_SANITIZE "" CACHE STRING
    "Sanitizers for the whole build: address,undefined | thread (empty: none)")

if(KINDRED_SANITIZE)
  string(REPLACE "," ";" _kindred_san_list "${KINDRED_SANITIZE}")
  foreach(_san IN LISTS _kindred_san_list)
    if(NOT _san MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "KINDRED_SANITIZE: unknown sanitizer '${_san}' (use address,undefined or thread)")
    endif()
  endforeach()
  # The two runtimes both own the shadow memory; they cannot share a process.
  if("thread" IN_LIST _kindred_san_list AND "address" IN_LIST _kindred_san_list)
    message(FATAL_ERROR "KINDRED_SANITIZE: thread cannot be combined with address")
  endif()

  set(_kindred_san_flags "-fsanitize=${KINDRED_SANITIZE}")
  if("undefined" IN_LIST _kindred_san_list)
    # GCC leaves float-cast-overflow out of -fsanitize=undefined (clang includes it);
    # a double from a feed cast to int is exactly the bug we look for.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      string(APPEND _kindred_san_flags ",float-cast-overflow")
    endif()
    # By default UBSan prints and carries on, so a test that exercises undefined
    # behaviour still passes. Make every finding fatal, so it fails the test.
    list(APPEND _kindred_san_extra -fno-sanitize-recover=all)
    # clang reports a null-pointer offset inside RapidJSON 1.1.0 (cmake/ubsan.supp says
    # why it is not ours). Only a recoverable check can be suppressed at run time, so
    # this one stays recoverable; UBSAN_OPTIONS=halt_on_error=1 keeps it fatal elsewhere.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      list(APPEND _kindred_san_extra -fsanitize-recover=pointer-overflow)
    endif()
  endif()
  # Readable stacks in every report, also from -O2 code.
  list(APPEND _kindred_san_extra -fno-omit-frame-pointer -g)

  add_compile_options(${_kindred_san_flags} ${_kindred_san_extra})
  add_link_options(${_kindred_san_flags})
  message(STATUS "Kindred: sanitizers ${KINDRED_SANITIZE} (${CMAKE_CXX_COMPILER_ID})")
endif()

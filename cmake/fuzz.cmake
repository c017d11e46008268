# @brief KINDRED_FUZZ: the libFuzzer targets of tests/fuzz, under ASan and UBSan.
#
#   CXX=clang++ cmake -S . -B build-fuzz -DKINDRED_FUZZ=ON -DKINDRED_WERROR=OFF
#   cmake --build build-fuzz -j2 --target fuzz_targets
#   (cd build-fuzz && ctest -L fuzz)            # each target for a short, bounded time
#
# libFuzzer ships with clang only (Debian 12: clang 14, its runtime in libclang-rt-14-dev).
# Everything in this build directory is compiled with coverage instrumentation
# (fuzzer-no-link) so the fuzzer sees the branches of core/, not just of the target, and
# with ASan+UBSan so a bad read or an overflow stops the run instead of passing quietly.
# Only the fuzz targets link libFuzzer's main(). The top-level CMakeLists adds
# tests/fuzz when this option is on; see tests/fuzz/README.md for running by hand.
option(KINDRED_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang++)" OFF)

if(KINDRED_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KINDRED_FUZZ needs clang++ (libFuzzer ships with clang): "
                        "configure a fresh build directory with CXX=clang++")
  endif()
  if(KINDRED_SANITIZE)
    message(FATAL_ERROR "KINDRED_FUZZ already builds with address,undefined; leave KINDRED_SANITIZE empty")
  endif()
  set(KINDRED_FUZZ_SANITIZERS "address,undefined")
  # The warning flags are chosen for g++ (-Wno-maybe-uninitialized is unknown to clang).
  # Warnings clang has and g++ lacks are not errors here: configure with
  # -DKINDRED_WERROR=OFF, as scripts/test-sanitizers does; the g++ build keeps -Werror.
  add_compile_options(-Wno-unknown-warning-option)
  # Every UBSan finding is fatal, except that pointer-overflow stays recoverable so that
  # cmake/ubsan.supp can suppress RapidJSON 1.1.0's own one (see there); run_fuzz.sh sets
  # halt_on_error=1, which makes any other pointer-overflow fatal too.
  add_compile_options(-fsanitize=fuzzer-no-link,${KINDRED_FUZZ_SANITIZERS}
                      -fno-sanitize-recover=all -fsanitize-recover=pointer-overflow
                      -fno-omit-frame-pointer -g)
  # Every executable of this directory gets the sanitizer runtimes; the fuzz targets
  # add -fsanitize=fuzzer themselves (tests/fuzz/CMakeLists.txt).
  add_link_options(-fsanitize=${KINDRED_FUZZ_SANITIZERS})
  message(STATUS "Kindred: libFuzzer targets with ${KINDRED_FUZZ_SANITIZERS}")
endif()

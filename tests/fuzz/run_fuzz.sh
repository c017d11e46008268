#!/usr/bin/env bash
# @brief Runs one fuzz target for a bounded time on its seed corpus (CTest's `fuzz` tests,
# and by hand for as long as asked).
#
#   tests/fuzz/run_fuzz.sh BUILD_DIR TARGET [SECONDS] [--corpus DIR] [-- LIBFUZZER_ARGS...]
#
# TARGET is listing, meeting_guide, hsds, search_params or gazetteer. SECONDS defaults to
# $KINDRED_FUZZ_SECONDS, else 15. Without --corpus the run uses a fresh temporary copy of
# the seeds and removes it afterwards (CI: every run starts from the same place); with
# --corpus DIR the seeds are added to DIR and what the fuzzer finds stays there, so long
# runs by hand build on each other. Before fuzzing, every saved input of
# tests/fuzz/regressions/TARGET is run once: a fixed crash must stay fixed.
# A crash leaves its input in BUILD_DIR/tests/fuzz/artifacts/ and fails the run.
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR TARGET [SECONDS] [--corpus DIR] [-- LIBFUZZER_ARGS...]" >&2; exit 2; }
(($# >= 2)) || usage
build_dir="$(cd "$1" && pwd)"
target="$2"
shift 2
seconds="${KINDRED_FUZZ_SECONDS:-15}"
if (($# > 0)) && [[ "$1" =~ ^[0-9]+$ ]]; then seconds="$1"; shift; fi
corpus=""
if (($# > 0)) && [[ "$1" == --corpus ]]; then
  (($# >= 2)) || usage
  corpus="$2"
  shift 2
fi
if (($# > 0)); then
  [[ "$1" == -- ]] || usage
  shift
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fuzz_dir="$build_dir/tests/fuzz"
fuzzer="$fuzz_dir/fuzz_$target"
[[ -x "$fuzzer" ]] || { echo "error: $fuzzer not built (cmake --build $build_dir --target fuzz_targets)" >&2; exit 2; }

if [[ -z "$corpus" ]]; then
  corpus="$(mktemp -d "${TMPDIR:-/tmp}/kindred-fuzz-$target-XXXXXX")"
  trap 'rm -rf "$corpus"' EXIT
fi

# Leaks are findings too, but the targets keep their set-up (schema, gazetteer) in
# function statics on purpose; LSan does not report what is still reachable.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
# halt_on_error: the one recoverable check (pointer-overflow, see cmake/ubsan.supp) must
# stop the run like the others, unless it is RapidJSON's suppressed one.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$here/../../cmake/ubsan.supp}"
mkdir -p "$corpus" "$fuzz_dir/artifacts"
"$fuzz_dir/kindred-fuzz-seeds" "$target" "$corpus"

common=(-rss_limit_mb=2048 -timeout=20 -dict="$fuzz_dir/kindred.dict"
        -artifact_prefix="$fuzz_dir/artifacts/$target-" -print_final_stats=1)

regressions="$here/regressions/$target"
if compgen -G "$regressions/*" >/dev/null; then
  echo "== $target: the saved crash inputs of $regressions"
  "$fuzzer" "${common[@]}" "$regressions"/*
fi

echo "== $target: fuzzing for ${seconds}s on $corpus"
"$fuzzer" "${common[@]}" -max_total_time="$seconds" "$@" "$corpus"

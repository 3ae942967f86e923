#!/usr/bin/env bash
# Builds grit if needed and runs the whole test suite through ctest.
#   --sanitize   build with ASan+UBSan in build-sanitize/ and run the suite there
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=build
CMAKE_ARGS=
if [ "${1:-}" = "--sanitize" ]; then
	BUILD_DIR=build-sanitize
	CMAKE_ARGS="-DGRIT_SANITIZE=ON"
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
	shift
fi
BUILD_DIR=$BUILD_DIR CMAKE_ARGS=$CMAKE_ARGS ./contrib/setup.sh --build-only
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@"

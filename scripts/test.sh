#!/usr/bin/env bash
# scripts/test.sh
#	Runs every test: installs missing packages (scripts/deps.sh), builds with
#	CMake into ./build (-O2, assert() kept on), then runs ctest, whose summary
#	is the last thing printed and whose exit status is this script's.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g"
cmake --build build -j "$(nproc)"
exec ctest --test-dir build --output-on-failure

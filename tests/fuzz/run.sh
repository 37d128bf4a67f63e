#!/usr/bin/env bash
# tests/fuzz/run.sh
#	Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp with the pure plugin
#	sources they test) with clang++ under ASan and UBSan, then runs each for a
#	bounded time starting from its seed corpus (tests/fuzz/corpus/<target>/);
#	fails if any target crashes, breaks an invariant or cannot be built, and
#	keeps the crashing input.
#
#	Usage: tests/fuzz/run.sh [WORK_DIR]   (default: build/fuzz)
#	  FUZZ_SECONDS=N   seconds per target (default 20; 300 with CDC_LONG=1)
#	  FUZZ_TARGETS="fuzz_numeric fuzz_options"   run only these targets
#	  CDC_LONG=1       the long run (see FUZZ_SECONDS)
#	Crashing inputs land in WORK_DIR/artifacts/<target>-crash-*; inputs that
#	found new coverage in WORK_DIR/corpus/<target>/ (copy the interesting
#	ones into tests/fuzz/corpus/<target>/).  Without clang++ the script exits
#	77 (skipped), except under CI=true, where that is a failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-$root/build/fuzz}
seconds=${FUZZ_SECONDS:-$([[ ${CDC_LONG:-0} == 1 ]] && echo 300 || echo 20)}
cxx=${FUZZ_CXX:-clang++}

all_targets=(fuzz_options fuzz_numeric fuzz_temporal fuzz_json_string fuzz_json_pretty fuzz_digest
             fuzz_column_values)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

# The plugin sources each target links (all of them C++ zone: no server header).
declare -A sources=(
    [fuzz_options]="options digest"
    [fuzz_numeric]="encoders digest"
    [fuzz_temporal]="encoders digest"
    [fuzz_json_string]="json_stream column_mappers encoders digest"
    [fuzz_json_pretty]="json_pretty json_stream"
    [fuzz_digest]="digest column_mappers"
    [fuzz_column_values]="column_values encoders json_stream digest column_mappers"
)
declare -A libs=([fuzz_digest]="-lcrypto")

if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "fuzz: $cxx not found (install clang and libclang-rt-14-dev, see scripts/deps.sh)" >&2
    [[ ${CI:-} == true ]] && exit 1
    exit 77
fi

# The project's flags (CMakeLists.txt), the unit-test define, and the sanitizers.
flags=(-std=c++17 -O1 -g -Wall -Wextra -Werror -fno-strict-aliasing -fwrapv -DCDC_UNIT_TEST
       -fno-omit-frame-pointer -fno-sanitize-recover=all
       -I"$root/plugin" -I"$root/tests/unit" -I"$here")
mkdir -p "$work/obj" "$work/bin" "$work/artifacts" "$work/corpus"

# Compiles one source to an object unless the object is newer than it and
# every header it may include.
compile() {
    local src=$1 obj=$2 sanitize=$3 h
    if [[ -f $obj && $obj -nt $src ]]; then
        local stale=0
        for h in "$root"/plugin/*.h "$root"/tests/unit/*.h "$here"/*.h; do
            [[ $h -nt $obj ]] && stale=1
        done
        [[ $stale == 0 ]] && return 0
    fi
    echo "fuzz: compiling ${src#"$root"/}"
    "$cxx" "${flags[@]}" "$sanitize" -c "$src" -o "$obj"
}

start=$(date +%s)
for t in "${targets[@]}"; do
    [[ -n ${sources[$t]+x} ]] || { echo "fuzz: unknown target $t" >&2; exit 1; }
    objs=()
    for s in ${sources[$t]}; do
        compile "$root/plugin/$s.cpp" "$work/obj/$s.o" -fsanitize=fuzzer-no-link,address,undefined
        objs+=("$work/obj/$s.o")
    done
    compile "$here/$t.cpp" "$work/obj/$t.o" -fsanitize=fuzzer,address,undefined
    # shellcheck disable=SC2086 # libs is a word list
    "$cxx" -fsanitize=fuzzer,address,undefined "$work/obj/$t.o" "${objs[@]}" ${libs[$t]:-} \
        -o "$work/bin/$t"
done
echo "fuzz: built ${#targets[@]} targets in $(($(date +%s) - start)) s; ${seconds} s each"

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
summary=()
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t"
    dict=()
    [[ -f $here/${t#fuzz_}.dict ]] && dict=(-dict="$here/${t#fuzz_}.dict")
    log=$work/$t.log
    # New coverage goes to the work corpus; the committed seeds are read only.
    if "$work/bin/$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" "${dict[@]}" \
        "$work/corpus/$t" "$here/corpus/$t" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        failed+=("$t")
        grep -a -m1 -A3 -E 'invariant broken|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error' \
            "$log" >&2 || tail -n 20 "$log" >&2
        grep -a 'Test unit written to' "$log" >&2 || true
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    summary+=("$(printf '%-20s %-6s %10s execs %7s execs/s' "$t" "$result" "${execs:-?}" "${rate:-?}")")
done

printf 'fuzz: %s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: FAILED: ${failed[*]} (logs and inputs in $work)" >&2
    exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed, $(($(date +%s) - start)) s in total"

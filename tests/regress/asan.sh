#!/usr/bin/env bash
# tests/regress/asan.sh <sanitized plugin.so> <sanitizer_preload.so>
#	Runs the whole pg_regress suite (tests/regress/run.sh) once against the
#	plugin built with -fsanitize=address,undefined (CMake target
#	cdc_plugin_asan) inside a server whose processes have the plugin's own
#	libasan preloaded, followed by sanitizer_preload.so (the two symbols the
#	sanitizer runtimes need there; its source explains), on a throwaway cluster
#	(127.0.0.1:55470, or $REGRESS_ASAN_PORT).  Any AddressSanitizer or
#	UndefinedBehaviorSanitizer report lands in the server log, which
#	cluster_stop checks (tests/lib/cluster.sh): the run fails on a report as
#	on a wrong output.  An ASan error aborts the backend (abort_on_error), so
#	it also shows as a process terminated by a signal; UBSan reports and
#	carries on, so one run shows them all.
#
#	The server itself is not instrumented: ASan watches the plugin's own
#	stack, globals and malloc/new memory, and every call of an intercepted
#	libc function (memcpy, strlen, ...) in the server; memory the plugin
#	gets from palloc lies inside blocks PostgreSQL carves up itself, so an
#	overrun that stays inside such a block is not seen.  The plugin refuses to
#	run unless the ASan runtime came first in the process (libasan's
#	verify_asan_link_order), so a passing suite means the runtime was there.
#
#	Options: detect_leaks=0 (PostgreSQL frees by memory context and process
#	exit, leak reports would be noise); detect_stack_use_after_return=0
#	(GCC's default, stated: it moves locals off the real stack, which
#	PostgreSQL's stack depth arithmetic and longjmp do not expect);
#	abort_on_error=1 (no core, an abort the postmaster logs).  UBSan's
#	options cannot come from the environment (sanitizer_preload.cpp).
set -euo pipefail

so=$(realpath -e "${1:?usage: $0 <sanitized plugin.so> <sanitizer_preload.so>}")
preload=$(realpath -e "${2:?usage: $0 <sanitized plugin.so> <sanitizer_preload.so>}")
here=$(cd "$(dirname "$0")" && pwd)

libasan=$(ldd "$so" | awk '$1 ~ /^libasan\.so/ { print $3 }')
if [[ -z $libasan || ! -r $libasan ]]; then
    echo "FAIL: regress asan: $so is not linked with libasan (build the cdc_plugin_asan target)"
    exit 1
fi

# The server runs as postgres, which may not read the checkout: preload a copy.
work=$(mktemp -d /tmp/cdc_asan.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp "$preload" "$work/"
chmod -R a+rX "$work"
CLUSTER_ENV="LD_PRELOAD=$libasan:$work/$(basename "$preload")"
CLUSTER_ENV+=" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0"
export CLUSTER_ENV
export REGRESS_PORT=${REGRESS_ASAN_PORT:-55470}
start=$SECONDS
rc=0
bash "$here/run.sh" "$so" || rc=$?
echo "regress asan: the suite under ASan+UBSan took $((SECONDS - start)) s (exit status $rc)"
exit "$rc"

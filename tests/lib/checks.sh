# tests/lib/checks.sh
#	Sourced helper: the named checks of the shell-driven tests, counted in
#	$checks (set to 0 here) for their closing and failure lines.
#
#	fail <message...>	print "FAIL: <message>" and exit 1
#	check <description> <command...>
#				run the command; fail with the description
#				unless it succeeds, else count it and print
#				"ok N - <description>"

checks=0

fail()
{
    echo "FAIL: $*"
    exit 1
}

check()
{
    local what=$1
    shift
    "$@" || fail "$what"
    checks=$((checks + 1))
    echo "ok $checks - $what"
}

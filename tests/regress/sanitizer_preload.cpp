// tests/regress/sanitizer_preload.cpp
//	What a stock PostgreSQL server needs preloaded, after libasan, to run the
//	plugin built with -fsanitize=address,undefined (tests/regress/asan.sh):
//	two symbols the sanitizer runtimes look up at start-up.
#include <cstddef>

/*
 * A do-nothing Swift demangler, so that the ASan runtime can start inside the
 * server at all.  The server's libraries run their constructors before
 * libasan's (preloaded libraries are initialised late), and libgpg-error's
 * (via libsystemd and libgcrypt) calls bindtextdomain(), which takes glibc's
 * gettext lock and then mallocs.  That first malloc starts the ASan runtime,
 * whose start-up looks up swift_demangle with dlsym() and, not finding it,
 * calls dlerror(), which translates its message with gettext under the same
 * lock: the lock ends up released twice and the next gettext call (in
 * postgres -V, run by pg_ctl) waits on it forever.  With the symbol present,
 * dlsym() succeeds, dlerror() has nothing to translate and the lock is left
 * alone.  Returning null means "not a Swift name": ASan then demangles as
 * C++, as it would without this file.
 */
extern "C" __attribute__((visibility("default"))) char *
swift_demangle(const char *, std::size_t, char *, std::size_t *, unsigned)
{
	return nullptr;
}

/*
 * UBSan's options.  The UBSan runtime starts at its first report, in a
 * backend, and reads UBSAN_OPTIONS from /proc/self/environ, which PostgreSQL
 * has overwritten with the process title by then: options in the
 * environment never reach it, these do.  Every report with its stack, and
 * carry on (the log check fails the run).
 */
extern "C" __attribute__((visibility("default"))) const char *
__ubsan_default_options()
{
	return "print_stacktrace=1:halt_on_error=0";
}

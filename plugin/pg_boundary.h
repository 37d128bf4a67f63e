/*
 * pg_boundary.h
 *		The guard between PostgreSQL's callbacks and the plugin's C++ code: a
 *		C++ exception never crosses into server frames, it becomes an ERROR.
 *
 * The body runs inside try; whatever it throws is caught, its message copied
 * into a static buffer (no server call inside a catch block, since a server
 * ERROR there would longjmp out of the handler), and only after the handler
 * has finished is the ERROR raised.  A server ERROR raised by the body
 * longjmps through here untouched: that is why PG-zone code keeps only
 * trivially destructible objects on the stack.
 */
#ifndef CDC_PG_BOUNDARY_H
#define CDC_PG_BOUNDARY_H

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

namespace cdc
{

/*
 * An error the user can act on (bad option, unsupported input), raised with
 * a SQLSTATE-like class and an optional detail line.
 */
class UserError : public std::runtime_error
{
  public:
	enum class Kind
	{
		InvalidParameter,
		FeatureNotSupported,
		DataCorrupted
	};

	UserError(Kind kind, const char *message, const char *detail = "")
		: std::runtime_error(message), kind_(kind), detail_(detail)
	{
	}

	UserError(Kind kind, const std::string &message, const std::string &detail = "")
		: std::runtime_error(message), kind_(kind), detail_(detail)
	{
	}

	Kind kind() const noexcept
	{
		return kind_;
	}
	const char *detail() const noexcept
	{
		return detail_.c_str();
	}

  private:
	Kind kind_;
	std::string detail_;
};

/*
 * Copies what a caught exception says into the guard's static buffer; calls
 * no server function, so it is safe inside a catch block.  'e' is null for
 * an exception of unknown type.
 */
void remember_exception(const std::exception *e) noexcept;

/* Raises the ERROR for the remembered exception.  Does not return. */
[[noreturn]] void report_remembered_exception(const char *callback);

/*
 * Runs 'body', turning any C++ exception into a server ERROR that names the
 * callback it escaped from.
 */
template <typename Body>
inline void
run_guarded(const char *callback, Body &&body) noexcept
{
	bool failed = false;

	try
	{
		body();
	}
	catch (const std::exception &e)
	{
		remember_exception(&e);
		failed = true;
	}
	catch (...)
	{
		remember_exception(nullptr);
		failed = true;
	}
	if (failed)
		report_remembered_exception(callback);
}

} /* namespace cdc */

#endif /* CDC_PG_BOUNDARY_H */

/*
 * pg_boundary.cpp
 *		Turns a C++ exception caught at a callback boundary into a server
 *		ERROR with the exception's message.
 */
#include "pg_includes.h"

#include <cstring>
#include <typeinfo>

#include "pg_boundary.h"

namespace cdc
{

namespace
{

enum class ErrorClass
{
	InvalidParameter,
	FeatureNotSupported,
	DataCorrupted,
	OutOfMemory,
	Internal
};

/* The last exception caught, kept until report_remembered_exception. */
struct RememberedError
{
	ErrorClass error_class;
	char message[1024];
	char detail[1024];
};

RememberedError remembered;

/* Bounded copy that always terminates the destination. */
void
copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

} /* namespace */

/*
 * Keeps the message (and, for a UserError, its class and detail) of the
 * exception being handled.  Nothing here allocates or calls the server.
 */
void
remember_exception(const std::exception *e) noexcept
{
	remembered.detail[0] = '\0';
	if (e == nullptr)
	{
		remembered.error_class = ErrorClass::Internal;
		copy_text(remembered.message, sizeof(remembered.message), "unknown C++ exception");
		return;
	}

	copy_text(remembered.message, sizeof(remembered.message), e->what());
	if (const UserError *user = dynamic_cast<const UserError *>(e))
	{
		copy_text(remembered.detail, sizeof(remembered.detail), user->detail());
		switch (user->kind())
		{
			case UserError::Kind::InvalidParameter:
				remembered.error_class = ErrorClass::InvalidParameter;
				break;
			case UserError::Kind::FeatureNotSupported:
				remembered.error_class = ErrorClass::FeatureNotSupported;
				break;
			case UserError::Kind::DataCorrupted:
				remembered.error_class = ErrorClass::DataCorrupted;
				break;
		}
	}
	else if (dynamic_cast<const std::bad_alloc *>(e) != nullptr)
		remembered.error_class = ErrorClass::OutOfMemory;
	else
		remembered.error_class = ErrorClass::Internal;
}

/*
 * Raises the remembered exception as an ERROR.  User errors read as ordinary
 * server errors; anything else is an internal error naming the callback.
 */
void
report_remembered_exception(const char *callback)
{
	int sqlstate;

	switch (remembered.error_class)
	{
		case ErrorClass::InvalidParameter:
			sqlstate = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
		case ErrorClass::FeatureNotSupported:
			sqlstate = ERRCODE_FEATURE_NOT_SUPPORTED;
			break;
		case ErrorClass::DataCorrupted:
			sqlstate = ERRCODE_DATA_CORRUPTED;
			break;
		case ErrorClass::OutOfMemory:
			sqlstate = ERRCODE_OUT_OF_MEMORY;
			break;
		default:
			sqlstate = ERRCODE_INTERNAL_ERROR;
			break;
	}

	if (remembered.error_class == ErrorClass::OutOfMemory ||
		remembered.error_class == ErrorClass::Internal)
		ereport(ERROR, (errcode(sqlstate),
						errmsg("cdc_plugin: %s failed: %s", callback, remembered.message)));

	ereport(ERROR, (errcode(sqlstate), errmsg("%s", remembered.message),
					remembered.detail[0] != '\0' ? errdetail("%s", remembered.detail) : 0));
	pg_unreachable();
}

} /* namespace cdc */

/* RapidJSON's assertion hook (json_stream.h), mapped to the server's Assert. */
extern "C" void
cdc_json_assert_failed(const char *condition, const char *file, int line)
{
#ifdef USE_ASSERT_CHECKING
	ExceptionalCondition(condition, "FailedAssertion", file, line);
#else
	(void) condition;
	(void) file;
	(void) line;
#endif
}

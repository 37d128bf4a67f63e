/*
 * encoders.h
 *		Debezium's value rules as pure functions: PostgreSQL's binary forms in,
 *		the exact text Debezium's JSON shows out.
 *
 * C++ zone: no server header, no server call; everything here is exercised
 * by the Catch2 tests in tests/unit.  Functions write into caller-provided
 * buffers or a JsonOut and return lengths; they throw only std::bad_alloc
 * (from the output buffer) or cdc::EncodeError for malformed input.
 */
#ifndef CDC_ENCODERS_H
#define CDC_ENCODERS_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "json_stream.h"

namespace cdc
{

/* Raised when binary input does not have the shape its type promises. */
class EncodeError : public std::runtime_error
{
  public:
	using std::runtime_error::runtime_error;
};

/* ---- bytes ---- */

/* Bytes needed for the Base64 text of n bytes (with '=' padding). */
inline size_t
base64_length(size_t n)
{
	return ((n + 2) / 3) * 4;
}

/*
 * Base64 with padding, standard alphabet or (url_safe) the '-' '_' one, as
 * Java's Base64 encoders write it.  Writes base64_length(n) bytes to dst.
 */
void base64_encode(const uint8_t *src, size_t n, char *dst, bool url_safe);

/* Lowercase hex, 2*n bytes to dst. */
void hex_encode(const uint8_t *src, size_t n, char *dst);

/* ---- floating point ---- */

/* Longest text format_java_double / format_java_float produce. */
constexpr size_t kJavaFloatTextMax = 32;

/*
 * Java's Double.toString / Float.toString for finite values (shortest digits
 * that round-trip; "3.0", "4.44", "1.0E10", "1.0E-5", "-0.0").  NaN and the
 * infinities are the caller's (Debezium quotes them).  Returns the length.
 */
size_t format_java_double(double value, char *dst);
size_t format_java_float(float value, char *dst);

/* ---- numeric ---- */

/*
 * A numeric value as PostgreSQL stores it: base-10000 digits, the weight of
 * the first digit, and the display scale.  Special values carry no digits.
 */
struct NumericValue
{
	enum class Kind
	{
		Finite,
		NaN,
		PosInfinity,
		NegInfinity
	};

	Kind kind;
	bool negative;
	int weight;			   /* power of 10000 of digits[0] */
	int dscale;			   /* decimal digits after the point */
	const int16_t *digits; /* each 0..9999, most significant first */
	int ndigits;
};

/*
 * Reads the on-disk numeric layout (short or long header) from the bytes
 * after the varlena header.  Throws EncodeError if it is malformed.  The
 * digits are read in place; 'data' must stay valid and 2-byte aligned.
 */
NumericValue decode_numeric(const char *data, size_t len);

/*
 * The unscaled integer of the value at 'scale' decimal places (value *
 * 10^scale, rounded half away from zero when the value has more places) as
 * the minimal big-endian two's-complement bytes of Java's
 * BigInteger.toByteArray().  Writes to dst (which must hold
 * numeric_unscaled_max_bytes()) and returns the byte count (>= 1).
 */
size_t numeric_unscaled_max_bytes(const NumericValue &value, int scale);
size_t numeric_unscaled_bytes(const NumericValue &value, int scale, uint8_t *dst);

/*
 * Scale of the value with trailing fractional zeros removed (never below 0),
 * as Debezium's VariableScaleDecimal takes it from stripTrailingZeros().
 */
int numeric_stripped_scale(const NumericValue &value);

/*
 * Plain decimal text of the value at 'scale' places ("1.10", "-0.5", "10"),
 * as BigDecimal.toPlainString() after setScale.  Returns the length; dst
 * must hold numeric_text_max_length().
 */
size_t numeric_text_max_length(const NumericValue &value, int scale);
size_t numeric_to_text(const NumericValue &value, int scale, char *dst);

/* ---- dates and times ---- */

/* PostgreSQL's epoch (2000-01-01) from the Unix epoch, in days and in µs. */
constexpr int32_t kPostgresEpochDays = 10957;
constexpr int64_t kPostgresEpochMicros = INT64_C(946684800000000);

/*
 * Debezium's values for timestamp 'infinity' / '-infinity' (pgjdbc's
 * DATE_POSITIVE_INFINITY / DATE_NEGATIVE_INFINITY, in ms; µs is ×1000).
 */
constexpr int64_t kTimestampPosInfinityMillis = INT64_C(9223372036825200);
constexpr int64_t kTimestampNegInfinityMillis = INT64_C(-9223372036832400);

/* Debezium's epoch days for date 'infinity' / '-infinity'. */
constexpr int32_t kDatePosInfinityDays = -2147472692;
constexpr int32_t kDateNegInfinityDays = -2147472691;

/* Longest text format_zoned_timestamp / format_zoned_time produce. */
constexpr size_t kTimeTextMax = 48;

/*
 * Debezium's ZonedTimestamp text of a UTC instant given as µs since the
 * Unix epoch: "YYYY-MM-DDTHH:MM:SS[.f]Z", year '+'-prefixed above 9999 and
 * astronomical (0, -1, ...) before year 1; exactly 'precision' fraction
 * digits (0..6; 0 means none).  Returns the length.
 */
size_t format_zoned_timestamp(int64_t unix_micros, int precision, char *dst);

/*
 * Debezium's ZonedTime text: the time of day in µs (0 .. 86400000000)
 * shifted by a zone offset given in seconds west of UTC (PostgreSQL's
 * TimeTzADT.zone), wrapped into one day, as "HH:MM:SS[.f]Z" with trailing
 * fraction zeros removed.  Returns the length.
 */
size_t format_zoned_time(int64_t micros_of_day, int32_t zone_seconds_west, char *dst);

/* Floor division, for µs → ms and similar conversions of negative times. */
inline int64_t
floor_div(int64_t value, int64_t divisor)
{
	int64_t quotient = value / divisor;

	if ((value % divisor != 0) && ((value < 0) != (divisor < 0)))
		quotient--;
	return quotient;
}

/* ---- uuid ---- */

/* The 36-character lowercase text of 16 uuid bytes. */
constexpr size_t kUuidTextLength = 36;
void format_uuid(const uint8_t bytes[16], char *dst);

} /* namespace cdc */

#endif /* CDC_ENCODERS_H */

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

/*
 * BigDecimal.setScale(scale, HALF_UP).toString(), the text Kafka's
 * JsonConverter (Jackson, WRITE_BIGDECIMAL_AS_PLAIN off) writes for a Decimal
 * under decimal.format=NUMERIC: plain ("1.10", "0.00", "10") while the
 * adjusted exponent is >= -6 and the scale is >= 0, else scientific
 * ("1E-10", "0E-7", "1.2E+3").  dst must hold
 * numeric_java_string_max_length().  Returns the length.
 */
size_t numeric_java_string_max_length(const NumericValue &value, int scale);
size_t numeric_to_java_string(const NumericValue &value, int scale, char *dst);

/*
 * BigDecimal.doubleValue() of the value (all dscale digits): the correctly
 * rounded double, +/-Infinity when out of range.  NaN and the infinities map
 * to their doubles.
 */
double numeric_to_double(const NumericValue &value);

/* ---- money ---- */

/* Base-10000 digits a money value needs (an int64 at up to 10 places). */
constexpr int kMoneyNumericDigits = 8;

/*
 * A money value (PostgreSQL's Cash: an int64 counting units of
 * 10^-storage_digits) as a NumericValue whose digits live in 'digits', so
 * the numeric encoders can scale, round and print it.  storage_digits is
 * lc_monetary's frac_digits (0..10; 2 for C and most locales); dscale is
 * set to it, matching the text cash_out prints.
 */
NumericValue money_to_numeric(int64_t cash, int storage_digits,
							  int16_t digits[kMoneyNumericDigits]);

/* ---- interval ---- */

/*
 * Debezium's MicroDuration of a PostgreSQL interval, computed as pgjdbc's
 * PGInterval splits the text and MicroDuration.durationMicros adds it up:
 * years/months/days/hours/minutes as PostgreSQL prints them, seconds as the
 * double whole + micros/1e6, then in IEEE doubles
 * ((((y*12+m)*30.4375 + d)*24 + h)*60 + mi)*60 + s, times 1e6, truncated
 * (saturating as Java's (long) cast does).  Infinite intervals (PG 17) give
 * 0, as pgjdbc parses "infinity" as zero.
 */
int64_t interval_micro_duration(int32_t months, int32_t days, int64_t micros);

/* Longest text format_interval_iso produces. */
constexpr size_t kIntervalTextMax = 96;

/*
 * io.debezium.time.Interval text (interval.handling.mode=string):
 * "P<y>Y<m>M<d>DT<h>H<mi>M<s>S" with each part signed as PostgreSQL prints
 * it and the seconds BigDecimal.valueOf(double) cut to 9 places and
 * stripped of trailing zeros ("6.78", "0", "-0.000001").  Returns the length.
 */
size_t format_interval_iso(int32_t months, int32_t days, int64_t micros, char *dst);

/* ---- bits ---- */

/*
 * Debezium's Bits bytes of a bit string given as PostgreSQL stores it
 * (first bit = high bit of data[0]): the string read as a binary number,
 * written little-endian in the fewest bytes (BitSet.toByteArray; zero gives
 * no bytes).  dst must hold (bit_count + 7) / 8 bytes.  Returns the count.
 */
size_t bits_to_bytes(const uint8_t *data, int32_t bit_count, uint8_t *dst);

/* ---- point ---- */

/* Size of a WKB point. */
constexpr size_t kWkbPointSize = 21;

/*
 * The little-endian WKB of POINT(x y) Debezium's Point.createValue builds:
 * byte order 1, type 1 (int32), x and y (raw IEEE bits).
 */
void point_wkb(double x, double y, uint8_t dst[kWkbPointSize]);

/* ---- hstore ---- */

/* One pair of hstore's text output, spans still holding their escapes. */
struct HstorePair
{
	const char *key;
	size_t key_len;
	const char *value; /* null for NULL */
	size_t value_len;
};

/*
 * Walks hstore_out's text ("k"=>"v", "n"=>NULL) the way pgjdbc's
 * HStoreConverter.fromString does.  Returns false at the end; throws
 * EncodeError on text it cannot walk.
 */
class HstoreReader
{
  public:
	HstoreReader(const char *text, size_t len) : text_(text), len_(len), pos_(0)
	{
	}

	bool next(HstorePair &pair);

  private:
	const char *text_;
	size_t len_;
	size_t pos_;
};

/*
 * Removes hstore_out's backslash escapes (a backslash takes the next byte
 * literally).  dst must hold len bytes; returns the length written.
 */
size_t hstore_unescape(const char *src, size_t len, char *dst);

/*
 * Java's String.hashCode of UTF-8 text (over its UTF-16 code units), the
 * hash a java.util.HashMap files the key under.
 */
int32_t java_string_hash(const char *utf8, size_t len);

/*
 * Iteration order of a java.util.HashMap (default capacity and load factor)
 * after putting n distinct keys with these String hashes in this order:
 * buckets in index order, insertion order within a bucket; the resizes of
 * both the load-factor rule and the long-chain rule (treeifyBin below
 * capacity 64) are followed.  Chains that Java turns into trees (9+ keys in
 * one bucket at capacity >= 64) are kept in insertion order, which Java may
 * not do.  'order' receives n indexes; 'work' must hold
 * java_hashmap_work_size(n) words.
 */
size_t java_hashmap_work_size(size_t n);
void java_hashmap_order(const int32_t *hashes, size_t n, uint32_t *order, uint32_t *work);

/* ---- temporal modes ---- */

/*
 * Epoch milliseconds of a PostgreSQL timestamp (µs since 2000-01-01, read
 * as UTC), floored as Instant.toEpochMilli() does.
 */
int64_t timestamp_epoch_millis(int64_t pg_micros);

/*
 * Epoch microseconds as Debezium's Conversions.toEpochMicros computes them
 * (seconds * 10^6 saturating, plus the fraction, wrapping): exact for every
 * timestamp up to 294247-01-10, Java's odd values beyond.
 */
int64_t timestamp_epoch_micros(int64_t pg_micros);

/*
 * Epoch nanoseconds (NanoTimestamp.toEpochNanos); false when Java's exact
 * arithmetic would overflow (outside about 1677-09-21 .. 2262-04-11).
 */
bool timestamp_epoch_nanos(int64_t pg_micros, int64_t &nanos);

/*
 * time.precision.mode=isostring texts: IsoDate "YYYY-MM-DDZ" of epoch days;
 * IsoTimestamp "YYYY-MM-DDTHH:MM:SS[.f]Z" (fraction minimal) of a
 * PostgreSQL timestamp; IsoTime is format_zoned_time with zone 0.  Years
 * follow Java's ISO rules ('+' above 9999).  Return the length (at most
 * kTimeTextMax).
 */
size_t format_iso_date(int64_t unix_days, char *dst);
size_t format_iso_timestamp(int64_t pg_micros, char *dst);

/*
 * format_zoned_timestamp for a PostgreSQL timestamptz (µs since
 * 2000-01-01 UTC), without the int64 overflow of adding the epochs for
 * values after 294247.
 */
size_t format_zoned_timestamp_pg(int64_t pg_micros, int precision, char *dst);

/* ---- PostGIS ---- */

/*
 * Decodes PostGIS's hex EWKB text (two hex digits a byte, either case) into
 * dst (len/2 bytes); throws EncodeError on an odd length or a non-hex digit.
 * Returns the byte count.
 */
size_t hex_decode(const char *text, size_t len, uint8_t *dst);

/*
 * The SRID of an EWKB geometry, as Debezium's PostgisGeometry reads it: the
 * 4 bytes after the type word when its 0x20000000 flag is set, in the
 * geometry's byte order.  Returns false when there is none; throws
 * EncodeError on fewer than 9 bytes.
 */
bool ewkb_srid(const uint8_t *ewkb, size_t len, int32_t *srid);

/* ---- uuid ---- */

/*
 * Java's UUID.nameUUIDFromBytes: the MD5 of the bytes with version 3 and
 * the IETF variant set (the uuid[] unchanged-TOAST placeholder).
 */
void name_uuid_from_bytes(const uint8_t *src, size_t n, uint8_t dst[16]);

/* ---- uuid ---- */

/* The 36-character lowercase text of 16 uuid bytes. */
constexpr size_t kUuidTextLength = 36;
void format_uuid(const uint8_t bytes[16], char *dst);

} /* namespace cdc */

#endif /* CDC_ENCODERS_H */

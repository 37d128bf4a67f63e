/*
 * test_column_values.cpp
 *		Every ValueKind under every handling mode: present values, special
 *		values, nulls (default, type zero, null) and unchanged-TOAST
 *		placeholders, as write_column_value writes them.
 *
 * Expected values come from Debezium's own tests (AbstractRecordsProducerTest
 * expectations, via debezium-facts.md §8 and the format spec), or were
 * computed by running the Java expressions Debezium's converters use
 * (BigDecimal, HashMap, BitSet, java.time, UUID) on OpenJDK 17.
 */
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "column_values.h"
#include "encoders.h"
#include "json_test_buffer.h"

using namespace cdc;

namespace
{

constexpr const char *kPlaceholder = "__debezium_unavailable_value";
constexpr const char *kPlaceholderBase64 = "X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==";

/* A column spec of one kind; optional unless said otherwise. */
ColumnSpec
spec(ValueKind kind, bool optional = true, std::string_view default_json = {})
{
	ColumnSpec column{};

	column.name = "c";
	column.kind = kind;
	column.semantic = Semantic::None;
	column.optional = optional;
	column.scale = 0;
	column.precision = -1;
	column.length = -1;
	column.element = nullptr;
	column.default_json = default_json;
	return column;
}

/* A time-like column with a typmod precision. */
ColumnSpec
timed(ValueKind kind, int precision, bool optional = true)
{
	ColumnSpec column = spec(kind, optional);

	column.precision = precision;
	return column;
}

/* numeric(p, s) */
ColumnSpec
fixed(int precision, int scale, bool optional = true)
{
	ColumnSpec column = spec(ValueKind::NumericFixed, optional);

	column.precision = precision;
	column.scale = scale;
	return column;
}

/* An array column of 'element'. */
ColumnSpec
array_of(const ColumnSpec &element, bool optional = true)
{
	ColumnSpec column = spec(ValueKind::Array, optional);

	column.element = &element;
	return column;
}

PlainValue
state(PlainValue::State s)
{
	PlainValue value;

	std::memset(&value, 0, sizeof(value));
	value.state = s;
	return value;
}

PlainValue
null_value()
{
	return state(PlainValue::State::Null);
}

PlainValue
toasted()
{
	return state(PlainValue::State::UnchangedToast);
}

PlainValue
integer(int64_t v)
{
	PlainValue value = state(PlainValue::State::Present);

	value.integer = v;
	return value;
}

PlainValue
boolean(bool v)
{
	PlainValue value = state(PlainValue::State::Present);

	value.boolean = v;
	return value;
}

PlainValue
float8(double v)
{
	PlainValue value = state(PlainValue::State::Present);

	value.float64 = v;
	return value;
}

/* Bytes that the test keeps alive (string literals or stored strings). */
PlainValue
bytes(const std::string &data)
{
	PlainValue value = state(PlainValue::State::Present);

	value.bytes.data = data.data();
	value.bytes.len = data.size();
	return value;
}

PlainValue
time_tz(int64_t micros, int32_t zone)
{
	PlainValue value = state(PlainValue::State::Present);

	value.time_tz.micros = micros;
	value.time_tz.zone = zone;
	return value;
}

PlainValue
interval(int32_t months, int32_t days, int64_t micros)
{
	PlainValue value = state(PlainValue::State::Present);

	value.interval.months = months;
	value.interval.days = days;
	value.interval.micros = micros;
	return value;
}

PlainValue
point(double x, double y)
{
	PlainValue value = state(PlainValue::State::Present);

	value.point.x = x;
	value.point.y = y;
	return value;
}

PlainValue
array(const std::vector<PlainValue> &elements)
{
	PlainValue value = state(PlainValue::State::Present);

	value.array.elements = elements.data();
	value.array.count = static_cast<int32_t>(elements.size());
	return value;
}

/* A bit string ("0101...") in PostgreSQL's layout, kept in 'storage'. */
PlainValue
bits(const std::string &text, std::vector<uint8_t> &storage)
{
	PlainValue value = state(PlainValue::State::Present);

	storage.assign(text.size() / 8 + 1, 0);
	for (size_t i = 0; i < text.size(); i++)
		if (text[i] == '1')
			storage[i / 8] = static_cast<uint8_t>(storage[i / 8] | (0x80 >> (i % 8)));
	value.bits.data = storage.data();
	value.bits.bit_count = static_cast<int32_t>(text.size());
	return value;
}

/*
 * A numeric's on-disk image (no varlena header) from decimal text, as
 * make_result builds it; "NaN", "Infinity", "-Infinity" give the special
 * headers.  Words are kept 2-byte aligned.
 */
struct Numeric
{
	std::vector<uint16_t> words;

	PlainValue value() const
	{
		PlainValue v = state(PlainValue::State::Present);

		v.bytes.data = reinterpret_cast<const char *>(words.data());
		v.bytes.len = words.size() * 2;
		return v;
	}
};

Numeric
numeric(const std::string &text)
{
	Numeric img;
	bool negative = false;
	size_t pos = 0;
	std::string int_part;
	std::string frac_part;
	std::vector<int> digits;

	if (text == "NaN")
		return Numeric{{0xC000}};
	if (text == "Infinity")
		return Numeric{{0xD000}};
	if (text == "-Infinity")
		return Numeric{{0xF000}};
	if (text[pos] == '-')
	{
		negative = true;
		pos++;
	}
	size_t dot = text.find('.', pos);

	int_part = dot == std::string::npos ? text.substr(pos) : text.substr(pos, dot - pos);
	frac_part = dot == std::string::npos ? "" : text.substr(dot + 1);
	int dscale = static_cast<int>(frac_part.size());

	while (int_part.size() % 4 != 0)
		int_part.insert(int_part.begin(), '0');
	while (frac_part.size() % 4 != 0)
		frac_part.push_back('0');
	int weight = static_cast<int>(int_part.size() / 4) - 1;
	std::string all = int_part + frac_part;

	for (size_t i = 0; i < all.size(); i += 4)
		digits.push_back(std::stoi(all.substr(i, 4)));
	while (!digits.empty() && digits.front() == 0)
	{
		digits.erase(digits.begin());
		weight--;
	}
	while (!digits.empty() && digits.back() == 0)
		digits.pop_back();
	if (digits.empty())
	{
		weight = 0;
		negative = false;
	}
	img.words.push_back(static_cast<uint16_t>((negative ? 0x4000 : 0) | dscale));
	img.words.push_back(static_cast<uint16_t>(static_cast<int16_t>(weight)));
	for (int d : digits)
		img.words.push_back(static_cast<uint16_t>(d));
	return img;
}

/* The JSON write_column_value produces. */
std::string
json(const ColumnSpec &column, const PlainValue &value, const ValueOptions &options = {})
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_column_value(writer, column, value, options);
	}
	return buffer.text();
}

ValueOptions
with_decimal(DecimalHandling handling, DecimalFormat format = DecimalFormat::Base64)
{
	ValueOptions options;

	options.decimal_handling = handling;
	options.decimal_format = format;
	return options;
}

ValueOptions
with_time(TimePrecision precision)
{
	ValueOptions options;

	options.time_precision = precision;
	return options;
}

ValueOptions
with_binary(BinaryHandling handling)
{
	ValueOptions options;

	options.binary_handling = handling;
	return options;
}

ValueOptions
with_hstore(HstoreHandling handling)
{
	ValueOptions options;

	options.hstore_handling = handling;
	return options;
}

ValueOptions
with_interval(IntervalHandling handling)
{
	ValueOptions options;

	options.interval_handling = handling;
	return options;
}

const TimePrecision kAllTimeModes[] = {
	TimePrecision::Adaptive,	 TimePrecision::AdaptiveTimeMicroseconds,
	TimePrecision::Connect,		 TimePrecision::IsoString,
	TimePrecision::Microseconds, TimePrecision::Nanoseconds};

/* µs since 2000-01-01 of a Unix-epoch µs value. */
constexpr int64_t
pg_us(int64_t unix_micros)
{
	return unix_micros - kPostgresEpochMicros;
}

/* µs of a time of day. */
constexpr int64_t
tod(int64_t h, int64_t m, int64_t s, int64_t us = 0)
{
	return ((h * 60 + m) * 60 + s) * 1000000 + us;
}

} /* namespace */

/* ---- numeric ---- */

TEST_CASE("numeric(p,s) in precise mode: Debezium's numeric_decimal_table", "[values][numeric]")
{
	ValueOptions precise;

	CHECK(json(fixed(3, 2), numeric("1.10").value(), precise) == "\"bg==\"");
	CHECK(json(fixed(4, 0), numeric("10").value(), precise) == "\"Cg==\"");
	CHECK(json(fixed(3, 2, false), numeric("3.30").value(), precise) == "\"AUo=\"");
	CHECK(json(fixed(6, 4), numeric("22.2200").value(), precise) == "\"A2P4\"");
	CHECK(json(fixed(4, 0), numeric("22").value(), precise) == "\"Fg==\"");
	CHECK(json(fixed(3, 2), numeric("1.00").value(), precise) == "\"ZA==\"");
	CHECK(json(fixed(6, 4), numeric("22.0000").value(), precise) == "\"A1tg\"");
	CHECK(json(fixed(3, 2), numeric("-0.15").value(), precise) == "\"8Q==\"");

	/* decimal.format=NUMERIC: BigDecimal.toString as a JSON number */
	ValueOptions numeric_format = with_decimal(DecimalHandling::Precise, DecimalFormat::Numeric);

	CHECK(json(fixed(3, 2), numeric("1.10").value(), numeric_format) == "1.10");
	CHECK(json(fixed(4, 0), numeric("10").value(), numeric_format) == "10");
	CHECK(json(fixed(6, 4), numeric("22.2200").value(), numeric_format) == "22.2200");
	CHECK(json(fixed(3, 2), numeric("-0.15").value(), numeric_format) == "-0.15");
	CHECK(json(fixed(20, 10), numeric("0.0000000001").value(), numeric_format) == "1E-10");
	CHECK(json(fixed(3, -2), numeric("1200").value(), numeric_format) == "1.2E+3");
}

TEST_CASE("numeric without typmod in precise mode: VariableScaleDecimal", "[values][numeric]")
{
	ColumnSpec column = spec(ValueKind::NumericVariable);

	CHECK(json(column, numeric("10.1111").value()) == R"({"scale":4,"value":"AYr3"})");
	CHECK(json(column, numeric("22.2222").value()) == R"({"scale":4,"value":"A2QO"})");
	CHECK(json(column, numeric("10").value()) == R"({"scale":0,"value":"Cg=="})");
	CHECK(json(column, numeric("1.50").value()) == R"({"scale":1,"value":"Dw=="})");
	CHECK(json(column, numeric("0.00").value()) == R"({"scale":0,"value":"AA=="})");
	/* the struct's value is plain bytes: decimal.format does not apply */
	CHECK(json(column, numeric("10.1111").value(),
			   with_decimal(DecimalHandling::Precise, DecimalFormat::Numeric)) ==
		  R"({"scale":4,"value":"AYr3"})");
}

TEST_CASE("numeric in string mode", "[values][numeric]")
{
	ValueOptions string_mode = with_decimal(DecimalHandling::String);
	ColumnSpec variable = spec(ValueKind::NumericVariable);

	CHECK(json(fixed(3, 2), numeric("1.10").value(), string_mode) == "\"1.10\"");
	CHECK(json(fixed(4, 0), numeric("10").value(), string_mode) == "\"10\"");
	CHECK(json(fixed(6, 4), numeric("22.2200").value(), string_mode) == "\"22.2200\"");
	CHECK(json(fixed(6, 4), numeric("22.0000").value(), string_mode) == "\"22.0000\"");
	CHECK(json(fixed(3, -2), numeric("1200").value(), string_mode) == "\"1200\"");
	CHECK(json(variable, numeric("10.1111").value(), string_mode) == "\"10.1111\"");
	CHECK(json(variable, numeric("22").value(), string_mode) == "\"22\"");
	/* PostgreSQL's own scale, no stripping */
	CHECK(json(variable, numeric("1.50").value(), string_mode) == "\"1.50\"");
	CHECK(json(variable, numeric("-0.001").value(), string_mode) == "\"-0.001\"");

	CHECK(json(fixed(3, 2), numeric("NaN").value(), string_mode) == "\"NAN\"");
	CHECK(json(variable, numeric("NaN").value(), string_mode) == "\"NAN\"");
	CHECK(json(variable, numeric("Infinity").value(), string_mode) == "\"POSITIVE_INFINITY\"");
	CHECK(json(variable, numeric("-Infinity").value(), string_mode) == "\"NEGATIVE_INFINITY\"");
}

TEST_CASE("numeric in double mode", "[values][numeric]")
{
	ValueOptions double_mode = with_decimal(DecimalHandling::Double);
	ColumnSpec variable = spec(ValueKind::NumericVariable);

	CHECK(json(fixed(3, 2), numeric("1.10").value(), double_mode) == "1.1");
	CHECK(json(fixed(4, 0), numeric("10").value(), double_mode) == "10.0");
	CHECK(json(variable, numeric("10.1111").value(), double_mode) == "10.1111");
	CHECK(json(fixed(6, 4), numeric("22.2200").value(), double_mode) == "22.22");
	CHECK(json(variable, numeric("22.2222").value(), double_mode) == "22.2222");
	CHECK(json(variable, numeric("123456789012345678901234567890").value(), double_mode) ==
		  "1.2345678901234568E29");
	CHECK(json(variable, numeric("0.0001").value(), double_mode) == "1.0E-4");

	CHECK(json(variable, numeric("NaN").value(), double_mode) == "\"NaN\"");
	CHECK(json(variable, numeric("Infinity").value(), double_mode) == "\"Infinity\"");
	CHECK(json(fixed(3, 2), numeric("-Infinity").value(), double_mode) == "\"-Infinity\"");
	/* beyond double's range: BigDecimal.doubleValue() gives an infinity */
	CHECK(json(variable, numeric("1" + std::string(400, '0')).value(), double_mode) ==
		  "\"Infinity\"");
}

TEST_CASE("numeric NaN and infinities in precise mode take the null rule", "[values][numeric]")
{
	ValueOptions precise;

	CHECK(json(fixed(3, 2), numeric("NaN").value(), precise) == "null");
	CHECK(json(spec(ValueKind::NumericVariable), numeric("Infinity").value(), precise) == "null");
	/* a default replaces it, a NOT NULL column falls back to zero */
	ColumnSpec with_default = fixed(3, 2);

	with_default.default_json = "\"AJY=\"";
	CHECK(json(with_default, numeric("NaN").value(), precise) == "\"AJY=\"");
	CHECK(json(fixed(3, 2, false), numeric("NaN").value(), precise) == "\"AA==\"");
}

/* ---- money ---- */

TEST_CASE("money in every decimal mode (cash_table)", "[values][money]")
{
	ColumnSpec money = spec(ValueKind::Money);

	/* '$1234.11' and '($1234.11)' */
	CHECK(json(money, integer(123411)) == "\"AeIT\"");
	CHECK(json(money, integer(-123411)) == "\"/h3t\"");
	CHECK(json(money, integer(123411),
			   with_decimal(DecimalHandling::Precise, DecimalFormat::Numeric)) == "1234.11");
	CHECK(json(money, integer(123411), with_decimal(DecimalHandling::Double)) == "1234.11");
	CHECK(json(money, integer(-123411), with_decimal(DecimalHandling::Double)) == "-1234.11");
	CHECK(json(money, integer(123411), with_decimal(DecimalHandling::String)) == "\"1234.11\"");
	CHECK(json(money, integer(-123411), with_decimal(DecimalHandling::String)) == "\"-1234.11\"");
	CHECK(json(money, integer(0), with_decimal(DecimalHandling::String)) == "\"0.00\"");

	/* money.fraction.digits: setScale(n, HALF_UP) in precise mode only */
	ValueOptions zero_digits;

	zero_digits.money_fraction_digits = 0;
	CHECK(json(money, integer(123411), zero_digits) == "\"BNI=\"");
	ValueOptions one_digit;

	one_digit.money_fraction_digits = 1;
	CHECK(json(money, integer(123415), one_digit) == "\"MDY=\"");
	CHECK(json(money, integer(-123415), one_digit) == "\"z8o=\"");
	one_digit.decimal_format = DecimalFormat::Numeric;
	CHECK(json(money, integer(123415), one_digit) == "1234.2");
	one_digit.decimal_format = DecimalFormat::Base64;
	one_digit.decimal_handling = DecimalHandling::String;
	CHECK(json(money, integer(123415), one_digit) == "\"1234.15\"");

	ValueOptions many_digits;

	many_digits.money_fraction_digits = 30;
	CHECK(json(money, integer(INT64_MAX), many_digits) == "\"ECfnLx8SgTBnsDGhwdr9nvAAAAA=\"");
	CHECK(json(money, integer(INT64_MIN)) == "\"gAAAAAAAAAA=\"");
	CHECK(json(money, integer(INT64_MAX), with_decimal(DecimalHandling::Double)) ==
		  "9.223372036854776E16");

	/* a server whose lc_monetary has 3 fraction digits */
	ValueOptions three;

	three.money_storage_digits = 3;
	three.decimal_handling = DecimalHandling::String;
	CHECK(json(money, integer(123411), three) == "\"123.411\"");
}

/* ---- bytes and unknown types ---- */

TEST_CASE("bytea and unknown types per binary.handling.mode", "[values][bytes]")
{
	const std::string b010203("\x01\x02\x03", 3);
	const std::string bfbff("\xfb\xff", 2);

	for (ValueKind kind : {ValueKind::Bytes, ValueKind::Unknown})
	{
		ColumnSpec column = spec(kind);

		CHECK(json(column, bytes(b010203)) == "\"AQID\"");
		CHECK(json(column, bytes(b010203), with_binary(BinaryHandling::Base64)) == "\"AQID\"");
		CHECK(json(column, bytes(b010203), with_binary(BinaryHandling::Base64UrlSafe)) ==
			  "\"AQID\"");
		CHECK(json(column, bytes(b010203), with_binary(BinaryHandling::Hex)) == "\"010203\"");
		CHECK(json(column, bytes(bfbff)) == "\"+/8=\"");
		CHECK(json(column, bytes(bfbff), with_binary(BinaryHandling::Base64)) == "\"+/8=\"");
		CHECK(json(column, bytes(bfbff), with_binary(BinaryHandling::Base64UrlSafe)) == "\"-_8=\"");
		CHECK(json(column, bytes(bfbff), with_binary(BinaryHandling::Hex)) == "\"fbff\"");
		CHECK(json(column, bytes("")) == "\"\"");
	}
	/* an unknown type's output text, e.g. a box */
	CHECK(json(spec(ValueKind::Unknown), bytes("(1,1),(0,0)")) == "\"KDEsMSksKDAsMCk=\"");
}

/* ---- bits ---- */

TEST_CASE("bit(n>1) and varbit: Bits bytes (bitbin_table)", "[values][bits]")
{
	ColumnSpec column = spec(ValueKind::Bits);
	std::vector<uint8_t> storage;

	CHECK(json(column, bits("11", storage)) == "\"Aw==\"");
	CHECK(json(column, bits("1000000", storage)) == "\"QA==\"");
	CHECK(json(column, bits("00", storage)) == "\"\"");
	CHECK(json(column, bits("000000110000001000000001", storage)) == "\"AQID\"");
	CHECK(json(column, bits("1" + std::string(63, '0'), storage)) == "\"AAAAAAAAAIA=\"");
	CHECK(json(column, bits("101", storage)) == "\"BQ==\"");
	CHECK(json(column, bits("111011010001000110000001000000001", storage)) == "\"AQIj2gE=\"");
	/* Bits is a bytes schema whatever binary.handling.mode says */
	CHECK(json(column, bits("11", storage), with_binary(BinaryHandling::Hex)) == "\"Aw==\"");
	/* bit(1) is a boolean */
	CHECK(json(spec(ValueKind::Boolean), boolean(true)) == "true");
	CHECK(json(spec(ValueKind::Boolean), boolean(false)) == "false");
}

/* ---- dates and times ---- */

TEST_CASE("date in every time.precision.mode", "[values][time]")
{
	ColumnSpec date = spec(ValueKind::Date);
	PlainValue day = integer(17109 - kPostgresEpochDays); /* 2016-11-04 */

	for (TimePrecision mode : kAllTimeModes)
	{
		bool iso = mode == TimePrecision::IsoString;

		CHECK(json(date, day, with_time(mode)) == (iso ? "\"2016-11-04Z\"" : "17109"));
		CHECK(json(date, integer(INT32_MAX), with_time(mode)) ==
			  (iso ? "\"-5877611-06-21Z\"" : "-2147472692"));
		CHECK(json(date, integer(INT32_MIN), with_time(mode)) ==
			  (iso ? "\"-5877611-06-22Z\"" : "-2147472691"));
		CHECK(json(spec(ValueKind::Date, false), null_value(), with_time(mode)) ==
			  (iso ? "\"1970-01-01Z\"" : "0"));
	}
}

TEST_CASE("time in every time.precision.mode", "[values][time]")
{
	ColumnSpec tip = timed(ValueKind::Time, 3); /* time(3) */
	ColumnSpec ti = timed(ValueKind::Time, -1); /* time */
	PlainValue t123 = integer(tod(13, 51, 30, 123000));
	PlainValue t0 = integer(tod(13, 51, 30));
	PlainValue t24 = integer(tod(24, 0, 0));

	CHECK(json(tip, t123, with_time(TimePrecision::Adaptive)) == "49890123");
	CHECK(json(ti, t0, with_time(TimePrecision::Adaptive)) == "49890000000");
	CHECK(json(ti, t24, with_time(TimePrecision::Adaptive)) == "86400000000");
	CHECK(json(timed(ValueKind::Time, 0), t24, with_time(TimePrecision::Adaptive)) == "86400000");

	CHECK(json(tip, t123, with_time(TimePrecision::AdaptiveTimeMicroseconds)) == "49890123000");
	CHECK(json(ti, t0, with_time(TimePrecision::AdaptiveTimeMicroseconds)) == "49890000000");
	CHECK(json(tip, t123, with_time(TimePrecision::Microseconds)) == "49890123000");
	CHECK(json(tip, t123, with_time(TimePrecision::Nanoseconds)) == "49890123000000");
	CHECK(json(ti, t24, with_time(TimePrecision::Nanoseconds)) == "86400000000000");

	/* connect: Kafka's Time, int32 ms, whatever the precision */
	CHECK(json(tip, t123, with_time(TimePrecision::Connect)) == "49890123");
	CHECK(json(ti, integer(tod(13, 51, 30, 123456)), with_time(TimePrecision::Connect)) ==
		  "49890123");
	CHECK(json(ti, t24, with_time(TimePrecision::Connect)) == "86400000");

	/* isostring: ISO_OFFSET_TIME at UTC; 24:00 becomes midnight */
	CHECK(json(tip, t123, with_time(TimePrecision::IsoString)) == "\"13:51:30.123Z\"");
	CHECK(json(ti, t0, with_time(TimePrecision::IsoString)) == "\"13:51:30Z\"");
	CHECK(json(ti, integer(tod(0, 1, 2, 120)), with_time(TimePrecision::IsoString)) ==
		  "\"00:01:02.00012Z\"");
	CHECK(json(ti, t24, with_time(TimePrecision::IsoString)) == "\"00:00:00Z\"");

	for (TimePrecision mode : kAllTimeModes)
		CHECK(json(timed(ValueKind::Time, 6, false), null_value(), with_time(mode)) ==
			  (mode == TimePrecision::IsoString ? "\"00:00:00Z\"" : "0"));
}

TEST_CASE("timestamp in every time.precision.mode", "[values][time]")
{
	ColumnSpec ts = timed(ValueKind::Timestamp, -1);
	ColumnSpec ts_ms = timed(ValueKind::Timestamp, 3);
	PlainValue v = integer(pg_us(INT64_C(1478267490123456)));
	PlainValue v_ms = integer(pg_us(INT64_C(1478267490123000)));

	/* adaptive (time_table expectations) */
	CHECK(json(ts, v) == "1478267490123456");
	CHECK(json(ts_ms, v_ms) == "1478267490123");
	CHECK(json(ts, integer(pg_us(INT64_C(-1047174587392000)))) == "-1047174587392000");
	CHECK(json(ts, integer(pg_us(INT64_C(601060312290123456)))) == "601060312290123456");
	/* PostgreSQL's last timestamp (294276-12-31): Java's µs arithmetic wraps */
	CHECK(json(ts, integer(INT64_C(9223371331199999999))) == "-9223372036853775810");
	CHECK(json(timed(ValueKind::Timestamp, 6), integer(pg_us(INT64_C(9223371331199999999)))) ==
		  "9223371331199999999");
	CHECK(json(timed(ValueKind::Timestamp, 6), integer(pg_us(INT64_C(-210831897600000001)))) ==
		  "-210831897600000001");
	CHECK(json(ts, integer(INT64_MAX)) == "9223372036825200000");
	CHECK(json(ts, integer(INT64_MIN)) == "-9223372036832400000");
	CHECK(json(ts_ms, integer(INT64_MAX)) == "9223372036825200");
	CHECK(json(ts_ms, integer(INT64_MIN)) == "-9223372036832400");

	ValueOptions atm = with_time(TimePrecision::AdaptiveTimeMicroseconds);

	CHECK(json(ts, v, atm) == "1478267490123456");
	CHECK(json(ts_ms, v_ms, atm) == "1478267490123");

	ValueOptions micro = with_time(TimePrecision::Microseconds);

	CHECK(json(ts_ms, v_ms, micro) == "1478267490123000");
	CHECK(json(ts_ms, integer(INT64_MAX), micro) == "9223372036825200000");

	ValueOptions connect = with_time(TimePrecision::Connect);

	CHECK(json(ts, v, connect) == "1478267490123");
	CHECK(json(ts, integer(pg_us(INT64_C(-210831897600000001))), connect) == "-210831897600001");
	CHECK(json(ts, integer(INT64_MAX), connect) == "9223372036825200");
	CHECK(json(ts, integer(INT64_MIN), connect) == "-9223372036832400");

	ValueOptions nano = with_time(TimePrecision::Nanoseconds);

	CHECK(json(ts, v, nano) == "1478267490123456000");
	CHECK(json(ts, integer(INT64_MAX), nano) == "9223372036854775807");
	CHECK(json(ts, integer(INT64_MIN), nano) == "-9223372036854775808");
	/* outside 1677..2262 the converter fails: the null rule */
	PlainValue far = integer(pg_us(INT64_C(-210831897600000001)));

	CHECK(json(ts, far, nano) == "null");
	CHECK(json(timed(ValueKind::Timestamp, -1, false), far, nano) == "0");

	ValueOptions iso = with_time(TimePrecision::IsoString);

	CHECK(json(ts, v, iso) == "\"2016-11-04T13:51:30.123456Z\"");
	CHECK(json(ts_ms, v_ms, iso) == "\"2016-11-04T13:51:30.123Z\"");
	CHECK(json(ts, integer(pg_us(INT64_C(1478267490000000))), iso) == "\"2016-11-04T13:51:30Z\"");
	CHECK(json(ts, integer(pg_us(INT64_C(-210831897600000001))), iso) ==
		  "\"-4712-12-31T23:59:59.999999Z\"");
	CHECK(json(ts, integer(INT64_MAX), iso) == "\"+294247-01-10T04:00:25.2Z\"");
	CHECK(json(ts, integer(INT64_MIN), iso) == "\"-290308-12-21T19:59:27.6Z\"");

	for (TimePrecision mode : kAllTimeModes)
		CHECK(json(timed(ValueKind::Timestamp, 6, false), null_value(), with_time(mode)) ==
			  (mode == TimePrecision::IsoString ? "\"1970-01-01T00:00:00Z\"" : "0"));
}

TEST_CASE("timestamptz and timetz ignore time.precision.mode", "[values][time]")
{
	PlainValue tz = integer(pg_us(INT64_C(1478260290123456))); /* 11:51:30.123456Z */

	for (TimePrecision mode : kAllTimeModes)
	{
		ValueOptions options = with_time(mode);

		CHECK(json(timed(ValueKind::TimestampTz, -1), tz, options) ==
			  "\"2016-11-04T11:51:30.123456Z\"");
		CHECK(json(timed(ValueKind::TimestampTz, 3), integer(pg_us(INT64_C(1478260290123000))),
				   options) == "\"2016-11-04T11:51:30.123Z\"");
		CHECK(json(timed(ValueKind::TimestampTz, 0), integer(pg_us(INT64_C(1478260290000000))),
				   options) == "\"2016-11-04T11:51:30Z\"");
		CHECK(json(timed(ValueKind::TimestampTz, -1), integer(INT64_MAX), options) ==
			  "\"infinity\"");
		CHECK(json(timed(ValueKind::TimestampTz, -1), integer(INT64_MIN), options) ==
			  "\"-infinity\"");
		CHECK(json(timed(ValueKind::TimestampTz, -1, false), null_value(), options) ==
			  "\"1970-01-01T00:00:00Z\"");

		/* '13:51:30.123789+02:00' → zone -7200 s west */
		CHECK(json(spec(ValueKind::TimeTz), time_tz(tod(13, 51, 30, 123789), -7200), options) ==
			  "\"11:51:30.123789Z\"");
		CHECK(json(spec(ValueKind::TimeTz), time_tz(tod(0, 1, 2), 4 * 3600), options) ==
			  "\"04:01:02Z\"");
		CHECK(json(spec(ValueKind::TimeTz, false), null_value(), options) == "\"00:00:00Z\"");
	}
	/* the largest timestamptz, beyond int64 Unix µs */
	CHECK(json(timed(ValueKind::TimestampTz, -1), integer(INT64_C(9223371331199999999))) ==
		  "\"+294276-12-31T23:59:59.999999Z\"");
	CHECK(json(timed(ValueKind::TimestampTz, -1), integer(pg_us(INT64_C(9223371331199999999)))) ==
		  "\"+294247-01-01T23:59:59.999999Z\"");
}

/* ---- interval ---- */

TEST_CASE("interval in numeric and string mode", "[values][interval]")
{
	ColumnSpec column = spec(ValueKind::Interval);
	PlainValue it = interval(14, 3, tod(4, 5, 6, 780000));
	ValueOptions string_mode = with_interval(IntervalHandling::String);

	CHECK(json(column, it) == "37091106780000");
	CHECK(json(column, it, string_mode) == "\"P1Y2M3DT4H5M6.78S\"");
	CHECK(json(column, interval(0, 60, 0)) == "5184000000000");
	CHECK(json(column, interval(0, 0, tod(36, 0, 0)), string_mode) == "\"P0Y0M0DT36H0M0S\"");
	CHECK(json(column, interval(-14, -3, -tod(4, 5, 6, 780000)), string_mode) ==
		  "\"P-1Y-2M-3DT-4H-5M-6.78S\"");
	CHECK(json(spec(ValueKind::Interval, false), null_value()) == "0");
	CHECK(json(spec(ValueKind::Interval, false), null_value(), string_mode) ==
		  "\"P0Y0M0DT0H0M0S\"");
	/* the time modes do not touch intervals */
	CHECK(json(column, it, with_time(TimePrecision::Connect)) == "37091106780000");
}

/* ---- point ---- */

TEST_CASE("point: Debezium's Point struct", "[values][point]")
{
	CHECK(json(spec(ValueKind::Point), point(1.0, 1.0)) ==
		  R"({"x":1.0,"y":1.0,"wkb":"AQEAAAAAAAAAAADwPwAAAAAAAPA/","srid":null})");
	CHECK(json(spec(ValueKind::Point), point(-2.5, 3.25)) ==
		  R"({"x":-2.5,"y":3.25,"wkb":"AQEAAAAAAAAAAAAEwAAAAAAAAApA","srid":null})");
	CHECK(json(spec(ValueKind::Point, false), null_value()) ==
		  R"({"x":0.0,"y":0.0,"wkb":"AQEAAAAAAAAAAAAAAAAAAAAAAAAA","srid":null})");
	CHECK(json(spec(ValueKind::Point), null_value()) == "null");
}

/* ---- hstore ---- */

TEST_CASE("hstore in json and map mode (hstore_table tests)", "[values][hstore]")
{
	ColumnSpec column = spec(ValueKind::Hstore);
	ValueOptions map = with_hstore(HstoreHandling::Map);
	const std::string one = R"("key"=>"val")";
	const std::string three = R"("key1"=>"val1", "key2"=>"val2", "key3"=>"val3")";
	const std::string with_null = R"("key1"=>"val1", "key2"=>NULL)";
	const std::string special = R"("key 2"=>" ##123 78", "key_#1"=>"val 1")";
	const std::string reordered = R"("key4"=>"val4", "key5"=>NULL)";
	const std::string escaped = R"("a\"b"=>"c\\d", "ü"=>"日本")";

	CHECK(json(column, bytes(one)) == R"("{\"key\":\"val\"}")");
	CHECK(json(column, bytes(three)) ==
		  R"("{\"key1\":\"val1\",\"key2\":\"val2\",\"key3\":\"val3\"}")");
	CHECK(json(column, bytes(with_null)) == R"("{\"key1\":\"val1\",\"key2\":null}")");
	CHECK(json(column, bytes(special)) == R"("{\"key_#1\":\"val 1\",\"key 2\":\" ##123 78\"}")");
	CHECK(json(column, bytes(reordered)) == R"("{\"key5\":null,\"key4\":\"val4\"}")");
	CHECK(json(column, bytes(escaped)) == R"("{\"a\\\"b\":\"c\\\\d\",\"ü\":\"日本\"}")");
	CHECK(json(column, bytes("")) == R"("{}")");
	/*
	 * Debezium builds the inner text with Jackson's Writer-based generator,
	 * which leaves characters beyond the BMP as they are; only the
	 * converter's UTF-8 generator escapes them, once, as surrogate pairs.
	 */
	CHECK(json(column, bytes(R"("😀"=>"a𝄞b")")) == R"("{\"\uD83D\uDE00\":\"a\uD834\uDD1Eb\"}")");

	CHECK(json(column, bytes(one), map) == R"({"key":"val"})");
	CHECK(json(column, bytes(with_null), map) == R"({"key1":"val1","key2":null})");
	CHECK(json(column, bytes(reordered), map) == R"({"key5":null,"key4":"val4"})");
	CHECK(json(column, bytes(escaped), map) == R"({"a\"b":"c\\d","ü":"日本"})");
	CHECK(json(column, bytes(""), map) == "{}");

	CHECK(json(spec(ValueKind::Hstore, false), null_value()) == R"("{}")");
	CHECK(json(spec(ValueKind::Hstore, false), null_value(), map) == "{}");

	/* hstore[]: hstore_table_mul */
	ColumnSpec array_column = array_of(column);
	const std::string first = R"("key4"=>"val4", "key5"=>NULL)";
	const std::string second = R"("key6"=>"val6")";
	std::vector<PlainValue> elements = {bytes(first), bytes(second)};

	CHECK(json(array_column, array(elements)) ==
		  R"(["{\"key5\":null,\"key4\":\"val4\"}","{\"key6\":\"val6\"}"])");
	CHECK(json(array_column, array(elements), map) ==
		  R"([{"key5":null,"key4":"val4"},{"key6":"val6"}])");
}

/* ---- arrays ---- */

TEST_CASE("arrays: elements by the element's rules, null elements null", "[values][array]")
{
	ColumnSpec int4 = spec(ValueKind::Int32, false);
	ColumnSpec text = spec(ValueKind::String);
	std::vector<PlainValue> ints = {integer(1), null_value(), integer(-3)};
	std::string a = "cone      ";
	std::string b = "ctwo      ";
	std::vector<PlainValue> texts = {bytes(a), bytes(b), null_value()};

	/* a NOT NULL element spec still gives null for a null element */
	CHECK(json(array_of(int4), array(ints)) == "[1,null,-3]");
	CHECK(json(array_of(text), array(texts)) == R"(["cone      ","ctwo      ",null])");
	CHECK(json(array_of(int4), array({})) == "[]");
	CHECK(json(array_of(int4), null_value()) == "null");
	CHECK(json(array_of(int4, false), null_value()) == "[]");

	/* time_array_table */
	ColumnSpec time = timed(ValueKind::Time, -1);
	std::vector<PlainValue> times = {integer(tod(0, 1, 2)), integer(tod(1, 2, 3))};

	CHECK(json(array_of(time, false), array(times)) == "[62000000,3723000000]");
	CHECK(json(array_of(time, false), array(times), with_time(TimePrecision::IsoString)) ==
		  R"(["00:01:02Z","01:02:03Z"])");
	ColumnSpec timetz = spec(ValueKind::TimeTz);
	std::vector<PlainValue> timetzs = {time_tz(tod(13, 51, 2), -7200),
									   time_tz(tod(14, 51, 3), -7200)};

	CHECK(json(array_of(timetz, false), array(timetzs)) == R"(["11:51:02Z","12:51:03Z"])");

	/* time[] elements pass through java.sql.Time: ms only, 24:00 rolls to 0 */
	std::vector<PlainValue> fine = {integer(tod(13, 51, 30, 123456)), integer(tod(24, 0, 0))};

	CHECK(json(array_of(time), array(fine)) == "[49890123000,0]");
	CHECK(json(array_of(timed(ValueKind::Time, 3)), array(fine)) == "[49890123,0]");
	CHECK(json(array_of(time), array(fine), with_time(TimePrecision::IsoString)) ==
		  R"(["13:51:30.123Z","00:00:00Z"])");
	/* timetz[] elements lose the whole fraction */
	std::vector<PlainValue> fine_tz = {time_tz(tod(13, 51, 2, 500000), -7200),
									   time_tz(tod(0, 30, 0, 999999), -7200)};

	CHECK(json(array_of(timetz), array(fine_tz)) == R"(["11:51:02Z","22:30:00Z"])");
	ColumnSpec timestamp = timed(ValueKind::Timestamp, -1);
	std::vector<PlainValue> stamps = {integer(pg_us(INT64_C(1585699262000000))),
									  integer(pg_us(INT64_C(1585702923000000)))};

	CHECK(json(array_of(timestamp, false), array(stamps)) == "[1585699262000000,1585702923000000]");
	ColumnSpec timestamptz = timed(ValueKind::TimestampTz, -1);
	std::vector<PlainValue> zoned = {integer(pg_us(INT64_C(1585741862000000))),
									 integer(pg_us(INT64_C(1585745463000000)))};

	CHECK(json(array_of(timestamptz, false), array(zoned)) ==
		  R"(["2020-04-01T11:51:02.000000Z","2020-04-01T12:51:03.000000Z"])");

	/* bytea_binmode_table */
	ColumnSpec bytea = spec(ValueKind::Bytes);
	std::string x000102("\x00\x01\x02", 3);
	std::string x030405("\x03\x04\x05", 3);
	std::vector<PlainValue> blobs = {bytes(x000102), bytes(x030405)};

	CHECK(json(array_of(bytea), array(blobs)) == R"(["AAEC","AwQF"])");
	CHECK(json(array_of(bytea), array(blobs), with_binary(BinaryHandling::Hex)) ==
		  R"(["000102","030405"])");
	CHECK(json(array_of(bytea), array(blobs), with_binary(BinaryHandling::Base64UrlSafe)) ==
		  R"(["AAEC","AwQF"])");

	/* numeric[]: per mode; a NaN element fails the whole array in every mode */
	ColumnSpec element = fixed(3, 2);
	Numeric n1 = numeric("1.10");
	Numeric n2 = numeric("-2.50");
	Numeric nan = numeric("NaN");
	std::vector<PlainValue> numerics = {n1.value(), null_value(), n2.value()};
	std::vector<PlainValue> with_nan = {n1.value(), nan.value()};

	CHECK(json(array_of(element), array(numerics)) == R"(["bg==",null,"/wY="])");
	CHECK(json(array_of(element), array(numerics), with_decimal(DecimalHandling::String)) ==
		  R"(["1.10",null,"-2.50"])");
	CHECK(json(array_of(element), array(numerics), with_decimal(DecimalHandling::Double)) ==
		  R"([1.1,null,-2.5])");
	CHECK(json(array_of(element), array(with_nan)) == "null");
	CHECK(json(array_of(element, false), array(with_nan)) == "[]");
	CHECK(json(array_of(element), array(with_nan), with_decimal(DecimalHandling::String)) ==
		  "null");
	CHECK(json(array_of(element), array(with_nan), with_decimal(DecimalHandling::Double)) ==
		  "null");

	/* timestamp[] in nanoseconds mode: an element out of range is null */
	std::vector<PlainValue> far = {integer(pg_us(INT64_C(-210831897600000001))), integer(pg_us(0))};

	CHECK(json(array_of(timestamp), array(far), with_time(TimePrecision::Nanoseconds)) ==
		  "[null,0]");
}

/* ---- unchanged TOAST ---- */

TEST_CASE("unchanged TOAST: scalar kinds", "[values][toast]")
{
	std::string quoted = std::string("\"") + kPlaceholder + "\"";
	std::string quoted_b64 = std::string("\"") + kPlaceholderBase64 + "\"";

	CHECK(json(spec(ValueKind::String), toasted()) == quoted);
	CHECK(json(spec(ValueKind::TextOutput), toasted()) == quoted);
	for (ValueKind kind : {ValueKind::Bytes, ValueKind::Unknown})
	{
		CHECK(json(spec(kind), toasted()) == quoted_b64);
		CHECK(json(spec(kind), toasted(), with_binary(BinaryHandling::Hex)) == quoted);
		CHECK(json(spec(kind), toasted(), with_binary(BinaryHandling::Base64)) == "null");
		CHECK(json(spec(kind), toasted(), with_binary(BinaryHandling::Base64UrlSafe)) == "null");
		CHECK(json(spec(kind, false), toasted(), with_binary(BinaryHandling::Base64)) == "\"\"");
	}

	/* numerics: the placeholder text only fits string mode */
	CHECK(json(fixed(3, 2), toasted()) == "null");
	CHECK(json(spec(ValueKind::NumericVariable), toasted(),
			   with_decimal(DecimalHandling::Double)) == "null");
	CHECK(json(fixed(3, 2), toasted(), with_decimal(DecimalHandling::String)) == quoted);
	CHECK(json(spec(ValueKind::Bits), toasted()) == "null");

	/* hstore */
	CHECK(json(spec(ValueKind::Hstore), toasted()) ==
		  R"("{\"__debezium_unavailable_value\":\"__debezium_unavailable_value\"}")");
	CHECK(json(spec(ValueKind::Hstore), toasted(), with_hstore(HstoreHandling::Map)) ==
		  R"({"__debezium_unavailable_value":"__debezium_unavailable_value"})");

	/* a custom placeholder */
	ValueOptions custom;

	custom.unavailable_placeholder = "N/A";
	CHECK(json(spec(ValueKind::String), toasted(), custom) == "\"N/A\"");
	CHECK(json(spec(ValueKind::Bytes), toasted(), custom) == "\"Ti9B\"");
}

TEST_CASE("unchanged TOAST: arrays take the placeholder list of their marker", "[values][toast]")
{
	const std::string ints =
		"[95,95,100,101,98,101,122,105,117,109,95,117,110,97,118,97,105,108,97,98,108,101,95,"
		"118,97,108,117,101]";
	ColumnSpec text = spec(ValueKind::String);
	ColumnSpec jsonb = spec(ValueKind::String);
	ColumnSpec ltree = spec(ValueKind::String);
	ColumnSpec bytea = spec(ValueKind::Bytes);
	ColumnSpec int4 = spec(ValueKind::Int32);
	ColumnSpec date = spec(ValueKind::Date);
	ColumnSpec int8 = spec(ValueKind::Int64);
	ColumnSpec uuid = spec(ValueKind::Uuid);
	ColumnSpec inet = spec(ValueKind::TextOutput);
	ColumnSpec numeric_element = fixed(3, 2);

	jsonb.semantic = Semantic::Json;
	ltree.semantic = Semantic::Ltree;

	CHECK(json(array_of(text), toasted()) == R"(["__debezium_unavailable_value"])");
	CHECK(json(array_of(jsonb), toasted()) == R"(["__debezium_unavailable_value"])");
	CHECK(json(array_of(bytea), toasted()) == R"(["X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ=="])");
	CHECK(json(array_of(int4), toasted()) == ints);
	CHECK(json(array_of(date), toasted()) == ints);
	CHECK(json(array_of(int8), toasted()) == ints);
	CHECK(json(array_of(uuid), toasted()) == R"(["b68a35a7-17ad-35b3-af2a-ae46edb4545a"])");

	/* forms that do not fit the array's schema: the null rule */
	CHECK(json(array_of(bytea), toasted(), with_binary(BinaryHandling::Hex)) == "null");
	CHECK(json(array_of(date), toasted(), with_time(TimePrecision::Connect)) == "null");
	CHECK(json(array_of(date), toasted(), with_time(TimePrecision::IsoString)) == "null");
	CHECK(json(array_of(date), toasted(), with_time(TimePrecision::Nanoseconds)) == ints);
	CHECK(json(array_of(ltree), toasted()) == "null");
	CHECK(json(array_of(inet), toasted()) == "null");
	CHECK(json(array_of(numeric_element), toasted()) == "null");
	CHECK(json(array_of(numeric_element, false), toasted()) == "[]");

	/* the server side's marker wins (oid[] is Int64 but gets the plain marker) */
	ColumnSpec oid_array = array_of(int8);

	oid_array.toast_marker = ToastMarker::Plain;
	CHECK(json(oid_array, toasted()) == "null");
	ColumnSpec citext_array = array_of(inet);

	citext_array.toast_marker = ToastMarker::TextArray;
	CHECK(json(citext_array, toasted()) == R"(["__debezium_unavailable_value"])");

	/* Java bytes are signed */
	ValueOptions custom;

	custom.unavailable_placeholder = "\xC3\xA9!";
	CHECK(json(array_of(int4), toasted(), custom) == "[-61,-87,33]");
}

/* ---- nulls ---- */

TEST_CASE("NOT NULL without default: each converter's fallback in each mode", "[values][null]")
{
	PlainValue n = null_value();
	ValueOptions string_mode = with_decimal(DecimalHandling::String);
	ValueOptions double_mode = with_decimal(DecimalHandling::Double);
	ValueOptions numeric_format = with_decimal(DecimalHandling::Precise, DecimalFormat::Numeric);

	CHECK(json(spec(ValueKind::Boolean, false), n) == "false");
	CHECK(json(spec(ValueKind::Int16, false), n) == "0");
	CHECK(json(spec(ValueKind::Int32, false), n) == "0");
	CHECK(json(spec(ValueKind::Int64, false), n) == "0");
	CHECK(json(spec(ValueKind::Float32, false), n) == "0.0");
	CHECK(json(spec(ValueKind::Float64, false), n) == "0.0");

	CHECK(json(fixed(6, 2, false), n) == "\"AA==\"");
	CHECK(json(fixed(6, 2, false), n, numeric_format) == "0.00");
	CHECK(json(fixed(6, 2, false), n, double_mode) == "0.0");
	CHECK(json(fixed(6, 2, false), n, string_mode) == "\"0.00\"");
	CHECK(json(fixed(6, 0, false), n, string_mode) == "\"0\"");
	CHECK(json(spec(ValueKind::NumericVariable, false), n) == R"({"scale":0,"value":"AA=="})");
	CHECK(json(spec(ValueKind::NumericVariable, false), n, double_mode) == "0.0");
	CHECK(json(spec(ValueKind::NumericVariable, false), n, string_mode) == "\"0\"");

	CHECK(json(spec(ValueKind::Money, false), n) == "\"AA==\"");
	CHECK(json(spec(ValueKind::Money, false), n, numeric_format) == "0.00");
	CHECK(json(spec(ValueKind::Money, false), n, double_mode) == "0.0");
	CHECK(json(spec(ValueKind::Money, false), n, string_mode) == "\"0.00\"");
	ValueOptions seven = string_mode;

	seven.money_fraction_digits = 7;
	CHECK(json(spec(ValueKind::Money, false), n, seven) == "\"0E-7\"");

	for (ValueKind kind : {ValueKind::String, ValueKind::TextOutput, ValueKind::Uuid,
						   ValueKind::Bytes, ValueKind::Unknown, ValueKind::Bits})
	{
		CHECK(json(spec(kind, false), n) == "\"\"");
		CHECK(json(spec(kind, false), n, with_binary(BinaryHandling::Hex)) == "\"\"");
	}
	CHECK(json(array_of(spec(ValueKind::Int32), false), n) == "[]");

	/* nullable: null, or the default when there is one */
	CHECK(json(spec(ValueKind::Interval), n) == "null");
	CHECK(json(spec(ValueKind::Interval, true, "5184000000000"), n) == "5184000000000");
	ValueOptions keep_null;

	keep_null.replace_null_with_default = false;
	CHECK(json(spec(ValueKind::Interval, true, "5184000000000"), n, keep_null) == "null");
	CHECK(json(spec(ValueKind::Interval, false, "5184000000000"), n, keep_null) == "5184000000000");
}

/* ---- the rest ---- */

TEST_CASE("floats, uuids and strings are unaffected by the modes", "[values]")
{
	const std::string uuid_bytes("\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11",
								 16);

	CHECK(json(spec(ValueKind::Float64), float8(4.44), with_decimal(DecimalHandling::String)) ==
		  "4.44");
	CHECK(json(spec(ValueKind::Float64), float8(std::numeric_limits<double>::quiet_NaN())) ==
		  "\"NaN\"");
	CHECK(json(spec(ValueKind::Uuid), bytes(uuid_bytes), with_binary(BinaryHandling::Hex)) ==
		  "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
	CHECK(json(spec(ValueKind::String), bytes("žš"), with_binary(BinaryHandling::Hex)) == "\"žš\"");
}

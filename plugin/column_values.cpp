/*
 * column_values.cpp
 *		Writes a materialised column value as Debezium's JSON: the encoding
 *		per kind and handling mode, null and default handling, and the
 *		placeholder for unchanged TOAST values.
 *
 * Every rule here is Debezium 3.6.1's PostgresValueConverter /
 * JdbcValueConverters followed by Kafka's JsonConverter (debezium-format.md
 * §3.4, §4, §5.2).  Scratch memory comes from the output's scratch()
 * allocator, so nothing here allocates on its own.
 */
#include "column_values.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "column_mappers.h"
#include "encoders.h"

namespace cdc
{

namespace
{

/* PostgreSQL's sentinels for date and timestamp infinities. */
constexpr int32_t kDateNegInfinity = INT32_MIN;
constexpr int32_t kDatePosInfinity = INT32_MAX;
constexpr int64_t kTimestampNegInfinity = INT64_MIN;
constexpr int64_t kTimestampPosInfinity = INT64_MAX;

/* The interval numeric mode's and string mode's zero. */
constexpr char kIntervalZero[] = "P0Y0M0DT0H0M0S";

void write_null(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options);
void write_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
				 const ValueOptions &options);

/* Fractional digits of a time column: Debezium counts no typmod as 6. */
int
fractional_digits(const ColumnSpec &column)
{
	return column.precision < 0 ? 6 : column.precision;
}

/* Writes a string value from bytes of known length. */
void
write_string(JsonWriter &writer, const char *text, size_t len)
{
	writer.String(text, static_cast<rapidjson::SizeType>(len));
}

/* Writes 'n' bytes as a quoted Base64 string straight into the output. */
void
write_base64(JsonWriter &writer, const uint8_t *bytes, size_t n, bool url_safe)
{
	JsonOut &out = writer.begin_raw_value(rapidjson::kStringType);
	size_t text_len = base64_length(n);

	out.Reserve(text_len + 2);
	out.PutUnchecked('"');
	base64_encode(bytes, n, out.data + out.len, url_safe);
	out.len += text_len;
	out.PutUnchecked('"');
}

/* Writes 'n' bytes as a quoted lowercase hex string. */
void
write_hex(JsonWriter &writer, const uint8_t *bytes, size_t n)
{
	JsonOut &out = writer.begin_raw_value(rapidjson::kStringType);

	out.Reserve(2 * n + 2);
	out.PutUnchecked('"');
	hex_encode(bytes, n, out.data + out.len);
	out.len += 2 * n;
	out.PutUnchecked('"');
}

/*
 * Writes binary data per binary.handling.mode: bytes (Base64 by the JSON
 * converter), base64, base64-url-safe (Java's encoders, padded) or hex.
 */
void
write_binary(JsonWriter &writer, const uint8_t *bytes, size_t n, const ValueOptions &options)
{
	switch (options.binary_handling)
	{
		case BinaryHandling::Bytes:
		case BinaryHandling::Base64:
			write_base64(writer, bytes, n, false);
			break;
		case BinaryHandling::Base64UrlSafe:
			write_base64(writer, bytes, n, true);
			break;
		case BinaryHandling::Hex:
			write_hex(writer, bytes, n);
			break;
	}
}

/* Writes finite or special floating point values the way Jackson does. */
template <typename Float>
void
write_float(JsonWriter &writer, Float value)
{
	char text[kJavaFloatTextMax];
	size_t len;

	if (std::isnan(value))
	{
		writer.String("NaN", 3);
		return;
	}
	if (std::isinf(value))
	{
		if (value > 0)
			writer.String("Infinity", 8);
		else
			writer.String("-Infinity", 9);
		return;
	}
	if constexpr (sizeof(Float) == sizeof(float))
		len = format_java_float(value, text);
	else
		len = format_java_double(value, text);
	writer.RawValue(text, len, rapidjson::kNumberType);
}

/* Scratch memory from the output, for the value being written. */
template <typename T>
T *
scratch_array(JsonWriter &writer, size_t count)
{
	JsonOut &out = writer.out();

	return static_cast<T *>(out.scratch(out, count * sizeof(T)));
}

/*
 * Writes a Kafka Decimal at 'scale': with decimal.format=BASE64 the Base64
 * of the unscaled two's-complement bytes, with NUMERIC a JSON number in
 * BigDecimal.toString() form.
 */
void
write_decimal(JsonWriter &writer, const NumericValue &numeric, int scale,
			  const ValueOptions &options)
{
	if (options.decimal_format == DecimalFormat::Numeric)
	{
		char *text = scratch_array<char>(writer, numeric_java_string_max_length(numeric, scale));
		size_t len = numeric_to_java_string(numeric, scale, text);

		writer.RawValue(text, len, rapidjson::kNumberType);
		return;
	}

	uint8_t *bytes = scratch_array<uint8_t>(writer, numeric_unscaled_max_bytes(numeric, scale));
	size_t n = numeric_unscaled_bytes(numeric, scale, bytes);

	write_base64(writer, bytes, n, false);
}

/*
 * Writes Debezium's VariableScaleDecimal struct for a numeric without
 * typmod; its "value" field is plain bytes, so always Base64.
 */
void
write_variable_scale_decimal(JsonWriter &writer, const NumericValue &numeric)
{
	int scale = numeric_stripped_scale(numeric);
	uint8_t *bytes = scratch_array<uint8_t>(writer, numeric_unscaled_max_bytes(numeric, scale));
	size_t n = numeric_unscaled_bytes(numeric, scale, bytes);

	writer.StartObject();
	writer.Key("scale", 5);
	writer.Int(scale);
	writer.Key("value", 5);
	write_base64(writer, bytes, n, false);
	writer.EndObject();
}

/* Writes a numeric's plain text at 'scale' (decimal.handling.mode=string). */
void
write_decimal_text(JsonWriter &writer, const NumericValue &numeric, int scale)
{
	char *text = scratch_array<char>(writer, numeric_text_max_length(numeric, scale));
	size_t len = numeric_to_text(numeric, scale, text);

	write_string(writer, text, len);
}

/* A zero NumericValue, for the fallbacks. */
NumericValue
numeric_zero()
{
	NumericValue zero;

	zero.kind = NumericValue::Kind::Finite;
	zero.negative = false;
	zero.weight = 0;
	zero.dscale = 0;
	zero.digits = nullptr;
	zero.ndigits = 0;
	return zero;
}

/*
 * Writes a numeric per decimal.handling.mode.  NaN and the infinities have
 * no precise form (the caller writes the null rule); double mode writes
 * Jackson's "NaN"/"Infinity" strings, string mode SpecialValueDecimal's
 * enum names.
 */
void
write_numeric(JsonWriter &writer, const ColumnSpec &column, const NumericValue &numeric,
			  const ValueOptions &options)
{
	switch (options.decimal_handling)
	{
		case DecimalHandling::Precise:
			if (column.kind == ValueKind::NumericVariable)
				write_variable_scale_decimal(writer, numeric);
			else
				write_decimal(writer, numeric, column.scale, options);
			break;
		case DecimalHandling::Double:
			write_float(writer, numeric_to_double(numeric));
			break;
		case DecimalHandling::String:
			switch (numeric.kind)
			{
				case NumericValue::Kind::NaN:
					writer.String("NAN", 3);
					break;
				case NumericValue::Kind::PosInfinity:
					writer.String("POSITIVE_INFINITY", 17);
					break;
				case NumericValue::Kind::NegInfinity:
					writer.String("NEGATIVE_INFINITY", 17);
					break;
				case NumericValue::Kind::Finite:
					/* numeric(p,s): setScale(s); numeric: PostgreSQL's own text */
					write_decimal_text(writer, numeric,
									   column.kind == ValueKind::NumericVariable ? numeric.dscale
																				 : column.scale);
					break;
			}
			break;
	}
}

/*
 * Writes money per decimal.handling.mode (PostgresValueConverter.convertMoney
 * of the BigDecimal PostgresMoney parses from cash_out's text): precise →
 * setScale(money.fraction.digits, HALF_UP) as a Decimal; double →
 * doubleValue(); string → toPlainString() at the text's own scale.
 */
void
write_money(JsonWriter &writer, int64_t cash, const ValueOptions &options)
{
	int16_t digits[kMoneyNumericDigits];
	NumericValue numeric = money_to_numeric(cash, options.money_storage_digits, digits);

	switch (options.decimal_handling)
	{
		case DecimalHandling::Precise:
			write_decimal(writer, numeric, options.money_fraction_digits, options);
			break;
		case DecimalHandling::Double:
			write_float(writer, numeric_to_double(numeric));
			break;
		case DecimalHandling::String:
			write_decimal_text(writer, numeric, numeric.dscale);
			break;
	}
}

/* Writes a date (PostgreSQL days) per time.precision.mode. */
void
write_date(JsonWriter &writer, int64_t pg_days, const ValueOptions &options)
{
	int64_t unix_days;

	if (pg_days == kDatePosInfinity)
		unix_days = kDatePosInfinityDays;
	else if (pg_days == kDateNegInfinity)
		unix_days = kDateNegInfinityDays;
	else
		unix_days = pg_days + kPostgresEpochDays;

	if (options.time_precision == TimePrecision::IsoString)
	{
		char text[kTimeTextMax];

		write_string(writer, text, format_iso_date(unix_days, text));
	}
	else
		writer.Int(static_cast<int>(unix_days)); /* Date, or Kafka's Date in connect mode */
}

/*
 * Writes a time of day (µs) per time.precision.mode: ms (int32) for
 * adaptive p <= 3 and connect, µs for the microsecond modes and adaptive
 * p > 3, ns for nanoseconds, IsoTime text for isostring.
 */
void
write_time(JsonWriter &writer, const ColumnSpec &column, int64_t micros,
		   const ValueOptions &options)
{
	switch (options.time_precision)
	{
		case TimePrecision::Adaptive:
			if (fractional_digits(column) <= 3)
				writer.Int(static_cast<int>(micros / 1000));
			else
				writer.Int64(micros);
			break;
		case TimePrecision::AdaptiveTimeMicroseconds:
		case TimePrecision::Microseconds:
			writer.Int64(micros);
			break;
		case TimePrecision::Nanoseconds:
			writer.Int64(micros * 1000);
			break;
		case TimePrecision::Connect:
			writer.Int(static_cast<int>(micros / 1000));
			break;
		case TimePrecision::IsoString:
		{
			char text[kTimeTextMax];

			write_string(writer, text, format_zoned_time(micros, 0, text));
			break;
		}
	}
}

/* The unit a timestamp column's epoch number takes in this mode. */
enum class EpochUnit
{
	Millis,
	Micros,
	Nanos,
	Iso
};

EpochUnit
timestamp_unit(const ColumnSpec &column, const ValueOptions &options)
{
	switch (options.time_precision)
	{
		case TimePrecision::Adaptive:
		case TimePrecision::AdaptiveTimeMicroseconds:
			return fractional_digits(column) <= 3 ? EpochUnit::Millis : EpochUnit::Micros;
		case TimePrecision::Microseconds:
			return EpochUnit::Micros;
		case TimePrecision::Nanoseconds:
			return EpochUnit::Nanos;
		case TimePrecision::Connect:
			return EpochUnit::Millis;
		case TimePrecision::IsoString:
			return EpochUnit::Iso;
	}
	return EpochUnit::Micros;
}

/*
 * Writes a timestamp (µs since 2000-01-01, read as UTC) per
 * time.precision.mode.  Infinities become pgjdbc's sentinel instants
 * (Long.MAX/MIN_VALUE in nanoseconds mode); a value nanoseconds cannot hold
 * makes Debezium's converter give up, so the column takes its null rule.
 */
void
write_timestamp(JsonWriter &writer, const ColumnSpec &column, int64_t pg_micros,
				const ValueOptions &options)
{
	EpochUnit unit = timestamp_unit(column, options);
	char text[kTimeTextMax];
	int64_t nanos;

	if (pg_micros == kTimestampPosInfinity || pg_micros == kTimestampNegInfinity)
	{
		int64_t millis = pg_micros == kTimestampPosInfinity ? kTimestampPosInfinityMillis
															: kTimestampNegInfinityMillis;

		switch (unit)
		{
			case EpochUnit::Millis:
				writer.Int64(millis);
				break;
			case EpochUnit::Micros:
				writer.Int64(millis * 1000);
				break;
			case EpochUnit::Nanos:
				writer.Int64(pg_micros == kTimestampPosInfinity ? INT64_MAX : INT64_MIN);
				break;
			case EpochUnit::Iso:
				/* the sentinel "ms" are read as µs (Conversions.toInstantFromMicros) */
				write_string(writer, text, format_zoned_timestamp(millis * 1000, 0, text));
				break;
		}
		return;
	}

	switch (unit)
	{
		case EpochUnit::Millis:
			writer.Int64(timestamp_epoch_millis(pg_micros));
			break;
		case EpochUnit::Micros:
			writer.Int64(timestamp_epoch_micros(pg_micros));
			break;
		case EpochUnit::Nanos:
			if (timestamp_epoch_nanos(pg_micros, nanos))
				writer.Int64(nanos);
			else
				write_null(writer, column, options);
			break;
		case EpochUnit::Iso:
			write_string(writer, text, format_iso_timestamp(pg_micros, text));
			break;
	}
}

/* Writes a timestamptz as Debezium's ZonedTimestamp string (every mode). */
void
write_timestamptz(JsonWriter &writer, const ColumnSpec &column, int64_t pg_micros)
{
	char text[kTimeTextMax];

	if (pg_micros == kTimestampPosInfinity)
		writer.String("infinity", 8);
	else if (pg_micros == kTimestampNegInfinity)
		writer.String("-infinity", 9);
	else
		write_string(writer, text,
					 format_zoned_timestamp_pg(pg_micros, fractional_digits(column), text));
}

/* Writes an interval as MicroDuration µs or the Interval ISO text. */
void
write_interval(JsonWriter &writer, int32_t months, int32_t days, int64_t micros,
			   const ValueOptions &options)
{
	if (options.interval_handling == IntervalHandling::String)
	{
		char text[kIntervalTextMax];

		write_string(writer, text, format_interval_iso(months, days, micros, text));
	}
	else
		writer.Int64(interval_micro_duration(months, days, micros));
}

/*
 * Writes Debezium's Geometry/Geography struct from PostGIS's hex EWKB text:
 * the EWKB bytes as they are (Base64, as Kafka writes bytes) and the SRID
 * found in them, or null.
 */
void
write_geometry(JsonWriter &writer, const char *hex, size_t hex_len)
{
	JsonOut &out = writer.out();
	uint8_t *ewkb = static_cast<uint8_t *>(out.scratch(out, hex_len / 2 + 1));
	size_t len = hex_decode(hex, hex_len, ewkb);
	int32_t srid;
	bool has_srid = ewkb_srid(ewkb, len, &srid);

	writer.StartObject();
	writer.Key("wkb", 3);
	write_base64(writer, ewkb, len, false);
	writer.Key("srid", 4);
	if (has_srid)
		writer.Int(srid);
	else
		writer.Null();
	writer.EndObject();
}

/* Writes Debezium's Point struct: x, y, the WKB of POINT(x y), srid null. */
void
write_point(JsonWriter &writer, double x, double y)
{
	uint8_t wkb[kWkbPointSize];

	point_wkb(x, y, wkb);
	writer.StartObject();
	writer.Key("x", 1);
	write_float(writer, x);
	writer.Key("y", 1);
	write_float(writer, y);
	writer.Key("wkb", 3);
	write_base64(writer, wkb, kWkbPointSize, false);
	writer.Key("srid", 4);
	writer.Null();
	writer.EndObject();
}

/* Writes a Bits value: the little-endian minimal bytes, Base64 (bytes schema). */
void
write_bits(JsonWriter &writer, const uint8_t *data, int32_t bit_count)
{
	size_t room = bit_count > 0 ? static_cast<size_t>(bit_count + 7) / 8 : 1;
	uint8_t *bytes = scratch_array<uint8_t>(writer, room);
	size_t n = bits_to_bytes(data, bit_count, bytes);

	write_base64(writer, bytes, n, false);
}

/* One unescaped hstore pair. */
struct HstoreEntry
{
	const char *key;
	size_t key_len;
	const char *value; /* null for NULL */
	size_t value_len;
};

/* Grow function of a JsonOut whose buffer was sized for the worst case. */
void
fixed_out_grow(JsonOut &, size_t)
{
	throw std::bad_alloc();
}

/* Writes the pairs as one JSON object, in 'order'. */
void
write_hstore_object(JsonWriter &writer, const HstoreEntry *entries, const uint32_t *order, size_t n)
{
	writer.StartObject();
	for (size_t i = 0; i < n; i++)
	{
		const HstoreEntry &entry = entries[order[i]];

		writer.Key(entry.key, static_cast<rapidjson::SizeType>(entry.key_len));
		if (entry.value == nullptr)
			writer.Null();
		else
			write_string(writer, entry.value, entry.value_len);
	}
	writer.EndObject();
}

/*
 * Writes pairs per hstore.handling.mode: map → a JSON object; json → a
 * string holding the compact object Jackson writes.  The key order is the
 * java.util.HashMap's that pgjdbc's HStoreConverter fills.
 */
void
write_hstore_entries(JsonWriter &writer, const HstoreEntry *entries, size_t n,
					 const ValueOptions &options)
{
	int32_t *hashes = scratch_array<int32_t>(writer, n > 0 ? n : 1);
	uint32_t *order = scratch_array<uint32_t>(writer, n > 0 ? n : 1);
	uint32_t *work = scratch_array<uint32_t>(writer, java_hashmap_work_size(n));

	for (size_t i = 0; i < n; i++)
		hashes[i] = java_string_hash(entries[i].key, entries[i].key_len);
	java_hashmap_order(hashes, n, order, work);

	if (options.hstore_handling == HstoreHandling::Map)
	{
		write_hstore_object(writer, entries, order, n);
		return;
	}

	/* json: build the object text in scratch (each byte escapes to <= 6) */
	size_t bound = 16;

	for (size_t i = 0; i < n; i++)
		bound += 6 * (entries[i].key_len + entries[i].value_len) + 16;

	JsonOut inner;

	inner.data = scratch_array<char>(writer, bound);
	inner.len = 0;
	inner.capacity = bound;
	inner.owner = writer.out().owner;
	inner.grow = fixed_out_grow;
	inner.scratch = writer.out().scratch;
	{
		JsonWriter inner_writer(inner);

		inner_writer.keep_characters_beyond_bmp();
		write_hstore_object(inner_writer, entries, order, n);
	}
	write_string(writer, inner.data, inner.len);
}

/* Parses hstore_out's text into unescaped pairs and writes them. */
void
write_hstore(JsonWriter &writer, const char *text, size_t len, const ValueOptions &options)
{
	HstorePair pair;
	size_t n = 0;
	char *unescaped;
	size_t used = 0;

	{
		HstoreReader counter(text, len);

		while (counter.next(pair))
			n++;
	}

	HstoreEntry *entries = scratch_array<HstoreEntry>(writer, n > 0 ? n : 1);
	HstoreReader reader(text, len);

	unescaped = scratch_array<char>(writer, len > 0 ? len : 1);
	for (size_t i = 0; i < n && reader.next(pair); i++)
	{
		entries[i].key = unescaped + used;
		entries[i].key_len = hstore_unescape(pair.key, pair.key_len, unescaped + used);
		used += entries[i].key_len;
		if (pair.value == nullptr)
		{
			entries[i].value = nullptr;
			entries[i].value_len = 0;
		}
		else
		{
			entries[i].value = unescaped + used;
			entries[i].value_len = hstore_unescape(pair.value, pair.value_len, unescaped + used);
			used += entries[i].value_len;
		}
	}
	write_hstore_entries(writer, entries, n, options);
}

/* True for numeric kinds whose value is NaN or an infinity. */
bool
is_special_numeric(const ColumnSpec &column, const PlainValue &value)
{
	if (column.kind != ValueKind::NumericFixed && column.kind != ValueKind::NumericVariable)
		return false;
	return decode_numeric(value.bytes.data, value.bytes.len).kind != NumericValue::Kind::Finite;
}

/*
 * True when Debezium's converter would fail on this value, leaving the
 * field null: NaN/Infinity numerics in precise mode (SpecialValueDecimal
 * has no precise form), and arrays holding a NaN/Infinity numeric in any
 * mode (pgjdbc's PgArray parses numeric elements with new BigDecimal(),
 * which throws, and PostgresValueConverter.convertArray turns that into a
 * ConnectException for the whole column).
 */
bool
conversion_fails(const ColumnSpec &column, const PlainValue &value, const ValueOptions &options)
{
	if (value.state != PlainValue::State::Present)
		return false;
	if (column.kind == ValueKind::Array && column.element != nullptr)
	{
		for (int32_t i = 0; i < value.array.count; i++)
		{
			const PlainValue &element = value.array.elements[i];

			if (element.state == PlainValue::State::Present &&
				is_special_numeric(*column.element, element))
				return true;
		}
		return false;
	}
	return options.decimal_handling == DecimalHandling::Precise &&
		   is_special_numeric(column, value);
}

/*
 * An element of a time[] or timetz[] as Debezium sees it.  Array elements
 * reach Debezium through pgjdbc's PgArray as java.sql.Time (ArrayDecoding's
 * TIME_DECODER, for timetz too): time keeps milliseconds only and 24:00:00
 * rolls over to 00:00 (TimestampUtils.toTime, Conversions.toLocalTime);
 * timetz goes through java.sql.Time.toLocalTime(), which drops the whole
 * fraction (PostgresValueConverter.resolveArrayValue).  A UTC JVM assumed.
 */
PlainValue
array_time_element(ValueKind kind, const PlainValue &element)
{
	constexpr int64_t kMicrosPerDay = INT64_C(86400000000);
	PlainValue adjusted = element;

	if (element.state != PlainValue::State::Present)
		return adjusted;
	if (kind == ValueKind::Time)
		adjusted.integer = (element.integer / 1000 * 1000) % kMicrosPerDay;
	else if (kind == ValueKind::TimeTz)
	{
		int64_t utc =
			(element.time_tz.micros + static_cast<int64_t>(element.time_tz.zone) * 1000000) %
			kMicrosPerDay;

		if (utc < 0)
			utc += kMicrosPerDay;
		adjusted.time_tz.micros = utc / 1000000 * 1000000;
		adjusted.time_tz.zone = 0;
	}
	return adjusted;
}

/* Writes an array: each element with the element's spec, null elements as null. */
void
write_array(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
			const ValueOptions &options)
{
	ColumnSpec element = column.element != nullptr ? *column.element : ColumnSpec{};

	if (column.element == nullptr)
		element.kind = ValueKind::String;
	/* Debezium builds the element column optional, without a default */
	element.optional = true;
	element.default_json = std::string_view();

	writer.StartArray();
	for (int32_t i = 0; i < value.array.count; i++)
	{
		if (element.kind == ValueKind::Time || element.kind == ValueKind::TimeTz)
			write_value(writer, element, array_time_element(element.kind, value.array.elements[i]),
						options);
		else
			write_value(writer, element, value.array.elements[i], options);
	}
	writer.EndArray();
}

/*
 * Writes the value Debezium gives a NOT NULL column that has no value and no
 * default (the columns missing from a key-only old row): each converter's
 * fallback, in the column's mode (debezium-facts §2.2).
 */
void
write_type_zero(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options)
{
	static const uint8_t zero_byte = 0;
	NumericValue zero = numeric_zero();

	switch (column.kind)
	{
		case ValueKind::Boolean:
			writer.Bool(false);
			break;
		case ValueKind::Int16:
		case ValueKind::Int32:
			writer.Int(0);
			break;
		case ValueKind::Int64:
			writer.Int64(0);
			break;
		case ValueKind::Float32:
		case ValueKind::Float64:
			writer.RawValue("0.0", 3, rapidjson::kNumberType);
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
			if (options.decimal_handling == DecimalHandling::Precise &&
				column.kind == ValueKind::NumericVariable)
			{
				writer.StartObject();
				writer.Key("scale", 5);
				writer.Int(0);
				writer.Key("value", 5);
				write_base64(writer, &zero_byte, 1, false);
				writer.EndObject();
			}
			else
				write_numeric(writer, column, zero, options);
			break;
		case ValueKind::Money:
			/* BigDecimal.ZERO.setScale(money.fraction.digits), per mode */
			switch (options.decimal_handling)
			{
				case DecimalHandling::Precise:
					write_decimal(writer, zero, options.money_fraction_digits, options);
					break;
				case DecimalHandling::Double:
					writer.RawValue("0.0", 3, rapidjson::kNumberType);
					break;
				case DecimalHandling::String:
				{
					/* the fallback is toString(), not toPlainString(): "0E-7" */
					char text[64];
					size_t len = numeric_to_java_string(zero, options.money_fraction_digits, text);

					write_string(writer, text, len);
					break;
				}
			}
			break;
		case ValueKind::String:
		case ValueKind::TextOutput:
		case ValueKind::Uuid:
		case ValueKind::Bytes:
		case ValueKind::Unknown:
		case ValueKind::Bits:
			writer.String("", 0);
			break;
		case ValueKind::Date:
			if (options.time_precision == TimePrecision::IsoString)
				writer.String("1970-01-01Z");
			else
				writer.Int(0);
			break;
		case ValueKind::Time:
			if (options.time_precision == TimePrecision::IsoString)
				writer.String("00:00:00Z");
			else
				writer.Int(0);
			break;
		case ValueKind::Timestamp:
			if (options.time_precision == TimePrecision::IsoString)
				writer.String("1970-01-01T00:00:00Z");
			else
				writer.Int64(0);
			break;
		case ValueKind::TimestampTz:
			writer.String("1970-01-01T00:00:00Z");
			break;
		case ValueKind::TimeTz:
			writer.String("00:00:00Z");
			break;
		case ValueKind::Interval:
			if (options.interval_handling == IntervalHandling::String)
				writer.String(kIntervalZero, sizeof(kIntervalZero) - 1);
			else
				writer.Int64(0);
			break;
		case ValueKind::Point:
			write_point(writer, 0.0, 0.0);
			break;
		case ValueKind::Geometry:
			/* PostgisGeometry.createEmpty(): GEOMETRYCOLLECTION EMPTY */
			write_geometry(writer, "010700000000000000", 18);
			break;
		case ValueKind::Hstore:
			if (options.hstore_handling == HstoreHandling::Map)
			{
				writer.StartObject();
				writer.EndObject();
			}
			else
				writer.String("{}", 2);
			break;
		case ValueKind::Array:
			writer.StartArray();
			writer.EndArray();
			break;
	}
}

/* The marker Debezium picks for an array column (see ToastMarker). */
ToastMarker
array_toast_marker(const ColumnSpec &column)
{
	if (column.toast_marker != ToastMarker::ByKind)
		return column.toast_marker;
	if (column.element == nullptr)
		return ToastMarker::Plain;
	switch (column.element->kind)
	{
		case ValueKind::Int32:
		case ValueKind::Date:
			return ToastMarker::IntArray;
		case ValueKind::Int64:
			return ToastMarker::BigintArray;
		case ValueKind::Uuid:
			return ToastMarker::UuidArray;
		case ValueKind::Bytes:
			return ToastMarker::BinaryArray;
		case ValueKind::String:
			if (column.element->semantic == Semantic::None ||
				column.element->semantic == Semantic::Json)
				return ToastMarker::TextArray;
			return ToastMarker::Plain;
		default:
			return ToastMarker::Plain;
	}
}

/*
 * Writes the placeholder list Debezium substitutes for an unchanged TOASTed
 * array, where the array schema accepts it; elsewhere the list fails Kafka's
 * schema validation and the column takes its null rule.
 */
void
write_unavailable_array(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options)
{
	std::string_view placeholder = options.unavailable_placeholder;
	const uint8_t *bytes = reinterpret_cast<const uint8_t *>(placeholder.data());
	ValueKind element = column.element != nullptr ? column.element->kind : ValueKind::String;

	switch (array_toast_marker(column))
	{
		case ToastMarker::TextArray:
			writer.StartArray();
			write_string(writer, placeholder.data(), placeholder.size());
			writer.EndArray();
			return;
		case ToastMarker::BinaryArray:
			/* a byte[] element only fits the bytes schema of bytes mode */
			if (options.binary_handling != BinaryHandling::Bytes)
				break;
			writer.StartArray();
			write_base64(writer, bytes, placeholder.size(), false);
			writer.EndArray();
			return;
		case ToastMarker::IntArray:
			/* Integers fit int4[] and Debezium's Date, not Kafka's Date or IsoDate */
			if (element == ValueKind::Date && (options.time_precision == TimePrecision::Connect ||
											   options.time_precision == TimePrecision::IsoString))
				break;
			writer.StartArray();
			for (size_t i = 0; i < placeholder.size(); i++)
				writer.Int(static_cast<int8_t>(bytes[i])); /* Java's signed byte */
			writer.EndArray();
			return;
		case ToastMarker::BigintArray:
			writer.StartArray();
			for (size_t i = 0; i < placeholder.size(); i++)
				writer.Int64(static_cast<int8_t>(bytes[i]));
			writer.EndArray();
			return;
		case ToastMarker::UuidArray:
		{
			uint8_t uuid[16];
			char text[kUuidTextLength];

			name_uuid_from_bytes(bytes, placeholder.size(), uuid);
			format_uuid(uuid, text);
			writer.StartArray();
			write_string(writer, text, kUuidTextLength);
			writer.EndArray();
			return;
		}
		case ToastMarker::ByKind:
		case ToastMarker::Plain:
			break;
	}
	write_null(writer, column, options);
}

/*
 * Writes what Debezium shows for an unchanged TOAST value that the WAL does
 * not carry (spec §5.2): the placeholder in the form the column's converter
 * gives it, or, where that form does not fit the column's schema, the null
 * rule (Debezium leaves the field unset).
 */
void
write_unavailable(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options)
{
	std::string_view placeholder = options.unavailable_placeholder;
	const uint8_t *bytes = reinterpret_cast<const uint8_t *>(placeholder.data());

	switch (column.kind)
	{
		case ValueKind::String:
		case ValueKind::TextOutput:
		case ValueKind::Uuid:
			write_string(writer, placeholder.data(), placeholder.size());
			break;
		case ValueKind::Bytes:
		case ValueKind::Unknown:
			/* bytes: the placeholder's bytes; hex: its text; base64*: null */
			if (options.binary_handling == BinaryHandling::Bytes)
				write_base64(writer, bytes, placeholder.size(), false);
			else if (options.binary_handling == BinaryHandling::Hex)
				write_string(writer, placeholder.data(), placeholder.size());
			else
				write_null(writer, column, options);
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
		case ValueKind::Money:
			/* the converters hand the placeholder text through; only a string schema takes it */
			if (options.decimal_handling == DecimalHandling::String)
				write_string(writer, placeholder.data(), placeholder.size());
			else
				write_null(writer, column, options);
			break;
		case ValueKind::Hstore:
		{
			HstoreEntry entry = {placeholder.data(), placeholder.size(), placeholder.data(),
								 placeholder.size()};

			write_hstore_entries(writer, &entry, 1, options);
			break;
		}
		case ValueKind::Array:
			write_unavailable_array(writer, column, options);
			break;
		case ValueKind::Boolean:
		case ValueKind::Int16:
		case ValueKind::Int32:
		case ValueKind::Int64:
		case ValueKind::Float32:
		case ValueKind::Float64:
		case ValueKind::Bits:
		case ValueKind::Date:
		case ValueKind::Time:
		case ValueKind::TimeTz:
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
		case ValueKind::Interval:
		case ValueKind::Point:
		case ValueKind::Geometry:
			write_null(writer, column, options);
			break;
	}
}

/* Writes a null: the default, the type's zero or null, as Debezium would. */
void
write_null(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options)
{
	if (!column.default_json.empty() && (options.replace_null_with_default || !column.optional))
		writer.RawValue(column.default_json.data(), column.default_json.size(),
						rapidjson::kObjectType);
	else if (!column.optional)
		write_type_zero(writer, column, options);
	else
		writer.Null();
}

/* Writes a value of any state (the body of write_column_value). */
void
write_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
			const ValueOptions &options)
{
	switch (value.state)
	{
		case PlainValue::State::Null:
			write_null(writer, column, options);
			break;
		case PlainValue::State::UnchangedToast:
			write_unavailable(writer, column, options);
			break;
		case PlainValue::State::Present:
			if (conversion_fails(column, value, options))
				write_null(writer, column, options);
			else
				write_present_value(writer, column, value, options);
			break;
	}
}

/*
 * Whether Debezium's converted value of a column is a Java String: the
 * values TruncateColumn's converter cuts (besides ByteBuffers).
 */
bool
converts_to_java_string(const ColumnSpec &column, const ValueOptions &options)
{
	switch (column.kind)
	{
		case ValueKind::String:
		case ValueKind::TextOutput:
		case ValueKind::Uuid:
		case ValueKind::TimeTz:
		case ValueKind::TimestampTz:
			return true;
		case ValueKind::Date:
		case ValueKind::Time:
		case ValueKind::Timestamp:
			return options.time_precision == TimePrecision::IsoString;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
		case ValueKind::Money:
			return options.decimal_handling == DecimalHandling::String;
		case ValueKind::Interval:
			return options.interval_handling == IntervalHandling::String;
		case ValueKind::Hstore:
			return options.hstore_handling == HstoreHandling::Json;
		case ValueKind::Bytes:
			return options.binary_handling != BinaryHandling::Bytes;
		default:
			return false;
	}
}

/*
 * Writes a value through its column mapper, as Debezium's mapping converter
 * runs after the column's own converter: a mask replaces every value (NULL
 * and the unchanged-TOAST placeholder included); a hash replaces the text
 * (the placeholder's text for an unchanged TOAST value) and leaves NULL to
 * the usual null rules; truncation cuts String values to their first N
 * UTF-16 units and bytea's bytes (binary.handling.mode=bytes) to N bytes.
 */
void
write_mapped_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
				   const ValueOptions &options)
{
	const ColumnMapperSpec &mapper = *column.mapper;

	switch (mapper.mapping)
	{
		case ColumnMapping::MaskWithChars:
			writer.String(mapper.mask.data(), static_cast<rapidjson::SizeType>(mapper.mask.size()));
			return;
		case ColumnMapping::MaskHashV1:
		case ColumnMapping::MaskHashV2:
		{
			char hex[2 * kMaxDigestLength];
			const char *text = value.bytes.data;
			size_t len = value.bytes.len;
			size_t hex_len;

			if (value.state == PlainValue::State::Null)
			{
				write_value(writer, column, value, options);
				return;
			}
			if (value.state == PlainValue::State::UnchangedToast)
			{
				text = options.unavailable_placeholder.data();
				len = options.unavailable_placeholder.size();
			}
			hex_len = mask_hash_hex(mapper.algorithm, mapper.mapping == ColumnMapping::MaskHashV2,
									mapper.salt, text, len, mapper.column_length, hex);
			writer.String(hex, static_cast<rapidjson::SizeType>(hex_len));
			return;
		}
		case ColumnMapping::TruncateToChars:
		{
			bool is_string;
			size_t start;
			JsonOut &out = writer.out();

			if (value.state == PlainValue::State::Present && column.kind == ValueKind::Bytes &&
				options.binary_handling == BinaryHandling::Bytes)
			{
				PlainValue cut = value;

				if (cut.bytes.len > static_cast<size_t>(mapper.length))
					cut.bytes.len = static_cast<size_t>(mapper.length);
				write_value(writer, column, cut, options);
				return;
			}
			if (value.state == PlainValue::State::Present)
				is_string = converts_to_java_string(column, options) &&
							!conversion_fails(column, value, options);
			else
				is_string =
					value.state == PlainValue::State::UnchangedToast &&
					(column.kind == ValueKind::String || column.kind == ValueKind::TextOutput);
			start = out.len;
			write_value(writer, column, value, options);
			if (!is_string)
				return;
			/* skip the separator the writer put before the value */
			if (start < out.len && (out.data[start] == ',' || out.data[start] == ':'))
				start++;
			if (start < out.len && out.data[start] == '"')
				truncate_json_string(out, start, static_cast<size_t>(mapper.length));
			return;
		}
	}
}

} /* namespace */

/*
 * Writes the JSON of a present value.  Every kind's rule is Debezium's
 * conversion under the handling modes in 'options' (debezium-format.md §4).
 */
void
write_present_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
					const ValueOptions &options)
{
	switch (column.kind)
	{
		case ValueKind::Boolean:
			writer.Bool(value.boolean);
			break;
		case ValueKind::Int16:
		case ValueKind::Int32:
			writer.Int(static_cast<int>(value.integer));
			break;
		case ValueKind::Int64:
			writer.Int64(value.integer);
			break;
		case ValueKind::Float32:
			write_float(writer, value.float32);
			break;
		case ValueKind::Float64:
			write_float(writer, value.float64);
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
		{
			NumericValue numeric = decode_numeric(value.bytes.data, value.bytes.len);

			if (numeric.kind != NumericValue::Kind::Finite &&
				options.decimal_handling == DecimalHandling::Precise)
				write_null(writer, column, options);
			else
				write_numeric(writer, column, numeric, options);
			break;
		}
		case ValueKind::Money:
			write_money(writer, value.integer, options);
			break;
		case ValueKind::String:
		case ValueKind::TextOutput:
			write_string(writer, value.bytes.data, value.bytes.len);
			break;
		case ValueKind::Bytes:
		case ValueKind::Unknown:
			write_binary(writer, reinterpret_cast<const uint8_t *>(value.bytes.data),
						 value.bytes.len, options);
			break;
		case ValueKind::Bits:
			write_bits(writer, value.bits.data, value.bits.bit_count);
			break;
		case ValueKind::Date:
			write_date(writer, value.integer, options);
			break;
		case ValueKind::Time:
			write_time(writer, column, value.integer, options);
			break;
		case ValueKind::TimeTz:
		{
			char text[kTimeTextMax];

			write_string(writer, text,
						 format_zoned_time(value.time_tz.micros, value.time_tz.zone, text));
			break;
		}
		case ValueKind::Timestamp:
			write_timestamp(writer, column, value.integer, options);
			break;
		case ValueKind::TimestampTz:
			write_timestamptz(writer, column, value.integer);
			break;
		case ValueKind::Interval:
			write_interval(writer, value.interval.months, value.interval.days,
						   value.interval.micros, options);
			break;
		case ValueKind::Uuid:
		{
			char text[kUuidTextLength];

			format_uuid(reinterpret_cast<const uint8_t *>(value.bytes.data), text);
			write_string(writer, text, kUuidTextLength);
			break;
		}
		case ValueKind::Point:
			write_point(writer, value.point.x, value.point.y);
			break;
		case ValueKind::Geometry:
			write_geometry(writer, value.bytes.data, value.bytes.len);
			break;
		case ValueKind::Hstore:
			write_hstore(writer, value.bytes.data, value.bytes.len, options);
			break;
		case ValueKind::Array:
			write_array(writer, column, value, options);
			break;
	}
}

/*
 * Writes one column's value, handling nulls (and values Debezium cannot
 * convert, which it leaves null) and unchanged TOAST values.
 */
void
write_column_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
				   const ValueOptions &options)
{
	if (column.mapper != nullptr && column.mapper->converts)
		write_mapped_value(writer, column, value, options);
	else
		write_value(writer, column, value, options);
}

} /* namespace cdc */

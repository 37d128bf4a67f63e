/*
 * column_values.cpp
 *		Writes a materialised column value as Debezium's JSON: the encoding
 *		per kind, null and default handling, and the placeholder for
 *		unchanged TOAST values.
 */
#include "column_values.h"

#include <cmath>
#include <cstring>

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

/* Fractional digits of a time column: Debezium counts no typmod as 6. */
int
fractional_digits(const ColumnSpec &column)
{
	return column.precision < 0 ? 6 : column.precision;
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

/* Writes a numeric's unscaled integer at 'scale' as Decimal bytes. */
void
write_decimal_bytes(JsonWriter &writer, const NumericValue &numeric, int scale)
{
	JsonOut &out = writer.out();
	uint8_t *bytes =
		static_cast<uint8_t *>(out.scratch(out, numeric_unscaled_max_bytes(numeric, scale)));
	size_t n = numeric_unscaled_bytes(numeric, scale, bytes);

	write_base64(writer, bytes, n, false);
}

/* Writes Debezium's VariableScaleDecimal struct for a numeric without typmod. */
void
write_variable_scale_decimal(JsonWriter &writer, const NumericValue &numeric)
{
	int scale = numeric_stripped_scale(numeric);

	writer.StartObject();
	writer.Key("scale", 5);
	writer.Int(scale);
	writer.Key("value", 5);
	write_decimal_bytes(writer, numeric, scale);
	writer.EndObject();
}

/* Writes a timestamp (µs since 2000-01-01, read as UTC) as epoch ms or µs. */
void
write_timestamp(JsonWriter &writer, const ColumnSpec &column, int64_t pg_micros)
{
	bool millis = fractional_digits(column) <= 3;

	if (pg_micros == kTimestampPosInfinity)
		writer.Int64(millis ? kTimestampPosInfinityMillis : kTimestampPosInfinityMillis * 1000);
	else if (pg_micros == kTimestampNegInfinity)
		writer.Int64(millis ? kTimestampNegInfinityMillis : kTimestampNegInfinityMillis * 1000);
	else
	{
		int64_t unix_micros = pg_micros + kPostgresEpochMicros;

		writer.Int64(millis ? floor_div(unix_micros, 1000) : unix_micros);
	}
}

/* Writes a timestamptz as Debezium's ZonedTimestamp string. */
void
write_timestamptz(JsonWriter &writer, const ColumnSpec &column, int64_t pg_micros)
{
	char text[kTimeTextMax];
	size_t len;

	if (pg_micros == kTimestampPosInfinity)
		writer.String("infinity", 8);
	else if (pg_micros == kTimestampNegInfinity)
		writer.String("-infinity", 9);
	else
	{
		len = format_zoned_timestamp(pg_micros + kPostgresEpochMicros, fractional_digits(column),
									 text);
		writer.String(text, static_cast<rapidjson::SizeType>(len));
	}
}

/* Writes a date as Debezium's epoch days, with its infinity sentinels. */
void
write_date(JsonWriter &writer, int64_t pg_days)
{
	if (pg_days == kDatePosInfinity)
		writer.Int(kDatePosInfinityDays);
	else if (pg_days == kDateNegInfinity)
		writer.Int(kDateNegInfinityDays);
	else
		writer.Int(static_cast<int>(pg_days + kPostgresEpochDays));
}

/*
 * Writes the value Debezium gives a NOT NULL column that has no value and no
 * default (the columns missing from a key-only old row): its type's zero.
 */
void
write_type_zero(JsonWriter &writer, const ColumnSpec &column)
{
	static const uint8_t zero_byte = 0;

	switch (column.kind)
	{
		case ValueKind::Boolean:
			writer.Bool(false);
			break;
		case ValueKind::Int16:
		case ValueKind::Int32:
		case ValueKind::Date:
			writer.Int(0);
			break;
		case ValueKind::Int64:
		case ValueKind::Time:
		case ValueKind::Timestamp:
			writer.Int64(0);
			break;
		case ValueKind::Float32:
		case ValueKind::Float64:
			writer.RawValue("0.0", 3, rapidjson::kNumberType);
			break;
		case ValueKind::NumericFixed:
			write_base64(writer, &zero_byte, 1, false);
			break;
		case ValueKind::NumericVariable:
			writer.StartObject();
			writer.Key("scale", 5);
			writer.Int(0);
			writer.Key("value", 5);
			write_base64(writer, &zero_byte, 1, false);
			writer.EndObject();
			break;
		case ValueKind::TimestampTz:
			writer.String("1970-01-01T00:00:00Z");
			break;
		case ValueKind::Uuid:
		case ValueKind::String:
		case ValueKind::Bytes:
		case ValueKind::TextOutput:
			writer.String("", 0);
			break;
		default:
			writer.Null();
			break;
	}
}

/*
 * Writes what Debezium shows for an unchanged TOAST value that the WAL does
 * not carry: the placeholder, in the form the column's type takes.
 */
void
write_unavailable(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options)
{
	std::string_view placeholder = options.unavailable_placeholder;

	switch (column.kind)
	{
		case ValueKind::String:
		case ValueKind::TextOutput:
			writer.String(placeholder.data(), static_cast<rapidjson::SizeType>(placeholder.size()));
			break;
		case ValueKind::Bytes:
			write_base64(writer, reinterpret_cast<const uint8_t *>(placeholder.data()),
						 placeholder.size(), false);
			break;
		default:
			writer.Null();
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
		write_type_zero(writer, column);
	else
		writer.Null();
}

/* True for numeric kinds whose value is NaN or an infinity. */
bool
is_special_numeric(const ColumnSpec &column, const PlainValue &value)
{
	if (column.kind != ValueKind::NumericFixed && column.kind != ValueKind::NumericVariable)
		return false;
	return decode_numeric(value.bytes.data, value.bytes.len).kind != NumericValue::Kind::Finite;
}

} /* namespace */

/*
 * Writes the JSON of a present value.  Every kind's rule is Debezium's
 * default conversion (debezium-format.md §4.1).
 */
void
write_present_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
					const ValueOptions &)
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
			write_decimal_bytes(writer, decode_numeric(value.bytes.data, value.bytes.len),
								column.scale);
			break;
		case ValueKind::NumericVariable:
			write_variable_scale_decimal(writer, decode_numeric(value.bytes.data, value.bytes.len));
			break;
		case ValueKind::String:
		case ValueKind::TextOutput:
			writer.String(value.bytes.data, static_cast<rapidjson::SizeType>(value.bytes.len));
			break;
		case ValueKind::Bytes:
			write_base64(writer, reinterpret_cast<const uint8_t *>(value.bytes.data),
						 value.bytes.len, false);
			break;
		case ValueKind::Date:
			write_date(writer, value.integer);
			break;
		case ValueKind::Time:
			if (fractional_digits(column) <= 3)
				writer.Int(static_cast<int>(value.integer / 1000));
			else
				writer.Int64(value.integer);
			break;
		case ValueKind::Timestamp:
			write_timestamp(writer, column, value.integer);
			break;
		case ValueKind::TimestampTz:
			write_timestamptz(writer, column, value.integer);
			break;
		case ValueKind::Uuid:
		{
			char text[kUuidTextLength];

			format_uuid(reinterpret_cast<const uint8_t *>(value.bytes.data), text);
			writer.String(text, kUuidTextLength);
			break;
		}
		default:
			writer.Null();
			break;
	}
}

/*
 * Writes one column's value, handling nulls (and numerics Debezium cannot
 * represent, which it leaves null) and unchanged TOAST values.
 */
void
write_column_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
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
			if (is_special_numeric(column, value))
				write_null(writer, column, options);
			else
				write_present_value(writer, column, value, options);
			break;
	}
}

} /* namespace cdc */

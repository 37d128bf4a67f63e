/*
 * column_values.h
 *		A column's value between the server and JSON: how a column is encoded
 *		(ValueKind and its parameters), the plain value materialised from a
 *		Datum, and the function that writes it as Debezium's JSON.
 *
 * C++ zone: no server header.  materialize.cpp (PG zone) fills PlainValue
 * from a Datum; write_column_value() here turns it into JSON.
 */
#ifndef CDC_COLUMN_VALUES_H
#define CDC_COLUMN_VALUES_H

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json_stream.h"

namespace cdc
{

/* How a column's value is carried and written. */
enum class ValueKind : uint8_t
{
	Boolean,		 /* bool */
	Int16,			 /* int2 */
	Int32,			 /* int4 */
	Int64,			 /* int8, oid */
	Float32,		 /* float4 */
	Float64,		 /* float8 */
	NumericFixed,	 /* numeric(p,s): Decimal bytes at scale s */
	NumericVariable, /* numeric: VariableScaleDecimal struct */
	String,			 /* text-like: the bytes as they are */
	Bytes,			 /* bytea */
	Date,			 /* int32 days since 2000-01-01 */
	Time,			 /* int64 µs of day */
	Timestamp,		 /* int64 µs since 2000-01-01 */
	TimestampTz,	 /* int64 µs since 2000-01-01 UTC */
	Uuid,			 /* 16 bytes */
	TextOutput		 /* any other type: its output function's text */
};

/* Everything about one column that its JSON depends on. */
struct ColumnSpec
{
	std::string_view name;
	ValueKind kind;
	bool optional; /* nullable, so the schema says optional */
	int scale;	   /* numeric: declared scale */
	int precision; /* numeric: declared precision; times: fractional digits */

	/* The schema default as JSON, or empty when the column has none. */
	std::string_view default_json;
};

/* A materialised value: what the encoder needs, no server types. */
struct PlainValue
{
	enum class State : uint8_t
	{
		Null,
		Present,
		UnchangedToast /* an unchanged out-of-line value not in the WAL */
	};

	State state;
	union
	{
		bool boolean;
		int64_t integer; /* all integer, date and time kinds */
		float float32;
		double float64;
		struct
		{
			const char *data;
			size_t len;
		} bytes; /* string, bytea, numeric, uuid */
	};
};

/* Options that change how values are written. */
struct ValueOptions
{
	bool replace_null_with_default;
	std::string_view unavailable_placeholder;
};

/*
 * Writes one column's value as Debezium's JSON (the value only, not its
 * key).  A null becomes the column's default, its type's zero or null, as
 * Debezium and the JSON converter do.
 */
void write_column_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
						const ValueOptions &options);

/*
 * Writes the JSON of a value that is present; used for both row values and
 * for pre-rendering column defaults.
 */
void write_present_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value);

} /* namespace cdc */

#endif /* CDC_COLUMN_VALUES_H */

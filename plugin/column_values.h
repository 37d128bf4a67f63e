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
#include "options.h"

namespace cdc
{

/* How a column's value is carried and written. */
enum class ValueKind : uint8_t
{
	Boolean,		 /* bool, bit(1), varbit(1) */
	Int16,			 /* int2 */
	Int32,			 /* int4 */
	Int64,			 /* int8, oid */
	Float32,		 /* float4 */
	Float64,		 /* float8 */
	NumericFixed,	 /* numeric(p,s): Decimal at scale s */
	NumericVariable, /* numeric: VariableScaleDecimal struct */
	Money,			 /* money: int64 cents, Decimal at money.fraction.digits */
	String,			 /* text-like: the bytes as they are */
	Bytes,			 /* bytea, per binary.handling.mode */
	Bits,			 /* bit(n>1), varbit: Debezium's Bits bytes */
	Date,			 /* int32 days since 2000-01-01 */
	Time,			 /* int64 µs of day */
	TimeTz,			 /* µs of day and zone */
	Timestamp,		 /* int64 µs since 2000-01-01 */
	TimestampTz,	 /* int64 µs since 2000-01-01 UTC */
	Interval,		 /* months, days, µs */
	Uuid,			 /* 16 bytes */
	Point,			 /* two doubles */
	Geometry,		 /* PostGIS geometry/geography: the hex EWKB text output */
	Hstore,			 /* hstore's text output, per hstore.handling.mode */
	Array,			 /* one-dimensional array of ColumnSpec::element */
	Unknown,		 /* include.unknown.datatypes: bytes of the text output */
	TextOutput		 /* a string: the output function's text (inet, ranges, ...) */
};

/* The Debezium semantic type of a string column, for its schema. */
enum class Semantic : uint8_t
{
	None,
	Json,	  /* io.debezium.data.Json: json, jsonb */
	Xml,	  /* io.debezium.data.Xml */
	Ltree,	  /* io.debezium.data.Ltree */
	Tsvector, /* io.debezium.data.Tsvector */
	Enum,	  /* io.debezium.data.Enum, with the allowed labels */
	Geography /* a Geometry kind that is PostGIS geography */
};

/*
 * Which of Debezium's unchanged-TOAST markers a column gets.  Debezium picks
 * it from the type name (UnchangedToastedReplicationMessageColumn); the
 * marker decides the placeholder's JSON form.  ByKind derives it from the
 * kind: arrays of Int32/Date → IntArray, Int64 → BigintArray, Uuid →
 * UuidArray, Bytes → BinaryArray, String (no semantic, or Json) →
 * TextArray, anything else → Plain.  The server side sets Plain where the
 * kinds say otherwise (oid[], name[], citext[]).
 */
enum class ToastMarker : uint8_t
{
	ByKind,
	Plain,		 /* UNCHANGED_TOAST_VALUE */
	TextArray,	 /* text[], varchar[], bpchar[], json[], jsonb[] */
	BinaryArray, /* bytea[] */
	IntArray,	 /* int4[], date[] */
	BigintArray, /* int8[] */
	UuidArray	 /* uuid[] */
};

/* Everything about one column that its JSON and its schema depend on. */
struct ColumnSpec
{
	std::string_view name;
	ValueKind kind;
	Semantic semantic;
	bool optional; /* nullable, so the schema says optional */
	int scale;	   /* numeric: declared scale */
	int precision; /* numeric: declared precision; times: fractional digits (-1: none) */
	int length;	   /* bit/varbit: declared length (-1: none) */

	/* Enum: the labels in sort order, joined by ','. */
	std::string_view enum_labels;

	/* Array: the element's spec (its name is unused). */
	const ColumnSpec *element;

	/* The schema default as JSON, or empty when the column has none. */
	std::string_view default_json;

	/*
	 * column.propagate.source.type / datatype.propagate.source.type: whether
	 * the schema carries __debezium.source.column.* parameters, and their
	 * values (the type name, length and scale Debezium reports).
	 */
	bool propagate_source_type;
	std::string_view type_name;
	int type_length;
	int type_scale;

	/* Array columns: the unchanged-TOAST placeholder's form (see ToastMarker). */
	ToastMarker toast_marker = ToastMarker::ByKind;

	/*
	 * The value's column mapper (column.mask.*, column.truncate.*), or null.
	 * Set on value columns only: a key column is a spec of its own without
	 * one, so masks never reach the key.
	 */
	const struct ColumnMapperSpec *mapper = nullptr;

	/*
	 * The name as a JSON string, quotes included, rendered once for the
	 * keys of row images.  Empty: rendered per event instead.
	 */
	std::string_view name_json = {};
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
		int64_t integer; /* integer, money, date, time and timestamp kinds */
		float float32;
		double float64;
		struct
		{
			const char *data;
			size_t len;
		} bytes; /* string, bytea, numeric, uuid, hstore, unknown, text output */
		struct
		{
			const uint8_t *data; /* PostgreSQL's bit order: first bit = high bit of byte 0 */
			int32_t bit_count;
		} bits;
		struct
		{
			int64_t micros;
			int32_t zone; /* seconds west of UTC, as TimeTzADT */
		} time_tz;
		struct
		{
			int64_t micros;
			int32_t days;
			int32_t months;
		} interval;
		struct
		{
			double x;
			double y;
		} point;
		struct
		{
			const PlainValue *elements;
			int32_t count;
		} array;
	};
};

/* Options that change how values are written (see options.h for the words). */
struct ValueOptions
{
	bool replace_null_with_default = true;
	std::string_view unavailable_placeholder = "__debezium_unavailable_value";
	DecimalHandling decimal_handling = DecimalHandling::Precise;
	DecimalFormat decimal_format = DecimalFormat::Base64;
	TimePrecision time_precision = TimePrecision::Adaptive;
	BinaryHandling binary_handling = BinaryHandling::Bytes;
	HstoreHandling hstore_handling = HstoreHandling::Json;
	IntervalHandling interval_handling = IntervalHandling::Numeric;
	int money_fraction_digits = 2;

	/*
	 * Fraction digits of the server's money storage: PostgreSQL's Cash counts
	 * units of 10^-frac_digits of lc_monetary (2 for C, POSIX and most
	 * locales; cash_out falls back to 2 outside 0..10).  Debezium parses
	 * cash_out's text, so the value it sees is Cash / 10^this.
	 */
	int money_storage_digits = 2;
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
void write_present_value(JsonWriter &writer, const ColumnSpec &column, const PlainValue &value,
						 const ValueOptions &options);

} /* namespace cdc */

#endif /* CDC_COLUMN_VALUES_H */

/*
 * test_schema.cpp
 *		Unit tests of the schemas.enable blocks: the spec's full example byte
 *		for byte, every column kind under every handling mode, defaults,
 *		propagated source types, arrays, maps and the cached texts.
 */
#include <catch2/catch.hpp>

#include <string>

#include "json_test_buffer.h"
#include "schema.h"

using namespace cdc;

namespace
{

/* A column of 'kind' with every other member zero, empty or "none". */
ColumnSpec
spec(const char *name, ValueKind kind, bool optional = true)
{
	ColumnSpec column{};

	column.name = name;
	column.kind = kind;
	column.semantic = Semantic::None;
	column.optional = optional;
	column.precision = -1;
	column.length = -1;
	column.type_length = -1;
	column.type_scale = -1;
	return column;
}

/* The member schema of one value column. */
std::string
column_schema(const ColumnSpec &column, const ValueOptions &options = ValueOptions(),
			  bool in_key = false)
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_column_schema(writer, column, options, in_key);
	}
	return buffer.text();
}

/* The member schema of a column of 'kind' under 'options'. */
std::string
kind_schema(ValueKind kind, const ValueOptions &options = ValueOptions(), int precision = -1)
{
	ColumnSpec column = spec("c", kind);

	column.precision = precision;
	return column_schema(column, options);
}

/* The spec's example table: public.cf_t(id int primary key, name text). */
struct SampleTable
{
	ColumnSpec columns[2] = {spec("id", ValueKind::Int32, false), spec("name", ValueKind::String)};
	int key[1] = {0};
	TableSpec table = {"public", "cf_t", "cdc.public.cf_t", columns, 2, key, 1};
};

/* The envelope schema of 'table'. */
std::string
envelope_schema(const TableSpec &table, const ValueOptions &options = ValueOptions())
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_envelope_schema(writer, table, options);
	}
	return buffer.text();
}

/* The key schema of 'table'. */
std::string
key_schema(const TableSpec &table, const ValueOptions &options = ValueOptions())
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_key_schema(writer, table, options);
	}
	return buffer.text();
}

/* The Source struct and everything after "after" in every envelope schema. */
const std::string kEnvelopeTail =
	R"({"type":"struct","fields":[)"
	R"({"type":"string","optional":false,"field":"version"},)"
	R"({"type":"string","optional":false,"field":"connector"},)"
	R"({"type":"string","optional":false,"field":"name"},)"
	R"({"type":"int64","optional":false,"field":"ts_ms"},)"
	R"({"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,)"
	R"("parameters":{"allowed":"true,first,first_in_data_collection,last_in_data_collection,)"
	R"(last,false,incremental"},"default":"false","field":"snapshot"},)"
	R"({"type":"string","optional":false,"field":"db"},)"
	R"({"type":"string","optional":true,"field":"sequence"},)"
	R"({"type":"int64","optional":true,"field":"ts_us"},)"
	R"({"type":"int64","optional":true,"field":"ts_ns"},)"
	R"({"type":"string","optional":false,"field":"schema"},)"
	R"({"type":"string","optional":false,"field":"table"},)"
	R"({"type":"int64","optional":true,"field":"txId"},)"
	R"({"type":"int64","optional":true,"field":"lsn"},)"
	R"({"type":"int64","optional":true,"field":"xmin"},)"
	R"({"type":"string","optional":true,"field":"origin"},)"
	R"({"type":"int64","optional":true,"field":"origin_lsn"})"
	R"(],"optional":false,"name":"io.debezium.connector.postgresql.Source","version":1,)"
	R"("field":"source"},)"
	R"({"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},)"
	R"({"type":"int64","optional":false,"field":"total_order"},)"
	R"({"type":"int64","optional":false,"field":"data_collection_order"}],"optional":true,)"
	R"("name":"event.block","version":1,"field":"transaction"},)"
	R"({"type":"string","optional":false,"field":"op"},)"
	R"({"type":"int64","optional":true,"field":"ts_ms"},)"
	R"({"type":"int64","optional":true,"field":"ts_us"},)"
	R"({"type":"int64","optional":true,"field":"ts_ns"}],"optional":false,)";

/* The spec §3.3 value schema, whitespace removed. */
const std::string kSampleValueSchema =
	R"({"type":"struct","fields":[)"
	R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
	R"({"type":"string","optional":true,"field":"name"}],"optional":true,)"
	R"("name":"cdc.public.cf_t.Value","field":"before"},)"
	R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
	R"({"type":"string","optional":true,"field":"name"}],"optional":true,)"
	R"("name":"cdc.public.cf_t.Value","field":"after"},)" +
	kEnvelopeTail + R"("name":"cdc.public.cf_t.Envelope","version":2})";

const std::string kSampleKeySchema =
	R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],)"
	R"("optional":false,"name":"cdc.public.cf_t.Key"})";

} /* namespace */

TEST_CASE("the spec's example value and key schemas, byte for byte", "[schema]")
{
	SampleTable sample;

	CHECK(envelope_schema(sample.table) == kSampleValueSchema);
	CHECK(key_schema(sample.table) == kSampleKeySchema);
}

TEST_CASE("write_table_schemas renders both texts back to back", "[schema]")
{
	SampleTable sample;
	cdc_test::JsonTestBuffer buffer;

	buffer.out.Append("xy", 2); /* texts start wherever the buffer stands */
	TableSchemaTexts texts = write_table_schemas(buffer.out, sample.table, ValueOptions());
	std::string all = buffer.text();

	CHECK(texts.value_offset == 2);
	CHECK(all.substr(texts.value_offset, texts.value_length) == kSampleValueSchema);
	CHECK(texts.key_offset == texts.value_offset + texts.value_length);
	CHECK(all.substr(texts.key_offset, texts.key_length) == kSampleKeySchema);
	CHECK(all.size() == texts.key_offset + texts.key_length);

	/* no key: an empty key text, the value text as before */
	sample.table.nkey = 0;
	cdc_test::JsonTestBuffer keyless;
	TableSchemaTexts none = write_table_schemas(keyless.out, sample.table, ValueOptions());

	CHECK(none.key_length == 0);
	CHECK(keyless.text() == kSampleValueSchema);
	CHECK(key_schema(sample.table) == "null");
}

TEST_CASE("names, escaping and key order of the key schema", "[schema]")
{
	ColumnSpec columns[3] = {spec("a \"q\"", ValueKind::Int64, false),
							 spec("b", ValueKind::String, false), spec("c", ValueKind::Int16)};
	int key[2] = {2, 0}; /* key order, not table order */
	TableSpec table = {"Sales Dept", "t", "cdc.Sales_Dept.t", columns, 3, key, 2};

	columns[0].default_json = "0";
	CHECK(key_schema(table) ==
		  R"({"type":"struct","fields":[{"type":"int16","optional":true,"field":"c"},)"
		  R"({"type":"int64","optional":false,"default":0,"field":"a \"q\""}],)"
		  R"("optional":false,"name":"cdc.Sales_Dept.t.Key"})");
	CHECK(envelope_schema(table).rfind(R"({"type":"struct","fields":[{"type":"struct","fields":[)"
									   R"({"type":"int64","optional":false,"default":0,)"
									   R"("field":"a \"q\""},{"type":"string","optional":false,)"
									   R"("field":"b"},{"type":"int16","optional":true,)"
									   R"("field":"c"}],"optional":true,)"
									   R"("name":"cdc.Sales_Dept.t.Value","field":"before"},)",
									   0) == 0);
	CHECK(envelope_schema(table).find(R"("name":"cdc.Sales_Dept.t.Envelope","version":2})") !=
		  std::string::npos);
}

TEST_CASE("primitive kinds", "[schema]")
{
	CHECK(kind_schema(ValueKind::Boolean) == R"({"type":"boolean","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Int16) == R"({"type":"int16","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Int32) == R"({"type":"int32","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Int64) == R"({"type":"int64","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Float32) == R"({"type":"float","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Float64) == R"({"type":"double","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::String) == R"({"type":"string","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::TextOutput) == R"({"type":"string","optional":true,"field":"c"})");
	CHECK(column_schema(spec("c", ValueKind::Int32, false)) ==
		  R"({"type":"int32","optional":false,"field":"c"})");
}

TEST_CASE("numeric, money under decimal.handling.mode", "[schema]")
{
	ValueOptions options;
	ColumnSpec fixed = spec("d", ValueKind::NumericFixed);
	ColumnSpec variable = spec("n", ValueKind::NumericVariable);
	ColumnSpec money = spec("m", ValueKind::Money);

	fixed.precision = 3;
	fixed.scale = 2;
	CHECK(column_schema(fixed) ==
		  R"({"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",)"
		  R"("version":1,"parameters":{"scale":"2","connect.decimal.precision":"3"},"field":"d"})");
	CHECK(column_schema(variable) ==
		  R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},)"
		  R"({"type":"bytes","optional":false,"field":"value"}],"optional":true,)"
		  R"("name":"io.debezium.data.VariableScaleDecimal","version":1,)"
		  R"("doc":"Variable scaled decimal","field":"n"})");
	CHECK(column_schema(money) ==
		  R"({"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",)"
		  R"("version":1,"parameters":{"scale":"2"},"field":"m"})");
	options.money_fraction_digits = 3;
	CHECK(column_schema(money, options).find(R"("parameters":{"scale":"3"})") != std::string::npos);

	/* numeric(12,0) NOT NULL DEFAULT 0.0: Debezium's own test vector */
	fixed.precision = 12;
	fixed.scale = 0;
	fixed.optional = false;
	fixed.default_json = "\"AA==\"";
	CHECK(column_schema(fixed) ==
		  R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
		  R"("version":1,"parameters":{"scale":"0","connect.decimal.precision":"12"},)"
		  R"("default":"AA==","field":"d"})");

	options.decimal_handling = DecimalHandling::Double;
	CHECK(column_schema(fixed, options) ==
		  R"({"type":"double","optional":false,"default":"AA==","field":"d"})");
	CHECK(column_schema(variable, options) == R"({"type":"double","optional":true,"field":"n"})");
	CHECK(column_schema(money, options) == R"({"type":"double","optional":true,"field":"m"})");

	options.decimal_handling = DecimalHandling::String;
	fixed.default_json = {};
	CHECK(column_schema(fixed, options) == R"({"type":"string","optional":false,"field":"d"})");
	CHECK(column_schema(variable, options) == R"({"type":"string","optional":true,"field":"n"})");
	CHECK(column_schema(money, options) == R"({"type":"string","optional":true,"field":"m"})");

	/* decimal.format changes the payload only */
	options.decimal_handling = DecimalHandling::Precise;
	options.decimal_format = DecimalFormat::Numeric;
	options.money_fraction_digits = 2;
	CHECK(column_schema(money, options) == column_schema(money));
}

TEST_CASE("bytes and unknown types under binary.handling.mode; bits", "[schema]")
{
	ValueOptions options;

	CHECK(kind_schema(ValueKind::Bytes) == R"({"type":"bytes","optional":true,"field":"c"})");
	CHECK(kind_schema(ValueKind::Unknown) == R"({"type":"bytes","optional":true,"field":"c"})");
	for (BinaryHandling mode :
		 {BinaryHandling::Base64, BinaryHandling::Base64UrlSafe, BinaryHandling::Hex})
	{
		options.binary_handling = mode;
		CHECK(kind_schema(ValueKind::Bytes, options) ==
			  R"({"type":"string","optional":true,"field":"c"})");
		CHECK(kind_schema(ValueKind::Unknown, options) ==
			  R"({"type":"string","optional":true,"field":"c"})");
	}

	ColumnSpec bits = spec("b", ValueKind::Bits);

	bits.length = 7;
	CHECK(column_schema(bits) ==
		  R"({"type":"bytes","optional":true,"name":"io.debezium.data.Bits","version":1,)"
		  R"("parameters":{"length":"7"},"field":"b"})");
	bits.length = -1; /* varbit without a length */
	CHECK(column_schema(bits).find(R"("parameters":{"length":"2147483647"})") != std::string::npos);
}

TEST_CASE("semantic string types", "[schema]")
{
	ColumnSpec column = spec("s", ValueKind::String);
	const std::pair<Semantic, const char *> names[] = {
		{Semantic::Json, "io.debezium.data.Json"},
		{Semantic::Xml, "io.debezium.data.Xml"},
		{Semantic::Ltree, "io.debezium.data.Ltree"},
		{Semantic::Tsvector, "io.debezium.data.Tsvector"}};

	for (const auto &name : names)
	{
		column.semantic = name.first;
		CHECK(column_schema(column) == std::string(R"({"type":"string","optional":true,"name":")") +
										   name.second + R"(","version":1,"field":"s"})");
	}
	CHECK(kind_schema(ValueKind::Uuid) ==
		  R"({"type":"string","optional":true,"name":"io.debezium.data.Uuid","version":1,)"
		  R"("field":"c"})");

	column.semantic = Semantic::Enum;
	column.enum_labels = "V1,V2";
	column.optional = false;
	column.default_json = "\"V1\"";
	CHECK(column_schema(column) ==
		  R"({"type":"string","optional":false,"name":"io.debezium.data.Enum","version":1,)"
		  R"("parameters":{"allowed":"V1,V2"},"default":"V1","field":"s"})");
}

TEST_CASE("date, time and timestamp under time.precision.mode", "[schema]")
{
	ValueOptions options;
	auto name_of = [&](ValueKind kind, int precision) {
		std::string text = kind_schema(kind, options, precision);
		size_t type = text.find("\"type\":\"") + 8;
		size_t name = text.find("\"name\":\"") + 8;

		return text.substr(type, text.find('"', type) - type) + " " +
			   text.substr(name, text.find('"', name) - name);
	};

	CHECK(kind_schema(ValueKind::Date) ==
		  R"({"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1,)"
		  R"("field":"c"})");

	/* adaptive (default): by precision; no typmod counts as 6 */
	CHECK(name_of(ValueKind::Time, 0) == "int32 io.debezium.time.Time");
	CHECK(name_of(ValueKind::Time, 3) == "int32 io.debezium.time.Time");
	CHECK(name_of(ValueKind::Time, 4) == "int64 io.debezium.time.MicroTime");
	CHECK(name_of(ValueKind::Time, -1) == "int64 io.debezium.time.MicroTime");
	CHECK(name_of(ValueKind::Timestamp, 3) == "int64 io.debezium.time.Timestamp");
	CHECK(name_of(ValueKind::Timestamp, 6) == "int64 io.debezium.time.MicroTimestamp");
	CHECK(name_of(ValueKind::Timestamp, -1) == "int64 io.debezium.time.MicroTimestamp");

	options.time_precision = TimePrecision::AdaptiveTimeMicroseconds;
	CHECK(name_of(ValueKind::Date, -1) == "int32 io.debezium.time.Date");
	CHECK(name_of(ValueKind::Time, 0) == "int64 io.debezium.time.MicroTime");
	CHECK(name_of(ValueKind::Timestamp, 2) == "int64 io.debezium.time.Timestamp");
	CHECK(name_of(ValueKind::Timestamp, 5) == "int64 io.debezium.time.MicroTimestamp");

	options.time_precision = TimePrecision::Connect;
	CHECK(name_of(ValueKind::Date, -1) == "int32 org.apache.kafka.connect.data.Date");
	CHECK(name_of(ValueKind::Time, 6) == "int32 org.apache.kafka.connect.data.Time");
	CHECK(name_of(ValueKind::Timestamp, 1) == "int64 org.apache.kafka.connect.data.Timestamp");
	CHECK(kind_schema(ValueKind::Time, options) ==
		  R"({"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Time",)"
		  R"("version":1,"field":"c"})");

	options.time_precision = TimePrecision::IsoString;
	CHECK(name_of(ValueKind::Date, -1) == "string io.debezium.time.IsoDate");
	CHECK(name_of(ValueKind::Time, 3) == "string io.debezium.time.IsoTime");
	CHECK(name_of(ValueKind::Timestamp, 3) == "string io.debezium.time.IsoTimestamp");

	options.time_precision = TimePrecision::Microseconds;
	CHECK(name_of(ValueKind::Date, -1) == "int32 io.debezium.time.Date");
	CHECK(name_of(ValueKind::Time, 0) == "int64 io.debezium.time.MicroTime");
	CHECK(name_of(ValueKind::Timestamp, 0) == "int64 io.debezium.time.MicroTimestamp");

	options.time_precision = TimePrecision::Nanoseconds;
	CHECK(name_of(ValueKind::Date, -1) == "int32 io.debezium.time.Date");
	CHECK(name_of(ValueKind::Time, 0) == "int64 io.debezium.time.NanoTime");
	CHECK(name_of(ValueKind::Timestamp, 6) == "int64 io.debezium.time.NanoTimestamp");

	/* time zones are unaffected by the mode */
	CHECK(name_of(ValueKind::TimeTz, 3) == "string io.debezium.time.ZonedTime");
	CHECK(name_of(ValueKind::TimestampTz, 3) == "string io.debezium.time.ZonedTimestamp");
	options.time_precision = TimePrecision::Adaptive;
	CHECK(kind_schema(ValueKind::TimestampTz, options) ==
		  R"({"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp",)"
		  R"("version":1,"field":"c"})");
}

TEST_CASE("interval under interval.handling.mode", "[schema]")
{
	ValueOptions options;

	CHECK(kind_schema(ValueKind::Interval) ==
		  R"({"type":"int64","optional":true,"name":"io.debezium.time.MicroDuration",)"
		  R"("version":1,"field":"c"})");
	options.interval_handling = IntervalHandling::String;
	CHECK(kind_schema(ValueKind::Interval, options) ==
		  R"({"type":"string","optional":true,"name":"io.debezium.time.Interval","version":1,)"
		  R"("field":"c"})");
}

TEST_CASE("hstore under hstore.handling.mode; point", "[schema]")
{
	ValueOptions options;

	CHECK(kind_schema(ValueKind::Hstore) ==
		  R"({"type":"string","optional":true,"name":"io.debezium.data.Json","version":1,)"
		  R"("field":"c"})");
	options.hstore_handling = HstoreHandling::Map;
	CHECK(kind_schema(ValueKind::Hstore, options) ==
		  R"({"type":"map","keys":{"type":"string","optional":false},)"
		  R"("values":{"type":"string","optional":true},"optional":true,"field":"c"})");

	CHECK(column_schema(spec("p", ValueKind::Point, false)) ==
		  R"({"type":"struct","fields":[{"type":"double","optional":false,"field":"x"},)"
		  R"({"type":"double","optional":false,"field":"y"},)"
		  R"({"type":"bytes","optional":true,"field":"wkb"},)"
		  R"({"type":"int32","optional":true,"field":"srid"}],"optional":false,)"
		  R"x("name":"io.debezium.data.geometry.Point","version":1,"doc":"Geometry (POINT)",)x"
		  R"("field":"p"})");
}

TEST_CASE("arrays: optional items of the element's schema", "[schema]")
{
	ValueOptions options;
	ColumnSpec element = spec("", ValueKind::Int32, false);
	ColumnSpec array = spec("ia", ValueKind::Array);

	array.element = &element;
	CHECK(column_schema(array) ==
		  R"({"type":"array","items":{"type":"int32","optional":true},"optional":true,)"
		  R"("field":"ia"})");

	/* the element carries its type's parameters, never a default or a field name */
	element = spec("", ValueKind::NumericFixed);
	element.precision = 5;
	element.scale = 2;
	element.default_json = "\"AA==\"";
	array.optional = false;
	CHECK(column_schema(array) ==
		  R"({"type":"array","items":{"type":"bytes","optional":true,)"
		  R"("name":"org.apache.kafka.connect.data.Decimal","version":1,)"
		  R"("parameters":{"scale":"2","connect.decimal.precision":"5"}},"optional":false,)"
		  R"("field":"ia"})");

	element = spec("", ValueKind::Time);
	CHECK(column_schema(array) ==
		  R"({"type":"array","items":{"type":"int64","optional":true,)"
		  R"("name":"io.debezium.time.MicroTime","version":1},"optional":false,"field":"ia"})");

	element = spec("", ValueKind::Bytes);
	options.binary_handling = BinaryHandling::Hex;
	CHECK(column_schema(array, options) ==
		  R"({"type":"array","items":{"type":"string","optional":true},"optional":false,)"
		  R"("field":"ia"})");

	element = spec("", ValueKind::Hstore);
	options.hstore_handling = HstoreHandling::Map;
	CHECK(column_schema(array, options) ==
		  R"({"type":"array","items":{"type":"map","keys":{"type":"string","optional":false},)"
		  R"("values":{"type":"string","optional":true},"optional":true},"optional":false,)"
		  R"("field":"ia"})");

	/* enum elements stay required (SchemaBuilder.array(Enum.builder(...))) */
	element = spec("", ValueKind::String);
	element.semantic = Semantic::Enum;
	element.enum_labels = "V1,V2";
	CHECK(column_schema(array) ==
		  R"({"type":"array","items":{"type":"string","optional":false,)"
		  R"("name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"V1,V2"}},)"
		  R"("optional":false,"field":"ia"})");

	/* so do unknown-type and tsvector elements; ltree elements are optional */
	element = spec("", ValueKind::Unknown);
	options.binary_handling = BinaryHandling::Bytes;
	CHECK(column_schema(array, options) ==
		  R"({"type":"array","items":{"type":"bytes","optional":false},"optional":false,)"
		  R"("field":"ia"})");
	element = spec("", ValueKind::String);
	element.semantic = Semantic::Tsvector;
	CHECK(column_schema(array).find(R"("items":{"type":"string","optional":false,)"
									R"("name":"io.debezium.data.Tsvector","version":1})") !=
		  std::string::npos);
	element.semantic = Semantic::Ltree;
	CHECK(column_schema(array).find(R"("items":{"type":"string","optional":true,)"
									R"("name":"io.debezium.data.Ltree","version":1})") !=
		  std::string::npos);
}

TEST_CASE("column.propagate.source.type parameters", "[schema]")
{
	ColumnSpec column = spec("c3a", ValueKind::NumericFixed);

	column.precision = 5;
	column.scale = 2;
	column.propagate_source_type = true;
	column.type_name = "numeric";
	column.type_length = 5;
	column.type_scale = 2;
	CHECK(column_schema(column) ==
		  R"({"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",)"
		  R"("version":1,"parameters":{"scale":"2","connect.decimal.precision":"5",)"
		  R"("__debezium.source.column.type":"NUMERIC","__debezium.source.column.length":"5",)"
		  R"("__debezium.source.column.scale":"2","__debezium.source.column.name":"c3a"},)"
		  R"("field":"c3a"})");

	/* no length or scale known: only the type and the name */
	ColumnSpec text = spec("t", ValueKind::String, false);

	text.propagate_source_type = true;
	text.type_name = "text";
	text.default_json = "\"foo\"";
	CHECK(column_schema(text) ==
		  R"({"type":"string","optional":false,"parameters":{)"
		  R"("__debezium.source.column.type":"TEXT","__debezium.source.column.name":"t"},)"
		  R"("default":"foo","field":"t"})");

	/* key fields never carry them (the mapper is for the value struct only) */
	CHECK(column_schema(text, ValueOptions(), true) ==
		  R"({"type":"string","optional":false,"default":"foo","field":"t"})");

	/* an enum array: after the array's own members, on the array node */
	ColumnSpec element = spec("", ValueKind::String);
	ColumnSpec array = spec("value", ValueKind::Array, false);

	element.semantic = Semantic::Enum;
	element.enum_labels = "V1,V2";
	array.element = &element;
	array.propagate_source_type = true;
	array.type_name = "_test_type";
	array.type_length = 2147483647;
	array.type_scale = 0;
	CHECK(column_schema(array) ==
		  R"({"type":"array","items":{"type":"string","optional":false,)"
		  R"("name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"V1,V2"}},)"
		  R"("optional":false,"parameters":{"__debezium.source.column.type":"_TEST_TYPE",)"
		  R"("__debezium.source.column.length":"2147483647",)"
		  R"("__debezium.source.column.scale":"0","__debezium.source.column.name":"value"},)"
		  R"("field":"value"})");
}

TEST_CASE("defaults of every JSON shape are written as they are", "[schema]")
{
	ColumnSpec column = spec("c", ValueKind::Int64, false);

	column.default_json = "-5";
	CHECK(column_schema(column) == R"({"type":"int64","optional":false,"default":-5,"field":"c"})");
	column = spec("c", ValueKind::Boolean);
	column.default_json = "true";
	CHECK(column_schema(column) ==
		  R"({"type":"boolean","optional":true,"default":true,"field":"c"})");
	column = spec("c", ValueKind::Float64);
	column.default_json = "\"NaN\"";
	CHECK(column_schema(column) ==
		  R"({"type":"double","optional":true,"default":"NaN","field":"c"})");
	column = spec("c", ValueKind::TimestampTz);
	column.default_json = "\"1970-01-01T00:00:00.000000Z\"";
	CHECK(column_schema(column) ==
		  R"({"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp",)"
		  R"("version":1,"default":"1970-01-01T00:00:00.000000Z","field":"c"})");
	column = spec("c", ValueKind::Hstore);
	column.default_json = R"({"a":"b"})";
	ValueOptions map;
	map.hstore_handling = HstoreHandling::Map;
	CHECK(column_schema(column, map) ==
		  R"({"type":"map","keys":{"type":"string","optional":false},)"
		  R"("values":{"type":"string","optional":true},"optional":true,"default":{"a":"b"},)"
		  R"("field":"c"})");
}

/*
 * test_envelope.cpp
 *		Unit tests of the event documents: member order of the envelope and
 *		the source block, record mode and tombstones, null and default rules,
 *		unchanged-TOAST placeholders, JSON string escaping and pretty print,
 *		and an initial snapshot's read events with their snapshot marks.
 */
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "envelope.h"
#include "json_pretty.h"
#include "json_test_buffer.h"
#include "schema.h"

using namespace cdc;

namespace
{

constexpr std::string_view kPlaceholder = "__debezium_unavailable_value";

/* A present integer value. */
PlainValue
integer_value(int64_t v)
{
	PlainValue value;

	value.state = PlainValue::State::Present;
	value.integer = v;
	return value;
}

/* A present string (or bytes) value. */
PlainValue
text_value(const char *text, size_t len)
{
	PlainValue value;

	value.state = PlainValue::State::Present;
	value.bytes.data = text;
	value.bytes.len = len;
	return value;
}

PlainValue
text_value(const char *text)
{
	return text_value(text, strlen(text));
}

/* A value in a given state with no payload (null, unchanged TOAST). */
PlainValue
state_value(PlainValue::State state)
{
	PlainValue value;

	value.state = state;
	value.integer = 0;
	return value;
}

/* A column of 'kind' with everything else at its plain default. */
ColumnSpec
column(const char *name, ValueKind kind, bool optional, std::string_view default_json = {})
{
	ColumnSpec spec{};

	spec.name = name;
	spec.kind = kind;
	spec.optional = optional;
	spec.scale = 0;
	spec.precision = -1;
	spec.length = -1;
	spec.type_length = -1;
	spec.type_scale = -1;
	spec.default_json = default_json;
	return spec;
}

/* The source facts of a change in transaction 771 at LSN 23803720. */
SourceFacts
sample_source(bool with_last_commit)
{
	SourceFacts source;

	source.server_name = "cdc";
	source.database = "postgres";
	source.commit_micros = INT64_C(1700000000123456);
	source.has_last_commit_lsn = with_last_commit;
	source.last_commit_lsn = 23803600;
	source.lsn = 23803720;
	source.has_xid = true;
	source.xid = 771;
	source.origin = std::string_view();
	source.origin_lsn = 0;
	return source;
}

EnvelopeOptions
options_for(RecordMode mode)
{
	EnvelopeOptions options;

	options.record_mode = mode;
	options.schemas_enable = false;
	options.values.replace_null_with_default = true;
	options.values.unavailable_placeholder = kPlaceholder;
	return options;
}

/* Writes one value of 'spec' with the default value options. */
std::string
value_json(const ColumnSpec &spec, const PlainValue &value, bool replace = true)
{
	cdc_test::JsonTestBuffer buffer;
	ValueOptions options = {replace, kPlaceholder};
	{
		JsonWriter writer(buffer.out);

		write_column_value(writer, spec, value, options);
	}
	return buffer.text();
}

/* The spec's example table: public.cf_t(id int primary key, name text). */
struct SampleTable
{
	ColumnSpec columns[2] = {column("id", ValueKind::Int32, false),
							 column("name", ValueKind::String, true)};
	int key[1] = {0};
	TableSpec table = {"public", "cf_t", "cdc.public.cf_t", columns, 2, key, 1};
};

} /* namespace */

TEST_CASE("the value envelope matches Debezium's example byte for byte", "[envelope]")
{
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_change_event(writer, options_for(RecordMode::Value), sample.table, Operation::Create,
						   nullptr, after, sample_source(true), INT64_C(1700000000200311));
	}
	CHECK(
		buffer.text() ==
		R"({"before":null,"after":{"id":1,"name":"a"},"source":{"version":"3.6.1.Final",)"
		R"("connector":"postgresql","name":"cdc","ts_ms":1700000000123,"snapshot":"false",)"
		R"("db":"postgres","sequence":"[\"23803600\",\"23803720\"]","ts_us":1700000000123456,)"
		R"("ts_ns":1700000000123456000,"schema":"public","table":"cf_t","txId":771,)"
		R"("lsn":23803720,"xmin":null,"origin":null,"origin_lsn":null},"transaction":null,)"
		R"("op":"c","ts_ms":1700000000200,"ts_us":1700000000200311,"ts_ns":1700000000200311000})");
}

/*
 * Events normally copy their source block from the transaction's template
 * and the table's pre-rendered names: the result must be the block written
 * part by part, whatever the facts.
 */
TEST_CASE("a source block from the template equals one written part by part", "[envelope]")
{
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};
	SourceFacts variants[4] = {sample_source(true), sample_source(false), sample_source(true),
							   sample_source(true)};

	variants[1].has_xid = false;
	variants[2].origin = "up\"stream";
	variants[2].origin_lsn = 42;
	variants[3].server_name = "caf\xC3\xA9 \\ 😀";
	variants[3].commit_micros = -1;
	for (const SourceFacts &facts : variants)
	{
		cdc_test::JsonTestBuffer template_text;
		cdc_test::JsonTestBuffer names;
		cdc_test::JsonTestBuffer by_parts;
		cdc_test::JsonTestBuffer from_template;
		SourceFacts templated = facts;
		TableSpec table = sample.table;

		render_source_template(template_text.out, facts);
		SourceTemplate parts =
			source_template_at(std::string_view(template_text.out.data, template_text.out.len));
		render_source_names(names.out, table.schema, table.table);
		CHECK(names.text() == R"("public","table":"cf_t")");
		table.source_names_json = std::string_view(names.out.data, names.out.len);
		templated.rendered = &parts;
		templated.lsn = facts.lsn + 1;
		CHECK(source_template_fits(facts, templated));
		{
			JsonWriter writer(by_parts.out);
			SourceFacts plain = facts;

			plain.lsn = facts.lsn + 1;
			write_change_event(writer, options_for(RecordMode::Value), sample.table,
							   Operation::Create, nullptr, after, plain, 0);
		}
		{
			JsonWriter writer(from_template.out);

			write_change_event(writer, options_for(RecordMode::Value), table, Operation::Create,
							   nullptr, after, templated, 0);
		}
		CHECK(from_template.text() == by_parts.text());
	}
	/* a template does not fit another transaction's facts */
	SourceFacts other = variants[0];

	other.commit_micros++;
	CHECK_FALSE(source_template_fits(variants[0], other));
	other = variants[0];
	other.xid++;
	CHECK_FALSE(source_template_fits(variants[0], other));
	other = variants[0];
	other.last_commit_lsn++;
	CHECK_FALSE(source_template_fits(variants[0], other));
	other = variants[0];
	other.origin = "x";
	CHECK_FALSE(source_template_fits(variants[0], other));
}

/* ts_ms, ts_us and ts_ns of the event's processing time, around the 1000 µs cut-over. */
TEST_CASE("event timestamps in ms, us and ns at the edges", "[envelope]")
{
	struct
	{
		int64_t micros;
		const char *text;
	} cases[] = {
		{0, R"("ts_ms":0,"ts_us":0,"ts_ns":0})"},
		{999, R"("ts_ms":0,"ts_us":999,"ts_ns":999000})"},
		{1000, R"("ts_ms":1,"ts_us":1000,"ts_ns":1000000})"},
		{1001, R"("ts_ms":1,"ts_us":1001,"ts_ns":1001000})"},
		{-1, R"("ts_ms":-1,"ts_us":-1,"ts_ns":-1000})"},
		{-1000, R"("ts_ms":-1,"ts_us":-1000,"ts_ns":-1000000})"},
		{-1001, R"("ts_ms":-2,"ts_us":-1001,"ts_ns":-1001000})"},
		{INT64_C(1700000000200311),
		 R"("ts_ms":1700000000200,"ts_us":1700000000200311,"ts_ns":1700000000200311000})"},
	};
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};

	for (const auto &c : cases)
	{
		cdc_test::JsonTestBuffer buffer;
		{
			JsonWriter writer(buffer.out);

			write_change_event(writer, options_for(RecordMode::Value), sample.table,
							   Operation::Create, nullptr, after, sample_source(true), c.micros);
		}
		std::string text = buffer.text();
		std::string expected = c.text;

		INFO(c.micros);
		REQUIRE(text.size() > expected.size());
		CHECK(text.substr(text.size() - expected.size()) == expected);
	}
}

TEST_CASE("the source block shows a null last commit, a missing xid and an origin", "[envelope]")
{
	SampleTable sample;
	PlainValue before[2] = {integer_value(7), state_value(PlainValue::State::Null)};
	SourceFacts source = sample_source(false);
	cdc_test::JsonTestBuffer buffer;

	source.has_xid = false;
	source.origin = "upstream";
	source.origin_lsn = 42;
	{
		JsonWriter writer(buffer.out);

		write_change_event(writer, options_for(RecordMode::Value), sample.table, Operation::Delete,
						   before, nullptr, source, 0);
	}
	std::string text = buffer.text();

	CHECK(text.find(R"("before":{"id":7,"name":null},"after":null,)") != std::string::npos);
	CHECK(text.find(R"("sequence":"[null,\"23803720\"]")") != std::string::npos);
	CHECK(text.find(
			  R"("txId":null,"lsn":23803720,"xmin":null,"origin":"upstream","origin_lsn":42})") !=
		  std::string::npos);
	CHECK(text.find(R"("op":"d","ts_ms":0,"ts_us":0,"ts_ns":0})") != std::string::npos);
}

TEST_CASE("record mode wraps topic, key and value; tombstones carry the key", "[envelope]")
{
	SampleTable sample;
	PlainValue row[2] = {integer_value(5), text_value("x")};
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_change_event(writer, options_for(RecordMode::Record), sample.table, Operation::Delete,
						   row, nullptr, sample_source(true), 0);
	}
	CHECK(buffer.text().rfind(
			  R"({"topic":"cdc.public.cf_t","key":{"id":5},"value":{"before":{"id":5,)", 0) == 0);
	CHECK(buffer.text().back() == '}');

	cdc_test::JsonTestBuffer tombstone;
	{
		JsonWriter writer(tombstone.out);

		write_tombstone(writer, options_for(RecordMode::Record), sample.table, row);
	}
	CHECK(tombstone.text() == R"({"topic":"cdc.public.cf_t","key":{"id":5},"value":null})");

	SampleTable keyless;
	keyless.table.nkey = 0;
	cdc_test::JsonTestBuffer no_key;
	{
		JsonWriter writer(no_key.out);

		write_tombstone(writer, options_for(RecordMode::Record), keyless.table, row);
	}
	CHECK(no_key.text() == R"({"topic":"cdc.public.cf_t","key":null,"value":null})");
}

TEST_CASE("nulls become the default, the type's zero or null", "[values]")
{
	PlainValue null_value = state_value(PlainValue::State::Null);

	/* nullable without a default: null; with one: the default, unless replacement is off */
	CHECK(value_json(column("c", ValueKind::String, true), null_value) == "null");
	CHECK(value_json(column("c", ValueKind::String, true, "\"dflt\""), null_value) == "\"dflt\"");
	CHECK(value_json(column("c", ValueKind::String, true, "\"dflt\""), null_value, false) ==
		  "null");
	/* NOT NULL: the default even without replacement, else the type's zero */
	CHECK(value_json(column("c", ValueKind::Int32, false, "7"), null_value, false) == "7");
	CHECK(value_json(column("c", ValueKind::Boolean, false), null_value) == "false");
	CHECK(value_json(column("c", ValueKind::Int64, false), null_value) == "0");
	CHECK(value_json(column("c", ValueKind::Float32, false), null_value) == "0.0");
	CHECK(value_json(column("c", ValueKind::NumericFixed, false), null_value) == "\"AA==\"");
	CHECK(value_json(column("c", ValueKind::NumericVariable, false), null_value) ==
		  R"({"scale":0,"value":"AA=="})");
	CHECK(value_json(column("c", ValueKind::String, false), null_value) == "\"\"");
	CHECK(value_json(column("c", ValueKind::Uuid, false), null_value) == "\"\"");
	CHECK(value_json(column("c", ValueKind::Bytes, false), null_value) == "\"\"");
	CHECK(value_json(column("c", ValueKind::TimestampTz, false), null_value) ==
		  "\"1970-01-01T00:00:00Z\"");
	CHECK(value_json(column("c", ValueKind::Timestamp, false), null_value) == "0");
}

TEST_CASE("unchanged TOAST values show the placeholder in their type's form", "[values]")
{
	PlainValue toasted = state_value(PlainValue::State::UnchangedToast);

	CHECK(value_json(column("c", ValueKind::String, true), toasted) ==
		  "\"__debezium_unavailable_value\"");
	CHECK(value_json(column("c", ValueKind::Bytes, true), toasted) ==
		  "\"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==\"");
}

TEST_CASE("strings are escaped as Jackson escapes them", "[values]")
{
	ColumnSpec text = column("c", ValueKind::String, true);
	const char controls[] = "a\"b\\c/d\te\nf\rg\bh\fi\x01j\x1fk\x7f";

	CHECK(value_json(text, text_value(controls, sizeof(controls) - 1)) ==
		  "\"a\\\"b\\\\c/d\\te\\nf\\rg\\bh\\fi\\u0001j\\u001Fk\x7f\"");
	CHECK(value_json(text, text_value("ünï 日本 😀")) == "\"ünï 日本 \\uD83D\\uDE00\"");
	/* beyond the BMP Jackson writes escaped surrogate pairs, control escapes still apply */
	CHECK(value_json(text, text_value("a\"𝄞\n")) == "\"a\\\"\\uD834\\uDD1E\\n\"");
	CHECK(value_json(text, text_value("nul\0byte", 8)) == "\"nul\\u0000byte\"");
	CHECK(value_json(text, text_value("")) == "\"\"");
}

/*
 * Strings are scanned eight bytes at a time for anything to escape: each
 * such byte, at every position of a word and of the tail, must be found.
 */
TEST_CASE("every byte that needs escaping is found at every position", "[values]")
{
	std::string escaping_bytes = "\"\\";

	for (int c = 0; c < 0x20; c++)
		escaping_bytes += static_cast<char>(c);
	for (int position = 0; position < 19; position++)
		for (char c : escaping_bytes)
		{
			std::string text(19, 'x');
			cdc_test::JsonTestBuffer buffer;

			text[position] = c;
			JsonWriter::write_json_string(buffer.out, text.data(), text.size());
			INFO("byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << position);
			CHECK(buffer.text().size() > text.size() + 2);
			CHECK(buffer.text()[position + 1] == '\\');
		}
	for (int position = 0; position + 4 <= 19; position++)
	{
		std::string text(19, 'x');
		cdc_test::JsonTestBuffer buffer;

		text.replace(position, 4, "\xF0\x9F\x98\x80");
		JsonWriter::write_json_string(buffer.out, text.data(), text.size());
		INFO("U+1F600 at " << position);
		CHECK(buffer.text().substr(position + 1, 12) == "\\uD83D\\uDE00");
	}
	/* bytes that need no escape, including 0x7F and two- and three-byte UTF-8 */
	{
		const std::string plain = "0123456789 abc\x7f\xC3\xA9\xE6\x97\xA5/xyz";
		cdc_test::JsonTestBuffer buffer;

		JsonWriter::write_json_string(buffer.out, plain.data(), plain.size());
		CHECK(buffer.text() == "\"" + plain + "\"");
	}
}

TEST_CASE("pretty print indents members and leaves strings alone", "[pretty]")
{
	const char compact[] = R"({"a":[1,{"b":"x,{y}:\"z\""}],"e":{},"f":[]})";
	cdc_test::JsonTestBuffer buffer;

	write_pretty_json(compact, sizeof(compact) - 1, buffer.out);
	CHECK(buffer.text() == "{\n"
						   "  \"a\": [\n"
						   "    1,\n"
						   "    {\n"
						   "      \"b\": \"x,{y}:\\\"z\\\"\"\n"
						   "    }\n"
						   "  ],\n"
						   "  \"e\": {},\n"
						   "  \"f\": []\n"
						   "}");
}

namespace
{

/* Options with schemas.enable=true. */
EnvelopeOptions
schema_options_for(RecordMode mode)
{
	EnvelopeOptions options = options_for(mode);

	options.schemas_enable = true;
	return options;
}

/* One change event of 'table' as text. */
std::string
event_text(const EnvelopeOptions &options, const TableSpec &table, Operation op,
		   const PlainValue *before, const PlainValue *after)
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_change_event(writer, options, table, op, before, after, sample_source(true),
						   INT64_C(1700000000200311));
	}
	return buffer.text();
}

/* A tombstone of 'table' as text. */
std::string
tombstone_text(const EnvelopeOptions &options, const TableSpec &table, const PlainValue *row)
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		write_tombstone(writer, options, table, row);
	}
	return buffer.text();
}

/* The schema text write_table_schemas() makes for 'table' (value or key). */
std::string
schema_text(const TableSpec &table, bool key)
{
	cdc_test::JsonTestBuffer buffer;
	TableSchemaTexts texts = write_table_schemas(buffer.out, table, ValueOptions());
	std::string all = buffer.text();

	return key ? all.substr(texts.key_offset, texts.key_length)
			   : all.substr(texts.value_offset, texts.value_length);
}

const char kSampleKeySchema[] =
	R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],)"
	R"("optional":false,"name":"cdc.public.cf_t.Key"})";

} /* namespace */

TEST_CASE("schemas.enable wraps the value as schema and payload", "[envelope][schema]")
{
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};
	std::string payload =
		event_text(options_for(RecordMode::Value), sample.table, Operation::Create, nullptr, after);
	std::string value_schema = schema_text(sample.table, false);
	std::string expected = R"({"schema":)" + value_schema + R"(,"payload":)" + payload + "}";

	/* rendered on the spot when nothing is cached */
	CHECK(event_text(schema_options_for(RecordMode::Value), sample.table, Operation::Create,
					 nullptr, after) == expected);
	CHECK(expected.rfind(R"({"schema":{"type":"struct","fields":[{"type":"struct","fields":[)"
						 R"({"type":"int32","optional":false,"field":"id"},)",
						 0) == 0);
	CHECK(expected.find(R"("name":"cdc.public.cf_t.Envelope","version":2},"payload":)"
						R"({"before":null,"after":{"id":1,"name":"a"},"source":{)") !=
		  std::string::npos);

	/* the cached text is what is spliced in */
	sample.table.value_schema_json = value_schema;
	sample.table.key_schema_json = kSampleKeySchema;
	CHECK(event_text(schema_options_for(RecordMode::Value), sample.table, Operation::Create,
					 nullptr, after) == expected);
	sample.table.value_schema_json = R"({"cached":true})";
	CHECK(event_text(schema_options_for(RecordMode::Value), sample.table, Operation::Create,
					 nullptr, after) == R"({"schema":{"cached":true},"payload":)" + payload + "}");

	/* schemas off: the cached texts are ignored */
	CHECK(event_text(options_for(RecordMode::Value), sample.table, Operation::Create, nullptr,
					 after) == payload);
}

TEST_CASE("schemas.enable in record mode: key and value pairs, tombstones", "[envelope][schema]")
{
	SampleTable sample;
	PlainValue row[2] = {integer_value(5), text_value("x")};
	std::string payload =
		event_text(options_for(RecordMode::Value), sample.table, Operation::Delete, row, nullptr);
	std::string value_schema = schema_text(sample.table, false);
	std::string key_pair =
		std::string(R"({"schema":)") + kSampleKeySchema + R"(,"payload":{"id":5}})";
	std::string expected = R"({"topic":"cdc.public.cf_t","key":)" + key_pair +
						   R"(,"value":{"schema":)" + value_schema + R"(,"payload":)" + payload +
						   "}}";

	CHECK(schema_text(sample.table, true) == kSampleKeySchema);
	CHECK(event_text(schema_options_for(RecordMode::Record), sample.table, Operation::Delete, row,
					 nullptr) == expected);
	CHECK(tombstone_text(schema_options_for(RecordMode::Record), sample.table, row) ==
		  R"({"topic":"cdc.public.cf_t","key":)" + key_pair + R"(,"value":null})");

	/* cached texts give the same documents */
	sample.table.value_schema_json = value_schema;
	sample.table.key_schema_json = kSampleKeySchema;
	CHECK(event_text(schema_options_for(RecordMode::Record), sample.table, Operation::Delete, row,
					 nullptr) == expected);
	CHECK(tombstone_text(schema_options_for(RecordMode::Record), sample.table, row) ==
		  R"({"topic":"cdc.public.cf_t","key":)" + key_pair + R"(,"value":null})");

	/* an insert's key comes from the new row */
	PlainValue inserted[2] = {integer_value(9), text_value("y")};
	CHECK(event_text(schema_options_for(RecordMode::Record), sample.table, Operation::Create,
					 nullptr, inserted)
			  .find(R"("key":{"schema":)" + std::string(kSampleKeySchema) +
					R"(,"payload":{"id":9}},"value":{"schema":)") != std::string::npos);
}

TEST_CASE("schemas.enable for a table without a key: the key is null", "[envelope][schema]")
{
	SampleTable sample;
	PlainValue row[2] = {integer_value(5), text_value("x")};

	sample.table.nkey = 0;
	sample.table.key_columns = nullptr;

	std::string payload =
		event_text(options_for(RecordMode::Value), sample.table, Operation::Create, nullptr, row);
	std::string expected = R"({"topic":"cdc.public.cf_t","key":null,"value":{"schema":)" +
						   schema_text(sample.table, false) + R"(,"payload":)" + payload + "}}";

	CHECK(schema_text(sample.table, true).empty());
	CHECK(event_text(schema_options_for(RecordMode::Record), sample.table, Operation::Create,
					 nullptr, row) == expected);
	CHECK(tombstone_text(schema_options_for(RecordMode::Record), sample.table, row) ==
		  R"({"topic":"cdc.public.cf_t","key":null,"value":null})");
}

/*
 * Debezium's SnapshotMarkerResolver for every combination of the four
 * facts, the impossible ones included: "last" wins, then "first", then the
 * table's last row, then the table's first row.
 */
TEST_CASE("snapshot marks resolve as Debezium's SnapshotMarkerResolver", "[envelope][snapshot]")
{
	for (int bits = 0; bits < 16; bits++)
	{
		bool first_in_snapshot = (bits & 1) != 0;
		bool last_in_snapshot = (bits & 2) != 0;
		bool first_in_table = (bits & 4) != 0;
		bool last_in_table = (bits & 8) != 0;
		SnapshotMark expected = last_in_snapshot	? SnapshotMark::Last
								: first_in_snapshot ? SnapshotMark::First
								: last_in_table		? SnapshotMark::LastInDataCollection
								: first_in_table	? SnapshotMark::FirstInDataCollection
													: SnapshotMark::True;

		INFO("first_in_snapshot " << first_in_snapshot << ", last_in_snapshot " << last_in_snapshot
								  << ", first_in_table " << first_in_table << ", last_in_table "
								  << last_in_table);
		CHECK(resolve_snapshot_mark(first_in_snapshot, last_in_snapshot, first_in_table,
									last_in_table) == expected);
	}

	/* the cases a snapshot meets, as the caller computes them */
	CHECK(resolve_snapshot_mark(true, true, true, true) == SnapshotMark::Last); /* 1 row in all */
	CHECK(resolve_snapshot_mark(true, false, true, false) == SnapshotMark::First);
	CHECK(resolve_snapshot_mark(true, false, true, true) == SnapshotMark::First);
	CHECK(resolve_snapshot_mark(false, false, true, false) == SnapshotMark::FirstInDataCollection);
	CHECK(resolve_snapshot_mark(false, false, false, false) == SnapshotMark::True);
	CHECK(resolve_snapshot_mark(false, false, false, true) == SnapshotMark::LastInDataCollection);
	CHECK(resolve_snapshot_mark(false, false, true, true) == SnapshotMark::LastInDataCollection);
	CHECK(resolve_snapshot_mark(false, true, false, true) == SnapshotMark::Last);
}

namespace
{

/*
 * The source facts of a snapshot's row: no last commit, the slot's
 * consistent point as LSN, a 64-bit transaction id above 2^32.
 */
SourceFacts
snapshot_source(SnapshotMark mark)
{
	SourceFacts source = sample_source(false);

	source.has_xid = true;
	source.xid = UINT64_C(4294968067); /* 2^32 + 771 */
	source.mark = mark;
	return source;
}

} /* namespace */

TEST_CASE("a read event of a snapshot, byte for byte", "[envelope][snapshot]")
{
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};
	const std::string value =
		R"({"before":null,"after":{"id":1,"name":"a"},"source":{"version":"3.6.1.Final",)"
		R"("connector":"postgresql","name":"cdc","ts_ms":1700000000123,"snapshot":"first",)"
		R"("db":"postgres","sequence":"[null,\"23803720\"]","ts_us":1700000000123456,)"
		R"("ts_ns":1700000000123456000,"schema":"public","table":"cf_t","txId":4294968067,)"
		R"("lsn":23803720,"xmin":null,"origin":null,"origin_lsn":null},"transaction":null,)"
		R"("op":"r","ts_ms":1700000000200,"ts_us":1700000000200311,"ts_ns":1700000000200311000})";
	cdc_test::JsonTestBuffer buffer;
	cdc_test::JsonTestBuffer record;
	{
		JsonWriter writer(buffer.out);

		write_change_event(writer, options_for(RecordMode::Value), sample.table, Operation::Read,
						   nullptr, after, snapshot_source(SnapshotMark::First),
						   INT64_C(1700000000200311));
	}
	CHECK(buffer.text() == value);

	/* record mode: the key comes from the row read */
	{
		JsonWriter writer(record.out);

		write_change_event(writer, options_for(RecordMode::Record), sample.table, Operation::Read,
						   nullptr, after, snapshot_source(SnapshotMark::First),
						   INT64_C(1700000000200311));
	}
	CHECK(record.text() == R"({"topic":"cdc.public.cf_t","key":{"id":1},"value":)" + value + "}");
}

TEST_CASE("every snapshot mark in the source block, from a template or part by part",
		  "[envelope][snapshot]")
{
	struct
	{
		SnapshotMark mark;
		const char *text;
	} marks[] = {
		{SnapshotMark::False, R"("snapshot":"false")"},
		{SnapshotMark::True, R"("snapshot":"true")"},
		{SnapshotMark::First, R"("snapshot":"first")"},
		{SnapshotMark::FirstInDataCollection, R"("snapshot":"first_in_data_collection")"},
		{SnapshotMark::LastInDataCollection, R"("snapshot":"last_in_data_collection")"},
		{SnapshotMark::Last, R"("snapshot":"last")"},
	};
	SampleTable sample;
	PlainValue after[2] = {integer_value(1), text_value("a")};

	for (const auto &m : marks)
	{
		cdc_test::JsonTestBuffer template_text;
		cdc_test::JsonTestBuffer names;
		cdc_test::JsonTestBuffer by_parts;
		cdc_test::JsonTestBuffer from_template;
		SourceFacts facts = snapshot_source(m.mark);
		SourceFacts templated = facts;
		TableSpec table = sample.table;

		render_source_template(template_text.out, facts);
		SourceTemplate parts =
			source_template_at(std::string_view(template_text.out.data, template_text.out.len));
		render_source_names(names.out, table.schema, table.table);
		table.source_names_json = std::string_view(names.out.data, names.out.len);
		templated.rendered = &parts;
		{
			JsonWriter writer(by_parts.out);

			write_change_event(writer, options_for(RecordMode::Value), sample.table,
							   Operation::Read, nullptr, after, facts, 0);
		}
		{
			JsonWriter writer(from_template.out);

			write_change_event(writer, options_for(RecordMode::Value), table, Operation::Read,
							   nullptr, after, templated, 0);
		}
		INFO(m.text);
		CHECK(by_parts.text().find(m.text) != std::string::npos);
		CHECK(from_template.text() == by_parts.text());

		/* a template does not fit facts with another mark */
		SourceFacts other = facts;

		other.mark = m.mark == SnapshotMark::Last ? SnapshotMark::True : SnapshotMark::Last;
		CHECK(source_template_fits(facts, facts));
		CHECK_FALSE(source_template_fits(facts, other));
	}

	/* a streamed event's facts default to "false" */
	CHECK(SourceFacts{}.mark == SnapshotMark::False);
}

/*
 * test_options.cpp
 *		Unit tests of the option core: defaults, every accepted spelling, and
 *		the exact error for unknown, duplicate and malformed options.
 */
#include <catch2/catch.hpp>

#include <string>

#include "options.h"
#include "pg_boundary.h"

using cdc::OptionParser;
using cdc::RecordMode;
using cdc::UserError;

namespace
{

/* The message and detail of the UserError that applying one option raises. */
std::string
error_of(OptionParser &parser, const char *name, const char *value)
{
	try
	{
		parser.apply(name, value);
	}
	catch (const UserError &e)
	{
		return std::string(e.what()) + " | " + e.detail();
	}
	return "no error";
}

} /* namespace */

TEST_CASE("options default to Debezium's and the JSON converter's defaults", "[options]")
{
	OptionParser parser;
	const cdc::PluginOptions &options = parser.options();

	CHECK(options.topic_prefix.empty());
	CHECK(options.record_mode == RecordMode::Value);
	CHECK(options.tombstones_on_delete);
	CHECK(options.replace_null_with_default);
	CHECK_FALSE(options.pretty_print);
}

TEST_CASE("options take their values", "[options]")
{
	OptionParser parser;

	parser.apply("topic.prefix", "my-server_1.x");
	parser.apply("record.mode", "record");
	parser.apply("tombstones.on.delete", "off");
	parser.apply("replace.null.with.default", "0");
	parser.apply("pretty.print", "yes");

	CHECK(parser.options().topic_prefix == "my-server_1.x");
	CHECK(parser.options().record_mode == RecordMode::Record);
	CHECK_FALSE(parser.options().tombstones_on_delete);
	CHECK_FALSE(parser.options().replace_null_with_default);
	CHECK(parser.options().pretty_print);
}

TEST_CASE("booleans accept every PostgreSQL spelling, any case", "[options]")
{
	for (const char *word : {"true", "TRUE", "on", "On", "1", "yes", "YES"})
	{
		OptionParser parser;

		parser.apply("pretty.print", word);
		CHECK(parser.options().pretty_print);
	}
	for (const char *word : {"false", "False", "off", "OFF", "0", "no", "No"})
	{
		OptionParser parser;

		parser.apply("tombstones.on.delete", word);
		CHECK_FALSE(parser.options().tombstones_on_delete);
	}
}

TEST_CASE("a boolean without a value means true", "[options]")
{
	OptionParser parser;

	parser.apply("pretty.print", nullptr);
	CHECK(parser.options().pretty_print);
}

TEST_CASE("unknown options name themselves, their value and the known ones", "[options]")
{
	OptionParser parser;

	CHECK(error_of(parser, "include-xids", "1") ==
		  "unrecognized option \"include-xids\" with value \"1\" | Known options: topic.prefix, "
		  "record.mode, tombstones.on.delete, replace.null.with.default, pretty.print, "
		  "schemas.enable, decimal.handling.mode, decimal.format, time.precision.mode, "
		  "binary.handling.mode, hstore.handling.mode, interval.handling.mode, "
		  "money.fraction.digits, include.unknown.datatypes, column.propagate.source.type, "
		  "datatype.propagate.source.type, unavailable.value.placeholder, skipped.operations, "
		  "provide.transaction.metadata, topic.transaction, message.prefix.include.list, "
		  "message.prefix.exclude.list, schema.include.list, schema.exclude.list, "
		  "table.include.list, table.exclude.list, column.include.list, column.exclude.list, "
		  "message.key.columns, origin, stream.in.progress, two.phase, "
		  "column.mask.with.<N>.chars, column.mask.hash.<algorithm>.with.salt.<salt>, "
		  "column.mask.hash.v2.<algorithm>.with.salt.<salt>, column.truncate.to.<N>.chars.");
	CHECK(
		error_of(parser, "Record.Mode", "value").rfind("unrecognized option \"Record.Mode\"", 0) ==
		0);
	CHECK(error_of(parser, "x", nullptr).rfind("unrecognized option \"x\" with value (none)", 0) ==
		  0);
}

TEST_CASE("a repeated option is an error, even with the same value", "[options]")
{
	OptionParser parser;

	parser.apply("record.mode", "value");
	CHECK(error_of(parser, "record.mode", "value") ==
		  "option \"record.mode\" given more than once | The second value was \"value\".");
}

TEST_CASE("malformed values name the option, the value and what is allowed", "[options]")
{
	OptionParser parser;
	auto fresh_error_of = [](const char *name, const char *value) {
		OptionParser fresh;

		return error_of(fresh, name, value);
	};

	CHECK(error_of(parser, "record.mode", "values") ==
		  "invalid value \"values\" for option \"record.mode\" | Allowed values: value, record.");
	CHECK(fresh_error_of("record.mode", nullptr) ==
		  "invalid value (none) for option \"record.mode\" | Allowed values: value, record.");
	CHECK(error_of(parser, "pretty.print", "maybe") ==
		  "invalid value \"maybe\" for option \"pretty.print\" | Allowed values: true, false, on, "
		  "off, 1, 0, yes, no.");
	CHECK(error_of(parser, "replace.null.with.default", "") ==
		  "invalid value \"\" for option \"replace.null.with.default\" | Allowed values: true, "
		  "false, on, off, 1, 0, yes, no.");
	for (const char *prefix : {"", "has space", "semi;colon", "ünï", "a/b"})
		CHECK(fresh_error_of("topic.prefix", prefix) ==
			  std::string("invalid value \"") + prefix +
				  "\" for option \"topic.prefix\" | Allowed values: a non-empty name of ASCII "
				  "letters, digits, '.', '_' and '-'.");
	CHECK(fresh_error_of("topic.prefix", nullptr).rfind("invalid value (none)", 0) == 0);
}

TEST_CASE("a failed option leaves the parser usable for the others", "[options]")
{
	OptionParser parser;

	CHECK(error_of(parser, "record.mode", "bogus") != "no error");
	parser.apply("pretty.print", "on");
	CHECK(parser.options().pretty_print);
	CHECK(parser.options().record_mode == RecordMode::Value);
}

TEST_CASE("handling modes take Debezium's words in any case", "[options]")
{
	OptionParser parser;

	parser.apply("decimal.handling.mode", "STRING");
	parser.apply("decimal.format", "numeric");
	parser.apply("time.precision.mode", "adaptive_time_microseconds");
	parser.apply("binary.handling.mode", "base64-url-safe");
	parser.apply("hstore.handling.mode", "map");
	parser.apply("interval.handling.mode", "String");
	parser.apply("money.fraction.digits", "4");
	parser.apply("include.unknown.datatypes", "true");
	parser.apply("schemas.enable", nullptr);

	const cdc::PluginOptions &options = parser.options();
	CHECK(options.decimal_handling == cdc::DecimalHandling::String);
	CHECK(options.decimal_format == cdc::DecimalFormat::Numeric);
	CHECK(options.time_precision == cdc::TimePrecision::AdaptiveTimeMicroseconds);
	CHECK(options.binary_handling == cdc::BinaryHandling::Base64UrlSafe);
	CHECK(options.hstore_handling == cdc::HstoreHandling::Map);
	CHECK(options.interval_handling == cdc::IntervalHandling::String);
	CHECK(options.money_fraction_digits == 4);
	CHECK(options.include_unknown_datatypes);
	CHECK(options.schemas_enable);
}

TEST_CASE("handling modes list their words when given another", "[options]")
{
	auto error = [](const char *name, const char *value) {
		OptionParser parser;

		return error_of(parser, name, value);
	};

	CHECK(error("decimal.handling.mode", "exact") ==
		  "invalid value \"exact\" for option \"decimal.handling.mode\" | Allowed values: "
		  "precise, double, string.");
	CHECK(error("decimal.format", "hex") == "invalid value \"hex\" for option \"decimal.format\" | "
											"Allowed values: BASE64, NUMERIC.");
	CHECK(error("time.precision.mode", "millis") ==
		  "invalid value \"millis\" for option \"time.precision.mode\" | Allowed values: "
		  "adaptive, adaptive_time_microseconds, connect, isostring, microseconds, "
		  "nanoseconds.");
	CHECK(error("binary.handling.mode", "base32") ==
		  "invalid value \"base32\" for option \"binary.handling.mode\" | Allowed values: "
		  "bytes, base64, base64-url-safe, hex.");
	CHECK(error("hstore.handling.mode", nullptr) ==
		  "invalid value (none) for option \"hstore.handling.mode\" | Allowed values: json, map.");
	CHECK(error("interval.handling.mode", "iso") ==
		  "invalid value \"iso\" for option \"interval.handling.mode\" | Allowed values: numeric, "
		  "string.");
	for (const char *digits : {"", "-1", "x", "31", "2.5", "999999999999"})
		CHECK(error("money.fraction.digits", digits) ==
			  std::string("invalid value \"") + digits +
				  "\" for option \"money.fraction.digits\" | Allowed values: a whole number from 0 "
				  "to 30.");
	CHECK(error("column.propagate.source.type", nullptr) ==
		  "invalid value (none) for option \"column.propagate.source.type\" | Allowed values: a "
		  "comma-separated list of regular expressions.");
}

TEST_CASE("event options: skipped operations, placeholder, lists, origin", "[options]")
{
	OptionParser parser;

	parser.apply("skipped.operations", " c, t ");
	parser.apply("unavailable.value.placeholder", "hex:0aFF");
	parser.apply("provide.transaction.metadata", "true");
	parser.apply("topic.transaction", "tx.meta");
	parser.apply("table.include.list", "public\\.a.*,s\\.b");
	parser.apply("origin", "NONE");
	const cdc::PluginOptions &options = parser.options();

	CHECK(options.skipped_operations == (cdc::kSkipCreate | cdc::kSkipTruncate));
	CHECK(options.unavailable_value_placeholder == "hex:0aFF");
	CHECK(options.provide_transaction_metadata);
	CHECK(options.topic_transaction == "tx.meta");
	CHECK(options.table_include_list == "public\\.a.*,s\\.b");
	CHECK(options.origin == cdc::OriginFilter::None);

	OptionParser none;
	none.apply("skipped.operations", "none");
	CHECK(none.options().skipped_operations == 0);
	CHECK(OptionParser().options().skipped_operations == cdc::kSkipTruncate);
}

TEST_CASE("event options reject bad values and conflicting lists", "[options]")
{
	auto error = [](std::initializer_list<std::pair<const char *, const char *>> options) {
		OptionParser parser;

		try
		{
			for (const auto &option : options)
				parser.apply(option.first, option.second);
		}
		catch (const UserError &e)
		{
			return std::string(e.what()) + " | " + e.detail();
		}
		return std::string("no error");
	};

	CHECK(error({{"skipped.operations", "c,x"}}) ==
		  "invalid value \"c,x\" for option \"skipped.operations\" | Allowed values: a "
		  "comma-separated list of c, u, d, t, or none.");
	CHECK(error({{"unavailable.value.placeholder", "hex:abc"}}) ==
		  "invalid value \"hex:abc\" for option \"unavailable.value.placeholder\" | Allowed "
		  "values: any text, or hex: followed by pairs of hex digits.");
	CHECK(error({{"table.include.list", "a"}, {"table.exclude.list", "b"}}) ==
		  "options \"table.include.list\" and \"table.exclude.list\" cannot both be given | The "
		  "second value was \"b\".");
	CHECK(error({{"origin", "local"}}) ==
		  "invalid value \"local\" for option \"origin\" | Allowed values: any, none.");
	CHECK(error({{"column.mask.hash.SHA-999.with.salt.x", "a.b.c"}}) ==
		  "unknown hash algorithm \"SHA-999\" in option \"column.mask.hash.SHA-999.with.salt.x\" | "
		  "Allowed algorithms: MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512.");
	for (const char *number : {"x", "", "-1", "1234567", " 4"})
		for (const char *form : {"column.mask.with.", "column.truncate.to."})
		{
			std::string name = std::string(form) + number + ".chars";

			CHECK(error({{name.c_str(), "a.b.c"}}) ==
				  std::string("invalid <N> \"") + number + "\" in option \"" + name +
					  "\" | Allowed values for <N>: a whole number from 0 to 999999.");
		}
	CHECK(error({{"column.mask.with.chars", "a.b.c"}}).rfind("unrecognized option", 0) == 0);
	CHECK(error({{"column.mask.with.999999.chars", "a.b.c"}}) == "no error");
	CHECK(error({{"column.truncate.to.3.chars", "a"}, {"column.truncate.to.3.chars", "b"}}) ==
		  "option \"column.truncate.to.3.chars\" given more than once | The second value was "
		  "\"b\".");
}

TEST_CASE("column mapper options carry their parameters", "[options]")
{
	OptionParser parser;

	parser.apply("column.mask.with.8.chars", "public\\.t\\.secret");
	parser.apply("column.mask.hash.SHA-256.with.salt.CzQMA0cB5K", "public\\.t\\.email");
	parser.apply("column.mask.hash.v2.md5.with.salt.s.a.l.t", "public\\.t\\.name");
	parser.apply("column.truncate.to.0.chars", "public\\.t\\.note");
	const cdc::PluginOptions &options = parser.options();

	REQUIRE(options.column_mapper_count == 4);
	CHECK(options.column_mappers[0].mapping == cdc::ColumnMapping::MaskWithChars);
	CHECK(options.column_mappers[0].length == 8);
	CHECK(options.column_mappers[1].mapping == cdc::ColumnMapping::MaskHashV1);
	CHECK(options.column_mappers[1].algorithm == "SHA-256");
	CHECK(options.column_mappers[1].salt == "CzQMA0cB5K");
	CHECK(options.column_mappers[2].mapping == cdc::ColumnMapping::MaskHashV2);
	CHECK(options.column_mappers[2].algorithm == "md5");
	CHECK(options.column_mappers[2].salt == "s.a.l.t");
	CHECK(options.column_mappers[3].mapping == cdc::ColumnMapping::TruncateToChars);
	CHECK(options.column_mappers[3].length == 0);
	CHECK(options.column_mappers[3].columns == "public\\.t\\.note");
	CHECK(options.column_mappers[3].name == "column.truncate.to.0.chars");
}

/*
 * options.cpp
 *		Validation of the plugin's options: names, value syntax, allowed words
 *		and duplicates.
 */
#include "options.h"

#include <string>

#include "pg_boundary.h"

namespace cdc
{

namespace
{

/* Every option the plugin knows, in the order the error detail lists them. */
enum OptionId : unsigned
{
	kTopicPrefix,
	kRecordMode,
	kTombstonesOnDelete,
	kReplaceNullWithDefault,
	kPrettyPrint,
	kSchemasEnable,
	kDecimalHandlingMode,
	kDecimalFormat,
	kTimePrecisionMode,
	kBinaryHandlingMode,
	kHstoreHandlingMode,
	kIntervalHandlingMode,
	kMoneyFractionDigits,
	kIncludeUnknownDatatypes,
	kColumnPropagateSourceType,
	kDatatypePropagateSourceType,
	kOptionCount
};

const std::string_view kOptionNames[kOptionCount] = {
	"topic.prefix",
	"record.mode",
	"tombstones.on.delete",
	"replace.null.with.default",
	"pretty.print",
	"schemas.enable",
	"decimal.handling.mode",
	"decimal.format",
	"time.precision.mode",
	"binary.handling.mode",
	"hstore.handling.mode",
	"interval.handling.mode",
	"money.fraction.digits",
	"include.unknown.datatypes",
	"column.propagate.source.type",
	"datatype.propagate.source.type",
};

/* One accepted word of an enumerated option and the value it stands for. */
template <typename Enum> struct Word
{
	std::string_view word;
	Enum value;
};

const Word<RecordMode> kRecordModes[] = {{"value", RecordMode::Value},
										 {"record", RecordMode::Record}};
const Word<DecimalHandling> kDecimalHandlings[] = {{"precise", DecimalHandling::Precise},
												   {"double", DecimalHandling::Double},
												   {"string", DecimalHandling::String}};
const Word<DecimalFormat> kDecimalFormats[] = {{"BASE64", DecimalFormat::Base64},
											   {"NUMERIC", DecimalFormat::Numeric}};
const Word<TimePrecision> kTimePrecisions[] = {
	{"adaptive", TimePrecision::Adaptive},
	{"adaptive_time_microseconds", TimePrecision::AdaptiveTimeMicroseconds},
	{"connect", TimePrecision::Connect},
	{"isostring", TimePrecision::IsoString},
	{"microseconds", TimePrecision::Microseconds},
	{"nanoseconds", TimePrecision::Nanoseconds}};
const Word<BinaryHandling> kBinaryHandlings[] = {{"bytes", BinaryHandling::Bytes},
												 {"base64", BinaryHandling::Base64},
												 {"base64-url-safe", BinaryHandling::Base64UrlSafe},
												 {"hex", BinaryHandling::Hex}};
const Word<HstoreHandling> kHstoreHandlings[] = {{"json", HstoreHandling::Json},
												 {"map", HstoreHandling::Map}};
const Word<IntervalHandling> kIntervalHandlings[] = {{"numeric", IntervalHandling::Numeric},
													 {"string", IntervalHandling::String}};

constexpr std::string_view kBooleanWords = "true, false, on, off, 1, 0, yes, no";

/* "the value" in quotes for messages, or a note that none was given. */
std::string
describe_value(const char *value)
{
	if (value == nullptr)
		return "(none)";
	return std::string("\"") + value + "\"";
}

/* The error for a value outside what an option allows. */
[[noreturn]] void
throw_invalid_value(std::string_view name, const char *value, std::string_view allowed)
{
	throw UserError(UserError::Kind::InvalidParameter,
					"invalid value " + describe_value(value) + " for option \"" +
						std::string(name) + "\"",
					"Allowed values: " + std::string(allowed) + ".");
}

/* Case-insensitive ASCII comparison, as PostgreSQL compares option words. */
bool
equals_ignoring_case(std::string_view a, std::string_view b)
{
	if (a.size() != b.size())
		return false;
	for (size_t i = 0; i < a.size(); i++)
	{
		char x = a[i];
		char y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = char(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = char(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* A boolean in any spelling PostgreSQL accepts; no value means true. */
bool
parse_boolean(std::string_view name, const char *value)
{
	if (value == nullptr)
		return true;
	for (std::string_view word : {"true", "on", "1", "yes"})
		if (equals_ignoring_case(value, word))
			return true;
	for (std::string_view word : {"false", "off", "0", "no"})
		if (equals_ignoring_case(value, word))
			return false;
	throw_invalid_value(name, value, kBooleanWords);
}

/*
 * One of an option's words, compared without regard to case as Debezium
 * and Kafka compare them.
 */
template <typename Enum, size_t N>
Enum
parse_word(std::string_view name, const char *value, const Word<Enum> (&words)[N])
{
	std::string allowed;

	for (const Word<Enum> &word : words)
	{
		if (value != nullptr && equals_ignoring_case(value, word.word))
			return word.value;
		allowed += (allowed.empty() ? "" : ", ") + std::string(word.word);
	}
	throw_invalid_value(name, value, allowed);
}

/*
 * A whole number of fraction digits for money; Debezium puts it into the
 * Decimal scale, so it must be a plausible scale.
 */
int
parse_fraction_digits(std::string_view name, const char *value)
{
	constexpr std::string_view allowed = "a whole number from 0 to 30";
	int digits = 0;

	if (value == nullptr || *value == '\0')
		throw_invalid_value(name, value, allowed);
	for (const char *p = value; *p != '\0'; p++)
	{
		if (*p < '0' || *p > '9' || digits > 30)
			throw_invalid_value(name, value, allowed);
		digits = digits * 10 + (*p - '0');
	}
	if (digits > 30)
		throw_invalid_value(name, value, allowed);
	return digits;
}

/* A value that options other than booleans cannot do without. */
std::string_view
require_value(std::string_view name, const char *value, std::string_view allowed)
{
	if (value == nullptr)
		throw_invalid_value(name, value, allowed);
	return value;
}

/*
 * Debezium requires a topic prefix made of Kafka topic characters, since it
 * starts every topic and schema name.
 */
std::string_view
parse_topic_prefix(std::string_view name, const char *value)
{
	constexpr std::string_view allowed =
		"a non-empty name of ASCII letters, digits, '.', '_' and '-'";
	std::string_view prefix = require_value(name, value, allowed);

	if (prefix.empty())
		throw_invalid_value(name, value, allowed);
	for (char c : prefix)
	{
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				  c == '.' || c == '_' || c == '-';

		if (!ok)
			throw_invalid_value(name, value, allowed);
	}
	return prefix;
}

} /* namespace */

/*
 * Applies one option, rejecting unknown names, repeated names and values the
 * option does not allow.
 */
void
OptionParser::apply(std::string_view name, const char *value)
{
	unsigned id = kOptionCount;

	for (unsigned i = 0; i < kOptionCount; i++)
		if (kOptionNames[i] == name)
			id = i;

	if (id == kOptionCount)
	{
		std::string known;

		for (std::string_view option : kOptionNames)
			known += (known.empty() ? "" : ", ") + std::string(option);
		throw UserError(UserError::Kind::InvalidParameter,
						"unrecognized option \"" + std::string(name) + "\" with value " +
							describe_value(value),
						"Known options: " + known + ".");
	}
	if (seen_ & (1u << id))
		throw UserError(UserError::Kind::InvalidParameter,
						"option \"" + std::string(name) + "\" given more than once",
						"The second value was " + describe_value(value) + ".");
	seen_ |= 1u << id;

	switch (id)
	{
		case kTopicPrefix:
			options_.topic_prefix = parse_topic_prefix(name, value);
			break;
		case kRecordMode:
			options_.record_mode = parse_word(name, value, kRecordModes);
			break;
		case kTombstonesOnDelete:
			options_.tombstones_on_delete = parse_boolean(name, value);
			break;
		case kReplaceNullWithDefault:
			options_.replace_null_with_default = parse_boolean(name, value);
			break;
		case kPrettyPrint:
			options_.pretty_print = parse_boolean(name, value);
			break;
		case kSchemasEnable:
			options_.schemas_enable = parse_boolean(name, value);
			break;
		case kDecimalHandlingMode:
			options_.decimal_handling = parse_word(name, value, kDecimalHandlings);
			break;
		case kDecimalFormat:
			options_.decimal_format = parse_word(name, value, kDecimalFormats);
			break;
		case kTimePrecisionMode:
			options_.time_precision = parse_word(name, value, kTimePrecisions);
			break;
		case kBinaryHandlingMode:
			options_.binary_handling = parse_word(name, value, kBinaryHandlings);
			break;
		case kHstoreHandlingMode:
			options_.hstore_handling = parse_word(name, value, kHstoreHandlings);
			break;
		case kIntervalHandlingMode:
			options_.interval_handling = parse_word(name, value, kIntervalHandlings);
			break;
		case kMoneyFractionDigits:
			options_.money_fraction_digits = parse_fraction_digits(name, value);
			break;
		case kIncludeUnknownDatatypes:
			options_.include_unknown_datatypes = parse_boolean(name, value);
			break;
		case kColumnPropagateSourceType:
			options_.column_propagate_source_type =
				require_value(name, value, "a comma-separated list of regular expressions");
			break;
		case kDatatypePropagateSourceType:
			options_.datatype_propagate_source_type =
				require_value(name, value, "a comma-separated list of regular expressions");
			break;
	}
}

} /* namespace cdc */

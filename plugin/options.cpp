/*
 * options.cpp
 *		Validation of the plugin's options: names, value syntax, allowed words
 *		and duplicates.
 */
#include "options.h"

#include <string>

#include "digest.h"
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
	kUnavailableValuePlaceholder,
	kSkippedOperations,
	kProvideTransactionMetadata,
	kTopicTransaction,
	kMessagePrefixIncludeList,
	kMessagePrefixExcludeList,
	kSchemaIncludeList,
	kSchemaExcludeList,
	kTableIncludeList,
	kTableExcludeList,
	kColumnIncludeList,
	kColumnExcludeList,
	kMessageKeyColumns,
	kOrigin,
	kStreamInProgress,
	kTwoPhase,
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
	"unavailable.value.placeholder",
	"skipped.operations",
	"provide.transaction.metadata",
	"topic.transaction",
	"message.prefix.include.list",
	"message.prefix.exclude.list",
	"schema.include.list",
	"schema.exclude.list",
	"table.include.list",
	"table.exclude.list",
	"column.include.list",
	"column.exclude.list",
	"message.key.columns",
	"origin",
	"stream.in.progress",
	"two.phase",
};

/* The options that may not be given together, as Debezium refuses them. */
const OptionId kExclusivePairs[][2] = {
	{kMessagePrefixIncludeList, kMessagePrefixExcludeList},
	{kSchemaIncludeList, kSchemaExcludeList},
	{kTableIncludeList, kTableExcludeList},
	{kColumnIncludeList, kColumnExcludeList},
};

constexpr std::string_view kRegexListWords = "a comma-separated list of regular expressions";

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
const Word<OriginFilter> kOriginFilters[] = {{"any", OriginFilter::Any},
											 {"none", OriginFilter::None}};
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
 * skipped.operations: a comma-separated list of c, u, d, t, or "none"
 * (Debezium's words; empty means none as well).
 */
unsigned
parse_skipped_operations(std::string_view name, const char *value)
{
	constexpr std::string_view allowed = "a comma-separated list of c, u, d, t, or none";
	unsigned skipped = 0;
	std::string_view rest;

	if (value == nullptr)
		throw_invalid_value(name, value, allowed);
	rest = value;
	while (!rest.empty())
	{
		size_t comma = rest.find(',');
		std::string_view item = rest.substr(0, comma);

		while (!item.empty() && item.front() == ' ')
			item.remove_prefix(1);
		while (!item.empty() && item.back() == ' ')
			item.remove_suffix(1);
		if (equals_ignoring_case(item, "none"))
			;
		else if (item == "c")
			skipped |= kSkipCreate;
		else if (item == "u")
			skipped |= kSkipUpdate;
		else if (item == "d")
			skipped |= kSkipDelete;
		else if (item == "t")
			skipped |= kSkipTruncate;
		else if (!item.empty())
			throw_invalid_value(name, value, allowed);
		rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
	}
	return skipped;
}

/*
 * unavailable.value.placeholder: any text, or "hex:" and an even number of
 * hex digits for raw bytes, as Debezium reads it.
 */
std::string_view
parse_placeholder(std::string_view name, const char *value)
{
	constexpr std::string_view allowed = "any text, or hex: followed by pairs of hex digits";
	std::string_view placeholder = require_value(name, value, allowed);

	if (placeholder.substr(0, 4) == "hex:")
	{
		std::string_view digits = placeholder.substr(4);

		if (digits.size() % 2 != 0)
			throw_invalid_value(name, value, allowed);
		for (char c : digits)
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
				throw_invalid_value(name, value, allowed);
	}
	return placeholder;
}

/*
 * Whether 'name' is 'prefix', a middle part (maybe empty) and 'suffix', as
 * column.mask.with.<N>.chars; the middle part goes to 'middle'.
 */
bool
name_between(std::string_view name, std::string_view prefix, std::string_view suffix,
			 std::string_view *middle)
{
	if (name.size() < prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
		name.substr(name.size() - suffix.size()) != suffix)
		return false;
	*middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
	return true;
}

/*
 * The whole number N inside an option's name, such as column.mask.with.N.chars;
 * anything else there is an error naming the option and what N may be.
 */
int
parse_name_number(std::string_view name, std::string_view text)
{
	bool valid = !text.empty() && text.size() <= 6;
	int n = 0;

	for (char c : text)
	{
		valid = valid && c >= '0' && c <= '9';
		n = valid ? n * 10 + (c - '0') : 0;
	}
	if (!valid)
		throw UserError(UserError::Kind::InvalidParameter,
						"invalid <N> \"" + std::string(text) + "\" in option \"" +
							std::string(name) + "\"",
						"Allowed values for <N>: a whole number from 0 to 999999.");
	return n;
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

	if (id == kOptionCount && apply_column_mapper(name, value))
		return;
	if (id == kOptionCount)
	{
		std::string known;

		for (std::string_view option : kOptionNames)
			known += (known.empty() ? "" : ", ") + std::string(option);
		throw UserError(UserError::Kind::InvalidParameter,
						"unrecognized option \"" + std::string(name) + "\" with value " +
							describe_value(value),
						"Known options: " + known +
							", column.mask.with.<N>.chars, column.mask.hash.<algorithm>.with.salt."
							"<salt>, column.mask.hash.v2.<algorithm>.with.salt.<salt>, "
							"column.truncate.to.<N>.chars.");
	}
	if (seen_ & (1ull << id))
		throw UserError(UserError::Kind::InvalidParameter,
						"option \"" + std::string(name) + "\" given more than once",
						"The second value was " + describe_value(value) + ".");
	seen_ |= 1ull << id;
	for (const OptionId *pair : kExclusivePairs)
		if ((id == pair[0] || id == pair[1]) && (seen_ & (1ull << pair[0])) &&
			(seen_ & (1ull << pair[1])))
			throw UserError(UserError::Kind::InvalidParameter,
							"options \"" + std::string(kOptionNames[pair[0]]) + "\" and \"" +
								std::string(kOptionNames[pair[1]]) + "\" cannot both be given",
							"The second value was " + describe_value(value) + ".");

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
			options_.column_propagate_source_type = require_value(name, value, kRegexListWords);
			break;
		case kDatatypePropagateSourceType:
			options_.datatype_propagate_source_type = require_value(name, value, kRegexListWords);
			break;
		case kUnavailableValuePlaceholder:
			options_.unavailable_value_placeholder = parse_placeholder(name, value);
			break;
		case kSkippedOperations:
			options_.skipped_operations = parse_skipped_operations(name, value);
			break;
		case kProvideTransactionMetadata:
			options_.provide_transaction_metadata = parse_boolean(name, value);
			break;
		case kTopicTransaction:
			options_.topic_transaction = parse_topic_prefix(name, value);
			break;
		case kMessagePrefixIncludeList:
			options_.message_prefix_include_list = require_value(name, value, kRegexListWords);
			break;
		case kMessagePrefixExcludeList:
			options_.message_prefix_exclude_list = require_value(name, value, kRegexListWords);
			break;
		case kSchemaIncludeList:
			options_.schema_include_list = require_value(name, value, kRegexListWords);
			break;
		case kSchemaExcludeList:
			options_.schema_exclude_list = require_value(name, value, kRegexListWords);
			break;
		case kTableIncludeList:
			options_.table_include_list = require_value(name, value, kRegexListWords);
			break;
		case kTableExcludeList:
			options_.table_exclude_list = require_value(name, value, kRegexListWords);
			break;
		case kColumnIncludeList:
			options_.column_include_list = require_value(name, value, kRegexListWords);
			break;
		case kColumnExcludeList:
			options_.column_exclude_list = require_value(name, value, kRegexListWords);
			break;
		case kMessageKeyColumns:
			options_.message_key_columns = require_value(
				name, value, "<schema>.<table>:<column>[,<column>...] entries separated by ';'");
			break;
		case kOrigin:
			options_.origin = parse_word(name, value, kOriginFilters);
			break;
		case kStreamInProgress:
			options_.stream_in_progress = parse_boolean(name, value);
			break;
		case kTwoPhase:
			options_.two_phase = parse_boolean(name, value);
			break;
	}
}

/*
 * Recognises the column mapper options, whose names carry their parameter
 * (column.mask.with.8.chars), and records one.  Returns false for a name
 * that is not one of them.
 */
bool
OptionParser::apply_column_mapper(std::string_view name, const char *value)
{
	ColumnMapperOption mapper = {};
	constexpr std::string_view chars_suffix = ".chars";
	constexpr std::string_view hash_v2_prefix = "column.mask.hash.v2.";
	constexpr std::string_view hash_prefix = "column.mask.hash.";
	constexpr std::string_view salt_infix = ".with.salt.";
	std::string_view number;

	mapper.name = name;
	if (name_between(name, "column.mask.with.", chars_suffix, &number))
	{
		mapper.mapping = ColumnMapping::MaskWithChars;
		mapper.length = parse_name_number(name, number);
	}
	else if (name_between(name, "column.truncate.to.", chars_suffix, &number))
	{
		mapper.mapping = ColumnMapping::TruncateToChars;
		mapper.length = parse_name_number(name, number);
	}
	else if (name.substr(0, hash_prefix.size()) == hash_prefix &&
			 name.find(salt_infix) != std::string_view::npos)
	{
		bool v2 = name.substr(0, hash_v2_prefix.size()) == hash_v2_prefix;
		std::string_view rest = name.substr(v2 ? hash_v2_prefix.size() : hash_prefix.size());
		size_t infix = rest.find(salt_infix);
		HashAlgorithm algorithm;

		mapper.mapping = v2 ? ColumnMapping::MaskHashV2 : ColumnMapping::MaskHashV1;
		mapper.algorithm = rest.substr(0, infix);
		mapper.salt = rest.substr(infix + salt_infix.size());
		if (!hash_algorithm_from_name(mapper.algorithm, &algorithm))
			throw UserError(UserError::Kind::InvalidParameter,
							"unknown hash algorithm \"" + std::string(mapper.algorithm) +
								"\" in option \"" + std::string(name) + "\"",
							"Allowed algorithms: " + std::string(kHashAlgorithmNames) + ".");
	}
	else
		return false;

	if (options_.column_mapper_count == kMaxColumnMappers)
		throw UserError(UserError::Kind::InvalidParameter,
						"too many column mask and truncate options at \"" + std::string(name) +
							"\"",
						"At most " + std::to_string(kMaxColumnMappers) + " may be given.");
	for (int i = 0; i < options_.column_mapper_count; i++)
		if (options_.column_mappers[i].mapping == mapper.mapping &&
			options_.column_mappers[i].length == mapper.length &&
			options_.column_mappers[i].algorithm == mapper.algorithm &&
			options_.column_mappers[i].salt == mapper.salt)
			throw UserError(UserError::Kind::InvalidParameter,
							"option \"" + std::string(name) + "\" given more than once",
							"The second value was " + describe_value(value) + ".");
	mapper.columns = require_value(name, value, kRegexListWords);
	options_.column_mappers[options_.column_mapper_count++] = mapper;
	return true;
}

} /* namespace cdc */

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
	kOptionCount
};

const std::string_view kOptionNames[kOptionCount] = {
	"topic.prefix", "record.mode", "tombstones.on.delete", "replace.null.with.default",
	"pretty.print",
};

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
		{
			constexpr std::string_view allowed = "value, record";
			std::string_view mode = require_value(name, value, allowed);

			if (mode == "value")
				options_.record_mode = RecordMode::Value;
			else if (mode == "record")
				options_.record_mode = RecordMode::Record;
			else
				throw_invalid_value(name, value, allowed);
			break;
		}
		case kTombstonesOnDelete:
			options_.tombstones_on_delete = parse_boolean(name, value);
			break;
		case kReplaceNullWithDefault:
			options_.replace_null_with_default = parse_boolean(name, value);
			break;
		case kPrettyPrint:
			options_.pretty_print = parse_boolean(name, value);
			break;
	}
}

} /* namespace cdc */

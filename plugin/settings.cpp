/*
 * settings.cpp
 *		Turns a session's options into its settings: the option core's
 *		parse, the value encoders' settings, and the patterns compiled once.
 */
#include "pg_includes.h"

#include "settings.h"

#include "encoders.h"

namespace cdc
{

namespace
{

/*
 * How many fraction digits a money value's integer counts: lc_monetary's,
 * as cash_out reads it (2 when the locale gives none that makes sense).
 */
int
money_storage_digits()
{
	int digits = PGLC_localeconv()->frac_digits;

	return (digits < 0 || digits > 10) ? 2 : digits;
}

/*
 * The placeholder's bytes: the text, or the bytes a "hex:" placeholder
 * spells, as Debezium reads unavailable.value.placeholder.
 */
std::string_view
placeholder_bytes(std::string_view placeholder)
{
	char *bytes;
	size_t len;

	if (placeholder.substr(0, 4) != "hex:")
		return placeholder;
	placeholder.remove_prefix(4);
	bytes = static_cast<char *>(palloc(placeholder.size() / 2 + 1));
	len = hex_decode(placeholder.data(), placeholder.size(), reinterpret_cast<uint8_t *>(bytes));
	bytes[len] = '\0';
	return std::string_view(bytes, len);
}

/*
 * The options of a DefElem list, validated by the option core; their
 * strings are copied into the current memory context, where the parsed
 * options point.
 */
PluginOptions
parse_options(List *options)
{
	OptionParser parser;
	ListCell *cell;

	foreach (cell, options)
	{
		DefElem *option = lfirst_node(DefElem, cell);

		parser.apply(option->defname,
					 option->arg != nullptr ? pstrdup(strVal(option->arg)) : nullptr);
	}
	return parser.options();
}

} /* namespace */

/* Parses the options and sets up everything that follows from them. */
void
settings_init(SessionSettings &settings, List *options)
{
	settings.options = parse_options(options);

	settings.envelope.record_mode = settings.options.record_mode;
	settings.envelope.schemas_enable = settings.options.schemas_enable;
	settings.envelope.values.replace_null_with_default = settings.options.replace_null_with_default;
	settings.envelope.values.decimal_handling = settings.options.decimal_handling;
	settings.envelope.values.decimal_format = settings.options.decimal_format;
	settings.envelope.values.time_precision = settings.options.time_precision;
	settings.envelope.values.binary_handling = settings.options.binary_handling;
	settings.envelope.values.hstore_handling = settings.options.hstore_handling;
	settings.envelope.values.interval_handling = settings.options.interval_handling;
	settings.envelope.values.money_fraction_digits = settings.options.money_fraction_digits;
	settings.envelope.values.money_storage_digits = money_storage_digits();
	settings.envelope.values.unavailable_placeholder =
		placeholder_bytes(settings.options.unavailable_value_placeholder);

	compile_name_patterns(settings.propagate_columns, "column.propagate.source.type",
						  settings.options.column_propagate_source_type);
	compile_name_patterns(settings.propagate_datatypes, "datatype.propagate.source.type",
						  settings.options.datatype_propagate_source_type);
	compile_name_patterns(settings.message_prefix_include, "message.prefix.include.list",
						  settings.options.message_prefix_include_list);
	compile_name_patterns(settings.message_prefix_exclude, "message.prefix.exclude.list",
						  settings.options.message_prefix_exclude_list);

	settings.relcache.topic_prefix = settings.options.topic_prefix;
	settings.relcache.options = &settings.options;
	settings.relcache.values = &settings.envelope.values;
	settings.relcache.propagate_columns = &settings.propagate_columns;
	settings.relcache.propagate_datatypes = &settings.propagate_datatypes;
}

/* topic.prefix, or the database's name when the option was not given. */
std::string_view
settings_resolve_topic_prefix(SessionSettings &settings, std::string_view database)
{
	if (settings.relcache.topic_prefix.empty())
		settings.relcache.topic_prefix = database;
	return settings.relcache.topic_prefix;
}

} /* namespace cdc */

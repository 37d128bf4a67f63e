/*
 * fuzz_options.cpp
 *		libFuzzer target of the option core (plugin/options.cpp): arbitrary
 *		option lists, one "name=value" (or a bare "name", no value) a line,
 *		applied in order as the startup callback does.
 *
 * Invariants: only UserError escapes, with a message; every string the
 * options keep points into the names and values given (they live as long as
 * the decoding session, nothing is copied); the typed fields stay inside
 * their documented ranges; an accepted option given a second time is refused
 * and leaves the options as they were.
 */
#include <cstring>
#include <deque>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "options.h"
#include "pg_boundary.h"

using cdc_fuzz::check;

namespace
{

/* The option strings of one run, kept alive like the server's DefElems. */
struct Storage
{
	std::deque<std::string> names;
	std::deque<std::string> values;
};

/* Whether 'view' lies inside one of the kept strings (or is empty). */
bool
points_into(const Storage &storage, std::string_view view)
{
	if (view.empty())
		return true;
	for (const std::deque<std::string> *list : {&storage.names, &storage.values})
		for (const std::string &s : *list)
			if (view.data() >= s.data() && view.data() + view.size() <= s.data() + s.size())
				return true;
	return false;
}

/* Whether a topic name holds only the characters Kafka allows. */
bool
topic_characters(std::string_view name)
{
	for (char c : name)
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-'))
			return false;
	return true;
}

/* Checks every field of the options against its documented range. */
void
check_options(const cdc::PluginOptions &o, const Storage &storage)
{
	static const std::string_view kDefaults[] = {"__debezium_unavailable_value", "transaction"};
	const std::string_view kept[] = {o.topic_prefix,
									 o.column_propagate_source_type,
									 o.datatype_propagate_source_type,
									 o.message_prefix_include_list,
									 o.message_prefix_exclude_list,
									 o.schema_include_list,
									 o.schema_exclude_list,
									 o.table_include_list,
									 o.table_exclude_list,
									 o.column_include_list,
									 o.column_exclude_list,
									 o.message_key_columns};

	for (std::string_view view : kept)
		check(points_into(storage, view), "option strings point into the given values");
	for (std::string_view view : {o.unavailable_value_placeholder, o.topic_transaction})
		check(points_into(storage, view) || view.data() == kDefaults[0].data() ||
				  view.data() == kDefaults[1].data(),
			  "placeholder and transaction topic are given or the default");
	check(topic_characters(o.topic_prefix) && topic_characters(o.topic_transaction) &&
			  !o.topic_transaction.empty(),
		  "topic names are Kafka topic characters");
	check(o.money_fraction_digits >= 0 && o.money_fraction_digits <= 30,
		  "money.fraction.digits in 0..30");
	check((o.skipped_operations & ~0xFu) == 0, "skipped operations are known bits");
	check(o.column_mapper_count >= 0 && o.column_mapper_count <= cdc::kMaxColumnMappers,
		  "column mapper count in range");
	if (o.unavailable_value_placeholder.substr(0, 4) == "hex:")
		check(o.unavailable_value_placeholder.size() % 2 == 0, "hex placeholder has whole bytes");
	for (int i = 0; i < o.column_mapper_count; i++)
	{
		const cdc::ColumnMapperOption &m = o.column_mappers[i];

		check(points_into(storage, m.columns) && points_into(storage, m.algorithm) &&
				  points_into(storage, m.salt),
			  "column mapper strings point into the given names and values");
		check(m.length >= 0 && m.length <= 999999, "mapper length has at most six digits");
		for (int j = 0; j < i; j++)
		{
			const cdc::ColumnMapperOption &n = o.column_mappers[j];

			check(!(m.mapping == n.mapping && m.length == n.length && m.algorithm == n.algorithm &&
					m.salt == n.salt),
				  "no two column mappers are the same option");
		}
	}
}

/* The fields a refused option must not have changed. */
bool
same_options(const cdc::PluginOptions &a, const cdc::PluginOptions &b)
{
	return a.topic_prefix.data() == b.topic_prefix.data() && a.record_mode == b.record_mode &&
		   a.pretty_print == b.pretty_print && a.decimal_handling == b.decimal_handling &&
		   a.money_fraction_digits == b.money_fraction_digits &&
		   a.skipped_operations == b.skipped_operations &&
		   a.column_mapper_count == b.column_mapper_count &&
		   a.unavailable_value_placeholder.data() == b.unavailable_value_placeholder.data() &&
		   a.table_include_list.data() == b.table_include_list.data();
}

/* Applies one option; returns whether it was accepted (UserError: refused). */
bool
apply(cdc::OptionParser &parser, std::string_view name, const char *value)
{
	try
	{
		parser.apply(name, value);
		return true;
	}
	catch (const cdc::UserError &e)
	{
		check(std::strlen(e.what()) > 0, "a refused option says why");
		check(e.kind() == cdc::UserError::Kind::InvalidParameter,
			  "option errors are invalid-parameter errors");
		return false;
	}
}

} /* namespace */

/* libFuzzer's entry point: one option list per input. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::string_view text(reinterpret_cast<const char *>(data), size);
	Storage storage;
	cdc::OptionParser parser;

	while (!text.empty())
	{
		size_t newline = text.find('\n');
		std::string_view line = text.substr(0, newline);
		size_t equals = line.find('=');
		const char *value = nullptr;

		text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
		storage.names.emplace_back(line.substr(0, equals));
		if (equals != std::string_view::npos)
			value = storage.values.emplace_back(line.substr(equals + 1)).c_str();

		std::string_view name = storage.names.back();
		if (apply(parser, name, value))
		{
			cdc::PluginOptions before = parser.options();

			check_options(parser.options(), storage);
			check(!apply(parser, name, value), "an option given twice is refused",
				  std::string(name));
			check(same_options(before, parser.options()), "a refused option changes nothing",
				  std::string(name));
		}
		check_options(parser.options(), storage);
	}
	return 0;
}

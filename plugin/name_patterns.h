/*
 * name_patterns.h
 *		Debezium's lists of regular expressions over names (schema.table,
 *		schema.table.column, schema.table.type): comma-separated, trimmed,
 *		matched whole and without regard to case.
 *
 * PG zone: PostgreSQL's regular expression engine (advanced syntax, close
 * to Java's for the patterns these options use).  Lists are compiled once,
 * when decoding starts, so a bad pattern fails the start.
 */
#ifndef CDC_NAME_PATTERNS_H
#define CDC_NAME_PATTERNS_H

#include "pg_includes.h"

#include <string_view>

namespace cdc
{

/* A compiled list; empty when the option was not given. */
struct NamePatterns
{
	int count;
	regex_t *patterns;
};

/*
 * Compiles the list given for 'option_name' into 'patterns' in the current
 * memory context.  A pattern that does not compile is an ERROR naming the
 * option, its value and the pattern with the reason; 'given' is the value
 * to show when 'list' was derived from it (message.key.columns), else empty.
 */
void compile_name_patterns(NamePatterns &patterns, std::string_view option_name,
						   std::string_view list, std::string_view given = {});

/* Whether any pattern of the list matches the whole of 'name'. */
bool name_patterns_match(const NamePatterns &patterns, const char *name);

} /* namespace cdc */

#endif /* CDC_NAME_PATTERNS_H */

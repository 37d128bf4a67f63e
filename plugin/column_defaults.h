/*
 * column_defaults.h
 *		A column's DEFAULT as Debezium puts it into the schema (and so, through
 *		the JSON converter, in place of nulls): rendered once per relation as
 *		the JSON of a value.
 *
 * PG zone.  Debezium parses the text of the default expression with a few
 * rules of its own (debezium-format.md §3.5); this file reproduces their
 * results from the expression tree.
 */
#ifndef CDC_COLUMN_DEFAULTS_H
#define CDC_COLUMN_DEFAULTS_H

#include "pg_includes.h"

#include "materialize.h"

namespace cdc
{

/*
 * The JSON of the column's schema default, allocated in the current memory
 * context, or empty when Debezium would give the column no default.
 */
std::string_view render_column_default(Relation relation, const ColumnSpec &column,
									   const ColumnSource &source, const ValueOptions &options);

} /* namespace cdc */

#endif /* CDC_COLUMN_DEFAULTS_H */

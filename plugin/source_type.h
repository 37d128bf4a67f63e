/*
 * source_type.h
 *		The source column type as Debezium reports it in the
 *		__debezium.source.column.* schema parameters (column.propagate.source.type,
 *		datatype.propagate.source.type): name, length and scale as the
 *		PostgreSQL JDBC driver computes them.
 *
 * PG zone.
 */
#ifndef CDC_SOURCE_TYPE_H
#define CDC_SOURCE_TYPE_H

#include "pg_includes.h"

#include "column_values.h"

namespace cdc
{

/*
 * Fills column.type_name (the type's own name as in pg_type, such as a
 * domain's or "_int4" for an array), type_length and type_scale for a column of 'type'
 * with 'typmod'; allocations go to the current memory context.
 */
void describe_source_type(Oid type, int32 typmod, ColumnSpec &column);

} /* namespace cdc */

#endif /* CDC_SOURCE_TYPE_H */

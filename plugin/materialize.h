/*
 * materialize.h
 *		From PostgreSQL values to plain values: how a type is encoded
 *		(ValueKind), and Datum to PlainValue (detoasting, output functions,
 *		encoding conversion, the unchanged-TOAST marker).
 *
 * PG zone.  Everything allocated here lives in the caller's current memory
 * context, which for row values is the per-change context.
 */
#ifndef CDC_MATERIALIZE_H
#define CDC_MATERIALIZE_H

#include "pg_includes.h"

#include "column_values.h"

namespace cdc
{

/* What the server side needs to turn one column's Datum into a PlainValue. */
struct ColumnSource
{
	AttrNumber attnum; /* in the relation's tuple descriptor */
	Oid base_type;	   /* the type, or the root type of a domain */
	int16 typlen;
	FmgrInfo output; /* the column type's output function */
};

/*
 * Chooses the ValueKind (and its scale and precision) for a base type and
 * typmod, filling those fields of 'column'.
 */
void classify_column_type(Oid base_type, int32 typmod, ColumnSpec &column);

/*
 * Sets up 'source' for a column of 'type' (a domain or not) at 'attnum';
 * the output function's cache goes into 'context'.
 */
void init_column_source(ColumnSource &source, AttrNumber attnum, Oid type, Oid base_type,
						MemoryContext context);

/*
 * Materialises one Datum.  'in_update' says the datum comes from the new
 * row of an UPDATE, where an on-disk TOAST pointer means "unchanged, not in
 * the WAL".
 */
void materialize_datum(const ColumnSpec &column, const ColumnSource &source, Datum datum,
					   bool isnull, bool in_update, PlainValue &value);

} /* namespace cdc */

#endif /* CDC_MATERIALIZE_H */

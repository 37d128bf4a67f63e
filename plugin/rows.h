/*
 * rows.h
 *		A table row as its events show it: the published columns of a heap
 *		tuple, or of a row already deformed into datums and nulls, turned
 *		into plain values in the slots of the table's relation entry.
 *
 * PG zone.  Rows are allocated in the current memory context.  Used by the
 * decoder for changes and by the snapshot functions for rows read.
 */
#ifndef CDC_ROWS_H
#define CDC_ROWS_H

#include "pg_includes.h"

#include "column_values.h"
#include "relcache.h"

namespace cdc
{

/*
 * Materialises every published column of 'tuple' (of a relation described
 * by 'descriptor') into a new row of entry->nslots values.  'in_update'
 * says the tuple is the new row of an UPDATE (materialize_datum).
 */
PlainValue *materialize_row(const RelationEntry *entry, TupleDesc descriptor, HeapTuple tuple,
							bool in_update);

/*
 * The same for a row already deformed: 'datums' and 'nulls' hold every
 * attribute of the relation, indexed by attribute number minus one.
 */
PlainValue *materialize_deformed_row(const RelationEntry *entry, const Datum *datums,
									 const bool *nulls, bool in_update);

} /* namespace cdc */

#endif /* CDC_ROWS_H */

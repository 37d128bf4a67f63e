/*
 * rows.cpp
 *		Materialises a table's rows into the plain values its events write.
 */
#include "pg_includes.h"

#include "rows.h"

#include "materialize.h"

namespace cdc
{

/*
 * Deforms the tuple in one pass (fetching columns one by one walks it from
 * the start for every column after the first variable-width one), then
 * materialises the published columns.
 */
PlainValue *
materialize_row(const RelationEntry *entry, TupleDesc descriptor, HeapTuple tuple, bool in_update)
{
	int natts = descriptor->natts > 0 ? descriptor->natts : 1;
	Datum *datums = static_cast<Datum *>(palloc(sizeof(Datum) * natts));
	bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * natts));

	heap_deform_tuple(tuple, descriptor, datums, nulls);
	return materialize_deformed_row(entry, datums, nulls, in_update);
}

/*
 * Materialises each slot of the entry from its attribute, with the output
 * settings pinned when some column's text form depends on them.
 */
PlainValue *
materialize_deformed_row(const RelationEntry *entry, const Datum *datums, const bool *nulls,
						 bool in_update)
{
	PlainValue *row = static_cast<PlainValue *>(
		palloc(sizeof(PlainValue) * (entry->nslots > 0 ? entry->nslots : 1)));
	int settings_level = entry->text_depends_on_settings ? pin_output_settings() : -1;

	for (int i = 0; i < entry->nslots; i++)
	{
		int index = entry->sources[i].attnum - 1;

		materialize_datum(entry->columns[i], entry->sources[i], datums[index], nulls[index],
						  in_update, row[i]);
	}
	if (settings_level >= 0)
		unpin_output_settings(settings_level);
	return row;
}

} /* namespace cdc */

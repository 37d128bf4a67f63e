/*
 * materialize.h
 *		From PostgreSQL values to plain values: how a column's type is encoded
 *		(Debezium's type mapping, decided once per relation), and Datum to
 *		PlainValue (detoasting, arrays, enum labels, output functions, encoding
 *		conversion, the unchanged-TOAST marker).
 *
 * PG zone.  Row values are allocated in the caller's current memory context,
 * which is the per-change context.
 */
#ifndef CDC_MATERIALIZE_H
#define CDC_MATERIALIZE_H

#include "pg_includes.h"

#include "column_values.h"

namespace cdc
{

/* One label of an enum type. */
struct EnumLabel
{
	Oid oid;
	const char *label;
};

/* What the server side needs to turn one column's Datum into a PlainValue. */
struct ColumnSource
{
	AttrNumber attnum; /* in the relation's tuple descriptor (0 for an element) */
	Oid base_type;	   /* the type, or the root type of a domain */
	int16 typlen;
	bool typbyval;
	char typalign;
	FmgrInfo output; /* the type's output function */

	/* Array: the element's source. */
	struct ColumnSource *element;

	/* Enum: the labels, sorted by OID for lookup. */
	const EnumLabel *enum_labels;
	int enum_count;
};

/*
 * Decides how a column of 'type' (with 'typmod') is written, filling
 * 'column' (kind, semantic, scale, precision, length, enum labels, element)
 * and 'source'.  Returns false when Debezium leaves such a column out of
 * its events.  Everything is allocated in 'context'.
 */
bool describe_column_type(Oid type, int32 typmod, const PluginOptions &options, ColumnSpec &column,
						  ColumnSource &source, MemoryContext context);

/*
 * Materialises one Datum.  'in_update' says the datum comes from the new
 * row of an UPDATE, where an on-disk TOAST pointer means "unchanged, not in
 * the WAL".
 */
void materialize_datum(const ColumnSpec &column, const ColumnSource &source, Datum datum,
					   bool isnull, bool in_update, PlainValue &value);

/*
 * Whether a column's text form (output function) depends on session
 * settings such as DateStyle or TimeZone: such columns are materialised
 * under pinned settings.
 */
bool text_depends_on_settings(const ColumnSpec &column, const ColumnSource &source);

/*
 * Pins the settings that output functions read (DateStyle ISO, MDY;
 * IntervalStyle postgres; TimeZone UTC; extra_float_digits 1; bytea_output
 * hex) until unpin_output_settings(), so text forms are the same in every
 * decoding session.  Returns the level to unpin.
 */
int pin_output_settings();
void unpin_output_settings(int level);

} /* namespace cdc */

#endif /* CDC_MATERIALIZE_H */

/*
 * schema.h
 *		Kafka Connect's JSON schema blocks for schemas.enable=true: the key
 *		schema and the envelope (value) schema of a table, exactly as Kafka's
 *		JsonConverter writes Debezium's schemas (debezium-format.md §3).
 *
 * C++ zone: no server header.  The texts are rendered once per relation
 * (relcache.cpp keeps them) and spliced into every event.
 */
#ifndef CDC_SCHEMA_H
#define CDC_SCHEMA_H

#include "column_values.h"
#include "envelope.h"
#include "json_stream.h"

namespace cdc
{

/*
 * Writes the value (envelope) schema of 'table': the
 * "<T>.Envelope" struct with before/after ("<T>.Value"), source,
 * transaction, op and the ts_* fields.  'schema_name_base' is the
 * sanitised "<topic.prefix>.<schema>.<table>" (TableSpec::topic).
 */
void write_envelope_schema(JsonWriter &writer, const TableSpec &table,
						   const ValueOptions &options);

/* Writes the key schema ("<T>.Key" struct of the key columns); null without a key. */
void write_key_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options);

/*
 * Writes the schema node of one column as a struct member ("field" last),
 * or as an array's items (no "field") when 'field_name' is empty.
 */
void write_column_schema(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options,
						 bool as_field);

} /* namespace cdc */

#endif /* CDC_SCHEMA_H */

/*
 * schema.h
 *		Kafka Connect's JSON schema blocks for schemas.enable=true: the key
 *		schema and the envelope (value) schema of a table, exactly as Kafka's
 *		JsonConverter writes Debezium's schemas (debezium-format.md §3).
 *
 * C++ zone: no server header.  The texts depend only on the table and the
 * value options, so the server renders them once per relation with
 * write_table_schemas(), keeps them in TableSpec::value_schema_json and
 * TableSpec::key_schema_json, and envelope.cpp splices them into every
 * event.
 */
#ifndef CDC_SCHEMA_H
#define CDC_SCHEMA_H

#include <cstddef>

#include "column_values.h"
#include "envelope.h"
#include "json_stream.h"

namespace cdc
{

/*
 * Writes the value schema of 'table': the "<T>.Envelope" struct (version 2)
 * of before/after ("<T>.Value"), source, transaction, op and ts_ms/us/ns,
 * where <T> is TableSpec::topic.
 */
void write_envelope_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options);

/*
 * Writes the key schema: the "<T>.Key" struct of the key columns in key
 * order, or null when the table has no key (Kafka's key schema is null).
 */
void write_key_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options);

/*
 * Writes the schema node of one column as a struct member ("field" last).
 * 'in_key' leaves out the column.propagate.source.type parameters, which
 * Debezium applies to the value struct only.
 */
void write_column_schema(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options,
						 bool in_key);

/* Where write_table_schemas() put the two texts, as offsets into out.data. */
struct TableSchemaTexts
{
	size_t value_offset;
	size_t value_length;
	size_t key_offset;
	size_t key_length; /* 0 when the table has no key */
};

/*
 * Appends the value schema and then the key schema of 'table' to 'out' (two
 * complete JSON texts back to back, nothing between them) and says where
 * each one is.  Offsets rather than pointers, because 'out' may move while
 * it grows.  The caller copies the texts into memory that lives as long as
 * the TableSpec and points value_schema_json/key_schema_json at them.
 */
TableSchemaTexts write_table_schemas(JsonOut &out, const TableSpec &table,
									 const ValueOptions &options);

/* The schemas of logical decoding message records (value and key). */
void write_message_value_schema(JsonWriter &writer, const ValueOptions &options);
void write_message_key_schema(JsonWriter &writer);

/* The schemas of transaction metadata records (value and key). */
void write_transaction_value_schema(JsonWriter &writer);
void write_transaction_key_schema(JsonWriter &writer);

} /* namespace cdc */

#endif /* CDC_SCHEMA_H */

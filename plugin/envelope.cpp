/*
 * envelope.cpp
 *		Writes Debezium's change-event value, key and record documents, with
 *		members in the order of Debezium's schemas (debezium-format.md §1),
 *		and with schemas.enable the {"schema","payload"} pairs of Kafka's
 *		JsonConverter around keys and values (§3).
 */
#include "envelope.h"

#include <charconv>
#include <cstring>

#include "encoders.h"
#include "schema.h"

namespace cdc
{

namespace
{

/* Writes a string_view through RapidJSON's escaping. */
void
write_string(JsonWriter &writer, std::string_view text)
{
	writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

/* Writes an object key. */
void
write_key(JsonWriter &writer, std::string_view name)
{
	writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

/* Writes a row image: every column in table order, or null for no image. */
void
write_row(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
		  const PlainValue *row)
{
	if (row == nullptr)
	{
		writer.Null();
		return;
	}
	writer.StartObject();
	for (int i = 0; i < table.ncolumns; i++)
	{
		write_key(writer, table.columns[i].name);
		write_column_value(writer, table.columns[i], row[i], options.values);
	}
	writer.EndObject();
}

/* Writes the key payload: the key columns of 'row', or null without a key. */
void
write_key_payload(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
				  const PlainValue *row)
{
	if (table.nkey == 0 || row == nullptr)
	{
		writer.Null();
		return;
	}
	writer.StartObject();
	for (int i = 0; i < table.nkey; i++)
	{
		const ColumnSpec &column = table.columns[table.key_columns[i]];

		write_key(writer, column.name);
		write_column_value(writer, column, row[table.key_columns[i]], options.values);
	}
	writer.EndObject();
}

/* Writes the three timestamps Debezium derives from one instant in µs. */
void
write_timestamps(JsonWriter &writer, int64_t micros, bool with_ms_key)
{
	if (with_ms_key)
		writer.Key("ts_ms", 5);
	writer.Int64(floor_div(micros, 1000));
	writer.Key("ts_us", 5);
	writer.Int64(micros);
	writer.Key("ts_ns", 5);
	writer.Int64(micros * 1000);
}

/* Appends a literal piece of JSON text. */
template <size_t N>
void
append_literal(JsonOut &out, const char (&text)[N])
{
	out.Append(text, N - 1);
}

/* Appends a signed or unsigned integer in decimal. */
template <typename Integer>
void
append_integer(JsonOut &out, Integer value)
{
	char digits[24] = {};
	char *end = std::to_chars(digits, digits + sizeof(digits), value).ptr;

	out.Append(digits, static_cast<size_t>(end - digits));
}

/*
 * Writes the source block of io.debezium.connector.postgresql.Source.  It
 * is written as text in one go rather than member by member: it is the
 * larger part of every event and its shape never changes.
 */
void
write_source(JsonWriter &writer, std::string_view schema, std::string_view table,
			 const SourceFacts &source)
{
	JsonOut &out = writer.begin_raw_value(rapidjson::kObjectType);

	append_literal(out, "{\"version\":\"");
	out.Append(kDebeziumVersion.data(), kDebeziumVersion.size());
	append_literal(out, "\",\"connector\":\"postgresql\",\"name\":");
	JsonWriter::write_json_string(out, source.server_name.data(), source.server_name.size());
	append_literal(out, ",\"ts_ms\":");
	append_integer(out, floor_div(source.commit_micros, 1000));
	append_literal(out, ",\"snapshot\":\"false\",\"db\":");
	JsonWriter::write_json_string(out, source.database.data(), source.database.size());
	append_literal(out, ",\"sequence\":\"[");
	if (source.has_last_commit_lsn)
	{
		append_literal(out, "\\\"");
		append_integer(out, source.last_commit_lsn);
		append_literal(out, "\\\"");
	}
	else
		append_literal(out, "null");
	append_literal(out, ",\\\"");
	append_integer(out, source.lsn);
	append_literal(out, "\\\"]\",\"ts_us\":");
	append_integer(out, source.commit_micros);
	append_literal(out, ",\"ts_ns\":");
	append_integer(out, source.commit_micros * 1000);
	append_literal(out, ",\"schema\":");
	JsonWriter::write_json_string(out, schema.data(), schema.size());
	append_literal(out, ",\"table\":");
	JsonWriter::write_json_string(out, table.data(), table.size());
	append_literal(out, ",\"txId\":");
	if (source.has_xid)
		append_integer(out, source.xid);
	else
		append_literal(out, "null");
	append_literal(out, ",\"lsn\":");
	append_integer(out, source.lsn);
	append_literal(out, ",\"xmin\":null,\"origin\":");
	if (source.origin.empty())
		append_literal(out, "null,\"origin_lsn\":null}");
	else
	{
		JsonWriter::write_json_string(out, source.origin.data(), source.origin.size());
		append_literal(out, ",\"origin_lsn\":");
		append_integer(out, source.origin_lsn);
		out.Put('}');
	}
}

/* Writes the event.block transaction struct, or null. */
void
write_transaction_block(JsonWriter &writer, const TransactionBlock *block)
{
	if (block == nullptr)
	{
		writer.Null();
		return;
	}
	writer.StartObject();
	writer.Key("id", 2);
	write_string(writer, block->id);
	writer.Key("total_order", 11);
	writer.Int64(block->total_order);
	writer.Key("data_collection_order", 21);
	writer.Int64(block->data_collection_order);
	writer.EndObject();
}

/* Writes the value envelope of a change event. */
void
write_envelope(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
			   Operation op, const PlainValue *before, const PlainValue *after,
			   const SourceFacts &source, int64_t now_micros)
{
	char op_text = static_cast<char>(op);

	writer.StartObject();
	writer.Key("before", 6);
	write_row(writer, options, table, before);
	writer.Key("after", 5);
	write_row(writer, options, table, after);
	writer.Key("source", 6);
	write_source(writer, table.schema, table.table, source);
	writer.Key("transaction", 11);
	write_transaction_block(writer, source.transaction);
	writer.Key("op", 2);
	writer.String(&op_text, 1);
	write_timestamps(writer, now_micros, true);
	writer.EndObject();
}

/*
 * Writes a cached schema text, or renders the schema on the spot when the
 * cache is empty (unit tests, or a table entry built without it).
 */
void
write_schema_text(JsonWriter &writer, std::string_view cached, const EnvelopeOptions &options,
				  const TableSpec &table, bool key)
{
	if (!cached.empty())
		writer.RawValue(cached.data(), cached.size(), rapidjson::kObjectType);
	else if (key)
		write_key_schema(writer, table, options.values);
	else
		write_envelope_schema(writer, table, options.values);
}

/*
 * Writes the record value: the envelope, or {"schema","payload"} around it.
 */
void
write_value(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
			Operation op, const PlainValue *before, const PlainValue *after,
			const SourceFacts &source, int64_t now_micros)
{
	if (!options.schemas_enable)
	{
		write_envelope(writer, options, table, op, before, after, source, now_micros);
		return;
	}
	writer.StartObject();
	writer.Key("schema", 6);
	write_schema_text(writer, table.value_schema_json, options, table, false);
	writer.Key("payload", 7);
	write_envelope(writer, options, table, op, before, after, source, now_micros);
	writer.EndObject();
}

/*
 * Writes the record key.  Without a key Debezium's key schema and value are
 * both null, and JsonConverter.fromConnectData turns that pair into a null
 * message key, with or without schemas.
 */
void
write_record_key(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
				 const PlainValue *row)
{
	if (!options.schemas_enable || table.nkey == 0)
	{
		write_key_payload(writer, options, table, row);
		return;
	}
	writer.StartObject();
	writer.Key("schema", 6);
	write_schema_text(writer, table.key_schema_json, options, table, true);
	writer.Key("payload", 7);
	write_key_payload(writer, options, table, row);
	writer.EndObject();
}

} /* namespace */

/*
 * Writes a change event as the record value, or wrapped with its topic and
 * key in record mode.
 */
void
write_change_event(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
				   Operation op, const PlainValue *before, const PlainValue *after,
				   const SourceFacts &source, int64_t now_micros)
{
	if (options.record_mode == RecordMode::Value)
	{
		write_value(writer, options, table, op, before, after, source, now_micros);
		return;
	}
	writer.StartObject();
	writer.Key("topic", 5);
	write_string(writer, table.topic);
	writer.Key("key", 3);
	write_record_key(writer, options, table, op == Operation::Delete ? before : after);
	writer.Key("value", 5);
	write_value(writer, options, table, op, before, after, source, now_micros);
	writer.EndObject();
}

/*
 * Writes a record-mode tombstone: the row's key and a null value (Kafka's
 * JsonConverter writes a null schema with a null value as null).
 */
void
write_tombstone(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
				const PlainValue *key_row)
{
	writer.StartObject();
	writer.Key("topic", 5);
	write_string(writer, table.topic);
	writer.Key("key", 3);
	write_record_key(writer, options, table, key_row);
	writer.Key("value", 5);
	writer.Null();
	writer.EndObject();
}

/* Writes a message's content per binary.handling.mode (bytes are Base64). */
static void
write_message_content(JsonWriter &writer, const EnvelopeOptions &options,
					  const MessageRecord &message)
{
	JsonOut &out = writer.out();
	bool hex = options.values.binary_handling == BinaryHandling::Hex;
	bool url_safe = options.values.binary_handling == BinaryHandling::Base64UrlSafe;
	size_t text_len = hex ? message.content_len * 2 : base64_length(message.content_len);

	writer.begin_raw_value(rapidjson::kStringType);
	out.Reserve(text_len + 2);
	out.PutUnchecked('"');
	if (hex)
		hex_encode(message.content, message.content_len, out.data + out.len);
	else
		base64_encode(message.content, message.content_len, out.data + out.len, url_safe);
	out.len += text_len;
	out.PutUnchecked('"');
}

/* Writes the MessageValue payload, members in its schema's order. */
static void
write_message_payload(JsonWriter &writer, const EnvelopeOptions &options,
					  const MessageRecord &message, const SourceFacts &source, int64_t now_micros)
{
	writer.StartObject();
	writer.Key("op", 2);
	writer.String("m", 1);
	writer.Key("ts_ms", 5);
	writer.Int64(floor_div(now_micros, 1000));
	writer.Key("source", 6);
	write_source(writer, std::string_view(""), std::string_view(""), source);
	writer.Key("transaction", 11);
	write_transaction_block(writer, source.transaction);
	writer.Key("message", 7);
	writer.StartObject();
	writer.Key("prefix", 6);
	write_string(writer, message.prefix);
	writer.Key("content", 7);
	write_message_content(writer, options, message);
	writer.EndObject();
	writer.EndObject();
}

/*
 * Writes a record whose schemas are fixed (messages, transaction records):
 * the value, or in record mode {"topic","key","value"}; each part wrapped
 * as {"schema","payload"} when schemas are enabled.
 */
template <typename KeySchema, typename KeyPayload, typename ValueSchema, typename ValuePayload>
static void
write_fixed_record(JsonWriter &writer, const EnvelopeOptions &options, std::string_view topic,
				   KeySchema &&key_schema, KeyPayload &&key_payload, ValueSchema &&value_schema,
				   ValuePayload &&value_payload)
{
	auto with_schema = [&](auto &&schema, auto &&payload) {
		if (!options.schemas_enable)
		{
			payload();
			return;
		}
		writer.StartObject();
		writer.Key("schema", 6);
		schema();
		writer.Key("payload", 7);
		payload();
		writer.EndObject();
	};

	if (options.record_mode == RecordMode::Value)
	{
		with_schema(value_schema, value_payload);
		return;
	}
	writer.StartObject();
	writer.Key("topic", 5);
	write_string(writer, topic);
	writer.Key("key", 3);
	with_schema(key_schema, key_payload);
	writer.Key("value", 5);
	with_schema(value_schema, value_payload);
	writer.EndObject();
}

/* Writes a message record; see the header. */
void
write_message_event(JsonWriter &writer, const EnvelopeOptions &options,
					const MessageRecord &message, const SourceFacts &source, int64_t now_micros)
{
	write_fixed_record(
		writer, options, message.topic, [&] { write_message_key_schema(writer); },
		[&] {
			writer.StartObject();
			writer.Key("prefix", 6);
			write_string(writer, message.prefix);
			writer.EndObject();
		},
		[&] { write_message_value_schema(writer, options.values); },
		[&] { write_message_payload(writer, options, message, source, now_micros); });
}

/* Writes the TransactionMetadataValue payload. */
static void
write_transaction_payload(JsonWriter &writer, const TransactionRecord &record)
{
	writer.StartObject();
	writer.Key("status", 6);
	write_string(writer, record.status);
	writer.Key("id", 2);
	write_string(writer, record.id);
	writer.Key("event_count", 11);
	if (record.with_counts)
		writer.Int64(record.event_count);
	else
		writer.Null();
	writer.Key("data_collections", 16);
	if (record.with_counts)
	{
		writer.StartArray();
		for (int i = 0; i < record.ncollections; i++)
		{
			writer.StartObject();
			writer.Key("data_collection", 15);
			write_string(writer, record.collections[i].data_collection);
			writer.Key("event_count", 11);
			writer.Int64(record.collections[i].event_count);
			writer.EndObject();
		}
		writer.EndArray();
	}
	else
		writer.Null();
	writer.Key("ts_ms", 5);
	writer.Int64(record.commit_millis);
	writer.EndObject();
}

/* Writes a transaction metadata record; see the header. */
void
write_transaction_event(JsonWriter &writer, const EnvelopeOptions &options,
						const TransactionRecord &record)
{
	write_fixed_record(
		writer, options, record.topic, [&] { write_transaction_key_schema(writer); },
		[&] {
			writer.StartObject();
			writer.Key("id", 2);
			write_string(writer, record.id);
			writer.EndObject();
		},
		[&] { write_transaction_value_schema(writer); },
		[&] { write_transaction_payload(writer, record); });
}

} /* namespace cdc */

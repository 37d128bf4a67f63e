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

/* Writes an object key given as a quoted literal: nothing to escape or scan. */
template <size_t N>
void
write_literal_key(JsonWriter &writer, const char (&quoted)[N])
{
	writer.RenderedKey(quoted, N - 1);
}

/* Writes a column's name as an object key. */
void
write_column_key(JsonWriter &writer, const ColumnSpec &column)
{
	if (column.name_json.empty())
		write_key(writer, column.name);
	else
		writer.RenderedKey(column.name_json.data(), column.name_json.size());
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
		write_column_key(writer, table.columns[i]);
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

		write_column_key(writer, column);
		write_column_value(writer, column, row[table.key_columns[i]], options.values);
	}
	writer.EndObject();
}

/*
 * Writes the three timestamps Debezium derives from one instant in µs.
 * From 1000 µs on, milliseconds and nanoseconds are the microseconds'
 * digits cut or extended, so they are formatted once.
 */
void
write_timestamps(JsonWriter &writer, int64_t micros, bool with_ms_key)
{
	char us[24];
	char ms[24];
	char ns[27];
	size_t us_len = static_cast<size_t>(std::to_chars(us, us + sizeof(us), micros).ptr - us);
	size_t ms_len;
	size_t ns_len;

	if (micros >= 1000)
	{
		ms_len = us_len - 3;
		memcpy(ms, us, ms_len);
		memcpy(ns, us, us_len);
		memcpy(ns + us_len, "000", 3);
		ns_len = us_len + 3;
	}
	else
	{
		ms_len = static_cast<size_t>(
			std::to_chars(ms, ms + sizeof(ms), floor_div(micros, 1000)).ptr - ms);
		ns_len = static_cast<size_t>(std::to_chars(ns, ns + sizeof(ns), micros * 1000).ptr - ns);
	}
	if (with_ms_key)
		write_literal_key(writer, "\"ts_ms\"");
	writer.RawValue(ms, ms_len, rapidjson::kNumberType);
	write_literal_key(writer, "\"ts_us\"");
	writer.RawValue(us, us_len, rapidjson::kNumberType);
	write_literal_key(writer, "\"ts_ns\"");
	writer.RawValue(ns, ns_len, rapidjson::kNumberType);
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

/* Appends the text of source.snapshot's value, without its quotes. */
void
append_snapshot_mark(JsonOut &out, SnapshotMark mark)
{
	switch (mark)
	{
		case SnapshotMark::False:
			append_literal(out, "false");
			break;
		case SnapshotMark::True:
			append_literal(out, "true");
			break;
		case SnapshotMark::First:
			append_literal(out, "first");
			break;
		case SnapshotMark::FirstInDataCollection:
			append_literal(out, "first_in_data_collection");
			break;
		case SnapshotMark::LastInDataCollection:
			append_literal(out, "last_in_data_collection");
			break;
		case SnapshotMark::Last:
			append_literal(out, "last");
			break;
	}
}

/* The parts of the source block that a SourceTemplate holds, in order. */
enum class SourcePart
{
	Head,
	Middle,
	TxId,
	Tail
};

/*
 * Appends one fixed part of the source block of
 * io.debezium.connector.postgresql.Source (see SourceTemplate for where
 * each ends).  The block is written as text rather than member by member:
 * it is the larger part of every event and its shape never changes.
 */
void
append_source_part(JsonOut &out, const SourceFacts &source, SourcePart part)
{
	switch (part)
	{
		case SourcePart::Head:
			append_literal(out, "{\"version\":\"");
			out.Append(kDebeziumVersion.data(), kDebeziumVersion.size());
			append_literal(out, "\",\"connector\":\"postgresql\",\"name\":");
			JsonWriter::write_json_string(out, source.server_name.data(),
										  source.server_name.size());
			append_literal(out, ",\"ts_ms\":");
			append_integer(out, floor_div(source.commit_micros, 1000));
			append_literal(out, ",\"snapshot\":\"");
			append_snapshot_mark(out, source.mark);
			append_literal(out, "\",\"db\":");
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
			break;
		case SourcePart::Middle:
			append_literal(out, "\\\"]\",\"ts_us\":");
			append_integer(out, source.commit_micros);
			append_literal(out, ",\"ts_ns\":");
			append_integer(out, source.commit_micros * 1000);
			append_literal(out, ",\"schema\":");
			break;
		case SourcePart::TxId:
			append_literal(out, ",\"txId\":");
			if (source.has_xid)
				append_integer(out, source.xid);
			else
				append_literal(out, "null");
			append_literal(out, ",\"lsn\":");
			break;
		case SourcePart::Tail:
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
			break;
	}
}

/* Appends a text the caller has made room for. */
void
append_unchecked(JsonOut &out, std::string_view text)
{
	out.AppendUnchecked(text.data(), text.size());
}

/*
 * Writes the source block: from the transaction's template when there is
 * one (the usual case: a few copies), else part by part.
 */
void
write_source(JsonWriter &writer, const TableSpec &table, const SourceFacts &source)
{
	JsonOut &out = writer.begin_raw_value(rapidjson::kObjectType);
	char lsn_digits[24];
	size_t lsn_len = static_cast<size_t>(
		std::to_chars(lsn_digits, lsn_digits + sizeof(lsn_digits), source.lsn).ptr - lsn_digits);
	const SourceTemplate *rendered = source.rendered;

	if (rendered == nullptr || table.source_names_json.empty())
	{
		append_source_part(out, source, SourcePart::Head);
		out.Append(lsn_digits, lsn_len);
		append_source_part(out, source, SourcePart::Middle);
		render_source_names(out, table.schema, table.table);
		append_source_part(out, source, SourcePart::TxId);
		out.Append(lsn_digits, lsn_len);
		append_source_part(out, source, SourcePart::Tail);
		return;
	}
	out.Reserve(rendered->head.size() + rendered->middle.size() + rendered->txid.size() +
				rendered->tail.size() + table.source_names_json.size() + 2 * lsn_len);
	append_unchecked(out, rendered->head);
	out.AppendUnchecked(lsn_digits, lsn_len);
	append_unchecked(out, rendered->middle);
	append_unchecked(out, table.source_names_json);
	append_unchecked(out, rendered->txid);
	out.AppendUnchecked(lsn_digits, lsn_len);
	append_unchecked(out, rendered->tail);
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
	write_literal_key(writer, "\"id\"");
	write_string(writer, block->id);
	write_literal_key(writer, "\"total_order\"");
	writer.Int64(block->total_order);
	write_literal_key(writer, "\"data_collection_order\"");
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
	write_literal_key(writer, "\"before\"");
	write_row(writer, options, table, before);
	write_literal_key(writer, "\"after\"");
	write_row(writer, options, table, after);
	write_literal_key(writer, "\"source\"");
	write_source(writer, table, source);
	write_literal_key(writer, "\"transaction\"");
	write_transaction_block(writer, source.transaction);
	write_literal_key(writer, "\"op\"");
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
	write_literal_key(writer, "\"schema\"");
	write_schema_text(writer, table.value_schema_json, options, table, false);
	write_literal_key(writer, "\"payload\"");
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
	write_literal_key(writer, "\"schema\"");
	write_schema_text(writer, table.key_schema_json, options, table, true);
	write_literal_key(writer, "\"payload\"");
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
	write_literal_key(writer, "\"topic\"");
	write_string(writer, table.topic);
	write_literal_key(writer, "\"key\"");
	write_record_key(writer, options, table, op == Operation::Delete ? before : after);
	write_literal_key(writer, "\"value\"");
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
	write_literal_key(writer, "\"topic\"");
	write_string(writer, table.topic);
	write_literal_key(writer, "\"key\"");
	write_record_key(writer, options, table, key_row);
	write_literal_key(writer, "\"value\"");
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
	/* a message's source block names no schema and no table */
	TableSpec no_table = {};

	no_table.source_names_json = kNoSourceNames;
	writer.StartObject();
	write_literal_key(writer, "\"op\"");
	writer.String("m", 1);
	write_literal_key(writer, "\"ts_ms\"");
	writer.Int64(floor_div(now_micros, 1000));
	write_literal_key(writer, "\"source\"");
	write_source(writer, no_table, source);
	write_literal_key(writer, "\"transaction\"");
	write_transaction_block(writer, source.transaction);
	write_literal_key(writer, "\"message\"");
	writer.StartObject();
	write_literal_key(writer, "\"prefix\"");
	write_string(writer, message.prefix);
	write_literal_key(writer, "\"content\"");
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
		write_literal_key(writer, "\"schema\"");
		schema();
		write_literal_key(writer, "\"payload\"");
		payload();
		writer.EndObject();
	};

	if (options.record_mode == RecordMode::Value)
	{
		with_schema(value_schema, value_payload);
		return;
	}
	writer.StartObject();
	write_literal_key(writer, "\"topic\"");
	write_string(writer, topic);
	write_literal_key(writer, "\"key\"");
	with_schema(key_schema, key_payload);
	write_literal_key(writer, "\"value\"");
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
			write_literal_key(writer, "\"prefix\"");
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
	write_literal_key(writer, "\"status\"");
	write_string(writer, record.status);
	write_literal_key(writer, "\"id\"");
	write_string(writer, record.id);
	write_literal_key(writer, "\"event_count\"");
	if (record.with_counts)
		writer.Int64(record.event_count);
	else
		writer.Null();
	write_literal_key(writer, "\"data_collections\"");
	if (record.with_counts)
	{
		writer.StartArray();
		for (int i = 0; i < record.ncollections; i++)
		{
			writer.StartObject();
			write_literal_key(writer, "\"data_collection\"");
			write_string(writer, record.collections[i].data_collection);
			write_literal_key(writer, "\"event_count\"");
			writer.Int64(record.collections[i].event_count);
			writer.EndObject();
		}
		writer.EndArray();
	}
	else
		writer.Null();
	write_literal_key(writer, "\"ts_ms\"");
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
			write_literal_key(writer, "\"id\"");
			write_string(writer, record.id);
			writer.EndObject();
		},
		[&] { write_transaction_value_schema(writer); },
		[&] { write_transaction_payload(writer, record); });
}

/*
 * Renders the parts of 'source' that stay the same for its transaction,
 * separated by NUL bytes (JSON text never holds one), for
 * source_template_at.
 */
void
render_source_template(JsonOut &out, const SourceFacts &source)
{
	append_source_part(out, source, SourcePart::Head);
	out.Put('\0');
	append_source_part(out, source, SourcePart::Middle);
	out.Put('\0');
	append_source_part(out, source, SourcePart::TxId);
	out.Put('\0');
	append_source_part(out, source, SourcePart::Tail);
}

/* The parts of a text made by render_source_template. */
SourceTemplate
source_template_at(std::string_view text)
{
	SourceTemplate parts;
	size_t head_end = text.find('\0');
	size_t middle_end = text.find('\0', head_end + 1);
	size_t txid_end = text.find('\0', middle_end + 1);

	parts.head = text.substr(0, head_end);
	parts.middle = text.substr(head_end + 1, middle_end - head_end - 1);
	parts.txid = text.substr(middle_end + 1, txid_end - middle_end - 1);
	parts.tail = text.substr(txid_end + 1);
	return parts;
}

/*
 * True if a template rendered from 'rendered' is right for 'source': they
 * agree on everything but the event's LSN and transaction block.
 */
bool
source_template_fits(const SourceFacts &rendered, const SourceFacts &source)
{
	return rendered.commit_micros == source.commit_micros &&
		   rendered.has_last_commit_lsn == source.has_last_commit_lsn &&
		   rendered.last_commit_lsn == source.last_commit_lsn &&
		   rendered.has_xid == source.has_xid && rendered.xid == source.xid &&
		   rendered.mark == source.mark && rendered.origin_lsn == source.origin_lsn &&
		   rendered.origin == source.origin && rendered.server_name == source.server_name &&
		   rendered.database == source.database;
}

/*
 * Resolves a snapshot row's mark; see the header.  The checks go in
 * Debezium's order, so a row that is both the first and the last of the
 * snapshot (a one-row snapshot) is "last".
 */
SnapshotMark
resolve_snapshot_mark(bool first_in_snapshot, bool last_in_snapshot, bool first_in_table,
					  bool last_in_table)
{
	if (last_in_snapshot)
		return SnapshotMark::Last;
	if (first_in_snapshot)
		return SnapshotMark::First;
	if (last_in_table)
		return SnapshotMark::LastInDataCollection;
	if (first_in_table)
		return SnapshotMark::FirstInDataCollection;
	return SnapshotMark::True;
}

/* Renders a table's names as its source blocks show them; see TableSpec. */
void
render_source_names(JsonOut &out, std::string_view schema, std::string_view table)
{
	JsonWriter::write_json_string(out, schema.data(), schema.size());
	append_literal(out, ",\"table\":");
	JsonWriter::write_json_string(out, table.data(), table.size());
}

} /* namespace cdc */

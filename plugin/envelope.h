/*
 * envelope.h
 *		Debezium's change-event documents: the value envelope (before, after,
 *		source, transaction, op, timestamps), the key, and the record wrapper
 *		of record.mode=record.
 *
 * C++ zone: no server header.  The caller (decoder.cpp) supplies the table's
 * cached description, the materialised rows and the source facts.
 */
#ifndef CDC_ENVELOPE_H
#define CDC_ENVELOPE_H

#include <cstdint>
#include <string_view>

#include "column_values.h"
#include "json_stream.h"
#include "options.h"

namespace cdc
{

/* The Debezium release whose format the plugin reproduces. */
constexpr std::string_view kDebeziumVersion = "3.6.1.Final";

/* Debezium's op codes for the events this file writes. */
enum class Operation : char
{
	Create = 'c',
	Update = 'u',
	Delete = 'd',
	Truncate = 't',
	Read = 'r' /* a row read by an initial snapshot */
};

/*
 * source.snapshot: "false" for a streamed event; for a snapshot's read
 * events, where the row stands in the snapshot (Debezium's SnapshotRecord).
 */
enum class SnapshotMark
{
	False,
	True,
	First,
	FirstInDataCollection,
	LastInDataCollection,
	Last
};

/*
 * The mark of one row of a snapshot, as Debezium's
 * RelationalSnapshotChangeEventSource.SnapshotMarkerResolver gives it: the
 * snapshot's last row "last", else its first row "first", else a table's
 * last row "last_in_data_collection", else a table's first row
 * "first_in_data_collection", else "true".
 */
SnapshotMark resolve_snapshot_mark(bool first_in_snapshot, bool last_in_snapshot,
								   bool first_in_table, bool last_in_table);

/* The per-event transaction block (provide.transaction.metadata). */
struct TransactionBlock
{
	std::string_view id; /* "<xid>:<lsn of this event>" */
	int64_t total_order;
	int64_t data_collection_order;
};

/* A table as its events show it; built once per relation (relcache.cpp). */
struct TableSpec
{
	std::string_view schema;
	std::string_view table;
	std::string_view topic; /* "<prefix>.<schema>.<table>", sanitised */
	const ColumnSpec *columns;
	int ncolumns;
	const int *key_columns; /* indexes into columns, in key order */
	int nkey;				/* 0: the table has no key, the key is null */

	/*
	 * schemas.enable: the value and key schema texts (schema.h's
	 * write_table_schemas), rendered once per relation.  Empty when schemas
	 * are off; an empty text with schemas on is rendered per event instead.
	 * key_schema_json stays empty for a table without a key.
	 */
	std::string_view value_schema_json = {};
	std::string_view key_schema_json = {};

	/*
	 * The schema and table members of its source blocks, from the schema's
	 * value on: '"<schema>","table":"<table>"' (render_source_names),
	 * rendered once per relation.  Empty: rendered per event instead.
	 */
	std::string_view source_names_json = {};
};

/* A message's source block names no table: empty schema and table names. */
constexpr std::string_view kNoSourceNames = "\"\",\"table\":\"\"";

/*
 * The text of a source block that stays the same for a whole transaction,
 * rendered once (render_source_template) so that each event adds only its
 * LSN, written twice, and its table's names.  The block is head, LSN,
 * middle, the table's source_names_json, txid, LSN, tail.
 */
struct SourceTemplate
{
	std::string_view head;	 /* "{" up to the event's LSN in "sequence" */
	std::string_view middle; /* the rest of "sequence" up to the schema's value */
	std::string_view txid;	 /* "txId" and the "lsn" key */
	std::string_view tail;	 /* "xmin", "origin", "origin_lsn" and "}" */
};

/* The per-event facts of the source block that are not the table's. */
struct SourceFacts
{
	std::string_view server_name; /* topic.prefix */
	std::string_view database;
	int64_t commit_micros; /* Unix µs */
	bool has_last_commit_lsn;
	uint64_t last_commit_lsn;
	uint64_t lsn;
	bool has_xid;
	uint64_t xid;			 /* 32-bit while streaming; a snapshot's 64-bit full xid */
	std::string_view origin; /* empty: no replication origin */
	uint64_t origin_lsn;

	/* The event's transaction block, or null ("transaction":null). */
	const TransactionBlock *transaction = nullptr;

	/* source.snapshot */
	SnapshotMark mark = SnapshotMark::False;

	/*
	 * The transaction's source template, rendered from facts equal to these
	 * (source_template_fits), or null to write the block part by part.
	 */
	const SourceTemplate *rendered = nullptr;
};

/* One table's count in a transaction's END record. */
struct CollectionCount
{
	std::string_view data_collection; /* "<schema>.<table>" */
	int64_t event_count;
};

/*
 * A transaction metadata record: Debezium's BEGIN, or END with its counts;
 * the streaming and two-phase statuses (STREAM_START, STREAM_STOP,
 * STREAM_COMMIT, STREAM_ABORT, STREAM_PREPARE, PREPARE, COMMIT_PREPARED,
 * ROLLBACK_PREPARED) have the same shape.  with_counts says whether
 * event_count and data_collections are set (END, commits, prepares).
 */
struct TransactionRecord
{
	std::string_view status;
	bool with_counts;
	std::string_view id;				/* "<xid>:<lsn>" */
	int64_t commit_millis;				/* ts_ms: the commit time */
	int64_t event_count;				/* END only */
	const CollectionCount *collections; /* END only, in the order to write */
	int ncollections;
	std::string_view topic; /* "<topic.prefix>.<topic.transaction>" */
};

/* A logical decoding message (pg_logical_emit_message). */
struct MessageRecord
{
	std::string_view prefix;
	const uint8_t *content;
	size_t content_len;
	std::string_view topic; /* "<topic.prefix>.message" */
};

/* The options the documents depend on. */
struct EnvelopeOptions
{
	RecordMode record_mode;
	ValueOptions values;

	/* schemas.enable: wrap keys and values as {"schema":...,"payload":...} */
	bool schemas_enable = false;
};

/*
 * Writes one change event: the value envelope, or in record mode the
 * {"topic","key","value"} record around it.  'before' and 'after' are rows
 * parallel to table.columns, or null.  With schemas_enable the key and the
 * value are each {"schema":...,"payload":...}, as Kafka's JsonConverter
 * writes them; a table without a key has a null key either way.
 */
void write_change_event(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
						Operation op, const PlainValue *before, const PlainValue *after,
						const SourceFacts &source, int64_t now_micros);

/*
 * Writes a logical decoding message's record: Debezium's MessageValue
 * (op "m", ts_ms, source with empty schema and table, transaction, message),
 * or in record mode wrapped with its topic and {"prefix"} key.
 */
void write_message_event(JsonWriter &writer, const EnvelopeOptions &options,
						 const MessageRecord &message, const SourceFacts &source,
						 int64_t now_micros);

/*
 * Writes a transaction metadata record (BEGIN or END), or in record mode
 * wrapped with its topic and {"id"} key.
 */
void write_transaction_event(JsonWriter &writer, const EnvelopeOptions &options,
							 const TransactionRecord &record);

/*
 * Renders the parts of a source block that stay the same for a
 * transaction (everything but the LSN and the table's names), for
 * source_template_at.
 */
void render_source_template(JsonOut &out, const SourceFacts &source);

/* The parts of a text rendered by render_source_template. */
SourceTemplate source_template_at(std::string_view text);

/* Whether a template rendered from 'rendered' is right for 'source'. */
bool source_template_fits(const SourceFacts &rendered, const SourceFacts &source);

/* Renders a table's names as its source blocks show them (TableSpec). */
void render_source_names(JsonOut &out, std::string_view schema, std::string_view table);

/*
 * Writes the tombstone that follows a delete in record mode: the deleted
 * row's key and a null value.
 */
void write_tombstone(JsonWriter &writer, const EnvelopeOptions &options, const TableSpec &table,
					 const PlainValue *key_row);

} /* namespace cdc */

#endif /* CDC_ENVELOPE_H */

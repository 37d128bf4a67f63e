/*
 * decoder.cpp
 *		The callback bodies: reads the options at startup, keeps the facts of
 *		the transaction being decoded (including its transaction-metadata
 *		counts), and turns each change, TRUNCATE and logical decoding message
 *		into Debezium records written one message each.
 */
#include "pg_includes.h"

#include "decoder.h"

#include "encoders.h"
#include "envelope.h"
#include "json_sink.h"
#include "options.h"
#include "relcache.h"
#include "rows.h"
#include "settings.h"

namespace cdc
{

namespace
{

/*
 * What a transaction's metadata needs: whether its BEGIN went out, and its
 * event counts, in total and per table (in order of first event).
 */
struct TransactionCounts
{
	bool begin_written;
	int64_t total_order;
	CollectionCount *collections;
	Oid *collection_relids; /* parallel to collections; InvalidOid for messages */
	int ncollections;
	int capacity;
	MemoryContext memory; /* where the arrays live */
};

/*
 * The plugin's state for one decoding session, on ctx->output_plugin_private.
 * Trivially destructible: it lives in palloc memory and is never destroyed.
 */
struct DecoderState
{
	SessionSettings settings;		   /* what the options make of the encoders */
	MemoryContext change_context;	   /* reset after every change */
	MemoryContext transaction_context; /* reset at every BEGIN */
	std::string_view database;		   /* resolved at the first BEGIN */
	std::string_view topic_prefix;	   /* the option, or the database's name */

	/* Commit position of the last transaction that produced events. */
	bool has_last_commit_lsn;
	XLogRecPtr last_commit_lsn;

	/* Topics of the records that are not a table's. */
	std::string_view transaction_topic; /* <prefix>.<topic.transaction> */
	std::string_view message_topic;		/* <prefix>.message */

	/* Changes decoded without any output since progress was last reported. */
	int unreported_changes;

	/* The transaction being decoded. */
	int64_t commit_micros;
	std::string_view origin;
	XLogRecPtr origin_lsn;
	bool emitted_events;

	/* Its transaction metadata counts. */
	TransactionCounts counts;

	/* Between STREAM_START and STREAM_STOP: changes belong to a streamed transaction. */
	bool in_stream;

	/*
	 * The source template of the events being written (see
	 * attach_source_template) and the facts it was rendered from; their
	 * origin name points into source_template_origin.
	 */
	bool has_source_template;
	StringInfoData source_template_text;
	StringInfoData source_template_origin;
	SourceFacts source_template_facts;
	SourceTemplate source_template;
};

/* How many changes without output may pass before progress is reported. */
constexpr int kProgressInterval = 100;

/* The data collection Debezium counts transactional messages under. */
constexpr std::string_view kMessageCollection = "LOGICAL_DECODING_MESSAGE";

/* The session state set up by decoder_startup. */
DecoderState *
get_state(LogicalDecodingContext *ctx)
{
	return static_cast<DecoderState *>(ctx->output_plugin_private);
}

/* A copy of 'text' in the current memory context, as a string_view. */
std::string_view
copy_text(const char *text)
{
	return std::string_view(pstrdup(text));
}

/* Current time in Unix µs: Debezium's processing time of an event. */
int64_t
now_unix_micros()
{
	return GetCurrentTimestamp() + kPostgresEpochMicros;
}

/*
 * Under REPLICA IDENTITY FULL the old row carries the values of unchanged
 * TOAST columns; Debezium shows them in 'after' instead of the placeholder.
 */
void
fill_unchanged_toast(const RelationEntry *entry, const PlainValue *before, PlainValue *after)
{
	for (int i = 0; i < entry->nslots; i++)
		if (after[i].state == PlainValue::State::UnchangedToast &&
			before[i].state == PlainValue::State::Present)
			after[i] = before[i];
}

/* True if the key columns hold different values in the two tuples. */
bool
key_changed(const RelationEntry *entry, TupleDesc descriptor, HeapTuple old_tuple,
			HeapTuple new_tuple)
{
	for (int k = 0; k < entry->table.nkey; k++)
	{
		const ColumnSource &source = entry->sources[entry->key_columns[k]];
		Form_pg_attribute attribute = TupleDescAttr(descriptor, source.attnum - 1);
		bool old_null;
		bool new_null;
		Datum old_datum = heap_getattr(old_tuple, source.attnum, descriptor, &old_null);
		Datum new_datum = heap_getattr(new_tuple, source.attnum, descriptor, &new_null);

		if (old_null != new_null)
			return true;
		if (!old_null &&
			!datumIsEqual(old_datum, new_datum, attribute->attbyval, attribute->attlen))
			return true;
	}
	return false;
}

/* Writes one document as one message, re-indented if pretty.print is on. */
template <typename WriteDocument>
void
write_message(LogicalDecodingContext *ctx, const DecoderState *state, WriteDocument &&write)
{
	OutputPluginPrepareWrite(ctx, true);
	/* the walsender has already put its message header in front */
	write_json_document(ctx->out, state->settings.options.pretty_print, write);
	OutputPluginWrite(ctx, true);
}

/* "<xid>:<lsn>", Debezium's transaction id of a record at 'lsn'. */
std::string_view
transaction_id(TransactionId xid, XLogRecPtr lsn)
{
	return std::string_view(psprintf("%u:" UINT64_FORMAT, xid, static_cast<uint64>(lsn)));
}

/* The source facts shared by every record of the transaction, at 'lsn'. */
SourceFacts
source_facts(const DecoderState *state, ReorderBufferTXN *txn, XLogRecPtr lsn)
{
	SourceFacts source;

	source.server_name = state->topic_prefix;
	source.database = state->database;
	source.commit_micros = state->commit_micros;
	source.has_last_commit_lsn = state->has_last_commit_lsn;
	source.last_commit_lsn = state->last_commit_lsn;
	source.lsn = lsn;
	source.has_xid = txn != nullptr && TransactionIdIsValid(txn->xid);
	source.xid = source.has_xid ? txn->xid : 0;
	source.origin = state->origin;
	source.origin_lsn = state->origin_lsn;
	return source;
}

/*
 * Gives 'source' the source template of its transaction, rendering it
 * again only when the facts it was made from no longer fit (a new
 * transaction, or a streamed chunk's clock time), so that most events copy
 * their source block instead of writing it.
 */
void
attach_source_template(DecoderState *state, SourceFacts &source)
{
	if (!state->has_source_template || !source_template_fits(state->source_template_facts, source))
	{
		JsonOut out;

		resetStringInfo(&state->source_template_text);
		json_out_attach(out, &state->source_template_text);
		render_source_template(out, source);
		json_out_detach(out, &state->source_template_text);
		state->source_template = source_template_at(
			std::string_view(state->source_template_text.data, state->source_template_text.len));

		resetStringInfo(&state->source_template_origin);
		appendBinaryStringInfo(&state->source_template_origin, source.origin.data(),
							   static_cast<int>(source.origin.size()));
		state->source_template_facts = source;
		state->source_template_facts.origin =
			std::string_view(state->source_template_origin.data, state->source_template_origin.len);
		state->source_template_facts.transaction = nullptr;
		state->has_source_template = true;
	}
	source.rendered = &state->source_template;
}

/* Forgets the counts of a finished transaction; arrays go to 'memory'. */
void
reset_counts(TransactionCounts &counts, MemoryContext memory)
{
	counts.begin_written = false;
	counts.total_order = 0;
	counts.collections = nullptr;
	counts.collection_relids = nullptr;
	counts.ncollections = 0;
	counts.capacity = 0;
	counts.memory = memory;
}

/*
 * Counts one event of a transaction for its metadata and fills the event's
 * block.  When 'write_begin' is set, the BEGIN record goes out before the
 * first event (so BEGIN carries the first event's LSN, as PostgreSQL 15's
 * pgoutput sends it).
 */
void
count_event(LogicalDecodingContext *ctx, DecoderState *state, TransactionCounts &counts,
			TransactionId xid, Oid relid, std::string_view collection, XLogRecPtr lsn,
			bool write_begin, TransactionBlock &block)
{
	int index = -1;

	if (write_begin && !counts.begin_written)
	{
		TransactionRecord begin = {};

		begin.status = "BEGIN";
		begin.id = transaction_id(xid, lsn);
		begin.commit_millis = floor_div(state->commit_micros, 1000);
		begin.topic = state->transaction_topic;
		write_message(ctx, state, [&](JsonWriter &writer) {
			write_transaction_event(writer, state->settings.envelope, begin);
		});
		counts.begin_written = true;
	}
	for (int i = 0; i < counts.ncollections && index < 0; i++)
		if (counts.collection_relids[i] == relid &&
			(OidIsValid(relid) || counts.collections[i].data_collection == collection))
			index = i;
	if (index < 0)
	{
		MemoryContext old_context = MemoryContextSwitchTo(counts.memory);

		if (counts.ncollections == counts.capacity)
		{
			int capacity = counts.capacity == 0 ? 8 : counts.capacity * 2;

			counts.collections = static_cast<CollectionCount *>(
				counts.ncollections == 0
					? palloc(sizeof(CollectionCount) * capacity)
					: repalloc(counts.collections, sizeof(CollectionCount) * capacity));
			counts.collection_relids =
				static_cast<Oid *>(counts.ncollections == 0 ? palloc(sizeof(Oid) * capacity)
															: repalloc(counts.collection_relids,
																	   sizeof(Oid) * capacity));
			counts.capacity = capacity;
		}
		index = counts.ncollections++;
		counts.collections[index].data_collection =
			std::string_view(pnstrdup(collection.data(), collection.size()), collection.size());
		counts.collections[index].event_count = 0;
		counts.collection_relids[index] = relid;
		MemoryContextSwitchTo(old_context);
	}
	block.id = transaction_id(xid, lsn);
	block.total_order = ++counts.total_order;
	block.data_collection_order = ++counts.collections[index].event_count;
}

/*
 * Writes a transaction record with 'status' at 'lsn', with the counts
 * (tables in java.util.HashMap order, as Debezium writes them) when given.
 */
void
write_transaction_record(LogicalDecodingContext *ctx, DecoderState *state, const char *status,
						 TransactionId xid, XLogRecPtr lsn, int64_t time_micros,
						 const TransactionCounts *counts)
{
	MemoryContext old_context = MemoryContextSwitchTo(state->change_context);
	TransactionRecord record = {};

	record.status = status;
	record.id = transaction_id(xid, lsn);
	record.commit_millis = floor_div(time_micros, 1000);
	record.topic = state->transaction_topic;
	if (counts != nullptr)
	{
		int n = counts->ncollections;
		int32_t *hashes = static_cast<int32_t *>(palloc(sizeof(int32_t) * (n + 1)));
		uint32_t *order = static_cast<uint32_t *>(palloc(sizeof(uint32_t) * (n + 1)));
		uint32_t *work =
			static_cast<uint32_t *>(palloc(sizeof(uint32_t) * (java_hashmap_work_size(n) + 1)));
		CollectionCount *ordered =
			static_cast<CollectionCount *>(palloc(sizeof(CollectionCount) * (n + 1)));

		for (int i = 0; i < n; i++)
			hashes[i] = java_string_hash(counts->collections[i].data_collection.data(),
										 counts->collections[i].data_collection.size());
		java_hashmap_order(hashes, n, order, work);
		for (int i = 0; i < n; i++)
			ordered[i] = counts->collections[order[i]];
		record.with_counts = true;
		record.event_count = counts->total_order;
		record.collections = ordered;
		record.ncollections = n;
	}
	write_message(ctx, state, [&](JsonWriter &writer) {
		write_transaction_event(writer, state->settings.envelope, record);
	});
	MemoryContextSwitchTo(old_context);
	MemoryContextReset(state->change_context);
}

/*
 * The counts of the transaction an event belongs to: the current one's, or
 * for a streamed transaction its own, kept on the transaction until it ends.
 */
TransactionCounts &
counts_of(LogicalDecodingContext *ctx, DecoderState *state, ReorderBufferTXN *txn)
{
	TransactionCounts *counts;

	if (!state->in_stream && txn->output_plugin_private == nullptr)
		return state->counts;
	counts = static_cast<TransactionCounts *>(txn->output_plugin_private);
	if (counts == nullptr)
	{
		counts = static_cast<TransactionCounts *>(
			MemoryContextAllocZero(ctx->context, sizeof(TransactionCounts)));
		reset_counts(*counts, AllocSetContextCreate(ctx->context, "cdc_plugin streamed transaction",
													ALLOCSET_SMALL_SIZES));
		txn->output_plugin_private = counts;
	}
	return *counts;
}

/* Frees a streamed transaction's counts once it has ended. */
void
forget_counts(ReorderBufferTXN *txn)
{
	TransactionCounts *counts = static_cast<TransactionCounts *>(txn->output_plugin_private);

	if (counts == nullptr)
		return;
	MemoryContextDelete(counts->memory);
	pfree(counts);
	txn->output_plugin_private = nullptr;
}

/*
 * Writes one change (or truncate) event for 'entry' with the transaction's
 * source facts, unless skipped.operations names its operation; a delete is
 * followed by its tombstone in record mode.
 */
void
emit_change(LogicalDecodingContext *ctx, DecoderState *state, ReorderBufferTXN *txn,
			const RelationEntry *entry, XLogRecPtr lsn, Operation op, const PlainValue *before,
			const PlainValue *after)
{
	SourceFacts source = source_facts(state, txn, lsn);
	TransactionBlock block;
	int64_t now = now_unix_micros();
	unsigned skip_bit = op == Operation::Create	  ? kSkipCreate
						: op == Operation::Update ? kSkipUpdate
						: op == Operation::Delete ? kSkipDelete
												  : kSkipTruncate;

	if (state->settings.options.skipped_operations & skip_bit)
		return;
	if (state->settings.options.provide_transaction_metadata || state->in_stream)
	{
		count_event(ctx, state, counts_of(ctx, state, txn), txn->xid, entry->relid,
					std::string_view(
						psprintf("%s.%s", entry->table.schema.data(), entry->table.table.data())),
					lsn, !state->in_stream, block);
		source.transaction = &block;
	}
	if (state->in_stream)
		source.commit_micros = now;
	attach_source_template(state, source);
	write_message(ctx, state, [&](JsonWriter &writer) {
		write_change_event(writer, state->settings.envelope, entry->table, op, before, after,
						   source, now);
	});
	if (op == Operation::Delete && state->settings.options.record_mode == RecordMode::Record &&
		state->settings.options.tombstones_on_delete)
		write_message(ctx, state, [&](JsonWriter &writer) {
			write_tombstone(writer, state->settings.envelope, entry->table, before);
		});
	state->emitted_events = true;
}

/*
 * Tells the server how far decoding got when changes produce no output for
 * a while (filtered tables, skipped operations), so the slot advances and
 * WAL does not pile up during a long transaction.
 */
void
note_change_without_output(LogicalDecodingContext *ctx, DecoderState *state)
{
	if (++state->unreported_changes >= kProgressInterval)
	{
		state->unreported_changes = 0;
		CDC_UPDATE_PROGRESS(ctx, false);
	}
}

/*
 * Resolves the database name (topic.prefix's default) and the fixed topics,
 * once.  Outside a transaction (a walsender starting up, a
 * non-transactional message) a short transaction of its own reads the
 * catalog.
 */
void
resolve_names(DecoderState *state, MemoryContext context)
{
	MemoryContext old_context;
	char *database;

	if (!state->database.empty())
		return;
	old_context = CurrentMemoryContext;
	if (IsTransactionState())
		database = get_database_name(MyDatabaseId);
	else
	{
		StartTransactionCommand();
		database = get_database_name(MyDatabaseId);
		database = MemoryContextStrdup(context, database);
		CommitTransactionCommand();
	}
	MemoryContextSwitchTo(context);
	state->database = copy_text(database);
	state->topic_prefix = settings_resolve_topic_prefix(state->settings, state->database);
	state->transaction_topic = std::string_view(psprintf(
		"%.*s.%.*s", static_cast<int>(state->topic_prefix.size()), state->topic_prefix.data(),
		static_cast<int>(state->settings.options.topic_transaction.size()),
		state->settings.options.topic_transaction.data()));
	state->message_topic = std::string_view(psprintf(
		"%.*s.message", static_cast<int>(state->topic_prefix.size()), state->topic_prefix.data()));
	MemoryContextSwitchTo(old_context);
}

} /* namespace */

/*
 * Validates the options (an ERROR here fails the slot's start with the
 * option's name and value) and sets up the session's memory and cache.
 */
void
decoder_startup(LogicalDecodingContext *ctx, OutputPluginOptions *options, bool)
{
	DecoderState *state;
	MemoryContext old_context = MemoryContextSwitchTo(ctx->context);

	options->output_type = OUTPUT_PLUGIN_TEXTUAL_OUTPUT;
	options->receive_rewrites = false;

	state = new (palloc0(sizeof(DecoderState))) DecoderState();
	settings_init(state->settings, ctx->output_plugin_options);
	state->change_context =
		AllocSetContextCreate(ctx->context, "cdc_plugin change", ALLOCSET_DEFAULT_SIZES);
	state->transaction_context =
		AllocSetContextCreate(ctx->context, "cdc_plugin transaction", ALLOCSET_SMALL_SIZES);
	initStringInfo(&state->source_template_text);
	initStringInfo(&state->source_template_origin);

	/*
	 * The slot's confirmed position is where the last acknowledged commit
	 * ended: it continues Debezium's "last commit" across sessions.
	 */
	if (ctx->slot != nullptr && ctx->slot->data.confirmed_flush != InvalidXLogRecPtr)
	{
		state->has_last_commit_lsn = true;
		state->last_commit_lsn = ctx->slot->data.confirmed_flush;
	}

	/* in-progress streaming and two-phase decoding only when asked for */
	if (!state->settings.options.stream_in_progress)
		ctx->streaming = false;
	if (!state->settings.options.two_phase)
		ctx->twophase = false;
	else
		ctx->twophase_opt_given = true;

	ctx->output_plugin_private = state;
	resolve_names(state, ctx->context);
	relcache_init(ctx->context);
	relcache_compile_filters(state->settings.options);
	MemoryContextSwitchTo(old_context);
}

/* Nothing to release: all memory belongs to the decoding context. */
void
decoder_shutdown(LogicalDecodingContext *)
{
}

/*
 * Records the transaction's commit time and origin.  Nothing is written
 * yet: a transaction without events shows nothing, and with
 * provide.transaction.metadata its BEGIN goes out before its first event.
 */
void
decoder_begin(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	DecoderState *state = get_state(ctx);

	resolve_names(state, ctx->context);
	MemoryContextReset(state->transaction_context);
	reset_counts(state->counts, state->transaction_context);
	state->commit_micros = CDC_TXN_COMMIT_TIME(txn) + kPostgresEpochMicros;
	state->origin = std::string_view();
	state->origin_lsn = InvalidXLogRecPtr;
	state->emitted_events = false;
	if (txn->origin_id != InvalidRepOriginId)
	{
		char *origin_name = nullptr;
		MemoryContext old_context = MemoryContextSwitchTo(state->transaction_context);

		if (replorigin_by_oid(txn->origin_id, true, &origin_name))
		{
			state->origin = origin_name;
			state->origin_lsn = txn->origin_lsn;
		}
		MemoryContextSwitchTo(old_context);
	}
}

/*
 * Ends a transaction: its END record when metadata is on and it had
 * events, and where it ended, for source.sequence.  A transaction without
 * output still reports progress, so the slot moves past it.
 */
void
decoder_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	if (!state->emitted_events)
	{
		state->unreported_changes = 0;
		CDC_UPDATE_PROGRESS(ctx, true);
		return;
	}
	if (state->counts.begin_written)
		write_transaction_record(ctx, state, "END", txn->xid, txn->end_lsn, state->commit_micros,
								 &state->counts);
	state->has_last_commit_lsn = true;
	state->last_commit_lsn = txn->end_lsn;
}

/*
 * Turns one INSERT, UPDATE or DELETE into its events, as Debezium would
 * receive them through pgoutput (debezium-format.md §2.3, §5.1).
 */
void
decoder_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, Relation relation,
			   ReorderBufferChange *change)
{
	DecoderState *state = get_state(ctx);
	MemoryContext old_context = MemoryContextSwitchTo(state->change_context);
	RelationEntry *entry = relcache_lookup(relation, state->settings.relcache);
	TupleDesc descriptor = RelationGetDescr(relation);
	HeapTuple old_tuple = CDC_CHANGE_TUPLE(change->data.tp.oldtuple);
	HeapTuple new_tuple = CDC_CHANGE_TUPLE(change->data.tp.newtuple);
	PlainValue *before;
	PlainValue *after;

	bool emitted_before = state->emitted_events;

	state->emitted_events = false;
	if (!entry->excluded)
		switch (change->action)
		{
			case REORDER_BUFFER_CHANGE_INSERT:
				if (new_tuple == nullptr)
					break;
				after = materialize_row(entry, descriptor, new_tuple, false);
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Create, nullptr, after);
				break;

			case REORDER_BUFFER_CHANGE_UPDATE:
				if (!entry->publishes_old_rows || new_tuple == nullptr)
					break;
				after = materialize_row(entry, descriptor, new_tuple, true);
				if (old_tuple == nullptr)
				{
					emit_change(ctx, state, txn, entry, change->lsn, Operation::Update, nullptr,
								after);
					break;
				}
				before = materialize_row(entry, descriptor, old_tuple, false);
				fill_unchanged_toast(entry, before, after);
				if (key_changed(entry, descriptor, old_tuple, new_tuple))
				{
					emit_change(ctx, state, txn, entry, change->lsn, Operation::Delete, before,
								nullptr);
					emit_change(ctx, state, txn, entry, change->lsn, Operation::Create, nullptr,
								after);
				}
				else
					emit_change(ctx, state, txn, entry, change->lsn, Operation::Update, before,
								after);
				break;

			case REORDER_BUFFER_CHANGE_DELETE:
				if (!entry->publishes_old_rows || old_tuple == nullptr)
					break;
				before = materialize_row(entry, descriptor, old_tuple, false);
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Delete, before,
							nullptr);
				break;

			default:
				break;
		}
	if (!state->emitted_events)
		note_change_without_output(ctx, state);
	state->emitted_events |= emitted_before;

	MemoryContextSwitchTo(old_context);
	MemoryContextReset(state->change_context);
}

/*
 * Turns a TRUNCATE into one "t" event per truncated table (all with the
 * statement's LSN), unless skipped.operations has "t" (its default).
 */
void
decoder_truncate(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, int nrelations,
				 Relation relations[], ReorderBufferChange *change)
{
	DecoderState *state = get_state(ctx);
	MemoryContext old_context = MemoryContextSwitchTo(state->change_context);

	for (int i = 0; i < nrelations; i++)
	{
		RelationEntry *entry = relcache_lookup(relations[i], state->settings.relcache);

		if (entry->excluded)
			continue;
		emit_change(ctx, state, txn, entry, change->lsn, Operation::Truncate, nullptr, nullptr);
	}
	MemoryContextSwitchTo(old_context);
	MemoryContextReset(state->change_context);
}

/*
 * Turns a logical decoding message into Debezium's message record, unless
 * its prefix is filtered out.  A transactional message belongs to its
 * transaction (txId, commit time, metadata counts); a non-transactional
 * one has no transaction and the current time as its time.
 */
void
decoder_message(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr message_lsn,
				bool transactional, const char *prefix, Size message_size, const char *message)
{
	DecoderState *state = get_state(ctx);
	MemoryContext old_context = MemoryContextSwitchTo(state->change_context);
	MessageRecord record;
	SourceFacts source;
	TransactionBlock block;
	int64_t now = now_unix_micros();

	resolve_names(state, ctx->context);
	if ((state->settings.message_prefix_include.count > 0 &&
		 !name_patterns_match(state->settings.message_prefix_include, prefix)) ||
		name_patterns_match(state->settings.message_prefix_exclude, prefix))
	{
		MemoryContextSwitchTo(old_context);
		return;
	}

	record.prefix = prefix;
	record.content = reinterpret_cast<const uint8_t *>(message);
	record.content_len = message_size;
	record.topic = state->message_topic;
	if (transactional)
	{
		source = source_facts(state, txn, message_lsn);
		if (state->settings.options.provide_transaction_metadata || state->in_stream)
		{
			count_event(ctx, state, counts_of(ctx, state, txn), txn->xid, InvalidOid,
						kMessageCollection, message_lsn, !state->in_stream, block);
			source.transaction = &block;
		}
		state->emitted_events = true;
	}
	else
	{
		source = source_facts(state, nullptr, message_lsn);
		source.commit_micros = now;
		source.origin = std::string_view();
	}
	attach_source_template(state, source);
	write_message(ctx, state, [&](JsonWriter &writer) {
		write_message_event(writer, state->settings.envelope, record, source, now);
	});
	MemoryContextSwitchTo(old_context);
	MemoryContextReset(state->change_context);
}

/* With origin=none, leaves out changes replicated in from another origin. */
bool
decoder_filter_by_origin(LogicalDecodingContext *ctx, RepOriginId origin_id)
{
	DecoderState *state = get_state(ctx);

	return state->settings.options.origin == OriginFilter::None && origin_id != InvalidRepOriginId;
}

/*
 * stream.in.progress: a chunk of a large in-progress transaction starts.
 * Its events follow, each with its transaction block (id "<xid>:<lsn>" of
 * the (sub)transaction that made the change) and the current time as
 * source time, since the commit time is not known yet.
 */
void
decoder_stream_start(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	DecoderState *state = get_state(ctx);

	resolve_names(state, ctx->context);
	state->origin = std::string_view();
	state->origin_lsn = InvalidXLogRecPtr;
	write_transaction_record(ctx, state, "STREAM_START", txn->xid, txn->first_lsn,
							 now_unix_micros(), nullptr);
	state->in_stream = true;
}

/* A chunk of a streamed transaction ends; more may follow. */
void
decoder_stream_stop(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	DecoderState *state = get_state(ctx);

	state->in_stream = false;
	write_transaction_record(ctx, state, "STREAM_STOP", txn->xid, txn->final_lsn, now_unix_micros(),
							 nullptr);
}

/*
 * A streamed transaction, or one of its subtransactions, aborted: the
 * consumer drops the events whose transaction block names that xid (all of
 * the transaction's when it is the top-level one).
 */
void
decoder_stream_abort(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr abort_lsn)
{
	DecoderState *state = get_state(ctx);

	write_transaction_record(ctx, state, "STREAM_ABORT", txn->xid, abort_lsn, now_unix_micros(),
							 nullptr);
	if (txn->toptxn == nullptr)
		forget_counts(txn);
}

/* A streamed transaction committed: its events count, with its commit time. */
void
decoder_stream_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	write_transaction_record(ctx, state, "STREAM_COMMIT", txn->xid, txn->end_lsn,
							 CDC_TXN_COMMIT_TIME(txn) + kPostgresEpochMicros,
							 &counts_of(ctx, state, txn));
	forget_counts(txn);
	state->has_last_commit_lsn = true;
	state->last_commit_lsn = txn->end_lsn;
}

/* A streamed transaction was prepared (two-phase and streaming together). */
void
decoder_stream_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	write_transaction_record(ctx, state, "STREAM_PREPARE", txn->xid, txn->end_lsn,
							 CDC_TXN_PREPARE_TIME(txn) + kPostgresEpochMicros,
							 &counts_of(ctx, state, txn));
	forget_counts(txn);
}

/*
 * two.phase: a prepared transaction is decoded at PREPARE.  Its events go
 * out then, as for a commit, followed by a PREPARE record; COMMIT PREPARED
 * or ROLLBACK PREPARED follows later as a record of its own.
 */
void
decoder_begin_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	decoder_begin(ctx, txn);
}

/* The prepared transaction's events are out: the PREPARE record. */
void
decoder_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	write_transaction_record(ctx, state, "PREPARE", txn->xid, txn->end_lsn, state->commit_micros,
							 state->settings.options.provide_transaction_metadata ? &state->counts
																				  : nullptr);
}

/* COMMIT PREPARED of a transaction whose events went out at PREPARE. */
void
decoder_commit_prepared(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	resolve_names(state, ctx->context);
	write_transaction_record(ctx, state, "COMMIT_PREPARED", txn->xid, txn->end_lsn,
							 CDC_TXN_COMMIT_TIME(txn) + kPostgresEpochMicros, nullptr);
	state->has_last_commit_lsn = true;
	state->last_commit_lsn = txn->end_lsn;
}

/* ROLLBACK PREPARED: the consumer drops the transaction's events. */
void
decoder_rollback_prepared(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr,
						  TimestampTz)
{
	DecoderState *state = get_state(ctx);

	resolve_names(state, ctx->context);
	write_transaction_record(ctx, state, "ROLLBACK_PREPARED", txn->xid, txn->end_lsn,
							 now_unix_micros(), nullptr);
}

} /* namespace cdc */

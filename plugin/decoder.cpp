/*
 * decoder.cpp
 *		The callback bodies: reads the options at startup, keeps the facts of
 *		the transaction being decoded, and turns each INSERT, UPDATE and
 *		DELETE into Debezium events written one message each.
 */
#include "pg_includes.h"

#include "decoder.h"

#include "encoders.h"
#include "envelope.h"
#include "json_pretty.h"
#include "json_sink.h"
#include "options.h"
#include "relcache.h"

namespace cdc
{

namespace
{

/*
 * The plugin's state for one decoding session, on ctx->output_plugin_private.
 * Trivially destructible: it lives in palloc memory and is never destroyed.
 */
struct DecoderState
{
	PluginOptions options;
	EnvelopeOptions envelope;
	MemoryContext change_context;	   /* reset after every change */
	MemoryContext transaction_context; /* reset at every BEGIN */
	std::string_view database;		   /* resolved at the first BEGIN */
	std::string_view topic_prefix;	   /* the option, or the database's name */
	RelcacheSettings relcache;		   /* what relation entries are built from */
	NamePatterns propagate_columns;
	NamePatterns propagate_datatypes;

	/* Commit position of the last transaction that produced events. */
	bool has_last_commit_lsn;
	XLogRecPtr last_commit_lsn;

	/* The transaction being decoded. */
	int64_t commit_micros;
	std::string_view origin;
	XLogRecPtr origin_lsn;
	bool emitted_events;
};

/*
 * How many fraction digits a money value's integer counts: lc_monetary's,
 * as cash_out reads it (2 when the locale gives none that makes sense).
 */
int
money_storage_digits()
{
	int digits = PGLC_localeconv()->frac_digits;

	return (digits < 0 || digits > 10) ? 2 : digits;
}

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
 * Materialises every published column of 'tuple' into a new row, with the
 * output settings pinned when some column's text form depends on them.
 */
PlainValue *
materialize_row(const RelationEntry *entry, TupleDesc descriptor, HeapTuple tuple, bool in_update)
{
	PlainValue *row = static_cast<PlainValue *>(
		palloc(sizeof(PlainValue) * (entry->table.ncolumns > 0 ? entry->table.ncolumns : 1)));
	int settings_level = entry->text_depends_on_settings ? pin_output_settings() : -1;

	for (int i = 0; i < entry->table.ncolumns; i++)
	{
		bool isnull;
		Datum datum = heap_getattr(tuple, entry->sources[i].attnum, descriptor, &isnull);

		materialize_datum(entry->columns[i], entry->sources[i], datum, isnull, in_update, row[i]);
	}
	if (settings_level >= 0)
		unpin_output_settings(settings_level);
	return row;
}

/*
 * Under REPLICA IDENTITY FULL the old row carries the values of unchanged
 * TOAST columns; Debezium shows them in 'after' instead of the placeholder.
 */
void
fill_unchanged_toast(const RelationEntry *entry, const PlainValue *before, PlainValue *after)
{
	for (int i = 0; i < entry->table.ncolumns; i++)
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
	JsonOut out;

	OutputPluginPrepareWrite(ctx, true);
	json_out_attach(out, ctx->out);
	{
		JsonWriter writer(out);

		write(writer);
	}
	json_out_detach(out, ctx->out);

	if (state->options.pretty_print)
	{
		int start = 0;
		int compact_len = ctx->out->len - start;
		char *compact = static_cast<char *>(palloc(compact_len));

		memcpy(compact, ctx->out->data + start, compact_len);
		ctx->out->len = start;
		json_out_attach(out, ctx->out);
		write_pretty_json(compact, static_cast<size_t>(compact_len), out);
		json_out_detach(out, ctx->out);
	}
	OutputPluginWrite(ctx, true);
}

/* Writes one change event for 'entry' with the transaction's source facts. */
void
emit_change(LogicalDecodingContext *ctx, DecoderState *state, ReorderBufferTXN *txn,
			const RelationEntry *entry, XLogRecPtr lsn, Operation op, const PlainValue *before,
			const PlainValue *after)
{
	SourceFacts source;
	int64_t now = now_unix_micros();

	source.server_name = state->topic_prefix;
	source.database = state->database;
	source.commit_micros = state->commit_micros;
	source.has_last_commit_lsn = state->has_last_commit_lsn;
	source.last_commit_lsn = state->last_commit_lsn;
	source.lsn = lsn;
	source.has_xid = TransactionIdIsValid(txn->xid);
	source.xid = txn->xid;
	source.origin = state->origin;
	source.origin_lsn = state->origin_lsn;

	write_message(ctx, state, [&](JsonWriter &writer) {
		write_change_event(writer, state->envelope, entry->table, op, before, after, source, now);
	});
	if (op == Operation::Delete && state->options.record_mode == RecordMode::Record &&
		state->options.tombstones_on_delete)
		write_message(ctx, state, [&](JsonWriter &writer) {
			write_tombstone(writer, state->envelope, entry->table, before);
		});
	state->emitted_events = true;
}

} /* namespace */

/*
 * Validates the options (an ERROR here fails the slot's start with the
 * option's name and value) and sets up the session's memory and cache.
 */
void
decoder_startup(LogicalDecodingContext *ctx, OutputPluginOptions *options, bool)
{
	OptionParser parser;
	ListCell *cell;
	DecoderState *state;
	MemoryContext old_context = MemoryContextSwitchTo(ctx->context);

	options->output_type = OUTPUT_PLUGIN_TEXTUAL_OUTPUT;
	options->receive_rewrites = false;

	foreach (cell, ctx->output_plugin_options)
	{
		DefElem *option = lfirst_node(DefElem, cell);

		parser.apply(option->defname,
					 option->arg != nullptr ? pstrdup(strVal(option->arg)) : nullptr);
	}

	state = new (palloc0(sizeof(DecoderState))) DecoderState();
	state->options = parser.options();
	state->topic_prefix = state->options.topic_prefix;
	state->envelope.record_mode = state->options.record_mode;
	state->envelope.schemas_enable = state->options.schemas_enable;
	state->envelope.values.replace_null_with_default = state->options.replace_null_with_default;
	state->envelope.values.decimal_handling = state->options.decimal_handling;
	state->envelope.values.decimal_format = state->options.decimal_format;
	state->envelope.values.time_precision = state->options.time_precision;
	state->envelope.values.binary_handling = state->options.binary_handling;
	state->envelope.values.hstore_handling = state->options.hstore_handling;
	state->envelope.values.interval_handling = state->options.interval_handling;
	state->envelope.values.money_fraction_digits = state->options.money_fraction_digits;
	state->envelope.values.money_storage_digits = money_storage_digits();
	state->relcache.options = &state->options;
	state->relcache.values = &state->envelope.values;
	compile_name_patterns(state->propagate_columns, "column.propagate.source.type",
						  state->options.column_propagate_source_type);
	compile_name_patterns(state->propagate_datatypes, "datatype.propagate.source.type",
						  state->options.datatype_propagate_source_type);
	state->relcache.propagate_columns = &state->propagate_columns;
	state->relcache.propagate_datatypes = &state->propagate_datatypes;
	state->change_context =
		AllocSetContextCreate(ctx->context, "cdc_plugin change", ALLOCSET_DEFAULT_SIZES);
	state->transaction_context =
		AllocSetContextCreate(ctx->context, "cdc_plugin transaction", ALLOCSET_SMALL_SIZES);

	/*
	 * The slot's confirmed position is where the last acknowledged commit
	 * ended: it continues Debezium's "last commit" across sessions.
	 */
	if (ctx->slot != nullptr && ctx->slot->data.confirmed_flush != InvalidXLogRecPtr)
	{
		state->has_last_commit_lsn = true;
		state->last_commit_lsn = ctx->slot->data.confirmed_flush;
	}

	ctx->output_plugin_private = state;
	relcache_init(ctx->context);
	MemoryContextSwitchTo(old_context);
}

/* Nothing to release: all memory belongs to the decoding context. */
void
decoder_shutdown(LogicalDecodingContext *)
{
}

/*
 * Records the transaction's commit time and origin.  Nothing is written:
 * Debezium shows transactions only through their events.
 */
void
decoder_begin(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	DecoderState *state = get_state(ctx);

	if (state->database.empty())
	{
		MemoryContext old_context = MemoryContextSwitchTo(ctx->context);

		state->database = copy_text(get_database_name(MyDatabaseId));
		if (state->topic_prefix.empty())
			state->topic_prefix = state->database;
		state->relcache.topic_prefix = state->topic_prefix;
		MemoryContextSwitchTo(old_context);
	}

	MemoryContextReset(state->transaction_context);
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

/* Remembers where a transaction with events ended, for source.sequence. */
void
decoder_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr)
{
	DecoderState *state = get_state(ctx);

	if (state->emitted_events)
	{
		state->has_last_commit_lsn = true;
		state->last_commit_lsn = txn->end_lsn;
	}
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
	RelationEntry *entry = relcache_lookup(relation, state->relcache);
	TupleDesc descriptor = RelationGetDescr(relation);
	HeapTuple old_tuple = CDC_CHANGE_TUPLE(change->data.tp.oldtuple);
	HeapTuple new_tuple = CDC_CHANGE_TUPLE(change->data.tp.newtuple);
	PlainValue *before;
	PlainValue *after;

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
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Update, nullptr, after);
				break;
			}
			before = materialize_row(entry, descriptor, old_tuple, false);
			fill_unchanged_toast(entry, before, after);
			if (key_changed(entry, descriptor, old_tuple, new_tuple))
			{
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Delete, before,
							nullptr);
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Create, nullptr, after);
			}
			else
				emit_change(ctx, state, txn, entry, change->lsn, Operation::Update, before, after);
			break;

		case REORDER_BUFFER_CHANGE_DELETE:
			if (!entry->publishes_old_rows || old_tuple == nullptr)
				break;
			before = materialize_row(entry, descriptor, old_tuple, false);
			emit_change(ctx, state, txn, entry, change->lsn, Operation::Delete, before, nullptr);
			break;

		default:
			break;
	}

	MemoryContextSwitchTo(old_context);
	MemoryContextReset(state->change_context);
}

} /* namespace cdc */

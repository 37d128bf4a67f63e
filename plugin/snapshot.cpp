/*
 * snapshot.cpp
 *		The initial snapshot's SQL functions: which tables a slot's options
 *		capture, and one table's rows as Debezium read events, streamed one
 *		row per call in the calling transaction's snapshot.
 */
#include "pg_includes.h"

#include "snapshot.h"

#include "encoders.h"
#include "envelope.h"
#include "json_sink.h"
#include "relcache.h"
#include "rows.h"
#include "settings.h"

namespace cdc
{

namespace
{

/* A captured table, with the names it is sorted by. */
struct CapturedTable
{
	Oid relid;
	const char *schema;
	const char *table;
};

/*
 * One call of cdc_snapshot_rows: the table's scan, read one row ahead so
 * that each row knows whether it is the table's last, and what its events
 * need.  Lives in the call's multi-call memory context.
 */
struct RowScan
{
	/* The scan and what it holds; scan is null once it has ended. */
	Relation relation;
	Snapshot snapshot;
	TableScanDesc scan;
	ResourceOwner owner;	 /* owns the relation reference, pins and snapshot */
	ExprContext *econtext;	 /* where end_row_scan_callback is registered */
	TupleTableSlot *current; /* the row to write next, if has_current */
	TupleTableSlot *next;	 /* the row after it, read ahead */
	bool has_current;

	/* Where the rows stand in the snapshot. */
	bool first_table;
	bool last_table;
	int64 rows_written;

	/* What the events are made of. */
	const SessionSettings *settings;
	const RelationEntry *entry;
	SourceFacts source;

	MemoryContext memory;	  /* the multi-call context: the scan runs here */
	MemoryContext row_memory; /* reset for every row */
	StringInfoData document;  /* the row's event, reused */
};

/* Refuses a null argument, as pg_logical_slot_get_changes does. */
void
require_argument(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s must not be null", name)));
}

/*
 * The plugin options given as a text array of name/value pairs, turned
 * into the DefElem list a decoding session gets, with the checks and
 * messages of pg_logical_slot_get_changes.
 */
List *
options_from_array(FunctionCallInfo fcinfo, int argno)
{
	ArrayType *array;
	Datum *elements;
	int nelements;
	List *options = NIL;

	require_argument(fcinfo, argno, "options array");
	array = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("array must be one-dimensional")));
	if (array_contains_nulls(array))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("array must not contain nulls")));
	if (ARR_NDIM(array) == 0)
		return NIL;
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elements, nullptr, &nelements);
	if (nelements % 2 != 0)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("array must have even number of elements")));
	for (int i = 0; i < nelements; i += 2)
		options = lappend(
			options,
			makeDefElem(TextDatumGetCString(elements[i]),
						reinterpret_cast<Node *>(makeString(TextDatumGetCString(elements[i + 1]))),
						-1));
	return options;
}

/*
 * Sets up a session's settings from the options argument, in the current
 * memory context, and the relation cache under 'memory' with the
 * options' filters: a bad option fails here with the message it gets at
 * the start of a slot.
 */
SessionSettings *
settings_from_argument(FunctionCallInfo fcinfo, int argno, MemoryContext memory)
{
	List *options = options_from_array(fcinfo, argno);
	SessionSettings *settings = new (palloc0(sizeof(SessionSettings))) SessionSettings();

	settings_init(*settings, options);
	relcache_init(memory);
	relcache_compile_filters(settings->options);
	return settings;
}

/*
 * The snapshot the calling query reads with, registered.  In the
 * REPEATABLE READ transaction that imported the slot's snapshot it is that
 * snapshot, as of the calling command, so that later commands of the
 * transaction do not show through a cursor that is still open.
 */
Snapshot
register_query_snapshot()
{
	return RegisterSnapshot(ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot());
}

/* Orders tables by schema name, then table name, byte by byte. */
int
compare_captured_tables(const void *a, const void *b)
{
	const CapturedTable *left = static_cast<const CapturedTable *>(a);
	const CapturedTable *right = static_cast<const CapturedTable *>(b);
	int by_schema = strcmp(left->schema, right->schema);

	return by_schema != 0 ? by_schema : strcmp(left->table, right->table);
}

/*
 * The tables the compiled filters capture, as pg_class shows them in the
 * query's snapshot: permanent ordinary tables (leaf partitions included;
 * the plugin names a partition's changes by the leaf, so partitioned
 * parents are left out), in snapshot order.  Returns their number.
 */
int
list_captured_tables(Oid **relids)
{
	Relation classes = table_open(RelationRelationId, AccessShareLock);
	Snapshot snapshot = register_query_snapshot();
	SysScanDesc scan = systable_beginscan(classes, InvalidOid, false, snapshot, 0, nullptr);
	int capacity = 64;
	int count = 0;
	CapturedTable *tables = static_cast<CapturedTable *>(palloc(sizeof(CapturedTable) * capacity));
	HeapTuple tuple;

	while ((tuple = systable_getnext(scan)) != nullptr)
	{
		Form_pg_class form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
		char *schema;

		if (form->relkind != RELKIND_RELATION || form->relpersistence != RELPERSISTENCE_PERMANENT)
			continue;
		schema = get_namespace_name(form->relnamespace);
		if (schema == nullptr || !relcache_table_captured(schema, NameStr(form->relname)))
			continue;
		if (count == capacity)
		{
			capacity *= 2;
			tables =
				static_cast<CapturedTable *>(repalloc(tables, sizeof(CapturedTable) * capacity));
		}
		tables[count].relid = form->oid;
		tables[count].schema = schema;
		tables[count].table = pstrdup(NameStr(form->relname));
		count++;
	}
	systable_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(classes, AccessShareLock);

	qsort(tables, count, sizeof(CapturedTable), compare_captured_tables);
	*relids = static_cast<Oid *>(palloc(sizeof(Oid) * (count > 0 ? count : 1)));
	for (int i = 0; i < count; i++)
		(*relids)[i] = tables[i].relid;
	return count;
}

/*
 * Opens the table a snapshot reads, after the checks that the caller may
 * read all of it: SELECT privilege, and no row level security in force
 * (Debezium's snapshot would silently miss the rows a policy hides).
 * The AccessShareLock is held until the transaction ends.
 */
Relation
open_table_to_read(Oid relid)
{
	AclResult privilege = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);
	Relation relation;

	if (privilege != ACLCHECK_OK)
		aclcheck_error(privilege, get_relkind_objtype(get_rel_relkind(relid)), get_rel_name(relid));
	relation = table_open(relid, AccessShareLock);
	if (relation->rd_rel->relkind != RELKIND_RELATION ||
		relation->rd_rel->relpersistence != RELPERSISTENCE_PERMANENT)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("cannot read \"%s\" for a snapshot", RelationGetRelationName(relation)),
				 errdetail("Only permanent ordinary tables, leaf partitions included, have "
						   "their changes captured.")));
	if (check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("cannot read \"%s\" for a snapshot: row level security is in force for "
						"role \"%s\"",
						RelationGetRelationName(relation), GetUserNameFromId(GetUserId(), false)),
				 errhint("Read the snapshot as a role that bypasses row level security, such as "
						 "the table's owner or a role with BYPASSRLS.")));
	return relation;
}

/*
 * The source facts every read event of the snapshot shares, as Debezium's
 * initial snapshot sets them: the snapshot transaction's start time
 * (SELECT CURRENT_TIMESTAMP there), no last commit LSN, the slot's
 * consistent point as the LSN, and the transaction's 64-bit id
 * (pg_current_xact_id(), 0 on a standby).
 */
SourceFacts
snapshot_source_facts(std::string_view server_name, std::string_view database, XLogRecPtr lsn)
{
	SourceFacts source;

	source.server_name = server_name;
	source.database = database;
	source.commit_micros = GetCurrentTransactionStartTimestamp() + kPostgresEpochMicros;
	source.has_last_commit_lsn = false;
	source.last_commit_lsn = 0;
	source.lsn = lsn;
	source.has_xid = true;
	source.xid = RecoveryInProgress() ? 0 : U64FromFullTransactionId(GetTopFullTransactionId());
	source.origin = std::string_view();
	source.origin_lsn = 0;
	return source;
}

/*
 * Reads the scan's next row into 'slot' and deforms it at once: the slot
 * then holds the row's values, pointing into the page it keeps pinned,
 * while the scan's own tuple, which the slot refers to, moves on to the
 * row read ahead.  Returns false at the end of the table.
 */
bool
read_row(RowScan *state, TupleTableSlot *slot)
{
	if (!table_scan_getnextslot(state->scan, ForwardScanDirection, slot))
		return false;
	slot_getallattrs(slot);
	return true;
}

/*
 * Ends the scan and releases what it holds, under the resource owner that
 * acquired it; keeps the relation's lock.  Does nothing the second time.
 */
void
end_row_scan(RowScan *state)
{
	ResourceOwner caller_owner = CurrentResourceOwner;

	if (state->scan == nullptr)
		return;
	CurrentResourceOwner = state->owner;
	ExecDropSingleTupleTableSlot(state->current);
	ExecDropSingleTupleTableSlot(state->next);
	table_endscan(state->scan);
	UnregisterSnapshot(state->snapshot);
	table_close(state->relation, NoLock);
	CurrentResourceOwner = caller_owner;
	state->scan = nullptr;
}

/*
 * The executor's shutdown of the calling expression (cursor closed, LIMIT
 * reached, rescan) before the last row: the scan ends there.
 */
void
end_row_scan_callback(Datum state)
{
	end_row_scan(reinterpret_cast<RowScan *>(DatumGetPointer(state)));
}

/*
 * Checks the call, opens the table and starts its scan with the first row
 * read; everything is allocated in 'memory', the multi-call context.
 */
RowScan *
begin_row_scan(FunctionCallInfo fcinfo, MemoryContext memory)
{
	ReturnSetInfo *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
	RowScan *state = new (palloc0(sizeof(RowScan))) RowScan();
	SessionSettings *settings;
	char *database;
	RelationEntry *entry;

	if (!IsolationUsesXactSnapshot())
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						errmsg("cdc_snapshot_rows must run in a REPEATABLE READ transaction"),
						errhint("Run it in a REPEATABLE READ transaction that imported the slot's "
								"exported snapshot with SET TRANSACTION SNAPSHOT.")));
	require_argument(fcinfo, 0, "rel");
	require_argument(fcinfo, 1, "snapshot_lsn");
	require_argument(fcinfo, 2, "first_table");
	require_argument(fcinfo, 3, "last_table");
	settings = settings_from_argument(fcinfo, 4, memory);
	database = get_database_name(MyDatabaseId);
	settings_resolve_topic_prefix(*settings, database);

	state->relation = open_table_to_read(PG_GETARG_OID(0));
	entry = relcache_lookup(state->relation, settings->relcache);
	if (entry->excluded)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("table \"%s.%s\" is not captured with these options",
							   entry->table.schema.data(), entry->table.table.data())));

	state->first_table = PG_GETARG_BOOL(2);
	state->last_table = PG_GETARG_BOOL(3);
	state->settings = settings;
	state->entry = entry;
	state->source =
		snapshot_source_facts(settings->relcache.topic_prefix, database, PG_GETARG_LSN(1));
	state->memory = memory;
	state->row_memory =
		AllocSetContextCreate(memory, "cdc_plugin snapshot row", ALLOCSET_DEFAULT_SIZES);
	initStringInfo(&state->document);

	state->owner = CurrentResourceOwner;
	state->snapshot = register_query_snapshot();
	state->scan = table_beginscan(state->relation, state->snapshot, 0, nullptr);
	state->current = table_slot_create(state->relation, nullptr);
	state->next = table_slot_create(state->relation, nullptr);
	state->econtext = rsinfo->econtext;
	RegisterExprContextCallback(state->econtext, end_row_scan_callback, PointerGetDatum(state));
	state->has_current = read_row(state, state->current);
	return state;
}

/*
 * Writes the current row's read event into a text in the caller's memory
 * context and moves on to the row read ahead.  The row is materialised in
 * the per-row context, TOAST values read in full; the row after it is read
 * first, so that the current one knows whether it is the table's last.
 */
Datum
next_read_event(RowScan *state)
{
	MemoryContext caller_context = MemoryContextSwitchTo(state->memory);
	bool first_in_table = state->rows_written == 0;
	bool has_next = read_row(state, state->next);
	TupleTableSlot *written = state->current;
	const RelationEntry *entry = state->entry;
	const SessionSettings *settings = state->settings;
	PlainValue *row;
	int64_t now;
	text *event;

	MemoryContextReset(state->row_memory);
	MemoryContextSwitchTo(state->row_memory);
	row = materialize_deformed_row(entry, written->tts_values, written->tts_isnull, false);
	state->source.mark =
		resolve_snapshot_mark(state->first_table && first_in_table, state->last_table && !has_next,
							  first_in_table, !has_next);
	/* the event's processing time, as for streamed events */
	now = GetCurrentTimestamp() + kPostgresEpochMicros;
	resetStringInfo(&state->document);
	write_json_document(&state->document, settings->options.pretty_print, [&](JsonWriter &writer) {
		write_change_event(writer, settings->envelope, entry->table, Operation::Read, nullptr, row,
						   state->source, now);
	});
	MemoryContextSwitchTo(caller_context);
	event = cstring_to_text_with_len(state->document.data, state->document.len);

	state->current = state->next;
	state->next = written;
	state->has_current = has_next;
	state->rows_written++;
	return PointerGetDatum(event);
}

} /* namespace */

/*
 * Collects the captured tables at the first call, in the multi-call
 * context, and returns one per call.
 */
Datum
snapshot_tables(FunctionCallInfo fcinfo)
{
	FuncCallContext *funcctx;
	Oid *relids;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old_context;

		funcctx = SRF_FIRSTCALL_INIT();
		old_context = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		settings_from_argument(fcinfo, 0, funcctx->multi_call_memory_ctx);
		funcctx->max_calls = list_captured_tables(&relids);
		funcctx->user_fctx = relids;
		MemoryContextSwitchTo(old_context);
	}
	funcctx = SRF_PERCALL_SETUP();
	relids = static_cast<Oid *>(funcctx->user_fctx);
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		/* SRF_RETURN_NEXT counts the call before it evaluates the result */
		Datum relid = ObjectIdGetDatum(relids[funcctx->call_cntr]);

		SRF_RETURN_NEXT(funcctx, relid);
	}
	SRF_RETURN_DONE(funcctx);
}

/*
 * Starts the scan at the first call and returns one read event per call;
 * after the last row, ends the scan (or the executor's shutdown callback
 * does, when the caller stops early).
 */
Datum
snapshot_rows(FunctionCallInfo fcinfo)
{
	FuncCallContext *funcctx;
	RowScan *state;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old_context;

		funcctx = SRF_FIRSTCALL_INIT();
		old_context = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->user_fctx = begin_row_scan(fcinfo, funcctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old_context);
	}
	funcctx = SRF_PERCALL_SETUP();
	state = static_cast<RowScan *>(funcctx->user_fctx);
	if (state->has_current)
	{
		Datum event = next_read_event(state);

		SRF_RETURN_NEXT(funcctx, event);
	}
	end_row_scan(state);
	UnregisterExprContextCallback(state->econtext, end_row_scan_callback, PointerGetDatum(state));
	SRF_RETURN_DONE(funcctx);
}

} /* namespace cdc */

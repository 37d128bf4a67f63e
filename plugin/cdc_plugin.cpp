/*
 * cdc_plugin.cpp
 *		The module's entry points: module magic, callback registration, one
 *		guarded wrapper per callback, and the guarded SQL functions of the
 *		initial snapshot.  No logic lives here.
 */
#include "pg_includes.h"

#include "decoder.h"
#include "pg_boundary.h"
#include "snapshot.h"

extern "C"
{
PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_output_plugin_init(OutputPluginCallbacks *cb);

PG_FUNCTION_INFO_V1(cdc_snapshot_tables);
PG_FUNCTION_INFO_V1(cdc_snapshot_rows);
}

namespace
{

void
startup_callback(LogicalDecodingContext *ctx, OutputPluginOptions *options, bool is_init) noexcept
{
	cdc::run_guarded("startup", [&] { cdc::decoder_startup(ctx, options, is_init); });
}

void
shutdown_callback(LogicalDecodingContext *ctx) noexcept
{
	cdc::run_guarded("shutdown", [&] { cdc::decoder_shutdown(ctx); });
}

void
begin_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn) noexcept
{
	cdc::run_guarded("begin", [&] { cdc::decoder_begin(ctx, txn); });
}

void
commit_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr commit_lsn) noexcept
{
	cdc::run_guarded("commit", [&] { cdc::decoder_commit(ctx, txn, commit_lsn); });
}

void
change_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, Relation relation,
				ReorderBufferChange *change) noexcept
{
	cdc::run_guarded("change", [&] { cdc::decoder_change(ctx, txn, relation, change); });
}

void
truncate_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, int nrelations,
				  Relation relations[], ReorderBufferChange *change) noexcept
{
	cdc::run_guarded("truncate",
					 [&] { cdc::decoder_truncate(ctx, txn, nrelations, relations, change); });
}

void
message_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr message_lsn,
				 bool transactional, const char *prefix, Size message_size,
				 const char *message) noexcept
{
	cdc::run_guarded("message", [&] {
		cdc::decoder_message(ctx, txn, message_lsn, transactional, prefix, message_size, message);
	});
}

bool
filter_by_origin_callback(LogicalDecodingContext *ctx, RepOriginId origin_id) noexcept
{
	bool filtered = false;

	cdc::run_guarded("filter_by_origin",
					 [&] { filtered = cdc::decoder_filter_by_origin(ctx, origin_id); });
	return filtered;
}

void
stream_start_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn) noexcept
{
	cdc::run_guarded("stream_start", [&] { cdc::decoder_stream_start(ctx, txn); });
}

void
stream_stop_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn) noexcept
{
	cdc::run_guarded("stream_stop", [&] { cdc::decoder_stream_stop(ctx, txn); });
}

void
stream_abort_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
					  XLogRecPtr abort_lsn) noexcept
{
	cdc::run_guarded("stream_abort", [&] { cdc::decoder_stream_abort(ctx, txn, abort_lsn); });
}

void
stream_commit_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
					   XLogRecPtr commit_lsn) noexcept
{
	cdc::run_guarded("stream_commit", [&] { cdc::decoder_stream_commit(ctx, txn, commit_lsn); });
}

void
stream_prepare_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
						XLogRecPtr prepare_lsn) noexcept
{
	cdc::run_guarded("stream_prepare", [&] { cdc::decoder_stream_prepare(ctx, txn, prepare_lsn); });
}

void
begin_prepare_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn) noexcept
{
	cdc::run_guarded("begin_prepare", [&] { cdc::decoder_begin_prepare(ctx, txn); });
}

void
prepare_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				 XLogRecPtr prepare_lsn) noexcept
{
	cdc::run_guarded("prepare", [&] { cdc::decoder_prepare(ctx, txn, prepare_lsn); });
}

void
commit_prepared_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
						 XLogRecPtr commit_lsn) noexcept
{
	cdc::run_guarded("commit_prepared",
					 [&] { cdc::decoder_commit_prepared(ctx, txn, commit_lsn); });
}

void
rollback_prepared_callback(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
						   XLogRecPtr prepare_end_lsn, TimestampTz prepare_time) noexcept
{
	cdc::run_guarded("rollback_prepared", [&] {
		cdc::decoder_rollback_prepared(ctx, txn, prepare_end_lsn, prepare_time);
	});
}

} /* namespace */

/* Registers the callbacks; the server calls this when it loads the plugin. */
void
_PG_output_plugin_init(OutputPluginCallbacks *cb)
{
	cb->startup_cb = startup_callback;
	cb->shutdown_cb = shutdown_callback;
	cb->begin_cb = begin_callback;
	cb->commit_cb = commit_callback;
	cb->change_cb = change_callback;
	cb->truncate_cb = truncate_callback;
	cb->message_cb = message_callback;
	cb->filter_by_origin_cb = filter_by_origin_callback;

	/* in-progress streaming (stream.in.progress): the same bodies as committed work */
	cb->stream_start_cb = stream_start_callback;
	cb->stream_stop_cb = stream_stop_callback;
	cb->stream_abort_cb = stream_abort_callback;
	cb->stream_commit_cb = stream_commit_callback;
	cb->stream_prepare_cb = stream_prepare_callback;
	cb->stream_change_cb = change_callback;
	cb->stream_message_cb = message_callback;
	cb->stream_truncate_cb = truncate_callback;

	/* two-phase decoding (two.phase, on a slot created with two-phase) */
	cb->begin_prepare_cb = begin_prepare_callback;
	cb->prepare_cb = prepare_callback;
	cb->commit_prepared_cb = commit_prepared_callback;
	cb->rollback_prepared_cb = rollback_prepared_callback;
}

/* SQL function cdc_snapshot_tables (snapshot.h). */
Datum
cdc_snapshot_tables(PG_FUNCTION_ARGS)
{
	Datum result = (Datum) 0;

	cdc::run_guarded("cdc_snapshot_tables", [&] { result = cdc::snapshot_tables(fcinfo); });
	return result;
}

/* SQL function cdc_snapshot_rows (snapshot.h). */
Datum
cdc_snapshot_rows(PG_FUNCTION_ARGS)
{
	Datum result = (Datum) 0;

	cdc::run_guarded("cdc_snapshot_rows", [&] { result = cdc::snapshot_rows(fcinfo); });
	return result;
}

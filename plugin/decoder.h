/*
 * decoder.h
 *		The bodies of the output plugin callbacks: option handling at startup,
 *		per-transaction facts, and turning each change into events.
 *
 * PG zone.  cdc_plugin.cpp calls these through the boundary guard.
 */
#ifndef CDC_DECODER_H
#define CDC_DECODER_H

#include "pg_includes.h"

namespace cdc
{

void decoder_startup(LogicalDecodingContext *ctx, OutputPluginOptions *options, bool is_init);
void decoder_shutdown(LogicalDecodingContext *ctx);
void decoder_begin(LogicalDecodingContext *ctx, ReorderBufferTXN *txn);
void decoder_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr commit_lsn);
void decoder_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, Relation relation,
					ReorderBufferChange *change);

void decoder_truncate(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, int nrelations,
					  Relation relations[], ReorderBufferChange *change);
void decoder_message(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr message_lsn,
					 bool transactional, const char *prefix, Size message_size,
					 const char *message);
bool decoder_filter_by_origin(LogicalDecodingContext *ctx, RepOriginId origin_id);
void decoder_stream_start(LogicalDecodingContext *ctx, ReorderBufferTXN *txn);
void decoder_stream_stop(LogicalDecodingContext *ctx, ReorderBufferTXN *txn);
void decoder_stream_abort(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr abort_lsn);
void decoder_stream_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
						   XLogRecPtr commit_lsn);
void decoder_stream_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
							XLogRecPtr prepare_lsn);
void decoder_begin_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn);
void decoder_prepare(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr prepare_lsn);
void decoder_commit_prepared(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
							 XLogRecPtr commit_lsn);
void decoder_rollback_prepared(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
							   XLogRecPtr prepare_end_lsn, TimestampTz prepare_time);

} /* namespace cdc */

#endif /* CDC_DECODER_H */

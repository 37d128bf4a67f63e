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

} /* namespace cdc */

#endif /* CDC_DECODER_H */

/*
 * tests/bench/floor_plugin/floor.c
 *	A logical decoding output plugin that does nothing: it accepts (and
 *	ignores) every option and writes no output.  What it costs to decode a
 *	workload with it is the server's own decoding floor (reading WAL, the
 *	reorder buffer, spilling, catalog lookups), which no output plugin can go
 *	below.  Built by tests/bench/run.sh with PGXS; never installed.
 */
#include "postgres.h"

#include "fmgr.h"
#include "replication/logical.h"
#include "replication/output_plugin.h"

PG_MODULE_MAGIC;

extern void _PG_output_plugin_init(OutputPluginCallbacks *cb);

static void
floor_startup(LogicalDecodingContext *ctx, OutputPluginOptions *opt, bool is_init)
{
	opt->output_type = OUTPUT_PLUGIN_TEXTUAL_OUTPUT;
	opt->receive_rewrites = false;
}

static void
floor_begin(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
}

static void
floor_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			 Relation relation, ReorderBufferChange *change)
{
}

static void
floor_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			 XLogRecPtr commit_lsn)
{
}

void
_PG_output_plugin_init(OutputPluginCallbacks *cb)
{
	cb->startup_cb = floor_startup;
	cb->begin_cb = floor_begin;
	cb->change_cb = floor_change;
	cb->commit_cb = floor_commit;
}

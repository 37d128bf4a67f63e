/*
 * pg_compat.h
 *		Shims for the differences between the PostgreSQL major versions the
 *		plugin builds against (14 to 17), each with its reason.
 *
 * Included by pg_includes.h only.
 */
#ifndef CDC_PG_COMPAT_H
#define CDC_PG_COMPAT_H

#if PG_VERSION_NUM < 140000
#error "cdc_plugin needs PostgreSQL 14 or later"
#endif

/* PG 15 moved the commit time into a union shared with the prepare time. */
#if PG_VERSION_NUM >= 150000
#define CDC_TXN_COMMIT_TIME(txn)  ((txn)->xact_time.commit_time)
#define CDC_TXN_PREPARE_TIME(txn) ((txn)->xact_time.prepare_time)
#else
#define CDC_TXN_COMMIT_TIME(txn)  ((txn)->commit_time)
#define CDC_TXN_PREPARE_TIME(txn) ((txn)->commit_time)
#endif

/* PG 17 hands changes their tuples as HeapTuple instead of a tuple buffer. */
#if PG_VERSION_NUM >= 170000
#define CDC_CHANGE_TUPLE(buf) (buf)
#else
#define CDC_CHANGE_TUPLE(buf) ((buf) != NULL ? &(buf)->tuple : NULL)
#endif

/*
 * PG 16 gave expression_tree_walker a typed callback; before, it took
 * bool (*)(), which C++ reaches only through a cast via void (*)().
 */
#if PG_VERSION_NUM >= 160000
#define CDC_TREE_WALKER(fn) (fn)
#else
#define CDC_TREE_WALKER(fn) reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(fn))
#endif

/* PG 15 added whether the transaction was skipped to progress updates. */
#if PG_VERSION_NUM >= 150000
#define CDC_UPDATE_PROGRESS(ctx, skipped) OutputPluginUpdateProgress((ctx), (skipped))
#else
#define CDC_UPDATE_PROGRESS(ctx, skipped) OutputPluginUpdateProgress((ctx))
#endif

#endif /* CDC_PG_COMPAT_H */

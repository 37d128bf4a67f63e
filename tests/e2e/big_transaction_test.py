#!/usr/bin/python3
"""tests/e2e/big_transaction_test.py HOST PORT ROWS

One transaction of ROWS inserts, decoded by a server whose
logical_decoding_work_mem is 64kB (tests/e2e/big_transaction_test.sh starts
it), streamed by pg_recvlogical into this process through a pipe (the
several GB of JSON are counted, never stored):

  * every event arrives, in order: ids 1..ROWS one after the other, the
    count, the first and last id, and an MD5 of the keys in arrival order
    equal to the server's MD5 of the ids in id order;
  * every 10,000th event (and the first and last) is parsed in full: a
    create of table big, the right payload, one txId for all;
  * the walsender's private memory (RssAnon, sampled every 50 ms) stays flat:
    its peak is less than MEMORY_BOUND_MB (64) above its idle baseline;
    the figures are printed.

Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import hashlib
import json
import re
import subprocess
import sys
import threading
import time

import psycopg2

import bigodd_lib as t

SLOT = "big"
MEMORY_BOUND_MB = 64
PG_RECVLOGICAL = "/usr/lib/postgresql/15/bin/pg_recvlogical"
# The start of every event of table big: before null, then after's id.
EVENT_START = re.compile(rb'\{"before":null,"after":\{"id":(\d+),"payload":"')


def insert_rows(host, port, rows, errors, done, stop_reader):
    """The big transaction (its commit time into done), then a marker in a
    transaction of its own; on an error, stop_reader() ends the stream."""
    try:
        conn = t.connect(host, port)
        t.query(conn, "INSERT INTO big SELECT g, 'p' || g FROM generate_series(1, %s) g", (rows,))
        done.append(time.monotonic())
        t.query(conn, "INSERT INTO big_done VALUES (1)")
        conn.close()
    except psycopg2.Error as e:
        errors.append(e)
        stop_reader()


def check_sampled(doc, rowid, xid, at):
    """The full content of one parsed event of the big transaction."""
    if doc["op"] != "c" or doc["after"] != {"id": rowid, "payload": f"p{rowid}"}:
        t.fail(f"{at}: op/after {doc['op']} {doc['after']}, expected c {{id: {rowid}, payload: p{rowid}}}")
    src = doc["source"]
    if (src["schema"], src["table"]) != ("public", "big"):
        t.fail(f"{at}: source {src['schema']}.{src['table']}, expected public.big")
    if xid is not None and src["txId"] != xid:
        t.fail(f"{at}: txId {src['txId']}, the transaction's first event had {xid}")
    return src["txId"]


def main(argv):
    host, port, rows = argv[0], int(argv[1]), int(argv[2])
    conn = t.connect(host, port)
    t.query(conn, "CREATE TABLE big (id bigint PRIMARY KEY, payload text)")
    t.query(conn, "CREATE TABLE big_done (id int PRIMARY KEY)")
    t.query(conn, "SELECT pg_create_logical_replication_slot(%s, 'cdc_plugin')", (SLOT,))
    work_mem = t.query(conn, "SELECT setting FROM pg_settings WHERE name = 'logical_decoding_work_mem'")
    t.check(work_mem == "64", "the server decodes with logical_decoding_work_mem = 64kB", work_mem)

    recv = subprocess.Popen([PG_RECVLOGICAL, "-h", host, "-p", str(port), "-U", "postgres", "-d", "postgres",
                             "-S", SLOT, "--start", "--no-loop", "-f", "-"],
                            stdout=subprocess.PIPE, bufsize=1 << 20)
    try:
        pid = t.walsender_pid(conn, SLOT)
        base = t.baseline_kb(pid)
        sampler = t.MemorySampler(pid).start()
        errors, done = [], []
        writer = threading.Thread(target=insert_rows, args=(host, port, rows, errors, done, recv.terminate))
        started = time.monotonic()
        writer.start()

        count = total_bytes = id_sum = 0
        first = last = xid = None
        keys_md5 = hashlib.md5()
        sep = b""
        for line in recv.stdout:
            total_bytes += len(line)
            m = EVENT_START.match(line)
            if m is None:
                if b'"table":"big_done"' in line:
                    break
                t.fail(f"event {count + 1} is not an insert into big: {line[:300]!r}")
            rowid = int(m.group(1))
            count += 1
            if rowid != count:
                t.fail(f"event {count} has id {rowid}: not in order (expected {count})")
            if first is None:
                first = rowid
            last = rowid
            id_sum += rowid
            keys_md5.update(sep + m.group(1))
            sep = b","
            if count == 1 or count % 10000 == 0 or count == rows:
                xid = check_sampled(json.loads(line), rowid, xid, f"event {count}")
        else:
            writer.join()
            if errors:
                t.fail(f"the writer failed: {errors[0]}")
            t.fail(f"pg_recvlogical ended after {count} events, before the marker")
        elapsed = time.monotonic() - started
        peak = sampler.stop()
        writer.join()
    finally:
        recv.terminate()
        recv.wait()

    server_md5 = t.query(conn, "SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM big")
    t.check(count == rows, f"all {rows} events arrived", f"got {count}")
    t.check((first, last) == (1, rows), f"first id 1, last id {rows}", f"got {first}, {last}")
    t.check(id_sum == rows * (rows + 1) // 2, "the sum of the ids is n(n+1)/2", str(id_sum))
    t.check(keys_md5.hexdigest() == server_md5, "the MD5 of the keys in arrival order is the server's MD5 of the ids",
            f"{keys_md5.hexdigest()} != {server_md5}")
    spilled = t.query(conn, "SELECT spill_txns > 0 FROM pg_stat_replication_slots WHERE slot_name = %s", (SLOT,))
    t.check(spilled, "the transaction was spilled to disk (pg_stat_replication_slots.spill_txns > 0)")
    growth_mb = (peak - base) / 1024
    print(f"# {rows} events, {total_bytes / 1e9:.2f} GB of JSON; insert {done[0] - started:.1f} s, then "
          f"{started + elapsed - done[0]:.1f} s to the last event; walsender RssAnon idle {base / 1024:.1f} MB, peak {peak / 1024:.1f} MB "
          f"(+{growth_mb:.1f} MB, {sampler.samples} samples)", flush=True)
    t.check(growth_mb < MEMORY_BOUND_MB,
            f"the walsender's peak RssAnon stays within {MEMORY_BOUND_MB} MB of its idle baseline "
            f"while {total_bytes / 1e9:.2f} GB go through", f"+{growth_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    try:
        rc = main(sys.argv[1:])
    except t.TestFailure as e:
        print(f"FAIL: {e}")
        rc = 1
    except psycopg2.Error as e:
        print(f"FAIL: {type(e).__name__}: {e}".rstrip())
        rc = 1
    print(f"{'PASS' if rc == 0 else 'FAIL'}: e2e big transaction ({t.checks} checks passed)")
    sys.exit(rc)

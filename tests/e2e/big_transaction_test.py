#!/usr/bin/python3
"""tests/e2e/big_transaction_test.py HOST PORT ROWS

One transaction of ROWS inserts, decoded by a server whose
logical_decoding_work_mem is 64kB (tests/e2e/big_transaction_test.sh starts
it), from two slots at once, each streamed by pg_recvlogical into this
process through a pipe (the GB of JSON are counted, never stored):

  * slot big_spill, default options: the server spills the transaction to
    disk and sends it whole after its commit;
  * slot big_stream, stream.in.progress=true: the server sends it in chunks
    (STREAM_START/STREAM_STOP) while it runs, then STREAM_COMMIT.

For each slot:
  * every event arrives, in order: ids 1..ROWS one after the other, the
    count, the first and last id, and an MD5 of the keys in arrival order
    equal to the server's MD5 of the ids in id order;
  * every 10,000th event (and the first and last) is parsed in full: a
    create of table big with the right payload, one txId for all;
  * the walsender's private memory (RssAnon, sampled every 50 ms) stays flat:
    its peak is less than MEMORY_BOUND_MB (64) above its idle baseline;
    the figures are printed.
And: big_spill's transaction was spilled (pg_stat_replication_slots), and
big_stream's was streamed (several chunks, the first event before the commit).

Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import hashlib
import json
import re
import subprocess
import threading
import time

import psycopg2

import bigodd_lib as t

MEMORY_BOUND_MB = 64
PG_RECVLOGICAL = "/usr/lib/postgresql/15/bin/pg_recvlogical"
SLOTS = {"big_spill": [], "big_stream": ["-o", "stream.in.progress=true"]}
# The start of every event of table big: before null, then after's id.
EVENT_START = re.compile(rb'\{"before":null,"after":\{"id":(\d+),"payload":"')
STATUS = re.compile(rb'\{"status":"([A-Z_]+)"')


def insert_rows(host, port, rows, errors, done, stop_readers):
    """The big transaction (its commit time into done), then a marker in a
    transaction of its own; on an error, stop_readers() ends the streams."""
    try:
        conn = t.connect(host, port)
        t.query(conn, "INSERT INTO big SELECT g, 'p' || g FROM generate_series(1, %s) g", (rows,))
        done.append(time.monotonic())
        t.query(conn, "INSERT INTO big_done VALUES (1)")
        conn.close()
    except psycopg2.Error as e:
        errors.append(e)
        stop_readers()


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


class Reader:
    """Counts one slot's stream (a pg_recvlogical pipe) in a thread, until the marker."""

    def __init__(self, slot, recv, rows):
        """Prepares reading recv's stdout (not started yet)."""
        self.slot, self.recv, self.rows = slot, recv, rows
        self.count = self.total_bytes = self.id_sum = 0
        self.first = self.last = self.xid = self.first_at = self.marker_at = None
        self.statuses = {}
        self.keys_md5 = hashlib.md5()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        """The thread: reads, keeping a failure for the main thread."""
        try:
            self._read()
        except (t.TestFailure, ValueError, KeyError) as e:
            self.error = f"{self.slot}: {e}"

    def _read(self):
        """Counts and checks events until the marker."""
        sep = b""
        for line in self.recv.stdout:
            self.total_bytes += len(line)
            m = EVENT_START.match(line)
            if m is None:
                status = STATUS.match(line)
                if status is not None:
                    name = status.group(1).decode()
                    self.statuses[name] = self.statuses.get(name, 0) + 1
                    continue
                if b'"table":"big_done"' in line:
                    self.marker_at = time.monotonic()
                    return
                t.fail(f"event {self.count + 1} is not an insert into big: {line[:300]!r}")
            rowid = int(m.group(1))
            self.count += 1
            if rowid != self.count:
                t.fail(f"event {self.count} has id {rowid}: not in order (expected {self.count})")
            if self.first is None:
                self.first, self.first_at = rowid, time.monotonic()
            self.last = rowid
            self.id_sum += rowid
            self.keys_md5.update(sep + m.group(1))
            sep = b","
            if self.count == 1 or self.count % 10000 == 0 or self.count == self.rows:
                self.xid = check_sampled(json.loads(line), rowid, self.xid, f"event {self.count}")
        t.fail(f"pg_recvlogical ended after {self.count} events, before the marker")


def main(argv):
    """Sets up, streams both slots, checks; returns the exit status."""
    host, port, rows = argv[0], int(argv[1]), int(argv[2])
    conn = t.connect(host, port)
    t.query(conn, "CREATE TABLE big (id bigint PRIMARY KEY, payload text)")
    t.query(conn, "CREATE TABLE big_done (id int PRIMARY KEY)")
    for slot in SLOTS:
        t.query(conn, "SELECT pg_create_logical_replication_slot(%s, 'cdc_plugin')", (slot,))
    work_mem = t.query(conn, "SELECT setting FROM pg_settings WHERE name = 'logical_decoding_work_mem'")
    t.check(work_mem == "64", "the server decodes with logical_decoding_work_mem = 64kB", work_mem)

    readers, samplers, bases = {}, {}, {}
    try:
        for slot, options in SLOTS.items():
            recv = subprocess.Popen([PG_RECVLOGICAL, "-h", host, "-p", str(port), "-U", "postgres",
                                     "-d", "postgres", "-S", slot, "--start", "--no-loop", "-f", "-"] + options,
                                    stdout=subprocess.PIPE, bufsize=1 << 20)
            readers[slot] = Reader(slot, recv, rows)
        for slot in SLOTS:
            pid = t.walsender_pid(conn, slot)
            bases[slot] = t.baseline_kb(pid)
            samplers[slot] = t.MemorySampler(pid).start()
        errors, done = [], []
        writer = threading.Thread(target=insert_rows, args=(host, port, rows, errors, done,
                                                           lambda: [r.recv.terminate() for r in readers.values()]))
        started = time.monotonic()
        for r in readers.values():
            r.thread.start()
        writer.start()
        writer.join()
        for r in readers.values():
            r.thread.join()
        peaks = {slot: s.stop() for slot, s in samplers.items()}
        if errors:
            t.fail(f"the writer failed: {errors[0]}")
        for r in readers.values():
            if r.error:
                t.fail(r.error)
    finally:
        for r in readers.values():
            r.recv.terminate()
            r.recv.wait()

    server_md5 = t.query(conn, "SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM big")
    committed = done[0]
    print(f"# insert of {rows} rows committed after {committed - started:.1f} s", flush=True)
    for slot, r in readers.items():
        t.check(r.count == rows, f"{slot}: all {rows} events arrived", f"got {r.count}")
        t.check((r.first, r.last) == (1, rows), f"{slot}: first id 1, last id {rows}", f"got {r.first}, {r.last}")
        t.check(r.id_sum == rows * (rows + 1) // 2, f"{slot}: the sum of the ids is n(n+1)/2", str(r.id_sum))
        t.check(r.keys_md5.hexdigest() == server_md5,
                f"{slot}: the MD5 of the keys in arrival order is the server's MD5 of the ids",
                f"{r.keys_md5.hexdigest()} != {server_md5}")
        growth_mb = (peaks[slot] - bases[slot]) / 1024
        print(f"# {slot}: {r.total_bytes / 1e9:.2f} GB of JSON; first event {r.first_at - started:.1f} s, "
              f"last {r.marker_at - started:.1f} s after the insert began; walsender RssAnon idle "
              f"{bases[slot] / 1024:.1f} MB, peak {peaks[slot] / 1024:.1f} MB (+{growth_mb:.1f} MB, "
              f"{samplers[slot].samples} samples); status records {r.statuses}", flush=True)
        t.check(growth_mb < MEMORY_BOUND_MB,
                f"{slot}: the walsender's peak RssAnon stays within {MEMORY_BOUND_MB} MB of its idle baseline "
                f"while {r.total_bytes / 1e9:.2f} GB go through", f"+{growth_mb:.1f} MB")
    spill = readers["big_spill"]
    spilled = t.query(conn, "SELECT spill_txns > 0 FROM pg_stat_replication_slots WHERE slot_name = 'big_spill'")
    t.check(spilled and not spill.statuses,
            "big_spill: the transaction was spilled to disk (spill_txns > 0) and sent whole, no status records",
            f"spilled {spilled}, {spill.statuses}")
    stream = readers["big_stream"]
    t.check(stream.statuses.get("STREAM_START", 0) > 1 and stream.statuses.get("STREAM_COMMIT") == 1
            and stream.statuses["STREAM_START"] == stream.statuses.get("STREAM_STOP"),
            "big_stream: sent in several chunks (STREAM_START/STOP pairs), then one STREAM_COMMIT", str(stream.statuses))
    t.check(stream.first_at < committed, "big_stream: the first event arrived before the commit",
            f"{stream.first_at - started:.1f} s vs {committed - started:.1f} s")
    return 0


if __name__ == "__main__":
    t.run(main, "big transaction")

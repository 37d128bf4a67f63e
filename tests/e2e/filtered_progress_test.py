#!/usr/bin/python3
"""tests/e2e/filtered_progress_test.py HOST PORT

A slot whose table filter excludes everything must not hold WAL forever:
while a psycopg2 consumer streams it (table.include.list matching no table),
a workload of small transactions and long ones (100,000 inserts, updates and
deletes in one transaction each: the plugin reports progress every 100
changes without output) and WAL switches runs; the slot must send nothing,
its confirmed_flush_lsn must reach the end of that WAL and its restart_lsn
move segments ahead, and once checkpointed the WAL it started on must be
gone.  A second slot created at the same time that nobody streams is the
control: it must not move (so the movement comes from the streaming).

Every wait is for a condition, with a deadline (TIMEOUT seconds, default 90).
Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import os
import select
import sys
import time

import psycopg2
import psycopg2.extras

TIMEOUT = float(os.environ.get("TIMEOUT", "90"))
OPTIONS = {"table.include.list": r"public\.no_such_table"}

checks = 0


class TestFailure(Exception):
    """A check failed (its message says which)."""


def fail(msg):
    """Stops the test with a failed check."""
    raise TestFailure(msg)


def ok(what):
    """Prints one passed check."""
    global checks
    checks += 1
    print(f"ok {checks} - {what}", flush=True)


def lsn_text(lsn):
    """An LSN as PostgreSQL prints it (X/X)."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def segment(lsn):
    """The number of the 16 MB WAL segment holding an LSN (initdb's default size)."""
    return lsn // (16 * 1024 * 1024)


class Harness:
    """A plain connection for SQL and the replication cursor."""

    def __init__(self, host, port):
        """Connects for SQL; the replication cursor comes later."""
        self.dsn = f"host={host} port={port} user=postgres dbname=postgres"
        self.sql = psycopg2.connect(self.dsn)
        self.sql.autocommit = True
        self.cur = None

    def query(self, sql, args=None):
        """One row (or None) of a statement."""
        with self.sql.cursor() as c:
            c.execute(sql, args)
            return c.fetchone() if c.description else None

    def slot(self, name):
        """(restart_lsn, confirmed_flush_lsn) as numbers."""
        return self.query("SELECT (restart_lsn - '0/0')::bigint, (confirmed_flush_lsn - '0/0')::bigint "
                          "FROM pg_replication_slots WHERE slot_name = %s", (name,))

    def pump(self, seconds):
        """Reads the stream for a while (there must be nothing to read) and
        confirms what psycopg2 knows: the server's keepalive positions."""
        end = time.monotonic() + seconds
        while True:
            msg = self.cur.read_message()
            if msg is not None:
                fail(f"the filtered slot sent a message at {lsn_text(msg.data_start)}: {msg.payload[:200]!r}")
            self.cur.send_feedback(force=True)
            left = end - time.monotonic()
            if left <= 0:
                return
            select.select([self.cur], [], [], min(left, 0.2))


def main(argv):
    """The checks, in order."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    h = Harness(argv[0], int(argv[1]))
    h.query("CREATE TABLE big (id int PRIMARY KEY, v text)")
    h.query("SELECT 1 FROM pg_create_logical_replication_slot('filtered', 'cdc_plugin')")
    h.query("SELECT 1 FROM pg_create_logical_replication_slot('idle', 'cdc_plugin')")
    start_filtered, start_idle = h.slot("filtered"), h.slot("idle")

    rconn = psycopg2.connect(h.dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection)
    h.cur = rconn.cursor()
    h.cur.start_replication(slot_name="filtered", decode=False, options=OPTIONS, status_interval=1)

    for i in range(200):
        h.query("INSERT INTO big VALUES (%s, 'small')", (-1 - i,))
    h.pump(0.2)
    for stmt in ("INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g",
                 "UPDATE big SET v = repeat('y', 100) WHERE id > 0",
                 "DELETE FROM big WHERE id > 0"):
        h.query(stmt)
        h.query("SELECT pg_switch_wal()")
        h.pump(0.2)
    target = h.query("SELECT (pg_current_wal_lsn() - '0/0')::bigint")[0]
    ok(f"workload: 200 small transactions and three of 100,000 changes, WAL from "
       f"{lsn_text(start_filtered[0])} to {lsn_text(target)}")

    # Checkpoints log running-transactions records, where the slot may move its
    # restart point once the consumer confirms past them.
    deadline = time.monotonic() + TIMEOUT
    while True:
        h.query("CHECKPOINT")
        h.pump(1.0)
        restart, confirmed = h.slot("filtered")
        if confirmed >= target and segment(restart) >= segment(target):
            break
        if time.monotonic() > deadline:
            fail(f"after {TIMEOUT:.0f} s the filtered slot is at restart_lsn {lsn_text(restart)}, "
                 f"confirmed_flush_lsn {lsn_text(confirmed)}; the workload's WAL ends at {lsn_text(target)}")
    ok(f"while streaming, the filtered slot confirms past the workload ({lsn_text(confirmed)} >= "
       f"{lsn_text(target)}) and its restart_lsn moves {segment(restart) - segment(start_filtered[0])} "
       f"WAL segments ahead ({lsn_text(start_filtered[0])} -> {lsn_text(restart)})")
    h.pump(0.5)
    ok("the filtered slot sent no message at all")

    if h.slot("idle") != start_idle:
        fail(f"the slot nobody streams moved: {start_idle} -> {h.slot('idle')}")
    ok("control: the slot created alongside that nobody streams did not move")
    h.query("SELECT pg_drop_replication_slot('idle')")
    h.query("CHECKPOINT")
    oldest = h.query("SELECT min(name) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'")[0]
    oldest_segment = int(oldest[8:16], 16) * 0x100 + int(oldest[16:24], 16)
    if oldest_segment <= segment(start_filtered[0]):
        fail(f"WAL segment {oldest} is still kept, though the filtered slot moved past it")
    ok(f"after a checkpoint the WAL the filtered slot started on is gone (oldest segment now {oldest})")

    rconn.close()
    return 0


if __name__ == "__main__":
    try:
        rc = main(sys.argv[1:])
    except TestFailure as e:
        print(f"FAIL: {e}")
        rc = 1
    except psycopg2.Error as e:
        print(f"FAIL: {type(e).__name__}: {e}".rstrip())
        rc = 1
    if rc == 0:
        print(f"PASS: e2e filtered progress ({checks} checks)")
    elif rc == 1:
        print(f"FAIL: e2e filtered progress after {checks} checks passed")
    sys.exit(rc)

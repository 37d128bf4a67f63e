#!/usr/bin/python3
# tests/e2e/stream_snapshot_test.py <pg port> <nats port> <cdc_stream> <work dir>
#	cdc_stream's initial snapshot (snapshot.mode=initial) on tables under
#	concurrent writes: the stream starts with every captured row as a read
#	event (op "r", source.snapshot first / first_in_data_collection / true /
#	last_in_data_collection / last, source.lsn the slot's consistent point),
#	and replaying it with the changes that follow gives each table exactly
#	as it ends up: no row missed, none twice (an insert of a key already
#	read, or a change of a key never seen, fails the test).  Then: a restart
#	takes no second snapshot; a bridge killed with -9 in the middle of a
#	snapshot drops its half-made slot at the next start and takes the
#	snapshot again, complete; and a database without the plugin's snapshot
#	functions gets a clear error.
import json
import os
import random
import re
import signal
import sys
import threading
import time

from stream_common import (NatsServer, bridge_args, check, drop_slot, pg_connect, run_bridge,
                           run_test, start_bridge, stop_process, wait_for)
from stream_nats import Nats

pg_port, nats_port, bridge, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
ROWS = 20000


class Writer(threading.Thread):
    """Inserts, updates and deletes accounts rows until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.transactions = 0
        self.error = None

    def run(self):
        try:
            conn = pg_connect(pg_port)
            cur = conn.cursor()
            rng = random.Random(7)
            next_id = ROWS + 1
            while not self.stopping.is_set():
                cur.execute("BEGIN")
                for _ in range(rng.randint(1, 4)):
                    action = rng.random()
                    if action < 0.4:
                        cur.execute("INSERT INTO accounts VALUES (%s, %s, 'new')", (next_id, next_id))
                        next_id += 1
                    elif action < 0.8:
                        cur.execute("UPDATE accounts SET balance = balance + 1 WHERE id = %s",
                                    (rng.randint(1, next_id - 1),))
                    else:
                        cur.execute("DELETE FROM accounts WHERE id = %s", (rng.randint(1, next_id - 1),))
                cur.execute("UPDATE small SET n = n + 1")
                cur.execute("COMMIT")
                self.transactions += 1
                time.sleep(0.002)
            conn.close()
        except Exception as e:  # reported by the main thread
            self.error = e


def messages(nats, stream):
    """(subject, key, value, id) of every stored message, in order."""
    return [(m["subject"], json.loads(m["headers"].get("Cdc-Key", "null")), json.loads(m["data"]),
             m["headers"].get("Nats-Msg-Id")) for m in nats.read_all(stream)]


def replay(events):
    """Applies events in order to per-topic tables keyed by the key's JSON;
    returns (tables, problems): an insert or read of a key already there,
    or an update or delete of a key not there, is a problem."""
    tables, problems = {}, []
    for subject, key, value, _ in events:
        rows = tables.setdefault(subject, {})
        k = json.dumps(key, sort_keys=True)
        op = value["op"]
        if op in ("r", "c"):
            if k in rows:
                problems.append("%s of %s %s already there" % (op, subject, k))
            rows[k] = value["after"]
        elif op == "u":
            if k not in rows:
                problems.append("update of %s %s never seen" % (subject, k))
            rows[k] = value["after"]
        elif op == "d":
            if k not in rows:
                problems.append("delete of %s %s never seen" % (subject, k))
            rows.pop(k, None)
    return tables, problems


def table_rows(cur, table, key):
    cur.execute("SELECT to_jsonb(t) FROM %s t" % table)
    return {json.dumps({key: row[key]}, sort_keys=True): row for (row,) in cur.fetchall()}


def snapshot_lsn(log_name):
    with open(os.path.join(work, log_name + ".log")) as f:
        found = re.findall(r"initial snapshot at ([0-9A-F]+)/([0-9A-F]+)", f.read())
    return [(int(h, 16) << 32) | int(l, 16) for h, l in found]


def check_snapshot(events, subjects, lsn, label):
    """The leading read events: markers in order, consistent point, no op
    other than r before the last one."""
    reads = [e for e in events if e[2]["op"] == "r"]
    check(events[:len(reads)] == reads, "%s: the read events come first (%d)" % (label, len(reads)))
    marks = [e[2]["source"]["snapshot"] for e in reads]
    by_table = {}
    for e in reads:
        by_table.setdefault(e[0], []).append(e[2]["source"]["snapshot"])
    check([s for s in by_table] == subjects, "%s: tables in name order %s" % (label, list(by_table)))
    want = []
    for i, subject in enumerate(subjects):
        n = len(by_table.get(subject, []))
        table_marks = ["true"] * n
        if n:
            table_marks[0] = "first_in_data_collection"
            table_marks[-1] = "last_in_data_collection"
        if i == 0 and n:
            table_marks[0] = "first"
        want += table_marks
    if want:
        want[-1] = "last"
    check(marks == want, "%s: snapshot markers first, first_in/last_in_data_collection, true, last"
          % label)
    check(all(e[2]["source"]["lsn"] == lsn and e[2]["before"] is None for e in reads),
          "%s: every read event has before null and source.lsn = the consistent point %d"
          % (label, lsn))
    check(len({e[3] for e in reads}) == len(reads) and
          all(e[3] == "%d:r:%d" % (lsn, i) for i, e in enumerate(reads)),
          "%s: read event ids <consistent point>:r:<n>" % label)
    return reads


def main():
    nats_server = NatsServer(nats_port, work)
    nats_server.start()
    nats = Nats(nats_port, "cdc", "secret")
    nats.create_stream("SNAP", ["cdc.>"], duplicate_window=120 * 10**9)
    nats.create_stream("AGAIN", ["again.>"], duplicate_window=120 * 10**9)
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    cur.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint, note text)")
    cur.execute("INSERT INTO accounts SELECT g, g * 10, 'row ' || g FROM generate_series(1, %s) g",
                (ROWS,))
    cur.execute("CREATE TABLE empty_t (id int PRIMARY KEY)")
    cur.execute("CREATE TABLE small (id int PRIMARY KEY, n int)")
    cur.execute("INSERT INTO small VALUES (1, 0)")
    cur.execute("CREATE TABLE skipped (id int PRIMARY KEY)")
    cur.execute("INSERT INTO skipped VALUES (1), (2)")
    state = os.path.join(work, "snapshot.state")
    base = bridge_args(bridge, pg_port, nats_port, work, "--snapshot.mode=initial",
                       "--snapshot.state.file=" + state, "--plugin.table.exclude.list=public.skipped",
                       "--window=32")

    # Without the plugin's snapshot functions in the database: a clear error.
    cur.execute("CREATE DATABASE plain")
    plain = [a.replace("dbname=postgres", "dbname=plain") for a in base] + ["--slot=plain"]
    rc, err = run_bridge(plain + ["--reconnect.attempts=1"], work)
    check(rc == 1 and "CREATE EXTENSION cdc_plugin" in err,
          "no snapshot functions: exit 1, says CREATE EXTENSION cdc_plugin (got %s: %s)"
          % (rc, err.strip()[-300:]))
    drop_slot(cur, "plain")

    # Snapshot under concurrent writes, then stream.
    writer = Writer()
    writer.start()
    wait_for(lambda: writer.transactions > 20, 10, 0.05)
    proc = start_bridge(base + ["--nats.stream=SNAP"], work)
    check(wait_for(lambda: "initial snapshot done" in open(os.path.join(work, "bridge.log")).read(), 120),
          "the snapshot completes")
    time.sleep(1)
    writer.stopping.set()
    writer.join()
    check(writer.error is None, "writer ran (%d transactions, error %s)" % (writer.transactions, writer.error))
    cur.execute("SELECT pg_current_wal_lsn()::text")
    end_lsn = cur.fetchone()[0]

    def confirmed(slot):
        cur.execute("SELECT confirmed_flush_lsn >= %s::pg_lsn FROM pg_replication_slots "
                    "WHERE slot_name = %s", (end_lsn, slot))
        row = cur.fetchone()
        return row is not None and row[0]
    check(wait_for(lambda: confirmed("cdc_stream"), 120), "the slot's position passes the writes")
    events = messages(nats, "SNAP")
    lsns = snapshot_lsn("bridge")
    check(len(lsns) == 1, "one snapshot taken (%s)" % lsns)
    reads = check_snapshot(events, ["cdc.public.accounts", "cdc.public.small"], lsns[0], "snapshot")
    check(len(reads) > ROWS // 2, "the snapshot read the tables (%d rows)" % len(reads))
    check(len(events) > len(reads), "changes follow the snapshot (%d)" % (len(events) - len(reads)))
    tables, problems = replay(events)
    check(not problems, "no row twice, no change of an unseen row (%s)" % problems[:3])
    check(tables.get("cdc.public.accounts") == table_rows(cur, "accounts", "id"),
          "accounts replayed from the stream equals the table (%d rows)" % len(tables.get("cdc.public.accounts", {})))
    check(tables.get("cdc.public.small") == table_rows(cur, "small", "id"), "small replayed equals the table")
    check(not any(e[0] == "cdc.public.skipped" for e in events), "the excluded table is not read")
    first = reads[0][2]
    check(first["op"] == "r" and first["source"]["txId"] is not None and
          first["source"]["sequence"] == '[null,"%d"]' % lsns[0],
          "a read event's source: txId set, sequence [null, consistent point]")

    # A restart takes no second snapshot.
    check(stop_process(proc) == 0, "SIGTERM: exit 0")
    before = len(events)
    cur.execute("INSERT INTO accounts VALUES (0, 0, 'after restart')")
    proc = start_bridge(base, work, "bridge2")
    check(wait_for(lambda: nats.stream_state("SNAP")["messages"] >= before + 1), "the new insert arrives")
    time.sleep(1)
    events = messages(nats, "SNAP")
    check(len(events) == before + 1 and events[-1][2]["op"] == "c" and not snapshot_lsn("bridge2"),
          "after a restart: no snapshot, just the new change")
    check(stop_process(proc) == 0, "second run: exit 0")

    # kill -9 in the middle of a snapshot: the next start drops the slot and
    # takes the snapshot again, whole.
    again = bridge_args(bridge, pg_port, nats_port, work, "--snapshot.mode=initial",
                        "--snapshot.state.file=" + os.path.join(work, "again.state"),
                        "--slot=again", "--subject.prefix=again.", "--window=1")
    proc = start_bridge(again, work, "bridge3")
    check(wait_for(lambda: nats.stream_state("AGAIN")["messages"] >= 500, 60, 0.02),
          "the second snapshot is under way")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = nats.stream_state("AGAIN")["messages"]
    check(partial < len(table_rows(cur, "accounts", "id")), "killed before its end (%d published)" % partial)
    cur.execute("INSERT INTO accounts VALUES (-1, -1, 'between')")
    proc = start_bridge(again, work, "bridge4")
    check(wait_for(lambda: "initial snapshot done" in open(os.path.join(work, "bridge4.log")).read(), 120),
          "the restarted bridge takes the snapshot again")
    with open(os.path.join(work, "bridge4.log")) as f:
        check("was cut short; dropping the slot" in f.read(), "it says the first one was cut short")
    cur.execute("UPDATE accounts SET note = 'changed' WHERE id = -1")
    cur.execute("SELECT pg_current_wal_lsn()::text")
    end_lsn = cur.fetchone()[0]
    check(wait_for(lambda: confirmed("again"), 60), "the new slot's position passes the update")
    events = [e for e in messages(nats, "AGAIN")]
    retake = snapshot_lsn("bridge4")[0]
    start = next(i for i, e in enumerate(events) if e[3] == "%d:r:0" % retake)
    check(start == partial, "the retaken snapshot follows the cut one")
    events = [(s[len("again."):], k, v, i) for s, k, v, i in events[start:]]
    check_snapshot(events, ["cdc.public.accounts", "cdc.public.skipped", "cdc.public.small"],
                   retake, "retaken")
    tables, problems = replay(events)
    check(not problems, "retaken: no row twice, no change of an unseen row (%s)" % problems[:3])
    check(tables.get("cdc.public.accounts") == table_rows(cur, "accounts", "id"),
          "retaken: accounts replayed equals the table")
    check(stop_process(proc) == 0, "last run: exit 0")
    nats.close()
    nats_server.kill()
    conn.close()


run_test(main, "snapshot")

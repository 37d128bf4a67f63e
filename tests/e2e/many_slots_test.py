#!/usr/bin/python3
"""tests/e2e/many_slots_test.py HOST PORT WRITERS TXNS

Ten cdc_plugin slots with different options on one server, each streamed
over its own psycopg2 replication connection while WRITERS writer processes
commit TXNS transactions each (tests/e2e/many_slots_test.sh starts the
server with wal_sender_timeout = 0):

  * phase 1: every slot's stream is complete and in order for what its
    options select: per writer, exactly the expected (table, op, id) events
    in the writer's order; overall, the default slot's order filtered (one
    commit order for all); transactions never interleaved; each slot's
    rendering (decimal modes and formats, record mode topics and keys,
    schemas, excluded columns, skipped operations, transaction metadata
    with counts, pretty print);
  * phase 2: a slot is dropped while its client streams from it.  An active
    slot cannot be dropped (pg_drop_replication_slot fails with "is active
    for PID"; PostgreSQL 15's SQL function has no wait), so the test
    terminates the slot's walsender (pg_terminate_backend(active_pid)),
    waits until the slot is inactive and drops it.  The client gets an
    error, restarting from the slot fails with "does not exist", the server
    answers, and the other nine slots get the next transaction;
  * phase 3: a client goes away in the middle of a large message (a
    BIG_MB MB row, default 20): the walsender is left blocked writing it
    (wait event WalSenderWriteData) and the client's socket is shut down.
    The slot becomes inactive, its confirmed position has not moved, and a
    new client on the same slot receives that row whole (length and SHA-256
    equal the server's), then the marker after it: nothing lost.

Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import base64
import decimal
import hashlib
import json
import multiprocessing
import os
import select
import socket
import struct
import time

import psycopg2
import psycopg2.extras

import bigodd_lib as t

TIMEOUT = 120.0
STRIDE = 100000  # row ids: writer * STRIDE + transaction number
BIG_MB = int(os.environ.get("BIG_MB", "20"))

# name -> (options, what it selects: tables, ops)
SLOTS = {
    "s_default": ({}, None, None),
    "s_record": ({"record.mode": "record"}, None, None),
    "s_schemas": ({"schemas.enable": "true", "record.mode": "record", "tombstones.on.delete": "false"}, None, None),
    "s_double": ({"decimal.handling.mode": "double"}, None, None),
    "s_numeric": ({"decimal.format": "NUMERIC"}, None, None),
    "s_only_a": ({"table.include.list": r"public\.t_a"}, {"t_a"}, None),
    "s_not_a": ({"table.exclude.list": r"public\.t_a"}, {"t_b"}, None),
    "s_no_note": ({"column.exclude.list": r"public\.t_a\.note", "pretty.print": "true"}, None, None),
    "s_creates": ({"skipped.operations": "u,d"}, None, {"c"}),
    "s_txmeta": ({"provide.transaction.metadata": "true", "decimal.handling.mode": "string"}, None, None),
}
DROPPED = "s_creates"


def writer(host, port, w, txns):
    """One writer process: txns transactions, each two inserts, some an update and a delete."""
    conn = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres")
    with conn.cursor() as cur:
        for i in range(1, txns + 1):
            rid = w * STRIDE + i
            cur.execute("INSERT INTO t_a VALUES (%s, %s, %s, %s::numeric + 0.25, %s)", (rid, w, i, i, f"n{i}"))
            cur.execute("INSERT INTO t_b VALUES (%s, %s, %s)", (rid, w, i))
            if i % 3 == 0:
                cur.execute("UPDATE t_a SET amount = amount + 1, note = 'u' WHERE id = %s", (rid - 1,))
            if i % 5 == 0:
                cur.execute("DELETE FROM t_b WHERE id = %s", (rid - 2,))
            conn.commit()
    conn.close()


def expected_events(w, txns):
    """Writer w's (table, op, id) events, in its order."""
    out = []
    for i in range(1, txns + 1):
        rid = w * STRIDE + i
        out += [("t_a", "c", rid), ("t_b", "c", rid)]
        if i % 3 == 0:
            out.append(("t_a", "u", rid - 1))
        if i % 5 == 0:
            out.append(("t_b", "d", rid - 2))
    return out


def amount_of(rid, op):
    """The amount column of t_a's row rid after a create or an update, as text."""
    i = rid % STRIDE
    return f"{i + (1 if op == 'u' else 0)}.25"


def decimal_base64(text):
    """Debezium's Decimal: Base64 of the unscaled value's two's-complement bytes."""
    unscaled = int(text.replace(".", ""))
    return base64.b64encode(unscaled.to_bytes(unscaled.bit_length() // 8 + 1, "big", signed=True)).decode()


class Client:
    """One replication connection streaming one slot; messages parsed as they come."""

    def __init__(self, host, port, slot, options):
        """Connects and starts replication from slot with options."""
        self.slot = slot
        self.conn = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres",
                                     connection_factory=psycopg2.extras.LogicalReplicationConnection)
        self.cur = self.conn.cursor()
        self.cur.start_replication(slot_name=slot, decode=False, options=options)
        self.messages = []  # (raw bytes, kind, value, topic, key): see parse()
        self.events = []    # (table, op, id) of the events among them

    def poll(self):
        """Reads what has arrived; confirms it."""
        while True:
            msg = self.cur.read_message()
            if msg is None:
                return
            parsed = parse(self.slot, msg.payload)
            self.messages.append((msg.payload,) + parsed)
            if parsed[0] == "event":
                self.events.append(event_id(parsed[1]))
            self.cur.send_feedback(flush_lsn=msg.data_start)

    def ends_with(self, tail):
        """Whether the selected part of tail ends the events, and a transaction's END the messages."""
        want = [e for e in tail if selects(self.slot, e)]
        ended = "provide.transaction.metadata" not in SLOTS[self.slot][0] or (
            self.messages and self.messages[-1][1] == "tx" and self.messages[-1][2]["status"] == "END")
        return self.events[-len(want):] == want and ended

    def close(self):
        """Closes the connection (the server sees a clean end)."""
        self.conn.close()


def selects(slot, e):
    """Whether a slot's options select the (table, op, id) event e."""
    _, tables, ops = SLOTS[slot]
    return (tables is None or e[0] in tables) and (ops is None or e[1] in ops)


def read_all(clients, done, what):
    """Polls every client until done(client) holds for all; fails after TIMEOUT s."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        for c in clients:
            c.poll()
        if all(done(c) for c in clients):
            return
        if time.monotonic() > deadline:
            waiting = [c.slot for c in clients if not done(c)]
            t.fail(f"timed out after {TIMEOUT:.0f} s waiting for {what} on {waiting}")
        select.select([c.cur for c in clients], [], [], 0.5)


def parse(slot, raw):
    """A message as (kind, value envelope or record, topic, key): kind is 'event', 'tombstone' or 'tx'."""
    doc = json.loads(raw, parse_float=decimal.Decimal)
    if "record.mode" in SLOTS[slot][0]:
        value, key = doc["value"], doc["key"]
        if SLOTS[slot][0].get("schemas.enable") == "true":
            names = (key["schema"]["name"], value["schema"]["name"])
            if names != (doc["topic"] + ".Key", doc["topic"] + ".Envelope"):
                t.fail(f"{slot}: schema names {names} for topic {doc['topic']}")
            value, key = value["payload"], key["payload"]
        if value is None:
            return "tombstone", None, doc["topic"], key
        return "event", value, doc["topic"], key
    if "status" in doc:
        return "tx", doc, None, None
    return "event", doc, None, None


def event_id(value):
    """(table, op, id) of an envelope."""
    row = value["after"] if value["op"] != "d" else value["before"]
    return value["source"]["table"], value["op"], row["id"]


def check_rendering(slot, value, topic, key, raw):
    """The parts of one event that its slot's options decide."""
    table, op, rid = event_id(value)
    opts = SLOTS[slot][0]
    at = f"{slot}: {table} {op} {rid}"
    if table == "t_a" and op in "cu" and rid != 0:
        got = value["after"]["amount"]
        want = amount_of(rid, op)
        mode = opts.get("decimal.handling.mode", "precise")
        if mode == "double":
            ok = isinstance(got, decimal.Decimal) and got == decimal.Decimal(want)
        elif mode == "string":
            ok = got == want
        elif opts.get("decimal.format") == "NUMERIC":
            ok = isinstance(got, decimal.Decimal) and str(got) == want
        else:
            ok = got == decimal_base64(want)
        if not ok:
            t.fail(f"{at}: amount {got!r} for {want} under {opts}")
        note = "u" if op == "u" else f"n{rid % STRIDE}"
        if "column.exclude.list" in opts:
            if "note" in value["after"]:
                t.fail(f"{at}: note is excluded but present")
        elif value["after"].get("note") != note:
            t.fail(f"{at}: note {value['after'].get('note')!r}, expected {note!r}")
    if "record.mode" in opts:
        if topic != f"postgres.public.{table}" or key != {"id": rid}:
            t.fail(f"{at}: topic {topic} key {key}")
    if opts.get("pretty.print") == "true" and b"\n  " not in raw:
        t.fail(f"{at}: not pretty printed: {raw[:200]!r}")


def check_slot(slot, messages, reference, writers, txns):
    """Phase 1's checks of one slot; returns its (table, op, id) list."""
    opts = SLOTS[slot][0]
    events = []
    xids = []
    tx_open = None
    tx_events = 0
    for raw, kind, value, topic, key in messages:
        if kind == "tombstone":
            if not events or events[-1][1] != "d" or key != {"id": events[-1][2]}:
                t.fail(f"{slot}: a tombstone not after the delete of its key: {raw[:200]!r}")
            continue
        if kind == "tx":
            if value["status"] == "BEGIN":
                if tx_open is not None:
                    t.fail(f"{slot}: BEGIN {value['id']} inside {tx_open}")
                tx_open, tx_events = value["id"], 0
            else:
                if value["id"].split(":")[0] != tx_open.split(":")[0] or value["event_count"] != tx_events:
                    t.fail(f"{slot}: END {value['id']} with event_count {value['event_count']}, "
                           f"expected {tx_open} with {tx_events}")
                tx_open = None
            continue
        ev = event_id(value)
        if "provide.transaction.metadata" in opts:
            tx_events += 1
            block = value["transaction"]
            # the id is "<xid>:<this event's lsn>", as Debezium's (spec §6)
            src = value["source"]
            if (tx_open is None or tx_open.split(":")[0] != str(src["txId"])
                    or block["id"] != f"{src['txId']}:{src['lsn']}" or block["total_order"] != tx_events):
                t.fail(f"{slot}: transaction block {block} in {tx_open}, event {tx_events}")
        if ev[2] == 0:
            continue  # the closing marker
        events.append(ev)
        xid = value["source"]["txId"]
        if not xids or xids[-1] != xid:
            if xid in xids:
                t.fail(f"{slot}: transaction {xid} interleaved with another")
            xids.append(xid)
        check_rendering(slot, value, topic, key, raw)

    for w in range(1, writers + 1):
        got = [e for e in events if e[2] // STRIDE == w]
        want = [e for e in expected_events(w, txns) if selects(slot, e)]
        if got != want:
            first = next((n for n, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            t.fail(f"{slot}: writer {w}: {len(got)} events, expected {len(want)}; first difference at {first}: "
                   f"{got[first:first + 3]} vs {want[first:first + 3]}")
    if reference is not None and events != [e for e in reference if selects(slot, e)]:
        t.fail(f"{slot}: the order differs from the default slot's commit order")
    return events


def walsender_state(conn, slot):
    """The wait event of the process streaming from a slot."""
    return t.query(conn, "SELECT a.wait_event FROM pg_replication_slots s JOIN pg_stat_activity a "
                         "ON a.pid = s.active_pid WHERE s.slot_name = %s", (slot,))


def slot_inactive(conn, slot):
    """Whether no process streams from a slot."""
    return t.query(conn, "SELECT NOT active FROM pg_replication_slots WHERE slot_name = %s", (slot,))


def main(argv):
    """The three phases; returns the exit status."""
    host, port, writers, txns = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    conn = t.connect(host, port)
    t.query(conn, "CREATE TABLE t_a (id int PRIMARY KEY, w int, i int, amount numeric(10,2), note text)")
    t.query(conn, "CREATE TABLE t_b (id int PRIMARY KEY, w int, i int)")
    t.query(conn, "CREATE TABLE big (id int PRIMARY KEY, t text)")
    for slot in SLOTS:
        t.query(conn, "SELECT pg_create_logical_replication_slot(%s, 'cdc_plugin')", (slot,))
    clients = {slot: Client(host, port, slot, opts) for slot, (opts, _, _) in SLOTS.items()}
    for slot in SLOTS:
        t.walsender_pid(conn, slot)
    t.ok(f"{len(SLOTS)} cdc_plugin slots with different options stream at once")

    # Phase 1: concurrent writer processes; then a marker (id 0 in both tables).
    started = time.monotonic()
    spawn = multiprocessing.get_context("spawn")
    procs = [spawn.Process(target=writer, args=(host, port, w, txns)) for w in range(1, writers + 1)]
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs):
        for c in clients.values():
            c.poll()
        time.sleep(0.05)
    for p in procs:
        p.join()
        if p.exitcode != 0:
            t.fail(f"a writer process exited with {p.exitcode}")
    t.query(conn, "BEGIN; INSERT INTO t_a VALUES (0, 0, 0, 0, 'marker'); INSERT INTO t_b VALUES (0, 0, 0); COMMIT")
    marker = [("t_a", "c", 0), ("t_b", "c", 0)]
    read_all(clients.values(), lambda c: c.ends_with(marker), "the phase 1 marker")
    elapsed = time.monotonic() - started
    reference = check_slot("s_default", clients["s_default"].messages, None, writers, txns)
    per_writer = len(expected_events(1, txns))
    t.check(len(reference) == writers * per_writer,
            f"s_default: all {writers} x {per_writer} events of {writers} writer processes, per writer in order",
            str(len(reference)))
    for slot in SLOTS:
        if slot != "s_default":
            n = len(check_slot(slot, clients[slot].messages, reference, writers, txns))
            t.ok(f"{slot} {json.dumps(SLOTS[slot][0])}: complete ({n} events), in order, rendered per its options")
    print(f"# phase 1: {writers} writers x {txns} transactions, {sum(len(c.messages) for c in clients.values())} "
          f"messages on {len(SLOTS)} slots in {elapsed:.1f} s", flush=True)

    # Phase 2: drop a slot whose client is streaming.
    victim = clients.pop(DROPPED)
    pid = t.query(conn, "SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (DROPPED,))
    try:
        t.query(conn, "SELECT pg_drop_replication_slot(%s)", (DROPPED,))
        t.fail(f"pg_drop_replication_slot of the active slot {DROPPED} succeeded")
    except psycopg2.errors.ObjectInUse as e:
        t.check("is active for PID" in str(e), "an active slot cannot be dropped: \"is active for PID\"", str(e))
    t.check(t.query(conn, "SELECT pg_terminate_backend(%s)", (pid,)),
            f"its walsender (pid {pid}) is terminated")
    t.wait_for(f"slot {DROPPED} to become inactive", lambda: slot_inactive(conn, DROPPED))
    t.query(conn, "SELECT pg_drop_replication_slot(%s)", (DROPPED,))
    t.ok(f"slot {DROPPED} dropped while its client was streaming")
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            victim.poll()
            select.select([victim.cur], [], [], 0.5)
        t.fail("the client of the dropped slot got no error")
    except psycopg2.Error as e:
        t.ok(f"the client of the dropped slot gets an error: {str(e).strip().splitlines()[0]}")
    victim.close()
    try:
        Client(host, port, DROPPED, {}).poll()
        t.fail(f"streaming from the dropped slot {DROPPED} succeeded")
    except psycopg2.Error as e:
        t.check("does not exist" in str(e), "restarting from the dropped slot fails: does not exist", str(e))
    t.query(conn, "BEGIN; INSERT INTO t_a VALUES (-1, 0, 0, 0, 'after'); INSERT INTO t_b VALUES (-1, 0, 0); "
                  "UPDATE t_a SET note = 'end' WHERE id = -1; COMMIT")
    after_drop = [("t_a", "c", -1), ("t_b", "c", -1), ("t_a", "u", -1)]
    read_all(clients.values(), lambda c: c.ends_with(after_drop), "the transaction after the drop")
    t.ok(f"the other {len(clients)} slots get the transaction committed after the drop")
    for c in clients.values():
        c.close()

    # Phase 3: a client gone in the middle of a large message.
    n_md5 = BIG_MB * 1000000 // 32
    t.query(conn, "INSERT INTO big SELECT 1, string_agg(md5(g::text), '' ORDER BY g) FROM generate_series(1, %s) g",
            (n_md5,))
    t.query(conn, "INSERT INTO big VALUES (2, 'after the big one')")
    length, sha = t.query(conn, "SELECT array[octet_length(t)::text, encode(sha256(convert_to(t, 'UTF8')), 'hex')] "
                                "FROM big WHERE id = 1")
    slot = "s_default"
    confirmed = t.query(conn, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = %s",
                        (slot,))
    stalled = Client(host, port, slot, {"table.include.list": r"public\.big"})
    t.wait_for("the walsender to block writing the big message",
               lambda: walsender_state(conn, slot) == "WalSenderWriteData", timeout=TIMEOUT)
    t.ok(f"the walsender of {slot} is blocked sending a {BIG_MB} MB message (wait event WalSenderWriteData)")
    sock = socket.socket(fileno=os.dup(stalled.conn.fileno()))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, no linger
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()
    try:
        stalled.close()
    except psycopg2.Error:
        pass
    t.wait_for(f"slot {slot} to become inactive", lambda: slot_inactive(conn, slot), timeout=TIMEOUT)
    t.ok(f"the client's socket closed mid-message: the walsender ends, slot {slot} is released")
    now = t.query(conn, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = %s", (slot,))
    t.check(now == confirmed, "the slot's confirmed position has not moved", f"{confirmed} -> {now}")
    again = Client(host, port, slot, {"table.include.list": r"public\.big"})
    read_all([again], lambda c: len(c.messages) >= 2, "the big message and the one after it")
    big_value = again.messages[0][2]["after"]
    got = big_value["t"].encode()
    t.check((big_value["id"], len(got), hashlib.sha256(got).hexdigest()) == (1, int(length), sha),
            f"the slot is reusable: the {BIG_MB} MB row comes whole (length and SHA-256 equal the server's)",
            f"id {big_value['id']}, {len(got)} bytes")
    t.check(again.messages[1][2]["after"] == {"id": 2, "t": "after the big one"},
            "then the row after it: nothing lost")
    again.close()
    return 0


if __name__ == "__main__":
    t.run(main, "many slots")

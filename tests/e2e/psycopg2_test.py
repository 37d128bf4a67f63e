#!/usr/bin/python3
"""tests/e2e/psycopg2_test.py HOST PORT WORKDIR

End-to-end with psycopg2's replication connection (Debian python3-psycopg2)
against a server that loads cdc_plugin (tests/e2e/psycopg2_test.sh starts one):

  * CREATE_REPLICATION_SLOT through LogicalReplicationConnection with
    output_plugin='cdc_plugin'; START_REPLICATION with record.mode=record and
    topic.prefix=e2e;
  * phase 1: the workload of tests/e2e/client_workload.json runs on two other
    connections while consume_stream() reads; each event is persisted (a
    line in WORKDIR/psycopg2_events.jsonl, fsync) and then confirmed with
    send_feedback(flush_lsn=msg.data_start);
  * phase 2: changes made while disconnected; read_message() after the
    reconnection gets exactly those (nothing confirmed comes again);
  * phase 3: events received but never confirmed come again, identical,
    after the reconnection;
  * every phase: exactly the expected events, in commit order (see
    check_events), and the slot's confirmed_flush_lsn reaches the end of the
    WAL once everything is confirmed.

Every wait is for a condition, with a deadline (TIMEOUT seconds, default 60).
Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import json
import os
import select
import signal
import sys
import threading
import time

import psycopg2
import psycopg2.extras

SLOT = "e2e_psycopg2"
TIMEOUT = float(os.environ.get("TIMEOUT", "60"))
ENVELOPE_KEYS = ["before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"]
SOURCE_KEYS = ["version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "ts_us",
               "ts_ns", "schema", "table", "txId", "lsn", "xmin", "origin", "origin_lsn"]
SPEC_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "client_workload.json")

checks = 0


class TestFailure(Exception):
    pass


def fail(msg):
    raise TestFailure(msg)


def ok(what):
    global checks
    checks += 1
    print(f"ok {checks} - {what}", flush=True)


def lsn_text(lsn):
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def summary(doc):
    """A short name of one record-mode message, for messages."""
    if not isinstance(doc, dict) or "topic" not in doc:
        return repr(doc)[:80]
    if doc.get("value") is None:
        return f"tombstone {doc['topic']} {json.dumps(doc.get('key'))}"
    return f"{doc['value'].get('op')} {doc['topic']} {json.dumps(doc.get('key'))}"


def expected_summary(ev):
    if ev.get("tombstone"):
        return f"tombstone {ev['topic']} {json.dumps(ev['key'])}"
    return f"{ev['op']} {ev['topic']} {json.dumps(ev['key'])}"


def is_marker(doc, phase):
    return (isinstance(doc, dict) and doc.get("topic", "").endswith(".public.markers")
            and doc.get("value") is not None and (doc["value"].get("after") or {}).get("phase") == phase)


def check_events(where, received, expected, spec, start_confirmed):
    """received: [(data_start, doc)] of one session, in arrival order."""
    got = [summary(doc) for _, doc in received]
    want = [expected_summary(ev) for ev in expected]
    if got != want:
        fail(f"{where}: events\n  got      {got}\n  expected {want}")
    prefix = spec["topic_prefix"]
    tx_ids = {}                 # tx label -> txId
    tx_seq0 = {}                # tx label -> sequence[0]
    tx_max_lsn = {}             # tx label -> largest change LSN
    order = []                  # tx labels in arrival order
    prev = None                 # (data_start, doc, ev) of the previous message
    for n, ((data_start, doc), ev) in enumerate(zip(received, expected), 1):
        at = f"{where}: message {n} ({summary(doc)})"
        if list(doc) != ["topic", "key", "value"]:
            fail(f"{at}: record keys {list(doc)}, expected ['topic', 'key', 'value']")
        # json.dumps: field order counts too (Debezium's follows the columns)
        if doc["topic"] != ev["topic"] or json.dumps(doc["key"]) != json.dumps(ev["key"]):
            fail(f"{at}: topic/key {doc['topic']} {doc['key']}, expected {ev['topic']} {ev['key']}")
        if ev.get("tombstone"):
            if doc["value"] is not None:
                fail(f"{at}: a tombstone must have value null")
            if prev is None or prev[2].get("op") != "d" or json.dumps(prev[1]["key"]) != json.dumps(doc["key"]):
                fail(f"{at}: a tombstone must follow the delete of its key")
            if data_start != prev[0]:
                fail(f"{at}: tombstone at data_start {lsn_text(data_start)}, its delete at {lsn_text(prev[0])}")
            prev = (data_start, doc, ev)
            continue
        value = doc["value"]
        if not isinstance(value, dict) or list(value) != ENVELOPE_KEYS:
            fail(f"{at}: envelope keys {list(value) if isinstance(value, dict) else value}")
        for field in ("op", "before", "after"):
            if json.dumps(value[field]) != json.dumps(ev[field]):
                fail(f"{at}: {field} = {json.dumps(value[field])}, expected {json.dumps(ev[field])}")
        if value["transaction"] is not None:
            fail(f"{at}: transaction = {value['transaction']!r}, expected null")
        src = value["source"]
        if list(src) != SOURCE_KEYS:
            fail(f"{at}: source keys {list(src)}, expected {SOURCE_KEYS}")
        _, schema, table = ev["topic"].split(".")
        want_src = {"version": "3.6.1.Final", "connector": "postgresql", "name": prefix,
                    "snapshot": "false", "db": "postgres", "schema": schema, "table": table,
                    "xmin": None, "origin": None, "origin_lsn": None}
        for k, v in want_src.items():
            if src[k] != v:
                fail(f"{at}: source.{k} = {src[k]!r}, expected {v!r}")
        if src["lsn"] != data_start:
            fail(f"{at}: source.lsn {src['lsn']} is not the message's data_start {data_start}")
        seq = json.loads(src["sequence"])
        if not (isinstance(seq, list) and len(seq) == 2 and seq[1] == str(src["lsn"])):
            fail(f"{at}: source.sequence {src['sequence']!r}, expected [\"<last commit>\",\"{src['lsn']}\"]")
        for obj, name in ((value, "value"), (src, "source")):
            if not (obj["ts_ms"] == obj["ts_us"] // 1000 and obj["ts_ns"] == obj["ts_us"] * 1000):
                fail(f"{at}: {name} ts_ms/ts_us/ts_ns disagree: {obj['ts_ms']} {obj['ts_us']} {obj['ts_ns']}")
        if value["ts_us"] < src["ts_us"]:
            fail(f"{at}: processed (ts_us {value['ts_us']}) before its commit (source.ts_us {src['ts_us']})")
        label = ev["tx"]
        if label not in tx_ids:
            for other, xid in tx_ids.items():
                if xid == src["txId"]:
                    fail(f"{at}: txId {xid} of transaction {label} is also that of {other}")
            tx_ids[label] = src["txId"]
            tx_seq0[label] = int(seq[0])
            if order:
                last = order[-1]
                if not (int(seq[0]) > tx_seq0[last] and int(seq[0]) > tx_max_lsn[last]):
                    fail(f"{at}: sequence[0] {seq[0]} is not past the previous transaction "
                         f"({label} after {last}: last commit {tx_seq0[last]}, its changes up to {tx_max_lsn[last]})")
            elif int(seq[0]) != start_confirmed:
                fail(f"{at}: the session's first sequence[0] {seq[0]} is not the slot's confirmed "
                     f"position {start_confirmed} (README: source block)")
            order.append(label)
            tx_max_lsn[label] = src["lsn"]
        else:
            if order[-1] != label:
                fail(f"{at}: transaction {label} is split by {order[-1]} (not in commit order)")
            if src["txId"] != tx_ids[label] or int(seq[0]) != tx_seq0[label]:
                fail(f"{at}: txId/sequence[0] {src['txId']}/{seq[0]} differ within transaction {label}")
            if src["lsn"] < tx_max_lsn[label]:
                fail(f"{at}: source.lsn {src['lsn']} goes back within transaction {label}")
            tx_max_lsn[label] = src["lsn"]
        prev = (data_start, doc, ev)


def comparable(received):
    """What a redelivery must repeat: all but the processing times and the last-commit LSN."""
    out = []
    for data_start, doc in received:
        doc = json.loads(json.dumps(doc))
        if doc["value"] is not None:
            for k in ("ts_ms", "ts_us", "ts_ns"):
                doc["value"].pop(k)
            doc["value"]["source"]["sequence"] = json.loads(doc["value"]["source"]["sequence"])[1]
        out.append((data_start, doc))
    return out


class Harness:
    def __init__(self, host, port, workdir):
        self.dsn = f"host={host} port={port} user=postgres dbname=postgres"
        self.workdir = workdir
        self.spec = json.load(open(SPEC_PATH, encoding="utf-8"))
        self.sql = self.connect()
        self.conns = {"a": self.connect(), "b": self.connect()}
        self.events_file = open(os.path.join(workdir, "psycopg2_events.jsonl"), "a", encoding="utf-8")
        self.rconn = None
        self.cur = None

    def connect(self):
        conn = psycopg2.connect(self.dsn)
        conn.autocommit = True
        return conn

    def query(self, sql, args=None):
        with self.sql.cursor() as c:
            c.execute(sql, args)
            return c.fetchone()[0] if c.description else None

    def confirmed(self):
        return int(self.query("SELECT (confirmed_flush_lsn - '0/0')::bigint FROM pg_replication_slots "
                              "WHERE slot_name = %s", (SLOT,)))

    def wal_end(self):
        return int(self.query("SELECT (pg_current_wal_lsn() - '0/0')::bigint"))

    def wait_for(self, what, cond, on_idle=None):
        deadline = time.monotonic() + TIMEOUT
        while True:
            if cond():
                return
            if time.monotonic() > deadline:
                fail(f"timed out after {TIMEOUT:.0f} s waiting for {what}")
            if on_idle:
                on_idle()
            else:
                time.sleep(0.05)

    def run_steps(self, phase):
        for step in phase["steps"]:
            with self.conns[step["conn"]].cursor() as c:
                c.execute(step["sql"])

    # --- the replication connection
    def open_replication(self):
        self.rconn = psycopg2.connect(self.dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection)
        self.cur = self.rconn.cursor()

    def start(self, status_interval=1):
        """Opens a replication connection and starts streaming; returns the slot's
        confirmed position at the start (the first event's last-commit LSN)."""
        self.wait_for(f"slot {SLOT} to be inactive", self.slot_inactive)
        start_confirmed = self.confirmed()
        self.open_replication()
        self.cur.start_replication(slot_name=SLOT, decode=True, options=self.spec["options"],
                                   status_interval=status_interval)
        return start_confirmed

    def close_replication(self):
        self.rconn.close()
        self.rconn = self.cur = None
        self.wait_for(f"slot {SLOT} to be released", self.slot_inactive)

    def slot_inactive(self):
        return self.query("SELECT NOT active FROM pg_replication_slots WHERE slot_name = %s", (SLOT,)) is True

    def persist(self, msg, doc):
        self.events_file.write(json.dumps({"data_start": lsn_text(msg.data_start), "message": doc}) + "\n")
        self.events_file.flush()
        os.fsync(self.events_file.fileno())

    def take(self, msg, received, confirm):
        try:
            doc = json.loads(msg.payload)
        except ValueError as e:
            fail(f"message at {lsn_text(msg.data_start)} is not JSON ({e}): {msg.payload[:200]}")
        self.persist(msg, doc)
        if confirm:
            msg.cursor.send_feedback(flush_lsn=msg.data_start)
        received.append((msg.data_start, doc))
        return doc

    def consume_stream_until(self, phase, confirm):
        """consume_stream() until the phase's marker event (SIGALRM bounds it)."""
        received = []

        def consumer(msg):
            if is_marker(self.take(msg, received, confirm), phase["name"]):
                raise psycopg2.extras.StopReplication()

        def on_alarm(signum, frame):
            raise TestFailure(f"timed out after {TIMEOUT:.0f} s in consume_stream; received so far: "
                              f"{[summary(d) for _, d in received]}")

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
        try:
            self.cur.consume_stream(consumer)
        except psycopg2.extras.StopReplication:
            pass            # the consumer's way out, at the marker
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return received

    def read_until(self, phase, confirm):
        """read_message() until the phase's marker event."""
        received = []
        deadline = time.monotonic() + TIMEOUT
        while True:
            msg = self.cur.read_message()
            if msg is not None:
                if is_marker(self.take(msg, received, confirm), phase["name"]):
                    return received
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                fail(f"timed out after {TIMEOUT:.0f} s in read_message; received so far: "
                     f"{[summary(d) for _, d in received]}")
            select.select([self.cur], [], [], min(left, 1.0))

    def confirm_all(self, where):
        """Waits until the slot has confirmed everything written so far.  The last
        event's data_start is its change's LSN, before its commit record; psycopg2
        moves the flush position on to the server's keepalive walEnd once the last
        message is confirmed, and send_feedback(force=True) reports it."""
        target = self.wal_end()

        def idle():
            msg = self.cur.read_message()
            if msg is not None:
                fail(f"{where}: unexpected message after the marker: {msg.payload[:200]}")
            self.cur.send_feedback(force=True)
            select.select([self.cur], [], [], 0.2)

        self.wait_for(f"confirmed_flush_lsn to reach {lsn_text(target)}", lambda: self.confirmed() >= target, idle)
        ok(f"{where}: the slot confirms up to {lsn_text(target)} (the end of the WAL after the workload)")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    h = Harness(argv[0], int(argv[1]), argv[2])
    spec = h.spec
    phases = {p["name"]: p for p in spec["phases"]}
    for stmt in spec["setup"]:
        h.query(stmt)

    # Slot creation over the replication protocol.
    h.open_replication()
    h.cur.create_replication_slot(SLOT, output_plugin="cdc_plugin")
    plugin = h.query("SELECT plugin FROM pg_replication_slots WHERE slot_name = %s", (SLOT,))
    if plugin != "cdc_plugin":
        fail(f"slot {SLOT} has plugin {plugin!r}")
    h.close_replication()
    ok("create_replication_slot(output_plugin='cdc_plugin') over LogicalReplicationConnection")

    # A bad option fails START_REPLICATION with an error naming it (README:
    # Options); nothing is consumed.
    before = h.confirmed()
    h.open_replication()
    try:
        h.cur.start_replication(slot_name=SLOT, decode=True, options={"record.mode": "bogus"})
        h.cur.read_message()
        fail("START_REPLICATION with record.mode=bogus did not fail")
    except psycopg2.Error as e:
        if "record.mode" not in str(e) or "bogus" not in str(e):
            fail(f"the error for record.mode=bogus does not name the option and value: {e}")
    h.rconn.close()
    h.wait_for(f"slot {SLOT} to be released", h.slot_inactive)
    if h.confirmed() != before:
        fail("a failed START_REPLICATION moved the slot")
    ok("START_REPLICATION with record.mode=bogus fails naming the option and value")

    # Phase 1: live workload (another thread, two connections) while consume_stream reads.
    p1 = phases["phase 1"]
    start_confirmed = h.start()
    errors = []

    def workload():
        try:
            h.run_steps(p1)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    worker = threading.Thread(target=workload)
    worker.start()
    try:
        got1 = h.consume_stream_until(p1, confirm=True)
    finally:
        worker.join()
    if errors:
        fail(f"phase 1 workload failed: {errors[0]!r}")
    check_events("phase 1", got1, p1["events"], spec, start_confirmed)
    ok(f"phase 1: consume_stream gets exactly the {len(got1)} expected messages (ops, topics, keys, "
       "before/after, tombstones, commit order, one txId per transaction, nothing rolled back)")
    h.confirm_all("phase 1")
    h.close_replication()

    # Phase 2: changes while disconnected; after reconnecting only they arrive.
    p2 = phases["phase 2"]
    h.run_steps(p2)
    start_confirmed = h.start()
    got2 = h.read_until(p2, confirm=True)
    check_events("phase 2", got2, p2["events"], spec, start_confirmed)
    ok(f"phase 2: after reconnecting, read_message gets exactly the {len(got2)} new messages")
    seen = {(d, json.dumps(doc, sort_keys=True)) for d, doc in got1}
    again = [summary(doc) for d, doc in got2 if (d, json.dumps(doc, sort_keys=True)) in seen]
    if again or min(d for d, _ in got2) <= max(d for d, _ in got1):
        fail(f"phase 2: confirmed phase 1 messages delivered again: {again}")
    ok("phase 2: nothing confirmed in phase 1 comes again")
    h.confirm_all("phase 2")
    h.close_replication()

    # Phase 3: streamed but never confirmed, then delivered again.
    # psycopg2 reports no position of its own before status_interval (it would
    # report a keepalive's walEnd while nothing received is unconfirmed).
    p3 = phases["phase 3"]
    start_confirmed = h.start(status_interval=3600)
    h.run_steps(p3)
    got3 = h.read_until(p3, confirm=False)
    check_events("phase 3", got3, p3["events"], spec, start_confirmed)
    ok(f"phase 3: {len(got3)} messages received, none confirmed")
    h.close_replication()
    if h.confirmed() != start_confirmed:
        fail(f"phase 3: the slot's confirmed position moved from {lsn_text(start_confirmed)} to "
             f"{lsn_text(h.confirmed())} although nothing was confirmed")
    ok("phase 3: the slot's confirmed position did not move")
    start_confirmed = h.start()
    got3b = h.read_until(p3, confirm=True)
    check_events("phase 3 again", got3b, p3["events"], spec, start_confirmed)
    if comparable(got3b) != comparable(got3):
        fail(f"phase 3: the redelivery differs:\n  first {comparable(got3)}\n  again {comparable(got3b)}")
    ok("phase 3: after reconnecting, the unconfirmed messages come again, the same (LSNs, txIds, data)")
    h.confirm_all("phase 3")
    h.close_replication()

    left = h.query("SELECT count(*) FROM pg_logical_slot_peek_changes(%s, NULL, NULL)", (SLOT,))
    if left != 0:
        fail(f"the slot still holds {left} messages")
    ok("the slot holds no change left")
    h.open_replication()
    h.cur.drop_replication_slot(SLOT)
    h.rconn.close()
    if h.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = %s", (SLOT,)) != 0:
        fail("drop_replication_slot left the slot")
    ok("drop_replication_slot")
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
        print(f"PASS: e2e psycopg2 ({checks} checks)")
    elif rc == 1:
        print(f"FAIL: e2e psycopg2 after {checks} checks passed")
    sys.exit(rc)

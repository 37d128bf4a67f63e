#!/usr/bin/python3
"""tests/e2e/kill_loop_test.py run PGBIN DATADIR SERVERLOG PORT WORKDIR

No loss, in order, across failures: a writer commits numbered transactions
while a consumer streams a cdc_plugin slot over psycopg2's replication
connection and confirms only what it has persisted; in a fixed number of
rounds something is killed with SIGKILL at a random moment (seeded): the
consumer, the walsender serving it (the postmaster then restarts every
backend), or the whole server (postmaster and children; restarted here).
At the end the slot is drained and the persisted events alone are checked
against the writer's ground truth (see check_events).

Processes (this one file, three roles):
  run       the driver: owns the server process (started here, so a killed
            postmaster is reaped here), the rounds, the kills, the checks;
  writer    transaction n: INSERT INTO txlog VALUES (n) first, then 1-4
            random statements over three tables (multi-row inserts, updates
            and deletes, key changes, a rolled-back savepoint now and then,
            sometimes hundreds of rows so that decoding spills), then
            COMMIT, or ROLLBACK on purpose (1 in 10).  It writes the exact
            events it expects per statement to its journal.  When the
            connection breaks it reconnects and asks txlog whether n
            committed (a COMMIT in flight during a crash may or may not have);
  consumer  each session: waits for the slot to be free, reads its
            confirmed_flush_lsn C, starts streaming, writes a session header
            "S <json>" and then each message as "<data_start> <payload>"
            lines (batched, fsync), and confirms the last data_start of each
            persisted batch (send_feedback(flush_lsn)).  Reconnects on its
            own after a server crash; a new process replaces a killed one.

Environment: KILL_SEED (default: from the clock; printed), KILL_ROUNDS
(default 18, or 300 with CDC_LONG=1), TIMEOUT (seconds per wait, default 90).
Prints the seed, one line per round, the figures, and PASS or FAIL.
"""
import bisect
import ctypes
import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time

import psycopg2
import psycopg2.extras

SLOT = "kill_loop"
TIMEOUT = float(os.environ.get("TIMEOUT", "90"))
# table -> (name of its text column, REPLICA IDENTITY FULL?); each has
# id int PRIMARY KEY, n int NOT NULL (the transaction that wrote it), text.
TABLES = {
    "public.t_full": ("v", True),
    "public.t_def": ("v", False),
    "shop.items": ("label", True),
}
SETUP = [
    "CREATE TABLE txlog (n int PRIMARY KEY)",
    "CREATE TABLE t_full (id int PRIMARY KEY, n int NOT NULL, v text)",
    "ALTER TABLE t_full REPLICA IDENTITY FULL",
    "CREATE TABLE t_def (id int PRIMARY KEY, n int NOT NULL, v text)",
    "CREATE SCHEMA shop",
    "CREATE TABLE shop.items (id int PRIMARY KEY, n int NOT NULL, label text)",
    "ALTER TABLE shop.items REPLICA IDENTITY FULL",
]


class TestFailure(Exception):
    """A check failed (its message says which)."""


def fail(msg):
    """Stops the test with a failed check."""
    raise TestFailure(msg)


def lsn_text(lsn):
    """An LSN as PostgreSQL prints it (X/X)."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def connection_trouble(exc):
    """Whether a psycopg2 error means the connection or server went away (a
    crash, a restart) rather than an error the server reported about the
    work itself: no SQLSTATE at all, or a connection or shutdown one."""
    code = getattr(exc, "pgcode", None)
    if code:
        return code.startswith(("08", "57P"))
    return isinstance(exc, psycopg2.DatabaseError) or isinstance(exc, psycopg2.InterfaceError)


def connect_retrying(dsn, deadline, **kwargs):
    """A connection, retried until the deadline while the server restarts."""
    while True:
        try:
            conn = psycopg2.connect(dsn, connect_timeout=5, **kwargs)
            if not kwargs:
                conn.autocommit = True
            return conn
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def parent_gone(ppid):
    """A helper process outlives no driver: it stops when its parent changes."""
    return os.getppid() != ppid


# --------------------------------------------------------------- the writer

def row(table, rid, n, text):
    """A row as the plugin shows it in before/after (columns in table order)."""
    return {"id": rid, "n": n, TABLES[table][0]: text}


def before_image(table, old):
    """The before image of a delete or key change: the whole old row under
    REPLICA IDENTITY FULL, else the key with the other columns as the
    plugin fills them (NOT NULL int n: 0, nullable text: null)."""
    if TABLES[table][1]:
        return old
    return row(table, old["id"], 0, None)


def plan_transaction(rng, n, model, next_id):
    """The statements of transaction n: [(sql, params, expected events, in a
    rolled-back savepoint?)], applied to 'model' (a copy) as they would be.
    An expected event is [table, op, before, after]."""
    stmts = [("INSERT INTO txlog VALUES (%s)", (n,), [["public.txlog", "c", None, {"n": n}]], False)]
    for k in range(rng.randint(1, 4)):
        table = rng.choice(list(TABLES))
        rows = model[table]
        col = TABLES[table][0]
        text = None if rng.random() < 0.2 else f"n{n}s{k}"
        kind = rng.choices(["insert", "bulk", "update", "delete", "rekey"], [40, 1, 30, 25, 5])[0]
        if len(rows) > 400:
            kind = "delete"
        if kind in ("update", "delete", "rekey") and not rows:
            kind = "insert"
        if kind == "rekey" and not TABLES[table][1]:
            kind = "update"
        events = []
        new_rows = dict(rows)
        if kind == "insert":
            ids = [next_id[table] + i for i in range(rng.randint(1, 5))]
            next_id[table] += len(ids)
            values = ", ".join(["(%s, %s, %s)"] * len(ids))
            params = tuple(x for i in ids for x in (i, n, text))
            sql = f"INSERT INTO {table} VALUES {values}"
            for i in ids:
                new_rows[i] = row(table, i, n, text)
                events.append([table, "c", None, new_rows[i]])
        elif kind == "bulk":
            first = next_id[table]
            count = rng.randint(300, 900)
            next_id[table] += count
            sql = f"INSERT INTO {table} SELECT g, %s, 'b' || g FROM generate_series(%s, %s) g"
            params = (n, first, first + count - 1)
            for i in range(first, first + count):
                new_rows[i] = row(table, i, n, f"b{i}")
                events.append([table, "c", None, new_rows[i]])
        elif kind == "update":
            ids = rng.sample(sorted(rows), min(len(rows), rng.randint(1, 4)))
            sql = f"UPDATE {table} SET n = %s, {col} = %s WHERE id = ANY(%s)"
            params = (n, text, ids)
            for i in ids:
                new_rows[i] = row(table, i, n, text)
                events.append([table, "u", rows[i] if TABLES[table][1] else None, new_rows[i]])
        elif kind == "delete":
            many = len(rows) > 400
            ids = rng.sample(sorted(rows), min(len(rows), rng.randint(300, 400) if many else rng.randint(1, 4)))
            sql = f"DELETE FROM {table} WHERE id = ANY(%s)"
            params = (ids,)
            for i in ids:
                del new_rows[i]
                events.append([table, "d", before_image(table, rows[i]), None])
        else:  # rekey: a key change is a delete and a create (same LSN)
            old = rng.choice(sorted(rows))
            new = next_id[table]
            next_id[table] += 1
            sql = f"UPDATE {table} SET id = %s, n = %s WHERE id = %s"
            params = (new, n, old)
            del new_rows[old]
            new_rows[new] = row(table, new, n, rows[old][col])
            events = [[table, "d", before_image(table, rows[old]), None], [table, "c", None, new_rows[new]]]
        rolled_back = rng.random() < 0.08
        if not rolled_back:
            model[table] = new_rows
        stmts.append((sql, params, events, rolled_back))
    return stmts


def resolve(dsn, n):
    """After a broken connection: a new one, and whether transaction n
    committed (txlog has it), asked again if the server goes away meanwhile."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        conn = connect_retrying(dsn, deadline)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM txlog WHERE n = %s", (n,))
                return conn, cur.fetchone()[0] == 1
        except psycopg2.Error as e:
            if not connection_trouble(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def writer_main(dsn, journal_path, stop_path, seed):
    """Commits numbered transactions until the stop file appears; journals
    each one's outcome and, when committed, its expected events."""
    ppid = os.getppid()
    rng = random.Random(seed)
    model = {t: {} for t in TABLES}
    next_id = {t: 1 for t in TABLES}
    journal = open(journal_path, "a", encoding="utf-8")
    conn = connect_retrying(dsn, time.monotonic() + TIMEOUT)
    n = 0
    while not os.path.exists(stop_path) and not parent_gone(ppid):
        n += 1
        aborted = rng.random() < 0.1
        txn_model = {t: dict(rows) for t, rows in model.items()}
        stmts = plan_transaction(rng, n, txn_model, next_id)
        outcome = None
        try:
            with conn.cursor() as cur:
                cur.execute("BEGIN")
                for sql, params, _, rolled_back in stmts:
                    if rolled_back:
                        cur.execute("SAVEPOINT s")
                    cur.execute(sql, params)
                    if rolled_back:
                        cur.execute("ROLLBACK TO SAVEPOINT s")
                cur.execute("ROLLBACK" if aborted else "COMMIT")
            outcome = "rolled back" if aborted else "committed"
        except psycopg2.Error as e:
            if not connection_trouble(e):
                raise
            try:
                conn.close()
            except psycopg2.Error:
                pass
            conn, found = resolve(dsn, n)
            if found and aborted:
                raise TestFailure(f"transaction {n} was rolled back on purpose, yet txlog has it")
            outcome = "in doubt: committed" if found else "in doubt: not committed"
        committed = outcome in ("committed", "in doubt: committed")
        if committed:
            model = txn_model
        entry = {"n": n, "outcome": outcome}
        if committed:
            entry["stmts"] = [ev for _, _, ev, rolled_back in stmts if not rolled_back]
        journal.write(json.dumps(entry) + "\n")
        journal.flush()
        time.sleep(rng.uniform(0, 0.01))
    journal.write(json.dumps({"model": {t: sorted(rows.values(), key=lambda r: r["id"])
                                        for t, rows in model.items()}}) + "\n")
    journal.close()


# ------------------------------------------------------------- the consumer

def repair_tail(path):
    """Cuts a line torn by a killed consumer (never confirmed: confirmation
    follows the fsync), as a persisting consumer recovers its log."""
    if not os.path.exists(path):
        return
    with open(path, "rb+") as f:
        end = f.seek(0, os.SEEK_END)
        cut = end
        while cut > 0:
            start = max(0, cut - 65536)
            f.seek(start)
            chunk = f.read(cut - start)
            if cut == end and chunk.endswith(b"\n"):
                return
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                cut = start + newline + 1
                break
            cut = start
        f.truncate(cut)
        os.fsync(f.fileno())


def consumer_main(dsn, events_path, stop_path):
    """Streams sessions until the stop file appears and everything is read;
    each session starts with a header naming the slot's confirmed position."""
    ppid = os.getppid()
    repair_tail(events_path)
    fd = os.open(events_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    while not parent_gone(ppid):
        sql = rconn = None
        try:
            deadline = time.monotonic() + TIMEOUT
            sql = connect_retrying(dsn, deadline)
            with sql.cursor() as cur:
                while True:
                    cur.execute("SELECT active, (confirmed_flush_lsn - '0/0')::bigint "
                                "FROM pg_replication_slots WHERE slot_name = %s", (SLOT,))
                    active, confirmed = cur.fetchone()
                    if not active:
                        break
                    if time.monotonic() > deadline:
                        raise TestFailure(f"slot {SLOT} stays active")
                    time.sleep(0.1)
            rconn = connect_retrying(dsn, deadline, connection_factory=psycopg2.extras.LogicalReplicationConnection)
            rcur = rconn.cursor()
            rcur.start_replication(slot_name=SLOT, decode=False, status_interval=1)
            os.write(fd, b"S\t" + json.dumps({"pid": os.getpid(), "confirmed": confirmed}).encode() + b"\n")
            os.fsync(fd)
            last_feedback = time.monotonic()
            while not parent_gone(ppid):
                batch = []
                while len(batch) < 500:
                    msg = rcur.read_message()
                    if msg is None:
                        break
                    batch.append(msg)
                if batch:
                    os.write(fd, b"".join(b"%d\t%s\n" % (m.data_start, m.payload) for m in batch))
                    os.fsync(fd)
                    rcur.send_feedback(flush_lsn=batch[-1].data_start, force=True)
                    continue
                if os.path.exists(stop_path):
                    return
                if time.monotonic() - last_feedback > 0.5:
                    rcur.send_feedback(force=True)
                    last_feedback = time.monotonic()
                select.select([rcur], [], [], 0.5)
        except psycopg2.Error as e:
            if not connection_trouble(e):
                raise
            time.sleep(0.2)
        finally:
            for c in (rconn, sql):
                if c is not None:
                    try:
                        c.close()
                    except psycopg2.Error:
                        pass


# ---------------------------------------------------------------- the checks

def comparable(doc):
    """What a redelivery must repeat: all but the processing times and the
    last-commit part of source.sequence (a new session starts it afresh)."""
    doc = {k: v for k, v in doc.items() if k not in ("ts_ms", "ts_us", "ts_ns")}
    doc["source"] = dict(doc["source"], sequence=json.loads(doc["source"]["sequence"])[1])
    return json.dumps(doc)


def canonical(doc):
    """An event as the writer's journal states it: [table, op, before, after]."""
    src = doc["source"]
    return json.dumps([f"{src['schema']}.{src['table']}", doc["op"], doc["before"], doc["after"]])


class Replay:
    """Folds the persisted log, session by session, into the delivered stream
    U (one entry per distinct event: (lsn, txId, comparable digest,
    canonical form)), checking each session as it goes.

    A session whose slot was confirmed at C must start with the first
    transaction of U not wholly before C (its commit is at or after C, so it
    comes again), or, when C falls after a transaction's last change but not
    past its end (its commit record), with that one; it must repeat U from
    there, event for event, and then go on with new events."""

    def __init__(self):
        """An empty stream, before any session."""
        self.stream = []      # U
        self.lsns = []        # the LSNs of U (never going back), for bisect
        self.tx_start = []    # per entry of U: index of its transaction's first entry
        self.tx_end = {}      # transaction's first index -> end of its commit (the next one's sequence[0])
        self.sessions = 0
        self.duplicates = 0
        self.confirmed = None
        self.pos = None       # where the current session's next event goes in U
        self.k = 0            # events seen in the current session

    def begin(self, confirmed):
        """A new session, started from the slot's confirmed position."""
        self.sessions += 1
        self.confirmed = confirmed
        self.pos = None
        self.k = 0

    def where(self):
        """The current session, for messages."""
        return f"session {self.sessions} (confirmed at start {lsn_text(self.confirmed)})"

    def first_event(self, lsn, cmp):
        """Where the session starts in U, checked against where it may."""
        stream, confirmed = self.stream, self.confirmed
        j = bisect.bisect_left(self.lsns, confirmed)
        allowed = {self.tx_start[j] if j < len(stream) else len(stream)}
        if j > 0 and confirmed < self.tx_end.get(self.tx_start[j - 1], 1 << 64):
            allowed.add(self.tx_start[j - 1])
        start = bisect.bisect_left(self.lsns, lsn)
        while start < len(stream) and stream[start][0] == lsn and stream[start][2] != cmp:
            start += 1
        if start < len(stream) and stream[start][0] != lsn:
            start = len(stream)
        if start not in allowed:
            if start == len(stream):
                fail(f"{self.where()}: delivers new events first, but events from "
                     f"{lsn_text(stream[min(allowed)][0])} on were never confirmed and did not come again (lost)")
            fail(f"{self.where()}: redelivers from {lsn_text(stream[start][0])}, which was confirmed (expected from "
                 f"{', '.join(lsn_text(stream[a][0]) for a in sorted(allowed) if a < len(stream))})")
        return start

    def event(self, lsn, doc):
        """One persisted event of the current session: a replay or a new one."""
        src = doc["source"]
        if lsn != src["lsn"]:
            fail(f"{self.where()}: event {self.k + 1}: data_start {lsn} is not its source.lsn {src['lsn']}")
        seq0 = int(json.loads(src["sequence"])[0])
        cmp = hashlib.blake2b(comparable(doc).encode(), digest_size=16).digest()
        if self.pos is None:
            if seq0 != self.confirmed:
                fail(f"{self.where()}: first event's source.sequence[0] {seq0} is not the slot's confirmed position")
            self.pos = self.first_event(lsn, cmp)
        self.k += 1
        stream = self.stream
        if self.pos < len(stream):
            if stream[self.pos][0] != lsn or stream[self.pos][2] != cmp:
                fail(f"{self.where()}: event {self.k} of the replay differs from the first delivery at "
                     f"{lsn_text(stream[self.pos][0])}: now {canonical(doc)[:300]} at {lsn_text(lsn)}")
            self.duplicates += 1
            self.pos += 1
            return
        if stream and lsn < stream[-1][0]:
            fail(f"{self.where()}: event {self.k}: source.lsn {lsn_text(lsn)} goes back "
                 f"(after {lsn_text(stream[-1][0])})")
        if stream and stream[-1][1] == src["txId"]:
            self.tx_start.append(self.tx_start[-1])
        else:
            if self.k > 1:   # the previous transaction came in this session, just before
                self.tx_end[self.tx_start[-1]] = seq0
            self.tx_start.append(len(stream))
        stream.append((lsn, src["txId"], cmp, canonical(doc)))
        self.lsns.append(lsn)
        self.pos += 1


def replay_log(events_path):
    """Reads the persisted log ("S <json>" session headers, "<data_start>
    <payload>" events) into a Replay."""
    replay = Replay()
    with open(events_path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            head, _, body = line.rstrip(b"\n").partition(b"\t")
            if head == b"S":
                replay.begin(json.loads(body)["confirmed"])
                continue
            if replay.sessions == 0:
                fail(f"events line {lineno}: an event before any session header")
            try:
                doc = json.loads(body)
            except ValueError as e:
                fail(f"events line {lineno}: not JSON ({e}): {body[:200]!r}")
            replay.event(int(head), doc)
    return replay


def check_events(stream, committed, journal):
    """The delivered stream against the ground truth: one transaction per
    committed number in order (its txlog event first), each statement's
    events exactly (order within a multi-row statement aside), LSNs never
    going back, txIds distinct, nothing else."""
    groups = []
    for lsn, xid, _, canon in stream:
        if groups and groups[-1][0] == xid:
            groups[-1][1].append((lsn, canon))
        else:
            groups.append((xid, [(lsn, canon)]))
    if len({xid for xid, _ in groups}) != len(groups):
        fail("a txId appears in two separate runs of events (a transaction split, or out of commit order)")
    numbers = []
    last_lsn = -1
    for xid, events in groups:
        table, op, _, after = json.loads(events[0][1])
        if table != "public.txlog" or op != "c":
            fail(f"transaction {xid} starts with {op} on {table}, not its txlog row")
        n = after["n"]
        numbers.append(n)
        entry = journal.get(n)
        if entry is None or "stmts" not in entry:
            fail(f"transaction number {n} (txId {xid}) delivered, but the writer has it "
                 f"{entry['outcome'] if entry else 'never started'}")
        if events[0][0] <= last_lsn:
            fail(f"transaction {n} starts at {lsn_text(events[0][0])}, not after the previous one "
                 f"({lsn_text(last_lsn)})")
        pos = 0
        for s, expected in enumerate(entry["stmts"]):
            want = sorted(json.dumps(e) for e in expected)
            have = sorted(canon for _, canon in events[pos:pos + len(expected)])
            pos += len(expected)
            if want != have:
                missing = sorted(set(want) - set(have))[:3]
                extra = sorted(set(have) - set(want))[:3]
                fail(f"transaction {n}, statement {s + 1}: {len(have)} events, expected {len(want)}; "
                     f"missing {missing}; unexpected {extra}")
        if pos != len(events):
            fail(f"transaction {n}: {len(events) - pos} events more than its statements made")
        for lsn, _ in events:
            if lsn < last_lsn:
                fail(f"transaction {n}: source.lsn {lsn_text(lsn)} goes back (after {lsn_text(last_lsn)})")
            last_lsn = lsn
    if numbers != committed:
        lost = sorted(set(committed) - set(numbers))
        extra = sorted(set(numbers) - set(committed))
        fail(f"delivered transaction numbers differ from the committed ones: {len(numbers)} delivered, "
             f"{len(committed)} committed; lost {lost[:10]}; not committed {extra[:10]}; "
             f"order {'ok' if numbers == sorted(numbers) else 'broken'}")


# ---------------------------------------------------------------- the driver

class Driver:
    """The run: server, writer, consumer, rounds of kills, drain, checks."""

    def __init__(self, pgbin, datadir, serverlog, port, workdir):
        """Paths and the connection string; nothing starts yet."""
        self.pgbin, self.datadir, self.serverlog, self.workdir = pgbin, datadir, serverlog, workdir
        self.dsn = f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
        self.events_path = os.path.join(workdir, "events.log")
        self.journal_path = os.path.join(workdir, "writer.jsonl")
        self.writer_stop = os.path.join(workdir, "writer.stop")
        self.consumer_stop = os.path.join(workdir, "consumer.stop")
        self.server = self.writer = self.consumer = None
        self.conn = None
        self.kills = {"consumer": 0, "walsender": 0, "server": 0}

    def start_server(self):
        """Starts the postmaster as a child of this process and waits for it."""
        log = open(self.serverlog, "ab")
        self.server = subprocess.Popen([os.path.join(self.pgbin, "postgres"), "-D", self.datadir],
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        log.close()
        self.wait_ready()

    def wait_ready(self):
        """Until the server answers queries (after a start or a crash restart)."""
        self.conn = None
        self.conn = connect_retrying(self.dsn, time.monotonic() + TIMEOUT)

    def query(self, sql, args=None):
        """One value; reconnects and retries while the server restarts."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                if self.conn is None:
                    self.wait_ready()
                with self.conn.cursor() as c:
                    c.execute(sql, args)
                    return c.fetchone()[0] if c.description else None
            except psycopg2.Error as e:
                if not connection_trouble(e) or time.monotonic() > deadline:
                    raise
                self.conn = None
                time.sleep(0.2)

    def spawn(self, role, *args):
        """Starts this script in another role (writer, consumer)."""
        return subprocess.Popen([sys.executable, os.path.abspath(__file__), role, *args])

    def check_alive(self, writer=True):
        """Fails when a helper or the postmaster died on its own."""
        for name, p in (("writer", self.writer), ("consumer", self.consumer)):
            if (writer or name != "writer") and p.poll() is not None:
                fail(f"the {name} exited with status {p.returncode}")
        if self.server.poll() is not None:
            fail(f"the postmaster exited with status {self.server.returncode}")

    def wait_streaming(self):
        """Until a walsender streams the slot (a consumer is connected)."""
        deadline = time.monotonic() + TIMEOUT
        while self.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (SLOT,)) is None:
            self.check_alive()
            if time.monotonic() > deadline:
                fail(f"no consumer streams from slot {SLOT} after {TIMEOUT:.0f} s")
            time.sleep(0.1)

    def kill_consumer(self):
        """SIGKILL the consumer; a new one starts once its walsender is gone."""
        served_by = self.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (SLOT,))
        self.consumer.send_signal(signal.SIGKILL)
        self.consumer.wait()
        deadline = time.monotonic() + TIMEOUT
        while served_by is not None and self.query(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (SLOT,)) == served_by:
            if time.monotonic() > deadline:
                fail(f"walsender {served_by} still serves the slot {TIMEOUT:.0f} s after its consumer died")
            time.sleep(0.05)
        self.consumer = self.spawn("consumer", self.dsn, self.events_path, self.consumer_stop)

    def kill_walsender(self):
        """SIGKILL the walsender serving the slot (the postmaster then restarts
        every backend); False when none serves it right now."""
        pid = self.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (SLOT,))
        if pid is None:
            return False
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"walsender" not in f.read():
                    return False
            os.kill(pid, signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError):
            return False                    # gone meanwhile
        self.conn = None
        self.wait_ready()
        return True

    def children(self, ppid):
        """The pids whose parent is ppid (from /proc)."""
        out = []
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()
                    if int(fields[1]) == ppid:
                        out.append(int(d))
                except (OSError, IndexError):
                    pass
        return out

    def kill_server(self):
        """SIGSTOP the postmaster (no new children), then SIGKILL it and every
        child at once; reap them (this process is their subreaper), restart."""
        pm = self.server.pid
        os.kill(pm, signal.SIGSTOP)
        kids = self.children(pm)
        os.kill(pm, signal.SIGKILL)
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.server.wait()
        deadline = time.monotonic() + TIMEOUT
        for pid in kids:
            while True:
                try:
                    if os.waitpid(pid, os.WNOHANG)[0] == pid:
                        break
                except ChildProcessError:
                    if not os.path.exists(f"/proc/{pid}"):
                        break
                if time.monotonic() > deadline:
                    fail(f"server process {pid} does not go away after SIGKILL")
                time.sleep(0.02)
        self.conn = None
        self.start_server()

    def run(self):
        """The whole test; prints the checks and the figures, fails by raising."""
        seed = int(os.environ.get("KILL_SEED") or time.time_ns() % 1_000_000_007)
        long_run = os.environ.get("CDC_LONG") == "1"
        rounds = int(os.environ.get("KILL_ROUNDS") or (300 if long_run else 18))
        print(f"seed {seed} (rerun with KILL_SEED={seed}), {rounds} rounds", flush=True)
        rng = random.Random(seed)
        started = time.monotonic()
        self.start_server()
        for stmt in SETUP:
            self.query(stmt)
        self.query("SELECT 1 FROM pg_create_logical_replication_slot(%s, 'cdc_plugin')", (SLOT,))
        self.writer = self.spawn("writer", self.dsn, self.journal_path, self.writer_stop, str(seed))
        self.consumer = self.spawn("consumer", self.dsn, self.events_path, self.consumer_stop)
        kinds = (["consumer", "walsender", "server"] * (rounds // 3 + 1))[:rounds]
        rng.shuffle(kinds)
        for r, kind in enumerate(kinds, 1):
            self.wait_streaming()
            # Half the rounds checkpoint first: the slot's state on disk (what
            # a crash goes back to) moves with the running-transactions record
            # a checkpoint logs, otherwise only every 15 s (bgwriter).
            checkpoint = rng.random() < 0.5
            if checkpoint:
                self.query("CHECKPOINT")
            delay = rng.uniform(0.2, 2.0)
            time.sleep(delay)
            self.check_alive()
            t0 = time.monotonic()
            if kind == "consumer":
                self.kill_consumer()
            elif kind == "walsender":
                if not self.kill_walsender():
                    print(f"round {r}: the walsender was not there to kill; killing the consumer instead")
                    kind = "consumer"
                    self.kill_consumer()
            else:
                self.kill_server()
            self.kills[kind] += 1
            print(f"[{time.monotonic() - started:5.1f} s] round {r}: {'CHECKPOINT, ' if checkpoint else ''}SIGKILL {kind} after {delay:.2f} s, "
                  f"back in {time.monotonic() - t0:.2f} s",
                  flush=True)
        self.wait_streaming()
        time.sleep(1)
        open(self.writer_stop, "w").close()
        if self.writer.wait(timeout=TIMEOUT) != 0:
            fail(f"the writer exited with status {self.writer.returncode}")
        target = self.query("SELECT (pg_current_wal_lsn() - '0/0')::bigint")
        deadline = time.monotonic() + TIMEOUT
        while self.query("SELECT (confirmed_flush_lsn - '0/0')::bigint FROM pg_replication_slots "
                         "WHERE slot_name = %s", (SLOT,)) < target:
            self.check_alive(writer=False)
            if time.monotonic() > deadline:
                fail(f"the consumer did not confirm up to {lsn_text(target)} within {TIMEOUT:.0f} s")
            time.sleep(0.2)
        open(self.consumer_stop, "w").close()
        if self.consumer.wait(timeout=TIMEOUT) != 0:
            fail(f"the consumer exited with status {self.consumer.returncode}")
        left = self.query("SELECT count(*) FROM pg_logical_slot_peek_changes(%s, NULL, NULL)", (SLOT,))
        if left != 0:
            fail(f"the slot still holds {left} changes after the drain")
        print(f"[{time.monotonic() - started:5.1f} s] ok - drained: the slot is confirmed to {lsn_text(target)} and holds nothing more", flush=True)

        # Ground truth: what txlog holds, checked against the writer's journal.
        with self.conn.cursor() as c:
            c.execute("SELECT n FROM txlog ORDER BY n")
            committed = [r[0] for r in c.fetchall()]
            journal, model = {}, None
            with open(self.journal_path, encoding="utf-8") as f:
                for line in f:
                    entry = json.loads(line)
                    if "model" in entry:
                        model = entry["model"]
                    else:
                        journal[entry["n"]] = entry
            says = sorted(n for n, e in journal.items() if "stmts" in e)
            if says != committed:
                fail(f"txlog and the writer disagree on what committed: only in txlog "
                     f"{sorted(set(committed) - set(says))[:10]}, only in the journal {sorted(set(says) - set(committed))[:10]}")
            for table, (col, _) in TABLES.items():
                c.execute(f"SELECT id, n, {col} FROM {table} ORDER BY id")
                rows = [row(table, *r) for r in c.fetchall()]
                if rows != model[table]:
                    fail(f"{table} holds {len(rows)} rows that differ from the writer's model ({len(model[table])} rows)")
        outcomes = {}
        for e in journal.values():
            outcomes[e["outcome"]] = outcomes.get(e["outcome"], 0) + 1
        print(f"[{time.monotonic() - started:5.1f} s] ok - ground truth: txlog and the writer's journal agree on {len(committed)} committed "
              f"transactions; the tables match the writer's model", flush=True)

        replay = replay_log(self.events_path)
        stream, duplicates = replay.stream, replay.duplicates
        print(f"[{time.monotonic() - started:5.1f} s] ok - {replay.sessions} sessions: every redelivery repeats, "
              "event for event, what followed the confirmed position, and nothing confirmed comes again", flush=True)
        check_events(stream, committed, journal)
        print(f"[{time.monotonic() - started:5.1f} s] ok - {len(stream)} events: every committed transaction's changes, once, in commit order, "
              "nothing from a rolled-back transaction or savepoint", flush=True)
        self.stop_server()
        elapsed = time.monotonic() - started
        print(f"figures: seed {seed}; {rounds} rounds in {elapsed:.0f} s; kills: consumer {self.kills['consumer']}, "
              f"walsender {self.kills['walsender']}, server {self.kills['server']}; transactions: "
              + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
              + f"; events checked {len(stream)}, duplicates seen {duplicates}", flush=True)

    def stop_server(self):
        """A fast shutdown at the end of a passing run."""
        if self.server is not None and self.server.poll() is None:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
            self.server.send_signal(signal.SIGINT)      # fast shutdown
            self.server.wait(timeout=TIMEOUT)

    def cleanup(self):
        """Stops whatever still runs (on failure too): helpers, then the server."""
        for p in (self.writer, self.consumer):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGQUIT)     # immediate shutdown
            self.server.wait(timeout=TIMEOUT)


def become_subreaper():
    """Orphaned server processes (after the postmaster is killed) come to this
    process, which reaps them, instead of to an init that may not."""
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def main(argv):
    """Dispatches on the role: run (the driver), writer or consumer."""
    role = argv[0] if argv else ""
    if role == "writer":
        writer_main(argv[1], argv[2], argv[3], int(argv[4]))
        return 0
    if role == "consumer":
        consumer_main(argv[1], argv[2], argv[3])
        return 0
    if role != "run" or len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    become_subreaper()
    driver = Driver(argv[1], argv[2], argv[3], int(argv[4]), argv[5])
    try:
        driver.run()
    finally:
        driver.cleanup()
    return 0


if __name__ == "__main__":
    try:
        rc = main(sys.argv[1:])
    except TestFailure as e:
        print(f"FAIL: {e}", flush=True)
        rc = 1
    sys.exit(rc)

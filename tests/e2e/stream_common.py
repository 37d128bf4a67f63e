# tests/e2e/stream_common.py
#	Shared pieces of the cdc_stream tests: a nats-server process, running
#	cdc_stream, the expected messages computed from a peek at a cdc_plugin
#	slot (the same plugin output the bridge streams), and checks.
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import traceback

import psycopg2

USER, PASSWORD = "cdc", "secret"
TIMEOUT = int(os.environ.get("TIMEOUT", "60"))
failures = []


def check(condition, what):
    print(("PASS: " if condition else "FAIL: ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run_test(main, name):
    """Runs a test's main(): an exception counts as a failure; prints the
    closing line "PASS|FAIL: stream <name>, N failure(s)" and exits 0 or 1."""
    try:
        main()
    except Exception as e:  # report and fail
        traceback.print_exc()
        failures.append(str(e))
    print("%s: stream %s, %d failure(s)" % ("FAIL" if failures else "PASS", name, len(failures)))
    sys.exit(1 if failures else 0)


def wait_for(predicate, timeout=TIMEOUT, step=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


class NatsServer:
    """nats-server with JetStream (file store in work/nats) on 127.0.0.1:port."""

    def __init__(self, port, work):
        self.port, self.work, self.proc = port, work, None

    def start(self):
        log = open(os.path.join(self.work, "nats.log"), "a")
        self.proc = subprocess.Popen(
            ["nats-server", "-a", "127.0.0.1", "-p", str(self.port), "-js",
             "-sd", os.path.join(self.work, "nats"), "--user", USER, "--pass", PASSWORD],
            stdout=log, stderr=log)
        with open(os.path.join(self.work, "nats.pid"), "w") as f:
            f.write(str(self.proc.pid))

        def ready():
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                return False
        if not wait_for(ready, 20, 0.1):
            raise RuntimeError("nats-server did not start")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def pg_connect(port):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def bridge_args(bridge, pg_port, nats_port, work, *extra):
    return [bridge, "--pg=host=127.0.0.1 port=%d user=postgres dbname=postgres" % pg_port,
            "--nats=nats://127.0.0.1:%d" % nats_port, "--nats.user=" + USER,
            "--nats.password=" + PASSWORD, "--plugin.topic.prefix=cdc",
            "--reconnect.min.ms=100", "--reconnect.max.ms=1000"] + list(extra)


def start_bridge(args, work, name="bridge"):
    log = open(os.path.join(work, name + ".log"), "a")
    proc = subprocess.Popen(args, stdout=log, stderr=log)
    with open(os.path.join(work, name + ".pid"), "w") as f:
        f.write(str(proc.pid))
    return proc


def run_bridge(args, work, timeout=30):
    """Runs cdc_stream to its end; returns (exit status, stderr)."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stderr
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return None, err


def drop_slot(cur, slot):
    """Drops a slot once its walsender (of a bridge that just exited) is gone."""
    def inactive():
        cur.execute("SELECT NOT active FROM pg_replication_slots WHERE slot_name = %s", (slot,))
        return cur.fetchone()[0]
    wait_for(inactive, 20, 0.1)
    cur.execute("SELECT pg_drop_replication_slot(%s)", (slot,))


def lsn_int(text):
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def expected_messages(conn, slot):
    """What cdc_stream must publish for what the slot holds now (peeked,
    not consumed): subject, key, value and id, in stream order."""
    cur = conn.cursor()
    cur.execute("SELECT lsn::text, xid::text::bigint, data FROM pg_logical_slot_peek_changes("
                "%s, NULL, NULL, 'record.mode', 'record', 'topic.prefix', 'cdc')", (slot,))
    messages, last, counter = [], None, 0
    for lsn, xid, data in cur.fetchall():
        record = json.loads(data)
        if record["value"] is None:
            continue
        position = lsn_int(lsn)
        counter = counter + 1 if last == (position, xid) else 0
        last = (position, xid)
        messages.append({"subject": record["topic"], "key": record["key"], "value": record["value"],
                         "id": "%d:%d:%d" % (position, xid, counter)})
    return messages


def normalized(value):
    """A value without what differs between two decodings of one change:
    the envelope's write time, the session-dependent source.sequence, and
    the source time of a non-transactional message (the time of decoding)."""
    value = dict(value)
    for field in ("ts_ms", "ts_us", "ts_ns"):
        if "op" in value:
            value.pop(field, None)
    if isinstance(value.get("source"), dict):
        source = dict(value["source"])
        source.pop("sequence", None)
        if source.get("txId") is None:
            for field in ("ts_ms", "ts_us", "ts_ns"):
                source.pop(field, None)
        value["source"] = source
    return value


def stream_messages(nats, stream):
    """The stream's messages as subject, key, value, id."""
    return [{"subject": m["subject"], "key": json.loads(m["headers"].get("Cdc-Key", "null")),
             "value": json.loads(m["data"]), "id": m["headers"].get("Nats-Msg-Id")}
            for m in nats.read_all(stream)]


def same_messages(got, want):
    """True if got and want hold the same messages in the same order."""
    if len(got) != len(want):
        return False
    for g, w in zip(got, want):
        if (g["subject"], g["id"], g["key"]) != (w["subject"], w["id"], w["key"]) or \
                normalized(g["value"]) != normalized(w["value"]):
            print("first difference:\n got  %s\n want %s" % (json.dumps(g)[:600], json.dumps(w)[:600]))
            return False
    return True


def stop_process(proc, sig=signal.SIGTERM, timeout=30):
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def status_line_seen(work, name="bridge"):
    with open(os.path.join(work, name + ".log")) as f:
        return re.search(r"cdc_stream: \d+ events/s \d+ B/s lag \d+ B [0-9.]+ s pending \d+",
                         f.read()) is not None

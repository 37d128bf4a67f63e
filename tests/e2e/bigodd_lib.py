"""tests/e2e/bigodd_lib.py

Shared by the "big and odd" end-to-end drivers (big_transaction_test.py,
odd_values_test.py, many_slots_test.py): named checks with a counter, a
failure exception, the run of a driver's main() with its closing line, SQL on an autocommit psycopg2 connection, finding a
slot's walsender, and sampling that process's private memory (RssAnon in
/proc/<pid>/status) in a background thread.
"""
import sys
import threading
import time

import psycopg2

from procfs import status_kb

checks = 0


class TestFailure(Exception):
    """A failed check: main() reports it and exits 1."""


def fail(msg):
    """Fails the test with a message."""
    raise TestFailure(msg)


def ok(what):
    """Counts and prints one passed check, TAP style."""
    global checks
    checks += 1
    print(f"ok {checks} - {what}", flush=True)


def check(cond, what, detail=""):
    """One named check: fails with the detail when cond is false."""
    if not cond:
        fail(f"{what}{': ' + detail if detail else ''}")
    ok(what)


def run(main, label):
    """Runs main(argv) and exits with its status: a failed check or a
    database error is reported as FAIL, and the last line names the test and
    the checks passed."""
    try:
        rc = main(sys.argv[1:])
    except TestFailure as e:
        print(f"FAIL: {e}")
        rc = 1
    except psycopg2.Error as e:
        print(f"FAIL: {type(e).__name__}: {e}".rstrip())
        rc = 1
    print(f"{'PASS' if rc == 0 else 'FAIL'}: e2e {label} ({checks} checks passed)")
    sys.exit(rc)


def connect(host, port, dbname="postgres"):
    """An autocommit connection as postgres."""
    conn = psycopg2.connect(host=host, port=port, user="postgres", dbname=dbname)
    conn.autocommit = True
    return conn


def query(conn, sql, args=None):
    """The first column of the first row of a query (None without rows)."""
    with conn.cursor() as cur:
        cur.execute(sql, args)
        if cur.description is None:
            return None
        row = cur.fetchone()
        return None if row is None else row[0]


def wait_for(what, probe, timeout=60.0, every=0.1):
    """probe() until it returns something truthy, which is returned; fails after timeout s."""
    deadline = time.monotonic() + timeout
    while True:
        got = probe()
        if got:
            return got
        if time.monotonic() > deadline:
            fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def walsender_pid(conn, slot, timeout=60.0):
    """The pid of the process streaming from a slot, once it is active."""
    return wait_for(f"slot {slot} to become active",
                    lambda: query(conn, "SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s",
                                  (slot,)), timeout)


class MemorySampler:
    """Samples a process's RssAnon every `every` seconds in a thread; keeps the peak.

    RssAnon is the process's private anonymous memory: what the decoding
    process allocates (palloc, the reorder buffer, our output buffers), not
    the shared buffers it touches (RssShmem), which VmHWM would include.
    """

    def __init__(self, pid, every=0.05):
        """Prepares sampling pid (not started yet)."""
        self.pid = pid
        self.every = every
        self.peak_kb = status_kb(pid, "RssAnon") or 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        """The thread: samples until stopped or the process is gone."""
        while not self._stop.is_set():
            kb = status_kb(self.pid, "RssAnon")
            if kb is None:
                return
            self.samples += 1
            self.peak_kb = max(self.peak_kb, kb)
            self._stop.wait(self.every)

    def start(self):
        """Starts sampling; returns self."""
        self._thread.start()
        return self

    def stop(self):
        """Stops sampling; returns the peak RssAnon in kB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def baseline_kb(pid, seconds=1.0):
    """The idle RssAnon of a process: the largest of samples over `seconds`."""
    peak = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        peak = max(peak, status_kb(pid, "RssAnon") or 0)
        time.sleep(0.05)
    return peak


#!/usr/bin/python3
# tests/e2e/stream_chaos_test.py <pg port> <nats port> <cdc_stream> <work dir>
#	cdc_stream under crashes: while a writer commits transactions, the
#	bridge is killed with -9 at random moments, and in some rounds
#	nats-server is killed with -9 and restarted under it; at the end the
#	JetStream stream holds every committed event exactly once (one message
#	per id, JetStream's duplicate window absorbing the resends), none lost,
#	with the right subjects, keys and bodies, and in order per subject (a
#	lost NATS connection ends the session at once and nothing is buffered
#	past it; the ack timeout, 10 s, is far above any stall here, since a
#	timed-out publish on a live server could be stored after later ones).
#	Rounds: 6, or 40 with
#	CDC_LONG=1; CHAOS_SEED fixes the random moments.
import os
import random
import signal
import sys
import threading
import time

from stream_common import (NatsServer, bridge_args, check, expected_messages, normalized,
                           pg_connect, run_test, start_bridge, stop_process, stream_messages,
                           wait_for)
from stream_nats import Nats

pg_port, nats_port, bridge, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
STREAM = "CDC"
ROUNDS = 40 if os.environ.get("CDC_LONG") == "1" else 6
SEED = int(os.environ.get("CHAOS_SEED", str(int(time.time()))))


def writer(stop, counts):
    """Commits small transactions until stopped: multi-row inserts, updates, deletes."""
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    rng = random.Random(SEED + 1)
    while not stop.is_set():
        cur.execute("BEGIN")
        cur.execute("INSERT INTO logs (v) SELECT 'row ' || g FROM generate_series(1, %s) g",
                    (rng.randint(1, 20),))
        cur.execute("UPDATE acct SET n = n + 1 WHERE id = %s", (rng.randint(1, 10),))
        if rng.random() < 0.2:
            cur.execute("DELETE FROM logs WHERE id = (SELECT min(id) FROM logs)")
        cur.execute("COMMIT")
        counts[0] += 1
        time.sleep(0.01)
    conn.close()


def main():
    print("CHAOS_SEED=%d rounds=%d" % (SEED, ROUNDS))
    rng = random.Random(SEED)
    nats_server = NatsServer(nats_port, work)
    nats_server.start()
    nats = Nats(nats_port, "cdc", "secret")
    nats.create_stream(STREAM, ["cdc.>"], duplicate_window=600 * 10**9)
    nats.close()
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    cur.execute("CREATE TABLE acct (id int PRIMARY KEY, n int)")
    cur.execute("INSERT INTO acct SELECT g, 0 FROM generate_series(1, 10) g")
    cur.execute("CREATE TABLE logs (id bigserial PRIMARY KEY, v text)")
    # 'truth' is only peeked: it keeps everything the bridge's slot streams.
    cur.execute("SELECT pg_create_logical_replication_slot('truth', 'cdc_plugin')")
    cur.execute("SELECT pg_create_logical_replication_slot('cdc_stream', 'cdc_plugin')")
    args = bridge_args(bridge, pg_port, nats_port, work, "--nats.stream=" + STREAM,
                       "--ack.timeout.ms=10000", "--log.interval.ms=0")

    stop, counts = threading.Event(), [0]
    thread = threading.Thread(target=writer, args=(stop, counts))
    thread.start()
    try:
        for round in range(ROUNDS):
            proc = start_bridge(args + ["--window=%d" % rng.choice([1, 16, 256, 4096]),
                                        "--metrics.file=%s/metrics.%d" % (work, round),
                                        "--metrics.interval.ms=100"], work)
            time.sleep(rng.uniform(0.3, 2.0))
            if round % 3 == 1:
                nats_server.kill()
                time.sleep(rng.uniform(0.1, 1.0))
                nats_server.start()
                time.sleep(rng.uniform(0.5, 2.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    finally:
        stop.set()
        thread.join()
    cur.execute("SELECT pg_current_wal_lsn()::text")
    end_lsn = cur.fetchone()[0]
    want = expected_messages(conn, "truth")
    print("%d transactions, %d events expected" % (counts[0], len(want)))

    proc = start_bridge(args, work)

    def caught_up():
        cur.execute("SELECT confirmed_flush_lsn >= %s::pg_lsn FROM pg_replication_slots "
                    "WHERE slot_name = 'cdc_stream'", (end_lsn,))
        return cur.fetchone()[0]
    check(wait_for(caught_up, 90), "the bridge caught up after the crashes (slot past %s)" % end_lsn)
    check(stop_process(proc) == 0, "final run stops cleanly")
    nats = Nats(nats_port, "cdc", "secret")
    got = stream_messages(nats, STREAM)
    nats.close()
    ids = [m["id"] for m in got]
    check(len(set(ids)) == len(ids), "every id once in the stream (%d messages, %d ids)" %
          (len(ids), len(set(ids))))
    by_id = {m["id"]: m for m in got}
    missing = [w["id"] for w in want if w["id"] not in by_id]
    extra = set(by_id) - {w["id"] for w in want}
    check(not missing and not extra, "no event lost, none invented (%d missing, e.g. %s; %d extra)" %
          (len(missing), missing[:3], len(extra)))
    wrong = [w["id"] for w in want if w["id"] in by_id and
             (by_id[w["id"]]["subject"], by_id[w["id"]]["key"], normalized(by_id[w["id"]]["value"]))
             != (w["subject"], w["key"], normalized(w["value"]))]
    check(not wrong, "every stored event has its subject, key and body (%d differ)" % len(wrong))
    position = {w["id"]: i for i, w in enumerate(want)}
    last, ordered = {}, True
    for m in got:
        if m["id"] in position:
            ordered = ordered and position[m["id"]] > last.get(m["subject"], -1)
            last[m["subject"]] = position[m["id"]]
    duplicates = 0
    for name in os.listdir(work):
        if name.startswith("metrics."):
            with open(os.path.join(work, name)) as f:
                for line in f:
                    if line.startswith("cdc_stream_duplicate_acks_total "):
                        duplicates += int(float(line.split()[1]))
    check(ordered, "per-subject order kept through the crashes")
    print("info: JetStream reported %d resent ids as duplicates" % duplicates)
    nats_server.kill()
    conn.close()


run_test(main, "chaos")

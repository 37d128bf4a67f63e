#!/usr/bin/python3
# tests/e2e/stream_backpressure_test.py <pg port> <nats port> <cdc_stream> <work dir>
#	cdc_stream under backpressure and reconnects: a JetStream stream that
#	refuses messages past 300 (max_msgs, discard new) holds the bridge back
#	without loss: it keeps retrying with backoff, its memory stays bounded
#	(a generous 64 MB resident bound, stated here, not a timing), the slot's
#	confirmed position never passes an event the stream refused, and once the
#	limit is lifted every event arrives exactly once.  Then PostgreSQL is
#	restarted under the running bridge, which reconnects and streams on.
#	The cluster's wal_sender_timeout is 3 s: the bridge's status updates
#	must keep the walsender alive while it is held back, also through a
#	4.5 s SIGSTOP of nats-server with a full window.  Last, 30,000 events of
#	2 kB go through and the bridge's peak memory stays under the same bound.
import os
import signal
import subprocess
import sys
import time

from stream_common import (NatsServer, bridge_args, check, expected_messages, normalized,
                           pg_connect, run_test, start_bridge, stop_process, stream_messages,
                           wait_for)
from stream_nats import Nats
from procfs import status_kb

pg_port, nats_port, bridge, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
STREAM = "CDC"
LIMIT = 300
RSS_BOUND_KB = 64 * 1024


def restart_postgres():
    pg_ctl = ["/usr/lib/postgresql/15/bin/pg_ctl", "restart", "-D", os.path.join(work, "cluster", "data"),
              "-m", "fast", "-w", "-t", "60", "-l", os.path.join(work, "cluster", "server.log")]
    if os.getuid() == 0:
        pg_ctl = ["runuser", "-u", "postgres", "--"] + pg_ctl
    subprocess.run(pg_ctl, check=True, stdout=subprocess.DEVNULL, cwd="/")


def main():
    nats_server = NatsServer(nats_port, work)
    nats_server.start()
    nats = Nats(nats_port, "cdc", "secret")
    config = {"max_msgs": LIMIT, "discard": "new", "duplicate_window": 600 * 10**9}
    nats.create_stream(STREAM, ["cdc.>"], **config)
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    cur.execute("CREATE TABLE items (id int PRIMARY KEY, body text)")
    cur.execute("SELECT pg_create_logical_replication_slot('cdc_stream', 'cdc_plugin')")
    for t in range(20):
        cur.execute("INSERT INTO items SELECT g, repeat('x', 400) FROM generate_series(%s, %s) g",
                    (t * 100 + 1, t * 100 + 100))
    want = expected_messages(conn, "cdc_stream")
    check(len(want) == 2000, "expected messages: %d" % len(want))
    first_refused = int(want[LIMIT]["id"].split(":")[0])

    args = bridge_args(bridge, pg_port, nats_port, work, "--nats.stream=" + STREAM, "--window=64",
                       "--ack.timeout.ms=8000", "--log.interval.ms=1000")
    proc = start_bridge(args, work)
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= LIMIT), "the stream fills up")
    peak = 0
    for _ in range(25):
        time.sleep(0.2)
        peak = max(peak, status_kb(proc.pid, "VmRSS") or 0)
    check(proc.poll() is None, "the bridge keeps running against a full stream")
    check(nats.stream_state(STREAM)["messages"] == LIMIT, "the stream holds its limit")
    check(peak < RSS_BOUND_KB, "bounded memory while held back: peak resident %d kB" % peak)
    cur.execute("SELECT confirmed_flush_lsn - '0/0' FROM pg_replication_slots WHERE slot_name = 'cdc_stream'")
    confirmed = int(cur.fetchone()[0])
    check(confirmed <= first_refused, "the slot's position (%d) stays at or before the first "
          "refused event (%d)" % (confirmed, first_refused))
    with open(os.path.join(work, "bridge.log")) as f:
        log = f.read()
    check("publish failed" in log and "retrying in" in log, "refused publishes are retried with backoff")

    config["max_msgs"] = -1
    answer = nats.api("STREAM.UPDATE." + STREAM, dict(config, name=STREAM, subjects=["cdc.>"],
                                                      storage="file"))
    check("error" not in answer, "stream limit lifted")
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= len(want)), "the rest arrives")
    time.sleep(1)
    got = stream_messages(nats, STREAM)
    by_id = {m["id"]: m for m in got}
    check(len(got) == len(want) == len(by_id), "every event once (%d stored)" % len(got))
    check(all(w["id"] in by_id and normalized(by_id[w["id"]]["value"]) == normalized(w["value"])
              for w in want), "stored events are the decoded ones")

    # nats-server paused (SIGSTOP) for longer than wal_sender_timeout: the
    # window fills and no ack comes, yet the session must survive.
    def sessions():
        with open(os.path.join(work, "bridge.log")) as f:
            return f.read().count("cdc_stream: streaming slot")
    before = sessions()
    os.kill(nats_server.proc.pid, signal.SIGSTOP)
    cur.execute("INSERT INTO items SELECT g, 'while paused' FROM generate_series(3001, 3500) g")
    time.sleep(4.5)
    os.kill(nats_server.proc.pid, signal.SIGCONT)
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= len(want) + 500),
          "events made while nats-server was paused arrive")
    check(sessions() == before and proc.poll() is None,
          "the session survived a 4.5 s pause with a full window (wal_sender_timeout 3 s)")
    total = len(want) + 500

    restart_postgres()
    cur = pg_connect(pg_port).cursor()
    cur.execute("INSERT INTO items SELECT g, 'after restart' FROM generate_series(5001, 5100) g")
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= total + 100),
          "after a PostgreSQL restart the bridge reconnects and streams on")
    check(proc.poll() is None, "the bridge did not exit over the restart")

    # 30,000 events of 2 kB: memory must not grow with what went through.
    cur.execute("INSERT INTO items SELECT g, repeat('y', 2000) FROM generate_series(10001, 40000) g")
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= total + 100 + 30000),
          "30,000 more events arrive")
    peak = status_kb(proc.pid, "VmHWM")
    check(peak < RSS_BOUND_KB, "memory does not grow with the events streamed (60 MB of bodies): "
          "peak resident %d kB" % peak)
    total += 30000
    check(stop_process(proc) == 0, "clean exit 0")
    with open(os.path.join(work, "cluster", "server.log")) as f:
        check("replication timeout" not in f.read(), "no walsender ended for a late status update "
              "(wal_sender_timeout 3 s)")
    check(nats.stream_state(STREAM)["messages"] == total + 100, "no duplicates stored")
    nats.close()
    nats_server.kill()


run_test(main, "backpressure")

#!/usr/bin/python3
# tests/bench/stream_bench.py <pg port> <nats port> <cdc_stream> <work dir> <scale>
#	cdc_stream's throughput, commit to JetStream ack, on the decoding
#	benchmark's W1 (inserts in one transaction, 12-column table) and W2
#	(single-row transactions): the WAL is written first, then the bridge
#	catches up from its slot; timed until the slot's confirmed position
#	passes the workload and every event is stored.  Next to it, the same
#	slot read by pg_recvlogical into /dev/null (the plugin's own streaming
#	rate).  Reports events/s and the CPU seconds of the bridge and of its
#	walsender, and the bridge's peak resident memory: medians of REPEATS runs
#	(environment, default 3), each on WAL of its own.  Prints Markdown.
#	BRIDGE_ARGS (environment): extra cdc_stream flags, e.g. --window=256.
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from stream_common import NatsServer, bridge_args, pg_connect, start_bridge, stop_process  # noqa: E402
from stream_nats import Nats  # noqa: E402
import bench  # noqa: E402
from procfs import cpu_seconds, status_kb  # noqa: E402

pg_port, nats_port, bridge, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
scale = float(sys.argv[5])
def confirmed(cur, slot, lsn):
    cur.execute("SELECT confirmed_flush_lsn >= %s::pg_lsn, active_pid FROM pg_replication_slots "
                "WHERE slot_name = %s", (lsn, slot))
    return cur.fetchone()


def run_workload(name, sql_list, events, run):
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    nats = Nats(nats_port, "cdc", "secret")
    tag = "%s_%d" % (name.lower(), run)
    cur.execute("TRUNCATE wide, narrow")  # before the slots: each run writes the same keys
    stream = "B" + tag
    nats.create_stream(stream, ["%s.>" % tag], duplicate_window=120 * 10**9)
    cur.execute("SELECT pg_create_logical_replication_slot('bridge_%s', 'cdc_plugin')" % tag)
    cur.execute("SELECT pg_create_logical_replication_slot('recv_%s', 'cdc_plugin')" % tag)
    for sql in sql_list:
        cur.execute(sql)
    cur.execute("SELECT pg_current_wal_lsn()::text")
    end = cur.fetchone()[0]

    # pg_recvlogical alone: the plugin's streaming rate on this machine.
    started = time.time()
    subprocess.run(["/usr/lib/postgresql/15/bin/pg_recvlogical", "-h", "127.0.0.1", "-p", str(pg_port),
                    "-U", "postgres", "-d", "postgres", "--slot", "recv_" + tag, "--start",
                    "--endpos", end, "-o", "record.mode=record", "-o", "topic.prefix=" + tag,
                    "-f", "/dev/null"], check=True)
    recv_seconds = time.time() - started

    args = bridge_args(bridge, pg_port, nats_port, work, "--slot=bridge_" + tag,
                       "--plugin.topic.prefix=" + tag, "--log.interval.ms=0",
                       "--create.slot=false", *os.environ.get("BRIDGE_ARGS", "").split())
    started = time.time()
    proc = start_bridge(args, work, "bench_" + tag)
    walsender = None
    while True:
        done, pid = confirmed(cur, "bridge_" + tag, end)
        walsender = pid or walsender
        if done and nats.stream_state(stream)["messages"] >= events:
            break
        if proc.poll() is not None:
            raise RuntimeError("cdc_stream exited")
        time.sleep(0.05)
    seconds = time.time() - started
    bridge_cpu, walsender_cpu = cpu_seconds(proc.pid), cpu_seconds(walsender)
    rss = status_kb(proc.pid, "VmHWM")
    stop_process(proc)
    stored = nats.stream_state(stream)["messages"]
    nats.close()
    conn.close()
    return {"name": name, "events": stored, "seconds": seconds, "rate": stored / seconds,
            "recv_seconds": recv_seconds, "bridge_cpu": bridge_cpu, "walsender_cpu": walsender_cpu,
            "rss_mb": rss / 1024}


def main():
    nats_server = NatsServer(nats_port, work)
    nats_server.start()
    conn = pg_connect(pg_port)
    conn.cursor().execute(bench.SCHEMA_SQL)
    conn.close()
    w1, w2 = int(250_000 * scale), int(50_000 * scale)
    repeats = int(os.environ.get("REPEATS", "3"))
    load = os.getloadavg()[0]
    results = []
    for name, sql, events in (("W1", bench.WIDE_INSERT.format(n=w1), w1),
                              ("W2", bench.NARROW_SINGLE.format(n=w2), w2)):
        runs = [run_workload(name, [sql], events, run) for run in range(repeats)]
        median = {key: statistics.median(r[key] for r in runs)
                  for key in ("events", "seconds", "rate", "recv_seconds", "bridge_cpu",
                              "walsender_cpu", "rss_mb")}
        median["ratio"] = statistics.median(r["bridge_cpu"] / max(r["walsender_cpu"], 0.01)
                                            for r in runs)
        results.append(dict(median, name=name))
    nats_server.kill()
    print("# cdc_stream: commit to JetStream ack\n")
    print("`bash tests/bench/run.sh --bridge-only`: scale %g, medians of %d runs, %s, load average "
          "%.2f at the start, %d CPUs.\n" % (scale, repeats, time.strftime("%Y-%m-%d"), load,
                                              os.cpu_count()))
    print("| workload | events | pg_recvlogical s | cdc_stream s (commit to ack) | events/s | "
          "bridge CPU s | walsender CPU s | bridge CPU / walsender CPU | bridge peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print("| %s | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.1f |" % (
            r["name"], r["events"], r["recv_seconds"], r["seconds"], r["rate"], r["bridge_cpu"],
            r["walsender_cpu"], r["ratio"], r["rss_mb"]))

main()

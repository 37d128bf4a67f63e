#!/usr/bin/python3
# tests/e2e/stream_e2e_test.py <pg port> <nats port> <cdc_stream> <work dir>
#	cdc_stream end to end against a real nats-server: its exit statuses for
#	a slot of another plugin, a missing stream, no stream for a subject and
#	refused credentials; then a mixed workload arrives on JetStream exactly
#	as cdc_plugin decodes it (subjects, keys, bodies, ids, order), the slot's
#	flushed position passes the last commit, SIGTERM stops it cleanly, and a
#	restart publishes only the new events.
import os
import sys
import time

from stream_common import (NatsServer, bridge_args, check, drop_slot, expected_messages, pg_connect,
                           run_bridge, run_test, same_messages, start_bridge, status_line_seen,
                           stop_process, stream_messages, wait_for)
from stream_nats import Nats

pg_port, nats_port, bridge, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
STREAM = "CDC"


def workload(cur):
    cur.execute("SELECT pg_logical_emit_message(false, 'pfx', 'not in a transaction')")
    cur.execute("INSERT INTO items VALUES (1, 'one', 1.50), (2, 'two', 2.25), (3, 'three', 3.00)")
    cur.execute("BEGIN")
    cur.execute("UPDATE items SET name = 'uno' WHERE id = 1")
    cur.execute("DELETE FROM items WHERE id = 2")
    cur.execute("UPDATE items SET id = 4 WHERE id = 3")
    cur.execute("SELECT pg_logical_emit_message(true, 'pfx', 'in a transaction')")
    cur.execute("COMMIT")
    cur.execute("INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 2000) g")
    cur.execute("INSERT INTO nokey VALUES (1, 'a'), (1, 'a')")
    for i in range(50):
        cur.execute("UPDATE items SET price = price + 1 WHERE id = %s", (1 if i % 2 else 4,))


def main():
    nats_server = NatsServer(nats_port, work)
    nats_server.start()
    nats = Nats(nats_port, "cdc", "secret")
    nats.create_stream(STREAM, ["cdc.>"], duplicate_window=120 * 10**9)
    conn = pg_connect(pg_port)
    cur = conn.cursor()
    cur.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))")
    cur.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, body text)")
    cur.execute("CREATE TABLE nokey (a int, b text)")
    base = bridge_args(bridge, pg_port, nats_port, work)

    # Exit statuses.
    cur.execute("SELECT pg_create_logical_replication_slot('other', 'test_decoding')")
    rc, err = run_bridge(base + ["--slot=other"], work)
    check(rc == 3 and "belongs to plugin \"test_decoding\"" in err,
          "slot of another plugin: exit 3 (got %s: %s)" % (rc, err.strip()[-200:]))
    drop_slot(cur, "other")
    rc, err = run_bridge(base + ["--nats.stream=MISSING"], work)
    check(rc == 4 and "MISSING" in err, "nats.stream missing: exit 4 (got %s: %s)" % (rc, err.strip()[-200:]))
    cur.execute("SELECT pg_create_logical_replication_slot('nosubject', 'cdc_plugin')")
    cur.execute("INSERT INTO nokey VALUES (0, 'x')")
    rc, err = run_bridge(base + ["--slot=nosubject", "--subject.prefix=elsewhere."], work)
    check(rc == 4 and "elsewhere.cdc.public.nokey" in err,
          "no stream for the subject: exit 4 (got %s: %s)" % (rc, err.strip()[-200:]))
    drop_slot(cur, "nosubject")
    rc, err = run_bridge(base + ["--nats.password=wrong"], work)
    check(rc == 5, "NATS credentials refused: exit 5 (got %s: %s)" % (rc, err.strip()[-200:]))
    rc, err = run_bridge(base + ["--pg=host=127.0.0.1 port=%d user=nobody dbname=postgres" % pg_port],
                         work)
    check(rc == 5, "PostgreSQL role refused: exit 5 (got %s: %s)" % (rc, err.strip()[-200:]))
    rc, err = run_bridge(base + ["--plugin.record.mode=value"], work)
    check(rc == 2, "record.mode other than record: exit 2 (got %s)" % rc)
    check(nats.stream_state(STREAM)["messages"] == 0, "nothing was published by the failed runs")

    # The slot exists before the workload: the bridge reuses it, and a peek
    # at it gives exactly what the bridge will stream.
    cur.execute("SELECT pg_create_logical_replication_slot('cdc_stream', 'cdc_plugin')")
    workload(cur)
    cur.execute("SELECT pg_current_wal_lsn()::text")
    end_lsn = cur.fetchone()[0]
    want = expected_messages(conn, "cdc_stream")
    check(len(want) == 1 + 3 + 5 + 2000 + 2 + 50, "expected messages: %d" % len(want))

    metrics = os.path.join(work, "metrics.prom")
    started = time.time()
    proc = start_bridge(base + ["--nats.stream=" + STREAM, "--window=64", "--log.interval.ms=300",
                                "--metrics.file=" + metrics, "--metrics.interval.ms=200"], work)
    arrived = wait_for(lambda: nats.stream_state(STREAM)["messages"] >= len(want))
    print("first run: %d messages on JetStream in %.1f s" % (len(want), time.time() - started))
    check(arrived, "every event arrived")
    time.sleep(1)
    got = stream_messages(nats, STREAM)
    check(same_messages(got, want), "stream holds exactly the decoded events, in order, "
          "with subjects, keys, bodies and ids (%d got, %d expected)" % (len(got), len(want)))
    check(len({m["id"] for m in got}) == len(got), "ids are unique")

    def confirmed():
        cur.execute("SELECT confirmed_flush_lsn >= %s::pg_lsn FROM pg_replication_slots "
                    "WHERE slot_name = 'cdc_stream'", (end_lsn,))
        return cur.fetchone()[0]
    check(wait_for(confirmed), "the slot's confirmed position passes the last commit (%s)" % end_lsn)
    check(wait_for(lambda: status_line_seen(work), 5), "a status line on stderr")
    rc = stop_process(proc)
    check(rc == 0, "SIGTERM: clean exit 0 (got %s)" % rc)
    with open(metrics) as f:
        text = f.read()
    check("cdc_stream_events_published_total %d\n" % len(want) in text and
          "cdc_stream_acks_total %d\n" % len(want) in text and "cdc_stream_pending_acks 0\n" in text,
          "metrics file counts every publish and ack")

    # A restart publishes only what is new.
    cur.execute("INSERT INTO items VALUES (10, 'ten', 10)")
    cur.execute("DELETE FROM notes WHERE id <= 3")
    more = expected_messages(conn, "cdc_stream")
    check(len(more) == 4, "new messages after the restart point: %d" % len(more))
    proc = start_bridge(base, work, "bridge2")
    check(wait_for(lambda: nats.stream_state(STREAM)["messages"] >= len(want) + len(more)),
          "the new events arrived")
    time.sleep(1)
    got = stream_messages(nats, STREAM)
    check(same_messages(got, want + more), "after a restart: the old events once, then the new "
          "(%d messages)" % len(got))
    rc = stop_process(proc)
    check(rc == 0, "second run: clean exit 0 (got %s)" % rc)
    nats.close()
    nats_server.kill()
    conn.close()


run_test(main, "e2e")

#!/usr/bin/python3
"""tests/e2e/check_events.py: checks change events that pg_recvlogical wrote.

  check_events.py expect FILE TABLE SPEC   events in FILE are exactly SPEC, e.g. "c1 c2 u2 d3"
                                           (op letter + primary key id), in order
  check_events.py same FILE_A FILE_B       both hold the same events (a redelivery)
  check_events.py disjoint FILE_A FILE_B   no event of FILE_B is in FILE_A (no duplicates)
  check_events.py count FILE               prints how many change events FILE holds

Each line must be one cdc_plugin JSON document (output contract section 1).
With PLUGIN_NAME=test_decoding (a stand-in while the plugin is not built),
test_decoding's text lines are read instead.
"""
import json
import os
import re
import sys

ENVELOPE_KEYS = ["before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"]
TD_OPS = {"INSERT": "c", "UPDATE": "u", "DELETE": "d"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def json_events(path, table=None):
    """(op, id, identity) per line; identity names the change across redeliveries."""
    events = []
    for n, line in enumerate(read_lines(path), 1):
        try:
            doc = json.loads(line)
        except ValueError as e:
            fail(f"{path}:{n}: not JSON ({e}): {line[:200]}")
        if not isinstance(doc, dict) or list(doc) != ENVELOPE_KEYS:
            fail(f"{path}:{n}: envelope keys {list(doc) if isinstance(doc, dict) else doc}, expected {ENVELOPE_KEYS}")
        op, src = doc["op"], doc["source"]
        if table is not None and (src.get("schema"), src.get("table")) != ("public", table):
            fail(f"{path}:{n}: source schema/table {src.get('schema')}.{src.get('table')}, expected public.{table}")
        if op in ("c", "u"):
            if doc["before"] is not None:
                fail(f"{path}:{n}: op {op} with a before image under REPLICA IDENTITY DEFAULT")
            row = doc["after"]
        elif op == "d":
            if doc["after"] is not None:
                fail(f"{path}:{n}: op d with an after image")
            row = doc["before"]
        else:
            fail(f"{path}:{n}: unexpected op {op!r}")
        if not isinstance(row, dict) or "id" not in row:
            fail(f"{path}:{n}: op {op} has no row image with an id")
        events.append((op, row["id"], (op, row["id"], src.get("lsn"), src.get("txId"))))
    return events


def test_decoding_events(path, table=None):
    events, xid = [], None
    for line in read_lines(path):
        if line.startswith("BEGIN"):
            xid = line.split()[-1]
            continue
        m = re.match(r"table public\.(\w+): (INSERT|UPDATE|DELETE): id\[integer\]:(\d+)", line)
        if not m:
            continue
        if table is not None and m.group(1) != table:
            fail(f"{path}: change on table {m.group(1)}, expected {table}")
        op, key = TD_OPS[m.group(2)], int(m.group(3))
        events.append((op, key, (op, key, xid)))
    return events


def events(path, table=None):
    if os.environ.get("PLUGIN_NAME", "cdc_plugin") == "test_decoding":
        return test_decoding_events(path, table)
    return json_events(path, table)


def main(argv):
    if len(argv) == 4 and argv[0] == "expect":
        path, table, spec = argv[1], argv[2], argv[3]
        got = " ".join(f"{op}{key}" for op, key, _ in events(path, table))
        if got != spec:
            fail(f"{path}: events [{got}], expected [{spec}]")
    elif len(argv) == 3 and argv[0] == "same":
        a = [ident for _, _, ident in events(argv[1])]
        b = [ident for _, _, ident in events(argv[2])]
        if a != b:
            fail(f"{argv[2]} does not repeat {argv[1]}: {b} vs {a}")
    elif len(argv) == 3 and argv[0] == "disjoint":
        a = {ident for _, _, ident in events(argv[1])}
        again = [ident for _, _, ident in events(argv[2]) if ident in a]
        if again:
            fail(f"{argv[2]} repeats events already in {argv[1]}: {again}")
    elif len(argv) == 2 and argv[0] == "count":
        print(len(events(argv[1])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])

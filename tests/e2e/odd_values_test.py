#!/usr/bin/python3
"""tests/e2e/odd_values_test.py HOST PORT BIG_MB

Odd values through a cdc_plugin slot, streamed over psycopg2's replication
connection (tests/e2e/odd_values_test.sh starts the server), each decoded
event parsed and compared with what was written:

  * strings: empty text, varchar and bytea; every control character
    (U+0001..U+001F and U+007F) with quote, backslash and slash; one
    character from each of the 17 Unicode planes, U+FFFF and U+10FFFF.
    Parsed back they equal the originals, and the raw JSON is escaped as
    Jackson escapes: \\b \\f \\n \\r \\t, other controls as \\u00XX (upper
    hex), \\" and \\\\, characters beyond the BMP as escaped surrogate pairs,
    everything else (DEL and '/' too) as is;
  * identifiers with quotes, dots, spaces, control characters and
    non-ASCII characters (raw JSON escaped as above), and
    63-byte names (the longest PostgreSQL keeps) for schema, table and
    column: source.schema/table and the after/key field names are the raw
    names; the topic replaces each UTF-16 unit outside [A-Za-z0-9._-] by _;
  * a row of 1,600 int columns (PostgreSQL's maximum), and one with every
    second column null: every field, in column order;
  * a BIG_MB MB text and a BIG_MB MB bytea (Base64 in the default
    binary.handling.mode=bytes): the decoded length and SHA-256 equal the
    server's; the walsender's peak private memory (RssAnon) is printed and
    must stay under 10 x BIG_MB MB above its idle baseline (a generous bound:
    the server reassembles the value, the plugin detoasts it and writes
    Base64 or escaped JSON text of it).

Prints "ok N - ..." per check and ends with PASS or FAIL.
"""
import base64
import hashlib
import json
import select
import time

import psycopg2
import psycopg2.extras

import bigodd_lib as t

SLOT = "odd"
TIMEOUT = 300.0
WIDE_COLUMNS = 1600

# One character from each Unicode plane PostgreSQL's UTF8 accepts (all 17:
# it checks the encoding, not whether a code point is assigned).
PLANES = "".join(chr(plane * 0x10000 + (0xE9 if plane == 0 else 0x100 + plane)) for plane in range(17))
CONTROLS = "".join(chr(c) for c in range(1, 32)) + "\x7f"
STRINGS = [
    ("empty", "", "", b""),
    ("controls", CONTROLS + "\"\\/", "a\tb\nc", b"\x00\x01"),
    ("planes", PLANES, "\uffff\U0010ffff", "😀".encode()),
    ("mixed", "é\x1f😀\"" + PLANES[16], "x\x7fy", b"\xff"),
]

# Odd names: quotes, dots, spaces, non-ASCII; and 63 bytes, the longest name
# PostgreSQL keeps (NAMEDATALEN - 1), in ASCII and in two-byte characters.
ODD_SCHEMA = 'sch "q".d sp é'
ODD_TABLE = 'tab "q".d sp 日本😀'
ODD_COLUMNS = ['id "q"', "c.d", "c sp", "cé😀", "Upper", "c\n\t\\\x01\x7f"]
LONG_SCHEMA = "s" * 63
LONG_TABLE = "é" * 31 + "t"
LONG_COLUMN = "c" * 62 + "z"


def jackson_escape(s):
    """A JSON string as Jackson's UTF-8 generator writes it (the rules above)."""
    short = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in s:
        cp = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif cp < 0x20:
            out.append(f"\\u{cp:04X}")
        elif cp > 0xFFFF:
            v = cp - 0x10000
            out.append(f"\\u{0xD800 + (v >> 10):04X}\\u{0xDC00 + (v & 0x3FF):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def topic_part(name):
    """A name in a topic: each UTF-16 unit outside [A-Za-z0-9._-] becomes _."""
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch in "._-"):
            out.append(ch)
        else:
            out.append("_" * (2 if ord(ch) > 0xFFFF else 1))
    return "".join(out)


def qi(name):
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class Stream:
    """A replication connection streaming the slot; messages as bytes."""

    def __init__(self, host, port):
        """Connects and starts replication from the slot in record mode."""
        self.conn = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres",
                                     connection_factory=psycopg2.extras.LogicalReplicationConnection)
        self.cur = self.conn.cursor()
        self.cur.start_replication(slot_name=SLOT, decode=False,
                                   options={"record.mode": "record", "topic.prefix": "odd"})

    def next(self):
        """The next message (bytes); fails after TIMEOUT s without one."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            msg = self.cur.read_message()
            if msg is not None:
                self.cur.send_feedback(flush_lsn=msg.data_start)
                return msg.payload
            left = deadline - time.monotonic()
            if left <= 0:
                t.fail(f"timed out after {TIMEOUT:.0f} s waiting for a message")
            select.select([self.cur], [], [], min(left, 1.0))


def value_of(raw, what):
    """The envelope of a record-mode message, checked to be a create."""
    doc = json.loads(raw)
    value = doc.get("value")
    if not isinstance(value, dict) or value.get("op") != "c":
        t.fail(f"{what}: expected a create, got {raw[:300]!r}")
    return doc, value


def setup(conn):
    """Tables and the slot; then every change, each row its own transaction."""
    t.query(conn, "CREATE TABLE strs (id int PRIMARY KEY, v text, vc varchar(20), b bytea)")
    t.query(conn, f"CREATE SCHEMA {qi(ODD_SCHEMA)}")
    cols = ", ".join(f"{qi(c)} text" for c in ODD_COLUMNS[1:])
    t.query(conn, f"CREATE TABLE {qi(ODD_SCHEMA)}.{qi(ODD_TABLE)} ({qi(ODD_COLUMNS[0])} int PRIMARY KEY, {cols})")
    t.query(conn, f"CREATE SCHEMA {qi(LONG_SCHEMA)}")
    t.query(conn, f"CREATE TABLE {qi(LONG_SCHEMA)}.{qi(LONG_TABLE)} ({qi(LONG_COLUMN)} int PRIMARY KEY)")
    wide_cols = ", ".join(f"c{i} int" + (" PRIMARY KEY" if i == 1 else "") for i in range(1, WIDE_COLUMNS + 1))
    t.query(conn, f"CREATE TABLE wide ({wide_cols})")
    t.query(conn, "CREATE TABLE big_values (id int PRIMARY KEY, t text, b bytea)")
    t.query(conn, "CREATE TABLE markers (id int PRIMARY KEY)")
    t.query(conn, "SELECT pg_create_logical_replication_slot(%s, 'cdc_plugin')", (SLOT,))


def write_changes(conn, big_mb):
    """Every change the checks expect, in this order."""
    for n, (_, v, vc, b) in enumerate(STRINGS, 1):
        t.query(conn, "INSERT INTO strs VALUES (%s, %s, %s, %s)", (n, v, vc, psycopg2.Binary(b)))
    t.query(conn, f"INSERT INTO {qi(ODD_SCHEMA)}.{qi(ODD_TABLE)} VALUES (1, 'dot', 'space', 'non-ascii', 'upper', 'controls')")
    t.query(conn, f"INSERT INTO {qi(LONG_SCHEMA)}.{qi(LONG_TABLE)} VALUES (63)")
    t.query(conn, f"INSERT INTO wide SELECT {', '.join(str(i) for i in range(1, WIDE_COLUMNS + 1))}")
    t.query(conn, "INSERT INTO wide SELECT "
            + ", ".join("-1" if i == 1 else ("NULL" if i % 2 == 0 else str(i)) for i in range(1, WIDE_COLUMNS + 1)))
    # big_mb MB of hex text (32 characters per md5), then big_mb MB of bytes (64 per sha512).
    n_text = big_mb * 1000000 // 32
    n_bytes = big_mb * 1000000 // 64
    t.query(conn, "INSERT INTO big_values (id, t) SELECT 1, string_agg(md5(g::text), '' ORDER BY g) "
            "FROM generate_series(1, %s) g", (n_text,))
    t.query(conn, "INSERT INTO big_values (id, b) SELECT 2, string_agg(sha512(int4send(g)), '' ORDER BY g) "
            "FROM generate_series(1, %s) g", (n_bytes,))
    t.query(conn, "INSERT INTO markers VALUES (1)")


def check_strings(stream):
    """The strs rows: parsed back equal to what was written, raw JSON escaped as Jackson escapes."""
    for n, (name, v, vc, b) in enumerate(STRINGS, 1):
        raw = stream.next()
        doc, value = value_of(raw, f"strs row {n}")
        after = value["after"]
        got = (after["v"], after["vc"], base64.b64decode(after["b"]))
        if got != (v, vc, b):
            t.fail(f"strs row {n} ({name}): parsed back {got!r}, written {(v, vc, b)!r}")
        want_raw = (f'"after":{{"id":{n},"v":{jackson_escape(v)},"vc":{jackson_escape(vc)},'
                    f'"b":"{base64.b64encode(b).decode()}"}}').encode()
        if want_raw not in raw:
            t.fail(f"strs row {n} ({name}): raw JSON is not escaped as Jackson does:\n  expected {want_raw!r}\n"
                   f"  in       {raw[:600]!r}")
        t.ok(f"strings '{name}': parsed back equal, raw JSON escaped as Jackson")


def check_names(stream):
    """The odd and the 63-byte names: raw in source and fields, sanitised in the topic."""
    raw = stream.next()
    doc, value = value_of(raw, "odd names")
    src = value["source"]
    t.check((src["schema"], src["table"]) == (ODD_SCHEMA, ODD_TABLE),
            "odd names: source.schema and source.table are the raw names", f"{src['schema']!r}.{src['table']!r}")
    t.check(list(value["after"]) == ODD_COLUMNS and list(doc["key"]) == [ODD_COLUMNS[0]],
            "odd names: after and key field names are the raw column names", f"{list(value['after'])}")
    want_topic = f"odd.{topic_part(ODD_SCHEMA)}.{topic_part(ODD_TABLE)}"
    t.check(doc["topic"] == want_topic, f"odd names: topic {want_topic}", doc["topic"])
    escaped = [jackson_escape(x).encode() for x in ODD_COLUMNS + [ODD_SCHEMA, ODD_TABLE]]
    t.check(all(x in raw for x in escaped), "odd names: escaped as Jackson escapes, as field names and as values",
            f"{[x for x in escaped if x not in raw]} not in {raw[:400]!r}")
    raw = stream.next()
    doc, value = value_of(raw, "63-byte names")
    src = value["source"]
    names_ok = ((src["schema"], src["table"], list(value["after"])) == (LONG_SCHEMA, LONG_TABLE, [LONG_COLUMN])
                and all(len(x.encode()) == 63 for x in (LONG_SCHEMA, LONG_TABLE, LONG_COLUMN)))
    t.check(names_ok, "63-byte schema, table (two-byte characters) and column names arrive whole",
            f"{src['schema']!r}.{src['table']!r} {list(value['after'])}")
    want_topic = f"odd.{topic_part(LONG_SCHEMA)}.{topic_part(LONG_TABLE)}"
    t.check(doc["topic"] == want_topic, "63-byte names: topic with one _ per UTF-16 unit", doc["topic"])


def check_wide(stream):
    """The two 1,600-column rows: every field, in column order."""
    doc, value = value_of(stream.next(), "wide row 1")
    want = {f"c{i}": i for i in range(1, WIDE_COLUMNS + 1)}
    t.check(list(value["after"].items()) == list(want.items()) and doc["key"] == {"c1": 1},
            f"a row of {WIDE_COLUMNS} columns: every field, in column order")
    doc, value = value_of(stream.next(), "wide row 2")
    want = {f"c{i}": (-1 if i == 1 else (None if i % 2 == 0 else i)) for i in range(1, WIDE_COLUMNS + 1)}
    t.check(list(value["after"].items()) == list(want.items()),
            f"a row of {WIDE_COLUMNS} columns, every second one null")


def check_big(stream, conn):
    """The big text and bytea: length and SHA-256 equal the server's; returns their message sizes."""
    text_len, text_sha = conn_row(conn, "SELECT octet_length(t), encode(sha256(convert_to(t, 'UTF8')), 'hex') "
                                        "FROM big_values WHERE id = 1")
    bytes_len, bytes_sha = conn_row(conn, "SELECT octet_length(b), encode(sha256(b), 'hex') "
                                          "FROM big_values WHERE id = 2")
    raw = stream.next()
    raw_text_len = len(raw)
    _, value = value_of(raw, "big text")
    got = value["after"]["t"].encode()
    t.check((len(got), hashlib.sha256(got).hexdigest()) == (text_len, text_sha),
            f"a {text_len / 1e6:.0f} MB text: length and SHA-256 equal the server's",
            f"{len(got)} {hashlib.sha256(got).hexdigest()}")
    del raw, value, got
    raw = stream.next()
    raw_bytes_len = len(raw)
    _, value = value_of(raw, "big bytea")
    got = base64.b64decode(value["after"]["b"], validate=True)
    t.check((len(got), hashlib.sha256(got).hexdigest()) == (bytes_len, bytes_sha),
            f"a {bytes_len / 1e6:.0f} MB bytea, Base64: decoded length and SHA-256 equal the server's",
            f"{len(got)} {hashlib.sha256(got).hexdigest()}")
    return raw_text_len, raw_bytes_len


def conn_row(conn, sql):
    """The first row of a query."""
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()


def main(argv):
    """Sets up, streams, checks; returns the exit status."""
    host, port, big_mb = argv[0], int(argv[1]), int(argv[2])
    conn = t.connect(host, port)
    setup(conn)
    stream = Stream(host, port)
    pid = t.walsender_pid(conn, SLOT)
    base = t.baseline_kb(pid)
    sampler = t.MemorySampler(pid).start()
    write_changes(conn, big_mb)

    check_strings(stream)
    check_names(stream)
    check_wide(stream)
    raw_text_len, raw_bytes_len = check_big(stream, conn)
    doc, _ = value_of(stream.next(), "marker")
    t.check(doc["topic"] == "odd.public.markers", "the marker comes last, nothing in between", doc["topic"])
    peak = sampler.stop()
    growth_mb = (peak - base) / 1024
    print(f"# messages of {raw_text_len / 1e6:.1f} MB (text) and {raw_bytes_len / 1e6:.1f} MB (bytea); "
          f"walsender RssAnon idle {base / 1024:.1f} MB, peak {peak / 1024:.1f} MB (+{growth_mb:.1f} MB, "
          f"{sampler.samples} samples)", flush=True)
    t.check(growth_mb < 10 * big_mb,
            f"the walsender's peak RssAnon stays under 10 x {big_mb} MB above its idle baseline",
            f"+{growth_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    t.run(main, "odd values")

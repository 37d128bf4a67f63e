#!/usr/bin/python3
"""tests/e2e/secret_scan.py
Searches a raw stream file (pg_recvlogical -f, bytes as the server sent
them) for secret markers, and checks the events that must come out of it:
the helper of tests/e2e/security_test.sh.

  secret_scan.py find <file> <marker>...
      Prints "<marker> <form>" for each marker found in any form (raw, hex in
      either case, Base64 or Base64url at any of the three byte alignments)
      and exits 1 if one was found, else 0.
  secret_scan.py events <file> <table> <secret columns> <kept columns> <ops>
      Parses the file's JSON documents (one per line, or pretty-printed) and
      checks that <table>'s events have the operations <ops> (e.g. "c c u d")
      in order, that no before/after image or value schema (schemas.enable)
      has a column of <secret columns> (comma-separated), and that every
      after image has exactly the columns <kept columns>.  Exits 1 with the
      reason if not.
  secret_scan.py values <file> <table> <column> <regex> [<column> <regex>...]
      Checks that every after image of <table> has each <column> and that its
      value (as JSON text) matches its <regex> in full: the masked and kept
      values do come out, so the scan cannot pass on an empty or broken stream.
"""
import base64
import json
import re
import sys


def forms(marker):
    """Every encoding in which the marker's bytes could appear in a stream."""
    raw = marker.encode()
    found = {"raw": [raw], "hex": [raw.hex().encode(), raw.hex().upper().encode()]}
    found["base64"] = []
    found["base64url"] = []
    # Base64 of the marker preceded by 0, 1 or 2 other bytes: keep only the
    # characters that depend on the marker's bytes alone.
    for shift in range(3):
        padded = b"\0" * shift + raw
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            text = encode(padded).rstrip(b"=")
            first = (shift * 8 + 5) // 6          # characters touched by the padding bytes
            last = len(raw + b"\0" * shift) * 8 // 6   # full characters of real bits
            found[name].append(text[first:last])
    return found


def documents(path):
    """The JSON documents of a stream file, in order."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    decoder = json.JSONDecoder()
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return
        doc, at = decoder.raw_decode(text, at)
        yield doc


def envelopes(path, table):
    """(envelope, value schema fields or None) of each change event of <table>."""
    for doc in documents(path):
        if isinstance(doc, dict) and "topic" in doc and "value" in doc:
            doc = doc["value"]
        if not isinstance(doc, dict):
            continue
        schema = None
        if "schema" in doc and "payload" in doc:
            schema = doc["schema"]
            doc = doc["payload"]
        if not isinstance(doc, dict) or doc.get("op") not in ("c", "u", "d"):
            continue
        if doc.get("source", {}).get("table") != table:
            continue
        fields = None
        if schema is not None:
            fields = {}
            for part in schema.get("fields", []):
                if part.get("field") in ("before", "after"):
                    fields[part["field"]] = [f["field"] for f in part.get("fields", [])]
        yield doc, fields


def find(path, markers):
    """Prints each marker found in the raw bytes, with its form; 1 if any."""
    with open(path, "rb") as f:
        data = f.read()
    hits = 0
    for marker in markers:
        for form, needles in forms(marker).items():
            if any(needle and needle in data for needle in needles):
                print(marker, form)
                hits += 1
    return 1 if hits else 0


def check_events(path, table, secret, kept, ops):
    """The problem with <table>'s events and images, or None."""
    secret = set(secret.split(","))
    kept = kept.split(",")
    seen = []
    for env, fields in envelopes(path, table):
        seen.append(env["op"])
        for image in ("before", "after"):
            columns = env.get(image)
            if columns is not None and secret & set(columns):
                return f"{table} {env['op']} event: {image} has {sorted(secret & set(columns))}"
            if fields is not None and secret & set(fields.get(image, [])):
                return f"{table} {env['op']} event: the {image} schema has {sorted(secret & set(fields[image]))}"
        if env.get("after") is not None and sorted(env["after"]) != sorted(kept):
            return f"{table} {env['op']} event: after has {sorted(env['after'])}, expected {sorted(kept)}"
    if seen != ops.split():
        return f"{table}: operations {' '.join(seen)}, expected {ops}"
    return None


def check_values(path, table, *pairs):
    """The first after-image value of <table> not matching its regex, or None."""
    count = 0
    for env, _ in envelopes(path, table):
        after = env.get("after")
        if after is None:
            continue
        count += 1
        for column, pattern in zip(pairs[0::2], pairs[1::2]):
            if column not in after:
                return f"{table} {env['op']} event: after has no {column}"
            text = json.dumps(after[column], separators=(",", ":"))
            if not re.fullmatch(pattern, text):
                return f"{table} {env['op']} event: {column} is {text}, expected /{pattern}/"
    return None if count else f"{table}: no after image in {path}"


def main(argv):
    """Runs one command (see the module's text); exit status 0 when it holds."""
    if len(argv) >= 3 and argv[1] == "find":
        return find(argv[2], argv[3:])
    if len(argv) == 7 and argv[1] == "events":
        problem = check_events(*argv[2:])
    elif len(argv) >= 6 and len(argv) % 2 == 0 and argv[1] == "values":
        problem = check_values(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

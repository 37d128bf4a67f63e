#!/usr/bin/python3
"""tests/e2e/random_values_test.py <host> <port>

Randomized end-to-end check of the value encoders: random numerics,
timestamps, timestamptz and intervals are inserted, decoded by cdc_plugin
through pg_logical_slot_peek_changes() once per handling mode, and every
decoded value is compared with what PostgreSQL's own text output of the same
row implies under Debezium's rules (docs: /work/shared/spec/debezium-format.md
sections 4.2, 4.3, 4.6, 4.7; Kafka JsonConverter rendering section 3.4).

Run by tests/e2e/random_values_test.sh on a throwaway cluster (user postgres,
trust authentication).  Environment:
  RANDOM_SEED           seed of the generator (default fixed, always printed)
  RANDOM_ROWS           numeric rows (default 100000)
  RANDOM_TEMPORAL_ROWS  timestamp/timestamptz/interval rows (default RANDOM_ROWS/5)
  RANDOM_PEEK_SESSION   "odd" (default): peek in a session whose TimeZone,
                        DateStyle, IntervalStyle and extra_float_digits differ
                        from the reference session (the output must not
                        depend on them); "plain": same settings as reference

What is compared (expected values are computed here, in Python, from
PostgreSQL's text output of the same table, selected with ::text in a UTC /
ISO / postgres-IntervalStyle session):

  numeric(p,s), numeric(p), numeric (no typmod), NaN, +-Infinity, NULL
    precise          numeric(p,s): Base64 of the minimal two's-complement
                     unscaled value at scale s; numeric: {"scale","value"}
                     after stripTrailingZeros (negative scale -> 0);
                     NaN / +-Infinity -> null
    double           JSON number equal (bit for bit, sign of zero included)
                     to float(pg_text); overflow -> "Infinity"/"-Infinity";
                     NaN -> "NaN" (JSON strings)
    string           numeric(p,s): plain text at exactly scale s (= PG's
                     text); numeric: PG's text; NaN -> "NAN", +-Infinity ->
                     "POSITIVE_INFINITY"/"NEGATIVE_INFINITY"
    precise+NUMERIC  decimal.format=NUMERIC: numeric(p,s) is a JSON number
                     whose value and scale (Decimal exponent) equal PG's
                     text; numeric (VariableScaleDecimal is a struct with a
                     bytes member, not a Connect Decimal) stays as in precise
  timestamp(0..3)    io.debezium.time.Timestamp: epoch ms (UTC), infinities
                     9223372036825200 / -9223372036832400
  timestamp, (4..6)  MicroTimestamp: epoch us, 9223372036825200000 /
                     -9223372036832400000
  timestamptz(p)     ZonedTimestamp "YYYY-MM-DDTHH:MM:SS.<p digits>Z" in UTC
                     (6 digits without typmod, none for p = 0; year with
                     '+' above 9999, astronomical '-' years), "infinity",
                     "-infinity"
  interval numeric   MicroDuration: pgjdbc PGInterval fields of PG's text,
                     then (long)((((m*30.4375+d)*24+h)*60+mi)*60+s)*1e6) in
                     IEEE double, Java's saturating cast
  interval string    "P<y>Y<m>M<d>DT<h>H<mi>M<s>S", s from
                     BigDecimal.valueOf(PGInterval.getSeconds()) (a double:
                     whole + micros/1e6) cut DOWN to 9 decimals, trailing
                     zeros stripped, plain (Debezium 3.6.1 Interval.java and
                     PostgresValueConverter.convertInterval, pgjdbc 42.7.11)

Ranges kept inside what Debezium defines: MicroTimestamp values stop at
294247-01-01 23:59:59.999999 (spec 4.6: epoch-us beyond ~294247-01-10
overflows int64); ms timestamps and timestamptz strings use PG's full range.
Interval time parts stay below 2^31 hours (pgjdbc parses hours as a Java int).
numeric scales are 0 <= s <= p.

Counting: one check per decoded value (row x column x mode), plus one
per mode for the structure of the stream (every row exactly once, only
insert events of the table).  The last line is "N passed, M failed";
exit status 0 when M == 0, else 1.
"""

import base64
import collections
import decimal
import json
import os
import random
import re
import sys
import time
from decimal import Decimal

import psycopg2

SEED = int(os.environ.get("RANDOM_SEED", "20240917"))
ROWS = int(os.environ.get("RANDOM_ROWS", "100000"))
TROWS = int(os.environ.get("RANDOM_TEMPORAL_ROWS", str(max(1, ROWS // 5))))
PEEK_SESSION = os.environ.get("RANDOM_PEEK_SESSION", "odd")
BATCH = 25000           # rows per transaction
EXAMPLES = 5            # failure examples shown per (mode, column)

decimal.getcontext().prec = 5000

T0 = time.monotonic()


def log(msg):
    print("[%6.1fs] %s" % (time.monotonic() - T0, msg), flush=True)


# ---------------------------------------------------------------------------
# Java / Debezium helpers

def twos_complement_b64(n):
    """Base64 of Java BigInteger.toByteArray(n): minimal two's complement."""
    bits = n.bit_length() if n >= 0 else (~n).bit_length()
    return base64.b64encode(n.to_bytes(bits // 8 + 1, "big", signed=True)).decode("ascii")


def java_long(x):
    """Java's (long) cast of a double: truncation, saturation, NaN -> 0."""
    if x != x:
        return 0
    if x >= 9223372036854775807.0:
        return 9223372036854775807
    if x <= -9223372036854775808.0:
        return -9223372036854775808
    return int(x)


def split_numeric_text(text):
    """PG numeric text (no exponent) -> (negative, intpart, fracpart)."""
    neg = text.startswith("-")
    if neg:
        text = text[1:]
    intpart, _, frac = text.partition(".")
    return neg, intpart, frac


# ---------------------------------------------------------------------------
# Calendar (proleptic Gregorian, astronomical years)

def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400          # Python's // floors already
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def is_leap(astro_year):
    return astro_year % 4 == 0 and (astro_year % 100 != 0 or astro_year % 400 == 0)


MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def month_len(astro_year, m):
    return 29 if m == 2 and is_leap(astro_year) else MONTH_DAYS[m - 1]


TS_RE = re.compile(r"^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(\+00)?( BC)?$")


def parse_pg_timestamp(text):
    """PG ISO timestamp(tz in UTC) text -> (astro_year, mon, day, h, mi, s, micros)."""
    m = TS_RE.match(text)
    if not m:
        raise ValueError("unparsable timestamp text %r" % text)
    year = int(m.group(1))
    if m.group(9):
        year = 1 - year
    frac = (m.group(7) or "").ljust(6, "0")
    return (year, int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)),
            int(m.group(6)), int(frac))


def epoch_micros(fields):
    y, mo, d, h, mi, s, us = fields
    return ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000) + us


MICRO_INF = (9223372036825200000, -9223372036832400000)
MILLI_INF = (9223372036825200, -9223372036832400)


def zoned_timestamp(fields, p):
    y, mo, d, h, mi, s, us = fields
    if y > 9999:
        ys = "+%d" % y
    elif y >= 0:
        ys = "%04d" % y
    else:
        ys = "-%04d" % -y
    out = "%s-%02d-%02dT%02d:%02d:%02d" % (ys, mo, d, h, mi, s)
    if p > 0:
        out += "." + ("%06d" % us)[:p]
    return out + "Z"


# ---------------------------------------------------------------------------
# Interval: PG 'postgres' IntervalStyle text -> pgjdbc PGInterval fields

def parse_pg_interval(text):
    """Mirror PGInterval.setValue for the postgres style: (y, mo, d, h, mi, whole, micro)."""
    years = months = days = hours = minutes = 0
    total_micros_sec = 0
    tokens = text.split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if ":" in tok:
            neg = tok.startswith("-")
            body = tok.lstrip("+-")
            hh, mm, ss = body.split(":")
            sec = Decimal(ss)
            h, mi, us = int(hh), int(mm), int(sec * 1000000)
            if neg:
                h, mi, us = -h, -mi, -us
            hours, minutes, total_micros_sec = h, mi, us
            i += 1
            continue
        val = int(tok)
        unit = tokens[i + 1]
        if unit.startswith("year"):
            years = val
        elif unit.startswith("mon"):
            months = val
        elif unit.startswith("day"):
            days = val
        else:
            raise ValueError("unexpected interval unit in %r" % text)
        i += 2
    # PGInterval.setSeconds: round(seconds*1e6) -> whole seconds + micros, both
    # carrying the sign (Java / and % truncate toward zero)
    whole = int(total_micros_sec / 1000000) if total_micros_sec >= 0 else -((-total_micros_sec) // 1000000)
    micro = total_micros_sec - whole * 1000000
    return years, months, days, hours, minutes, whole, micro


def pginterval_seconds(whole, micro):
    """PGInterval.getSeconds(): wholeSeconds + (double) microSeconds / 1e6."""
    return float(whole) + micro / 1000000


def micro_duration(f):
    y, mo, d, h, mi, whole, micro = f
    seconds = pginterval_seconds(whole, micro)
    number_of_days = float(y * 12 + mo) * (365.25 / 12.0) + float(d)
    number_of_seconds = (((number_of_days * 24.0 + h) * 60.0) + mi) * 60.0 + seconds
    return java_long(number_of_seconds * 1e6 + 0.0)


def interval_iso(f):
    y, mo, d, h, mi, whole, micro = f
    seconds = pginterval_seconds(whole, micro)
    # BigDecimal.valueOf(double) = new BigDecimal(Double.toString(d)); the
    # shortest repr has the same digits (JDK 19+); Interval.toIsoString
    # (3.6.1) cuts a scale above 9 DOWN to 9.  So 3 s + 696000 us, whose
    # double is 3.6959999999999997, reads "3.695999999".
    s = Decimal(repr(seconds))
    if s.as_tuple().exponent < -9:
        s = s.quantize(Decimal("0.000000001"), rounding=decimal.ROUND_DOWN)
    if s == 0:
        stext = "0"
    else:
        stext = format(s.normalize(), "f")
    return "P%dY%dM%dDT%dH%dM%sS" % (y, mo, d, h, mi, stext)


# ---------------------------------------------------------------------------
# Random value generators (return the SQL input text, or None for NULL)

def rdigits(rng, n):
    return ("%0" + str(n) + "d") % rng.randrange(10 ** n) if n > 0 else ""


def sign(rng):
    return "-" if rng.random() < 0.5 else ""


def maybe_exponent(rng, neg, intpart, frac):
    """Write the same value as <digits>e<-len(frac)> now and then."""
    if rng.random() < 0.1:
        return "%s%s%se%d" % ("-" if neg else "", intpart, frac, -len(frac))
    return "%s%s%s" % ("-" if neg else "", intpart, "." + frac if frac else "")


def gen_fixed(rng, p, s):
    r = rng.random()
    if r < 0.03:
        return None
    if r < 0.05:
        return "NaN"
    if r < 0.08:
        return rng.choice(["0", "-0", "0.000", "-0.0e5", "+0", "0e-3"])
    ip = p - s
    if r < 0.12:
        top = ("9" * ip if ip else "0") + ("." + "9" * s if s else "")
        tiny = "0." + "0" * (s - 1) + "1" if s else "1"
        return rng.choice(["", "-"]) + rng.choice([top, tiny])
    ni = rng.randint(0, ip) if ip else 0
    nf = rng.randint(0, s + 3 if ni < ip else s)   # beyond s: PG rounds, cannot overflow
    intpart = str(rng.randrange(10 ** ni)) if ni else "0"
    return maybe_exponent(rng, rng.random() < 0.5, intpart, rdigits(rng, nf))


def gen_var(rng):
    r = rng.random()
    if r < 0.02:
        return None
    if r < 0.04:
        return rng.choice(["NaN", "nan", "NAN"])
    if r < 0.05:
        return "Infinity"
    if r < 0.06:
        return "-Infinity"
    if r < 0.08:
        return rng.choice(["0", "-0", "0.00000", "-0.0", "0e-20", "0e20", "0.0000000000000000000000000"])
    neg = rng.random() < 0.5
    c = rng.random()
    if c < 0.40:                    # everyday values
        intpart, frac = str(rng.randrange(10 ** rng.randint(0, 12))), rdigits(rng, rng.randint(0, 8))
    elif c < 0.60:                  # medium
        intpart, frac = str(rng.randrange(10 ** rng.randint(0, 60))), rdigits(rng, rng.randint(0, 60))
    elif c < 0.70:                  # huge: up to 1000 digits
        ni = rng.randint(100, 1000)
        intpart, frac = str(rng.randrange(10 ** (ni - 1), 10 ** ni)), rdigits(rng, rng.randint(0, 1000 - ni))
    elif c < 0.78:                  # tiny: many leading zeros after the point
        z = rng.choice([rng.randint(1, 30), rng.randint(300, 900)])
        frac = "0" * z + str(rng.randrange(1, 10 ** rng.randint(1, 60)))
        intpart = "0"
    elif c < 0.88:                  # trailing zeros (stripTrailingZeros, negative scale)
        intpart = str(rng.randrange(1, 10 ** rng.randint(1, 10))) + "0" * rng.randint(0, 40)
        frac = rdigits(rng, rng.randint(0, 6)) + "0" * rng.randint(1, 20)
    elif c < 0.95:                  # exponent input
        mant = "%d.%s" % (rng.randint(1, 9), rdigits(rng, rng.randint(0, 30)))
        return "%s%se%d" % ("-" if neg else "", mant, rng.randint(-990, 990))
    else:                           # around powers of two / byte boundaries of the unscaled value
        k = rng.randint(1, 200)
        v = 2 ** k + rng.choice([-1, 0, 1])
        digits = str(v)
        sc = rng.randint(0, min(len(digits) - 1, 20))
        intpart, frac = (digits[:-sc], digits[-sc:]) if sc else (digits, "")
        intpart = intpart or "0"
    return maybe_exponent(rng, neg, intpart, frac)


def gen_time_of_day(rng, fdigits):
    t = "%02d:%02d:%02d" % (rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    if fdigits:
        t += "." + rdigits(rng, fdigits)
    return t


def gen_date_parts(rng, lo_year, hi_year):
    """Random (display year, month, day, bc) with astronomical year in [lo, hi]."""
    y = rng.randint(lo_year, hi_year)
    m = rng.randint(1, 12)
    d = rng.randint(1, month_len(y, m))
    if y <= 0:
        return 1 - y, m, d, True
    return y, m, d, False


def fmt_date(parts):
    y, m, d, bc = parts
    return "%04d-%02d-%02d" % (y, m, d), bc


TS_EDGES = [
    "4714-11-24 00:00:00 BC", "4714-11-24 00:00:00.000001 BC", "4713-12-31 23:59:59.999999 BC",
    "0001-12-31 23:59:59.999999 BC", "0001-01-01 00:00:00 BC", "0001-01-01 00:00:00",
    "1582-10-04 23:59:59.5", "1582-10-15 00:00:00", "1899-12-31 23:59:59.999999",
    "1969-12-31 23:59:59.999999", "1969-12-31 23:59:59.999", "1969-12-31 23:59:59",
    "1970-01-01 00:00:00", "1970-01-01 00:00:00.000001", "1970-01-01 00:00:00.001",
    "1999-12-31 23:59:59.999999", "2000-01-01 00:00:00", "2000-02-29 12:00:00", "1900-02-28 23:59:59.999999",
    "2038-01-19 03:14:07.999999", "2038-01-19 03:14:08", "9999-12-31 23:59:59.999999",
    "10000-01-01 00:00:00", "294247-01-01 23:59:59.999999",
]
TS_MS_ONLY_EDGES = ["294247-01-10 04:00:54.775", "294247-01-10 04:00:54.776",
                    "294276-12-31 23:59:59.999", "294276-12-31 00:00:00"]
TSTZ_EDGES = [
    "4714-11-24 00:00:00+00 BC", "4713-12-31 23:59:59.999999+00 BC", "0001-12-31 23:59:59.999999+00 BC",
    "0001-01-01 00:00:00+00", "1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00",
    "1970-01-01 00:00:00.000001+00", "9999-12-31 23:59:59.999999+00", "10000-01-01 00:00:00+00",
    "294247-01-01 23:59:59.999999+00", "294276-12-31 23:59:59.999999+00",
    "2016-11-04 13:51:30.123456+02", "1969-12-31 20:00:00-04", "2000-01-01 00:00:00.5+14",
]


def cut_fraction(text, p):
    """Cut an edge literal's fraction to p digits (so PG's rounding cannot leave the range)."""
    m = re.match(r"^(\S+ \d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$", text)
    head, frac, tail = m.group(1), m.group(2) or "", m.group(3)
    frac = frac[:p]
    return head + ("." + frac if frac else "") + tail


def gen_timestamp(rng, p, ms):
    """timestamp(p) input; ms: the column is a Timestamp (ms) one, full PG range allowed."""
    pp = 6 if p is None else p
    r = rng.random()
    if r < 0.03:
        return None
    if r < 0.055:
        return "infinity"
    if r < 0.08:
        return "-infinity"
    if r < 0.14:
        return cut_fraction(rng.choice(TS_EDGES + (TS_MS_ONLY_EDGES if ms else [])), pp)
    fd = rng.choice([0, 0, 1, 2, 3, 3, 4, 5, 6, 6, 6, 7, 9])
    c = rng.random()
    if c < 0.40:
        parts = gen_date_parts(rng, 1900, 2100)
    elif c < 0.55:
        parts = gen_date_parts(rng, 1, 9999)
    elif c < 0.70:
        parts = gen_date_parts(rng, -4712, 0)
    elif c < 0.85:
        parts = gen_date_parts(rng, 10000, 294246)
    elif c < 0.93:
        parts = gen_date_parts(rng, 1969, 1970)
    elif ms:
        parts = gen_date_parts(rng, 294247, 294275)
    else:
        parts = gen_date_parts(rng, -4712, 294246)
    date, bc = fmt_date(parts)
    return "%s %s%s" % (date, gen_time_of_day(rng, fd), " BC" if bc else "")


NAMED_ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe",
               "Pacific/Chatham", "America/St_Johns", "UTC", "Asia/Kathmandu"]


def gen_timestamptz(rng, p):
    pp = 6 if p is None else p
    r = rng.random()
    if r < 0.03:
        return None
    if r < 0.055:
        return "infinity"
    if r < 0.08:
        return "-infinity"
    if r < 0.14:
        return cut_fraction(rng.choice(TSTZ_EDGES), pp)
    fd = rng.choice([0, 0, 1, 2, 3, 3, 4, 5, 6, 6, 6, 7, 9])
    c = rng.random()
    if c < 0.45:
        parts = gen_date_parts(rng, 1900, 2100)
    elif c < 0.60:
        parts = gen_date_parts(rng, 1, 9999)
    elif c < 0.75:
        parts = gen_date_parts(rng, -4712, 0)
    elif c < 0.86:
        parts = gen_date_parts(rng, 10000, 294246)
    elif c < 0.90:                  # beyond int64 epoch-us (294247-01-10): still a plain string
        parts = gen_date_parts(rng, 294247, 294275)
    else:
        parts = gen_date_parts(rng, 1969, 1970)
    date, bc = fmt_date(parts)
    z = rng.random()
    if z < 0.3:
        zone = "+00"
    elif z < 0.8:
        off = rng.randint(-(15 * 60 + 59), 15 * 60 + 59)
        zone = "%s%02d:%02d" % ("-" if off < 0 else "+", abs(off) // 60, abs(off) % 60)
    else:
        zone = " " + rng.choice(NAMED_ZONES)
    return "%s %s%s%s" % (date, gen_time_of_day(rng, fd), zone, " BC" if bc else "")


INT32_MAX = 2 ** 31 - 1
MAX_TIME_US = INT32_MAX * 3600000000 + 3599999999   # PGInterval hours is a Java int


def gen_interval(rng):
    r = rng.random()
    if r < 0.03:
        return None
    if r < 0.05:
        return "0"

    def part(small, big):
        c = rng.random()
        if c < 0.25:
            return 0
        if c < 0.85:
            return rng.randint(-small, small)
        if c < 0.95:
            return rng.randint(-big, big)
        return rng.choice([big, -big, -big - 1, 1, -1])

    months = part(1200, INT32_MAX)
    days = part(40000, INT32_MAX)
    c = rng.random()
    if c < 0.15:
        us = 0
    elif c < 0.50:
        us = rng.randint(-86400000000, 86400000000)
    elif c < 0.65:
        us = rng.randint(-86400, 86400) * 1000000
    elif c < 0.80:
        us = rng.randint(-10 ** 12, 10 ** 12)
    elif c < 0.93:
        us = rng.randint(-MAX_TIME_US, MAX_TIME_US)
    else:
        us = rng.choice([1, -1, 999999, -999999, 1000000, -1000000, 59999999, 86400000000,
                         -86399999999, MAX_TIME_US, -MAX_TIME_US, 500000, -500000, 100000, 10])
    return "%d mons %d days %d microseconds" % (months, days, us)


# ---------------------------------------------------------------------------
# Expected values per mode

class Col:
    def __init__(self, name, sqltype, kind, p=None, s=None):
        self.name, self.sqltype, self.kind, self.p, self.s = name, sqltype, kind, p, s


def numeric_special(text):
    return text in ("NaN", "Infinity", "-Infinity")


def exp_numeric(col, text, mode):
    """Expected Python value of the JSON member (after json.loads with parse_float=Decimal)."""
    if text is None:
        return None
    if mode == "double":
        if text == "NaN":
            return "NaN"
        f = float(text)
        if f == float("inf"):
            return "Infinity"
        if f == float("-inf"):
            return "-Infinity"
        return f
    if mode == "string":
        return {"NaN": "NAN", "Infinity": "POSITIVE_INFINITY", "-Infinity": "NEGATIVE_INFINITY"}.get(text, text)
    # precise, precise+NUMERIC
    if numeric_special(text):
        return None
    neg, ip, frac = split_numeric_text(text)
    if col.kind == "fixed":
        if len(frac) != col.s:
            raise AssertionError("test self-check: %s text %r has not %d fraction digits" % (col.sqltype, text, col.s))
        if mode == "precise+NUMERIC":
            return Decimal(text)
        unscaled = int(ip + frac)
        return twos_complement_b64(-unscaled if neg else unscaled)
    frac = frac.rstrip("0")
    unscaled = int(ip + frac)
    return {"scale": len(frac), "value": twos_complement_b64(-unscaled if neg else unscaled)}


def same_json_value(got, exp, mode):
    """Strict comparison: type and value (Decimal: value and exponent; float: bits)."""
    if exp is None or isinstance(exp, str):
        return got == exp and type(got) is type(exp)
    if isinstance(exp, dict):
        return (isinstance(got, dict) and list(got.keys()) == ["scale", "value"]
                and type(got["scale"]) is int and got == exp)
    if isinstance(exp, float):
        if isinstance(got, bool) or not isinstance(got, (int, Decimal)):
            return False
        g = float(got)
        return g == exp and (str(g)[0] == "-") == (str(exp)[0] == "-")
    if isinstance(exp, Decimal):
        if isinstance(got, bool) or not isinstance(got, (int, Decimal)):
            return False
        g = Decimal(got) if isinstance(got, int) else got
        return g.as_tuple() == exp.as_tuple()
    if isinstance(exp, int):
        return type(got) is int and got == exp
    raise AssertionError("unexpected expected value %r" % (exp,))


def exp_temporal(col, text, mode):
    if text is None:
        return None
    if col.kind in ("ts_us", "ts_ms"):
        inf = MICRO_INF if col.kind == "ts_us" else MILLI_INF
        if text == "infinity":
            return inf[0]
        if text == "-infinity":
            return inf[1]
        us = epoch_micros(parse_pg_timestamp(text))
        return us if col.kind == "ts_us" else us // 1000
    if col.kind == "tstz":
        if text in ("infinity", "-infinity"):
            return text
        return zoned_timestamp(parse_pg_timestamp(text), 6 if col.p is None else col.p)
    if col.kind == "interval":
        f = parse_pg_interval(text)
        return micro_duration(f) if mode == "interval=numeric" else interval_iso(f)
    raise AssertionError(col.kind)


# ---------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.by_key = collections.OrderedDict()   # (family, mode, column) -> [ok, bad, examples]
        self.notes = []

    def key(self, family, mode, column):
        return self.by_key.setdefault((family, mode, column), [0, 0, []])

    def ok(self, k, n=1):
        self.passed += n
        k[0] += n

    def bad(self, k, example):
        self.failed += 1
        k[1] += 1
        if len(k[2]) < EXAMPLES:
            k[2].append(example)


def reject_constant(name):
    raise ValueError("non-JSON constant %s in the output" % name)


def connect(host, port):
    conn = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres")
    with conn.cursor() as cur:
        cur.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';"
                    "SET extra_float_digits = 1")
    conn.commit()
    return conn


def insert_rows(conn, table, cols, rows):
    """rows: list of tuples (id, text...); inserted BATCH rows per transaction."""
    names = ", ".join(["id"] + [c.name for c in cols])
    with conn.cursor() as cur:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            for s in range(0, len(chunk), 1000):
                part = chunk[s:s + 1000]
                one = "(" + ",".join(["%s"] * (len(cols) + 1)) + ")"
                sql = "INSERT INTO %s (%s) VALUES %s" % (
                    table, names, ",".join(cur.mogrify(one, r).decode() for r in part))
                cur.execute(sql)
            conn.commit()


def reference(conn, table, cols, extra=""):
    with conn.cursor() as cur:
        cur.execute("SELECT id, %s%s FROM %s ORDER BY id" % (
            ", ".join("%s::text" % c.name for c in cols), extra, table))
        return {r[0]: r[1:] for r in cur.fetchall()}


def peek(conn, slot, upto, options):
    """Yield each message of the slot (up to LSN upto) with the given options."""
    args = []
    for k, v in options.items():
        args += [k, v]
    with conn.cursor(name="peek_%d" % int(time.monotonic() * 1e6)) as cur:
        cur.itersize = 2000
        cur.execute("SELECT data FROM pg_logical_slot_peek_changes(%s, %s, NULL, VARIADIC %s::text[])",
                    (slot, upto, args))
        for (data,) in cur:
            yield data


def odd_session(conn):
    if PEEK_SESSION == "plain":
        return
    with conn.cursor() as cur:
        cur.execute("SET TimeZone = 'Pacific/Chatham'; SET DateStyle = 'SQL, DMY';"
                    "SET IntervalStyle = 'sql_standard'; SET extra_float_digits = -15")
    conn.commit()


def run_mode(tally, conn, family_of, slot, upto, table, cols, ref, mode, options, expect):
    """Decode the slot once with options and compare every value of table."""
    t = time.monotonic()
    seen = set()
    structure = []
    parse = lambda data: json.loads(data, parse_float=Decimal, parse_constant=reject_constant)
    keys = [tally.key(family_of(c), mode, "%s %s" % (c.name, c.sqltype)) for c in cols]
    expected_cache = {}
    n = 0
    try:
        for data in peek(conn, slot, upto, options):
            n += 1
            try:
                ev = parse(data)
            except ValueError as e:
                structure.append("message %d is not strict JSON (%s): %.300s" % (n, e, data))
                continue
            if not isinstance(ev, dict) or ev.get("op") != "c" or not isinstance(ev.get("after"), dict) \
                    or (ev.get("source") or {}).get("table") != table:
                structure.append("unexpected message %d: %.300s" % (n, data))
                continue
            after = ev["after"]
            rid = after.get("id")
            if type(rid) is not int or rid not in ref:
                structure.append("unknown id in message %d: %.300s" % (n, data))
                continue
            if rid in seen:
                structure.append("id %d comes twice" % rid)
                continue
            seen.add(rid)
            texts = ref[rid]
            for i, c in enumerate(cols):
                text = texts[i]
                ck = (i, text)
                if ck in expected_cache:
                    exp = expected_cache[ck]
                else:
                    exp = expect(c, text, mode)
                    if len(expected_cache) < 200000:
                        expected_cache[ck] = exp
                if c.name not in after:
                    tally.bad(keys[i], (rid, text, "<member missing>", exp))
                    continue
                got = after[c.name]
                if same_json_value(got, exp, mode):
                    tally.ok(keys[i])
                else:
                    tally.bad(keys[i], (rid, text, got, exp))
    except psycopg2.Error as e:
        conn.rollback()
        structure.append("decoding failed: %s" % str(e).strip().replace("\n", " | "))
    missing = len(ref) - len(seen)
    if missing:
        structure.append("%d of %d rows never came" % (missing, len(ref)))
        # every value of the missing rows counts as failed
        for rid in ref:
            if rid not in seen:
                for i, c in enumerate(cols):
                    tally.bad(keys[i], (rid, ref[rid][i], "<row not decoded>", None))
    sk = tally.key("stream", mode, table)
    if structure:
        tally.bad(sk, "; ".join(structure[:3]) + (" (+%d more)" % (len(structure) - 3) if len(structure) > 3 else ""))
    else:
        tally.ok(sk)
    log("%-22s %-16s %7d messages in %5.1fs" % (table, mode, n, time.monotonic() - t))


def show(v, limit=160):
    s = v if isinstance(v, str) and v.startswith("<") else json.dumps(v, default=str)
    return s if len(s) <= limit else s[:limit] + "...(%d chars)" % len(s)


def main():
    if len(sys.argv) != 3:
        print("usage: random_values_test.py <host> <port>", file=sys.stderr)
        return 2
    host, port = sys.argv[1], int(sys.argv[2])
    print("random_values_test: RANDOM_SEED=%d RANDOM_ROWS=%d RANDOM_TEMPORAL_ROWS=%d RANDOM_PEEK_SESSION=%s"
          % (SEED, ROWS, TROWS, PEEK_SESSION), flush=True)
    rng = random.Random(SEED)

    # --- columns
    pairs = [(10, 2), (12, 0), (5, 5)]
    for _ in range(4):
        p = rng.randint(1, 38)
        pairs.append((p, rng.randint(0, p)))
    p = rng.randint(100, 1000)
    pairs.append((p, rng.randint(0, p)))
    ncols = [Col("n", "numeric", "var")]
    for i, (p, s) in enumerate(pairs):
        ncols.append(Col("d%d" % i, "numeric(%d)" % p if (i == 1) else "numeric(%d,%d)" % (p, s), "fixed", p, s))
    tcols = [Col("ts", "timestamp", "ts_us"), Col("ts5", "timestamp(5)", "ts_us", 5),
             Col("ts3", "timestamp(3)", "ts_ms", 3), Col("ts0", "timestamp(0)", "ts_ms", 0),
             Col("tz", "timestamptz", "tstz"), Col("tz3", "timestamptz(3)", "tstz", 3),
             Col("tz0", "timestamptz(0)", "tstz", 0), Col("iv", "interval", "interval")]

    # --- values
    t = time.monotonic()
    nrows = []
    for rid in range(1, ROWS + 1):
        nrows.append((rid, gen_var(rng)) + tuple(gen_fixed(rng, c.p, c.s) for c in ncols[1:]))
    trows = []
    for rid in range(1, TROWS + 1):
        trows.append((rid,
                      gen_timestamp(rng, None, False), gen_timestamp(rng, 5, False),
                      gen_timestamp(rng, 3, True), gen_timestamp(rng, 0, True),
                      gen_timestamptz(rng, None), gen_timestamptz(rng, 3), gen_timestamptz(rng, 0),
                      gen_interval(rng)))
    log("generated %d numeric rows, %d temporal rows in %.1fs" % (ROWS, TROWS, time.monotonic() - t))

    conn = connect(host, port)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS rnd_numeric, rnd_temporal")
    for slot in ("rnd_numeric", "rnd_temporal"):
        cur.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
                    (slot,))
    cur.execute("CREATE TABLE rnd_numeric (id int PRIMARY KEY, %s)"
                % ", ".join("%s %s" % (c.name, c.sqltype) for c in ncols))
    cur.execute("CREATE TABLE rnd_temporal (id int PRIMARY KEY, %s)"
                % ", ".join("%s %s" % (c.name, c.sqltype) for c in tcols))
    conn.commit()
    print("columns: " + ", ".join("%s %s" % (c.name, c.sqltype) for c in ncols + tcols), flush=True)

    # Slot 1 sees only the numeric transactions (peeked up to the LSN after
    # them); slot 2 is created after them and sees only the temporal ones.
    t = time.monotonic()
    cur.execute("SELECT pg_create_logical_replication_slot('rnd_numeric', 'cdc_plugin')")
    conn.commit()
    insert_rows(conn, "rnd_numeric", ncols, nrows)
    cur.execute("SELECT pg_current_wal_lsn()")
    numeric_upto = cur.fetchone()[0]
    conn.commit()
    cur.execute("SELECT pg_create_logical_replication_slot('rnd_temporal', 'cdc_plugin')")
    conn.commit()
    insert_rows(conn, "rnd_temporal", tcols, trows)
    cur.execute("SELECT pg_current_wal_lsn()")
    temporal_upto = cur.fetchone()[0]
    conn.commit()
    log("inserted in %.1fs" % (time.monotonic() - t))
    del nrows, trows

    nref = reference(conn, "rnd_numeric", ncols)
    # the temporal reference also carries PG's own exact fields, to check the
    # parsers of this test (not the plugin) against PostgreSQL
    extra = "".join(", extract(epoch from %s)::text" % c.name for c in tcols if c.kind != "interval")
    extra += (", extract(year from iv)::text, extract(month from iv)::text, extract(day from iv)::text,"
              " extract(hour from iv)::text, extract(minute from iv)::text, extract(second from iv)::text")
    tfull = reference(conn, "rnd_temporal", tcols, extra)
    tref = {}
    selfcheck = []
    ntc = len(tcols)
    for rid, row in tfull.items():
        tref[rid] = row[:ntc]
        epochs = row[ntc:ntc + ntc - 1]
        for c, text, ep in zip(tcols[:-1], row[:ntc - 1], epochs):
            if text is None or text in ("infinity", "-infinity"):
                continue
            mine = epoch_micros(parse_pg_timestamp(text))
            if abs(mine) >= 2 ** 63:
                continue    # PG's extract() itself goes through a rounded numeric division there
            if mine != int(Decimal(ep) * 1000000):
                selfcheck.append("id %d %s: parsed %r -> %d, PG epoch %s" % (
                    rid, c.name, text, epoch_micros(parse_pg_timestamp(text)), ep))
        iv = row[ntc - 1]
        if iv is not None:
            y, mo, d, h, mi, whole, micro = parse_pg_interval(iv)
            pg = row[2 * ntc - 1:]
            mine = (y, mo, d, h, mi, Decimal(whole * 1000000 + micro) / 1000000)
            theirs = tuple(int(Decimal(v)) for v in pg[:5]) + (Decimal(pg[5]),)
            if mine != theirs:
                selfcheck.append("id %d iv: parsed %r -> %r, PG extract %r" % (rid, iv, mine, theirs))
    log("reference rows read (%d numeric, %d temporal)" % (len(nref), len(tref)))

    tally = Tally()
    sk = tally.key("self-check", "-", "test parsers vs PG extract()")
    if selfcheck:
        for s in selfcheck:
            tally.bad(sk, s)
    else:
        tally.ok(sk)

    pconn = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres")
    odd_session(pconn)

    numeric_family = lambda c: "numeric" if c.kind == "var" else "numeric(p,s)"
    for mode, opts in [("precise", {"decimal.handling.mode": "precise"}),
                       ("double", {"decimal.handling.mode": "double"}),
                       ("string", {"decimal.handling.mode": "string"}),
                       ("precise+NUMERIC", {"decimal.handling.mode": "precise", "decimal.format": "NUMERIC"})]:
        run_mode(tally, pconn, numeric_family, "rnd_numeric", numeric_upto, "rnd_numeric", ncols, nref,
                 mode, opts, exp_numeric)

    temporal_family = lambda c: {"ts_us": "timestamp", "ts_ms": "timestamp", "tstz": "timestamptz",
                                 "interval": "interval"}[c.kind]
    for mode, opts in [("interval=numeric", {"time.precision.mode": "adaptive",
                                             "interval.handling.mode": "numeric"}),
                       ("interval=string", {"interval.handling.mode": "string"})]:
        run_mode(tally, pconn, temporal_family, "rnd_temporal", temporal_upto, "rnd_temporal", tcols, tref,
                 mode, opts, exp_temporal)

    # --- report
    print()
    print("per family / mode / column (one check per decoded value):")
    print("  %-13s %-17s %-26s %9s %9s" % ("family", "mode", "column", "passed", "failed"))
    for (family, mode, column), (ok, bad, _) in tally.by_key.items():
        print("  %-13s %-17s %-26s %9d %9d%s" % (family, mode, column, ok, bad, "" if not bad else "  FAIL"))
    summary = collections.OrderedDict()
    for (family, mode, _), (ok, bad, _) in tally.by_key.items():
        s = summary.setdefault((family, mode), [0, 0])
        s[0] += ok
        s[1] += bad
    print()
    print("per family and mode:")
    for (family, mode), (ok, bad) in summary.items():
        print("  %-13s %-17s %s" % (family, mode, "PASS (%d values)" % ok if not bad
                                      else "FAIL (%d of %d wrong)" % (bad, ok + bad)))
    if tally.failed:
        print()
        print("first failures (id, PostgreSQL text, JSON out, expected):")
        for (family, mode, column), (ok, bad, ex) in tally.by_key.items():
            if not bad:
                continue
            print("  [%s / %s / %s] %d failed" % (family, mode, column, bad))
            for e in ex:
                if isinstance(e, tuple):
                    rid, text, got, exp = e
                    print("    id %d: pg %s -> got %s, expected %s" % (rid, show(text), show(got), show(exp)))
                else:
                    print("    %s" % e)
    log("done")
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

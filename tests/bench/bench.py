#!/usr/bin/python3
"""tests/bench/bench.py: the decoding benchmark's driver (started by run.sh).

run.sh has started a throwaway cluster (127.0.0.1:<port>, wal_level=logical,
fsync=off) whose dynamic_library_path holds cdc_plugin.so and floor.so.  For
each workload this script creates one slot per plugin configuration, runs the
workload (so every configuration decodes exactly the same WAL), notes the end
LSN, then decodes it again and again:

  peek    pg_logical_slot_peek_changes (text plugins) or
          pg_logical_slot_peek_binary_changes (binary ones) up to the end LSN,
          on a fresh connection; the decoding process is that backend.  Only
          count(*) and sum(octet_length(data)) travel to the client.
  stream  pg_recvlogical --start -E <end lsn> -f - (into wc -c) on a copy of
          the slot (pg_copy_logical_replication_slot); the decoding process
          is the walsender.
  instructions (opt-in)  the peek query in a single-user backend under
          valgrind's callgrind, with the cluster stopped meanwhile: the
          instructions executed, which do not depend on what else the
          machine is doing (run once; about 50 times slower than peek).

Per run: wall seconds, the decoding process's CPU seconds (/proc/<pid>/stat;
for the walsender, which exits with the run, the postmaster's reaped-children
CPU delta), output bytes (per change of the workload) and the peak RssAnon
of the decoding process sampled from /proc/<pid>/status every 10 ms.  Each
repeat runs the configurations in a rotated order, so drift hits all alike;
the tables show medians.
"""
import argparse
import datetime
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from procfs import cpu_seconds, status_kb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# name, output plugin, options, output kind.  Slots: one per configuration.
CONFIGS = [
    ("floor", "floor", [], "text"),
    ("test_decoding", "test_decoding", [], "text"),
    ("pgoutput", "pgoutput", [("proto_version", "1"), ("publication_names", "bench_pub")], "binary"),
    ("wal2json-v1", "wal2json", [("format-version", "1")], "text"),
    ("wal2json-v2", "wal2json", [("format-version", "2")], "text"),
    ("decoderbufs", "decoderbufs", [], "binary"),
    ("cdc_plugin", "cdc_plugin", [], "text"),
    ("cdc_plugin+schemas", "cdc_plugin", [("schemas.enable", "true")], "text"),
]
CONFIG_BY_NAME = {c[0]: c for c in CONFIGS}

# Base row counts (scaled by --scale).
BASE_ROWS = {"W1": 250_000, "W2": 50_000, "W3": 125_000, "W4": 125_000, "W5": 1_250_000}
BATCH = 5_000
WORKLOAD_DESC = {
    "W1": "inserts in one transaction, 12-column table",
    "W2": "single-row transactions, 3-column table",
    "W3": "updates of the wide table, 5,000 per transaction, REPLICA IDENTITY DEFAULT",
    "W4": "updates of the wide table, 5,000 per transaction, REPLICA IDENTITY FULL",
    "W5": "inserts in one transaction, 3-column table",
}

SCHEMA_SQL = """
CREATE TABLE wide (
    id bigint PRIMARY KEY, i int, t text, v varchar(64), n numeric(12,2), f float8,
    b bool, ts timestamptz, d date, u uuid, j jsonb, by bytea);
CREATE TABLE narrow (id bigint PRIMARY KEY, k int, v text);
CREATE PUBLICATION bench_pub FOR ALL TABLES;
"""

# ~50 characters of text, a small jsonb, 16 bytes of bytea.
WIDE_INSERT = """
INSERT INTO wide
SELECT g, g % 100000,
       'text value number ' || lpad(g::text, 12, '0') || ' padding xxxxxxxxxxx',
       'varchar ' || g, ((g % 10000000) / 100.0)::numeric(12,2), g * 1.5, g % 2 = 0,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
       date '2024-01-01' + (g % 1000), md5(g::text)::uuid,
       jsonb_build_object('k', g, 's', 'small'), decode(md5(g::text), 'hex')
FROM generate_series(1, {n}) g
"""
NARROW_SINGLE = """
DO $$
BEGIN
    FOR g IN 1..{n} LOOP
        INSERT INTO narrow VALUES (g, g % 1000, 'narrow row ' || g);
        COMMIT;
    END LOOP;
END $$
"""
WIDE_UPDATES = """
DO $$
DECLARE s bigint := 1;
BEGIN
    WHILE s <= {n} LOOP
        UPDATE wide SET i = i + 1, t = 'updated text value ' || lpad(id::text, 12, '0') || ' {tag} xxxxxxxxxxx',
                        ts = ts + interval '1 hour'
        WHERE id >= s AND id < s + {batch} AND id <= {n};
        COMMIT;
        s := s + {batch};
    END LOOP;
END $$
"""
NARROW_INSERT = """
INSERT INTO narrow SELECT g, g % 1000, 'narrow row ' || g FROM generate_series({lo}, {hi}) g
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def wait_gone(pid, timeout=10.0):
    """Wait until /proc/<pid> is gone (exited and reaped)."""
    end = time.monotonic() + timeout
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < end:
        time.sleep(0.005)


class Sampler(threading.Thread):
    """Samples a process's RssAnon and CPU every 10 ms until stopped."""

    def __init__(self, pid, interval=0.01):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = None
        self.last_cpu = None
        self._halt = threading.Event()

    def sample(self):
        kb = status_kb(self.pid, "RssAnon")
        cpu = cpu_seconds(self.pid)
        if kb is not None:
            self.peak_kb = kb if self.peak_kb is None else max(self.peak_kb, kb)
        if cpu is not None:
            self.last_cpu = cpu

    def run(self):
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


class Bench:
    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with open(os.path.join(args.cluster_dir, "data", "postmaster.pid")) as f:
            self.postmaster_pid = int(f.readline())
        self.admin = self.connect()
        self.rows = {w: max(1, round(n * args.scale)) for w, n in BASE_ROWS.items()}
        self.batch = min(BATCH, self.rows["W3"])
        self.results = []          # one dict per (workload, config, method)

    def connect(self):
        conn = psycopg2.connect(self.dsn)
        conn.autocommit = True
        return conn

    def sql(self, query, params=None, fetch=False):
        with self.admin.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall() if fetch else None

    # ---------------------------------------------------------------- workloads
    def workload_sql(self, w):
        r = self.rows
        if w == "W1":
            return [WIDE_INSERT.format(n=r["W1"])]
        if w == "W2":
            return [NARROW_SINGLE.format(n=r["W2"])]
        if w in ("W3", "W4"):
            return [WIDE_UPDATES.format(n=min(r[w], r["W1"]), batch=self.batch, tag=w.lower())]
        if w == "W5":
            return [NARROW_INSERT.format(lo=r["W2"] + 1, hi=r["W2"] + r["W5"])]
        raise ValueError(w)

    def workload_prepare(self, w):
        """Not measured, before the slots: table state the workload needs."""
        if w == "W3":
            self.sql("ALTER TABLE wide REPLICA IDENTITY DEFAULT")
        if w == "W4":
            self.sql("ALTER TABLE wide REPLICA IDENTITY FULL")
        self.sql("VACUUM ANALYZE")
        self.sql("CHECKPOINT")

    def changes(self, w):
        return min(self.rows[w], self.rows["W1"]) if w in ("W3", "W4") else self.rows[w]

    def run_workload(self, w):
        t0 = time.perf_counter()
        for q in self.workload_sql(w):
            self.sql(q)
        end = self.sql("SELECT pg_current_wal_insert_lsn()", fetch=True)[0][0]
        # synchronous_commit is off: wait until the walwriter has flushed it all,
        # as decoding reads only flushed WAL.
        while not self.sql("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", (end,), fetch=True)[0][0]:
            time.sleep(0.05)
        log(f"{w}: {self.changes(w)} changes written in {time.perf_counter() - t0:.1f} s, end LSN {end}")
        return end

    # ---------------------------------------------------------------- slots
    @staticmethod
    def slot_name(cfg):
        return "bench_" + re.sub(r"[^a-z0-9]", "_", cfg[0].lower())

    def create_slots(self, configs):
        for cfg in configs:
            self.sql("SELECT pg_create_logical_replication_slot(%s, %s)", (self.slot_name(cfg), cfg[1]))

    def drop_slot(self, name):
        end = time.monotonic() + 30
        while True:
            rows = self.sql("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (name,), fetch=True)
            if not rows:
                return
            if rows[0][0] is None:
                self.sql("SELECT pg_drop_replication_slot(%s)", (name,))
                return
            if time.monotonic() > end:
                raise RuntimeError(f"slot {name} stays active (pid {rows[0][0]})")
            time.sleep(0.01)

    def drop_all_slots(self):
        for (name,) in self.sql("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'bench\\_%%'", fetch=True):
            self.drop_slot(name)

    # ---------------------------------------------------------------- methods
    def run_peek(self, cfg, end_lsn, perf_out=None):
        fn = "pg_logical_slot_peek_binary_changes" if cfg[3] == "binary" else "pg_logical_slot_peek_changes"
        opts = [x for kv in cfg[2] for x in kv]
        query = (f"SELECT count(*), coalesce(sum(octet_length(data)), 0) "
                 f"FROM {fn}(%s, %s::pg_lsn, NULL, VARIADIC %s::text[])")
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                pid = cur.fetchone()[0]
                perf = self.perf_start(pid, perf_out) if perf_out else None
                sampler = Sampler(pid)
                sampler.sample()
                cpu0 = cpu_seconds(pid)
                sampler.start()
                t0 = time.perf_counter()
                cur.execute(query, (self.slot_name(cfg), end_lsn, opts))
                messages, nbytes = cur.fetchone()
                wall = time.perf_counter() - t0
                cpu = cpu_seconds(pid) - cpu0
                sampler.stop()
                if perf:
                    self.perf_stop(perf)
        finally:
            conn.close()
        wait_gone(pid)          # its exit must not land in a stream run's postmaster CPU delta
        return dict(wall=wall, cpu=cpu, bytes=int(nbytes), messages=int(messages), peak_kb=sampler.peak_kb)

    def as_postgres(self, cmd):
        return cmd if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"] + cmd

    def pg_ctl(self, *args):
        data = os.path.join(self.args.cluster_dir, "data")
        subprocess.run(self.as_postgres([os.path.join(self.args.pg_bin, "pg_ctl"), "-D", data, "-w"] + list(args)),
                       check=True, stdout=subprocess.DEVNULL, cwd="/")

    def run_instructions(self, cfg, end_lsn):
        """The peek query's instruction count in a single-user backend under
        callgrind; the cluster is stopped meanwhile and started again."""
        fn = "pg_logical_slot_peek_binary_changes" if cfg[3] == "binary" else "pg_logical_slot_peek_changes"
        opts = "".join(f", '{k}', '{v}'" for k, v in cfg[2])
        query = (f"SELECT count(*), coalesce(sum(octet_length(data)), 0) "
                 f"FROM {fn}('{self.slot_name(cfg)}', '{end_lsn}'::pg_lsn, NULL{opts})\n")
        data = os.path.join(self.args.cluster_dir, "data")
        out = os.path.join(self.args.cluster_dir, "callgrind.out")
        self.admin.close()
        self.pg_ctl("stop", "-m", "fast")
        try:
            r = subprocess.run(self.as_postgres(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                 os.path.join(self.args.pg_bin, "postgres"), "--single", "-D", data, "postgres"]),
                input=query, capture_output=True, text=True, cwd="/")
        finally:
            self.pg_ctl("start", "-l", os.path.join(self.args.cluster_dir, "server.log"))
            with open(os.path.join(data, "postmaster.pid")) as f:
                self.postmaster_pid = int(f.readline())
            self.admin = self.connect()
        collected = re.search(r"Collected : (\d+)", r.stderr)
        values = re.findall(r'= "(\d+)"', r.stdout)
        if r.returncode != 0 or collected is None or len(values) != 2:
            raise RuntimeError(f"callgrind run of {cfg[0]} failed: {r.stdout[-500:]} {r.stderr[-500:]}")
        return dict(wall=None, cpu=None, instructions=int(collected.group(1)), bytes=int(values[1]),
                    messages=int(values[0]), peak_kb=None)

    def run_stream(self, cfg, end_lsn, perf_out=None):
        copy = "bench_copy"
        self.drop_slot(copy)
        self.sql("SELECT pg_copy_logical_replication_slot(%s, %s)", (self.slot_name(cfg), copy))
        cmd = [os.path.join(self.args.pg_bin, "pg_recvlogical"), "-h", "127.0.0.1", "-p", str(self.port),
               "-U", "postgres", "-d", "postgres", "--slot", copy, "--start", "-E", end_lsn,
               "--no-loop", "-f", "-"]
        for k, v in cfg[2]:
            cmd += ["-o", f"{k}={v}"]
        errf = open(os.path.join(self.args.cluster_dir, "recvlogical.err"), "w+")
        pm_cpu0 = cpu_seconds(self.postmaster_pid, children=True)
        t0 = time.perf_counter()
        recv = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errf)
        wc = subprocess.Popen(["wc", "-c"], stdin=recv.stdout, stdout=subprocess.PIPE)
        recv.stdout.close()
        pid = None
        while recv.poll() is None:
            rows = self.sql("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (copy,), fetch=True)
            if rows and rows[0][0] is not None:
                pid = rows[0][0]
                break
            time.sleep(0.002)
        sampler = perf = None
        if pid is not None:
            perf = self.perf_start(pid, perf_out, settle=0) if perf_out else None
            sampler = Sampler(pid)
            sampler.start()
        rc = recv.wait()
        wall = time.perf_counter() - t0
        nbytes = int(wc.communicate()[0].split()[0])
        if sampler:
            sampler.stop()
        if perf:
            self.perf_stop(perf)
        errf.seek(0)
        err = errf.read()
        errf.close()
        if rc != 0:
            raise RuntimeError(f"pg_recvlogical ({cfg[0]}) exited with {rc}: {err.strip()}")
        if pid is not None:
            wait_gone(pid)
        pm_cpu = cpu_seconds(self.postmaster_pid, children=True) - pm_cpu0
        sampled = sampler.last_cpu if sampler and sampler.last_cpu is not None else None
        # The postmaster reaps the walsender: its children's CPU grows by exactly
        # the walsender's, unless another child exited meanwhile (none should).
        if sampled is None or sampled - 0.02 <= pm_cpu <= sampled + 1.0:
            cpu = pm_cpu
        else:
            cpu = sampled
        self.drop_slot(copy)
        return dict(wall=wall, cpu=cpu, bytes=nbytes, messages=None,
                    peak_kb=sampler.peak_kb if sampler else None)

    # ---------------------------------------------------------------- perf
    def perf_start(self, pid, out, settle=0.3):
        p = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "1999", "-g", "-p", str(pid),
                              "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(settle)
        if p.poll() is not None:
            log("perf record failed: " + p.stderr.read().decode(errors="replace").strip())
            return None
        return p

    @staticmethod
    def perf_stop(p):
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    # ---------------------------------------------------------------- driver
    def run(self):
        a = self.args
        self.sql(SCHEMA_SQL)
        configs = [CONFIG_BY_NAME[n] for n in a.plugins]
        self.machine = machine_info(self)
        t_start = time.perf_counter()
        last = max(int(w[1:]) for w in a.workloads)
        for wi in range(1, last + 1):
            w = f"W{wi}"
            self.workload_prepare(w)
            if w not in a.workloads:
                self.run_workload(w)            # only the state later workloads need
                continue
            self.create_slots(configs)
            end = self.run_workload(w)
            runs = {(c[0], m): [] for c in configs for m in a.methods}
            for r in range(a.repeats):
                k = r % len(configs)
                for cfg in configs[k:] + configs[:k]:
                    for m in a.methods:
                        if m == "instructions":
                            if r > 0:
                                continue        # a count, the same every time
                            res = self.run_instructions(cfg, end)
                            log(f"  {w} {cfg[0]:<19} {res['instructions']:,} instructions"
                                f"  {res['bytes'] / self.changes(w):8.1f} B/change")
                            runs[(cfg[0], m)].append(res)
                            continue
                        res = (self.run_peek if m == "peek" else self.run_stream)(cfg, end)
                        runs[(cfg[0], m)].append(res)
                        log(f"  {w} repeat {r + 1}/{a.repeats} {cfg[0]:<19} {m:<6} wall {res['wall']:7.3f} s"
                            f"  cpu {res['cpu']:7.3f} s  {res['bytes'] / self.changes(w):8.1f} B/change"
                            f"  peak {fmt_mb(res['peak_kb'])} MB")
            for (name, m), rs in runs.items():
                self.results.append(dict(workload=w, plugin=name, method=m, changes=self.changes(w), runs=rs,
                                         median=median_of(rs, self.changes(w))))
            self.sanity(w, runs)
            self.drop_all_slots()
        self.elapsed = time.perf_counter() - t_start
        self.write_results()

    def sanity(self, w, runs):
        for m in ("peek",):
            rs = runs.get(("cdc_plugin", m))
            if rs and rs[0]["messages"] != self.changes(w):
                log(f"WARNING: {w} cdc_plugin peek gave {rs[0]['messages']} messages for {self.changes(w)} changes")

    def profile(self):
        a = self.args
        parts = a.profile.split(":")
        if len(parts) not in (2, 3) or parts[0] not in CONFIG_BY_NAME or parts[1] not in BASE_ROWS:
            sys.exit(f"--profile wants PLUGIN:WORKLOAD[:peek|stream], e.g. cdc_plugin:W1 (plugins: "
                     f"{', '.join(CONFIG_BY_NAME)})")
        cfg, w = CONFIG_BY_NAME[parts[0]], parts[1]
        method = parts[2] if len(parts) == 3 else "peek"
        self.sql(SCHEMA_SQL)
        for wi in range(1, int(w[1:]) + 1):
            wn = f"W{wi}"
            self.workload_prepare(wn)
            if wn != w:
                self.run_workload(wn)
                continue
            self.create_slots([cfg])
            end = self.run_workload(wn)
        os.makedirs(a.results_dir, exist_ok=True)
        tag = f"{re.sub(r'[^A-Za-z0-9_.-]', '_', cfg[0])}-{w}-{method}"
        data = os.path.join(a.cluster_dir, "perf.data")   # removed with the cluster
        fn = self.run_peek if method == "peek" else self.run_stream
        fn(cfg, end)                                       # warm-up (page cache, WAL files)
        res = fn(cfg, end, perf_out=data)
        log(f"profiled run: wall {res['wall']:.3f} s, cpu {res['cpu']:.3f} s")
        if not os.path.exists(data):
            sys.exit("perf record gave no data (perf unsupported here?)")
        # Reported while the cluster (and so its lib/cdc_plugin.so) still exists.
        out = os.path.join(a.results_dir, f"profile-{tag}.txt")
        base = ["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none"]
        by_dso = subprocess.run(base + ["--sort", "dso"], capture_output=True, text=True).stdout
        by_sym = subprocess.run(base + ["--sort", "dso,sym", "--percent-limit", "0.2"],
                                capture_output=True, text=True).stdout
        callers = subprocess.run(["perf", "report", "-i", data, "--stdio", "--children", "-g", "none",
                                  "--sort", "sym", "--percent-limit", "2"], capture_output=True, text=True).stdout
        with open(out, "w") as f:
            f.write(f"# perf profile: {cfg[0]} on {w} ({self.changes(w)} changes), method {method}\n")
            f.write(f"# wall {res['wall']:.3f} s, decoding process CPU {res['cpu']:.3f} s\n\n")
            f.write("## Self time by shared object\n\n" + strip_comments(by_dso) + "\n")
            f.write("## Self time by symbol\n\n" + strip_comments(by_sym) + "\n")
            f.write("## Time including callees (frame-pointer call graphs)\n\n" + strip_comments(callers) + "\n")
        print(f"# {cfg[0]} {w} {method}: wall {res['wall']:.3f} s, cpu {res['cpu']:.3f} s\n")
        print("## by shared object\n" + strip_comments(by_dso))
        print("## top symbols (self)\n" + "\n".join(strip_comments(by_sym).splitlines()[:40]))
        print(f"\nfull report: {out}")

    # ---------------------------------------------------------------- output
    def write_results(self):
        a = self.args
        md = render_markdown(self)
        print(md)
        os.makedirs(a.results_dir, exist_ok=True)
        # a run of instruction counts alone keeps its own files beside the timed run's
        name = "instructions" if a.methods == ["instructions"] else "latest"
        with open(os.path.join(a.results_dir, f"{name}.md"), "w") as f:
            f.write(md)
        doc = dict(machine=self.machine, scale=a.scale, repeats=a.repeats, methods=a.methods,
                   elapsed_seconds=round(self.elapsed, 1),
                   workloads={w: dict(changes=self.changes(w), description=WORKLOAD_DESC[w]) for w in a.workloads},
                   configs=[dict(name=c[0], plugin=c[1], options=dict(c[2]), output=c[3])
                            for c in CONFIGS if c[0] in a.plugins],
                   results=self.results, ratios=ratio_rows(self), targets=target_rows(self))
        with open(os.path.join(a.results_dir, f"{name}.json"), "w") as f:
            json.dump(doc, f, indent=1)
        log(f"results: {os.path.join(a.results_dir, name + '.md')} and {name}.json "
            f"({self.elapsed / 60:.1f} minutes of measuring)")


def strip_comments(text):
    return "\n".join(l for l in text.splitlines() if not l.startswith("#")).strip() + "\n"


def median_of(runs, changes):
    def med(key):
        vals = [r[key] for r in runs if r[key] is not None]
        return statistics.median(vals) if vals else None
    b = med("bytes")
    return dict(wall=med("wall"), cpu=med("cpu"), bytes=b,
                bytes_per_change=None if b is None else b / changes, peak_kb=med("peak_kb"),
                instructions=med("instructions") if any("instructions" in r for r in runs) else None)


def fmt_mb(kb):
    return "   -" if kb is None else f"{kb / 1024:6.1f}"


def machine_info(bench):
    def first(path, key):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    def os_name():
        try:
            with open("/etc/os-release") as f:
                for line in f:
                    if line.startswith("PRETTY_NAME="):
                        return line.split("=", 1)[1].strip().strip('"')
        except OSError:
            pass
        return platform.platform()

    def pkg(name):
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
        return r.stdout.strip() or "?"

    def git(*args):
        r = subprocess.run(["git", "-C", REPO] + list(args), capture_output=True, text=True)
        return r.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no", "--", "plugin"):
        commit += " (plugin/ modified)"
    settings = bench.sql("SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                         "'full_page_writes', 'shared_buffers', 'logical_decoding_work_mem', 'work_mem', "
                         "'wal_level', 'max_wal_size') ORDER BY name", fetch=True)
    return dict(
        cpu=first("/proc/cpuinfo", "model name"), cores=os.cpu_count(),
        memory=f"{int(first('/proc/meminfo', 'MemTotal').split()[0]) / 1048576:.0f} GiB", kernel=platform.release(),
        os=os_name(),
        postgres=bench.sql("SHOW server_version", fetch=True)[0][0],
        wal2json=pkg("postgresql-15-wal2json"), decoderbufs=pkg("postgresql-15-decoderbufs"),
        cdc_plugin_commit=commit, date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        settings={k: v for k, v in settings})


def get(bench, w, plugin, method, key="wall"):
    for r in bench.results:
        if r["workload"] == w and r["plugin"] == plugin and r["method"] == method:
            return r["median"][key]
    return None


def ratio(a, b):
    return None if a is None or b is None or b <= 0 else a / b


def ratio_rows(bench):
    rows = []
    for w in bench.args.workloads:
        for m in bench.args.methods:
            # for the instructions method the counts stand in for wall time (no CPU, no memory)
            main = "instructions" if m == "instructions" else "wall"
            g = lambda p, k=main: get(bench, w, p, m, k)
            cdc, fl, w2 = g("cdc_plugin"), g("floor"), g("wal2json-v2")
            cdc_c, fl_c, w2_c = g("cdc_plugin", "cpu"), g("floor", "cpu"), g("wal2json-v2", "cpu")
            mem_c, mem_f = g("cdc_plugin", "peak_kb"), g("floor", "peak_kb")
            rows.append(dict(
                workload=w, method=m,
                wall_vs_test_decoding=ratio(cdc, g("test_decoding")),
                cpu_vs_test_decoding=ratio(cdc_c, g("test_decoding", "cpu")),
                wall_vs_wal2json_v2=ratio(cdc, w2), cpu_vs_wal2json_v2=ratio(cdc_c, w2_c),
                wall_vs_floor=ratio(cdc, fl), cpu_vs_floor=ratio(cdc_c, fl_c),
                above_floor_vs_wal2json_v2=None if None in (cdc, fl, w2) else ratio(cdc - fl, w2 - fl),
                cpu_above_floor_vs_wal2json_v2=None if None in (cdc_c, fl_c, w2_c) else ratio(cdc_c - fl_c, w2_c - fl_c),
                schemas_vs_default=ratio(g("cdc_plugin+schemas"), cdc),
                mem_above_floor_mb=None if None in (mem_c, mem_f) else (mem_c - mem_f) / 1024))
    return rows


def target_rows(bench):
    """The issue's targets, each as (target, workload, method, value, limit, met)."""
    out = []
    for r in ratio_rows(bench):
        checks = [("wall ≤ test_decoding", r["wall_vs_test_decoding"], 1.0),
                  ("wall ≤ 0.7 × wal2json v2", r["wall_vs_wal2json_v2"], 0.7),
                  ("peak RssAnon ≤ floor + 5 MB", r["mem_above_floor_mb"], 5.0),
                  ("schemas.enable=true ≤ 1.3 × default", r["schemas_vs_default"], 1.3)]
        if r["workload"] in ("W1", "W3"):
            checks.append(("(cdc − floor) ≤ 0.5 × (wal2json v2 − floor)", r["above_floor_vs_wal2json_v2"], 0.5))
        for name, val, lim in checks:
            if val is not None:
                out.append(dict(target=name, workload=r["workload"], method=r["method"], value=val,
                                limit=lim, met=val <= lim))
    return out


def f2(x, nd=2):
    return "–" if x is None else f"{x:.{nd}f}"


def render_markdown(bench):
    a, mi = bench.args, bench.machine
    L = []
    L.append("# Decoding benchmark: " + ("instruction counts" if a.methods == ["instructions"] else "latest results") + "\n")
    L.append(f"`bash tests/bench/run.sh --scale {a.scale:g} --repeats {a.repeats} --methods {','.join(a.methods)}`"
             f" — {mi['date']}, {bench.elapsed / 60:.1f} minutes of measuring.\n")
    L.append(f"Machine: {mi['cpu']}, {mi['cores']} cores, {mi['memory']} RAM, {mi['os']}, kernel {mi['kernel']}; "
             f"PostgreSQL {mi['postgres']}, wal2json {mi['wal2json']}, decoderbufs {mi['decoderbufs']}, "
             f"cdc_plugin {mi['cdc_plugin_commit']}.\n")
    L.append("Cluster: " + ", ".join(f"{k}={v}" for k, v in mi["settings"].items())
             + " (fsync off: a throwaway cluster; durability is not what is measured).\n")
    L.append("Medians of the runs. wall: seconds to decode the workload's WAL (peek: the query; stream: "
             "pg_recvlogical from start to exit). CPU: seconds of the decoding process (backend or walsender). "
             "B/chg: output bytes per row change (stream: as pg_recvlogical writes it, one newline per message). "
             "MB: peak RssAnon of the decoding process.\n")
    for w in a.workloads:
        L.append(f"## {w}: {bench.changes(w):,} {WORKLOAD_DESC[w]}\n")
        head = "| plugin |"
        sep = "|---|"
        for m in a.methods:
            if m == "instructions":
                head += " instructions (millions) |"
                sep += "---:|"
                continue
            head += f" {m} wall s | {m} CPU s | {m} B/chg | {m} MB |"
            sep += "---:|---:|---:|---:|"
        L.append(head)
        L.append(sep)
        for c in CONFIGS:
            if c[0] not in a.plugins:
                continue
            line = f"| {c[0]} |"
            for m in a.methods:
                med = next(r["median"] for r in bench.results
                           if r["workload"] == w and r["plugin"] == c[0] and r["method"] == m)
                if m == "instructions":
                    line += f" {f2(med['instructions'] / 1e6, 1)} |"
                    continue
                line += (f" {f2(med['wall'], 3)} | {f2(med['cpu'], 3)} | {f2(med['bytes_per_change'], 1)} |"
                         f" {f2(None if med['peak_kb'] is None else med['peak_kb'] / 1024, 1)} |")
            L.append(line)
        L.append("")
    L.append("## Ratios (cdc_plugin with default options)\n")
    L.append("wall / CPU ratios of medians (method instructions: ratios of instruction counts, in the wall "
             "columns); above floor: (cdc_plugin − floor) / (wal2json v2 − floor); "
             "schemas: cdc_plugin+schemas / cdc_plugin (wall); MB over floor: peak RssAnon difference.\n")
    L.append("| workload | method | / test_decoding wall | CPU | / wal2json v2 wall | CPU | / floor wall | CPU "
             "| above floor vs wal2json v2 wall | CPU | schemas / default | MB over floor |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in ratio_rows(bench):
        L.append(f"| {r['workload']} | {r['method']} | {f2(r['wall_vs_test_decoding'])} | {f2(r['cpu_vs_test_decoding'])}"
                 f" | {f2(r['wall_vs_wal2json_v2'])} | {f2(r['cpu_vs_wal2json_v2'])} | {f2(r['wall_vs_floor'])}"
                 f" | {f2(r['cpu_vs_floor'])} | {f2(r['above_floor_vs_wal2json_v2'])}"
                 f" | {f2(r['cpu_above_floor_vs_wal2json_v2'])} | {f2(r['schemas_vs_default'])}"
                 f" | {f2(r['mem_above_floor_mb'], 1)} |")
    L.append("")
    tr = target_rows(bench)
    if tr:
        L.append("## Targets (issue 5)\n")
        L.append("| target | met | not met |")
        L.append("|---|---|---|")
        names = []
        for t in tr:
            if t["target"] not in names:
                names.append(t["target"])
        for n in names:
            met = [f"{t['workload']} {t['method']} ({f2(t['value'])})" for t in tr if t["target"] == n and t["met"]]
            miss = [f"{t['workload']} {t['method']} ({f2(t['value'])})" for t in tr if t["target"] == n and not t["met"]]
            L.append(f"| {n} | {', '.join(met) or '–'} | {', '.join(miss) or '–'} |")
        L.append("")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cluster-dir", required=True)
    ap.add_argument("--results-dir", required=True)
    ap.add_argument("--pg-bin", default="/usr/lib/postgresql/15/bin")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every workload's row count (default 1)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per plugin, workload and method (default 3)")
    ap.add_argument("--methods", default="peek,stream",
                    help="peek, stream and/or instructions (callgrind; opt-in, slow) (default peek,stream)")
    ap.add_argument("--plugins", default=",".join(c[0] for c in CONFIGS),
                    help="configurations to run (default all: " + ", ".join(c[0] for c in CONFIGS) + ")")
    ap.add_argument("--workloads", default="W1,W2,W3,W4,W5", help="default W1,W2,W3,W4,W5")
    ap.add_argument("--profile", metavar="PLUGIN:WORKLOAD[:METHOD]",
                    help="perf record the decoding process of one run instead (e.g. cdc_plugin:W1)")
    a = ap.parse_args()
    a.methods = [m for m in a.methods.split(",") if m]
    a.plugins = [p for p in a.plugins.split(",") if p]
    a.workloads = [w.upper() for w in a.workloads.split(",") if w]
    for m in a.methods:
        if m not in ("peek", "stream", "instructions"):
            ap.error(f"unknown method {m}")
    for p in a.plugins:
        if p not in CONFIG_BY_NAME:
            ap.error(f"unknown plugin configuration {p}")
    for w in a.workloads:
        if w not in BASE_ROWS:
            ap.error(f"unknown workload {w}")
    a.workloads = sorted(set(a.workloads), key=lambda w: int(w[1:]))
    if a.scale <= 0 or a.repeats < 1:
        ap.error("--scale must be > 0 and --repeats ≥ 1")
    b = Bench(a)
    if a.profile:
        b.profile()
    else:
        b.run()


if __name__ == "__main__":
    main()

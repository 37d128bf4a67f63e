"""tests/e2e/procfs.py

What the tests and benchmarks read of a process in /proc: a field of its
status in kB (memory) and its CPU seconds.  Both give None once the
process is gone.
"""
import os

CLK_TCK = os.sysconf("SC_CLK_TCK")


def status_kb(pid, field):
    """A field of /proc/<pid>/status in kB (RssAnon, VmRSS, VmHWM, ...), or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def cpu_seconds(pid, children=False):
    """utime+stime (or, with children, cutime+cstime) of a process in seconds, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    rest = s[s.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17.
    a, b = (13, 14) if children else (11, 12)
    return (int(rest[a]) + int(rest[b])) / CLK_TCK

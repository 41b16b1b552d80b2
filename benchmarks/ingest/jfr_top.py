#!/usr/bin/python3
"""Where a JVM's CPU went, from a JFR recording's execution samples, as markdown.

    /usr/bin/python3 benchmarks/ingest/jfr_top.py server.jfr [N]

Runs `jfr print` (the JDK's jfr tool, from JAVA_HOME or PATH) and prints the garbage collector
and its pauses, then three tables: samples per thread, the N (default 15) hottest methods by top
frame (self time), and the N methods most often on the stack (self plus callees), leaving out
frames found in more than 90% of samples (thread roots and event loops). Execution samples cover
Java code on Java threads only; the CPU of GC and JIT compiler threads shows up in the driver's
per-thread CPU (THREADS lines).
"""

import collections
import os
import re
import shutil
import subprocess
import sys

STACK_DEPTH = 256
ROOT_SHARE = 0.9


def jfr_tool():
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(os.path.join(java_home, "bin", "jfr"), os.X_OK):
        return os.path.join(java_home, "bin", "jfr")
    found = shutil.which("jfr")
    if not found:
        sys.exit("jfr_top: the JDK's jfr tool is neither in JAVA_HOME/bin nor on PATH")
    return found


def jfr_print(path, events, *options):
    return subprocess.run([jfr_tool(), "print", "--events", events, *options, path],
                          check=True, capture_output=True, text=True).stdout


SECONDS_PER_UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0}


def seconds(text):
    """"3.05 s", "812 ms", "1 min 2 s" -> seconds."""
    return sum(float(v) * SECONDS_PER_UNIT.get(u, 0) for v, u in re.findall(r"([0-9.]+)\s*([a-z]+)", text))


def gc_summary(path):
    out = jfr_print(path, "jdk.GCConfiguration,jdk.GarbageCollection")
    young = re.search(r'youngCollector = "(.*)"', out)
    old = re.search(r'oldCollector = "(.*)"', out)
    pauses = [seconds(p) for p in re.findall(r"sumOfPauses = (.*)", out)]
    collector = f"{young.group(1)} + {old.group(1)}" if young and old else "unknown collector"
    if not pauses:
        return f"GC: {collector}; no collections recorded."
    return (f"GC: {collector}; {len(pauses)} collections overlapping the recording, "
            f"{sum(pauses):.2f} s paused in total, longest {max(pauses):.2f} s.")


def samples(path):
    """Yields (thread, [frames, innermost first]) per execution sample."""
    out = jfr_print(path, "jdk.ExecutionSample", "--stack-depth", str(STACK_DEPTH))
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("sampledThread = "):
            name = re.match(r'sampledThread = "(.*)"', s)
            thread = re.sub(r"([-#]?\d+)+$", "", name.group(1)) if name else s
        elif s.startswith("stackTrace = ["):
            frames, in_stack = [], True
        elif in_stack and s == "]":
            in_stack = False
            if frames:
                yield thread, frames
        elif in_stack and s != "...":
            # "pkg.Class.method(ArgType, ...) line: 12" -> "pkg.Class.method"
            frames.append(re.sub(r"\(.*$", "", s))


def table(title, counter, total, n):
    print(f"\n{title}\n\n| % of samples | samples | method |\n|---:|---:|---|")
    for name, count in counter.most_common(n):
        print(f"| {100.0 * count / total:.1f} | {count} | `{name}` |")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    threads, top, anywhere = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(sys.argv[1]):
        total += 1
        threads[thread] += 1
        top[frames[0]] += 1
        anywhere.update(set(frames))
    if total == 0:
        sys.exit(f"jfr_top: no execution samples in {sys.argv[1]}")
    print(gc_summary(sys.argv[1]))
    print(f"\n{total} execution samples in `{os.path.basename(sys.argv[1])}`.")
    print("\n| % of samples | samples | thread |\n|---:|---:|---|")
    for name, count in threads.most_common(n):
        print(f"| {100.0 * count / total:.1f} | {count} | {name} |")
    table(f"Hottest {n} methods by top frame (self time):", top, total, n)
    below_roots = collections.Counter({m: c for m, c in anywhere.items() if c <= ROOT_SHARE * total})
    table(f"Top {n} methods on the stack (self and callees; frames in more than "
          f"{ROOT_SHARE:.0%} of samples left out):", below_roots, total, n)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""CPU time (user + system, best of 5) of commands on one file, as MB/s.

    python3 bench/cpu.py FILE LABEL=CMD [LABEL=CMD ...]
e.g. python3 bench/cpu.py bench/data/mixed-200.txt before=/tmp/tw-old after=target/release/textwash
Each CMD gets FILE as its last argument, stdout discarded. CPU time is steadier than wall
time on a shared machine; compare commands from the same run.
"""
import os
import resource
import subprocess
import sys


def cpu(cmd):
    best = float("inf")
    for _ in range(5):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
    return best


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path = sys.argv[1]
    mb = os.path.getsize(path) / 1048576
    for spec in sys.argv[2:]:
        label, _, cmd = spec.partition("=")
        t = cpu(cmd.split() + [path])
        print(f"{label:24} {t:.3f}s {mb / t:7.1f} MB/s")


if __name__ == "__main__":
    main()

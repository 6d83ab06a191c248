#!/usr/bin/env python3
"""CPU time (user + system) of commands on one file, as MB/s.

    python3 bench/cpu.py FILE LABEL=CMD [LABEL=CMD ...]      (RUNS=N, default 5)
e.g. python3 bench/cpu.py bench/data/mixed-200.txt before=/tmp/tw-old after=target/release/textwash
Each CMD gets FILE as its last argument, stdout discarded. The commands take turns,
in alternating order, RUNS rounds, so load that comes and goes on a shared machine
falls on all alike; prints the median and the best of each, and the median's ratio
to the first command's. CPU time is steadier than wall time; compare commands from
the same run.
"""
import os
import resource
import statistics
import subprocess
import sys


def cpu(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path = sys.argv[1]
    mb = os.path.getsize(path) / 1048576
    specs = [spec.partition("=") for spec in sys.argv[2:]]
    cmds = [(label, cmd.split() + [path]) for label, _, cmd in specs]
    times = {label: [] for label, _ in cmds}
    for r in range(int(os.environ.get("RUNS", "5"))):
        for label, cmd in cmds if r % 2 == 0 else cmds[::-1]:
            times[label].append(cpu(cmd))
    base = statistics.median(times[cmds[0][0]])
    for label, _ in cmds:
        med, best = statistics.median(times[label]), min(times[label])
        print(f"{label:24} median {med:.3f}s {mb / med:7.1f} MB/s   best {mb / best:7.1f} MB/s   x{base / med:.2f}")


if __name__ == "__main__":
    main()

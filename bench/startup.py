#!/usr/bin/env python3
"""Start-up latency: wall time of whole runs on a one-line file, as ms.

    python3 bench/startup.py LABEL=BIN [LABEL=BIN ...]      (ROUNDS=N, default 150)
e.g. python3 bench/startup.py before=/tmp/tw-old after=target/release/textwash
The binaries take turns, in alternating order, so load that comes and goes on a
shared machine falls on all alike; prints the median and the best of each. For
counted work instead: valgrind --tool=callgrind --callgrind-out-file=/dev/null BIN FILE.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bins = [spec.partition("=") for spec in sys.argv[1:]]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("A line of text.\n")
    times = {label: [] for label, _, _ in bins}
    try:
        for r in range(int(os.environ.get("ROUNDS", "150"))):
            for label, _, b in bins if r % 2 == 0 else bins[::-1]:
                start = time.perf_counter()
                subprocess.run([b, f.name], stdout=subprocess.DEVNULL, check=True)
                times[label].append(time.perf_counter() - start)
    finally:
        os.unlink(f.name)
    for label, t in times.items():
        print(f"{label:24} median {statistics.median(t) * 1e3:6.2f} ms   best {min(t) * 1e3:6.2f} ms")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How close directory mode's 2-thread speed-up comes to its bound.

    python3 bench/dir_bound.py [TREE] [RUNS]   (TREE default bench/data/files-30-3000, RUNS 8)
    TEXTWASH=BIN to measure another binary (default target/release/textwash)

The tree's top-level directories are split into two halves, copied to a tmpfs
(/dev/shm) so the file system's cache is the same for every run, and cleaned
three ways, in turns: one process with -j 1 over both halves, one process with
-j 2 over both halves, and two -j 1 processes at once, one per half. The last
is the bound for -j 2: the same work on both cores, with nothing shared but the
kernel and the hardware, each process paying its own start-up. Prints the
median wall time of each, in --check and in --out mode, and the speed-ups.

Last, the machine's own ceiling: the whole tree as one file, cleaned by one
process, then by two processes at once (one copy each). No file system, no
thread and no memory are shared there, so two at once doing less than twice
the work of one is the hardware's (or a shared host's) doing: no -j 2 can beat it.
Make the tree first with bench/dir.sh (which caches it in bench/data).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    tree = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "bench/data/files-30-3000")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    binary = os.environ.get("TEXTWASH") or os.path.join(root, "target/release/textwash")
    if not os.path.isdir(tree):
        sys.exit(f"{tree}: no such tree (bench/dir.sh makes one)")
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="textwash-bound-", dir=base)
    try:
        dirs = sorted(d for d in os.listdir(tree) if os.path.isdir(os.path.join(tree, d)))
        if len(dirs) < 2:
            sys.exit(f"{tree}: needs at least two top-level directories")
        halves = [os.path.join(work, "h1"), os.path.join(work, "h2")]
        for i, d in enumerate(dirs):
            shutil.copytree(os.path.join(tree, d), os.path.join(halves[i * 2 // len(dirs)], d))
        outs = [os.path.join(work, o) for o in ("o", "oa", "ob")]

        def clear():
            for o in outs:
                shutil.rmtree(o, ignore_errors=True)

        def args(mode, jobs, inputs, out):
            a = [binary, "-q", "-j", str(jobs), *inputs]
            return a + (["--out", out] if mode == "out" else ["--check"])

        def timed(cmds):
            clear()
            start = time.perf_counter()
            procs = [subprocess.Popen(c) for c in cmds]
            for p in procs:
                p.wait()
            return time.perf_counter() - start

        for mode in ("check", "out"):
            ways = {
                "-j 1": [args(mode, 1, halves, outs[0])],
                "-j 2": [args(mode, 2, halves, outs[0])],
                "two -j 1 processes": [args(mode, 1, [h], o) for h, o in zip(halves, outs[1:])],
            }
            timed(ways["-j 1"])  # warm up
            t = {k: [] for k in ways}
            for _ in range(runs):
                for k, cmds in ways.items():
                    t[k].append(timed(cmds))
            m = {k: statistics.median(v) for k, v in t.items()}
            print(
                f"--{mode}: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in m.items())
                + f"; speed-up of -j 2 {m['-j 1'] / m['-j 2']:.2f}x,"
                f" of two processes (the bound) {m['-j 1'] / m['two -j 1 processes']:.2f}x"
            )
        whole = os.path.join(work, "whole.txt")
        with open(whole, "wb") as w:
            for half in halves:
                for top, subdirs, files in os.walk(half):
                    subdirs.sort()
                    for f in sorted(files):
                        with open(os.path.join(top, f), "rb") as r:
                            shutil.copyfileobj(r, w)

        def together(n):
            start = time.perf_counter()
            procs = [subprocess.Popen([binary, whole], stdout=subprocess.DEVNULL) for _ in range(n)]
            for p in procs:
                p.wait()
            return time.perf_counter() - start

        together(1)  # warm up
        t = {1: [], 2: []}
        for _ in range(runs):
            for n in t:
                t[n].append(together(n))
        one, two = (statistics.median(t[n]) for n in (1, 2))
        print(
            f"machine ceiling: the tree as one file, one process {one * 1000:.1f} ms,"
            f" two at once {two * 1000:.1f} ms; twice the work in {two / one:.2f} the time,"
            f" a speed-up of {2 * one / two:.2f}x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

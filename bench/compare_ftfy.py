#!/usr/bin/env python3
"""Compare textwash's mojibake repair with ftfy on the same labelled cases.

Usage: compare_ftfy.py CASES.jsonl TEXTWASH_FIXED.jsonl TEXTWASH_SPEED_LINE

CASES.jsonl comes from `cargo run --example export_cases`; the second file has
one {"fixed": ...} per case, in order, from `cargo run --example fix_lines`.
ftfy runs fix_text with the purely cosmetic fixes (quote uncurling, width,
ligatures) turned off so that only encoding repairs are compared.
"""
import json
import sys
import time

import ftfy

CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    unescape_html=False,
    fix_line_breaks=False,
)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tally(cases, fixed):
    order, stats = [], {}
    for case, out in zip(cases, fixed):
        cat = case["category"]
        if cat not in stats:
            stats[cat] = [0, 0, 0]
            order.append(cat)
        s = stats[cat]
        s[0] += 1
        if out == case["clean"]:
            s[1] += 1
        elif out != case["damaged"]:
            s[2] += 1
    return order, stats


def main():
    cases = load(sys.argv[1])
    tw = [r["fixed"] for r in load(sys.argv[2])]
    tw_speed = sys.argv[3] if len(sys.argv) > 3 else ""
    assert len(tw) == len(cases)
    damaged = [c["damaged"] for c in cases]

    start = time.perf_counter()
    ff = [ftfy.fix_text(d, CONFIG) for d in damaged]
    reps, elapsed = 1, time.perf_counter() - start
    while elapsed < 2.0:
        for d in damaged:
            ftfy.fix_text(d, CONFIG)
        reps += 1
        elapsed = time.perf_counter() - start
    nbytes = sum(len(d.encode("utf-8")) for d in damaged)
    ff_mbs = nbytes * reps / elapsed / 1e6

    order, tws = tally(cases, tw)
    _, ffs = tally(cases, ff)
    print(f"{'':14} {'':>6} | {'textwash':^17} | {'ftfy ' + ftfy.__version__:^17}")
    print(f"{'category':14} {'cases':>6} | {'exact%':>8} {'wrong%':>8} | {'exact%':>8} {'wrong%':>8}")
    for cat in order:
        n, a, b = tws[cat]
        _, c, d = ffs[cat]
        print(f"{cat:14} {n:6} | {100*a/n:8.1f} {100*b/n:8.1f} | {100*c/n:8.1f} {100*d/n:8.1f}")
    print("(negative: exact% = left unchanged)")
    print(f"ftfy: {ff_mbs:.2f} MB/s ({nbytes} bytes x {reps})")
    if tw_speed:
        print(tw_speed)


if __name__ == "__main__":
    main()

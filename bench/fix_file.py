#!/usr/bin/env python3
"""Runs ftfy's or plsfix's fix_text over a file, in ~1 MB blocks cut at line ends,
writing the result to stdout (the same streaming shape as textwash).

    python fix_file.py ftfy|plsfix FILE
"""
import sys


def main():
    tool, path = sys.argv[1], sys.argv[2]
    if tool == "ftfy":
        from ftfy import fix_text
    elif tool == "plsfix":
        from plsfix import fix_text
    else:
        sys.exit(f"unknown tool {tool}")
    out = sys.stdout
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        block = []
        size = 0
        for line in f:
            block.append(line)
            size += len(line)
            if size >= 1 << 20:
                out.write(fix_text("".join(block)))
                block, size = [], 0
        if block:
            out.write(fix_text("".join(block)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Deterministic benchmark corpora for textwash, built from corpus/ plus synthetic variation.

    python3 bench/gen.py KIND SIZE_MB OUT
KIND: mixed   scrape-like pages: navigation and footer blocks around seed-like
              articles, some non-Latin text, inline junk lines, and mojibake on
              about 1 line in 200 (real article pages show ~0.2% repaired lines)
      damaged the mojibake stress mix: corpus lines (the damage cases included)
              plus 8% fully double-encoded lines
      pages   whole-page scrapes as an HTML-to-text converter (inscriptis) writes them:
              the mixed pages, with menus as nested bullet lists and every block
              indented by its depth (dozens of leading spaces, as on the dev set's
              raw pages, where lines average 11 bytes of indentation)
      clean   already-clean ASCII-heavy prose (one blank line between paragraphs)
      line    one single line of SIZE_MB (no newline until the end)
      wide    lines of ~200 KB each (under the 256 KB piece size, so the rules see
              them whole): the memory test for the rule window
Standard library only; the same arguments always give the same bytes.
"""
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def corpus_lines(skip=()):
    lines = []
    for p in sorted((ROOT / "corpus").rglob("*")):
        if p.is_file() and p.parent.name not in skip:
            text = p.read_bytes().decode("utf-8", "replace")
            lines.extend(l for l in text.splitlines() if l.strip())
    return lines


FOOTER = ["© 2024 Example Media Group. All rights reserved.", "Privacy Policy", "Terms of Use",
          "Cookie Settings", "Contact us", "About us", "Follow us on Twitter", "Back to top",
          "We use cookies to improve your experience on our site. By continuing to browse you agree.",
          "Subscribe to our newsletter", "Sign in", "Share this article"]
INLINE = ["Advertisement", "[ad_1]", "Read more", "Related: Markets slip as rates rise",
          "Photo: Getty Images", "Source link", "5 min read"]
NAV = ["Home", "News", "World", "Business", "Sport", "Contact us", "Privacy Policy", "Log in",
       "Subscribe", "Share on Facebook", "Advertisement", "Read more", "Skip to content", "Menu"]
NON_LATIN = ["Министр иностранных дел России заявил во вторник, что сотрудничество продолжится.",
             "日本と韓国の外相は火曜日に会談し、協力を確認した。",
             "Ο υπουργός δήλωσε ότι η συνεργασία θα συνεχιστεί παρά τις κυρώσεις.",
             "Dışişleri Bakanı Çavuşoğlu, işbirliğinin süreceğini söyledi."]


def damaged(line):
    """Whether a line already holds mojibake (a seed quoting a damaged name): a run of
    non-ASCII characters that is UTF-8 read as windows-1252 or latin-1."""
    for m in re.finditer("[\x80-\uffff]{2,}", line):
        run = m.group()
        for enc in ("cp1252", "latin-1"):
            try:
                if run.encode(enc).decode("utf-8") != run:
                    return True
            except UnicodeError:
                pass
    return False


def mojibake(s):
    try:
        return s.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return s.encode("utf-8").decode("latin-1")


def page(rnd, prose, non_ascii, real_damage):
    """One scrape-like page: header navigation, title, article, footer."""
    out = [rnd.choice(NAV) for _ in range(rnd.randint(3, 12))]
    title = rnd.choice(prose)[:70].rstrip()
    out += [title, "", "By Staff Reporter", ""]
    for _ in range(rnd.randint(4, 20)):
        r = rnd.random()
        if r < 0.70:
            line = rnd.choice(prose)
        elif r < 0.85:
            line = rnd.choice(non_ascii + NON_LATIN)
        elif r < 0.90:
            line = rnd.choice(INLINE)
        else:
            line = rnd.choice(prose)[:60].rstrip()  # a subheading
        if rnd.random() < 0.005 * 3:  # about 1 line in 200 overall
            # Half of it real damage from the seeds (the slow, lossy kind), half made here.
            if real_damage and rnd.random() < 0.5:
                line = rnd.choice(real_damage)
            else:
                line = mojibake(rnd.choice(non_ascii + NON_LATIN[3:]))
        out += [line, ""]
    out += [rnd.choice(FOOTER) for _ in range(rnd.randint(3, 10))]
    return "".join(l + rnd.choice(["\n", "\n", "\n", "\r\n", "  \n"]) for l in out) + "\n"


def indented_page(rnd, prose, non_ascii, real_damage):
    """A mixed page as a converter lays it out: a nested menu (bullets `*`, `+`, `o`
    two levels apart), the article indented by its depth in the page, a footer list."""
    out = []
    for _ in range(rnd.randint(2, 5)):
        out.append("  " * rnd.randint(1, 3) + "* " + rnd.choice(NAV))
        for _ in range(rnd.randint(0, 4)):
            out.append("  " * rnd.randint(4, 7) + "+ " + rnd.choice(NAV))
            if rnd.random() < 0.5:
                out.append("  " * rnd.randint(8, 11) + "o " + rnd.choice(NAV))
    depth = " " * rnd.choice([0, 4, 8, 12, 16, 24])
    for line in page(rnd, prose, non_ascii, real_damage).splitlines():
        out.append(depth + line if line.strip() else "")
    for _ in range(rnd.randint(2, 6)):
        out.append("  " * rnd.randint(1, 4) + "* " + rnd.choice(FOOTER))
    return "\n".join(out) + "\n\n"


def gen(kind, size, out):
    rnd = random.Random(20261125)
    base = corpus_lines()
    prose = [l for l in base if len(l) > 80 and l.isascii()] or ["The quick brown fox jumps over the lazy dog."]
    written = 0
    with open(out, "wb") as f:
        if kind == "wide":
            chunk = " ".join(prose[:50]).encode()
            line = (chunk * (200_000 // len(chunk) + 1))[:200_000]
            n = 0
            while written < size:
                data = line + b" %d\n\n" % n
                f.write(data)
                written += len(data)
                n += 1
            return
        if kind == "line":
            chunk = (" ".join(prose[:50]) + " ").encode()
            while written < size:
                f.write(chunk)
                written += len(chunk)
            f.write(b"\n")
            return
        buf = []
        # Undamaged non-ASCII lines: the damage cases are left out, damage is added at a set rate.
        # Seed lines that already hold mojibake count as damage, at the same rate: taken
        # as clean text they made the mixed corpus 1.4 times as damaged as intended.
        candidates = [l for l in corpus_lines(("mojibake", "encoding", "normalize"))
                      if not l.isascii() and len(l) > 40]
        non_ascii = [l for l in candidates if not damaged(l)]
        real_damage = [l for l in candidates if damaged(l)]
        while written < size:
            if kind == "mixed":
                buf.append(page(rnd, prose, non_ascii, real_damage))
            elif kind == "pages":
                buf.append(indented_page(rnd, prose, non_ascii, real_damage))
            elif kind == "clean":
                para = rnd.choice(prose)
                buf.append(para + "\n\n")
            else:  # damaged
                r = rnd.random()
                if r < 0.55:
                    line = rnd.choice(base)
                elif r < 0.75:
                    line = rnd.choice(NAV)
                elif r < 0.85:
                    line = rnd.choice(NON_LATIN)
                elif r < 0.93:
                    line = mojibake(rnd.choice(NON_LATIN[3:] + ["Mevlüt Çavuşoğlu said “yes” — café."]))
                else:
                    line = ""
                buf.append(line + rnd.choice(["\n", "\n", "\n", "\r\n", "  \n"]))
            if len(buf) >= 1000:
                data = "".join(buf).encode("utf-8")
                f.write(data)
                written += len(data)
                buf.clear()


if __name__ == "__main__":
    kind, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    gen(kind, int(size_mb * 1024 * 1024), out)

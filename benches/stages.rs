//! Per-stage micro benchmarks (`cargo bench`): MB/s of decode, line split,
//! each repair, normalization, the rule engine and the whole pipeline, on
//! in-memory text built from `corpus/`. A regression shows where it happens.
//!
//! No framework: each stage runs for about half a second and the best of five
//! rounds is printed, which is stable enough on a shared 2-core machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use textwash::input::{InputDecoder, LineSplitter};
use textwash::rules::{Ctx, DocState, Line, Rules};
use textwash::{Cleaner, Config, NullSink, normalize, repair};

fn corpus_text() -> String {
    let mut files = Vec::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() { stack.push(p) } else { files.push(p) }
        }
    }
    files.sort();
    files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect()
}

/// Runs `f` over `bytes` of input repeatedly; prints the best MB/s of five rounds.
fn bench(name: &str, bytes: usize, mut f: impl FnMut()) {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(100) || n == 0 {
            f();
            n += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(n));
    }
    println!("{name:<32} {:>10.1} MB/s", bytes as f64 / best / 1e6);
}

/// Like [`bench`], for a step that is not over bytes: the best time of one call, in ms.
fn bench_call<T>(name: &str, mut f: impl FnMut() -> T) {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(100) || n == 0 {
            black_box(f());
            n += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(n));
    }
    println!("{name:<32} {:>10.2} ms", best * 1e3);
}

fn per_line(text: &str, f: impl Fn(&str) -> usize) -> usize {
    text.lines().map(&f).sum()
}

fn main() {
    // Start-up: the rules are put together from the automata build.rs compiled.
    bench_call("startup/cleaner-new", || Cleaner::new(Config::default()));
    let base = corpus_text();
    let mixed = base.repeat((8_000_000 / base.len()).max(1));
    let ascii: String = mixed
        .lines()
        .filter(|l| l.is_ascii())
        .map(|l| format!("{l}\n"))
        .collect();
    let garbled = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.is_ascii())
            .map(|l| {
                // UTF-8 read as windows-1252: the most common mojibake.
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(l.as_bytes());
                s.into_owned() + "\n"
            })
            .collect()
    };
    let damaged = garbled(&mixed);
    println!(
        "inputs: mixed {} MB, ascii {} MB, damaged {} MB",
        mixed.len() / 1_000_000,
        ascii.len() / 1_000_000,
        damaged.len() / 1_000_000
    );

    for (label, text) in [("mixed", &mixed), ("ascii", &ascii)] {
        bench(&format!("decode+split/{label}"), text.len(), || {
            let mut d = InputDecoder::new(None);
            let mut s = LineSplitter::default();
            let mut n = 0usize;
            for chunk in text.as_bytes().chunks(256 * 1024) {
                d.feed(chunk, s.buffer());
                s.drain(false, textwash::MAX_LINE, |l, _| n += l.len());
            }
            d.finish(s.buffer());
            s.drain(true, textwash::MAX_LINE, |l, _| n += l.len());
            black_box(n);
        });
    }
    for (label, text) in [("mixed", &mixed), ("ascii", &ascii), ("damaged", &damaged)] {
        bench(&format!("mojibake/{label}"), text.len(), || {
            black_box(per_line(text, |l| repair::fix_mojibake(l).len()));
        });
    }
    // The inputs above repeat the corpus, so most of their damaged runs are
    // answered by the repair memo. One copy, with the memo emptied before
    // each pass, times the engine on runs it meets for the first time (and
    // on the repeats within the corpus itself).
    let damaged_once = garbled(&base);
    bench("mojibake/damaged-first-sight", damaged_once.len(), || {
        repair::mojibake::forget_memo();
        black_box(per_line(&damaged_once, |l| repair::fix_mojibake(l).len()));
    });
    bench("entities/mixed", mixed.len(), || {
        black_box(per_line(&mixed, |l| repair::decode_entities(l).len()));
    });
    bench("nfc/mixed", mixed.len(), || {
        black_box(per_line(&mixed, |l| normalize::nfc(l).len()));
    });
    bench("controls/mixed", mixed.len(), || {
        black_box(per_line(&mixed, |l| normalize::remove_controls(l).len()));
    });

    let rules = Rules::new(&|_| true);
    for (label, text) in [("mixed", &mixed), ("ascii", &ascii)] {
        let raw: Vec<&str> = text.lines().map(str::trim_end).collect();
        bench(&format!("rules/{label}"), text.len(), || {
            // Building the window lines runs the pattern matcher: part of the stage.
            let mut lines: Vec<Line> = raw.iter().map(|l| rules.line(l.to_string())).collect();
            let mut doc = DocState::default();
            let mut dropped = 0usize;
            for i in 0..lines.len() {
                if lines[i].text.is_empty() {
                    continue;
                }
                let start = i.saturating_sub(textwash::rules::LOOKBEHIND);
                let end = (i + textwash::rules::LOOKAHEAD + 1).min(lines.len());
                let ctx = Ctx {
                    lines: &lines[start..end],
                    i: i - start,
                    doc_index: i as u64,
                    at_end: end == lines.len(),
                    doc: &doc,
                };
                let verdict = rules.judge(&ctx);
                dropped += usize::from(verdict.is_some());
                lines[i].verdict = verdict;
                doc.observe(&lines[i]);
            }
            black_box(dropped);
        });
    }

    let cleaner = Cleaner::new(Config::default());
    for (label, text) in [("mixed", &mixed), ("ascii", &ascii), ("damaged", &damaged)] {
        bench(&format!("pipeline/{label}"), text.len(), || {
            let mut out = Vec::with_capacity(text.len());
            cleaner.clean_stream(text.as_bytes(), &mut out, NullSink).unwrap();
            black_box(out.len());
        });
    }
}

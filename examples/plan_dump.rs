//! Differential check for speed work on the mojibake engine: reads text lines
//! from stdin and writes, for every line that is not plain ASCII, the repair
//! (`fix_mojibake`) and the full plan (`fix_mojibake_plan`: spans, steps,
//! lossy notes) in `Debug` form. Two builds must print the same bytes.
//! With `--bench N`, instead repeats the repairs N times and reports the time
//! (the repair memo is emptied before each pass: every pass sees the text
//! for the first time, as the first would).

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use textwash::repair::{fix_mojibake, fix_mojibake_plan, mojibake::forget_memo};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = match args.iter().position(|a| a == "--bench") {
        Some(i) => args.get(i + 1).ok_or("--bench needs a count")?.parse()?,
        None => 0,
    };
    let mut lines = Vec::new();
    for line in std::io::stdin().lock().split(b'\n') {
        let line = String::from_utf8_lossy(&line?).into_owned();
        if !line.is_ascii() {
            lines.push(line);
        }
    }
    if reps > 0 {
        let start = Instant::now();
        let mut n = 0usize;
        for _ in 0..reps {
            forget_memo();
            for l in &lines {
                n += fix_mojibake_plan(std::hint::black_box(l)).1.len();
            }
        }
        eprintln!(
            "{} lines x {reps}: {:.3}s ({n} repairs)",
            lines.len(),
            start.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for l in &lines {
        let (fixed, plan) = fix_mojibake_plan(l);
        writeln!(out, "{:?}\n{:?}\n{:?}", fix_mojibake(l), fixed, plan)?;
    }
    out.flush()?;
    Ok(())
}

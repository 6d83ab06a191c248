//! Reads JSON Lines with a `damaged` field from stdin, runs `fix_mojibake` on
//! each and writes `{"fixed": ...}` per line to stdout. With `--bench N`, also
//! repeats the repairs N times and reports the throughput on stderr.

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use textwash::repair::fix_mojibake;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = match args.iter().position(|a| a == "--bench") {
        Some(i) => args.get(i + 1).ok_or("--bench needs a count")?.parse()?,
        None => 0,
    };
    let mut lines = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let damaged = v["damaged"].as_str().ok_or("missing damaged")?.to_owned();
        lines.push(damaged);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for l in &lines {
        writeln!(out, "{}", serde_json::json!({ "fixed": fix_mojibake(l) }))?;
    }
    out.flush()?;
    if reps > 0 {
        let bytes: usize = lines.iter().map(String::len).sum();
        let start = Instant::now();
        let mut changed = 0usize;
        for _ in 0..reps {
            for l in &lines {
                changed += usize::from(matches!(
                    fix_mojibake(std::hint::black_box(l)),
                    std::borrow::Cow::Owned(_)
                ));
            }
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "textwash: {:.2} MB/s ({} bytes x {reps} in {secs:.3}s, {changed} owned)",
            (bytes * reps) as f64 / secs / 1e6,
            bytes
        );
    }
    Ok(())
}

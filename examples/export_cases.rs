//! Writes the mojibake evaluation corpus (see `tests/mojibake_cases/mod.rs`)
//! to stdout as JSON Lines: `{"category", "damaged", "clean"}`; negatives have
//! category `"negative"` and `damaged == clean`.

#[path = "../tests/mojibake_cases/mod.rs"]
mod mojibake_cases;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write = |category: &str, damaged: &str, clean: &str| -> std::io::Result<()> {
        let v = serde_json::json!({ "category": category, "damaged": damaged, "clean": clean });
        writeln!(out, "{v}")
    };
    for c in mojibake_cases::positive_cases() {
        write(c.category, &c.damaged, &c.clean)?;
    }
    for l in mojibake_cases::negative_cases() {
        write("negative", &l, &l)?;
    }
    out.flush()
}

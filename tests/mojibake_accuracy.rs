//! Accuracy of the mojibake engine on a deterministic labelled corpus
//! (see `tests/mojibake_cases/mod.rs`). Run with `--nocapture` for the table.

mod mojibake_cases;

use mojibake_cases::{negative_cases, positive_cases};
use textwash::repair::fix_mojibake;

/// Minimum exact-repair rate per category, in percent (just under what is measured).
const FLOORS: &[(&str, f64)] = &[
    ("cp1252 x1", 99.5),
    ("cp1252 x2", 99.5),
    ("cp1252 x3", 99.5),
    ("latin-1 (C1)", 99.5),
    ("cp1250", 99.0),
    ("cp1251", 99.0),
    ("mac-roman", 99.0),
    ("cp866", 99.0),
    ("cp437", 99.0),
    ("cp1253", 99.0),
    ("cp1254", 99.0),
    ("cp1257", 98.5),
    ("partial word", 98.0),
    ("lossy", 93.5),
    ("legacy 1251", 99.0),
    ("legacy 1253", 99.0),
    ("legacy 1254", 99.0),
    ("legacy 1250", 61.0),
];

#[test]
fn mojibake_accuracy() {
    let cases = positive_cases();
    let mut cats: Vec<(&str, usize, usize, usize)> = Vec::new();
    for c in &cases {
        let out = fix_mojibake(&c.damaged);
        let idx = match cats.iter().position(|e| e.0 == c.category) {
            Some(i) => i,
            None => {
                cats.push((c.category, 0, 0, 0));
                cats.len() - 1
            }
        };
        let e = &mut cats[idx];
        e.1 += 1;
        if out == c.clean {
            e.2 += 1;
        } else if out != c.damaged {
            e.3 += 1;
            if std::env::var_os("MOJIBAKE_VERBOSE").is_some() {
                println!("wrong [{}] {:?} -> {:?}", c.category, c.damaged, out);
            }
        } else if std::env::var_os("MOJIBAKE_VERBOSE").is_some() {
            println!("kept  [{}] {:?}", c.category, c.damaged);
        }
    }
    let negatives = negative_cases();
    let mut neg_changed = Vec::new();
    for l in &negatives {
        let out = fix_mojibake(l);
        if out != l.as_str() {
            neg_changed.push(format!("{l:?} -> {out:?}"));
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{:<14} {:>6} {:>9} {:>16}",
        "category", "cases", "exact %", "changed wrongly %"
    );
    for &(cat, n, ok, wrong) in &cats {
        println!("{cat:<14} {n:>6} {:>9.1} {:>16.1}", pct(ok, n), pct(wrong, n));
    }
    println!(
        "{:<14} {:>6} {:>9.1} {:>16.1}",
        "negative",
        negatives.len(),
        pct(negatives.len() - neg_changed.len(), negatives.len()),
        pct(neg_changed.len(), negatives.len())
    );
    assert!(
        neg_changed.is_empty(),
        "clean lines changed:\n{}",
        neg_changed.join("\n")
    );
    for &(cat, floor) in FLOORS {
        let (_, n, ok, _) = cats
            .iter()
            .find(|e| e.0 == cat)
            .copied()
            .unwrap_or_else(|| panic!("no cases for {cat}"));
        let got = pct(ok, n);
        assert!(got >= floor, "{cat}: exact {got:.1}% below floor {floor}%");
    }
}

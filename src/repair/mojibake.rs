//! Mojibake repair (placeholder until the engine lands).

use std::borrow::Cow;

/// One codec step of a repair plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The codec the text was wrongly decoded with.
    pub encoding: &'static str,
    /// How many times.
    pub layers: u8,
}

/// One repaired span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Byte range in the input.
    pub span: std::ops::Range<usize>,
    /// The repaired text.
    pub replacement: String,
    /// Codec steps undone.
    pub steps: Vec<Step>,
    /// Lossy guesses made.
    pub lossy: Vec<String>,
}

/// Repairs mojibake in one line.
pub fn fix_mojibake(s: &str) -> Cow<'_, str> {
    fix_mojibake_plan(s).0
}

/// Repairs mojibake in one line and returns the plan.
pub fn fix_mojibake_plan(s: &str) -> (Cow<'_, str>, Vec<Repair>) {
    (Cow::Borrowed(s), Vec::new())
}

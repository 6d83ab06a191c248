//! Boilerplate line rules (placeholder until the rule engine lands).

/// Static description of one rule, for --list-rules.
pub struct RuleInfo {
    /// Stable id.
    pub id: &'static str,
    /// Always "strip".
    pub group: &'static str,
    /// What the rule drops.
    pub description: &'static str,
    /// An example line it drops.
    pub example: &'static str,
}

/// Every boilerplate rule.
pub static RULES: &[RuleInfo] = &[RuleInfo {
    id: "ad-marker",
    group: "strip",
    description: "ad placeholders and labels",
    example: "[ad_1]",
}];

/// A line as the rules see it.
pub struct Line {
    /// Repaired, normalized text without terminator.
    pub text: String,
    /// The rule that dropped it, once judged.
    pub verdict: Option<&'static str>,
}

/// Lines of context kept before the judged line.
pub const LOOKBEHIND: usize = 32;
/// Lines of context kept after the judged line.
pub const LOOKAHEAD: usize = 32;

/// The judged line in its window.
pub struct Ctx<'a> {
    /// The window.
    pub lines: &'a [Line],
    /// Index of the judged line in `lines`.
    pub i: usize,
    /// Index of the judged line in the document.
    pub doc_index: u64,
    /// Whether `lines[i + 1..]` reaches the end of the document.
    pub at_end: bool,
}

/// Compiled rules.
pub struct Rules {
    ad: bool,
}

impl Rules {
    /// Compiles the enabled rules.
    pub fn new(enabled: &dyn Fn(&str) -> bool) -> Rules {
        Rules {
            ad: enabled("ad-marker"),
        }
    }

    /// Verdict for the judged line.
    pub fn judge(&self, ctx: &Ctx) -> Option<&'static str> {
        let t = ctx.lines[ctx.i].text.trim();
        (self.ad && t.starts_with("[ad_") && t.ends_with(']')).then_some("ad-marker")
    }
}

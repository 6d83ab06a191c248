//! Events and the sinks that consume them.
//!
//! The cleaner reports every change as an [`Event`]; `--explain`, `--stats`,
//! reports and checks are sinks over the same stream, so they cannot disagree.

use std::collections::BTreeMap;
use std::io::Write;

/// One change the cleaner made (or one fact about the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The input's encoding was decided; `replacements` invalid sequences became U+FFFD.
    Decoded {
        /// encoding_rs name of the encoding.
        encoding: &'static str,
        /// Number of U+FFFD substitutions.
        replacements: u64,
    },
    /// A line was dropped by a rule.
    Dropped {
        /// 1-based input line number.
        line: u64,
        /// The rule's id.
        rule: &'static str,
        /// The dropped line (after repair and normalization).
        text: &'a str,
    },
    /// Text inside a line was changed by a rule.
    Changed {
        /// 1-based input line number.
        line: u64,
        /// The rule's id.
        rule: &'static str,
        /// The changed text before (the span, for mojibake; else the whole line).
        before: &'a str,
        /// The same text after.
        after: &'a str,
        /// How (for mojibake: the codec steps and guesses), or empty.
        detail: &'a str,
    },
    /// A layout change: a line ending rewritten, a blank line removed, a final newline added.
    Layout {
        /// 1-based input line number.
        line: u64,
        /// The rule's id.
        rule: &'static str,
    },
}

/// Receives events.
pub trait Sink {
    /// Called for each event, in input order.
    fn event(&mut self, event: &Event<'_>);

    /// Whether the sink reads the text of [`Event::Changed`] (`before`,
    /// `after`, `detail`). When it does not, the cleaner sends them empty and
    /// skips working them out (a counting sink only needs the rule).
    fn wants_text(&self) -> bool {
        true
    }
}

/// Discards events.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn event(&mut self, _: &Event<'_>) {}

    fn wants_text(&self) -> bool {
        false
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn event(&mut self, event: &Event<'_>) {
        (**self).event(event)
    }

    fn wants_text(&self) -> bool {
        (**self).wants_text()
    }
}

/// Counts events per rule (for `--stats`, reports and `--check`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StatsSink {
    /// Lines dropped, per rule.
    pub dropped: BTreeMap<&'static str, u64>,
    /// In-line changes, per rule.
    pub changed: BTreeMap<&'static str, u64>,
    /// Layout changes, per rule.
    pub layout: BTreeMap<&'static str, u64>,
    /// Detected encoding, once known.
    pub encoding: Option<&'static str>,
    /// U+FFFD substitutions made while decoding.
    pub replacements: u64,
}

impl StatsSink {
    /// Total lines dropped.
    pub fn lines_dropped(&self) -> u64 {
        self.dropped.values().sum()
    }

    /// Whether anything was changed at all.
    pub fn any_change(&self) -> bool {
        !(self.dropped.is_empty() && self.changed.is_empty() && self.layout.is_empty())
            || self.replacements > 0
    }
}

impl Sink for StatsSink {
    fn event(&mut self, event: &Event<'_>) {
        match *event {
            Event::Decoded {
                encoding,
                replacements,
            } => {
                self.encoding = Some(encoding);
                self.replacements += replacements;
            }
            Event::Dropped { rule, .. } => *self.dropped.entry(rule).or_default() += 1,
            Event::Changed { rule, .. } => *self.changed.entry(rule).or_default() += 1,
            Event::Layout { rule, .. } => *self.layout.entry(rule).or_default() += 1,
        }
    }

    fn wants_text(&self) -> bool {
        false
    }
}

/// Writes one human-readable line per content change (`--explain`); layout
/// changes are counted and summarized by [`ExplainSink::finish`].
pub struct ExplainSink<W: Write> {
    out: W,
    prefix: String,
    layout: BTreeMap<&'static str, u64>,
}

impl<W: Write> ExplainSink<W> {
    /// Explains to `out`, each line starting with `prefix` (e.g. the file name).
    pub fn new(out: W, prefix: impl Into<String>) -> Self {
        ExplainSink {
            out,
            prefix: prefix.into(),
            layout: BTreeMap::new(),
        }
    }

    /// Writes the layout summary.
    pub fn finish(mut self) -> std::io::Result<()> {
        for (rule, n) in &self.layout {
            writeln!(self.out, "{} {rule}: {n} line(s)", self.prefix)?;
        }
        self.out.flush()
    }
}

/// `s` quoted, shortened to about `max` characters.
fn quote(s: &str, max: usize) -> String {
    let mut q: String = s.chars().take(max).collect::<String>().escape_debug().collect();
    if s.chars().nth(max).is_some() {
        q.push('…');
    }
    format!("\"{q}\"")
}

impl<W: Write> Sink for ExplainSink<W> {
    fn event(&mut self, event: &Event<'_>) {
        // Explanations are best effort: a failing stderr must not stop cleaning.
        let p = &self.prefix;
        let _ = match *event {
            Event::Decoded {
                encoding,
                replacements,
            } => {
                if encoding != "UTF-8" || replacements > 0 {
                    writeln!(
                        self.out,
                        "{p}input: decoded as {encoding}, {replacements} invalid sequence(s) replaced"
                    )
                } else {
                    Ok(())
                }
            }
            Event::Dropped { line, rule, text } => {
                writeln!(self.out, "{p}{line}: {rule}: dropped {}", quote(text, 100))
            }
            Event::Changed {
                line,
                rule,
                before,
                after,
                detail,
            } => {
                let sep = if detail.is_empty() { "" } else { " via " };
                writeln!(
                    self.out,
                    "{p}{line}: {rule}: {} → {}{sep}{detail}",
                    quote(before, 60),
                    quote(after, 60)
                )
            }
            Event::Layout { rule, .. } => {
                *self.layout.entry(rule).or_default() += 1;
                Ok(())
            }
        };
    }
}

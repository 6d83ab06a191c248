//! textwash turns raw text scrapes into clean, normalized plain text.
//!
//! The pipeline is a streaming filter, one way:
//!
//! ```text
//! bytes ─▶ input ─▶ repair ─▶ normalize (per line) ─▶ rules ─▶ layout ─▶ output
//!          decode   mojibake,  controls, NFC,           keep/drop  blank lines,
//!                   entities   trailing spaces          by rule id  final newline
//! ```
//!
//! Every change is also an [`Event`] sent to a [`Sink`], so `--explain`,
//! `--stats` and reports are views over one core.
//!
//! Guarantees (each one is a test in `tests/`):
//! - output is valid UTF-8 whatever the input bytes;
//! - cleaning is idempotent: `clean(clean(x)) == clean(x)`;
//! - the result does not depend on how the input is chunked;
//! - memory is bounded by the rule window and [`MAX_LINE`], not by the input size;
//! - every dropped line is attributable to a named rule.
//!
//! ```
//! use textwash::{Cleaner, Config};
//!
//! let cleaner = Cleaner::new(Config::default());
//! let raw = "[ad_1]\nMevlÃ¼t Ã‡avuÅŸoÄŸlu said on Tuesday.\r\n\n\n\nSource link\n";
//! assert_eq!(cleaner.clean_str(raw), "Mevlüt Çavuşoğlu said on Tuesday.\n");
//! ```

// Pre-existing nested `if`s in src/input/lines.rs and src/repair/entities.rs
// (owned by other branches) trip this lint since let-chains are stable; remove
// once they are collapsed there.

pub mod catalog;
pub mod cleaner;
pub mod compress;
pub mod config;
pub mod input;
pub mod jsonl;
pub mod normalize;
pub mod repair;
pub mod rules;
pub mod sink;
mod spare;

pub use catalog::{Group, RuleInfo, all_rules};
pub use cleaner::{Cleaner, Summary};
pub use config::{Config, ConfigError};
pub use sink::{Event, NullSink, Sink, StatsSink};

/// Lines longer than this many bytes are processed in pieces of about this size:
/// repair and normalization still apply, line rules do not (no boilerplate line is
/// that long), and memory stays bounded whatever the input.
pub const MAX_LINE: usize = 256 * 1024;

/// The README's Rust examples compile and pass as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

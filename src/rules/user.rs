//! Rules the user adds: extra drop patterns, keep patterns that protect lines
//! from every strip rule, and the few thresholds of the built-in context rules
//! that may be tuned.
//!
//! Everything is validated when it is built ([`UserPattern::drop`],
//! [`UserRules::new`]): a bad regex, a rule id that clashes with a built-in one
//! or a threshold out of range is an error, never a silent no-op. Patterns are
//! compiled once, into one [`regex::RegexSet`] for the drops and one for the keeps.

use regex::{Regex, RegexSet};

use crate::config::ConfigError;

/// How a user pattern is matched against a line (its surrounding whitespace trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchMode {
    /// The whole line: a literal equals it, a regex matches all of it.
    #[default]
    Line,
    /// The start of the line.
    Prefix,
    /// Anywhere in the line.
    Contains,
}

impl MatchMode {
    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        match self {
            MatchMode::Line => "line",
            MatchMode::Prefix => "prefix",
            MatchMode::Contains => "contains",
        }
    }

    /// Parses `line`, `prefix` or `contains`.
    pub fn from_name(name: &str) -> Option<MatchMode> {
        match name {
            "line" => Some(MatchMode::Line),
            "prefix" => Some(MatchMode::Prefix),
            "contains" => Some(MatchMode::Contains),
            _ => None,
        }
    }
}

/// What a user pattern looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternText {
    /// Exact text, case-sensitive.
    Literal(String),
    /// A regular expression (regex crate syntax; `(?i)` for case-insensitive).
    Regex(String),
}

/// One compiled user pattern.
#[derive(Debug, Clone)]
pub struct UserPattern {
    /// The rule id a drop pattern reports (None for keep patterns).
    pub id: Option<&'static str>,
    /// What it looks for.
    pub text: PatternText,
    /// How it is matched.
    pub mode: MatchMode,
    /// The anchored regex the pattern compiles to.
    anchored: String,
}

impl UserPattern {
    /// A drop pattern named `id`. The id must not be empty nor name a built-in rule or group.
    ///
    /// The id is leaked (`Box::leak`) so that events can carry it as `&'static str`
    /// like built-in rule ids; a configuration is built once per process, so
    /// this costs a few bytes once.
    pub fn drop(id: &str, text: PatternText, mode: MatchMode) -> Result<UserPattern, ConfigError> {
        let id = id.trim();
        if id.is_empty() {
            return Err(ConfigError::BadRuleId(id.to_string(), "must not be empty"));
        }
        if crate::catalog::find(id).is_some() || crate::catalog::Group::from_name(id).is_some() {
            return Err(ConfigError::BadRuleId(
                id.to_string(),
                "clashes with a built-in rule or group",
            ));
        }
        let mut p = UserPattern::keep(text, mode)?;
        p.id = Some(Box::leak(id.to_string().into_boxed_str()));
        Ok(p)
    }

    /// A keep pattern.
    pub fn keep(text: PatternText, mode: MatchMode) -> Result<UserPattern, ConfigError> {
        let body = match &text {
            PatternText::Literal(s) => {
                if s.trim().is_empty() {
                    return Err(ConfigError::EmptyPattern);
                }
                regex::escape(s.trim())
            }
            PatternText::Regex(r) => {
                Regex::new(r).map_err(|e| ConfigError::BadRegex(regex_reason(&e)))?;
                r.clone()
            }
        };
        let anchored = match mode {
            MatchMode::Line => format!("^(?:{body})$"),
            MatchMode::Prefix => format!("^(?:{body})"),
            MatchMode::Contains => format!("(?:{body})"),
        };
        Regex::new(&anchored).map_err(|e| ConfigError::BadRegex(regex_reason(&e)))?;
        Ok(UserPattern {
            id: None,
            text,
            mode,
            anchored,
        })
    }
}

/// The regex crate's error on one line: `regex parse error: unclosed group`.
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => {
            let why = s
                .lines()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or(s.as_str());
            format!("regex parse error: {why}")
        }
        other => other.to_string(),
    }
}

/// Thresholds of the built-in context rules that users may tune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tunables {
    /// `nav-run`: the fewest navigation-sized lines that make a run (2..=32).
    pub nav_run_min_lines: usize,
    /// `duplicate-line`: the fewest words a repeated line needs to be dropped (1..=50).
    pub duplicate_min_words: usize,
    /// `header-run`: the fewest short lines above the first paragraph that make a menu (2..=32).
    pub header_run_min_lines: usize,
    /// `repeated-block`: the fewest bytes of copied kept lines before later copied lines are dropped (200..=100000).
    pub block_min_bytes: usize,
}

impl Default for Tunables {
    fn default() -> Self {
        Tunables {
            nav_run_min_lines: super::context::NAV_RUN_MIN,
            // Short repeats are often content (lyrics, chants, list items); a
            // repeated sentence-length line is a scrape artifact.
            duplicate_min_words: 6,
            header_run_min_lines: super::context::HEADER_RUN_MIN,
            block_min_bytes: super::blocks::MIN_BYTES,
        }
    }
}

impl Tunables {
    /// Allowed range of `nav_run_min_lines` (a run must fit in the lookahead window).
    pub const NAV_RUN_MIN_LINES: std::ops::RangeInclusive<usize> = 2..=super::LOOKAHEAD;
    /// Allowed range of `header_run_min_lines` (a run must fit in the lookahead window).
    pub const HEADER_RUN_MIN_LINES: std::ops::RangeInclusive<usize> = 2..=super::LOOKAHEAD;
    /// Allowed range of `duplicate_min_words`.
    pub const DUPLICATE_MIN_WORDS: std::ops::RangeInclusive<usize> = 1..=50;
    /// Allowed range of `block_min_bytes`.
    pub const BLOCK_MIN_BYTES: std::ops::RangeInclusive<usize> = 200..=100_000;

    /// Checks every threshold against its range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let check = |key: &'static str, v: usize, r: std::ops::RangeInclusive<usize>| {
            if r.contains(&v) {
                Ok(())
            } else {
                Err(ConfigError::BadThreshold {
                    key,
                    value: v,
                    min: *r.start(),
                    max: *r.end(),
                })
            }
        };
        check(
            "rules.nav-run.min_lines",
            self.nav_run_min_lines,
            Self::NAV_RUN_MIN_LINES,
        )?;
        check(
            "rules.header-run.min_lines",
            self.header_run_min_lines,
            Self::HEADER_RUN_MIN_LINES,
        )?;
        check(
            "rules.duplicate-line.min_words",
            self.duplicate_min_words,
            Self::DUPLICATE_MIN_WORDS,
        )?;
        check(
            "rules.repeated-block.min_bytes",
            self.block_min_bytes,
            Self::BLOCK_MIN_BYTES,
        )
    }
}

/// The user's drop and keep patterns and thresholds, validated and compiled.
#[derive(Debug, Clone, Default)]
pub struct UserRules {
    drops: Vec<UserPattern>,
    keeps: Vec<UserPattern>,
    drop_set: Option<RegexSet>,
    keep_set: Option<RegexSet>,
    tunables: Tunables,
}

impl UserRules {
    /// Checks that drop ids are unique and thresholds in range, and compiles the patterns.
    pub fn new(
        drops: Vec<UserPattern>,
        keeps: Vec<UserPattern>,
        tunables: Tunables,
    ) -> Result<UserRules, ConfigError> {
        tunables.validate()?;
        let mut seen = std::collections::HashSet::new();
        for d in &drops {
            let id =
                d.id.ok_or(ConfigError::BadRuleId(String::new(), "must not be empty"))?;
            if !seen.insert(id) {
                return Err(ConfigError::BadRuleId(id.to_string(), "is used twice"));
            }
        }
        let set = |ps: &[UserPattern]| -> Result<Option<RegexSet>, ConfigError> {
            if ps.is_empty() {
                return Ok(None);
            }
            RegexSet::new(ps.iter().map(|p| &p.anchored))
                .map(Some)
                .map_err(|e| ConfigError::BadRegex(regex_reason(&e)))
        };
        Ok(UserRules {
            drop_set: set(&drops)?,
            keep_set: set(&keeps)?,
            drops,
            keeps,
            tunables,
        })
    }

    /// The drop patterns, in order.
    pub fn drops(&self) -> &[UserPattern] {
        &self.drops
    }

    /// The keep patterns, in order.
    pub fn keeps(&self) -> &[UserPattern] {
        &self.keeps
    }

    /// The thresholds.
    pub fn tunables(&self) -> Tunables {
        self.tunables
    }

    /// Whether a keep pattern matches `text` (trimmed).
    #[inline]
    pub fn keeps_line(&self, text: &str) -> bool {
        self.keep_set
            .as_ref()
            .is_some_and(|s| s.is_match(super::text::trim(text)))
    }

    /// The id of the first drop pattern matching `text` (trimmed).
    #[inline]
    pub fn drop_id(&self, text: &str) -> Option<&'static str> {
        let set = self.drop_set.as_ref()?;
        let k = set.matches(super::text::trim(text)).iter().next()?;
        self.drops[k].id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> PatternText {
        PatternText::Literal(s.into())
    }

    #[test]
    fn modes_and_ids() {
        let u = UserRules::new(
            vec![
                UserPattern::drop("footer", lit("Copyright ACME"), MatchMode::Line).unwrap(),
                UserPattern::drop(
                    "follow",
                    PatternText::Regex("(?i)follow us".into()),
                    MatchMode::Prefix,
                )
                .unwrap(),
                UserPattern::drop("promo", lit("PROMO"), MatchMode::Contains).unwrap(),
            ],
            vec![UserPattern::keep(PatternText::Regex("Source: ".into()), MatchMode::Prefix).unwrap()],
            Tunables::default(),
        )
        .unwrap();
        assert_eq!(u.drop_id("  Copyright ACME "), Some("footer"));
        assert_eq!(u.drop_id("Copyright ACME Corp"), None);
        assert_eq!(u.drop_id("FOLLOW US on X"), Some("follow"));
        assert_eq!(u.drop_id("Please follow us"), None);
        assert_eq!(u.drop_id("big PROMO today"), Some("promo"));
        assert!(u.keeps_line("Source: Reuters"));
        assert!(!u.keeps_line("The Source: x"));
        // A literal is not a regex.
        let p = UserPattern::drop("dot", lit("a.b"), MatchMode::Line).unwrap();
        let u = UserRules::new(vec![p], vec![], Tunables::default()).unwrap();
        assert_eq!(u.drop_id("axb"), None);
        assert_eq!(u.drop_id("a.b"), Some("dot"));
    }

    #[test]
    fn validation() {
        assert!(matches!(
            UserPattern::drop("x", PatternText::Regex("(".into()), MatchMode::Line),
            Err(ConfigError::BadRegex(m)) if m.starts_with("regex parse error: ")
        ));
        assert!(UserPattern::drop("ad-marker", lit("x"), MatchMode::Line).is_err());
        assert!(UserPattern::drop("strip", lit("x"), MatchMode::Line).is_err());
        assert!(UserPattern::drop(" ", lit("x"), MatchMode::Line).is_err());
        assert!(UserPattern::keep(lit("  "), MatchMode::Line).is_err());
        let a = UserPattern::drop("same", lit("a"), MatchMode::Line).unwrap();
        let b = UserPattern::drop("same", lit("b"), MatchMode::Line).unwrap();
        assert!(UserRules::new(vec![a, b], vec![], Tunables::default()).is_err());
        let t = Tunables {
            nav_run_min_lines: 1,
            ..Tunables::default()
        };
        assert!(UserRules::new(vec![], vec![], t).is_err());
    }
}

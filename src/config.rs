//! Settings of a [`crate::Cleaner`]: which rules run, how input is decoded.
//!
//! Rule selection is validated here, once: an unknown rule id is an error that
//! names it, never a silent no-op.

use std::collections::BTreeSet;

use crate::catalog::{self, Group};
use crate::rules::UserRules;

pub mod file;

/// An error in the settings, with a message fit for a user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// A rule id or group name that does not exist.
    #[error("unknown rule or group '{0}' (see --list-rules)")]
    UnknownRule(String),
    /// A preset name that does not exist.
    #[error("unknown preset '{0}' (presets: default, ftfy, datatrove)")]
    UnknownPreset(String),
    /// An encoding label encoding_rs does not know.
    #[error("unknown encoding '{0}'")]
    UnknownEncoding(String),
    /// A user pattern's regex does not compile.
    #[error("{0}")]
    BadRegex(String),
    /// A user rule id that is empty, used twice or taken by a built-in rule.
    #[error("rule id '{0}' {1}")]
    BadRuleId(String, &'static str),
    /// A user pattern with nothing to match.
    #[error("empty pattern")]
    EmptyPattern,
    /// A rule threshold out of its range.
    #[error("{key} = {value}: must be between {min} and {max}")]
    BadThreshold {
        /// The config key, e.g. `rules.nav-run.min_lines`.
        key: &'static str,
        /// The value given.
        value: usize,
        /// Smallest allowed value.
        min: usize,
        /// Largest allowed value.
        max: usize,
    },
}

/// What a [`crate::Cleaner`] does.
#[derive(Debug, Clone)]
pub struct Config {
    enabled: BTreeSet<&'static str>,
    /// Decode the input with this encoding instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The user's drop and keep patterns and rule thresholds.
    user: UserRules,
}

impl Default for Config {
    /// Every default rule on, encoding detected.
    fn default() -> Self {
        Config {
            enabled: catalog::all_rules()
                .filter(|r| r.default_on)
                .map(|r| r.id)
                .collect(),
            encoding: None,
            user: UserRules::default(),
        }
    }
}

impl Config {
    /// The settings of a named preset:
    /// - `default`: every default rule;
    /// - `ftfy`: what ftfy's `fix_text` does by default: repairs, controls and
    ///   terminal escapes, NFC, line breaks, plus uncurled quotes, ligatures and
    ///   character width; no boilerplate stripping, no blank-line layout;
    /// - `datatrove`: the conservative ftfy settings datatrove and NeMo Curator
    ///   use: mojibake, HTML entities and control characters only.
    pub fn preset(name: &str) -> Result<Config, ConfigError> {
        use catalog::ids::*;
        let ids: &[&'static str] = match name {
            "default" => return Ok(Config::default()),
            "ftfy" => &[
                MOJIBAKE,
                ENTITIES,
                CONTROLS,
                NFC,
                LINE_ENDINGS,
                UNCURL_QUOTES,
                LIGATURES,
                FULLWIDTH,
            ],
            "datatrove" => &[MOJIBAKE, ENTITIES, CONTROLS],
            _ => return Err(ConfigError::UnknownPreset(name.to_string())),
        };
        Ok(Config {
            enabled: ids.iter().copied().collect(),
            encoding: None,
            user: UserRules::default(),
        })
    }

    /// Applies `--only` (when given) then `--skip`; each item is a rule id or a group name.
    pub fn select<S: AsRef<str>>(mut self, only: Option<&[S]>, skip: &[S]) -> Result<Self, ConfigError> {
        if let Some(only) = only {
            let mut chosen = BTreeSet::new();
            for item in only {
                chosen.extend(expand(item.as_ref())?);
            }
            self.enabled = chosen;
        }
        for item in skip {
            for id in expand(item.as_ref())? {
                self.enabled.remove(id);
            }
        }
        Ok(self)
    }

    /// Forces the input encoding by its WHATWG label (`latin1`, `windows-1251`, `utf-16le`, …).
    pub fn with_encoding_label(mut self, label: &str) -> Result<Self, ConfigError> {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ConfigError::UnknownEncoding(label.to_string()))?;
        self.encoding = Some(enc);
        Ok(self)
    }

    /// Adds the user's patterns and thresholds (replacing any set before).
    /// User drop patterns run whatever the rule selection; keep patterns protect
    /// lines from every strip rule.
    pub fn with_user_rules(mut self, user: UserRules) -> Self {
        self.user = user;
        self
    }

    /// The user's patterns and thresholds.
    pub fn user_rules(&self) -> &UserRules {
        &self.user
    }

    /// Whether the rule with this id runs.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.enabled.contains(id)
    }

    /// The ids of the rules that run, sorted.
    pub fn enabled(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.enabled.iter().copied()
    }
}

fn expand(item: &str) -> Result<Vec<&'static str>, ConfigError> {
    let item = item.trim();
    if let Some(group) = Group::from_name(item) {
        return Ok(catalog::all_rules()
            .filter(|r| r.group == group && r.default_on) // off-by-default rules are asked for by id
            .map(|r| r.id)
            .collect());
    }
    catalog::find(item)
        .map(|r| vec![r.id])
        .ok_or_else(|| ConfigError::UnknownRule(item.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_and_skip_select_by_id_and_group() {
        let c = Config::default().select(Some(&["mojibake"]), &[]).unwrap();
        assert!(c.is_enabled("mojibake"));
        assert!(!c.is_enabled("nfc"));
        let c = Config::default().select(None, &["normalize"]).unwrap();
        assert!(!c.is_enabled("nfc") && c.is_enabled("mojibake"));
        let c = Config::default()
            .select(Some(&["repair", "nfc"]), &["html-entities"])
            .unwrap();
        assert!(c.is_enabled("mojibake") && c.is_enabled("nfc") && !c.is_enabled("html-entities"));
    }

    #[test]
    fn presets_and_default_off_rules() {
        assert!(!Config::default().is_enabled("uncurl-quotes"));
        let c = Config::default().select(None::<&[&str]>, &[]).unwrap();
        assert!(!c.is_enabled("nfkc"));
        let f = Config::preset("ftfy").unwrap();
        assert!(f.is_enabled("uncurl-quotes") && f.is_enabled("mojibake") && !f.is_enabled("blank-lines"));
        let d = Config::preset("datatrove").unwrap();
        assert!(d.is_enabled("mojibake") && !d.is_enabled("nfc") && !d.is_enabled("uncurl-quotes"));
        assert!(Config::preset("nope").is_err());
        let c = Config::default().select(Some(&["normalize"]), &[]).unwrap();
        assert!(c.is_enabled("nfc") && !c.is_enabled("nfkc"));
    }

    #[test]
    fn unknown_rule_is_an_error() {
        let e = Config::default().select(Some(&["nope"]), &[]).unwrap_err();
        assert_eq!(e, ConfigError::UnknownRule("nope".into()));
        assert!(Config::default().with_encoding_label("klingon").is_err());
        assert!(Config::default().with_encoding_label("latin1").is_ok());
    }
}

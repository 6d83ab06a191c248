//! The `textwash.toml` config file: discovery, parsing and validation, and
//! printing the effective configuration back as TOML.
//!
//! Every problem is reported once, with the file, the line and the key
//! (`textwash.toml:7: drop[1].regex: regex parse error: unclosed group`);
//! unknown keys are errors. The file format is documented in `docs/config.md`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Config, ConfigError};
use crate::rules::{MatchMode, PatternText, Tunables, UserPattern, UserRules};

/// The name of the config file looked for.
pub const FILE_NAME: &str = "textwash.toml";

/// The nearest `textwash.toml` in `start` or one of its ancestors.
/// A relative `start` is taken from the working directory.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// An error in a config file, fit for a user: `path:line: key: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The key at fault (`drop[1].regex`), when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FileError {}

/// A parsed and validated config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// `preset = "…"`.
    pub preset: Option<String>,
    /// `only = [...]`.
    pub only: Option<Vec<String>>,
    /// `skip = [...]`.
    pub skip: Vec<String>,
    /// `[[drop]]`, `[[keep]]` and `[rules.*]`.
    pub user: UserRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    preset: Option<Spanned<String>>,
    only: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    skip: Vec<Spanned<String>>,
    #[serde(default)]
    drop: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    keep: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    rules: RawRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: Option<Spanned<String>>,
    literal: Option<Spanned<String>>,
    regex: Option<Spanned<String>>,
    #[serde(rename = "match")]
    mode: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(rename = "nav-run")]
    nav_run: Option<RawNavRun>,
    #[serde(rename = "duplicate-line")]
    duplicate_line: Option<RawDuplicate>,
    #[serde(rename = "header-run")]
    header_run: Option<RawNavRun>,
    #[serde(rename = "repeated-block")]
    repeated_block: Option<RawBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    min_bytes: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNavRun {
    min_lines: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDuplicate {
    min_words: Option<Spanned<usize>>,
}

impl ConfigFile {
    /// Reads and validates the file at `path`.
    pub fn load(path: &Path) -> Result<ConfigFile, FileError> {
        let text = std::fs::read_to_string(path).map_err(|e| FileError {
            path: path.to_path_buf(),
            line: None,
            key: None,
            message: e.to_string(),
        })?;
        ConfigFile::parse(&text, path)
    }

    /// Parses and validates `text`, read from `path` (used in error messages).
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, FileError> {
        let err = |span: Option<std::ops::Range<usize>>, key: Option<String>, message: String| FileError {
            path: path.to_path_buf(),
            line: span.map(|s| line_of(text, s.start)),
            key,
            message,
        };
        let raw: Raw =
            toml::from_str(text).map_err(|e| err(e.span(), None, e.message().trim().to_string()))?;

        // Rule selection: checked here so that a typo points at its line.
        let check_ids = |key: &str, items: &[Spanned<String>]| -> Result<Vec<String>, FileError> {
            items
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    Config::default()
                        .select(None, &[s.get_ref().as_str()])
                        .map(|_| s.get_ref().clone())
                        .map_err(|e| err(Some(s.span()), Some(format!("{key}[{i}]")), e.to_string()))
                })
                .collect()
        };
        let only = raw.only.as_deref().map(|o| check_ids("only", o)).transpose()?;
        let skip = check_ids("skip", &raw.skip)?;
        if let Some(p) = &raw.preset {
            Config::preset(p.get_ref())
                .map_err(|e| err(Some(p.span()), Some("preset".into()), e.to_string()))?;
        }

        let mut ids = std::collections::HashSet::new();
        let mut drops = Vec::with_capacity(raw.drop.len());
        for (i, p) in raw.drop.iter().enumerate() {
            let key = format!("drop[{i}]");
            let (text_, mode) = pattern_parts(p, &key, &err)?;
            let Some(id) = &p.get_ref().id else {
                return Err(err(
                    Some(p.span()),
                    Some(key),
                    "missing 'id' (the rule id reported for lines this pattern drops)".into(),
                ));
            };
            if !ids.insert(id.get_ref().trim().to_string()) {
                return Err(err(
                    Some(id.span()),
                    Some(format!("{key}.id")),
                    format!("rule id '{}' is used twice", id.get_ref()),
                ));
            }
            let is_regex = matches!(text_, PatternText::Regex(_));
            drops.push(UserPattern::drop(id.get_ref(), text_, mode).map_err(|e| {
                let (field, span) = match &e {
                    ConfigError::BadRuleId(..) => ("id", id.span()),
                    _ => field_span(p.get_ref(), is_regex),
                };
                err(Some(span), Some(format!("{key}.{field}")), e.to_string())
            })?);
        }
        let mut keeps = Vec::with_capacity(raw.keep.len());
        for (i, p) in raw.keep.iter().enumerate() {
            let key = format!("keep[{i}]");
            let (text_, mode) = pattern_parts(p, &key, &err)?;
            let is_regex = matches!(text_, PatternText::Regex(_));
            keeps.push(UserPattern::keep(text_, mode).map_err(|e| {
                let (field, span) = field_span(p.get_ref(), is_regex);
                err(Some(span), Some(format!("{key}.{field}")), e.to_string())
            })?);
        }

        let mut tunables = Tunables::default();
        // Checks a threshold against its range and, if given, stores it in `field`.
        let set = |v: Option<&Spanned<usize>>,
                   key: &str,
                   range: std::ops::RangeInclusive<usize>,
                   field: &mut usize|
         -> Result<(), FileError> {
            let Some(v) = v else { return Ok(()) };
            let n = *v.get_ref();
            if !range.contains(&n) {
                return Err(err(
                    Some(v.span()),
                    Some(key.into()),
                    format!(
                        "{n} is out of range: must be between {} and {}",
                        range.start(),
                        range.end()
                    ),
                ));
            }
            *field = n;
            Ok(())
        };
        let r = &raw.rules;
        set(
            r.nav_run.as_ref().and_then(|n| n.min_lines.as_ref()),
            "rules.nav-run.min_lines",
            Tunables::NAV_RUN_MIN_LINES,
            &mut tunables.nav_run_min_lines,
        )?;
        set(
            r.header_run.as_ref().and_then(|h| h.min_lines.as_ref()),
            "rules.header-run.min_lines",
            Tunables::HEADER_RUN_MIN_LINES,
            &mut tunables.header_run_min_lines,
        )?;
        set(
            r.duplicate_line.as_ref().and_then(|d| d.min_words.as_ref()),
            "rules.duplicate-line.min_words",
            Tunables::DUPLICATE_MIN_WORDS,
            &mut tunables.duplicate_min_words,
        )?;
        set(
            r.repeated_block.as_ref().and_then(|b| b.min_bytes.as_ref()),
            "rules.repeated-block.min_bytes",
            Tunables::BLOCK_MIN_BYTES,
            &mut tunables.block_min_bytes,
        )?;

        let user = UserRules::new(drops, keeps, tunables).map_err(|e| err(None, None, e.to_string()))?;
        Ok(ConfigFile {
            path: path.to_path_buf(),
            preset: raw.preset.map(Spanned::into_inner),
            only,
            skip,
            user,
        })
    }
}

type ErrFn<'a> = dyn Fn(Option<std::ops::Range<usize>>, Option<String>, String) -> FileError + 'a;

/// The text and mode of a `[[drop]]`/`[[keep]]` table: exactly one of `literal` and `regex`.
fn pattern_parts(
    p: &Spanned<RawPattern>,
    key: &str,
    err: &ErrFn<'_>,
) -> Result<(PatternText, MatchMode), FileError> {
    let r = p.get_ref();
    let text = match (&r.literal, &r.regex) {
        (Some(l), None) => PatternText::Literal(l.get_ref().clone()),
        (None, Some(x)) => PatternText::Regex(x.get_ref().clone()),
        (Some(_), Some(x)) => {
            return Err(err(
                Some(x.span()),
                Some(key.into()),
                "give either 'literal' or 'regex', not both".into(),
            ));
        }
        (None, None) => {
            return Err(err(
                Some(p.span()),
                Some(key.into()),
                "missing 'literal' or 'regex'".into(),
            ));
        }
    };
    let mode = match &r.mode {
        None => MatchMode::default(),
        Some(m) => MatchMode::from_name(m.get_ref()).ok_or_else(|| {
            err(
                Some(m.span()),
                Some(format!("{key}.match")),
                format!(
                    "unknown match '{}': expected line, prefix or contains",
                    m.get_ref()
                ),
            )
        })?,
    };
    Ok((text, mode))
}

/// The name and span of the pattern field (`regex` or `literal`).
fn field_span(p: &RawPattern, is_regex: bool) -> (&'static str, std::ops::Range<usize>) {
    match (is_regex, &p.regex, &p.literal) {
        (true, Some(x), _) => ("regex", x.span()),
        (_, _, Some(l)) => ("literal", l.span()),
        _ => ("regex", 0..0),
    }
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

#[derive(Serialize)]
struct Out<'a> {
    preset: &'a str,
    only: Vec<&'a str>,
    drop: Vec<OutPattern<'a>>,
    keep: Vec<OutPattern<'a>>,
    rules: OutRules,
}

#[derive(Serialize)]
struct OutPattern<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    literal: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regex: Option<&'a str>,
    #[serde(rename = "match")]
    mode: &'static str,
}

#[derive(Serialize)]
struct OutRules {
    #[serde(rename = "nav-run")]
    nav_run: OutNavRun,
    #[serde(rename = "duplicate-line")]
    duplicate_line: OutDuplicate,
    #[serde(rename = "header-run")]
    header_run: OutNavRun,
    #[serde(rename = "repeated-block")]
    repeated_block: OutBlock,
}

#[derive(Serialize)]
struct OutBlock {
    min_bytes: usize,
}

#[derive(Serialize)]
struct OutNavRun {
    min_lines: usize,
}

#[derive(Serialize)]
struct OutDuplicate {
    min_words: usize,
}

/// The effective configuration as TOML, itself a valid config file: `only`
/// lists every rule that runs. `source` is the config file used, if any.
pub fn to_toml(config: &Config, preset: &str, source: Option<&Path>) -> String {
    fn pat(p: &UserPattern) -> OutPattern<'_> {
        let (literal, regex) = match &p.text {
            PatternText::Literal(s) => (Some(s.as_str()), None),
            PatternText::Regex(s) => (None, Some(s.as_str())),
        };
        OutPattern {
            id: p.id,
            literal,
            regex,
            mode: p.mode.name(),
        }
    }
    let user = config.user_rules();
    let t = user.tunables();
    let out = Out {
        preset,
        only: config.enabled().collect(),
        drop: user.drops().iter().map(pat).collect(),
        keep: user.keeps().iter().map(pat).collect(),
        rules: OutRules {
            nav_run: OutNavRun {
                min_lines: t.nav_run_min_lines,
            },
            duplicate_line: OutDuplicate {
                min_words: t.duplicate_min_words,
            },
            header_run: OutNavRun {
                min_lines: t.header_run_min_lines,
            },
            repeated_block: OutBlock {
                min_bytes: t.block_min_bytes,
            },
        },
    };
    let from = match source {
        Some(p) => format!("# config file: {}\n", p.display()),
        None => "# config file: none\n".to_string(),
    };
    from + &toml::to_string(&out).unwrap_or_else(|e| format!("# cannot print: {e}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::parse(text, Path::new("textwash.toml")).map_err(|e| e.to_string())
    }

    const EXAMPLE: &str = r#"skip = ["related-headline"]
preset = "default"

[[drop]]
id = "my-footer"
literal = "Copyright ACME Corp"

[[drop]]
id = "follow"
regex = "^Follow us on .*$"
match = "line"

[[keep]]
regex = "Source: "
match = "prefix"

[rules.nav-run]
min_lines = 5

[rules.header-run]
min_lines = 4

[rules.repeated-block]
min_bytes = 2000
"#;

    #[test]
    fn parses_the_example() {
        let f = parse(EXAMPLE).unwrap();
        assert_eq!(f.skip, vec!["related-headline"]);
        assert_eq!(f.preset.as_deref(), Some("default"));
        assert!(f.only.is_none());
        assert_eq!(f.user.drop_id("Copyright ACME Corp"), Some("my-footer"));
        assert_eq!(f.user.drop_id("Follow us on Mastodon"), Some("follow"));
        assert!(f.user.keeps_line("Source: AP"));
        assert_eq!(f.user.tunables().nav_run_min_lines, 5);
        assert_eq!(f.user.tunables().duplicate_min_words, 6);
        assert_eq!(f.user.tunables().header_run_min_lines, 4);
        assert_eq!(f.user.tunables().block_min_bytes, 2000);
        assert!(parse("").is_ok());
        let bad = parse("[rules.repeated-block]\nmin_bytes = 10\n")
            .unwrap_err()
            .to_string();
        assert!(
            bad.contains("textwash.toml:2: rules.repeated-block.min_bytes: 10 is out of range"),
            "{bad}"
        );
        let bad = parse("[rules.header-run]\nmin_lines = 99\n")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("rules.header-run.min_lines"), "{bad}");
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = parse("[[drop]]\nid = \"a\"\nliteral = \"x\"\n\n[[drop]]\nid = \"b\"\nregex = \"(\"\n")
            .unwrap_err();
        assert!(
            e.starts_with("textwash.toml:7: drop[1].regex: regex parse error: "),
            "{e}"
        );
        let e = parse("skip = [\"ad-marker\"]\ncolour = 1\n").unwrap_err();
        assert!(
            e.starts_with("textwash.toml:2: ") && e.contains("unknown field `colour`"),
            "{e}"
        );
        let e = parse("\n[[keep]]\nliteral = \"x\"\nmatsh = \"line\"\n").unwrap_err();
        assert!(e.starts_with("textwash.toml:4: ") && e.contains("matsh"), "{e}");
        let e = parse("skip = [\"ad-marker\", \"nope\"]\n").unwrap_err();
        assert!(e.starts_with("textwash.toml:1: skip[1]: unknown rule"), "{e}");
        let e = parse("preset = \"x\"").unwrap_err();
        assert!(e.starts_with("textwash.toml:1: preset: unknown preset"), "{e}");
        let e = parse("[[drop]]\nid = \"ticker\"\nliteral = \"x\"\n").unwrap_err();
        assert!(
            e.starts_with("textwash.toml:2: drop[0].id: rule id 'ticker' clashes"),
            "{e}"
        );
        let e = parse("[[drop]]\nliteral = \"x\"\n").unwrap_err();
        assert!(e.contains("drop[0]: missing 'id'"), "{e}");
        let e = parse("[[keep]]\nliteral = \"x\"\nregex = \"y\"\n").unwrap_err();
        assert!(e.starts_with("textwash.toml:3: keep[0]: give either"), "{e}");
        let e = parse("[[keep]]\nliteral = \"x\"\nmatch = \"all\"\n").unwrap_err();
        assert!(
            e.starts_with("textwash.toml:3: keep[0].match: unknown match"),
            "{e}"
        );
        let e = parse("[rules.nav-run]\nmin_lines = 1\n").unwrap_err();
        assert!(
            e.starts_with("textwash.toml:2: rules.nav-run.min_lines: 1 is out of range"),
            "{e}"
        );
        let e = parse("[rules.ticker]\nmin = 1\n").unwrap_err();
        assert!(e.contains("unknown field `ticker`"), "{e}");
        let e = parse("[[drop]]\nid = \"a\"\nliteral = \"x\"\n[[drop]]\nid = \"a\"\nliteral = \"y\"\n")
            .unwrap_err();
        assert!(
            e.starts_with("textwash.toml:5: drop[1].id: rule id 'a' is used twice"),
            "{e}"
        );
    }

    #[test]
    fn printed_config_parses_back() {
        let f = parse(EXAMPLE).unwrap();
        let c = Config::default()
            .select(None, &f.skip)
            .unwrap()
            .with_user_rules(f.user.clone());
        let printed = to_toml(&c, "default", Some(Path::new("/x/textwash.toml")));
        assert!(
            printed.starts_with("# config file: /x/textwash.toml\n"),
            "{printed}"
        );
        let back = parse(&printed).unwrap();
        let only = back.only.unwrap();
        assert!(only.iter().any(|r| r == "ad-marker") && !only.iter().any(|r| r == "related-headline"));
        assert_eq!(back.user.drops().len(), 2);
        assert_eq!(back.user.tunables(), f.user.tunables());
    }
}

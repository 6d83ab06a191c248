//! Machine-readable results (`--report`, schema in docs/report-schema.md) and
//! pipeline gates (`--fail-on`).

use std::collections::BTreeMap;

use serde::Serialize;
use textwash::{Group, all_rules};

use super::batch::FileResult;

/// A `--fail-on` condition: `TARGET`, `TARGET>N` or `TARGET>N%`, checked per file.
#[derive(Debug, Clone, PartialEq)]
pub struct FailSpec {
    pub text: String,
    target: Target,
    /// `None`: any occurrence fails.
    threshold: Option<Threshold>,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// One rule id.
    Rule(&'static str),
    /// All rules of a group (`boilerplate` is the strip group).
    Group(Group),
    /// Records of a JSON Lines file that were invalid.
    Invalid,
    /// Any change at all.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Threshold {
    Count(f64),
    Percent(f64),
}

impl FailSpec {
    pub fn parse(spec: &str) -> Result<FailSpec, String> {
        let bad = || format!("--fail-on '{spec}': expected RULE, RULE>N or RULE>N% (see --help)");
        let (name, threshold) = match spec.split_once('>') {
            None => (spec.trim(), None),
            Some((name, num)) => {
                let num = num.trim();
                let (digits, pct) = match num.strip_suffix('%') {
                    Some(d) => (d.trim(), true),
                    None => (num, false),
                };
                let n: f64 = digits.parse().map_err(|_| bad())?;
                if !n.is_finite() || n < 0.0 {
                    return Err(bad());
                }
                (
                    name.trim(),
                    Some(if pct {
                        Threshold::Percent(n)
                    } else {
                        Threshold::Count(n)
                    }),
                )
            }
        };
        let target = match name {
            "any" => Target::Any,
            "invalid" => Target::Invalid,
            "boilerplate" | "dropped" => Target::Group(Group::Strip),
            "repairs" => Target::Group(Group::Repair),
            _ => match Group::from_name(name) {
                Some(g) => Target::Group(g),
                None => match all_rules().find(|r| r.id == name) {
                    Some(r) => Target::Rule(r.id),
                    None => {
                        return Err(format!(
                            "--fail-on '{spec}': unknown rule or group '{name}' (see --list-rules)"
                        ));
                    }
                },
            },
        };
        Ok(FailSpec {
            text: spec.to_string(),
            target,
            threshold,
        })
    }

    /// How many events of the target the file has.
    fn count(&self, r: &FileResult) -> u64 {
        let s = &r.stats;
        let by_rule = |id: &str| -> u64 {
            [&s.dropped, &s.changed, &s.layout]
                .iter()
                .filter_map(|m| m.get(id))
                .sum()
        };
        match &self.target {
            Target::Rule(id) => by_rule(id),
            Target::Group(g) => all_rules().filter(|x| x.group == *g).map(|x| by_rule(x.id)).sum(),
            Target::Invalid => r.jsonl.map_or(0, |j| j.invalid),
            Target::Any => u64::from(r.changed),
        }
    }

    /// `Some(why)` when the file breaks this condition.
    pub fn check(&self, r: &FileResult) -> Option<String> {
        if r.error.is_some() || r.binary {
            return None;
        }
        let n = self.count(r);
        match self.threshold {
            None if n > 0 => Some(format!("{n}")),
            Some(Threshold::Count(t)) if n as f64 > t => Some(format!("{n}")),
            Some(Threshold::Percent(t)) => {
                let of = match self.target {
                    Target::Invalid => r.jsonl.map_or(0, |j| j.records),
                    _ => r.lines_in,
                };
                let pct = if of == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / of as f64
                };
                (pct > t).then(|| format!("{pct:.1}% ({n} of {of})"))
            }
            _ => None,
        }
    }
}

type Counts = BTreeMap<&'static str, u64>;

#[derive(Serialize)]
struct FileRecord<'a> {
    path: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    compression: &'static str,
    encoding: Option<&'static str>,
    bytes_in: u64,
    bytes_out: u64,
    lines_in: u64,
    lines_out: u64,
    dropped: &'a Counts,
    repairs: &'a Counts,
    layout: &'a Counts,
    replacements: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid_records: Option<u64>,
}

#[derive(Serialize, Default)]
struct Totals {
    files: u64,
    changed: u64,
    skipped: u64,
    errors: u64,
    bytes_in: u64,
    bytes_out: u64,
    lines_in: u64,
    lines_out: u64,
    dropped: Counts,
    repairs: Counts,
    layout: Counts,
    replacements: u64,
    records: u64,
    invalid_records: u64,
}

#[derive(Serialize)]
struct Report<'a> {
    tool: &'static str,
    tool_version: &'static str,
    files: Vec<FileRecord<'a>>,
    totals: Totals,
}

/// The JSON report over `results` (pretty-printed, one trailing newline).
pub fn json<'a>(results: impl ExactSizeIterator<Item = &'a FileResult>) -> String {
    let mut totals = Totals::default();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        let status = if r.error.is_some() {
            totals.errors += 1;
            "error"
        } else if r.binary {
            totals.skipped += 1;
            "skipped-binary"
        } else {
            "ok"
        };
        totals.files += 1;
        totals.changed += u64::from(r.changed);
        totals.bytes_in += r.bytes_in;
        totals.bytes_out += r.bytes_out;
        totals.lines_in += r.lines_in;
        totals.lines_out += r.lines_out;
        totals.replacements += r.stats.replacements;
        for (into, from) in [
            (&mut totals.dropped, &r.stats.dropped),
            (&mut totals.repairs, &r.stats.changed),
            (&mut totals.layout, &r.stats.layout),
        ] {
            for (k, v) in from {
                *into.entry(k).or_default() += v;
            }
        }
        if let Some(j) = r.jsonl {
            totals.records += j.records;
            totals.invalid_records += j.invalid;
        }
        files.push(FileRecord {
            path: &r.name,
            status,
            error: r.error.as_deref(),
            changed: r.changed,
            output: r.output.as_ref().map(|p| p.display().to_string()),
            compression: r.compression.name(),
            encoding: r.stats.encoding,
            bytes_in: r.bytes_in,
            bytes_out: r.bytes_out,
            lines_in: r.lines_in,
            lines_out: r.lines_out,
            dropped: &r.stats.dropped,
            repairs: &r.stats.changed,
            layout: &r.stats.layout,
            replacements: r.stats.replacements,
            records: r.jsonl.map(|j| j.records),
            invalid_records: r.jsonl.map(|j| j.invalid),
        });
    }
    let report = Report {
        tool: "textwash",
        tool_version: env!("CARGO_PKG_VERSION"),
        files,
        totals,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("the report serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_specs() {
        assert!(FailSpec::parse("mojibake").is_ok());
        assert!(FailSpec::parse("boilerplate>5%").is_ok());
        assert!(FailSpec::parse("ad-marker > 3").is_ok());
        assert!(FailSpec::parse("nonsense").is_err());
        assert!(FailSpec::parse("mojibake>x").is_err());
    }

    #[test]
    fn thresholds() {
        let mut r = FileResult {
            lines_in: 100,
            ..Default::default()
        };
        r.stats.dropped.insert("ad-marker", 6);
        assert!(FailSpec::parse("boilerplate>5%").unwrap().check(&r).is_some());
        assert!(FailSpec::parse("boilerplate>6%").unwrap().check(&r).is_none());
        assert!(FailSpec::parse("ad-marker>5").unwrap().check(&r).is_some());
        assert!(FailSpec::parse("mojibake").unwrap().check(&r).is_none());
    }
}

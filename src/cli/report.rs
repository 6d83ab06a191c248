//! Machine-readable results (`--report`, schema in docs/report-schema.md) and
//! pipeline gates (`--fail-on`).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use textwash::{Group, all_rules};

use super::batch::{Durable, FileResult, Pending};

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

/// The whole report at once, as [`Writer`] writes it a file at a time.
#[cfg(test)]
#[derive(Serialize)]
struct Report<'a> {
    tool: &'static str,
    tool_version: &'static str,
    files: Vec<FileRecord<'a>>,
    totals: Totals,
}

/// The record of `r`, added to `totals`.
fn record<'a>(totals: &mut Totals, r: &'a FileResult) -> FileRecord<'a> {
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
    FileRecord {
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
    }
}

/// The JSON report over `results` (pretty-printed, one trailing newline).
#[cfg(test)]
fn json<'a>(results: impl Iterator<Item = &'a FileResult>) -> String {
    let mut totals = Totals::default();
    let files = results.map(|r| record(&mut totals, r)).collect();
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

/// Where the report goes: stdout; a file that is not a regular one (a pipe,
/// a device), written as it is; or a regular file, written beside its
/// target and put in its place once complete (a run that fails midway
/// leaves an earlier report whole, and a walk never meets half a report).
pub enum Out {
    Stdout(io::Stdout),
    Direct(File),
    /// With the permissions of the file it replaces, if any.
    Pending(Pending, Option<fs::Permissions>),
}

impl Out {
    /// Opens the report's destination (`-` for stdout), before any file is
    /// cleaned: a report that cannot be written is known at once.
    pub fn open(path: &Path) -> io::Result<Out> {
        if path.as_os_str() == "-" {
            return Ok(Out::Stdout(io::stdout()));
        }
        match fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => Ok(Out::Direct(File::create(path)?)),
            Ok(m) if m.is_dir() => Err(io::Error::other("is a directory")),
            found => Ok(Out::Pending(
                Pending::begin(path, 0o666, Durable::No)?,
                found.ok().map(|m| m.permissions()),
            )),
        }
    }

    /// The device and inode numbers of the file being written, for the walk
    /// to pass it by.
    pub fn id(&self) -> Option<(u64, u64)> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let file = match self {
                Out::Stdout(_) => return None,
                Out::Direct(f) | Out::Pending(Pending { file: f, .. }, _) => f,
            };
            file.metadata().ok().map(|m| (m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        None
    }

    /// Puts a complete report in its place.
    pub fn close(self) -> io::Result<()> {
        match self {
            Out::Pending(p, perms) => p.commit(perms),
            Out::Stdout(_) | Out::Direct(_) => Ok(()),
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(s) => s.write(buf),
            Out::Direct(f) | Out::Pending(Pending { file: f, .. }, _) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(s) => s.flush(),
            Out::Direct(f) | Out::Pending(Pending { file: f, .. }, _) => f.flush(),
        }
    }
}

/// Writes the JSON report a file at a time, as the results come: the bytes
/// of the whole report pretty-printed at once, without keeping a record per
/// file until the end. The first write error is kept, and nothing more is
/// written after it.
pub struct Writer<W: Write> {
    out: W,
    totals: Totals,
    /// One record serialized, before it is indented into `out`.
    buf: Vec<u8>,
    error: Option<io::Error>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        let mut w = Writer {
            out,
            totals: Totals::default(),
            buf: Vec::new(),
            error: None,
        };
        let head = format!(
            "{{\n  \"tool\": \"textwash\",\n  \"tool_version\": {},\n  \"files\": [",
            serde_json::Value::from(env!("CARGO_PKG_VERSION"))
        );
        w.write(head.as_bytes(), b"", b"", b"");
        w
    }

    /// Writes `before` as it is, then `value` (pretty-printed JSON) with its
    /// lines after the first indented by `indent`, the depth it sits at in
    /// the report (JSON strings hold no raw line break), then `after`.
    fn write(&mut self, before: &[u8], value: &[u8], indent: &[u8], after: &[u8]) {
        if self.error.is_some() {
            return;
        }
        let put = |out: &mut W| -> io::Result<()> {
            out.write_all(before)?;
            let mut lines = value.split(|&b| b == b'\n');
            out.write_all(lines.next().unwrap_or_default())?;
            for line in lines {
                out.write_all(b"\n")?;
                out.write_all(indent)?;
                out.write_all(line)?;
            }
            out.write_all(after)
        };
        if let Err(e) = put(&mut self.out) {
            self.error = Some(e);
        }
    }

    /// Adds the record of `r` (and counts it in the totals).
    pub fn add(&mut self, r: &FileResult) {
        let sep: &[u8] = if self.totals.files == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &record(&mut self.totals, r)).expect("a record serializes");
        self.write(sep, &buf, b"    ", b"");
        self.buf = buf;
    }

    /// Writes the totals and the end, flushes, and returns the output or the
    /// first error met.
    pub fn finish(mut self) -> io::Result<W> {
        let close: &[u8] = if self.totals.files == 0 { b"]" } else { b"\n  ]" };
        let totals = serde_json::to_vec_pretty(&self.totals).expect("the totals serialize");
        let before = [close, b",\n  \"totals\": "].concat();
        self.write(&before, &totals, b"  ", b"\n}\n");
        if self.error.is_none()
            && let Err(e) = self.out.flush()
        {
            self.error = Some(e);
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }
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

    #[test]
    fn the_report_written_a_file_at_a_time_is_the_report_written_at_once() {
        let mut a = FileResult {
            name: "a \"quoted\"\n name".into(),
            lines_in: 3,
            changed: true,
            output: Some("o/a".into()),
            ..Default::default()
        };
        a.stats.dropped.insert("ad-marker", 2);
        a.stats.changed.insert("mojibake", 1);
        let b = FileResult {
            name: "b".into(),
            error: Some("b: gone".into()),
            jsonl: Some(textwash::jsonl::JsonlSummary {
                records: 4,
                invalid: 1,
                ..Default::default()
            }),
            ..Default::default()
        };
        for results in [vec![], vec![&a], vec![&a, &b, &a]] {
            let mut w = Writer::new(Vec::new());
            for r in &results {
                w.add(r);
            }
            let streamed = String::from_utf8(w.finish().unwrap()).unwrap();
            assert_eq!(streamed, json(results.iter().copied()));
        }
    }

    #[test]
    fn a_report_that_cannot_be_written_says_why() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = Writer::new(Full);
        w.add(&FileResult::default());
        assert_eq!(w.finish().err().unwrap().to_string(), "disk full");
    }
}

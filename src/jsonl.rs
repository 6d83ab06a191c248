//! JSON Lines: clean one string field of each record, pass every other byte through.
//!
//! One record in, one record out, in the same order. Only the value of the text
//! field (default `text`) is rewritten, and only when cleaning changes it; key
//! order, whitespace, number formatting (`1.0e10` stays `1.0e10`) and escapes
//! elsewhere are kept byte for byte, because the field is located as a span of
//! the original line ([`serde_json::value::RawValue`]) and only that span is
//! replaced. A record that is not a JSON object, lacks the field, or whose field
//! is not a string is returned as [`Invalid`]; the caller passes it through or
//! drops it. Lines that are empty or only whitespace pass through silently.
//!
//! The cleaner's `final-newline` rule is not applied to a field that did not end
//! with a newline: a record's text is not a file.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufRead, Write};

use serde_json::value::RawValue;

use crate::cleaner::Cleaner;
use crate::sink::{Event, Sink, StatsSink};

/// What to do with each record.
#[derive(Debug, Clone)]
pub struct JsonlOptions {
    /// The string field to clean.
    pub field: String,
    /// When set, a field of this name is added to (or replaced in) each valid
    /// record: an object with the record's counts.
    pub stats_field: Option<String>,
    /// Drop invalid records instead of passing them through.
    pub drop_invalid: bool,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        JsonlOptions {
            field: "text".to_string(),
            stats_field: None,
            drop_invalid: false,
        }
    }
}

/// Why a record was not cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not valid JSON (or not UTF-8).
    NotJson,
    /// Valid JSON, but not an object.
    NotObject,
    /// The object has no such field.
    MissingField,
    /// The field is not a string.
    NotString,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invalid::NotJson => "invalid JSON record",
            Invalid::NotObject => "JSON record is not an object",
            Invalid::MissingField => "JSON record lacks the text field",
            Invalid::NotString => "JSON record's text field is not a string",
        })
    }
}

/// Totals of one JSON Lines run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonlSummary {
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Records read (non-blank lines).
    pub records: u64,
    /// Records whose field changed.
    pub changed: u64,
    /// Invalid records (passed through or dropped).
    pub invalid: u64,
    /// Invalid records dropped.
    pub dropped: u64,
    /// Lines of text in the cleaned fields, before.
    pub lines_in: u64,
    /// Lines of text in the cleaned fields, after.
    pub lines_out: u64,
}

/// Feeds a per-record [`StatsSink`] and the caller's sink.
struct Both<'a, S: Sink>(&'a mut StatsSink, S);

impl<S: Sink> Sink for Both<'_, S> {
    fn event(&mut self, event: &Event<'_>) {
        self.0.event(event);
        self.1.event(event);
    }

    fn wants_text(&self) -> bool {
        self.1.wants_text()
    }
}

fn span_of(line: &str, raw: &RawValue) -> std::ops::Range<usize> {
    let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    start..start + raw.get().len()
}

fn count_lines(s: &str) -> u64 {
    s.lines().count() as u64
}

/// Cleans one record (`line`, without its terminator), appending the result to
/// `out`. On `Err`, `out` is unchanged. Events go to `sink`; `stats` receives the
/// record's counts. Returns the lines of text before and after.
pub fn clean_record<S: Sink>(
    cleaner: &Cleaner,
    opts: &JsonlOptions,
    line: &[u8],
    out: &mut Vec<u8>,
    stats: &mut StatsSink,
    sink: S,
) -> Result<(u64, u64), Invalid> {
    let line = std::str::from_utf8(line).map_err(|_| Invalid::NotJson)?;
    let value: &RawValue = serde_json::from_str(line).map_err(|_| Invalid::NotJson)?;
    if !value.get().starts_with('{') {
        return Err(Invalid::NotObject);
    }
    let map: BTreeMap<String, &RawValue> = serde_json::from_str(line).map_err(|_| Invalid::NotJson)?;
    let raw = map.get(&opts.field).ok_or(Invalid::MissingField)?;
    if !raw.get().starts_with('"') {
        return Err(Invalid::NotString);
    }
    let text: String = serde_json::from_str(raw.get()).map_err(|_| Invalid::NotJson)?;
    let mut cleaned = cleaner.clean_str_with(&text, Both(stats, sink));
    if !text.ends_with('\n') && cleaned.ends_with('\n') {
        cleaned.pop();
    }
    let counts = (count_lines(&text), count_lines(&cleaned));
    let field_span = span_of(line, raw);
    // Replacements, in order of position: (span, new bytes).
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    if cleaned != text {
        edits.push((
            field_span,
            serde_json::to_string(&cleaned).expect("a string serializes"),
        ));
    }
    if let Some(name) = &opts.stats_field {
        let obj = stats_object(stats);
        match map.get(name) {
            Some(old) => edits.push((span_of(line, old), obj)),
            None => {
                let close = line.trim_end().len() - 1;
                let empty = line[..close].trim_end().ends_with('{');
                let key = serde_json::to_string(name).expect("a string serializes");
                let sep = if empty { "" } else { "," };
                edits.push((close..close, format!("{sep}{key}:{obj}")));
            }
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut at = 0;
    for (range, new) in edits {
        out.extend_from_slice(&line.as_bytes()[at..range.start]);
        out.extend_from_slice(new.as_bytes());
        at = range.end;
    }
    out.extend_from_slice(&line.as_bytes()[at..]);
    Ok(counts)
}

/// The `--stats-field` object: `{"lines_dropped":N,"dropped":{..},"repairs":{..},"layout":{..}}`.
fn stats_object(s: &StatsSink) -> String {
    serde_json::json!({
        "lines_dropped": s.lines_dropped(),
        "dropped": s.dropped,
        "repairs": s.changed,
        "layout": s.layout,
    })
    .to_string()
}

/// Cleans JSON Lines from `reader` into `writer`. Events of every record go to
/// `sink`; `on_invalid(line_number, why)` is called for each invalid record.
/// Errors are I/O errors only.
pub fn clean_jsonl<R: BufRead, W: Write, S: Sink>(
    cleaner: &Cleaner,
    opts: &JsonlOptions,
    mut reader: R,
    writer: W,
    mut sink: S,
    mut on_invalid: impl FnMut(u64, Invalid),
) -> io::Result<JsonlSummary> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, writer);
    let mut sum = JsonlSummary::default();
    let mut buf = Vec::new();
    let mut cleaned = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        sum.bytes_in += n as u64;
        let mut body_len = buf.len();
        if buf[..body_len].ends_with(b"\n") {
            body_len -= 1;
            if buf[..body_len].ends_with(b"\r") {
                body_len -= 1;
            }
        }
        let (body, term) = buf.split_at(body_len);
        if body.iter().all(u8::is_ascii_whitespace) {
            out.write_all(&buf)?;
            sum.bytes_out += n as u64;
            continue;
        }
        sum.records += 1;
        cleaned.clear();
        let mut stats = StatsSink::default();
        match clean_record(cleaner, opts, body, &mut cleaned, &mut stats, &mut sink) {
            Ok((lines_in, lines_out)) => {
                sum.lines_in += lines_in;
                sum.lines_out += lines_out;
                if cleaned != body {
                    sum.changed += 1;
                }
                out.write_all(&cleaned)?;
                out.write_all(term)?;
                sum.bytes_out += (cleaned.len() + term.len()) as u64;
            }
            Err(why) => {
                sum.invalid += 1;
                on_invalid(line_no, why);
                if opts.drop_invalid {
                    sum.dropped += 1;
                } else {
                    out.write_all(&buf)?;
                    sum.bytes_out += n as u64;
                }
            }
        }
    }
    out.flush()?;
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, NullSink};

    fn run(input: &str, opts: &JsonlOptions) -> (String, Vec<(u64, Invalid)>) {
        let cleaner = Cleaner::new(Config::default());
        let mut out = Vec::new();
        let mut bad = Vec::new();
        clean_jsonl(&cleaner, opts, input.as_bytes(), &mut out, NullSink, |n, w| {
            bad.push((n, w))
        })
        .unwrap();
        (String::from_utf8(out).unwrap(), bad)
    }

    #[test]
    fn only_the_field_changes() {
        let input = "{\"id\": 1.0e10, \"text\": \"caf\\u00e9   \\n\\n\\n\\nThe end.\", \"n\":\"\\u00e9\"}\n";
        let (out, bad) = run(input, &JsonlOptions::default());
        assert!(bad.is_empty());
        assert_eq!(
            out,
            "{\"id\": 1.0e10, \"text\": \"café\\n\\nThe end.\", \"n\":\"\\u00e9\"}\n"
        );
    }

    #[test]
    fn unchanged_field_keeps_its_escapes() {
        let input = "{\"text\":\"caf\\u00e9\"}\r\n{\"text\":\"All fine.\"}";
        let (out, _) = run(input, &JsonlOptions::default());
        assert_eq!(out, input);
    }

    #[test]
    fn invalid_records_pass_through_or_drop() {
        let input = "not json\n{\"other\":1}\n{\"text\":5}\n[1]\n\n{\"text\":\"a\"}\n";
        let (out, bad) = run(input, &JsonlOptions::default());
        assert_eq!(out, input);
        let kinds: Vec<_> = bad.iter().map(|b| b.1).collect();
        assert_eq!(
            kinds,
            [
                Invalid::NotJson,
                Invalid::MissingField,
                Invalid::NotString,
                Invalid::NotObject
            ]
        );
        assert_eq!(bad[3].0, 4);
        let opts = JsonlOptions {
            drop_invalid: true,
            ..Default::default()
        };
        assert_eq!(run(input, &opts).0, "\n{\"text\":\"a\"}\n");
    }

    #[test]
    fn stats_field_is_added() {
        let opts = JsonlOptions {
            stats_field: Some("tw".into()),
            ..Default::default()
        };
        let (out, _) = run("{\"text\":\"[ad_1]\\nbody\"}\n{}\n", &opts);
        let first = out.lines().next().unwrap();
        let v: serde_json::Value = serde_json::from_str(first).unwrap();
        assert_eq!(v["text"], "body");
        assert_eq!(v["tw"]["dropped"]["ad-marker"], 1);
        assert_eq!(v["tw"]["lines_dropped"], 1);
    }
}

//! The streaming driver: bytes in, lines through repair, normalization and the
//! rules, clean text and events out.
//!
//! Memory is bounded: the decoder keeps at most [`crate::input::SNIFF_LEN`]
//! bytes, the splitter at most one line of up to [`crate::MAX_LINE`] bytes, and
//! the rule window [`LOOKBEHIND`] + [`LOOKAHEAD`] + a batch of lines, of which only
//! the lookahead may hold long texts (a judged line over 4 KB gives its text up). Line
//! buffers are recycled, so a clean line costs no allocation.

use std::borrow::Cow;
use std::io::{self, Read, Write};

use crate::catalog::ids;
use crate::config::Config;
use crate::input::{InputDecoder, LineSplitter, Term};
use crate::normalize;
use crate::repair;
use crate::rules::{Ctx, DocState, LOOKAHEAD, LOOKBEHIND, Line, LineMemo, Rules};
use crate::sink::{Event, NullSink, Sink};
use crate::spare::Spares;

/// Judged lines past the lookbehind that are recycled at once (see `Core::advance`).
const RETIRE_BATCH: usize = 512;
/// Read sizes of [`Cleaner::clean_stream`]: the first read, and the largest.
const MIN_READ: usize = 16 * 1024;
const MAX_READ: usize = 256 * 1024;
/// A judged line longer than this gives its text up at once (see `Core::advance`).
const KEEP_JUDGED: usize = 4096;
/// Line buffers of up to this capacity go back to the pool; larger ones (from
/// a long line) are freed, so the pool cannot hold a window of big buffers.
const POOL_CAPACITY: usize = 2 * KEEP_JUDGED;

/// Puts a line buffer back in `pool`, unless it is one of the large ones.
fn recycle(pool: &mut Vec<String>, text: String) {
    // (an empty line's text never had a buffer: see `Core::push`)
    if text.capacity() <= POOL_CAPACITY && text.capacity() > 0 {
        pool.push(text);
    }
}

/// Which stages run, looked up once from the [`Config`].
#[derive(Debug, Clone, Copy)]
struct Flags {
    mojibake: bool,
    entities: bool,
    controls: bool,
    invisible: bool,
    nfc: bool,
    trailing: bool,
    line_endings: bool,
    blank_lines: bool,
    final_newline: bool,
    uncurl: bool,
    ligatures: bool,
    fullwidth: bool,
    nfkc: bool,
    strip: bool,
}

/// Cleans text according to a [`Config`]. Cheap to share between threads.
pub struct Cleaner {
    config: Config,
    rules: Rules,
    on: Flags,
    /// Buffers of ended sessions, for the next ones.
    spare: Spares<Spare>,
    /// Read buffers of ended [`Cleaner::clean_stream`] calls: a fresh one is
    /// zeroed for every input (16 KiB a file in directory mode).
    read_bufs: Spares<Vec<u8>>,
}

/// The buffers a session grows, kept when it ends: directory mode cleans
/// thousands of small files, and allocating (then freeing) each file's line
/// buffers afresh showed in its profile.
#[derive(Default)]
struct Spare {
    pool: Vec<String>,
    lines: Vec<Line>,
    meta: Vec<Meta>,
}

/// Totals of one cleaning run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Lines read.
    pub lines_in: u64,
    /// Lines written.
    pub lines_out: u64,
    /// Lines dropped by rules.
    pub lines_dropped: u64,
    /// encoding_rs name of the input's encoding.
    pub encoding: &'static str,
    /// Invalid input sequences replaced by U+FFFD.
    pub replacements: u64,
}

impl Cleaner {
    /// A cleaner for `config`; rules are compiled here, once.
    pub fn new(config: Config) -> Cleaner {
        let on = |id| config.is_enabled(id);
        let flags = Flags {
            mojibake: on(ids::MOJIBAKE),
            entities: on(ids::ENTITIES),
            controls: on(ids::CONTROLS),
            invisible: on(ids::ZERO_WIDTH),
            nfc: on(ids::NFC),
            trailing: on(ids::TRAILING_SPACE),
            line_endings: on(ids::LINE_ENDINGS),
            blank_lines: on(ids::BLANK_LINES),
            final_newline: on(ids::FINAL_NEWLINE),
            uncurl: on(ids::UNCURL_QUOTES),
            ligatures: on(ids::LIGATURES),
            fullwidth: on(ids::FULLWIDTH),
            nfkc: on(ids::NFKC),
            strip: crate::rules::RULES.iter().any(|r| config.is_enabled(r.id))
                || !config.user_rules().drops().is_empty(),
        };
        let rules = Rules::with_user(&|id| config.is_enabled(id), config.user_rules());
        Cleaner {
            config,
            rules,
            on: flags,
            spare: Spares::default(),
            read_bufs: Spares::default(),
        }
    }

    /// Compiles one of the matchers otherwise compiled when a line first
    /// needs them; `false` when none is left. Calling it until it returns
    /// `false` moves all of start-up before the first line (the command line
    /// does this while it walks the input directories).
    pub fn prepare_next(&self) -> bool {
        self.rules.prepare_next()
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Cleans a string.
    ///
    /// ```
    /// let cleaner = textwash::Cleaner::new(textwash::Config::default());
    /// assert_eq!(cleaner.clean_str("  \ncafÃ© &amp; cr\u{e8}me  \r\n\n\n"), "café & crème\n");
    /// ```
    pub fn clean_str(&self, text: &str) -> String {
        self.clean_str_with(text, NullSink)
    }

    /// Cleans a string, reporting events to `sink` (as [`Cleaner::clean_str`]:
    /// the text is taken as UTF-8 whatever the configured input encoding).
    pub fn clean_str_with<S: Sink>(&self, text: &str, sink: S) -> String {
        let mut out = Vec::with_capacity(text.len() + 1);
        let mut session = self.session_with_encoding(&mut out, sink, Some(encoding_rs::UTF_8));
        // Writing to a Vec cannot fail.
        let _ = session
            .feed(text.as_bytes())
            .and_then(|_| session.finish().map(drop));
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Cleans everything `reader` yields into `writer`, reporting events to `sink`.
    /// Errors are I/O errors of the reader or writer only: bad input is data.
    pub fn clean_stream<R: Read, W: Write, S: Sink>(
        &self,
        mut reader: R,
        writer: W,
        sink: S,
    ) -> io::Result<Summary> {
        let mut session = self.session(writer, sink);
        // The buffer starts small and doubles while reads fill it: a fresh
        // 256 KiB buffer is zeroed (calloc) for every input, which cost more
        // than cleaning a small file does (directory mode: thousands of them).
        // (a kept buffer is as large as the reads that filled it grew it)
        let mut buf = self.read_bufs.take().unwrap_or_else(|| vec![0u8; MIN_READ]);
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            session.feed(&buf[..n])?;
            if n == buf.len() && buf.len() < MAX_READ {
                buf.resize(buf.len() * 2, 0);
            }
        }
        self.read_bufs.put(buf);
        session.finish()
    }

    /// Cleans the whole input `bytes` into `writer`: the same as
    /// [`Cleaner::clean_stream`] over them, with fewer copies.
    pub fn clean_bytes<W: Write, S: Sink>(&self, bytes: &[u8], writer: W, sink: S) -> io::Result<Summary> {
        self.session(writer, sink).finish_with(bytes)
    }

    /// A push-based cleaning session: feed bytes in any chunks, then finish.
    pub fn session<W: Write, S: Sink>(&self, writer: W, sink: S) -> Session<'_, W, S> {
        self.session_with_encoding(writer, sink, self.config.encoding)
    }

    fn session_with_encoding<W: Write, S: Sink>(
        &self,
        writer: W,
        sink: S,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Session<'_, W, S> {
        let spare = self.spare.take().unwrap_or_default();
        Session {
            decoder: InputDecoder::new(encoding),
            splitter: LineSplitter::default(),
            core: Core {
                cleaner: self,
                // Output leaves in large blocks: few write calls, whatever the line length.
                out: io::BufWriter::with_capacity(256 * 1024, writer),
                sink,
                lines: spare.lines,
                meta: spare.meta,
                judged: 0,
                doc_index: 0,
                doc: self.rules.doc_state(),
                pool: spare.pool,
                memo: self.rules.memo(),
                line_no: 0,
                wrote_any: false,
                pending_blank: None,
                in_piece: false,
                error: None,
                summary: Summary::default(),
            },
        }
    }
}

/// One cleaning run over one document; see [`Cleaner::session`].
pub struct Session<'c, W: Write, S: Sink> {
    decoder: InputDecoder,
    splitter: LineSplitter,
    core: Core<'c, W, S>,
}

impl<W: Write, S: Sink> Session<'_, W, S> {
    /// Feeds the next bytes of the input.
    pub fn feed(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.core.summary.bytes_in += bytes.len() as u64;
        if let Some(text) = self.decoder.direct(bytes) {
            let core = &mut self.core;
            self.splitter
                .drain_str(text, crate::MAX_LINE, |line, term| core.push(line, term));
            return core.flush_error();
        }
        self.decoder.feed(bytes, self.splitter.buffer());
        self.drain(false)
    }

    /// Ends the input: flushes the window and the writer.
    pub fn finish(mut self) -> io::Result<Summary> {
        if let Some(text) = self.decoder.finish_in_place() {
            let core = &mut self.core;
            self.splitter
                .drain_last_str(text, crate::MAX_LINE, |line, term| core.push(line, term));
        } else {
            self.decoder.finish(self.splitter.buffer());
        }
        self.end()
    }

    /// Feeds `bytes` as the rest of the input and ends it: the same as
    /// [`Session::feed`] then [`Session::finish`], with no copy of a small
    /// UTF-8 input (one file of a directory) on the way.
    pub fn finish_with(mut self, bytes: &[u8]) -> io::Result<Summary> {
        let Some(text) = self.decoder.take_whole(bytes) else {
            self.feed(bytes)?;
            return self.finish();
        };
        self.core.summary.bytes_in += bytes.len() as u64;
        let core = &mut self.core;
        self.splitter
            .drain_last_str(text, crate::MAX_LINE, |line, term| core.push(line, term));
        self.end()
    }

    /// The end of [`Session::finish`], once the last text is split.
    fn end(mut self) -> io::Result<Summary> {
        self.drain(true)?;
        self.core.advance(true);
        let core = &mut self.core;
        if core.pending_blank.take().is_some() {
            core.sink.event(&Event::Layout {
                line: core.line_no,
                rule: ids::BLANK_LINES,
            });
        }
        core.flush_error()?;
        core.out.flush()?;
        core.summary.encoding = self.decoder.encoding().name();
        core.summary.replacements = self.decoder.replacements();
        Ok(core.summary)
    }

    fn drain(&mut self, last: bool) -> io::Result<()> {
        let core = &mut self.core;
        self.splitter
            .drain(last, crate::MAX_LINE, |line, term| core.push(line, term));
        if last {
            core.sink.event(&Event::Decoded {
                encoding: self.decoder.encoding().name(),
                replacements: self.decoder.replacements(),
            });
        }
        core.flush_error()
    }
}

/// Per-line facts the rules do not need.
#[derive(Debug, Clone, Copy)]
struct Meta {
    term: Term,
    no: u64,
    blank: bool,
}

struct Core<'c, W: Write, S: Sink> {
    cleaner: &'c Cleaner,
    out: io::BufWriter<W>,
    sink: S,
    /// The rule window; `meta` runs parallel to it.
    lines: Vec<Line>,
    meta: Vec<Meta>,
    /// How many lines of the window have a verdict (and were written).
    judged: usize,
    /// Document index of `lines[0]`.
    doc_index: u64,
    /// What the rules remember of the document outside the window.
    doc: DocState,
    /// Recycled line buffers.
    pool: Vec<String>,
    /// Pattern verdicts of recent short lines.
    memo: LineMemo,
    line_no: u64,
    wrote_any: bool,
    pending_blank: Option<Term>,
    in_piece: bool,
    error: Option<io::Error>,
    summary: Summary,
}

/// Whether a line is plain printable ASCII (tab allowed) with no `&`: nothing
/// for the repairs to do.
#[inline]
fn is_plain_ascii(line: &str) -> bool {
    // DEL and non-ASCII, C0 controls other than tab, and `&`. As a signed
    // byte, non-ASCII is negative: one signed compare (what SSE2 has) finds
    // it and the controls together.
    crate::rules::text::no_byte(line.as_bytes(), |b| {
        (((b as i8) < 0x20) & (b != b'\t')) | (b == 0x7F) | (b == b'&')
    })
}

impl<W: Write, S: Sink> Drop for Core<'_, W, S> {
    fn drop(&mut self) {
        self.cleaner.rules.recycle(&mut self.memo);
        let mut pool = std::mem::take(&mut self.pool);
        for line in self.lines.drain(..) {
            recycle(&mut pool, line.text);
        }
        self.meta.clear();
        self.cleaner.spare.put(Spare {
            pool,
            lines: std::mem::take(&mut self.lines),
            meta: std::mem::take(&mut self.meta),
        });
    }
}

impl<W: Write, S: Sink> Core<'_, W, S> {
    fn flush_error(&mut self) -> io::Result<()> {
        self.error.take().map_or(Ok(()), Err)
    }

    fn push(&mut self, raw: &str, term: Term) {
        if !self.in_piece {
            self.line_no += 1;
            self.summary.lines_in += 1;
        }
        let no = self.line_no;
        let was_piece = self.in_piece;
        self.in_piece = term == Term::Piece;
        if raw.is_empty() && !was_piece && term != Term::Piece {
            // An empty line (half the lines of most text): nothing to repair
            // or match, and no buffer to take from the pool.
            self.lines.push(self.cleaner.rules.empty_line(String::new()));
            self.meta.push(Meta {
                term,
                no,
                blank: true,
            });
            self.advance(false);
            return;
        }
        let mut text = self.pool.pop().unwrap_or_default();
        text.clear();
        self.repair_into(raw, no, term, &mut text);
        if term == Term::Piece || was_piece {
            // Part of an over-long line: no rule applies; write it straight through,
            // after everything before it.
            self.advance(false);
            self.flush_window();
            self.write_line(&text, term, no, false);
            recycle(&mut self.pool, text);
            return;
        }
        let line = self.cleaner.rules.line_memo(text, &mut self.memo);
        let blank = line.is_blank();
        self.lines.push(line);
        self.meta.push(Meta { term, no, blank });
        self.advance(false);
    }

    /// Repairs and normalizes one line into `dst`, reporting changes.
    fn repair_into(&mut self, raw: &str, no: u64, term: Term, dst: &mut String) {
        let on = self.cleaner.on;
        let mut cur = Cow::Borrowed(raw);
        let trim = on.trailing && term != Term::Piece;
        if !is_plain_ascii(raw) {
            // One step can expose work for another (NFC composing `e` + U+0301
            // next to a C1 byte, a removed control joining a mojibake pair), so
            // the chain runs until nothing changes: that makes a second pass a no-op.
            // Trimming belongs to the loop too: a trailing NBSP can hide mojibake.
            for _ in 0..4 {
                let mut changed = repair_round(on, &mut self.sink, no, &mut cur);
                if trim && trim_end_cow(&mut cur) {
                    self.sink.event(&Event::Layout {
                        line: no,
                        rule: ids::TRAILING_SPACE,
                    });
                    changed = true;
                }
                if !changed {
                    break;
                }
            }
        }
        if trim && trim_end_cow(&mut cur) {
            self.sink.event(&Event::Layout {
                line: no,
                rule: ids::TRAILING_SPACE,
            });
        }
        dst.push_str(&cur);
    }

    /// Judges lines that have enough lookahead (all of them `at_end`), writing each
    /// as soon as its verdict is known, and recycles lines that left the lookbehind.
    fn advance(&mut self, at_end: bool) {
        while self.judged < self.lines.len() && (at_end || self.lines.len() - self.judged > LOOKAHEAD) {
            let i = self.judged;
            let meta = self.meta[i];
            if meta.blank && self.cleaner.on.blank_lines && self.lines[i].text.len() <= KEEP_JUDGED {
                // Nothing to judge or write (a blank line has no verdict, and
                // its text, whitespace at most, is never written) or to give
                // up (its text is short): the rest of this loop has nothing to do.
                self.judged += 1;
                self.blank_line(meta.term, meta.no);
                continue;
            }
            if !meta.blank && self.cleaner.on.strip {
                let start = i.saturating_sub(LOOKBEHIND);
                let ctx = Ctx {
                    lines: &self.lines[start..],
                    i: i - start,
                    doc_index: self.doc_index + i as u64,
                    at_end,
                    doc: &self.doc,
                };
                self.lines[i].verdict = self.cleaner.rules.judge(&ctx);
            }
            self.judged += 1;
            if !meta.blank && self.cleaner.on.strip {
                self.doc.observe(&self.lines[i]);
            }
            let line = &self.lines[i];
            if let Some(rule) = line.verdict {
                self.summary.lines_dropped += 1;
                self.sink.event(&Event::Dropped {
                    line: meta.no,
                    rule,
                    text: &line.text,
                });
            } else {
                let text = std::mem::take(&mut self.lines[i].text);
                self.write_line(&text, meta.term, meta.no, meta.blank);
                self.lines[i].text = text;
            }
            // A judged line is only asked for its facts from now on: a long
            // one gives its text up, so the lookbehind holds short lines only
            // (memory stays flat on a file of 200 KB lines).
            if self.lines[i].text.len() > KEEP_JUDGED {
                drop(self.lines[i].settle());
            }
        }
        // Recycle in batches so the window moves without shifting on every line:
        // each batch moves the lines that stay (the lookbehind and lookahead),
        // so a larger batch moves fewer bytes per line.
        if self.judged > LOOKBEHIND + RETIRE_BATCH {
            let n = self.judged - LOOKBEHIND;
            self.retire(n);
        }
    }

    /// Drops the first `n` lines of the window, keeping their buffers.
    fn retire(&mut self, n: usize) {
        for line in self.lines.drain(..n) {
            recycle(&mut self.pool, line.text);
        }
        self.meta.drain(..n);
        self.judged -= n;
        self.doc_index += n as u64;
    }

    /// Forgets the window (all lines judged): context does not reach across an over-long line.
    fn flush_window(&mut self) {
        let n = self.judged;
        self.retire(n);
    }

    fn write_line(&mut self, text: &str, term: Term, no: u64, blank: bool) {
        if blank && self.cleaner.on.blank_lines {
            self.blank_line(term, no);
            return;
        }
        if let Some(t) = self.pending_blank.take() {
            let t = self.terminator(t, no);
            self.write(t.as_bytes());
            self.summary.lines_out += 1;
        }
        self.write(text.as_bytes());
        let t = self.terminator(term, no);
        self.write(t.as_bytes());
        self.wrote_any = true;
        if term != Term::Piece {
            self.summary.lines_out += 1;
        }
    }

    /// A blank line under `blank-lines`: the first of a run after some text
    /// waits to be written before the next line; the others are dropped.
    fn blank_line(&mut self, term: Term, no: u64) {
        if self.wrote_any && self.pending_blank.is_none() {
            self.pending_blank = Some(term);
        } else {
            self.sink.event(&Event::Layout {
                line: no,
                rule: ids::BLANK_LINES,
            });
        }
    }

    fn terminator(&mut self, term: Term, no: u64) -> &'static str {
        let on = self.cleaner.on;
        match term {
            Term::Eof if on.final_newline => {
                self.sink.event(&Event::Layout {
                    line: no,
                    rule: ids::FINAL_NEWLINE,
                });
                "\n"
            }
            Term::Cr | Term::CrLf if on.line_endings => {
                self.sink.event(&Event::Layout {
                    line: no,
                    rule: ids::LINE_ENDINGS,
                });
                "\n"
            }
            t => t.as_str(),
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            } else {
                self.summary.bytes_out += bytes.len() as u64;
            }
        }
    }
}

/// Trims trailing whitespace in place; whether anything was trimmed.
fn trim_end_cow(cur: &mut Cow<'_, str>) -> bool {
    let len = normalize::trim_end(cur).len();
    if len == cur.len() {
        return false;
    }
    match cur {
        Cow::Borrowed(s) => *s = &s[..len],
        Cow::Owned(s) => s.truncate(len),
    }
    true
}

/// One round of the per-line repairs and normalizations; whether anything changed.
fn repair_round<S: Sink>(on: Flags, sink: &mut S, no: u64, cur: &mut Cow<'_, str>) -> bool {
    let mut changed = false;
    if on.entities {
        changed |= step(sink, no, cur, ids::ENTITIES, repair::decode_entities);
    }
    if on.mojibake {
        let (fixed, plan) = repair::fix_mojibake_plan(cur);
        if let Cow::Owned(next) = fixed {
            let text = sink.wants_text();
            for r in &plan {
                let detail = if text { plan_detail(r) } else { String::new() };
                sink.event(&Event::Changed {
                    line: no,
                    rule: ids::MOJIBAKE,
                    before: if text {
                        cur.get(r.span.clone()).unwrap_or("")
                    } else {
                        ""
                    },
                    after: if text { &r.replacement } else { "" },
                    detail: &detail,
                });
            }
            *cur = Cow::Owned(next);
            changed = true;
        }
    }
    // (one pass tells whether either of the next two can find anything)
    if (on.controls || on.invisible) && normalize::may_hold_removable(cur) {
        if on.controls {
            changed |= step(sink, no, cur, ids::CONTROLS, normalize::remove_controls);
        }
        if on.invisible {
            changed |= step(sink, no, cur, ids::ZERO_WIDTH, normalize::remove_invisible);
        }
    }
    if on.uncurl {
        changed |= step(sink, no, cur, ids::UNCURL_QUOTES, normalize::uncurl_quotes);
    }
    if on.ligatures {
        changed |= step(sink, no, cur, ids::LIGATURES, normalize::ligatures);
    }
    if on.fullwidth {
        changed |= step(sink, no, cur, ids::FULLWIDTH, normalize::fullwidth);
    }
    if on.nfkc {
        changed |= step(sink, no, cur, ids::NFKC, normalize::nfkc);
    } else if on.nfc {
        changed |= step(sink, no, cur, ids::NFC, normalize::nfc);
    }
    changed
}

/// Applies one per-line fix, reporting the change.
fn step<S: Sink>(
    sink: &mut S,
    no: u64,
    cur: &mut Cow<'_, str>,
    rule: &'static str,
    f: fn(&str) -> Cow<'_, str>,
) -> bool {
    let Cow::Owned(next) = f(cur) else { return false };
    let (before, after) = if sink.wants_text() {
        changed_span(cur, &next)
    } else {
        ("", "")
    };
    sink.event(&Event::Changed {
        line: no,
        rule,
        before,
        after,
        detail: "",
    });
    *cur = Cow::Owned(next);
    true
}

/// The part of a line that changed, with a little context on each side.
fn changed_span<'a>(before: &'a str, after: &'a str) -> (&'a str, &'a str) {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let suffix = before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let ctx_start = before[..prefix].char_indices().rev().nth(9).map_or(0, |(i, _)| i);
    let b_end = before.len() - suffix;
    let a_end = after.len() - suffix;
    let ctx_b = before[b_end..]
        .char_indices()
        .nth(10)
        .map_or(before.len(), |(i, _)| b_end + i);
    let ctx_a = after[a_end..]
        .char_indices()
        .nth(10)
        .map_or(after.len(), |(i, _)| a_end + i);
    (&before[ctx_start..ctx_b], &after[ctx_start..ctx_a])
}

fn plan_detail(r: &repair::Repair) -> String {
    let mut s = String::new();
    for (k, step) in r.steps.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!("encode {} → decode utf-8", step.encoding));
        if step.layers > 1 {
            s.push_str(&format!(" ×{}", step.layers));
        }
    }
    for guess in &r.lossy {
        s.push_str("; guessed ");
        s.push_str(guess);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        Cleaner::new(Config::default()).clean_str(s)
    }

    #[test]
    fn plain_ascii_check() {
        assert!(is_plain_ascii(
            "The quick brown fox\tjumps over the lazy dog, 100% (ok)!"
        ));
        for bad in [
            "a&b",
            "tom & jerry long line here",
            "caf\u{e9} au lait",
            "x\u{7f}yyyyyyyyy",
            "bell\u{7}aaaaaaaaa",
            "a\u{0}",
        ] {
            assert!(!is_plain_ascii(bad), "{bad:?}");
        }
        // Every length around the word and block sizes, a bad byte at every place.
        for len in 0..100 {
            assert!(is_plain_ascii(&"a".repeat(len)));
            for pos in 0..len {
                let mut s = "a".repeat(len);
                s.replace_range(pos..pos + 1, "&");
                assert!(!is_plain_ascii(&s), "{len} {pos}");
            }
        }
        // Every ASCII character and the edges of the non-ASCII range, in the
        // short-line, word and block paths, against the plain definition.
        let odd = [
            '\u{80}',
            '\u{ff}',
            '\u{100}',
            '\u{7ff}',
            '\u{800}',
            '\u{ffff}',
            '\u{10ffff}',
        ];
        for c in (0u8..0x80).map(char::from).chain(odd) {
            let plain = c == '\t' || ((' '..='~').contains(&c) && c != '&');
            for (len, pos) in [(1, 0), (7, 3), (9, 8), (40, 0), (40, 31), (40, 39), (70, 50)] {
                let mut s = "a".repeat(len);
                s.replace_range(pos..pos + 1, c.encode_utf8(&mut [0; 4]));
                assert_eq!(is_plain_ascii(&s), plain, "{c:?} {len} {pos}");
            }
        }
    }

    #[test]
    fn layout_rules() {
        assert_eq!(clean(""), "");
        assert_eq!(clean("\n\n  \n"), "");
        assert_eq!(clean("a"), "a\n");
        assert_eq!(clean("\n\na  \r\n\r\n\r\n\rb\rc\n\n"), "a\n\nb\nc\n");
    }

    #[test]
    fn only_mojibake_keeps_every_other_byte() {
        let c = Cleaner::new(Config::default().select(Some(&["mojibake"]), &[]).unwrap());
        let s = "\r\n  x  \r\n\n\n[ad_1]\u{0}e\u{301}";
        assert_eq!(c.clean_str(s), s);
    }

    /// A cleaner that has run sessions (their buffers kept: pooled line
    /// buffers, a grown window) gives what a fresh one gives.
    #[test]
    fn used_cleaner_matches_fresh() {
        let junk = "Home > News > World\n[ad_1]\nShare this article\n";
        let prose = "Dışişleri Bakanı Ã‡avuÅŸoÄŸlu said the talks went well &amp; ended late.\n";
        let long = format!("{}\n", "word ".repeat(3000));
        let big: String = (0..3000)
            .map(|i| match i % 7 {
                0 => junk.to_owned(),
                1 => prose.to_owned(),
                _ => format!("Paragraph {i} tells of the river, the mill and the town.\n"),
            })
            .collect();
        let docs = [big.as_str(), long.as_str(), junk, prose, "", "x\r\n\r\n\r\ny"];
        let used = Cleaner::new(Config::default());
        for d in docs {
            used.clean_str(d);
        }
        // a session dropped before its end (an I/O error) leaves a full
        // window, of blank lines among others
        let mut cut = used.session(Vec::new(), NullSink);
        cut.feed(big.replace('\n', "\r\n\r\n").as_bytes()).unwrap();
        drop(cut);
        // (`clean` builds a new cleaner: its session is that cleaner's first)
        for d in [big.as_str(), long.as_str(), prose] {
            assert_eq!(used.clean_str(d), clean(d), "{:?}", &d[..d.len().min(40)]);
        }
    }

    #[test]
    fn changed_span_shows_the_difference() {
        assert_eq!(changed_span("abc", "abd"), ("abc", "abd"));
        let (b, a) = changed_span(
            "a long prefix here X and a long suffix here",
            "a long prefix here Y and a long suffix here",
        );
        assert_eq!((b, a), ("efix here X and a lon", "efix here Y and a lon"));
    }
}

//! Splitting decoded text into lines, with bounded memory.
//!
//! `\n`, `\r\n` and a lone `\r` end a line; the terminator is kept so that a
//! run with line-ending normalization off reproduces the input exactly. A line
//! longer than the limit is handed out in pieces cut at positions that depend
//! only on the line's own bytes, so chunking never changes the result.

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// a lone `\r`
    Cr,
    /// the end of the input, with no terminator
    Eof,
    /// not ended: a piece of a line longer than the limit, more follows
    Piece,
}

impl Term {
    /// The terminator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            Term::Lf => "\n",
            Term::CrLf => "\r\n",
            Term::Cr => "\r",
            Term::Eof | Term::Piece => "",
        }
    }
}

/// Holds decoded text and hands out whole lines.
#[derive(Default)]
pub struct LineSplitter {
    buf: String,
}

impl LineSplitter {
    /// The buffer the decoder appends to.
    pub fn buffer(&mut self) -> &mut String {
        &mut self.buf
    }

    /// Hands every complete line to `f`; at `last`, the rest too. Lines over
    /// `max_line` bytes come in pieces ([`Term::Piece`]).
    pub fn drain(&mut self, last: bool, max_line: usize, mut f: impl FnMut(&str, Term)) {
        let pos = split(&self.buf, last, max_line, &mut f);
        self.buf.drain(..pos);
    }

    /// The same as appending `text` to [`LineSplitter::buffer`] and draining
    /// (not at the end), but the complete lines of `text` are handed out from
    /// `text` itself: only a line carried over from before and the unfinished
    /// tail pass through the buffer, saving a copy of nearly all the input.
    pub fn drain_str(&mut self, mut text: &str, max_line: usize, mut f: impl FnMut(&str, Term)) {
        while !self.buf.is_empty() && !text.is_empty() {
            // Complete the carried line in the buffer: up to the first terminator
            // (with the `\n` of a `\r\n`; a lone `\r` at its end waits in the
            // buffer as it would have, and the next round completes it).
            let b = text.as_bytes();
            let take = match memchr::memchr2(b'\n', b'\r', b) {
                Some(k) => k + 1 + usize::from(b[k] == b'\r' && b.get(k + 1) == Some(&b'\n')),
                None => b.len(),
            };
            self.buf.push_str(&text[..take]);
            text = &text[take..];
            self.drain(false, max_line, &mut f);
        }
        if text.is_empty() {
            return;
        }
        let pos = split(text, false, max_line, &mut f);
        self.buf.push_str(&text[pos..]);
    }

    /// The same as appending `text` to [`LineSplitter::buffer`] and draining
    /// at the end, with nothing buffered before: every line of `text` is
    /// handed out from `text` itself.
    pub fn drain_last_str(&mut self, text: &str, max_line: usize, mut f: impl FnMut(&str, Term)) {
        if self.buf.is_empty() {
            split(text, true, max_line, &mut f);
        } else {
            self.buf.push_str(text);
            self.drain(true, max_line, f);
        }
    }
}

/// Hands the lines of `text` to `f` as [`LineSplitter::drain`] describes;
/// returns how many bytes were handed out (the rest waits for more input).
fn split(text: &str, last: bool, max_line: usize, f: &mut impl FnMut(&str, Term)) -> usize {
    let mut pos = 0;
    let bytes = text.as_bytes();
    loop {
        // A blank line (half the lines of most text) needs no search.
        let k = match bytes.get(pos) {
            Some(b'\n') => pos,
            _ => match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
                Some(k) => pos + k,
                None => break,
            },
        };
        let term = if bytes[k] == b'\n' {
            Term::Lf
        } else if k + 1 < bytes.len() {
            if bytes[k + 1] == b'\n' {
                Term::CrLf
            } else {
                Term::Cr
            }
        } else if last {
            Term::Cr
        } else {
            break; // a `\r` at the end of the buffer may be half of `\r\n`
        };
        emit(&text[pos..k], term, max_line, f);
        pos = k + if term == Term::CrLf { 2 } else { 1 };
    }
    let rest = &text[pos..];
    if last {
        if !rest.is_empty() {
            emit(rest, Term::Eof, max_line, f);
        }
        text.len()
    } else {
        // An unfinished line: hand out whole pieces of it, keep the tail.
        let mut line = rest;
        while line.len() > max_line {
            let cut = cut_point(line, max_line);
            f(&line[..cut], Term::Piece);
            line = &line[cut..];
        }
        text.len() - line.len()
    }
}

fn emit(mut line: &str, term: Term, max_line: usize, f: &mut impl FnMut(&str, Term)) {
    while line.len() > max_line {
        let cut = cut_point(line, max_line);
        f(&line[..cut], Term::Piece);
        line = &line[cut..];
    }
    f(line, term);
}

/// Where to cut a long line: before the last whitespace in the final KiB under
/// `max`, else before the last ASCII character there (so no combining mark is
/// split from its base), else at a char boundary.
fn cut_point(line: &str, max: usize) -> usize {
    let bytes = line.as_bytes();
    let lo = max.saturating_sub(1024);
    let window = &bytes[lo..max];
    if let Some(i) = window.iter().rposition(|&b| b == b' ' || b == b'\t')
        && lo + i > 0
    {
        return lo + i;
    }
    if let Some(i) = window.iter().rposition(|b| b.is_ascii())
        && lo + i > 0
    {
        return lo + i;
    }
    let mut cut = max;
    while cut > 1 && !line.is_char_boundary(cut) {
        cut -= 1;
    }
    cut.max(line.ceil_char_boundary(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&str], max: usize) -> Vec<(String, Term)> {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        for c in chunks {
            s.buffer().push_str(c);
            s.drain(false, max, |l, t| out.push((l.to_string(), t)));
        }
        s.drain(true, max, |l, t| out.push((l.to_string(), t)));
        out
    }

    #[test]
    fn terminators_are_kept() {
        let got = split(&["a\r", "\nb\rc\n\nd"], 100);
        let want = [
            ("a", Term::CrLf),
            ("b", Term::Cr),
            ("c", Term::Lf),
            ("", Term::Lf),
            ("d", Term::Eof),
        ];
        assert_eq!(got, want.map(|(l, t)| (l.to_string(), t)));
        assert_eq!(split(&["x\r"], 100), vec![("x".to_string(), Term::Cr)]);
    }

    #[test]
    fn long_lines_come_in_pieces_independent_of_chunking() {
        let line = "word ".repeat(1000) + "end\n";
        let whole = split(&[&line], 2048);
        assert!(whole.len() > 2);
        assert!(whole.iter().all(|(l, _)| l.len() <= 2048));
        let bytewise: Vec<String> = line.chars().map(String::from).collect();
        let refs: Vec<&str> = bytewise.iter().map(|s| s.as_str()).collect();
        assert_eq!(split(&refs, 2048), whole);
        let joined: String = whole.iter().map(|(l, t)| format!("{l}{}", t.as_str())).collect();
        assert_eq!(joined, line);
    }

    #[test]
    fn splitting_in_place_matches_the_buffer() {
        let text = "a\r\nbb\rc\n\n\r\r\nword word word word word word\rx\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\r";
        for max in [6, 16, 1000] {
            let whole = split(&[text], max);
            for chunk in 1..12 {
                let mut s = LineSplitter::default();
                let mut out = Vec::new();
                let bytes = text.as_bytes();
                let mut at = 0;
                while at < bytes.len() {
                    let mut end = (at + chunk).min(bytes.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    s.drain_str(&text[at..end], max, |l, t| out.push((l.to_string(), t)));
                    at = end;
                }
                s.drain(true, max, |l, t| out.push((l.to_string(), t)));
                assert_eq!(out, whole, "max {max} chunk {chunk}");
            }
            // All at the end, with nothing buffered, and after a buffered start.
            let mut out = Vec::new();
            LineSplitter::default().drain_last_str(text, max, |l, t| out.push((l.to_string(), t)));
            assert_eq!(out, whole, "max {max}");
            let mut s = LineSplitter::default();
            let mut out = Vec::new();
            s.drain_str(&text[..4], max, |l, t| out.push((l.to_string(), t)));
            s.drain_last_str(&text[4..], max, |l, t| out.push((l.to_string(), t)));
            assert_eq!(out, whole, "max {max}");
        }
    }

    #[test]
    fn long_line_without_ascii_is_cut_at_char_boundaries() {
        let line = "ж".repeat(5000);
        let got = split(&[&line], 1025);
        let joined: String = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(joined, line);
    }
}

//! A table body as a regex: the one step of turning [`super::patterns::PATS`]
//! into matchers that the build script (`build.rs`, which includes this
//! file) and the library share, so the automata compiled at build time are
//! compiled from the very sources the library asks for.

use super::patterns;

/// Turn a table body into an anchored, case-insensitive whole-line regex and
/// the longest core (in bytes) it may accept.
///
/// A space outside a character class becomes `\s+` (`\s*` when followed by
/// `?`), inside one `\s`. A bounded repetition `{a,b}` of `.` or of a class
/// becomes `*`/`+` (which keeps the automaton small) and `b` is added to the
/// length budget; the budget is checked after a match.
pub fn compile_body(body: &str) -> (String, usize) {
    let mut out = String::with_capacity(body.len() + 32);
    out.push_str(r"(?i)^(?:");
    let mut in_class = false;
    let mut escaped = false;
    let mut budget = 0usize;
    let mut bounded = false;
    let mut prev_wild = false; // the previous atom was `.` or a class
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if escaped {
            out.push(c);
            escaped = false;
            prev_wild = false;
            continue;
        }
        let mut wild = false;
        match c {
            '\\' => {
                out.push(c);
                escaped = true;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
                wild = true;
            }
            ' ' if in_class => out.push_str(r"\s"),
            ' ' if chars.peek() == Some(&'?') => {
                chars.next();
                out.push_str(r"\s*");
            }
            ' ' => out.push_str(r"\s+"),
            '.' if !in_class => {
                out.push(c);
                wild = true;
            }
            '{' if !in_class && prev_wild => {
                let mut q = String::new();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    q.push(d);
                }
                let (lo, hi) = q.split_once(',').unwrap_or((q.as_str(), q.as_str()));
                let lo: usize = lo.trim().parse().unwrap_or(0);
                budget += hi.trim().parse::<usize>().unwrap_or(patterns::MAX_LINE_BYTES);
                bounded = true;
                out.push(if lo == 0 { '*' } else { '+' });
            }
            _ => out.push(c),
        }
        prev_wild = wild && !in_class;
    }
    out.push_str(")$");
    let max = if bounded {
        (budget + 80).min(patterns::MAX_LINE_BYTES)
    } else {
        patterns::MAX_LINE_BYTES
    };
    (out, max)
}

/// For a body that starts with a bounded wildcard (`.{0,180}REST`), the REST
/// an unanchored search can look for first; `None` for every other body.
pub fn gate_body(body: &str) -> Option<String> {
    let rest = body.strip_prefix(".{")?;
    let close = rest.find('}')?;
    let rest = &rest[close + 1..];
    // A trailing bounded wildcard is not needed to find the line.
    let rest = match rest.rfind(".{") {
        Some(i) if rest[i..].ends_with('}') && !rest[i + 2..rest.len() - 1].contains(['(', ')']) => {
            &rest[..i]
        }
        _ => rest,
    };
    (!rest.is_empty()).then(|| rest.to_string())
}

//! Byte gates: for a pattern whose first atom is a broad class (`[^ :]{1,30}`
//! in breadcrumbs, `[A-Z]` in tickers), the anchored automaton reads several
//! words of every line before it dies. Such a pattern is only run on a line
//! that holds one of a few rare bytes every match must contain (`»›>` for a
//! breadcrumb trail, `%` for a ticker), found with one `memchr` pass.
//!
//! The byte sets are worked out from the compiled pattern itself, so they stay
//! right when the pattern table changes; a pattern with no such set is simply
//! not gated.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A byte test every line a pattern matches passes.
#[derive(Debug, Clone)]
pub enum ByteGate {
    /// The line holds one of these (at most three) bytes.
    Any(Vec<u8>),
    /// The line holds no space: the pattern cannot match one (`[^ ]+\.(jpe?g|…)`).
    NoSpace,
}

impl ByteGate {
    /// The gate of the regex `src` when its first atom is a broad class and
    /// every match holds one of a few rare bytes; `None` otherwise.
    pub fn for_pattern(src: &str) -> Option<ByteGate> {
        // Whether the lead is broad does not depend on case folding, and parsing
        // without it is much cheaper (this runs at start-up for every pattern).
        let folded = src.strip_prefix("(?i)")?;
        if !broad_lead(&regex_syntax::Parser::new().parse(folded).ok()?) {
            return None;
        }
        let hir = regex_syntax::Parser::new().parse(src).ok()?;
        if let Some(best) = required(&hir).into_iter().min_by_key(|s| (score(s), s.len()))
            && score(&best) <= 10 * best.len()
        {
            return Some(ByteGate::Any(best));
        }
        (!can_match_space(&hir)).then_some(ByteGate::NoSpace)
    }

    /// Whether `text` passes the gate.
    #[inline]
    pub fn admits(&self, text: &[u8]) -> bool {
        match self {
            ByteGate::Any(set) => match set[..] {
                [a] => memchr::memchr(a, text).is_some(),
                [a, b] => memchr::memchr2(a, b, text).is_some(),
                [a, b, c] => memchr::memchr3(a, b, c, text).is_some(),
                _ => true,
            },
            ByteGate::NoSpace => memchr::memchr(b' ', text).is_none(),
        }
    }
}

/// How common a byte is in running text: a gate on common bytes saves nothing.
fn weight(b: u8) -> usize {
    if b.is_ascii_alphanumeric() || matches!(b, b' ' | b'\t' | b'.' | b',' | b'\'' | b'"' | b'-') {
        100
    } else if matches!(b, b'(' | b')' | b':' | b';' | b'!' | b'?') {
        10
    } else {
        1
    }
}

fn score(set: &[u8]) -> usize {
    set.iter().map(|&b| weight(b)).sum()
}

/// Sets of bytes such that every match of `h` contains a byte of each set.
fn required(h: &Hir) -> Vec<Vec<u8>> {
    match h.kind() {
        HirKind::Literal(lit) => {
            let mut v: Vec<Vec<u8>> = lit.0.iter().map(|&b| vec![b]).collect();
            v.dedup();
            v
        }
        HirKind::Class(class) => class_bytes(class).into_iter().collect(),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(required).collect(),
        HirKind::Alternation(alts) => {
            let mut union = Vec::new();
            for alt in alts {
                let Some(best) = required(alt).into_iter().min_by_key(|s| (score(s), s.len())) else {
                    return Vec::new();
                };
                union.extend(best);
            }
            union.sort_unstable();
            union.dedup();
            if union.len() <= 3 { vec![union] } else { Vec::new() }
        }
        _ => Vec::new(),
    }
}

/// Whether some atom of `h` can match a space (any part of a match that is a
/// space was matched by an atom).
fn can_match_space(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b' '),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| r.start() <= ' ' && ' ' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| r.start() <= b' ' && b' ' <= r.end()),
        HirKind::Repetition(rep) => can_match_space(&rep.sub),
        HirKind::Capture(cap) => can_match_space(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(can_match_space),
    }
}

/// For a class of at most three characters, the last byte of each one's
/// encoding (a match of the class contains it).
fn class_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut set = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                for ch in r.start()..=r.end() {
                    if set.len() >= 3 {
                        return None;
                    }
                    let mut buf = [0; 4];
                    set.push(*ch.encode_utf8(&mut buf).as_bytes().last()?);
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    if set.len() >= 3 {
                        return None;
                    }
                    set.push(b);
                }
            }
        }
    }
    set.sort_unstable();
    set.dedup();
    Some(set)
}

/// Whether the first character a match consumes may come from a broad class
/// (20 or more characters), which keeps the automaton alive past the first bytes.
fn broad_lead(h: &Hir) -> bool {
    lead(h).0
}

/// (may start with a broad class, may match the empty string).
fn lead(h: &Hir) -> (bool, bool) {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (false, true),
        HirKind::Literal(_) => (false, false),
        HirKind::Class(class) => {
            let n: u32 = match class {
                Class::Unicode(c) => c
                    .ranges()
                    .iter()
                    .map(|r| r.end() as u32 - r.start() as u32 + 1)
                    .sum(),
                Class::Bytes(c) => c
                    .ranges()
                    .iter()
                    .map(|r| u32::from(r.end() - r.start()) + 1)
                    .sum(),
            };
            (n >= 20, false)
        }
        HirKind::Repetition(rep) => {
            let (broad, empty) = lead(&rep.sub);
            (broad, empty || rep.min == 0)
        }
        HirKind::Capture(cap) => lead(&cap.sub),
        HirKind::Concat(parts) => {
            let mut broad = false;
            for p in parts {
                let (b, empty) = lead(p);
                broad |= b;
                if !empty {
                    return (broad, false);
                }
            }
            (broad, true)
        }
        HirKind::Alternation(alts) => alts
            .iter()
            .map(lead)
            .fold((false, false), |a, b| (a.0 || b.0, a.1 || b.1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_follow_the_pattern() {
        let g = ByteGate::for_pattern(r"(?i)^(?:[^ :]+( [^ :]+){0,3}\s+[»›>]\s+[^:]+)$").unwrap();
        assert!(g.admits("Home > News".as_bytes()) && g.admits("Home » News".as_bytes()));
        assert!(!g.admits(b"Analysts had expected a smaller move"));
        let g = ByteGate::for_pattern(r"(?i)^(?:(?-i:([A-Z][A-Z0-9]* [\d,]+ \( ?\d+ ?% ?\) ?)+))$").unwrap();
        assert!(g.admits(b"AVN 90.90 (1 %)") && !g.admits(b"AVN 90.90 (1)"));
        // Literal-led patterns die within a few bytes: no gate needed.
        assert!(ByteGate::for_pattern(r"(?i)^(?:source\s+link)$").is_none());
        // A broad pattern with only common required bytes: none, unless it cannot match a space.
        let g = ByteGate::for_pattern(r"(?i)^(?:[^ ]+\.(jpe?g|png))$").unwrap();
        assert!(g.admits(b"File:S-400_Triumf.jpg") && !g.admits(b"see photo.jpg"));
        assert!(ByteGate::for_pattern(r"(?i)^(?:[^:]+\.(jpe?g|png))$").is_none());
    }
}

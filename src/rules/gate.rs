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
        // Parsing every pattern at start-up costs milliseconds: only a body
        // whose text opens with a class, a wildcard or a flag group can have a
        // broad lead (a missed one is merely not gated).
        let body = src
            .strip_prefix("(?i)^(?:")
            .unwrap_or(src)
            .trim_start_matches('(');
        let maybe_broad = body.starts_with(['[', '.', '?'])
            || ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\p", "\\P"]
                .iter()
                .any(|c| body.starts_with(c));
        if !maybe_broad {
            return None;
        }
        // Whether the lead is broad does not depend on case folding, and parsing
        // without it is much cheaper.
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

    /// The gate of [`ByteGate::for_pattern`] as bytes, for the build script
    /// to store: `None` is empty, [`ByteGate::NoSpace`] one 0, `Any` its bytes
    /// after a 1.
    #[cfg_attr(not(test), allow(dead_code))] // (the library only reads them)
    pub fn encode(gate: Option<&ByteGate>) -> Vec<u8> {
        match gate {
            None => Vec::new(),
            Some(ByteGate::NoSpace) => vec![0],
            Some(ByteGate::Any(set)) => [&[1u8][..], set].concat(),
        }
    }

    /// The gate [`ByteGate::encode`] wrote; `None` for bytes it cannot have written.
    pub fn decode(bytes: &[u8]) -> Option<Option<ByteGate>> {
        match bytes {
            [] => Some(None),
            [0] => Some(Some(ByteGate::NoSpace)),
            [1, set @ ..] if !set.is_empty() => Some(Some(ByteGate::Any(set.to_vec()))),
            _ => None,
        }
    }

    /// Whether `text` passes the gate (the matcher uses [`GateSet`]; this is its reference).
    #[cfg(test)]
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

/// The union of several [`ByteGate`]s: admits a line when any of them does,
/// in at most a few `memchr` passes instead of one per gate. Bytes of 0x80 and
/// up are looked for only on lines that are not ASCII.
#[derive(Debug, Clone, Default)]
pub struct GateSet {
    /// ASCII bytes any gate looks for.
    ascii: Vec<u8>,
    /// Non-ASCII bytes any gate looks for.
    high: Vec<u8>,
    /// Some gate admits lines without a space.
    no_space: bool,
    /// Some gate admits every line.
    always: bool,
}

impl GateSet {
    /// The union of `gates`.
    pub fn new(gates: &[ByteGate]) -> GateSet {
        let mut set = GateSet::default();
        for g in gates {
            match g {
                ByteGate::Any(bytes) if bytes.len() <= 3 => {
                    for &b in bytes {
                        if b.is_ascii() {
                            &mut set.ascii
                        } else {
                            &mut set.high
                        }
                        .push(b);
                    }
                }
                ByteGate::Any(_) => set.always = true,
                ByteGate::NoSpace => set.no_space = true,
            }
        }
        for v in [&mut set.ascii, &mut set.high] {
            v.sort_unstable();
            v.dedup();
        }
        set
    }

    /// Whether some gate of the set admits `text`; `ascii` says whether
    /// `text` is ASCII. (The rules use [`GateSet::admits_scanned`]; this is
    /// the plain form the tests hold it to.)
    #[cfg(test)]
    pub fn admits(&self, text: &[u8], ascii: bool) -> bool {
        self.always
            || (self.no_space && memchr::memchr(b' ', text).is_none())
            || any_of(&self.ascii, text)
            || (!ascii && any_of(&self.high, text))
    }

    /// [`GateSet::admits`], given what a [`Scanner`] made with this set found in `text`.
    #[inline]
    pub fn admits_scanned(&self, found: Scanned, text: &[u8]) -> bool {
        let ascii_byte = if self.ascii.len() <= SCAN_BYTES {
            !self.ascii.is_empty() && found.has(Scanned::BYTE)
        } else {
            any_of(&self.ascii, text)
        };
        self.always
            || (self.no_space && !found.has(Scanned::SPACE))
            || ascii_byte
            || (!found.is_ascii() && any_of(&self.high, text))
    }
}

/// Whether `text` holds one of the bytes of `set`, in a `memchr` pass per three.
fn any_of(set: &[u8], text: &[u8]) -> bool {
    set.chunks(3).any(|c| match *c {
        [a] => memchr::memchr(a, text).is_some(),
        [a, b] => memchr::memchr2(a, b, text).is_some(),
        [a, b, c] => memchr::memchr3(a, b, c, text).is_some(),
        _ => false,
    })
}

/// How many ASCII bytes of a [`GateSet`] a [`Scanner`] looks for at most.
const SCAN_BYTES: usize = 4;

/// What one pass of a [`Scanner`] found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scanned(u8);

impl Scanned {
    const HIGH: u8 = 1;
    const SPACE: u8 = 2;
    const BYTE: u8 = 4;
    const PAIR: u8 = 8;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    /// The text is ASCII.
    pub fn is_ascii(self) -> bool {
        !self.has(Scanned::HIGH)
    }
}

/// The questions the gates of [`GateSet::admits`] and [`WordGate::admits`]
/// ask of a line (is it ASCII, does it hold a space, one of the set's ASCII
/// bytes, one of the word gate's letter pairs), answered in one pass over
/// its bytes instead of one pass (or three) each: on running text every one
/// of them reads the whole line.
#[derive(Debug, Clone)]
pub struct Scanner {
    /// The set's ASCII bytes, padded with repeats (unused when it has none or too many).
    bytes: [u8; SCAN_BYTES],
    /// The word gate's pairs (unused when it has none).
    pairs: [[u8; 2]; PAIRS],
}

impl Scanner {
    /// A scanner for the gates `set` and `words`.
    pub fn new(set: &GateSet, words: Option<&WordGate>) -> Scanner {
        let mut bytes = [0; SCAN_BYTES];
        if let Some(&first) = set.ascii.first() {
            bytes = [first; SCAN_BYTES];
            for (slot, &b) in bytes.iter_mut().zip(&set.ascii) {
                *slot = b;
            }
        }
        let pairs = words.and_then(|w| w.pairs).unwrap_or([[0, 0]; PAIRS]);
        Scanner { bytes, pairs }
    }

    /// What `text` holds.
    #[inline]
    pub fn scan(&self, text: &[u8]) -> Scanned {
        #[cfg(target_arch = "x86_64")]
        if text.len() >= 64 && std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            return Scanned(unsafe { self.scan_avx2(text) });
        }
        Scanned(self.scan_in(text))
    }

    /// [`Scanner::scan`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn scan_avx2(&self, text: &[u8]) -> u8 {
        self.scan_in(text)
    }

    /// The flags of byte `x` followed by `y`, branch-free (the set and the
    /// pairs spelt out: a loop over them is what the compiler vectorized
    /// instead of the loop over the bytes).
    #[inline(always)]
    fn flags(&self, x: u8, y: u8) -> u8 {
        let [c0, c1, c2, c3] = self.bytes;
        let [[p0, q0], [p1, q1]] = self.pairs;
        let (lx, ly) = (x | 0x20, y | 0x20);
        let byte = (x == c0) | (x == c1) | (x == c2) | (x == c3);
        let pair = ((lx == p0) & (ly == q0)) | ((lx == p1) & (ly == q1));
        (u8::from(x >= 0x80) * Scanned::HIGH)
            | (u8::from(x == b' ') * Scanned::SPACE)
            | (u8::from(byte) * Scanned::BYTE)
            | (u8::from(pair) * Scanned::PAIR)
    }

    /// The loop of [`Scanner::scan`]: the flags of each byte ORed into
    /// lanes over windows of up to 32 bytes (and the window one byte on, for
    /// the pairs), so the compiler makes SIMD compares of it, and the lanes
    /// ORed together at the end. Texts of up to 32 bytes (navigation lines)
    /// take two overlapping windows of 16 or 8: a loop over their bytes one
    /// by one cost more than the three searches this scan replaces.
    #[inline(always)]
    fn scan_in(&self, text: &[u8]) -> u8 {
        match text.len() {
            0 => 0,
            1..=8 => {
                let next = text.iter().skip(1).copied().chain([0]);
                text.iter()
                    .zip(next)
                    .fold(0, |acc, (&x, y)| acc | self.flags(x, y))
            }
            9..=16 => self.scan_windows::<8>(text),
            17..=32 => self.scan_windows::<16>(text),
            _ => self.scan_windows::<32>(text),
        }
    }

    /// [`Scanner::scan_in`] over windows of `N` bytes, for a text longer
    /// than `N`; the last window ends at the end of the text (bytes seen
    /// twice change no flag).
    #[inline(always)]
    fn scan_windows<const N: usize>(&self, text: &[u8]) -> u8 {
        let n = text.len();
        let mut lanes = [0u8; N];
        let mut i = 0;
        while i + N < n {
            self.window(text, i, &mut lanes);
            i += N;
        }
        self.window(text, n - N - 1, &mut lanes);
        // (the last byte, which has no next one)
        lanes.iter().fold(self.flags(text[n - 1], 0), |acc, &l| acc | l)
    }

    /// ORs the flags of the `N` bytes from `i` into `lanes` (a closure here
    /// was not inlined into the AVX2 build, and so not compiled for it).
    #[inline(always)]
    fn window<const N: usize>(&self, text: &[u8], i: usize, lanes: &mut [u8; N]) {
        let a: &[u8; N] = text[i..i + N].try_into().expect("N bytes");
        let b: &[u8; N] = text[i + 1..i + N + 1].try_into().expect("N bytes");
        for ((lane, &x), &y) in lanes.iter_mut().zip(a).zip(b) {
            *lane |= self.flags(x, y);
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

/// For unanchored gate regexes (`all rights reserved|…`): a cheaper test for
/// lines of ASCII only. On such a line every match holds, ASCII-case-insensitively,
/// one of these words (`reserved`, `vorbehalten`, …); alternatives that need a
/// non-ASCII character (`réservés`, Cyrillic, CJK) cannot match there at all.
/// `None` when some alternative gives no word of at least three letters.
pub fn ascii_words(gates: &[&str]) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for src in gates {
        let hir = regex_syntax::Parser::new().parse(src).ok()?;
        match ascii_need(&hir)? {
            Need::Never => {}
            Need::Words(w) => words.extend(w),
        }
    }
    words.sort();
    words.dedup();
    Some(words)
}

/// A test for "holds one of these words, ASCII-case-insensitively": the rarest
/// letter all words share is found with `memchr2` (both cases), and only there
/// are the words compared. Much cheaper than a multi-literal search on short
/// lines, where most of the cost of the latter is setting up.
#[derive(Debug, Clone)]
pub struct WordGate {
    /// The shared letter, lowercase and uppercase.
    letter: [u8; 2],
    /// Each word (lowercase) with the offsets of the letter in it.
    words: Vec<(Vec<u8>, Vec<usize>)>,
    /// A pair of adjacent lowercase letters from each word (its rarest), padded
    /// with repeats to a fixed size so the scan for them vectorizes; `None`
    /// when some word has no two adjacent letters or there are too many pairs.
    pairs: Option<[[u8; 2]; PAIRS]>,
}

/// How many distinct letter pairs [`WordGate`] scans for at most.
const PAIRS: usize = 2;

/// English letters, rarest first.
const RARE: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";

/// How rare a lowercase letter is in running text (lower is rarer).
fn rarity(b: u8) -> usize {
    RARE.iter().position(|&r| r == b).unwrap_or(RARE.len())
}

impl WordGate {
    /// A gate for `words` (lowercase ASCII), when they share a letter.
    pub fn new(words: &[String]) -> Option<WordGate> {
        let letter = *RARE
            .iter()
            .find(|&&l| words.iter().all(|w| w.as_bytes().contains(&l)))?;
        // Each word's rarest pair of adjacent letters.
        let rarest = |w: &String| {
            w.as_bytes()
                .windows(2)
                .filter(|p| p.iter().all(u8::is_ascii_lowercase))
                .min_by_key(|p| rarity(p[0]) + rarity(p[1]))
                .map(|p| [p[0], p[1]])
        };
        let mut pairs: Vec<[u8; 2]> = words
            .iter()
            .map(rarest)
            .collect::<Option<_>>()
            .unwrap_or_default();
        pairs.sort_unstable();
        pairs.dedup();
        let pairs = (!pairs.is_empty() && pairs.len() <= PAIRS).then(|| {
            let mut fixed = [pairs[0]; PAIRS];
            fixed[..pairs.len()].copy_from_slice(&pairs);
            fixed
        });
        let words = words
            .iter()
            .map(|w| {
                let w = w.as_bytes().to_vec();
                let at = (0..w.len()).filter(|&i| w[i] == letter).collect();
                (w, at)
            })
            .collect();
        Some(WordGate {
            letter: [letter, letter.to_ascii_uppercase()],
            words,
            pairs,
        })
    }

    /// Whether the letter-pair scan is in use (else only the letter search).
    #[cfg(test)]
    pub fn scans_pairs(&self) -> bool {
        self.pairs.is_some()
    }

    /// Whether `text` holds one of the words, in any ASCII case (the rules
    /// use [`WordGate::admits_scanned`], with a scan they share).
    #[cfg(test)]
    pub fn admits(&self, text: &[u8]) -> bool {
        self.admits_scanned(Scanner::new(&GateSet::default(), Some(self)).scan(text), text)
    }

    /// [`WordGate::admits`], given what a [`Scanner`] made with this gate found in `text`.
    pub fn admits_scanned(&self, found: Scanned, text: &[u8]) -> bool {
        // Every word holds its pair, so a text without any pair holds no word;
        // the pairs are rarer than the letter, which is in most lines of prose.
        if self.pairs.is_some() && !found.has(Scanned::PAIR) {
            return false;
        }
        memchr::memchr2_iter(self.letter[0], self.letter[1], text).any(|i| {
            self.words.iter().any(|(w, at)| {
                at.iter().any(|&j| {
                    i >= j
                        && text
                            .get(i - j..i - j + w.len())
                            .is_some_and(|s| s.eq_ignore_ascii_case(w))
                })
            })
        })
    }
}

/// What a match on an ASCII-only text needs.
enum Need {
    /// It cannot happen: a character with no ASCII form is required.
    Never,
    /// One of these (lowercase) words.
    Words(Vec<String>),
}

fn ascii_need(h: &Hir) -> Option<Need> {
    match h.kind() {
        HirKind::Capture(cap) => ascii_need(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => ascii_need(&rep.sub),
        HirKind::Alternation(alts) => {
            let mut words = Vec::new();
            for alt in alts {
                match ascii_need(alt)? {
                    Need::Never => {}
                    Need::Words(w) => words.extend(w),
                }
            }
            Some(if words.is_empty() {
                Need::Never
            } else {
                Need::Words(words)
            })
        }
        HirKind::Concat(parts) => {
            // The longest run of single letters (any case) and other ASCII bytes.
            let (mut best, mut run) = (String::new(), String::new());
            for p in parts {
                match ascii_atom(p) {
                    Atom::Never => return Some(Need::Never),
                    Atom::Byte(b) => run.push(char::from(b)),
                    Atom::Other => {
                        if run.len() > best.len() {
                            best = std::mem::take(&mut run);
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > best.len() {
                best = run;
            }
            (best.len() >= 3).then(|| Need::Words(vec![best]))
        }
        _ => match ascii_atom(h) {
            Atom::Never => Some(Need::Never),
            Atom::Byte(_) | Atom::Other => None,
        },
    }
}

/// One element of a concatenation, as seen on ASCII text.
enum Atom {
    /// Required, and matches no ASCII character.
    Never,
    /// Matches one ASCII letter in either case, or one other ASCII byte (lowercased).
    Byte(u8),
    /// Anything else (optional parts, wider classes): ends a word.
    Other,
}

fn ascii_atom(h: &Hir) -> Atom {
    match h.kind() {
        HirKind::Literal(lit) if lit.0.len() == 1 && lit.0[0].is_ascii() => {
            Atom::Byte(lit.0[0].to_ascii_lowercase())
        }
        HirKind::Literal(lit) if !lit.0.is_ascii() && lit.0.iter().all(|b| !b.is_ascii()) => Atom::Never,
        HirKind::Class(class) => {
            let mut ascii = Vec::new();
            let mut add = |lo: u32, hi: u32| {
                for c in lo..=hi.min(0x7F) {
                    ascii.push(c as u8);
                    if ascii.len() > 2 {
                        break;
                    }
                }
            };
            match class {
                Class::Unicode(c) => c
                    .ranges()
                    .iter()
                    .for_each(|r| add(r.start() as u32, r.end() as u32)),
                Class::Bytes(c) => c
                    .ranges()
                    .iter()
                    .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
            }
            match ascii[..] {
                [] => Atom::Never,
                [b] => Atom::Byte(b.to_ascii_lowercase()),
                [a, b] if a.is_ascii_uppercase() && b == a.to_ascii_lowercase() => Atom::Byte(b),
                _ => Atom::Other,
            }
        }
        _ => Atom::Other,
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

    #[test]
    fn a_gate_set_admits_what_one_of_its_gates_does() {
        let gates = [
            ByteGate::Any(vec![b'%']),
            ByteGate::Any(vec![0xC2]),
            ByteGate::Any(vec![b'>', 0xBA, 0xBB]),
            ByteGate::Any(vec![b':']),
            ByteGate::NoSpace,
        ];
        let set = GateSet::new(&gates);
        for line in [
            "up 3%",
            "Home > News",
            "a b c",
            "Note: this",
            "one",
            "Home » News",
            "20 °C",
            "plain prose here",
            "naïve words here",
            "",
        ] {
            let b = line.as_bytes();
            assert_eq!(
                set.admits(b, line.is_ascii()),
                gates.iter().any(|g| g.admits(b)),
                "{line:?}"
            );
        }
        assert!(!GateSet::new(&[]).admits(b"anything", true));
    }

    /// Whether `text` holds one of `words`, the slow way.
    fn holds_word(words: &[&str], text: &[u8]) -> bool {
        words.iter().any(|w| {
            text.windows(w.len())
                .any(|s| s.eq_ignore_ascii_case(w.as_bytes()))
        })
    }

    proptest::proptest! {
        #[test]
        fn word_gate_is_a_word_search(s in "[ rRvVeEsSdDoObBhHaAlLtTnNiIx.]{0,90}") {
            let words = ["reserved", "reservados", "riservati", "vorbehalten"];
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let g = WordGate::new(&owned).unwrap();
            proptest::prop_assert_eq!(g.admits(s.as_bytes()), holds_word(&words, s.as_bytes()));
            // Planted somewhere in a longer text, in mixed case.
            let planted = format!("{s}rEsErVeD{s}");
            proptest::prop_assert!(g.admits(planted.as_bytes()));
            // The pair scan, at every length.
            let pairs = g.pairs.expect("a pair per word");
            let scanner = Scanner::new(&GateSet::default(), Some(&g));
            for t in [s.as_bytes(), planted.as_bytes()] {
                let want = t.windows(2).any(|w| {
                    pairs.iter().any(|p| w[0].to_ascii_lowercase() == p[0] && w[1].to_ascii_lowercase() == p[1])
                });
                proptest::prop_assert_eq!(scanner.scan(t).has(Scanned::PAIR), want);
            }
        }

        #[test]
        fn a_scan_finds_what_each_search_finds(
            s in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b" :%>rRvVbBxX\0\x7f".to_vec()),
                proptest::num::u8::ANY,
            ], 0..140),
            set in proptest::sample::select(vec![&b""[..], b"%", b"%:>", b"%:>|", b"#%:>|"]),
        ) {
            // (a gate holds at most three bytes: longer sets are split)
            let mut gates: Vec<ByteGate> = set.chunks(3).map(|c| ByteGate::Any(c.to_vec())).collect();
            gates.push(ByteGate::Any(vec![0xC2, 0xBB]));
            let gate_set = GateSet::new(&gates);
            proptest::prop_assert_eq!(&gate_set.ascii, &set.to_vec());
            let words = WordGate::new(&["reserved".into(), "vorbehalten".into()]).unwrap();
            let scanner = Scanner::new(&gate_set, Some(&words));
            let pairs = words.pairs.unwrap();
            // Every length up to the whole, so each window and tail path is taken.
            for t in (0..=s.len()).map(|n| &s[..n]) {
                let found = scanner.scan(t);
                let want_pair = t.windows(2).any(|w| {
                    pairs.iter().any(|p| w[0].to_ascii_lowercase() == p[0] && w[1].to_ascii_lowercase() == p[1])
                });
                proptest::prop_assert_eq!(found.is_ascii(), t.is_ascii());
                proptest::prop_assert_eq!(found.has(Scanned::SPACE), t.contains(&b' '));
                proptest::prop_assert_eq!(found.has(Scanned::PAIR), want_pair);
                if !set.is_empty() && set.len() <= SCAN_BYTES {
                    proptest::prop_assert_eq!(found.has(Scanned::BYTE), t.iter().any(|b| set.contains(b)));
                }
                proptest::prop_assert_eq!(gate_set.admits_scanned(found, t), gate_set.admits(t, t.is_ascii()));
                proptest::prop_assert_eq!(words.admits_scanned(found, t), holds_word(&["reserved", "vorbehalten"], t));
            }
        }

        #[test]
        fn word_gate_with_pairs_of_two_first_letters(s in "[ jJaAzZqQuUiIx.]{0,90}") {
            let words = ["jazz", "quiz"];
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let g = WordGate::new(&owned).unwrap();
            let pairs = g.pairs.expect("a pair per word");
            proptest::prop_assert!(pairs[0][0] != pairs[1][0], "{pairs:?}");
            proptest::prop_assert_eq!(g.admits(s.as_bytes()), holds_word(&words, s.as_bytes()));
            let planted = format!("{s}QuIz{s}");
            proptest::prop_assert!(g.admits(planted.as_bytes()));
        }
    }

    #[test]
    fn ascii_words_of_a_gate() {
        let words = ascii_words(&[
            r"(?i)(?:(all\s+rights\s+reserved|tous\s+droits\s+réservés|все\s+права|版权所有.*))",
        ]);
        assert_eq!(words, Some(vec!["reserved".to_string()]));
        let g = WordGate::new(&["reserved".into(), "vorbehalten".into()]).unwrap();
        assert!(g.admits(b"(c) 2024 Foo. All Rights RESERVED") && g.admits(b"Vorbehalten"));
        assert!(!g.admits(b"I have reserve funds") && !g.admits(b"v"));
        assert!(WordGate::new(&["abc".into(), "xyz".into()]).is_none());
        // The pair scan (rv, rb) across the 32-byte windows and the short-line path.
        for pad in [0, 1, 20, 31, 32, 33, 40, 63, 64, 65, 100] {
            let filler = "x".repeat(pad);
            for word in ["RESERVED", "vorBehalten"] {
                assert!(g.admits(format!("{filler}{word}").as_bytes()), "{pad} {word}");
                assert!(g.admits(format!("{word}{filler}").as_bytes()), "{pad} {word}");
                assert!(
                    g.admits(format!("{filler}{word}{filler}").as_bytes()),
                    "{pad} {word}"
                );
            }
            // The pair with no word around it, and a word cut by a space.
            assert!(!g.admits(format!("{filler}serve observe rb{filler}").as_bytes()));
            assert!(!g.admits(format!("{filler}reser ved{filler}").as_bytes()));
        }
        // An alternative without a word of three letters: no shortcut.
        assert!(ascii_words(&[r"(?i)(?:(all\s+rights\s+reserved|a\s+b))"]).is_none());
    }
}

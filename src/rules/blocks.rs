//! `repeated-block`: a later copy of a whole stretch of the document.
//!
//! Scrapes often hold an article twice or three times (a print copy, an AMP
//! copy, a "continue reading" expansion). A single repeated line is often
//! content (a chorus, a list item, a heading used twice), so a line is never
//! dropped for being a repeat alone: only once the kept lines just before it
//! are themselves, in order, a copy of an earlier stretch that is long
//! enough to be more than a refrain (several lines, several of them
//! sentences, hundreds of bytes). From there on every line that goes on
//! copying the earlier stretch is dropped, until one does not.
//!
//! The evidence is kept lines only, so the first lines of the copy stay,
//! and a second pass over the output (where the dropped copy is gone) finds
//! the same evidence and drops nothing more. The index of kept lines is
//! bounded ([`MAX_LINES`]): memory stays constant on any input.

use std::cell::Cell;

use super::Line;
use super::text::{has_alnum, trim_ascii, words_upto};

/// The rule's id.
pub const RULE: &str = "repeated-block";

/// Lines of a document the index holds; later lines are not indexed (they
/// can still be dropped as copies of indexed ones). A page copied twice is
/// far shorter; a small index stays in the cache on every kept line.
pub const MAX_LINES: usize = 1 << 14;
/// Kept lines that must copy an earlier stretch, in order, before later ones are dropped.
pub const MIN_LINES: u32 = 3;
/// Of those (after the first), lines of at least [`LONG_WORDS`] words.
pub const MIN_LONG: u32 = 3;
/// Words that make a line a sentence rather than a label or a lyric fragment.
pub const LONG_WORDS: usize = 8;
/// Default size in bytes the copied kept lines must reach (tunable).
pub const MIN_BYTES: usize = 800;

/// Fingerprint → ordinal of a document's kept lines: open addressing with
/// linear probing, grown by doubling up to twice [`MAX_LINES`] slots
/// (512 KB), so a short document (a JSON Lines record) costs a few hundred
/// bytes, and a long one an index that stays in the cache.
#[derive(Debug, Clone, Default)]
struct Index {
    /// (fingerprint, ordinal + 1); ordinal + 1 == 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl Index {
    fn get(&self, key: u64) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let (k, o) = self.slots[i];
            if o == 0 {
                return None;
            }
            if k == key {
                return Some(o - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `key` with `ordinal` unless it is there already or the index is full.
    fn insert(&mut self, key: u64, ordinal: u32) {
        if self.len >= MAX_LINES || ordinal == u32::MAX {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let (k, o) = self.slots[i];
            if o == 0 {
                self.slots[i] = (key, ordinal + 1);
                self.len += 1;
                return;
            }
            if k == key {
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); cap]);
        let mask = cap - 1;
        for (k, o) in old.into_iter().filter(|&(_, o)| o != 0) {
            let mut i = k as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, o);
        }
    }
}

/// The lookup of a line: made once when the line is judged, reused when its
/// verdict is recorded.
#[derive(Debug, Clone, Copy)]
enum Looked {
    /// Not a member (see [`member`]).
    Out,
    /// Its key and the ordinal of its first kept copy.
    In(u64, Option<u32>),
}

/// What `repeated-block` knows of the document so far.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    /// The rule is switched off: nothing is indexed or looked up.
    off: bool,
    /// The lookup [`Blocks::drops`] made, with the address and length of the
    /// line's text, for [`Blocks::observe`] of the same line to reuse.
    cur: Cell<Option<(usize, usize, Looked)>>,
    /// Hash of a kept line's trimmed text → ordinal of its first kept copy.
    first: Index,
    /// Kept lines with letters or digits so far.
    kept: u32,
    /// The kept lines that end the document so far and copy, in order, an
    /// earlier stretch: how many, how many long, how many bytes.
    run: u32,
    run_long: u32,
    run_bytes: usize,
    /// Ordinal the next line must copy to extend the run.
    expect: Option<u32>,
    /// After a dropped copy: the ordinal the next line must copy to be dropped too.
    next: Option<u32>,
}

/// The lines that take part: those with a letter or digit (rules, bullets
/// and blank-looking lines are see-through).
fn member(line: &Line) -> bool {
    !line.is_blank() && has_alnum(line.trimmed())
}

/// A line's key: the fingerprint of its text without the indentation or
/// trailing blanks (ASCII only: cheap, and a copy indented otherwise is not
/// taken for a copy, the safe side).
fn key(text: &str) -> u64 {
    fingerprint(trim_ascii(text.as_bytes()))
}

impl Blocks {
    fn look(&self, line: &Line) -> Looked {
        if !member(line) {
            return Looked::Out;
        }
        self.look_member(line)
    }

    /// [`Blocks::look`] for a line known to be a [`member`].
    fn look_member(&self, line: &Line) -> Looked {
        let k = key(&line.text);
        Looked::In(k, self.first.get(k))
    }

    /// Switches the index off (the rule is not enabled): no work per line.
    pub fn set_off(&mut self, off: bool) {
        self.off = off;
    }

    /// Where `line`'s text is, to tell the line [`Blocks::drops`] looked up.
    fn id(line: &Line) -> (usize, usize) {
        (line.text.as_ptr() as usize, line.text.len())
    }

    /// Whether `line` (not dropped by any other rule) goes on copying an
    /// earlier stretch far enough to be dropped. The caller has checked that
    /// the line has a letter or digit (the context rules judge no other line),
    /// so it is a [`member`] and is not tested again.
    pub fn drops(&self, line: &Line, min_bytes: usize) -> bool {
        debug_assert!(member(line));
        let looked = self.look_member(line);
        let (at, len) = Blocks::id(line);
        self.cur.set(Some((at, len, looked)));
        let Looked::In(_, Some(o)) = looked else {
            return false;
        };
        self.next == Some(o)
            || (self.expect == Some(o)
                && self.run >= MIN_LINES
                && self.run_long >= MIN_LONG
                && self.run_bytes >= min_bytes)
    }

    /// Records a judged line: kept lines extend the index and the run; a
    /// dropped line that copies the next line of the earlier stretch moves
    /// the dropping on (whichever rule dropped it).
    pub fn observe(&mut self, line: &Line) {
        if self.off {
            return;
        }
        let id = Blocks::id(line);
        let looked = match self.cur.take() {
            Some((at, len, l)) if (at, len) == id => l,
            // Not judged by this rule (another rule dropped it): a dropped
            // line only matters while a copy is being dropped.
            _ if line.verdict.is_some() && self.next.is_none() => return,
            _ => self.look(line),
        };
        let Looked::In(k, o) = looked else {
            return;
        };
        if let Some(rule) = line.verdict {
            // Dropped by another rule, a line of the copy moves the dropping
            // on all the same; any other dropped line is see-through.
            if rule == RULE || (o.is_some() && o == self.next) {
                self.next = o.map(|o| o + 1);
            }
            return;
        }
        self.next = None;
        match o {
            Some(o) if self.expect == Some(o) => {
                let text = line.trimmed();
                self.run += 1;
                self.run_long += u32::from(words_upto(text, LONG_WORDS) >= LONG_WORDS);
                self.run_bytes += text.len();
            }
            // The first line of a run is not counted as a sentence: counting
            // words is for lines that extend a run, and scrapes repeat many
            // single lines (labels, list items) that never start one.
            Some(_) => {
                self.run = 1;
                self.run_long = 0;
                self.run_bytes = line.trimmed().len();
            }
            None => {
                self.run = 0;
                self.run_long = 0;
                self.run_bytes = 0;
            }
        }
        self.expect = o.map(|o| o + 1);
        self.first.insert(k, self.kept);
        self.kept = self.kept.saturating_add(1);
    }
}

/// A 64-bit fingerprint of a line of any length, 32 bytes a step in four
/// independent lanes (it runs on every kept line, so it must cost little
/// more than reading the bytes). The bytes after the last whole step are
/// read as the last 32 bytes of the line, overlapping (the length is mixed
/// in, so that is unambiguous); shorter lines are zero-padded.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0xD6E8_FEB8_6659_FD93,
    ];
    #[inline(always)]
    fn step(h: &mut [u64; 4], block: &[u8]) {
        for (l, (hl, k)) in h.iter_mut().zip(K).enumerate() {
            let w = u64::from_le_bytes(block[8 * l..8 * l + 8].try_into().expect("8 bytes"));
            *hl = (*hl ^ w).wrapping_mul(k).rotate_left(29);
        }
    }
    let n = bytes.len();
    let mut h = [n as u64, K[0], K[1], K[2]];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        step(&mut h, block);
    }
    if !blocks.remainder().is_empty() {
        if n >= 32 {
            step(&mut h, &bytes[n - 32..]);
        } else {
            let mut last = [0u8; 32];
            last[..n].copy_from_slice(bytes);
            step(&mut h, &last);
        }
    }
    let x =
        (h[0] ^ h[1].rotate_left(16)).wrapping_mul(K[3]) ^ (h[2] ^ h[3].rotate_left(48)).wrapping_mul(K[1]);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_differ_for_near_copies() {
        let base = "The council will rebuild the sea wall in stages, starting in the spring.";
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(fingerprint(base.as_bytes())));
        // Every one-byte change, at every position, and every truncation.
        for i in 0..base.len() {
            let mut b = base.as_bytes().to_vec();
            b[i] ^= 1;
            assert!(seen.insert(fingerprint(&b)), "flip at {i}");
            assert!(seen.insert(fingerprint(&base.as_bytes()[..i])), "prefix {i}");
        }
        // Trailing zero bytes are not padding.
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ab\0"));
    }
}

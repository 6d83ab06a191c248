//! The main pattern set as a complete DFA, determinized when textwash is built.
//!
//! The set of table entries that start with a literal (see [`super::Rules`]'s
//! `re`) was searched with a lazy DFA over an NFA put together at start-up.
//! Both cost: composing the NFA was 88% of a one-line run's instructions, and
//! each thread determinized the states its lines walked on its own (a sixth
//! of the work on the dev-set pages, again in every worker, with a cache of
//! up to 10 MB each). Determinized completely, the set has about 38,000
//! states, mostly the trie of its phrases: 1.8 MB when only the transitions
//! that lead somewhere are kept, 7.9 MB with the busiest states as full rows
//! (below), of which a run touches a few MB. The build script (`build.rs`) makes that
//! DFA with `regex-automata`, walks it, and writes it in the compact form
//! below; the library reads it in place from the binary, shared by every
//! thread, with nothing to build.
//!
//! The DFA is built for every such entry, with `MatchKind::All`, so that
//! each state that can end a match lists every pattern matching there: a
//! run with some rules switched off takes the first of those it has on.
//! All the sources end in `$`, so a match can only end at the end of the
//! line, and only the end-of-input transition of a state needs its matches.
//!
//! Layout (all numbers little-endian `u32`): a header (magic, version,
//! pattern count, byte length of the state area, then for each pattern its
//! table entry and source, padded to 4 bytes), the start state's 256
//! transitions, then the states. A state's id is its byte offset in the
//! state area; 0 is the dead state (the area starts with a 4-byte pad). A
//! state is `[runs, matches, pattern...; matches, (lo | hi << 8, next); runs]`,
//! its runs sorted: a byte in no run goes to the dead state. A state with
//! more than [`MAX_RUNS`] runs (near the start: many phrases go on from
//! there) is `[DENSE, matches, pattern...; matches, next; 256]` instead, one
//! step whatever the byte: a search of its runs was the walk's main cost.

/// First bytes of a table, with its format version.
const MAGIC: &[u8; 8] = b"twdfa\x00\x00\x01";

/// The dead state: no pattern can match any more.
pub const DEAD: u32 = 0;

/// A state's first word when its transitions are a row of 256.
const DENSE: u32 = u32::MAX;

/// The most runs a state searches; one with more has a row of 256 (a run
/// costs two words, so a row takes the room of 128 runs).
const MAX_RUNS: usize = 6;

/// Writes the table of the DFA for `srcs`, where `entries[i]` is the table
/// entry of `srcs[i]`; `None` if the DFA cannot be built.
// (used by the build script and the tests; the library only reads tables)
#[allow(dead_code)]
pub fn build(srcs: &[&str], entries: &[usize]) -> Option<Vec<u8>> {
    use regex_automata::dfa::{Automaton, StartKind, dense};
    use regex_automata::nfa::thompson::{self, WhichCaptures};
    use regex_automata::util::start;
    use std::collections::HashMap;

    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .match_kind(regex_automata::MatchKind::All)
                .minimize(false),
        )
        .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
        .build_many(srcs)
        .ok()?;
    let start = dfa
        .start_state(&start::Config::new().anchored(regex_automata::Anchored::Yes))
        .ok()?;
    // Every live state reachable from the start, in the order first seen,
    // each with its runs of bytes going to the same live state (first byte,
    // last byte, index of the next state) and the patterns matching at the
    // end of the input.
    type Record = (Vec<(u8, u8, usize)>, Vec<u32>);
    let mut order = vec![start];
    let mut seen: HashMap<_, usize> = HashMap::from([(start, 0)]);
    let mut records: Vec<Record> = Vec::new();
    while records.len() < order.len() {
        let s = order[records.len()];
        let mut runs: Vec<(u8, u8, usize)> = Vec::new();
        for b in 0..=255u8 {
            let t = dfa.next_state(s, b);
            if dfa.is_dead_state(t) {
                continue;
            }
            if dfa.is_quit_state(t) {
                return None;
            }
            let to = *seen.entry(t).or_insert_with(|| {
                order.push(t);
                order.len() - 1
            });
            match runs.last_mut() {
                Some(last) if last.1 as usize + 1 == b as usize && last.2 == to => last.1 = b,
                _ => runs.push((b, b, to)),
            }
        }
        let eoi = dfa.next_eoi_state(s);
        let matches = if dfa.is_match_state(eoi) {
            (0..dfa.match_len(eoi))
                .map(|m| dfa.match_pattern(eoi, m).as_u32())
                .collect()
        } else {
            Vec::new()
        };
        records.push((runs, matches));
    }
    // Offsets: the area starts with a pad, so that no state is at 0 (dead).
    let mut offsets = Vec::with_capacity(records.len());
    let mut at = 4usize;
    for (runs, matches) in &records {
        offsets.push(u32::try_from(at).ok()?);
        let moves = if runs.len() > MAX_RUNS {
            4 * 256
        } else {
            8 * runs.len()
        };
        at += 8 + 4 * matches.len() + moves;
    }
    let area = at;
    let mut out = Vec::with_capacity(area + 4096);
    let put = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(MAGIC);
    put(&mut out, srcs.len());
    put(&mut out, area);
    for (&k, src) in entries.iter().zip(srcs) {
        put(&mut out, k);
        put(&mut out, src.len());
        out.extend_from_slice(src.as_bytes());
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    // The start state's transitions, one per byte (its runs are many).
    for b in 0..=255u8 {
        let t = dfa.next_state(start, b);
        let id = if dfa.is_dead_state(t) {
            DEAD
        } else {
            offsets[seen[&t]]
        };
        put(&mut out, id as usize);
    }
    let base = out.len();
    put(&mut out, 0);
    for (runs, matches) in &records {
        let dense = runs.len() > MAX_RUNS;
        put(&mut out, if dense { DENSE as usize } else { runs.len() });
        put(&mut out, matches.len());
        for &m in matches {
            put(&mut out, m as usize);
        }
        if dense {
            let mut row = [DEAD; 256];
            for &(lo, hi, to) in runs {
                row[lo as usize..=hi as usize].fill(offsets[to]);
            }
            for next in row {
                put(&mut out, next as usize);
            }
        } else {
            for &(lo, hi, to) in runs {
                put(&mut out, lo as usize | (hi as usize) << 8);
                put(&mut out, offsets[to] as usize);
            }
        }
    }
    debug_assert_eq!(out.len() - base, area);
    Some(out)
}

/// A table read in place: see the module documentation for its layout.
pub struct Table<'a> {
    /// Table entry and source of each pattern.
    pub patterns: Vec<(usize, &'a str)>,
    first: &'a [u8],
    states: &'a [u8],
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // (not the megabytes of states)
        f.debug_struct("Table")
            .field("patterns", &self.patterns.len())
            .field("state_bytes", &self.states.len())
            .finish()
    }
}

/// The `u32` at byte `at` of `b` (0 past the end: a damaged table reads as dead ends).
#[inline]
fn word(b: &[u8], at: usize) -> u32 {
    match at.checked_add(4).and_then(|end| b.get(at..end)) {
        Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
        None => 0,
    }
}

impl<'a> Table<'a> {
    /// Reads a table written by [`build`]; `None` if it is not one.
    pub fn read(blob: &'a [u8]) -> Option<Table<'a>> {
        let rest = blob.strip_prefix(MAGIC.as_slice())?;
        let n = word(rest, 0) as usize;
        let area = word(rest, 4) as usize;
        let mut at = 8usize;
        // (each pattern takes at least 8 bytes: a damaged count cannot ask for more)
        let mut patterns = Vec::with_capacity(n.min(rest.len() / 8));
        for _ in 0..n {
            let k = word(rest, at) as usize;
            let len = word(rest, at.checked_add(4)?) as usize;
            let start = at.checked_add(8)?;
            let src = std::str::from_utf8(rest.get(start..start.checked_add(len)?)?).ok()?;
            patterns.push((k, src));
            at = start.checked_add(len.next_multiple_of(4))?;
        }
        let first = rest.get(at..at.checked_add(1024)?)?;
        let states = rest.get(at + 1024..)?;
        (states.len() == area).then_some(Table {
            patterns,
            first,
            states,
        })
    }

    /// The state after `b` from the live state `s`.
    #[inline]
    fn next(&self, s: u32, b: u8) -> u32 {
        let at = s as usize;
        let head = word(self.states, at);
        let matches = word(self.states, at + 4) as usize;
        // (saturating: a damaged table reads as dead ends, never overflows)
        let mut r = (at + 8).saturating_add(matches.saturating_mul(4));
        if head == DENSE {
            return word(self.states, r.saturating_add(4 * b as usize));
        }
        for _ in 0..head.min(256) {
            // (a byte has 256 values: no more runs, even in a damaged table)
            let range = word(self.states, r);
            if b < range as u8 {
                break; // runs are sorted: b is in none
            }
            if b <= (range >> 8) as u8 {
                return word(self.states, r + 4);
            }
            r = r.saturating_add(8);
        }
        DEAD
    }

    /// The patterns (indexes into [`Table::patterns`]) matching all of `text`.
    pub fn matches(&self, text: &[u8]) -> &'a [u8] {
        let Some((&b0, rest)) = text.split_first() else {
            return &[]; // (no source matches an empty line: they are not asked)
        };
        let mut s = word(self.first, 4 * b0 as usize);
        for &b in rest {
            if s == DEAD {
                return &[];
            }
            s = self.next(s, b);
        }
        if s == DEAD {
            return &[];
        }
        let at = s as usize;
        let matches = word(self.states, at + 4) as usize;
        let start = at + 8;
        self.states
            .get(start..start.saturating_add(matches.saturating_mul(4)))
            .unwrap_or_default()
    }
}

/// The pattern indexes in a [`Table::matches`] answer.
pub fn pattern_ids(matches: &[u8]) -> impl Iterator<Item = usize> + '_ {
    matches
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize)
}

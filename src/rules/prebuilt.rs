//! The pattern table's automata, compiled when textwash is built.
//!
//! Parsing the table's regexes and compiling them into one Thompson NFA per
//! matcher was most of textwash's start-up: about 150M instructions, 20 ms of
//! a run on a short file. The build script (`build.rs`, which includes this
//! file) compiles each table entry on its own, with the same compiler and
//! settings as [`compile_nfa`], and writes every resulting NFA's states into a
//! blob the library embeds. At run time a matcher over any subset of the
//! table is put together from those pieces ([`compose`]) instead of being
//! compiled: about a quarter of the instructions (most of them the NFA
//! builder's allocations), 5–8 ms instead of 20–25 on this machine.
//!
//! Putting together follows the compiler's own layout of a multi-pattern NFA:
//! the patterns' NFAs one after the other, with one union of their starts
//! after the second. The result is the compiler's automaton up to duplicate
//! states: the compiler shares identical UTF-8 suffix states through a small
//! hash map keyed by state ids, so which duplicates it catches depends on
//! where in the whole NFA a pattern lands. Duplicates of a state match what
//! the state matches, so the matches are the same; the unit tests check that
//! composed and compiled automata are the same once duplicates are merged.
//! Every set is composed, also from pieces compiled at run time (a source
//! the build did not see, e.g. after an edit without a rebuild), so a
//! matcher never depends on where its pieces came from.
//!
//! The main set (entries led by a literal) no longer needs this at start-up:
//! the build determinizes it completely ([`super::table`]). What is composed
//! now are the broad and gated sets, on first use, and the main set only for
//! sources the build's DFA does not cover.

use regex_automata::nfa::thompson::{self, Builder, NFA, State, Transition, WhichCaptures};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;

/// First bytes of a blob, with its format version.
const MAGIC: &[u8; 8] = b"twnfa\x00\x00\x02";

/// `src` parsed as the NFA compiler's default parser does.
pub fn parse(src: &str) -> Result<regex_syntax::hir::Hir, Box<regex_syntax::Error>> {
    Ok(regex_syntax::ParserBuilder::new().build().parse(src)?)
}

/// The NFA of `hirs` (one pattern each) as the matchers compile it: forward,
/// no capture states, the crate's default parser and limits.
pub fn compile_nfa(hirs: &[regex_syntax::hir::Hir]) -> Result<NFA, Box<thompson::BuildError>> {
    Ok(thompson::Compiler::new()
        .configure(config())
        .build_many_from_hir(hirs)?)
}

/// The compiler settings of [`compile_nfa`] (also the flags [`compose`] gives its NFA).
fn config() -> thompson::Config {
    thompson::Config::new().which_captures(WhichCaptures::None)
}

/// The NFA of the one pattern `src` (`None` if it does not compile).
pub fn compile_one(src: &str) -> Option<NFA> {
    compile_nfa(&[parse(src).ok()?]).ok()
}

/// A blob of one entry: `src`, compiled here by [`compile_one`] (with no facts).
pub fn compile_piece(src: &str) -> Vec<u8> {
    let mut blob = Vec::new();
    header(1, &mut blob);
    encode(src, compile_one(src).as_ref(), None, &mut blob);
    blob
}

/// Appends to `out` one blob entry: `src` and the states of `nfa`, its single
/// pattern compiled by [`compile_nfa`]. An NFA whose layout [`compose`] cannot
/// rebuild (more than one pattern, an unanchored start, capture states) is
/// written as "absent", which makes its users compile at run time. `facts`
/// are stored as they are (see [`Piece::facts`]).
pub fn encode(src: &str, nfa: Option<&NFA>, facts: Option<&[u8]>, out: &mut Vec<u8>) {
    put(out, src.len());
    out.extend_from_slice(src.as_bytes());
    let states = nfa.and_then(|nfa| encode_states(nfa).map(|s| (nfa, s)));
    match states {
        None => out.push(0),
        Some((nfa, states)) => {
            out.push(1);
            put(out, nfa.start_anchored().as_usize());
            put(out, nfa.states().len());
            put(out, states.len());
            out.extend_from_slice(&states);
        }
    }
    match facts {
        None => out.push(0),
        Some(f) => {
            out.push(1);
            put(out, f.len());
            out.extend_from_slice(f);
        }
    }
}

/// A blob's header: [`MAGIC`], then the number of entries.
pub fn header(entries: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(MAGIC);
    put(out, entries);
}

fn encode_states(nfa: &NFA) -> Option<Vec<u8>> {
    let start = nfa.start_anchored();
    if nfa.pattern_len() != 1
        || nfa.start_unanchored() != start
        || nfa.start_pattern(regex_automata::PatternID::ZERO) != Some(start)
        || nfa.has_capture()
    {
        return None;
    }
    let mut out = Vec::new();
    let mut matches = 0;
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.push(0);
                put_trans(&mut out, trans);
            }
            State::Sparse(sparse) => {
                out.push(1);
                put(&mut out, sparse.transitions.len());
                for t in sparse.transitions.iter() {
                    put_trans(&mut out, t);
                }
            }
            State::Look { look, next } => {
                out.push(2);
                put(&mut out, look.as_repr() as usize);
                put(&mut out, next.as_usize());
            }
            State::Union { alternates } => {
                out.push(3);
                put(&mut out, alternates.len());
                for a in alternates.iter() {
                    put(&mut out, a.as_usize());
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(3);
                put(&mut out, 2);
                put(&mut out, alt1.as_usize());
                put(&mut out, alt2.as_usize());
            }
            State::Fail => out.push(4),
            State::Match { .. } => {
                matches += 1;
                out.push(5);
            }
            State::Dense(_) | State::Capture { .. } => return None,
        }
    }
    (matches == 1).then_some(out)
}

fn put(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("a blob number fits 32 bits");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_trans(out: &mut Vec<u8>, t: &Transition) {
    out.extend_from_slice(&[t.start, t.end]);
    put(out, t.next.as_usize());
}

/// One table entry of a blob: its source and, when present, its states.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    /// The regex the states were compiled from.
    pub src: &'a str,
    /// The pattern's start state and its encoded states (`None`: absent).
    states: Option<(u32, u32, &'a [u8])>,
    /// Other facts the build worked out from the source, in the caller's
    /// own encoding (the rules store the entry's byte gate here).
    pub facts: Option<&'a [u8]>,
}

impl Piece<'_> {
    /// Whether the entry has states (an absent one makes [`compose`] fail).
    pub fn present(&self) -> bool {
        self.states.is_some()
    }
}

/// The entries of `blob` in order, or `None` when it is not a blob of this
/// format (every error is "compile instead", never a panic).
pub fn pieces(blob: &[u8]) -> Option<Vec<Piece<'_>>> {
    let mut r = Reader(blob.strip_prefix(MAGIC.as_slice())?);
    let n = r.num()?;
    let mut out = Vec::with_capacity((n as usize).min(blob.len()));
    for _ in 0..n {
        let len = r.num()? as usize;
        let src = std::str::from_utf8(r.take(len)?).ok()?;
        let states = match r.take(1)?[0] {
            0 => None,
            _ => {
                let start = r.num()?;
                let count = r.num()?;
                let len = r.num()? as usize;
                Some((start, count, r.take(len)?))
            }
        };
        let facts = match r.take(1)?[0] {
            0 => None,
            _ => {
                let len = r.num()? as usize;
                Some(r.take(len)?)
            }
        };
        out.push(Piece { src, states, facts });
    }
    r.0.is_empty().then_some(out)
}

/// One decoded state: what [`Builder`] is told to add.
enum Op<'a> {
    Range(u8, u8, u32),
    Sparse(&'a [u8]),
    Look(u32, u32),
    Union(&'a [u8]),
    Fail,
    Match,
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn num(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// Decodes one state and hands it to `f`.
    fn state<T>(&mut self, f: impl FnOnce(Op<'a>) -> Option<T>) -> Option<T> {
        let op = match self.take(1)?[0] {
            0 => {
                let t = self.take(2)?;
                Op::Range(t[0], t[1], self.num()?)
            }
            1 => {
                let n = self.num()?;
                Op::Sparse(self.take(6 * n as usize)?)
            }
            2 => Op::Look(self.num()?, self.num()?),
            3 => {
                let n = self.num()?;
                Op::Union(self.take(4 * n as usize)?)
            }
            4 => Op::Fail,
            5 => Op::Match,
            _ => return None,
        };
        f(op)
    }
}

/// The NFA [`compile_nfa`] would build for the sources of `parts`, in that
/// order, from their compiled states; `None` when a part is absent or the blob
/// is damaged.
#[cfg(test)]
pub fn compose(parts: &[Piece<'_>]) -> Option<NFA> {
    compose_keeping(parts).map(|(nfa, _)| nfa)
}

/// [`compose`], also handing back the builder the NFA was made with, for the
/// caller to free when it frees the NFA (see [`Kept`]).
pub fn compose_keeping(parts: &[Piece<'_>]) -> Option<(NFA, Kept)> {
    let states: Vec<(u32, u32, &[u8])> = parts.iter().map(|p| p.states).collect::<Option<_>>()?;
    // The compiler's layout: the first two patterns, then (with more than
    // one) the union of all starts, then the other patterns.
    let union_after = if states.len() > 1 { 1 } else { usize::MAX };
    let mut offsets = Vec::with_capacity(states.len());
    let mut at = 0u32;
    let mut union = None;
    for (k, s) in states.iter().enumerate() {
        offsets.push(at);
        at = at.checked_add(s.1)?;
        if k == union_after {
            union = Some(at);
            at = at.checked_add(1)?;
        }
    }
    let id = |local: u32, off: u32| StateID::new(local.checked_add(off)? as usize).ok();
    let starts: Vec<StateID> = states
        .iter()
        .zip(&offsets)
        .map(|(s, &off)| if s.0 < s.1 { id(s.0, off) } else { None })
        .collect::<Option<_>>()?;
    let mut b = Builder::new();
    let cfg = config();
    b.set_utf8(cfg.get_utf8());
    b.set_reverse(cfg.get_reverse());
    b.set_look_matcher(cfg.get_look_matcher());
    for (k, (&(start, count, bytes), &off)) in states.iter().zip(&offsets).enumerate() {
        b.start_pattern().ok()?;
        let mut r = Reader(bytes);
        for _ in 0..count {
            r.state(|op| add(&mut b, op, off, count))?;
        }
        if !r.0.is_empty() {
            return None;
        }
        b.finish_pattern(id(start, off)?).ok()?;
        if k == union_after {
            b.add_union(starts.clone()).ok()?;
        }
    }
    let start = match union {
        Some(u) => id(u, 0)?,
        None => *starts.first()?,
    };
    let nfa = b.build(start, start).ok()?;
    (nfa.states().len() == at as usize).then_some((nfa, Kept { _builder: b }))
}

/// The builder of a composed NFA, kept until the NFA's owner is dropped.
///
/// The builder holds one small vector per state (its copy of the states the
/// NFA has copied again): freeing them took a sixth of the instructions of
/// putting a set together (for the main set, when it was composed at
/// start-up: 39.1M -> 32.8M for a one-line run). Kept, they cost about as
/// much memory as the NFA for the life of the matcher, and go with it; the
/// command line never drops its cleaner, so there the process's exit takes
/// them.
pub struct Kept {
    _builder: Builder,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

/// Adds one decoded state of a piece of `count` states, its targets moved by
/// `off`. A target outside the piece is a damaged blob (the builder would
/// panic on it).
fn add(b: &mut Builder, op: Op<'_>, off: u32, count: u32) -> Option<()> {
    let id = |n: u32| {
        if n >= count {
            return None;
        }
        StateID::new(n.checked_add(off)? as usize).ok()
    };
    // (the builder asserts that a range runs forwards)
    let range = |start: u8, end: u8, next: u32| {
        (start <= end).then_some(())?;
        Some(Transition {
            start,
            end,
            next: id(next)?,
        })
    };
    let trans = |t: &[u8]| range(t[0], t[1], u32::from_le_bytes(t[2..6].try_into().ok()?));
    let ids = |raw: &[u8]| filled(raw, 4, |b| id(u32::from_le_bytes(b.try_into().ok()?)));
    let added = match op {
        Op::Range(start, end, next) => b.add_range(range(start, end, next)?),
        Op::Sparse(raw) => b.add_sparse(filled(raw, 6, trans)?),
        Op::Look(look, next) => b.add_look(id(next)?, Look::from_repr(look)?),
        // (a union of two is how the builder writes a binary union)
        Op::Union(raw) => b.add_union(ids(raw)?),
        Op::Fail => b.add_fail(),
        Op::Match => b.add_match(),
    };
    added.ok().map(|_| ())
}

/// `f` of each `size`-byte record of `raw`, in a vector of the size known up
/// front (collecting through `Option` grew and copied most of the tens of
/// thousands start-up makes); `None` if `f` fails on one.
fn filled<T>(raw: &[u8], size: usize, f: impl Fn(&[u8]) -> Option<T>) -> Option<Vec<T>> {
    let mut v = Vec::with_capacity(raw.len() / size);
    for record in raw.chunks_exact(size) {
        v.push(f(record)?);
    }
    Some(v)
}

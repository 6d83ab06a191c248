//! Boilerplate line rules: decide, line by line and with a little context,
//! which lines of an extracted or scraped web page are boilerplate (ads,
//! share bars, menus, cookie notices, author boxes, …) and should be dropped.
//!
//! Whole-line phrases are compiled into one multi-pattern matcher
//! ([`patterns::PATS`]); context rules ([`context`]) look at neighbouring lines
//! (repeated titles, consecutive duplicates, navigation runs). A rule fires on
//! whole lines only, never on a phrase inside running text, and position
//! matters: some phrases are dropped only near the top or bottom of a document
//! or next to other boilerplate.
//!
//! The verdicts are idempotent: feeding the kept lines through again drops
//! nothing more.

mod blocks;
mod body;
mod context;
mod gate;
mod patterns;
mod prebuilt;
mod table;
pub(crate) mod text;
pub mod user;

#[cfg(test)]
mod tests;

use body::{compile_body, gate_body};
use patterns::{PATS, Place};
use regex_automata::{Anchored, Input, hybrid, meta};
pub use user::{MatchMode, PatternText, Tunables, UserPattern, UserRules};

/// Static description of one rule, for --list-rules.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Rule group; always "strip" here.
    pub group: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// An example line the rule drops.
    pub example: &'static str,
}

const fn info(id: &'static str, description: &'static str, example: &'static str) -> RuleInfo {
    RuleInfo {
        id,
        group: "strip",
        description,
        example,
    }
}

/// Every boilerplate rule, in a stable order.
pub static RULES: &[RuleInfo] = &[
    info(
        "ad-marker",
        "advertisement markers and 'story continues below' lines",
        "[ad_1]",
    ),
    info(
        "ticker",
        "stock-ticker lines (symbol, price, change, percentage)",
        " date 2020-12-30 AVN 90.90 Decreased By ▼ -0.95 (-1.03%)",
    ),
    info(
        "weather",
        "weather widgets (a place, a temperature, a condition) at the top or bottom of a page",
        "London 12°C Partly cloudy",
    ),
    info(
        "signup-notice",
        "membership and paywall prompts",
        "(Note: You can view every article as one long page if you sign up as an Advocate Member, or higher).",
    ),
    info(
        "source-link",
        "'Source link' and similar bare source links",
        "Source link",
    ),
    info(
        "breadcrumb",
        "breadcrumb trails ('Home > News > …', 'Home Section' at the top)",
        "Home EurAsian Region",
    ),
    info(
        "image-caption-file",
        "image file names left in place of captions",
        "File:S-400 Triumf.jpg",
    ),
    info(
        "share-follow",
        "share bars and follow-us prompts",
        "Follow EurAsian Times on Google",
    ),
    info(
        "author-box",
        "author-box headings and author archive links",
        "Author’s Profile",
    ),
    info(
        "exit-mobile",
        "mobile/desktop version switches",
        "Exit mobile version",
    ),
    info(
        "read-more",
        "'Read more', 'Continue reading' and similar link lines",
        "Continue reading",
    ),
    info(
        "cookie-notice",
        "cookie banners and consent buttons",
        "We use cookies to improve your experience on our site.",
    ),
    info("skip-link", "skip-to-content links", "Skip to main content"),
    info(
        "copyright",
        "copyright, all-rights-reserved and site-credit lines",
        "© 2024 Example Media. All rights reserved.",
    ),
    info(
        "comments",
        "comment counters, prompts and comment-form notices",
        "Leave a Reply",
    ),
    info("read-time", "reading-time labels", "5 min read"),
    info("photo-credit", "photo and image credits", "Photo: Getty Images"),
    info(
        "related",
        "related-article headings and 'Related: …' inserts",
        "You may also like",
    ),
    info("app-store", "app download prompts", "Get it on Google Play"),
    info(
        "newsletter",
        "newsletter and subscription prompts",
        "Subscribe to our newsletter",
    ),
    info("login", "login, register and account links", "Sign in"),
    info("print-email", "print and e-mail buttons", "Print this article"),
    info(
        "nav-words",
        "menu, search, back-to-top and other navigation labels",
        "Back to top",
    ),
    info(
        "legal-links",
        "privacy, terms, contact and other footer links",
        "Privacy Policy",
    ),
    info(
        "form-field",
        "form labels and form messages",
        "Email address (required)",
    ),
    info(
        "js-notice",
        "JavaScript and browser-support notices",
        "Please enable JavaScript to view this page.",
    ),
    info("pagination", "page counters and pagination links", "Page 2 of 5"),
    info(
        "meta-label",
        "bare meta labels and tag lists",
        "Tags: Russia, Turkey",
    ),
    info(
        "site-notice",
        "official-website banners, page-loading errors and similar site-wide notices",
        "An official website of the United States government",
    ),
    info(
        "cta",
        "shop, demo, trial and other call-to-action buttons",
        "Start your free trial",
    ),
    info(
        "feedback",
        "'Was this helpful?' prompts",
        "Was this article helpful?",
    ),
    info(
        "duplicate-line",
        "a line repeating the previous kept line",
        "Share this article (twice in a row)",
    ),
    info(
        "repeated-block",
        "a later copy of a whole stretch of the text (the article scraped twice), once several copied lines in a row were kept",
        "the fourth and later paragraphs of a second copy of the article",
    ),
    info(
        "repeated-title",
        "a later copy of a line near the top of the document",
        "Turkey, Russia continue cooperation on South Caucasus (second copy)",
    ),
    info(
        "nav-run",
        "runs of short navigation lines that include known navigation labels",
        "Home / News / Sport / Weather (one per line)",
    ),
    info(
        "header-run",
        "runs of three or more short lines with two known labels among them, before the first paragraph of text (menus)",
        "Sign In / Home / Lifestyle / Trending (one per line, above the article)",
    ),
    info(
        "related-headline",
        "a title-case headline of another article injected between paragraphs",
        "Japan, Vietnam PM’ Meet In Hanoi; Vow To Collaborate On South China Sea",
    ),
];

/// A line as the rules see it: already repaired, NFC, trailing whitespace trimmed, no line terminator.
///
/// Made by [`Rules::line`], which works out once what the context rules ask
/// about a neighbour (its matching pattern, whether it is prose or
/// navigation-sized), so judging a window never re-scans its lines.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// The text of the line.
    pub text: String,
    /// Some(rule id) once dropped; set by the driver for lines already judged.
    pub verdict: Option<&'static str>,
    facts: Facts,
}

/// What the rules know about a line without looking at its neighbours.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// Empty or whitespace only.
    blank: bool,
    /// Where the text without leading and trailing whitespace ([`text::trim`])
    /// starts and ends: the rules look at it several times per line, and page
    /// scrapes indent lines by dozens of spaces. A line too long for `u32`
    /// gets bounds that are never valid (and is trimmed on each use).
    trimmed: (u32, u32),
    /// Index into [`PATS`] of the table entry matching the whole line.
    pat: Option<u16>,
    /// Running text ([`text::is_prose`]), worked out when first asked: most
    /// lines are never looked at as a neighbour.
    prose: std::cell::OnceCell<bool>,
    /// May take part in a navigation run; also worked out when first asked.
    nav: std::cell::OnceCell<bool>,
    /// May take part in a header run (a menu above the text); worked out when first asked.
    short: std::cell::OnceCell<bool>,
}

impl Line {
    /// The table entry matching the whole line, if any.
    fn pat(&self) -> Option<&'static patterns::Pat> {
        self.facts.pat.map(|k| &PATS[usize::from(k)])
    }

    /// Empty or whitespace only.
    fn blank(&self) -> bool {
        self.facts.blank
    }

    /// Empty or whitespace only (worked out once, when the line was made).
    pub fn is_blank(&self) -> bool {
        self.facts.blank
    }

    /// The text without leading and trailing whitespace.
    fn trimmed(&self) -> &str {
        let (start, end) = self.facts.trimmed;
        // The bounds were worked out from this text (`refresh` runs after every change).
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_else(|| text::trim(&self.text))
    }

    /// Works out every fact a neighbour may still be asked for and hands the
    /// text back, leaving the line empty: for a judged line (its verdict set
    /// and recorded), which the rules consult only through those facts.
    pub fn settle(&mut self) -> String {
        let _ = (self.prose(), self.nav(), self.short());
        std::mem::take(&mut self.text)
    }

    /// Running text (see [`text::is_prose`]).
    fn prose(&self) -> bool {
        *self.facts.prose.get_or_init(|| text::is_prose(self.trimmed()))
    }

    /// May take part in a navigation run (asked of every judged line, and
    /// of its neighbours: the check of the cache is written out, which
    /// measured cheaper than `get_or_init` here).
    #[inline]
    fn nav(&self) -> bool {
        if let Some(&v) = self.facts.nav.get() {
            return v;
        }
        let v = context::nav_member(self.trimmed());
        let _ = self.facts.nav.set(v);
        v
    }

    /// May take part in a header run.
    fn short(&self) -> bool {
        *self
            .facts
            .short
            .get_or_init(|| context::header_member(self.trimmed()))
    }
}

/// The pattern verdicts of recently seen short lines, for one session.
///
/// Navigation, footer and share lines, the bulk of what the rules drop, are
/// short and repeat on every page of a scrape; a repeat costs a hash and one
/// compare here instead of a run of the matcher. The verdict depends only on
/// the line's text, so the answer is the same. Direct-mapped and of fixed
/// size: memory stays bounded and slots are reused without allocating.
#[derive(Debug)]
pub struct LineMemo {
    /// (hash, text, verdict) per slot; the text is empty in an unused slot.
    slots: Vec<(u64, String, Option<u16>)>,
    /// The session's automaton caches.
    scratch: Scratch,
}

impl Default for LineMemo {
    fn default() -> Self {
        LineMemo {
            slots: vec![(0, String::new(), None); LineMemo::SLOTS],
            scratch: Scratch::default(),
        }
    }
}

/// The lazy-DFA caches of one session, one per [`AnchoredSet`] (made on first use).
#[derive(Debug, Default)]
struct Scratch {
    re: Option<hybrid::dfa::Cache>,
    broad: Option<hybrid::dfa::Cache>,
    gated: Option<hybrid::dfa::Cache>,
}

/// An anchored multi-pattern matcher over whole-line sources, as a lazy DFA
/// run forward only: the rules need just the pattern of a match, never its
/// start, so no reverse automaton is compiled (a third of the start-up time
/// with `meta::Regex`) and a search is one DFA walk, with no pool to take a
/// cache from.
#[derive(Debug)]
struct AnchoredSet {
    dfa: hybrid::dfa::DFA,
    /// The sources again, for a general matcher should the DFA ever fail
    /// (it cannot with these options: no quit bytes, no giving up).
    srcs: Vec<String>,
    fallback: std::sync::OnceLock<Option<meta::Regex>>,
    /// What `dfa`'s NFA was put together with, freed with it (see [`prebuilt::Kept`]).
    _kept: Option<prebuilt::Kept>,
}

impl AnchoredSet {
    /// The set for `srcs`, where `srcs[i]` is the source of table entry
    /// `entries[i]`: put together from each entry's automaton, compiled at
    /// build time (or here, for a source the build did not compile). `None`
    /// for no sources.
    fn new(srcs: &[&str], entries: &[usize]) -> Option<AnchoredSet> {
        let (nfa, kept) = match AnchoredSet::composed(srcs, entries) {
            Some((nfa, kept)) => (nfa, Some(kept)),
            // (only for a source whose own automaton cannot be composed)
            None => (
                prebuilt::compile_nfa(&parse_all(srcs)).expect("boilerplate patterns compile"),
                None,
            ),
        };
        AnchoredSet::from_nfa(srcs, nfa, kept)
    }

    /// The NFA of `srcs` put together from the entries' automata: the
    /// build's where it compiled these very sources, else compiled here.
    fn composed(
        srcs: &[&str],
        entries: &[usize],
    ) -> Option<(regex_automata::nfa::thompson::NFA, prebuilt::Kept)> {
        let from_build = |k: usize, src: &str| built_entry(k, src).filter(|p| p.present());
        // (a one-entry blob for each source the build did not compile)
        let own: Vec<Option<Vec<u8>>> = entries
            .iter()
            .zip(srcs)
            .map(|(&k, &src)| from_build(k, src).is_none().then(|| prebuilt::compile_piece(src)))
            .collect();
        let parts: Vec<prebuilt::Piece<'_>> = entries
            .iter()
            .zip(srcs)
            .zip(&own)
            .map(|((&k, &src), own)| match own {
                Some(blob) => prebuilt::pieces(blob)?.pop(),
                None => from_build(k, src),
            })
            .collect::<Option<_>>()?;
        prebuilt::compose_keeping(&parts)
    }

    fn from_nfa(
        srcs: &[&str],
        nfa: regex_automata::nfa::thompson::NFA,
        kept: Option<prebuilt::Kept>,
    ) -> Option<AnchoredSet> {
        if srcs.is_empty() {
            return None;
        }
        let dfa = hybrid::dfa::DFA::builder()
            .configure(hybrid::dfa::DFA::config().cache_capacity(16 << 20))
            .build_from_nfa(nfa)
            .expect("boilerplate patterns compile");
        Some(AnchoredSet {
            dfa,
            srcs: srcs.iter().map(|s| s.to_string()).collect(),
            fallback: std::sync::OnceLock::new(),
            _kept: kept,
        })
    }

    /// The index of the first pattern that matches at the start of `core`
    /// (all sources end in `$`: a whole-line match).
    fn first(&self, cache: &mut Option<hybrid::dfa::Cache>, core: &str) -> Option<usize> {
        let cache = cache.get_or_insert_with(|| self.dfa.create_cache());
        let input = Input::new(core).anchored(Anchored::Yes);
        match self.dfa.try_search_fwd(cache, &input) {
            Ok(m) => m.map(|m| m.pattern().as_usize()),
            Err(_) => {
                let srcs: Vec<&str> = self.srcs.iter().map(String::as_str).collect();
                self.fallback
                    .get_or_init(|| meta::Regex::new_many(&srcs).ok())
                    .as_ref()?
                    .search_half(&input)
                    .map(|m| m.pattern().as_usize())
            }
        }
    }
}

/// The main set (the entries that start with a literal): the build's
/// complete DFA when it covers every enabled entry of the set (see
/// [`table`]), else a lazy DFA put together here.
#[derive(Debug)]
enum MainSet {
    /// No entry of the set is enabled.
    Empty,
    /// The build's DFA, read in place, and the rank (global pattern index) of
    /// each of its patterns in this set, `u32::MAX` for one switched off.
    Table(&'static table::Table<'static>, Vec<u32>),
    /// Put together at run time, with the global pattern index of each pattern.
    Lazy(Box<AnchoredSet>, Vec<usize>),
}

impl MainSet {
    /// The set of `srcs`, where `srcs[i]` is the source of table entry
    /// `entries[i]`, global pattern `ids[i]`.
    fn new(srcs: &[&str], entries: &[usize], ids: &[usize]) -> MainSet {
        if srcs.is_empty() {
            return MainSet::Empty;
        }
        if let Some(t) = built_table() {
            let mut rank = vec![u32::MAX; t.patterns.len()];
            let covered = srcs.iter().zip(entries).zip(ids).all(|((&src, &k), &g)| {
                let pid = t.patterns.iter().position(|&(tk, tsrc)| tk == k && tsrc == src);
                match (pid, u32::try_from(g)) {
                    (Some(pid), Ok(g)) => {
                        rank[pid] = g;
                        true
                    }
                    _ => false,
                }
            });
            if covered {
                return MainSet::Table(t, rank);
            }
        }
        match AnchoredSet::new(srcs, entries) {
            Some(set) => MainSet::Lazy(Box::new(set), ids.to_vec()),
            None => MainSet::Empty,
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, MainSet::Empty)
    }

    /// The global index of the first pattern (in rank order) matching all of `core`.
    fn first(&self, cache: &mut Option<hybrid::dfa::Cache>, core: &str) -> Option<usize> {
        match self {
            MainSet::Empty => None,
            MainSet::Table(t, rank) => table::pattern_ids(t.matches(core.as_bytes()))
                .filter_map(|pid| rank.get(pid).copied().filter(|&g| g != u32::MAX))
                .min()
                .map(|g| g as usize),
            MainSet::Lazy(set, ids) => set.first(cache, core).map(|m| ids[m]),
        }
    }
}

/// The main set's DFA as the build wrote it (`None` if it could not).
fn built_table() -> Option<&'static table::Table<'static>> {
    static TABLE: std::sync::OnceLock<Option<table::Table<'static>>> = std::sync::OnceLock::new();
    static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/main_set.dfa"));
    TABLE.get_or_init(|| table::Table::read(BLOB)).as_ref()
}

impl LineMemo {
    /// Longer lines are mostly running text, which does not repeat.
    const MAX_LEN: usize = 64;
    const SLOTS: usize = 1024;

    fn get_or(
        slots: &mut [(u64, String, Option<u16>)],
        text: &str,
        f: impl FnOnce(&str) -> Option<u16>,
    ) -> Option<u16> {
        if slots.is_empty() {
            return f(text); // a memo handed back (see `Rules::recycle`)
        }
        let h = hash(text.as_bytes());
        let slot = &mut slots[(h >> 54) as usize % LineMemo::SLOTS];
        if slot.0 == h && slot.1 == text && !text.is_empty() {
            return slot.2;
        }
        let pat = f(text);
        slot.0 = h;
        slot.1.clear();
        slot.1.push_str(text);
        slot.2 = pat;
        pat
    }
}

/// Table entry `k` as the build compiled it, if it compiled `src` for it.
fn built_entry(k: usize, src: &str) -> Option<prebuilt::Piece<'static>> {
    static PIECES: std::sync::OnceLock<Option<Vec<prebuilt::Piece<'static>>>> = std::sync::OnceLock::new();
    static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/patterns.nfa"));
    let built = PIECES.get_or_init(|| prebuilt::pieces(BLOB));
    built.as_ref()?.get(k).filter(|p| p.src == src).copied()
}

/// The byte gate of table entry `k`, whose source is `src`: as the build
/// worked it out, or worked out here.
fn byte_gate(k: usize, src: &str) -> Option<gate::ByteGate> {
    built_entry(k, src)
        .and_then(|p| p.facts)
        .and_then(gate::ByteGate::decode)
        .unwrap_or_else(|| gate::ByteGate::for_pattern(src))
}

/// The sources parsed as the automaton builders parse them (the default
/// parser of `regex-automata`'s compilers).
fn parse_all(srcs: &[&str]) -> Vec<regex_syntax::hir::Hir> {
    srcs.iter()
        .map(|s| prebuilt::parse(s).expect("boilerplate patterns parse"))
        .collect()
}

/// A fast hash of a short byte string (8 bytes a step).
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^ (h >> 29)
}

/// How many lines of context the driver keeps before the judged line.
pub const LOOKBEHIND: usize = 128;
/// How many lines of context the driver keeps after the judged line.
pub const LOOKAHEAD: usize = 32;

/// What the rules remember about the document so far, beyond the window:
/// its first kept line (the title), whether a kept paragraph of running
/// text has been written, and an index of the kept lines (for copies of
/// whole stretches). All depend only on the kept lines, so a second pass
/// over the output sees the same state at every line.
#[derive(Debug, Clone, Default)]
pub struct DocState {
    title: Option<String>,
    prose_seen: bool,
    /// The last kept non-blank line, trimmed (a reused buffer).
    last: String,
    /// Kept lines so far, for `repeated-block`.
    blocks: blocks::Blocks,
}

impl DocState {
    /// Records a judged line (after its verdict is set).
    pub fn observe(&mut self, line: &Line) {
        if line.blank() {
            return;
        }
        self.blocks.observe(line);
        if line.verdict.is_some() {
            return;
        }
        if self.title.is_none() {
            self.title = Some(line.trimmed().to_owned());
        }
        if !self.prose_seen && line.prose() {
            self.prose_seen = true;
        }
        self.last.clear();
        self.last.push_str(line.trimmed());
    }

    /// The last kept non-blank line, trimmed: the window may no longer hold
    /// it when many dropped lines came since.
    pub fn last_kept(&self) -> &str {
        &self.last
    }

    /// The first kept non-blank line of the document, trimmed.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// True once a kept line of running text has been written.
    pub fn prose_seen(&self) -> bool {
        self.prose_seen
    }
}

/// The judged line in its window.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The window; `lines[..i]` are judged (verdict set), `lines[i+1..]` are not yet judged.
    pub lines: &'a [Line],
    /// The line to judge.
    pub i: usize,
    /// 0-based index of `lines[i]` in the whole document (counting blank lines).
    pub doc_index: u64,
    /// True when `lines[i+1..]` reaches the end of the document.
    pub at_end: bool,
    /// The document before the window's judged lines.
    pub doc: &'a DocState,
}

/// A matcher put together on first use, from its table entries' sources.
#[derive(Debug)]
struct Lazy<T> {
    srcs: Vec<String>,
    /// The [`PATS`] index of each source (where the build's automata are).
    entries: Vec<usize>,
    make: fn(&[&str], &[usize]) -> Option<T>,
    made: std::sync::OnceLock<Option<T>>,
}

impl<T> Lazy<T> {
    fn new(srcs: Vec<&str>, entries: Vec<usize>, make: fn(&[&str], &[usize]) -> Option<T>) -> Lazy<T> {
        Lazy {
            srcs: srcs.into_iter().map(str::to_string).collect(),
            entries,
            make,
            made: std::sync::OnceLock::new(),
        }
    }

    /// No sources: [`Lazy::get`] is `None`.
    fn is_empty(&self) -> bool {
        self.srcs.is_empty()
    }

    /// Whether the matcher has been put together (or is empty).
    fn is_built(&self) -> bool {
        self.is_empty() || self.made.get().is_some()
    }

    /// The matcher, put together now if it is the first call (a thread that
    /// asks meanwhile waits for it).
    fn get(&self) -> Option<&T> {
        self.made
            .get_or_init(|| {
                let srcs: Vec<&str> = self.srcs.iter().map(String::as_str).collect();
                (self.make)(&srcs, &self.entries)
            })
            .as_ref()
    }
}

/// The unanchored search for what follows a gated entry's wildcard
/// (compiled here: it is not one of the table's automata). `None` for no sources.
fn gate_regex(srcs: &[&str], _entries: &[usize]) -> Option<meta::Regex> {
    (!srcs.is_empty()).then(|| {
        meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .utf8_empty(false)
                    .hybrid_cache_capacity(16 << 20)
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
                    .onepass(false)
                    .backtrack(false),
            )
            .build_many(srcs)
            .expect("boilerplate patterns compile")
    })
}

/// Compiled matchers for the enabled rules.
#[derive(Debug)]
pub struct Rules {
    /// One multi-pattern matcher over the enabled table entries that start
    /// with a literal (its automaton dies within a few bytes on prose).
    re: MainSet,
    /// Entries led by a broad class (breadcrumb trails, tickers), each with a
    /// [`gate::ByteGate`]: run only on lines holding one of their rare bytes.
    /// Same verdicts: a line no gate admits cannot match any of them.
    broad: Lazy<AnchoredSet>,
    /// Global pattern index of each `broad` pattern.
    broad_ids: Vec<usize>,
    /// The gates of the `broad` patterns, as one test.
    broad_gates: gate::GateSet,
    /// What `broad_gates` and `gate_words` look for, found in one pass.
    scanner: gate::Scanner,
    /// Entries that start with a wildcard (`.{0,180}(all rights reserved…)`):
    /// their automaton would scan every line to the end, so they only run
    /// after `gate`, an unanchored search for what follows the wildcard,
    /// finds it (a literal prefilter, far faster than the DFA).
    gated: Lazy<AnchoredSet>,
    /// The unanchored search that must find a gated entry's text first.
    gate: Lazy<meta::Regex>,
    /// On a line of ASCII only, `gate` can match only where one of these words
    /// does ([`gate::ascii_words`]): rare words, so this search is much cheaper.
    gate_words: Option<gate::WordGate>,
    /// Global pattern index of each gated pattern.
    gated_ids: Vec<usize>,
    /// The longest core any gated entry can match: longer lines skip the gate search.
    gated_max: usize,
    /// Pattern id → index into [`PATS`].
    pats: Vec<usize>,
    /// Pattern id → longest core (bytes) the pattern may drop.
    max: Vec<usize>,
    /// Memos of ended sessions, for the next ones: a lazy DFA's states are
    /// worth keeping from one file to the next (building them again for every
    /// file of a tree made directory mode five times slower), and a fresh memo
    /// costs more than a short JSONL record.
    /// Each memo is kept with the thread that used it and goes back to that
    /// thread first: its caches are warm in that core's cache.
    spare: crate::spare::Spares<LineMemo>,
    /// Automaton caches for [`Rules::line`] and [`Rules::refresh`], which
    /// have no session memo: a fresh cache per line rebuilt the automaton's
    /// states from nothing each time (4 MB/s in `cargo bench`, against
    /// hundreds with warm caches).
    scratch: crate::spare::Spares<Scratch>,
    /// Which context rules are enabled.
    ctx: context::Enabled,
    /// The user's keep and drop patterns and thresholds.
    user: UserRules,
}

impl Rules {
    /// Compile the rules whose id `enabled` accepts.
    pub fn new(enabled: &dyn Fn(&str) -> bool) -> Rules {
        Rules::with_user(enabled, &UserRules::default())
    }

    /// Compile the rules whose id `enabled` accepts, plus the user's patterns:
    /// a line a keep pattern matches is never dropped; user drop patterns are
    /// checked next, before the built-in rules.
    pub fn with_user(enabled: &dyn Fn(&str) -> bool, user: &UserRules) -> Rules {
        // Any before Top before Edge, so that an unconditional pattern wins.
        let rank = |p: Place| match p {
            Place::Any => 0,
            Place::Top => 1,
            Place::Edge => 2,
        };
        let mut pats: Vec<usize> = (0..PATS.len()).filter(|&k| enabled(PATS[k].rule)).collect();
        pats.sort_by_key(|&k| (rank(PATS[k].place), k));
        let (sources, max): (Vec<String>, Vec<usize>) =
            pats.iter().map(|&k| compile_body(PATS[k].body)).unzip();
        let (gated_ids, re_ids): (Vec<usize>, Vec<usize>) =
            (0..pats.len()).partition(|&g| gate_body(PATS[pats[g]].body).is_some());
        let pick = |ids: &[usize]| ids.iter().map(|&g| sources[g].as_str()).collect::<Vec<_>>();
        let byte_gates: Vec<Option<gate::ByteGate>> =
            re_ids.iter().map(|&g| byte_gate(pats[g], &sources[g])).collect();
        let (mut broad_ids, mut broad_gates, mut plain_ids) = (Vec::new(), Vec::new(), Vec::new());
        for (&g, bg) in re_ids.iter().zip(byte_gates) {
            match bg {
                Some(bg) => {
                    broad_ids.push(g);
                    broad_gates.push(bg);
                }
                None => plain_ids.push(g),
            }
        }
        let re_ids = plain_ids;
        let gates: Vec<String> = gated_ids
            .iter()
            .filter_map(|&g| gate_body(PATS[pats[g]].body))
            .map(|rest| {
                compile_body(&rest)
                    .0
                    .replacen("^(?:", "(?:", 1)
                    .replacen(")$", ")", 1)
            })
            .collect();
        let gate_refs: Vec<&str> = gates.iter().map(|g| g.as_str()).collect();
        // Each set is put together from automata compiled at build time
        // (`prebuilt`), so start-up no longer parses the table.
        let entries = |ids: &[usize]| ids.iter().map(|&g| pats[g]).collect::<Vec<_>>();
        let re = MainSet::new(&pick(&re_ids), &entries(&re_ids), &re_ids);
        // The other matchers are put together when a line first needs them:
        // a short input may need none, and in directory mode a worker builds
        // them while the other cleans, instead of before anyone starts.
        let lazy = |ids: &[usize]| Lazy::new(pick(ids), entries(ids), AnchoredSet::new);
        let broad = lazy(&broad_ids);
        let gated = lazy(&gated_ids);
        let gate = Lazy::new(gate_refs.clone(), Vec::new(), gate_regex);
        let gate_words = gate::ascii_words(&gate_refs)
            .filter(|w| !w.is_empty())
            .and_then(|w| gate::WordGate::new(&w));
        let gated_max = gated_ids.iter().map(|&g| max[g]).max().unwrap_or(0);
        let broad_gates = gate::GateSet::new(&broad_gates);
        Rules {
            scanner: gate::Scanner::new(&broad_gates, gate_words.as_ref()),
            re,
            broad,
            broad_ids,
            broad_gates,
            gated,
            gate,
            gate_words,
            gated_ids,
            gated_max,
            pats,
            max,
            spare: crate::spare::Spares::default(),
            scratch: crate::spare::Spares::default(),
            ctx: context::Enabled::new(enabled),
            user: user.clone(),
        }
    }

    /// Puts together one of the matchers built on first use, if one is
    /// left: `false` when none is. For a caller with time to spare before
    /// the first line (the command line, while it walks directories).
    pub fn prepare_next(&self) -> bool {
        if !self.broad.is_built() {
            self.broad.get();
        } else if !self.gate.is_built() {
            self.gate.get();
        } else if !self.gated.is_built() {
            self.gated.get();
        } else {
            return false;
        }
        true
    }

    /// A line for the window, with its facts worked out (once). Streams
    /// should use [`Rules::line_memo`] with a session's memo.
    pub fn line(&self, text: String) -> Line {
        let mut line = Line {
            text,
            verdict: None,
            facts: Facts::default(),
        };
        self.refresh(&mut line);
        line
    }

    /// The line [`Rules::line`] makes of an empty text, without working it
    /// out (half the lines of most text are empty); `text` is the buffer to
    /// keep it in.
    #[inline]
    pub fn empty_line(&self, text: String) -> Line {
        debug_assert!(text.is_empty());
        Line {
            text,
            verdict: None,
            facts: Facts {
                blank: true,
                ..Facts::default()
            },
        }
    }

    /// The state for a new document: that of [`DocState::default`], with no
    /// index of kept lines kept when `repeated-block` is switched off.
    pub fn doc_state(&self) -> DocState {
        let mut doc = DocState::default();
        doc.blocks.set_off(!self.ctx.block());
        doc
    }

    /// A memo for a new session: one an ended session left (its verdicts
    /// still hold: they depend on nothing but the text), else a fresh one.
    pub fn memo(&self) -> LineMemo {
        self.spare.take().unwrap_or_default()
    }

    /// Keeps an ended session's `memo` (verdicts and automaton caches) for the next session.
    pub fn recycle(&self, memo: &mut LineMemo) {
        let memo = std::mem::replace(
            memo,
            LineMemo {
                slots: Vec::new(),
                scratch: Scratch::default(),
            },
        );
        if memo.slots.is_empty() {
            return;
        }
        self.spare.put(memo);
    }

    /// As [`Rules::line`], remembering the pattern verdicts of short lines in
    /// `memo` (a session's own), so a repeated line skips the matcher.
    pub fn line_memo(&self, text: String, memo: &mut LineMemo) -> Line {
        if text.is_empty() {
            return self.empty_line(text);
        }
        let mut line = Line {
            text,
            verdict: None,
            facts: Facts::default(),
        };
        self.refresh_with(&mut line, Some(memo));
        line
    }

    /// Works out the facts of `line` again, after its text changed.
    pub fn refresh(&self, line: &mut Line) {
        self.refresh_with(line, None);
    }

    fn refresh_with(&self, line: &mut Line, memo: Option<&mut LineMemo>) {
        let text = line.text.as_str();
        let t = text::trim(text);
        let start = t.as_ptr() as usize - text.as_ptr() as usize;
        let blank = t.is_empty();
        // The verdict depends on the trimmed text only (the matcher trims
        // first), so that is what is matched and what the memo is keyed by: a
        // menu entry indented by its depth in the page is one entry, and
        // indentation does not push a short line past the memo's limit.
        // No pattern enabled (`--preset ftfy`, `--skip strip`): nothing to look up.
        let matching = !blank && self.has_patterns();
        // The matcher and the navigation test both start from the core, so a
        // line the matcher looks at gets its navigation fact from the same core
        // when no pattern matched (when one did, the fact is seldom asked for,
        // and a line the memo answers is not worth a core of its own).
        let mut seen_core = None;
        // (`t` itself, not the memo's copy of it: the core borrows from the line)
        let mut matched = |_: &str, scratch: &mut Scratch| {
            let core = text::core(t);
            seen_core = Some(core);
            self.matched_pat(t, core, scratch)
        };
        let pat = match memo {
            _ if !matching => None,
            Some(memo) if t.len() <= LineMemo::MAX_LEN => {
                let LineMemo { slots, scratch } = memo;
                LineMemo::get_or(slots, t, |t| matched(t, scratch))
            }
            Some(memo) => matched(t, &mut memo.scratch),
            None => {
                let mut scratch = self.scratch.take().unwrap_or_default();
                let pat = matched(t, &mut scratch);
                self.scratch.put(scratch);
                pat
            }
        };
        line.facts = Facts {
            blank,
            trimmed: match (u32::try_from(start), u32::try_from(start + t.len())) {
                (Ok(s), Ok(e)) => (s, e),
                _ => (u32::MAX, 0),
            },
            pat,
            ..Facts::default()
        };
        if let (Some(core), None) = (seen_core, pat) {
            let _ = line.facts.nav.set(context::nav_member_core(t, core));
        }
    }

    /// Whether any table entry is enabled.
    fn has_patterns(&self) -> bool {
        !self.re.is_empty() || !self.gated.is_empty() || !self.broad.is_empty()
    }

    /// [`Rules::matched_index`] as a table index; `core` is `text::core(text)`.
    fn matched_pat(&self, text: &str, core: &str, scratch: &mut Scratch) -> Option<u16> {
        self.matched_index(text, core, scratch)
            .and_then(|k| u16::try_from(k).ok())
    }

    /// Index into [`PATS`] of the entry matching the whole of `text`, whose
    /// [`text::core`] is `core`.
    fn matched_index(&self, text: &str, core: &str, scratch: &mut Scratch) -> Option<usize> {
        if !self.has_patterns() {
            return None;
        }
        // Each check only rules a match out, so the cheapest (and most often
        // decisive: long running text) goes first.
        debug_assert_eq!(core, text::core(text));
        if core.is_empty() || core.len() > patterns::MAX_LINE_BYTES {
            return None;
        }
        if self.user.keeps_line(text) {
            return None;
        }
        let t = text::trim(text);
        if t.len() > 2 && t.starts_with('|') && t.ends_with('|') {
            return None; // a table row is content
        }
        // One pass over the core answers what the gates ask (see `gate::Scanner`).
        let found = self.scanner.scan(core.as_bytes());
        let ascii = found.is_ascii();
        let main = self.re.first(&mut scratch.re, core);
        // The first matching entry over both sets, as one matcher over all would find.
        let broad = if !self.broad.is_empty() && self.broad_gates.admits_scanned(found, core.as_bytes()) {
            let re = self.broad.get();
            re.and_then(|re| re.first(&mut scratch.broad, core))
                .map(|m| self.broad_ids[m])
        } else {
            None
        };
        let main = match (main, broad) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // A gated entry can only win over a main one ranked after it.
        let gated = if !self.gated.is_empty()
            && core.len() <= self.gated_max
            && main.is_none_or(|g| self.gated_ids.first().is_some_and(|&f| f < g))
        {
            let possible = match &self.gate_words {
                Some(words) if ascii => words.admits_scanned(found, core.as_bytes()),
                _ => true,
            };
            if possible && self.gate.get().is_some_and(|gate| gate.is_match(core)) {
                let re = self.gated.get();
                re.and_then(|re| re.first(&mut scratch.gated, core))
                    .map(|m| self.gated_ids[m])
            } else {
                None
            }
        } else {
            None
        };
        let k = match (main, gated) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        (core.len() <= self.max[k]).then(|| self.pats[k])
    }

    /// Verdict for `ctx.lines[ctx.i]`: None = keep, Some(rule id) = drop.
    /// Does not allocate.
    pub fn judge(&self, ctx: &Ctx) -> Option<&'static str> {
        let line = &ctx.lines[ctx.i];
        let text = line.trimmed();
        if text.is_empty() || self.user.keeps_line(text) {
            return None;
        }
        if let Some(id) = self.user.drop_id(text) {
            return Some(id);
        }
        if let Some(pat) = line.pat() {
            let fire = match pat.place {
                Place::Any => true,
                Place::Top => !ctx.doc.prose_seen(),
                Place::Edge => context::edge_ok(self, ctx),
            };
            if fire {
                return Some(pat.rule);
            }
        }
        context::judge(self, ctx)
    }
}

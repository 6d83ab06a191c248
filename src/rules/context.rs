//! Rules that need the neighbouring lines: position (top/bottom block versus
//! the middle of the text), consecutive duplicates, repeated titles,
//! navigation runs and injected related-article headlines.
//!
//! Every context rule is written so that its verdicts are idempotent: a line it
//! keeps would also be kept once the dropped lines are gone. Lines that were
//! dropped count *for* a drop (they are members of a run, or "junk next
//! door"), never as the reason to keep something, and the prose lines that
//! make a line "middle of the text" are kept lines, so they are still there on
//! a second pass.

use super::text::{core, ends_sentence, has_alnum, is_navish_core, is_prose, trim, words_upto};
use super::{Ctx, Line, Rules};
use crate::rules::patterns::Place;

/// How many non-blank lines either side are searched for prose when deciding
/// whether a line sits in the top/bottom block or in the middle of the text.
pub const PROSE_RADIUS: usize = 10;

/// Default minimum run of navigation-sized lines for `nav-run` (tunable), when the run holds at
/// least [`NAV_RUN_SIGNALS`] lines that are known boilerplate.
pub const NAV_RUN_MIN: usize = 4;
/// Known boilerplate lines a navigation run must hold.
pub const NAV_RUN_SIGNALS: usize = 2;

/// Default minimum run of short lines above the first paragraph for `header-run` (tunable).
/// Two short lines are a title and a dateline as often as a menu.
pub const HEADER_RUN_MIN: usize = 3;
/// Known boilerplate lines (any pattern of the table, or dropped) a header run must hold.
pub const HEADER_RUN_SIGNALS: usize = 2;

/// Which context rules are enabled.
#[derive(Debug, Clone, Copy)]
pub struct Enabled {
    dup: bool,
    block: bool,
    title: bool,
    nav_run: bool,
    header_run: bool,
    headline: bool,
}

impl Enabled {
    /// Whether `repeated-block` runs (its index is only kept if so).
    pub fn block(&self) -> bool {
        self.block
    }

    /// Ask `enabled` about every context rule.
    pub fn new(enabled: &dyn Fn(&str) -> bool) -> Enabled {
        Enabled {
            dup: enabled("duplicate-line"),
            block: enabled(super::blocks::RULE),
            title: enabled("repeated-title"),
            nav_run: enabled("nav-run"),
            header_run: enabled("header-run"),
            headline: enabled("related-headline"),
        }
    }
}

fn blank(l: &Line) -> bool {
    l.blank()
}

/// Non-blank lines before the judged one, nearest first.
fn before<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a Line> {
    ctx.lines[..ctx.i].iter().rev().filter(|l| !blank(l))
}

/// Non-blank lines after the judged one, nearest first.
fn after<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a Line> {
    ctx.lines[ctx.i + 1..].iter().filter(|l| !blank(l))
}

/// True when `text` matches an unconditional (`Any`) pattern, so it is
/// certainly dropped when its turn comes.
fn certain_junk(l: &Line) -> bool {
    l.pat().is_some_and(|p| p.place == Place::Any)
}

/// A kept prose line among the `radius` non-blank lines before the judged one.
pub fn prose_before(_rules: &Rules, ctx: &Ctx, radius: usize) -> bool {
    before(ctx).take(radius).any(|l| l.verdict.is_none() && l.prose())
}

/// A prose line (that no pattern drops) among the `radius` non-blank lines after.
pub fn prose_after(_rules: &Rules, ctx: &Ctx, radius: usize) -> bool {
    after(ctx)
        .take(radius)
        .any(|l| l.prose() && l.facts.pat.is_none())
}

/// May an `Edge` pattern fire here? Yes in the top or bottom block (no prose
/// on one side), or right next to other boilerplate.
pub fn edge_ok(rules: &Rules, ctx: &Ctx) -> bool {
    if before(ctx).next().is_some_and(|l| l.verdict.is_some()) {
        return true;
    }
    if after(ctx).next().is_some_and(certain_junk) {
        return true;
    }
    !prose_before(rules, ctx, PROSE_RADIUS) || !prose_after(rules, ctx, PROSE_RADIUS)
}

/// The context rules, in order.
pub fn judge(rules: &Rules, ctx: &Ctx) -> Option<&'static str> {
    let en = rules.ctx;
    let text = ctx.lines[ctx.i].trimmed();
    if !has_alnum(text) {
        return None;
    }
    if en.title && repeated_title(rules, ctx, text) {
        return Some("repeated-title");
    }
    if en.dup && duplicate(rules, ctx, text) {
        return Some("duplicate-line");
    }
    if en.block
        && ctx
            .doc
            .blocks
            .drops(&ctx.lines[ctx.i], rules.user.tunables().block_min_bytes)
    {
        return Some(super::blocks::RULE);
    }
    if en.nav_run && nav_run(rules, ctx, text) {
        return Some("nav-run");
    }
    if en.header_run && header_run(rules, ctx, text) {
        return Some("header-run");
    }
    if en.headline && related_headline(rules, ctx, text) {
        return Some("related-headline");
    }
    None
}

/// The nearest kept non-blank line before is the same line.
fn duplicate(rules: &Rules, ctx: &Ctx, text: &str) -> bool {
    // The comparison first: it almost always fails at once, the word count does not.
    let min = rules.user.tunables().duplicate_min_words;
    ctx.doc.last_kept() == text && words_upto(text, min) >= min
}

/// Before the first prose line, a later copy of the first kept line of the
/// document (its title).
fn repeated_title(_rules: &Rules, ctx: &Ctx, text: &str) -> bool {
    if ctx.doc.prose_seen() || text.len() > 300 || ctx.doc.title() != Some(text) {
        return false;
    }
    words_upto(text, 2) >= 2 && !is_prose(text)
}

/// A navigation-sized line that may take part in a run: not a dateline or
/// byline (digits, "By …"), not a list of several words with commas.
pub(super) fn nav_member(text: &str) -> bool {
    nav_member_core(text, core(text))
}

/// [`nav_member`], given the [`core`] of `text`.
pub(super) fn nav_member_core(text: &str, c: &str) -> bool {
    if !is_navish_core(text, c) {
        return false;
    }
    !(c.bytes().any(|b| b.is_ascii_digit())
        || c.starts_with("By ")
        || c.starts_with("by ")
        || memchr::memchr(b',', text.as_bytes()).is_some())
}

/// A run of navigation-sized lines holding several known boilerplate lines.
fn nav_run(rules: &Rules, ctx: &Ctx, _text: &str) -> bool {
    // Through the line's cache: the answer is asked again when it is a neighbour.
    if !ctx.lines[ctx.i].nav() {
        return false;
    }
    let mut count = 1usize;
    let mut signals = 0usize;
    for l in ctx.lines[..ctx.i].iter().rev() {
        if blank(l) {
            continue;
        }
        if l.verdict.is_some() {
            signals += 1;
        } else if l.nav() {
            if l.facts.pat.is_some() {
                signals += 1;
            }
        } else {
            break;
        }
        count += 1;
    }
    for l in &ctx.lines[ctx.i + 1..] {
        if blank(l) {
            continue;
        }
        let m = l.pat();
        if m.is_some_and(|p| p.place == Place::Any) {
            signals += 1;
        } else if l.nav() {
            if m.is_some() {
                signals += 1;
            }
        } else {
            break;
        }
        count += 1;
    }
    count >= rules.user.tunables().nav_run_min_lines && signals >= NAV_RUN_SIGNALS
}

/// A short line that may take part in a header run: up to five words (CJK:
/// ten characters), no end punctuation, and none of what marks content in a
/// list (digits, commas, a byline, a web address).
pub(super) fn header_member(text: &str) -> bool {
    let c = core(text);
    if c.is_empty() || c.len() > 80 || ends_sentence(trim(text)) || words_upto(c, 6) > 5 {
        return false;
    }
    !(c.bytes().any(|b| b.is_ascii_digit() || b == b',')
        || c.contains('，')
        || c.starts_with("By ")
        || c.starts_with("by ")
        || c.contains("://")
        || c.contains("www."))
}

/// Before the first paragraph of the document, a run of short lines that
/// holds at least two known boilerplate lines: a menu. A list of short lines
/// with one such word or none (a word list that ends in "Search") is content.
///
/// Lines that match a pattern of the table, or were dropped, are labels and
/// are see-through: they neither count as members nor end the run, whatever
/// their verdict. So the members of a run (and the verdict) are the same on a
/// second pass, where the dropped lines are gone.
fn header_run(rules: &Rules, ctx: &Ctx, _text: &str) -> bool {
    let me = &ctx.lines[ctx.i];
    if ctx.doc.prose_seen() || me.facts.pat.is_some() || !me.short() {
        return false;
    }
    let mut count = 1usize;
    let mut signals = 0usize;
    let min = rules.user.tunables().header_run_min_lines;
    let done = |count: usize, signals: usize| count >= min && signals >= HEADER_RUN_SIGNALS;
    for l in before(ctx) {
        if done(count, signals) {
            return true;
        }
        if l.verdict.is_some() || l.facts.pat.is_some() {
            signals += 1;
        } else if l.short() {
            count += 1;
        } else {
            break;
        }
    }
    for l in after(ctx) {
        if done(count, signals) {
            return true;
        }
        if l.facts.pat.is_some() {
            signals += 1;
        } else if l.short() {
            count += 1;
        } else {
            break;
        }
    }
    done(count, signals)
}

/// A long headline-style line (every word capitalised, a semicolon inside, no colon, no numbering) between two prose paragraphs: the headline
/// of another article injected into the text.
fn related_headline(_rules: &Rules, ctx: &Ctx, text: &str) -> bool {
    if text.len() > 200
        || ends_sentence(text)
        || memchr::memchr(b';', text.as_bytes()).is_none()
        || memchr::memchr2(b':', b'|', text.as_bytes()).is_some()
        || text.contains(|c: char| c.is_ascii_digit())
        || !(8..=24).contains(&words_upto(text, 25))
    {
        return false;
    }
    let all_caps = text.split_whitespace().all(|w| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .is_none_or(|c| c.is_uppercase() || c.is_numeric())
    });
    if !all_caps {
        return false;
    }
    // Neighbours are the lines that stay: dropped lines before, and every line
    // a pattern matches after, are skipped, so that a second pass over the
    // output (where some of them are gone) reaches the same verdict. Whether a
    // position-dependent (edge) pattern fires after this line is not known yet,
    // so such lines are skipped whatever their verdict turns out to be.
    let prev_prose = before(ctx)
        .find(|l| l.verdict.is_none())
        .is_some_and(|l| l.prose());
    // Short and navigation-sized lines are skipped too: a run rule may drop
    // them after this verdict (found by fuzzing: a menu between the headline
    // and the next paragraph, gone on a second pass).
    let next_prose = after(ctx)
        .find(|l| l.facts.pat.is_none() && !l.nav() && !l.short())
        .is_some_and(|l| l.prose());
    prev_prose && next_prose
}

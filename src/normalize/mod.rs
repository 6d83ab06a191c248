//! Per-line normalization: control and invisible characters, NFC, trailing
//! whitespace. Each function borrows when nothing changes; the checks run on
//! bytes first, so clean ASCII costs one scan.

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;

/// Whether `c` is a control character to remove (all but tab; line breaks never reach here).
#[inline]
fn is_removed_control(c: char) -> bool {
    (c.is_control() && c != '\t') || c == '\u{2028}' || c == '\u{2029}'
}

/// Whether `c` is an invisible character to remove. ZWJ and ZWNJ stay: emoji
/// sequences and Persian or Indic spelling depend on them.
#[inline]
fn is_removed_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn remove_chars(line: &str, pred: impl Fn(char) -> bool) -> Cow<'_, str> {
    match line.char_indices().find(|&(_, c)| pred(c)) {
        None => Cow::Borrowed(line),
        Some((i, _)) => {
            let mut out = String::with_capacity(line.len());
            out.push_str(&line[..i]);
            out.extend(line[i..].chars().filter(|&c| !pred(c)));
            Cow::Owned(out)
        }
    }
}

/// Whether `b` holds a C0 control other than tab, or DEL (single bytes).
fn has_c0(b: &[u8]) -> bool {
    !crate::rules::text::no_byte(b, |x| ((x < 0x20) & (x != b'\t')) | (x == 0x7F))
}

/// Whether the lead byte at `b[i]` starts a C1 control (C2 80..9F) or
/// U+2028/9 (E2 80 A8/A9), which [`remove_controls`] removes.
fn control_at(b: &[u8], i: usize) -> bool {
    matches!(
        (b[i], b.get(i + 1), b.get(i + 2)),
        (0xC2, Some(0x80..=0x9F), _) | (0xE2, Some(0x80), Some(0xA8 | 0xA9))
    )
}

/// Whether the lead byte at `b[i]` starts U+200B (E2 80 8B), U+2060
/// (E2 81 A0) or U+FEFF (EF BB BF), which [`remove_invisible`] removes.
fn invisible_at(b: &[u8], i: usize) -> bool {
    matches!(
        (b[i], b.get(i + 1), b.get(i + 2)),
        (0xE2, Some(0x80), Some(0x8B)) | (0xE2, Some(0x81), Some(0xA0)) | (0xEF, Some(0xBB), Some(0xBF))
    )
}

/// Removes control characters other than tab (C0, DEL, C1, and the Unicode
/// line/paragraph separators, which would otherwise split lines downstream).
pub fn remove_controls(line: &str) -> Cow<'_, str> {
    let b = line.as_bytes();
    if !has_c0(b) && !memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| control_at(b, i)) {
        return Cow::Borrowed(line);
    }
    remove_controls_slow(line)
}

/// Removes controls, and ANSI terminal escape sequences whole (`ESC [ 0 m`),
/// which would otherwise leave `[0m` behind.
#[inline(never)]
fn remove_controls_slow(line: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.char_indices().peekable();
    let mut changed = false;
    while let Some((i, c)) = chars.next() {
        if c == '\u{1b}' && line[i + 1..].starts_with('[') {
            // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
            let rest = &line.as_bytes()[i + 2..];
            let params = rest.iter().take_while(|b| (0x20..=0x3F).contains(*b)).count();
            if rest.get(params).is_some_and(|b| (0x40..=0x7E).contains(b)) {
                let end = i + 2 + params + 1;
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                changed = true;
                continue;
            }
        }
        if is_removed_control(c) {
            changed = true;
        } else {
            out.push(c);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(line)
    }
}

/// Straight quotes for curly ones (`‘’‚‛′` → `'`, `“”„‟″` → `"`), as ftfy's `uncurl_quotes`.
pub fn uncurl_quotes(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    map_chars(line, |c| match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Some('"'),
        _ => None,
    })
}

/// Latin ligatures (U+FB00–U+FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) spelled out, as ftfy's `fix_latin_ligatures`.
pub fn ligatures(line: &str) -> Cow<'_, str> {
    if line.is_ascii() || !line.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 4);
    for c in line.chars() {
        match c {
            '\u{FB00}'..='\u{FB06}' => out.push_str(&NFKC.normalize(c.encode_utf8(&mut [0; 4]))),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Fullwidth and halfwidth forms (U+FF01–U+FFEE) and the ideographic space to
/// their usual width, as ftfy's `fix_character_width`.
pub fn fullwidth(line: &str) -> Cow<'_, str> {
    if line.is_ascii()
        || !line
            .chars()
            .any(|c| c == '\u{3000}' || ('\u{FF01}'..='\u{FFEE}').contains(&c))
    {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{3000}' => out.push(' '),
            '\u{FF01}'..='\u{FFEE}' => out.push_str(&NFKC.normalize(c.encode_utf8(&mut [0; 4]))),
            _ => out.push(c),
        }
    }
    // Halfwidth katakana with voicing marks compose only when normalized together.
    match nfc(&out) {
        Cow::Owned(composed) => Cow::Owned(composed),
        Cow::Borrowed(_) => Cow::Owned(out),
    }
}

/// Normalizes to NFKC (compatibility forms folded; off by default: it changes meaning, e.g. `x²` → `x2`).
pub fn nfkc(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    NFKC.normalize(line)
}

fn map_chars(line: &str, f: impl Fn(char) -> Option<char>) -> Cow<'_, str> {
    match line.char_indices().find(|&(_, c)| f(c).is_some()) {
        None => Cow::Borrowed(line),
        Some((i, _)) => {
            let mut out = String::with_capacity(line.len());
            out.push_str(&line[..i]);
            out.extend(line[i..].chars().map(|c| f(c).unwrap_or(c)));
            Cow::Owned(out)
        }
    }
}

const NFKC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfkc();

/// Removes zero-width spaces, word joiners and stray byte-order marks.
/// Whether [`remove_controls`] or [`remove_invisible`] may find something to
/// remove in `line`: when not, neither needs to run. One pass for both:
/// each alone stops at every E2 byte of a line, and curly quotes put some
/// in most non-ASCII lines.
pub fn may_hold_removable(line: &str) -> bool {
    let b = line.as_bytes();
    has_c0(b) || memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(|i| control_at(b, i) || invisible_at(b, i))
}

pub fn remove_invisible(line: &str) -> Cow<'_, str> {
    let b = line.as_bytes();
    if !memchr::memchr2_iter(0xE2, 0xEF, b).any(|i| invisible_at(b, i)) {
        return Cow::Borrowed(line);
    }
    remove_chars(line, is_removed_invisible)
}

/// Normalizes to NFC; borrows when the line is already normalized.
pub fn nfc(line: &str) -> Cow<'_, str> {
    if nfc_stable(line.as_bytes()) {
        return Cow::Borrowed(line);
    }
    const NFC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfc();
    NFC.normalize(line)
}

/// Whether NFC leaves the UTF-8 text `bytes` as it is, judged by its bytes
/// alone: below U+0300 (lead bytes under 0xCC) nothing combines or
/// decomposes, and neither does anything from U+2002 to U+20BF (E2 80 82 to
/// E2 82 BF: the dashes, curly quotes, ellipsis and currency signs of most
/// non-ASCII lines of Latin text; U+2000 and U+2001 decompose). A test holds
/// both ranges to the normalizer, char by char and in pairs.
fn nfc_stable(bytes: &[u8]) -> bool {
    use crate::rules::text::no_byte;
    // (most non-ASCII lines of Latin text: one pass, no E2 search)
    if no_byte(bytes, |b| b >= 0xCC) {
        return true;
    }
    no_byte(bytes, |b| (b >= 0xCC) & (b != 0xE2))
        && memchr::memchr_iter(0xE2, bytes).all(|i| match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(&c)) => c >= 0x82,
            (Some(0x81 | 0x82), Some(_)) => true,
            _ => false,
        })
}

/// The line without trailing whitespace.
pub fn trim_end(line: &str) -> &str {
    match line.as_bytes().last() {
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() => line,
        _ => line.trim_end(),
    }
}

/// Whether a line is blank (empty or whitespace only).
pub fn is_blank(line: &str) -> bool {
    line.trim_start().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn what_may_hold_nothing_removable_is_left_alone(
            s in "[a \t\u{0}\u{1b}\\[\u{7f}\u{85}\u{9f}\u{a0}é\u{2028}\u{2029}\u{200b}\u{200c}\u{2060}\u{2061}\u{feff}\u{fefe}“”—]{0,24}"
        ) {
            let removes = matches!(remove_controls(&s), Cow::Owned(_))
                || matches!(remove_invisible(&s), Cow::Owned(_));
            proptest::prop_assert!(!removes || may_hold_removable(&s), "{:?}", s);
        }
    }

    #[test]
    fn text_judged_nfc_stable_is_nfc() {
        const NFC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfc();
        let punct = || (0x2002..=0x20BFu32).filter_map(char::from_u32);
        let low = || (0x20..0x300u32).filter_map(char::from_u32);
        let mut s = String::new();
        for c in punct() {
            for b in low().chain(punct()) {
                for (x, y) in [(b, c), (c, b)] {
                    s.clear();
                    s.extend([x, y]);
                    assert!(nfc_stable(s.as_bytes()), "{s:?}");
                    assert!(
                        NFC.is_normalized(&s),
                        "{s:?} U+{:04X} U+{:04X}",
                        x as u32,
                        y as u32
                    );
                }
            }
        }
        // Just outside: U+2000 and U+2001 decompose, U+20D0 on combine.
        for c in [
            '\u{2000}', '\u{2001}', '\u{20D0}', '\u{20C0}', '\u{0300}', 'ω', 'Ж', '日',
        ] {
            s.clear();
            s.extend(['e', c]);
            assert!(!nfc_stable(s.as_bytes()), "{s:?}");
        }
        assert!(!NFC.is_normalized("\u{2000}") && !NFC.is_normalized("\u{2001}"));
    }

    #[test]
    fn controls() {
        assert_eq!(remove_controls("a\u{0}b\u{7f}c\u{85}d\te\u{2028}"), "abcd\te");
        assert!(matches!(
            remove_controls("plain text, é ü “quotes”"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn terminal_escapes_go_whole() {
        assert_eq!(remove_controls("\u{1b}[1;31mred\u{1b}[0m text"), "red text");
        assert_eq!(remove_controls("lone \u{1b} escape"), "lone  escape");
    }

    #[test]
    fn ftfy_style_options() {
        assert_eq!(uncurl_quotes("“Hi” it’s ‘me’"), "\"Hi\" it's 'me'");
        assert_eq!(ligatures("ﬁnal ﬂow ﬃ"), "final flow ffi");
        assert_eq!(fullwidth("ＡＢＣ１２３！\u{3000}ｶﾞ"), "ABC123! ガ");
        assert_eq!(nfkc("x² ﬁ"), "x2 fi");
        for s in ["plain", "Çavuşoğlu “kept”", "日本語"] {
            assert!(matches!(ligatures(s), Cow::Borrowed(_)) && matches!(fullwidth(s), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn invisible() {
        assert_eq!(remove_invisible("pass\u{200b}word\u{feff}"), "password");
        let family = "👨\u{200d}👩\u{200d}👧 می\u{200c}خواهم";
        assert_eq!(remove_invisible(family), family);
    }

    #[test]
    fn nfc_composes_and_borrows_when_clean() {
        assert_eq!(nfc("e\u{301}te\u{301}"), "été");
        assert!(matches!(nfc("été Çavuşoğlu Привет 日本語"), Cow::Borrowed(_)));
    }

    #[test]
    fn trims_and_blank() {
        assert_eq!(trim_end("a b \t\u{a0}"), "a b");
        assert_eq!(trim_end("abc"), "abc");
        assert!(is_blank("") && is_blank(" \t") && is_blank("\u{3000}") && !is_blank(" x"));
    }
}

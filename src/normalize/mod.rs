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

/// Removes control characters other than tab (C0, DEL, C1, and the Unicode
/// line/paragraph separators, which would otherwise split lines downstream).
pub fn remove_controls(line: &str) -> Cow<'_, str> {
    let b = line.as_bytes();
    // Fast path: C0/DEL are single bytes; C1 and U+2028/9 need a 0xC2 or 0xE2 lead byte.
    if !b
        .iter()
        .any(|&x| (x < 0x20 && x != b'\t') || x == 0x7F || x == 0xC2 || x == 0xE2)
    {
        return Cow::Borrowed(line);
    }
    remove_chars(line, is_removed_control)
}

/// Removes zero-width spaces, word joiners and stray byte-order marks.
pub fn remove_invisible(line: &str) -> Cow<'_, str> {
    if line.is_ascii() || !line.as_bytes().iter().any(|&x| x == 0xE2 || x == 0xEF) {
        return Cow::Borrowed(line);
    }
    remove_chars(line, is_removed_invisible)
}

/// Normalizes to NFC; borrows when the line is already normalized.
pub fn nfc(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    const NFC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfc();
    NFC.normalize(line)
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

    #[test]
    fn controls() {
        assert_eq!(remove_controls("a\u{0}b\u{7f}c\u{85}d\te\u{2028}"), "abcd\te");
        assert!(matches!(
            remove_controls("plain text, é ü “quotes”"),
            Cow::Borrowed(_)
        ));
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

//! Cheap, allocation-free helpers that look at one line: the "core" of a line
//! (bullets, arrows, pipes and trailing punctuation trimmed), word counts that
//! treat CJK characters sensibly, end punctuation and "is this prose?".

/// Characters that may open a line as a list bullet, arrow or separator.
fn is_lead_mark(c: char) -> bool {
    matches!(
        c,
        'o' | '*'
            | '+'
            | '-'
            | '•'
            | '◦'
            | '▪'
            | '▫'
            | '■'
            | '□'
            | '●'
            | '○'
            | '·'
            | '–'
            | '—'
            | '>'
            | '»'
            | '›'
            | '→'
            | '⇒'
            | '➔'
            | '➜'
            | '▶'
            | '►'
            | '▸'
            | '|'
            | '#'
            | '✓'
            | '✔'
    )
}

/// Characters trimmed from the end of a line before whole-line matching.
fn is_trail_mark(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ':'
                | '!'
                | '?'
                | '|'
                | '»'
                | '›'
                | '>'
                | '→'
                | '…'
                | '-'
                | '–'
                | '—'
                | '*'
                | '·'
                | '•'
                | ','
                | ';'
                | '。'
                | '！'
                | '？'
                | '：'
                | '⟶'
                | '➔'
                | '➜'
                | '▶'
                | '►'
                | '▸'
                | '↓'
                | '↗'
                | '⌄'
                | '∨'
                | '×'
                | '✕'
                | '✖'
        )
}

/// `str::trim`, answered from the two end bytes when both are printable ASCII
/// (never whitespace): the usual case, and the library's version decodes and
/// classifies characters from both ends even then.
#[inline]
pub fn trim(s: &str) -> &str {
    #[inline(always)]
    fn solid(b: u8) -> bool {
        b > b' ' && b < 0x80
    }
    match s.as_bytes() {
        [first, .., last] if solid(*first) && solid(*last) => s,
        [only] if solid(*only) => s,
        // Every other line of a text is empty (the blank line between paragraphs).
        [] => s,
        _ => trim_slow(s),
    }
}

/// The rest of [`trim`]: ASCII whitespace is stripped a byte at a time (page
/// scrapes indent lines by dozens of spaces, which the library's version
/// decodes and classifies one character at a time), and only an end that is
/// then non-ASCII (perhaps a no-break space) goes to `str::trim`.
#[inline(never)]
fn trim_slow(s: &str) -> &str {
    // The ASCII characters with the White_Space property: tab, LF, VT, FF, CR, space.
    let (start, end) = trim_bounds(s.as_bytes(), |b| matches!(b, b'\t'..=b'\r' | b' '));
    // Both cuts are next to ASCII bytes, so they fall on character boundaries.
    let t = &s[start..end];
    match t.as_bytes() {
        [] => t,
        [first, .., last] if *first < 0x80 && *last < 0x80 => t,
        [only] if *only < 0x80 => t,
        _ => t.trim(),
    }
}

/// The line with leading bullets/arrows/pipes and trailing punctuation removed.
///
/// A leading `-`, `+` or `*` is only taken as a bullet when it is followed by
/// whitespace (so `-0.95` stays intact).
pub fn core(text: &str) -> &str {
    let mut s = trim(text);
    loop {
        let mut chars = s.chars();
        let Some(c) = chars.next() else { break };
        if !is_lead_mark(c) {
            break;
        }
        let rest = chars.as_str();
        if c == 'o' {
            // inscriptis' third-level bullet: "o item"
            if rest.starts_with(' ') && rest.len() > 1 {
                s = rest.trim_start();
                continue;
            }
            break;
        }
        let ascii_sign = matches!(c, '-' | '+' | '*' | '#' | '>');
        if ascii_sign && !(rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with(c)) {
            break;
        }
        s = rest.trim_start();
    }
    trim_trail_marks(s)
}

/// The ASCII characters [`is_trail_mark`] accepts, as a byte test.
#[inline(always)]
fn is_ascii_trail_mark(b: u8) -> bool {
    matches!(
        b,
        b'\t'..=b'\r' | b' ' | b'.' | b':' | b'!' | b'?' | b'|' | b'>' | b'-' | b'*' | b',' | b';'
    )
}

/// `s.trim_end_matches(is_trail_mark)`, a byte at a time while the end is
/// ASCII (a line of prose ends in a letter and a full stop: two bytes looked
/// at instead of two characters decoded and matched against the whole list).
#[inline]
fn trim_trail_marks(s: &str) -> &str {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] < 0x80 {
        if !is_ascii_trail_mark(b[end - 1]) {
            // An ASCII byte ends a character: `end` is a boundary.
            return &s[..end];
        }
        end -= 1;
    }
    s[..end].trim_end_matches(is_trail_mark)
}

/// `str::is_ascii`, by [`no_byte`] (the library's version showed in profiles
/// on lines of a hundred bytes, and so did a loop over `chunks(32)`).
#[inline]
pub fn is_ascii(s: &str) -> bool {
    no_byte(s.as_bytes(), |b| b >= 0x80)
}

/// Whether no byte of `bytes` is `bad`. A branch-free OR over 32-byte blocks,
/// which the compiler turns into SIMD compares when `bad` is a few compares,
/// with one early exit per block; the tail is covered by the last block (or
/// 8-byte word) read again in place: copying it into a padded buffer first
/// stalled the wide loads (store forwarding).
///
/// On x86-64 CPUs with AVX2 (found at run time), lines of 64 bytes and more
/// take the same loop compiled for 32-byte registers: half the instructions
/// of the SSE2 code every x86-64 CPU can run.
#[inline(always)]
pub fn no_byte(bytes: &[u8], bad: impl Fn(u8) -> bool + Copy) -> bool {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 64 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { no_byte_avx2(bytes, bad) };
    }
    no_byte_in(bytes, bad)
}

/// [`no_byte`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn no_byte_avx2(bytes: &[u8], bad: impl Fn(u8) -> bool + Copy) -> bool {
    no_byte_in(bytes, bad)
}

/// The loop of [`no_byte`].
#[inline(always)]
fn no_byte_in(bytes: &[u8], bad: impl Fn(u8) -> bool + Copy) -> bool {
    let block_bad = |block: &[u8]| block.iter().fold(false, |acc, &b| acc | bad(b));
    if bytes.len() >= 32 {
        let mut blocks = bytes.chunks_exact(32);
        if blocks.by_ref().any(block_bad) {
            return false;
        }
        return blocks.remainder().is_empty() || !block_bad(&bytes[bytes.len() - 32..]);
    }
    let mut words = bytes.chunks_exact(8);
    if words.by_ref().any(block_bad) {
        return false;
    }
    let rest = words.remainder();
    if bytes.len() >= 8 {
        return rest.is_empty() || !block_bad(&bytes[bytes.len() - 8..]);
    }
    !rest.iter().any(|&b| bad(b))
}

/// True for Han, kana, hangul and similar scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// `<[u8]>::trim_ascii`, skipping eight spaces a step first: page scrapes
/// indent lines by dozens of spaces, which the library's version looks at
/// one at a time.
pub fn trim_ascii(b: &[u8]) -> &[u8] {
    if let [first, .., last] = b
        && !first.is_ascii_whitespace()
        && !last.is_ascii_whitespace()
    {
        return b; // the usual case: nothing to trim
    }
    let (start, end) = trim_bounds(b, |c| c.is_ascii_whitespace());
    &b[start..end]
}

/// Where `b` starts and ends once the bytes `ws` accepts (a set that holds
/// the space) are cut from both ends. Indentation is mostly spaces: they go
/// eight at a time first, and the first byte that is not a space is found in
/// its word at once (pages indent by 6 to 24 spaces, rarely a multiple of 8).
#[inline]
fn trim_bounds(b: &[u8], ws: impl Fn(u8) -> bool) -> (usize, usize) {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    // Little-endian: byte k of the slice is bits 8k..8k+8 of the word.
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes")) ^ SPACES;
    let mut start = 0;
    while b.len() - start >= 8 {
        let x = word(start);
        if x != 0 {
            start += (x.trailing_zeros() / 8) as usize;
            break;
        }
        start += 8;
    }
    start += b[start..].iter().position(|&c| !ws(c)).unwrap_or(b.len() - start);
    let mut end = b.len();
    while end - start >= 8 {
        let x = word(end - 8);
        if x != 0 {
            end -= (x.leading_zeros() / 8) as usize;
            break;
        }
        end -= 8;
    }
    end = b[start..end]
        .iter()
        .rposition(|&c| !ws(c))
        .map_or(start, |i| start + i + 1);
    (start, end)
}

/// Word count where every two CJK characters count as one word, counting
/// stops once `cap` is reached.
pub fn words_upto(s: &str, cap: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// For a word of ASCII bytes: the high bit of each byte that is one of
    /// tab, LF, VT, FF, CR or space, exactly (no carry crosses a byte: every
    /// sum stays under 0x100).
    fn ascii_spaces(w: u64) -> u64 {
        const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        const ONES: u64 = 0x0101_0101_0101_0101;
        let x = w ^ (ONES * 0x20);
        let is_space = !(((x & LOW) + LOW) | x | LOW);
        let at_least_tab = w + ONES * (0x80 - 0x09);
        let at_least_so = w + ONES * (0x80 - 0x0E);
        is_space | (at_least_tab & !at_least_so & HIGH)
    }
    // Byte loop: ASCII (nearly every byte of most lines) is classified without
    // decoding; other characters are decoded one at a time.
    let bytes = s.as_bytes();
    let mut n = 0usize;
    let mut cjk = 0usize;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time: the word starts among them are the
        // non-space bytes that follow a space (or follow the end of a word).
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if w & HIGH == 0 {
                let space = ascii_spaces(w);
                let solid = !space & HIGH;
                let after_space = (space << 8) | if in_word { 0 } else { 0x80 };
                n += (solid & after_space).count_ones() as usize;
                in_word = solid >> 63 != 0;
                i += 8;
                if n + cjk.div_ceil(2) >= cap {
                    return cap;
                }
                continue;
            }
        }
        // The last 1..7 bytes of a line of 8 or more, when they are ASCII:
        // the 8 bytes ending the line, the bytes already counted masked off
        // (one step instead of a step per byte).
        if bytes.len() >= 8 && bytes.len() - i < 8 {
            let done = 8 - (bytes.len() - i);
            let chunk = &bytes[bytes.len() - 8..];
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if w & HIGH == 0 {
                let space = ascii_spaces(w);
                let solid = !space & HIGH;
                // (bit 8k+7 of `space << 8` is whether byte k-1 is a space; for
                // the first new byte that is the byte counted last, which
                // ended a word exactly when `in_word`)
                let after_space = space << 8;
                let new = !0u64 << (8 * done);
                n += (solid & after_space & new).count_ones() as usize;
                return (n + cjk.div_ceil(2)).min(cap);
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                in_word = false;
                continue;
            }
            if in_word {
                continue;
            }
            in_word = true;
            n += 1;
        } else {
            let Some(c) = s[i..].chars().next() else { break };
            i += c.len_utf8();
            if is_cjk(c) {
                cjk += 1;
                in_word = false;
            } else if c.is_whitespace() {
                in_word = false;
                continue;
            } else if in_word {
                continue;
            } else {
                in_word = true;
                n += 1;
            }
        }
        if n + cjk.div_ceil(2) >= cap {
            return cap;
        }
    }
    n + cjk.div_ceil(2)
}

/// True when the trimmed line ends like a sentence (Latin or CJK end punctuation,
/// possibly followed by closing quotes or brackets).
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』' | '）')
    });
    matches!(
        t.chars().next_back(),
        Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | ';' | ':')
    )
}

/// True when the line has at least one letter or digit.
pub fn has_alnum(s: &str) -> bool {
    // ASCII letters and digits are found without decoding; only a line with
    // none of them and some non-ASCII bytes needs the Unicode test.
    let b = s.as_bytes();
    b.iter().any(u8::is_ascii_alphanumeric) || (!b.is_ascii() && s.chars().any(char::is_alphanumeric))
}

/// A line that is clearly running text: long, or medium with sentence punctuation.
pub fn is_prose(text: &str) -> bool {
    let t = trim(text);
    if t.len() < 40 {
        return false;
    }
    let w = words_upto(t, 25);
    w >= 25 || (w >= 10 && ends_sentence(t))
}

/// A navigation-sized line: 1–3 words (CJK: up to 6 characters), no end
/// punctuation; `c` is the line's [`core`], which the caller already has.
pub fn is_navish_core(text: &str, c: &str) -> bool {
    if c.is_empty() {
        return true;
    }
    // A line of at most 40 bytes has at most 40 characters: no need to count.
    if c.len() > 160 || (c.len() > 40 && (is_ascii(c) || c.chars().count() > 40)) || ends_sentence(trim(text))
    {
        return false;
    }
    words_upto(c, 4) <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_navish(text: &str) -> bool {
        is_navish_core(text, core(text))
    }

    /// The plain char-by-char definition the byte loop must agree with.
    fn words_reference(s: &str, cap: usize) -> usize {
        let (mut n, mut cjk, mut in_word) = (0usize, 0usize, false);
        for c in s.chars() {
            if is_cjk(c) {
                cjk += 1;
                in_word = false;
            } else if c.is_whitespace() {
                in_word = false;
            } else if !in_word {
                in_word = true;
                n += 1;
            }
            if n + cjk.div_ceil(2) >= cap {
                return cap;
            }
        }
        n + cjk.div_ceil(2)
    }

    proptest::proptest! {
        #[test]
        fn words_upto_matches_reference(s in "[a-z \t\n\r\u{b}\u{c}\u{8}\u{e}\u{a0}\u{3000}\u{85}日本語éß\u{1c}.,]{0,60}", cap in 0usize..30) {
            proptest::prop_assert_eq!(words_upto(&s, cap), words_reference(&s, cap));
        }

        #[test]
        fn words_upto_matches_reference_on_ascii(s in "[a-c \t\n\r\u{b}\u{c}\u{8}\u{e}\u{1f}\u{7f}!]{0,80}", cap in 0usize..40) {
            proptest::prop_assert_eq!(words_upto(&s, cap), words_reference(&s, cap));
        }

        #[test]
        fn trim_is_str_trim(s in "[ \t\n\r\u{b}\u{c}\u{a0}\u{85}\u{2003}\u{3000}\u{1c}ax.é]{0,40}") {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn trims_of_indented_lines(
            pre in "[ ]{0,30}[\t]?[ ]{0,9}",
            mid in "[ \t\u{a0}ax.é]{0,20}",
            post in "[ ]{0,20}[\t\u{a0}]?[ ]{0,20}",
        ) {
            // Runs of spaces across 8-byte words, with a tab or no-break space among them.
            let s = format!("{pre}{mid}{post}");
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(trim_ascii(s.as_bytes()), s.as_bytes().trim_ascii());
        }

        #[test]
        fn trim_ascii_is_the_library_s(s in "[ \t\n\r\u{b}\u{c}\u{a0}ax]{0,40}") {
            proptest::prop_assert_eq!(trim_ascii(s.as_bytes()), s.as_bytes().trim_ascii());
        }

        #[test]
        fn trail_marks_trimmed_as_by_chars(s in "[ \t\u{a0}\u{3000}ax.:!?|>*,;é…—。→\u{1c}\u{7f}-]{0,30}") {
            proptest::prop_assert_eq!(trim_trail_marks(&s), s.trim_end_matches(is_trail_mark));
        }

        #[test]
        fn no_byte_is_none_of_the_bytes(
            bytes in proptest::collection::vec(proptest::prop_oneof![8 => 0x20u8..0x7f, 1 => proptest::num::u8::ANY], 0..120),
        ) {
            // Every length through the word, block and tail paths, a byte test with
            // one value and with a range.
            // Both builds of the loop, at every length (`no_byte` itself takes
            // the AVX2 one from 64 bytes on, where the CPU has it).
            for bad in [|b: u8| b == b'&', |b: u8| b >= 0x80] {
                let want = !bytes.iter().any(|&b| bad(b));
                proptest::prop_assert_eq!(no_byte(&bytes, bad), want);
                proptest::prop_assert_eq!(no_byte_in(&bytes, bad), want);
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, checked just above.
                    proptest::prop_assert_eq!(unsafe { no_byte_avx2(&bytes, bad) }, want);
                }
            }
        }
    }

    #[test]
    fn ascii_check() {
        for s in ["", "a", &"x".repeat(31), &"x".repeat(32), &"x".repeat(100)] {
            assert!(is_ascii(s));
            assert!(!is_ascii(&format!("{s}é")) && !is_ascii(&format!("é{s}")));
        }
    }

    #[test]
    fn fast_trim_is_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "ab",
            "a b",
            "\u{a0}x",
            "x\u{a0}",
            "\u{3000}",
            "é",
            " é ",
            "\tx\n",
            "x\u{b}",
            "\u{c}x",
            "\u{85}",
            "x\r",
            "      Home",
            "\t\t  x  \r",
            " \u{a0} x \u{a0} ",
            "  \u{2003}",
            "    ",
            " \u{b}\u{c} é",
            "x \u{85}",
            "\u{1c}x\u{1f}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        // Runs of spaces longer than the eight-byte steps, around every kind of end.
        for n in [7, 8, 9, 16, 17, 40] {
            let pad = " ".repeat(n);
            for mid in ["", "x", "é", "\u{a0}", "a b", "\t", "\u{3000}x\u{3000}"] {
                for s in [
                    format!("{pad}{mid}"),
                    format!("{mid}{pad}"),
                    format!("{pad}{mid}{pad}"),
                    format!("\t{pad}{mid}\r{pad}"),
                ] {
                    assert_eq!(trim(&s), s.trim(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn core_trims_marks() {
        assert_eq!(core("  * Home"), "Home");
        assert_eq!(core("+ Contact us"), "Contact us");
        assert_eq!(core("» Read more »"), "Read more");
        assert_eq!(core("Email *"), "Email");
        assert_eq!(core("-0.95"), "-0.95");
        assert_eq!(core("| Share |"), "Share");
        assert_eq!(core("Search for:"), "Search for");
        // The byte test for the ASCII trail marks is the character test.
        for b in 0u8..0x80 {
            assert_eq!(is_ascii_trail_mark(b), is_trail_mark(char::from(b)), "{b:#x}");
        }
        for s in [
            "", ".", "a.", "ab …", "Hi — ", "x。", "x .!", "é..", "…", "a\u{a0}.", "q ×",
        ] {
            assert_eq!(trim_trail_marks(s), s.trim_end_matches(is_trail_mark), "{s:?}");
        }
    }

    #[test]
    fn word_counts() {
        assert_eq!(words_upto("Read more", 9), 2);
        assert_eq!(words_upto("阅读更多", 9), 2);
        assert_eq!(words_upto("", 9), 0);
        assert_eq!(words_upto("a b c d e", 3), 3);
    }

    #[test]
    fn prose_and_nav() {
        assert!(is_prose(
            "Both ministers said they paid priority to the Nagorno-Karabakh settlement while discussing the international agenda."
        ));
        assert!(!is_prose("Russia-Turkey Ties"));
        assert!(is_navish("* About us"));
        assert!(!is_navish("Home is where the heart is."));
        assert!(!is_navish(
            "Japan, Vietnam PM’ Meet In Hanoi; Vow To Collaborate On South China Sea"
        ));
    }
}

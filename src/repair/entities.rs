//! HTML entity decoding for text that is not HTML.
//!
//! Only complete references are decoded (`&name;`, `&#NNN;`, `&#xHH;`); a line
//! that looks like markup is left alone. Decoding is idempotent: `&amp;` is kept
//! when decoding it would create a new reference (`&amp;lt;` stays), because a
//! second pass would otherwise turn it into `<`.

use std::borrow::Cow;

/// Latin-1 entity names in code point order, U+00A0 to U+00FF (HTML 4's ISO 8859-1 set).
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
    "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
    "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",
    "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
    "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash",
    "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
    "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
    "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
    "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// Greek letter names in code point order from U+0391 (upper) and U+03B1 (lower).
const GREEK: [&str; 25] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
    "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
];

/// Other names seen in scraped text: markup-significant, typography, symbols.
const OTHER: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("oline", '‾'),
    ("frasl", '⁄'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("uarr", '↑'),
    ("rarr", '→'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("asymp", '≈'),
    ("infin", '∞'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("hearts", '♥'),
    ("spades", '♠'),
    ("clubs", '♣'),
    ("diams", '♦'),
    ("check", '✓'),
    ("star", '☆'),
    ("loz", '◊'),
    ("sum", '∑'),
    ("prod", '∏'),
    ("radic", '√'),
    ("part", '∂'),
    ("micro", 'µ'),
];

fn named(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    if let Some((_, c)) = OTHER.iter().find(|(n, _)| *n == name) {
        return Some(*c);
    }
    let lower = name.to_ascii_lowercase();
    let i = GREEK.iter().position(|&n| n == lower)?;
    if name.as_bytes()[0].is_ascii_uppercase() {
        // There is no capital final sigma: Σ is U+03A3.
        (i != 17).then(|| char::from_u32(0x391 + i as u32)).flatten()
    } else {
        char::from_u32(0x3B1 + i as u32)
    }
}

fn numeric(digits: &str, hex: bool) -> Option<char> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let n = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
    if (0x80..0xA0).contains(&n) {
        // Browsers read these as windows-1252, and so do the pages that use them.
        let byte = [n as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return s.chars().next();
    }
    Some(
        char::from_u32(n)
            .filter(|&c| c != '\0')
            .unwrap_or(char::REPLACEMENT_CHARACTER),
    )
}

/// The reference that `body` (the text after a `&`) starts with: its length
/// counting the `&`, and its character.
fn reference(body: &str) -> Option<(usize, char)> {
    let end = body.bytes().take(34).position(|b| b == b';')?;
    let name = &body[..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        match num.strip_prefix(['x', 'X']) {
            Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => numeric(hex, true),
            None if num.bytes().all(|b| b.is_ascii_digit()) => numeric(num, false),
            _ => None,
        }
    } else if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        named(name)
    } else {
        None
    };
    c.map(|c| (end + 2, c))
}

/// Whether a line looks like HTML markup (a tag), where entities must stay.
fn looks_like_markup(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| {
        matches!(b.get(i + 1), Some(c) if c.is_ascii_alphabetic() || *c == b'/' || *c == b'!')
            && memchr::memchr(b'>', &b[i..]).is_some()
    })
}

/// Decodes HTML entities in `line` unless it looks like markup.
pub fn decode_entities(line: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', line.as_bytes()) else {
        return Cow::Borrowed(line);
    };
    if looks_like_markup(line) {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    let mut done = 0;
    for i in memchr::memchr_iter(b'&', &line.as_bytes()[first..]).map(|k| first + k) {
        if i < done {
            continue;
        }
        let Some((len, c)) = reference(&line[i + 1..]) else {
            continue;
        };
        // `&amp;lt;` must stay: decoding it would make a new reference.
        if c == '&' && reference(&line[i + len..]).is_some() {
            continue;
        }
        out.push_str(&line[done..i]);
        out.push(c);
        done = i + len;
    }
    if done == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[done..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#8217;s &nbsp;x"),
            "Tom & Jerry’s \u{a0}x"
        );
        assert_eq!(
            decode_entities("&eacute;t&eacute; &#x263A; &#150; &Omega;&sigmaf;"),
            "été ☺ – Ως"
        );
        assert_eq!(decode_entities("&copy; 2020 &hellip;"), "© 2020 …");
    }

    #[test]
    fn leaves_non_references_and_markup() {
        for s in [
            "AT&T",
            "a & b",
            "&nosuch;",
            "&#;",
            "&#xZZ;",
            "R&D; fine",
            "<p>&amp;</p>",
            "<a href=\"?a=1&amp;b=2\">",
        ] {
            assert_eq!(decode_entities(s), s, "{s}");
        }
    }

    #[test]
    fn idempotent_on_double_escapes() {
        let once = decode_entities("&amp;lt;b&amp;gt; and &amp;amp;");
        assert_eq!(once, "&amp;lt;b&amp;gt; and &amp;amp;");
        assert_eq!(decode_entities("&amp;quot text"), "&quot text");
        assert_eq!(decode_entities(&decode_entities("&amp;amp;")), "&amp;amp;");
    }
}

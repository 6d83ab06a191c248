//! Property tests of the invariants: valid UTF-8 out for any bytes in,
//! idempotence, chunking invariance, clean text unchanged.

use proptest::prelude::*;
use textwash::{Cleaner, Config, NullSink};

/// One cleaner for all cases: compiling the rules once keeps the tests fast.
fn cleaner() -> &'static Cleaner {
    static C: std::sync::OnceLock<Cleaner> = std::sync::OnceLock::new();
    C.get_or_init(|| Cleaner::new(Config::default()))
}

fn run(c: &Cleaner, input: &[u8], chunks: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut s = c.session(&mut out, NullSink);
    let mut rest = input;
    let mut k = 0;
    while !rest.is_empty() {
        let n = chunks.get(k).copied().unwrap_or(rest.len()).clamp(1, rest.len());
        s.feed(&rest[..n]).unwrap();
        rest = &rest[n..];
        k += 1;
    }
    s.finish().unwrap();
    out
}

/// Pieces that exercise every stage: junk lines, mojibake, entities, controls,
/// combining marks, odd whitespace and line endings, real prose in many scripts.
const PIECES: &[&str] = &[
    "[ad_1]",
    "Source link",
    "Home EurAsian Region",
    "File:S-400 Triumf.jpg",
    "Exit mobile version",
    "Follow EurAsian Times on Google",
    "Advertisement",
    "Subscribe to our newsletter",
    "The minister said on Tuesday that talks would continue.",
    "Nagorno-Karabakh",
    "S-400 Missile System",
    "MevlÃ¼t Ã‡avuÅŸoÄŸlu",
    "Ã\"¡avuÃ...ŸoÄŸlu",
    "cafÃ©",
    "â€œquotedâ€\u{9d}",
    "SÃO PAULO",
    "Â°",
    "Tom &amp; Jerry",
    "&amp;lt;",
    "&#8217;",
    "e\u{301}",
    "\u{200b}",
    "\u{0}",
    "\u{85}",
    "\t",
    " ",
    "  ",
    "Привет, мир",
    "日本語の文章です。",
    "Tiếng Việt",
    "😀",
    "\u{feff}",
    "\u{a0}",
    "-",
    "|",
    "»",
    "A",
    "a",
];

fn doc() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(prop::sample::select(PIECES), 0..5).prop_map(|p| p.concat());
    let sep = prop::sample::select(&["\n", "\r\n", "\r", "\n\n", " \n", "\n\n\n"][..]);
    prop::collection::vec((line, sep), 0..12)
        .prop_map(|v| v.into_iter().map(|(l, s)| format!("{l}{s}")).collect::<String>())
}

/// Short lines for documents that copy stretches of themselves: labels,
/// junk, a refrain, blank lines.
const SHORT_LINES: &[&str] = &[
    "Key results",
    "Share this article",
    "[ad_1]",
    "Menu",
    "Home",
    "Facebook",
    "Na na na, hey hey",
    "",
];

/// Documents that copy stretches of themselves, once or several times, with
/// other lines between (`repeated-block`): numbered sentences, so most lines
/// are distinct and a copied stretch is long enough to count.
fn copied_doc() -> impl Strategy<Value = String> {
    // Half the lines short, half sentences.
    let line = (0usize..40, 0usize..2 * SHORT_LINES.len()).prop_map(|(k, pick)| match SHORT_LINES.get(pick) {
        Some(s) => (*s).to_string(),
        _ => format!("Report {k}: the council met again and discussed the harbour wall, the budget for it and the spring works."),
    });
    let lines = move || prop::collection::vec(line.clone(), 0..30);
    (lines(), 0usize..30, 0usize..30, lines(), 0usize..4).prop_map(|(v, a, b, tail, times)| {
        let (a, b) = (a.min(b).min(v.len()), a.max(b).min(v.len()));
        let mut all = v.clone();
        for _ in 0..times {
            all.extend_from_slice(&v[a..b]);
            all.extend_from_slice(&tail[..tail.len().min(6)]);
        }
        all.extend_from_slice(&v);
        all.iter().map(|l| format!("{l}\n")).collect()
    })
}

/// Starts of inputs that change how they are decoded: BOMs, Latin-1, a cut sequence.
const HEADS: &[&[u8]] = &[b"", b"\xEF\xBB\xBF", b"\xFF\xFE", b"caf\xE9 ", b"\xC3"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn idempotent_on_copied_stretches(text in copied_doc()) {
        let c = cleaner();
        let once = c.clean_str(&text);
        prop_assert_eq!(c.clean_str(&once), once);
    }

    #[test]
    fn any_bytes_give_utf8(bytes in prop::collection::vec(any::<u8>(), 0..600), chunks in prop::collection::vec(1usize..50, 0..20)) {
        let c = cleaner();
        let out = run(c, &bytes, &chunks);
        prop_assert!(std::str::from_utf8(&out).is_ok());
        prop_assert_eq!(run(c, &bytes, &[]), out);
    }

    #[test]
    fn idempotent(text in doc()) {
        let c = cleaner();
        let once = c.clean_str(&text);
        prop_assert_eq!(c.clean_str(&once), once);
    }

    #[test]
    fn chunking_does_not_matter(text in doc(), chunks in prop::collection::vec(1usize..9, 0..200)) {
        let c = cleaner();
        prop_assert_eq!(run(c, text.as_bytes(), &chunks), run(c, text.as_bytes(), &[]));
    }

    /// Sessions reuse the buffers of ended ones: what one document leaves
    /// behind must not change the next one's output.
    #[test]
    fn sessions_are_independent(a in doc(), b in doc()) {
        let c = cleaner();
        let first = c.clean_str(&b);
        c.clean_str(&a);
        prop_assert_eq!(c.clean_str(&b), first);
    }

    /// A whole input given at once (`clean_bytes`, directory mode's small
    /// files) is cleaned as a stream of it in any chunks is.
    #[test]
    fn whole_input_at_once_is_cleaned_as_a_stream_is(
        text in doc(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        head in prop::sample::select(HEADS),
        chunks in prop::collection::vec(1usize..40, 0..30),
    ) {
        let c = cleaner();
        for input in [text.as_bytes().to_vec(), bytes.clone(), [head, text.as_bytes()].concat()] {
            let mut whole = Vec::new();
            let sum = c.clean_bytes(&input, &mut whole, NullSink).unwrap();
            prop_assert_eq!(&whole, &run(c, &input, &chunks));
            let mut streamed = Vec::new();
            let want = c.clean_stream(&input[..], &mut streamed, NullSink).unwrap();
            prop_assert_eq!(sum, want);
        }
    }

    #[test]
    fn mixed_bytes_idempotent(bytes in prop::collection::vec(prop::sample::select(&[0x41u8, 0x20, 0x0A, 0x0D, 0xC3, 0xA9, 0x83, 0xE2, 0x80, 0x9C, 0x26, 0xC2, 0xA0, 0x00, 0xFF][..]), 0..300)) {
        let c = cleaner();
        let once = run(c, &bytes, &[]);
        prop_assert_eq!(run(c, &once, &[]), once);
    }
}

/// Clean prose in many languages, already normalized, passes through byte for byte.
#[test]
fn clean_text_unchanged() {
    let lines = [
        "The quick brown fox jumps over the lazy dog.",
        "Dışişleri Bakanı Mevlüt Çavuşoğlu, Soçi'de Rus mevkidaşı ile görüştü.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Tiếng Việt có dấu: Hà Nội, Đà Nẵng, Huế.",
        "Съешь же ещё этих мягких французских булок, да выпей чаю.",
        "日本語のテキストはそのまま残ります。",
        "中文文本保持不变。",
        "Η γρήγορη καφέ αλεπού πηδά πάνω από το τεμπέλικο σκυλί.",
        "العربية نص يبقى كما هو.",
        "SÃO PAULO — Â é uma letra; 25°C, ±3, ½, £10, €5, 5 × 3 ≤ 20.",
        "“Curly quotes” and ‘single’ ones… plus emoji 😀👨‍👩‍👧 and ZWNJ می‌خواهم.",
        "Þórsmörk, Samsø, Pièce, Straße, naïve, coöperate, ¿Qué? ¡Hola! «citation»",
        "\tIndented with a tab, and  two  spaces inside.",
        "",
        "| col a | col b |",
        "x = a & b; if (x < 3) { y >>= 1; }",
    ];
    let text = lines.join("\n") + "\n";
    assert_eq!(cleaner().clean_str(&text), text);
}

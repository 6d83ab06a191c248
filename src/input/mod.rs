//! Input: bytes in, valid UTF-8 text out, in a stream.
//!
//! The encoding is decided once, from the first [`SNIFF_LEN`] bytes (so the
//! decision does not depend on how the input is chunked): a BOM wins; otherwise
//! UTF-8 when those bytes are (mostly) valid UTF-8, else chardetng's guess.
//! Invalid sequences become U+FFFD and are counted, never an error.

mod lines;

pub use lines::{LineSplitter, Term};

use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// How many leading bytes are examined before the encoding is decided.
pub const SNIFF_LEN: usize = 64 * 1024;

enum Mode {
    /// Still collecting the first bytes.
    Sniffing,
    /// UTF-8, validated here (faster than a general decoder, and counts errors).
    Utf8,
    /// Any other encoding, through encoding_rs.
    Legacy(encoding_rs::Decoder),
}

/// A streaming decoder from bytes in any encoding to UTF-8.
pub struct InputDecoder {
    mode: Mode,
    forced: Option<&'static Encoding>,
    sniff: Vec<u8>,
    /// An incomplete UTF-8 sequence carried over from the previous chunk.
    pending: Vec<u8>,
    encoding: &'static Encoding,
    replacements: u64,
}

impl InputDecoder {
    /// A decoder that detects the encoding, or uses `forced` when given.
    pub fn new(forced: Option<&'static Encoding>) -> Self {
        InputDecoder {
            mode: Mode::Sniffing,
            forced,
            sniff: Vec::new(),
            pending: Vec::with_capacity(4),
            encoding: UTF_8,
            replacements: 0,
        }
    }

    /// The encoding in use (UTF-8 until decided).
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// How many invalid sequences were replaced by U+FFFD so far.
    pub fn replacements(&self) -> u64 {
        self.replacements
    }

    /// Decodes `bytes`, appending text to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut String) {
        if let Mode::Sniffing = self.mode {
            let room = SNIFF_LEN - self.sniff.len();
            if bytes.len() < room {
                self.sniff.extend_from_slice(bytes);
                return;
            }
            self.sniff.extend_from_slice(&bytes[..room]);
            self.decide(false);
            let sniffed = std::mem::take(&mut self.sniff);
            self.decode(&sniffed, false, out);
            self.decode(&bytes[room..], false, out);
            return;
        }
        self.decode(bytes, false, out);
    }

    /// Valid UTF-8 past the sniffing phase, with no sequence carried over: the
    /// text of `bytes`, for the caller to split without copying it (an
    /// incomplete sequence at the end is kept for the next chunk, as
    /// [`InputDecoder::feed`] would). `None` when `bytes` needs `feed`.
    pub fn direct<'a>(&mut self, bytes: &'a [u8]) -> Option<&'a str> {
        if !matches!(self.mode, Mode::Utf8) || !self.pending.is_empty() {
            return None;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) if e.error_len().is_none() => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                let good = std::str::from_utf8(good).ok()?;
                self.pending.extend_from_slice(rest);
                Some(good)
            }
            Err(_) => None,
        }
    }

    /// At the end of an input shorter than [`SNIFF_LEN`] (still being sniffed):
    /// when the whole input is valid UTF-8 with no BOM, and no other encoding
    /// is forced, decides UTF-8 and returns the input itself as the text, for
    /// the caller to split in place. [`InputDecoder::finish`] would decide the
    /// same and append the same text; this saves copying (and validating
    /// again) every small file of a directory. `None`: call `finish`.
    pub fn finish_in_place(&mut self) -> Option<&str> {
        if !matches!(self.mode, Mode::Sniffing)
            || self.forced.is_some_and(|f| f != UTF_8)
            || Encoding::for_bom(&self.sniff).is_some()
        {
            return None;
        }
        let text = std::str::from_utf8(&self.sniff).ok()?;
        self.mode = Mode::Utf8;
        self.encoding = UTF_8;
        Some(text)
    }

    /// The whole input at once, before anything was fed, shorter than
    /// [`SNIFF_LEN`]: when it is valid UTF-8 with no BOM, and no other
    /// encoding is forced, decides UTF-8 and returns it as the text, as
    /// [`InputDecoder::feed`] then [`InputDecoder::finish_in_place`] would
    /// (without copying it to be sniffed first). `None`: feed it.
    pub fn take_whole<'a>(&mut self, bytes: &'a [u8]) -> Option<&'a str> {
        if !matches!(self.mode, Mode::Sniffing)
            || !self.sniff.is_empty()
            || bytes.len() >= SNIFF_LEN
            || self.forced.is_some_and(|f| f != UTF_8)
            || Encoding::for_bom(bytes).is_some()
        {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        self.mode = Mode::Utf8;
        self.encoding = UTF_8;
        Some(text)
    }

    /// Flushes what is left at the end of the input.
    pub fn finish(&mut self, out: &mut String) {
        if let Mode::Sniffing = self.mode {
            self.decide(true);
            let sniffed = std::mem::take(&mut self.sniff);
            self.decode(&sniffed, true, out);
            return;
        }
        self.decode(&[], true, out);
    }

    fn decide(&mut self, last: bool) {
        let head = &self.sniff[..];
        let (encoding, bom_len) = match Encoding::for_bom(head) {
            Some((enc, len)) if self.forced.is_none() || self.forced == Some(enc) => (enc, len),
            _ => (self.forced.unwrap_or_else(|| detect(head, last)), 0),
        };
        self.encoding = encoding;
        self.sniff.drain(..bom_len);
        self.mode = if encoding == UTF_8 {
            Mode::Utf8
        } else {
            Mode::Legacy(encoding.new_decoder_without_bom_handling())
        };
    }

    fn decode(&mut self, mut bytes: &[u8], last: bool, out: &mut String) {
        match &mut self.mode {
            Mode::Sniffing => unreachable!("decode before the encoding is decided"),
            Mode::Utf8 => {
                // Complete a sequence split across chunks, one byte at a time, so the
                // result is the same as if the input had arrived in one piece.
                while !self.pending.is_empty() && !bytes.is_empty() {
                    self.pending.push(bytes[0]);
                    bytes = &bytes[1..];
                    let pending = std::mem::take(&mut self.pending);
                    let rest = decode_utf8(&pending, out, &mut self.replacements);
                    self.pending.extend_from_slice(rest);
                }
                if self.pending.is_empty() {
                    let rest = decode_utf8(bytes, out, &mut self.replacements);
                    self.pending.extend_from_slice(rest);
                }
                if last && !self.pending.is_empty() {
                    out.push(char::REPLACEMENT_CHARACTER);
                    self.replacements += 1;
                    self.pending.clear();
                }
            }
            Mode::Legacy(decoder) => loop {
                let need = decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len())
                    .unwrap_or(bytes.len() * 3 + 16);
                out.reserve(need);
                let (result, read) = decoder.decode_to_string_without_replacement(bytes, out, last);
                bytes = &bytes[read..];
                match result {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(_, _) => {
                        out.push(char::REPLACEMENT_CHARACTER);
                        self.replacements += 1;
                    }
                }
            },
        }
    }
}

/// Appends the valid text of `bytes` to `out` (U+FFFD for each maximal invalid
/// subpart) and returns the incomplete sequence at the end, if any.
fn decode_utf8<'a>(mut bytes: &'a [u8], out: &mut String, replacements: &mut u64) -> &'a [u8] {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return &[];
            }
            Err(e) => {
                let (good, bad) = bytes.split_at(e.valid_up_to());
                // SAFETY-free: from_utf8 just validated this prefix.
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                match e.error_len() {
                    Some(n) => {
                        out.push(char::REPLACEMENT_CHARACTER);
                        *replacements += 1;
                        bytes = &bad[n..];
                    }
                    None => return bad,
                }
            }
        }
    }
}

/// Guesses the encoding of the first bytes of an input that has no BOM.
fn detect(head: &[u8], last: bool) -> &'static Encoding {
    // Valid UTF-8 (the usual case) needs no counting: no invalid subpart.
    // A sequence cut off by the end of the sniffed head only counts when the
    // input ends there.
    match std::str::from_utf8(head) {
        Ok(_) => return UTF_8,
        Err(e) if e.error_len().is_none() && !last => return UTF_8,
        Err(_) => {}
    }
    let (valid, invalid) = utf8_evidence(head, last);
    // Mostly-UTF-8 input with a few broken bytes stays UTF-8 (the broken bytes
    // become U+FFFD); input with no valid multibyte sequence at all is legacy.
    if invalid == 0 || valid >= invalid {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Counts valid multibyte UTF-8 sequences and invalid subparts in `head`.
fn utf8_evidence(mut head: &[u8], last: bool) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        let (good, rest) = match std::str::from_utf8(head) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (good, bad) = head.split_at(e.valid_up_to());
                let good = std::str::from_utf8(good).unwrap_or_default();
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        (good, &bad[n..])
                    }
                    None => {
                        // A truncated sequence at the very end only counts when the input ends there.
                        invalid += usize::from(last);
                        (good, &[][..])
                    }
                }
            }
        };
        valid += good.bytes().filter(|b| b & 0xC0 == 0xC0).count();
        if rest.is_empty() {
            return (valid, invalid);
        }
        head = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_chunked(
        bytes: &[u8],
        chunk: usize,
        forced: Option<&'static Encoding>,
    ) -> (String, &'static str, u64) {
        let mut d = InputDecoder::new(forced);
        let mut out = String::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.feed(c, &mut out);
        }
        d.finish(&mut out);
        (out, d.encoding().name(), d.replacements())
    }

    #[test]
    fn utf8_passes_through_and_bom_is_removed() {
        let (s, enc, r) = decode_chunked("\u{feff}Çavuşoğlu 😀".as_bytes(), 1, None);
        assert_eq!((s.as_str(), enc, r), ("Çavuşoğlu 😀", "UTF-8", 0));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Привет\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        for chunk in [1, 3, 1000] {
            let (s, enc, _) = decode_chunked(&bytes, chunk, None);
            assert_eq!((s.as_str(), enc), ("Привет\n", "UTF-16LE"));
        }
    }

    #[test]
    fn invalid_bytes_in_mostly_utf8_become_replacement_chars() {
        let mut bytes = "héllo wörld ".repeat(10).into_bytes();
        bytes.extend_from_slice(b"bad \xff\xfe byte \xe2\x82 end");
        for chunk in [1, 2, 7, 10_000] {
            let (s, enc, r) = decode_chunked(&bytes, chunk, None);
            assert_eq!(enc, "UTF-8");
            assert!(s.ends_with("bad \u{fffd}\u{fffd} byte \u{fffd} end"), "{s:?}");
            assert_eq!(r, 3);
        }
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Привет, как дела? Это тестовый текст на русском языке.");
        let (s, enc, _) = decode_chunked(&bytes, 5, None);
        assert_eq!(enc, "windows-1251");
        assert!(s.starts_with("Привет, как дела?"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Le café était très bon à Genève, déjà.");
        let (s, _, _) = decode_chunked(&bytes, 3, None);
        assert_eq!(s, "Le café était très bon à Genève, déjà.");
    }

    #[test]
    fn forced_encoding_wins() {
        let (s, enc, _) = decode_chunked("é".as_bytes(), 1, Some(encoding_rs::WINDOWS_1252));
        assert_eq!((s.as_str(), enc), ("Ã©", "windows-1252"));
    }

    /// What [`InputDecoder::finish_in_place`] gives for `bytes` fed in `chunk`s,
    /// with the encoding it decided (`None`: it declined).
    fn in_place(
        bytes: &[u8],
        chunk: usize,
        forced: Option<&'static Encoding>,
    ) -> Option<(String, &'static str)> {
        let mut d = InputDecoder::new(forced);
        let mut out = String::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.feed(c, &mut out);
        }
        assert!(out.is_empty() || bytes.len() >= SNIFF_LEN);
        let text = d.finish_in_place()?.to_owned();
        Some((text, d.encoding().name()))
    }

    #[test]
    fn a_small_input_is_its_own_text_only_when_decoding_would_not_change_it() {
        let cases: [(&[u8], Option<&'static Encoding>); 6] = [
            ("Çavuşoğlu\r\nline".as_bytes(), None),
            (b"", None),
            ("\u{feff}bom".as_bytes(), None),
            (b"caf\xe9 latin-1", None),
            ("é".as_bytes(), Some(encoding_rs::WINDOWS_1252)),
            ("é".as_bytes(), Some(UTF_8)),
        ];
        for (bytes, forced) in cases {
            let whole = decode_chunked(bytes, 7, forced);
            match in_place(bytes, 7, forced) {
                Some((text, enc)) => {
                    assert_eq!((text.as_str(), enc, 0), (whole.0.as_str(), whole.1, whole.2));
                    assert_eq!(text.as_bytes(), bytes);
                }
                None => assert!(whole.0.as_bytes() != bytes || whole.1 != "UTF-8", "{bytes:?}"),
            }
        }
        assert!(in_place("\u{feff}bom".as_bytes(), 3, None).is_none());
        assert!(in_place(&vec![b'a'; SNIFF_LEN], 1024, None).is_none());
    }

    proptest::proptest! {
        #[test]
        fn in_place_text_is_what_finish_writes(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            chunk in 1usize..40,
        ) {
            if let Some((text, enc)) = in_place(&bytes, chunk, None) {
                let whole = decode_chunked(&bytes, chunk, None);
                proptest::prop_assert_eq!((text.as_str(), enc, 0), (whole.0.as_str(), whole.1, whole.2));
            }
        }
    }

    #[test]
    fn truncated_sequence_at_end() {
        let (s, _, r) = decode_chunked(
            "éé abc\u{e2}"
                .as_bytes()
                .iter()
                .chain(b"\xe2\x82")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
            1,
            None,
        );
        assert_eq!((s.as_str(), r), ("éé abcâ\u{fffd}", 1));
        let (s, _, r) = decode_chunked(b"", 1, None);
        assert_eq!((s.as_str(), r), ("", 0));
    }
}

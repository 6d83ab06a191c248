//! Any bytes, fed in chunks the input chooses: no panic, UTF-8 out, the same
//! output as one read and as the whole input at once, and idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textwash::{Cleaner, Config, NullSink};

fn run(c: &Cleaner, data: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut s = c.session(&mut out, NullSink);
    for part in data.chunks(chunk.max(1)) {
        s.feed(part).unwrap();
    }
    s.finish().unwrap();
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, data)) = data.split_first() else { return };
    // Compiling the rules takes milliseconds: build the cleaner once.
    static CLEANER: std::sync::OnceLock<Cleaner> = std::sync::OnceLock::new();
    let c = CLEANER.get_or_init(|| Cleaner::new(Config::default()));
    let whole = run(c, data, data.len());
    let text = std::str::from_utf8(&whole).expect("output is UTF-8");
    assert_eq!(run(c, data, usize::from(k % 17) + 1), whole, "chunking changed the output");
    let mut at_once = Vec::new();
    c.clean_bytes(data, &mut at_once, NullSink).unwrap();
    assert_eq!(at_once, whole, "clean_bytes differs from a stream");
    assert_eq!(c.clean_str(text), text, "not idempotent");
});

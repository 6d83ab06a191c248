//! Snapshot tests over every file in `corpus/`: the cleaned text (whitespace made
//! visible, since insta trims it when comparing) and every event, by rule id.
//! Each file is also checked for idempotence and for chunking invariance.

use textwash::{Cleaner, Config, Event, Sink};

#[derive(Default)]
struct Record(Vec<String>);

impl Sink for Record {
    fn event(&mut self, e: &Event<'_>) {
        match *e {
            Event::Dropped { line, rule, text } => self.0.push(format!("{line}: drop {rule}: {text}")),
            Event::Changed {
                line,
                rule,
                before,
                after,
                detail,
            } => self
                .0
                .push(format!("{line}: {rule}: {before:?} → {after:?} {detail}")),
            Event::Layout { line, rule } => self.0.push(format!("{line}: {rule}")),
            Event::Decoded {
                encoding,
                replacements,
            } => self
                .0
                .push(format!("decoded {encoding}, {replacements} replaced")),
        }
    }
}

fn clean_bytes(cleaner: &Cleaner, input: &[u8], chunk: usize, sink: &mut Record) -> Vec<u8> {
    let mut out = Vec::new();
    let mut session = cleaner.session(&mut out, sink);
    for c in input.chunks(chunk.max(1)) {
        session.feed(c).unwrap();
    }
    session.finish().unwrap();
    out
}

/// The text with its whitespace shown: `⏎` ends each line, `␍` is a CR, `␉` a tab.
fn visible(text: &str) -> String {
    let mut s = String::new();
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n');
        s.push_str(&body.unwrap_or(line).replace('\r', "␍").replace('\t', "␉"));
        s.push_str(if body.is_some() {
            "⏎\n"
        } else {
            "∎(no final newline)\n"
        });
    }
    s
}

#[test]
fn corpus() {
    let cleaner = Cleaner::new(Config::default());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../corpus", "**/*", |path| {
            if path.is_dir() {
                return;
            }
            let input = std::fs::read(path).unwrap();
            let mut events = Record::default();
            let out = clean_bytes(&cleaner, &input, input.len(), &mut events);
            let text = String::from_utf8(out.clone()).expect("output is UTF-8");
            let again = clean_bytes(&cleaner, &out, out.len(), &mut Record::default());
            assert_eq!(
                String::from_utf8_lossy(&again),
                text,
                "not idempotent: {}",
                path.display()
            );
            for chunk in [1, 7, 4096] {
                let chunked = clean_bytes(&cleaner, &input, chunk, &mut Record::default());
                assert_eq!(chunked, out, "chunk size {chunk} changes {}", path.display());
            }
            let snap = format!("{}\n── events ──\n{}\n", visible(&text), events.0.join("\n"));
            insta::assert_snapshot!(snap);
        });
    });
}

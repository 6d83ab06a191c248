//! Compiles the boilerplate pattern table's automata ahead of time (see
//! `src/rules/prebuilt.rs`): one NFA per table entry, written to
//! `$OUT_DIR/patterns.nfa` for the library to embed.

use std::path::PathBuf;

// The library's own table and source rules, so the sources compiled here are
// the ones it asks for.
#[allow(dead_code)]
#[path = "src/rules/patterns.rs"]
mod patterns;

#[path = "src/rules/body.rs"]
mod body;

#[allow(dead_code)]
#[path = "src/rules/prebuilt.rs"]
mod prebuilt;

// Which entries get a byte gate is worked out by parsing them: done here too.
#[allow(dead_code)]
#[path = "src/rules/gate.rs"]
mod gate;

fn main() {
    for f in [
        "build.rs",
        "src/rules/patterns.rs",
        "src/rules/body.rs",
        "src/rules/prebuilt.rs",
        "src/rules/gate.rs",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    let mut blob = Vec::new();
    prebuilt::header(patterns::PATS.len(), &mut blob);
    for pat in patterns::PATS {
        let (src, _) = body::compile_body(pat.body);
        // (a source that does not compile is written as absent: the library
        // then reports it as it always has)
        let facts = gate::ByteGate::encode(gate::ByteGate::for_pattern(&src).as_ref());
        prebuilt::encode(
            &src,
            prebuilt::compile_one(&src).as_ref(),
            Some(&facts),
            &mut blob,
        );
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("patterns.nfa");
    std::fs::write(&out, blob).expect("write the compiled patterns");
}

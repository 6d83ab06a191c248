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

// The main set's complete DFA, written in the library's table format.
#[allow(dead_code)]
#[path = "src/rules/table.rs"]
mod table;

fn main() {
    for f in [
        "build.rs",
        "src/rules/patterns.rs",
        "src/rules/body.rs",
        "src/rules/prebuilt.rs",
        "src/rules/gate.rs",
        "src/rules/table.rs",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    let mut blob = Vec::new();
    prebuilt::header(patterns::PATS.len(), &mut blob);
    // The main set: the entries with neither a wildcard gate nor a byte
    // gate, as the library sorts them when every rule is on.
    let mut main_set: Vec<(usize, String)> = Vec::new();
    for (k, pat) in patterns::PATS.iter().enumerate() {
        let (src, _) = body::compile_body(pat.body);
        // (a source that does not compile is written as absent: the library
        // then reports it as it always has)
        let nfa = prebuilt::compile_one(&src);
        let byte_gate = gate::ByteGate::for_pattern(&src);
        let facts = gate::ByteGate::encode(byte_gate.as_ref());
        prebuilt::encode(&src, nfa.as_ref(), Some(&facts), &mut blob);
        if nfa.is_some() && byte_gate.is_none() && body::gate_body(pat.body).is_none() {
            main_set.push((k, src));
        }
    }
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("patterns.nfa"), blob).expect("write the compiled patterns");
    let srcs: Vec<&str> = main_set.iter().map(|(_, s)| s.as_str()).collect();
    let entries: Vec<usize> = main_set.iter().map(|&(k, _)| k).collect();
    // (an empty file when the DFA cannot be built: the library then puts
    // the set together at run time, as it does for sources it does not know)
    let dfa = table::build(&srcs, &entries).unwrap_or_default();
    std::fs::write(dir.join("main_set.dfa"), dfa).expect("write the main set's DFA");
}

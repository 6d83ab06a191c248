//! Command-line behaviour: stdin and files, rule selection, --explain, --check,
//! exit codes and error messages.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;

mod common;

fn textwash() -> Command {
    Command::new(cargo_bin("textwash"))
}

/// Runs textwash with `args`, `stdin` piped in; returns (code, stdout, stderr).
fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let (code, out, err) = common::run_bytes(None, args, stdin);
    (code, String::from_utf8(out).expect("stdout is UTF-8"), err)
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/seeds/002_7f88a1d7af701d6d.txt"
);

#[test]
fn stdin_to_stdout() {
    let (code, out, err) = run(&[], b"[ad_1]\nHello   \r\n\n\n\nworld");
    assert_eq!((code, out.as_str(), err.as_str()), (0, "Hello\n\nworld\n", ""));
}

#[test]
fn dash_is_stdin_and_files_are_concatenated() {
    let (code, out, _) = run(&[SEED, "-"], b"tail line\n");
    assert_eq!(code, 0);
    assert!(out.starts_with("Turkey and Russia have pledged"), "{out}");
    assert!(out.ends_with("tail line\n"));
    assert!(!out.contains("[ad_1]") && !out.contains("Source link"));
}

#[test]
fn only_mojibake_changes_nothing_else() {
    let input = "[ad_1]\r\nMevlÃ¼t  \r\n\n\n\nSource link";
    let (code, out, _) = run(&["--only", "mojibake"], input.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(out, input.replace("MevlÃ¼t", "Mevlüt"));
}

#[test]
fn skip_a_rule() {
    let (_, out, _) = run(&["--skip", "ad-marker"], b"[ad_1]\ntext\n");
    assert_eq!(out, "[ad_1]\ntext\n");
    let (_, out, _) = run(&["--skip", "strip,normalize"], b"[ad_1]\ntext  \n\n\n");
    assert_eq!(out, "[ad_1]\ntext  \n\n\n");
}

#[test]
fn explain_names_line_and_rule() {
    let (code, out, err) = run(&["--explain"], "intro\n[ad_1]\ncafÃ© &amp; more\n".as_bytes());
    assert_eq!(code, 0);
    assert_eq!(out, "intro\ncafé & more\n");
    assert!(err.contains("<stdin>:2: ad-marker: dropped \"[ad_1]\""), "{err}");
    assert!(err.contains("<stdin>:3: html-entities:"), "{err}");
}

#[test]
fn stats_counts_per_rule() {
    let (_, _, err) = run(&["--stats"], b"[ad_1]\n[ad_2]\ntext\n");
    assert!(err.contains("2 lines dropped"), "{err}");
    assert!(err.contains("ad-marker"), "{err}");
}

#[test]
fn check_exit_codes() {
    let (code, out, _) = run(&["--check"], b"clean text\n");
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(&["--check"], b"[ad_1]\ntext\n");
    assert_eq!(code, 1);
    assert!(out.contains("<stdin>: 1 lines dropped (ad-marker 1)"), "{out}");
}

#[test]
fn errors_exit_2_with_a_message_naming_the_problem() {
    let (code, out, err) = run(&["/no/such/file.txt"], b"");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "textwash: /no/such/file.txt: No such file or directory\n");

    let (code, _, err) = run(&["--only", "nonsense"], b"");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "textwash: unknown rule or group 'nonsense' (see --list-rules)\n"
    );

    let (code, _, err) = run(&["--encoding", "klingon"], b"");
    assert_eq!(
        (code, err.as_str()),
        (2, "textwash: unknown encoding 'klingon'\n")
    );

    let (code, _, err) = run(&["--no-such-flag"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--no-such-flag"), "{err}");
}

#[test]
fn other_files_still_get_done_after_an_error() {
    let (code, out, err) = run(&["/no/such", SEED], b"");
    assert_eq!(code, 2);
    assert!(err.contains("/no/such"));
    assert!(out.contains("Turkey and Russia have pledged"));
}

#[test]
fn forced_encoding() {
    let (_, out, _) = run(&["--encoding", "windows-1251"], b"\xcf\xf0\xe8\xe2\xe5\xf2\n");
    assert_eq!(out, "Привет\n");
}

#[test]
fn list_rules_shows_every_group() {
    let (code, out, _) = run(&["--list-rules"], b"");
    assert_eq!(code, 0);
    for id in ["mojibake", "ad-marker", "nfc", "blank-lines"] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing:\n{out}");
    }
    assert!(out.contains("e.g. "));
}

#[test]
fn closed_stdout_exits_quietly() {
    let big = "A line of text that is long enough to fill pipes.\n".repeat(200_000);
    let mut child = textwash()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(big.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!((status.code(), err.as_str()), (Some(0), ""));
}

#[test]
fn invalid_utf8_input_gives_utf8_output() {
    let mut input = "héllo wörld, ça va? ".repeat(20).into_bytes();
    input.extend_from_slice(b"\xff\xfe\x00 end\n");
    let (code, out, _) = run(&[], &input);
    assert_eq!(code, 0);
    assert!(out.ends_with("\u{fffd}\u{fffd} end\n"), "{out}");
}

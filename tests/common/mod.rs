//! Shared helper of the CLI integration tests: run the binary with stdin piped
//! in explicitly (CI has no stdin).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs textwash (in `dir` when given) with `args`, `stdin` piped in; returns
/// (exit code, stdout bytes, stderr).
pub fn run_bytes(dir: Option<&Path>, args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("textwash"));
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

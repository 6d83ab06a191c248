//! Batch behaviour: directory walks, --out mirrors, atomic --in-place, --check and
//! --diff over trees, parallel determinism, reports, --fail-on, JSON Lines and
//! compressed input. Every run pipes stdin explicitly (CI has none).

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use textwash::compress::{Compression, Compressor};

mod common;

/// Runs textwash in `dir` with `args` and `stdin`; returns (code, stdout bytes, stderr).
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    common::run_bytes(Some(dir), args, stdin)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = run_in(dir, args, b"");
    (code, String::from_utf8(out).unwrap(), err)
}

fn write(root: &Path, rel: &str, data: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, data).unwrap();
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    fs::read(root.join(rel)).unwrap()
}

/// The paths of a JSON report's files, in its order.
fn report_paths(report: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(report).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn packed(kind: Compression, data: &[u8]) -> Vec<u8> {
    let mut c = Compressor::new(Vec::new(), kind).unwrap();
    c.write_all(data).unwrap();
    c.finish().unwrap()
}

fn unpacked(data: &[u8]) -> Vec<u8> {
    let (_, mut r) = textwash::compress::decompress(data).unwrap();
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

/// A small tree: dirty and clean text, a nested dir, hidden, ignored and binary files.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "in/a.txt", b"[ad_1]\nHello  \n\n\n\nworld\n");
    write(r, "in/sub/b.txt", b"clean line\n");
    write(r, "in/sub/deeper/c.md", b"crlf\r\nlines\r\n");
    write(r, "in/empty.txt", b"");
    write(r, "in/.hidden/h.txt", b"[ad_1]\nhidden\n");
    write(r, "in/skipme.log", b"[ad_1]\nignored\n");
    write(r, "in/.textwashignore", b"*.log\n");
    write(r, "in/image.bin", b"PNG\x00\x01\x02[ad_1]\n");
    t
}

fn files_under(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = walk(root)
        .into_iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn out_mirrors_the_tree() {
    let t = tree();
    let r = t.path();
    let (code, out, err) = run(r, &["in", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        files_under(&r.join("out")),
        ["a.txt", "empty.txt", "sub/b.txt", "sub/deeper/c.md"]
    );
    assert_eq!(read(r, "out/a.txt"), b"Hello\n\nworld\n");
    assert_eq!(read(r, "out/sub/deeper/c.md"), b"crlf\nlines\n");
    assert_eq!(read(r, "out/empty.txt"), b"");
    assert_eq!(err, "textwash: in/image.bin: binary file, skipped\n");
    // The input is untouched.
    assert_eq!(read(r, "in/a.txt"), b"[ad_1]\nHello  \n\n\n\nworld\n");
}

#[test]
fn hidden_no_ignore_and_globs() {
    let t = tree();
    let r = t.path();
    let (code, _, _) = run(r, &["in", "--out", "o1", "--hidden", "--no-ignore", "-q"]);
    assert_eq!(code, 0);
    let got = files_under(&r.join("o1"));
    assert!(got.contains(&".hidden/h.txt".to_string()), "{got:?}");
    assert!(got.contains(&"skipme.log".to_string()), "{got:?}");
    let (code, _, _) = run(r, &["in", "--out", "o2", "--glob", "*.md"]);
    assert_eq!(code, 0);
    assert_eq!(files_under(&r.join("o2")), ["sub/deeper/c.md"]);
    // A file named on the command line is processed even if ignored.
    let (code, out, _) = run(r, &["in/skipme.log"]);
    assert_eq!((code, out.as_str()), (0, "ignored\n"));
}

#[test]
fn directory_without_a_mode_is_a_usage_error() {
    let t = tree();
    let (code, out, err) = run(t.path(), &["in"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("in: is a directory"), "{err}");
}

#[test]
fn check_and_diff_over_a_tree() {
    let t = tree();
    let r = t.path();
    let (code, out, _) = run(r, &["in", "--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "in/a.txt: 1 lines dropped (ad-marker 1), layout (blank-lines 2, trailing-space 1)\n\
         in/sub/deeper/c.md: layout (line-endings 2)\n"
    );
    let (code, out, _) = run(r, &["in/sub/b.txt", "--check"]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(r, &["in", "--diff"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("--- a/in/a.txt\n+++ b/in/a.txt\n@@ -1,6 +1,3 @@\n-[ad_1]\n-Hello  \n"),
        "{out}"
    );
    assert!(out.contains("\n+Hello\n"), "{out}");
    assert!(out.contains("--- a/in/sub/deeper/c.md\n"), "{out}");
    let (code, out, _) = run(r, &["in/sub/b.txt", "--diff"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // Nothing was written.
    assert_eq!(read(r, "in/a.txt"), b"[ad_1]\nHello  \n\n\n\nworld\n");
}

#[test]
fn out_mirrors_permissions_and_fills_existing_directories() {
    let t = tree();
    let r = t.path();
    fs::set_permissions(r.join("in/a.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(r.join("in/sub/b.txt"), fs::Permissions::from_mode(0o604)).unwrap();
    // Bits the usual umask clears are kept too.
    fs::set_permissions(r.join("in/sub/deeper/c.md"), fs::Permissions::from_mode(0o666)).unwrap();
    // The output tree exists in part already (a directory of it, and a file
    // where the mirror of a directory should go).
    fs::create_dir_all(r.join("o/sub")).unwrap();
    write(r, "o/x", b"");
    for jobs in ["1", "2"] {
        let (code, _, err) = run(r, &["in", "--out", "o", "-q", "-j", jobs]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(read(r, "o/a.txt"), b"Hello\n\nworld\n");
        assert_eq!(read(r, "o/sub/deeper/c.md"), b"crlf\nlines\n");
        let mode = |f: &str| fs::metadata(r.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            (mode("o/a.txt"), mode("o/sub/b.txt"), mode("o/sub/deeper/c.md")),
            (0o640, 0o604, 0o666)
        );
    }
    write(r, "in/x/y.txt", b"text\n");
    let (code, _, err) = run(r, &["in", "--out", "o", "-q"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("in/x/y.txt: o/x: File exists"), "{err}");
}

#[test]
fn out_never_overwrites_its_input() {
    let t = tree();
    let r = t.path();
    let (code, _, err) = run(r, &["in/a.txt", "--out", "in"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("in/a.txt: output would overwrite the input"),
        "{err}"
    );
    assert_eq!(read(r, "in/a.txt"), b"[ad_1]\nHello  \n\n\n\nworld\n");
    // Through a link to the input's directory as well.
    std::os::unix::fs::symlink(r.join("in"), r.join("link")).unwrap();
    let (code, _, err) = run(r, &["in/a.txt", "--out", "link"]);
    assert_ne!(code, 0);
    assert!(err.contains("output would overwrite the input"), "{err}");
    assert_eq!(read(r, "in/a.txt"), b"[ad_1]\nHello  \n\n\n\nworld\n");
}

#[test]
fn two_inputs_for_one_output_are_refused() {
    let t = tree();
    let r = t.path();
    write(r, "other/a.txt", b"second\n");
    let (code, _, err) = run(r, &["in/a.txt", "other/a.txt", "--out", "o", "-q"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("other/a.txt: another input already writes o/a.txt"),
        "{err}"
    );
    // The first one named is written.
    assert_eq!(read(r, "o/a.txt"), b"Hello\n\nworld\n");
    // One directory's files never collide, however deep.
    let (code, _, err) = run(r, &["in", "--out", "o2", "-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(r, "o2/sub/b.txt"), b"clean line\n");
}

#[test]
fn output_inside_the_tree_is_not_walked() {
    let t = tree();
    let r = t.path();
    let (code, _, err) = run(r, &["in", "--out", "in/cleaned", "-q"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let first = files_under(&r.join("in/cleaned"));
    assert!(first.contains(&"sub/deeper/c.md".to_string()), "{first:?}");
    // Links into the output, to a directory of it and to a file of it, are
    // the output too: a second run walks none of it.
    symlink(r.join("in/cleaned/sub"), r.join("in/alias")).unwrap();
    symlink(r.join("in/cleaned/a.txt"), r.join("in/l.txt")).unwrap();
    let (code, _, err) = run(r, &["in", "--out", "in/cleaned", "-q"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(files_under(&r.join("in/cleaned")), first);
    // A walk that starts inside the output finds nothing to do.
    let before = files_under(r);
    for (input, out) in [("in", "in"), ("in/sub", "in")] {
        let (code, _, err) = run(r, &[input, "--out", out, "-q"]);
        assert_eq!((code, err.as_str()), (0, ""), "{input} {out}");
        assert_eq!(files_under(r), before, "{input} {out}");
    }
}

#[test]
fn in_place_rewrites_changed_files_only_and_keeps_permissions() {
    let t = tree();
    let r = t.path();
    fs::set_permissions(r.join("in/a.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    let before = fs::metadata(r.join("in/sub/b.txt")).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (code, _, err) = run(r, &["in", "--in-place", "-q"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(read(r, "in/a.txt"), b"Hello\n\nworld\n");
    let mode = fs::metadata(r.join("in/a.txt")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let after = fs::metadata(r.join("in/sub/b.txt")).unwrap().modified().unwrap();
    assert_eq!(before, after, "an unchanged file was rewritten");
    // Idempotent, and no temp files left behind.
    let (code, _, _) = run(r, &["in", "--check"]);
    assert_eq!(code, 0);
    assert!(
        files_under(&r.join("in"))
            .iter()
            .all(|f| !f.contains(".textwash-"))
    );
}

#[test]
fn in_place_failure_mid_write_leaves_the_original() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    // A gzip file whose stream breaks off: the error comes after the temp file was written to.
    let mut broken = packed(Compression::Gzip, &b"[ad_1]\nsome text   \n".repeat(5000));
    broken.truncate(broken.len() / 2);
    write(r, "d/broken.txt.gz", &broken);
    write(r, "d/good.txt", b"[ad_1]\ngood\n");
    let (code, _, err) = run(r, &["d", "--in-place"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("textwash: d/broken.txt.gz: "), "{err}");
    assert_eq!(read(r, "d/broken.txt.gz"), broken);
    assert_eq!(read(r, "d/good.txt"), b"good\n");
    assert_eq!(files_under(&r.join("d")), ["broken.txt.gz", "good.txt"]);
}

#[test]
fn in_place_in_a_read_only_directory() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "ro/f.txt", b"[ad_1]\ntext\n");
    fs::set_permissions(r.join("ro"), fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(r.join("ro/probe"), b"").is_ok() {
        // Running as root: permissions do not block us; nothing to test here.
        fs::remove_file(r.join("ro/probe")).unwrap();
        fs::set_permissions(r.join("ro"), fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let (code, _, err) = run(r, &["ro/f.txt", "--in-place"]);
    fs::set_permissions(r.join("ro"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2);
    assert!(err.contains("ro/f.txt: Permission denied"), "{err}");
    assert_eq!(read(r, "ro/f.txt"), b"[ad_1]\ntext\n");
}

#[test]
fn unreadable_entries_are_errors_and_the_rest_is_done() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "d/ok.txt", b"[ad_1]\nThis one is fine.\n");
    symlink(r.join("nowhere"), r.join("d/dangling.txt")).unwrap();
    let (code, _, err) = run(r, &["d", "--out", "o"]);
    assert_eq!(code, 2);
    assert!(err.contains("dangling.txt"), "{err}");
    assert_eq!(read(r, "o/ok.txt"), b"This one is fine.\n");
    // An output path that cannot be created (a file where a directory must go).
    write(r, "e/sub/x.txt", b"x\n");
    write(r, "e/y.txt", b"y\n");
    write(r, "o2/sub", b"i am a file");
    let (code, _, err) = run(r, &["e", "--out", "o2"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("textwash: e/sub/x.txt: o2/sub"), "{err}");
    assert_eq!(read(r, "o2/y.txt"), b"y\n");
    assert_eq!(read(r, "o2/sub"), b"i am a file");
}

#[test]
fn symlink_loops_do_not_hang() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "d/a/f.txt", b"[ad_1]\nf\n");
    symlink(r.join("d"), r.join("d/a/loop")).unwrap();
    let (code, out, err) = run(r, &["d", "--check"]);
    assert_eq!(code, 2);
    assert!(err.contains("loop"), "{err}");
    assert!(out.contains("d/a/f.txt: 1 lines dropped"), "{out}");
}

#[test]
fn binary_detection_spares_utf16() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    let mut utf16 = vec![0xff, 0xfe];
    for u in "hi  \n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(r, "d/u16.txt", &utf16);
    write(r, "d/bin", b"\x00\x01\x02");
    let (code, _, err) = run(r, &["d", "--out", "o"]);
    assert_eq!(code, 0);
    assert_eq!(read(r, "o/u16.txt"), b"hi\n");
    assert!(!r.join("o/bin").exists());
    assert_eq!(err, "textwash: d/bin: binary file, skipped\n");
    let (_, _, err) = run(r, &["d", "--out", "o3", "-q"]);
    assert_eq!(err, "");
}

#[test]
fn parallel_runs_are_deterministic_and_big_files_work() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    for i in 0..40 {
        write(
            r,
            &format!("d/f{i:02}.txt"),
            format!("[ad_1]\nfile {i}  \n").as_bytes(),
        );
    }
    let big: String = (0..60_000)
        .map(|i| format!("Line {i} of ordinary prose, repeated to make a multi-megabyte file.  \n"))
        .collect();
    write(r, "d/big.txt", big.as_bytes());
    let (c1, out1, _) = run(r, &["d", "--check", "-j", "1"]);
    let (c2, out2, _) = run(r, &["d", "--check", "-j", "2"]);
    assert_eq!((c1, c2), (1, 1));
    assert_eq!(out1, out2);
    let lines: Vec<&str> = out1.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(lines.len(), 41);
    let (code, _, _) = run(r, &["d", "--out", "o", "-j", "2"]);
    assert_eq!(code, 0);
    assert_eq!(read(r, "o/big.txt"), big.replace("  \n", "\n").as_bytes());
}

#[test]
fn report_json_and_fail_on() {
    let t = tree();
    let r = t.path();
    let (code, _, _) = run(r, &["in", "--out", "o", "--report", "report.json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_slice(&read(r, "report.json")).unwrap();
    assert_eq!(v["tool_version"], env!("CARGO_PKG_VERSION"));
    let a = &v["files"][0];
    assert_eq!(a["path"], "in/a.txt");
    assert_eq!(a["dropped"]["ad-marker"], 1);
    assert_eq!(a["lines_in"], 6);
    assert_eq!(a["lines_out"], 3);
    assert_eq!(a["encoding"], "UTF-8");
    assert_eq!(v["totals"]["dropped"]["ad-marker"], 1);
    assert_eq!(v["totals"]["skipped"], 1);
    // To stdout when stdout is free.
    let (code, out, _) = run(r, &["in", "--check", "--report", "-"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["totals"]["changed"], 2);
    let (code, _, err) = run(r, &["in/a.txt", "--report", "-"]);
    assert_eq!(code, 2, "{err}");

    let (code, _, err) = run(r, &["in", "--out", "o2", "--fail-on", "ad-marker"]);
    assert_eq!(code, 1);
    assert!(err.contains("in/a.txt: --fail-on 'ad-marker': 1"), "{err}");
    let (code, _, _) = run(r, &["in", "--out", "o3", "--fail-on", "boilerplate>20%"]);
    assert_eq!(code, 0, "1 of 6 lines is under 20%");
    let (code, _, _) = run(r, &["in", "--out", "o4", "--fail-on", "boilerplate>10%"]);
    assert_eq!(code, 1);
    let (code, _, _) = run(r, &["in", "--out", "o5", "--fail-on", "mojibake"]);
    assert_eq!(code, 0);
    let (code, _, err) = run(r, &["in", "--out", "o6", "--fail-on", "what>"]);
    assert_eq!(code, 2, "{err}");
}

const ODD_JSONL: &str = concat!(
    "{\"id\":1.0e10,\"text\":\"[ad_1]\\nHello  \\u00e9\",\"meta\":{\"k\":\"\\u2603\"}}\n",
    "this is not json\n",
    "{\"id\":2}\n",
    "{\"text\":42,\"x\":-0.0}\r\n",
    "{\"text\":\"already clean\\u00e9\"}\n",
    "\n",
    "[\"array\"]",
);

#[test]
fn jsonl_odd_records() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "data.jsonl", ODD_JSONL.as_bytes());
    let (code, out, err) = run(r, &["data.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let expected = ODD_JSONL.replace("\"[ad_1]\\nHello  \\u00e9\"", "\"Hello  é\"");
    assert_eq!(out, expected);
    assert_eq!(
        err,
        "textwash: data.jsonl:2: invalid JSON record, passed through\n\
         textwash: data.jsonl:3: JSON record lacks the text field, passed through\n\
         textwash: data.jsonl:4: JSON record's text field is not a string, passed through\n\
         textwash: data.jsonl:7: JSON record is not an object, passed through\n"
    );
    let (_, out, _) = run(r, &["data.jsonl", "--drop-invalid", "-q"]);
    assert_eq!(out.lines().count(), 3);
    // stdin with --jsonl, another field, a stats field.
    let input = b"{\"body\":\"x [ad_1]\\n[ad_1]\\ny\",\"n\":1E+2}\n";
    let (code, out, _) = run_in(r, &["--jsonl", "--field", "body", "--stats-field", "tw"], input);
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("{\"body\":\"x [ad_1]\\ny\",\"n\":1E+2,\"tw\":{"),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tw"]["dropped"]["ad-marker"], 1);
}

#[test]
fn gzip_with_several_members_and_zstd() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    let mut gz = packed(Compression::Gzip, b"[ad_1]\nfirst  \n");
    gz.extend(packed(Compression::Gzip, b"second\n"));
    write(r, "d/a.txt.gz", &gz);
    write(
        r,
        "d/b.txt.zst",
        &packed(Compression::Zstd, b"[ad_1]\nzstd text\n"),
    );
    write(
        r,
        "d/c.jsonl.zst",
        &packed(Compression::Zstd, b"{\"text\":\"[ad_1]\\nrec\",\"v\":1.50}\n"),
    );
    // Files keep their compression.
    let (code, _, err) = run(r, &["d", "--out", "o"]);
    assert_eq!(code, 0, "{err}");
    let a = read(r, "o/a.txt.gz");
    assert_eq!(&a[..2], b"\x1f\x8b");
    assert_eq!(unpacked(&a), b"first\nsecond\n");
    let b = read(r, "o/b.txt.zst");
    assert_eq!(&b[..4], b"\x28\xb5\x2f\xfd");
    assert_eq!(unpacked(&b), b"zstd text\n");
    assert_eq!(
        unpacked(&read(r, "o/c.jsonl.zst")),
        b"{\"text\":\"rec\",\"v\":1.50}\n"
    );
    // stdin: detected by magic bytes, stdout plain unless --compress.
    let (code, out, _) = run_in(r, &[], &gz);
    assert_eq!((code, out.as_slice()), (0, &b"first\nsecond\n"[..]));
    let (_, out, _) = run_in(r, &["--compress", "gzip"], &gz);
    assert_eq!(unpacked(&out), b"first\nsecond\n");
    assert_eq!(&out[..2], b"\x1f\x8b");
    // In place, compressed.
    let (code, _, _) = run(r, &["d/b.txt.zst", "--in-place"]);
    assert_eq!(code, 0);
    assert_eq!(unpacked(&read(r, "d/b.txt.zst")), b"zstd text\n");
}

#[test]
fn stdin_cannot_go_in_place() {
    let t = tempfile::tempdir().unwrap();
    let (code, _, err) = run(t.path(), &["-", "--in-place"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn results_come_in_argument_order_then_path_order_whatever_the_walk_finds_first() {
    // The walk hands files to the workers as the directories list them; the
    // results are sorted at the end. Names where byte order and path order
    // differ (`a/…` before `a-b`, a `/` sorts first).
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    let names = [
        "d/ab/4.txt",
        "d/a.b/3.txt",
        "d/a-b/2.txt",
        "d/a/b/5.txt",
        "d/a/1.txt",
    ];
    for (i, n) in names.iter().enumerate() {
        write(r, n, format!("[ad_1]\nfile {i}\n").as_bytes());
    }
    write(r, "z.txt", b"[ad_1]\nlast by name, first by argument\n");
    let want = [
        "z.txt",
        "d/a/1.txt",
        "d/a/b/5.txt",
        "d/a-b/2.txt",
        "d/a.b/3.txt",
        "d/ab/4.txt",
    ];
    for jobs in ["1", "2", "4"] {
        let (code, out, err) = run(r, &["z.txt", "d", "--check", "-j", jobs]);
        assert_eq!(code, 1, "{err}");
        let got: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
        assert_eq!(got, want, "-j {jobs}");
        let (code, report, err) = run(r, &["z.txt", "d", "--check", "-q", "--report", "-", "-j", jobs]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(report_paths(report.as_bytes()), want, "-j {jobs}");
    }
}

#[test]
fn a_bad_glob_is_refused_before_anything_is_written() {
    let t = tree();
    let r = t.path();
    let (code, _, err) = run(r, &["in", "--out", "o", "--glob", "a[", "-j", "2"]);
    assert_eq!(code, 2);
    assert!(err.contains("--glob a["), "{err}");
    assert!(!r.join("o").exists());
    // And stdin among directories, before any of them is cleaned.
    let (code, _, err) = run(r, &["in", "-", "--out", "o"]);
    assert_eq!(code, 2);
    assert!(err.contains("stdin cannot be used"), "{err}");
    assert!(!r.join("o").exists());
}

#[test]
fn a_report_is_put_in_place_whole_and_refused_before_any_file_when_it_cannot_be() {
    let t = tree();
    let r = t.path();
    // Nowhere to write it: refused before anything is cleaned.
    let (code, _, err) = run(r, &["in", "--out", "o", "--report", "no/such/dir/r.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir/r.json: "), "{err}");
    assert!(!r.join("o").exists());
    // Into the tree being walked (hidden files too): the report being
    // written is not an input, and nothing is left beside it.
    let (code, out, err) = run(r, &["in", "--check", "--hidden", "--report", "in/r.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains("r.json") && !out.contains(".textwash"), "{out}");
    let v: serde_json::Value = serde_json::from_slice(&read(r, "in/r.json")).unwrap();
    assert_eq!(v["totals"]["files"], 7, "{v}");
    // A report replaced keeps the permissions of the one it replaces.
    fs::set_permissions(r.join("in/r.json"), fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = run(r, &["in", "--check", "--report", "in/r.json"]);
    assert_eq!(code, 1, "{err}");
    let meta = fs::metadata(r.join("in/r.json")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    let v: serde_json::Value = serde_json::from_slice(&read(r, "in/r.json")).unwrap();
    assert_eq!(v["files"][0]["path"], "in/a.txt");
    let mut names: Vec<String> = fs::read_dir(r.join("in"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".hidden",
            ".textwashignore",
            "a.txt",
            "empty.txt",
            "image.bin",
            "r.json",
            "skipme.log",
            "sub"
        ]
    );
    // Not a regular file (a device): written as it is.
    let (code, _, err) = run(r, &["in", "--check", "--report", "/dev/null"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_check_whose_stdout_closes_ends_quietly() {
    use std::process::{Command, Stdio};
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    // More `--check` lines than a pipe holds.
    for i in 0..3000 {
        write(r, &format!("d/{}/{i}.txt", i % 10), b"[ad_1]\ntext\n");
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("textwash"))
        .current_dir(r)
        .args(["d", "--check", "-j", "2"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"d/0/0.txt: 1 lin");
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!((status.code(), err.as_str()), (Some(0), ""));
}

#[test]
fn in_place_rewrites_a_file_reached_twice_once_and_passes_our_temp_files_by() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(r, "in/a.txt", b"[ad_1]\nkept\n");
    write(r, "in/b.txt", b"clean\n");
    symlink("a.txt", r.join("in/link.txt")).unwrap();
    // A temp file of ours (a run that was killed), hidden files walked.
    write(r, "in/.textwash-x1.tmp", b"[ad_1]\nhalf\n");
    let (code, _, err) = run(
        r,
        &["in", "in/a.txt", "--in-place", "--hidden", "--report", "r.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(r, "in/a.txt"), b"kept\n");
    assert_eq!(report_paths(&read(r, "r.json")), ["in/a.txt", "in/b.txt"]);
    assert_eq!(read(r, "in/.textwash-x1.tmp"), b"[ad_1]\nhalf\n");
}

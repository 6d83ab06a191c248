//! The config file from the command line: discovery upward from the input,
//! --config, --no-config, flags winning over the file, user keep and drop
//! patterns, errors naming file:line, --print-config.

use std::path::Path;

mod common;

/// Runs textwash in `dir` with `args`, `stdin` piped in; returns (code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let (code, out, err) = common::run_bytes(Some(dir), args, stdin.as_bytes());
    (code, String::from_utf8(out).unwrap(), err)
}

/// A fresh directory with a `project/` inside, so that the config files under
/// test are always the nearest ones.
fn project(config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    std::fs::write(root.join("textwash.toml"), config).unwrap();
    (tmp, root)
}

const CONFIG: &str = r#"skip = ["ad-marker"]

[[drop]]
id = "my-footer"
literal = "Copyright ACME Corp"

[[keep]]
regex = "Source link"
"#;

const TEXT: &str =
    "[ad_1]\nReal prose sentence here, with several words.\nCopyright ACME Corp\nSource link\n";

#[test]
fn found_upward_from_a_file_in_a_subdirectory() {
    let (_tmp, root) = project(CONFIG);
    let file = root.join("sub/deeper/a.txt");
    std::fs::write(&file, TEXT).unwrap();
    // From another working directory: discovery starts at the file, not the cwd.
    let (code, out, err) = run_in(_tmp.path(), &[file.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "[ad_1]\nReal prose sentence here, with several words.\nSource link\n"
    );
    // --no-config: the built-in rules only.
    let (code, out, _) = run_in(_tmp.path(), &["--no-config", file.to_str().unwrap()], "");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Real prose sentence here, with several words.\nCopyright ACME Corp\n"
    );
}

#[test]
fn stdin_uses_the_working_directory() {
    let (_tmp, root) = project(CONFIG);
    let (code, out, err) = run_in(&root.join("sub"), &[], TEXT);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "[ad_1]\nReal prose sentence here, with several words.\nSource link\n"
    );
}

#[test]
fn config_flag_overrides_discovery() {
    let (tmp, root) = project("skip = [\"strip\"]\n");
    let other = tmp.path().join("other.toml");
    std::fs::write(&other, CONFIG).unwrap();
    let (code, out, err) = run_in(&root, &["--config", other.to_str().unwrap()], TEXT);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "[ad_1]\nReal prose sentence here, with several words.\nSource link\n"
    );
    let (code, _, err) = run_in(&root, &["--config", "missing.toml"], TEXT);
    assert_eq!(code, 2);
    assert!(err.starts_with("textwash: missing.toml: "), "{err}");
}

#[test]
fn flags_win_over_the_file() {
    let (_tmp, root) = project(CONFIG);
    // The file skips ad-marker; --only ad-marker asks for it.
    let (code, out, _) = run_in(&root, &["--only", "ad-marker"], "[ad_1]\ntext\n");
    assert_eq!(code, 0);
    assert_eq!(out, "text\n");
    // --skip adds to the file's skip.
    let (_, out, _) = run_in(&root, &["--skip", "source-link"], "[ad_1]\ntext\nSource link\n");
    assert_eq!(out, "[ad_1]\ntext\nSource link\n");
    // --preset replaces the file's.
    let (_tmp2, root2) = project("preset = \"datatrove\"\n");
    let (_, out, _) = run_in(&root2, &[], "Source link\ntext  \n");
    assert_eq!(out, "Source link\ntext  \n");
    let (_, out, _) = run_in(&root2, &["--preset", "default"], "Source link\ntext  \n");
    assert_eq!(out, "text\n");
}

#[test]
fn keep_protects_and_drop_is_explained() {
    let (_tmp, root) = project(CONFIG);
    let (code, out, err) = run_in(&root, &["--explain", "--stats"], TEXT);
    assert_eq!(code, 0);
    assert!(out.contains("Source link\n"), "{out}");
    assert!(!out.contains("ACME"), "{out}");
    assert!(
        err.contains("<stdin>:3: my-footer: dropped \"Copyright ACME Corp\""),
        "{err}"
    );
    assert!(err.contains("my-footer"), "{err}");
    assert!(!err.contains("source-link"), "{err}");
}

#[test]
fn thresholds_apply() {
    let config = "[rules.duplicate-line]\nmin_words = 2\n";
    let (_tmp, root) = project(config);
    let text = "Prose sentence that is long enough to count.\nTwo words\nTwo words\n";
    let (_, out, _) = run_in(&root, &[], text);
    assert_eq!(out, "Prose sentence that is long enough to count.\nTwo words\n");
    // The default (6 words) keeps short repeats.
    let (_, out, _) = run_in(&root, &["--no-config"], text);
    assert_eq!(out, text);
}

#[test]
fn errors_name_file_and_line() {
    let (_tmp, root) =
        project("[[drop]]\nid = \"a\"\nliteral = \"x\"\n\n[[drop]]\nid = \"b\"\nregex = \"(\"\n");
    let (code, out, err) = run_in(&root, &[], "text\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("textwash: "), "{err}");
    assert!(
        err.contains("textwash.toml:7: drop[1].regex: regex parse error: "),
        "{err}"
    );

    let (_tmp, root) = project("skip = [\"ad-marker\"]\n\nfrobnicate = true\n");
    let (code, _, err) = run_in(&root, &[], "text\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("textwash.toml:3: unknown field `frobnicate`"),
        "{err}"
    );
}

#[test]
fn print_config() {
    let (_tmp, root) = project(CONFIG);
    let (code, out, err) = run_in(&root.join("sub"), &["--print-config", "--skip", "nfc"], "");
    assert_eq!(code, 0, "{err}");
    let found = root.join("textwash.toml");
    assert!(
        out.starts_with(&format!("# config file: {}\n", found.display())),
        "{out}"
    );
    assert!(out.contains("preset = \"default\""), "{out}");
    assert!(
        out.contains("\"mojibake\"") && !out.contains("\"ad-marker\"") && !out.contains("\"nfc\""),
        "{out}"
    );
    assert!(
        out.contains("[[drop]]\nid = \"my-footer\"\nliteral = \"Copyright ACME Corp\"\nmatch = \"line\""),
        "{out}"
    );
    assert!(out.contains("[[keep]]\nregex = \"Source link\""), "{out}");
    assert!(out.contains("[rules.nav-run]\nmin_lines = 4"), "{out}");
    // The printed configuration is itself a valid config file.
    let printed = _tmp.path().join("printed.toml");
    std::fs::write(&printed, &out).unwrap();
    let (code, again, err) = run_in(
        &root,
        &["--print-config", "--config", printed.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        again.lines().skip(1).collect::<Vec<_>>(),
        out.lines().skip(1).collect::<Vec<_>>()
    );

    let (code, out, _) = run_in(&root, &["--print-config", "--no-config"], "");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# config file: none\n") && out.contains("\"ad-marker\""),
        "{out}"
    );
}

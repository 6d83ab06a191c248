//! Command-line front end: flags → validated settings → library calls → exit code.
//!
//! Exit codes: 0 success; 1 `--check` found something to change; 2 usage,
//! config or I/O error. A closed stdout (`| head`) ends the run quietly with 0.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use textwash::sink::ExplainSink;
use textwash::{Cleaner, Config, Event, Sink, StatsSink, all_rules};

/// Cleans raw text scrapes: repairs mojibake, drops boilerplate lines,
/// normalizes Unicode and whitespace. Reads stdin when no path is given.
#[derive(Parser, Debug)]
#[command(name = "textwash", version, about, max_term_width = 100)]
struct Args {
    /// Files to clean (`-` is stdin); output goes to stdout.
    paths: Vec<PathBuf>,

    /// Start from a preset: default, ftfy (ftfy's fix_text defaults, no stripping) or
    /// datatrove (the conservative ftfy settings of datatrove / NeMo Curator).
    #[arg(long, value_name = "NAME", default_value = "default")]
    preset: String,

    /// Run only these rules or groups (comma-separated ids; groups: repair, strip, normalize).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    only: Option<Vec<String>>,

    /// Do not run these rules or groups (comma-separated).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    skip: Vec<String>,

    /// Decode the input with this encoding instead of detecting it (e.g. windows-1251, latin1, utf-16le).
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,

    /// Print every change to stderr: line number, rule id, before → after or the dropped line.
    #[arg(long)]
    explain: bool,

    /// Print a summary to stderr: lines dropped per rule, repairs per kind.
    #[arg(long)]
    stats: bool,

    /// Write nothing; list the inputs that would change, with counts per rule; exit 1 if any.
    #[arg(long)]
    check: bool,

    /// List every rule with its id, group, description and an example, then exit.
    #[arg(long)]
    list_rules: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if args.list_rules {
        return list_rules();
    }
    let config = match build_config(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("textwash: {msg}");
            return 2;
        }
    };
    let cleaner = Cleaner::new(config);
    let mut inputs: Vec<Input> = args.paths.iter().map(|p| Input::from_arg(p)).collect();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            eprintln!("textwash: no input: give a file, or pipe text into stdin (see --help)");
            return 2;
        }
        inputs.push(Input::Stdin);
    }
    let mut failed = false;
    let mut dirty = false;
    let mut totals = StatsSink::default();
    let stdout = io::stdout();
    for input in &inputs {
        match clean_one(&cleaner, &args, input, &mut stdout.lock(), &mut totals) {
            Ok(changed) => dirty |= changed,
            Err(Failure::BrokenPipe) => return 0,
            Err(Failure::Message(msg)) => {
                eprintln!("textwash: {msg}");
                failed = true;
            }
        }
    }
    if args.stats && !args.quiet {
        print_stats(&totals);
    }
    if failed {
        2
    } else if args.check && dirty {
        1
    } else {
        0
    }
}

fn build_config(args: &Args) -> Result<Config, String> {
    let mut config = Config::preset(&args.preset)
        .map_err(|e| e.to_string())?
        .select(args.only.as_deref(), &args.skip)
        .map_err(|e| e.to_string())?;
    if let Some(label) = &args.encoding {
        config = config.with_encoding_label(label).map_err(|e| e.to_string())?;
    }
    Ok(config)
}

enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn from_arg(p: &Path) -> Input {
        if p.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(p.to_path_buf())
        }
    }

    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

enum Failure {
    BrokenPipe,
    Message(String),
}

/// A sink that feeds several sinks.
struct Tee<'a>(Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn event(&mut self, event: &Event<'_>) {
        for s in &mut self.0 {
            s.event(event);
        }
    }
}

/// Cleans one input; returns whether it changed (for `--check`).
fn clean_one(
    cleaner: &Cleaner,
    args: &Args,
    input: &Input,
    stdout: &mut dyn Write,
    totals: &mut StatsSink,
) -> Result<bool, Failure> {
    let name = input.name();
    let reader: Box<dyn io::Read> = match input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(p) => {
            if p.is_dir() {
                return Err(Failure::Message(format!("{name}: is a directory")));
            }
            Box::new(File::open(p).map_err(|e| Failure::Message(format!("{name}: {}", io_reason(&e))))?)
        }
    };
    let mut stats = StatsSink::default();
    let mut explain =
        (args.explain && !args.quiet).then(|| ExplainSink::new(io::stderr(), format!("{name}:")));
    let mut sinks: Vec<&mut dyn Sink> = vec![&mut stats];
    if let Some(e) = explain.as_mut() {
        sinks.push(e);
    }
    let result = if args.check {
        cleaner.clean_stream(reader, io::sink(), Tee(sinks))
    } else {
        cleaner.clean_stream(reader, &mut *stdout, Tee(sinks))
    };
    if let Some(e) = explain {
        let _ = e.finish();
    }
    merge(totals, &stats);
    match result {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(Failure::BrokenPipe),
        Err(e) => return Err(Failure::Message(format!("{name}: {}", io_reason(&e)))),
    }
    if let Err(e) = stdout.flush() {
        return Err(if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("<stdout>: {}", io_reason(&e)))
        });
    }
    let changed = stats.any_change();
    if args.check && changed && !args.quiet {
        println!("{name}: {}", describe(&stats));
    }
    Ok(changed)
}

fn io_reason(e: &io::Error) -> String {
    let s = e.to_string();
    // "No such file or directory (os error 2)" → without the errno suffix.
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn merge(totals: &mut StatsSink, one: &StatsSink) {
    for (map, add) in [
        (&mut totals.dropped, &one.dropped),
        (&mut totals.changed, &one.changed),
        (&mut totals.layout, &one.layout),
    ] {
        for (k, v) in add {
            *map.entry(k).or_default() += v;
        }
    }
    totals.replacements += one.replacements;
    if totals.encoding.is_none() {
        totals.encoding = one.encoding;
    }
}

fn counts(map: &std::collections::BTreeMap<&'static str, u64>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line: `3 lines dropped (ad-marker 2, source-link 1), 1 repair (mojibake 1)`.
fn describe(s: &StatsSink) -> String {
    let mut parts = Vec::new();
    if !s.dropped.is_empty() {
        parts.push(format!(
            "{} lines dropped ({})",
            s.lines_dropped(),
            counts(&s.dropped)
        ));
    }
    if !s.changed.is_empty() {
        parts.push(format!(
            "{} repairs ({})",
            s.changed.values().sum::<u64>(),
            counts(&s.changed)
        ));
    }
    if !s.layout.is_empty() {
        parts.push(format!("layout ({})", counts(&s.layout)));
    }
    if s.replacements > 0 {
        parts.push(format!("{} invalid byte sequences", s.replacements));
    }
    parts.join(", ")
}

fn print_stats(s: &StatsSink) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "textwash: {} lines dropped", s.lines_dropped());
    for (title, map) in [
        ("dropped", &s.dropped),
        ("changed", &s.changed),
        ("layout", &s.layout),
    ] {
        for (rule, n) in map {
            let _ = writeln!(err, "  {title:<8} {rule:<20} {n}");
        }
    }
    if let Some(enc) = s.encoding {
        let _ = writeln!(
            err,
            "  encoding {enc}, {} invalid sequence(s) replaced",
            s.replacements
        );
    }
}

fn list_rules() -> i32 {
    let mut out = io::stdout().lock();
    for r in all_rules() {
        if writeln!(
            out,
            "{:<22} {:<10} {}\n{:33}e.g. {}",
            r.id,
            r.group.name(),
            r.description,
            "",
            r.example
        )
        .is_err()
        {
            return 0;
        }
    }
    0
}

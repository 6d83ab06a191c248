//! Command-line front end: flags → validated settings → library calls → exit code.
//!
//! Exit codes: 0 success; 1 `--check`/`--diff` found something to change or a
//! `--fail-on` condition held; 2 usage, config or I/O error. A closed stdout (`| head`) ends the run quietly with 0.

mod batch;
mod ordered;
mod report;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::PoisonError;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use textwash::compress::Compression;
use textwash::jsonl::JsonlOptions;
use textwash::{Cleaner, Config, Event, Sink, StatsSink, all_rules};

use batch::{Ctx, FileResult, Job, Mode, Seen, Source, Targets, WalkOpts, process, walk};
use ordered::{Reorder, Returns, Throttle};
use report::FailSpec;

/// Cleans raw text scrapes: repairs mojibake, drops boilerplate lines,
/// normalizes Unicode and whitespace. Reads stdin when no path is given.
///
/// Directories are walked (hidden and git-ignored files and those matched by a
/// `.textwashignore` are skipped, binary files are skipped with a notice) and
/// need --out, --in-place, --check or --diff. gzip and zstd input is detected
/// by its magic bytes; files written with --out/--in-place keep the input's
/// compression, stdout is plain unless --compress says otherwise.
///
/// Exit codes: 0 success; 1 --check/--diff found something to change, or a
/// --fail-on condition held; 2 usage, config or I/O error.
#[derive(Parser, Debug)]
#[command(name = "textwash", version, about, max_term_width = 100)]
struct Args {
    /// Files or directories to clean (`-` is stdin); by default output goes to stdout.
    paths: Vec<PathBuf>,

    /// Start from a preset: default, ftfy (ftfy's fix_text defaults, no stripping) or
    /// datatrove (the conservative ftfy settings of datatrove / NeMo Curator).
    /// Default: the config file's `preset`, else default.
    #[arg(long, value_name = "NAME")]
    preset: Option<String>,

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
    #[arg(long, conflicts_with_all = ["diff", "out", "in_place"])]
    check: bool,

    /// Write nothing; print a unified diff of what would change; exit 1 if any.
    #[arg(long, conflicts_with_all = ["out", "in_place"])]
    diff: bool,

    /// Write cleaned files under DIR, mirroring the input tree (a named file goes to DIR/NAME); each through a temp file and a rename, without fsync.
    #[arg(long, value_name = "DIR", conflicts_with = "in_place")]
    out: Option<PathBuf>,

    /// Rewrite files in place, atomically (temp file, fsync, rename); unchanged files are not touched.
    #[arg(long)]
    in_place: bool,

    /// Also walk hidden files and directories.
    #[arg(long)]
    hidden: bool,

    /// Do not honour .gitignore, .ignore and .textwashignore files.
    #[arg(long)]
    no_ignore: bool,

    /// Only walk files matching GLOB (`!GLOB` excludes); repeatable.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    globs: Vec<String>,

    /// Clean N files at a time (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,

    /// Write a JSON report to FILE (`-`: stdout, only when stdout carries nothing else). Schema: docs/report-schema.md.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// Exit 1 when a file meets SPEC (repeatable). SPEC is TARGET (any occurrence),
    /// TARGET>N (more than N) or TARGET>N% (more than N% of the file's lines; of the
    /// records for `invalid`). TARGET: a rule id (e.g. mojibake, ad-marker), a group
    /// (repair, strip, normalize), boilerplate (= strip), invalid (JSONL records), any.
    /// Example: --fail-on mojibake --fail-on 'boilerplate>5%'
    #[arg(long = "fail-on", value_name = "SPEC", verbatim_doc_comment)]
    fail_on: Vec<String>,

    /// Treat input as JSON Lines (automatic for *.jsonl, *.jsonl.gz, *.jsonl.zst).
    #[arg(long)]
    jsonl: bool,

    /// JSON Lines: the string field to clean.
    #[arg(long, value_name = "NAME", default_value = "text")]
    field: String,

    /// JSON Lines: add a field NAME to each record with its counts per rule.
    #[arg(long, value_name = "NAME")]
    stats_field: Option<String>,

    /// JSON Lines: drop invalid records instead of passing them through.
    #[arg(long)]
    drop_invalid: bool,

    /// Compress stdout: gzip, zstd or none (default: none).
    #[arg(long, value_name = "FORMAT")]
    compress: Option<String>,

    /// Read settings from this config file instead of the textwash.toml found
    /// upward from the (first) input's directory, or the working directory for stdin.
    /// Flags given on the command line win over the file. Format: docs/config.md.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Do not look for a textwash.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,

    /// Print the effective configuration (as TOML, with the config file it came from) and exit.
    #[arg(long)]
    print_config: bool,

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
    match run_args(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("textwash: {msg}");
            2
        }
    }
}

fn run_args(args: &Args) -> Result<i32, String> {
    let (config, preset, source) = build_config(args)?;
    if args.print_config {
        let text = textwash::config::file::to_toml(&config, &preset, source.as_deref());
        let _ = io::stdout().lock().write_all(text.as_bytes());
        return Ok(0);
    }
    let fail_on = args
        .fail_on
        .iter()
        .map(|s| FailSpec::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let stdout_compression = match &args.compress {
        None => Compression::None,
        Some(name) => Compression::from_name(name)
            .ok_or_else(|| format!("--compress '{name}': expected gzip, zstd or none"))?,
    };
    let mode = if args.check {
        Mode::Check
    } else if args.diff {
        Mode::Diff
    } else if args.out.is_some() {
        Mode::Out
    } else if args.in_place {
        Mode::InPlace
    } else {
        Mode::Stdout
    };
    let report_to_stdout = args.report.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if report_to_stdout && matches!(mode, Mode::Stdout | Mode::Diff) {
        return Err("--report -: stdout already carries the output; give a file name".into());
    }
    let inputs = inputs(args, mode)?;
    let threads = args
        .jobs
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Shown only once there are more than 10 files: its length grows as the
    // walk finds them.
    let bar = (mode != Mode::Stdout && !args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    // Opened before any file is cleaned: a report that cannot be written is
    // refused at once.
    let report_out = match &args.report {
        None => None,
        Some(p) => Some(report::Out::open(p).map_err(|e| format!("{}: {}", p.display(), io_reason(&e)))?),
    };
    let skip_file = report_out.as_ref().and_then(report::Out::id);
    let report = report_out.map(|o| report::Writer::new(io::BufWriter::with_capacity(1 << 16, o)));
    let walked = AtomicBool::new(false);
    // Set when stdout has closed in a mode whose product it is: the run ends.
    let stop = AtomicBool::new(false);
    // The walk of a big tree queues no more than about this many jobs ahead
    // of the workers (as the results waiting to be handed on are bounded).
    let throttle = Throttle::new(JOBS_AHEAD);
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = std::sync::Mutex::new(rx);
    let mut collect = Collector {
        args,
        mode,
        fail_on: &fail_on,
        check_lines: mode == Mode::Check && !args.quiet && !report_to_stdout,
        bar: bar.as_ref(),
        stop: &stop,
        stdout_failed: false,
        failed: false,
        gated: false,
        dirty: false,
        totals: args.stats.then(StatsSink::default),
        report,
    };
    // Each result goes back to the worker that made it, to be freed there
    // (see `Returns`); the workers are numbered from 0, this thread first.
    let returns = Returns::new(if mode == Mode::Stdout { 1 } else { threads });
    // And each job goes back to the walk, which made it.
    let jobs_back = Returns::new(1);
    let jobs_back = &jobs_back;
    let reorder = Reorder::new(RESULTS_WAITING, |(from, r): (usize, FileResult)| {
        collect.take(&r);
        returns.give(from, r);
    });
    let (bar, walked, stop, order, throttle, returns) = (&bar, &walked, &stop, &reorder, &throttle, &returns);
    let inputs = &inputs;
    // The inputs are walked on a thread of their own and each file found is
    // queued for the workers at once: cleaning starts while the walk goes on
    // (waiting for the whole walk was a twelfth of a 3,000-file run at -j 2,
    // with one core idle). The rules are compiled on this thread meanwhile:
    // its allocator grows its heap in few steps, where a spawned thread's grew
    // a page range at a time (540 `mprotect` calls before the first file).
    // Whether the walk met errors.
    let walk_failed = std::thread::scope(|s| {
        let planning = s.spawn(move || {
            let mut spent = Vec::new();
            let failed = plan_jobs(args, mode, inputs, skip_file, |job| {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                if let Some(b) = bar {
                    b.inc_length(1);
                    if b.length() == Some(11) {
                        b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                }
                // Counted before it is sent, so never taken before it is counted.
                throttle.queued();
                // Fails only when the workers have stopped.
                let _ = tx.send(job);
                jobs_back.free(0, &mut spent);
            });
            walked.store(true, Ordering::Release);
            failed
        });
        // Never dropped (and so shared with the workers as they are): the
        // process ends right after this run, and freeing the compiled automata
        // first cost 2% of a run's start-up work (the operating system takes
        // the memory back at once). Only `main` calls this, once.
        let cleaner: &'static Cleaner = Box::leak(Box::new(Cleaner::new(config)));
        let ctx: &'static Ctx = Box::leak(Box::new(Ctx {
            cleaner,
            mode,
            explain: args.explain && !args.quiet,
            jsonl: args.jsonl,
            jsonl_opts: JsonlOptions {
                field: args.field.clone(),
                stats_field: args.stats_field.clone(),
                drop_invalid: args.drop_invalid,
            },
            stdout_compression,
            want_changed: args.report.is_some() || !fail_on.is_empty(),
            want_stats: args.stats
                || args.report.is_some()
                || !fail_on.is_empty()
                || matches!(mode, Mode::Check | Mode::Diff),
            made_dirs: Default::default(),
        }));
        let rx = &rx;
        let next = move || {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let job = rx.lock().unwrap_or_else(PoisonError::into_inner).recv().ok()?;
            throttle.taken();
            Some(job)
        };
        // A job that panics never puts its result: the other workers would
        // wait for it, and the walk for them, and the run would hang instead
        // of reporting the panic.
        let give_up = move || {
            stop.store(true, Ordering::Relaxed);
            order.break_off();
            throttle.close();
        };
        if mode == Mode::Stdout {
            // Sequential: outputs are concatenated on stdout as they come.
            let _guard = OnPanic(give_up);
            let stdout = io::stdout();
            let mut spent = Vec::new();
            batch::forget_dirs();
            while let Some(job) = next() {
                let mut lock = stdout.lock();
                let r = process(ctx, &job, Some(&mut lock));
                drop(lock);
                order.put(job.seq, (0, r));
                returns.free(0, &mut spent);
                jobs_back.give(0, job);
            }
        } else {
            let work = move |me: usize| {
                let _guard = OnPanic(give_up);
                let mut spent = Vec::new();
                batch::forget_dirs();
                while let Some(job) = next() {
                    let r = process(ctx, &job, None);
                    if let Some(b) = bar {
                        b.inc(1);
                    }
                    order.put(job.seq, (me, r));
                    returns.free(me, &mut spent);
                    jobs_back.give(0, job);
                }
            };
            let helpers: Vec<_> = (1..threads).map(|me| s.spawn(move || work(me))).collect();
            // While a tree is walked, build the matchers lines would build on
            // first use: this thread's share of the files then starts with
            // them, instead of one worker building while the others wait. (Not
            // for one file: a short one may need none of them.)
            let tree = inputs.len() > 1 || inputs.first().is_some_and(|p| p.is_dir());
            while tree && !walked.load(Ordering::Acquire) && cleaner.prepare_next() {}
            work(0);
            for h in helpers {
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            }
        }
        // Stopped early: what the walk still queues is let through.
        while rx.lock().unwrap_or_else(PoisonError::into_inner).recv().is_ok() {
            throttle.taken();
        }
        planning.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    drop(reorder);
    if stop.load(Ordering::Relaxed) {
        return Ok(0);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut failed = walk_failed | collect.failed;
    if collect.mode != Mode::Stdout
        && let Err(e) = io::stdout().lock().flush()
        && e.kind() == io::ErrorKind::BrokenPipe
    {
        return Ok(0);
    }
    if let (Some(w), Some(path)) = (collect.report.take(), &args.report) {
        let written = w
            .finish()
            .and_then(|b| b.into_inner().map_err(io::IntoInnerError::into_error))
            .and_then(report::Out::close);
        if let Err(e) = written
            && !(report_to_stdout && e.kind() == io::ErrorKind::BrokenPipe)
        {
            eprintln!("textwash: {}: {}", path.display(), io_reason(&e));
            failed = true;
        }
    }
    if let Some(totals) = &collect.totals
        && !args.quiet
    {
        print_stats(totals);
    }
    Ok(if failed {
        2
    } else if collect.dirty || collect.gated {
        1
    } else {
        0
    })
}

/// Runs its function if dropped while the thread panics.
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

/// How many jobs the walk queues ahead of the workers, at most.
const JOBS_AHEAD: usize = 1024;

/// How many results wait, at most (about), for an earlier one still being
/// cleaned before the workers wait too: a few hundred kilobytes, and room
/// for the other workers to go on through many small files meanwhile.
const RESULTS_WAITING: usize = 1024;

/// What becomes of each result, in order, as soon as all before it are in:
/// its messages printed, its `--check` line or diff written, its
/// `--fail-on` gates checked, and it is counted into the totals and the
/// report. Then it goes back to the worker that made it, to be freed there
/// (see `Returns`): a run keeps no result per file.
struct Collector<'a> {
    args: &'a Args,
    mode: Mode,
    fail_on: &'a [FailSpec],
    /// Whether `--check` prints a line per file that would change.
    check_lines: bool,
    bar: Option<&'a indicatif::ProgressBar>,
    /// Set when stdout closed where it carries the product: nothing more is
    /// done or said.
    stop: &'a AtomicBool,
    /// Stdout failed (not closed): nothing more is written to it.
    stdout_failed: bool,
    failed: bool,
    gated: bool,
    dirty: bool,
    /// `--stats`: the counts of all files.
    totals: Option<StatsSink>,
    report: Option<report::Writer<io::BufWriter<report::Out>>>,
}

impl Collector<'_> {
    fn take(&mut self, r: &FileResult) {
        if self.stop.load(Ordering::Relaxed) {
            return;
        }
        if r.broken_pipe {
            self.stop.store(true, Ordering::Relaxed);
            return;
        }
        let args = self.args;
        let text = match (self.mode, &r.diff) {
            (Mode::Diff, Some(d)) => Some(std::borrow::Cow::Borrowed(d.as_str())),
            (Mode::Check, _) if r.changed && self.check_lines => {
                Some(format!("{}: {}\n", r.name, describe_result(r)).into())
            }
            _ => None,
        };
        let gates: Vec<(&FailSpec, String)> = self
            .fail_on
            .iter()
            .filter_map(|spec| spec.check(r).map(|why| (spec, why)))
            .collect();
        self.gated |= !gates.is_empty();
        let loud = r.error.is_some()
            || (!args.quiet && (!r.notes.is_empty() || r.binary || !gates.is_empty()))
            || text.is_some();
        let mut say = || {
            print_result(args, r);
            if let Some(text) = text.as_deref().filter(|_| !self.stdout_failed)
                && let Err(e) = io::stdout().lock().write_all(text.as_bytes())
            {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    self.stop.store(true, Ordering::Relaxed);
                    return;
                }
                eprintln!("textwash: <stdout>: {}", io_reason(&e));
                self.failed = true;
                self.stdout_failed = true;
            }
            if !args.quiet {
                for (spec, why) in &gates {
                    eprintln!("textwash: {}: --fail-on '{}': {why}", r.name, spec.text);
                }
            }
        };
        match self.bar {
            // Drawn on stderr: put away while the lines are printed.
            Some(b) if loud && !b.is_hidden() => b.suspend(say),
            _ if loud => say(),
            _ => {}
        }
        if self.stop.load(Ordering::Relaxed) {
            return;
        }
        self.failed |= r.error.is_some();
        self.dirty |= matches!(self.mode, Mode::Check | Mode::Diff) && r.changed;
        if let Some(w) = &mut self.report {
            w.add(r);
        }
        if let Some(t) = &mut self.totals {
            merge(t, &r.stats);
        }
    }
}

/// The inputs of a run (`-` for stdin), refused as a whole before any is
/// cleaned when one cannot be used in this mode, or a `--glob` is malformed.
fn inputs(args: &Args, mode: Mode) -> Result<Vec<&Path>, String> {
    let mut inputs: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            return Err("no input: give a file, or pipe text into stdin (see --help)".into());
        }
        inputs.push(Path::new("-"));
    }
    for p in &inputs {
        if p.as_os_str() == "-" {
            if matches!(mode, Mode::Out | Mode::InPlace) {
                return Err("stdin cannot be used with --out or --in-place".into());
            }
        } else if mode == Mode::Stdout && p.is_dir() {
            return Err(format!(
                "{}: is a directory: give --out DIR, --in-place, --check or --diff",
                p.display()
            ));
        }
    }
    batch::overrides(Path::new("."), &args.globs)?;
    Ok(inputs)
}

/// Plans the jobs of a run and hands each to `emit` as the walk finds it,
/// numbered from 0 in the order of their results (arguments, each
/// directory's files by path). Walk errors are printed as they come;
/// returns whether there were any. The walk passes by
/// `skip_file` (device and inode numbers: the report being written).
fn plan_jobs(
    args: &Args,
    mode: Mode,
    inputs: &[&Path],
    skip_file: Option<(u64, u64)>,
    mut emit: impl FnMut(Job),
) -> bool {
    let mut failed = false;
    let exclude = args.out.as_deref().and_then(|o| std::fs::canonicalize(o).ok());
    let walk_opts = WalkOpts {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        globs: &args.globs,
        exclude,
        skip_file,
    };
    let mut seq = 0;
    let mut emit = |mut job: Job| {
        job.seq = seq;
        seq += 1;
        emit(job);
    };
    // Of two `--out` inputs that write one output the first wins, and
    // `--in-place` rewrites a file reached twice (named and walked, or through
    // a link) once: the jobs come in order, so the first met is the one kept.
    let mut targets = args.out.as_deref().map(|o| Targets::new(o, inputs.len()));
    let mut rewritten = (mode == Mode::InPlace).then(Seen::default);
    let mut send = |mut job: Job| {
        if let (Some(seen), Source::File(p)) = (&mut rewritten, &job.source) {
            // The resolved path is the job's target: the file rewritten.
            job.target = std::fs::canonicalize(p).ok();
            if !seen.insert(job.target.as_deref().unwrap_or(p)) {
                return;
            }
        }
        if let Some(t) = &mut targets {
            t.plan(&mut job);
        }
        emit(job);
    };
    for &p in inputs {
        let job = |source, named, target| Job {
            source,
            named,
            target,
            planned_error: None,
            seq: 0,
        };
        if p.as_os_str() == "-" {
            send(job(Source::Stdin, true, None));
        } else if p.is_dir() {
            let found = |f: PathBuf| {
                let rel = f.strip_prefix(p).map(Path::to_path_buf).ok();
                send(job(Source::File(f), false, rel));
            };
            let walked = walk(p, &walk_opts, found, |e| {
                eprintln!("textwash: {e}");
                failed = true;
            });
            if let Err(e) = walked {
                eprintln!("textwash: {e}");
                failed = true;
            }
        } else {
            send(job(
                Source::File(p.to_path_buf()),
                true,
                p.file_name().map(PathBuf::from),
            ));
        }
    }
    failed
}

fn print_result(args: &Args, r: &FileResult) {
    let mut err = io::stderr().lock();
    if !args.quiet {
        let _ = err.write_all(&r.notes);
        if r.binary {
            let _ = writeln!(err, "textwash: {}: binary file, skipped", r.name);
        }
    }
    if let Some(e) = &r.error {
        let _ = writeln!(err, "textwash: {e}");
    }
}

/// The `--check` line for a file: counts per rule, or what else changed.
fn describe_result(r: &FileResult) -> String {
    let mut d = describe(&r.stats);
    if let Some(enc) = r.stats.encoding.filter(|e| *e != "UTF-8") {
        if !d.is_empty() {
            d.push_str(", ");
        }
        d.push_str(&format!("re-encoded from {enc}"));
    }
    if let Some(j) = r.jsonl.filter(|j| j.invalid > 0) {
        if !d.is_empty() {
            d.push_str(", ");
        }
        d.push_str(&format!("{} invalid records", j.invalid));
    }
    if d.is_empty() {
        d.push_str("bytes change (byte order mark)");
    }
    d
}

/// The config file to read: `--config`, else the nearest textwash.toml above
/// the first input (its directory; the working directory for stdin).
fn config_path(args: &Args) -> Option<PathBuf> {
    if args.no_config {
        return None;
    }
    if let Some(p) = &args.config {
        return Some(p.clone());
    }
    let start = match args.paths.first() {
        None => PathBuf::from("."),
        Some(p) if p.as_os_str() == "-" => PathBuf::from("."),
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    textwash::config::file::discover(&start)
}

/// Settings from the config file and the flags; flags win: `--preset` replaces
/// the file's preset, `--only` replaces the file's `only` and `skip`, `--skip`
/// adds to the file's `skip`. Returns the config, the preset name and the file used.
fn build_config(args: &Args) -> Result<(Config, String, Option<PathBuf>), String> {
    let source = config_path(args);
    let file = source
        .as_deref()
        .map(textwash::config::file::ConfigFile::load)
        .transpose()
        .map_err(|e| e.to_string())?;
    let preset = args
        .preset
        .clone()
        .or_else(|| file.as_ref().and_then(|f| f.preset.clone()))
        .unwrap_or_else(|| "default".to_string());
    let (only, mut skip) = match (&args.only, &file) {
        (Some(only), _) => (Some(only.clone()), Vec::new()),
        (None, Some(f)) => (f.only.clone(), f.skip.clone()),
        (None, None) => (None, Vec::new()),
    };
    skip.extend(args.skip.iter().cloned());
    let mut config = Config::preset(&preset)
        .map_err(|e| e.to_string())?
        .select(only.as_deref(), &skip)
        .map_err(|e| e.to_string())?;
    if let Some(f) = file {
        config = config.with_user_rules(f.user);
    }
    if let Some(label) = &args.encoding {
        config = config.with_encoding_label(label).map_err(|e| e.to_string())?;
    }
    Ok((config, preset, source))
}

/// A sink that feeds several sinks.
pub(crate) struct Tee<'a>(pub(crate) Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn event(&mut self, event: &Event<'_>) {
        for s in &mut self.0 {
            s.event(event);
        }
    }

    fn wants_text(&self) -> bool {
        self.0.iter().any(|s| s.wants_text())
    }
}

/// Counts events per rule like [`StatsSink`], but keyed by the id's address
/// (rule ids are `&'static str`s): a few pointer compares per event instead
/// of a string-keyed map lookup, which showed in profiles of clean text.
#[derive(Default)]
pub(crate) struct Counts {
    /// (kind, rule id, count); kinds: 0 dropped, 1 changed, 2 layout.
    slots: Vec<(u8, &'static str, u64)>,
    /// The slot bumped last.
    last: usize,
    encoding: Option<&'static str>,
    replacements: u64,
}

impl Counts {
    fn bump(&mut self, kind: u8, rule: &'static str) {
        // The last slot hit first (runs of one event), then the rest.
        if let Some(slot) = self.slots.get_mut(self.last)
            && slot.0 == kind
            && std::ptr::eq(slot.1, rule)
        {
            slot.2 += 1;
            return;
        }
        match self
            .slots
            .iter()
            .position(|s| s.0 == kind && std::ptr::eq(s.1, rule))
        {
            Some(i) => {
                self.slots[i].2 += 1;
                self.last = i;
            }
            None => {
                self.last = self.slots.len();
                self.slots.push((kind, rule, 1));
            }
        }
    }

    /// The same counts as a [`StatsSink`] (ids with equal text merged).
    pub(crate) fn into_stats(self) -> StatsSink {
        let mut s = StatsSink {
            encoding: self.encoding,
            replacements: self.replacements,
            ..StatsSink::default()
        };
        for (kind, rule, n) in self.slots {
            let map = match kind {
                0 => &mut s.dropped,
                1 => &mut s.changed,
                _ => &mut s.layout,
            };
            *map.entry(rule).or_default() += n;
        }
        s
    }
}

impl Sink for Counts {
    fn event(&mut self, event: &Event<'_>) {
        match *event {
            Event::Decoded {
                encoding,
                replacements,
            } => {
                self.encoding = Some(encoding);
                self.replacements += replacements;
            }
            Event::Dropped { rule, .. } => self.bump(0, rule),
            Event::Changed { rule, .. } => self.bump(1, rule),
            Event::Layout { rule, .. } => self.bump(2, rule),
        }
    }

    fn wants_text(&self) -> bool {
        false
    }
}

pub(crate) fn io_reason(e: &io::Error) -> String {
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

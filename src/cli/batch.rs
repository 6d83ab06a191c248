//! Many inputs: directory walking, per-file jobs run in parallel, atomic
//! in-place rewrites, mirrored output trees, `--check` and `--diff`.
//!
//! Every job turns into a [`FileResult`]; jobs print nothing themselves, so
//! the results can be printed in a deterministic order (argument order, each
//! directory's files sorted by path) whatever the scheduling. A failing file is
//! a result with an error message, never an abort; nothing is ever deleted
//! except our own temp files.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use textwash::compress::{self, Compression, Compressor};
use textwash::jsonl::{self, JsonlOptions, JsonlSummary};
use textwash::sink::{ExplainSink, NullSink};
use textwash::{Cleaner, Sink, StatsSink};

use super::{Counts, Tee, io_reason};

/// How many leading bytes are examined for a NUL byte (as ripgrep does).
const BINARY_SNIFF: usize = 8 * 1024;

/// Where one input comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// One input to clean.
#[derive(Debug, Clone)]
pub struct Job {
    pub source: Source,
    /// Named on the command line (always processed, never skipped as binary).
    pub named: bool,
    /// For `--out`: the path of the output file. For `--in-place`: the
    /// file's resolved path, found while planning (`None` if it could not be).
    pub target: Option<PathBuf>,
    /// An error found while planning (e.g. two inputs for one output).
    pub planned_error: Option<String>,
    /// Its number in the order of the results (see `Reorder`).
    pub seq: usize,
}

impl Job {
    pub fn name(&self) -> String {
        match &self.source {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// What happens to the cleaned output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Concatenated on stdout.
    Stdout,
    /// Nothing written; report what would change.
    Check,
    /// A unified diff on stdout.
    Diff,
    /// A mirrored tree under `--out`.
    Out,
    /// Files rewritten atomically.
    InPlace,
}

/// Settings shared by all jobs.
pub struct Ctx<'a> {
    pub cleaner: &'a Cleaner,
    pub mode: Mode,
    pub explain: bool,
    pub jsonl: bool,
    pub jsonl_opts: JsonlOptions,
    /// Compression of stdout (`--compress`); files keep their input's compression.
    pub stdout_compression: Compression,
    /// Whether [`FileResult::changed`] is needed in [`Mode::Stdout`] (a report or `--fail-on`).
    pub want_changed: bool,
    /// Whether [`FileResult::stats`] is read (`--stats`, `--check`, `--diff`, a
    /// report, `--fail-on`); when not, plain text is cleaned with no sink at all.
    pub want_stats: bool,
    /// Output directories made (or found) so far in [`Mode::Out`]: each is
    /// made once, not once per file in it (two system calls per file saved).
    /// (as bytes: hashing a `Path` parses it into components, under the lock)
    pub made_dirs: std::sync::Mutex<HashSet<std::ffi::OsString>>,
}

impl Ctx<'_> {
    /// Whether the input and output are hashed, to tell whether a file changed.
    fn hashes(&self) -> bool {
        self.mode != Mode::Stdout || self.want_changed
    }
}

/// What happened to one input.
#[derive(Debug, Default)]
pub struct FileResult {
    pub name: String,
    pub error: Option<String>,
    pub broken_pipe: bool,
    pub binary: bool,
    pub stats: StatsSink,
    pub changed: bool,
    pub compression: Compression,
    pub jsonl: Option<JsonlSummary>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub lines_in: u64,
    pub lines_out: u64,
    pub output: Option<PathBuf>,
    /// `--explain` lines and JSONL notices, printed to stderr in order.
    pub notes: Vec<u8>,
    pub diff: Option<String>,
}

/// Walk options.
pub struct WalkOpts<'a> {
    pub hidden: bool,
    pub no_ignore: bool,
    pub globs: &'a [String],
    /// Skip everything under this (canonical) directory: our own output.
    pub exclude: Option<PathBuf>,
    /// Skip the file of this device and inode number: our own report, being written.
    pub skip_file: Option<(u64, u64)>,
}

/// Walks the files under `root`, handing each to `file` and each error met on
/// the way to `error`, as they are found: in [`path_order`] (each
/// directory's entries sorted by name, byte by byte, and walked depth
/// first), so the jobs of a walk can start while it goes on and their
/// results still be handed on in order as they finish.
pub fn walk(
    root: &Path,
    opts: &WalkOpts<'_>,
    mut file: impl FnMut(PathBuf),
    mut error: impl FnMut(String),
) -> Result<(), String> {
    let mut b = ignore::WalkBuilder::new(root);
    b.hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(true)
        // Depth first with the names in byte order is path order: a name
        // that is a prefix of another sorts first, and so do the paths under it.
        .sort_by_file_name(|a, b| a.cmp(b));
    if !opts.no_ignore {
        b.add_custom_ignore_filename(".textwashignore");
    }
    if !opts.globs.is_empty() {
        b.overrides(overrides(root, opts.globs)?);
    }
    // Our own output is pruned where the walk enters it: a directory whose
    // real path is under it, or a link to a file in it. A plain file's real
    // path is then its directory's plus its name: it needs no look of its own
    // (resolving every file's path read every link along it, 15 system calls
    // a file before the first one was cleaned). When the walk starts inside
    // the output (or the output is not a directory), every file is looked at.
    let mut per_file = None;
    if let Some(ex) = opts.exclude.clone() {
        if ex.is_dir() && !fs::canonicalize(root).is_ok_and(|c| c.starts_with(&ex)) {
            b.filter_entry(move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !((is_dir || e.path_is_symlink())
                    && fs::canonicalize(e.path()).is_ok_and(|c| c.starts_with(&ex)))
            });
        } else {
            per_file = Some(ex);
        }
    }
    for entry in b.build() {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) || is_temp_name(e.file_name()) {
                    continue;
                }
                if let Some(ex) = &per_file
                    && fs::canonicalize(e.path()).is_ok_and(|c| c.starts_with(ex))
                {
                    continue;
                }
                #[cfg(unix)]
                if let Some((dev, ino)) = opts.skip_file
                    && e.ino() == Some(ino)
                    && fs::metadata(e.path()).is_ok_and(|m| std::os::unix::fs::MetadataExt::dev(&m) == dev)
                {
                    continue;
                }
                file(e.into_path());
            }
            Err(err) => error(walk_error(&err)),
        }
    }
    Ok(())
}

/// Whether `name` is one of our own temp files' (see [`atomic_write`]):
/// never an input, even with `--hidden` (an `--in-place` run writes them
/// while it walks, in directories reached through a link maybe not walked yet).
fn is_temp_name(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(TEMP_PREFIX.as_bytes()) && name.ends_with(TEMP_SUFFIX.as_bytes())
}

/// Our temp files' names: a hidden name, so that walks pass them by.
const TEMP_PREFIX: &str = ".textwash-";
const TEMP_SUFFIX: &str = ".tmp";

/// The `--glob` patterns as the walker's overrides, relative to `root`.
pub fn overrides(root: &Path, globs: &[String]) -> Result<ignore::overrides::Override, String> {
    let mut ob = ignore::overrides::OverrideBuilder::new(root);
    for g in globs {
        ob.add(g).map_err(|e| format!("--glob {g}: {e}"))?;
    }
    ob.build().map_err(|e| e.to_string())
}

fn walk_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, err } => format!("{}: {}", path.display(), walk_error(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error(err),
        ignore::Error::Loop { child, ancestor } => format!(
            "{}: symlink loop (points to its ancestor {}), skipped",
            child.display(),
            ancestor.display()
        ),
        ignore::Error::Io(e) => io_reason(e),
        other => other.to_string(),
    }
}

/// A fast 64-bit hash of a byte stream that does not depend on how the stream
/// is chunked (SipHash was a fifth of the run time on clean text). Only used to
/// tell "output differs from input", together with the lengths. Four
/// independent lanes over 32-byte blocks, so the multiplies overlap.
#[derive(Default)]
struct StreamHash {
    lanes: [u64; 4],
    tail: [u8; 32],
    tail_len: usize,
}

impl StreamHash {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    #[inline(always)]
    fn mix(lane: &mut u64, word: u64) {
        *lane = (lane.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }

    #[inline(always)]
    fn block(&mut self, b: &[u8]) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            let w = u64::from_le_bytes(b[8 * k..8 * k + 8].try_into().expect("8 bytes"));
            Self::mix(lane, w);
        }
    }

    fn update(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (32 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 32 {
                return;
            }
            let tail = self.tail;
            self.block(&tail);
            self.tail_len = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for b in &mut blocks {
            self.block(b);
        }
        let rest = blocks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    fn finish(&self) -> u64 {
        let mut h = self.tail_len as u64;
        for &lane in &self.lanes {
            Self::mix(&mut h, lane);
        }
        for chunk in self.tail[..self.tail_len].chunks(8) {
            let mut last = [0u8; 8];
            last[..chunk.len()].copy_from_slice(chunk);
            Self::mix(&mut h, u64::from_le_bytes(last));
        }
        h ^= h >> 29;
        h.wrapping_mul(Self::K)
    }
}

/// Hashes what passes through, to tell whether output equals input without
/// keeping either; optionally keeps a copy (for `--diff`).
struct Tap<T> {
    inner: T,
    /// None when nobody asks whether the output changed (plain stdout runs):
    /// hashing both streams was a twentieth of the run time on clean text.
    hash: Option<StreamHash>,
    len: u64,
    keep: Option<Vec<u8>>,
}

impl<T> Tap<T> {
    fn new(inner: T, keep: bool, hash: bool) -> Self {
        Tap {
            inner,
            hash: hash.then(StreamHash::default),
            len: 0,
            keep: keep.then(Vec::new),
        }
    }

    fn note(&mut self, bytes: &[u8]) {
        if let Some(h) = &mut self.hash {
            h.update(bytes);
        }
        self.len += bytes.len() as u64;
        if let Some(k) = &mut self.keep {
            k.extend_from_slice(bytes);
        }
    }

    fn digest(&self) -> (u64, u64) {
        (self.len, self.hash.as_ref().map_or(0, StreamHash::finish))
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tap<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // Note the bytes before they go.
        if let Ok(buf) = self.inner.fill_buf() {
            let bytes = buf[..amt.min(buf.len())].to_vec();
            self.note(&bytes);
        }
        self.inner.consume(amt);
    }
}

impl<W: Write> Write for Tap<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether the first bytes look binary: a NUL byte, unless a UTF-16 BOM says text.
pub fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return false;
    }
    memchr::memchr(0, head).is_some()
}

fn is_jsonl_name(name: &str) -> bool {
    [".jsonl", ".jsonl.gz", ".jsonl.zst"]
        .iter()
        .any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// Cleans one input as `ctx.mode` says. `stdout` is used in [`Mode::Stdout`] only.
pub fn process(ctx: &Ctx<'_>, job: &Job, stdout: Option<&mut dyn Write>) -> FileResult {
    let mut res = FileResult {
        name: job.name(),
        ..Default::default()
    };
    if let Some(e) = &job.planned_error {
        res.error = Some(e.clone());
        return res;
    }
    if let Err(e) = run_job(ctx, job, stdout, &mut res) {
        if e.kind() == io::ErrorKind::BrokenPipe && ctx.mode == Mode::Stdout {
            res.broken_pipe = true;
        } else if res.error.is_none() {
            res.error = Some(error_text(&res.name, &e));
        }
    }
    res
}

/// Files shorter than this are read whole into a buffer the thread keeps and
/// cleaned from it (see [`Cleaner::clean_bytes`]): the buffered reader, the
/// sniffing and the copies of a stream cost more than cleaning a small file
/// did (most of a scraped tree). At this size the decoder would still be
/// sniffing the encoding: the whole file is what it decides on either way.
const WHOLE_BELOW: usize = textwash::input::SNIFF_LEN;

thread_local! {
    /// The buffer small files are read into (one per worker thread).
    static WHOLE_BUF: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The input of a job: a small file read whole, or a stream that hashes
/// (and for `--diff` keeps) what passes through it.
enum Input<'a, R> {
    Whole(&'a [u8]),
    Stream(Tap<R>),
}

impl<R> Input<'_, R> {
    /// Length and hash of the input, to compare with the output's (the
    /// hash 0 unless `hash`, as a [`Tap`] made without one).
    fn digest(&self, hash: bool) -> (u64, u64) {
        match self {
            Input::Whole(b) if hash => {
                let mut h = StreamHash::default();
                h.update(b);
                (b.len() as u64, h.finish())
            }
            Input::Whole(b) => (b.len() as u64, 0),
            Input::Stream(t) => t.digest(),
        }
    }

    /// The input's bytes, for `--diff` (a stream keeps them when asked to).
    fn kept(&self) -> &[u8] {
        match self {
            Input::Whole(b) => b,
            Input::Stream(t) => t.keep.as_deref().unwrap_or_default(),
        }
    }
}

/// Reads `file` (of `len` bytes by its metadata, less than [`WHOLE_BELOW`])
/// into `buf`; returns how many bytes were read, and whether that is all of
/// it (not when the file has grown since). `buf` only ever grows, to one
/// byte more than the longest file so far: zeroing all of it up front was
/// 2% of a one-line run. The read that would return 0 at the end is skipped
/// once `len` bytes are in.
fn read_whole(file: &mut File, len: u64, buf: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    let room = len as usize + 1;
    if buf.len() < room {
        buf.resize(room, 0);
    }
    let mut n = 0;
    while n < room {
        match file.read(&mut buf[n..room]) {
            Ok(0) => return Ok((n, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        if n as u64 == len {
            return Ok((n, true));
        }
    }
    Ok((n, false))
}

fn run_job(ctx: &Ctx<'_>, job: &Job, stdout: Option<&mut dyn Write>, res: &mut FileResult) -> io::Result<()> {
    // The opened file's metadata answers "a directory?" and gives the
    // permissions a mirror keeps: one fstat instead of two lookups by path.
    let mut perms = None;
    let raw: Box<dyn Read> = match &job.source {
        Source::Stdin => Box::new(io::stdin().lock()),
        Source::File(p) => {
            let mut file = open_input(p)?;
            let meta = file.metadata()?;
            if meta.is_dir() {
                return Err(io::Error::other("is a directory"));
            }
            perms = Some(meta.permissions());
            if meta.is_file() && meta.len() < WHOLE_BELOW as u64 {
                let mut buf = WHOLE_BUF.take();
                let done = match read_whole(&mut file, meta.len(), &mut buf) {
                    Ok((n, true)) if Compression::sniff(&buf[..n]) == Compression::None => {
                        run_whole(ctx, job, &buf[..n], perms, stdout, res)
                    }
                    Ok((n, _)) => {
                        // Compressed, or grown while it was read: as a stream.
                        let head = io::Cursor::new(buf[..n].to_vec());
                        run_stream(ctx, job, Box::new(head.chain(file)), perms, stdout, res)
                    }
                    Err(e) => Err(e),
                };
                WHOLE_BUF.set(buf);
                return done;
            }
            Box::new(file)
        }
    };
    run_stream(ctx, job, raw, perms, stdout, res)
}

/// Opens the input file `p`: on Linux relative to its directory where the
/// file before was in the same one (see [`recent_dir`]).
fn open_input(p: &Path) -> io::Result<File> {
    #[cfg(target_os = "linux")]
    if let Some(opened) = in_dir::open(p) {
        return Ok(opened);
    }
    File::open(p)
}

/// Forgets the directories this thread keeps open (see [`recent_dir`]): one
/// run is not to reach files through a directory an earlier one met at the
/// same path.
pub fn forget_dirs() {
    #[cfg(target_os = "linux")]
    {
        in_dir::DIR.with_borrow_mut(recent_dir::Recent::forget);
        unnamed::DIR.with_borrow_mut(recent_dir::Recent::forget);
    }
}

/// The input side of [`open_input`].
#[cfg(target_os = "linux")]
mod in_dir {
    use super::recent_dir::Recent;
    use std::cell::RefCell;
    use std::fs::File;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    thread_local! {
        /// The directory of the last input opened on this thread.
        pub(super) static DIR: RefCell<Recent> = RefCell::default();
    }

    /// `p` opened relative to its directory, when the last file opened on
    /// this thread was in the same one; `None` to open it by its path (the
    /// first file of a directory, or where that failed: the error is then
    /// the one the path gives).
    pub fn open(p: &Path) -> Option<File> {
        let (dir, name) = (p.parent()?, p.file_name()?);
        DIR.with_borrow_mut(|d| d.open(dir.as_os_str().as_bytes(), name.as_bytes(), libc::O_RDONLY, 0))
    }
}

/// The directory files were last opened or made in on a thread, kept open
/// once a second file is met in it: the system calls on the files after
/// that take it as their starting point (`openat`, `linkat`), and the kernel
/// looks up only the file's own name, not every name along its path again.
/// On a tree of small files, opening the inputs was a quarter of the time,
/// a quarter of that looking up names.
#[cfg(target_os = "linux")]
mod recent_dir {
    use std::fs::File;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

    #[derive(Default)]
    pub struct Recent {
        /// The directory's path, as bytes.
        path: Vec<u8>,
        fd: Option<OwnedFd>,
        /// Room for a NUL-terminated file name (see [`c_name`]).
        name: Vec<u8>,
    }

    impl Recent {
        /// A descriptor of `dir`, if it is the directory of the last call
        /// too: opened now if `open` (else only if it is already), and
        /// remembered. Any other `dir` is remembered for the next call.
        pub fn get(&mut self, dir: &[u8], open: bool) -> Option<RawFd> {
            if self.path != dir {
                self.path.clear();
                self.path.extend_from_slice(dir);
                self.fd = None;
                return None;
            }
            if self.fd.is_none() && open {
                self.fd = open_dir(dir);
            }
            self.fd.as_ref().map(AsRawFd::as_raw_fd)
        }

        pub fn forget(&mut self) {
            self.path.clear();
            self.fd = None;
        }

        /// `name` opened (`openat`, with `flags` and, for a file made,
        /// `mode`) relative to `dir`, where [`Recent::get`] gives its
        /// descriptor; `None` to open it by path, which also tells the
        /// error (the directory is forgotten on one).
        pub fn open(&mut self, dir: &[u8], name: &[u8], flags: libc::c_int, mode: u32) -> Option<File> {
            let fd = self.get(dir, true)?;
            let name = c_name(&mut self.name, name)?;
            // SAFETY: `name` is a NUL-terminated string alive across the
            // call, `fd` a directory descriptor this thread owns.
            let r = unsafe { libc::openat(fd, name, flags | libc::O_CLOEXEC, mode as libc::c_uint) };
            if r < 0 {
                self.forget();
                return None;
            }
            // SAFETY: `r` is a descriptor just opened, owned by nothing else.
            Some(unsafe { File::from_raw_fd(r) })
        }

        /// `name` linked to `file` (`linkat`) relative to `dir`, where its
        /// descriptor is kept already: the result if that says all (done,
        /// or the name is taken), `None` to link by path.
        pub fn link(&mut self, file: &File, dir: &[u8], name: &[u8]) -> Option<std::io::Result<()>> {
            let fd = self.get(dir, false)?;
            let name = c_name(&mut self.name, name)?;
            // SAFETY: `name` and `c""` are NUL-terminated strings alive
            // across the call, `fd` a directory descriptor this thread owns.
            let r = unsafe { libc::linkat(file.as_raw_fd(), c"".as_ptr(), fd, name, libc::AT_EMPTY_PATH) };
            if r == 0 {
                return Some(Ok(()));
            }
            let e = std::io::Error::last_os_error();
            (e.kind() == std::io::ErrorKind::AlreadyExists).then_some(Err(e))
        }
    }

    /// `name` NUL-terminated in `buf`; `None` if it holds a NUL (a path the
    /// system refuses: let it be refused by path).
    fn c_name(buf: &mut Vec<u8>, name: &[u8]) -> Option<*const libc::c_char> {
        if name.contains(&0) {
            return None;
        }
        buf.clear();
        buf.extend_from_slice(name);
        buf.push(0);
        Some(buf.as_ptr().cast())
    }

    fn open_dir(dir: &[u8]) -> Option<OwnedFd> {
        let mut path = Vec::new();
        let path = c_name(&mut path, if dir.is_empty() { b"." } else { dir })?;
        // SAFETY: `path` is NUL-terminated and alive across the call.
        let r = unsafe { libc::open(path, libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) };
        // SAFETY: a descriptor just opened, owned by nothing else.
        (r >= 0).then(|| unsafe { OwnedFd::from_raw_fd(r) })
    }
}

/// A job whose input is all of `bytes` (plain, not compressed).
fn run_whole(
    ctx: &Ctx<'_>,
    job: &Job,
    bytes: &[u8],
    perms: Option<fs::Permissions>,
    stdout: Option<&mut dyn Write>,
    res: &mut FileResult,
) -> io::Result<()> {
    res.compression = Compression::None;
    if !job.named && looks_binary(&bytes[..bytes.len().min(BINARY_SNIFF)]) {
        res.binary = true;
        return Ok(());
    }
    finish_job(
        ctx,
        job,
        Input::<io::Empty>::Whole(bytes),
        Compression::None,
        perms,
        stdout,
        res,
    )
}

/// A job whose input is read from `raw` (a file, stdin), maybe compressed.
fn run_stream(
    ctx: &Ctx<'_>,
    job: &Job,
    raw: Box<dyn Read + '_>,
    perms: Option<fs::Permissions>,
    stdout: Option<&mut dyn Write>,
    res: &mut FileResult,
) -> io::Result<()> {
    let (kind, mut plain) = compress::decompress(raw)?;
    res.compression = kind;
    // Look at the first bytes of the plain text for binary content.
    let mut head = Vec::with_capacity(BINARY_SNIFF);
    (&mut plain).take(BINARY_SNIFF as u64).read_to_end(&mut head)?;
    if !job.named && looks_binary(&head) {
        res.binary = true;
        return Ok(());
    }
    let input = Tap::new(
        io::Cursor::new(head).chain(plain),
        ctx.mode == Mode::Diff,
        ctx.hashes(),
    );
    finish_job(ctx, job, Input::Stream(input), kind, perms, stdout, res)
}

/// Cleans `input` where the mode sends it; `kind`: the input's compression,
/// which a file written keeps.
fn finish_job<R: BufRead>(
    ctx: &Ctx<'_>,
    job: &Job,
    mut input: Input<'_, R>,
    kind: Compression,
    perms: Option<fs::Permissions>,
    stdout: Option<&mut dyn Write>,
    res: &mut FileResult,
) -> io::Result<()> {
    let hash = ctx.hashes();
    let jsonl = ctx.jsonl || (matches!(job.source, Source::File(_)) && is_jsonl_name(&res.name));
    match ctx.mode {
        Mode::Stdout => {
            let out = stdout.expect("stdout mode has a stdout");
            let mut w = Tap::new(Compressor::new(out, ctx.stdout_compression)?, false, hash);
            clean(ctx, jsonl, &mut input, &mut w, res)?;
            res.changed = input.digest(hash) != w.digest();
            w.inner.finish()?;
        }
        Mode::Check | Mode::Diff => {
            let mut w = Tap::new(io::sink(), ctx.mode == Mode::Diff, true);
            clean(ctx, jsonl, &mut input, &mut w, res)?;
            res.changed = input.digest(true) != w.digest();
            if ctx.mode == Mode::Diff && res.changed {
                let before = decode_for_diff(input.kept(), res.stats.encoding);
                let after = String::from_utf8_lossy(w.keep.as_deref().unwrap_or_default()).into_owned();
                res.diff = Some(unified_diff(&res.name, &before, &after));
            }
        }
        Mode::Out => {
            let target = job.target.clone().expect("--out jobs have a target");
            if let Some(parent) = target.parent() {
                let made = |d: &Path| {
                    ctx.made_dirs
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .contains(d.as_os_str())
                };
                if !made(parent) {
                    fs::create_dir_all(parent).map_err(|e| name_err(&res.name, parent, e))?;
                    ctx.made_dirs
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(parent.as_os_str().to_owned());
                }
            }
            // The input still exists, so a mirror needs no fsync: temp file and
            // rename keep half-written files out of sight, and a crash just means
            // running again. Syncing every file made a tree of small files 2x slower.
            atomic_write(&target, perms, Durable::No, |file| {
                let mut w = Tap::new(Compressor::new(io::BufWriter::new(file), kind)?, false, true);
                clean(ctx, jsonl, &mut input, &mut w, res)?;
                res.changed = input.digest(true) != w.digest();
                w.inner.finish()?.flush()?;
                Ok(true)
            })
            .map_err(|e| name_err(&res.name, &target, e))?;
            res.output = Some(target);
        }
        Mode::InPlace => {
            let Source::File(p) = &job.source else {
                return Err(io::Error::other("--in-place needs files"));
            };
            // Rewrite the file a symlink points to, not the link (resolved
            // once, while planning, where it could be).
            let real = match &job.target {
                Some(real) => real.clone(),
                None => fs::canonicalize(p)?,
            };
            let perms = fs::metadata(&real)?.permissions();
            atomic_write(&real, Some(perms), Durable::Yes, |file| {
                let mut w = Tap::new(Compressor::new(io::BufWriter::new(file), kind)?, false, true);
                clean(ctx, jsonl, &mut input, &mut w, res)?;
                res.changed = input.digest(true) != w.digest();
                w.inner.finish()?.flush()?;
                // Unchanged files are left alone (mtime kept).
                Ok(res.changed)
            })?;
            if res.changed {
                res.output = Some(p.clone());
            }
        }
    }
    Ok(())
}

/// An error about a path other than the input, e.g. the output.
fn name_err(name: &str, path: &Path, e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return e;
    }
    io::Error::new(e.kind(), format!("{name}: {}: {}", path.display(), io_reason(&e))).with_full_message()
}

/// Marks an error whose text already names the input (see [`process`]).
trait FullMessage {
    fn with_full_message(self) -> io::Error;
}

impl FullMessage for io::Error {
    fn with_full_message(self) -> io::Error {
        io::Error::new(self.kind(), FullMsg(self.to_string()))
    }
}

#[derive(Debug)]
struct FullMsg(String);

impl std::fmt::Display for FullMsg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FullMsg {}

/// The message for an error from [`run_job`]: errors about the output already name everything.
pub fn error_text(name: &str, e: &io::Error) -> String {
    if e.get_ref().is_some_and(|inner| inner.is::<FullMsg>()) {
        e.to_string()
    } else {
        format!("{name}: {}", io_reason(e))
    }
}

/// Whether [`atomic_write`] makes the result durable before and after the rename.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Durable {
    /// fsync the file and its directory: `--in-place`, where the old content is gone.
    Yes,
    /// Rename only: the output can be made again from the input.
    No,
}

/// Writes `target` through a temp file in the same directory (fsync when
/// `durable`), then renames it over `target`. `write` returns whether to keep
/// the result; on `false` or any error the temp file is removed and `target`
/// is untouched.
///
/// Where the system has them (Linux), a mirror's files are written unnamed
/// (`O_TMPFILE`) and given their name once complete: no temp file is left
/// behind even by a crash, and one directory operation instead of two (a
/// create and a rename) saves a tenth of what making a small file costs the
/// kernel, where two threads making files contend.
fn atomic_write(
    target: &Path,
    perms: Option<fs::Permissions>,
    durable: Durable,
    write: impl FnOnce(&mut File) -> io::Result<bool>,
) -> io::Result<()> {
    // Made with its final mode where the umask leaves that mode whole: one
    // `fchmod` a file fewer (a 30th of what making a small file costs).
    // Otherwise made private and given its mode once complete.
    let (mode, perms) = match perms.as_ref().and_then(creation_mode) {
        Some(mode) => (mode, None),
        None => (0o600, perms),
    };
    let mut pending = Pending::begin(target, mode, durable)?;
    if !write(&mut pending.file)? {
        return Ok(());
    }
    pending.commit(perms)
}

/// The mode to create a file with so that it ends with exactly `perms`,
/// where creating it so does (the umask clears none of its bits, and it has
/// no set-id or sticky bit, which creation may drop); `None` otherwise.
#[cfg(unix)]
fn creation_mode(perms: &fs::Permissions) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = perms.mode() & 0o7777;
    (mode & !0o777 == 0 && mode & umask()? == 0).then_some(mode)
}

#[cfg(not(unix))]
fn creation_mode(_: &fs::Permissions) -> Option<u32> {
    None
}

/// The process's umask, read once (from `/proc`: setting it to read it
/// back would race with threads creating files); `None` where unknown.
#[cfg(unix)]
fn umask() -> Option<u32> {
    static UMASK: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    })
}

/// A file being written where its target will be, under no name or a temp
/// name until [`Pending::commit`] gives it the target's (dropped before
/// that, it is removed).
pub struct Pending {
    pub file: File,
    target: PathBuf,
    /// The temp name, where the file has one.
    temp: Option<tempfile::TempPath>,
    durable: Durable,
}

impl Pending {
    /// Begins a file for `target`, made with `mode` (less the umask).
    pub fn begin(target: &Path, mode: u32, durable: Durable) -> io::Result<Pending> {
        let dir = Pending::dir(target);
        #[cfg(target_os = "linux")]
        if durable == Durable::No
            && let Some(file) = unnamed::create(dir, mode)?
        {
            return Ok(Pending {
                file,
                target: target.to_path_buf(),
                temp: None,
                durable,
            });
        }
        let mut b = tempfile::Builder::new();
        b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        let (file, temp) = b.tempfile_in(dir)?.into_parts();
        Ok(Pending {
            file,
            target: target.to_path_buf(),
            temp: Some(temp),
            durable,
        })
    }

    fn dir(target: &Path) -> &Path {
        match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        }
    }

    /// Gives the complete file its target's name (with `perms`, if any),
    /// replacing what had it; durably (fsync before and after) if asked to.
    pub fn commit(self, perms: Option<fs::Permissions>) -> io::Result<()> {
        let dir = Pending::dir(&self.target);
        let Some(temp) = self.temp else {
            if let Some(p) = perms {
                self.file.set_permissions(p)?;
            }
            #[cfg(target_os = "linux")]
            return unnamed::name(self.file, dir, &self.target);
            #[cfg(not(target_os = "linux"))]
            unreachable!("unnamed files are made on Linux only");
        };
        if self.durable == Durable::Yes {
            self.file.sync_all()?;
        }
        if let Some(p) = perms {
            self.file.set_permissions(p)?;
        }
        temp.persist(&self.target).map_err(|e| e.error)?;
        // Make the rename itself durable.
        if self.durable == Durable::Yes
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Files made without a name, named when complete (Linux's `O_TMPFILE`).
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::{File, OpenOptions};
    use std::io::{self, Seek};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::recent_dir::Recent;
    use std::cell::RefCell;

    /// Set once the file system (or kernel) has refused an unnamed file, or
    /// there is no `/proc` to name one through: the named temp file is used
    /// from then on, not tried and refused again for every file.
    static UNSUPPORTED: AtomicBool = AtomicBool::new(false);

    /// An unnamed file in `dir`, open for reading and writing, made with
    /// `mode` less the umask; `None` where unsupported.
    pub fn create(dir: &Path, mode: u32) -> io::Result<Option<File>> {
        if UNSUPPORTED.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some(f) = create_in_recent(dir, mode) {
            return Ok(Some(f));
        }
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .mode(mode)
            .custom_flags(libc::O_TMPFILE)
            .open(dir);
        match opened {
            Ok(f) => Ok(Some(f)),
            // No such support: a kernel older than 3.11 takes the flag for
            // O_DIRECTORY (EISDIR), a file system without it says so.
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)
                ) =>
            {
                UNSUPPORTED.store(true, Ordering::Relaxed);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    thread_local! {
        /// The directory the last file was made in on this thread.
        pub(super) static DIR: RefCell<Recent> = RefCell::default();
    }

    /// An unnamed file made relative to `dir`'s descriptor, where the file
    /// before was made in `dir` too; `None` to make it by path (which also
    /// tells the errors).
    fn create_in_recent(dir: &Path, mode: u32) -> Option<File> {
        let flags = libc::O_TMPFILE | libc::O_RDWR;
        DIR.with_borrow_mut(|d| d.open(dir.as_os_str().as_bytes(), b".", flags, mode))
    }

    /// Gives the complete `file` (made in `dir`) the name `target`: linked
    /// there when nothing has that name, else linked under a temp name and
    /// renamed over it (an output of an earlier run). Where it cannot be
    /// linked at all (no `/proc`), its bytes are copied to a named temp file.
    pub fn name(mut file: File, dir: &Path, target: &Path) -> io::Result<()> {
        let mut tmp = tempfile::Builder::new();
        tmp.prefix(super::TEMP_PREFIX).suffix(super::TEMP_SUFFIX);
        match link(&file, target) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let named = tmp.make_in(dir, |p| link(&file, p));
                if let Ok(named) = named {
                    named.persist(target).map_err(|e| e.error)?;
                    return Ok(());
                }
            }
            Err(_) => {}
        }
        UNSUPPORTED.store(true, Ordering::Relaxed);
        copy_named(&mut file, &tmp, dir, target)
    }

    /// Copies `file` (its bytes and permissions) to a temp file made by
    /// `tmp` in `dir`, renamed to `target` once complete.
    fn copy_named(
        file: &mut File,
        tmp: &tempfile::Builder<'_, '_>,
        dir: &Path,
        target: &Path,
    ) -> io::Result<()> {
        let mut copy = tmp.tempfile_in(dir)?;
        file.rewind()?;
        io::copy(file, copy.as_file_mut())?;
        copy.as_file().set_permissions(file.metadata()?.permissions())?;
        copy.persist(target).map_err(|e| e.error)?;
        Ok(())
    }

    /// Set once linking by descriptor alone has been refused (kernels before
    /// 6.10 ask a privilege for it): links go through `/proc` from then on.
    static THROUGH_PROC: AtomicBool = AtomicBool::new(false);

    /// Links the unnamed `file` at `to`: by its descriptor, or through its
    /// `/proc/self/fd` entry where that is refused (a path to look up, which
    /// made naming a file take a third longer).
    fn link(file: &File, to: &Path) -> io::Result<()> {
        if !THROUGH_PROC.load(Ordering::Relaxed)
            && let Some(linked) = link_in_recent(file, to)
        {
            return linked;
        }
        let mut to = to.as_os_str().as_bytes().to_vec();
        if to.contains(&0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "path contains a NUL byte",
            ));
        }
        to.push(0);
        if !THROUGH_PROC.load(Ordering::Relaxed) {
            // SAFETY: `to` is a NUL-terminated byte string and `c""` an empty
            // one, both alive across the call; `linkat` only reads them.
            let r = unsafe {
                libc::linkat(
                    file.as_raw_fd(),
                    c"".as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr().cast(),
                    libc::AT_EMPTY_PATH,
                )
            };
            if r == 0 {
                return Ok(());
            }
            let e = io::Error::last_os_error();
            if !matches!(e.raw_os_error(), Some(libc::ENOENT | libc::EPERM)) {
                return Err(e);
            }
            THROUGH_PROC.store(true, Ordering::Relaxed);
        }
        let from = format!("/proc/self/fd/{}\0", file.as_raw_fd());
        // SAFETY: as above.
        let r = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr().cast(),
                libc::AT_FDCWD,
                to.as_ptr().cast(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// Links `file` at `to` relative to the descriptor of `to`'s directory,
    /// where the file was made through it: the result if that says all
    /// (done, or the name is taken), `None` to link by path.
    fn link_in_recent(file: &File, to: &Path) -> Option<io::Result<()>> {
        let (dir, name) = (to.parent()?, to.file_name()?);
        DIR.with_borrow_mut(|d| d.link(file, dir.as_os_str().as_bytes(), name.as_bytes()))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::fs;

        #[test]
        fn an_unnamed_file_is_named_or_replaces_what_has_the_name() {
            let d = tempfile::tempdir().unwrap();
            let target = d.path().join("out.txt");
            for text in ["first\n", "second, replacing the first\n"] {
                let Some(mut f) = create(d.path(), 0o600).unwrap() else {
                    return; // this file system has no unnamed files
                };
                io::Write::write_all(&mut f, text.as_bytes()).unwrap();
                name(f, d.path(), &target).unwrap();
                assert_eq!(fs::read_to_string(&target).unwrap(), text);
            }
            // Nothing else is left in the directory.
            assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        }

        /// A temp directory holding an unnamed file of `text`; `None` where
        /// the file system has no unnamed files.
        fn unnamed_file(text: &[u8]) -> Option<(tempfile::TempDir, File)> {
            let d = tempfile::tempdir().unwrap();
            let mut f = create(d.path(), 0o600).unwrap()?;
            io::Write::write_all(&mut f, text).unwrap();
            Some((d, f))
        }

        #[test]
        fn it_is_linked_through_proc_where_its_descriptor_alone_is_refused() {
            let Some((d, f)) = unnamed_file(b"through /proc\n") else {
                return;
            };
            // As after a refusal (the flag only ever makes links slower).
            THROUGH_PROC.store(true, Ordering::Relaxed);
            let target = d.path().join("out.txt");
            link(&f, &target).unwrap();
            assert_eq!(fs::read_to_string(&target).unwrap(), "through /proc\n");
            assert_eq!(
                link(&f, &target).unwrap_err().kind(),
                io::ErrorKind::AlreadyExists
            );
        }

        #[test]
        fn where_it_cannot_be_linked_its_bytes_are_copied() {
            use std::os::unix::fs::PermissionsExt;
            let Some((d, mut f)) = unnamed_file(b"copied, not linked\n") else {
                return;
            };
            f.set_permissions(fs::Permissions::from_mode(0o640)).unwrap();
            let target = d.path().join("out.txt");
            copy_named(&mut f, tempfile::Builder::new().prefix(".t-"), d.path(), &target).unwrap();
            assert_eq!(fs::read_to_string(&target).unwrap(), "copied, not linked\n");
            assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
            assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        }
    }
}

/// Runs the cleaner (text or JSONL) from `input` into `w`. Never inlined
/// (once a file): `bench/instructions.sh` counts what runs inside it.
#[inline(never)]
fn clean<R: BufRead, W: Write>(
    ctx: &Ctx<'_>,
    jsonl: bool,
    input: &mut Input<'_, R>,
    w: &mut W,
    res: &mut FileResult,
) -> io::Result<()> {
    /// Text through `sink`: from the bytes, or from the stream.
    fn text<R: BufRead, W: Write, S: Sink>(
        cleaner: &Cleaner,
        input: &mut Input<'_, R>,
        w: W,
        sink: S,
    ) -> io::Result<textwash::Summary> {
        match input {
            Input::Whole(b) => cleaner.clean_bytes(b, w, sink),
            Input::Stream(t) => cleaner.clean_stream(t, w, sink),
        }
    }
    let name = res.name.clone();
    let mut notes = Vec::new();
    let mut counts = Counts::default();
    {
        let mut explain = ctx
            .explain
            .then(|| ExplainSink::new(&mut notes, format!("{name}:")));
        let mut sinks: Vec<&mut dyn Sink> = vec![&mut counts];
        if let Some(e) = explain.as_mut() {
            sinks.push(e);
        }
        if jsonl {
            let mut invalid = Vec::new();
            let on_invalid = |n, why| invalid.push((n, why));
            let (cleaner, opts) = (ctx.cleaner, &ctx.jsonl_opts);
            let sum = match input {
                Input::Whole(b) => jsonl::clean_jsonl(cleaner, opts, *b, &mut *w, Tee(sinks), on_invalid)?,
                Input::Stream(t) => jsonl::clean_jsonl(cleaner, opts, t, &mut *w, Tee(sinks), on_invalid)?,
            };
            res.bytes_in = sum.bytes_in;
            res.bytes_out = sum.bytes_out;
            res.lines_in = sum.lines_in;
            res.lines_out = sum.lines_out;
            res.jsonl = Some(sum);
            if let Some(e) = explain {
                let _ = e.finish();
            }
            let what = if ctx.jsonl_opts.drop_invalid {
                "dropped"
            } else {
                "passed through"
            };
            for (n, why) in invalid {
                let _ = writeln!(notes, "textwash: {name}:{n}: {why}, {what}");
            }
        } else {
            // Without --explain the counter is the only sink: called directly, not
            // through the fan-out, so each event is a few inlined compares.
            // With nobody reading the counts, no sink: the events compile away.
            let sum = if sinks.len() > 1 {
                text(ctx.cleaner, input, &mut *w, Tee(sinks))?
            } else if ctx.want_stats {
                drop(sinks);
                text(ctx.cleaner, input, &mut *w, &mut counts)?
            } else {
                drop(sinks);
                text(ctx.cleaner, input, &mut *w, NullSink)?
            };
            res.bytes_in = sum.bytes_in;
            res.bytes_out = sum.bytes_out;
            res.lines_in = sum.lines_in;
            res.lines_out = sum.lines_out;
            if let Some(e) = explain {
                let _ = e.finish();
            }
        }
    }
    let mut stats = counts.into_stats();
    if jsonl {
        // Records are UTF-8 by definition.
        stats.encoding.get_or_insert("UTF-8");
    }
    res.stats = stats;
    res.notes = notes;
    w.flush()
}

/// The original text as the diff's "before" side, decoded as the cleaner decoded it.
fn decode_for_diff(bytes: &[u8], encoding: Option<&str>) -> String {
    let enc = encoding
        .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    enc.decode(bytes).0.into_owned()
}

/// A unified diff with 3 lines of context, `--- a/NAME` / `+++ b/NAME`.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    let name = name.strip_prefix("./").unwrap_or(name);
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(10))
        .diff_lines(before, after);
    let mut out = Vec::new();
    let _ = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_writer(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether two files' metadata may belong to one file (on Unix: the same
/// device and inode; elsewhere no quick answer, so always).
fn maybe_same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Where `--out` writes: each job's target under it, an output that would be
/// its own input refused, and of several inputs that write one output, the
/// first alone (one input's targets are distinct paths by construction and
/// need no set of those met). Made once per run, then asked per job, in order.
pub struct Targets<'a> {
    out: &'a Path,
    /// The targets met so far, when there are several inputs.
    seen: Option<Seen>,
    /// Nothing exists under an output directory that does not exist (the
    /// usual first run): no stat per file, which cost milliseconds before the
    /// first file could be cleaned.
    out_exists: bool,
}

impl<'a> Targets<'a> {
    /// The targets of `inputs` command-line inputs under `out`.
    pub fn new(out: &'a Path, inputs: usize) -> Self {
        Targets {
            out,
            seen: (inputs > 1).then(Seen::default),
            out_exists: fs::symlink_metadata(out).is_ok(),
        }
    }

    /// Turns `job`'s target (relative to the output) into its output path.
    pub fn plan(&mut self, job: &mut Job) {
        let Some(target) = &job.target else { return };
        let target = self.out.join(target);
        // Only an existing target can be the input itself, and only one that
        // is the same file; the resolved paths are compared only then
        // (resolving a path reads every link along it: 15 calls a file).
        if let Source::File(p) = &job.source
            && self.out_exists
            && let Ok(t) = fs::metadata(&target)
            && fs::metadata(p).is_ok_and(|m| maybe_same_file(&m, &t))
            && let (Ok(a), Ok(b)) = (fs::canonicalize(p), fs::canonicalize(&target))
            && a == b
        {
            job.planned_error = Some(format!("{}: output would overwrite the input", p.display()));
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(&target)
            && job.planned_error.is_none()
        {
            job.planned_error = Some(format!(
                "{}: another input already writes {}",
                job.name(),
                target.display()
            ));
        }
        job.target = Some(target);
    }
}

/// Paths met so far, each kept as a 128-bit digest (two independently keyed
/// hashes of it) instead of the path: 16 bytes a file, where the paths
/// of a 100,000-file tree held until its walk ended took 25 MB. Two
/// different paths are taken for one with a chance of about 2^-128 per pair.
#[derive(Default)]
pub struct Seen {
    keys: (std::hash::RandomState, std::hash::RandomState),
    digests: HashSet<u128>,
}

impl Seen {
    /// Whether `path` is new (and so now met).
    pub fn insert(&mut self, path: &Path) -> bool {
        use std::hash::BuildHasher;
        let (a, b) = (self.keys.0.hash_one(path), self.keys.1.hash_one(path));
        self.digests.insert(u128::from(a) << 64 | u128::from(b))
    }
}

#[cfg(all(test, unix))]
mod atomic_write_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_ends_with_exactly_the_mode_asked_whatever_the_umask_clears() {
        let d = tempfile::tempdir().unwrap();
        // Unknown (no `/proc`): every file is given its mode after.
        let umask = umask();
        // 0o666 and 0o777 have bits a usual umask (022) clears, 0o4755 a
        // set-id bit: those are made private and given their mode after.
        for mode in [0o644, 0o640, 0o600, 0o604, 0o444, 0o666, 0o777, 0o4755] {
            let target = d.path().join(format!("{mode:o}.txt"));
            let perms = fs::Permissions::from_mode(mode);
            let made_so = creation_mode(&perms);
            let whole = umask.is_some_and(|u| mode & u == 0) && mode <= 0o777;
            assert_eq!(made_so.is_some(), whole, "{mode:o}");
            atomic_write(&target, Some(perms), Durable::No, |f| {
                f.write_all(b"text\n")?;
                Ok(true)
            })
            .unwrap();
            let got = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
            assert_eq!(got, mode, "{mode:o}");
            assert_eq!(fs::read(&target).unwrap(), b"text\n");
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod recent_dir_tests {
    use super::*;

    #[test]
    fn files_opened_in_a_row_from_one_directory_are_the_files_their_paths_name() {
        let d = tempfile::tempdir().unwrap();
        for (dir, name) in [("a", "1"), ("a", "2"), ("a", "3"), ("b", "1"), ("a", "4")] {
            fs::create_dir_all(d.path().join(dir)).unwrap();
            fs::write(d.path().join(dir).join(name), format!("{dir}/{name}")).unwrap();
        }
        forget_dirs();
        for (dir, name) in [
            ("a", "1"),
            ("a", "2"),
            ("a", "3"),
            ("b", "1"),
            ("a", "4"),
            ("a", "1"),
        ] {
            let p = d.path().join(dir).join(name);
            let got = io::read_to_string(open_input(&p).unwrap()).unwrap();
            assert_eq!(got, format!("{dir}/{name}"));
        }
        // Opened through the directory kept (a, after a/4 and a/1): an
        // error is still the one the path gives, and the next file opens.
        let missing = open_input(&d.path().join("a/none")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        assert_eq!(
            io::read_to_string(open_input(&d.path().join("a/2")).unwrap()).unwrap(),
            "a/2"
        );
        // A directory removed and made again at its path: the next run sees
        // the new one.
        fs::remove_dir_all(d.path().join("a")).unwrap();
        fs::create_dir(d.path().join("a")).unwrap();
        fs::write(d.path().join("a/2"), "new a/2").unwrap();
        forget_dirs();
        assert_eq!(
            io::read_to_string(open_input(&d.path().join("a/2")).unwrap()).unwrap(),
            "new a/2"
        );
    }
}

#[cfg(test)]
mod read_whole_tests {
    use super::read_whole;
    use std::io::{Read, Write};

    #[test]
    fn a_file_is_read_whole_unless_it_grew_since_its_size_was_taken() {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(b"0123456789").unwrap();
        let mut buf = Vec::new();
        let mut at = |len| {
            use std::io::Seek;
            f.rewind().unwrap();
            let (n, all) = read_whole(&mut f, len, &mut buf).unwrap();
            let mut rest = Vec::new();
            f.read_to_end(&mut rest).unwrap();
            (buf[..n].to_vec(), all, rest)
        };
        assert_eq!(at(10), (b"0123456789".to_vec(), true, vec![]));
        // Grown: one byte more than its size is read, the rest is left for the stream.
        assert_eq!(at(3), (b"0123".to_vec(), false, b"456789".to_vec()));
        // Shrunk: what there is.
        assert_eq!(at(20), (b"0123456789".to_vec(), true, vec![]));
    }
}

#[cfg(test)]
mod walk_tests {
    use super::{WalkOpts, walk};
    use std::path::PathBuf;

    #[test]
    fn a_walk_finds_the_files_in_path_order() {
        // Names where byte order and path order differ (`a-b` < `a/x` <
        // `a0` as paths), and long shared prefixes.
        let names = [
            "a b",
            "a-b",
            "a.b",
            "a/b/c",
            "a/b-c",
            "a/bc",
            "a0",
            "aa",
            "a/\u{e4}/x",
            "b",
            "A",
            "a/B",
            "a/b/\u{e9}t\u{e9}",
            "a/b/et",
            "a/b0/c",
            "ab/c",
            "a/bcdefghijklmnop/q",
            "a/bcdefghijklmnop-q",
            "a/bcdefghijklmno/p",
        ];
        let d = tempfile::tempdir().unwrap();
        for n in names {
            let p = d.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x\n").unwrap();
        }
        let opts = WalkOpts {
            hidden: false,
            no_ignore: false,
            globs: &[],
            exclude: None,
            skip_file: None,
        };
        let mut found = Vec::new();
        walk(d.path(), &opts, |p| found.push(p), |e| panic!("{e}")).unwrap();
        let mut want: Vec<PathBuf> = names.iter().map(|n| d.path().join(n)).collect();
        want.sort();
        assert_eq!(found, want);
    }
}

#[cfg(test)]
mod stream_hash_tests {
    use super::StreamHash;

    #[test]
    fn chunking_does_not_change_the_hash() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut whole = StreamHash::default();
        whole.update(&data);
        for chunk in [1, 3, 7, 8, 9, 31, 32, 33, 64] {
            let mut h = StreamHash::default();
            data.chunks(chunk).for_each(|c| h.update(c));
            assert_eq!(h.finish(), whole.finish(), "chunk {chunk}");
        }
        let mut other = StreamHash::default();
        other.update(&data[1..]);
        assert_ne!(other.finish(), whole.finish());
    }
}

//! Decode JSON files (or stdin) fed in chunks; print each result (secrets
//! redacted) and, on success, a one-line summary.
//!
//! ```text
//! decode [--type account_session|verification_session|account_session_list|verification_session_list|value]
//!        [--chunk-size N] [--stream-items] [--quiet] [FILE | -]...
//! ```
//!
//! - Without `--type`, each file's type follows its name (`account_session*`,
//!   `*verification_session*`, with `_list` for list envelopes), else `value`.
//! - `--stream-items` hands list items over one at a time instead of building
//!   the list (for `value`: each top-level value of a concatenated or
//!   newline-delimited stream); each item is printed on one line (models as
//!   `Debug`, values as compact JSON), in input order, and the envelope line
//!   after the last item.
//! - `--quiet` prints only the summary.
//!
//! On success the last line of standard output is
//! `summary: items N, bytes N, time T ms`, followed by `, R MB/s` when the
//! input is at least 1 MB (below that, the rate measures start-up, not
//! decoding). On an error, everything completed before it is printed, then
//! the error goes to standard error and the exit status is 1 (2 for a usage
//! error). A closed pipe (`decode … | head`) ends the command quietly.
//! When standard error is a terminal (and standard output is not, or
//! `--quiet` is given), files of 4 MB or more show a progress bar.

use std::ffi::OsString;
use std::fmt::Debug;
use std::io::{self, BufWriter, IsTerminal, Read, StdoutLock, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Decoder, Deserialize, ItemDecoder, ObjectDeser, Value};

const USAGE: &str = "\
usage: decode [--type account_session|verification_session|account_session_list|verification_session_list|value]
              [--chunk-size N] [--stream-items] [--quiet] [FILE | -]...";

/// What `--help` prints after the usage lines.
const HELP: &str = "\
Decodes JSON files (or standard input, `-`), fed to streamde in chunks, and
prints what each decoded to (secrets redacted), then a summary line.

Types (--type; without it, each file's type follows its name:
account_session*, *verification_session*, `_list` in the name for a list,
anything else `value`):
  account_session            a Stripe AccountSession
  verification_session       a Stripe Identity VerificationSession
  account_session_list       a Stripe list of account sessions
  verification_session_list  a Stripe list of verification sessions
  value                      any JSON value

Options:
  --type T          the type of every file (see above)
  --chunk-size N    bytes fed at a time, 1 to 67108864 (default 4096)
  --stream-items    hand list items over one at a time, each printed on one
                    line as soon as it is complete, then the envelope; with
                    `value`, each value of a newline-delimited (NDJSON) or
                    concatenated stream. Memory stays bounded by one item.
  --quiet           print only the summary line
  -h, --help        this help

Output: the summary line `summary: items N, bytes N, time T ms` (and MB/s
from 1 MB) after the last result. Errors go to standard error with what,
where and which JSON path; what completed before an error is printed first.

Exit status: 0 success (or standard output closed early, as by `head`),
1 a file could not be read or decoded, 2 a usage error.

Examples:
  decode tests/data/fixtures/account_session.json
  cat session.json | decode --type verification_session -
  decode --type value --stream-items events.ndjson";

/// The largest `--chunk-size` (64 MiB): the chunk is one buffer.
const MAX_CHUNK: usize = 64 << 20;
/// Inputs below this size get no MB/s in the summary.
const RATE_MIN_BYTES: u64 = 1_000_000;
/// Inputs from this size get a progress bar (on a terminal).
const PROGRESS_MIN_BYTES: u64 = 4_000_000;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    AccountSession,
    VerificationSession,
    AccountSessionList,
    VerificationSessionList,
    Value,
}

const KINDS: &[(&str, Kind)] = &[
    ("account_session", Kind::AccountSession),
    ("verification_session", Kind::VerificationSession),
    ("account_session_list", Kind::AccountSessionList),
    ("verification_session_list", Kind::VerificationSessionList),
    ("value", Kind::Value),
];

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        KINDS.iter().find(|(n, _)| *n == s).map(|&(_, k)| k)
    }

    /// Whether `--stream-items` applies: lists and value streams.
    fn streams(self) -> bool {
        !matches!(self, Kind::AccountSession | Kind::VerificationSession)
    }

    fn name(self) -> &'static str {
        KINDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// The type a file's name suggests.
    fn for_file(file: &Path) -> Kind {
        let base = file.file_name().unwrap_or_default().to_string_lossy();
        let list = base.contains("_list");
        match (
            base.starts_with("account_session"),
            base.contains("verification_session"),
            list,
        ) {
            (true, _, false) => Kind::AccountSession,
            (true, _, true) => Kind::AccountSessionList,
            (false, true, false) => Kind::VerificationSession,
            (false, true, true) => Kind::VerificationSessionList,
            _ => Kind::Value,
        }
    }
}

struct Opts {
    kind: Option<Kind>,
    chunk: usize,
    stream: bool,
    quiet: bool,
    /// Paths as given (any bytes the system allows); `-` is stdin.
    files: Vec<OsString>,
}

impl Opts {
    /// The type of `file`: `--type`, or what its name suggests.
    fn kind_of(&self, file: &Path) -> Kind {
        self.kind.unwrap_or_else(|| Kind::for_file(file))
    }
}

/// Why the command line was not accepted.
enum Args {
    Help,
    Wrong(String),
}

impl From<lexopt::Error> for Args {
    fn from(e: lexopt::Error) -> Self {
        Args::Wrong(e.to_string())
    }
}

fn parse_args() -> Result<Opts, Args> {
    use lexopt::prelude::*;
    let mut o = Opts {
        kind: None,
        chunk: 4096,
        stream: false,
        quiet: false,
        files: vec![],
    };
    let mut p = lexopt::Parser::from_env();
    while let Some(arg) = p.next()? {
        match arg {
            Long("type") => {
                let v = p.value()?.string()?;
                let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                o.kind = Some(Kind::parse(&v).ok_or_else(|| {
                    Args::Wrong(format!(
                        "unknown --type '{v}' (expected one of: {})",
                        names.join(", ")
                    ))
                })?);
            }
            Long("chunk-size") => {
                let v = p.value()?.string()?;
                o.chunk = match v.parse::<usize>() {
                    Ok(n) if (1..=MAX_CHUNK).contains(&n) => n,
                    _ => {
                        return Err(Args::Wrong(format!(
                            "--chunk-size needs a whole number of bytes from 1 to {MAX_CHUNK} (got '{v}')"
                        )))
                    }
                };
            }
            Long("stream-items") => o.stream = true,
            Long("quiet") => o.quiet = true,
            Short('h') | Long("help") => return Err(Args::Help),
            Value(v) => o.files.push(v),
            _ => return Err(arg.unexpected().into()),
        }
    }
    if let (true, Some(k)) = (o.stream, o.kind) {
        if !k.streams() {
            return Err(Args::Wrong(format!(
                "--stream-items needs a _list type or value, not --type {}",
                k.name()
            )));
        }
    }
    if o.files.is_empty() {
        o.files.push("-".into());
    }
    if o.stream {
        // A type that follows a file's name is checked before any file is
        // read, as `--type` is.
        for f in &o.files {
            let k = o.kind_of(Path::new(f));
            if !k.streams() {
                return Err(Args::Wrong(format!(
                    "--stream-items needs a _list type or value; {} is read as {} (its name); give --type",
                    Path::new(f).display(),
                    k.name()
                )));
            }
        }
    }
    Ok(o)
}

/// How a run ended early.
enum Stop {
    /// Standard output was closed (a pipe's reader went away): end quietly.
    Closed,
    /// Anything else: reported on standard error.
    Failed(String),
}

/// Writing to standard output: a closed pipe stops the run quietly.
impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Stop::Closed
        } else {
            Stop::Failed(format!("standard output: {e}"))
        }
    }
}

/// Everything printed goes through this one buffered, locked writer, so
/// lines appear in the order they were produced.
struct Out {
    w: BufWriter<StdoutLock<'static>>,
    quiet: bool,
}

impl Out {
    fn line(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), Stop> {
        if !self.quiet {
            self.w.write_fmt(args)?;
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// One input: where it is read from and how it is reported.
struct Input {
    name: String,
    reader: Box<dyn Read>,
    progress: ProgressBar,
}

impl Input {
    fn open(path: &Path, show_progress: bool) -> Result<Input, Stop> {
        let name = path.display().to_string();
        let fail = |e: io::Error| Stop::Failed(format!("{name}: {e}"));
        let (reader, len): (Box<dyn Read>, Option<u64>) = if path == Path::new("-") {
            (Box::new(io::stdin().lock()), None)
        } else {
            let f = std::fs::File::open(path).map_err(fail)?;
            let len = f.metadata().ok().map(|m| m.len());
            (Box::new(f), len)
        };
        let progress = match len {
            Some(len) if show_progress && len >= PROGRESS_MIN_BYTES => {
                let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
                let style = ProgressStyle::with_template(
                    "{wide_bar} {decimal_bytes}/{decimal_total_bytes} {msg} {decimal_bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                bar.enable_steady_tick(Duration::from_millis(250));
                bar
            }
            _ => ProgressBar::hidden(),
        };
        Ok(Input {
            name,
            reader,
            progress,
        })
    }

    /// The next chunk into `buf`: how many bytes (0 at the end).
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Stop> {
        loop {
            match self.reader.read(buf) {
                Ok(n) => {
                    self.progress.inc(n as u64);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Stop::Failed(format!("{}: {e}", self.name))),
            }
        }
    }

    fn decode_error(&self, e: streamde::Error) -> Stop {
        Stop::Failed(format!("{}: {e}", self.name))
    }

    /// A decode error of a whole-value decode; more JSON after the value
    /// gets a hint at the option that reads streams of values.
    fn value_error(&self, e: streamde::Error) -> Stop {
        let hint = if e.message().starts_with("trailing characters") {
            "\nhint: for several values in one input (NDJSON, one per line), \
             use --stream-items (with --type value for any JSON)"
        } else {
            ""
        };
        Stop::Failed(format!("{}: {e}{hint}", self.name))
    }
}

/// The read buffer of `--chunk-size` bytes; no room is an error, not an
/// abort.
fn chunk_buffer(o: &Opts) -> Result<Vec<u8>, Stop> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(o.chunk).map_err(|_| {
        Stop::Failed(format!(
            "no memory for a --chunk-size of {} bytes; give a smaller one",
            o.chunk
        ))
    })?;
    buf.resize(o.chunk, 0);
    Ok(buf)
}

/// Decode one value, fed in chunks of `--chunk-size` bytes: the value and
/// the bytes read.
fn read_value<T: Deserialize>(o: &Opts, input: &mut Input) -> Result<(T, u64), Stop> {
    let mut d = Decoder::<T>::new();
    let mut buf = chunk_buffer(o)?;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        d.feed(&buf[..n]).map_err(|e| input.value_error(e))?;
    }
    let bytes = d.bytes_consumed();
    let v = d.finish().map_err(|e| input.value_error(e))?;
    Ok((v, bytes))
}

/// One object, pretty-printed (`Debug`: secrets redacted); (items, bytes).
fn object<T: Deserialize + Debug>(
    o: &Opts,
    input: &mut Input,
    out: &mut Out,
) -> Result<(u64, u64), Stop> {
    let (v, bytes) = read_value::<T>(o, input)?;
    out.line(format_args!("{v:#?}"))?;
    Ok((1, bytes))
}

/// A whole list envelope; (its items, bytes).
fn list<T: Deserialize + Debug>(
    o: &Opts,
    input: &mut Input,
    out: &mut Out,
) -> Result<(u64, u64), Stop> {
    let (l, bytes) = read_value::<List<T>>(o, input)?;
    out.line(format_args!("{l:#?}"))?;
    Ok((l.data.len() as u64, bytes))
}

/// A model on one line (`Debug`: secrets redacted).
fn debug_line<T: Debug>(v: &T, out: &mut Out) -> Result<(), Stop> {
    out.line(format_args!("{v:?}"))
}

/// A value on one line, as compact JSON.
fn json_line(v: &Value, out: &mut Out) -> Result<(), Stop> {
    out.line(format_args!("{v}"))
}

/// Items one at a time: each printed as soon as it is complete, those
/// completed before an error printed before it, the envelope after the last.
fn items<T: Deserialize, E: ObjectDeser + Clone + Debug>(
    o: &Opts,
    input: &mut Input,
    out: &mut Out,
    mut d: ItemDecoder<T, E>,
    show: fn(&T, &mut Out) -> Result<(), Stop>,
) -> Result<(u64, u64), Stop> {
    let mut buf = chunk_buffer(o)?;
    let mut printed = 0u64;
    let mut print = |d: &mut ItemDecoder<T, E>, out: &mut Out| -> Result<u64, Stop> {
        for item in d.drain() {
            show(&item, out)?;
            printed += 1;
        }
        Ok(printed)
    };
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let fed = d.feed(&buf[..n]);
        // A decode error is reported even when printing the items before
        // it found standard output closed.
        let done = print(&mut d, out);
        fed.map_err(|e| input.decode_error(e))?;
        let done = done?;
        if !input.progress.is_hidden() {
            input.progress.set_message(format!("{done} items"));
        }
    }
    let end = d.finish();
    let printed = print(&mut d, out);
    let end = end.map_err(|e| input.decode_error(e))?;
    printed?;
    if let Some(meta) = &end.envelope {
        out.line(format_args!("envelope: {meta:?}"))?;
    }
    Ok((end.items, end.bytes))
}

fn run(o: &Opts, input: &mut Input, out: &mut Out, kind: Kind) -> Result<(u64, u64), Stop> {
    match (kind, o.stream) {
        (Kind::AccountSession, false) => object::<AccountSession>(o, input, out),
        (Kind::VerificationSession, false) => object::<IdentityVerificationSession>(o, input, out),
        (Kind::Value, false) => {
            let (v, bytes) = read_value::<Value>(o, input)?;
            out.line(format_args!("{v}"))?;
            Ok((1, bytes))
        }
        (Kind::AccountSessionList, false) => list::<AccountSession>(o, input, out),
        (Kind::VerificationSessionList, false) => {
            list::<IdentityVerificationSession>(o, input, out)
        }
        (Kind::AccountSessionList, true) => {
            items(o, input, out, List::<AccountSession>::items(), debug_line)
        }
        (Kind::VerificationSessionList, true) => items(
            o,
            input,
            out,
            List::<IdentityVerificationSession>::items(),
            debug_line,
        ),
        (Kind::Value, true) => items(o, input, out, ItemDecoder::<Value>::values(), json_line),
        // `parse_args` refuses these before any file is read.
        (k, true) => Err(Stop::Failed(format!(
            "{}: --stream-items needs a _list type or value, not {}",
            input.name,
            k.name()
        ))),
    }
}

/// The summary line, exactly as the README shows it.
fn summary(items: u64, bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let mut s = format!(
        "summary: items {items}, bytes {bytes}, time {:.3} ms",
        secs * 1e3
    );
    if bytes >= RATE_MIN_BYTES {
        s.push_str(&format!(
            ", {:.1} MB/s",
            bytes as f64 / 1e6 / secs.max(1e-9)
        ));
    }
    s
}

fn decode_all(o: &Opts, out: &mut Out) -> Result<(), Stop> {
    let start = Instant::now();
    // A bar on standard error only where it cannot tangle with the items.
    let show_progress = io::stderr().is_terminal() && (o.quiet || !io::stdout().is_terminal());
    let (mut items, mut bytes) = (0u64, 0u64);
    for file in &o.files {
        let file = Path::new(file);
        let kind = o.kind_of(file);
        let mut input = Input::open(file, show_progress)?;
        let r = run(o, &mut input, out, kind);
        input.progress.finish_and_clear();
        let (n, b) = r?;
        items += n;
        bytes += b;
    }
    let line = summary(items, bytes, start.elapsed());
    out.w.write_all(line.as_bytes())?;
    out.w.write_all(b"\n")?;
    out.w.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(Args::Help) => {
            // A closed pipe while printing help is not an error either.
            let _ = writeln!(io::stdout(), "{USAGE}\n\n{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(Args::Wrong(msg)) => {
            // A closed standard error changes nothing but what is seen.
            let _ = writeln!(io::stderr(), "error: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut out = Out {
        w: BufWriter::new(io::stdout().lock()),
        quiet: o.quiet,
    };
    match decode_all(&o, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Failed(msg)) => {
            // What was completed before the error comes first (if standard
            // output is still open: the error is reported either way).
            let _ = out.w.flush();
            let _ = writeln!(io::stderr(), "error: {msg}");
            ExitCode::FAILURE
        }
    }
}

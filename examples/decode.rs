//! Decode JSON files (or stdin) fed in chunks; print each result (secrets
//! redacted) and, last, a one-line summary.
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
//!   newline-delimited stream); each item is printed on one line.
//! - `--quiet` prints only the summary.

use std::fmt::Debug;
use std::io::Read;
use std::time::Instant;

use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Decoder, Deserialize, ItemDecoder, ObjectDeser, Value};

struct Opts {
    kind: Option<String>,
    chunk: usize,
    stream: bool,
    quiet: bool,
    files: Vec<String>,
}

fn usage() -> ! {
    eprintln!(
        "usage: decode [--type account_session|verification_session|account_session_list|verification_session_list|value]\n\
         \x20             [--chunk-size N] [--stream-items] [--quiet] [FILE | -]..."
    );
    std::process::exit(2)
}

fn parse_args() -> Opts {
    let mut o = Opts {
        kind: None,
        chunk: 4096,
        stream: false,
        quiet: false,
        files: vec![],
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--type" => o.kind = Some(it.next().unwrap_or_else(|| usage())),
            "--chunk-size" => {
                o.chunk = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage())
            }
            "--stream-items" => o.stream = true,
            "--quiet" => o.quiet = true,
            "-h" | "--help" => usage(),
            s if s.starts_with("--") => usage(),
            _ => o.files.push(a),
        }
    }
    if o.files.is_empty() {
        o.files.push("-".into());
    }
    o
}

fn kind_for(o: &Opts, file: &str) -> String {
    if let Some(k) = &o.kind {
        return k.clone();
    }
    let base = file.rsplit('/').next().unwrap_or("");
    let list = base.contains("_list");
    let k = if base.starts_with("account_session") {
        "account_session"
    } else if base.contains("verification_session") {
        "verification_session"
    } else {
        return "value".into();
    };
    if list {
        format!("{k}_list")
    } else {
        k.into()
    }
}

fn open(file: &str) -> std::io::Result<Box<dyn Read>> {
    Ok(if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(file)?)
    })
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Feed the input through a fixed buffer of `chunk` bytes: the value and
/// the bytes read.
fn read_all<T: Deserialize>(o: &Opts, file: &str) -> Res<(T, u64)> {
    let mut input = open(file)?;
    let mut d = Decoder::<T>::new();
    let mut buf = vec![0u8; o.chunk];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        d.feed(&buf[..n])?;
    }
    let bytes = d.bytes_consumed();
    Ok((d.finish()?, bytes))
}

/// One value; (items, bytes).
fn whole<T: Deserialize + Debug>(o: &Opts, file: &str, show: fn(&T)) -> Res<(u64, u64)> {
    let (v, bytes) = read_all::<T>(o, file)?;
    if !o.quiet {
        show(&v);
    }
    Ok((1, bytes))
}

/// A whole list envelope; (items, bytes).
fn list<T: Deserialize + Debug>(o: &Opts, file: &str) -> Res<(u64, u64)> {
    let (l, bytes) = read_all::<List<T>>(o, file)?;
    if !o.quiet {
        println!("{l:#?}");
    }
    Ok((l.data.len() as u64, bytes))
}

fn items<T: Deserialize + Debug, E: ObjectDeser + Clone + Debug>(
    o: &Opts,
    file: &str,
    mut d: ItemDecoder<T, E>,
) -> Res<(u64, u64)> {
    let mut input = open(file)?;
    let mut buf = vec![0u8; o.chunk];
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut print = |d: &mut ItemDecoder<T, E>| -> std::io::Result<()> {
        for item in d.drain() {
            if !o.quiet {
                use std::io::Write;
                writeln!(out, "{item:?}")?;
            }
        }
        Ok(())
    };
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        d.feed(&buf[..n])?;
        print(&mut d)?;
    }
    let end = d.finish()?;
    print(&mut d)?;
    if let (Some(meta), false) = (&end.envelope, o.quiet) {
        println!("envelope: {meta:?}");
    }
    Ok((end.items, end.bytes))
}

fn run(o: &Opts, file: &str, kind: &str) -> Res<(u64, u64)> {
    match (kind, o.stream) {
        ("account_session", false) => whole::<AccountSession>(o, file, |v| println!("{v:#?}")),
        ("verification_session", false) => {
            whole::<IdentityVerificationSession>(o, file, |v| println!("{v:#?}"))
        }
        ("value", false) => whole::<Value>(o, file, |v| println!("{v}")),
        ("account_session_list", false) => list::<AccountSession>(o, file),
        ("verification_session_list", false) => list::<IdentityVerificationSession>(o, file),
        ("account_session_list", true) => items(o, file, List::<AccountSession>::items()),
        ("verification_session_list", true) => {
            items(o, file, List::<IdentityVerificationSession>::items())
        }
        ("value", true) => items(o, file, ItemDecoder::<Value>::values()),
        (_, true) => Err(format!("--stream-items needs a _list type or value, not {kind}").into()),
        _ => usage(),
    }
}

fn main() {
    let o = parse_args();
    let start = Instant::now();
    let (mut items, mut bytes) = (0u64, 0u64);
    for file in &o.files {
        let kind = kind_for(&o, file);
        match run(&o, file, &kind) {
            Ok((n, b)) => {
                items += n;
                bytes += b;
            }
            Err(e) => {
                eprintln!("error: {file}: {e}");
                std::process::exit(1);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "summary: items {items}, bytes {bytes}, time {:.3} ms, {:.1} MB/s ({} file(s), chunk size {})",
        secs * 1e3,
        bytes as f64 / 1e6 / secs.max(1e-9),
        o.files.len(),
        o.chunk
    );
}

//! Decode a JSON file (or stdin) fed in chunks, print the result and a
//! one-line summary.
//!
//! ```text
//! decode [--type account_session|verification_session|value] [--chunk-size N] [FILE | -]
//! ```
//!
//! Without `--type`, the type follows the file name (`account_session*`,
//! `*verification_session*`), else `value`.

use std::io::Read;
use std::time::Instant;

use streamde::stripe::{AccountSession, IdentityVerificationSession};
use streamde::{Decoder, Deserialize, Value};

struct Args {
    kind: String,
    chunk: usize,
    file: String,
}

fn usage() -> ! {
    eprintln!("usage: decode [--type account_session|verification_session|value] [--chunk-size N] [FILE | -]");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut kind = None;
    let mut chunk = 4096;
    let mut file = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--type" => kind = Some(it.next().unwrap_or_else(|| usage())),
            "--chunk-size" => {
                chunk = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage())
            }
            "-h" | "--help" => usage(),
            _ if file.is_none() => file = Some(a),
            _ => usage(),
        }
    }
    let file = file.unwrap_or_else(|| "-".into());
    let kind = kind.unwrap_or_else(|| {
        let base = file.rsplit('/').next().unwrap_or("");
        if base.starts_with("account_session") {
            "account_session".into()
        } else if base.contains("verification_session") {
            "verification_session".into()
        } else {
            "value".into()
        }
    });
    Args { kind, chunk, file }
}

/// Feed the input through a fixed buffer of `chunk` bytes.
fn run<T: Deserialize>(args: &Args) -> Result<(T, u64), Box<dyn std::error::Error>> {
    let mut input: Box<dyn Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&args.file)?)
    };
    let mut d = Decoder::<T>::new();
    let mut buf = vec![0u8; args.chunk];
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

fn report<T>(
    args: &Args,
    start: Instant,
    r: Result<(T, u64), Box<dyn std::error::Error>>,
    show: impl Fn(&T),
) {
    match r {
        Ok((v, bytes)) => {
            show(&v);
            let secs = start.elapsed().as_secs_f64();
            println!(
                "decoded {} as {}: items 1, {} bytes, {:.3} ms, {:.1} MB/s, chunk size {}",
                args.file,
                args.kind,
                bytes,
                secs * 1e3,
                bytes as f64 / 1e6 / secs.max(1e-9),
                args.chunk
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

fn main() {
    let args = parse_args();
    let start = Instant::now();
    match args.kind.as_str() {
        "account_session" => report(&args, start, run::<AccountSession>(&args), |v| {
            println!("{v:#?}")
        }),
        "verification_session" | "identity_verification_session" => report(
            &args,
            start,
            run::<IdentityVerificationSession>(&args),
            |v| println!("{v:#?}"),
        ),
        "value" => report(&args, start, run::<Value>(&args), |v| println!("{v}")),
        _ => usage(),
    }
}

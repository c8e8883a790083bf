//! Decode one file with one decoder, for instruction counts under callgrind
//! (deterministic, unlike wall-clock time on a shared machine):
//!
//! ```text
//! decode_peers gen DIR [LIST_LEN]           write the benchmark corpus (benches/corpus) to DIR,
//!                                           lists of LIST_LEN items (default 1000)
//! decode_peers DECODER KIND FILE [N]        decode FILE N times (default 1)
//!   DECODER: streamde | streamde4096 | streamde64 | streamde1 (4096-, 64- and 1-byte chunks) | serde_json | sonic_rs | simd_json | miniserde
//!   KIND:    account_session | verification_session | account_session_list | verification_session_list
//!            | value (each library's own JSON value; miniserde not included)
//!            | canada | citm_catalog | twitter (the typed models of benches/models:
//!              object! for streamde, serde derive for the others; miniserde not included)
//! ```
//!
//! ```sh
//! cargo build --release -p streamde-bench --example decode_peers
//! target/release/examples/decode_peers gen /tmp/corpus
//! valgrind --tool=callgrind target/release/examples/decode_peers streamde account_session_list /tmp/corpus/account_session_list.min.json
//! ```

mod corpus;
mod models;
mod peers;

use std::hint::black_box;

use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Decoder, Deserialize};

fn chunked<T: Deserialize>(data: &[u8], size: usize) -> T {
    let mut d = Decoder::<T>::new();
    for c in data.chunks(size) {
        d.feed(c).unwrap();
    }
    d.finish().unwrap()
}

macro_rules! run {
    ($decoder:expr, $data:expr, $s:ty, $peer:ident) => {
        match $decoder {
            "streamde" => drop(black_box(streamde::from_slice::<$s>($data).unwrap())),
            "streamde4096" => drop(black_box(chunked::<$s>($data, 4096))),
            "streamde64" => drop(black_box(chunked::<$s>($data, 64))),
            "streamde1" => drop(black_box(chunked::<$s>($data, 1))),
            "serde_json" => drop(black_box(
                serde_json::from_slice::<peers::sj::$peer>($data).unwrap(),
            )),
            "sonic_rs" => drop(black_box(
                sonic_rs::from_slice::<peers::sonic::$peer>($data).unwrap(),
            )),
            "simd_json" => {
                let mut buf = $data.to_vec();
                drop(black_box(
                    simd_json::serde::from_slice::<peers::simd::$peer>(&mut buf).unwrap(),
                ))
            }
            "miniserde" => drop(black_box(
                miniserde::json::from_str::<peers::mini::$peer>(
                    std::str::from_utf8($data).unwrap(),
                )
                .unwrap(),
            )),
            other => panic!("unknown decoder {other}"),
        }
    };
}

/// The typed models of the standard corpus: streamde's `sd::$t` against
/// serde derive's `sj::$t`.
macro_rules! typed {
    ($decoder:expr, $data:expr, $m:ident :: $t:ident) => {
        match $decoder {
            "streamde" => drop(black_box(
                streamde::from_slice::<models::$m::sd::$t>($data).unwrap(),
            )),
            "streamde4096" => drop(black_box(chunked::<models::$m::sd::$t>($data, 4096))),
            "streamde64" => drop(black_box(chunked::<models::$m::sd::$t>($data, 64))),
            "streamde1" => drop(black_box(chunked::<models::$m::sd::$t>($data, 1))),
            "serde_json" => drop(black_box(
                serde_json::from_slice::<models::$m::sj::$t>($data).unwrap(),
            )),
            "sonic_rs" => drop(black_box(
                sonic_rs::from_slice::<models::$m::sj::$t>($data).unwrap(),
            )),
            "simd_json" => {
                let mut buf = $data.to_vec();
                drop(black_box(
                    simd_json::serde::from_slice::<models::$m::sj::$t>(&mut buf).unwrap(),
                ))
            }
            other => panic!("no typed decoder {other}"),
        }
    };
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("gen") {
        let dir = std::path::Path::new(args.get(1).expect("decode_peers gen DIR [LIST_LEN]"));
        let len = args
            .get(2)
            .map_or(1000, |n| n.parse().expect("LIST_LEN is a number"));
        std::fs::create_dir_all(dir).unwrap();
        for (name, data) in corpus::generate(1, len) {
            std::fs::write(dir.join(format!("{name}.json")), data).unwrap();
        }
        return;
    }
    let [decoder, kind, file, rest @ ..] = args.as_slice() else {
        eprintln!("usage: decode_peers gen DIR [LIST_LEN] | decode_peers DECODER KIND FILE [N]");
        std::process::exit(2)
    };
    let data = std::fs::read(file).unwrap();
    let n: usize = rest.first().map_or(1, |n| n.parse().unwrap());
    for _ in 0..n {
        match kind.as_str() {
            "value" => match decoder.as_str() {
                "streamde" => drop(black_box(
                    streamde::from_slice::<streamde::Value>(&data).unwrap(),
                )),
                "streamde4096" => drop(black_box(chunked::<streamde::Value>(&data, 4096))),
                "streamde64" => drop(black_box(chunked::<streamde::Value>(&data, 64))),
                "streamde1" => drop(black_box(chunked::<streamde::Value>(&data, 1))),
                "serde_json" => drop(black_box(
                    serde_json::from_slice::<serde_json::Value>(&data).unwrap(),
                )),
                "sonic_rs" => drop(black_box(
                    sonic_rs::from_slice::<sonic_rs::Value>(&data).unwrap(),
                )),
                "simd_json" => {
                    let mut buf = data.clone();
                    drop(black_box(simd_json::to_owned_value(&mut buf).unwrap()))
                }
                other => panic!("no value decoder {other}"),
            },
            "account_session" => run!(decoder.as_str(), &data, AccountSession, AccountSession),
            "verification_session" => {
                run!(
                    decoder.as_str(),
                    &data,
                    IdentityVerificationSession,
                    IdentityVerificationSession
                )
            }
            "account_session_list" => run!(
                decoder.as_str(),
                &data,
                List<AccountSession>,
                AccountSessionList
            ),
            "verification_session_list" => {
                run!(
                    decoder.as_str(),
                    &data,
                    List<IdentityVerificationSession>,
                    VerificationSessionList
                )
            }
            "canada" => typed!(decoder.as_str(), &data, canada::FeatureCollection),
            "citm_catalog" => typed!(decoder.as_str(), &data, citm::CitmCatalog),
            "twitter" => typed!(decoder.as_str(), &data, twitter::Twitter),
            other => panic!("unknown kind {other}"),
        }
    }
}

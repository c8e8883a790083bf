//! Replays every fuzz target over its seed corpus (the fixtures and
//! JSONTestSuite) and its regression files (`fuzz/regressions/TARGET/`), on
//! stable Rust, with the very logic the fuzz targets run.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz_logic;

use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = files(&root.join("tests/data/JSONTestSuite/test_parsing"))
        .into_iter()
        .chain(
            files(&root.join("tests/data/fixtures"))
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json")),
        )
        .map(|p| fs::read(p).unwrap())
        .collect();
    assert!(out.len() > 300, "seed corpus missing");
    // Split seeds: chunk sizes 1, 2, 3 before each document; and for
    // `hostile`, default limits before that.
    let with_sizes: Vec<Vec<u8>> = out
        .iter()
        .flat_map(|d| {
            [
                [&[3u8, 0, 1, 2][..], d].concat(),
                [&[255u8, 255, 255, 3, 0, 1, 2][..], d].concat(),
            ]
        })
        .collect();
    out.extend(with_sizes);
    out
}

fn replay(target: &str, f: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regressions = files(&root.join("fuzz/regressions").join(target));
    let mut n = 0;
    for data in seeds().iter().chain(
        regressions
            .iter()
            .map(|p| fs::read(p).unwrap())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        f(data);
        n += 1;
    }
    eprintln!(
        "{target}: {n} inputs replayed ({} regressions)",
        regressions.len()
    );
}

#[test]
fn decode() {
    replay("decode", fuzz_logic::decode);
}

#[test]
fn split() {
    replay("split", fuzz_logic::split);
}

#[test]
fn differential() {
    replay("differential", fuzz_logic::differential);
}

#[test]
fn roundtrip() {
    replay("roundtrip", fuzz_logic::roundtrip);
}

#[test]
fn hostile() {
    replay("hostile", fuzz_logic::hostile);
}

#[test]
fn two_speeds() {
    replay("two_speeds", fuzz_logic::two_speeds);
}

#[cfg(feature = "miniserde")]
#[test]
fn mini_split() {
    replay("mini_split", fuzz_logic::mini_split);
}

#[cfg(feature = "miniserde")]
#[test]
fn mini_panic() {
    replay("mini_panic", fuzz_logic::mini_panic);
}

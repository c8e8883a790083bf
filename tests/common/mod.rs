//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;

use streamde::{Decoder, Deserialize, Error};

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Every fixture file: (name, bytes).
pub fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["fixtures", "fixtures/variants"] {
        let mut paths: Vec<_> = fs::read_dir(data_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for p in paths {
            out.push((
                format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()),
                fs::read(&p).unwrap(),
            ));
        }
    }
    out
}

pub fn fixtures_of(kind: &str) -> Vec<(String, Vec<u8>)> {
    fixtures()
        .into_iter()
        .filter(|(n, _)| n.rsplit('/').next().unwrap().starts_with(kind))
        .collect()
}

/// Decode `data` fed in the given pieces.
pub fn decode_pieces<T: Deserialize>(pieces: &[&[u8]]) -> Result<T, Error> {
    let mut d = Decoder::<T>::new();
    for p in pieces {
        d.feed(p)?;
    }
    d.finish()
}

/// Decode with the resumable machine alone (no fast path), in chunks.
pub fn machine_chunked<T: Deserialize>(data: &[u8], size: usize) -> Result<T, Error> {
    let mut d = Decoder::<T>::new().machine_only();
    for p in data.chunks(size.max(1)) {
        d.feed(p)?;
    }
    d.finish()
}

pub fn decode_chunked<T: Deserialize>(data: &[u8], size: usize) -> Result<T, Error> {
    let pieces: Vec<&[u8]> = data.chunks(size.max(1)).collect();
    decode_pieces(&pieces)
}

/// Results are "the same": equal values, or errors of the same category at
/// the same offset, line, column and path, with the same message.
pub fn same<T: PartialEq>(a: &Result<T, Error>, b: &Result<T, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => {
            x.category() == y.category()
                && x.position() == y.position()
                && x.path() == y.path()
                && x.message() == y.message()
                && x.to_string() == y.to_string()
        }
        _ => false,
    }
}

/// Decode whole, one byte at a time, and split in two at every index;
/// panic on any disagreement. Returns the number of split cases run.
pub fn check_splits<T: Deserialize + PartialEq + std::fmt::Debug>(
    name: &str,
    data: &[u8],
) -> usize {
    let whole = streamde::from_slice::<T>(data);
    let bytewise = decode_chunked::<T>(data, 1);
    assert!(
        same(&whole, &bytewise),
        "{name}: whole {whole:?} != bytewise {bytewise:?}"
    );
    let mut cases = 2;
    // The machine alone agrees with the fast path.
    for size in [data.len(), 1, 7, 64] {
        let r = machine_chunked::<T>(data, size);
        assert!(
            same(&whole, &r),
            "{name}: machine alone, chunks of {size}: {r:?} != whole {whole:?}"
        );
        cases += 1;
    }
    for i in 0..=data.len() {
        let (a, b) = data.split_at(i);
        let r = decode_pieces::<T>(&[a, b]);
        assert!(
            same(&whole, &r),
            "{name}: split at {i}: {r:?} != whole {whole:?}"
        );
        cases += 1;
    }
    for size in [2, 3, 7, 64, 4096] {
        let r = decode_chunked::<T>(data, size);
        assert!(
            same(&whole, &r),
            "{name}: chunks of {size}: {r:?} != whole {whole:?}"
        );
        // Re-entering the fast path whatever is left of each chunk.
        let mut d = Decoder::<T>::new().reenter_at(1);
        let r = data
            .chunks(size)
            .try_for_each(|p| d.feed(p))
            .and_then(|()| d.finish());
        assert!(
            same(&whole, &r),
            "{name}: chunks of {size}, eager re-entry: {r:?} != whole {whole:?}"
        );
        cases += 2;
    }
    cases
}

/// A list envelope of `n` copies of `item` (a JSON object, its `"id"`
/// made unique), with the envelope keys in the given order.
pub fn list_doc(item: &str, n: usize, order: &[&str]) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let body = item.trim().strip_prefix('{').unwrap();
            format!("{{\"id\":\"item_{i}\",{body}")
        })
        .collect();
    let data = format!("\"data\":[{}]", items.join(",\n"));
    let parts: Vec<String> = order
        .iter()
        .map(|k| match *k {
            "object" => "\"object\":\"list\"".to_string(),
            "data" => data.clone(),
            "has_more" => "\"has_more\":true".to_string(),
            "url" => "\"url\":\"/v1/identity/verification_sessions\"".to_string(),
            other => format!("\"{other}\":{{\"unknown\":[1,2]}}"),
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

pub fn verification_session_text() -> String {
    std::fs::read_to_string(
        data_dir().join("fixtures/variants/identity_verification_session.fixtures3.json"),
    )
    .unwrap()
    .replace("\"id\":\"vs_1Pgc76B7WZ01zgkWBdQi8PTU\",", "")
}

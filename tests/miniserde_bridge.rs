//! `MiniDecoder` (feature `miniserde`) drives types declared with
//! miniserde's own derive, and miniserde's `json::Value`, fed in two pieces
//! split at every byte: the results are those of `miniserde::json::from_str`
//! on every fixture and on JSONTestSuite's `y_` files, and every `n_` file
//! is rejected by both. Floats are compared to one unit in the last place:
//! streamde rounds them correctly, miniserde's reader may not.
#![cfg(feature = "miniserde")]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use miniserde::json::{self, Number, Value};
use miniserde::{Deserialize, Serialize};
use streamde::MiniDecoder;

#[derive(Deserialize, Serialize, Debug)]
struct AccountSession {
    account: String,
    client_secret: String,
    components: BTreeMap<String, Component>,
    expires_at: i64,
    livemode: bool,
    object: String,
}

#[derive(Deserialize, Serialize, Debug)]
struct Component {
    enabled: bool,
    features: BTreeMap<String, bool>,
}

#[derive(Deserialize, Serialize, Debug)]
struct VerificationSession {
    client_reference_id: Option<String>,
    client_secret: Option<String>,
    created: i64,
    id: String,
    last_error: Option<LastError>,
    last_verification_report: Option<String>,
    livemode: bool,
    metadata: BTreeMap<String, String>,
    object: String,
    options: Option<Value>,
    redaction: Option<Redaction>,
    status: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize, Serialize, Debug)]
struct LastError {
    code: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize, Serialize, Debug)]
struct Redaction {
    status: String,
}

fn two_pieces<T: Deserialize>(data: &[u8], i: usize) -> streamde::Result<T> {
    let mut d = MiniDecoder::<T>::new();
    d.feed(&data[..i])?;
    d.feed(&data[i..])?;
    d.finish()
}

/// Typed results compared by miniserde's own writer (these types hold no
/// floats).
fn check_every_split<T: Deserialize + Serialize>(name: &str, data: &[u8]) {
    let want: T =
        json::from_str(std::str::from_utf8(data).unwrap()).unwrap_or_else(|_| panic!("{name}"));
    let want = json::to_string(&want);
    for i in 0..=data.len() {
        let got = two_pieces::<T>(data, i).unwrap_or_else(|e| panic!("{name} split at {i}: {e}"));
        assert_eq!(json::to_string(&got), want, "{name} split at {i}");
    }
}

#[test]
fn derived_types_match_miniserde_on_every_fixture_at_every_split() {
    for (name, data) in common::fixtures() {
        let file = name.rsplit('/').next().unwrap();
        if file.starts_with("account_session") {
            check_every_split::<AccountSession>(&name, &data);
        } else {
            check_every_split::<VerificationSession>(&name, &data);
        }
        check_every_split_value(&name, &data);
    }
}

/// Equal values; floats within one unit in the last place.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(Number::F64(x)), Value::Number(Number::F64(y))) => {
            x == y || (x.to_bits() as i64 - y.to_bits() as i64).abs() <= 1
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        (Value::Number(x), Value::Number(y)) => match (x, y) {
            (Number::U64(x), Number::U64(y)) => x == y,
            (Number::I64(x), Number::I64(y)) => x == y,
            _ => false,
        },
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

fn check_every_split_value(name: &str, data: &[u8]) {
    let want: Value = json::from_str(std::str::from_utf8(data).unwrap()).unwrap();
    for i in 0..=data.len() {
        let got =
            two_pieces::<Value>(data, i).unwrap_or_else(|e| panic!("{name} split at {i}: {e}"));
        assert!(
            same(&got, &want),
            "{name} split at {i}: {} != {}",
            json::to_string(&got),
            json::to_string(&want)
        );
    }
}

fn suite() -> Vec<(String, Vec<u8>)> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/JSONTestSuite/test_parsing");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn json_test_suite_y_files_match_and_n_files_are_rejected_by_both() {
    let (mut y, mut n) = (0, 0);
    for (name, data) in suite() {
        if name.starts_with("y_") {
            check_every_split_value(&name, &data);
            y += 1;
        } else if name.starts_with("n_") {
            let theirs = std::str::from_utf8(&data).ok().map(json::from_str::<Value>);
            assert!(
                !matches!(theirs, Some(Ok(_))),
                "{name}: miniserde accepts it"
            );
            // Deep n_ files are rejected at the depth limit.
            for i in [0, data.len() / 2, data.len()] {
                assert!(
                    two_pieces::<Value>(&data, i).is_err(),
                    "{name} split at {i}"
                );
            }
            n += 1;
        }
    }
    assert!(y > 90 && n > 180, "{y} y_ files, {n} n_ files");
}

#[test]
fn errors_name_position_and_path() {
    let doc = br#"{"items": [{"id": 1}, {"id": "x"}]}"#;
    #[derive(Deserialize, Debug)]
    struct Item {
        #[allow(dead_code)]
        id: u32,
    }
    #[derive(Deserialize, Debug)]
    struct Page {
        #[allow(dead_code)]
        items: Vec<Item>,
    }
    let e = two_pieces::<Page>(doc, 20).unwrap_err();
    assert_eq!(e.path(), "items[1].id");
    assert_eq!(e.position().map(|p| p.offset), Some(29));
    assert!(json::from_str::<Page>(std::str::from_utf8(doc).unwrap()).is_err());
}

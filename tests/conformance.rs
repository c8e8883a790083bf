//! JSONTestSuite (tests/data/JSONTestSuite/test_parsing): every `y_` file is
//! accepted, every `n_` file rejected, every `i_` file ends without a panic.
//! Each file is also decoded one byte at a time, which must agree.

use std::fs;
use std::path::PathBuf;

use streamde::de::Ignore;
use streamde::{Decoder, Deserialize, Error, Value};

fn suite() -> Vec<(String, Vec<u8>)> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/JSONTestSuite/test_parsing");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("test suite present")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn chunked<T: Deserialize>(data: &[u8], size: usize, machine: bool) -> Result<T, Error> {
    let mut d = Decoder::<T>::new();
    if machine {
        d = d.machine_only();
    }
    for b in data.chunks(size) {
        d.feed(b)?;
    }
    d.finish()
}

fn bytewise(data: &[u8]) -> Result<Value, Error> {
    chunked(data, 1, false)
}

/// Equal values, or errors equal in every field.
fn same<T: PartialEq>(a: &Result<T, Error>, b: &Result<T, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => {
            x.category() == y.category()
                && x.position() == y.position()
                && x.path() == y.path()
                && x.to_string() == y.to_string()
        }
        _ => false,
    }
}

/// The fast path and the machine alone agree on every file of the suite,
/// whole and in chunks, for `Value`, for a skipped value (`Ignore`) and for
/// arrays of values.
#[test]
fn json_test_suite_fast_path_and_machine_agree() {
    let mut failures = Vec::new();
    for (name, data) in suite() {
        let len = data.len().max(1);
        for size in [len, 1, 3, 16] {
            let fast = chunked::<Value>(&data, size, false);
            let machine = chunked::<Value>(&data, len, true);
            if !same(&fast, &machine) {
                failures.push(format!("{name} Value/{size}: {fast:?} != {machine:?}"));
            }
            let fast = chunked::<Ignore>(&data, size, false).map(|_| ());
            let machine = chunked::<Ignore>(&data, len, true).map(|_| ());
            if !same(&fast, &machine) {
                failures.push(format!("{name} Ignore/{size}: {fast:?} != {machine:?}"));
            }
            let fast = chunked::<Vec<Value>>(&data, size, false);
            let machine = chunked::<Vec<Value>>(&data, len, true);
            if !same(&fast, &machine) {
                failures.push(format!("{name} Vec/{size}: {fast:?} != {machine:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn json_test_suite() {
    let (mut y, mut n, mut i_acc, mut i_rej) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (name, data) in suite() {
        let whole = streamde::from_slice::<Value>(&data);
        let split = bytewise(&data);
        if !same(&whole, &split) {
            failures.push(format!("{name}: whole {whole:?} != bytewise {split:?}"));
        }
        match &name[..2] {
            "y_" => {
                y += 1;
                if let Err(e) = whole {
                    failures.push(format!("{name}: rejected valid JSON: {e}"));
                }
            }
            "n_" => {
                n += 1;
                if let Ok(v) = whole {
                    failures.push(format!("{name}: accepted invalid JSON as {v}"));
                }
            }
            "i_" => match whole {
                Ok(_) => i_acc += 1,
                Err(_) => i_rej += 1,
            },
            _ => {}
        }
    }
    eprintln!(
        "JSONTestSuite: y {y} accepted, n {n} rejected, i {i_acc} accepted / {i_rej} rejected"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!((y, n, i_acc + i_rej), (95, 188, 35), "suite incomplete");
}

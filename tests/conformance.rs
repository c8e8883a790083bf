//! JSONTestSuite (tests/data/JSONTestSuite/test_parsing): every `y_` file is
//! accepted, every `n_` file rejected, every `i_` file ends without a panic.
//! Each file is also decoded one byte at a time, which must agree.

use std::fs;
use std::path::PathBuf;

use streamde::{Decoder, Value};

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

fn bytewise(data: &[u8]) -> Result<Value, streamde::Error> {
    let mut d = Decoder::<Value>::new();
    for b in data.chunks(1) {
        d.feed(b)?;
    }
    d.finish()
}

fn same(a: &Result<Value, streamde::Error>, b: &Result<Value, streamde::Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => x.category() == y.category() && x.offset() == y.offset(),
        _ => false,
    }
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

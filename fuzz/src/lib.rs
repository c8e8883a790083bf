//! Shared logic of the fuzz targets. Each target in `fuzz_targets/` is one
//! line that calls a function here; `tests/fuzz_replay.rs` in the main crate
//! includes this file and replays every seed and regression on stable Rust.
//!
//! Deliberate differences from serde_json (checked in `differential`):
//! - A repeated key in an object: serde_json keeps the last value, streamde
//!   keeps the first position and the last value; compared as maps, equal.
//! - `-0` is `-0.0` in both; numbers compare by value (integers exactly,
//!   others as `f64`). serde_json's default float parser is not always
//!   correctly rounded (one ulp off on JSONTestSuite's
//!   `i_number_very_big_negative_int`, where streamde's result is the correctly
//!   rounded one), so floats may differ by one ulp.
//! - Nesting: streamde's default depth limit is 128 levels; serde_json's
//!   recursion limit is also 128. Inputs deeper than that are skipped by the
//!   comparison, since both reject them by design, at different points.
//!
//! Only what is built from `streamde` and `serde_json` is used here, so the
//! file compiles in both crates.

use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Category, Decoder, Deserialize, Value};

/// Arbitrary bytes into every model: only errors, never a panic or a hang.
pub fn decode(data: &[u8]) {
    let _ = streamde::from_slice::<AccountSession>(data);
    let _ = streamde::from_slice::<IdentityVerificationSession>(data);
    let _ = streamde::from_slice::<List<IdentityVerificationSession>>(data);
    let _ = streamde::from_slice::<Value>(data);
    let _ = streamde::from_slice::<Vec<Option<i32>>>(data);
    // Item by item, as newline-delimited values.
    let mut d = streamde::ItemDecoder::<Value>::values();
    if d.feed(data).is_ok() {
        let _ = d.finish();
    }
    d.drain().for_each(drop);
}

/// Chunk sizes from the first bytes, then the document.
fn split_input(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return (Vec::new(), data);
    };
    let n = ((first % 4) as usize).min(rest.len());
    let sizes = rest[..n].iter().map(|b| (*b as usize % 67) + 1).collect();
    (sizes, &rest[n..])
}

fn chunked<T: Deserialize>(doc: &[u8], sizes: &[usize]) -> streamde::Result<T> {
    let mut d = Decoder::<T>::new();
    let mut rest = doc;
    let mut i = 0;
    while !rest.is_empty() {
        let n = if sizes.is_empty() {
            1
        } else {
            sizes[i % sizes.len()]
        }
        .min(rest.len());
        d.feed(&rest[..n])?;
        // Empty chunks are legal too.
        d.feed(&[])?;
        rest = &rest[n..];
        i += 1;
    }
    d.finish()
}

fn same_result<T: PartialEq + std::fmt::Debug>(
    a: &streamde::Result<T>,
    b: &streamde::Result<T>,
    what: &str,
) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{what}: values differ"),
        (Err(x), Err(y)) => assert_eq!(
            (x.category(), x.offset(), x.line(), x.column()),
            (y.category(), y.offset(), y.line(), y.column()),
            "{what}: errors differ: {x} / {y}"
        ),
        _ => panic!("{what}: whole {a:?} vs chunked {b:?}"),
    }
}

/// The chunked result equals the whole-buffer result.
pub fn split(data: &[u8]) {
    let (sizes, doc) = split_input(data);
    same_result(
        &streamde::from_slice::<Value>(doc),
        &chunked::<Value>(doc, &sizes),
        "Value",
    );
    same_result(
        &streamde::from_slice::<AccountSession>(doc),
        &chunked::<AccountSession>(doc, &sizes),
        "AccountSession",
    );
    same_result(
        &streamde::from_slice::<IdentityVerificationSession>(doc),
        &chunked::<IdentityVerificationSession>(doc, &sizes),
        "IdentityVerificationSession",
    );
}

fn depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn nesting_exceeds(data: &[u8], limit: usize) -> bool {
    // Bracket depth outside strings, a cheap over-estimate for invalid input.
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in data {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max > limit
}

fn within_one_ulp(a: f64, b: f64) -> bool {
    a.is_finite()
        && b.is_finite()
        && a.signum() == b.signum()
        && a.to_bits().abs_diff(b.to_bits()) <= 1
}

/// Whether a streamde value and a serde_json value are the same JSON.
pub fn equal(a: &Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (Value::Null, J::Null) => true,
        (Value::Bool(x), J::Bool(y)) => x == y,
        (Value::String(x), J::String(y)) => x == y,
        (Value::Number(x), J::Number(y)) => match (x, y.as_u64(), y.as_i64(), y.as_f64()) {
            (streamde::Number::PosInt(n), Some(m), _, _) => *n == m,
            (streamde::Number::NegInt(n), _, Some(m), _) => *n == m,
            (streamde::Number::Float(f), None, None, Some(g)) => f == &g || within_one_ulp(*f, g),
            _ => false,
        },
        (Value::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => false,
    }
}

/// streamde and serde_json agree on acceptance and on the value.
pub fn differential(data: &[u8]) {
    if nesting_exceeds(data, 127) {
        return;
    }
    let ours = streamde::from_slice::<Value>(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(equal(a, b), "values differ: {a:?} vs {b:?}"),
        (Err(_), Err(_)) => {}
        (Ok(a), Err(e)) => panic!("streamde accepted {a:?}, serde_json rejected: {e}"),
        (Err(e), Ok(b)) => {
            assert!(
                depth(b) >= 128,
                "streamde rejected ({e}), serde_json accepted {b:?}"
            )
        }
    }
}

/// Whatever decodes, written back, decodes to an equal value.
pub fn roundtrip(data: &[u8]) {
    if let Ok(v) = streamde::from_slice::<Value>(data) {
        let text = streamde::to_string(&v);
        let back = streamde::from_str::<Value>(&text)
            .unwrap_or_else(|e| panic!("written JSON rejected: {e}: {text}"));
        assert_eq!(back, v, "round trip changed the value: {text}");
    }
    if let Ok(s) = streamde::from_slice::<AccountSession>(data) {
        let back: AccountSession =
            streamde::from_str(&streamde::to_string(&s)).expect("account session round trip");
        assert_eq!(back, s);
    }
    if let Ok(s) = streamde::from_slice::<IdentityVerificationSession>(data) {
        let back: IdentityVerificationSession =
            streamde::from_str(&streamde::to_string(&s)).expect("verification session round trip");
        assert_eq!(back, s);
    }
    // Errors are never "none of the above".
    if let Err(e) = streamde::from_slice::<Value>(data) {
        assert!(matches!(
            e.category(),
            Category::Syntax | Category::Eof | Category::Limit | Category::InvalidValue
        ));
    }
}

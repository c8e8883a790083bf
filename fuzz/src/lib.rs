//! Shared logic of the fuzz targets. Each target in `fuzz_targets/` is one
//! line that calls a function here; `tests/fuzz_replay.rs` in the main crate
//! includes this file and replays every seed and regression on stable Rust.
//!
//! Deliberate differences from serde_json (checked in `differential`):
//! - A repeated key in an object: serde_json keeps the last value, streamde
//!   keeps the first position and the last value; compared as maps, equal.
//! - `-0` is `-0.0` in both; numbers compare by value (integers exactly,
//!   others as `f64`, exactly: serde_json is built with `float_roundtrip`,
//!   its correctly rounded parser, in both this crate and the main crate's
//!   tests that replay these targets).
//! - Nesting: streamde's default depth limit is 128 levels; serde_json's
//!   recursion limit is also 128. Inputs deeper than that are skipped by the
//!   comparison, since both reject them by design, at different points.
//!
//! Only what is built from `streamde` and `serde_json` is used here, so the
//! file compiles in both crates.

use std::collections::HashMap;

#[cfg(feature = "miniserde")]
#[path = "boom.rs"]
mod boom;

use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Category, Decoder, Deserialize, ItemDecoder, Limits, ObjectDeser, Value};

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

/// `doc` cut into chunks whose sizes cycle through `sizes` (1 byte when
/// empty), each followed by an empty chunk (legal too).
fn pieces<'a>(doc: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = doc;
    let mut i = 0;
    while !rest.is_empty() {
        let n = if sizes.is_empty() {
            1
        } else {
            sizes[i % sizes.len()]
        }
        .min(rest.len());
        out.push(&rest[..n]);
        out.push(&[][..]);
        rest = &rest[n..];
        i += 1;
    }
    out
}

fn chunked<T: Deserialize>(doc: &[u8], sizes: &[usize]) -> streamde::Result<T> {
    chunked_with(doc, sizes, Limits::default())
}

fn chunked_with<T: Deserialize>(
    doc: &[u8],
    sizes: &[usize],
    limits: Limits,
) -> streamde::Result<T> {
    let mut d = Decoder::<T>::with_limits(limits);
    for p in pieces(doc, sizes) {
        d.feed(p)?;
    }
    d.finish()
}

/// Every field of two errors: category, position, path, message, text.
fn error_fields(e: &streamde::Error) -> impl PartialEq + std::fmt::Debug {
    (
        e.category(),
        e.position(),
        e.path().to_string(),
        e.message().to_string(),
        e.to_string(),
    )
}

fn same_result<T: PartialEq + std::fmt::Debug>(
    a: &streamde::Result<T>,
    b: &streamde::Result<T>,
    what: &str,
) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{what}: values differ"),
        (Err(x), Err(y)) => assert_eq!(
            error_fields(x),
            error_fields(y),
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
            (streamde::Number::Float(f), None, None, Some(g)) => f.to_bits() == g.to_bits(),
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

/// Limits from three bytes: small enough to be hit, or the default (a byte
/// of 200 or more).
fn limits_from(b: [u8; 3]) -> Limits {
    let d = Limits::default();
    d.max_depth(if b[0] >= 200 {
        d.max_depth
    } else {
        1 + b[0] as u32 % 40
    })
    .max_string_len(if b[1] >= 200 {
        d.max_string_len
    } else {
        1 + b[1] as u64 * 2
    })
    .max_input(if b[2] >= 200 {
        d.max_input
    } else {
        1 + b[2] as u64 * 16
    })
}

fn whole_vs_chunked<T: Deserialize + PartialEq + std::fmt::Debug>(
    doc: &[u8],
    sizes: &[usize],
    limits: Limits,
    what: &str,
) {
    let mut d = Decoder::<T>::with_limits(limits);
    let whole = d.feed(doc).and_then(|()| d.finish());
    same_result(&whole, &chunked_with::<T>(doc, sizes, limits), what);
}

/// Items handed over and how the stream ended, fed in `pieces`.
fn items<T: Deserialize, E: ObjectDeser + Clone + PartialEq + std::fmt::Debug>(
    mut d: ItemDecoder<T, E>,
    pieces: &[&[u8]],
) -> (Vec<T>, streamde::Result<streamde::StreamEnd<E>>) {
    let mut out = Vec::new();
    for p in pieces {
        let r = d.feed(p);
        out.extend(d.drain());
        if let Err(e) = r {
            // After an error every call fails the same way.
            let again = d.feed(b"").unwrap_err();
            assert_eq!(error_fields(&e), error_fields(&again));
            return (out, Err(e));
        }
    }
    let end = d.finish();
    out.extend(d.drain());
    // `finish` is idempotent.
    let again = d.finish();
    match (&end, &again) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(error_fields(a), error_fields(b)),
        _ => panic!("finish changed its answer: {end:?} then {again:?}"),
    }
    (out, end)
}

fn same_items<T: PartialEq + std::fmt::Debug, E: PartialEq + std::fmt::Debug>(
    a: (Vec<T>, streamde::Result<streamde::StreamEnd<E>>),
    b: (Vec<T>, streamde::Result<streamde::StreamEnd<E>>),
    what: &str,
) {
    assert_eq!(a.0, b.0, "{what}: items differ");
    same_result(&a.1, &b.1, what);
}

/// Random limits and chunk sizes, every kind of decoder: the result whole
/// and chunked is identical, errors included (category, position, path,
/// message), and nothing panics.
pub fn hostile(data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let (lim, rest) = data.split_at(3);
    let limits = limits_from([lim[0], lim[1], lim[2]]);
    let (sizes, doc) = split_input(rest);
    whole_vs_chunked::<Value>(doc, &sizes, limits, "Value");
    whole_vs_chunked::<AccountSession>(doc, &sizes, limits, "AccountSession");
    whole_vs_chunked::<IdentityVerificationSession>(
        doc,
        &sizes,
        limits,
        "IdentityVerificationSession",
    );
    whole_vs_chunked::<List<IdentityVerificationSession>>(doc, &sizes, limits, "List");
    whole_vs_chunked::<HashMap<String, Vec<Option<i64>>>>(doc, &sizes, limits, "HashMap");
    whole_vs_chunked::<Vec<f32>>(doc, &sizes, limits, "Vec<f32>");
    whole_vs_chunked::<Vec<u128>>(doc, &sizes, limits, "Vec<u128>");
    let cut = pieces(doc, &sizes);
    same_items(
        items(ItemDecoder::<Value>::values().with_limits(limits), &[doc]),
        items(ItemDecoder::<Value>::values().with_limits(limits), &cut),
        "ItemDecoder::values",
    );
    same_items(
        items(
            List::<IdentityVerificationSession>::items().with_limits(limits),
            &[doc],
        ),
        items(
            List::<IdentityVerificationSession>::items().with_limits(limits),
            &cut,
        ),
        "ItemDecoder::list",
    );
    // Every shape, on both paths.
    same_items(
        items(ItemDecoder::<Value>::array().with_limits(limits), &[doc]),
        items(
            ItemDecoder::<Value>::array()
                .with_limits(limits)
                .machine_only(),
            &cut,
        ),
        "ItemDecoder::array",
    );
    same_items(
        items(
            ItemDecoder::<Value>::at_key("data").with_limits(limits),
            &[doc],
        ),
        items(
            ItemDecoder::<Value>::at_key("data")
                .with_limits(limits)
                .machine_only(),
            &cut,
        ),
        "ItemDecoder::at_key",
    );
}

fn three_ways<T: Deserialize + PartialEq + std::fmt::Debug>(
    doc: &[u8],
    sizes: &[usize],
    limits: Limits,
    what: &str,
) {
    let mut d = Decoder::<T>::with_limits(limits);
    let fast = d.feed(doc).and_then(|()| d.finish());
    let mut d = Decoder::<T>::with_limits(limits).machine_only();
    let machine = d.feed(doc).and_then(|()| d.finish());
    same_result(
        &fast,
        &machine,
        &format!("{what}: fast path vs machine alone"),
    );
    let chunked = chunked_with::<T>(doc, sizes, limits);
    same_result(
        &fast,
        &chunked,
        &format!("{what}: whole vs fast path in chunks"),
    );
}

/// The two speeds agree: every document decoded by the fast path whole, by
/// the resumable machine alone, and by the fast path at the fuzzer's chunk
/// sizes gives identical values or identical errors (category, position,
/// path, message), under random limits.
pub fn two_speeds(data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let (lim, rest) = data.split_at(3);
    let limits = limits_from([lim[0], lim[1], lim[2]]);
    let (sizes, doc) = split_input(rest);
    three_ways::<Value>(doc, &sizes, limits, "Value");
    three_ways::<AccountSession>(doc, &sizes, limits, "AccountSession");
    three_ways::<IdentityVerificationSession>(doc, &sizes, limits, "IdentityVerificationSession");
    three_ways::<List<AccountSession>>(doc, &sizes, limits, "List<AccountSession>");
    three_ways::<List<IdentityVerificationSession>>(doc, &sizes, limits, "List<Verification>");
    three_ways::<HashMap<String, Vec<Option<i64>>>>(doc, &sizes, limits, "HashMap");
    three_ways::<Vec<f32>>(doc, &sizes, limits, "Vec<f32>");
    three_ways::<Vec<u128>>(doc, &sizes, limits, "Vec<u128>");
    three_ways::<Vec<String>>(doc, &sizes, limits, "Vec<String>");
    three_ways::<Option<Vec<bool>>>(doc, &sizes, limits, "Option<Vec<bool>>");
    // Tagged unions: members held before the tag and replayed.
    three_ways::<streamde::stripe::Event>(doc, &sizes, limits, "Event");
    three_ways::<Vec<streamde::stripe::EventObject>>(doc, &sizes, limits, "Vec<EventObject>");
    three_ways::<HashMap<u8, [i8; 2]>>(doc, &sizes, limits, "HashMap<u8, [i8; 2]>");
    three_ways::<Vec<(f32, u8, String)>>(doc, &sizes, limits, "Vec<(f32, u8, String)>");
    three_ways::<Box<Vec<Value>>>(doc, &sizes, limits, "Box<Vec<Value>>");
    three_ways::<streamde::de::Ignore>(doc, &sizes, limits, "Ignore");
}

#[cfg(feature = "miniserde")]
/// Equal miniserde values; floats within a relative 1e-15 (streamde rounds
/// correctly, miniserde's reader may be off in the last places) or both
/// below 1e-300 in magnitude (miniserde loses subnormal precision).
fn mini_same(a: &miniserde::json::Value, b: &miniserde::json::Value) -> bool {
    use miniserde::json::{Number, Value as V};
    match (a, b) {
        (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::String(x), V::String(y)) => x == y,
        (V::Number(Number::U64(x)), V::Number(Number::U64(y))) => x == y,
        (V::Number(Number::I64(x)), V::Number(Number::I64(y))) => x == y,
        // miniserde reads `-0` as the integer `I64(0)`; written back it is `0`.
        (V::Number(Number::U64(x)), V::Number(Number::I64(y)))
        | (V::Number(Number::I64(y)), V::Number(Number::U64(x))) => *y == 0 && *x == 0,
        (V::Number(Number::F64(x)), V::Number(Number::F64(y))) => {
            x == y
                || (x - y).abs() <= 1e-15 * x.abs().max(y.abs())
                || (x.abs() < 1e-300 && y.abs() < 1e-300)
        }
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| mini_same(a, b))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, a), (kb, b))| ka == kb && mini_same(a, b))
        }
        _ => false,
    }
}

#[cfg(feature = "miniserde")]
/// `MiniDecoder` fed in chunks against `miniserde::json::from_str`, into
/// miniserde's `json::Value`: both accept with the same value, or both
/// reject. Input nested deeper than streamde's default limit is left out
/// (miniserde has no limit).
pub fn mini_split(data: &[u8]) {
    let (sizes, doc) = split_input(data);
    if nesting_exceeds(doc, 100) {
        return;
    }
    let ours = (|| {
        let mut d = streamde::MiniDecoder::<miniserde::json::Value>::new();
        for p in pieces(doc, &sizes) {
            d.feed(p)?;
        }
        d.finish()
    })();
    let Ok(text) = std::str::from_utf8(doc) else {
        assert!(ours.is_err(), "accepted invalid UTF-8");
        return;
    };
    let theirs = miniserde::json::from_str::<miniserde::json::Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(
            mini_same(a, b),
            "values differ: {} vs {}",
            miniserde::json::to_string(a),
            miniserde::json::to_string(b)
        ),
        (Err(_), Err(_)) => {}
        (Ok(_), Err(_)) => panic!("streamde accepts what miniserde rejects: {text:?}"),
        (Err(e), Ok(_)) => panic!("streamde rejects what miniserde accepts: {e}: {text:?}"),
    }
    mini_traits(doc, &sizes, text, theirs.ok());
}

#[cfg(feature = "miniserde")]
/// Equal values, but that `-0` is the float `-0.0` for streamde and the
/// integer `0` through miniserde's visitors (`MiniDecoder` follows
/// miniserde there, as its documentation says).
fn same_but_minus_zero(a: &Value, b: &Value) -> bool {
    use streamde::Number;
    match (a, b) {
        (Value::Number(Number::Float(x)), Value::Number(Number::NegInt(0) | Number::PosInt(0)))
            if *x == 0.0 && x.is_sign_negative() =>
        {
            true
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_but_minus_zero(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, a), (kb, b))| ka == kb && same_but_minus_zero(a, b))
        }
        _ => a == b,
    }
}

#[cfg(feature = "miniserde")]
/// miniserde's traits on streamde's `Value`: fed through `MiniDecoder` in
/// chunks it is exactly what streamde decodes; read by miniserde's own
/// reader it accepts what that reader accepts, with the same value; written
/// by miniserde's writer or by streamde's, miniserde reads back the same.
fn mini_traits(doc: &[u8], sizes: &[usize], text: &str, theirs: Option<miniserde::json::Value>) {
    let direct = streamde::from_slice::<Value>(doc);
    let bridged = (|| {
        let mut d = streamde::MiniDecoder::<Value>::new();
        for p in pieces(doc, sizes) {
            d.feed(p)?;
        }
        d.finish()
    })();
    match (&direct, &bridged) {
        (Ok(a), Ok(b)) => assert!(
            same_but_minus_zero(a, b),
            "MiniDecoder<Value> differs: {a:?} vs {b:?}: {text:?}"
        ),
        (Err(_), Err(_)) => {}
        _ => panic!("streamde and MiniDecoder<Value> disagree: {direct:?} vs {bridged:?}"),
    }
    let via_reader = miniserde::json::from_str::<Value>(text);
    assert_eq!(
        via_reader.is_ok(),
        theirs.is_some(),
        "miniserde's reader into streamde's Value: {text:?}"
    );
    if let (Ok(v), Some(theirs)) = (via_reader, theirs) {
        for written in [miniserde::json::to_string(&v), streamde::to_string(&v)] {
            let back: miniserde::json::Value = miniserde::json::from_str(&written).unwrap();
            assert!(mini_same(&back, &theirs), "{written} vs {text:?}");
        }
    }
}

#[cfg(feature = "miniserde")]
/// `MiniDecoder` into a miniserde type whose code panics at the call the
/// first byte chooses, fed in chunks; the panic is caught, and the
/// decoder is then dropped, fed again or finished (the second byte). After
/// a panic every call is an error; without one the value is decoded as
/// without the planned panic. Leaks and invalid accesses are for the
/// sanitizer and Miri (the unit tests of `src/mini.rs`) to find.
pub fn mini_panic(data: &[u8]) {
    use boom::{Boom, LEFT};
    use std::panic::{catch_unwind, AssertUnwindSafe};
    boom::quiet_planned_panics();
    let [calls, after, rest @ ..] = data else {
        return;
    };
    let (sizes, doc) = split_input(rest);
    if nesting_exceeds(doc, 100) {
        return;
    }
    let clean = streamde::from_slice_mini::<Boom>(doc);
    LEFT.with(|l| l.set(u64::from(*calls)));
    let d = catch_unwind(streamde::MiniDecoder::<Boom>::new);
    let Ok(mut d) = d else {
        return;
    };
    let run = catch_unwind(AssertUnwindSafe(|| {
        for p in pieces(doc, &sizes) {
            d.feed(p)?;
        }
        Ok::<(), streamde::Error>(())
    }));
    match run {
        Ok(fed) => {
            let fin = catch_unwind(AssertUnwindSafe(|| fed.and_then(|()| d.finish())));
            LEFT.with(|l| l.set(u64::MAX));
            if let Ok(got) = fin {
                assert_eq!(got.ok(), clean.ok(), "a value differs without a panic");
            }
        }
        Err(_) => {
            LEFT.with(|l| l.set(u64::MAX));
            let refused = |e: streamde::Error| {
                assert!(e.message().contains("after a panic"), "{e}");
            };
            match after % 3 {
                0 => drop(d),
                1 => {
                    refused(d.feed(b"[]").unwrap_err());
                    refused(d.finish().unwrap_err());
                }
                _ => refused(d.finish().unwrap_err()),
            }
        }
    }
}

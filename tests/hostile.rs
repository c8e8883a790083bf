//! Hostile input: one test (or more) per way the crate's promises were
//! broken. Each test name starts with the break it pins: paths that depend
//! on the cut, panics and truncation on huge keys, quadratic time and stack
//! overflow on deep input, unknown fields that were not really skipped, a
//! repeated tag, `finish` that was not idempotent, memory for repeated keys,
//! thread teardown, numbers, and the smaller faults.

mod common;

use std::collections::HashMap;

use common::*;
use streamde::de::{Ignore, Seq, Visitor};
use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Category, Decoder, ItemDecoder, Limits, RawDecoder, Value};

fn err<T: streamde::Deserialize + std::fmt::Debug>(doc: &str) -> streamde::Error {
    streamde::from_str::<T>(doc).unwrap_err()
}

// ---- 1. The error path must not depend on the cut -------------------------

#[test]
fn b1_path_names_the_value_just_read_whatever_the_cut() {
    let cases = [
        // A syntax error right after `"b": 2` names `b`.
        (r#"{"x": {}, "b": 2 ]"#, "b"),
        // Junk right after the string value of `a`.
        (r#"{"a":"b"x}"#, "a"),
        // Truncated after the value of `b`.
        (r#"{"a":{},"b":"x""#, "b"),
        (r#"{"x": {}, "zz": [1, 2, }"#, "zz[2]"),
        // Inside an array, the index.
        (r#"{"a": [true, 1 x]}"#, "a[1]"),
        (r#"{"a": [true, 1, ]}"#, "a[2]"),
        // After a comma, before the next key: the object itself.
        (r#"{"a": {"b": 1, ]}}"#, "a"),
    ];
    for (doc, path) in cases {
        let e = err::<Value>(doc);
        assert_eq!(e.path(), path, "{doc}: {e}");
        check_splits::<Value>(doc, doc.as_bytes());
    }
    // Through a typed model, where `b` and `zz` are unknown and skipped: a
    // broken value under an unknown key names that key.
    for (doc, path) in [
        (r#"{"id": "x", "b": 2 ]"#, "b"),
        (r#"{"id": "x", "zz": [1, 2, }"#, "zz"),
        (r#"{"id": "x", "zz": {"q": 1, }}"#, "zz"),
        (r#"{"id": "x", "zz": {"q": [1, tru]}}"#, "zz"),
        (r#"{"id": "x", "zz": "\x"}"#, "zz"),
    ] {
        assert_eq!(err::<AccountSession>(doc).path(), path, "{doc}");
        check_splits::<AccountSession>(doc, doc.as_bytes());
    }
}

#[test]
fn b1_split_checks_compare_path_and_message() {
    // `check_splits` now compares every field of an error; a document whose
    // paths differed by cut before (the first case above) is the witness.
    let doc = r#"{"x": {}, "b": 2 ]"#;
    let whole = err::<Value>(doc);
    let (a, b) = doc.as_bytes().split_at(15);
    let cut = decode_pieces::<Value>(&[a, b]).unwrap_err();
    assert_eq!(
        (whole.path(), whole.message(), whole.to_string()),
        (cut.path(), cut.message(), cut.to_string())
    );
}

// ---- 2. Huge keys: no panic, no truncation --------------------------------

/// Feeds `{"K": {"K": ... 0 ...}}` with `levels` keys of `key_len` bytes
/// each, in 1 MiB chunks, into `Ignore` (so only the key buffer grows).
fn huge_keys(levels: usize, key_len: usize, limits: Limits) -> streamde::Result<()> {
    let mut d = Decoder::<Ignore>::with_limits(limits);
    let key = vec![b'k'; 1 << 20];
    for _ in 0..levels {
        d.feed(b"{\"")?;
        for _ in 0..key_len >> 20 {
            d.feed(&key)?;
        }
        d.feed(b"\": ")?;
    }
    d.feed(b"0")?;
    for _ in 0..levels {
        d.feed(b"}")?;
    }
    d.finish().map(|_| ())
}

/// More than 4 GiB of keys under the default streaming limits (64 keys of
/// 64 MiB and one more). Needs about 9 GiB of memory and a release build:
/// `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore]
fn b2_keys_beyond_4_gib_in_total_do_not_panic() {
    huge_keys(65, 64 << 20, Limits::streaming()).unwrap();
}

/// Records the length of every key it is given, and skips the values.
#[derive(Default)]
struct KeyLengths(Vec<usize>);

impl Visitor for KeyLengths {
    fn map(&mut self, _: streamde::Enter) -> streamde::Result<&mut dyn streamde::Map> {
        Ok(self)
    }
}

impl streamde::Map for KeyLengths {
    fn key(&mut self, k: &str) -> streamde::Result<Option<&mut dyn Visitor>> {
        self.0.push(k.len());
        Ok(None)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        None
    }
    fn finish(&mut self) -> streamde::Result<()> {
        Ok(())
    }
}

/// One key longer than 4 GiB with a raised string limit reaches the map
/// whole (it came out truncated to its last bytes).
#[test]
#[ignore]
fn b2_key_longer_than_4_gib_is_not_truncated() {
    let limits = Limits::streaming().max_string_len(u64::MAX);
    let len = (4usize << 30) + (1 << 20);
    let mut v = KeyLengths::default();
    let mut d = RawDecoder::new(limits);
    let chunk = vec![b'k'; 1 << 20];
    d.feed(&mut v, b"{\"").unwrap();
    for _ in 0..len >> 20 {
        d.feed(&mut v, &chunk).unwrap();
    }
    d.feed(&mut v, b"\": [1, 2]}").unwrap();
    d.finish(&mut v).unwrap();
    assert_eq!(v.0, [len]);
    // The same key, then an error inside its (skipped) value: the path
    // shows the key, by its first 64 bytes.
    let mut d = RawDecoder::new(limits);
    d.feed(&mut v, b"{\"").unwrap();
    for _ in 0..len >> 20 {
        d.feed(&mut v, &chunk).unwrap();
    }
    let e = d.feed(&mut v, b"\": [1, x]}").unwrap_err();
    assert_eq!(e.path(), format!("[{:?}...]", "k".repeat(64)));
}

#[test]
fn b2_small_version_of_the_huge_key_path() {
    // The same code path at a size a test can afford: a long key, cut by
    // chunk boundaries, shown by its first 64 bytes in the error path.
    let key = "k".repeat(100_000);
    let doc = format!("{{\"{key}\": [1, x]}}");
    let e = streamde::from_str::<Value>(&doc).unwrap_err();
    assert_eq!(e.path(), format!("[{:?}...][1]", &key[..64]));
    for size in [7, 4096, 65536] {
        let r = decode_chunked::<Value>(doc.as_bytes(), size);
        assert!(same(&Err(e.clone()), &r), "chunks of {size}: {r:?}");
    }
}

// ---- 3. Deep input: linear time, no stack overflow -------------------------

/// `Ignore`, but counts how often the decoder re-enters it.
#[derive(Default)]
struct CountingIgnore {
    resumes: u64,
}

impl Visitor for CountingIgnore {
    fn seq(&mut self, enter: streamde::Enter) -> streamde::Result<&mut dyn Seq> {
        if enter == streamde::Enter::Resume {
            self.resumes += 1;
        }
        Ok(self)
    }
    fn flat(&self) -> bool {
        true
    }
}

impl Seq for CountingIgnore {
    fn element(&mut self) -> streamde::Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        self.resumes += 1;
        Some(self)
    }
    fn finish(&mut self) -> streamde::Result<()> {
        Ok(())
    }
}

fn deep(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

fn deep_limits(n: usize) -> Limits {
    Limits::default().max_depth(n as u32 + 1)
}

#[test]
fn b3_closing_brackets_do_not_walk_from_the_root() {
    for n in [1_000, 10_000, 100_000] {
        let mut v = CountingIgnore::default();
        let mut d = RawDecoder::new(deep_limits(n));
        d.feed(&mut v, deep(n).as_bytes()).unwrap();
        d.finish(&mut v).unwrap();
        // One re-entry per closing bracket; a walk from the root would make
        // it n²/2.
        assert!(
            v.resumes <= 2 * n as u64,
            "n = {n}: {} re-entries",
            v.resumes
        );
    }
    // Ignore and Value themselves, deep.
    let n = 200_000;
    let doc = deep(n);
    let mut d = Decoder::<Ignore>::with_limits(deep_limits(n));
    d.feed(doc.as_bytes()).unwrap();
    d.finish().unwrap();
}

#[test]
fn b3_deep_value_drop_clone_eq_write_debug_on_a_small_stack() {
    let n = 100_000;
    let doc = format!("{}null{}", "[{\"a\":".repeat(n), "}]".repeat(n));
    let run = move || {
        let mut d = Decoder::<Value>::with_limits(deep_limits(2 * n));
        d.feed(doc.as_bytes()).unwrap();
        let v = d.finish().unwrap();
        let c = v.clone();
        assert!(v == c);
        let text = streamde::to_string(&v);
        assert_eq!(text, doc);
        assert_eq!(v.to_string(), doc);
        let dbg = format!("{v:?}");
        assert!(dbg.starts_with("Array [Object {\"a\": Array [Object"));
        drop(v);
        drop(c);
    };
    // 256 KiB of stack: any recursion over the input's depth overflows it.
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

// ---- 4. Skipping means skipping --------------------------------------------

#[test]
fn b4_skipped_numbers_follow_one_rule_inside_and_outside_containers() {
    // A skipped value is checked for syntax and never converted: `1e400` is
    // valid JSON, so an unknown member holding it is accepted either way.
    streamde::from_str::<IdentityVerificationSession>(&with_member("1e400")).unwrap();
    streamde::from_str::<IdentityVerificationSession>(&with_member("[1e400]")).unwrap();
    streamde::from_str::<IdentityVerificationSession>(&with_member("{\"q\": [-1e-400]}")).unwrap();
    // Syntax is checked with the same strictness inside and outside.
    for bad in [
        "01",
        "[01]",
        "1.",
        "[1.]",
        "-",
        "{\"q\": [-]}",
        "\"\\x\"",
        "[\"\\x\"]",
    ] {
        let e = streamde::from_str::<IdentityVerificationSession>(&with_member(bad)).unwrap_err();
        assert_eq!(
            (e.category(), e.path()),
            (Category::Syntax, "zz"),
            "{bad}: {e}"
        );
    }
    // Where a number is converted, beyond f64 is an invalid value.
    let e = err::<Value>("[1e400]");
    assert_eq!((e.category(), e.path()), (Category::InvalidValue, "[0]"));
}

/// The verification session fixture with an unknown member `zz` first.
fn with_member(value: &str) -> String {
    let text =
        std::fs::read_to_string(data_dir().join("fixtures/identity_verification_session.json"))
            .unwrap();
    format!("{{\"zz\": {value}, {}", &text.trim()[1..])
}

// ---- 5. A repeated tag ----------------------------------------------------

#[test]
fn b5_repeated_object_tag_is_a_duplicate_field() {
    let text = verification_session_text();
    let doc = format!(
        "{{\"object\": \"identity.verification_session\", {}",
        &text.trim()[1..]
    );
    let e = err::<IdentityVerificationSession>(&doc);
    assert_eq!(e.category(), Category::InvalidValue, "{e}");
    assert!(e.message().contains("duplicate field `object`"), "{e}");
    assert_eq!(e.path(), "object");
    check_splits::<IdentityVerificationSession>("repeated tag", doc.as_bytes());

    let account =
        std::fs::read_to_string(data_dir().join("fixtures/account_session.json")).unwrap();
    let doc = format!(
        "{{\"object\": \"account_session\", {}",
        &account.trim()[1..]
    );
    let e = err::<AccountSession>(&doc);
    assert!(e.message().contains("duplicate field `object`"), "{e}");
}

// ---- 6. finish is idempotent ----------------------------------------------

#[test]
fn b6_envelope_after_the_pull_iterator() {
    let item = verification_session_text();
    let doc = list_doc(&item, 3, &["object", "data", "has_more", "url"]);
    let mut it = List::<IdentityVerificationSession>::items().reader_items(doc.as_bytes());
    let ids: Vec<String> = it.by_ref().map(|r| r.unwrap().id).collect();
    assert_eq!(ids, ["item_0", "item_1", "item_2"]);
    let end = it.decoder().finish().unwrap();
    let list = end.envelope.clone().unwrap();
    assert!(list.has_more);
    assert_eq!(
        list.url.as_deref(),
        Some("/v1/identity/verification_sessions")
    );
    // Again: the same answer.
    assert_eq!(it.decoder().finish().unwrap(), end);
}

#[test]
fn b6_values_mode_does_not_depend_on_a_final_newline() {
    let run = |doc: &[u8]| {
        let mut d = ItemDecoder::<Value>::values();
        d.feed(doc).unwrap();
        let end = d.finish().unwrap();
        let items: Vec<Value> = d.drain().collect();
        (end.items, items, d.finish().unwrap().items)
    };
    let (n1, a, again1) = run(b"1\n{\"a\":2}\n3");
    let (n2, b, again2) = run(b"1\n{\"a\":2}\n3\n");
    assert_eq!((n1, again1, &a), (3, 3, &b));
    assert_eq!((n2, again2), (3, 3));
}

#[test]
fn b6_feed_after_finish_is_always_an_error() {
    for tail in [&b"4"[..], b"\n", b"", b"{}"] {
        let mut d = ItemDecoder::<Value>::values();
        d.feed(b"1\n2\n3").unwrap();
        d.finish().unwrap();
        let e = d.feed(tail).unwrap_err();
        assert!(e.message().contains("after `finish`"), "{e}");
        assert_eq!(d.drain().count(), 3);
    }
    let mut v = Ignore;
    let mut d = RawDecoder::new(Limits::default());
    d.feed(&mut v, b"[1]").unwrap();
    d.finish(&mut v).unwrap();
    d.finish(&mut v).unwrap();
    assert!(d.feed(&mut v, b" ").is_err());
}

// ---- 9. Thread teardown ---------------------------------------------------

struct DecodesOnDrop;

static DECODED_ON_DROP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Drop for DecodesOnDrop {
    fn drop(&mut self) {
        let v: Value = streamde::from_str(r#"{"a": [1, {"b": "c"}], "d": {"e": 1}}"#).unwrap();
        let m: HashMap<String, u8> = streamde::from_str(r#"{"x": 1}"#).unwrap();
        let ok = v["a"][1]["b"].as_str() == Some("c") && m["x"] == 1;
        DECODED_ON_DROP.store(ok, std::sync::atomic::Ordering::SeqCst);
    }
}

thread_local! {
    static MINE: DecodesOnDrop = const { DecodesOnDrop };
}

#[test]
fn b9_decoding_in_a_thread_local_destructor() {
    std::thread::spawn(|| {
        // Registered first, so destroyed after the crate's own thread-locals.
        MINE.with(|_| {});
        let _: Value = streamde::from_str(r#"{"warm": [1, {"up": 2}]}"#).unwrap();
        let _: HashMap<String, u8> = streamde::from_str(r#"{"x": 1}"#).unwrap();
    })
    .join()
    .unwrap();
    assert!(DECODED_ON_DROP.load(std::sync::atomic::Ordering::SeqCst));
}

// ---- 10. Numbers -----------------------------------------------------------

#[test]
fn b10_u128_i128_full_range() {
    assert_eq!(
        streamde::from_str::<u128>("340282366920938463463374607431768211455").unwrap(),
        u128::MAX
    );
    assert_eq!(
        streamde::from_str::<i128>("-170141183460469231731687303715884105728").unwrap(),
        i128::MIN
    );
    assert_eq!(
        streamde::from_str::<i128>("18446744073709551616").unwrap(),
        1 << 64
    );
    let e = err::<u128>("340282366920938463463374607431768211456");
    assert_eq!(e.category(), Category::InvalidValue);
    assert_eq!(
        e.message(),
        "invalid value: integer `340282366920938463463374607431768211456` out of range for u128"
    );
    // A fraction is still not an integer.
    assert_eq!(err::<u128>("1.5").category(), Category::InvalidType);
}

#[test]
fn b10_one_out_of_range_message_for_both_signs() {
    let pos = err::<i64>("9223372036854775808");
    let neg = err::<i64>("-9223372036854775809");
    assert_eq!(
        pos.message(),
        "invalid value: integer `9223372036854775808` out of range for i64"
    );
    assert_eq!(
        neg.message(),
        "invalid value: integer `-9223372036854775809` out of range for i64"
    );
    assert_eq!(
        err::<u8>("-1").message(),
        "invalid value: integer `-1` out of range for u8"
    );
    assert_eq!(
        err::<u8>("256").message(),
        "invalid value: integer `256` out of range for u8"
    );
}

#[test]
fn b10_f32_is_rounded_once() {
    assert_eq!(
        streamde::from_str::<f32>("1.00000005960464477539062500001").unwrap(),
        1.000_000_1_f32
    );
    assert_eq!(
        streamde::from_str::<f32>("3.4028235677973366e38").unwrap(),
        f32::MAX
    );
    assert_eq!(err::<f32>("3.5e38").category(), Category::InvalidValue);
    assert_eq!(streamde::from_str::<f32>("16777217").unwrap(), 16_777_216.0);
}

#[test]
fn b10_beyond_f64_is_not_a_syntax_error() {
    for doc in ["1e400", "-1e400", "[1e400]"] {
        let e = err::<Value>(doc);
        assert_eq!(e.category(), Category::InvalidValue, "{doc}: {e}");
        assert!(e.message().contains("out of range for f64"), "{e}");
    }
    let e = err::<f64>("1e400");
    assert_eq!(e.category(), Category::InvalidValue);
    // Tiny numbers round to zero, as in every parser.
    assert_eq!(streamde::from_str::<f64>("1e-400").unwrap(), 0.0);
}

// ---- 11. Smaller faults -----------------------------------------------------

#[test]
fn b11_empty_and_quoted_keys_appear_in_paths() {
    type M = HashMap<String, HashMap<String, bool>>;
    let cases = [
        (r#"{"": {"a": 1}}"#, r#"[""].a"#),
        (r#"{"a.b": {"c d": 1}}"#, r#"["a.b"]["c d"]"#),
        (r#"{"\n": {"é": 1}}"#, r#"["\n"]["é"]"#),
        (r#"{"ok": {"": 1}}"#, r#"ok[""]"#),
    ];
    for (doc, path) in cases {
        let e = err::<M>(doc);
        assert_eq!(e.path(), path, "{doc}: {e}");
        check_splits::<M>(doc, doc.as_bytes());
    }
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    struct Raw => RawBuilder {
        r#type: String,
        r#ref: Option<u32>,
    }
}

#[test]
fn b11_raw_identifiers_are_plain_keys() {
    let r: Raw = streamde::from_str(r#"{"type": "card", "ref": 3}"#).unwrap();
    assert_eq!(
        r,
        Raw {
            r#type: "card".into(),
            r#ref: Some(3)
        }
    );
    assert_eq!(streamde::to_string(&r), r#"{"type":"card","ref":3}"#);
    let e = err::<Raw>(r#"{"ref": 3}"#);
    assert_eq!(e.message(), "missing field `type`");
}

#[test]
fn b11_value_equality_is_map_equality() {
    let a: Value = streamde::from_str(r#"{"a": 1, "b": [true, {"x": null, "y": "z"}]}"#).unwrap();
    let b: Value = streamde::from_str(r#"{"b": [true, {"y": "z", "x": null}], "a": 1}"#).unwrap();
    assert_eq!(a, b);
    let c: Value = streamde::from_str(r#"{"b": [{"y": "z", "x": null}, true], "a": 1}"#).unwrap();
    assert_ne!(a, c, "arrays keep their order");
    // Large objects (indexed comparison) too.
    let keys: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
    let fwd: Value = streamde::from_str(&format!("{{{}}}", keys.join(","))).unwrap();
    let rev: Vec<String> = keys.iter().rev().cloned().collect();
    let bwd: Value = streamde::from_str(&format!("{{{}}}", rev.join(","))).unwrap();
    assert_eq!(fwd, bwd);
}

#[test]
fn b11_documented_behaviour() {
    streamde::object! {
        #[derive(Debug)]
        struct Req => ReqBuilder { name: String }
    }
    // `null` for a required field is a wrong type, absence a missing field.
    assert_eq!(
        err::<Req>(r#"{"name": null}"#).category(),
        Category::InvalidType
    );
    assert_eq!(err::<Req>(r#"{}"#).category(), Category::MissingField);
    // An I/O error has the position the input had reached.
    struct Fails(usize);
    impl std::io::Read for Fails {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("boom"));
            }
            self.0 = 0;
            let text = b"[1,\n2,";
            buf[..text.len()].copy_from_slice(text);
            Ok(text.len())
        }
    }
    let e = streamde::from_reader::<Value, _>(Fails(1)).unwrap_err();
    assert_eq!(e.category(), Category::Io);
    let p = e.position().unwrap();
    assert_eq!((p.offset, p.line, p.column), (6, 2, 3));
}

// ---- Every member of both fixtures -------------------------------------------

/// Scalar members of a JSON text: (path as the crate prints it, start, end).
fn scalar_members(text: &[u8]) -> Vec<(String, usize, usize)> {
    fn ws(t: &[u8], mut i: usize) -> usize {
        while i < t.len() && t[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    }
    fn string_end(t: &[u8], mut i: usize) -> usize {
        i += 1;
        while t[i] != b'"' {
            i += if t[i] == b'\\' { 2 } else { 1 };
        }
        i + 1
    }
    fn push_key(path: &str, k: &str) -> String {
        let plain = !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        match (plain, path.is_empty()) {
            (true, true) => k.to_string(),
            (true, false) => format!("{path}.{k}"),
            (false, _) => format!("{path}[{k:?}]"),
        }
    }
    fn value(t: &[u8], i: usize, path: &str, out: &mut Vec<(String, usize, usize)>) -> usize {
        let i = ws(t, i);
        match t[i] {
            b'{' => {
                let mut j = ws(t, i + 1);
                if t[j] == b'}' {
                    return j + 1;
                }
                loop {
                    let kend = string_end(t, j);
                    let key: String = streamde::from_slice(&t[j..kend]).unwrap();
                    j = ws(t, kend) + 1; // ':'
                    j = value(t, j, &push_key(path, &key), out);
                    j = ws(t, j);
                    if t[j] == b'}' {
                        return j + 1;
                    }
                    j = ws(t, j + 1);
                }
            }
            b'[' => {
                let mut j = ws(t, i + 1);
                if t[j] == b']' {
                    return j + 1;
                }
                let mut n = 0;
                loop {
                    j = value(t, j, &format!("{path}[{n}]"), out);
                    n += 1;
                    j = ws(t, j);
                    if t[j] == b']' {
                        return j + 1;
                    }
                    j += 1;
                }
            }
            b'"' => {
                let end = string_end(t, i);
                out.push((path.to_string(), i, end));
                end
            }
            _ => {
                let mut end = i;
                while end < t.len() && !b",]} \n\r\t".contains(&t[end]) {
                    end += 1;
                }
                out.push((path.to_string(), i, end));
                end
            }
        }
    }
    let mut out = Vec::new();
    value(text, 0, "", &mut out);
    out
}

/// Every scalar member, corrupted three ways, fails naming that member,
/// identically whole and at every two-way split.
fn corrupt_every_member<T: streamde::Deserialize + PartialEq + std::fmt::Debug>(file: &str) {
    let text = std::fs::read(data_dir().join(file)).unwrap();
    streamde::from_slice::<T>(&text).unwrap();
    let members = scalar_members(&text);
    assert!(members.len() > 10, "{file}: {} members", members.len());
    let (mut errors, mut untyped) = (0, 0);
    for (path, start, end) in &members {
        let orig = &text[*start..*end];
        let wrong: &[u8] = match orig[0] {
            b'"' => b"true",
            _ => b"\"wrong\"",
        };
        let variants: [(&str, Vec<u8>); 3] = [
            (
                "invalid token",
                [&text[..*start], b"@", &text[*end..]].concat(),
            ),
            ("junk after", [&text[..*end], b" x", &text[*end..]].concat()),
            (
                "wrong type",
                [&text[..*start], wrong, &text[*end..]].concat(),
            ),
        ];
        for (what, doc) in variants {
            let r = streamde::from_slice::<T>(&doc);
            let e = match r {
                Err(e) => e,
                // A member the model keeps as `Value` takes any type.
                Ok(_) if what == "wrong type" => {
                    untyped += 1;
                    continue;
                }
                Ok(v) => panic!("{file}: {what} at {path} accepted: {v:?}"),
            };
            assert_eq!(e.path(), path, "{file}: {what} at {path}: {e}");
            check_splits::<T>(&format!("{file}: {what} at {path}"), &doc);
            errors += 1;
        }
    }
    eprintln!(
        "{file}: {} scalar members, {errors} corrupted documents fail at the member at every split, \
         {untyped} wrong-type members accepted by Value fields",
        members.len()
    );
}

#[test]
fn every_member_of_the_account_session_fixture() {
    corrupt_every_member::<AccountSession>("fixtures/account_session.json");
}

#[test]
fn every_member_of_the_verification_session_fixture() {
    corrupt_every_member::<IdentityVerificationSession>(
        "fixtures/identity_verification_session.json",
    );
}

#[test]
fn list_envelope_members_too() {
    let item = verification_session_text();
    let doc = list_doc(&item, 2, &["object", "data", "has_more", "url"]);
    std::fs::write(
        std::env::temp_dir().join("streamde-hostile-list.json"),
        &doc,
    )
    .unwrap();
    let members = scalar_members(doc.as_bytes());
    for (path, start, end) in members.iter().filter(|m| !m.0.starts_with("data")) {
        let bad = [&doc.as_bytes()[..*start], b"@", &doc.as_bytes()[*end..]].concat();
        let e = streamde::from_slice::<List<IdentityVerificationSession>>(&bad).unwrap_err();
        assert_eq!(e.path(), path);
    }
}

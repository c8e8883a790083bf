//! The streaming writer: `to_writer` drains a fixed buffer into the writer
//! between values (its writes stay near `Out::BUFFER` however large the
//! value), reports write errors, and `ItemWriter` writes item streams that
//! `ItemDecoder` reads back.

mod common;

use std::io::{self, Write};

use streamde::ser::{ItemWriter, Out};
use streamde::stripe::{AccountSession, List, ListMeta};
use streamde::{json, ItemDecoder, Value};

/// Records the size of every write and the total.
#[derive(Default)]
struct Sizes {
    largest: usize,
    writes: usize,
    bytes: Vec<u8>,
}

impl Write for Sizes {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.largest = self.largest.max(b.len());
        self.writes += 1;
        self.bytes.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn big_value() -> Value {
    // About 2 MB: objects, arrays, strings and numbers, nested.
    let item = |i: u64| json!({"id": format!("item_{i}"), "n": i, "tags": ["a", "b", {"deep": [i, -1.5]}]});
    Value::Array(
        (0..20)
            .map(|j| json!({"group": j, "items": (0..1500u64).map(|i| item(i + j * 1500)).collect::<Value>()}))
            .collect(),
    )
}

#[test]
fn to_writer_writes_through_a_bounded_buffer() {
    let v = big_value();
    let mut sink = Sizes::default();
    streamde::to_writer(&mut sink, &v).unwrap();
    let text = streamde::to_string(&v);
    assert!(text.len() > 1_500_000, "{}", text.len());
    assert_eq!(sink.bytes, text.as_bytes());
    // Each write is one buffer's worth: the buffer plus the last value
    // written before the drain point (all short here).
    assert!(sink.largest <= Out::BUFFER + 128, "{}", sink.largest);
    assert!(sink.writes >= text.len() / (Out::BUFFER + 128));
    // Typed models drain too.
    let fixture = &common::fixtures_of("account_session")[0].1;
    let session: AccountSession = streamde::from_slice(fixture).unwrap();
    let list = List {
        data: vec![session; 500],
        ..streamde::from_str::<List<AccountSession>>(
            r#"{"object":"list","data":[],"has_more":false,"url":"/v1/x"}"#,
        )
        .unwrap()
    };
    let mut sink = Sizes::default();
    streamde::to_writer(&mut sink, &list).unwrap();
    assert_eq!(sink.bytes, streamde::to_string(&list).as_bytes());
    assert!(sink.largest <= Out::BUFFER + 512, "{}", sink.largest);
}

/// Every std container drains between its elements: a `Vec<u64>` of
/// 200,000 (1.5 MB of text) is many buffer-sized writes, not one.
#[test]
fn every_container_drains_between_elements() {
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
    use std::rc::Rc;
    use std::sync::Arc;
    fn check<T: streamde::Serialize + ?Sized>(what: &str, v: &T) {
        check_within(what, v, 64);
    }
    /// Writes stay within the buffer plus `slack` (the longest element).
    fn check_within<T: streamde::Serialize + ?Sized>(what: &str, v: &T, slack: usize) {
        let mut sink = Sizes::default();
        streamde::to_writer(&mut sink, v).unwrap();
        let text = streamde::to_string(v);
        assert!(text.len() > 2 * Out::BUFFER, "{what}: {}", text.len());
        assert_eq!(sink.bytes, text.as_bytes(), "{what}");
        assert!(
            sink.largest <= Out::BUFFER + slack,
            "{what}: {}",
            sink.largest
        );
    }
    let n: Vec<u64> = (0..200_000u64).map(|i| i * 7919).collect();
    check("Vec", &n);
    check("slice", &n[..]);
    check("Box<[u64]>", &n.clone().into_boxed_slice());
    check("array", &<[u64; 40_000]>::try_from(&n[..40_000]).unwrap());
    check("VecDeque", &n.iter().copied().collect::<VecDeque<_>>());
    check("HashSet", &n.iter().copied().collect::<HashSet<_>>());
    check("BTreeSet", &n.iter().copied().collect::<BTreeSet<_>>());
    check("tuple", &(n.clone(), n[..1000].to_vec(), 5u8));
    let s = "s".repeat(3000);
    check_within("tuple of strings", &(&s, &s, &s, &s, &s, &s), 3100);
    check(
        "Vec of tuples",
        &n.iter().map(|&i| (i, i)).collect::<Vec<_>>(),
    );
    check("Option", &Some(n.clone()));
    check("Rc", &Rc::new(n.clone()));
    check("Arc", &Arc::new(n.clone()));
    check("Vec<Vec>", &vec![n.clone(), n.clone()]);
    check(
        "HashMap",
        &n.iter().map(|&i| (i, i)).collect::<HashMap<_, _>>(),
    );
    check(
        "BTreeMap",
        &n.iter()
            .map(|&i| (i.to_string(), i))
            .collect::<BTreeMap<_, _>>(),
    );
    check("Value", &Value::from(n.clone()));
}

/// A writer that fails after some bytes.
struct Failing(usize);

impl Write for Failing {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        if self.0 < b.len() {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
        }
        self.0 -= b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_errors_are_reported() {
    let e = streamde::to_writer(Failing(20_000), &big_value()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    let e = streamde::to_writer(Failing(0), &json!([1])).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
}

#[test]
fn item_writer_shapes_read_back_with_item_decoder() {
    let fixture = &common::fixtures_of("account_session")[0].1;
    let session: AccountSession = streamde::from_slice(fixture).unwrap();
    let meta: ListMeta = streamde::from_str(
        r#"{"object": "list", "has_more": true, "url": "/v1/account_sessions"}"#,
    )
    .unwrap();

    let mut w = ItemWriter::at_key(Vec::new(), "data").unwrap();
    for _ in 0..200 {
        w.item(&session).unwrap();
    }
    assert_eq!(w.items(), 200);
    let bytes = w.finish_with(&meta).unwrap();
    let list: List<AccountSession> = streamde::from_slice(&bytes).unwrap();
    assert_eq!(list.data.len(), 200);
    assert!(list.has_more);
    let mut d = List::<AccountSession>::items();
    let mut n = 0;
    for chunk in bytes.chunks(997) {
        d.feed(chunk).unwrap();
        while let Some(item) = d.next_item() {
            assert_eq!(item, session);
            n += 1;
        }
    }
    let end = d.finish().unwrap();
    assert_eq!((n, end.envelope.unwrap().has_more), (200, true));

    let mut w = ItemWriter::array(Vec::new()).unwrap();
    w.item(&json!({"a": 1})).unwrap();
    w.item(&json!([2])).unwrap();
    assert_eq!(w.finish().unwrap(), br#"[{"a":1},[2]]"#);
    let w = ItemWriter::array(Vec::new()).unwrap();
    assert_eq!(w.finish().unwrap(), b"[]");

    let mut w = ItemWriter::values(Vec::new());
    for i in 0..3 {
        w.item(&json!({"i": i})).unwrap();
    }
    let bytes = w.finish().unwrap();
    assert_eq!(bytes, b"{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n");
    let mut d = ItemDecoder::<Value>::values();
    d.feed(&bytes).unwrap();
    let mut got = Vec::new();
    while let Some(v) = d.next_item() {
        got.push(v);
    }
    assert_eq!(got, [json!({"i": 0}), json!({"i": 1}), json!({"i": 2})]);

    // The envelope's own member under the items' key is left out; an
    // envelope that is not an object is refused.
    let w = ItemWriter::at_key(Vec::new(), "rows").unwrap();
    let out = w.finish_with(&json!({"rows": "x", "total": 0})).unwrap();
    assert_eq!(out, br#"{"rows":[],"total":0}"#);
    let w = ItemWriter::at_key(Vec::new(), "rows").unwrap();
    assert!(w.finish_with(&json!([1])).is_err());
}

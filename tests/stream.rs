//! Lists, item-by-item decoding, value streams, readers and async bodies.

mod common;

use common::*;
use streamde::stripe::{IdentityVerificationSession, List, VerificationSession};
use streamde::{Category, ItemDecoder, Value};

fn items_chunked<T: streamde::Deserialize, E: streamde::ObjectDeser + Clone>(
    d: ItemDecoder<T, E>,
    data: &[u8],
    size: usize,
) -> (Vec<T>, streamde::Result<streamde::StreamEnd<E>>) {
    items_of(d, data.chunks(size))
}

/// Items and end of a decoder fed `pieces`.
fn items_of<'a, T: streamde::Deserialize, E: streamde::ObjectDeser + Clone>(
    mut d: ItemDecoder<T, E>,
    pieces: impl IntoIterator<Item = &'a [u8]>,
) -> (Vec<T>, streamde::Result<streamde::StreamEnd<E>>) {
    let mut out = Vec::new();
    for c in pieces {
        if let Err(e) = d.feed(c) {
            out.extend(d.drain());
            return (out, Err(e));
        }
        out.extend(d.drain());
    }
    let end = d.finish();
    out.extend(d.drain());
    (out, end)
}

#[test]
fn list_envelope_any_key_order() {
    let item = verification_session_text();
    for order in [
        &["object", "data", "has_more", "url"][..],
        &["url", "has_more", "data", "object"],
        &["data", "extra", "url", "has_more"],
    ] {
        let doc = list_doc(&item, 3, order);
        let l: List<VerificationSession> = streamde::from_str(&doc).unwrap();
        assert_eq!(
            (
                l.data.len(),
                l.has_more,
                l.url.as_deref().unwrap(),
                l.object.as_str()
            ),
            (3, true, "/v1/identity/verification_sessions", "list")
        );
        assert_eq!(l.data[2].id, "item_2");
        check_splits::<List<VerificationSession>>("list", doc.as_bytes());
        let back: List<VerificationSession> = streamde::from_str(&streamde::to_string(&l)).unwrap();
        assert_eq!(back, l);
    }
    let e = streamde::from_str::<List<Value>>(r#"{"object":"list","data":[],"url":"/v1/x"}"#)
        .unwrap_err();
    assert_eq!(e.message(), "missing field `has_more`");
    let e =
        streamde::from_str::<List<Value>>(r#"{"object":"account_session","data":[]}"#).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected object `list`, found `account_session`"),
        "{e}"
    );
}

#[test]
fn items_arrive_as_soon_as_complete() {
    let item = verification_session_text();
    let doc = list_doc(&item, 4, &["object", "data", "has_more", "url"]);
    let mut d = List::<IdentityVerificationSession>::items();
    // Feed up to and including the `}` that closes each item: it must be
    // available before anything after it has been seen.
    let mut fed = 0;
    for i in 0..4 {
        // Items are joined by ",\n": item i ends right before ",\n{" of item i+1.
        let close = match doc.find(&format!("{{\"id\":\"item_{}\"", i + 1)) {
            Some(next) => next - 2,
            None => doc.find("}]").unwrap() + 1,
        };
        assert_eq!(&doc[close - 1..close], "}");
        d.feed(&doc.as_bytes()[fed..close]).unwrap();
        fed = close;
        let got = d
            .next_item()
            .unwrap_or_else(|| panic!("item {i} not handed over at its end"));
        assert_eq!(got.id, format!("item_{i}"));
        assert!(d.next_item().is_none());
    }
    d.feed(&doc.as_bytes()[fed..]).unwrap();
    let end = d.finish().unwrap();
    let meta = end.envelope.unwrap();
    assert_eq!(
        (end.items, meta.has_more, meta.url.as_deref().unwrap()),
        (4, true, "/v1/identity/verification_sessions")
    );
    assert_eq!(end.bytes, doc.len() as u64);
}

#[test]
fn item_streams_do_not_depend_on_chunking() {
    let item = verification_session_text();
    let doc = list_doc(&item, 20, &["url", "data", "has_more", "object"]);
    let whole: List<IdentityVerificationSession> = streamde::from_str(&doc).unwrap();
    for size in [1, 2, 7, 64, 4096, doc.len()] {
        let (items, end) = items_chunked(
            List::<IdentityVerificationSession>::items(),
            doc.as_bytes(),
            size,
        );
        assert_eq!(items, whole.data, "chunk {size}");
        assert_eq!(end.unwrap().items, 20);
    }
    // An error in item 3 of 5: items 0..3 were handed over, then the error
    // with its path; nothing after it is produced.
    let bad = list_doc(&item, 5, &["object", "data", "has_more", "url"]).replacen(
        "\"livemode\":false",
        "\"livemode\":0",
        4,
    );
    let bad = bad.replacen("\"livemode\":0", "\"livemode\":false", 3);
    for size in [1, 13, 4096] {
        let (items, end) = items_chunked(
            List::<IdentityVerificationSession>::items(),
            bad.as_bytes(),
            size,
        );
        assert_eq!(items.len(), 3, "chunk {size}");
        let e = end.unwrap_err();
        assert_eq!(
            (e.category(), e.path()),
            (Category::InvalidType, "data[3].livemode"),
            "{e}"
        );
    }
}

#[test]
fn value_streams() {
    let ndjson = "{\"a\":1}\n{\"a\":2}\n\n  {\"a\":3}\n";
    let concat = "{\"a\":1}{\"a\":2}[3]\"x\"4 5 true null";
    for size in [1, 2, 5, 100] {
        let (v, end) = items_chunked(ItemDecoder::<Value>::values(), ndjson.as_bytes(), size);
        assert_eq!(
            v.iter()
                .map(|x| x["a"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(end.unwrap().items, 3);
        let (v, end) = items_chunked(ItemDecoder::<Value>::values(), concat.as_bytes(), size);
        assert_eq!(v.len(), 8, "chunk {size}: {v:?}");
        assert_eq!(
            (v[3].as_str(), v[5].as_i64(), v[7].is_null()),
            (Some("x"), Some(5), true)
        );
        assert!(end.is_ok());
    }
    let (v, end) = items_chunked(ItemDecoder::<u8>::values(), b"1 2 300 4", 3);
    assert_eq!(v, [1, 2]);
    assert_eq!(end.unwrap_err().offset(), 4);
    let (v, end) = items_chunked(ItemDecoder::<Value>::values(), b"{\"a\":1}\n{\"a\":", 4);
    assert_eq!(v.len(), 1);
    assert_eq!(end.unwrap_err().category(), Category::Eof);
    let (v, end) = items_chunked(ItemDecoder::<Value>::values(), b"", 4);
    assert!(v.is_empty() && end.is_ok());
}

/// A number, `true`, `false` or `null` must be followed by whitespace, a
/// structural character, a string or the end: `truefalse` is one malformed
/// token (serde_json's stream reader: trailing characters), not two values.
/// Objects, arrays and strings need no separator. At every split.
#[test]
fn values_that_do_not_delimit_themselves() {
    let bad: &[(&str, usize, u64)] = &[
        ("truefalse", 0, 4),
        ("1true", 0, 1),
        ("1-2", 0, 1),
        ("null1", 0, 4),
        ("[1] 2 3x", 2, 7),
        ("false\n1.5e3null", 1, 11),
    ];
    let good: &[(&str, usize)] = &[
        ("1\"a\"2[3]4{}5 6\n7\t8", 10),
        ("\"a\"1 true[null]null{\"k\":1}false", 7),
        ("[1][2]{}{}\"x\"\"y\"", 6),
        ("-1,", 1),
    ];
    for &(doc, n, offset) in bad {
        let b = doc.as_bytes();
        for i in 0..=b.len() {
            let (v, end) = items_of(ItemDecoder::<Value>::values(), [&b[..i], &b[i..]]);
            let e = end.unwrap_err();
            assert_eq!(v.len(), n, "{doc:?} split at {i}: {v:?}");
            assert_eq!(e.offset(), offset, "{doc:?} split at {i}: {e}");
            assert!(e.message().contains("trailing"), "{doc:?}: {e}");
        }
    }
    for &(doc, n) in good {
        let b = doc.as_bytes();
        for i in 0..=b.len() {
            let (v, end) = items_of(ItemDecoder::<Value>::values(), [&b[..i], &b[i..]]);
            if doc.ends_with(',') {
                // Values first, then the stray comma.
                assert_eq!(v.len(), n, "{doc:?} split at {i}");
                assert!(end.is_err(), "{doc:?}");
                continue;
            }
            assert_eq!(v.len(), n, "{doc:?} split at {i}: {v:?}");
            end.unwrap();
        }
    }
}

/// Yields the data in small reads, then fails with an I/O error.
struct FailingReader<'a> {
    data: &'a [u8],
    fail_at: usize,
    pos: usize,
}

impl std::io::Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.fail_at {
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            ));
        }
        let n = buf
            .len()
            .min(7)
            .min(self.fail_at - self.pos)
            .min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn reader_items_and_io_errors() {
    let item = verification_session_text();
    let doc = list_doc(&item, 6, &["object", "data", "has_more", "url"]);
    let ids: Vec<String> = List::<VerificationSession>::items()
        .reader_items(doc.as_bytes())
        .map(|s| s.unwrap().id)
        .collect();
    assert_eq!(ids.len(), 6);
    // Fail in the middle of item 2.
    let fail_at = doc.find("item_2").unwrap() + 20;
    let r = FailingReader {
        data: doc.as_bytes(),
        fail_at,
        pos: 0,
    };
    let results: Vec<_> = List::<VerificationSession>::items()
        .reader_items(r)
        .collect();
    assert_eq!(results.len(), 3, "two items, then the error, then nothing");
    assert!(results[0].is_ok() && results[1].is_ok());
    let e = results[2].as_ref().unwrap_err();
    assert_eq!((e.category(), e.offset()), (Category::Io, fail_at as u64));
    assert!(e.to_string().contains("connection reset by peer"), "{e}");
    // Whole-value reader: the error, not a partial value.
    let r = FailingReader {
        data: doc.as_bytes(),
        fail_at,
        pos: 0,
    };
    let e = streamde::from_reader::<List<VerificationSession>, _>(r).unwrap_err();
    assert_eq!(e.category(), Category::Io);
}

#[cfg(feature = "tokio")]
mod tokio_adapter {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// An AsyncRead that returns `chunks` one per read, then an error if set.
    struct Chunks {
        chunks: Vec<Vec<u8>>,
        fail: bool,
    }

    impl tokio::io::AsyncRead for Chunks {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            if self.chunks.is_empty() {
                if self.fail {
                    return Poll::Ready(Err(std::io::Error::new(
                        std::io::ErrorKind::BrokenPipe,
                        "body aborted",
                    )));
                }
                return Poll::Ready(Ok(()));
            }
            let c = self.chunks.remove(0);
            let n = c.len().min(buf.remaining());
            buf.put_slice(&c[..n]);
            if n < c.len() {
                self.chunks.insert(0, c[n..].to_vec());
            }
            Poll::Ready(Ok(()))
        }
    }

    fn split(doc: &str, size: usize) -> Vec<Vec<u8>> {
        doc.as_bytes().chunks(size).map(|c| c.to_vec()).collect()
    }

    #[tokio::test]
    async fn async_read() {
        let item = verification_session_text();
        let doc = list_doc(&item, 5, &["has_more", "data", "url", "object"]);
        let l: List<VerificationSession> = streamde::from_async_read(Chunks {
            chunks: split(&doc, 3),
            fail: false,
        })
        .await
        .unwrap();
        assert_eq!(l.data.len(), 5);
        let mut d = List::<VerificationSession>::items();
        let mut r = Chunks {
            chunks: split(&doc, 11),
            fail: false,
        };
        let mut n = 0;
        while let Some(s) = d.next_from_async_read(&mut r).await.unwrap() {
            assert_eq!(s.id, format!("item_{n}"));
            n += 1;
        }
        assert_eq!(n, 5);
        // Cut in the middle and fail.
        let half = doc.len() / 2;
        let e = streamde::from_async_read::<List<VerificationSession>, _>(Chunks {
            chunks: split(&doc[..half], 5),
            fail: true,
        })
        .await
        .unwrap_err();
        assert_eq!((e.category(), e.offset()), (Category::Io, half as u64));
        let mut d = List::<VerificationSession>::items();
        let mut r = Chunks {
            chunks: split(&doc[..half], 5),
            fail: true,
        };
        let mut got = 0;
        let err = loop {
            match d.next_from_async_read(&mut r).await {
                Ok(Some(_)) => got += 1,
                Ok(None) => panic!("stream ended without the error"),
                Err(e) => break e,
            }
        };
        assert!(got < 5);
        assert_eq!(err.io_error_kind(), Some(std::io::ErrorKind::BrokenPipe));
    }
}

#[cfg(feature = "stream")]
mod stream_adapter {
    use super::*;
    use bytes::Bytes;

    fn body(
        doc: &str,
        size: usize,
        fail: bool,
    ) -> impl futures::Stream<Item = Result<Bytes, String>> + Unpin {
        let mut parts: Vec<Result<Bytes, String>> = doc
            .as_bytes()
            .chunks(size)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        if fail {
            parts.push(Err("stream reset".to_string()));
        }
        futures::stream::iter(parts)
    }

    /// A body whose stream fails with `err` after a few chunks.
    fn failing<E>(doc: &str, err: E) -> impl futures::Stream<Item = Result<Bytes, E>> + Unpin {
        let mut parts: Vec<Result<Bytes, E>> = doc
            .as_bytes()
            .chunks(7)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        parts.push(Err(err));
        futures::stream::iter(parts)
    }

    /// An HTTP client's error that wraps the connection's I/O error.
    #[derive(Debug)]
    struct ClientError(std::io::Error);
    impl std::fmt::Display for ClientError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("error reading a body from connection")
        }
    }
    impl std::error::Error for ClientError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    /// A failing body keeps its error: the kind of the I/O error in its
    /// source chain, and the error itself as the source (it came back as
    /// `Other` with the text only).
    #[test]
    fn a_failing_stream_keeps_its_error() {
        use std::error::Error as _;
        use std::io::ErrorKind;
        futures::executor::block_on(async {
            let doc = r#"[{"a": 1}, {"a": 2}, {"a": 3}]"#;
            let reset = || std::io::Error::new(ErrorKind::ConnectionReset, "connection reset");
            let e = streamde::from_stream::<Value, _, _>(failing(doc, reset()))
                .await
                .unwrap_err();
            assert_eq!(e.io_error_kind(), Some(ErrorKind::ConnectionReset));
            let src = e.source().unwrap();
            assert_eq!(
                src.downcast_ref::<std::io::Error>().unwrap().kind(),
                ErrorKind::ConnectionReset
            );
            let e = streamde::from_stream::<Value, _, _>(failing(doc, ClientError(reset())))
                .await
                .unwrap_err();
            assert_eq!(e.io_error_kind(), Some(ErrorKind::ConnectionReset));
            assert!(e.source().unwrap().downcast_ref::<ClientError>().is_some());
            assert_eq!(std::io::Error::from(e).kind(), ErrorKind::ConnectionReset);
            let mut d = ItemDecoder::<Value>::array();
            let mut s = failing(doc, ClientError(reset()));
            let err = loop {
                match d.next_from_stream(&mut s).await {
                    Ok(Some(_)) => {}
                    Ok(None) => panic!("no error"),
                    Err(e) => break e,
                }
            };
            assert_eq!(err.io_error_kind(), Some(ErrorKind::ConnectionReset));
            assert!(err.source().is_some());
            // A plain message: `Other`, the message kept as the source.
            let e = streamde::from_stream::<Value, _, _>(failing(doc, "gone".to_string()))
                .await
                .unwrap_err();
            assert_eq!(e.io_error_kind(), Some(ErrorKind::Other));
            assert_eq!(e.source().unwrap().to_string(), "gone");
        });
    }

    #[test]
    fn bytes_stream() {
        futures::executor::block_on(async {
            let item = verification_session_text();
            let doc = list_doc(&item, 4, &["object", "data", "has_more", "url"]);
            let l: List<VerificationSession> =
                streamde::from_stream(body(&doc, 9, false)).await.unwrap();
            assert_eq!(l.data.len(), 4);
            let mut d = List::<VerificationSession>::items();
            let mut s = body(&doc, 1, false);
            let mut n = 0;
            while let Some(_item) = d.next_from_stream(&mut s).await.unwrap() {
                n += 1;
            }
            assert_eq!(n, 4);
            let half = doc.len() / 2;
            let e = streamde::from_stream::<List<VerificationSession>, _, _>(body(
                &doc[..half],
                9,
                true,
            ))
            .await
            .unwrap_err();
            assert_eq!((e.category(), e.offset()), (Category::Io, half as u64));
            assert!(e.to_string().contains("stream reset"));
            // Ending early without an error is an EOF error, not a partial list.
            let e = streamde::from_stream::<List<VerificationSession>, _, _>(body(
                &doc[..half],
                9,
                false,
            ))
            .await
            .unwrap_err();
            assert_eq!(e.category(), Category::Eof);
        });
    }
}

/// Items and end of a decoder fed `data` cut at `at`.
fn items_split<T: streamde::Deserialize, E: streamde::ObjectDeser + Clone>(
    d: ItemDecoder<T, E>,
    data: &[u8],
    at: usize,
) -> (Vec<T>, streamde::Result<streamde::StreamEnd<E>>) {
    items_of(d, [&data[..at], &data[at..]])
}

#[test]
fn lists_of_any_shape_at_every_split() {
    // Items under any key, no `object` tag, no `url`; the rest kept as a Value.
    let doc = br#"{"first_id": "a", "results": [{"id": "a"}, {"id": "b"}, 7], "meta": {"n": [1, 2]}, "has_more": false}"#;
    let want: Vec<Value> = streamde::from_slice::<Value>(doc).unwrap()["results"]
        .as_array()
        .unwrap()
        .clone();
    for at in 0..=doc.len() {
        for machine in [false, true] {
            let d = ItemDecoder::<Value>::at_key("results");
            let d = if machine { d.machine_only() } else { d };
            let (items, end) = items_split(d, doc, at);
            assert_eq!(items, want, "split {at}");
            let end = end.unwrap();
            assert_eq!((end.items, end.bytes), (3, doc.len() as u64));
            let env = end.envelope.unwrap();
            assert_eq!(env["first_id"].as_str(), Some("a"));
            assert_eq!(env["meta"]["n"][1].as_i64(), Some(2));
            assert_eq!(env.get("results"), None, "the items are not kept");
        }
    }
    // A top-level array.
    let doc = br#"[{"id": "a"}, {"id": "b"}]"#;
    for at in 0..=doc.len() {
        let (items, end) = items_split(ItemDecoder::<Value>::array(), doc, at);
        assert_eq!(items.len(), 2, "split {at}");
        let end = end.unwrap();
        assert_eq!((end.items, end.envelope), (2, None));
    }
    // A Stripe-style list without `url` (OpenAI's shape).
    let doc = br#"{"object": "list", "data": [{"id": "m1"}], "first_id": "m1", "has_more": false}"#;
    for at in 0..=doc.len() {
        let (items, end) = items_split(List::<Value>::items(), doc, at);
        assert_eq!(items.len(), 1);
        let meta = end.unwrap().envelope.unwrap();
        assert_eq!((meta.has_more, meta.url), (false, None));
    }
    let whole: List<Value> = streamde::from_slice(doc).unwrap();
    assert_eq!(whole.url, None);
}

#[test]
fn envelope_errors_name_the_key() {
    let e = ItemDecoder::<Value>::at_key("items")
        .feed(br#"{"items": [], "items": []}"#)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "duplicate field `items` at items (line 1, column 15)"
    );
    let mut d = ItemDecoder::<Value>::at_key("items");
    let e = d.feed(br#"{"data": []}"#).unwrap_err();
    assert_eq!(e.to_string(), "missing field `items` at line 1, column 12");
    assert_eq!(d.finish().unwrap_err().to_string(), e.to_string());
    let e = ItemDecoder::<Value>::array().feed(b"{}").unwrap_err();
    assert_eq!(e.category(), Category::InvalidType);
    // An item of the wrong type: the path names its index under the key.
    let e = ItemDecoder::<u8>::at_key("n")
        .feed(br#"{"n": [1, 2, 300]}"#)
        .unwrap_err();
    assert_eq!(e.path(), "n[2]");
}

#[test]
fn envelope_after_every_way_of_iterating() {
    let doc = br#"{"object": "list", "data": [{"id": "x"}, {"id": "y"}], "has_more": true, "url": "/v1/x"}"#;
    // Pull iteration calls `finish` itself; the envelope stays available.
    let mut it = List::<Value>::items().reader_items(&doc[..]);
    let ids: Vec<Value> = it.by_ref().map(|r| r.unwrap()).collect();
    assert_eq!(ids.len(), 2);
    let d = it.decoder();
    let end = d.finish().unwrap();
    assert_eq!(end.items, 2);
    assert!(end.envelope.as_ref().unwrap().has_more);
    // `finish` is idempotent, and `into_end` takes the envelope by value.
    assert_eq!(d.finish().unwrap(), end);
    let end2 = it.into_decoder().into_end().unwrap();
    assert_eq!(end2, end);
    // `next_from_reader` by hand.
    let mut d = List::<Value>::items();
    let mut r = &doc[..];
    let mut n = 0;
    while d.next_from_reader(&mut r).unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 2);
    assert_eq!(
        d.finish().unwrap().envelope.unwrap().url.as_deref(),
        Some("/v1/x")
    );
}

/// An envelope's members other than the items are kept until the end, so
/// they count against `Limits::max_held` (64 MiB with the item decoders'
/// default limits): past it, a limit error naming the member, at every
/// chunking, after the items before it; the items themselves are not
/// counted.
#[test]
fn envelope_members_are_limited() {
    let big: String = (0..20_000).map(|i| format!("{},", i % 100)).collect();
    let items: String = (0..2_000)
        .map(|i| format!(r#"{{"a":{i},"pad":"{}"}}"#, "x".repeat(40)))
        .collect::<Vec<_>>()
        .join(",");
    let doc = format!(r#"{{"results": [{items}], "meta": {{"n": [{big}1]}}, "next": "c2"}}"#);
    let limits = streamde::Limits::streaming().max_held(10_000);
    for size in [1, 7, 64, 4096, doc.len()] {
        let d = ItemDecoder::<Value>::at_key("results").with_limits(limits);
        let (v, end) = items_chunked(d, doc.as_bytes(), size);
        assert_eq!(v.len(), 2_000, "chunks of {size}");
        let e = end.unwrap_err();
        assert_eq!(e.category(), Category::Limit, "{e}");
        assert!(e.path().starts_with("meta.n["), "{e}");
        assert!(e.message().contains("envelope"), "{e}");
        // The items (about 120 KB) alone are not held.
        let small = format!(r#"{{"results": [{items}], "next": "c2"}}"#);
        let d = ItemDecoder::<Value>::at_key("results").with_limits(limits);
        let (v, end) = items_chunked(d, small.as_bytes(), size);
        assert_eq!(v.len(), 2_000);
        assert_eq!(end.unwrap().envelope.unwrap()["next"].as_str(), Some("c2"));
    }
    // Within the default limits the whole envelope is kept.
    let (_, end) = items_chunked(
        ItemDecoder::<Value>::at_key("results"),
        doc.as_bytes(),
        4096,
    );
    let env = end.unwrap().envelope.unwrap();
    assert_eq!(env["meta"]["n"].as_array().unwrap().len(), 20_001);
    assert_eq!(env["next"].as_str(), Some("c2"));
}

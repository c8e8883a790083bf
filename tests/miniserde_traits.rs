//! miniserde's own traits on streamde's types (feature `miniserde`): the
//! Stripe models, `List<T>`, events, string enums, `Value` and any
//! `object!` type read through `miniserde::json::from_str` to what streamde
//! reads, with streamde's rules (a repeated key, a wrong tag or a missing
//! field is still an error), and `miniserde::json::to_string` writes the
//! same JSON as streamde's writer.
#![cfg(feature = "miniserde")]

mod common;

use std::fs;

use miniserde::json;
use streamde::stripe::{
    AccountSession, Event, IdentityVerificationSession, List, VerificationSessionStatus,
};
use streamde::{MiniDecoder, Value};

fn text_value(text: &str) -> Value {
    streamde::from_str(text).unwrap()
}

/// miniserde reads `data` to the same value as streamde (whole, and through
/// `MiniDecoder` at every two-way split), and writes the same JSON (compared
/// as values: float text may differ).
fn same_both_ways<T>(name: &str, data: &[u8], splits: bool)
where
    T: streamde::Deserialize
        + streamde::Serialize
        + miniserde::Deserialize
        + miniserde::Serialize
        + PartialEq
        + std::fmt::Debug,
{
    let text = std::str::from_utf8(data).unwrap();
    let ours: T = streamde::from_slice(data).unwrap();
    let theirs: T = json::from_str(text).unwrap_or_else(|_| panic!("{name}: miniserde failed"));
    assert_eq!(theirs, ours, "{name}");
    assert_eq!(
        text_value(&json::to_string(&ours)),
        text_value(&streamde::to_string(&ours)),
        "{name}"
    );
    if splits {
        for i in 0..=data.len() {
            let mut d = MiniDecoder::<T>::new();
            d.feed(&data[..i]).unwrap();
            d.feed(&data[i..]).unwrap();
            assert_eq!(d.finish().unwrap(), ours, "{name} split at {i}");
        }
    }
}

#[test]
fn every_fixture_reads_and_writes_the_same_through_miniserde() {
    for (name, data) in common::fixtures() {
        let file = name.rsplit('/').next().unwrap();
        if file.starts_with("account_session") {
            same_both_ways::<AccountSession>(&name, &data, true);
        } else {
            same_both_ways::<IdentityVerificationSession>(&name, &data, true);
        }
        same_both_ways::<Value>(&name, &data, false);
    }
}

#[test]
fn events_lists_and_enums_through_miniserde() {
    let dir = common::data_dir().join("events");
    let mut n = 0;
    for e in fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            same_both_ways::<Event>(&p.display().to_string(), &fs::read(&p).unwrap(), false);
            n += 1;
        }
    }
    assert_eq!(n, 5);
    let item = String::from_utf8(common::fixtures_of("account_session")[0].1.clone()).unwrap();
    let list = common::list_doc(&item, 3, &["object", "data", "has_more", "url"]);
    same_both_ways::<List<AccountSession>>("list", list.as_bytes(), false);

    let status: VerificationSessionStatus = json::from_str(r#""verified""#).unwrap();
    assert_eq!(status, VerificationSessionStatus::Verified);
    assert_eq!(json::to_string(&status), r#""verified""#);
    let unknown: VerificationSessionStatus = json::from_str(r#""brand_new""#).unwrap();
    assert_eq!(json::to_string(&unknown), r#""brand_new""#);
    assert!(json::from_str::<VerificationSessionStatus>("7").is_err());
}

#[test]
fn streamde_rules_hold_through_miniserde() {
    let data = common::fixtures_of("account_session")[0].1.clone();
    let text = String::from_utf8(data).unwrap();
    let body = text.trim().strip_prefix('{').unwrap();
    // Each of these is an error for streamde; it must be one for miniserde.
    let bad = [
        format!(r#"{{"livemode": true, {body}"#),
        text.replace(r#""account_session""#, r#""account_link""#),
        text.replace(r#""livemode""#, r#""lifemode""#),
        text.replace(r#""expires_at": "#, r#""expires_at": true, "unused": "#),
    ];
    for doc in &bad {
        assert!(
            streamde::from_str::<AccountSession>(doc).is_err(),
            "streamde: {doc}"
        );
        assert!(json::from_str::<AccountSession>(doc).is_err(), "{doc}");
    }
    // A repeated key in a Value keeps its first position and last value.
    let v: Value = json::from_str(r#"{"a": 1, "b": [true, null], "a": {"c": -2.5}}"#).unwrap();
    assert_eq!(
        streamde::to_string(&v),
        r#"{"a":{"c":-2.5},"b":[true,null]}"#
    );
    // Nesting beyond streamde's limit is an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(json::from_str::<Value>(&deep).is_err());
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Page<T> => PageBuilder, tag "object" = "page" {
        pub items: Vec<T>,
        pub next: Option<String> as "next_cursor",
        pub total: u32 = 0,
    }
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Ping => PingBuilder, only decode {
        pub at: i64,
    }
}

streamde::string_enum! {
    #[derive(Debug)]
    pub strict enum Interval { Day = "day", Week = "week" }
}

streamde::tagged_union! {
    #[derive(Debug, PartialEq)]
    pub enum Payload, tag "object" {
        "page" => Page(Page<u8>),
        _ => Other(Value),
    }
}

#[test]
fn user_types_get_the_miniserde_traits() {
    let p: Page<Interval> =
        json::from_str(r#"{"items": ["day", "week"], "object": "page", "next_cursor": "c"}"#)
            .unwrap();
    assert_eq!(p.items, [Interval::Day, Interval::Week]);
    assert_eq!(p.next.as_deref(), Some("c"));
    assert_eq!(p.total, 0);
    assert_eq!(
        json::to_string(&p),
        r#"{"object":"page","items":["day","week"],"next_cursor":"c","total":0}"#
    );
    assert!(json::from_str::<Page<Interval>>(r#"{"items": ["month"]}"#).is_err());
    let ping: Ping = json::from_str(r#"{"at": -3}"#).unwrap();
    assert_eq!(ping, Ping { at: -3 });

    let u: Payload = json::from_str(r#"{"items": [1, 2], "object": "page"}"#).unwrap();
    assert!(matches!(&u, Payload::Page(p) if p.items == [1, 2]));
    let u: Payload = json::from_str(r#"{"object": "other", "x": 1}"#).unwrap();
    assert!(matches!(u, Payload::Other(_)));
    assert!(json::from_str::<Payload>(r#"{"object": "page", "items": [300]}"#).is_err());
    // A miniserde-derived type holding streamde types.
    #[derive(miniserde::Deserialize, miniserde::Serialize)]
    struct Holder {
        page: Page<u8>,
        raw: Value,
        status: Option<VerificationSessionStatus>,
    }
    let h: Holder = json::from_str(
        r#"{"page": {"items": [7]}, "raw": {"k": [1.5, "s"]}, "status": "processing"}"#,
    )
    .unwrap();
    assert_eq!(h.page.items, [7]);
    assert_eq!(streamde::to_string(&h.raw), r#"{"k":[1.5,"s"]}"#);
    assert_eq!(h.status, Some(VerificationSessionStatus::Processing));
    assert_eq!(
        text_value(&json::to_string(&h)),
        text_value(
            r#"{"page": {"object": "page", "items": [7], "next_cursor": null, "total": 0},
                "raw": {"k": [1.5, "s"]}, "status": "processing"}"#
        )
    );
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Wrap => WrapBuilder {
        pub raw: Value,
    }
}

#[test]
fn deep_values_write_through_miniserde() {
    // Deeper than streamde's default limit: written and read back anyway.
    let text = format!(r#"{{"raw":{}{}}}"#, "[".repeat(500), "]".repeat(500));
    let mut d = streamde::Decoder::<Wrap>::with_limits(streamde::Limits::default().max_depth(1000));
    d.feed(text.as_bytes()).unwrap();
    let w = d.finish().unwrap();
    assert_eq!(json::to_string(&w), text);
    assert_eq!(json::to_string(&w.raw), text[7..text.len() - 1]);
}

/// `MiniDecoder`'s limits hold for streamde types inside the miniserde
/// type too: a `Value` 500 levels deep decodes with `max_depth(1000)`
/// (it stopped at 128 whatever the limit), and the default still refuses
/// 200 levels.
#[test]
fn mini_decoder_limits_reach_streamde_types() {
    #[derive(miniserde::Deserialize)]
    struct Holder {
        v: Value,
    }
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let raised = streamde::Limits::default().max_depth(1000);
    let mut d = MiniDecoder::<Value>::with_limits(raised);
    d.feed(deep(500).as_bytes()).unwrap();
    let v = d.finish().unwrap();
    assert_eq!(streamde::to_string(&v), deep(500));
    let mut d = MiniDecoder::<Holder>::with_limits(raised);
    d.feed(format!("{{\"v\": {}}}", deep(500)).as_bytes())
        .unwrap();
    assert_eq!(streamde::to_string(&d.finish().unwrap().v), deep(500));
    let mut d = MiniDecoder::<Value>::new();
    let r = d.feed(deep(200).as_bytes()).and_then(|()| d.finish());
    assert!(r.is_err());
    // miniserde's own reader: streamde's default limit.
    assert!(json::from_str::<Value>(&deep(100)).is_ok());
    assert!(json::from_str::<Value>(&deep(200)).is_err());
}

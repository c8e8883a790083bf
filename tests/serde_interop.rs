//! serde interop (feature `serde`): the Stripe models, `List<T>`, events,
//! enums and `Value` through serde_json give what streamde gives, on every
//! fixture; any serde type converts from and to a `Value` with JSON paths in
//! its errors; `object!`'s `impl serde` option.
#![cfg(feature = "serde")]

mod common;

use std::fs;

use streamde::stripe::{
    AccountSession, Event, IdentityVerificationSession, List, VerificationSessionStatus,
};
use streamde::{json, Value};

fn text_value(text: &str) -> Value {
    streamde::from_str(text).unwrap()
}

/// serde_json reads the model to the same value as streamde, and writes the
/// same JSON (compared as values: member order and float text may differ).
fn same_both_ways<T>(name: &str, data: &[u8])
where
    T: streamde::Deserialize
        + streamde::Serialize
        + serde::de::DeserializeOwned
        + serde::Serialize
        + PartialEq
        + std::fmt::Debug,
{
    let ours: T = streamde::from_slice(data).unwrap();
    let theirs: T = serde_json::from_slice(data).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(ours, theirs, "{name}");
    let written_by_serde = serde_json::to_string(&ours).unwrap();
    assert_eq!(
        text_value(&written_by_serde),
        text_value(&streamde::to_string(&ours)),
        "{name}"
    );
    // Through a Value both ways.
    let v = streamde::serde::to_value(&ours).unwrap();
    assert_eq!(v, text_value(&streamde::to_string(&ours)), "{name}");
    let back: T = streamde::serde::from_value(&v).unwrap();
    assert_eq!(back, ours, "{name}");
}

#[test]
fn every_fixture_reads_and_writes_the_same_through_serde_json() {
    for (name, data) in common::fixtures() {
        let file = name.rsplit('/').next().unwrap();
        if file.starts_with("account_session") {
            same_both_ways::<AccountSession>(&name, &data);
        } else {
            same_both_ways::<IdentityVerificationSession>(&name, &data);
        }
        // Value through serde_json, both ways.
        let v: Value = streamde::from_slice(&data).unwrap();
        let via: Value = serde_json::from_slice(&data).unwrap();
        assert_eq!(v, via, "{name}");
        assert_eq!(text_value(&serde_json::to_string(&v).unwrap()), v, "{name}");
    }
}

#[test]
fn events_and_lists_read_the_same_through_serde_json() {
    let dir = common::data_dir().join("events");
    let mut n = 0;
    for e in fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            same_both_ways::<Event>(&p.display().to_string(), &fs::read(&p).unwrap());
            n += 1;
        }
    }
    assert_eq!(n, 5);
    let item = String::from_utf8(common::fixtures_of("account_session")[0].1.clone()).unwrap();
    let list = common::list_doc(&item, 3, &["object", "data", "has_more", "url"]);
    same_both_ways::<List<AccountSession>>("list", list.as_bytes());
    let status: VerificationSessionStatus = serde_json::from_str(r#""verified""#).unwrap();
    assert_eq!(status, VerificationSessionStatus::Verified);
    assert_eq!(serde_json::to_string(&status).unwrap(), r#""verified""#);
    let unknown: VerificationSessionStatus = serde_json::from_str(r#""brand_new""#).unwrap();
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""brand_new""#);
}

#[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
struct Order {
    id: u64,
    lines: Vec<Line>,
    note: Option<String>,
    kind: Kind,
}

#[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Retail,
    Wholesale { min: u32 },
}

#[test]
fn serde_types_convert_from_and_to_values_with_paths() {
    let order = Order {
        id: 7,
        lines: vec![Line {
            sku: "a".into(),
            qty: 2,
        }],
        note: None,
        kind: Kind::Wholesale { min: 3 },
    };
    let v = streamde::serde::to_value(&order).unwrap();
    assert_eq!(
        v,
        json!({"id": 7, "lines": [{"sku": "a", "qty": 2}], "note": null, "kind": {"wholesale": {"min": 3}}})
    );
    let back: Order = streamde::serde::from_value(&v).unwrap();
    assert_eq!(back, order);
    let retail: Order =
        streamde::serde::from_value(&json!({"id": 1, "lines": [], "kind": "retail"})).unwrap();
    assert_eq!(retail.kind, Kind::Retail);

    let bad = json!({"id": 7, "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": -1}], "kind": "retail"});
    let e = streamde::serde::from_value::<Order>(&bad).unwrap_err();
    assert_eq!(e.path(), "lines[1].qty");
    assert!(e.message().contains("-1"), "{e}");
    let bad = json!({"id": 7, "lines": [], "kind": {"wholesale": {"min": "x"}}});
    let e = streamde::serde::from_value::<Order>(&bad).unwrap_err();
    assert_eq!(e.path(), "kind.wholesale.min");
    let e = streamde::serde::from_value::<Order>(&json!({"id": 7, "kind": "retail"})).unwrap_err();
    assert!(e.message().contains("missing field `lines`"), "{e}");
    // Keys must be strings, characters or integers; floats must be finite.
    let by_id: std::collections::BTreeMap<u32, &str> = [(2, "b")].into();
    assert_eq!(
        streamde::serde::to_value(&by_id).unwrap(),
        json!({"2": "b"})
    );
    assert!(streamde::serde::to_value(&f64::NAN).is_err());
    let e = streamde::serde::to_value(&vec![vec![1.0, f64::INFINITY]]).unwrap_err();
    assert_eq!(e.path(), "[0][1]");
}

streamde::string_enum! {
    #[derive(Debug)]
    pub enum Plan { Free = "free", Pro = "pro" }
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Account<T> => AccountBuilder, tag "object" = "account", impl serde {
        pub id: String,
        pub plan: Plan,
        pub r#type: Option<String>,
        pub extra: Vec<T> = Vec::new(),
        pub created_at: i64 as "created",
    }
}

#[test]
fn object_impl_serde_reads_and_writes_the_wire_form() {
    let text = r#"{"object": "account", "id": "a1", "plan": "team", "type": "x", "created": 5, "extra": [1]}"#;
    let a: Account<u8> = serde_json::from_str(text).unwrap();
    assert_eq!(a, streamde::from_str::<Account<u8>>(text).unwrap());
    assert_eq!(a.plan, Plan::Unknown("team".into()));
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        r#"{"object":"account","id":"a1","plan":"team","type":"x","extra":[1],"created":5}"#
    );
    // streamde's own rules: the tag is checked, defaults apply, paths are named.
    let e = serde_json::from_str::<Account<u8>>(
        r#"{"object": "card", "id": "a", "plan": "free", "created": 1}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("object"), "{e}");
    let e = serde_json::from_str::<Account<u8>>(
        r#"{"id": "a", "plan": "free", "created": 1, "extra": [300]}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("extra[0]"), "{e}");
}

streamde::object! {
    /// Bounds declared on the type parameter are kept by the serde impls.
    #[derive(Debug, PartialEq)]
    pub struct Bounded<T: Clone> => BoundedBuilder, impl serde {
        pub items: Vec<T>,
    }
}

#[test]
fn impl_serde_keeps_declared_bounds() {
    let b: Bounded<u8> = serde_json::from_str(r#"{"items": [1, 2]}"#).unwrap();
    assert_eq!(b.items, [1, 2]);
    assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"items":[1,2]}"#);
}

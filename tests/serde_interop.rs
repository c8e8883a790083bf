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
    // NaN and the infinities are `null`, as the writer writes them (and
    // serde_json's `to_value` and writer).
    assert_eq!(streamde::serde::to_value(&f64::NAN).unwrap(), Value::Null);
    let v = streamde::serde::to_value(&vec![vec![1.0, f64::INFINITY]]).unwrap();
    assert_eq!(v, json!([[1.0, null]]));
    assert_eq!(
        streamde::to_string(&v),
        streamde::to_string(&vec![vec![1.0, f64::INFINITY]])
    );
    assert_eq!(
        serde_json::to_value(vec![vec![1.0, f64::INFINITY]]).unwrap(),
        serde_json::json!([[1.0, null]])
    );
}

/// Map keys as serde_json reads and writes them: every key type serde_json
/// takes (integers of every width, u128, bool, char, floats, newtypes,
/// unit variants) survives `to_value` then `from_value`, and `from_value`
/// reads the same text as serde_json does, refusing what it refuses.
#[test]
fn map_keys_as_serde_json_has_them() {
    use std::collections::BTreeMap;
    use streamde::serde::{from_value, to_value};

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Id(u32);
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum Color {
        Red,
        Blue,
    }

    fn both_ways<K>(map: BTreeMap<K, u8>)
    where
        K: serde::Serialize + serde::de::DeserializeOwned + Ord + std::fmt::Debug,
    {
        let ours = to_value(&map).unwrap();
        let theirs = serde_json::to_value(&map).unwrap();
        assert_eq!(text_value(&theirs.to_string()), ours, "{map:?}");
        let back: BTreeMap<K, u8> = from_value(&ours).unwrap();
        assert_eq!(back, map);
        let back: BTreeMap<K, u8> = serde_json::from_value(theirs).unwrap();
        assert_eq!(back, map);
    }
    both_ways([(1i32, 2), (-7, 3)].into());
    both_ways([(1i8, 2), (-128, 3)].into());
    both_ways([(1u16, 2), (65535, 3)].into());
    both_ways([(u64::MAX, 2), (0, 3)].into());
    both_ways([(i64::MIN, 2)].into());
    both_ways([(u128::MAX, 2), (7, 1)].into());
    both_ways([(i128::MIN, 2)].into());
    both_ways([(true, 1), (false, 0)].into());
    both_ways([('x', 1), ('é', 2)].into());
    both_ways([(Id(4), 1)].into());
    both_ways([(Color::Red, 1), (Color::Blue, 2)].into());
    both_ways([("k".to_owned(), 1)].into());
    // Floats: written as serde_json writes them, read back.
    let mut fm: Vec<(f64, u8)> = vec![(1.5, 1), (-0.25, 2), (1e21, 3), (1.0, 4)];
    let ours = {
        let mut o = streamde::Object::new();
        for (k, v) in &fm {
            let mut m = BTreeMap::new();
            m.insert(KeyF(*k), *v);
            let one = to_value(&m).unwrap();
            // The key's text is the float as streamde writes floats
            // (`1e21`; serde_json 1.0.154 writes `1e+21`): the same number.
            let theirs = serde_json::to_value(&m).unwrap();
            let key = |o: &Value| o.as_object().unwrap().iter().next().unwrap().0.to_owned();
            let (a, b) = (key(&one), key(&text_value(&theirs.to_string())));
            assert_eq!(
                a.parse::<f64>().unwrap(),
                b.parse::<f64>().unwrap(),
                "{a} {b}"
            );
            assert_eq!(a, streamde::to_string(k), "{k}");
            for (kk, vv) in one.as_object().unwrap().iter() {
                o.insert(kk.to_owned(), vv.clone());
            }
        }
        Value::Object(o)
    };
    let back: Vec<(f64, u8)> = from_value::<BTreeMap<KeyF, u8>>(&ours)
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k.0, v))
        .collect();
    fm.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(back, fm);
    assert!(to_value(
        &[(KeyF(f64::NAN), 1u8)]
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    )
    .is_err());

    // The same text read by both: accepted alike, refused alike.
    fn same<K>(text: &str)
    where
        K: serde::de::DeserializeOwned + Ord + std::fmt::Debug,
    {
        let ours = from_value::<BTreeMap<K, u8>>(&text_value(text));
        let theirs = serde_json::from_str::<BTreeMap<K, u8>>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text}: streamde {ours:?}, serde_json {theirs:?}"),
        }
    }
    for t in [
        r#"{"1": 2}"#,
        r#"{"-1": 2}"#,
        r#"{"300": 2}"#,
        r#"{"1.5": 2}"#,
        r#"{"1e2": 2}"#,
        r#"{" 1": 2}"#,
        r#"{"1 ": 2}"#,
        r#"{"+1": 2}"#,
        r#"{"01": 2}"#,
        r#"{"x": 2}"#,
        r#"{"": 2}"#,
        r#"{"-": 2}"#,
    ] {
        same::<i32>(t);
        same::<u8>(t);
        same::<i128>(t);
        same::<u128>(t);
        same::<KeyF>(t);
    }
    for t in [
        r#"{"true": 1}"#,
        r#"{"false": 1}"#,
        r#"{"True": 1}"#,
        r#"{"1": 1}"#,
    ] {
        same::<bool>(t);
    }
    for t in [r#"{"a": 1}"#, r#"{"ab": 1}"#, r#"{"": 1}"#] {
        same::<char>(t);
    }
    for t in [r#"{"Red": 1}"#, r#"{"Green": 1}"#] {
        same::<Color>(t);
    }
}

/// A float map key (ordered by its bits' total order).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
#[serde(transparent)]
struct KeyF(f64);
impl PartialEq for KeyF {
    fn eq(&self, o: &Self) -> bool {
        self.0.total_cmp(&o.0).is_eq()
    }
}
impl Eq for KeyF {}
impl PartialOrd for KeyF {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for KeyF {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

/// Where streamde was more lenient than serde_json, it is not any more: a
/// struct variant from an array, a tuple variant from an object, an
/// integer as a field or variant name.
#[test]
fn variants_and_names_as_strict_as_serde_json() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    enum E {
        S { a: u8, b: u8 },
        T(u8, u8),
        U,
    }
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(tag = "t")]
    enum Tagged {
        A { x: u8 },
        B,
    }
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct S {
        a: u8,
    }
    /// Against serde_json's own `from_value` (its reader of text is more
    /// lenient: a struct variant from an array, say).
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let ours = streamde::serde::from_value::<T>(&text_value(text));
        let theirs =
            serde_json::from_value::<T>(serde_json::from_str::<serde_json::Value>(text).unwrap());
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text}: streamde {ours:?}, serde_json {theirs:?}"),
        }
    }
    for t in [
        r#"{"S": {"a": 1, "b": 2}}"#,
        r#"{"S": [1, 2]}"#,
        r#"{"T": [1, 2]}"#,
        r#"{"T": {"0": 1, "1": 2}}"#,
        r#""U""#,
        r#"{"U": null}"#,
        r#"{"U": []}"#,
        r#"0"#,
        r#"{"0": [1, 2]}"#,
        r#"["S", {"a": 1, "b": 2}]"#,
    ] {
        same::<E>(t);
    }
    for t in [
        r#"{"t": "A", "x": 1}"#,
        r#"{"t": 0, "x": 1}"#,
        r#"{"t": 1}"#,
        r#"{"t": "B"}"#,
    ] {
        same::<Tagged>(t);
    }
    for t in [r#"{"a": 1}"#, r#"[1]"#, r#"{"0": 1}"#] {
        same::<S>(t);
    }
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

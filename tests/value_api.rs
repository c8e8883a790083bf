//! `Value`'s everyday API: conversions, `json!`, indexing, RFC 6901
//! pointers, editing, pretty output and lookups on large objects.

mod common;

use std::collections::{BTreeMap, HashMap};

use streamde::{json, Number, Object, Value};

fn parse(s: &str) -> Value {
    streamde::from_str(s).unwrap()
}

#[test]
fn conversions_give_the_values_json_text_gives() {
    assert_eq!(Value::from(-3i8), parse("-3"));
    assert_eq!(Value::from(7u16), parse("7"));
    assert_eq!(Value::from(u64::MAX), parse("18446744073709551615"));
    assert_eq!(Value::from(i64::MIN), parse("-9223372036854775808"));
    assert_eq!(Value::from(0.1f32), parse("0.1"));
    assert_eq!(Value::from(2.5f64), parse("2.5"));
    assert_eq!(Value::from(f64::NAN), Value::Null);
    assert_eq!(Value::from('é'), parse("\"é\""));
    assert_eq!(Value::from(String::from("s")), parse("\"s\""));
    assert_eq!(Value::from(None::<u8>), Value::Null);
    assert_eq!(Value::from(Some(true)), parse("true"));
    assert_eq!(Value::from(vec![1u8, 2]), parse("[1, 2]"));
    assert_eq!(Value::from([Some("a"), None]), parse(r#"["a", null]"#));
    assert_eq!(Value::from(&[1i32, -1][..]), parse("[1, -1]"));
    let b: BTreeMap<&str, u8> = [("b", 2), ("a", 1)].into();
    assert_eq!(streamde::to_string(&Value::from(b)), r#"{"a":1,"b":2}"#);
    let h: HashMap<String, bool> = [("x".to_owned(), true)].into();
    assert_eq!(Value::from(h), parse(r#"{"x": true}"#));
    assert_eq!((1..4u8).collect::<Value>(), parse("[1, 2, 3]"));
    assert_eq!(Value::from(Number::NegInt(-1)), parse("-1"));
}

#[test]
fn the_json_macro_builds_what_the_text_says() {
    let name = "Jenny";
    let extra = vec![1, 2];
    let v = json!({
        "id": "acct_1",
        "name": name,
        "nested": { "a": [true, false, null, {"deep": [[]]}], "b": {} },
        "numbers": [0, -1, 1.5, 1e3, u64::MAX],
        "extra": extra,
        "none": null,
        "maybe": None::<String>,
        (format!("k{}", 1)): "computed",
        "trailing": [1, 2,],
    });
    let text = r#"{"id": "acct_1", "name": "Jenny",
        "nested": {"a": [true, false, null, {"deep": [[]]}], "b": {}},
        "numbers": [0, -1, 1.5, 1000.0, 18446744073709551615], "extra": [1, 2],
        "none": null, "maybe": null, "k1": "computed", "trailing": [1, 2]}"#;
    assert_eq!(v, parse(text));
    // Written order is kept.
    let keys: Vec<&str> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["id", "name", "nested"]);
    assert_eq!(json!(null), Value::Null);
    assert_eq!(json!([]), parse("[]"));
    assert_eq!(json!({}), parse("{}"));
    assert_eq!(json!(1 + 2), parse("3"));
    // A key written twice: first position, last value.
    assert_eq!(
        streamde::to_string(&json!({"a": 1, "b": 2, "a": 3})),
        r#"{"a":3,"b":2}"#
    );
}

#[test]
fn indexing_reads_and_writes() {
    let mut v = json!({"a": {"b": [10, 20]}});
    assert_eq!(v["a"]["b"][1], json!(20));
    assert_eq!(v["missing"]["x"][3], Value::Null);
    v["a"]["b"][0] = json!("ten");
    v["a"]["c"] = json!(true);
    v["new"]["deeper"] = json!(1);
    assert_eq!(
        v,
        json!({"a": {"b": ["ten", 20], "c": true}, "new": {"deeper": 1}})
    );
    *v.get_mut("a").unwrap().get_mut("c").unwrap() = json!(false);
    assert_eq!(v["a"]["c"], json!(false));
    *v["a"]["b"].get_index_mut(1).unwrap() = json!(21);
    assert_eq!(v.pointer("/a/b/1"), Some(&json!(21)));
    let taken = v["a"]["b"].take();
    assert_eq!(taken, json!(["ten", 21]));
    assert_eq!(v["a"]["b"], Value::Null);
    assert!(std::panic::catch_unwind(|| {
        let mut n = json!(1);
        n["k"] = json!(2);
    })
    .is_err());
    assert!(std::panic::catch_unwind(|| {
        let mut a = json!([1]);
        a[1] = json!(2);
    })
    .is_err());
}

#[test]
fn objects_insert_remove_and_keep_their_order() {
    let mut o = Object::new();
    for k in ["z", "y", "x", "w"] {
        assert_eq!(o.insert(k, json!(k)), None);
    }
    assert_eq!(o.insert("y", json!(0)), Some(json!("y")));
    assert_eq!(o.remove("z"), Some(json!("z")));
    assert_eq!(o.remove("z"), None);
    assert_eq!(o.keys().collect::<Vec<_>>(), ["y", "x", "w"]);
    assert!(o.contains_key("w") && !o.contains_key("z"));
    o.retain(|k, v| {
        *v = json!(k);
        k != "x"
    });
    assert_eq!(streamde::to_string(&o), r#"{"y":"y","w":"w"}"#);
    assert_eq!(
        o.remove_entry("w").map(|(k, _)| k.to_string()),
        Some("w".into())
    );
    o.extend([("q", 1), ("r", 2)]);
    assert_eq!(o.values().count(), 3);
    for (_, v) in o.iter_mut() {
        *v = Value::Null;
    }
    assert!(o.values().all(Value::is_null));
}

/// RFC 6901, section 5: every example pointer on the example document.
#[test]
fn pointers_follow_rfc_6901() {
    let doc = parse(
        r#"{"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3,
            "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}"#,
    );
    let cases: [(&str, Value); 12] = [
        ("", doc.clone()),
        ("/foo", json!(["bar", "baz"])),
        ("/foo/0", json!("bar")),
        ("/", json!(0)),
        ("/a~1b", json!(1)),
        ("/c%d", json!(2)),
        ("/e^f", json!(3)),
        ("/g|h", json!(4)),
        ("/i\\j", json!(5)),
        ("/k\"l", json!(6)),
        ("/ ", json!(7)),
        ("/m~0n", json!(8)),
    ];
    for (p, want) in cases {
        assert_eq!(doc.pointer(p), Some(&want), "{p:?}");
    }
    for bad in [
        "foo", "/foo/01", "/foo/-", "/foo/2", "/foo/x", "/m~2n", "/m~", "/nope", "/foo/0/x",
    ] {
        assert_eq!(doc.pointer(bad), None, "{bad:?}");
    }
    let mut doc = doc;
    *doc.pointer_mut("/foo/1").unwrap() = json!("qux");
    *doc.pointer_mut("/a~1b").unwrap() = json!(10);
    assert_eq!(doc["foo"], json!(["bar", "qux"]));
    assert_eq!(doc["a/b"], json!(10));
}

#[test]
fn accessors_say_what_a_value_is() {
    let v = json!([null, true, 1, -1, 1.5, "s", [], {}]);
    let a = v.as_array().unwrap();
    assert!(a[0].is_null() && a[0].as_null().is_some());
    assert!(a[1].is_boolean() && a[1].as_bool() == Some(true));
    assert!(a[2].is_u64() && a[2].is_i64() && !a[2].is_f64());
    assert!(a[3].is_i64() && !a[3].is_u64());
    assert!(a[4].is_f64() && a[4].is_number() && a[4].as_number().is_some());
    assert!(a[5].is_string() && a[6].is_array() && a[7].is_object());
    let mut v = v;
    v.as_array_mut().unwrap().push(json!(9));
    assert_eq!(v[8], json!(9));
}

/// `to_string_pretty` writes serde_json's pretty form: the same text for a
/// value with the same member order, and text that decodes back to the
/// value for every fixture.
#[test]
fn pretty_output_matches_serde_json() {
    for (name, data) in common::fixtures() {
        let ours: Value = streamde::from_slice(&data).unwrap();
        let pretty = streamde::to_string_pretty(&ours);
        assert_eq!(parse(&pretty), ours, "{name}");
        // serde_json's `Value` sorts keys; a value in that order gives the
        // same text.
        let theirs: serde_json::Value = serde_json::from_slice(&data).unwrap();
        let sorted: Value = streamde::from_str(&serde_json::to_string(&theirs).unwrap()).unwrap();
        assert_eq!(
            streamde::to_string_pretty(&sorted),
            serde_json::to_string_pretty(&theirs).unwrap(),
            "{name}"
        );
    }
    assert_eq!(streamde::to_string_pretty(&json!([])), "[]");
    assert_eq!(
        streamde::to_string_pretty(&json!({"a": [1, {}], "b:,{": "x\"]"})),
        "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b:,{\": \"x\\\"]\"\n}"
    );
}

/// Lookups on a 20,000-key object find every key (the index is built on the
/// first lookup) and stay right across inserts and removals.
#[test]
fn large_objects_find_every_key_across_edits() {
    let n = 20_000;
    let mut text = String::from("{");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"key{i}\":{i}"));
    }
    text.push('}');
    let mut v = parse(&text);
    for i in 0..n {
        assert_eq!(v[format!("key{i}").as_str()].as_u64(), Some(i as u64));
    }
    let o = v.as_object_mut().unwrap();
    assert_eq!(o.insert("extra", json!(-1)), None);
    assert_eq!(o.get("extra"), Some(&json!(-1)));
    assert_eq!(o.remove("key0"), Some(json!(0)));
    assert_eq!(o.get("key0"), None);
    assert_eq!(o.get("key1"), Some(&json!(1)));
    assert_eq!(o.get("key19999"), Some(&json!(19999)));
    assert_eq!(o.keys().next(), Some("key1"));
    let copy = v.clone();
    assert_eq!(copy["extra"], json!(-1));
    assert_eq!(copy, v);
}

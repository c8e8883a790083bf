//! Tagged unions, `from_value`, `Expandable` and Stripe events: the tag
//! before and after the members, at every split, on both paths.

mod common;

use common::*;
use streamde::stripe::{Event, EventObject, Expandable, VerificationSessionStatus};
use streamde::{Category, Value};

streamde::object! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct Card => CardBuilder, tag "type" = "card" {
        pub last4: String,
        pub exp: (u8, u16) = (0, 0),
        pub checks: Vec<Check> = Vec::new(),
    }
}

streamde::object! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct Check => CheckBuilder {
        pub name: String,
        pub ok: bool,
    }
}

streamde::object! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct Bank => BankBuilder, tag "type" = "bank" {
        pub iban: String,
        pub inner: Option<Box<Method>>,
    }
}

streamde::tagged_union! {
    /// A payment method: any key may be the tag, here `type`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Method, tag "type" {
        "card" => Card(Card),
        "bank" => Bank(Bank),
        _ => Unknown(Value),
    }
}

/// The members of a card, in an order that puts the tag at `tag_at`.
fn card_doc(tag_at: usize) -> String {
    let mut members = vec![
        r#""last4": "4242""#,
        r#""checks": [{"name": "cvc", "ok": true}, {"ok": false, "name": "zip"}]"#,
        r#""exp": [12, 2030]"#,
        r#""extra": {"nested": [1, {"a": null}]}"#,
    ];
    members.insert(tag_at, r#""type": "card""#);
    format!("{{{}}}", members.join(", "))
}

#[test]
fn the_tag_anywhere_gives_the_same_value_at_every_split() {
    let want = Method::Card(Card {
        last4: "4242".into(),
        exp: (12, 2030),
        checks: vec![
            Check {
                name: "cvc".into(),
                ok: true,
            },
            Check {
                name: "zip".into(),
                ok: false,
            },
        ],
    });
    for tag_at in 0..=4 {
        let doc = card_doc(tag_at);
        assert_eq!(streamde::from_str::<Method>(&doc).unwrap(), want, "{doc}");
        check_splits::<Method>(&doc, doc.as_bytes());
        let list = format!("[{doc}, {doc}]");
        check_splits::<Vec<Method>>(&list, list.as_bytes());
    }
    // Written back with its tag, and read again.
    let text = streamde::to_string(&want);
    assert_eq!(streamde::from_str::<Method>(&text).unwrap(), want);
}

#[test]
fn other_tags_and_no_tag_are_the_fallback_with_every_member() {
    for doc in [
        r#"{"id": 1, "type": "wallet", "x": [true]}"#,
        r#"{"type": "wallet", "id": 1, "x": [true]}"#,
        r#"{"id": 1, "x": [true]}"#,
        r#"{}"#,
    ] {
        let m: Method = streamde::from_str(doc).unwrap();
        let Method::Unknown(v) = &m else {
            panic!("{doc}: {m:?}")
        };
        assert_eq!(v, &streamde::from_str::<Value>(doc).unwrap(), "{doc}");
        check_splits::<Method>(doc, doc.as_bytes());
    }
}

#[test]
fn errors_before_and_after_the_tag_name_the_same_path() {
    // A bad member: first, between, and after the tag.
    let bad = r#""checks": [{"name": "cvc", "ok": 1}]"#;
    let mut found = Vec::new();
    for doc in [
        format!(r#"{{"type": "card", "last4": "1", {bad}}}"#),
        format!(r#"{{"last4": "1", {bad}, "type": "card"}}"#),
        format!(r#"{{{bad}, "type": "card", "last4": "1"}}"#),
    ] {
        let wrapped = format!(r#"{{"methods": [null, {doc}]}}"#);
        type Doc = std::collections::BTreeMap<String, Vec<Option<Method>>>;
        let e = streamde::from_str::<Doc>(&wrapped).unwrap_err();
        assert_eq!(e.category(), Category::InvalidType, "{e}");
        assert_eq!(e.path(), "methods[1].checks[0].ok", "{wrapped}");
        // The position is that of the bad bytes, wherever the tag came.
        let at = wrapped.find(r#""ok": 1"#).unwrap() + 6;
        assert_eq!(e.offset(), at as u64, "{wrapped}: {e}");
        assert_eq!(e.column(), at as u64 + 1);
        check_splits::<Doc>(&wrapped, wrapped.as_bytes());
        found.push(e.message().to_owned());
    }
    assert!(found.iter().all(|e| e == &found[0]), "{found:?}");

    // A missing field is reported at the close, with the union's path.
    let e = streamde::from_str::<Vec<Method>>(r#"[{"checks": [], "type": "card"}]"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `last4` at [0] (line 1, column 31)"
    );
    // Inside a held member, at the opening of its object.
    let doc = r#"[{"checks": [{"ok": true}], "type": "card", "last4": "1"}]"#;
    let e = streamde::from_str::<Vec<Method>>(doc).unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `name` at [0].checks[0] (line 1, column 14)"
    );
    check_splits::<Vec<Method>>(doc, doc.as_bytes());
    // A duplicate member before the tag, found in the replay.
    let doc = r#"[{"last4": "1", "last4": "2", "type": "card"}]"#;
    let e = streamde::from_str::<Vec<Method>>(doc).unwrap_err();
    assert_eq!(e.message(), "duplicate field `last4`");
    assert_eq!(e.path(), "[0].last4");
    check_splits::<Vec<Method>>(doc, doc.as_bytes());
    // A tag that is not a string.
    let e = streamde::from_str::<Method>(r#"{"type": 5}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: expected a string naming the variant, found integer `5` at type (line 1, column 10)"
    );
    // Not an object.
    let e = streamde::from_str::<Method>(r#""card""#).unwrap_err();
    assert_eq!(e.category(), Category::InvalidType);
}

#[test]
fn unions_nest_in_held_members() {
    // The inner union's members and tag are all held by the outer one, then
    // replayed: the inner union holds and replays again.
    let doc = r#"{"inner": {"last4": "9", "type": "card"}, "iban": "DE89", "type": "bank"}"#;
    let m: Method = streamde::from_str(doc).unwrap();
    let Method::Bank(b) = &m else { panic!("{m:?}") };
    assert!(matches!(b.inner.as_deref(), Some(Method::Card(c)) if c.last4 == "9"));
    check_splits::<Method>(doc, doc.as_bytes());
    let bad = r#"{"inner": {"last4": 9, "type": "card"}, "type": "bank"}"#;
    let e = streamde::from_str::<Method>(bad).unwrap_err();
    assert_eq!(e.path(), "inner.last4");
    assert_eq!(e.offset(), bad.find('9').unwrap() as u64);
    check_splits::<Method>(bad, bad.as_bytes());
}

#[test]
fn from_value_decodes_like_the_text_and_keeps_paths() {
    for tag_at in [0, 4] {
        let doc = card_doc(tag_at);
        let v: Value = streamde::from_str(&doc).unwrap();
        let m: Method = streamde::from_value(&v).unwrap();
        assert_eq!(m, streamde::from_str::<Method>(&doc).unwrap());
    }
    let v: Value = streamde::from_str(r#"{"a": [1, 2.5, -3, "x", null, {"b": true}]}"#).unwrap();
    assert_eq!(streamde::from_value::<Value>(&v).unwrap(), v);
    type Nums = std::collections::HashMap<String, Vec<f64>>;
    let e = streamde::from_value::<Nums>(&v).unwrap_err();
    assert_eq!((e.path(), e.position()), ("a[3]", None));
    assert_eq!(
        e.message(),
        "invalid type: expected a number, found string \"x\""
    );
    // Numbers arrive as the decoder gives them: f32 from its shortest text.
    let v: Value = streamde::from_str("[0.1, 1e300]").unwrap();
    let e = streamde::from_value::<Vec<f32>>(&v).unwrap_err();
    assert_eq!(e.path(), "[1]");
    assert_eq!(streamde::from_value::<Vec<f64>>(&v).unwrap(), [0.1, 1e300]);
    // Deeper than the default depth limit: an error, not a stack overflow.
    let mut deep = Value::Null;
    for _ in 0..100_000 {
        deep = Value::Array(vec![deep]);
    }
    let e = streamde::from_value::<Value>(&deep).unwrap_err();
    assert_eq!(e.category(), Category::Limit);
}

#[test]
fn expandable_fields_at_every_split() {
    streamde::object! {
        #[derive(Debug, PartialEq)]
        pub struct Payment => PaymentBuilder {
            pub customer: Expandable<Customer>,
            pub method: Option<Expandable<Customer>>,
        }
    }
    streamde::object! {
        #[derive(Debug, PartialEq)]
        pub struct Customer => CustomerBuilder, tag "object" = "customer" {
            pub id: String,
            pub email: Option<String>,
        }
    }
    let doc = r#"{"customer": {"object": "customer", "id": "cus_1", "email": "a@b.c"}, "method": "pm_1"}"#;
    impl streamde::stripe::HasId for Customer {
        fn object_id(&self) -> Option<&str> {
            Some(&self.id)
        }
    }
    let p: Payment = streamde::from_str(doc).unwrap();
    assert_eq!(p.customer.as_object().unwrap().id, "cus_1");
    // The id either way, as SDKs give it.
    assert_eq!(p.customer.id(), Some("cus_1"));
    assert_eq!(p.customer.unexpanded_id(), None);
    assert_eq!(p.method.as_ref().unwrap().id(), Some("pm_1"));
    assert_eq!(p.method.as_ref().unwrap().unexpanded_id(), Some("pm_1"));
    check_splits::<Payment>(doc, doc.as_bytes());
    assert_eq!(
        streamde::from_str::<Payment>(&streamde::to_string(&p)).unwrap(),
        p
    );
    let doc = r#"{"customer": "cus_1", "method": null}"#;
    check_splits::<Payment>(doc, doc.as_bytes());
    let e = streamde::from_str::<Payment>(r#"{"customer": 5}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: expected an id string or an object, found integer `5` at customer (line 1, column 14)"
    );
}

#[test]
fn stripe_events_at_every_split() {
    let dir = data_dir().join("events");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        let e: Event = streamde::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(e.object, "event");
        match &e.data.object {
            EventObject::IdentityVerificationSession(s) => {
                assert!(e.type_.starts_with("identity.verification_session."));
                assert_eq!(s.object, "identity.verification_session");
                assert_eq!(s.status_enum(), VerificationSessionStatus::Verified);
            }
            EventObject::AccountSession(s) => {
                assert_eq!(e.type_, "account_session.created");
                assert!(s.components.balance_report.enabled && !s.components.payments.enabled);
            }
            EventObject::Unknown(v) => {
                assert_eq!(v["object"].as_str(), Some("customer"));
                assert_eq!(
                    e.data.previous_attributes.as_ref().unwrap()["email"],
                    Value::Null
                );
            }
        }
        // The whole event as a Value agrees member for member.
        let v: Value = streamde::from_slice(&bytes).unwrap();
        assert_eq!(streamde::from_value::<Event>(&v).unwrap(), e);
        assert_eq!(
            streamde::from_str::<Event>(&streamde::to_string(&e)).unwrap(),
            e
        );
        check_splits::<Event>(&name, &bytes);
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn event_errors_in_a_held_object_name_their_path() {
    let bytes = std::fs::read(data_dir().join("events/account_session.created.json")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    // The account session's tag comes last: `expires_at` is held, then
    // replayed when the tag arrives.
    let bad = text.replacen("\"expires_at\": ", "\"expires_at\": true, \"x\": ", 1);
    let e = streamde::from_str::<Event>(&bad).unwrap_err();
    assert_eq!(e.path(), "data.object.expires_at");
    let at = bad.find("\"expires_at\": true").unwrap() + 14;
    assert_eq!(e.offset(), at as u64, "{e}");
    check_splits::<Event>("bad event", bad.as_bytes());
}

/// One path rule for errors from unions and `from_value`: at every split,
/// through the machine alone, and from a `Value`, an error inside a union
/// names its full path, however the union is reached (an array element, a
/// member, an `Option<Box<_>>`, nested unions with late tags) and wherever
/// the tags are. From bytes it has the position of the bytes at fault;
/// from a `Value` it has none (no line 0, column 0).
#[test]
fn union_errors_have_their_full_path_on_every_route() {
    // (document, the path of its error)
    let cases: &[(&str, &str)] = &[
        // From `from_value`, the path above a late-tag union was dropped.
        (r#"[{"a": {"last4": 9, "type": "card"}}]"#, "[0].a.last4"),
        (r#"[{"a": {"type": "card", "last4": 9}}]"#, "[0].a.last4"),
        // Nested unions with late tags lost a level.
        (
            r#"{"inner": {"inner": {"last4": 9, "type": "card"}, "iban": "x", "type": "bank"}, "iban": "y", "type": "bank"}"#,
            "inner.inner.last4",
        ),
        (
            r#"{"inner": {"inner": {"type": "card", "checks": [{"ok": 1}]}, "type": "bank", "iban": "x"}, "type": "bank", "iban": "y"}"#,
            "inner.inner.checks[0].ok",
        ),
        (
            r#"[{"a": {"inner": {"checks": [{"name": "n", "ok": true}, {"ok": 2}], "type": "card"}, "type": "bank"}}]"#,
            "[0].a.inner.checks[1].ok",
        ),
        // A missing field, reported at the close of its object.
        (
            r#"{"inner": {"checks": [{"ok": true}], "type": "card"}, "type": "bank"}"#,
            "inner.checks[0]",
        ),
    ];
    for (doc, want) in cases {
        if doc.starts_with('[') {
            let e = streamde::from_str::<Vec<std::collections::BTreeMap<String, Method>>>(doc)
                .unwrap_err();
            assert_eq!(e.path(), *want, "{doc}");
            assert!(e.position().is_some(), "{doc}");
            check_splits::<Vec<std::collections::BTreeMap<String, Method>>>(doc, doc.as_bytes());
            let v: Value = streamde::from_str(doc).unwrap();
            let e = streamde::from_value::<Vec<std::collections::BTreeMap<String, Method>>>(&v)
                .unwrap_err();
            assert_eq!(e.path(), *want, "from_value {doc}");
            assert_eq!(e.position(), None, "from_value {doc}: {e}");
        } else {
            let e = streamde::from_str::<Method>(doc).unwrap_err();
            assert_eq!(e.path(), *want, "{doc}");
            check_splits::<Method>(doc, doc.as_bytes());
            let v: Value = streamde::from_str(doc).unwrap();
            let e = streamde::from_value::<Method>(&v).unwrap_err();
            assert_eq!(e.path(), *want, "from_value {doc}");
            assert_eq!(e.position(), None, "from_value {doc}: {e}");
        }
    }
}

/// A repeated key among the members held before the tag is reported at
/// the repeated key, as when the tag comes first (it was at its value).
#[test]
fn a_repeated_held_key_is_positioned_at_the_key() {
    for doc in [
        r#"[{"last4": "1", "last4": "2", "type": "card"}]"#,
        r#"[{"type": "card", "last4": "1", "last4": "2"}]"#,
        "[{\"last4\": \"1\",\n  \"last4\":\n \"2\", \"type\": \"card\"}]",
    ] {
        let e = streamde::from_str::<Vec<Method>>(doc).unwrap_err();
        let at = doc.rfind("\"last4\"").unwrap() as u64;
        assert_eq!(e.message(), "duplicate field `last4`", "{doc}");
        assert_eq!(e.path(), "[0].last4", "{doc}");
        assert_eq!(e.offset(), at, "{doc}: {e}");
        check_splits::<Vec<Method>>(doc, doc.as_bytes());
    }
}

/// A hand-written place that decodes its members through `from_value` puts
/// that error under its own path with `Error::within("")`, as the
/// documentation of `within` says: `customer.balance`, not `balance`.
#[test]
fn a_place_reports_a_from_value_error_under_its_own_path() {
    use streamde::de::Place;
    use streamde::{Deserialize, Enter, Map, Visitor};

    streamde::object! {
        #[derive(Debug, PartialEq)]
        pub struct Fields => FieldsBuilder {
            pub balance: i64,
        }
    }

    /// Members gathered as a `Value`, decoded when the object closes.
    #[derive(Debug, PartialEq)]
    struct Customer(Fields);

    #[derive(Default)]
    struct CustomerPlace {
        members: streamde::Object,
        key: Option<String>,
        value: <Value as Deserialize>::Place,
        out: Option<Customer>,
    }

    impl CustomerPlace {
        fn keep(&mut self) {
            if let (Some(k), Some(v)) = (self.key.take(), self.value.take()) {
                self.members.insert(k, v);
            }
        }
    }

    impl Visitor for CustomerPlace {
        fn map(&mut self, enter: Enter) -> streamde::Result<&mut dyn Map> {
            if enter == Enter::Open {
                self.members = streamde::Object::new();
                self.key = None;
            }
            Ok(self)
        }
    }

    impl Map for CustomerPlace {
        fn key(&mut self, k: &str) -> streamde::Result<Option<&mut dyn Visitor>> {
            self.keep();
            self.key = Some(k.to_owned());
            Ok(Some(&mut self.value))
        }
        fn resume(&mut self) -> Option<&mut dyn Visitor> {
            Some(&mut self.value)
        }
        fn finish(&mut self) -> streamde::Result<()> {
            self.keep();
            let v = Value::Object(std::mem::take(&mut self.members));
            let fields = streamde::from_value::<Fields>(&v).map_err(|e| e.within(""))?;
            self.out = Some(Customer(fields));
            Ok(())
        }
    }

    impl Place for CustomerPlace {
        type Out = Customer;
        fn take(&mut self) -> Option<Customer> {
            self.out.take()
        }
    }

    impl Deserialize for Customer {
        type Place = CustomerPlace;
    }

    impl streamde::Serialize for Customer {
        fn serialize(&self, out: &mut streamde::ser::Out<'_>) {
            self.0.serialize(out);
        }
    }

    streamde::object! {
        #[derive(Debug, PartialEq)]
        pub struct Charge => ChargeBuilder {
            pub customer: Customer,
        }
    }

    let ok: Charge = streamde::from_str(r#"{"customer": {"balance": 5}}"#).unwrap();
    assert_eq!(ok.customer.0.balance, 5);
    for doc in [
        r#"{"customer": {"balance": "x"}}"#,
        r#"{"customer": {"nested": [1, {"a": 2}], "balance": 1.5}}"#,
    ] {
        let e = streamde::from_str::<Charge>(doc).unwrap_err();
        assert_eq!(e.path(), "customer.balance", "{doc}: {e}");
        let v: Value = streamde::from_str(doc).unwrap();
        let e = streamde::from_value::<Charge>(&v).unwrap_err();
        assert_eq!(e.path(), "customer.balance", "from_value {doc}: {e}");
        let e = streamde::from_value::<Vec<Charge>>(&Value::Array(vec![v])).unwrap_err();
        assert_eq!(e.path(), "[0].customer.balance", "from_value {doc}: {e}");
    }
    let e = streamde::from_str::<Charge>(r#"{"customer": {}}"#).unwrap_err();
    assert_eq!(e.path(), "customer", "{e}");
}

/// What a union holds before its tag counts against `Limits::max_held`: past
/// it, a limit error inside the union, at every split; with the tag first
/// nothing is held.
#[test]
fn held_members_are_limited() {
    type Doc = Vec<std::collections::BTreeMap<String, Method>>;
    let blob = format!("[{}1]", "1,".repeat(1000));
    let late = format!(r#"[{{"a": {{"blob": {blob}, "last4": "1", "type": "card"}}}}]"#);
    let early = format!(r#"[{{"a": {{"type": "card", "blob": {blob}, "last4": "1"}}}}]"#);
    let limits = streamde::Limits::default().max_held(500);
    let decode = |doc: &str, size: usize| {
        let mut d = streamde::Decoder::<Doc>::with_limits(limits);
        for c in doc.as_bytes().chunks(size) {
            d.feed(c)?;
        }
        d.finish()
    };
    for size in [1, 7, 100, late.len()] {
        let e = decode(&late, size).unwrap_err();
        assert_eq!(e.category(), Category::Limit, "{e}");
        assert!(e.path().starts_with("[0].a.blob"), "{e}");
        assert!(e.message().contains("tagged union"), "{e}");
        decode(&early, size).unwrap();
    }
    let mut d = streamde::Decoder::<Doc>::with_limits(limits.max_held(10_000));
    d.feed(late.as_bytes()).unwrap();
    d.finish().unwrap();
}

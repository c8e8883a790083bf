//! What an SDK declares with `object!`: wide models, defaults for absent
//! fields, raw identifiers. Every document is checked at every split on both
//! paths (`common::check_splits`).

mod common;

use common::check_splits;
use streamde::Category;

streamde::object! {
    /// One hundred fields: past the 64 a single bit word would hold.
    #[derive(Debug, PartialEq)]
    pub struct Wide => WideBuilder {
        pub f000: u32,
        pub f001: u32,
        pub f002: u32,
        pub f003: u32,
        pub f004: u32,
        pub f005: u32,
        pub f006: u32,
        pub f007: u32,
        pub f008: u32,
        pub f009: u32,
        pub f010: u32,
        pub f011: u32,
        pub f012: u32,
        pub f013: u32,
        pub f014: u32,
        pub f015: u32,
        pub f016: u32,
        pub f017: u32,
        pub f018: u32,
        pub f019: u32,
        pub f020: u32,
        pub f021: u32,
        pub f022: u32,
        pub f023: u32,
        pub f024: u32,
        pub f025: u32,
        pub f026: u32,
        pub f027: u32,
        pub f028: u32,
        pub f029: u32,
        pub f030: u32,
        pub f031: u32,
        pub f032: u32,
        pub f033: u32,
        pub f034: u32,
        pub f035: u32,
        pub f036: u32,
        pub f037: u32,
        pub f038: u32,
        pub f039: u32,
        pub f040: u32,
        pub f041: u32,
        pub f042: u32,
        pub f043: u32,
        pub f044: u32,
        pub f045: u32,
        pub f046: u32,
        pub f047: u32,
        pub f048: u32,
        pub f049: u32,
        pub f050: u32,
        pub f051: u32,
        pub f052: u32,
        pub f053: u32,
        pub f054: u32,
        pub f055: u32,
        pub f056: u32,
        pub f057: u32,
        pub f058: u32,
        pub f059: u32,
        pub f060: u32,
        pub f061: u32,
        pub f062: u32,
        pub f063: u32,
        pub f064: u32,
        pub f065: u32,
        pub f066: u32,
        pub f067: u32,
        pub f068: u32,
        pub f069: u32,
        pub f070: u32,
        pub f071: u32,
        pub f072: u32,
        pub f073: u32,
        pub f074: u32,
        pub f075: u32,
        pub f076: u32,
        pub f077: u32,
        pub f078: u32,
        pub f079: u32,
        pub f080: u32,
        pub f081: u32,
        pub f082: u32,
        pub f083: u32,
        pub f084: u32,
        pub f085: u32,
        pub f086: u32,
        pub f087: u32,
        pub f088: u32,
        pub f089: u32,
        pub f090: u32,
        pub f091: u32,
        pub f092: u32,
        pub f093: u32,
        pub f094: u32,
        pub f095: u32,
        pub f096: u32,
        pub f097: u32,
        pub f098: u32,
        pub f099: u32,
    }
}

fn wide_doc(skip: Option<usize>, repeat: Option<usize>) -> String {
    let mut members: Vec<String> = (0..100)
        .filter(|&i| Some(i) != skip)
        .map(|i| format!("\"f{i:03}\": {i}"))
        .collect();
    // Reversed: the last field first, so every bit word is used early.
    members.reverse();
    if let Some(i) = repeat {
        members.push(format!("\"f{i:03}\": 7"));
    }
    format!("{{{}}}", members.join(", "))
}

#[test]
fn a_hundred_fields_decode_and_each_is_required_and_unique() {
    let doc = wide_doc(None, None);
    let w: Wide = streamde::from_str(&doc).unwrap();
    assert_eq!((w.f000, w.f063, w.f064, w.f099), (0, 63, 64, 99));
    check_splits::<Wide>("wide", doc.as_bytes());
    // A missing field past the first word is named.
    for missing in [0, 63, 64, 99] {
        let e = streamde::from_str::<Wide>(&wide_doc(Some(missing), None)).unwrap_err();
        assert_eq!(e.category(), Category::MissingField, "{e}");
        assert!(e.to_string().contains(&format!("`f{missing:03}`")), "{e}");
    }
    // A repeated field in any word is an error at its own path.
    for repeated in [1, 64, 99] {
        let doc = wide_doc(None, Some(repeated));
        let e = streamde::from_str::<Wide>(&doc).unwrap_err();
        assert_eq!(e.category(), Category::InvalidValue, "{e}");
        assert!(
            e.to_string()
                .contains(&format!("duplicate field `f{repeated:03}`")),
            "{e}"
        );
        check_splits::<Wide>("wide, repeated", doc.as_bytes());
    }
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Product => ProductBuilder, tag "object" = "product" {
        pub id: String,
        /// Absent: empty.
        pub images: Vec<String> = Vec::new(),
        /// Absent: the given expression.
        pub currency: String = "usd".to_owned(),
        pub active: bool = true,
        /// A raw identifier: the JSON key is `type`.
        pub r#type: String,
        pub description: Option<String>,
    }
}

#[test]
fn absent_fields_take_their_defaults_and_present_ones_are_decoded() {
    let p: Product =
        streamde::from_str(r#"{"object": "product", "id": "prod_1", "type": "good"}"#).unwrap();
    assert_eq!(
        p,
        Product {
            id: "prod_1".into(),
            images: vec![],
            currency: "usd".into(),
            active: true,
            r#type: "good".into(),
            description: None,
        }
    );
    let doc = r#"{"id": "prod_2", "images": ["a.png"], "currency": "eur", "active": false, "type": "service", "description": "x", "object": "product"}"#;
    let p: Product = streamde::from_str(doc).unwrap();
    assert_eq!(
        (p.images.len(), p.currency.as_str(), p.active),
        (1, "eur", false)
    );
    check_splits::<Product>("product", doc.as_bytes());
    // A default does not excuse a wrong value, nor a `null` for a `Vec`.
    for (bad, path) in [
        (r#"{"id": "p", "type": "t", "images": null}"#, "images"),
        (r#"{"id": "p", "type": "t", "active": "yes"}"#, "active"),
    ] {
        let e = streamde::from_str::<Product>(bad).unwrap_err();
        assert_eq!(e.category(), Category::InvalidType, "{e}");
        assert_eq!(e.path(), path, "{e}");
        check_splits::<Product>("product, bad", bad.as_bytes());
    }
    // Required fields without a default are still required.
    let e = streamde::from_str::<Product>(r#"{"type": "t"}"#).unwrap_err();
    assert!(e.to_string().contains("missing field `id`"), "{e}");
}

streamde::string_enum! {
    /// A verification session's status.
    #[derive(Debug)]
    pub enum Status {
        Canceled = "canceled",
        Processing = "processing",
        RequiresInput = "requires_input",
        Verified = "verified",
    }
}

streamde::string_enum! {
    #[derive(Debug)]
    pub enum Kind {
        Document = "document",
        IdNumber = "id_number",
        /// Raw identifiers work as variant names.
        r#Type = "type",
    }
}

streamde::string_enum! {
    #[derive(Debug, Clone, Copy)]
    pub strict enum Interval {
        Day = "day",
        Week = "week",
        Month = "month",
    }
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    pub struct Session => SessionBuilder {
        pub status: Status,
        pub r#type: Option<Kind>,
        pub intervals: Vec<Interval> = Vec::new(),
    }
}

#[test]
fn string_enums_keep_unknown_values_and_round_trip() {
    let doc = r#"{"status": "requires_input", "type": "selfie", "intervals": ["week", "day"]}"#;
    let s: Session = streamde::from_str(doc).unwrap();
    assert_eq!(s.status, Status::RequiresInput);
    assert_eq!(s.r#type, Some(Kind::Unknown("selfie".into())));
    assert_eq!(s.intervals, [Interval::Week, Interval::Day]);
    check_splits::<Session>("session", doc.as_bytes());
    // Written back as read, unknown values included.
    assert_eq!(
        streamde::to_string(&s),
        r#"{"status":"requires_input","type":"selfie","intervals":["week","day"]}"#
    );
    for k in [
        Kind::Document,
        Kind::IdNumber,
        Kind::r#Type,
        Kind::Unknown("x".into()),
    ] {
        let text = streamde::to_string(&k);
        assert_eq!(streamde::from_str::<Kind>(&text).unwrap(), k);
        assert_eq!(k.to_string().parse::<Kind>().unwrap(), k);
    }
    assert_eq!(
        Status::KNOWN,
        ["canceled", "processing", "requires_input", "verified"]
    );
    assert_eq!(Interval::Month.as_str(), "month");
    assert_eq!("week".parse::<Interval>().unwrap(), Interval::Week);
    // Escaped input is the same string.
    let s: Status = streamde::from_str(r#""ver\u0069fied""#).unwrap();
    assert_eq!(s, Status::Verified);
}

#[test]
fn string_enum_errors_name_the_path() {
    // A strict enum refuses an unknown name, listing the allowed ones.
    let doc = r#"{"status": "verified", "intervals": ["day", "fortnight"]}"#;
    let e = streamde::from_str::<Session>(doc).unwrap_err();
    assert_eq!(e.category(), Category::InvalidValue);
    assert_eq!(e.path(), "intervals[1]");
    assert!(
        e.to_string()
            .contains("unknown variant `fortnight`, expected one of `day`, `week`, `month`"),
        "{e}"
    );
    check_splits::<Session>("session, strict", doc.as_bytes());
    // Any enum refuses a non-string.
    let doc = r#"{"status": 3}"#;
    let e = streamde::from_str::<Session>(doc).unwrap_err();
    assert_eq!(e.category(), Category::InvalidType);
    assert_eq!(e.path(), "status");
    assert!(e.to_string().contains("expected a string (Status)"), "{e}");
    check_splits::<Session>("session, number", doc.as_bytes());
    assert!("fortnight".parse::<Interval>().is_err());
}

/// The README's "For SDK authors" example, as written there.
mod readme {
    streamde::string_enum! {
        /// Forward-compatible: any other string is `Unknown(String)`, kept and
        /// written back as sent; known variants allocate nothing.
        #[derive(Debug)]
        pub enum Status { Canceled = "canceled", RequiresInput = "requires_input", Verified = "verified" }
    }

    streamde::string_enum! {
        /// `strict`: any other string is an error listing the allowed ones.
        #[derive(Debug, Clone, Copy)]
        pub strict enum Interval { Day = "day", Week = "week" }
    }

    streamde::object! {
        #[derive(Debug)]
        pub struct Session => SessionBuilder, tag "object" = "identity.verification_session" {
            pub id: String,
            pub status: Status,
            /// A raw identifier is its plain key (`type`).
            pub r#type: Option<String>,
            /// Absent: the default given (without one, absent is an error).
            pub intervals: Vec<Interval> = Vec::new(),
            /// Renamed key.
            pub created_at: i64 as "created",
        }
    }

    #[test]
    fn readme_example_decodes() {
        let s: Session = streamde::from_str(
            r#"{"id": "vs_1", "object": "identity.verification_session", "status": "processing", "created": 7}"#,
        )
        .unwrap();
        assert_eq!(s.status, Status::Unknown("processing".into()));
        assert!(s.r#type.is_none() && s.intervals.is_empty() && s.created_at == 7);
        assert_eq!(s.id, "vs_1");
    }
}

streamde::object! {
    /// A generic page, as another API's list envelope might be.
    #[derive(Debug, PartialEq)]
    pub struct Page<T: streamde::Deserialize> => PageBuilder {
        pub items: Vec<T>,
        pub next_cursor: Option<String>,
        pub total: u64 = 0,
    }
}

streamde::object! {
    /// Two parameters, no bounds written: the macro bounds each parameter
    /// (`Deserialize` for the decoder, `Serialize` for the writer), as serde's
    /// derive does.
    #[derive(Debug, PartialEq)]
    pub struct Pair<A, B> => PairBuilder {
        pub left: A,
        pub right: Option<B>,
    }
}

#[test]
fn generic_structs_decode_and_write() {
    let doc = r#"{"items": [{"status": "verified"}, {"status": "x", "intervals": ["day"]}], "next_cursor": null}"#;
    let p: Page<Session> = streamde::from_str(doc).unwrap();
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[1].status, Status::Unknown("x".into()));
    assert_eq!(p.total, 0);
    check_splits::<Page<Session>>("page", doc.as_bytes());
    let p: Page<u8> = streamde::from_str(r#"{"items": [1, 2], "total": 2}"#).unwrap();
    assert_eq!(
        streamde::to_string(&p),
        r#"{"items":[1,2],"next_cursor":null,"total":2}"#
    );
    // Errors inside a generic element name their path.
    let e = streamde::from_str::<Page<u8>>(r#"{"items": [1, 300]}"#).unwrap_err();
    assert_eq!(e.path(), "items[1]");
    let pair: Pair<Status, Vec<Interval>> =
        streamde::from_str(r#"{"left": "canceled", "right": ["week"]}"#).unwrap();
    assert_eq!(
        pair,
        Pair {
            left: Status::Canceled,
            right: Some(vec![Interval::Week])
        }
    );
}

streamde::object! {
    /// A recursive model: the bounds are on parameters, not on field types,
    /// so a type may contain itself behind a `Box` (a builder holds its
    /// fields' places inline, so `Vec<Comment>` would be a type of infinite
    /// size; `Vec<Box<Comment>>` is not).
    #[derive(Debug, PartialEq)]
    pub struct Comment => CommentBuilder {
        pub text: String,
        pub parent: Option<Box<Comment>>,
        pub replies: Vec<Box<Comment>> = Vec::new(),
    }
}

#[test]
fn recursive_models_decode_at_every_split_and_name_deep_paths() {
    let doc = r#"{"text": "a", "parent": {"text": "p", "parent": null},
        "replies": [{"text": "b", "replies": [{"text": "c"}]}]}"#;
    let c: Comment = streamde::from_str(doc).unwrap();
    assert_eq!(c.parent.as_ref().unwrap().text, "p");
    assert_eq!(c.replies[0].replies[0].text, "c");
    check_splits::<Comment>("comment", doc.as_bytes());
    let e = streamde::from_str::<Comment>(
        r#"{"text": "a", "replies": [{"text": "b", "replies": [{"text": 1}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), "replies[0].replies[0].text");
    assert_eq!(
        streamde::to_string(&c.replies[0]),
        r#"{"text":"b","parent":null,"replies":[{"text":"c","parent":null,"replies":[]}]}"#
    );
}

mod std_types {
    use super::common::check_splits;
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
    use std::sync::Arc;

    streamde::string_enum! {
        #[derive(Debug, PartialOrd, Ord)]
        pub strict enum Currency { Eur = "eur", Usd = "usd" }
    }

    streamde::object! {
        #[derive(Debug, PartialEq)]
        pub struct Model => ModelBuilder {
            pub point: (i32, i32, String),
            pub rgb: [u8; 3],
            pub tags: HashSet<String>,
            pub sorted: BTreeSet<u16>,
            pub queue: VecDeque<bool>,
            pub by_id: HashMap<u32, String>,
            pub totals: BTreeMap<Currency, i64>,
            pub name: Box<str>,
            pub shared: Arc<str>,
        }
    }

    const DOC: &str = r#"{"point": [1, -2, "p"], "rgb": [255, 0, 7], "tags": ["a", "b"],
        "sorted": [3, 1, 2], "queue": [true, false], "by_id": {"7": "seven", "42": "x"},
        "totals": {"usd": 5, "eur": -1}, "name": "n", "shared": "s"}"#;

    #[test]
    fn std_types_decode_write_and_split() {
        let m: Model = streamde::from_str(DOC).unwrap();
        assert_eq!(m.point, (1, -2, "p".to_owned()));
        assert_eq!(m.rgb, [255, 0, 7]);
        assert_eq!(m.sorted.iter().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(m.by_id[&42], "x");
        assert_eq!(m.totals[&Currency::Eur], -1);
        assert_eq!((&*m.name, &*m.shared), ("n", "s"));
        check_splits::<Model>("std types", DOC.as_bytes());
        let back: Model = streamde::from_str(&streamde::to_string(&m)).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn std_type_errors_name_the_element_or_key() {
        let cases = [
            (
                r#""rgb": [1, 2]"#,
                "rgb",
                "invalid value: expected an array of 3 elements, found 2",
            ),
            (
                r#""rgb": [1, 2, 3, 4]"#,
                "rgb[3]",
                "invalid value: more than 3 elements",
            ),
            (
                r#""point": [1, 2, "x", 4]"#,
                "point[3]",
                "invalid value: expected an array of 3 elements, found more",
            ),
            (
                r#""point": [1]"#,
                "point",
                "invalid value: expected an array of 3 elements, found 1",
            ),
            (
                r#""tags": ["a", "b", "a"]"#,
                "tags[2]",
                "invalid value: duplicate element in a set",
            ),
            (
                r#""by_id": {"7": "a", "x": "b"}"#,
                "by_id.x",
                "invalid value: key `x` is not a u32",
            ),
            (
                r#""by_id": {"7": "a", "07": "b"}"#,
                "by_id.07",
                "invalid value: duplicate key `07`",
            ),
            (
                r#""totals": {"gbp": 1}"#,
                "totals.gbp",
                "invalid value: unknown variant `gbp`, expected one of `eur`, `usd`",
            ),
        ];
        for (member, path, msg) in cases {
            let doc = DOC.replacen("{", &format!("{{{member}, "), 1);
            // The member comes first; the real one later is a duplicate, so
            // the error must come from the member itself.
            let e = streamde::from_str::<Model>(&doc).unwrap_err();
            assert_eq!((e.path(), e.message()), (path, msg), "{member}");
            check_splits::<Model>(member, doc.as_bytes());
        }
    }
}

mod one_way {
    /// Decodes, cannot be written.
    pub struct Secret(String);

    impl streamde::Deserialize for Secret {
        type Place = streamde::de::NamedPlace<Secret>;
    }

    impl streamde::de::FromJsonStr for Secret {
        const EXPECTING: &'static str = "a secret";
        fn from_json_str(s: &str) -> streamde::Result<Self> {
            Ok(Secret(s.to_owned()))
        }
    }

    /// Written, never decoded.
    pub struct Stamp(u32);

    impl streamde::Serialize for Stamp {
        fn serialize(&self, out: &mut streamde::ser::Out<'_>) {
            streamde::Serialize::serialize(&self.0, out)
        }
    }

    streamde::object! {
        pub struct Login => LoginBuilder, only decode {
            pub user: String,
            pub password: Secret,
        }
    }

    streamde::object! {
        pub struct Audit => AuditBuilder, tag "object" = "audit", only encode {
            pub at: Stamp,
            pub note: Option<String>,
        }
    }

    #[test]
    fn decode_only_and_encode_only_models() {
        let l: Login = streamde::from_str(r#"{"user": "u", "password": "p"}"#).unwrap();
        assert_eq!((l.user.as_str(), l.password.0.as_str()), ("u", "p"));
        let a = Audit {
            at: Stamp(7),
            note: None,
        };
        assert_eq!(
            streamde::to_string(&a),
            r#"{"object":"audit","at":7,"note":null}"#
        );
    }
}

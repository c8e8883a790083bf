//! The Stripe models against real fixtures: decoding, chosen fields checked
//! by hand, round trips through the writer, redaction, and errors.

mod common;

use common::*;
use streamde::stripe::{AccountSession, IdentityVerificationSession, VerificationSession};
use streamde::{Category, Value};

/// The model's shape, written out independently of the macro (the corpus
/// generator's table): component name and its feature flags.
#[path = "../benches/corpus/mod.rs"]
mod corpus;
use corpus::COMPONENT_FEATURES as COMPONENTS;

const VS_FIELDS: &[&str] = &[
    "client_secret",
    "created",
    "id",
    "last_error",
    "last_verification_report",
    "livemode",
    "metadata",
    "object",
    "options",
    "redaction",
    "status",
    "type",
    "url",
    "verified_outputs",
];

/// The input restricted to the AccountSession model's fields.
fn restrict_account_session(mut v: Value) -> Value {
    let top = v.as_object_mut().unwrap();
    top.retain(|k, _| {
        [
            "account",
            "client_secret",
            "components",
            "expires_at",
            "livemode",
            "object",
        ]
        .contains(&k)
    });
    let comps = top.get_mut("components").unwrap().as_object_mut().unwrap();
    comps.retain(|k, _| COMPONENTS.iter().any(|(c, _)| *c == k));
    for (name, flags) in COMPONENTS {
        let c = comps
            .get_mut(name)
            .unwrap_or_else(|| panic!("component {name} missing"))
            .as_object_mut()
            .unwrap();
        c.retain(|k, _| k == "enabled" || k == "features");
        c.get_mut("features")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .retain(|k, _| flags.contains(&k));
    }
    v
}

/// The input restricted to the verification session's fields, absent
/// `Option` fields written as `null` (as the writer does).
fn restrict_verification_session(mut v: Value) -> Value {
    let top = v.as_object_mut().unwrap();
    top.retain(|k, _| VS_FIELDS.contains(&k));
    for f in VS_FIELDS {
        if top.get(f).is_none() {
            top.insert(f.to_string(), Value::Null);
        }
    }
    v
}

/// Objects compare as sets of members (the writer uses declaration order).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_json(v, w))
        }
        _ => a == b,
    }
}

#[test]
fn every_fixture_decodes_and_round_trips() {
    let mut n = 0;
    for (name, data) in fixtures_of("account_session") {
        let s: AccountSession =
            streamde::from_slice(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = streamde::to_string(&s);
        let again: AccountSession = streamde::from_str(&written).unwrap();
        assert_eq!(again, s, "{name}: decode -> write -> decode");
        let mut redacted = s.clone();
        redacted.client_secret = "[redacted]".into();
        assert_eq!(
            s.to_string(),
            streamde::to_string(&redacted),
            "Display writes the JSON, secret redacted"
        );
        let input: Value = streamde::from_slice(&data).unwrap();
        let out: Value = streamde::from_str(&written).unwrap();
        assert!(
            same_json(&out, &restrict_account_session(input)),
            "{name}: written JSON != restricted input\n{out}"
        );
        n += 1;
    }
    for (name, data) in fixtures_of("identity_verification_session") {
        let s: IdentityVerificationSession =
            streamde::from_slice(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = streamde::to_string(&s);
        let again: IdentityVerificationSession = streamde::from_str(&written).unwrap();
        assert_eq!(again, s, "{name}: decode -> write -> decode");
        let input: Value = streamde::from_slice(&data).unwrap();
        let out: Value = streamde::from_str(&written).unwrap();
        assert!(
            same_json(&out, &restrict_verification_session(input)),
            "{name}: written JSON != restricted input\n{out}"
        );
        n += 1;
    }
    assert_eq!(n, 10, "all fixtures seen");
}

#[test]
fn account_session_fields_by_hand() {
    let data = std::fs::read(data_dir().join("fixtures/account_session.json")).unwrap();
    let s: AccountSession = streamde::from_slice(&data).unwrap();
    assert_eq!(s.account, "acct_1Pgc7HKmsySxIypT");
    assert_eq!(
        s.client_secret,
        "accs_secret__QXhWgWIhGJ2Zl68tEmbZ29Gtc86adyWl6eEz2h6K7HtpnoB"
    );
    assert!(!s.livemode);
    let c = &s.components;
    assert!(!c.account_management.enabled);
    assert!(c.account_management.features.external_account_collection);
    assert!(c.balances.features.instant_payouts);
    assert!(!c.balances.features.edit_payout_schedule);
    assert!(c.financial_account.enabled && c.financial_account.features.send_money);
    assert!(
        c.issuing_cards_list
            .features
            .disable_stripe_user_authentication
    );
    assert!(
        !c.payments
            .features
            .destination_on_behalf_of_charge_management
    );
    // Cross-check every flag against the payload read as a Value.
    let v: Value = streamde::from_slice(&data).unwrap();
    assert_eq!(s.expires_at, v["expires_at"].as_i64().unwrap());
    let written: Value = streamde::from_str(&streamde::to_string(&s)).unwrap();
    for (name, flags) in COMPONENTS {
        assert_eq!(
            written["components"][*name]["enabled"], v["components"][*name]["enabled"],
            "{name}"
        );
        for f in *flags {
            assert_eq!(
                written["components"][*name]["features"][*f],
                v["components"][*name]["features"][*f],
                "{name}.{f}"
            );
        }
    }
}

#[test]
fn verification_session_fields_by_hand() {
    let data =
        std::fs::read(data_dir().join("fixtures/identity_verification_session.json")).unwrap();
    let s: VerificationSession = streamde::from_slice(&data).unwrap();
    assert_eq!(s.id, "vs_1Pgc76B7WZ01zgkWBdQi8PTU");
    assert_eq!(s.created, 1234567890);
    assert_eq!(s.object, "identity.verification_session");
    assert_eq!(s.status, "verified");
    assert_eq!(s.type_.as_deref(), Some("document"));
    assert_eq!((s.client_secret.clone(), s.url.clone()), (None, None));
    assert_eq!(
        s.last_verification_report.as_ref().and_then(Value::as_str),
        Some("vr_QXhW13B2hsHOm43JtUgs0f0w")
    );
    assert!(s.last_error.as_ref().unwrap()["code"].is_null());
    assert_eq!(
        s.options.as_ref().unwrap()["document"]["require_matching_selfie"],
        Value::Bool(true)
    );
    assert_eq!(
        s.redaction.as_ref().unwrap()["status"].as_str(),
        Some("processing")
    );
    assert_eq!(s.metadata.as_object().map(|o| o.len()), Some(0));
    assert_eq!(s.verified_outputs, None, "absent Option field is None");
    let d = IdentityVerificationSession::default();
    assert_eq!(
        (d.id.as_str(), d.created, d.metadata.clone()),
        ("", 0, Value::Null)
    );
}

#[test]
fn debug_and_display_redact_secrets() {
    let data = std::fs::read(data_dir().join("fixtures/account_session.json")).unwrap();
    let s: AccountSession = streamde::from_slice(&data).unwrap();
    let dbg = format!("{s:?} {s:#?} {s}");
    assert!(
        !dbg.contains(&s.client_secret),
        "client_secret leaked: {dbg}"
    );
    // A list of them: each item through its own Display.
    let list = streamde::stripe::List {
        object: "list".into(),
        data: vec![s.clone(), s.clone()],
        has_more: true,
        url: Some("/v1/account_sessions".into()),
    };
    let shown = list.to_string();
    assert!(!shown.contains(&s.client_secret), "{shown}");
    let back: streamde::stripe::List<Value> = streamde::from_str(&shown).unwrap();
    assert_eq!(back.data.len(), 2);
    assert_eq!(back.data[1]["client_secret"].as_str(), Some("[redacted]"));
    assert_eq!(back.url.as_deref(), Some("/v1/account_sessions"));
    assert!(streamde::to_string(&list).contains(&s.client_secret));
    // Display stays JSON for any item type.
    let strings = streamde::stripe::List {
        object: "list".into(),
        data: vec!["a\"b".to_string()],
        has_more: false,
        url: None,
    };
    let back: streamde::stripe::List<String> = streamde::from_str(&strings.to_string()).unwrap();
    assert_eq!(back, strings);
    assert!(dbg.contains("[redacted]") && dbg.contains("acct_1Pgc7HKmsySxIypT"));

    let vs = r#"{"id": "vs_1", "object": "identity.verification_session", "created": 1, "livemode": true,
        "metadata": {"k": "v"}, "status": "requires_input", "client_secret": "vs_1_secret_abc",
        "url": "https://verify.stripe.com/start/test_xyz", "type": "document"}"#;
    let s: IdentityVerificationSession = streamde::from_str(vs).unwrap();
    let dbg = format!("{s:?} {s}");
    assert!(
        !dbg.contains("vs_1_secret_abc") && !dbg.contains("test_xyz"),
        "{dbg}"
    );
    assert!(
        dbg.contains("client_secret: Some(\"[redacted]\")")
            && dbg.contains("url: Some(\"[redacted]\")")
    );
    assert_eq!(s.metadata["k"].as_str(), Some("v"));
    // Display is JSON with the secrets replaced; the wire form (to_string)
    // keeps them and decodes back.
    let shown: IdentityVerificationSession = streamde::from_str(&s.to_string()).unwrap();
    assert_eq!(shown.client_secret.as_deref(), Some("[redacted]"));
    assert_eq!(shown.url.as_deref(), Some("[redacted]"));
    assert_eq!(shown.id, s.id);
    let back: IdentityVerificationSession = streamde::from_str(&streamde::to_string(&s)).unwrap();
    assert_eq!(back, s);
}

#[test]
fn forward_compatible() {
    let data = std::fs::read(
        data_dir().join("fixtures/variants/account_session.fixtures3_private_preview.json"),
    )
    .unwrap();
    let v: Value = streamde::from_slice(&data).unwrap();
    assert!(
        v["components"].get("payment_method_settings").is_some(),
        "the preview carries an unknown component"
    );
    let s: AccountSession = streamde::from_slice(&data).unwrap();
    assert!(s.components.payments.features.capture_payments);
    let extra = r#"{"object":"account_session","account":"a","client_secret":"s","expires_at":1,"livemode":false,
        "new_top_level": {"x": [1, 2, {"y": null}]},
        "components":{"brand_new":{"enabled":true,"features":{"z":"w"}},
        "account_management":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"external_account_collection":false,"future_flag":true}},
        "account_onboarding":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"external_account_collection":false}},
        "notification_banner":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"external_account_collection":false}},
        "balance_report":{"enabled":true,"features":{}},"documents":{"enabled":true,"features":{}},"payout_details":{"enabled":true,"features":{}},
        "payout_reconciliation_report":{"enabled":true,"features":{}},"payouts_list":{"enabled":true,"features":{}},
        "tax_registrations":{"enabled":true,"features":{}},"tax_settings":{"enabled":true,"features":{"new":1}},
        "balances":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"edit_payout_schedule":true,"external_account_collection":true,"instant_payouts":true,"standard_payouts":true}},
        "payouts":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"edit_payout_schedule":true,"external_account_collection":true,"instant_payouts":true,"standard_payouts":true}},
        "disputes_list":{"enabled":true,"features":{"capture_payments":true,"destination_on_behalf_of_charge_management":true,"dispute_management":true,"refund_management":true}},
        "payment_details":{"enabled":true,"features":{"capture_payments":true,"destination_on_behalf_of_charge_management":true,"dispute_management":true,"refund_management":true}},
        "payments":{"enabled":true,"features":{"capture_payments":true,"destination_on_behalf_of_charge_management":true,"dispute_management":true,"refund_management":true,"smart_disputes_management":false}},
        "payment_disputes":{"enabled":true,"features":{"destination_on_behalf_of_charge_management":true,"dispute_management":true,"refund_management":true}},
        "financial_account":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"external_account_collection":true,"send_money":true,"transfer_balance":true}},
        "financial_account_transactions":{"enabled":true,"features":{"card_spend_dispute_management":true}},
        "instant_payouts_promotion":{"enabled":true,"features":{"disable_stripe_user_authentication":true,"external_account_collection":true,"instant_payouts":true}},
        "issuing_card":{"enabled":true,"features":{"card_management":true,"card_spend_dispute_management":true,"cardholder_management":true,"spend_control_management":true}},
        "issuing_cards_list":{"enabled":true,"features":{"card_management":true,"card_spend_dispute_management":true,"cardholder_management":true,"disable_stripe_user_authentication":true,"spend_control_management":true}}}}"#;
    let s: AccountSession = streamde::from_str(extra).unwrap();
    assert!(s.components.account_management.enabled);
    check_splits::<AccountSession>("extra", extra.as_bytes());
}

#[test]
fn errors_name_the_path() {
    let text = std::fs::read_to_string(
        data_dir().join("fixtures/variants/account_session.fixtures3.json"),
    )
    .unwrap();
    // Missing required flag.
    let doc = text.replacen("\"send_money\":true,", "", 1);
    let e = streamde::from_str::<AccountSession>(&doc).unwrap_err();
    assert_eq!(
        (e.category(), e.path()),
        (
            Category::MissingField,
            "components.financial_account.features"
        )
    );
    assert!(
        e.to_string().starts_with(
            "missing field `send_money` at components.financial_account.features (line 1, column "
        ),
        "{e}"
    );
    // Null required field.
    let doc = text.replacen("\"livemode\":false", "\"livemode\":null", 1);
    let e = streamde::from_str::<AccountSession>(&doc).unwrap_err();
    assert_eq!(
        (e.category(), e.path()),
        (Category::InvalidType, "livemode"),
        "{e}"
    );
    // Missing component.
    let doc = text.replacen(
        "\"payouts_list\":{\"enabled\":false,\"features\":{}},",
        "",
        1,
    );
    assert_ne!(doc, text);
    let e = streamde::from_str::<AccountSession>(&doc).unwrap_err();
    assert_eq!(e.message(), "missing field `payouts_list`", "{e}");
    assert_eq!(e.path(), "components");
    // Wrong type deep inside.
    let doc = text.replacen(
        "\"instant_payouts\":true",
        "\"instant_payouts\":\"true\"",
        1,
    );
    let e = streamde::from_str::<AccountSession>(&doc).unwrap_err();
    assert_eq!(
        (e.category(), e.path()),
        (
            Category::InvalidType,
            "components.balances.features.instant_payouts"
        ),
        "{e}"
    );
    // An account session decoded as a verification session, and back.
    let e = streamde::from_str::<IdentityVerificationSession>(&text).unwrap_err();
    assert_eq!(e.category(), Category::InvalidValue);
    assert!(
        e.to_string()
            .contains("expected object `identity.verification_session`, found `account_session`"),
        "{e}"
    );
    assert_eq!(e.path(), "object");
    let vs = std::fs::read_to_string(
        data_dir().join("fixtures/variants/identity_verification_session.sdk_fixtures.json"),
    )
    .unwrap();
    // With `object` first (as the live API orders it), the tag decides.
    let tag_first = format!(
        "{{\"object\":\"identity.verification_session\",{}",
        &vs[1..]
    );
    let e = streamde::from_str::<AccountSession>(&tag_first).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected object `account_session`, found `identity.verification_session`"),
        "{e}"
    );
    // With keys sorted, an earlier field that does not fit fails first (the
    // tag is checked when it arrives; nothing is buffered to look ahead).
    let e = streamde::from_str::<AccountSession>(&vs).unwrap_err();
    assert_eq!(
        (e.category(), e.path()),
        (Category::InvalidType, "client_secret"),
        "{e}"
    );
    // Wrong type for a Value-typed required field is fine (any JSON), but missing is not.
    let doc = vs.replacen("\"metadata\":{},", "", 1);
    let e = streamde::from_str::<IdentityVerificationSession>(&doc).unwrap_err();
    assert_eq!(e.message(), "missing field `metadata`");
    for doc in [doc.as_str(), text.as_str()] {
        check_splits::<IdentityVerificationSession>("errors", doc.as_bytes());
    }
}

#[test]
fn generated_corpus_decodes() {
    // The benchmark corpus (single objects and list envelopes, minified and
    // pretty, with escapes, non-ASCII text and unknown fields) decodes into
    // the models, and into Value with the same content.
    for (name, data) in corpus::generate(7, 40) {
        let v: Value = streamde::from_slice(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.starts_with("account_session_list") {
            let l: streamde::stripe::List<AccountSession> = streamde::from_slice(&data).unwrap();
            assert_eq!(l.data.len(), 40);
            assert_eq!(l.data[3].account, v["data"][3]["account"].as_str().unwrap());
        } else if name.starts_with("identity_verification_session_list") {
            let l: streamde::stripe::List<IdentityVerificationSession> =
                streamde::from_slice(&data).unwrap();
            assert_eq!(l.data.len(), 40);
            assert_eq!(l.data[5].metadata, v["data"][5]["metadata"]);
            assert_eq!(
                l.data[5].verified_outputs.clone().unwrap_or(Value::Null),
                v["data"][5]["verified_outputs"]
            );
        } else if name.starts_with("account_session") {
            let s: AccountSession = streamde::from_slice(&data).unwrap();
            check_splits::<AccountSession>(&name, &data);
            assert_eq!(s.expires_at, v["expires_at"].as_i64().unwrap());
        } else {
            let s: IdentityVerificationSession = streamde::from_slice(&data).unwrap();
            check_splits::<IdentityVerificationSession>(&name, &data);
            assert_eq!(Some(s.status.as_str()), v["status"].as_str());
        }
    }
}

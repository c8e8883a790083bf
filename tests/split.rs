//! Split invariance: every test document gives identical results decoded
//! whole, one byte at a time, and split in two at every byte index, whether
//! it decodes or fails (same category, offset, line, column, path).

mod common;

use std::collections::BTreeMap;

use common::*;
use streamde::stripe::{AccountSession, IdentityVerificationSession};
use streamde::Value;

/// Documents that exercise every mid-token state: escapes (surrogate pairs
/// included), multi-byte UTF-8, numbers of every shape, literals, whitespace.
const DOCS: &[&str] = &[
    r#"{"a":"plain","b":"esc\"aped\\\/\b\f\n\r\t","c":"\u00e9\u4e2d\ud83d\ude80","d":"é中🚀"}"#,
    "[0, -0, 1, -1, 12345678901234567890, -9223372036854775808, 1.5, -2.25e-3, 6E+2, 1e400000000000000000000000]",
    "[18446744073709551616, -9223372036854775809, 0.1, 1e-400, 3.141592653589793238462643383279]",
    " \n\t\r[true, false, null, {}, [], [[]], {\"\":{}} ]\r\n ",
    "123",
    "-0.5e1",
    "\"top-level string with \\u0041 escape\"",
    "{\"k\u{e9}y\":\"v\u{1F600}\",\"n\":null}",
];

/// Invalid documents: the error must not depend on where chunks are cut.
const BAD: &[&str] = &[
    "[1,2,]",
    "{\"a\":1,}",
    "[01]",
    "[1.]",
    "[1e]",
    "[-]",
    "\"\\x\"",
    "\"\\u12G4\"",
    "\"\\ud800\"",
    "\"\\ud800\\u0041\"",
    "\"\\udc00\"",
    "[\"a\u{1}b\"]",
    "[tru]",
    "[nulx]",
    "{\"a\" 1}",
    "{1:2}",
    "[1 2]",
    "[1] x",
    "",
    "   ",
    "[",
    "{\"a\":",
    "\"abc",
    "[1,\n2,\n3x]",
];

#[test]
fn documents_split_everywhere() {
    let mut cases = 0;
    for doc in DOCS {
        cases += check_splits::<Value>(doc, doc.as_bytes());
    }
    for doc in BAD {
        assert!(
            streamde::from_str::<Value>(doc).is_err(),
            "{doc:?} accepted"
        );
        cases += check_splits::<Value>(doc, doc.as_bytes());
    }
    // Invalid UTF-8 in every position of a multi-byte character.
    for bad in [
        &b"[\"a\xC3\"]"[..],
        b"[\"\xE2\x82\"]",
        b"[\"\xF0\x9F\x98\"]",
        b"[\"\xC0\xAF\"]",
        b"[\"\xED\xA0\x80\"]",
        b"[\"\xF0\x9F\x98\x80\x80\"]",
        b"[\"\xFF\"]",
    ] {
        assert!(streamde::from_slice::<Value>(bad).is_err());
        cases += check_splits::<Value>("bad utf8", bad);
    }
    // A character cut by a chunk boundary whose next byte is not a
    // continuation byte (found by the split fuzz target).
    for bad in [
        &b"\"\xEE\xFD"[..],
        b"[\"\xF0\x9F\x41\"]",
        b"[\"\xE2\x28\xA1\"]",
        b"[\"\xC3\"]",
    ] {
        let e = streamde::from_slice::<Value>(bad).unwrap_err();
        assert_eq!(e.category(), streamde::Category::Syntax, "{bad:?}: {e}");
        cases += check_splits::<Value>("cut utf8", bad);
    }
    eprintln!("split cases (documents): {cases}");
}

#[test]
fn fixtures_split_everywhere() {
    let mut cases = 0;
    for (name, data) in fixtures_of("account_session") {
        assert!(
            streamde::from_slice::<AccountSession>(&data).is_ok(),
            "{name}"
        );
        cases += check_splits::<AccountSession>(&name, &data);
        cases += check_splits::<Value>(&name, &data);
    }
    for (name, data) in fixtures_of("identity_verification_session") {
        assert!(
            streamde::from_slice::<IdentityVerificationSession>(&data).is_ok(),
            "{name}"
        );
        cases += check_splits::<IdentityVerificationSession>(&name, &data);
        cases += check_splits::<Value>(&name, &data);
    }
    eprintln!("split cases (fixtures): {cases}");
}

#[test]
fn typed_errors_split_everywhere() {
    // Type errors deep inside a model, and a missing field, at every split.
    let (_, acct) = fixtures_of("account_session").remove(0);
    let text = String::from_utf8(acct).unwrap();
    let wrong_type = text.replacen("\"enabled\": true", "\"enabled\": \"yes\"", 1);
    assert_ne!(wrong_type, text);
    let err = streamde::from_str::<AccountSession>(&wrong_type).unwrap_err();
    assert_eq!(err.category(), streamde::Category::InvalidType);
    check_splits::<AccountSession>("wrong type", wrong_type.as_bytes());

    let missing = text.replacen("\"send_money\": true,", "", 1);
    assert_ne!(missing, text);
    let err = streamde::from_str::<AccountSession>(&missing).unwrap_err();
    assert_eq!(err.category(), streamde::Category::MissingField);
    assert_eq!(err.path(), "components.financial_account.features");
    check_splits::<AccountSession>("missing", missing.as_bytes());

    check_splits::<Vec<BTreeMap<String, u8>>>("range", br#"[{"a": 1}, {"b": 255, "c": 256}]"#);
}

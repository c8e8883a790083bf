//! The typed models of the standard corpus (`benches/models`, the shapes of
//! serde-rs/json-benchmark) decode canada, citm_catalog and twitter to the
//! same values as serde_json with serde derive, on the fast path, on the
//! resumable machine alone and in chunks.

mod common;

#[path = "../benches/models/mod.rs"]
mod models;

use common::{decode_chunked, machine_chunked};
use models::{canada, citm, twitter};

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/benches/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

/// streamde's value written by streamde equals serde's value written by
/// serde_json, text for text (same key order, same shortest floats); every
/// way of feeding streamde gives that text too.
fn check<S, J>(name: &str)
where
    S: streamde::Deserialize + streamde::Serialize,
    J: serde::de::DeserializeOwned + serde::Serialize,
{
    let data = read(name);
    let theirs = serde_json::to_string(&serde_json::from_slice::<J>(&data).unwrap()).unwrap();
    let ours = streamde::to_string(&streamde::from_slice::<S>(&data).unwrap());
    assert!(ours == theirs, "{name}: streamde and serde_json disagree");
    for size in [1, 61, 4096] {
        let chunked = streamde::to_string(&decode_chunked::<S>(&data, size).unwrap());
        assert!(chunked == ours, "{name}: chunks of {size} disagree");
    }
    let machine = streamde::to_string(&machine_chunked::<S>(&data, data.len()).unwrap());
    assert!(machine == ours, "{name}: the machine alone disagrees");
}

#[test]
fn canada_matches_serde_json() {
    check::<canada::sd::FeatureCollection, canada::sj::FeatureCollection>("canada");
}

#[test]
fn citm_catalog_matches_serde_json() {
    check::<citm::sd::CitmCatalog, citm::sj::CitmCatalog>("citm_catalog");
}

#[test]
fn twitter_matches_serde_json() {
    check::<twitter::sd::Twitter, twitter::sj::Twitter>("twitter");
}

/// The models are strict where the shapes are: a wrong enum string or an
/// out-of-range integer deep inside is an error naming its path, as serde's
/// is an error.
#[test]
fn errors_name_the_path() {
    let data = String::from_utf8(read("twitter")).unwrap();
    let bad = data.replacen("\"resize\": \"fit\"", "\"resize\": \"stretch\"", 1);
    assert_ne!(bad, data);
    let e = streamde::from_slice::<twitter::sd::Twitter>(bad.as_bytes()).unwrap_err();
    assert_eq!(
        e.path(),
        "statuses[1].retweeted_status.entities.media[0].sizes.medium.resize"
    );
    assert!(e.to_string().contains("stretch"), "{e}");
    assert!(serde_json::from_str::<twitter::sj::Twitter>(&bad).is_err());
    let chunked = decode_chunked::<twitter::sd::Twitter>(bad.as_bytes(), 61).unwrap_err();
    assert_eq!(chunked.path(), e.path());
    assert_eq!(chunked.position(), e.position());

    let data = String::from_utf8(read("citm_catalog")).unwrap();
    let bad = data.replacen("\"amount\": 66500", "\"amount\": -66500", 1);
    assert_ne!(bad, data);
    let e = streamde::from_slice::<citm::sd::CitmCatalog>(bad.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "performances[0].prices[1].amount");
}

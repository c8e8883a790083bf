//! Decode throughput: streamde (whole buffer; 4096-, 64- and 1-byte chunks)
//! against serde_json, sonic-rs, simd-json and miniserde, all into the same
//! typed models. One criterion group per input, every contender in it, so
//! ratios come from one run.
//!
//! Then the standard corpus (canada, citm_catalog, twitter from
//! serde-rs/json-benchmark, in `benches/data/`): into the typed models of
//! `benches/models` (streamde's `object!` against serde derive, the shapes
//! json-benchmark declares), and into each library's dynamic value.
//!
//! `cargo bench -p streamde-bench --bench decode` (about 9 minutes here);
//! `STREAMDE_BENCH_QUICK=1 cargo bench -p streamde-bench --bench decode`
//! for a quick pass (about a minute); a filter narrows it:
//! `cargo bench -p streamde-bench --bench decode -- account_session_list.min`.

mod corpus;
mod models;
mod peers;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use streamde::stripe::{AccountSession, IdentityVerificationSession, List};
use streamde::{Decoder, Deserialize};

const FIXTURES: &[(&str, &str)] = &[
    (
        "fixture.account_session",
        include_str!("../tests/data/fixtures/account_session.json"),
    ),
    (
        "fixture.identity_verification_session",
        include_str!("../tests/data/fixtures/identity_verification_session.json"),
    ),
];

fn chunked<T: Deserialize>(data: &[u8], size: usize) -> T {
    let mut d = Decoder::<T>::new();
    for c in data.chunks(size) {
        d.feed(c).unwrap();
    }
    d.finish().unwrap()
}

/// Register every contender for one input. `$s` is the streamde type,
/// `$peer` the type path inside each peer module.
macro_rules! contenders {
    ($g:expr, $data:expr, $s:ty, $($peer:tt)*) => {{
        let data: &[u8] = $data;
        // Every contender must decode the input, or its number means nothing.
        streamde::from_slice::<$s>(data).unwrap();
        serde_json::from_slice::<peers::sj::$($peer)*>(data).unwrap();
        sonic_rs::from_slice::<peers::sonic::$($peer)*>(data).unwrap();
        simd_json::serde::from_slice::<peers::simd::$($peer)*>(&mut data.to_vec()).unwrap();
        miniserde::json::from_str::<peers::mini::$($peer)*>(std::str::from_utf8(data).unwrap()).unwrap();

        $g.bench_function("streamde", |b| b.iter(|| streamde::from_slice::<$s>(black_box(data)).unwrap()));
        for size in [4096usize, 64, 1] {
            $g.bench_function(BenchmarkId::new("streamde_chunks", size), |b| {
                b.iter(|| chunked::<$s>(black_box(data), size))
            });
        }
        $g.bench_function("serde_json", |b| {
            b.iter(|| serde_json::from_slice::<peers::sj::$($peer)*>(black_box(data)).unwrap())
        });
        $g.bench_function("sonic_rs", |b| {
            b.iter(|| sonic_rs::from_slice::<peers::sonic::$($peer)*>(black_box(data)).unwrap())
        });
        // simd-json parses in place: each iteration gets a fresh copy, made
        // outside the timed part.
        $g.bench_function("simd_json", |b| {
            b.iter_batched_ref(
                || data.to_vec(),
                |buf| simd_json::serde::from_slice::<peers::simd::$($peer)*>(black_box(buf)).unwrap(),
                BatchSize::SmallInput,
            )
        });
        $g.bench_function("miniserde", |b| {
            b.iter(|| {
                let s = std::str::from_utf8(black_box(data)).unwrap();
                miniserde::json::from_str::<peers::mini::$($peer)*>(s).unwrap()
            })
        });
    }};
}

fn corpus_file(name: &str) -> Vec<u8> {
    let path = format!("{}/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap()
}

/// One standard file into its typed model: streamde (`S`, declared with
/// `object!`) whole and in 4096-byte chunks, serde_json, sonic-rs and
/// simd-json (`J`, serde derive).
fn typed<S, J>(c: &mut Criterion, name: &str)
where
    S: Deserialize,
    J: serde::de::DeserializeOwned,
{
    let data = corpus_file(name);
    let data = data.as_slice();
    streamde::from_slice::<S>(data).unwrap();
    serde_json::from_slice::<J>(data).unwrap();
    sonic_rs::from_slice::<J>(data).unwrap();
    simd_json::serde::from_slice::<J>(&mut data.to_vec()).unwrap();
    let mut g = c.benchmark_group(format!("typed.{name}"));
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.bench_function("streamde", |b| {
        b.iter(|| streamde::from_slice::<S>(black_box(data)).unwrap())
    });
    g.bench_function(BenchmarkId::new("streamde_chunks", 4096), |b| {
        b.iter(|| chunked::<S>(black_box(data), 4096))
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_slice::<J>(black_box(data)).unwrap())
    });
    g.bench_function("sonic_rs", |b| {
        b.iter(|| sonic_rs::from_slice::<J>(black_box(data)).unwrap())
    });
    g.bench_function("simd_json", |b| {
        b.iter_batched_ref(
            || data.to_vec(),
            |buf| simd_json::serde::from_slice::<J>(black_box(buf)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn main() {
    let quick = std::env::var_os("STREAMDE_BENCH_QUICK").is_some();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(if quick { 200 } else { 700 }))
        .measurement_time(Duration::from_millis(if quick { 400 } else { 1500 }))
        .sample_size(if quick { 10 } else { 20 })
        .configure_from_args();

    let mut inputs: Vec<(String, Vec<u8>)> = FIXTURES
        .iter()
        .map(|(n, d)| (n.to_string(), d.as_bytes().to_vec()))
        .collect();
    inputs.extend(corpus::generate(1, 1000));

    for (name, data) in &inputs {
        let mut g = c.benchmark_group(name.as_str());
        // Set before any contender is registered.
        g.throughput(Throughput::Bytes(data.len() as u64));
        if data.len() > 100_000 {
            g.sample_size(10);
        }
        let base = name.rsplit_once('.').map_or(name.as_str(), |(_, b)| b);
        let kind = if name.starts_with("fixture.") {
            base
        } else {
            name.split('.').next().unwrap()
        };
        match kind {
            "account_session" => contenders!(g, data, AccountSession, AccountSession),
            "identity_verification_session" => {
                contenders!(
                    g,
                    data,
                    IdentityVerificationSession,
                    IdentityVerificationSession
                )
            }
            "account_session_list" => {
                contenders!(g, data, List<AccountSession>, AccountSessionList)
            }
            "identity_verification_session_list" => {
                contenders!(
                    g,
                    data,
                    List<IdentityVerificationSession>,
                    VerificationSessionList
                )
            }
            _ => unreachable!("{kind}"),
        }
        g.finish();
    }
    // The standard corpus (serde-rs/json-benchmark) into typed models.
    typed::<models::canada::sd::FeatureCollection, models::canada::sj::FeatureCollection>(
        &mut c, "canada",
    );
    typed::<models::citm::sd::CitmCatalog, models::citm::sj::CitmCatalog>(&mut c, "citm_catalog");
    typed::<models::twitter::sd::Twitter, models::twitter::sj::Twitter>(&mut c, "twitter");
    // The standard corpus into each library's dynamic value.
    for name in ["canada", "citm_catalog", "twitter"] {
        let data = corpus_file(name);
        let data = data.as_slice();
        streamde::from_slice::<streamde::Value>(data).unwrap();
        let mut g = c.benchmark_group(format!("value.{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.sample_size(10);
        g.bench_function("streamde", |b| {
            b.iter(|| streamde::from_slice::<streamde::Value>(black_box(data)).unwrap())
        });
        g.bench_function("serde_json", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(data)).unwrap())
        });
        g.bench_function("sonic_rs", |b| {
            b.iter(|| sonic_rs::from_slice::<sonic_rs::Value>(black_box(data)).unwrap())
        });
        g.bench_function("simd_json", |b| {
            b.iter_batched_ref(
                || data.to_vec(),
                |buf| simd_json::to_owned_value(black_box(buf)).unwrap(),
                BatchSize::SmallInput,
            )
        });
        g.finish();
    }
    c.final_summary();
}

//! Allocation accounting with a counting global allocator (counts are per
//! thread, so tests running in parallel do not disturb each other).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::*;
use streamde::stripe::{IdentityVerificationSession, List};

struct Counting;

thread_local! {
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn note(delta: i64, fresh: bool) {
    // `try_with`: the allocator may run while thread-locals are torn down.
    let _ = ALLOCS.try_with(|a| a.set(a.get() + fresh as u64));
    let _ = LIVE.try_with(|l| {
        let v = l.get() + delta;
        l.set(v);
        let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
    });
}

// SAFETY: every method forwards to the system allocator unchanged; the
// bookkeeping touches only const-initialised thread-local cells.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as i64, true);
        // SAFETY: same layout as the caller's, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as i64), false);
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        note(new as i64 - layout.size() as i64, false);
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (fresh allocations, peak live bytes above the starting point) of `f`.
fn measure<R>(f: impl FnOnce() -> R) -> (u64, i64, R) {
    let a0 = ALLOCS.with(Cell::get);
    let l0 = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(l0));
    let r = f();
    (ALLOCS.with(Cell::get) - a0, PEAK.with(Cell::get) - l0, r)
}

#[test]
fn item_by_item_memory_is_bounded_by_one_item() {
    let item = verification_session_text();
    let small = list_doc(&item, 200, &["object", "data", "has_more", "url"]);
    let big = list_doc(&item, 4000, &["object", "data", "has_more", "url"]);

    let stream = |doc: &str| {
        let mut d = List::<IdentityVerificationSession>::items();
        let mut n = 0u64;
        for c in doc.as_bytes().chunks(4096) {
            d.feed(c).unwrap();
            for s in d.drain() {
                assert!(s.id.starts_with("item_"));
                n += 1;
            }
        }
        d.finish().unwrap();
        n
    };
    let (allocs_small, peak_small, n_small) = measure(|| stream(&small));
    let (allocs_big, peak_big, n_big) = measure(|| stream(&big));
    assert_eq!((n_small, n_big), (200, 4000));
    // Peak memory does not grow with the number of items.
    assert!(
        peak_big <= peak_small + 1024,
        "peak grew: {peak_small} B for 200 items, {peak_big} B for 4000"
    );
    assert!(peak_big < 64 * 1024, "peak {peak_big} B");
    // Allocations per item are the item's own (its Strings and Values).
    let one = measure(|| {
        streamde::from_str::<IdentityVerificationSession>(&format!(
            "{{\"id\":\"item_1\",{}",
            &item[1..]
        ))
        .unwrap()
    })
    .0;
    let per_item = (allocs_big - allocs_small) as f64 / 3800.0;
    eprintln!("item-by-item: peak {peak_big} B for 4000 items; {per_item:.2} allocations per item (one item alone: {one})");
    assert!(
        per_item <= one as f64,
        "{per_item} allocations per item, one item alone takes {one}"
    );

    // Decoding the whole list holds every item: the contrast that shows the
    // bound above is real.
    let (_, whole_peak, l) =
        measure(|| streamde::from_str::<List<IdentityVerificationSession>>(&big).unwrap());
    assert_eq!(l.data.len(), 4000);
    assert!(
        whole_peak > 20 * peak_big,
        "whole list peak {whole_peak} B vs streaming {peak_big} B"
    );
}

/// Decoding allocates exactly the heap blocks its output owns: cloning the
/// result (which allocates one block per non-empty String, Vec and map) takes
/// as many fresh allocations as decoding it did. The decoder's own buffers
/// are reused per thread, so one warm-up decode comes first.
fn allocations_match_output<T: streamde::Deserialize + Clone>(name: &str, data: &[u8]) {
    let _warm = streamde::from_slice::<T>(data).unwrap();
    let (decode, _, v) = measure(|| streamde::from_slice::<T>(data).unwrap());
    let (clone, _, _copy) = measure(|| v.clone());
    eprintln!("{name}: {decode} allocations decoding, {clone} cloning the output");
    assert_eq!(
        decode, clone,
        "{name}: decoding allocated more than the output owns"
    );
}

#[test]
fn decode_allocates_only_what_the_output_owns() {
    use streamde::stripe::AccountSession;
    for (name, data) in fixtures_of("account_session") {
        allocations_match_output::<AccountSession>(&name, &data);
        allocations_match_output::<streamde::Value>(&name, &data);
    }
    for (name, data) in fixtures_of("identity_verification_session") {
        allocations_match_output::<IdentityVerificationSession>(&name, &data);
        allocations_match_output::<streamde::Value>(&name, &data);
    }
    let item = verification_session_text();
    let list = list_doc(&item, 50, &["object", "data", "has_more", "url"]);
    // A growing Vec reallocates; only fresh allocations are counted, and the
    // list's Vec is one of them.
    allocations_match_output::<List<IdentityVerificationSession>>("list of 50", list.as_bytes());
    // Escaped keys and strings go through the (reused) scratch buffer.
    allocations_match_output::<streamde::Value>(
        "escapes",
        br#"{"k\u00e9y": "v\nw", "a": ["\u2603", {"b\"": null}]}"#,
    );
}

/// Like [`allocations_match_output`], fed in chunks of `size` bytes.
fn chunked_allocations_match_output<T: streamde::Deserialize + Clone>(
    name: &str,
    data: &[u8],
    size: usize,
) {
    // Fed without collecting the chunks (which would allocate here).
    let decode_in_chunks = || {
        let mut d = streamde::Decoder::<T>::new();
        for c in data.chunks(size) {
            d.feed(c).unwrap();
        }
        d.finish().unwrap()
    };
    let _warm = decode_in_chunks();
    let (decode, _, v) = measure(decode_in_chunks);
    let (clone, _, _copy) = measure(|| v.clone());
    eprintln!("{name}: {decode} allocations decoding in {size}-byte chunks, {clone} cloning");
    assert_eq!(
        decode, clone,
        "{name}: decoding allocated more than the output owns"
    );
}

/// The inputs that allocated more than their output owned: a `Value`
/// object past the comparison threshold (33 members), repeated keys,
/// arrays nested 10 deep, a `HashMap` of 100 entries, a 100 kB string in
/// 4096-byte chunks, a 5,000-byte key.
#[test]
fn allocations_match_output_on_hostile_shapes() {
    use std::collections::{BTreeMap, HashMap};
    use streamde::Value;

    let members: Vec<String> = (0..33).map(|i| format!("\"key{i}\": {i}")).collect();
    allocations_match_output::<Value>(
        "33 members",
        format!("{{{}}}", members.join(",")).as_bytes(),
    );
    let members: Vec<String> = (0..500).map(|i| format!("\"key{i}\": [{i}]")).collect();
    allocations_match_output::<Value>(
        "500 members",
        format!("{{{}}}", members.join(",")).as_bytes(),
    );

    let repeated: Vec<String> = (0..100).map(|i| format!("\"k{}\": {i}", i % 4)).collect();
    allocations_match_output::<Value>(
        "repeated keys",
        format!("{{{}}}", repeated.join(",")).as_bytes(),
    );
    let repeated: Vec<String> = (0..100).map(|i| format!("\"k{}\": {i}", i % 40)).collect();
    allocations_match_output::<Value>(
        "repeated keys past the index threshold",
        format!("{{{}}}", repeated.join(",")).as_bytes(),
    );

    let nested = format!("{}1{}", "[".repeat(10), "]".repeat(10));
    allocations_match_output::<Value>("arrays nested 10 deep", nested.as_bytes());
    // 90 levels: past the place's inline levels, within the depth `Clone`
    // handles by recursion (deeper, cloning itself needs a work stack).
    let nested = format!("{}1{}", "{\"a\":[".repeat(45), "]}".repeat(45));
    allocations_match_output::<Value>("90 levels", nested.as_bytes());

    let entries: Vec<String> = (0..100).map(|i| format!("\"key{i}\": {i}")).collect();
    let map = format!("{{{}}}", entries.join(","));
    allocations_match_output::<HashMap<String, u32>>("HashMap of 100 entries", map.as_bytes());
    allocations_match_output::<BTreeMap<String, u32>>("BTreeMap of 100 entries", map.as_bytes());
    allocations_match_output::<Vec<HashMap<String, u32>>>(
        "maps in an array",
        format!("[{map},{map},{{}}]").as_bytes(),
    );

    let long = format!("[\"{}\"]", "x".repeat(100_000));
    chunked_allocations_match_output::<Vec<String>>("100 kB string", long.as_bytes(), 4096);
    chunked_allocations_match_output::<Value>("100 kB string", long.as_bytes(), 4096);

    let key = format!("{{\"{}\": [true]}}", "k".repeat(5_000));
    allocations_match_output::<Value>("5,000-byte key", key.as_bytes());
    chunked_allocations_match_output::<Value>("5,000-byte key", key.as_bytes(), 1000);
    chunked_allocations_match_output::<HashMap<String, Vec<bool>>>(
        "5,000-byte key",
        key.as_bytes(),
        1000,
    );
}

/// Repeated keys in a `Value` are resolved as they arrive: memory follows
/// the result (one member), not the input (a million members).
#[test]
fn repeated_keys_do_not_grow_memory() {
    let pairs = 1_000_000;
    let mut doc = String::with_capacity(pairs * 8 + 2);
    doc.push('{');
    for i in 0..pairs {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str("\"a\":[1]");
    }
    doc.push('}');
    let (_, peak, v) = measure(|| streamde::from_str::<streamde::Value>(&doc).unwrap());
    assert_eq!(v.as_object().unwrap().len(), 1);
    eprintln!(
        "{pairs} repeated pairs ({} bytes): peak {peak} bytes",
        doc.len()
    );
    assert!(peak < 64 << 10, "peak {peak} bytes for a one-member object");
}

/// An unknown member's value is skipped, never unescaped into a buffer:
/// a long escaped string costs no memory, as a scalar or inside `[ ]`.
#[test]
fn skipped_strings_are_not_copied() {
    use streamde::stripe::IdentityVerificationSession;
    let text =
        std::fs::read_to_string(data_dir().join("fixtures/identity_verification_session.json"))
            .unwrap();
    let escaped = "\\n".repeat(1 << 20);
    for wrap in [("\"", "\""), ("[\"", "\"]")] {
        let doc = format!(
            "{{\"zz\": {}{escaped}{}, {}",
            wrap.0,
            wrap.1,
            &text.trim()[1..]
        );
        let _warm = streamde::from_str::<IdentityVerificationSession>(&doc).unwrap();
        let (_, peak, _) = measure(|| {
            let mut d = streamde::Decoder::<IdentityVerificationSession>::new();
            for c in doc.as_bytes().chunks(4096) {
                d.feed(c).unwrap();
            }
            d.finish().unwrap()
        });
        eprintln!("skipped escaped string {wrap:?}: peak {peak} bytes");
        assert!(peak < 64 << 10, "{wrap:?}: peak {peak} bytes");
    }
}

streamde::string_enum! {
    #[derive(Debug)]
    enum Status {
        Canceled = "canceled",
        RequiresInput = "requires_input",
        Verified = "verified",
    }
}

/// Known variants of a string enum cost no allocation; an unknown one owns
/// its string.
#[test]
fn known_enum_variants_do_not_allocate() {
    // Warm the thread's buffers.
    let _ = streamde::from_str::<Vec<Status>>(r#"["verified", "x"]"#);
    let doc = r#"["canceled", "requires_input", "verified", "requires_input"]"#;
    let (allocs, _, v) = measure(|| streamde::from_str::<Vec<Status>>(doc).unwrap());
    assert_eq!(v.len(), 4);
    assert_eq!(allocs, 1, "only the Vec's block");
    let doc = r#"["canceled", "paused"]"#;
    let (allocs, _, v) = measure(|| streamde::from_str::<Vec<Status>>(doc).unwrap());
    assert_eq!(v[1], Status::Unknown("paused".into()));
    assert_eq!(allocs, 2, "the Vec's block and the unknown string");
}

streamde::object! {
    #[derive(Debug)]
    pub struct NestNode => NestNodeBuilder, tag "t" = "n" {
        pub kids: Vec<Box<Nest>> = Vec::new(),
        pub pad: Vec<u32> = Vec::new(),
    }
}

streamde::tagged_union! {
    /// A union that contains itself.
    #[derive(Debug)]
    pub enum Nest, tag "t" {
        "n" => N(NestNode),
        _ => Other(streamde::Value),
    }
}

/// An event whose `data.object` (of type `object_type`) carries an unknown
/// member of about `bytes` (numbers), its tag first or last.
fn event_with_blob(object_type: &str, bytes: usize, tag_last: bool) -> String {
    let base =
        std::fs::read_to_string(data_dir().join("events/account_session.created.json")).unwrap();
    let mut v: streamde::Value = streamde::from_str(&base).unwrap();
    let obj = v["data"]["object"].as_object_mut().unwrap();
    obj.remove("object");
    let mut blob = String::from("[");
    let mut i = 0u32;
    while blob.len() < bytes {
        if i > 0 {
            blob.push(',');
        }
        blob.push_str(&(i % 1000).to_string());
        i += 1;
    }
    blob.push(']');
    let body = streamde::to_string(&v["data"]["object"]);
    let tag = format!(r#""object":"{object_type}""#);
    let inner = &body[1..body.len() - 1];
    let object = if tag_last {
        format!(r#"{{"blob":{blob},{inner},{tag}}}"#)
    } else {
        format!(r#"{{{tag},"blob":{blob},{inner}}}"#)
    };
    v["data"]["object"] = streamde::json!(null);
    streamde::to_string(&v).replace(r#""object":null"#, &format!(r#""object":{object}"#))
}

/// A `Nest` `levels` deep, each level's tag last, about `bytes` in all.
fn nest_doc(levels: usize, bytes: usize) -> String {
    let per = bytes / levels / 4;
    let pad: Vec<String> = (0..per).map(|i| (i % 1000).to_string()).collect();
    let pad = pad.join(",");
    let mut doc = String::from(r#"{"t":"n"}"#);
    for _ in 0..levels {
        doc = format!(r#"{{"pad":[{pad}],"kids":[{doc}],"t":"n"}}"#);
    }
    doc
}

/// What a tagged union holds stays near the bytes it holds, once, however
/// unions nest: peak heap during the decode, above the input, for the
/// shapes that held 29-50 times their input (a token tape of about 64
/// bytes a token, copied again by each nested union). Prints the table;
/// `STREAMDE_HELD_BYTES=8000000 cargo test --release --test alloc
/// unions_hold_about_their_bytes -- --nocapture` gives it at 8 MB.
#[test]
fn unions_hold_about_their_bytes() {
    use streamde::stripe::{Event, EventObject};
    let size: usize = std::env::var("STREAMDE_HELD_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let mb = |b: i64| b as f64 / 1e6;
    println!("| case | input | peak heap | peak / input |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, input: usize, peak: i64| {
        println!(
            "| {name} | {:.2} MB | {:.2} MB | {:.2} |",
            mb(input as i64),
            mb(peak),
            peak as f64 / input as f64
        );
        peak as f64 / input as f64
    };
    for tag_last in [false, true] {
        let doc = event_with_blob("account_session", size, tag_last);
        let (_, peak, e) = measure(|| streamde::from_str::<Event>(&doc).unwrap());
        assert!(matches!(e.data.object, EventObject::AccountSession(_)));
        let ratio = row(
            &format!(
                "Event, known type, unknown member, tag {}",
                if tag_last { "last" } else { "first" }
            ),
            doc.len(),
            peak,
        );
        // Held: at most about twice the bytes, with the buffer's growth.
        assert!(ratio < if tag_last { 4.0 } else { 0.1 }, "{ratio}");
        drop(e);
    }
    for tag_last in [false, true] {
        let doc = event_with_blob("widget", size, tag_last);
        let (_, peak, e) = measure(|| streamde::from_str::<Event>(&doc).unwrap());
        assert!(matches!(e.data.object, EventObject::Unknown(_)));
        row(
            &format!(
                "Event, unknown type (a Value), tag {}",
                if tag_last { "last" } else { "first" }
            ),
            doc.len(),
            peak,
        );
    }
    // About 400 KB, as the shape was measured at.
    let doc = nest_doc(60, 420_000);
    let (_, peak, n) = measure(|| streamde::from_str::<Nest>(&doc).unwrap());
    assert!(matches!(n, Nest::N(_)));
    let ratio = row(
        "a union in itself, 60 levels, each tag last",
        doc.len(),
        peak,
    );
    // Linear: the outermost union holds the rest once; the output itself
    // (the pads as u32) is about as large as the text.
    assert!(ratio < 6.0, "{ratio}");
}

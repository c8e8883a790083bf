//! Core behaviour: error tables, std impls, limits, zero-copy, readers.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::*;
use streamde::de::Visitor;
use streamde::{Category, Decoder, Limits, Value};

/// (input, category, offset, line, column, path)
const ERRORS: &[(&str, Category, u64, u64, u64, &str)] = &[
    ("", Category::Eof, 0, 1, 1, ""),
    ("  \n ", Category::Eof, 4, 2, 2, ""),
    ("[1,2,]", Category::Syntax, 5, 1, 6, "[2]"),
    ("{\"a\":1,}", Category::Syntax, 7, 1, 8, ""),
    ("[01]", Category::Syntax, 2, 1, 3, "[0]"),
    ("[1.]", Category::Syntax, 3, 1, 4, "[0]"),
    ("[-x]", Category::Syntax, 2, 1, 3, "[0]"),
    ("[1e+]", Category::Syntax, 4, 1, 5, "[0]"),
    ("{\"k\": \"a\\qb\"}", Category::Syntax, 8, 1, 9, "k"),
    ("{\"k\": \"\\u12x4\"}", Category::Syntax, 7, 1, 8, "k"),
    ("[\"\\ud83d\"]", Category::Syntax, 2, 1, 3, "[0]"),
    ("[\"\\ud83d\\u0020\"]", Category::Syntax, 2, 1, 3, "[0]"),
    ("[\"ok\", \"\\ude00\"]", Category::Syntax, 8, 1, 9, "[1]"),
    ("[\"tab\there\"]", Category::Syntax, 5, 1, 6, "[0]"),
    ("[\n  \"a\",\n  tru\n]", Category::Syntax, 14, 3, 6, "[1]"),
    ("[1] [2]", Category::Syntax, 4, 1, 5, ""),
    ("{\"a\" 1}", Category::Syntax, 5, 1, 6, "a"),
    ("{'a': 1}", Category::Syntax, 1, 1, 2, ""),
    ("[1, /* c */ 2]", Category::Syntax, 4, 1, 5, "[1]"),
    // Valid JSON, beyond f64: not a syntax error.
    ("[1e999]", Category::InvalidValue, 1, 1, 2, "[0]"),
    ("[\"abc", Category::Eof, 5, 1, 6, "[0]"),
    ("{\"a\": [1, 2", Category::Eof, 11, 1, 12, "a[1]"),
    ("{\"x\": {}, \"a\": tru}", Category::Syntax, 18, 1, 19, "a"),
    (
        "{\"x\": {}, \"b\": 1, \"a\": -}",
        Category::Syntax,
        24,
        1,
        25,
        "a",
    ),
];

#[test]
fn error_table() {
    for &(input, cat, off, line, col, path) in ERRORS {
        let e = streamde::from_str::<Value>(input).unwrap_err();
        assert_eq!(
            (e.category(), e.offset(), e.line(), e.column(), e.path()),
            (cat, off, line, col, path),
            "input {input:?}: {e}"
        );
        check_splits::<Value>(input, input.as_bytes());
    }
}

#[test]
fn invalid_utf8_offsets() {
    for (input, off) in [
        (&b"[\"ab\xFFc\"]"[..], 4),
        (b"[\"\xC3(\"]", 2),
        (b"[\"a\xE2\x82\"]", 3),
        (b"[\"\xED\xA0\x80\"]", 2),
        (b"[\"\xF4\x90\x80\x80\"]", 2),
        (b"{\"k\xC0\xAF\": 1}", 3),
    ] {
        let e = streamde::from_slice::<Value>(input).unwrap_err();
        assert_eq!(
            (e.category(), e.offset()),
            (Category::Syntax, off),
            "{input:?}: {e}"
        );
        check_splits::<Value>("utf8", input);
    }
}

#[test]
fn typed_error_table() {
    type M = BTreeMap<String, Vec<Option<u8>>>;
    let cases: &[(&str, Category, &str, &str)] = &[
        (
            "{\"a\": [1, 2, 300]}",
            Category::InvalidValue,
            "a[2]",
            "integer `300` out of range for u8",
        ),
        (
            "{\"a\": [1, -1]}",
            Category::InvalidValue,
            "a[1]",
            "integer `-1` out of range for u8",
        ),
        (
            "{\"a\": [1.5]}",
            Category::InvalidType,
            "a[0]",
            "found floating point `1.5`",
        ),
        (
            "{\"a\": [\"x\"]}",
            Category::InvalidType,
            "a[0]",
            "found string \"x\"",
        ),
        (
            "{\"a\": {}}",
            Category::InvalidType,
            "a",
            "expected an array, found object",
        ),
        (
            "{\"a\": [], \"a\": []}",
            Category::InvalidValue,
            "a",
            "duplicate key `a`",
        ),
        (
            "{\"b\": [[1]]}",
            Category::InvalidType,
            "b[0]",
            "found array",
        ),
        (
            "[]",
            Category::InvalidType,
            "",
            "expected an object, found array",
        ),
    ];
    for &(input, cat, path, msg) in cases {
        let e = streamde::from_str::<M>(input).unwrap_err();
        assert_eq!((e.category(), e.path()), (cat, path), "{input}: {e}");
        assert!(e.to_string().contains(msg), "{input}: {e}");
        check_splits::<M>(input, input.as_bytes());
    }
}

#[test]
fn display_format() {
    streamde::object! {
        #[derive(Debug)]
        struct C => CBuilder { enabled: bool }
    }
    streamde::object! {
        #[derive(Debug)]
        struct Top => TopBuilder { components: BTreeMap<String, C> }
    }
    let e = streamde::from_str::<Top>("{\"components\": {\"payouts\": {\"x\": 1}}}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `enabled` at components.payouts (line 1, column 35)"
    );
    let e =
        streamde::from_str::<Top>("{\"components\": {\"odd key\": {\"enabled\": 1}}}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: expected a boolean, found integer `1` at components[\"odd key\"].enabled (line 1, column 40)"
    );
    let e = streamde::from_str::<bool>("nul").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected end of input inside a literal at line 1, column 4"
    );
}

#[test]
fn integers_are_range_checked() {
    assert_eq!(streamde::from_str::<u8>("255").unwrap(), 255);
    assert!(streamde::from_str::<u8>("256").is_err());
    assert!(streamde::from_str::<u8>("-1").is_err());
    assert_eq!(streamde::from_str::<i8>("-128").unwrap(), -128);
    assert!(streamde::from_str::<i8>("-129").is_err());
    assert!(streamde::from_str::<i8>("128").is_err());
    assert_eq!(
        streamde::from_str::<u64>("18446744073709551615").unwrap(),
        u64::MAX
    );
    assert!(streamde::from_str::<u64>("18446744073709551616").is_err());
    assert_eq!(
        streamde::from_str::<i64>("-9223372036854775808").unwrap(),
        i64::MIN
    );
    assert!(streamde::from_str::<i64>("9223372036854775808").is_err());
    assert!(streamde::from_str::<i32>("1.0").is_err());
    assert!(streamde::from_str::<u32>("1e3").is_err());
    assert_eq!(streamde::from_str::<f64>("1").unwrap(), 1.0);
    assert_eq!(
        streamde::from_str::<f64>("-0").unwrap().to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(
        streamde::from_str::<f64>("2.2250738585072011e-308").unwrap(),
        2.225_073_858_507_201e-308
    );
    assert_eq!(
        streamde::from_str::<f64>("0.30000000000000004").unwrap(),
        0.1 + 0.2
    );
    assert!(streamde::from_str::<f32>("1e300").is_err());
    assert_eq!(streamde::from_str::<f32>("0.5").unwrap(), 0.5);
}

/// `f32` is rounded once from the text, whichever route the decoder takes
/// (from the `f64` it computed, or from the text on halfway cases): std's
/// `str::parse::<f32>` is the oracle, on random values, on the exact
/// midpoints between neighbouring `f32`s, and just either side of them, at
/// every magnitude including subnormals and the overflow edge.
#[test]
fn f32_is_rounded_once_from_the_text() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut texts: Vec<String> = Vec::new();
    for _ in 0..20_000 {
        let bits = next() as u32 & 0x7fff_ffff;
        let f = f32::from_bits(bits);
        if !f.is_finite() {
            continue;
        }
        let up = f32::from_bits(bits + 1);
        texts.push(format!("{f:e}"));
        texts.push(format!("{}", next() % 1_000_000_000 / 1000));
        if up.is_finite() {
            // The midpoint (an f64) in its shortest form, and nudged up in
            // the 19th digit: short enough to be read as an f64 first, and
            // that f64 is the midpoint, so only the text can say which way
            // to round.
            let mid = (f as f64 + up as f64) / 2.0;
            let short = format!("{mid:e}");
            let (mantissa, exp) = short.split_once('e').unwrap();
            let digits = mantissa.replace('.', "");
            texts.push(short.clone());
            if digits.len() < 19 {
                let pad = "0".repeat(18 - digits.len());
                let dot = if mantissa.contains('.') { "" } else { "." };
                texts.push(format!("{mantissa}{dot}{pad}1e{exp}"));
            }
        }
    }
    texts.extend(
        [
            "3.4028235e38",
            "3.4028236e38",
            "3.40282357e38",
            "1e-46",
            "7e-46",
            "1.4e-45",
        ]
        .map(String::from),
    );
    let mut halfway = 0;
    for t in &texts {
        let oracle = t.parse::<f32>().unwrap();
        // Alone (the machine reads a number that ends the input) and in an
        // array (the fast path reads it, with its f64).
        let alone = streamde::from_str::<f32>(t);
        let inside = streamde::from_str::<Vec<f32>>(&format!("[{t}]"));
        if oracle.is_finite() {
            assert_eq!(alone.unwrap().to_bits(), oracle.to_bits(), "{t}");
            assert_eq!(inside.unwrap()[0].to_bits(), oracle.to_bits(), "[{t}]");
        } else {
            assert!(alone.is_err() && inside.is_err(), "{t}");
        }
        let d = t.parse::<f64>().unwrap();
        let digits = t
            .split('e')
            .next()
            .unwrap()
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        halfway += usize::from(
            digits <= 19 && d.to_bits() & ((1 << 29) - 1) == 1 << 28 && d as f32 != oracle,
        );
    }
    // Many texts had a halfway f64 that rounds the wrong way as an f64.
    assert!(halfway > 1000, "{halfway}");
}

#[test]
fn std_containers() {
    assert_eq!(streamde::from_str::<Option<bool>>("null").unwrap(), None);
    assert_eq!(
        streamde::from_str::<Option<bool>>("true").unwrap(),
        Some(true)
    );
    assert_eq!(
        streamde::from_str::<Vec<Option<String>>>("[\"a\", null]").unwrap(),
        vec![Some("a".into()), None]
    );
    assert_eq!(
        streamde::from_str::<Box<Vec<u8>>>("[1]").unwrap(),
        Box::new(vec![1])
    );
    let m: HashMap<String, i64> = streamde::from_str("{\"x\": -1, \"y\": 2}").unwrap();
    assert_eq!((m["x"], m["y"], m.len()), (-1, 2, 2));
    let b: BTreeMap<String, Vec<Vec<u8>>> =
        streamde::from_str("{\"z\": [[], [1, 2]], \"a\": []}").unwrap();
    assert_eq!(b.keys().collect::<Vec<_>>(), ["a", "z"]);
    assert_eq!(b["z"], vec![vec![], vec![1, 2]]);
    assert_eq!(
        streamde::from_str::<String>("\"\\u00e9\\ud83d\\ude80\"").unwrap(),
        "é🚀"
    );
    assert_eq!(streamde::from_str::<char>("\"é\"").unwrap(), 'é');
    assert!(streamde::from_str::<char>("\"ab\"").is_err());
    assert_eq!(streamde::from_str::<()>("null").unwrap(), ());
}

#[test]
fn no_silent_loss() {
    // A bad element fails the whole decode: never dropped, never defaulted.
    assert!(streamde::from_str::<Vec<u8>>("[1, \"2\", 3]").is_err());
    assert!(streamde::from_str::<Vec<Option<u8>>>("[1, 2.5]").is_err());
    assert!(streamde::from_str::<HashMap<String, bool>>("{\"a\": true, \"b\": 0}").is_err());
    assert!(streamde::from_str::<Option<Vec<u8>>>("[1, 999]").is_err());
    streamde::object! {
        #[derive(Debug)]
        struct S => SBuilder { a: u8, b: Option<u8> }
    }
    let e = streamde::from_str::<S>("{\"a\": 1, \"a\": 2}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "duplicate field `a` at a (line 1, column 10)"
    );
    assert_eq!(streamde::from_str::<S>("{\"a\": 1}").unwrap().b, None);
    assert!(streamde::from_str::<S>("{\"a\": null}").is_err());
    assert!(streamde::from_str::<S>("{\"b\": 1}").is_err());
}

#[test]
fn unknown_values_are_skipped_but_checked() {
    streamde::object! {
        #[derive(Debug, PartialEq)]
        struct S => SBuilder { keep: u8 }
    }
    let doc = r#"{"skip": {"deep": [1, {"x": "\u00e9\n"}, [], -0.5e3], "s": "\ud83d\ude80"}, "keep": 7, "n": null}"#;
    assert_eq!(streamde::from_str::<S>(doc).unwrap(), S { keep: 7 });
    check_splits::<S>("skip", doc.as_bytes());
    // Skipped values are still strict JSON.
    for bad in [
        r#"{"skip": [1,], "keep": 1}"#,
        r#"{"skip": "\x", "keep": 1}"#,
        r#"{"skip": 01, "keep": 1}"#,
        r#"{"skip": {"a" 1}, "keep": 1}"#,
        "{\"skip\": \"\u{1}\", \"keep\": 1}",
        r#"{"skip": "\ud800", "keep": 1}"#,
    ] {
        assert_eq!(
            streamde::from_str::<S>(bad).unwrap_err().category(),
            Category::Syntax,
            "{bad}"
        );
        check_splits::<S>(bad, bad.as_bytes());
    }
}

#[test]
fn deep_nesting_hits_the_limit_not_the_stack() {
    let depth = 100_000;
    let mut doc = "[".repeat(depth);
    doc.push_str(&"]".repeat(depth));
    let e = streamde::from_str::<Value>(&doc).unwrap_err();
    assert_eq!((e.category(), e.offset()), (Category::Limit, 128));
    let e =
        streamde::from_str::<streamde::de::Ignore>(&doc.replace('[', "{\"a\":").replace(']', "}"))
            .unwrap_err();
    assert_eq!(e.category(), Category::Limit);
    // Exactly at the limit is fine; one more is not.
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(streamde::from_str::<Value>(&ok).is_ok());
    let deeper = Limits::default().max_depth(1000);
    let mut d = Decoder::<Value>::with_limits(deeper);
    d.feed(format!("{}{}", "[".repeat(1000), "]".repeat(1000)).as_bytes())
        .unwrap();
    assert!(d.finish().is_ok());
}

#[test]
fn limits() {
    let lim = Limits::default().max_string_len(8);
    let run = |doc: &str, pieces: usize| {
        let mut d = Decoder::<Value>::with_limits(lim);
        for c in doc.as_bytes().chunks(pieces) {
            d.feed(c)?;
        }
        d.finish()
    };
    assert!(run("[\"12345678\"]", 100).is_ok());
    for chunk in [1, 3, 100] {
        let e = run("[\"123456789\"]", chunk).unwrap_err();
        assert_eq!(
            (e.category(), e.offset()),
            (Category::Limit, 1),
            "chunk {chunk}"
        );
        let e = run("[1234567890]", chunk).unwrap_err();
        assert_eq!(
            (e.category(), e.offset()),
            (Category::Limit, 1),
            "chunk {chunk}"
        );
        let e = run("[\"\\n\\n\\n\\n\\n\"]", chunk).unwrap_err();
        assert_eq!(e.category(), Category::Limit, "chunk {chunk}");
    }
    let lim = Limits::default().max_input(10);
    let mut d = Decoder::<Value>::with_limits(lim);
    d.feed(b"[1, 2, 3").unwrap();
    let e = d.feed(b", 4, 5]").unwrap_err();
    assert_eq!((e.category(), e.offset()), (Category::Limit, 10));
    // After an error, the decoder keeps failing the same way.
    let again = d.feed(b"]").unwrap_err();
    assert_eq!((again.category(), again.offset()), (Category::Limit, 10));
}

/// Records whether each string it sees lies inside `range`.
struct Where {
    range: std::ops::Range<usize>,
    inside: Vec<bool>,
}

impl Visitor for Where {
    fn string(&mut self, s: &str) -> streamde::Result<()> {
        let p = s.as_ptr() as usize;
        self.inside.push(self.range.contains(&p));
        Ok(())
    }
    fn seq(&mut self, _: streamde::Enter) -> streamde::Result<&mut dyn streamde::Seq> {
        Ok(self)
    }
}

impl streamde::Seq for Where {
    fn element(&mut self) -> streamde::Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> streamde::Result<()> {
        Ok(())
    }
}

#[test]
fn strings_are_borrowed_from_the_chunk() {
    let doc = br#"["plain", "esc\naped", "longer plain string here"]"#;
    let mut w = Where {
        range: doc.as_ptr() as usize..doc.as_ptr() as usize + doc.len(),
        inside: vec![],
    };
    let r = decode_with(&mut w, &[&doc[..]]);
    assert!(r.is_ok());
    assert_eq!(
        w.inside,
        [true, false, true],
        "unescaped strings in one chunk are zero-copy"
    );
    // Cut inside the first string: it comes from the scratch buffer.
    let mut w2 = Where {
        range: w.range.clone(),
        inside: vec![],
    };
    decode_with(&mut w2, &[&doc[..4], &doc[4..]]).unwrap();
    assert_eq!(w2.inside, [false, false, true]);
}

/// Run a caller-owned visitor through the decoder.
fn decode_with(w: &mut Where, pieces: &[&[u8]]) -> streamde::Result<()> {
    let mut d = streamde::RawDecoder::new(Limits::default());
    for p in pieces {
        d.feed(w, p)?;
    }
    d.finish(w)
}

#[test]
fn from_reader_uses_a_fixed_buffer() {
    let doc = format!("[{}]", vec!["\"abcdefghij\""; 10_000].join(","));
    struct Slow<'a>(&'a [u8]);
    impl std::io::Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let v: Vec<String> = streamde::from_reader(Slow(doc.as_bytes())).unwrap();
    assert_eq!(v.len(), 10_000);
    let v: Vec<String> = streamde::from_reader(doc.as_bytes()).unwrap();
    assert_eq!(v.len(), 10_000);

    struct Broken(usize);
    impl std::io::Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "reset",
                ));
            }
            self.0 -= 1;
            buf[0] = b'[';
            Ok(1)
        }
    }
    let e = streamde::from_reader::<Value, _>(Broken(3)).unwrap_err();
    assert_eq!(e.category(), Category::Io);
    assert_eq!(e.io_error_kind(), Some(std::io::ErrorKind::ConnectionReset));
}

#[test]
fn feed_accepts_empty_chunks() {
    let mut d = Decoder::<Vec<u8>>::new();
    for c in [&b""[..], b"[", b"", b"1", b"", b"]", b""] {
        d.feed(c).unwrap();
    }
    assert_eq!(d.finish().unwrap(), vec![1]);
}

#[test]
fn default_limits() {
    let l = Limits::default();
    assert_eq!(
        (l.max_depth, l.max_string_len, l.max_input),
        (128, 64 << 20, 1 << 30)
    );
    assert_eq!(Limits::streaming().max_input, u64::MAX);
    // The total-input bound applies across chunks, at the byte that passes it.
    let small = Limits::default().max_input(5);
    let mut d = Decoder::<Vec<u8>>::with_limits(small);
    d.feed(b"[1,").unwrap();
    let e = d.feed(b"2,3]").unwrap_err();
    assert_eq!((e.category(), e.offset()), (Category::Limit, 5));
}

#[derive(Debug, PartialEq)]
struct Probed(u64);

/// The place of `Probed`: it counts how its values arrive, through the fast
/// path (`Visitor::fast`) or through the machine's calls.
#[derive(Default)]
struct ProbePlace {
    out: Option<Probed>,
}

thread_local! {
    static FAST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static MACHINE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl Visitor for ProbePlace {
    fn nonnegative(&mut self, n: u64) -> streamde::Result<()> {
        MACHINE.with(|c| c.set(c.get() + 1));
        self.out = Some(Probed(n));
        Ok(())
    }
    fn fast(&mut self, c: &mut streamde::de::Cursor<'_>) -> streamde::de::Fast {
        // The value arrives through the same call, counted apart.
        let r = c.scalar(self);
        if r.is_ok() {
            MACHINE.with(|c| c.set(c.get() - 1));
            FAST.with(|c| c.set(c.get() + 1));
        }
        r
    }
}

impl streamde::de::Place for ProbePlace {
    type Out = Probed;
    fn take(&mut self) -> Option<Probed> {
        self.out.take()
    }
}

impl streamde::Deserialize for Probed {
    type Place = ProbePlace;
}

fn counts(run: impl FnOnce() -> Vec<Probed>) -> (u32, u32) {
    FAST.with(|c| c.set(0));
    MACHINE.with(|c| c.set(0));
    let v = run();
    assert_eq!(v.len(), 100);
    assert!(v.iter().enumerate().all(|(i, p)| p.0 == i as u64));
    (FAST.with(|c| c.get()), MACHINE.with(|c| c.get()))
}

/// The fast path really runs (and `machine_only` really turns it off), so
/// the tests that compare the two compare two different paths.
#[test]
fn fast_path_runs_and_machine_only_turns_it_off() {
    let nums: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    let doc = format!("[{}]", nums.join(", "));
    let whole = counts(|| streamde::from_str::<Vec<Probed>>(&doc).unwrap());
    assert_eq!(
        whole,
        (100, 0),
        "whole buffer: every element on the fast path"
    );
    let machine = counts(|| {
        let mut d = Decoder::<Vec<Probed>>::new().machine_only();
        d.feed(doc.as_bytes()).unwrap();
        d.finish().unwrap()
    });
    assert_eq!(
        machine,
        (0, 100),
        "machine alone: no element on the fast path"
    );
    // In 16-byte chunks with eager re-entry, both paths share the work: the
    // machine takes the numbers cut by a chunk's end, the fast path the rest.
    let (fast, mach) = counts(|| {
        let mut d = Decoder::<Vec<Probed>>::new().reenter_at(1);
        for c in doc.as_bytes().chunks(16) {
            d.feed(c).unwrap();
        }
        d.finish().unwrap()
    });
    assert_eq!(fast + mach, 100);
    assert!(
        fast > 50 && mach > 0,
        "chunked: {fast} fast, {mach} machine"
    );
}

streamde::object! {
    #[derive(Debug, PartialEq)]
    struct Pair => PairBuilder {
        a: u32,
        b: Vec<u32>,
    }
}

/// A duplicate key whose `:` is followed by newlines: the error is at the
/// key's line on both paths (the fast path once counted the newlines first).
#[test]
fn duplicate_key_error_is_on_the_key_line_on_both_paths() {
    let doc = b"{\"a\": 1, \"b\": [2], \"a\":\r\n\n\t 3}";
    let e = streamde::from_slice::<Pair>(doc).unwrap_err();
    assert_eq!((e.line(), e.column()), (1, 20), "{e}");
    check_splits::<Pair>("duplicate field", doc);
    let e = streamde::from_slice::<HashMap<String, Value>>(doc).unwrap_err();
    assert_eq!((e.line(), e.column()), (1, 20), "{e}");
    check_splits::<HashMap<String, Value>>("duplicate key", doc);
}

/// One way in: a hand-written visitor implements `map` alone. It is called
/// once with `Enter::Open` per object and with `Enter::Resume` whenever the
/// decoder comes back to it (a chunk boundary, a nested value), and what it
/// keeps across those calls survives every split.
struct Keys {
    keys: Vec<String>,
    opens: usize,
    resumes: usize,
    value: streamde::de::Ignore,
}

impl Default for Keys {
    fn default() -> Self {
        Keys {
            keys: Vec::new(),
            opens: 0,
            resumes: 0,
            value: streamde::de::Ignore,
        }
    }
}

impl Visitor for Keys {
    fn map(&mut self, enter: streamde::Enter) -> streamde::Result<&mut dyn streamde::Map> {
        match enter {
            streamde::Enter::Open => {
                self.opens += 1;
                self.keys.clear();
            }
            streamde::Enter::Resume => self.resumes += 1,
        }
        Ok(self)
    }
}

impl streamde::Map for Keys {
    fn key(&mut self, k: &str) -> streamde::Result<Option<&mut dyn Visitor>> {
        self.keys.push(k.to_owned());
        Ok(Some(&mut self.value))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.value)
    }
    fn finish(&mut self) -> streamde::Result<()> {
        Ok(())
    }
}

#[test]
fn a_hand_written_visitor_has_one_way_in() {
    let doc = br#"{"alpha": [1, {"x": 2}], "beta": {"y": [3]}, "gamma": "g"}"#;
    let mut resumed = 0;
    for i in 0..=doc.len() {
        let mut v = Keys::default();
        let mut d = streamde::RawDecoder::new(Limits::default());
        d.feed(&mut v, &doc[..i]).unwrap();
        d.feed(&mut v, &doc[i..]).unwrap();
        d.finish(&mut v).unwrap();
        assert_eq!(v.keys, ["alpha", "beta", "gamma"], "split at {i}");
        assert_eq!(v.opens, 1, "split at {i}");
        resumed += v.resumes;
    }
    assert!(resumed > 0);
    // A visitor without `map` refuses an object on its first byte.
    struct Scalars;
    impl Visitor for Scalars {}
    let e = streamde::RawDecoder::new(Limits::default())
        .feed(&mut Scalars, b"{")
        .unwrap_err();
    assert_eq!(e.position().map(|p| p.offset), Some(0));
    assert!(e.to_string().contains("found object"), "{e}");
}

/// `Error`'s `Debug` gives each part once (the category was repeated in
/// front of the message).
#[test]
fn error_debug_says_each_part_once() {
    let e = streamde::from_str::<Vec<u8>>("[1, \"x\"]").unwrap_err();
    let d = format!("{e:?}");
    assert_eq!(
        d,
        "Error { category: InvalidType, message: \"invalid type: expected an integer (u8), found string \\\"x\\\"\", offset: 4, line: 1, column: 5, path: \"[1]\" }"
    );
    assert_eq!(d.matches("invalid type").count(), 1, "{d}");
    let e = streamde::from_value::<u8>(&streamde::json!("x")).unwrap_err();
    assert!(format!("{e:?}").contains("position: None"), "{e:?}");
}

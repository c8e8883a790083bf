//! A push decoder for any `miniserde::Deserialize` type (feature
//! `miniserde`): [`MiniDecoder`] feeds chunks through streamde's resumable
//! scanner and drives the type's own miniserde visitors, so types generated
//! for miniserde stream with no change.
//!
//! # Why this module holds `unsafe`
//!
//! miniserde hands out each container's builder as a `Box<dyn Map + '_>`
//! that borrows the visitor it came from, which itself lives inside the
//! parent's builder (or, for the root, inside the output slot). Between two
//! `feed` calls that chain of borrows must stay alive in the decoder: a
//! self-referential stack that the borrow checker cannot express. It is kept
//! the way miniserde's own deserializer keeps it:
//!
//! - the output slot and every builder are owned through raw pointers taken
//!   from `Box::into_raw` (never through a `Box`, whose moves would assert
//!   uniqueness over memory that live pointers still refer to);
//! - builders are created and freed strictly last-in first-out, and the
//!   output slot is freed last, in `Drop`, after every builder;
//! - the visitor for the next value (`current`) points into the innermost
//!   builder (or the output slot) and is used at most once, before that
//!   builder changes.
//!
//! Every `unsafe` block says which of these it relies on. The module's tests
//! run under Miri (`cargo +nightly miri test --features miniserde --lib --
//! mini`), and the `mini_split` fuzz target compares the decoder with
//! `miniserde::json::from_str`.
#![allow(unsafe_code)]

use std::ptr::NonNull;

use miniserde::de::Visitor as MiniVisitor;
use miniserde::de::{Deserialize as MiniDeserialize, Map as MiniMap, Seq as MiniSeq};

use crate::de::{Enter, Map, Seq, Visitor};
use crate::{Error, Limits, RawDecoder, Result};

/// A miniserde builder on the stack, owned through its raw pointer.
enum Layer {
    Map(NonNull<dyn MiniMap>),
    Seq(NonNull<dyn MiniSeq>),
}

/// The streamde visitor that drives the miniserde visitors. It is flat: it
/// receives every nested value itself and keeps the open levels on `stack`.
struct Bridge {
    /// The visitor that receives the next value: the root's, then the one
    /// the innermost builder gave for the current key or element.
    current: Option<NonNull<dyn MiniVisitor>>,
    stack: Vec<Layer>,
}

#[cold]
fn rejected() -> Error {
    Error::custom("the miniserde type rejected this value")
}

fn mini(r: miniserde::Result<()>) -> Result<()> {
    r.map_err(|_| rejected())
}

/// Erase the lifetime of a miniserde trait object.
///
/// # Safety
///
/// The caller keeps the pointee alive, and unaliased by anything but this
/// pointer, for as long as the result is used (the module's rules above).
unsafe fn erase_visitor<'a>(v: &'a mut (dyn MiniVisitor + 'a)) -> NonNull<dyn MiniVisitor> {
    let p: NonNull<dyn MiniVisitor + 'a> = NonNull::from(v);
    // SAFETY: only the lifetime bound of the trait object changes; the
    // caller upholds that the pointee outlives every use.
    unsafe { std::mem::transmute::<NonNull<dyn MiniVisitor + 'a>, NonNull<dyn MiniVisitor>>(p) }
}

impl Bridge {
    /// The visitor for the value that is arriving, used once.
    fn take_current(&mut self) -> Result<&mut dyn MiniVisitor> {
        let p = self
            .current
            .take()
            .ok_or_else(|| Error::custom("a value arrived where none was expected"))?;
        // SAFETY: `current` points into the innermost builder or the output
        // slot, both alive (freed only LIFO or in Drop, after `current` is
        // cleared) and not otherwise borrowed during this call.
        Ok(unsafe { &mut *p.as_ptr() })
    }

    fn push_map(&mut self) -> Result<()> {
        let v = self.take_current()?;
        let map: Box<dyn MiniMap + '_> = v.map().map_err(|_| rejected())?;
        let raw: *mut (dyn MiniMap + '_) = Box::into_raw(map);
        // SAFETY: the builder borrows the visitor it came from, which lives
        // in the builder below it (or the output slot); it is freed before
        // that one (LIFO), so erasing its lifetime never lets it dangle.
        let raw: *mut dyn MiniMap = unsafe { std::mem::transmute(raw) };
        // `Box::into_raw` never returns null.
        self.stack
            .push(Layer::Map(NonNull::new(raw).expect("Box::into_raw")));
        Ok(())
    }

    fn push_seq(&mut self) -> Result<()> {
        let v = self.take_current()?;
        let seq: Box<dyn MiniSeq + '_> = v.seq().map_err(|_| rejected())?;
        let raw: *mut (dyn MiniSeq + '_) = Box::into_raw(seq);
        // SAFETY: as in `push_map`.
        let raw: *mut dyn MiniSeq = unsafe { std::mem::transmute(raw) };
        self.stack
            .push(Layer::Seq(NonNull::new(raw).expect("Box::into_raw")));
        Ok(())
    }

    /// Finish and free the innermost builder.
    fn pop(&mut self, map: bool) -> Result<()> {
        self.current = None;
        let r = match self.stack.last() {
            Some(Layer::Map(m)) if map => {
                // SAFETY: the innermost builder is alive and nothing else
                // borrows it (`current`, which pointed into it, is cleared).
                mini(unsafe { &mut *m.as_ptr() }.finish())
            }
            Some(Layer::Seq(s)) if !map => {
                // SAFETY: as above.
                mini(unsafe { &mut *s.as_ptr() }.finish())
            }
            _ => Err(Error::custom("a container closed that was not open")),
        };
        self.free_top();
        r
    }

    /// Free the innermost builder, if any.
    fn free_top(&mut self) {
        self.current = None;
        match self.stack.pop() {
            // SAFETY: the pointer came from `Box::into_raw` and is freed
            // once (it left the stack); the builders above it are gone and
            // `current` is cleared, so nothing refers into it.
            Some(Layer::Map(m)) => drop(unsafe { Box::from_raw(m.as_ptr()) }),
            // SAFETY: as above.
            Some(Layer::Seq(s)) => drop(unsafe { Box::from_raw(s.as_ptr()) }),
            None => {}
        }
    }

    fn scalar(
        &mut self,
        f: impl FnOnce(&mut dyn MiniVisitor) -> miniserde::Result<()>,
    ) -> Result<()> {
        let v = self.take_current()?;
        mini(f(v))
    }
}

impl Visitor for Bridge {
    fn expecting(&self) -> &'static str {
        "a value of the miniserde type"
    }
    fn null(&mut self) -> Result<()> {
        self.scalar(|v| v.null())
    }
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.scalar(|v| v.boolean(b))
    }
    fn string(&mut self, s: &str) -> Result<()> {
        self.scalar(|v| v.string(s))
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.scalar(|v| v.negative(n))
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.scalar(|v| v.nonnegative(n))
    }
    fn float(&mut self, n: f64) -> Result<()> {
        self.scalar(|v| v.float(n))
    }
    /// miniserde reads `-0` as the integer 0 (negative), not a float; other
    /// numbers here (fractions, exponents, integers beyond 64 bits) are
    /// floats, correctly rounded.
    fn number(&mut self, text: &str) -> Result<()> {
        if text == "-0" {
            return self.scalar(|v| v.negative(0));
        }
        match crate::scan::float::parse_f64(text) {
            Some(f) if f.is_finite() => self.scalar(|v| v.float(f)),
            _ => Err(Error::number_out_of_range(text, "f64")),
        }
    }
    fn number_f64(&mut self, text: &str, nearest: f64) -> Result<()> {
        if text == "-0" {
            self.scalar(|v| v.negative(0))
        } else {
            self.scalar(|v| v.float(nearest))
        }
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.push_map()?;
        }
        Ok(self)
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.push_seq()?;
        }
        Ok(self)
    }
    /// Every nested level is on this visitor's own stack.
    fn flat(&self) -> bool {
        true
    }
}

impl Map for Bridge {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        let Some(Layer::Map(m)) = self.stack.last() else {
            return Err(Error::custom("a key arrived outside an object"));
        };
        // SAFETY: the innermost builder is alive; `current` (the only other
        // pointer into it) was used and cleared before this key arrived.
        let map = unsafe { &mut *m.as_ptr() };
        let v = map.key(k).map_err(|_| rejected())?;
        // SAFETY: the visitor lives in the innermost builder, which stays
        // alive and untouched until this visitor has received its value.
        self.current = Some(unsafe { erase_visitor(v) });
        Ok(Some(self))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        self.pop(true)
    }
}

impl Seq for Bridge {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        let Some(Layer::Seq(s)) = self.stack.last() else {
            return Err(Error::custom("an element arrived outside an array"));
        };
        // SAFETY: as in `Map::key`.
        let seq = unsafe { &mut *s.as_ptr() };
        let v = seq.element().map_err(|_| rejected())?;
        // SAFETY: as in `Map::key`.
        self.current = Some(unsafe { erase_visitor(v) });
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        self.pop(false)
    }
}

/// The miniserde visitor of a streamde type's output slot: the slot
/// itself, seen as a type of this crate (miniserde's `begin` gets only
/// `&mut Option<T>`, and a foreign trait cannot be implemented on
/// `Option<T>`). Its visitor is in `mini_traits`.
#[repr(transparent)]
pub(crate) struct Place<T> {
    pub(crate) out: Option<T>,
}

/// The output slot as its [`Place`].
pub(crate) fn place<T>(out: &mut Option<T>) -> &mut Place<T> {
    // SAFETY: `Place<T>` is `repr(transparent)` over its one field, an
    // `Option<T>`: same size, alignment and validity. The result reborrows
    // `out` for the same lifetime, so nothing else can reach the slot while
    // it is used.
    unsafe { &mut *(out as *mut Option<T>).cast::<Place<T>>() }
}

thread_local! {
    /// The depth limit of the [`MiniDecoder`] running in this thread, if any.
    static DEPTH: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// The nesting limit for a streamde type filled through miniserde's traits
/// (`mini_traits`): that of the [`MiniDecoder`] that feeds it, else the
/// default limit (miniserde's own reader has none).
pub(crate) fn depth_limit() -> u32 {
    DEPTH
        .with(|d| d.get())
        .unwrap_or(Limits::default().max_depth)
}

/// Sets [`depth_limit`] for the duration of one call, panics included.
struct DepthScope(Option<u32>);

impl DepthScope {
    fn new(depth: u32) -> Self {
        DepthScope(DEPTH.with(|d| d.replace(Some(depth))))
    }
}

impl Drop for DepthScope {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(self.0));
    }
}

/// Decodes one JSON value into a `miniserde::Deserialize` type, fed in
/// chunks split anywhere.
///
/// ```
/// # #[cfg(feature = "miniserde")] {
/// use miniserde::json::Value;
/// let mut d = streamde::MiniDecoder::<Vec<Option<String>>>::new();
/// d.feed(br#"["a", nu"#)?;
/// d.feed(br#"ll, "c"]"#)?;
/// assert_eq!(d.finish()?, [Some("a".to_owned()), None, Some("c".to_owned())]);
/// # }
/// # Ok::<(), streamde::Error>(())
/// ```
///
/// Values, and which inputs are accepted, are those of
/// `miniserde::json::from_str`, with these differences:
///
/// - floats are correctly rounded (miniserde's own reader can be one unit
///   in the last place off); so at the edge of the `f64` range the two
///   decide differently: `1.7976931348623158e308` rounds to `f64::MAX` and
///   is accepted (miniserde refuses it), `1.79769313486231584e308` rounds
///   to infinity and is refused (miniserde accepts it);
/// - nesting is limited by [`Limits`] (128 levels by default) where
///   miniserde's reader has no limit; the limit holds for streamde types
///   inside `T` too.
///
/// Errors carry streamde's position and path.
pub struct MiniDecoder<T: MiniDeserialize> {
    raw: RawDecoder,
    bridge: Bridge,
    /// The output slot, owned through its raw pointer (from `Box::into_raw`)
    /// and freed in `Drop` after every builder.
    out: NonNull<Option<T>>,
    /// Set while a call that runs the miniserde type's code is under way.
    /// Still set at the start of a call, it means the previous one
    /// unwound from a panic (caught by the caller): the builders and the
    /// driver are then in no known state, so the decoder refuses every
    /// later call and only `Drop` touches them.
    busy: bool,
    /// The nesting limit, for streamde types inside `T` too.
    max_depth: u32,
}

impl<T: MiniDeserialize> Default for MiniDecoder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: MiniDeserialize> MiniDecoder<T> {
    /// A decoder with the default limits.
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        let out: *mut Option<T> = Box::into_raw(Box::new(None));
        // The decoder owns the slot before the type's code first runs, so a
        // panicking `begin` unwinds through `Drop`, which frees it.
        let mut d = MiniDecoder {
            raw: RawDecoder::new(limits),
            bridge: Bridge {
                current: None,
                stack: Vec::new(),
            },
            out: NonNull::new(out).expect("Box::into_raw"),
            busy: false,
            max_depth: limits.max_depth,
        };
        // SAFETY: `out` is a fresh, unique heap allocation; the root visitor
        // borrows it until `Drop`, which frees it last.
        d.bridge.current = Some(unsafe { erase_visitor(T::begin(&mut *out)) });
        d
    }

    /// Mark the start of a call into the type's code, or refuse it when an
    /// earlier one panicked.
    fn enter(&mut self) -> Result<()> {
        if self.busy {
            return Err(Error::custom(
                "the decoder cannot be used after a panic in the miniserde type's code",
            ));
        }
        self.busy = true;
        Ok(())
    }

    /// Feed the next chunk.
    ///
    /// If the miniserde type's code panics and the caller catches the
    /// panic, every later call returns an error; dropping the decoder frees
    /// what it holds.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        self.enter()?;
        let _depth = DepthScope::new(self.max_depth);
        let r = self.raw.feed(&mut self.bridge, chunk);
        self.busy = false;
        r
    }

    /// The input has ended: the value, or why there is none.
    pub fn finish(mut self) -> Result<T> {
        self.enter()?;
        let _depth = DepthScope::new(self.max_depth);
        self.raw.finish(&mut self.bridge)?;
        // Every builder finished and was freed; nothing points into the
        // output slot any more. Checked, not assumed: the slot is touched
        // only when no builder that borrows it is alive.
        self.bridge.current = None;
        if !self.bridge.stack.is_empty() {
            return Err(Error::custom("the input ended inside a container"));
        }
        // SAFETY: the slot is alive until `Drop`, and no other pointer into
        // it is in use (the stack is empty, `current` cleared).
        let out = unsafe { &mut *self.out.as_ptr() };
        out.take()
            .ok_or_else(|| Error::custom("the miniserde type produced no value"))
    }
}

impl<T: MiniDeserialize> Drop for MiniDecoder<T> {
    fn drop(&mut self) {
        // Builders first, innermost first: each may refer to the one below
        // it and to the output slot.
        self.bridge.current = None;
        while !self.bridge.stack.is_empty() {
            self.bridge.free_top();
        }
        // SAFETY: the slot came from `Box::into_raw` in `with_limits` and is
        // freed once, here, after everything that referred to it.
        drop(unsafe { Box::from_raw(self.out.as_ptr()) });
    }
}

/// Decode a whole buffer into a `miniserde::Deserialize` type.
pub fn from_slice_mini<T: MiniDeserialize>(bytes: &[u8]) -> Result<T> {
    let mut d = MiniDecoder::new();
    d.feed(bytes)?;
    d.finish()
}

/// A miniserde type whose code panics at a chosen call (shared with the
/// `mini_panic` fuzz target).
#[cfg(test)]
#[path = "../fuzz/src/boom.rs"]
mod boom;

#[cfg(test)]
mod tests {
    use super::*;
    use miniserde::json::{self, Value};
    use std::collections::BTreeMap;

    const DOCS: &[&str] = &[
        r#"{"a": [1, -2, 3.5, "x\u00e9", null, true, {"b": []}], "c": {}, "d": -0}"#,
        r#"[[[]], [{}], "s", 18446744073709551615, -9223372036854775808]"#,
        r#""top""#,
        "42",
    ];

    fn split_all<T: MiniDeserialize>(doc: &str) -> Vec<Result<T>> {
        let b = doc.as_bytes();
        (0..=b.len())
            .map(|i| {
                let mut d = MiniDecoder::<T>::new();
                d.feed(&b[..i])?;
                d.feed(&b[i..])?;
                d.finish()
            })
            .collect()
    }

    #[test]
    fn mini_values_at_every_split_match_miniserde() {
        for doc in DOCS {
            let want: Value = json::from_str(doc).unwrap();
            for got in split_all::<Value>(doc) {
                assert_eq!(
                    json::to_string(&got.unwrap()),
                    json::to_string(&want),
                    "{doc}"
                );
            }
        }
    }

    #[test]
    fn mini_typed_values_and_rejections() {
        let v: BTreeMap<String, Vec<Option<u8>>> =
            from_slice_mini(br#"{"x": [1, null], "y": []}"#).unwrap();
        assert_eq!(v["x"], [Some(1), None]);
        // A value the type rejects, deep inside: an error, and every open
        // builder is freed (Miri checks the frees).
        for doc in [
            r#"{"x": [1, 300]}"#,
            r#"{"x": [1, "s"]}"#,
            r#"{"x": {"y": 1}}"#,
            "[1]",
        ] {
            for r in split_all::<BTreeMap<String, Vec<Option<u8>>>>(doc) {
                assert!(r.is_err(), "{doc}");
            }
        }
        // Bad JSON, and input that stops inside a container.
        for doc in [r#"{"x": [1,]}"#, r#"{"x": [1"#, "", "[1] 2"] {
            let r: Result<Vec<Value>> = from_slice_mini(doc.as_bytes());
            assert!(r.is_err(), "{doc}");
        }
        // `-0` is miniserde's negative zero integer: fine for i64, not u64.
        assert_eq!(from_slice_mini::<Vec<i64>>(b"[-0]").unwrap(), [0]);
        assert!(from_slice_mini::<Vec<u64>>(b"[-0]").is_err());
        assert!(json::from_str::<Vec<u64>>("[-0]").is_err());
        // The edge of the f64 range, as the documentation says: correct
        // rounding decides, not miniserde's reader.
        let (max, over) = ("1.7976931348623158e308", "1.79769313486231584e308");
        assert_eq!(from_slice_mini::<f64>(max.as_bytes()).unwrap(), f64::MAX);
        assert!(json::from_str::<f64>(max).is_err());
        assert!(from_slice_mini::<f64>(over.as_bytes()).is_err());
        assert!(json::from_str::<f64>(over).is_ok());
    }

    /// The slot cast of `place`: miniserde's reader fills a streamde type
    /// through it (the `Place` visitor), at the root and nested in
    /// miniserde's own containers.
    #[test]
    fn mini_place_fills_streamde_types() {
        let v: crate::Value = json::from_str(r#"{"a": [1, "x", {"b": null}], "a": 2}"#).unwrap();
        assert_eq!(crate::to_string(&v), r#"{"a":2}"#);
        let v: Vec<crate::Value> = json::from_str(r#"[true, {"c": [-1.5]}]"#).unwrap();
        assert_eq!(crate::to_string(&v), r#"[true,{"c":[-1.5]}]"#);
        let mut slot = None;
        place::<crate::Value>(&mut slot).out = Some(crate::Value::Bool(true));
        assert_eq!(slot, Some(crate::Value::Bool(true)));
        // Rejected deep inside: every open builder is freed.
        assert!(json::from_str::<crate::stripe::ListMeta>(
            r#"{"object": "list", "has_more": [1]}"#
        )
        .is_err());
        assert_eq!(json::to_string(&crate::Value::from(vec![1u8, 2])), "[1,2]");
    }

    /// A decoder dropped with builders open, at every split.
    #[test]
    fn mini_dropped_midway_frees_everything() {
        let doc = DOCS[0].as_bytes();
        for i in 0..doc.len() {
            let mut d = MiniDecoder::<Value>::new();
            d.feed(&doc[..i]).unwrap();
            drop(d);
        }
    }
    /// A panic in the type's code at every call of every split, caught:
    /// the decoder refuses every later call with an error (fed again or
    /// finished), or is dropped, and leaks nothing (Miri checks the frees,
    /// the leaks and every access to the slot).
    #[test]
    fn mini_panicking_builders_poison_the_decoder() {
        use super::boom::{self, Boom, LEFT};
        use std::panic::{catch_unwind, AssertUnwindSafe};
        boom::quiet_planned_panics();
        let doc = br#"{"a": [1, {"b": null}], "c": []}"#;
        let want = Boom::Map(vec![
            (
                "a".into(),
                Boom::List(vec![Boom::Leaf, Boom::Map(vec![("b".into(), Boom::Leaf)])]),
            ),
            ("c".into(), Boom::List(vec![])),
        ]);
        let (mut panicked, mut cases) = (0, 0);
        // Under Miri, a few splits; natively, every one.
        let splits: Vec<usize> = if cfg!(miri) {
            vec![0, 7, doc.len()]
        } else {
            (0..=doc.len()).collect()
        };
        for &at in &splits {
            for calls in 0..40u64 {
                for after in 0..3 {
                    cases += 1;
                    LEFT.with(|l| l.set(calls));
                    let mut d = match catch_unwind(MiniDecoder::<Boom>::new) {
                        Ok(d) => d,
                        Err(_) => {
                            panicked += 1;
                            continue;
                        }
                    };
                    let run = catch_unwind(AssertUnwindSafe(|| {
                        d.feed(&doc[..at])?;
                        d.feed(&doc[at..])
                    }));
                    LEFT.with(|l| l.set(u64::MAX));
                    match run {
                        Ok(r) => {
                            r.unwrap();
                            let fin = catch_unwind(AssertUnwindSafe(|| d.finish()));
                            match fin {
                                Ok(v) => assert_eq!(v.unwrap(), want),
                                Err(_) => panicked += 1,
                            }
                        }
                        Err(_) => {
                            panicked += 1;
                            match after {
                                0 => drop(d),
                                1 => {
                                    let e = d.feed(b" ").unwrap_err();
                                    assert!(e.message().contains("after a panic"), "{e}");
                                    assert!(d.finish().is_err());
                                }
                                _ => {
                                    let e = d.finish().unwrap_err();
                                    assert!(e.message().contains("after a panic"), "{e}");
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(panicked > cases / 2, "{panicked} of {cases}");
        assert!(panicked < cases, "{panicked} of {cases}");
    }
}

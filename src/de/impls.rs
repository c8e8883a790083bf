//! [`Deserialize`] for std types.
//!
//! No silent loss: an element that fails inside a `Vec`, an `Option` or a map
//! fails the whole decode (the error travels up unchanged and the decoder
//! adds its path). Integers are range-checked, never wrapped.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use super::dup::{give_vec, take_vec, DupFinder};
use super::{Cursor, Deserialize, Enter, Fast, Map, Place, Seq, Visitor};
use crate::de::fast::{Elements, Members};
use crate::error::{shorten, truncate, Error, Result, Unexpected};

/// The [`Place`] of scalar types: the value once it arrived.
pub struct Slot<T> {
    out: Option<T>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot { out: None }
    }
}

impl<T> Slot<T> {
    #[inline]
    fn set(&mut self, v: T) -> Result<()> {
        self.out = Some(v);
        Ok(())
    }
}

macro_rules! slot_place {
    ($($t:ty),*) => {$(
        impl Place for Slot<$t> {
            type Out = $t;
            #[inline]
            fn take(&mut self) -> Option<$t> {
                self.out.take()
            }
        }
        impl Deserialize for $t {
            type Place = Slot<$t>;
        }
    )*};
}

impl Visitor for Slot<bool> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "a boolean"
    }
    #[inline]
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.set(b)
    }
}

impl Visitor for Slot<String> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "a string"
    }
    #[inline]
    fn string(&mut self, s: &str) -> Result<()> {
        self.set(s.to_owned())
    }
}

/// Whether a number token's text is a plain integer (no fraction, no
/// exponent); `-0` counts as a float, as everywhere else.
fn is_integer_text(text: &str) -> bool {
    text != "-0" && !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
}

macro_rules! int_visitor {
    ($($t:ty),*) => {$(
        impl Visitor for Slot<$t> {
            fn expecting(&self) -> &'static str {
                concat!("an integer (", stringify!($t), ")")
            }
            #[inline]
            fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
                c.scalar(self)
            }
            #[inline]
            fn nonnegative(&mut self, n: u64) -> Result<()> {
                match <$t>::try_from(n) {
                    Ok(v) => self.set(v),
                    Err(_) => Err(int_range(&n.to_string(), stringify!($t))),
                }
            }
            #[inline]
            fn negative(&mut self, n: i64) -> Result<()> {
                match <$t>::try_from(n) {
                    Ok(v) => self.set(v),
                    Err(_) => Err(int_range(&n.to_string(), stringify!($t))),
                }
            }
            fn number(&mut self, text: &str) -> Result<()> {
                if !is_integer_text(text) {
                    return Err(not_integer(text, self.expecting()));
                }
                // Wider than 64 bits: in range only for the 128-bit types.
                match text.parse::<$t>() {
                    Ok(v) => self.set(v),
                    Err(_) => Err(int_range(text, stringify!($t))),
                }
            }
        }
    )*};
}

/// A fraction, exponent or `-0` where an integer is expected.
#[cold]
fn not_integer(text: &str, expecting: &str) -> Error {
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Error::invalid_type(Unexpected::Float(f), expecting),
        _ => Error::invalid_type(Unexpected::Number(text), expecting),
    }
}

/// The one message for an integer outside its target, whatever the sign.
#[cold]
fn int_range(text: &str, target: &str) -> Error {
    let (shown, more) = shorten(text, 40);
    Error::invalid_value(format_args!(
        "integer `{shown}{more}` out of range for {target}"
    ))
}

int_visitor!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, u128, i128);

impl Visitor for Slot<f64> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "a number"
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.set(n as f64)
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.set(n as f64)
    }
    fn float(&mut self, n: f64) -> Result<()> {
        self.set(n)
    }
    #[inline]
    fn number_f64(&mut self, _: &str, nearest: f64) -> Result<()> {
        self.set(nearest)
    }
}

impl Visitor for Slot<f32> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "a number (f32)"
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.set(n as f32)
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.set(n as f32)
    }
    fn float(&mut self, n: f64) -> Result<()> {
        let f = n as f32;
        if f.is_infinite() && n.is_finite() {
            return Err(Error::number_out_of_range(&n.to_string(), "f32"));
        }
        self.set(f)
    }
    /// Rounded once, from the decimal text to `f32`.
    fn number(&mut self, text: &str) -> Result<()> {
        match text.parse::<f32>() {
            Ok(f) if f.is_finite() => self.set(f),
            _ => Err(Error::number_out_of_range(text, "f32")),
        }
    }
    /// `nearest` is the correctly rounded `f64` of the text. Rounding it
    /// again to `f32` gives the `f32` of the text itself unless it sits
    /// exactly halfway between two `f32`s (every `f32` and every midpoint
    /// between neighbours is an `f64`, and rounding is monotone, so the text
    /// and `nearest` lie on the same side of every other midpoint). Halfway
    /// cases, `f32` subnormals and overflow go back to the text.
    #[inline]
    fn number_f64(&mut self, text: &str, nearest: f64) -> Result<()> {
        const LOW: u64 = (1 << 29) - 1; // f64 mantissa bits below f32's
        let magnitude = nearest.abs();
        let halfway = nearest.to_bits() & LOW == 1 << 28;
        if nearest == 0.0
            || (!halfway && magnitude >= f32::MIN_POSITIVE as f64 && magnitude <= f32::MAX as f64)
        {
            self.set(nearest as f32)
        } else {
            self.number(text)
        }
    }
}

impl Visitor for Slot<()> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "null"
    }
    fn null(&mut self) -> Result<()> {
        self.set(())
    }
}

impl Visitor for Slot<char> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        "a one-character string"
    }
    fn string(&mut self, s: &str) -> Result<()> {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => self.set(c),
            _ => Err(Error::invalid_value(format_args!(
                "expected a single character, found {}",
                Unexpected::Str(s)
            ))),
        }
    }
}

slot_place!(
    bool,
    u8,
    u16,
    u32,
    u64,
    usize,
    i8,
    i16,
    i32,
    i64,
    isize,
    u128,
    i128,
    f32,
    f64,
    (),
    char
);

impl Place for Slot<String> {
    type Out = String;
    #[inline]
    fn take(&mut self) -> Option<String> {
        self.out.take()
    }
}

impl Deserialize for String {
    type Place = Slot<String>;
}

/// The [`Place`] of `Option<T>`: `null` or absence is `None`.
pub struct OptionPlace<P> {
    /// 0: nothing seen, 1: `null`, 2: a value went to `inner`.
    state: u8,
    inner: P,
}

impl<P: Default> Default for OptionPlace<P> {
    fn default() -> Self {
        OptionPlace {
            state: 0,
            inner: P::default(),
        }
    }
}

impl<P: Place> Visitor for OptionPlace<P> {
    fn wants_positions(&self) -> bool {
        self.inner.wants_positions()
    }
    fn tag_key(&self) -> Option<&'static str> {
        self.inner.tag_key()
    }
    fn value_at(&mut self, at: crate::Position) {
        self.inner.value_at(at);
    }
    fn expecting(&self) -> &'static str {
        self.inner.expecting()
    }
    #[inline]
    fn null(&mut self) -> Result<()> {
        self.state = 1;
        Ok(())
    }
    #[inline]
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.state = 2;
        self.inner.boolean(b)
    }
    #[inline]
    fn string(&mut self, s: &str) -> Result<()> {
        self.state = 2;
        self.inner.string(s)
    }
    #[inline]
    fn negative(&mut self, n: i64) -> Result<()> {
        self.state = 2;
        self.inner.negative(n)
    }
    #[inline]
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.state = 2;
        self.inner.nonnegative(n)
    }
    #[inline]
    fn float(&mut self, n: f64) -> Result<()> {
        self.state = 2;
        self.inner.float(n)
    }
    #[inline]
    fn number(&mut self, text: &str) -> Result<()> {
        self.state = 2;
        self.inner.number(text)
    }
    #[inline]
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        self.state = 2;
        self.inner.seq(enter)
    }
    #[inline]
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        self.state = 2;
        self.inner.map(enter)
    }
    fn flat(&self) -> bool {
        self.inner.flat()
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if c.peek() == Some(b'n') {
            return c.scalar(self);
        }
        // What each of the machine's calls does first.
        self.state = 2;
        self.inner.fast(c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.inner.fast_resume(c)
    }
}

impl<P: Place> Place for OptionPlace<P> {
    type Out = Option<P::Out>;
    #[inline]
    fn take(&mut self) -> Option<Option<P::Out>> {
        // An unfinished inner value stays put: `take` may be polled.
        if self.state == 2 {
            let v = self.inner.take()?;
            self.state = 0;
            return Some(Some(v));
        }
        self.state = 0;
        Some(None)
    }
}

impl<T: Deserialize> Deserialize for Option<T> {
    type Place = OptionPlace<T::Place>;
}

/// The [`Place`] of `Box<T>`. The inner place is boxed too, which is what
/// lets recursive types have a finite size.
pub struct BoxPlace<P> {
    inner: Option<Box<P>>,
}

impl<P> Default for BoxPlace<P> {
    fn default() -> Self {
        BoxPlace { inner: None }
    }
}

impl<P: Place> BoxPlace<P> {
    #[inline]
    fn get(&mut self) -> &mut P {
        self.inner.get_or_insert_with(Default::default)
    }
}

impl<P: Place> Visitor for BoxPlace<P> {
    fn wants_positions(&self) -> bool {
        self.inner
            .as_ref()
            .map_or_else(|| P::default().wants_positions(), |p| p.wants_positions())
    }
    fn tag_key(&self) -> Option<&'static str> {
        self.inner
            .as_ref()
            .map_or_else(|| P::default().tag_key(), |p| p.tag_key())
    }
    fn value_at(&mut self, at: crate::Position) {
        self.get().value_at(at);
    }
    fn expecting(&self) -> &'static str {
        match &self.inner {
            Some(p) => p.expecting(),
            None => P::default().expecting(),
        }
    }
    fn null(&mut self) -> Result<()> {
        self.get().null()
    }
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.get().boolean(b)
    }
    fn string(&mut self, s: &str) -> Result<()> {
        self.get().string(s)
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.get().negative(n)
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.get().nonnegative(n)
    }
    fn float(&mut self, n: f64) -> Result<()> {
        self.get().float(n)
    }
    fn number(&mut self, text: &str) -> Result<()> {
        self.get().number(text)
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        self.get().seq(enter)
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        self.get().map(enter)
    }
    fn flat(&self) -> bool {
        self.inner.as_ref().is_some_and(|p| p.flat())
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.get().fast(c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        match self.inner.as_mut() {
            Some(p) => p.fast_resume(c),
            None => Err(c.no_resume()),
        }
    }
}

impl<P: Place> Place for BoxPlace<P> {
    type Out = Box<P::Out>;
    fn take(&mut self) -> Option<Box<P::Out>> {
        self.inner.as_mut()?.take().map(Box::new)
    }
}

impl<T: Deserialize> Deserialize for Box<T> {
    type Place = BoxPlace<T::Place>;
}

/// The [`Place`] of `Vec<T>`: the items so far and the element in progress.
pub struct VecPlace<T: Deserialize> {
    items: Vec<T>,
    elem: T::Place,
    /// An element was begun and not yet moved into `items`.
    pending: bool,
    done: bool,
}

impl<T: Deserialize> Default for VecPlace<T> {
    fn default() -> Self {
        VecPlace {
            items: Vec::new(),
            elem: T::Place::default(),
            pending: false,
            done: false,
        }
    }
}

impl<T: Deserialize> VecPlace<T> {
    #[inline]
    fn flush(&mut self) -> Result<()> {
        if self.pending {
            self.pending = false;
            match self.elem.take() {
                Some(v) => self.items.push(v),
                None => return Err(Error::custom("array element ended without a value")),
            }
        }
        Ok(())
    }
}

impl<T: Deserialize> Visitor for VecPlace<T> {
    fn expecting(&self) -> &'static str {
        "an array"
    }
    #[inline]
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.items = Vec::new();
            self.pending = false;
            self.done = false;
        }
        Ok(self)
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'[') {
            return Err(c.defer());
        }
        let _ = Visitor::seq(self, Enter::Open);
        crate::de::fast::array(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        crate::de::fast::array_resume(self, c)
    }
}

impl<T: Deserialize> Elements for VecPlace<T> {
    #[inline]
    fn element(&mut self, c: &mut Cursor<'_>) -> Fast {
        if let Err(e) = self.flush() {
            return Err(c.fail(e, c.position()));
        }
        match self.elem.fast(c) {
            Ok(()) => match self.elem.take() {
                Some(v) => {
                    self.items.push(v);
                    Ok(())
                }
                None => {
                    self.pending = true;
                    Ok(())
                }
            },
            Err(s) => {
                // Began (`Seq::element` was due): it stays pending.
                self.pending = c.began();
                Err(s)
            }
        }
    }
    fn element_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.elem.fast_resume(c)
    }
    #[inline]
    fn elements_finish(&mut self) -> Result<()> {
        Seq::finish(self)
    }
}

impl<T: Deserialize> Seq for VecPlace<T> {
    #[inline]
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.flush()?;
        self.pending = true;
        Ok(&mut self.elem)
    }
    #[inline]
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.elem)
    }
    #[inline]
    fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.done = true;
        Ok(())
    }
}

impl<T: Deserialize> Place for VecPlace<T> {
    type Out = Vec<T>;
    #[inline]
    fn take(&mut self) -> Option<Vec<T>> {
        if std::mem::replace(&mut self.done, false) {
            Some(std::mem::take(&mut self.items))
        } else {
            None
        }
    }
}

impl<T: Deserialize> Deserialize for Vec<T> {
    type Place = VecPlace<T>;
}

/// String-keyed maps that [`MapPlace`] can fill.
pub trait StringMap<T>: Default {
    /// Whether `k` is present.
    fn has(&self, k: &str) -> bool;
    /// Insert an entry.
    fn put(&mut self, k: String, v: T);
    /// An empty map with room for `n` entries. Default: `Default::default()`.
    fn with_room(n: usize) -> Self {
        let _ = n;
        Self::default()
    }
}

impl<T, S: BuildHasher + Default> StringMap<T> for HashMap<String, T, S> {
    fn has(&self, k: &str) -> bool {
        self.contains_key(k)
    }
    fn put(&mut self, k: String, v: T) {
        self.insert(k, v);
    }
    fn with_room(n: usize) -> Self {
        HashMap::with_capacity_and_hasher(n, S::default())
    }
}

impl<T> StringMap<T> for BTreeMap<String, T> {
    fn has(&self, k: &str) -> bool {
        self.contains_key(k)
    }
    fn put(&mut self, k: String, v: T) {
        self.insert(k, v);
    }
}

/// The [`Place`] of `HashMap<String, T>` and `BTreeMap<String, T>`. A key
/// that appears twice in one object is an error, never a silent overwrite;
/// it is found as it arrives. Entries are staged in a vector reused per
/// thread and moved into a map of the right size at `}`, so a decode
/// allocates what the map owns and no growth steps.
pub struct MapPlace<M, T: Deserialize + 'static> {
    out: M,
    staged: Vec<(String, T)>,
    dups: DupFinder,
    key: String,
    val: T::Place,
    pending: bool,
    done: bool,
}

impl<M: Default, T: Deserialize + 'static> Default for MapPlace<M, T> {
    fn default() -> Self {
        MapPlace {
            out: M::default(),
            staged: Vec::new(),
            dups: DupFinder::default(),
            key: String::new(),
            val: T::Place::default(),
            pending: false,
            done: false,
        }
    }
}

impl<M, T: Deserialize + 'static> Drop for MapPlace<M, T> {
    fn drop(&mut self) {
        give_vec(std::mem::take(&mut self.staged));
    }
}

fn staged_key<T>(e: &(String, T)) -> &str {
    &e.0
}

impl<M: StringMap<T>, T: Deserialize + 'static> MapPlace<M, T> {
    fn flush(&mut self) -> Result<()> {
        if self.pending {
            self.pending = false;
            match self.val.take() {
                Some(v) => {
                    self.staged.push((std::mem::take(&mut self.key), v));
                    self.dups.added(&self.staged, staged_key);
                }
                None => return Err(Error::custom("map entry ended without a value")),
            }
        }
        Ok(())
    }
}

impl<M: StringMap<T>, T: Deserialize + 'static> Visitor for MapPlace<M, T> {
    fn expecting(&self) -> &'static str {
        "an object"
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.out = M::default();
            if self.staged.capacity() == 0 {
                self.staged = take_vec();
            }
            self.staged.clear();
            self.dups.release();
            self.pending = false;
            self.done = false;
        }
        Ok(self)
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'{') {
            return Err(c.defer());
        }
        let _ = Visitor::map(self, Enter::Open);
        crate::de::fast::object(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        crate::de::fast::object_resume(self, c)
    }
}

impl<M: StringMap<T>, T: Deserialize + 'static> Members for MapPlace<M, T> {
    #[inline]
    fn member_key(&mut self, k: &str) -> Result<bool> {
        Map::key(self, k).map(|v| v.is_some())
    }
    #[inline]
    fn member_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.val.fast(c)
    }
    fn member_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.val.fast_resume(c)
    }
    fn member_finish(&mut self) -> Result<()> {
        Map::finish(self)
    }
}

impl<M: StringMap<T>, T: Deserialize + 'static> Map for MapPlace<M, T> {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.flush()?;
        if self.dups.find(&self.staged, staged_key, k).is_some() {
            return Err(Error::invalid_value(format_args!(
                "duplicate key `{}`",
                truncate(k, 64)
            )));
        }
        k.clone_into(&mut self.key);
        self.pending = true;
        Ok(Some(&mut self.val))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.val)
    }
    fn finish(&mut self) -> Result<()> {
        self.flush()?;
        let mut out = M::with_room(self.staged.len());
        for (k, v) in self.staged.drain(..) {
            debug_assert!(!out.has(&k));
            out.put(k, v);
        }
        self.dups.release();
        self.out = out;
        self.done = true;
        Ok(())
    }
}

impl<M: StringMap<T>, T: Deserialize + 'static> Place for MapPlace<M, T> {
    type Out = M;
    fn take(&mut self) -> Option<M> {
        if std::mem::replace(&mut self.done, false) {
            Some(std::mem::take(&mut self.out))
        } else {
            None
        }
    }
}

impl<T: Deserialize + 'static, S: BuildHasher + Default> Deserialize for HashMap<String, T, S>
where
    String: Hash + Eq,
{
    type Place = MapPlace<HashMap<String, T, S>, T>;
}

impl<T: Deserialize + 'static> Deserialize for BTreeMap<String, T> {
    type Place = MapPlace<BTreeMap<String, T>, T>;
}

/// Accepts and discards any value. Returning `None` from [`Map::key`] is the
/// fast way to ignore a value (the scanner skips it without tokens); `Ignore`
/// is for places that must hand out a visitor.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ignore;

impl Visitor for Ignore {
    fn expecting(&self) -> &'static str {
        "any value"
    }
    fn null(&mut self) -> Result<()> {
        Ok(())
    }
    fn boolean(&mut self, _: bool) -> Result<()> {
        Ok(())
    }
    fn string(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
    fn negative(&mut self, _: i64) -> Result<()> {
        Ok(())
    }
    fn nonnegative(&mut self, _: u64) -> Result<()> {
        Ok(())
    }
    fn float(&mut self, _: f64) -> Result<()> {
        Ok(())
    }
    /// Not converted: any number that is valid JSON is accepted, as when a
    /// map skips a value.
    fn number(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
    fn seq(&mut self, _: Enter) -> Result<&mut dyn Seq> {
        Ok(self)
    }
    fn map(&mut self, _: Enter) -> Result<&mut dyn Map> {
        Ok(self)
    }
    /// Every depth is this same place.
    fn flat(&self) -> bool {
        true
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if c.skip_value() {
            Ok(())
        } else {
            Err(c.defer())
        }
    }
}

impl Map for Ignore {
    fn key(&mut self, _: &str) -> Result<Option<&mut dyn Visitor>> {
        Ok(None)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Seq for Ignore {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Place for Ignore {
    type Out = Ignore;
    fn take(&mut self) -> Option<Ignore> {
        Some(Ignore)
    }
}

/// Decoding into `Ignore` checks the JSON and keeps nothing.
impl Deserialize for Ignore {
    type Place = Ignore;
}

/// A value read from one JSON string by its name, such as the enums that
/// [`string_enum!`](crate::string_enum) declares. Its [`Deserialize`] place is
/// [`NamedPlace`].
pub trait FromJsonStr: Sized {
    /// What the string must be, for errors (e.g. "one of `a`, `b`").
    const EXPECTING: &'static str;

    /// The value named `s`, or the error for a name it does not accept.
    fn from_json_str(s: &str) -> Result<Self>;
}

/// The [`Place`] of a [`FromJsonStr`] type.
pub struct NamedPlace<T> {
    out: Option<T>,
}

impl<T> Default for NamedPlace<T> {
    fn default() -> Self {
        NamedPlace { out: None }
    }
}

impl<T: FromJsonStr> Visitor for NamedPlace<T> {
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn expecting(&self) -> &'static str {
        T::EXPECTING
    }
    #[inline]
    fn string(&mut self, s: &str) -> Result<()> {
        self.out = Some(T::from_json_str(s)?);
        Ok(())
    }
}

impl<T: FromJsonStr> Place for NamedPlace<T> {
    type Out = T;
    #[inline]
    fn take(&mut self) -> Option<T> {
        self.out.take()
    }
}

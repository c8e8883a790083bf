//! The other std types a real model uses: fixed arrays, sets, `VecDeque`,
//! tuples, maps whose keys parse from strings, and shared or boxed strings.
//!
//! Rules every one of them keeps: a wrong length, a repeated set element
//! or map key and an unparsable key are errors that name the element or key,
//! never a silent drop.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::hash::{BuildHasher, Hash};

use super::fast::{self, Elements, Members};
use super::{Cursor, Deserialize, Enter, Fast, FromJsonStr, Map, Place, Seq, VecPlace, Visitor};
use crate::error::{Error, Result};

/// A collection built from a JSON array's elements, in order: its
/// [`Place`] is [`SeqPlace`].
pub trait FromElements<T>: Sized {
    /// Most elements accepted (an element past it is an error at once).
    const MAX: usize = usize::MAX;
    /// What the array must be, for errors.
    const EXPECTING: &'static str = "an array";
    /// Build from every element; an error may name the element at fault
    /// with [`Error::within`] (`[3]`).
    fn from_elements(items: Vec<T>) -> Result<Self>;
}

impl<T, const N: usize> FromElements<T> for [T; N] {
    const MAX: usize = N;
    const EXPECTING: &'static str = "an array of fixed length";
    fn from_elements(items: Vec<T>) -> Result<Self> {
        let n = items.len();
        items.try_into().map_err(|_| {
            Error::invalid_value(format_args!("expected an array of {N} elements, found {n}"))
        })
    }
}

impl<T> FromElements<T> for VecDeque<T> {
    fn from_elements(items: Vec<T>) -> Result<Self> {
        Ok(items.into())
    }
}

#[cold]
fn duplicate_element(i: usize) -> Error {
    Error::invalid_value("duplicate element in a set").within(&format!("[{i}]"))
}

impl<T: Eq + Hash, S: BuildHasher + Default> FromElements<T> for HashSet<T, S> {
    fn from_elements(items: Vec<T>) -> Result<Self> {
        let mut set = HashSet::with_capacity_and_hasher(items.len(), S::default());
        for (i, v) in items.into_iter().enumerate() {
            if !set.insert(v) {
                return Err(duplicate_element(i));
            }
        }
        Ok(set)
    }
}

impl<T: Ord> FromElements<T> for BTreeSet<T> {
    fn from_elements(items: Vec<T>) -> Result<Self> {
        let mut set = BTreeSet::new();
        for (i, v) in items.into_iter().enumerate() {
            if !set.insert(v) {
                return Err(duplicate_element(i));
            }
        }
        Ok(set)
    }
}

/// The [`Place`] of a [`FromElements`] collection: the elements are read as
/// for a `Vec`, and the collection is built at `]`.
pub struct SeqPlace<C, T: Deserialize> {
    inner: VecPlace<T>,
    count: usize,
    out: Option<C>,
}

impl<C, T: Deserialize> Default for SeqPlace<C, T> {
    fn default() -> Self {
        SeqPlace {
            inner: VecPlace::default(),
            count: 0,
            out: None,
        }
    }
}

impl<C: FromElements<T>, T: Deserialize> SeqPlace<C, T> {
    fn next_element(&mut self) -> Result<()> {
        if self.count == C::MAX {
            return Err(Error::invalid_value(format_args!(
                "more than {} elements",
                C::MAX
            )));
        }
        self.count += 1;
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        Seq::finish(&mut self.inner)?;
        let items = self.inner.take().unwrap_or_default();
        self.out = Some(C::from_elements(items)?);
        Ok(())
    }
}

impl<C: FromElements<T>, T: Deserialize> Visitor for SeqPlace<C, T> {
    fn expecting(&self) -> &'static str {
        C::EXPECTING
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.count = 0;
            self.out = None;
            self.inner.seq(enter)?;
        }
        Ok(self)
    }
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'[') {
            return Err(c.defer());
        }
        let _ = Visitor::seq(self, Enter::Open);
        fast::array(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        fast::array_resume(self, c)
    }
}

impl<C: FromElements<T>, T: Deserialize> Seq for SeqPlace<C, T> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.next_element()?;
        Seq::element(&mut self.inner)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Seq::resume(&mut self.inner)
    }
    fn finish(&mut self) -> Result<()> {
        self.close()
    }
}

impl<C: FromElements<T>, T: Deserialize> Elements for SeqPlace<C, T> {
    fn element(&mut self, c: &mut Cursor<'_>) -> Fast {
        if c.peek().is_none() {
            // The chunk ended before the element: it may be a `]`.
            return Err(c.defer());
        }
        if let Err(e) = self.next_element() {
            return Err(c.fail(e, c.position()));
        }
        let r = Elements::element(&mut self.inner, c);
        if r.is_err() && !c.began() {
            // Left to the machine, which calls `Seq::element`.
            self.count -= 1;
        }
        r
    }
    fn element_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.inner.element_resume(c)
    }
    fn elements_finish(&mut self) -> Result<()> {
        self.close()
    }
}

impl<C: FromElements<T>, T: Deserialize> Place for SeqPlace<C, T> {
    type Out = C;
    fn take(&mut self) -> Option<C> {
        self.out.take()
    }
}

impl<T: Deserialize, const N: usize> Deserialize for [T; N] {
    type Place = SeqPlace<[T; N], T>;
}

impl<T: Deserialize> Deserialize for VecDeque<T> {
    type Place = SeqPlace<VecDeque<T>, T>;
}

impl<T: Deserialize + Eq + Hash, S: BuildHasher + Default> Deserialize for HashSet<T, S> {
    type Place = SeqPlace<HashSet<T, S>, T>;
}

impl<T: Deserialize + Ord> Deserialize for BTreeSet<T> {
    type Place = SeqPlace<BTreeSet<T>, T>;
}

/// The [`Place`] of a string converted once into `T`: `Box<str>`,
/// `Arc<str>`, `Rc<str>`.
pub struct StrPlace<T> {
    out: Option<T>,
}

impl<T> Default for StrPlace<T> {
    fn default() -> Self {
        StrPlace { out: None }
    }
}

impl<T: for<'a> From<&'a str>> Visitor for StrPlace<T> {
    fn expecting(&self) -> &'static str {
        "a string"
    }
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        c.scalar(self)
    }
    fn string(&mut self, s: &str) -> Result<()> {
        self.out = Some(T::from(s));
        Ok(())
    }
}

impl<T: for<'a> From<&'a str>> Place for StrPlace<T> {
    type Out = T;
    fn take(&mut self) -> Option<T> {
        self.out.take()
    }
}

impl Deserialize for Box<str> {
    type Place = StrPlace<Box<str>>;
}

impl Deserialize for std::sync::Arc<str> {
    type Place = StrPlace<std::sync::Arc<str>>;
}

impl Deserialize for std::rc::Rc<str> {
    type Place = StrPlace<std::rc::Rc<str>>;
}

/// A map key read from an object's key string: integers, `bool`, `char`,
/// and every [`FromJsonStr`] type (the [`string_enum!`](crate::string_enum)
/// enums). `String`-keyed maps have their own place.
pub trait MapKey: Sized {
    /// The key `s`, or why it is not one.
    fn from_key(s: &str) -> Result<Self>;
}

impl<T: FromJsonStr> MapKey for T {
    fn from_key(s: &str) -> Result<Self> {
        T::from_json_str(s)
    }
}

macro_rules! parsed_key {
    ($($t:ty),*) => {$(
        impl MapKey for $t {
            fn from_key(s: &str) -> Result<Self> {
                s.parse().map_err(|_| {
                    Error::invalid_value(format_args!(
                        "key `{}` is not a {}",
                        crate::error::truncate(s, 64),
                        stringify!($t)
                    ))
                })
            }
        }
    )*};
}

parsed_key!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, bool, char);

/// Maps that [`KeyedMapPlace`] fills.
pub trait KeyedMap<K, T>: Default {
    /// Whether `k` is present.
    fn has(&self, k: &K) -> bool;
    /// Insert an entry.
    fn put(&mut self, k: K, v: T);
}

impl<K: Eq + Hash, T, S: BuildHasher + Default> KeyedMap<K, T> for HashMap<K, T, S> {
    fn has(&self, k: &K) -> bool {
        self.contains_key(k)
    }
    fn put(&mut self, k: K, v: T) {
        self.insert(k, v);
    }
}

impl<K: Ord, T> KeyedMap<K, T> for BTreeMap<K, T> {
    fn has(&self, k: &K) -> bool {
        self.contains_key(k)
    }
    fn put(&mut self, k: K, v: T) {
        self.insert(k, v);
    }
}

/// The [`Place`] of a map whose keys parse from strings (`HashMap<u32, T>`,
/// `BTreeMap<Currency, T>`). A key that does not parse, or that repeats
/// (also as another spelling of the same key, such as `1` and `01`), is an
/// error at that key.
pub struct KeyedMapPlace<M, K, T: Deserialize> {
    out: M,
    key: Option<K>,
    val: T::Place,
    done: bool,
}

impl<M: Default, K, T: Deserialize> Default for KeyedMapPlace<M, K, T> {
    fn default() -> Self {
        KeyedMapPlace {
            out: M::default(),
            key: None,
            val: T::Place::default(),
            done: false,
        }
    }
}

impl<M: KeyedMap<K, T>, K: MapKey, T: Deserialize> KeyedMapPlace<M, K, T> {
    fn flush(&mut self) -> Result<()> {
        if let Some(k) = self.key.take() {
            match self.val.take() {
                Some(v) => self.out.put(k, v),
                None => return Err(Error::custom("map entry ended without a value")),
            }
        }
        Ok(())
    }
}

impl<M: KeyedMap<K, T>, K: MapKey, T: Deserialize> Visitor for KeyedMapPlace<M, K, T> {
    fn expecting(&self) -> &'static str {
        "an object"
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.out = M::default();
            self.key = None;
            self.done = false;
        }
        Ok(self)
    }
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'{') {
            return Err(c.defer());
        }
        let _ = Visitor::map(self, Enter::Open);
        fast::object(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        fast::object_resume(self, c)
    }
}

impl<M: KeyedMap<K, T>, K: MapKey, T: Deserialize> Map for KeyedMapPlace<M, K, T> {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.flush()?;
        let key = K::from_key(k)?;
        if self.out.has(&key) {
            return Err(Error::invalid_value(format_args!(
                "duplicate key `{}`",
                crate::error::truncate(k, 64)
            )));
        }
        self.key = Some(key);
        Ok(Some(&mut self.val))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.val)
    }
    fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.done = true;
        Ok(())
    }
}

impl<M: KeyedMap<K, T>, K: MapKey, T: Deserialize> Members for KeyedMapPlace<M, K, T> {
    fn member_key(&mut self, k: &str) -> Result<bool> {
        Map::key(self, k).map(|v| v.is_some())
    }
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

impl<M: KeyedMap<K, T>, K: MapKey, T: Deserialize> Place for KeyedMapPlace<M, K, T> {
    type Out = M;
    fn take(&mut self) -> Option<M> {
        if std::mem::replace(&mut self.done, false) {
            Some(std::mem::take(&mut self.out))
        } else {
            None
        }
    }
}

impl<K: MapKey + Eq + Hash, T: Deserialize, S: BuildHasher + Default> Deserialize
    for HashMap<K, T, S>
{
    type Place = KeyedMapPlace<HashMap<K, T, S>, K, T>;
}

impl<K: MapKey + Ord, T: Deserialize> Deserialize for BTreeMap<K, T> {
    type Place = KeyedMapPlace<BTreeMap<K, T>, K, T>;
}

/// A tuple of [`Deserialize`] types: the places of its elements.
pub trait TupleParts {
    /// One place per element.
    type Places: Default;
}

/// The [`Place`] of a tuple: an array of exactly its length.
pub struct TuplePlace<T: TupleParts> {
    places: T::Places,
    /// Elements begun.
    at: usize,
    done: bool,
}

impl<T: TupleParts> Default for TuplePlace<T> {
    fn default() -> Self {
        TuplePlace {
            places: T::Places::default(),
            at: 0,
            done: false,
        }
    }
}

macro_rules! tuple {
    ($n:literal => $($t:ident $i:tt),+) => {
        impl<$($t: Deserialize),+> TupleParts for ($($t,)+) {
            type Places = ($($t::Place,)+);
        }

        impl<$($t: Deserialize),+> Visitor for TuplePlace<($($t,)+)> {
            fn expecting(&self) -> &'static str {
                concat!("an array of ", $n, " elements")
            }
            fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
                if enter == Enter::Open {
                    self.at = 0;
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
                fast::array(self, c)
            }
            fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
                fast::array_resume(self, c)
            }
        }

        impl<$($t: Deserialize),+> Elements for TuplePlace<($($t,)+)> {
            #[inline]
            fn element(&mut self, c: &mut Cursor<'_>) -> Fast {
                if c.peek().is_none() {
                    // The chunk ended before the element: it may be a `]`.
                    return Err(c.defer());
                }
                self.at += 1;
                let r = match self.at - 1 {
                    $( $i => self.places.$i.fast(c), )+
                    _ => Err(c.fail(
                        Error::invalid_value(concat!("expected an array of ", $n, " elements, found more")),
                        c.position(),
                    )),
                };
                if r.is_err() && !c.began() {
                    // Left to the machine, which calls `Seq::element`.
                    self.at -= 1;
                }
                r
            }
            fn element_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
                match self.at.checked_sub(1) {
                    $( Some($i) => self.places.$i.fast_resume(c), )+
                    _ => Err(c.defer()),
                }
            }
            fn elements_finish(&mut self) -> Result<()> {
                Seq::finish(self)
            }
        }

        impl<$($t: Deserialize),+> Seq for TuplePlace<($($t,)+)> {
            fn element(&mut self) -> Result<&mut dyn Visitor> {
                self.at += 1;
                match self.at - 1 {
                    $( $i => Ok(&mut self.places.$i), )+
                    _ => Err(Error::invalid_value(concat!("expected an array of ", $n, " elements, found more"))),
                }
            }
            fn resume(&mut self) -> Option<&mut dyn Visitor> {
                match self.at.checked_sub(1)? {
                    $( $i => Some(&mut self.places.$i), )+
                    _ => None,
                }
            }
            fn finish(&mut self) -> Result<()> {
                if self.at != $n {
                    return Err(Error::invalid_value(format_args!(
                        "expected an array of {} elements, found {}",
                        $n, self.at
                    )));
                }
                self.done = true;
                Ok(())
            }
        }

        impl<$($t: Deserialize),+> Place for TuplePlace<($($t,)+)> {
            type Out = ($($t,)+);
            fn take(&mut self) -> Option<($($t,)+)> {
                if !std::mem::replace(&mut self.done, false) {
                    return None;
                }
                Some(($(self.places.$i.take()?,)+))
            }
        }

        impl<$($t: Deserialize),+> Deserialize for ($($t,)+) {
            type Place = TuplePlace<($($t,)+)>;
        }
    };
}

tuple!(1 => A 0);
tuple!(2 => A 0, B 1);
tuple!(3 => A 0, B 1, C 2);
tuple!(4 => A 0, B 1, C 2, D 3);
tuple!(5 => A 0, B 1, C 2, D 3, E 4);
tuple!(6 => A 0, B 1, C 2, D 3, E 4, F 5);

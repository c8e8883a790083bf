//! What a type is: the traits a decoded type implements, and their impls for
//! std types. The format (bytes, tokens) lives in the private `scan` module; the
//! [`Decoder`](crate::Decoder) connects the two.
//!
//! The shape is miniserde's (`Deserialize::begin` hands out a `&mut dyn
//! Visitor`, containers are [`Map`] and [`Seq`]) with one change that makes
//! the core both faster and free of `unsafe`: a value is built in a
//! [`Place`] that lives *inline* in its parent's builder. `Visitor::map` hands
//! back that inline builder instead of a fresh `Box`, and because nothing
//! borrows across calls, the decoder can stop at any byte and find its way
//! back in with the `resume*` methods.
//!
//! ```
//! use streamde::de::{Deserialize, MapBuilder, ObjectDeser, Visitor};
//! use streamde::Error;
//!
//! // Usually written by `streamde::object!`; by hand it looks like this.
//! #[derive(Debug, PartialEq)]
//! struct Point { x: i64, y: i64 }
//!
//! #[derive(Default)]
//! struct PointBuilder {
//!     x: <i64 as Deserialize>::Place,
//!     y: <i64 as Deserialize>::Place,
//!     cur: u8,
//! }
//!
//! impl MapBuilder for PointBuilder {
//!     type Out = Point;
//!     fn deser_default() -> Self { Self::default() }
//!     fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>, Error> {
//!         Ok(match k {
//!             "x" => { self.cur = 1; Some(&mut self.x) }
//!             "y" => { self.cur = 2; Some(&mut self.y) }
//!             _ => None, // unknown keys are skipped by the scanner
//!         })
//!     }
//!     fn resume(&mut self) -> Option<&mut dyn Visitor> {
//!         match self.cur { 1 => Some(&mut self.x), 2 => Some(&mut self.y), _ => None }
//!     }
//!     fn take_out(&mut self) -> Result<Point, Error> {
//!         use streamde::de::Place;
//!         Ok(Point {
//!             x: self.x.take().ok_or_else(|| Error::missing_field("x"))?,
//!             y: self.y.take().ok_or_else(|| Error::missing_field("y"))?,
//!         })
//!     }
//! }
//! impl ObjectDeser for Point { type Builder = PointBuilder; }
//! impl Deserialize for Point { type Place = streamde::de::ObjectPlace<PointBuilder>; }
//!
//! let p: Point = streamde::from_str(r#"{"y": 2, "x": 1, "z": [true]}"#).unwrap();
//! assert_eq!(p, Point { x: 1, y: 2 });
//! ```

mod collections;
pub(crate) mod dup;
pub(crate) mod fast;
mod impls;
pub(crate) mod replay;
pub(crate) mod tape;
mod union;

/// The places of [`Value`](crate::Value): the whole value, and an object
/// member by member (its [`ObjectDeser`] builder).
pub use crate::value::{ObjectBuilder, ValuePlace};
pub use collections::{
    FromElements, KeyedMap, KeyedMapPlace, MapKey, SeqPlace, StrPlace, TupleParts, TuplePlace,
};
pub use fast::{Cursor, Fast, Stop};
pub use impls::{
    BoxPlace, FromJsonStr, Ignore, MapPlace, NamedPlace, OptionPlace, Slot, StringMap, VecPlace,
};
pub use union::{UnionPlace, Variants};

use crate::error::{Error, Result, Unexpected};

/// A type that can be decoded from JSON.
pub trait Deserialize: Sized {
    /// Where a value of this type is assembled while its JSON arrives. It is
    /// stored inline in the parent's builder, so nesting costs no allocation.
    type Place: Place<Out = Self>;
}

/// Inline storage for a value being decoded: a [`Visitor`] that, once it has
/// seen a complete value, gives it up with [`take`](Place::take).
pub trait Place: Visitor + Default {
    /// The decoded type.
    type Out;

    /// Take the finished value out, leaving the place ready for reuse.
    /// `None` if no complete value was received (for `Option<T>`, absence is
    /// `Some(None)`). While a value is only partly received it must return
    /// `None` and change nothing: item-by-item decoders poll it.
    fn take(&mut self) -> Option<Self::Out>;
}

/// How the decoder reaches a container through [`Visitor::map`] or
/// [`Visitor::seq`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enter {
    /// The container opens here: start a fresh builder.
    Open,
    /// The decoder comes back to the container the same visitor opened
    /// (after a chunk boundary, or after a nested value on the other path):
    /// return the builder as it is.
    Resume,
}

/// Receives one JSON value. Every method defaults to an "invalid type" error
/// that names [`expecting`](Visitor::expecting) and what was found.
pub trait Visitor {
    /// What this visitor accepts, for error messages ("a boolean", "u8", ...).
    fn expecting(&self) -> &'static str {
        "a different type"
    }

    /// `null`.
    fn null(&mut self) -> Result<()> {
        Err(Error::invalid_type(Unexpected::Null, self.expecting()))
    }

    /// `true` or `false`.
    fn boolean(&mut self, b: bool) -> Result<()> {
        Err(Error::invalid_type(Unexpected::Bool(b), self.expecting()))
    }

    /// A string, already unescaped. A slice of the caller's input whenever
    /// the string had no escapes and lay in one chunk.
    fn string(&mut self, s: &str) -> Result<()> {
        Err(Error::invalid_type(Unexpected::Str(s), self.expecting()))
    }

    /// A negative integer that fits `i64`.
    fn negative(&mut self, n: i64) -> Result<()> {
        Err(Error::invalid_type(
            Unexpected::Negative(n),
            self.expecting(),
        ))
    }

    /// A non-negative integer that fits `u64`.
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        Err(Error::invalid_type(
            Unexpected::Nonnegative(n),
            self.expecting(),
        ))
    }

    /// A number with a fraction or exponent (or `-0`), as `f64`. The decoder
    /// calls it through [`number`](Visitor::number)'s default.
    fn float(&mut self, n: f64) -> Result<()> {
        Err(Error::invalid_type(Unexpected::Float(n), self.expecting()))
    }

    /// Any number that is not an integer fitting `u64`/`i64`, exactly as
    /// written in the input: a fraction or exponent, `-0`, or a wider integer.
    /// The default converts it to the nearest `f64` (correctly rounded, once)
    /// and calls [`float`](Visitor::float); a number beyond `f64`'s range,
    /// such as `1e400` (valid JSON), is an [`InvalidValue`](crate::Category::InvalidValue)
    /// error. Override it to convert differently: `f32` rounds the text
    /// once, `u128`/`i128` keep every digit.
    fn number(&mut self, text: &str) -> Result<()> {
        match crate::scan::float::parse_f64(text) {
            Some(f) if f.is_finite() => self.float(f),
            _ => Err(Error::number_out_of_range(text, "f64")),
        }
    }

    /// A number that [`number`](Visitor::number) would receive, whose
    /// nearest `f64` the decoder already computed while it read the digits:
    /// `nearest` is finite and exactly what converting `text` gives. The
    /// default hands `text` to [`number`](Visitor::number), so a visitor that
    /// overrides only `number` still sees every such number as written;
    /// visitors that want the `f64` (such as `f64` itself and `Value`)
    /// override this to skip a second conversion.
    #[inline]
    fn number_f64(&mut self, text: &str, nearest: f64) -> Result<()> {
        let _ = nearest;
        self.number(text)
    }

    /// An array: return the sequence builder, stored inline. The one way in,
    /// whether the array opens here ([`Enter::Open`]: start afresh) or the
    /// decoder comes back to the array this call opened ([`Enter::Resume`],
    /// after a chunk boundary or a nested value: keep everything). The
    /// default refuses arrays; it is never asked to resume one.
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        let _ = enter;
        Err(Error::invalid_type(Unexpected::Seq, self.expecting()))
    }

    /// An object: return the map builder, stored inline. As for
    /// [`seq`](Visitor::seq), `enter` says whether it opens here or is
    /// re-entered; only [`Enter::Open`] may reset the builder.
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        let _ = enter;
        Err(Error::invalid_type(Unexpected::Map, self.expecting()))
    }

    /// Whether this visitor receives every value nested inside the container
    /// it opened itself, keeping the open levels on its own stack, so that
    /// [`map`](Visitor::map)/[`seq`](Visitor::seq) with [`Enter::Resume`]
    /// return the *innermost* open container at any depth (as `Value`'s and
    /// [`Ignore`]'s places do). The decoder then re-enters at this visitor
    /// instead of walking down every level, which keeps deep input linear.
    /// Default `false`.
    fn flat(&self) -> bool {
        false
    }

    /// The key of the member that chooses how the object this visitor opens
    /// is read (a tagged union's tag): a replay of held values hands that
    /// member out first when it can, so the union holds nothing again.
    #[doc(hidden)]
    fn tag_key(&self) -> Option<&'static str> {
        None
    }

    /// Whether the object or array this visitor opens wants to know where
    /// each of its values begins: the decoder then calls
    /// [`value_at`](Visitor::value_at) on the visitor of each member or
    /// element before handing it the value (a place that keeps values to
    /// check later, such as a tagged union's, can then report an error at
    /// the position of the bytes at fault). Default `false`.
    fn wants_positions(&self) -> bool {
        false
    }

    /// Where the value this visitor is about to receive begins (called only
    /// inside a container whose visitor [wants positions](Visitor::wants_positions)).
    #[inline]
    fn value_at(&mut self, at: crate::Position) {
        let _ = at;
    }

    /// The fast path (see [`Cursor`]): decode one whole value from the
    /// cursor, which stands at its first byte, making the same calls on
    /// `self` that the machine would. The default leaves every value to the
    /// machine ([`Cursor::defer`]).
    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        Err(c.defer())
    }

    /// The fast path re-entering the container this visitor opened (after a
    /// chunk boundary, or after the machine read a value the fast path left
    /// to it). The default leaves the container to the machine
    /// ([`Cursor::no_resume`]).
    #[inline]
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        Err(c.no_resume())
    }
}

/// An object being decoded.
pub trait Map {
    /// A key arrived. Return the visitor for its value, or `None` to have the
    /// value skipped (checked for syntax, never built or allocated).
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>>;

    /// The visitor returned by the last [`key`](Map::key), for re-entering a
    /// nested value.
    fn resume(&mut self) -> Option<&mut dyn Visitor>;

    /// The closing `}`: check that the object is complete.
    fn finish(&mut self) -> Result<()>;

    /// Where the next key begins (called before [`key`](Map::key) only for
    /// an object whose visitor [wants positions](Visitor::wants_positions)).
    #[doc(hidden)]
    #[inline]
    fn key_at(&mut self, at: crate::Position) {
        let _ = at;
    }
}

/// An array being decoded.
pub trait Seq {
    /// The next element begins: return its visitor.
    fn element(&mut self) -> Result<&mut dyn Visitor>;

    /// The visitor returned by the last [`element`](Seq::element).
    fn resume(&mut self) -> Option<&mut dyn Visitor>;

    /// The closing `]`.
    fn finish(&mut self) -> Result<()>;
}

/// A type decoded from a JSON object by a builder that is filled field by
/// field as keys arrive (the Stripe SDK's pattern).
pub trait ObjectDeser: Sized {
    /// The builder.
    type Builder: MapBuilder<Out = Self>;
}

/// The builder of an [`ObjectDeser`] type.
pub trait MapBuilder: Sized {
    /// The type built.
    type Out;

    /// An empty builder, before the first key.
    fn deser_default() -> Self;

    /// A key arrived: the visitor for its value, or `None` to skip it.
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>>;

    /// The visitor the last `key` returned (see [`Map::resume`]).
    fn resume(&mut self) -> Option<&mut dyn Visitor>;

    /// The object closed: build the value, or say which field is missing
    /// (`Error::missing_field`).
    fn take_out(&mut self) -> Result<Self::Out>;

    /// The fast path for the value of the key that the last
    /// [`key`](MapBuilder::key) accepted (see [`Visitor::fast`]). The default
    /// calls the visitor [`resume`](MapBuilder::resume) returns; `object!`
    /// generates a direct call per field.
    #[inline]
    fn fast_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        match self.resume() {
            Some(v) => v.fast(c),
            None => Err(c.defer()),
        }
    }

    /// Re-enter that value, a container the machine opened (see
    /// [`Visitor::fast_resume`]).
    #[inline]
    fn fast_resume_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        match self.resume() {
            Some(v) => v.fast_resume(c),
            None => Err(c.no_resume()),
        }
    }

    /// Make ready for the next object after a successful
    /// [`take_out`](MapBuilder::take_out), which left every field place
    /// empty: only the bookkeeping needs resetting. The default rebuilds.
    fn reset_after_take(&mut self) {
        *self = Self::deser_default();
    }
}

/// The [`Place`] of any [`ObjectDeser`] type: its builder, stored inline.
pub struct ObjectPlace<B: MapBuilder> {
    builder: B,
    out: Option<B::Out>,
    /// The builder is fresh or its last `take_out` succeeded.
    clean: bool,
}

impl<B: MapBuilder> Default for ObjectPlace<B> {
    fn default() -> Self {
        ObjectPlace {
            builder: B::deser_default(),
            out: None,
            clean: true,
        }
    }
}

impl<B: MapBuilder> ObjectPlace<B> {
    /// The builder, between chunks (e.g. to drain items a builder streams out).
    pub fn builder_mut(&mut self) -> &mut B {
        &mut self.builder
    }
}

impl<B: MapBuilder> Visitor for ObjectPlace<B> {
    fn expecting(&self) -> &'static str {
        "an object"
    }

    #[inline]
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            if self.clean {
                self.builder.reset_after_take();
            } else {
                self.builder = B::deser_default();
            }
            self.clean = false;
            self.out = None;
        }
        Ok(self)
    }

    #[inline]
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

impl<B: MapBuilder> fast::Members for ObjectPlace<B> {
    #[inline]
    fn member_key(&mut self, k: &str) -> Result<bool> {
        self.builder.key(k).map(|v| v.is_some())
    }
    #[inline]
    fn member_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.builder.fast_value(c)
    }
    fn member_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.builder.fast_resume_value(c)
    }
    #[inline]
    fn member_finish(&mut self) -> Result<()> {
        Map::finish(self)
    }
}

impl<B: MapBuilder> Map for ObjectPlace<B> {
    #[inline]
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.builder.key(k)
    }

    #[inline]
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        self.builder.resume()
    }

    #[inline]
    fn finish(&mut self) -> Result<()> {
        self.out = Some(self.builder.take_out()?);
        self.clean = true;
        Ok(())
    }
}

impl<B: MapBuilder> Place for ObjectPlace<B> {
    type Out = B::Out;

    #[inline]
    fn take(&mut self) -> Option<B::Out> {
        self.out.take()
    }
}

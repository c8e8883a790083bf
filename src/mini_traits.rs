//! miniserde's own traits on streamde's types (feature `miniserde`):
//! `miniserde::json::from_str::<AccountSession>` and
//! `miniserde::json::to_string(&session)` work, and give what streamde
//! gives.
//!
//! Reading: miniserde's calls are recorded on streamde's compact [`Tape`]
//! (no recursion), and when the root value is complete the tape is
//! replayed into the type's own streamde place (the replay that
//! [`from_value`](crate::from_value) and tagged unions use). So a type read
//! through miniserde follows streamde's rules exactly: a repeated key, a
//! wrong tag or a missing field is rejected as streamde rejects it (with
//! miniserde's error, which carries no detail).
//!
//! Writing: the type writes its JSON with streamde's writer, the text is
//! read back as a [`Value`], and miniserde walks that value. A `Value`
//! itself is walked in place.
//!
//! No `unsafe` here: the one cast miniserde's design needs (its visitor
//! must be reachable from `&mut Option<T>`) is [`crate::mini::place`].

use std::borrow::Cow;

use miniserde::de::{Map as MiniMap, Seq as MiniSeq, Visitor as MiniVisitor};
use miniserde::ser::{Fragment, Map as MiniSerMap, Seq as MiniSerSeq};

use crate::de::replay::replay;
use crate::de::tape::Tape;
use crate::de::{Deserialize, Enter, Map, Place as _, Seq, Visitor};
use crate::mini::Place;
use crate::{Limits, Serialize, SmallString, Value};

/// streamde's error as miniserde's (which carries no detail).
fn mini<T>(r: crate::Result<T>) -> miniserde::Result<T> {
    r.map_err(|_| miniserde::Error)
}

/// Replay the recorded value into `T`'s streamde place, nested at most as
/// deep as the `MiniDecoder` that reads it allows (streamde's default
/// limit, 128, under miniserde's own reader).
fn decode<T: Deserialize>(tape: &Tape) -> miniserde::Result<T> {
    let mut place = T::Place::default();
    mini(replay(
        &mut tape.events(),
        &mut place,
        crate::mini::depth_limit(),
    ))?;
    place.take().ok_or(miniserde::Error)
}

/// miniserde's calls for one value are recorded on streamde's own tape
/// (the one tagged unions hold their members on), which is its own
/// visitor at every depth: a nested container's builder borrows the tape
/// and appends.
impl MiniVisitor for Tape {
    fn null(&mut self) -> miniserde::Result<()> {
        mini(Visitor::null(self))
    }
    fn boolean(&mut self, b: bool) -> miniserde::Result<()> {
        mini(Visitor::boolean(self, b))
    }
    fn string(&mut self, s: &str) -> miniserde::Result<()> {
        mini(Visitor::string(self, s))
    }
    fn negative(&mut self, n: i64) -> miniserde::Result<()> {
        mini(Visitor::negative(self, n))
    }
    fn nonnegative(&mut self, n: u64) -> miniserde::Result<()> {
        mini(Visitor::nonnegative(self, n))
    }
    fn float(&mut self, n: f64) -> miniserde::Result<()> {
        mini(Visitor::float(self, n))
    }
    fn seq(&mut self) -> miniserde::Result<Box<dyn MiniSeq + '_>> {
        mini(Visitor::seq(self, Enter::Open).map(|_| ()))?;
        Ok(Box::new(Nested(self)))
    }
    fn map(&mut self) -> miniserde::Result<Box<dyn MiniMap + '_>> {
        mini(Visitor::map(self, Enter::Open).map(|_| ()))?;
        Ok(Box::new(Nested(self)))
    }
}

/// The builder of a container inside the root value: it appends to the tape.
struct Nested<'t>(&'t mut Tape);

impl MiniMap for Nested<'_> {
    fn key(&mut self, k: &str) -> miniserde::Result<&mut dyn MiniVisitor> {
        mini(self.0.key(k))?;
        Ok(&mut *self.0)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        mini(Map::finish(self.0))
    }
}

impl MiniSeq for Nested<'_> {
    fn element(&mut self) -> miniserde::Result<&mut dyn MiniVisitor> {
        Ok(&mut *self.0)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        mini(Seq::finish(self.0))
    }
}

/// The builder of the root container: it owns the tape and, at its close,
/// decodes the value into the output slot.
struct Root<'a, T> {
    out: &'a mut Option<T>,
    tape: Tape,
}

impl<T: Deserialize> MiniMap for Root<'_, T> {
    fn key(&mut self, k: &str) -> miniserde::Result<&mut dyn MiniVisitor> {
        mini(self.tape.key(k))?;
        Ok(&mut self.tape)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        mini(Map::finish(&mut self.tape))?;
        *self.out = Some(decode(&self.tape)?);
        Ok(())
    }
}

impl<T: Deserialize> MiniSeq for Root<'_, T> {
    fn element(&mut self) -> miniserde::Result<&mut dyn MiniVisitor> {
        Ok(&mut self.tape)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        mini(Seq::finish(&mut self.tape))?;
        *self.out = Some(decode(&self.tape)?);
        Ok(())
    }
}

/// A tape within the held limit of the decode that runs (the default
/// outside one).
fn tape() -> Tape {
    let mut t = Tape::default();
    t.reset(crate::limits::held_limit());
    t
}

impl<T: Deserialize> Place<T> {
    /// A scalar root value: recorded, then decoded.
    fn scalar(
        &mut self,
        record: impl FnOnce(&mut Tape) -> crate::Result<()>,
    ) -> miniserde::Result<()> {
        let mut t = tape();
        mini(record(&mut t))?;
        self.out = Some(decode(&t)?);
        Ok(())
    }

    fn root(&mut self, map: bool) -> miniserde::Result<Root<'_, T>> {
        let mut tape = tape();
        if map {
            mini(Visitor::map(&mut tape, Enter::Open).map(|_| ()))?;
        } else {
            mini(Visitor::seq(&mut tape, Enter::Open).map(|_| ()))?;
        }
        Ok(Root {
            out: &mut self.out,
            tape,
        })
    }
}

impl<T: Deserialize> MiniVisitor for Place<T> {
    fn null(&mut self) -> miniserde::Result<()> {
        self.scalar(Visitor::null)
    }
    fn boolean(&mut self, b: bool) -> miniserde::Result<()> {
        self.scalar(|t| Visitor::boolean(t, b))
    }
    fn string(&mut self, s: &str) -> miniserde::Result<()> {
        self.scalar(|t| Visitor::string(t, s))
    }
    fn negative(&mut self, n: i64) -> miniserde::Result<()> {
        self.scalar(|t| Visitor::negative(t, n))
    }
    fn nonnegative(&mut self, n: u64) -> miniserde::Result<()> {
        self.scalar(|t| Visitor::nonnegative(t, n))
    }
    fn float(&mut self, n: f64) -> miniserde::Result<()> {
        self.scalar(|t| Visitor::float(t, n))
    }
    fn seq(&mut self) -> miniserde::Result<Box<dyn MiniSeq + '_>> {
        Ok(Box::new(self.root(false)?))
    }
    fn map(&mut self) -> miniserde::Result<Box<dyn MiniMap + '_>> {
        Ok(Box::new(self.root(true)?))
    }
}

/// `miniserde::Deserialize::begin` for a type that implements streamde's
/// [`Deserialize`] (feature `miniserde`): what `object!`, `string_enum!` and
/// `tagged_union!` generate, for hand-written types:
/// `fn begin(out: &mut Option<Self>) -> &mut dyn miniserde::de::Visitor {
/// streamde::miniserde_begin(out) }`.
pub fn begin<T: Deserialize>(out: &mut Option<T>) -> &mut dyn MiniVisitor {
    crate::mini::place(out)
}

/// `miniserde::Serialize::begin` for a type that implements streamde's
/// [`Serialize`] (feature `miniserde`): its JSON text read back as a
/// `Value` that the fragment owns. The text is read back without limits
/// (any depth, any length), so whatever the writer wrote is walked.
///
/// # Panics
///
/// If the type's [`Serialize`] impl writes text that is not JSON (a
/// hand-written impl's bug; `object!`, the enums and `Value` always write
/// JSON).
pub fn fragment<T: Serialize + ?Sized>(value: &T) -> Fragment<'static> {
    let text = crate::to_string(value);
    let mut d = crate::Decoder::<Value>::with_limits(Limits::unlimited());
    match d.feed(text.as_bytes()).and_then(|()| d.finish()) {
        Ok(v) => owned(v),
        Err(e) => panic!("a streamde Serialize impl wrote text that is not JSON ({e}): {text}"),
    }
}

fn number(n: crate::Number) -> Fragment<'static> {
    match n {
        crate::Number::PosInt(n) => Fragment::U64(n),
        crate::Number::NegInt(n) => Fragment::I64(n),
        crate::Number::Float(f) => Fragment::F64(f),
    }
}

fn owned(mut v: Value) -> Fragment<'static> {
    match &mut v {
        Value::Null => Fragment::Null,
        Value::Bool(b) => Fragment::Bool(*b),
        Value::Number(n) => number(*n),
        Value::String(s) => Fragment::Str(Cow::Owned(std::mem::take(s).into_string())),
        Value::Array(items) => Fragment::Seq(Box::new(OwnedSeq {
            items: std::mem::take(items),
            at: 0,
        })),
        Value::Object(o) => Fragment::Map(Box::new(OwnedMap {
            members: o.take_members(),
            at: 0,
        })),
    }
}

struct OwnedSeq {
    items: Vec<Value>,
    at: usize,
}

impl MiniSerSeq for OwnedSeq {
    fn next(&mut self) -> Option<&dyn miniserde::Serialize> {
        let v = self.items.get(self.at)?;
        self.at += 1;
        Some(v)
    }
}

struct OwnedMap {
    members: Vec<(SmallString, Value)>,
    at: usize,
}

impl MiniSerMap for OwnedMap {
    fn next(&mut self) -> Option<(Cow<'_, str>, &dyn miniserde::Serialize)> {
        let (k, v) = self.members.get(self.at)?;
        self.at += 1;
        Some((Cow::Borrowed(k.as_str()), v))
    }
}

struct SliceSeq<'a>(std::slice::Iter<'a, Value>);

impl MiniSerSeq for SliceSeq<'_> {
    fn next(&mut self) -> Option<&dyn miniserde::Serialize> {
        self.0.next().map(|v| v as &dyn miniserde::Serialize)
    }
}

struct ObjectMap<'a>(std::slice::Iter<'a, (SmallString, Value)>);

impl MiniSerMap for ObjectMap<'_> {
    fn next(&mut self) -> Option<(Cow<'_, str>, &dyn miniserde::Serialize)> {
        self.0
            .next()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), v as &dyn miniserde::Serialize))
    }
}

/// A `Value` is walked in place.
impl miniserde::Serialize for Value {
    fn begin(&self) -> Fragment<'_> {
        match self {
            Value::Null => Fragment::Null,
            Value::Bool(b) => Fragment::Bool(*b),
            Value::Number(n) => number(*n),
            Value::String(s) => Fragment::Str(Cow::Borrowed(s.as_str())),
            Value::Array(items) => Fragment::Seq(Box::new(SliceSeq(items.iter()))),
            Value::Object(o) => Fragment::Map(Box::new(ObjectMap(o.members().iter()))),
        }
    }
}

/// Read with streamde's rules for `Value` (a repeated key keeps its first
/// position and its last value; nesting is limited by [`Limits`]).
impl miniserde::Deserialize for Value {
    fn begin(out: &mut Option<Self>) -> &mut dyn MiniVisitor {
        begin(out)
    }
}

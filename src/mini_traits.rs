//! miniserde's own traits on streamde's types (feature `miniserde`):
//! `miniserde::json::from_str::<AccountSession>` and
//! `miniserde::json::to_string(&session)` work, and give what streamde
//! gives.
//!
//! Reading: miniserde's calls are recorded on a [`Tape`] (events and their
//! text, no recursion), and when the root value is complete the tape is
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

use crate::de::replay::{replay, Ev, Source};
use crate::de::{Deserialize, Place as _};
use crate::error::Position;
use crate::mini::Place;
use crate::{Limits, Serialize, SmallString, Value};

/// One recorded call; strings are ranges of [`Tape::text`].
#[derive(Clone, Copy)]
enum Item {
    Null,
    Bool(bool),
    Str(usize, usize),
    U64(u64),
    I64(i64),
    F64(f64),
    Map,
    Key(usize, usize),
    EndMap,
    Seq,
    EndSeq,
}

/// miniserde's calls for one value, in order. It is its own visitor at
/// every depth: a nested container's builder borrows the tape and appends.
#[derive(Default)]
pub(crate) struct Tape {
    items: Vec<Item>,
    text: String,
}

impl Tape {
    fn push(&mut self, it: Item) -> miniserde::Result<()> {
        self.items.push(it);
        Ok(())
    }

    fn text(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    /// Replay the recorded value into `T`'s streamde place, nested at most
    /// as deep as the `MiniDecoder` that reads it allows (streamde's default
    /// limit, 128, under miniserde's own reader).
    fn decode<T: Deserialize>(&self) -> miniserde::Result<T> {
        let mut place = T::Place::default();
        let mut src = TapeSource { tape: self, at: 0 };
        replay(&mut src, &mut place, crate::mini::depth_limit()).map_err(|_| miniserde::Error)?;
        place.take().ok_or(miniserde::Error)
    }
}

struct TapeSource<'t> {
    tape: &'t Tape,
    at: usize,
}

impl<'t> Source<'t> for TapeSource<'t> {
    fn next(&mut self) -> Option<(Ev<'t>, Option<Position>)> {
        let it = *self.tape.items.get(self.at)?;
        self.at += 1;
        let text = &self.tape.text;
        let ev = match it {
            Item::Null => Ev::Null,
            Item::Bool(b) => Ev::Bool(b),
            Item::Str(a, b) => Ev::Str(&text[a..b]),
            Item::U64(n) => Ev::U64(n),
            Item::I64(n) => Ev::I64(n),
            Item::F64(f) => Ev::F64(f),
            Item::Map => Ev::Map,
            Item::Key(a, b) => Ev::Key(&text[a..b]),
            Item::EndMap => Ev::EndMap,
            Item::Seq => Ev::Seq,
            Item::EndSeq => Ev::EndSeq,
        };
        Some((ev, None))
    }
}

impl MiniVisitor for Tape {
    fn null(&mut self) -> miniserde::Result<()> {
        self.push(Item::Null)
    }
    fn boolean(&mut self, b: bool) -> miniserde::Result<()> {
        self.push(Item::Bool(b))
    }
    fn string(&mut self, s: &str) -> miniserde::Result<()> {
        let (a, b) = self.text(s);
        self.push(Item::Str(a, b))
    }
    fn negative(&mut self, n: i64) -> miniserde::Result<()> {
        self.push(Item::I64(n))
    }
    fn nonnegative(&mut self, n: u64) -> miniserde::Result<()> {
        self.push(Item::U64(n))
    }
    fn float(&mut self, n: f64) -> miniserde::Result<()> {
        self.push(Item::F64(n))
    }
    fn seq(&mut self) -> miniserde::Result<Box<dyn MiniSeq + '_>> {
        self.push(Item::Seq)?;
        Ok(Box::new(Nested(self)))
    }
    fn map(&mut self) -> miniserde::Result<Box<dyn MiniMap + '_>> {
        self.push(Item::Map)?;
        Ok(Box::new(Nested(self)))
    }
}

/// The builder of a container inside the root value: it appends to the tape.
struct Nested<'t>(&'t mut Tape);

impl MiniMap for Nested<'_> {
    fn key(&mut self, k: &str) -> miniserde::Result<&mut dyn MiniVisitor> {
        let (a, b) = self.0.text(k);
        self.0.push(Item::Key(a, b))?;
        Ok(&mut *self.0)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.0.push(Item::EndMap)
    }
}

impl MiniSeq for Nested<'_> {
    fn element(&mut self) -> miniserde::Result<&mut dyn MiniVisitor> {
        Ok(&mut *self.0)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.0.push(Item::EndSeq)
    }
}

/// The builder of the root container: it owns the tape and, at its close,
/// decodes the value into the output slot.
struct Root<'a, T> {
    out: &'a mut Option<T>,
    tape: Tape,
}

impl<T: Deserialize> Root<'_, T> {
    fn close(&mut self, end: Item) -> miniserde::Result<()> {
        self.tape.push(end)?;
        *self.out = Some(self.tape.decode()?);
        Ok(())
    }
}

impl<T: Deserialize> MiniMap for Root<'_, T> {
    fn key(&mut self, k: &str) -> miniserde::Result<&mut dyn MiniVisitor> {
        let (a, b) = self.tape.text(k);
        self.tape.push(Item::Key(a, b))?;
        Ok(&mut self.tape)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.close(Item::EndMap)
    }
}

impl<T: Deserialize> MiniSeq for Root<'_, T> {
    fn element(&mut self) -> miniserde::Result<&mut dyn MiniVisitor> {
        Ok(&mut self.tape)
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.close(Item::EndSeq)
    }
}

impl<T: Deserialize> Place<T> {
    fn scalar(&mut self, it: Item, s: &str) -> miniserde::Result<()> {
        let mut tape = Tape::default();
        let it = match it {
            Item::Str(..) => {
                let (a, b) = tape.text(s);
                Item::Str(a, b)
            }
            other => other,
        };
        tape.push(it)?;
        self.out = Some(tape.decode()?);
        Ok(())
    }

    fn root(&mut self, open: Item) -> Root<'_, T> {
        let mut tape = Tape::default();
        tape.items.push(open);
        Root {
            out: &mut self.out,
            tape,
        }
    }
}

impl<T: Deserialize> MiniVisitor for Place<T> {
    fn null(&mut self) -> miniserde::Result<()> {
        self.scalar(Item::Null, "")
    }
    fn boolean(&mut self, b: bool) -> miniserde::Result<()> {
        self.scalar(Item::Bool(b), "")
    }
    fn string(&mut self, s: &str) -> miniserde::Result<()> {
        self.scalar(Item::Str(0, 0), s)
    }
    fn negative(&mut self, n: i64) -> miniserde::Result<()> {
        self.scalar(Item::I64(n), "")
    }
    fn nonnegative(&mut self, n: u64) -> miniserde::Result<()> {
        self.scalar(Item::U64(n), "")
    }
    fn float(&mut self, n: f64) -> miniserde::Result<()> {
        self.scalar(Item::F64(n), "")
    }
    fn seq(&mut self) -> miniserde::Result<Box<dyn MiniSeq + '_>> {
        Ok(Box::new(self.root(Item::Seq)))
    }
    fn map(&mut self) -> miniserde::Result<Box<dyn MiniMap + '_>> {
        Ok(Box::new(self.root(Item::Map)))
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

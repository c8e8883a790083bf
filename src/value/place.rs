//! [`ValuePlace`]: the builder of a [`Value`].
//!
//! Nested arrays and objects are kept on one explicit stack inside the place,
//! so a deep value needs no recursion and the decoder re-enters it at any
//! byte in one step ([`Visitor::flat`]). A key that repeats in an object is
//! found when it arrives: its value replaces the first one in place, so
//! memory stays proportional to the result (`crate::de::dup`).
//!
//! The stack levels past the inline ones come from a per-thread pool, so
//! after the first decode in a thread a decode allocates only what the value
//! owns.

use std::cell::RefCell;

use super::{Number, Object, SmallString, Value};
use crate::de::dup::{give_vec, take_vec, DupFinder, SCAN};
use crate::de::fast::{Number as FastNumber, Str};
use crate::de::{Cursor, Deserialize, Enter, Fast, Map, Place, Seq, Visitor};
use crate::error::{Error, Result};
use crate::scan::float::parse_f64;

/// Levels of a [`ValuePlace`] kept inline before its stack spills.
const INLINE: usize = 4;

/// An open object.
struct OpenObject {
    members: Vec<(SmallString, Value)>,
    /// The key of the member whose value is being read.
    key: SmallString,
    /// That key repeats member `dup`: the value replaces it.
    dup: Option<usize>,
    dups: DupFinder,
}

/// One open array or object.
enum Open {
    Array(Vec<Value>),
    Object(OpenObject),
}

fn key_of(m: &(SmallString, Value)) -> &str {
    &m.0
}

impl OpenObject {
    fn new() -> Self {
        OpenObject {
            members: Vec::new(),
            key: SmallString::default(),
            dup: None,
            dups: DupFinder::default(),
        }
    }
}

/// The [`Place`] of [`Value`].
#[derive(Default)]
pub struct ValuePlace {
    out: Option<Value>,
    inline: [Option<Open>; INLINE],
    spill: Vec<Open>,
    depth: usize,
}

impl Drop for ValuePlace {
    fn drop(&mut self) {
        if self.spill.capacity() == 0 {
            return;
        }
        give_vec(std::mem::take(&mut self.spill));
    }
}

impl ValuePlace {
    #[inline]
    fn top(&mut self) -> Option<&mut Open> {
        match self.depth {
            0 => None,
            d if d <= INLINE => self.inline[d - 1].as_mut(),
            _ => self.spill.last_mut(),
        }
    }

    #[inline]
    fn push(&mut self, open: Open) {
        if self.depth < INLINE {
            self.inline[self.depth] = Some(open);
        } else {
            if self.spill.capacity() == 0 {
                self.spill = take_vec();
            }
            self.spill.push(open);
        }
        self.depth += 1;
    }

    #[inline]
    fn pop(&mut self) -> Option<Open> {
        if self.depth == 0 {
            return None;
        }
        self.depth -= 1;
        if self.depth < INLINE {
            self.inline[self.depth].take()
        } else {
            self.spill.pop()
        }
    }

    #[inline]
    fn put(&mut self, v: Value) -> Result<()> {
        match self.top() {
            None => self.out = Some(v),
            Some(Open::Array(a)) => a.push(v),
            Some(Open::Object(o)) => match o.dup.take() {
                Some(i) => o.members[i].1 = v,
                None => {
                    let key = std::mem::take(&mut o.key);
                    o.members.push((key, v));
                    o.dups.added(&o.members, key_of);
                }
            },
        }
        Ok(())
    }
}

impl Visitor for ValuePlace {
    fn expecting(&self) -> &'static str {
        "any JSON value"
    }
    fn null(&mut self) -> Result<()> {
        self.put(Value::Null)
    }
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.put(Value::Bool(b))
    }
    fn string(&mut self, s: &str) -> Result<()> {
        self.put(Value::String(SmallString::new(s)))
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.put(Value::Number(Number::NegInt(n)))
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.put(Value::Number(Number::PosInt(n)))
    }
    fn float(&mut self, n: f64) -> Result<()> {
        self.put(Value::Number(Number::Float(n)))
    }
    #[inline]
    fn number_f64(&mut self, _: &str, nearest: f64) -> Result<()> {
        self.put(Value::Number(Number::Float(nearest)))
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.push(Open::Array(Vec::new()));
        }
        Ok(self)
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.push(Open::Object(OpenObject::new()));
        }
        Ok(self)
    }
    /// Every nested level is on this place's own stack.
    fn flat(&self) -> bool {
        true
    }
    /// The whole value, iteratively, when it lies in the chunk; otherwise
    /// (or on anything the machine must judge) the place is emptied and the
    /// value left to the machine from its first byte.
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        let saved = c.save();
        if self.depth == 0 && self.fast_whole(c).is_some() {
            return Ok(());
        }
        c.restore(saved);
        while self.pop().is_some() {}
        self.out = None;
        Err(c.defer())
    }
}

impl ValuePlace {
    /// Read one whole value: `None` as soon as anything is not plain (cut
    /// by the chunk's end, invalid, too deep, a number beyond `f64`), and the
    /// machine reads it instead. The members of the open containers wait on
    /// two flat per-thread stacks, and each container is built at its close
    /// with exactly its length.
    fn fast_whole(&mut self, c: &mut Cursor<'_>) -> Option<()> {
        let mut st = STACKS
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        let v = whole(c, &mut st);
        st.vals.clear();
        st.keys.clear();
        st.frames.clear();
        for mut f in st.finders.drain(..) {
            f.release();
        }
        if st.vals.capacity() <= KEEP && st.keys.capacity() <= KEEP {
            let _ = STACKS.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    *s = st;
                }
            });
        }
        self.out = Some(v?);
        Some(())
    }
}

/// The most pending members the per-thread stacks keep between decodes.
const KEEP: usize = 1 << 16;

/// Containers [`whole`] opens before it leaves the value to the machine.
const WHOLE_DEPTH: usize = 128;

/// The flat stacks of [`whole`].
#[derive(Default)]
struct Stacks {
    /// The values of the open containers' members so far, outermost first.
    vals: Vec<Value>,
    /// The keys of the open objects' members so far.
    keys: Vec<SmallString>,
    /// The open containers around the innermost one.
    frames: Vec<Frame>,
    /// The repeated-key indexes of the open objects past [`SCAN`] members,
    /// in frame order.
    finders: Vec<DupFinder>,
}

/// One open container of [`whole`].
#[derive(Clone, Copy)]
struct Frame {
    /// Its first member in `vals`.
    start: usize,
    /// The key just read repeats member `dup`: its value replaces that one.
    dup: Option<u32>,
    obj: bool,
    /// It has an entry in `finders`.
    indexed: bool,
}

thread_local! {
    /// [`Stacks`], reused by every decode in the thread.
    static STACKS: RefCell<Stacks> = RefCell::new(Stacks::default());
}

/// One whole value at the cursor (see [`ValuePlace::fast_whole`]).
fn whole(c: &mut Cursor<'_>, st: &mut Stacks) -> Option<Value> {
    let Stacks {
        vals,
        keys,
        frames,
        finders,
    } = st;
    // The innermost open container (if `depth > 0`), kept out of `frames`.
    let mut top = Frame {
        start: 0,
        dup: None,
        obj: false,
        indexed: false,
    };
    let mut depth = 0usize;
    loop {
        // A value is due.
        let mut v = match c.peek()? {
            open @ (b'{' | b'[') => {
                if depth >= WHOLE_DEPTH || !c.may_open(depth as u32) {
                    return None;
                }
                let obj = open == b'{';
                c.pos += 1;
                c.skip_ws();
                if obj && c.peek()? == b'}' {
                    c.pos += 1;
                    Value::Object(Object::new())
                } else if !obj && c.peek()? == b']' {
                    c.pos += 1;
                    Value::Array(Vec::new())
                } else {
                    if depth > 0 {
                        frames.push(top);
                    }
                    depth += 1;
                    top = Frame {
                        start: vals.len(),
                        dup: None,
                        obj,
                        indexed: false,
                    };
                    if obj {
                        member_key(c, vals, keys, &mut top, finders)?;
                    }
                    continue;
                }
            }
            _ => scalar(c)?,
        };
        // After a value: `,` or closing brackets.
        loop {
            if depth == 0 {
                return Some(v);
            }
            match top.dup.take() {
                Some(i) => vals[top.start + i as usize] = v,
                None => vals.push(v),
            }
            c.skip_ws();
            let obj = top.obj;
            match c.peek()? {
                b',' => {
                    c.pos += 1;
                    c.skip_ws();
                    if obj {
                        member_key(c, vals, keys, &mut top, finders)?;
                    }
                    break;
                }
                b'}' if obj => {}
                b']' if !obj => {}
                _ => return None,
            }
            c.pos += 1;
            let f = top;
            depth -= 1;
            if depth > 0 {
                top = frames.pop()?;
            }
            v = if obj {
                if f.indexed {
                    finders.pop()?.release();
                }
                let n = vals.len() - f.start;
                let k = keys.drain(keys.len() - n..);
                Value::Object(Object::from_members(k.zip(vals.drain(f.start..)).collect()))
            } else {
                Value::Array(vals.drain(f.start..).collect())
            };
        }
    }
}

/// The next key of the innermost (object) frame: a key it already has is
/// resolved now, as the machine's [`Map::key`] does, so memory follows the
/// result: its value will replace the first one's.
#[inline]
fn member_key(
    c: &mut Cursor<'_>,
    vals: &[Value],
    keys: &mut Vec<SmallString>,
    f: &mut Frame,
    finders: &mut Vec<DupFinder>,
) -> Option<()> {
    let k = key(c)?;
    let mine = keys.len() - (vals.len() - f.start);
    if keys.len() - mine < SCAN {
        f.dup = keys[mine..].iter().position(|m| *m == k).map(|i| i as u32);
        if f.dup.is_none() {
            keys.push(k);
        }
        return Some(());
    }
    if !f.indexed {
        f.indexed = true;
        finders.push(DupFinder::default());
    }
    let dups = finders.last_mut()?;
    f.dup = dups
        .find(&keys[mine..], SmallString::as_str, &k)
        .map(|i| i as u32);
    if f.dup.is_none() {
        keys.push(k);
        dups.added(&keys[mine..], SmallString::as_str);
    }
    Some(())
}

/// A key and its `:` at the cursor.
#[inline]
fn key(c: &mut Cursor<'_>) -> Option<SmallString> {
    Some(match c.any_key()? {
        Str::Input(_, _, k) => SmallString::new(k),
        Str::Scratch => SmallString::new(&c.scratch),
    })
}

/// A string, number or literal at the cursor, as [`ValuePlace`]'s visitor
/// calls would build it.
#[inline]
fn scalar(c: &mut Cursor<'_>) -> Option<Value> {
    Some(match c.peek()? {
        b'"' => Value::String(match c.string()? {
            Str::Input(_, _, s) => SmallString::new(s),
            Str::Scratch => SmallString::new(&c.scratch),
        }),
        b'-' | b'0'..=b'9' => Value::Number(match c.number()? {
            FastNumber::U64(n) => Number::PosInt(n),
            FastNumber::I64(n) => Number::NegInt(n),
            FastNumber::Float(_, f) => Number::Float(f),
            FastNumber::Text(t) => match parse_f64(t) {
                Some(f) if f.is_finite() => Number::Float(f),
                // Beyond f64: the machine reports it.
                _ => return None,
            },
        }),
        b't' if c.literal(b"true") => Value::Bool(true),
        b'f' if c.literal(b"false") => Value::Bool(false),
        b'n' if c.literal(b"null") => Value::Null,
        _ => return None,
    })
}

impl Map for ValuePlace {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        if let Some(Open::Object(o)) = self.top() {
            o.dup = o.dups.find(&o.members, key_of, k);
            if o.dup.is_none() {
                o.key = SmallString::new(k);
            }
        }
        Ok(Some(self))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        match self.pop() {
            Some(Open::Object(mut o)) => {
                o.dups.release();
                self.put(Value::Object(Object::from_members(o.members)))
            }
            _ => Err(Error::custom("object closed while no object was open")),
        }
    }
}

impl Seq for ValuePlace {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        match self.pop() {
            Some(Open::Array(a)) => self.put(Value::Array(a)),
            _ => Err(Error::custom("array closed while no array was open")),
        }
    }
}

impl Place for ValuePlace {
    type Out = Value;
    fn take(&mut self) -> Option<Value> {
        self.out.take()
    }
}

impl Deserialize for Value {
    type Place = ValuePlace;
}

/// The builder of a [`Value`] decoded from an object, member by member (so
/// that `Value` is an [`ObjectDeser`](crate::de::ObjectDeser) type: the
/// envelope of an [`ItemDecoder`](crate::ItemDecoder), the fallback of a
/// tagged union). A repeated key keeps its first position and last value, as
/// in any `Value`.
#[derive(Default)]
pub struct ObjectBuilder {
    obj: Option<OpenObject>,
    member: ValuePlace,
    /// A member's value was asked for and not yet stored.
    pending: bool,
}

impl ObjectBuilder {
    fn open(&mut self) -> &mut OpenObject {
        self.obj.get_or_insert_with(OpenObject::new)
    }

    /// Store the value of the member read last.
    fn store(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.pending) {
            return Ok(());
        }
        let v = self
            .member
            .take()
            .ok_or_else(|| Error::custom("object member ended without a value"))?;
        let o = self.open();
        match o.dup.take() {
            Some(i) => o.members[i].1 = v,
            None => {
                let key = std::mem::take(&mut o.key);
                o.members.push((key, v));
                o.dups.added(&o.members, key_of);
            }
        }
        Ok(())
    }
}

impl crate::de::MapBuilder for ObjectBuilder {
    type Out = Value;

    fn deser_default() -> Self {
        ObjectBuilder::default()
    }

    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.store()?;
        let o = self.open();
        o.dup = o.dups.find(&o.members, key_of, k);
        if o.dup.is_none() {
            o.key = SmallString::new(k);
        }
        self.pending = true;
        Ok(Some(&mut self.member))
    }

    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.member)
    }

    #[inline]
    fn fast_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.member.fast(c)
    }

    fn fast_resume_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.member.fast_resume(c)
    }

    fn take_out(&mut self) -> Result<Value> {
        self.store()?;
        let mut o = self.obj.take().unwrap_or_else(OpenObject::new);
        o.dups.release();
        Ok(Value::Object(Object::from_members(o.members)))
    }
}

impl crate::de::ObjectDeser for Value {
    type Builder = ObjectBuilder;
}

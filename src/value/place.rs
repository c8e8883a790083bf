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

use super::{Number, Object, SmallString, Value};
use crate::de::dup::{give_vec, take_vec, DupFinder};
use crate::de::fast::Str;
use crate::de::{Cursor, Deserialize, Fast, Map, Place, Seq, Visitor};
use crate::error::{Error, Result};

/// Levels of a [`ValuePlace`] kept inline before its stack spills.
const INLINE: usize = 4;

/// An open object.
struct OpenObject {
    obj: Object,
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
            obj: Object::new(),
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
                Some(i) => o.obj.members[i].1 = v,
                None => {
                    let key = std::mem::take(&mut o.key);
                    o.obj.members.push((key, v));
                    o.dups.added(&o.obj.members, key_of);
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
    fn seq(&mut self) -> Result<&mut dyn Seq> {
        self.push(Open::Array(Vec::new()));
        Ok(self)
    }
    fn map(&mut self) -> Result<&mut dyn Map> {
        self.push(Open::Object(OpenObject::new()));
        Ok(self)
    }
    fn resume_seq(&mut self) -> Option<&mut dyn Seq> {
        Some(self)
    }
    fn resume_map(&mut self) -> Option<&mut dyn Map> {
        Some(self)
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
    /// Read one whole value with this place's own calls: `None` as soon as
    /// anything is not plain (cut by the chunk's end, invalid, too deep).
    fn fast_whole(&mut self, c: &mut Cursor<'_>) -> Option<()> {
        // Open containers of this value: `true` for an object.
        let mut objects: u128 = 0;
        let mut depth: u32 = 0;
        loop {
            // A value is due.
            match c.peek()? {
                open @ (b'{' | b'[') => {
                    if depth >= 127 || !c.may_open(depth) {
                        return None;
                    }
                    let obj = open == b'{';
                    c.pos += 1;
                    depth += 1;
                    objects = (objects << 1) | obj as u128;
                    c.skip_ws();
                    if obj {
                        Visitor::map(self).ok()?;
                        if c.peek()? == b'}' {
                            c.pos += 1;
                            Map::finish(self).ok()?;
                            depth -= 1;
                            objects >>= 1;
                        } else {
                            self.fast_key(c)?;
                            continue;
                        }
                    } else {
                        Visitor::seq(self).ok()?;
                        if c.peek()? == b']' {
                            c.pos += 1;
                            Seq::finish(self).ok()?;
                            depth -= 1;
                            objects >>= 1;
                        } else {
                            continue;
                        }
                    }
                }
                _ => c.scalar_value(self)?.ok()?,
            }
            // After a value: `,` or closing brackets.
            loop {
                if depth == 0 {
                    return Some(());
                }
                c.skip_ws();
                let obj = objects & 1 == 1;
                match c.peek()? {
                    b',' => {
                        c.pos += 1;
                        c.skip_ws();
                        if obj {
                            self.fast_key(c)?;
                        }
                        break;
                    }
                    b'}' if obj => Map::finish(self).ok()?,
                    b']' if !obj => Seq::finish(self).ok()?,
                    _ => return None,
                }
                c.pos += 1;
                depth -= 1;
                objects >>= 1;
            }
        }
    }

    #[inline]
    fn fast_key(&mut self, c: &mut Cursor<'_>) -> Option<()> {
        match c.any_key()? {
            Str::Input(_, _, k) => Map::key(self, k).ok()?,
            Str::Scratch => {
                let k = std::mem::take(&mut c.scratch);
                let r = Map::key(self, &k);
                c.scratch = k;
                r.ok()?
            }
        };
        Some(())
    }
}

impl Map for ValuePlace {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        if let Some(Open::Object(o)) = self.top() {
            o.dup = o.dups.find(&o.obj.members, key_of, k);
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
                self.put(Value::Object(o.obj))
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

//! A JSON value, decoded by the same zero-copy parser. Objects keep their
//! keys in input order; numbers keep u64, i64 and f64 apart.

use std::fmt;

use crate::de::{Deserialize, Map, Place, Seq, Visitor};
use crate::error::Result;
use crate::ser::{write_str, Serialize};

/// A JSON number, kept in the form it was read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// As `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(n) => i64::try_from(n).ok(),
            Number::NegInt(n) => Some(n),
            Number::Float(_) => None,
        }
    }

    /// As `u64`, if it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// As `f64` (integers converted).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::PosInt(n) => n as f64,
            Number::NegInt(n) => n as f64,
            Number::Float(f) => f,
        }
    }
}

/// A JSON object: members in input order. A key that appears twice keeps its
/// first position and its last value (as most JSON libraries read it).
#[derive(Clone, PartialEq, Default)]
pub struct Object {
    members: Vec<(String, Value)>,
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object::default()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.members
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Set `key` (replacing its value in place if present).
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.get_mut(&key) {
            Some(v) => Some(std::mem::replace(v, value)),
            None => {
                self.members.push((key, value));
                None
            }
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Members in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keys in input order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_str())
    }

    /// Keep only the members whose key passes `f`.
    pub fn retain(&mut self, mut f: impl FnMut(&str, &Value) -> bool) {
        self.members.retain(|(k, v)| f(k, v));
    }

    /// Merge repeated keys: first position, last value.
    fn dedup(&mut self) {
        let n = self.members.len();
        if n < 2 {
            return;
        }
        // Pairwise up to 32 members (no allocation; keys of other lengths
        // compare in one step), hashing beyond.
        let dup = if n <= 32 {
            (1..n).any(|i| {
                self.members[..i]
                    .iter()
                    .any(|(k, _)| *k == self.members[i].0)
            })
        } else {
            let mut seen = std::collections::HashSet::with_capacity(n);
            !self.members.iter().all(|(k, _)| seen.insert(k.as_str()))
        };
        if !dup {
            return;
        }
        let old = std::mem::take(&mut self.members);
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (k, v) in old {
            match index.get(&k) {
                Some(&i) => self.members[i].1 = v,
                None => {
                    index.insert(k.clone(), self.members.len());
                    self.members.push((k, v));
                }
            }
        }
    }
}

impl FromIterator<(String, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut o = Object::new();
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

/// Any JSON value.
#[derive(Clone, PartialEq, Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in input order.
    Object(Object),
}

static NULL: Value = Value::Null;

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.members.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("Null"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Number(n) => match n {
                Number::PosInt(v) => write!(f, "Number({v})"),
                Number::NegInt(v) => write!(f, "Number({v})"),
                Number::Float(v) => write!(f, "Number({v:?})"),
            },
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Array(a) => {
                f.write_str("Array ")?;
                f.debug_list().entries(a).finish()
            }
            Value::Object(o) => {
                f.write_str("Object ")?;
                fmt::Debug::fmt(o, f)
            }
        }
    }
}

impl Value {
    /// Member `key` of an object (`None` for other values or a missing key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(o) => o.get(key),
            _ => None,
        }
    }

    /// Element `i` of an array.
    pub fn get_index(&self, i: usize) -> Option<&Value> {
        match self {
            Value::Array(a) => a.get(i),
            _ => None,
        }
    }

    /// Follow a path of keys through nested objects.
    pub fn pointer<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Option<&Value> {
        let mut v = self;
        for k in keys {
            v = v.get(k)?;
        }
        Some(v)
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The bool, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as `u64`, if it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The array, if it is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if it is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The object, mutably.
    pub fn as_object_mut(&mut self) -> Option<&mut Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// `null` when absent, as in most JSON libraries.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    /// `null` when out of range.
    fn index(&self, i: usize) -> &Value {
        self.get_index(i).unwrap_or(&NULL)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        if n < 0 {
            Value::Number(Number::NegInt(n))
        } else {
            Value::Number(Number::PosInt(n as u64))
        }
    }
}

impl Serialize for Number {
    fn serialize(&self, out: &mut String) {
        match *self {
            Number::PosInt(n) => n.serialize(out),
            Number::NegInt(n) => n.serialize(out),
            Number::Float(f) => f.serialize(out),
        }
    }
}

impl Serialize for Value {
    fn serialize(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => b.serialize(out),
            Value::Number(n) => n.serialize(out),
            Value::String(s) => write_str(out, s),
            Value::Array(a) => a.serialize(out),
            Value::Object(o) => o.serialize(out),
        }
    }
}

impl Serialize for Object {
    fn serialize(&self, out: &mut String) {
        let mut w = crate::ser::ObjectWriter::new(out);
        for (k, v) in &self.members {
            w.field(k, v);
        }
        w.end();
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::ser::to_string(self))
    }
}

/// One open array or object while a [`Value`] is built.
enum Open {
    Array(Vec<Value>),
    Object(Object, String),
}

/// Levels of a [`ValuePlace`] kept inline before its stack spills to the heap.
const INLINE: usize = 4;

/// The [`Place`] of [`Value`]. Nested arrays and objects are kept on one
/// explicit stack inside the place, so a deep value needs no recursion and
/// the decoder can resume it at any byte. The first levels are stored inline:
/// a typical value allocates only what it holds.
#[derive(Default)]
pub struct ValuePlace {
    out: Option<Value>,
    inline: [Option<Open>; INLINE],
    spill: Vec<Open>,
    depth: usize,
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
            Some(Open::Object(o, k)) => o.members.push((std::mem::take(k), v)),
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
        self.put(Value::String(s.to_owned()))
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
    fn seq(&mut self) -> Result<&mut dyn Seq> {
        self.push(Open::Array(Vec::new()));
        Ok(self)
    }
    fn map(&mut self) -> Result<&mut dyn Map> {
        self.push(Open::Object(Object::new(), String::new()));
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
}

impl Map for ValuePlace {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        if let Some(Open::Object(_, key)) = self.top() {
            k.clone_into(key);
        }
        Ok(Some(self))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        match self.pop() {
            Some(Open::Object(mut o, _)) => {
                o.dedup();
                self.put(Value::Object(o))
            }
            _ => Err(crate::Error::custom(
                "object closed while no object was open",
            )),
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
            _ => Err(crate::Error::custom("array closed while no array was open")),
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

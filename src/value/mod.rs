//! A JSON value, decoded by the same zero-copy parser. Objects keep their
//! keys in input order; numbers keep u64, i64 and f64 apart.
//!
//! - `deep.rs`: `Drop`, `Clone`, `PartialEq`, the writer and `Debug`, safe at
//!   any depth;
//! - `place.rs`: [`ValuePlace`], the builder the decoder fills.

mod deep;
mod place;
mod small;

pub use place::{ObjectBuilder, ValuePlace};
pub use small::SmallString;

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

/// A JSON object: members in input order. A key that appears twice in the
/// input keeps its first position and its last value (as most JSON libraries
/// read it), resolved as the members arrive. Two objects are equal when they
/// hold the same members in any order.
#[derive(Clone, Default)]
pub struct Object {
    members: Vec<(SmallString, Value)>,
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
    pub fn insert(&mut self, key: impl Into<SmallString>, value: Value) -> Option<Value> {
        let key = key.into();
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
}

impl<K: Into<SmallString>> FromIterator<(K, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut o = Object::new();
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

/// Any JSON value.
#[derive(Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (up to 22 bytes kept inline, without an allocation).
    String(SmallString),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in input order.
    Object(Object),
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

static NULL: Value = Value::Null;

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
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
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

/// The events of a [`Value`], for [`crate::from_value`]: iterative, so a
/// deep value needs no recursion.
pub(crate) struct ValueEvents<'v> {
    first: Option<&'v Value>,
    stack: Vec<Open<'v>>,
}

enum Open<'v> {
    Array(std::slice::Iter<'v, Value>),
    /// The members, and the value of the key just handed out.
    Object(
        std::slice::Iter<'v, (SmallString, Value)>,
        Option<&'v Value>,
    ),
}

impl<'v> ValueEvents<'v> {
    pub(crate) fn new(v: &'v Value) -> Self {
        ValueEvents {
            first: Some(v),
            stack: Vec::new(),
        }
    }

    fn value(&mut self, v: &'v Value) -> crate::de::replay::Ev<'v> {
        use crate::de::replay::Ev;
        match v {
            Value::Null => Ev::Null,
            Value::Bool(b) => Ev::Bool(*b),
            Value::Number(Number::PosInt(n)) => Ev::U64(*n),
            Value::Number(Number::NegInt(n)) => Ev::I64(*n),
            Value::Number(Number::Float(f)) => Ev::F64(*f),
            Value::String(s) => Ev::Str(s),
            Value::Array(a) => {
                self.stack.push(Open::Array(a.iter()));
                Ev::Seq
            }
            Value::Object(o) => {
                self.stack.push(Open::Object(o.members.iter(), None));
                Ev::Map
            }
        }
    }
}

impl<'v> crate::de::replay::Source<'v> for ValueEvents<'v> {
    fn next(&mut self) -> Option<(crate::de::replay::Ev<'v>, Option<crate::Position>)> {
        use crate::de::replay::Ev;
        if let Some(v) = self.first.take() {
            return Some((self.value(v), None));
        }
        let ev = match self.stack.last_mut()? {
            Open::Array(it) => match it.next() {
                Some(v) => self.value(v),
                None => {
                    self.stack.pop();
                    Ev::EndSeq
                }
            },
            Open::Object(it, pending) => match pending.take() {
                Some(v) => self.value(v),
                None => match it.next() {
                    Some((k, v)) => {
                        *pending = Some(v);
                        Ev::Key(k)
                    }
                    None => {
                        self.stack.pop();
                        Ev::EndMap
                    }
                },
            },
        };
        Some((ev, None))
    }
}

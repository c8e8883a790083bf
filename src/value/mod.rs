//! A JSON value, decoded by the same zero-copy parser. Objects keep their
//! keys in input order; numbers keep u64, i64 and f64 apart.
//!
//! - `deep.rs`: `Drop`, `Clone`, `PartialEq`, the writer and `Debug`, safe at
//!   any depth;
//! - `place.rs`: [`ValuePlace`], the builder the decoder fills.

mod api;
mod deep;
mod index;
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
///
/// Lookups scan small objects; an object of more than 16 members builds a
/// hash index of its keys on its first lookup (none while decoding), so
/// lookups stay constant-time on large objects while the order is kept.
#[derive(Clone, Default)]
pub struct Object {
    members: Vec<(SmallString, Value)>,
    index: index::KeyIndex,
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object::default()
    }

    pub(crate) fn from_members(members: Vec<(SmallString, Value)>) -> Self {
        Object {
            members,
            index: index::KeyIndex::default(),
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.index.find(&self.members, key)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.members[i].1)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.position(key).map(|i| &mut self.members[i].1)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Set `key`: its value is replaced in place (the old one returned) if
    /// present, else it is added at the end.
    pub fn insert(&mut self, key: impl Into<SmallString>, value: Value) -> Option<Value> {
        let key = key.into();
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.members[i].1, value)),
            None => {
                self.index.pushed(&key, self.members.len());
                self.members.push((key, value));
                None
            }
        }
    }

    /// Remove `key`, keeping the order of the others (linear in the members
    /// after it).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.position(key)?;
        self.index.clear();
        Some(self.members.remove(i).1)
    }

    /// Remove `key` and return it with its value.
    pub fn remove_entry(&mut self, key: &str) -> Option<(SmallString, Value)> {
        let i = self.position(key)?;
        self.index.clear();
        Some(self.members.remove(i))
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

    /// Members in input order, values mutably.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Value)> {
        self.members.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// Keys in input order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_str())
    }

    /// Values in input order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.members.iter().map(|(_, v)| v)
    }

    /// Keep only the members that pass `f`.
    pub fn retain(&mut self, mut f: impl FnMut(&str, &mut Value) -> bool) {
        self.index.clear();
        self.members.retain_mut(|(k, v)| f(k, v));
    }

    /// Remove every member.
    pub fn clear(&mut self) {
        self.index.clear();
        self.members.clear();
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

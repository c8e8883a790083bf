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
pub struct Object(Repr);

type Member = (SmallString, Value);

/// Small objects are their members; large ones are boxed with their key
/// index, so `Object` stays the size of a `Vec`.
#[derive(Clone)]
enum Repr {
    Small(Vec<Member>),
    Large(Box<Large>),
}

#[derive(Clone)]
struct Large {
    members: Vec<Member>,
    index: index::KeyIndex,
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Small(Vec::new())
    }
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object::default()
    }

    pub(crate) fn from_members(members: Vec<Member>) -> Self {
        if members.len() > index::THRESHOLD {
            Object(Repr::Large(Box::new(Large {
                members,
                index: index::KeyIndex::default(),
            })))
        } else {
            Object(Repr::Small(members))
        }
    }

    pub(crate) fn members(&self) -> &[Member] {
        match &self.0 {
            Repr::Small(m) => m,
            Repr::Large(l) => &l.members,
        }
    }

    pub(crate) fn take_members(&mut self) -> Vec<Member> {
        match std::mem::take(&mut self.0) {
            Repr::Small(m) => m,
            Repr::Large(l) => l.members,
        }
    }

    /// The members, to edit in a way that may move them: the index is
    /// dropped (rebuilt on the next lookup).
    fn edit(&mut self) -> &mut Vec<Member> {
        match &mut self.0 {
            Repr::Small(m) => m,
            Repr::Large(l) => {
                l.index.clear();
                &mut l.members
            }
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.0 {
            Repr::Small(m) => m.iter().position(|(k, _)| k == key),
            Repr::Large(l) => l.index.find(&l.members, key),
        }
    }

    fn value_mut(&mut self, i: usize) -> &mut Value {
        match &mut self.0 {
            Repr::Small(m) => &mut m[i].1,
            Repr::Large(l) => &mut l.members[i].1,
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.members()[i].1)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let i = self.position(key)?;
        Some(self.value_mut(i))
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Set `key`: its value is replaced in place (the old one returned) if
    /// present, else it is added at the end.
    pub fn insert(&mut self, key: impl Into<SmallString>, value: Value) -> Option<Value> {
        let key = key.into();
        if let Some(i) = self.position(&key) {
            return Some(std::mem::replace(self.value_mut(i), value));
        }
        match &mut self.0 {
            Repr::Small(m) if m.len() >= index::THRESHOLD => {
                let mut members = std::mem::take(m);
                members.push((key, value));
                *self = Object::from_members(members);
            }
            Repr::Small(m) => m.push((key, value)),
            Repr::Large(l) => {
                l.index.pushed(&key, l.members.len());
                l.members.push((key, value));
            }
        }
        None
    }

    /// Remove `key`, keeping the order of the others (linear in the members
    /// after it).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Remove `key` and return it with its value.
    pub fn remove_entry(&mut self, key: &str) -> Option<(SmallString, Value)> {
        let i = self.position(key)?;
        Some(self.edit().remove(i))
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members().is_empty()
    }

    /// Members in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members().iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Members in input order, values mutably.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Value)> {
        let members = match &mut self.0 {
            Repr::Small(m) => m,
            Repr::Large(l) => &mut l.members,
        };
        members.iter_mut().map(|(k, v)| (k.as_str(), &mut *v))
    }

    /// Keys in input order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members().iter().map(|(k, _)| k.as_str())
    }

    /// Values in input order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.members().iter().map(|(_, v)| v)
    }

    /// Keep only the members that pass `f`.
    pub fn retain(&mut self, mut f: impl FnMut(&str, &mut Value) -> bool) {
        self.edit().retain_mut(|(k, v)| f(k, v));
    }

    /// Remove every member.
    pub fn clear(&mut self) {
        self.edit().clear();
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
    Object {
        members: &'v [(SmallString, Value)],
        /// The next member to hand out.
        next: usize,
        /// The member handed out first (a union's tag), skipped in order;
        /// `usize::MAX` if none.
        first: usize,
        /// The first member is still to be handed out.
        lead: bool,
        /// The value of the key just handed out.
        pending: Option<&'v Value>,
    },
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
                self.stack.push(Open::Object {
                    members: o.members(),
                    next: 0,
                    first: usize::MAX,
                    lead: false,
                    pending: None,
                });
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
            Open::Object {
                members,
                next,
                first,
                lead,
                pending,
            } => match pending.take() {
                Some(v) => self.value(v),
                None => {
                    let i = if std::mem::take(lead) {
                        *first
                    } else {
                        if *next == *first {
                            *next += 1;
                        }
                        *next += 1;
                        *next - 1
                    };
                    match members.get(i) {
                        Some((k, v)) => {
                            *pending = Some(v);
                            Ev::Key(k)
                        }
                        None => {
                            self.stack.pop();
                            Ev::EndMap
                        }
                    }
                }
            },
        };
        Some((ev, None))
    }

    /// The member `tag`, when its value is a string, first.
    fn tag_first(&mut self, tag: &str) -> bool {
        let Some(Open::Object {
            members,
            next: 0,
            first,
            lead,
            pending: None,
        }) = self.stack.last_mut()
        else {
            return false;
        };
        match members
            .iter()
            .position(|(k, v)| k.as_str() == tag && matches!(v, Value::String(_)))
        {
            Some(i) => {
                *first = i;
                *lead = true;
                true
            }
            None => false,
        }
    }
}

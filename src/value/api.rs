//! The everyday API of [`Value`], named as in serde_json: `From`
//! conversions, indexing by key and position (reading and writing), RFC 6901
//! pointers, `take`, and the `as_*`/`is_*` accessors.

use std::collections::{BTreeMap, HashMap};

use super::{Number, Object, SmallString, Value};

impl Value {
    /// Member `key` of an object, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self {
            Value::Object(o) => o.get_mut(key),
            _ => None,
        }
    }

    /// Element `i` of an array, mutably.
    pub fn get_index_mut(&mut self, i: usize) -> Option<&mut Value> {
        match self {
            Value::Array(a) => a.get_mut(i),
            _ => None,
        }
    }

    /// The value at a JSON Pointer (RFC 6901): `""` is the whole value,
    /// `"/a/0/b"` member `a`, element 0, member `b`; `~1` stands for `/` and
    /// `~0` for `~` in a key. An array index is decimal without leading
    /// zeros. `None` if the pointer is malformed or leads nowhere.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut v = self;
        for token in tokens(pointer)? {
            let token = token?;
            v = match v {
                Value::Object(o) => o.get(&token)?,
                Value::Array(a) => a.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// [`pointer`](Value::pointer), mutably.
    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        let mut v = self;
        for token in tokens(pointer)? {
            let token = token?;
            v = match v {
                Value::Object(o) => o.get_mut(&token)?,
                Value::Array(a) => a.get_mut(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// Take the value out, leaving `null`.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }

    /// The number, if it is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The array, mutably.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// `Some(())` if it is `null`.
    pub fn as_null(&self) -> Option<()> {
        self.is_null().then_some(())
    }

    /// Whether it is `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// Whether it is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether it is an integer that fits `i64`.
    pub fn is_i64(&self) -> bool {
        self.as_i64().is_some()
    }

    /// Whether it is a non-negative integer (fits `u64`).
    pub fn is_u64(&self) -> bool {
        self.as_u64().is_some()
    }

    /// Whether it is a number with a fraction or exponent.
    pub fn is_f64(&self) -> bool {
        matches!(self, Value::Number(Number::Float(_)))
    }

    /// Whether it is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether it is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// The reference tokens of a JSON Pointer, unescaped; `None` if it does not
/// start with `/` (and is not empty), `Some(None)` items for a bad escape.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = Option<String>> + '_> {
    let rest = match pointer {
        "" => None,
        p => Some(p.strip_prefix('/')?),
    };
    Some(rest.into_iter().flat_map(|r| r.split('/')).map(unescape))
}

fn unescape(token: &str) -> Option<String> {
    if !token.contains('~') {
        return Some(token.to_owned());
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn array_index(token: &str) -> Option<usize> {
    let ok = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if ok {
        token.parse().ok()
    } else {
        None
    }
}

static NULL: Value = Value::Null;

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// `null` when absent or not an object, as in most JSON libraries.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    /// `null` when out of range or not an array.
    fn index(&self, i: usize) -> &Value {
        self.get_index(i).unwrap_or(&NULL)
    }
}

impl std::ops::IndexMut<&str> for Value {
    /// Member `key`, added as `null` if absent; a `null` value becomes an
    /// empty object first.
    ///
    /// # Panics
    ///
    /// On a value that is neither an object nor `null`.
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if self.is_null() {
            *self = Value::Object(Object::new());
        }
        let kind = self.kind();
        let Value::Object(o) = self else {
            panic!("cannot index {kind} with the key {key:?}");
        };
        if !o.contains_key(key) {
            o.insert(key, Value::Null);
        }
        o.get_mut(key).expect("inserted above")
    }
}

impl std::ops::IndexMut<usize> for Value {
    /// Element `i` of an array.
    ///
    /// # Panics
    ///
    /// On a value that is not an array, or an index out of range.
    fn index_mut(&mut self, i: usize) -> &mut Value {
        let kind = self.kind();
        match self {
            Value::Array(a) => {
                let len = a.len();
                a.get_mut(i)
                    .unwrap_or_else(|| panic!("index {i} out of range for an array of {len}"))
            }
            _ => panic!("cannot index {kind} with the position {i}"),
        }
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

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.as_str().into())
    }
}

impl From<SmallString> for Value {
    fn from(s: SmallString) -> Self {
        Value::String(s)
    }
}

impl From<char> for Value {
    fn from(c: char) -> Self {
        Value::String((&*c.encode_utf8(&mut [0; 4])).into())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<()> for Value {
    fn from((): ()) -> Self {
        Value::Null
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Self {
        Value::Number(n)
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Number(Number::PosInt(n as u64))
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64, usize);

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                let n = n as i64;
                if n < 0 {
                    Value::Number(Number::NegInt(n))
                } else {
                    Value::Number(Number::PosInt(n as u64))
                }
            }
        }
    )*};
}
from_signed!(i8, i16, i32, i64, isize);

impl From<f64> for Value {
    /// A finite float; NaN and the infinities (which JSON cannot write)
    /// become `null`, as in serde_json.
    fn from(f: f64) -> Self {
        if f.is_finite() {
            Value::Number(Number::Float(f))
        } else {
            Value::Null
        }
    }
}

impl From<f32> for Value {
    /// Through the shortest decimal of the `f32` (so `0.1f32` is `0.1`, not
    /// `0.10000000149011612`); non-finite becomes `null`.
    fn from(f: f32) -> Self {
        if f.is_finite() {
            let text = ryu::Buffer::new().format_finite(f).parse::<f64>();
            Value::Number(Number::Float(text.unwrap_or(f as f64)))
        } else {
            Value::Null
        }
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` is `null`.
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    fn from(v: &[T]) -> Self {
        Value::Array(v.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Value {
    fn from(v: [T; N]) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl From<Object> for Value {
    fn from(o: Object) -> Self {
        Value::Object(o)
    }
}

impl<K: Into<SmallString>, V: Into<Value>, S> From<HashMap<K, V, S>> for Value {
    /// Members in the map's iteration order.
    fn from(m: HashMap<K, V, S>) -> Self {
        Value::Object(m.into_iter().map(|(k, v)| (k, v.into())).collect())
    }
}

impl<K: Into<SmallString>, V: Into<Value>> From<BTreeMap<K, V>> for Value {
    /// Members in key order.
    fn from(m: BTreeMap<K, V>) -> Self {
        Value::Object(m.into_iter().map(|(k, v)| (k, v.into())).collect())
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    /// An array.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl<K: Into<SmallString>, V: Into<Value>> Extend<(K, V)> for Object {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v.into());
        }
    }
}

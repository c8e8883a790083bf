//! serde interop (feature `serde`): [`Value`] implements serde's
//! `Serialize` and `Deserialize` and is a `Deserializer`, so any serde type
//! converts from and to a `Value` ([`from_value`], [`to_value`]) with errors
//! that name the JSON path, as streamde's own do. `object!`'s `impl serde`
//! option, the string enums, the tagged unions and the Stripe models build
//! on it.

use std::fmt;

use ::serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{self, SerializeMap, SerializeSeq};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::value::{Number, Object, SmallString, Value};
use crate::{Error, Result};

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::custom(msg).within("")
    }
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::custom(msg).within("")
    }
}

/// Any serde type from a [`Value`]; an error names the JSON path of the
/// value that failed (`data[2].amount`).
pub fn from_value<'de, T: Deserialize<'de>>(value: &'de Value) -> Result<T> {
    T::deserialize(value).map_err(|e| e.rebase(""))
}

/// Any serde type as a [`Value`]. Map keys must be strings, characters or
/// integers (written as their decimal text); a non-finite float is an error.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value> {
    value.serialize(ValueSerializer).map_err(|e| e.rebase(""))
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match *self {
            Number::PosInt(n) => s.serialize_u64(n),
            Number::NegInt(n) => s.serialize_i64(n),
            Number::Float(f) => s.serialize_f64(f),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(t) => s.serialize_str(t),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Object(o) => o.serialize(s),
        }
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> std::result::Result<Value, E> {
        if f.is_finite() {
            Ok(Value::Number(Number::Float(f)))
        } else {
            Err(E::custom(format_args!("{f} is not a JSON number")))
        }
    }
    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Value, E> {
        Ok(Value::from(s))
    }
    fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Value, E> {
        Ok(Value::from(s))
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        // A key seen twice keeps its first position and last value, as when
        // streamde decodes text.
        let mut o = Object::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value()?;
            o.insert(k, v);
        }
        Ok(Value::Object(o))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Object, D::Error> {
        match &mut Value::deserialize(d)? {
            Value::Object(o) => Ok(std::mem::take(o)),
            _ => Err(de::Error::custom("expected a JSON object")),
        }
    }
}

fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(Number::PosInt(n)) => de::Unexpected::Unsigned(*n),
        Value::Number(Number::NegInt(n)) => de::Unexpected::Signed(*n),
        Value::Number(Number::Float(f)) => de::Unexpected::Float(*f),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

impl<'de> Deserializer<'de> for &'de Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Number(Number::PosInt(n)) => v.visit_u64(*n),
            Value::Number(Number::NegInt(n)) => v.visit_i64(*n),
            Value::Number(Number::Float(f)) => v.visit_f64(*f),
            Value::String(s) => v.visit_borrowed_str(s.as_str()),
            Value::Array(a) => {
                let mut seq = Elements {
                    iter: a.iter(),
                    at: 0,
                };
                let out = v.visit_seq(&mut seq)?;
                match seq.iter.len() {
                    0 => Ok(out),
                    n => Err(de::Error::invalid_length(seq.at + n, &"fewer elements")),
                }
            }
            Value::Object(o) => {
                let mut map = Members {
                    iter: o.iter(),
                    value: None,
                    key: "",
                };
                let out = v.visit_map(&mut map)?;
                match map.iter.next() {
                    None => Ok(out),
                    Some(_) => Err(de::Error::custom("expected fewer members")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        match self {
            Value::String(s) => v.visit_enum(s.as_str().into_deserializer()),
            Value::Object(o) if o.len() == 1 => {
                let (k, val) = o.iter().next().expect("one member");
                v.visit_enum(Variant { key: k, value: val })
                    .map_err(|e: Error| e.under_key(k))
            }
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string or an object of one member",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_unit()
    }

    /// A field or variant name is a string, as serde_json requires (an
    /// integer is not taken as a variant's index).
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self {
            Value::String(s) => v.visit_borrowed_str(s.as_str()),
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string naming a field or variant",
            )),
        }
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
    }
}

struct Elements<'de> {
    iter: std::slice::Iter<'de, Value>,
    at: usize,
}

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.iter.next() {
            None => Ok(None),
            Some(v) => {
                let i = self.at;
                self.at += 1;
                seed.deserialize(v).map(Some).map_err(|e| e.under_index(i))
            }
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Members<'de, I> {
    iter: I,
    value: Option<&'de Value>,
    key: &'de str,
}

impl<'de, I: Iterator<Item = (&'de str, &'de Value)>> MapAccess<'de> for Members<'de, I> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.iter.next() {
            None => Ok(None),
            Some((k, v)) => {
                self.key = k;
                self.value = Some(v);
                seed.deserialize(KeyDeserializer(k))
                    .map(Some)
                    .map_err(|e: Error| e.under_key(k))
            }
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let v = self
            .value
            .take()
            .ok_or_else(|| Error::custom("a value asked for before its key"))?;
        let k = self.key;
        seed.deserialize(v).map_err(|e| e.under_key(k))
    }
}

struct Variant<'de> {
    key: &'de str,
    value: &'de Value,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = &'de Value;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, &'de Value)> {
        let key = seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(self.key))?;
        Ok((key, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for &'de Value {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        match self {
            Value::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(other), &"null")),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    /// An array, as serde_json requires.
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        match self {
            Value::Array(_) => self.deserialize_any(v),
            other => Err(de::Error::invalid_type(unexpected(other), &"tuple variant")),
        }
    }
    /// An object, as serde_json requires (not an array of the fields).
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value> {
        match self {
            Value::Object(_) => self.deserialize_any(v),
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"struct variant",
            )),
        }
    }
}

/// An object key read as a map key, as serde_json reads them: the text for
/// strings, characters and unit variants; the number it spells for the
/// integer and float types (the whole key, in JSON's number grammar);
/// `true`/`false` for `bool`.
struct KeyDeserializer<'de>(&'de str);

impl KeyDeserializer<'_> {
    /// The key as the number it spells, read by streamde's own reader into
    /// `T` (the whole key: no whitespace around it).
    fn number<T: crate::Deserialize>(&self) -> Result<T> {
        let k = self.0.as_bytes();
        let spells =
            matches!(k.first(), Some(b'0'..=b'9' | b'-')) && matches!(k.last(), Some(b'0'..=b'9'));
        let n = if spells {
            crate::from_str::<T>(self.0).ok()
        } else {
            None
        };
        n.ok_or_else(|| {
            Error::custom(format_args!(
                "expected a number as the key, found {:?}",
                self.0
            ))
        })
    }
}

macro_rules! numeric_key {
    ($($m:ident $visit:ident $t:ty),*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
            v.$visit(self.number::<$t>()?)
        }
    )*};
}

impl<'de> Deserializer<'de> for KeyDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_borrowed_str(self.0)
    }

    /// Integer keys: the number's own visit (`u64`, `i64` or `f64`), so the
    /// target type checks its range and refuses fractions, as for a value.
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.number::<Value>()? {
            Value::Number(Number::PosInt(n)) => v.visit_u64(n),
            Value::Number(Number::NegInt(n)) => v.visit_i64(n),
            Value::Number(Number::Float(f)) => v.visit_f64(f),
            // A value that begins with a digit or `-` is a number.
            _ => Err(de::Error::custom("expected a number as the key")),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_i64(v)
    }

    numeric_key!(deserialize_i128 visit_i128 i128, deserialize_u128 visit_u128 u128,
        deserialize_f32 visit_f32 f32, deserialize_f64 visit_f64 f64);

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.0 {
            "true" => v.visit_bool(true),
            "false" => v.visit_bool(false),
            other => Err(de::Error::invalid_type(de::Unexpected::Str(other), &v)),
        }
    }

    /// A key is never null.
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        v.visit_enum(self.0.into_deserializer())
    }

    ::serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct
        map struct identifier ignored_any
    }
}

/// Builds a [`Value`] from any serde type.
struct ValueSerializer;

/// A float as a value: NaN and the infinities have no JSON form and become
/// `null`, as streamde's writer and serde_json (its writer and `to_value`)
/// make them.
fn finite(f: f64) -> Result<Value> {
    Ok(if f.is_finite() {
        Value::Number(Number::Float(f))
    } else {
        Value::Null
    })
}

impl Serializer for ValueSerializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = Wrapped<SeqBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = Wrapped<MapBuilder>;

    fn serialize_bool(self, b: bool) -> Result<Value> {
        Ok(Value::Bool(b))
    }
    fn serialize_i8(self, n: i8) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_i16(self, n: i16) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_i32(self, n: i32) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_i64(self, n: i64) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_i128(self, n: i128) -> Result<Value> {
        if let Ok(n) = u64::try_from(n) {
            Ok(Value::from(n))
        } else if let Ok(n) = i64::try_from(n) {
            Ok(Value::from(n))
        } else {
            Err(ser::Error::custom(format_args!(
                "{n} does not fit a JSON value's integer"
            )))
        }
    }
    fn serialize_u8(self, n: u8) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_u16(self, n: u16) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_u32(self, n: u32) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_u64(self, n: u64) -> Result<Value> {
        Ok(Value::from(n))
    }
    fn serialize_u128(self, n: u128) -> Result<Value> {
        u64::try_from(n).map(Value::from).map_err(|_| {
            ser::Error::custom(format_args!("{n} does not fit a JSON value's integer"))
        })
    }
    fn serialize_f32(self, f: f32) -> Result<Value> {
        if f.is_finite() {
            Ok(Value::from(f))
        } else {
            finite(f as f64)
        }
    }
    fn serialize_f64(self, f: f64) -> Result<Value> {
        finite(f)
    }
    fn serialize_char(self, c: char) -> Result<Value> {
        Ok(Value::from(c))
    }
    fn serialize_str(self, s: &str) -> Result<Value> {
        Ok(Value::from(s))
    }
    fn serialize_bytes(self, b: &[u8]) -> Result<Value> {
        Ok(Value::Array(b.iter().map(|&x| Value::from(x)).collect()))
    }
    fn serialize_none(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value> {
        let inner = v
            .serialize(ValueSerializer)
            .map_err(|e| e.under_key(variant))?;
        let mut o = Object::new();
        o.insert(variant, inner);
        Ok(Value::Object(o))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder> {
        Ok(SeqBuilder(Vec::with_capacity(len.unwrap_or(0).min(4096))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Wrapped<SeqBuilder>> {
        Ok(Wrapped(variant, self.serialize_seq(Some(len))?))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapBuilder> {
        Ok(MapBuilder(Object::new(), None))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Wrapped<MapBuilder>> {
        Ok(Wrapped(variant, self.serialize_map(Some(len))?))
    }
}

struct SeqBuilder(Vec<Value>);

impl SerializeSeq for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        let i = self.0.len();
        self.0
            .push(v.serialize(ValueSerializer).map_err(|e| e.under_index(i))?);
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(Value::Array(self.0))
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value> {
        SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value> {
        SerializeSeq::end(self)
    }
}

/// A variant's content, written as `{"variant": content}`.
struct Wrapped<B>(&'static str, B);

fn wrap(variant: &'static str, v: Value) -> Value {
    let mut o = Object::new();
    o.insert(variant, v);
    Value::Object(o)
}

impl ser::SerializeTupleVariant for Wrapped<SeqBuilder> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        SerializeSeq::serialize_element(&mut self.1, v).map_err(|e| e.under_key(self.0))
    }
    fn end(self) -> Result<Value> {
        Ok(wrap(self.0, SerializeSeq::end(self.1)?))
    }
}

struct MapBuilder(Object, Option<SmallString>);

impl SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<()> {
        self.1 = Some(k.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        let k = self
            .1
            .take()
            .ok_or_else(|| Error::custom("a map value written before its key"))?;
        let v = v.serialize(ValueSerializer).map_err(|e| e.under_key(&k))?;
        self.0.insert(k, v);
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(Value::Object(self.0))
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<()> {
        let v = v.serialize(ValueSerializer).map_err(|e| e.under_key(key))?;
        self.0.insert(key, v);
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(Value::Object(self.0))
    }
}

impl ser::SerializeStructVariant for Wrapped<MapBuilder> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<()> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, v).map_err(|e| e.under_key(self.0))
    }
    fn end(self) -> Result<Value> {
        Ok(wrap(self.0, ser::SerializeStruct::end(self.1)?))
    }
}

/// Map keys, as serde_json writes them: strings, characters, unit
/// variants, integers (decimal text), `bool` (`true`/`false`) and finite
/// floats (their text as streamde writes floats: `1e21` where serde_json
/// 1.0.154 writes `1e+21`).
struct KeySerializer;

fn key_error() -> Error {
    ser::Error::custom("a map key must be a string, a character, a number or a bool")
}

/// A finite float as a key; a non-finite one is an error, as in serde_json.
fn float_key(f: f64, text: &str) -> Result<SmallString> {
    if f.is_finite() {
        Ok(text.into())
    } else {
        Err(ser::Error::custom("a float map key must be finite"))
    }
}

macro_rules! int_keys {
    ($($m:ident $t:ty),*) => {$(
        fn $m(self, n: $t) -> Result<SmallString> {
            Ok(n.to_string().into())
        }
    )*};
}

impl Serializer for KeySerializer {
    type Ok = SmallString;
    type Error = Error;
    type SerializeSeq = ser::Impossible<SmallString, Error>;
    type SerializeTuple = ser::Impossible<SmallString, Error>;
    type SerializeTupleStruct = ser::Impossible<SmallString, Error>;
    type SerializeTupleVariant = ser::Impossible<SmallString, Error>;
    type SerializeMap = ser::Impossible<SmallString, Error>;
    type SerializeStruct = ser::Impossible<SmallString, Error>;
    type SerializeStructVariant = ser::Impossible<SmallString, Error>;

    int_keys!(serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
        serialize_i128 i128, serialize_u8 u8, serialize_u16 u16, serialize_u32 u32,
        serialize_u64 u64, serialize_u128 u128);

    fn serialize_str(self, s: &str) -> Result<SmallString> {
        Ok(s.into())
    }
    fn serialize_char(self, c: char) -> Result<SmallString> {
        Ok((&*c.encode_utf8(&mut [0; 4])).into())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<SmallString> {
        Ok(v.into())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<SmallString> {
        v.serialize(self)
    }
    fn serialize_bool(self, b: bool) -> Result<SmallString> {
        Ok(if b { "true" } else { "false" }.into())
    }
    fn serialize_f32(self, f: f32) -> Result<SmallString> {
        float_key(f64::from(f), ryu::Buffer::new().format(f))
    }
    fn serialize_f64(self, f: f64) -> Result<SmallString> {
        float_key(f, ryu::Buffer::new().format(f))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<SmallString> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}

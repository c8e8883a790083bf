//! The JSON writer. Integers go through `itoa`, floats through `ryu`; strings
//! that need no escaping are copied in one piece (found with the scanner's
//! eight-bytes-at-a-time search). Output goes to an [`Out`]: a string, or a
//! fixed buffer drained into an `io::Write` between values, so writing to a
//! writer takes memory that does not grow with the value.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::{Deref, DerefMut};

/// A type that can be written as JSON.
///
/// Floats are written in their shortest form that reads back exactly
/// (`ryu`): `0.1`, `1.0`, `1e21`, `1e-7`. JSON has no NaN or infinity:
/// they are written as `null` (as serde_json writes them), so a float field
/// holding one does not read back into a float; `streamde::serde::to_value`
/// makes them `Value::Null` alike.
pub trait Serialize {
    /// Append the JSON of `self` to `out`. Containers call
    /// [`Out::flush_point`] between their members, so that a writer-backed
    /// `Out` can drain its buffer.
    fn serialize(&self, out: &mut Out<'_>);
}

/// Where JSON is written: a `String` (it derefs to one, so `push_str` and
/// the helpers here work on it), optionally drained into an `io::Write`
/// whenever it passes [`Out::BUFFER`] bytes at a point between values.
pub struct Out<'w> {
    buf: String,
    sink: Option<&'w mut dyn io::Write>,
    error: Option<io::Error>,
}

impl Out<'static> {
    /// Output kept in memory.
    pub fn new() -> Self {
        Out {
            buf: String::new(),
            sink: None,
            error: None,
        }
    }

    /// The JSON written.
    pub fn into_string(self) -> String {
        self.buf
    }
}

impl Default for Out<'static> {
    fn default() -> Self {
        Out::new()
    }
}

impl<'w> Out<'w> {
    /// The buffer size past which a writer-backed `Out` drains.
    pub const BUFFER: usize = 8 * 1024;

    /// Output drained into `w` through a buffer of about [`Out::BUFFER`]
    /// bytes (more only while one string or number is longer).
    pub fn to_writer(w: &'w mut dyn io::Write) -> Self {
        Out {
            buf: String::with_capacity(Self::BUFFER + 256),
            sink: Some(w),
            error: None,
        }
    }

    /// A point between two values: drain the buffer into the writer if it
    /// is full. The first write error stops all later writes and is
    /// returned by [`finish`](Out::finish).
    #[inline]
    pub fn flush_point(&mut self) {
        if self.buf.len() >= Self::BUFFER && self.sink.is_some() {
            self.drain();
        }
    }

    #[cold]
    fn drain(&mut self) {
        if let Some(w) = &mut self.sink {
            if self.error.is_none() {
                if let Err(e) = w.write_all(self.buf.as_bytes()) {
                    self.error = Some(e);
                }
            }
            self.buf.clear();
        }
    }

    /// Write what is left to the writer (if any) and report the first write
    /// error.
    pub fn finish(mut self) -> io::Result<()> {
        self.drain();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Deref for Out<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.buf
    }
}

impl DerefMut for Out<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.buf
    }
}

/// Write `value` as compact JSON.
///
/// The text is serde_json's for the same member order, but for floats with
/// a positive exponent: streamde writes `1e21` where serde_json (1.0.154,
/// the version the tests use) writes `1e+21`; both read back to the same
/// number. NaN and the infinities are written as `null` (see
/// [`Serialize`]).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Out::new();
    value.serialize(&mut out);
    out.into_string()
}

/// Write `value` as compact JSON bytes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    to_string(value).into_bytes()
}

/// Write `value` as compact JSON to `w`, through a buffer of about
/// [`Out::BUFFER`] bytes: memory does not grow with the value. Give `w`
/// unbuffered; the first write error is returned.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(mut w: W, value: &T) -> io::Result<()> {
    let mut out = Out::to_writer(&mut w);
    value.serialize(&mut out);
    out.finish()
}

/// The writing side of [`ItemDecoder`](crate::ItemDecoder): items written
/// one at a time to an `io::Write`, as a top-level array, as
/// newline-delimited values, or as the array under one key of an envelope
/// object (a Stripe list: `at_key(w, "data")`, then
/// `finish_with(&list_meta)`). Each item goes through [`to_writer`]'s
/// bounded buffer, so memory does not grow with the stream.
///
/// ```
/// use streamde::ser::ItemWriter;
/// let mut w = ItemWriter::at_key(Vec::new(), "data")?;
/// for i in 0..3u8 {
///     w.item(&i)?;
/// }
/// let meta = streamde::json!({"object": "list", "has_more": false});
/// let out = w.finish_with(&meta)?;
/// assert_eq!(out, br#"{"data":[0,1,2],"object":"list","has_more":false}"#);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ItemWriter<W: io::Write> {
    w: W,
    shape: Shape,
    items: u64,
    /// The items' key (`at_key`).
    key: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Array,
    Values,
    AtKey,
}

impl<W: io::Write> ItemWriter<W> {
    /// A top-level array: `[item,item]`.
    pub fn array(mut w: W) -> io::Result<Self> {
        w.write_all(b"[")?;
        Ok(ItemWriter {
            w,
            shape: Shape::Array,
            items: 0,
            key: String::new(),
        })
    }

    /// Newline-delimited values: each item on its own line.
    pub fn values(w: W) -> Self {
        ItemWriter {
            w,
            shape: Shape::Values,
            items: 0,
            key: String::new(),
        }
    }

    /// The array under `key` of an envelope object: `{"key":[item,item]`,
    /// closed by [`finish_with`](ItemWriter::finish_with) (the envelope's
    /// other members) or [`finish`](ItemWriter::finish) (none).
    pub fn at_key(mut w: W, key: &str) -> io::Result<Self> {
        let mut head = String::from("{");
        write_str(&mut head, key);
        head.push_str(":[");
        w.write_all(head.as_bytes())?;
        Ok(ItemWriter {
            w,
            shape: Shape::AtKey,
            items: 0,
            key: key.to_owned(),
        })
    }

    /// Write one item.
    pub fn item<T: Serialize + ?Sized>(&mut self, item: &T) -> io::Result<()> {
        match self.shape {
            Shape::Array | Shape::AtKey if self.items > 0 => self.w.write_all(b",")?,
            _ => {}
        }
        to_writer(&mut self.w, item)?;
        if self.shape == Shape::Values {
            self.w.write_all(b"\n")?;
        }
        self.items += 1;
        Ok(())
    }

    /// Items written so far.
    pub fn items(&self) -> u64 {
        self.items
    }

    /// Close the array (and the envelope) and give the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        match self.shape {
            Shape::Array => self.w.write_all(b"]")?,
            Shape::AtKey => self.w.write_all(b"]}")?,
            Shape::Values => {}
        }
        self.w.flush()?;
        Ok(self.w)
    }

    /// Close the array, then write `envelope`'s members (it must write a
    /// JSON object; a member under the items' key is left out) and close
    /// the envelope. For the other shapes, the same as `finish` with the
    /// envelope ignored.
    pub fn finish_with<E: Serialize + ?Sized>(mut self, envelope: &E) -> io::Result<W> {
        if self.shape != Shape::AtKey {
            return self.finish();
        }
        let text = to_string(envelope);
        let members = match &mut crate::from_str::<crate::Value>(&text) {
            Ok(crate::Value::Object(o)) => std::mem::take(o),
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the envelope of an item stream must be written as a JSON object",
                ))
            }
        };
        let mut tail = Out::new();
        tail.push(']');
        for (k, v) in members.iter().filter(|(k, _)| *k != self.key) {
            tail.push(',');
            write_str(&mut tail, k);
            tail.push(':');
            v.serialize(&mut tail);
        }
        tail.push('}');
        self.w.write_all(tail.as_bytes())?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Write `value` as JSON indented by two spaces, one member or element a
/// line, `": "` after keys, empty containers as `[]` and `{}` (serde_json's
/// pretty form).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    pretty(&to_string(value))
}

/// Re-indent compact JSON (as the writer makes it: no whitespace outside
/// strings). One pass, no recursion.
fn pretty(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < b.len() {
        match b[i] {
            b'"' => {
                // Copy the string whole: its end is the first `"` not
                // escaped.
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                // (A hand-written `Serialize` that leaves a string open
                // gets the rest copied as it is.)
                i = i.min(b.len() - 1);
                out.push_str(&compact[start..=i]);
            }
            open @ (b'[' | b'{') => {
                out.push(open as char);
                if matches!(b.get(i + 1), Some(b']' | b'}')) {
                    out.push(b[i + 1] as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            close @ (b']' | b'}') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => {
                let start = i;
                while i + 1 < b.len() && !matches!(b[i + 1], b',' | b']' | b'}' | b':') {
                    i += 1;
                }
                out.push_str(&compact[start..=i]);
            }
        }
        i += 1;
    }
    out
}

/// Append `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    let mut start = 0;
    loop {
        let i = crate::bytes::find_special(b, start, b.len());
        out.push_str(&s[start..i]);
        if i == b.len() {
            break;
        }
        let esc: &str = match b[i] {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c >> 4) as usize] as char);
                out.push(HEX[(c & 15) as usize] as char);
                start = i + 1;
                continue;
            }
        };
        out.push_str(esc);
        start = i + 1;
    }
    out.push('"');
}

/// Writes the members of one object: `{"a":1,"b":2}`.
pub struct ObjectWriter<'a, 'w> {
    out: &'a mut Out<'w>,
    first: bool,
}

impl<'a, 'w> ObjectWriter<'a, 'w> {
    /// Opens the object.
    pub fn new(out: &'a mut Out<'w>) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// One member.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        value.serialize(self.out);
        self.out.flush_point();
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

impl Serialize for bool {
    fn serialize(&self, out: &mut Out<'_>) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! int_ser {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize(&self, out: &mut Out<'_>) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
int_ser!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, u128, i128);

impl Serialize for f64 {
    fn serialize(&self, out: &mut Out<'_>) {
        if self.is_finite() {
            out.push_str(ryu::Buffer::new().format_finite(*self));
        } else {
            // JSON has no NaN or infinity.
            out.push_str("null");
        }
    }
}

impl Serialize for f32 {
    fn serialize(&self, out: &mut Out<'_>) {
        if self.is_finite() {
            out.push_str(ryu::Buffer::new().format_finite(*self));
        } else {
            out.push_str("null");
        }
    }
}

impl Serialize for str {
    fn serialize(&self, out: &mut Out<'_>) {
        write_str(out, self);
    }
}

impl Serialize for String {
    fn serialize(&self, out: &mut Out<'_>) {
        write_str(out, self);
    }
}

impl Serialize for char {
    fn serialize(&self, out: &mut Out<'_>) {
        write_str(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl Serialize for () {
    fn serialize(&self, out: &mut Out<'_>) {
        out.push_str("null");
    }
}

impl<T: Serialize + ?Sized> Serialize for &T {
    fn serialize(&self, out: &mut Out<'_>) {
        (**self).serialize(out);
    }
}

impl<T: Serialize + ?Sized> Serialize for Box<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        (**self).serialize(out);
    }
}

impl<T: Serialize> Serialize for Option<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        match self {
            Some(v) => v.serialize(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Serialize> Serialize for [T] {
    fn serialize(&self, out: &mut Out<'_>) {
        write_seq(out, self);
    }
}

impl<T: Serialize> Serialize for Vec<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        self.as_slice().serialize(out);
    }
}

impl<T: Serialize, S> Serialize for HashMap<String, T, S> {
    fn serialize(&self, out: &mut Out<'_>) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in self {
            w.field(k, v);
        }
        w.end();
    }
}

impl<T: Serialize> Serialize for BTreeMap<String, T> {
    fn serialize(&self, out: &mut Out<'_>) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in self {
            w.field(k, v);
        }
        w.end();
    }
}

impl<T: Serialize, const N: usize> Serialize for [T; N] {
    fn serialize(&self, out: &mut Out<'_>) {
        self.as_slice().serialize(out);
    }
}

/// An array of `items`, with a drain point after each (every sequence
/// container writes through this).
fn write_seq<'a, T: Serialize + 'a>(out: &mut Out<'_>, items: impl IntoIterator<Item = &'a T>) {
    out.push('[');
    for (i, v) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        v.serialize(out);
        out.flush_point();
    }
    out.push(']');
}

impl<T: Serialize> Serialize for std::collections::VecDeque<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        write_seq(out, self);
    }
}

impl<T: Serialize, S> Serialize for std::collections::HashSet<T, S> {
    fn serialize(&self, out: &mut Out<'_>) {
        write_seq(out, self);
    }
}

impl<T: Serialize> Serialize for std::collections::BTreeSet<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        write_seq(out, self);
    }
}

impl<T: Serialize + ?Sized> Serialize for std::sync::Arc<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        (**self).serialize(out);
    }
}

impl<T: Serialize + ?Sized> Serialize for std::rc::Rc<T> {
    fn serialize(&self, out: &mut Out<'_>) {
        (**self).serialize(out);
    }
}

macro_rules! tuple_ser {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Serialize),+> Serialize for ($($t,)+) {
            fn serialize(&self, out: &mut Out<'_>) {
                out.push('[');
                $(
                    if $i > 0 {
                        out.push(',');
                    }
                    self.$i.serialize(out);
                    out.flush_point();
                )+
                out.push(']');
            }
        }
    };
}

tuple_ser!(A 0);
tuple_ser!(A 0, B 1);
tuple_ser!(A 0, B 1, C 2);
tuple_ser!(A 0, B 1, C 2, D 3);
tuple_ser!(A 0, B 1, C 2, D 3, E 4);
tuple_ser!(A 0, B 1, C 2, D 3, E 4, F 5);

/// A map key written as an object key: the integers, `bool`, `char`, and
/// the [`string_enum!`](crate::string_enum) enums (what
/// [`MapKey`](crate::de::MapKey) reads back).
pub trait KeyName {
    /// Append the key's text (unescaped) to `buf`.
    fn key_name(&self, buf: &mut String);
}

macro_rules! key_name {
    ($($t:ty),*) => {$(
        impl KeyName for $t {
            fn key_name(&self, buf: &mut String) {
                use std::fmt::Write;
                let _ = write!(buf, "{self}");
            }
        }
    )*};
}

key_name!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, bool, char);

fn write_keyed<'a, K: KeyName + 'a, T: Serialize + 'a>(
    out: &mut Out<'_>,
    entries: impl IntoIterator<Item = (&'a K, &'a T)>,
) {
    let mut w = ObjectWriter::new(out);
    let mut key = String::new();
    for (k, v) in entries {
        key.clear();
        k.key_name(&mut key);
        w.field(&key, v);
    }
    w.end();
}

impl<K: KeyName, T: Serialize, S> Serialize for HashMap<K, T, S> {
    fn serialize(&self, out: &mut Out<'_>) {
        write_keyed(out, self);
    }
}

impl<K: KeyName, T: Serialize> Serialize for BTreeMap<K, T> {
    fn serialize(&self, out: &mut Out<'_>) {
        write_keyed(out, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let s = "a\"b\\c\n\u{1}\u{1f}é🚀/";
        assert_eq!(to_string(s), r#""a\"b\\c\n\u0001\u001fé🚀/""#);
        let back: String = crate::from_str(&to_string(s)).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn numbers() {
        assert_eq!(to_string(&-12i64), "-12");
        assert_eq!(to_string(&u64::MAX), "18446744073709551615");
        assert_eq!(to_string(&0.1f64), "0.1");
        assert_eq!(to_string(&1e300f64), "1e300");
        assert_eq!(to_string(&f64::NAN), "null");
    }
}

//! The JSON writer. Integers go through `itoa`, floats through `ryu`; strings
//! that need no escaping are copied in one piece (found with the scanner's
//! eight-bytes-at-a-time search).

use std::collections::{BTreeMap, HashMap};

/// A type that can be written as JSON.
pub trait Serialize {
    /// Append the JSON of `self` to `out`.
    fn serialize(&self, out: &mut String);
}

/// Write `value` as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.serialize(&mut out);
    out
}

/// Write `value` as compact JSON bytes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    to_string(value).into_bytes()
}

/// Write `value` as compact JSON to `w`.
pub fn to_writer<W: std::io::Write, T: Serialize + ?Sized>(
    mut w: W,
    value: &T,
) -> std::io::Result<()> {
    w.write_all(to_string(value).as_bytes())
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
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens the object.
    pub fn new(out: &'a mut String) -> Self {
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
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

impl Serialize for bool {
    fn serialize(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! int_ser {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
int_ser!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, u128, i128);

impl Serialize for f64 {
    fn serialize(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(ryu::Buffer::new().format_finite(*self));
        } else {
            // JSON has no NaN or infinity.
            out.push_str("null");
        }
    }
}

impl Serialize for f32 {
    fn serialize(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(ryu::Buffer::new().format_finite(*self));
        } else {
            out.push_str("null");
        }
    }
}

impl Serialize for str {
    fn serialize(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl Serialize for String {
    fn serialize(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl Serialize for char {
    fn serialize(&self, out: &mut String) {
        write_str(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl Serialize for () {
    fn serialize(&self, out: &mut String) {
        out.push_str("null");
    }
}

impl<T: Serialize + ?Sized> Serialize for &T {
    fn serialize(&self, out: &mut String) {
        (**self).serialize(out);
    }
}

impl<T: Serialize + ?Sized> Serialize for Box<T> {
    fn serialize(&self, out: &mut String) {
        (**self).serialize(out);
    }
}

impl<T: Serialize> Serialize for Option<T> {
    fn serialize(&self, out: &mut String) {
        match self {
            Some(v) => v.serialize(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Serialize> Serialize for [T] {
    fn serialize(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.serialize(out);
        }
        out.push(']');
    }
}

impl<T: Serialize> Serialize for Vec<T> {
    fn serialize(&self, out: &mut String) {
        self.as_slice().serialize(out);
    }
}

impl<T: Serialize, S> Serialize for HashMap<String, T, S> {
    fn serialize(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in self {
            w.field(k, v);
        }
        w.end();
    }
}

impl<T: Serialize> Serialize for BTreeMap<String, T> {
    fn serialize(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in self {
            w.field(k, v);
        }
        w.end();
    }
}

impl<T: Serialize, const N: usize> Serialize for [T; N] {
    fn serialize(&self, out: &mut String) {
        self.as_slice().serialize(out);
    }
}

fn write_seq<'a, T: Serialize + 'a>(out: &mut String, items: impl IntoIterator<Item = &'a T>) {
    out.push('[');
    for (i, v) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        v.serialize(out);
    }
    out.push(']');
}

impl<T: Serialize> Serialize for std::collections::VecDeque<T> {
    fn serialize(&self, out: &mut String) {
        write_seq(out, self);
    }
}

impl<T: Serialize, S> Serialize for std::collections::HashSet<T, S> {
    fn serialize(&self, out: &mut String) {
        write_seq(out, self);
    }
}

impl<T: Serialize> Serialize for std::collections::BTreeSet<T> {
    fn serialize(&self, out: &mut String) {
        write_seq(out, self);
    }
}

impl<T: Serialize + ?Sized> Serialize for std::sync::Arc<T> {
    fn serialize(&self, out: &mut String) {
        (**self).serialize(out);
    }
}

impl<T: Serialize + ?Sized> Serialize for std::rc::Rc<T> {
    fn serialize(&self, out: &mut String) {
        (**self).serialize(out);
    }
}

macro_rules! tuple_ser {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Serialize),+> Serialize for ($($t,)+) {
            fn serialize(&self, out: &mut String) {
                out.push('[');
                $(
                    if $i > 0 {
                        out.push(',');
                    }
                    self.$i.serialize(out);
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
    out: &mut String,
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
    fn serialize(&self, out: &mut String) {
        write_keyed(out, self);
    }
}

impl<K: KeyName, T: Serialize> Serialize for BTreeMap<K, T> {
    fn serialize(&self, out: &mut String) {
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

//! [`SmallString`]: `Value`'s strings and object keys. Most JSON strings and
//! keys are short; up to 22 bytes are kept inline, so decoding them does not
//! allocate. Longer ones take one exact-sized heap block. It is the size of
//! a `String` and reads as a `&str`.

use crate::bytes::InlineStr;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// An immutable string that keeps up to 22 bytes inline (no allocation)
/// and longer ones on the heap. It dereferences to `str`, compares, hashes
/// and orders as its text, and converts from and into `String`.
///
/// ```
/// use streamde::SmallString;
/// let s = SmallString::from("requires_input");
/// assert!(s.is_inline());
/// assert_eq!(s, "requires_input");
/// assert_eq!(s.len(), 14);
/// let long = SmallString::from("https://verify.stripe.com/start/test");
/// assert!(!long.is_inline());
/// assert_eq!(String::from(long), "https://verify.stripe.com/start/test");
/// ```
#[derive(Clone)]
pub struct SmallString(Repr);

#[derive(Clone)]
enum Repr {
    Inline(InlineStr),
    Heap(Box<str>),
}

impl SmallString {
    /// The longest text kept inline.
    pub const INLINE_CAPACITY: usize = InlineStr::CAP;

    /// A copy of `s`: inline when it fits, else one heap block.
    #[inline]
    pub fn new(s: &str) -> Self {
        match InlineStr::new(s) {
            Some(i) => SmallString(Repr::Inline(i)),
            None => SmallString(Repr::Heap(s.into())),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(i) => i.as_str(),
            Repr::Heap(b) => b,
        }
    }

    /// Whether the text is kept inline (it owns no heap memory).
    #[inline]
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }

    /// The text as a `String`.
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Inline(i) => i.as_str().to_owned(),
            Repr::Heap(b) => b.into_string(),
        }
    }
}

impl Default for SmallString {
    fn default() -> Self {
        SmallString::new("")
    }
}

impl Deref for SmallString {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SmallString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SmallString {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SmallString {
    #[inline]
    fn from(s: &str) -> Self {
        SmallString::new(s)
    }
}

impl From<String> for SmallString {
    /// Short text moves inline (the `String`'s block is freed); longer text
    /// keeps its block (shrunk to fit).
    fn from(s: String) -> Self {
        if s.len() <= Self::INLINE_CAPACITY {
            SmallString::new(&s)
        } else {
            SmallString(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<SmallString> for String {
    fn from(s: SmallString) -> Self {
        s.into_string()
    }
}

impl PartialEq for SmallString {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SmallString {}

impl PartialEq<str> for SmallString {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SmallString {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SmallString {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SmallString> for str {
    fn eq(&self, other: &SmallString) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SmallString> for &str {
    fn eq(&self, other: &SmallString) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SmallString> for String {
    fn eq(&self, other: &SmallString) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for SmallString {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SmallString {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SmallString {
    /// As the text, so that lookups by `&str` find it.
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl fmt::Display for SmallString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for SmallString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn inline_up_to_capacity_and_the_same_text_either_way() {
        for n in 0..40 {
            let text: String = "aé🦀".chars().cycle().take(n).collect();
            let s = SmallString::from(text.as_str());
            assert_eq!(
                s.is_inline(),
                text.len() <= SmallString::INLINE_CAPACITY,
                "{text}"
            );
            assert_eq!(s.as_str(), text);
            assert_eq!(SmallString::from(text.clone()), s);
            assert_eq!(s.clone().into_string(), text);
            assert_eq!(format!("{s}|{s:?}"), format!("{text}|{text:?}"));
        }
        assert_eq!(
            std::mem::size_of::<SmallString>(),
            std::mem::size_of::<String>()
        );
    }

    #[test]
    fn hashes_and_orders_as_its_text() {
        let set: HashSet<SmallString> = ["b", "a", "a long key that lives on the heap"]
            .into_iter()
            .map(SmallString::from)
            .collect();
        assert!(set.contains("a") && set.contains("a long key that lives on the heap"));
        assert!(!set.contains("c"));
        let mut v: Vec<SmallString> = set.into_iter().collect();
        v.sort();
        assert_eq!(v, ["a", "a long key that lives on the heap", "b"]);
    }
}

//! [`Expandable<T>`]: a field that holds an object's id, or the object itself
//! when the request asked Stripe to expand it. Built on the public
//! [`de`](crate::de) traits only.

use crate::de::{Cursor, Deserialize, Enter, Fast, Map, Place, Visitor};
use crate::ser::Serialize;
use crate::Result;

/// An object that has an id: what [`Expandable::id`] returns once the
/// field is expanded. Implement it for your own models to use that.
pub trait HasId {
    /// The object's id (`None` if it carries none).
    fn object_id(&self) -> Option<&str>;
}

impl HasId for crate::Value {
    /// The `"id"` member, if it is a string.
    fn object_id(&self) -> Option<&str> {
        self.get("id").and_then(crate::Value::as_str)
    }
}

impl HasId for super::IdentityVerificationSession {
    fn object_id(&self) -> Option<&str> {
        Some(&self.id)
    }
}

/// An id string, or the expanded object.
///
/// ```
/// use streamde::stripe::Expandable;
/// use streamde::Value;
///
/// let id: Expandable<Value> = streamde::from_str(r#""cus_123""#)?;
/// assert_eq!(id.id(), Some("cus_123"));
/// let obj: Expandable<Value> = streamde::from_str(r#"{"id": "cus_123"}"#)?;
/// assert_eq!(obj.id(), Some("cus_123"));
/// assert_eq!(obj.as_object().unwrap()["id"].as_str(), Some("cus_123"));
/// # Ok::<(), streamde::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Expandable<T> {
    /// Not expanded: the object's id.
    Id(String),
    /// Expanded: the object.
    Object(Box<T>),
}

impl<T: HasId> Expandable<T> {
    /// The id, expanded or not (`None` only for an expanded object that
    /// carries no id).
    pub fn id(&self) -> Option<&str> {
        match self {
            Expandable::Id(id) => Some(id),
            Expandable::Object(o) => o.object_id(),
        }
    }
}

impl<T> Expandable<T> {
    /// The id, if not expanded.
    pub fn unexpanded_id(&self) -> Option<&str> {
        match self {
            Expandable::Id(id) => Some(id),
            Expandable::Object(_) => None,
        }
    }

    /// The object, if expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(o) => Some(o),
        }
    }

    /// Whether it is expanded.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }
}

/// The [`Place`] of [`Expandable<T>`].
pub struct ExpandablePlace<T: Deserialize> {
    id: Option<String>,
    object: T::Place,
    /// 0 nothing, 1 an id, 2 an object begun.
    which: u8,
}

impl<T: Deserialize> Default for ExpandablePlace<T> {
    fn default() -> Self {
        ExpandablePlace {
            id: None,
            object: T::Place::default(),
            which: 0,
        }
    }
}

impl<T: Deserialize> Visitor for ExpandablePlace<T> {
    fn expecting(&self) -> &'static str {
        "an id string or an object"
    }

    fn string(&mut self, s: &str) -> Result<()> {
        self.id = Some(s.to_owned());
        self.which = 1;
        Ok(())
    }

    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        self.which = 2;
        self.object.map(enter)
    }

    fn wants_positions(&self) -> bool {
        self.object.wants_positions()
    }

    fn tag_key(&self) -> Option<&'static str> {
        self.object.tag_key()
    }

    fn value_at(&mut self, at: crate::Position) {
        self.object.value_at(at);
    }

    #[inline]
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        match c.peek() {
            Some(b'"') => c.scalar(self),
            Some(b'{') => {
                self.which = 2;
                self.object.fast(c)
            }
            _ => Err(c.defer()),
        }
    }

    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.object.fast_resume(c)
    }
}

impl<T: Deserialize> Place for ExpandablePlace<T> {
    type Out = Expandable<T>;

    fn take(&mut self) -> Option<Expandable<T>> {
        match self.which {
            1 => {
                self.which = 0;
                self.id.take().map(Expandable::Id)
            }
            2 => {
                let o = self.object.take()?;
                self.which = 0;
                Some(Expandable::Object(Box::new(o)))
            }
            _ => None,
        }
    }
}

impl<T: Deserialize> Deserialize for Expandable<T> {
    type Place = ExpandablePlace<T>;
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize(&self, out: &mut crate::ser::Out<'_>) {
        match self {
            Expandable::Id(id) => id.serialize(out),
            Expandable::Object(o) => o.serialize(out),
        }
    }
}

/// serde: the id as a string or the object as itself; read through a
/// [`Value`](crate::Value) with streamde's own rules.
#[cfg(feature = "serde")]
impl<T: ::serde::Serialize> ::serde::Serialize for Expandable<T> {
    fn serialize<S: ::serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => s.serialize_str(id),
            Expandable::Object(o) => o.serialize(s),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de, T: Deserialize> ::serde::Deserialize<'de> for Expandable<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = <crate::Value as ::serde::Deserialize>::deserialize(d)?;
        crate::from_value::<Self>(&v).map_err(<D::Error as ::serde::de::Error>::custom)
    }
}

/// miniserde: the same wire form, read with streamde's own rules.
#[cfg(feature = "miniserde")]
impl<T> ::miniserde::Serialize for Expandable<T>
where
    Self: crate::Serialize,
{
    fn begin(&self) -> ::miniserde::ser::Fragment<'_> {
        crate::miniserde_fragment(self)
    }
}

#[cfg(feature = "miniserde")]
impl<T> ::miniserde::Deserialize for Expandable<T>
where
    Self: Deserialize,
{
    fn begin(out: &mut Option<Self>) -> &mut dyn ::miniserde::de::Visitor {
        crate::miniserde_begin(out)
    }
}

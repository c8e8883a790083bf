//! Stripe API objects, declared with [`object!`](crate::object).
//!
//! Forward compatible: unknown fields, components and feature flags are
//! skipped; a missing or `null` required field is an error naming its path;
//! an `object` tag naming another type is an error naming both.

mod account_session;
mod event;
mod expandable;
mod identity;
mod list;

pub use account_session::*;
pub use event::{
    Event, EventBuilder, EventData, EventDataBuilder, EventObject, EventRequest,
    EventRequestBuilder,
};
pub use expandable::{Expandable, ExpandablePlace};
pub use identity::*;
pub use list::{List, ListBuilder, ListMeta, ListMetaBuilder};

/// Seconds since the Unix epoch.
pub type Timestamp = i64;

/// Writes `Some("[redacted]")`-style placeholders for secrets in `Debug`.
pub(crate) struct Redacted<'a, T>(pub(crate) &'a Option<T>);

impl<T> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some(\"[redacted]\")"),
            None => f.write_str("None"),
        }
    }
}

macro_rules! display_json {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            /// The object as compact JSON (secrets included: it is the wire form).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&crate::ser::to_string(self))
            }
        }
    )*};
}
pub(crate) use display_json;

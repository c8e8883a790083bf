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
pub use expandable::{Expandable, ExpandablePlace, HasId};
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

/// The text that stands for a secret in `Debug` and `Display`.
pub const REDACTED: &str = "[redacted]";

/// Replace the secrets in a tree of Stripe objects: every `client_secret`
/// member, and the `url` of verification sessions (a bearer link), when
/// not `null`. Iterative, so any depth is fine.
fn redact(v: &mut crate::Value) {
    use crate::Value;
    let mut stack: Vec<&mut Value> = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(o) => {
                let session = o.get("object").and_then(Value::as_str)
                    == Some("identity.verification_session");
                for (k, m) in o.iter_mut() {
                    if (k == "client_secret" || (session && k == "url")) && !m.is_null() {
                        *m = Value::from(REDACTED);
                    } else {
                        stack.push(m);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Display` of a container of Stripe objects: its JSON with the secrets of
/// every object in it replaced by [`REDACTED`] (text a hand-written
/// `Serialize` wrote that is not JSON is written as it is).
pub(crate) fn display_redacted<T: crate::Serialize + ?Sized>(
    value: &T,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    let text = crate::to_string(value);
    let mut d = crate::Decoder::<crate::Value>::with_limits(crate::Limits::unlimited());
    match d.feed(text.as_bytes()).and_then(|()| d.finish()) {
        Ok(mut v) => {
            redact(&mut v);
            write!(f, "{v}")
        }
        Err(_) => f.write_str(&text),
    }
}

/// `Display` as compact JSON, the wire form with every secret replaced by
/// [`REDACTED`] (so `format!("{session}")` cannot leak one by surprise);
/// [`to_string`](crate::to_string) writes the wire form itself.
macro_rules! display_json {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            /// Compact JSON (this type holds no secret).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&crate::ser::to_string(self))
            }
        }
    )*};
    ($t:ty; redact $v:ident => $redact:block) => {
        impl std::fmt::Display for $t {
            /// Compact JSON with secrets replaced by `"[redacted]"`; the wire
            /// form, secrets included, is `streamde::to_string`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut $v = self.clone();
                $redact
                f.write_str(&crate::ser::to_string(&$v))
            }
        }
    };
}
pub(crate) use display_json;

//! Stripe's webhook [`Event`]: its `data.object` is a tagged union of the
//! models this crate knows, or the payload as a [`Value`] for any other type.

use super::{AccountSession, IdentityVerificationSession, Timestamp};
use crate::Value;

crate::tagged_union! {
    /// The object an event is about, chosen by its `"object"` tag.
    #[derive(Debug, Clone, PartialEq)]
    #[allow(clippy::large_enum_variant)]
    pub enum EventObject, tag "object", impl serde {
        /// An account session.
        "account_session" => AccountSession(AccountSession),
        /// An Identity verification session.
        "identity.verification_session" => IdentityVerificationSession(IdentityVerificationSession),
        _ =>
        /// Any other object, as sent.
        Unknown(Value),
    }
}

crate::object! {
    /// What an event carries.
    #[derive(Debug, Clone, PartialEq)]
    pub struct EventData => EventDataBuilder, impl serde {
        /// The object, as it is after the change.
        pub object: EventObject,
        /// For `*.updated` events: the changed fields' previous values.
        pub previous_attributes: Option<Value>,
    }
}

crate::object! {
    /// The API request that caused an event, if any.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct EventRequest => EventRequestBuilder, impl serde {
        /// The request's id (`req_...`); `None` for automatic events.
        pub id: Option<String>,
        /// The request's idempotency key.
        pub idempotency_key: Option<String>,
    }
}

crate::object! {
    /// A webhook event (`"object": "event"`).
    ///
    /// ```
    /// use streamde::stripe::{Event, EventObject};
    ///
    /// let body = br#"{"id": "evt_1", "object": "event", "type": "identity.verification_session.verified",
    ///   "created": 1700000000, "livemode": false, "pending_webhooks": 1, "api_version": "2024-06-20",
    ///   "request": {"id": null, "idempotency_key": null},
    ///   "data": {"object": {"object": "identity.verification_session", "id": "vs_1", "created": 1,
    ///     "livemode": false, "metadata": {}, "status": "verified", "type": "document"}}}"#;
    /// let e: Event = streamde::from_slice(body)?;
    /// let EventObject::IdentityVerificationSession(s) = &e.data.object else { panic!() };
    /// assert_eq!((e.type_.as_str(), s.id.as_str()), ("identity.verification_session.verified", "vs_1"));
    /// # Ok::<(), streamde::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct Event => EventBuilder, tag "object" = "event", impl serde {
        /// Unique identifier (`evt_...`).
        pub id: String,
        /// Always `"event"`.
        pub object: String = "event".to_owned(),
        /// The connected account the event is about, for Connect events.
        pub account: Option<String>,
        /// The API version the event's data is rendered in.
        pub api_version: Option<String>,
        /// Creation time, seconds since the Unix epoch.
        pub created: Timestamp,
        /// The object and, for updates, its previous attributes.
        pub data: EventData,
        /// Live mode (`true`) or test mode (`false`).
        pub livemode: bool,
        /// Webhook deliveries not yet successful.
        pub pending_webhooks: u64,
        /// The request that caused the event.
        pub request: Option<EventRequest>,
        /// The event type, e.g. `identity.verification_session.verified`.
        pub type_: String as "type",
    }
}

//! `IdentityVerificationSession` (`"object": "identity.verification_session"`).

use super::{display_json, Redacted, REDACTED};
use crate::{object, Value};

object! {
    /// Guides the collection and verification of a user's identity. `Debug`
    /// and `Display` redact `client_secret` and `url`
    /// ([`REDACTED`](super::REDACTED)); `streamde::to_string` writes them.
    #[derive(Clone, PartialEq, Default)]
    pub struct IdentityVerificationSession => IdentityVerificationSessionBuilder,
        tag "object" = "identity.verification_session", impl serde {
        /// Short-lived secret for Stripe.js. Never log it.
        pub client_secret: Option<String>,
        /// Creation time, seconds since the Unix epoch.
        pub created: i64,
        /// Unique identifier (`vs_...`).
        pub id: String,
        /// The last error met while processing, `{code, reason}`.
        pub last_error: Option<Value>,
        /// The most recent VerificationReport: an id, or the expanded object.
        pub last_verification_report: Option<Value>,
        /// Live mode (`true`) or test mode (`false`).
        pub livemode: bool,
        /// String key/value pairs attached to the object.
        pub metadata: Value,
        /// Always `identity.verification_session`.
        pub object: String,
        /// Options of the verification checks.
        pub options: Option<Value>,
        /// Redaction status, `{status}`, or `None` if not redacted.
        pub redaction: Option<Value>,
        /// `requires_input`, `processing`, `verified`, `canceled` (more may come).
        pub status: String,
        /// The type of check: `document`, `id_number`, `verification_flow`.
        pub type_: Option<String> as "type",
        /// Short-lived link to Stripe's verification flow. Never log it.
        pub url: Option<String>,
        /// The user's verified data.
        pub verified_outputs: Option<Value>,
    }
}

/// The name Stripe's docs use for [`IdentityVerificationSession`].
pub type VerificationSession = IdentityVerificationSession;

impl std::fmt::Debug for IdentityVerificationSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityVerificationSession")
            .field("client_secret", &Redacted(&self.client_secret))
            .field("created", &self.created)
            .field("id", &self.id)
            .field("last_error", &self.last_error)
            .field("last_verification_report", &self.last_verification_report)
            .field("livemode", &self.livemode)
            .field("metadata", &self.metadata)
            .field("object", &self.object)
            .field("options", &self.options)
            .field("redaction", &self.redaction)
            .field("status", &self.status)
            .field("type_", &self.type_)
            .field("url", &Redacted(&self.url))
            .field("verified_outputs", &self.verified_outputs)
            .finish()
    }
}

display_json!(IdentityVerificationSession; redact s => {
    for secret in [&mut s.client_secret, &mut s.url] {
        if secret.is_some() {
            *secret = Some(REDACTED.to_owned());
        }
    }
});

crate::string_enum! {
    /// Where a verification session stands ([`IdentityVerificationSession::status`]).
    /// A status Stripe adds later decodes as `Unknown`.
    #[derive(Debug)]
    pub enum VerificationSessionStatus {
        /// The session was canceled.
        Canceled = "canceled",
        /// The checks are being processed.
        Processing = "processing",
        /// The user must provide (more) input.
        RequiresInput = "requires_input",
        /// The checks succeeded.
        Verified = "verified",
    }
}

crate::string_enum! {
    /// The type of check of a verification session
    /// ([`IdentityVerificationSession::type_`]).
    #[derive(Debug)]
    pub enum VerificationSessionType {
        /// A document check.
        Document = "document",
        /// An ID number check.
        IdNumber = "id_number",
        /// Checks configured by a verification flow.
        VerificationFlow = "verification_flow",
    }
}

impl IdentityVerificationSession {
    /// [`status`](Self::status) as an enum (no allocation for the known
    /// statuses).
    ///
    /// ```
    /// use streamde::stripe::{IdentityVerificationSession, VerificationSessionStatus};
    /// let s = IdentityVerificationSession { status: "verified".into(), ..Default::default() };
    /// assert_eq!(s.status_enum(), VerificationSessionStatus::Verified);
    /// ```
    pub fn status_enum(&self) -> VerificationSessionStatus {
        VerificationSessionStatus::from_name(&self.status)
    }

    /// [`type_`](Self::type_) as an enum.
    pub fn type_enum(&self) -> Option<VerificationSessionType> {
        self.type_
            .as_deref()
            .map(VerificationSessionType::from_name)
    }
}

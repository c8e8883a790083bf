//! Zero-copy, resumable JSON deserializer with a builder/visitor core, and
//! typed models of Stripe's `AccountSession` and `IdentityVerificationSession`.
//!
//! Input may arrive in chunks of any size, cut at any byte (inside a string,
//! an escape, a number, a UTF-8 character): one chunk and a thousand chunks
//! give the same result, and whole-buffer decoding is the same code fed once.
//!
//! ```
//! use streamde::Decoder;
//!
//! streamde::object! {
//!     #[derive(Debug, PartialEq)]
//!     struct Component => ComponentBuilder {
//!         enabled: bool,
//!         features: std::collections::BTreeMap<String, bool>,
//!     }
//! }
//!
//! let body = br#"{"enabled": true, "features": {"instant_payouts": false}}"#;
//! let mut decoder = Decoder::<Component>::new();
//! for chunk in body.chunks(7) {
//!     // e.g. each chunk of an HTTP body as it arrives
//!     decoder.feed(chunk)?;
//! }
//! let component = decoder.finish()?;
//! assert!(component.enabled);
//! assert_eq!(component.features["instant_payouts"], false);
//! # Ok::<(), streamde::Error>(())
//! ```
//!
//! Errors say what went wrong, where (byte offset, line, column) and at which
//! JSON path: ``missing field `enabled` at components.payouts (line 1, column 1873)``.
//!
//! Layout: [`de`] holds the traits a type implements and their std impls; the
//! private `scan` module is the resumable byte-level scanner (no visitors, no
//! I/O), built on the private `bytes` search module (the crate's only
//! `unsafe`); the private `driver` feeds the scanner's tokens to the visitors,
//! and [`Decoder`] wraps it for a type.

#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(feature = "tokio", feature = "stream"))]
mod asynch;
mod bytes;
pub mod de;
mod decoder;
mod driver;
mod error;
mod limits;
mod macros;
#[doc(hidden)]
pub use macros::__private;
mod scan;
pub mod ser;
mod stream;
pub mod stripe;
mod value;

#[cfg(feature = "tokio")]
pub use asynch::from_async_read;
#[cfg(feature = "stream")]
pub use asynch::from_stream;
pub use de::{Deserialize, Map, MapBuilder, ObjectDeser, Seq, Visitor};
pub use decoder::{Decoder, RawDecoder};
pub use error::{Category, Error, Position, Result, Unexpected};
pub use limits::Limits;
pub use ser::{to_string, to_vec, to_writer, Serialize};
pub use stream::{ItemDecoder, ReaderItems, StreamEnd};
pub use value::{Number, Object, SmallString, Value, ValuePlace};

/// Decode a whole buffer (the same code as [`Decoder`] fed one chunk).
pub fn from_slice<T: Deserialize>(bytes: &[u8]) -> Result<T> {
    let mut d = Decoder::<T>::new();
    d.feed(bytes)?;
    d.finish()
}

/// Decode a whole string.
pub fn from_str<T: Deserialize>(s: &str) -> Result<T> {
    from_slice(s.as_bytes())
}

/// Size of the buffer [`from_reader`] reads into.
pub const READ_BUFFER: usize = 16 * 1024;

/// Decode from a reader through a fixed buffer of [`READ_BUFFER`] bytes:
/// memory does not grow with the input (only with the decoded value).
pub fn from_reader<T: Deserialize, R: std::io::Read>(mut r: R) -> Result<T> {
    let mut d = Decoder::<T>::new();
    let mut buf = vec![0u8; READ_BUFFER];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => d.feed(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(d.io_error(&e)),
        }
    }
    d.finish()
}

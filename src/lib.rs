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
//! # Which entry point
//!
//! | the input | call |
//! |---|---|
//! | a whole buffer (`&[u8]`, `&str`) | [`from_slice`], [`from_str`] |
//! | chunks as they arrive (an HTTP client's callback) | [`Decoder::feed`] then [`Decoder::finish`] |
//! | any `std::io::Read` | [`from_reader`] (one fixed 16 KiB buffer) |
//! | a tokio `AsyncRead` | `from_async_read` (feature `tokio`) |
//! | a `Stream` of `bytes::Bytes` (hyper, reqwest) | `from_stream` (feature `stream`) |
//! | a list's items one at a time, memory bounded by one item | [`ItemDecoder`]: `at_key`, `array`, `values` (NDJSON); [`stripe::List::items`] |
//! | JSON of any shape | [`Value`] (indexing, pointers, [`json!`]), [`from_value`] into a typed struct |
//! | your own models | [`object!`], [`string_enum!`], [`tagged_union!`]; by hand: [`de::Place`] and [`Visitor`] |
//! | writing JSON | [`to_string`], [`to_writer`] (a fixed buffer), [`ser::ItemWriter`] |
//!
//! Every decoder enforces [`Limits`] (depth, string length, input, what is
//! held before a union's tag).
//!
//! # Features
//!
//! None is on by default; the default build depends on `itoa` and `ryu`
//! only.
//!
//! | feature | adds |
//! |---|---|
//! | `tokio` | `from_async_read`, [`ItemDecoder::next_from_async_read`] |
//! | `stream` | `from_stream`, [`ItemDecoder::next_from_stream`] (a `futures_core::Stream` of `bytes::Bytes`) |
//! | `serde` | serde's traits on [`Value`], the Stripe models and the enums; `serde::{from_value, to_value}`; `object!`'s `impl serde` option |
//! | `miniserde` | `MiniDecoder` (any `miniserde::Deserialize` type, fed in chunks); miniserde's traits on every streamde type |

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
#[cfg(feature = "miniserde")]
mod mini;
#[cfg(feature = "miniserde")]
mod mini_traits;
#[doc(hidden)]
pub use macros::__private;
mod scan;
pub mod ser;
#[cfg(feature = "serde")]
pub mod serde;
mod stream;
pub mod stripe;
mod value;

#[cfg(feature = "tokio")]
pub use asynch::from_async_read;
#[cfg(feature = "stream")]
pub use asynch::from_stream;
pub use de::{Deserialize, Enter, Map, MapBuilder, ObjectDeser, Place, Seq, Visitor};
pub use decoder::{Decoder, RawDecoder};
pub use error::{Category, Error, Position, Result, Unexpected};
pub use limits::Limits;
#[cfg(feature = "miniserde")]
pub use mini::{from_slice_mini, MiniDecoder};
#[cfg(feature = "miniserde")]
pub use mini_traits::{begin as miniserde_begin, fragment as miniserde_fragment};
pub use ser::{to_string, to_string_pretty, to_vec, to_writer, Serialize};
pub use stream::{ItemDecoder, ReaderItems, StreamEnd};
pub use value::{Number, Object, SmallString, Value};

/// Decode a whole buffer (the same code as [`Decoder`] fed one chunk).
pub fn from_slice<T: Deserialize>(bytes: &[u8]) -> Result<T> {
    let mut d = Decoder::<T>::new();
    d.feed(bytes)?;
    d.finish()
}

/// Decode a [`Value`] into any [`Deserialize`] type: the type receives the
/// calls it would receive decoding the value's JSON text (numbers as their
/// shortest round-trip text with their `f64`), without writing or scanning
/// that text. An error names the JSON path within the value; it has no
/// position. Nesting deeper than [`Limits`]' default depth (128) is an error.
///
/// ```
/// use streamde::Value;
///
/// let v: Value = streamde::from_str(r#"{"id": 7, "tags": ["a", "b"]}"#)?;
/// let pair: std::collections::BTreeMap<String, Value> = streamde::from_value(&v)?;
/// assert_eq!(pair["id"].as_i64(), Some(7));
/// let e = streamde::from_value::<std::collections::BTreeMap<String, Vec<u8>>>(&v).unwrap_err();
/// assert_eq!(e.path(), "id");
/// # Ok::<(), streamde::Error>(())
/// ```
pub fn from_value<T: Deserialize>(value: &Value) -> Result<T> {
    use de::Place;
    let mut place = T::Place::default();
    let mut events = value::ValueEvents::new(value);
    de::replay::replay(&mut events, &mut place, Limits::default().max_depth)
        .map_err(|e| e.rebase(""))?;
    place.take().ok_or_else(|| {
        Error::custom("the place did not give up the completed value (`Place::take` returned None)")
    })
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

//! The public decoders: [`Decoder`] (a root place plus the driver) and
//! [`RawDecoder`] (a caller-owned visitor). The driver itself, which feeds
//! tokens to visitors, is in `crate::driver`; [`Limits`] in `crate::limits`.

use crate::de::{Deserialize, Place, Visitor};
use crate::driver::Driver;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// A push decoder: feed it chunks of any size, split at any byte, then call
/// [`finish`](Decoder::finish).
///
/// ```
/// let mut d = streamde::Decoder::<Vec<u32>>::new();
/// for chunk in [&b"[1, 2"[..], b"3, 4", b"]"] {
///     d.feed(chunk)?;
/// }
/// assert_eq!(d.finish()?, vec![1, 23, 4]);
/// # Ok::<(), streamde::Error>(())
/// ```
pub struct Decoder<T: Deserialize> {
    place: T::Place,
    driver: Driver,
}

impl<T: Deserialize> Default for Decoder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Deserialize> Decoder<T> {
    /// A decoder with the default [`Limits`].
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        let mut driver = Driver::new(limits);
        driver.fast_on = true;
        Decoder {
            place: T::Place::default(),
            driver,
        }
    }

    /// Re-enter the fast path whenever at least `bytes` of a chunk are left
    /// (default 256). For tests and fuzzing, which exercise re-entry at
    /// small chunk sizes; the result never depends on it.
    #[doc(hidden)]
    pub fn reenter_at(mut self, bytes: usize) -> Self {
        self.driver.fast_min = bytes;
        self
    }

    /// Decode with the resumable machine alone, never the fast path. The
    /// result is the same (value, or error with its position, path and
    /// message): this switch exists to prove it, in tests and fuzzing.
    pub fn machine_only(mut self) -> Self {
        self.driver.fast_on = false;
        self
    }

    /// Feed the next chunk (any size, empty too). Returns an error as soon as
    /// the input cannot be valid or does not fit `T`; after an error every
    /// call returns the same error.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        self.driver.feed(&mut self.place, chunk).map(|_| ())
    }

    /// The input has ended: return the value, or why there is none.
    pub fn finish(mut self) -> Result<T> {
        self.driver.finish(&mut self.place)?;
        // A completed top-level value is in the place, unless a hand-written
        // `Place` loses it.
        self.place.take().ok_or_else(|| {
            Error::custom(
                "the place did not give up the completed value (`Place::take` returned None)",
            )
        })
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.driver.scan.consumed()
    }

    /// Fail with an I/O error at the current position.
    pub(crate) fn io_error(&mut self, e: &std::io::Error) -> Error {
        self.driver.io_error(e)
    }

    /// Fail with the error of a body stream (its kind and itself kept).
    #[cfg(feature = "stream")]
    pub(crate) fn stream_error(
        &mut self,
        e: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        self.driver.input_failed(Error::stream(e.into()))
    }
}

/// A decoder that drives a visitor the caller owns, for types that are not
/// [`Deserialize`] or for callers that keep their own output (a `Decoder<T>`
/// is this plus a `T::Place`). Pass the same visitor to every call.
pub struct RawDecoder {
    driver: Driver,
}

impl RawDecoder {
    /// A decoder with the given limits.
    pub fn new(limits: Limits) -> Self {
        RawDecoder {
            driver: Driver::new(limits),
        }
    }

    /// Feed the next chunk to `root`.
    pub fn feed(&mut self, root: &mut dyn Visitor, chunk: &[u8]) -> Result<()> {
        self.driver.feed(root, chunk).map(|_| ())
    }

    /// The input has ended. Calling it again returns the same result; a
    /// `feed` after it is an error.
    pub fn finish(&mut self, root: &mut dyn Visitor) -> Result<()> {
        self.driver.finish(root)
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.driver.scan.consumed()
    }
}

//! [`Limits`]: the bounds every decoder enforces.

/// Bounds that protect against hostile input. Going past one is a
/// [`Category::Limit`](crate::Category::Limit) error, never a crash or an unbounded allocation.
///
/// Set them with the builder methods, so that bounds added later do not
/// break callers:
///
/// ```
/// let limits = streamde::Limits::default().max_depth(512).max_string_len(1 << 20);
/// let d = streamde::Decoder::<streamde::Value>::with_limits(limits);
/// # drop(d);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest nesting of arrays and objects. Default 128.
    pub max_depth: u32,
    /// Longest string or number, in bytes as written in the input. Default 64 MiB.
    pub max_string_len: u64,
    /// Most bytes accepted in total. Default 1 GiB: a decoder that builds
    /// the whole value holds about that much. [`Limits::streaming`] (the
    /// default of [`ItemDecoder`](crate::ItemDecoder)) has no bound, since
    /// its memory does not grow with the input.
    pub max_input: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_string_len: 64 << 20,
            max_input: 1 << 30,
        }
    }
}

impl Limits {
    /// The defaults without a bound on total input, for item-by-item decoding.
    pub fn streaming() -> Self {
        Limits {
            max_input: u64::MAX,
            ..Limits::default()
        }
    }

    /// No bound at all: for reading back text this crate's own writer just
    /// wrote (it is as deep and as long as the value it came from).
    pub(crate) fn unlimited() -> Self {
        Limits {
            max_depth: u32::MAX,
            max_string_len: u64::MAX,
            max_input: u64::MAX,
        }
    }

    /// With `n` as the deepest nesting.
    pub fn max_depth(mut self, n: u32) -> Self {
        self.max_depth = n;
        self
    }

    /// With `n` bytes as the longest string or number.
    pub fn max_string_len(mut self, n: u64) -> Self {
        self.max_string_len = n;
        self
    }

    /// With `n` bytes as the most input accepted.
    pub fn max_input(mut self, n: u64) -> Self {
        self.max_input = n;
        self
    }
}

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
    /// Most bytes held on the side while the value around them is still
    /// open: the members a tagged union reads before its tag (replayed when
    /// the tag arrives), and the members of an
    /// [`ItemDecoder`](crate::ItemDecoder)'s envelope other than the items.
    /// Counted as held, which is at most about twice the input they came
    /// from. Default 1 GiB, the default input limit; 64 MiB in
    /// [`Limits::streaming`], whose memory otherwise does not grow with the
    /// input.
    pub max_held: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_string_len: 64 << 20,
            max_input: 1 << 30,
            max_held: 1 << 30,
        }
    }
}

impl Limits {
    /// The defaults without a bound on total input, for item-by-item decoding.
    pub fn streaming() -> Self {
        Limits {
            max_input: u64::MAX,
            max_held: 64 << 20,
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
            max_held: u64::MAX,
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

    /// With `n` bytes as the most held on the side (see
    /// [`max_held`](Limits::max_held)).
    pub fn max_held(mut self, n: u64) -> Self {
        self.max_held = n;
        self
    }
}

thread_local! {
    /// The `max_held` of the decode running in this thread.
    static HELD: std::cell::Cell<u64> = const { std::cell::Cell::new(1 << 30) };
}

/// The [`Limits::max_held`] of the decode running in this thread (the
/// default outside one, as in `from_value`): what a place that holds values
/// may hold.
pub(crate) fn held_limit() -> u64 {
    HELD.try_with(|h| h.get()).unwrap_or(1 << 30)
}

/// Sets [`held_limit`] for one call into the decoder, and restores the one
/// before (a decode inside a place's code has its own).
pub(crate) struct HeldScope(u64);

impl HeldScope {
    #[inline]
    pub(crate) fn new(limit: u64) -> Self {
        HeldScope(HELD.try_with(|h| h.replace(limit)).unwrap_or(1 << 30))
    }
}

impl Drop for HeldScope {
    #[inline]
    fn drop(&mut self) {
        let _ = HELD.try_with(|h| h.set(self.0));
    }
}

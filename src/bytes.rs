//! Byte search: the crate's only `unsafe`, shared by the scanner and the
//! writer. Nothing here knows JSON grammar; it finds bytes.
//!
//! Layers, as in memchr: on x86_64, 16-byte SSE2 blocks first ([`sse2`]; SSE2
//! is part of the x86_64 baseline), then eight-byte SWAR words, then single
//! bytes; on every other target SWAR and single bytes. The tests check the
//! full search and the SWAR layer alone against a byte-at-a-time oracle, and
//! run under Miri, SSE2 included (`cargo +nightly miri test --lib bytes`).
//!
//! - [`find_special`]: the first `"`, `\` or control byte of a range.
//!   [`find_special_scalar`] is its oracle.
//! - [`find_special_ascii`]: the same search that also proves the bytes before
//!   the stop ASCII, handing them out as [`Ascii`] so that they become `&str`
//!   without a second UTF-8 pass. That conversion, [`InlineStr`]'s and the
//!   SSE2 layer are the crate's only `unsafe` blocks.
//! - [`skip_spaces8`]: runs of indentation, eight spaces at a time.
//! - [`ascii_str`]: number text (ASCII by the grammar) as `&str`.
//! - [`InlineStr`]: up to 22 bytes of UTF-8 by value, `Value`'s small
//!   strings; it becomes `&str` without a UTF-8 pass because it is only ever
//!   copied from a `&str`.
//!
//! Invariants: [`Ascii`] is built only from bytes whose high bits were all
//! seen clear; [`InlineStr`] only from a whole `&str`.

#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of `b` (which has at least eight) as a little-endian word.
#[inline(always)]
fn word(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// A byte that ends a run of plain string content.
#[inline(always)]
pub(crate) fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The high bit of each byte of `w` (little-endian) that is `"`, `\` or a
/// control byte, exact up to the lowest flagged byte: each term flags bytes
/// equal to zero (resp. below 0x20), and a borrow can only create false flags
/// *above* a true one.
#[inline(always)]
fn special_mask(w: u64) -> u64 {
    let q = w ^ (LO * b'"' as u64);
    let s = w ^ (LO * b'\\' as u64);
    ((q.wrapping_sub(LO) & !q) | (s.wrapping_sub(LO) & !s) | (w.wrapping_sub(LO * 0x20) & !w)) & HI
}

/// Index of the first byte in `b[i..end]` that is `"`, `\\` or a control byte,
/// or `end`.
#[inline(always)]
pub(crate) fn find_special(b: &[u8], i: usize, end: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    let i = match sse2::find_special(b, i, end, &mut 0) {
        Ok(stop) => return stop,
        Err(next) => next,
    };
    find_special_swar(b, i, end)
}

/// [`find_special`] eight bytes at a time, then byte by byte: the whole
/// search on targets without a 16-byte layer, the tail on x86_64.
#[inline(always)]
fn find_special_swar(b: &[u8], mut i: usize, end: usize) -> usize {
    while i + 8 <= end {
        let m = special_mask(word(&b[i..]));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && !is_special(b[i]) {
        i += 1;
    }
    i
}

/// Byte-at-a-time version of [`find_special`], kept as the test oracle.
#[cfg(test)]
fn find_special_scalar(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && !is_special(b[i]) {
        i += 1;
    }
    i
}

/// From `i`, past every whole group of eight spaces in `b`.
#[inline(always)]
pub(crate) fn skip_spaces8(b: &[u8], i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    let i = sse2::skip_spaces16(b, i);
    skip_spaces8_swar(b, i)
}

/// [`skip_spaces8`] eight bytes at a time.
#[inline(always)]
fn skip_spaces8_swar(b: &[u8], mut i: usize) -> usize {
    while i + 8 <= b.len() && word(&b[i..]) == LO * b' ' as u64 {
        i += 8;
    }
    i
}

/// Bytes that are known to be ASCII.
#[derive(Clone, Copy)]
pub(crate) struct Ascii<'a>(
    // INVARIANT: every byte is below 0x80.
    &'a [u8],
);

impl<'a> Ascii<'a> {
    #[inline]
    pub(crate) fn as_str(self) -> &'a str {
        debug_assert!(self.0.is_ascii());
        // SAFETY: by the invariant of `Ascii`, every byte is below 0x80, and a
        // sequence of ASCII bytes is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(self.0) }
    }
}

/// `b` as `&str` if every byte is ASCII (number text, which the grammar
/// has already limited to digits, signs, `.` and `e`).
#[inline]
pub(crate) fn ascii_str(b: &[u8]) -> Option<&str> {
    if b.is_ascii() {
        Some(Ascii(b).as_str())
    } else {
        None
    }
}

/// Up to [`InlineStr::CAP`] bytes of UTF-8 kept by value: the inline form
/// of `Value`'s small strings.
#[derive(Clone, Copy)]
pub(crate) struct InlineStr {
    // INVARIANT: `len <= CAP` and `buf[..len]` is valid UTF-8.
    len: u8,
    buf: [u8; InlineStr::CAP],
}

impl InlineStr {
    /// The most bytes kept inline: with the length and an enum tag, the
    /// size of a `String`.
    pub(crate) const CAP: usize = 22;

    /// `s`, if it fits.
    #[inline]
    pub(crate) fn new(s: &str) -> Option<Self> {
        let mut buf = [0u8; Self::CAP];
        buf.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(InlineStr {
            len: s.len() as u8,
            buf,
        })
    }

    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        let b = &self.buf[..self.len as usize];
        debug_assert!(std::str::from_utf8(b).is_ok());
        // SAFETY: by the invariant, `buf[..len]` is valid UTF-8: `new`, the
        // only constructor, copies it whole from a `&str`, and nothing
        // writes to `buf` or `len` afterwards.
        unsafe { std::str::from_utf8_unchecked(b) }
    }
}

/// Like [`find_special`], and also whether `b[i..stop]` is all ASCII; if so,
/// that range comes back as [`Ascii`].
#[inline(always)]
pub(crate) fn find_special_ascii(b: &[u8], i: usize, end: usize) -> (usize, Option<Ascii<'_>>) {
    #[cfg(target_arch = "x86_64")]
    {
        let mut high16 = 0u32;
        let found = sse2::find_special(b, i, end, &mut high16);
        // Any high bit seen in a 16-byte block: not ASCII.
        let high = if high16 != 0 { HI } else { 0 };
        match found {
            Ok(stop) => (stop, ascii(b, i, stop, high)),
            Err(next) => find_special_ascii_swar(b, i, next, end, high),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    find_special_ascii_swar(b, i, i, end, 0)
}

/// [`find_special_ascii`] from `i` for a range that starts at `start`, whose
/// bytes before `i` set the high bits in `high`: eight bytes at a time, then
/// byte by byte.
#[inline(always)]
fn find_special_ascii_swar(
    b: &[u8],
    start: usize,
    i: usize,
    end: usize,
    mut high: u64,
) -> (usize, Option<Ascii<'_>>) {
    let words = b[i..end].chunks_exact(8);
    let tail = i + (end - i) / 8 * 8;
    for (n, c) in words.enumerate() {
        let Ok(a) = <[u8; 8]>::try_from(c) else { break };
        let w = u64::from_le_bytes(a);
        let m = special_mask(w);
        if m != 0 {
            // k <= 7: the byte index of the first special byte.
            let k = m.trailing_zeros() / 8;
            // Only the bytes before the special one count.
            high |= w & ((1u64 << (8 * k)) - 1);
            let stop = i + n * 8 + k as usize;
            return (stop, ascii(b, start, stop, high));
        }
        high |= w;
    }
    let stop = find_special_swar(b, tail, end);
    for &x in &b[tail..stop] {
        high |= x as u64;
    }
    (stop, ascii(b, start, stop, high))
}

/// The 16-byte layer (x86_64: SSE2 is always present).
///
/// Every SSE2 intrinsic is an `unsafe` call outside a function compiled with
/// the feature; each block below makes exactly one kind of such call. SSE2 is
/// part of the x86_64 baseline (every x86_64 CPU has it, and the default
/// target enables it), which is the safety argument they share.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// The 16 bytes of `b` from `i`.
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> __m128i {
        assert!(i + 16 <= b.len());
        // SAFETY: the assertion keeps the 16 bytes read inside `b`; `loadu`
        // has no alignment requirement; SSE2 is in the x86_64 baseline.
        unsafe { _mm_loadu_si128(b.as_ptr().add(i).cast()) }
    }

    /// `x` in every lane.
    #[inline(always)]
    fn splat(x: u8) -> __m128i {
        // SAFETY: register arithmetic only; SSE2 is in the x86_64 baseline.
        unsafe { _mm_set1_epi8(x as i8) }
    }

    /// Bit `k` set where lane `k` of `v` is `"`, `\\` or at most 0x1f (a byte
    /// is at most 0x1f exactly when max(byte, 0x1f) == 0x1f), and bit `k` set
    /// where lane `k` has its high bit set.
    #[inline(always)]
    fn special_and_high(
        v: __m128i,
        quote: __m128i,
        backslash: __m128i,
        control: __m128i,
    ) -> (u32, u32) {
        // SAFETY: register arithmetic only; SSE2 is in the x86_64 baseline.
        unsafe {
            let special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                _mm_cmpeq_epi8(_mm_max_epu8(v, control), control),
            );
            (
                _mm_movemask_epi8(special) as u32,
                _mm_movemask_epi8(v) as u32,
            )
        }
    }

    /// Bit `k` set where lane `k` of `v` equals the lane of `x`.
    #[inline(always)]
    fn equal(v: __m128i, x: __m128i) -> u32 {
        // SAFETY: register arithmetic only; SSE2 is in the x86_64 baseline.
        unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(v, x)) as u32 }
    }

    /// Over whole 16-byte blocks of `b[i..end]`: `Ok(index)` of the first
    /// `"`, `\\` or control byte, or `Err(i)` where fewer than 16 bytes are
    /// left. `high` collects the high bits of the bytes before the stop.
    #[inline(always)]
    pub(super) fn find_special(
        b: &[u8],
        mut i: usize,
        end: usize,
        high: &mut u32,
    ) -> Result<usize, usize> {
        let (quote, backslash, control) = (splat(b'"'), splat(b'\\'), splat(0x1f));
        while i + 16 <= end {
            let (m, h) = special_and_high(load(b, i), quote, backslash, control);
            if m != 0 {
                let k = m.trailing_zeros();
                *high |= h & ((1u32 << k) - 1);
                return Ok(i + k as usize);
            }
            *high |= h;
            i += 16;
        }
        Err(i)
    }

    /// From `i`, past every whole block of 16 spaces in `b`.
    #[inline(always)]
    pub(super) fn skip_spaces16(b: &[u8], mut i: usize) -> usize {
        let space = splat(b' ');
        while i + 16 <= b.len() && equal(load(b, i), space) == 0xffff {
            i += 16;
        }
        i
    }
}

#[inline]
fn ascii(b: &[u8], start: usize, stop: usize, high: u64) -> Option<Ascii<'_>> {
    if high & HI == 0 {
        Some(Ascii(&b[start..stop]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64: deterministic pseudo-random words.
    fn rng(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// Fewer cases under Miri, which is about 1000x slower.
    const fn rounds(n: usize) -> usize {
        if cfg!(miri) {
            n / 200
        } else {
            n
        }
    }

    #[test]
    fn swar_matches_scalar_oracle() {
        // Every special byte at every position of a 24-byte window, plus
        // non-ASCII noise, must be found exactly where the scalar scan finds it.
        // 40 bytes: two 16-byte blocks, an eight-byte word and a tail.
        let fill: Vec<u8> = (0..if cfg!(miri) { 24 } else { 40 })
            .map(|i| [b'a', 0xC3, 0xA9, b'~', 0x7F, 0x20][i % 6])
            .collect();
        let specials: &[u8] = if cfg!(miri) {
            &[b'"', 0x1F]
        } else {
            &[b'"', b'\\', 0x00, 0x1F, b'\n']
        };
        for &sp in specials {
            for at in (0..fill.len()).step_by(if cfg!(miri) { 5 } else { 1 }) {
                let mut buf = fill.clone();
                buf[at] = sp;
                for start in 0..buf.len() {
                    for end in start..=buf.len() {
                        let want = find_special_scalar(&buf, start, end);
                        assert_eq!(
                            (
                                find_special(&buf, start, end),
                                find_special_swar(&buf, start, end)
                            ),
                            (want, want),
                            "byte {sp:#x} at {at}, range {start}..{end}"
                        );
                    }
                }
            }
        }
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..rounds(20_000) {
            let buf = next().to_le_bytes();
            assert_eq!(
                find_special(&buf, 0, 8),
                find_special_scalar(&buf, 0, 8),
                "{buf:?}"
            );
        }
    }

    #[test]
    fn ascii_flag_matches_oracle() {
        let alphabet = [b'a', b'"', b'\\', 0x01, 0xC3, 0xA9, 0x7F, 0x80, b' '];
        let mut next = rng(12345);
        for _ in 0..rounds(50_000) {
            let x = next();
            let len = (x % 48) as usize;
            let buf: Vec<u8> = (0..len)
                .map(|k| alphabet[((x >> (k * 7 % 60)) % 9) as usize])
                .collect();
            let start = if len > 0 { (x >> 40) as usize % len } else { 0 };
            let (stop, a) = find_special_ascii(&buf, start, len);
            assert_eq!(
                stop,
                find_special_scalar(&buf, start, len),
                "{buf:?} from {start}"
            );
            assert_eq!(
                a.is_some(),
                buf[start..stop].is_ascii(),
                "{buf:?} from {start}"
            );
            if let Some(a) = a {
                assert_eq!(a.as_str().as_bytes(), &buf[start..stop]);
            }
        }
    }

    #[test]
    fn long_runs_match_oracle() {
        // Runs long enough for several 16-byte blocks, with rare specials
        // and rare non-ASCII bytes anywhere in them.
        let mut next = rng(777);
        for _ in 0..rounds(20_000) {
            let x = next();
            let len = (x % 80) as usize;
            let mut buf = vec![b'x'; len];
            for _ in 0..(x >> 8) % 3 {
                let at = (next() % 80) as usize;
                if at < len {
                    buf[at] =
                        [b'"', b'\\', 0x00, 0x1f, 0xC3, 0x80, 0xFF, 0x7F][(next() % 8) as usize];
                }
            }
            let start = if len > 0 { (x >> 40) as usize % len } else { 0 };
            let want = find_special_scalar(&buf, start, len);
            assert_eq!(find_special(&buf, start, len), want, "{buf:?} from {start}");
            assert_eq!(
                find_special_swar(&buf, start, len),
                want,
                "{buf:?} from {start}"
            );
            let ascii = buf[start..want].is_ascii();
            let (stop, a) = find_special_ascii(&buf, start, len);
            assert_eq!((stop, a.is_some()), (want, ascii), "{buf:?} from {start}");
            let (stop, a) = find_special_ascii_swar(&buf, start, start, len, 0);
            assert_eq!(
                (stop, a.is_some()),
                (want, ascii),
                "SWAR: {buf:?} from {start}"
            );
        }
    }

    #[test]
    fn inline_str_keeps_every_short_string() {
        let samples = [
            "",
            "a",
            "é",
            "require_matching_self",
            "require_matching_selfi",
            "日本語テキスト",
            "🦀🦀🦀🦀🦀",
        ];
        for s in samples {
            for end in (0..=s.len()).filter(|&e| s.is_char_boundary(e)) {
                let t = &s[..end];
                match InlineStr::new(t) {
                    Some(i) => assert_eq!(i.as_str(), t),
                    None => assert!(t.len() > InlineStr::CAP, "{t:?}"),
                }
            }
        }
        assert!(InlineStr::new("require_matching_selfie").is_none());
    }

    #[test]
    fn ascii_str_matches_oracle() {
        let mut next = rng(99);
        for _ in 0..rounds(20_000) {
            let x = next();
            let len = (x % 24) as usize;
            let buf: Vec<u8> = (0..len)
                .map(|k| [b'1', b'-', b'e', 0x80, 0xC3, 0xFF][((x >> (k * 2)) % 6) as usize])
                .collect();
            let want = std::str::from_utf8(&buf).ok().filter(|s| s.is_ascii());
            assert_eq!(ascii_str(&buf), want, "{buf:?}");
        }
    }

    #[test]
    fn spaces_match_oracle() {
        for len in 0..40 {
            for gap in 0..len {
                let mut buf = vec![b' '; len];
                buf[gap] = b'x';
                for start in 0..=len {
                    let got = skip_spaces8(&buf, start);
                    assert_eq!(got, skip_spaces8_swar(&buf, start));
                    // Oracle: whole groups of eight spaces from `start`.
                    let mut want = start;
                    while want + 8 <= len && buf[want..want + 8].iter().all(|&b| b == b' ') {
                        want += 8;
                    }
                    assert_eq!(got, want, "len {len}, x at {gap}, from {start}");
                }
            }
        }
    }
}

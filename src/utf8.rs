//! The crate's only `unsafe`: turning bytes already proven to be ASCII into
//! `&str` without validating them a second time.
//!
//! Invariant: [`find_special_ascii`] reports `ascii == true` only when every
//! byte in the range it returns is below 0x80; ASCII is valid UTF-8. The
//! SWAR scan is checked against a byte-at-a-time oracle in the tests below.

#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use crate::scan::{find_special, special_mask};

const HI: u64 = 0x8080_8080_8080_8080;

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

/// Like [`find_special`], and also whether `b[i..stop]` is all ASCII; if so,
/// that range comes back as [`Ascii`].
#[inline(always)]
pub(crate) fn find_special_ascii(b: &[u8], i: usize, end: usize) -> (usize, Option<Ascii<'_>>) {
    let start = i;
    let mut high = 0u64;
    let words = b[start..end].chunks_exact(8);
    let tail = start + (end - start) / 8 * 8;
    for (n, c) in words.enumerate() {
        let Ok(a) = <[u8; 8]>::try_from(c) else { break };
        let w = u64::from_le_bytes(a);
        let m = special_mask(w);
        if m != 0 {
            // k <= 7: the byte index of the first special byte.
            let k = m.trailing_zeros() / 8;
            // Only the bytes before the special one count.
            high |= w & ((1u64 << (8 * k)) - 1);
            let stop = start + n * 8 + k as usize;
            return (stop, ascii(b, start, stop, high));
        }
        high |= w;
    }
    let stop = find_special(b, tail, end);
    for &x in &b[tail..stop] {
        high |= x as u64;
    }
    (stop, ascii(b, start, stop, high))
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
    use crate::scan::find_special_scalar;

    #[test]
    fn ascii_flag_matches_oracle() {
        let alphabet = [b'a', b'"', b'\\', 0x01, 0xC3, 0xA9, 0x7F, 0x80, b' '];
        let mut x: u64 = 12345;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 24) as usize;
            let buf: Vec<u8> = (0..len)
                .map(|k| alphabet[((x >> (k * 2 % 60)) % 9) as usize])
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
}

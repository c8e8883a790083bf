//! Byte search: the crate's only `unsafe`, shared by the scanner and the
//! writer. Nothing here knows JSON grammar; it finds bytes.
//!
//! - [`find_special`]: the first `"`, `\` or control byte of a range, eight
//!   bytes at a time (SWAR). [`find_special_scalar`] is its oracle.
//! - [`find_special_ascii`]: the same search that also proves the bytes before
//!   the stop ASCII, handing them out as [`Ascii`] so that they become `&str`
//!   without a second UTF-8 pass. That conversion is the one `unsafe` block.
//! - [`skip_spaces8`]: runs of indentation, eight spaces at a time.
//!
//! Invariant: [`Ascii`] is built only from bytes whose high bits were all
//! seen clear. The tests below check every function against a byte-at-a-time
//! oracle; `cargo +nightly miri test --lib bytes` runs them under Miri.

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

/// Index of the first byte in `b[i..end]` that is `"`, `\` or a control byte,
/// or `end`.
#[inline(always)]
pub(crate) fn find_special(b: &[u8], mut i: usize, end: usize) -> usize {
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
pub(crate) fn skip_spaces8(b: &[u8], mut i: usize) -> usize {
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
        let fill: Vec<u8> = (0..24)
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
                        assert_eq!(
                            find_special(&buf, start, end),
                            find_special_scalar(&buf, start, end),
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

    #[test]
    fn spaces_match_oracle() {
        for len in 0..40 {
            for gap in 0..len {
                let mut buf = vec![b' '; len];
                buf[gap] = b'x';
                for start in 0..=len {
                    let got = skip_spaces8(&buf, start);
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

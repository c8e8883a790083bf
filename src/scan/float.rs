//! Numbers in one pass: the RFC 8259 number grammar checked while the digits
//! are accumulated, and the nearest `f64` computed from them without reading
//! the text again.
//!
//! - [`scan`] reads a number from a slice: where it ends, and its
//!   [`Decimal`] (sign, up to 19 significant digits as a `u64`, a power of
//!   ten). The fast path calls it on the input; [`parse_f64`] on number text.
//! - [`Decimal::to_f64`] converts: Clinger's exact path when the digits and
//!   the power of ten are both exact in `f64`, else the Eisel–Lemire
//!   algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021) on
//!   the 128-bit powers of five of [`super::pow5`]. Where neither can decide
//!   (more than 19 significant digits, or a product too close to a halfway
//!   point) it answers `None`, and the caller falls back to `str::parse`, the
//!   standard library's exact conversion.
//!
//! Every answer is identical to `str::parse`, so correctly rounded, with
//! one shared exception: both stop reading an exponent once it reaches
//! 0x10000, which matters only when hundreds of thousands of digits would
//! offset it. The tests below compare the two on every power of ten in
//! range, on random digits, on the known hard cases and on that one.

use super::pow5::{POW5, POW5_MAX, POW5_MIN};

/// A number as read: `(-1)^neg * mantissa * 10^exp10`, exact unless
/// `truncated`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Decimal {
    pub(crate) neg: bool,
    pub(crate) mantissa: u64,
    pub(crate) exp10: i64,
    /// A nonzero digit did not fit `mantissa`: only the text is exact.
    pub(crate) truncated: bool,
    /// It has a fraction or an exponent.
    pub(crate) float: bool,
}

/// `10^k` for `k` in `0..=22`: exact in `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `10^k` for `k` in `0..=8`.
const TENS: [u64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// How many of the eight bytes of `w` (little-endian) are ASCII digits
/// before the first other byte, and their value.
#[inline(always)]
fn digit_run(w: u64) -> (usize, u64) {
    const LO: u64 = 0x0101_0101_0101_0101;
    // For a byte below 0x80 no sum carries: bit 7 of `w + (0x80 - 0x30)` is
    // set when it is at least '0', bit 7 of `w + (0x80 - 0x3a)` when it is
    // past '9'. A carry out of a byte at or above 0x80 only reaches bytes
    // after it, which are past the first other byte anyway.
    let at_least_0 = w.wrapping_add(LO * 0x50);
    let past_9 = w.wrapping_add(LO * 0x46);
    let other = (!at_least_0 | past_9 | w) & (LO * 0x80);
    let k = (other.trailing_zeros() / 8) as usize;
    if k == 0 {
        return (0, 0);
    }
    // The k digits to the top of the word, '0's below them.
    let w = if k == 8 {
        w
    } else {
        (w << (8 * (8 - k))) | ((LO * b'0' as u64) >> (8 * k))
    };
    // Pairs, then fours, then all eight (Lemire's multiply-and-shift).
    let d = w.wrapping_sub(LO * b'0' as u64);
    let d = d.wrapping_mul(10).wrapping_add(d >> 8);
    let d = (d & 0x0000_00FF_0000_00FF)
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(((d >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32)))
        >> 32;
    (k, d)
}

/// Accumulates the digits of `b` from `*i` into `d`; `frac`: they follow
/// the decimal point. Returns how many digits there were.
#[inline(always)]
fn digits(b: &[u8], i: &mut usize, d: &mut Decimal, frac: bool) -> usize {
    let start = *i;
    // Up to eight digits per step while eight bytes are in hand and the
    // mantissa has room.
    while let Some(w) = b.get(*i..*i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        let (k, v) = digit_run(u64::from_le_bytes(a));
        if k == 0 {
            return *i - start;
        }
        match d.mantissa.checked_mul(TENS[k]) {
            Some(m) if m <= u64::MAX - v => d.mantissa = m + v,
            _ => break,
        }
        if frac {
            d.exp10 -= k as i64;
        }
        *i += k;
        if k < 8 {
            return *i - start;
        }
    }
    while let Some(&c) = b.get(*i) {
        let x = c.wrapping_sub(b'0');
        if x > 9 {
            break;
        }
        match d
            .mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(x as u64))
        {
            Some(m) => {
                d.mantissa = m;
                if frac {
                    d.exp10 -= 1;
                }
            }
            None => {
                // Past 19 digits: the value is exact only if the rest are 0.
                d.truncated |= x != 0;
                if !frac {
                    d.exp10 += 1;
                }
            }
        }
        *i += 1;
    }
    *i - start
}

/// Reads a JSON number from `b[start..]`: where it ends and its value. `None`
/// if the bytes there break the grammar (the caller reports the error).
/// The number may end at the end of `b`: the caller decides whether more
/// input could continue it.
#[inline(always)]
pub(crate) fn scan(b: &[u8], start: usize) -> Option<(usize, Decimal)> {
    let mut i = start;
    let mut d = Decimal {
        neg: false,
        mantissa: 0,
        exp10: 0,
        truncated: false,
        float: false,
    };
    if b.get(i) == Some(&b'-') {
        d.neg = true;
        i += 1;
    }
    match *b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => {
            digits(b, &mut i, &mut d, false);
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        d.float = true;
        i += 1;
        if digits(b, &mut i, &mut d, true) == 0 {
            return None;
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        d.float = true;
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let e0 = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i) {
            let x = c.wrapping_sub(b'0');
            if x > 9 {
                break;
            }
            // Far beyond any f64 exponent; saturating keeps it from
            // overflowing, as `str::parse` does (see the tests).
            if e < 0x10000 {
                e = e * 10 + x as i64;
            }
            i += 1;
        }
        if i == e0 {
            return None;
        }
        d.exp10 += if neg { -e } else { e };
    }
    Some((i, d))
}

/// The nearest `f64` to number text `s` (which may be infinite for text such
/// as `1e400`); `None` if `s` is not a JSON number.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    match scan(s.as_bytes(), 0) {
        Some((end, d)) if end == s.len() => match d.to_f64() {
            Some(f) => Some(f),
            None => s.parse().ok(),
        },
        _ => s.parse().ok(),
    }
}

impl Decimal {
    /// The correctly rounded `f64`, or `None` where only the text can tell.
    #[inline]
    pub(crate) fn to_f64(self) -> Option<f64> {
        if self.truncated {
            return None;
        }
        let sign = if self.neg { -1.0 } else { 1.0 };
        let (m, e) = (self.mantissa, self.exp10);
        if m == 0 {
            return Some(sign * 0.0);
        }
        // Clinger: both factors exact, so one IEEE operation rounds once.
        if m <= 1 << 53 && (-22..=22).contains(&e) {
            let f = m as f64;
            let f = if e < 0 {
                f / POW10[-e as usize]
            } else {
                f * POW10[e as usize]
            };
            return Some(sign * f);
        }
        let bits = lemire(e, m)?;
        Some(sign * f64::from_bits(bits))
    }
}

/// The bits of the positive `f64` nearest `w * 10^q` (`w > 0`), or `None`
/// when the 128-bit product cannot decide the rounding.
fn lemire(q: i64, w: u64) -> Option<u64> {
    const EXPLICIT: i32 = 52;
    const INFINITE: i32 = 0x7FF;
    if q < POW5_MIN {
        return Some(0);
    }
    if q > POW5_MAX {
        return Some((INFINITE as u64) << EXPLICIT);
    }
    let lz = w.leading_zeros() as i32;
    let w = w << lz;
    // The top 64 bits of w * 5^q, plus enough of the next word to know
    // whether the 55 bits kept are exact.
    let (p_hi, p_lo) = POW5[(q - POW5_MIN) as usize];
    let first = w as u128 * p_hi as u128;
    let (mut lo, mut hi) = (first as u64, (first >> 64) as u64);
    const MASK: u64 = u64::MAX >> (EXPLICIT + 3);
    if hi & MASK == MASK {
        let second = ((w as u128 * p_lo as u128) >> 64) as u64;
        lo = lo.wrapping_add(second);
        if second > lo {
            hi += 1;
        }
    }
    // All ones below the kept bits: the truncated table entry may be just
    // below a halfway point. Only powers whose entries are exact are safe.
    if lo == u64::MAX && !(-27..=55).contains(&q) {
        return None;
    }
    let upper = (hi >> 63) as i32;
    let shift = upper + 64 - EXPLICIT - 3;
    let mut m = hi >> shift;
    // floor(log2(10^q)) + 63, then the normalization, then the bias.
    let log2 = ((q as i32).wrapping_mul(152_170 + 65_536) >> 16) + 63;
    let mut p2 = log2 + upper - lz + 1023;
    if p2 <= 0 {
        // Subnormal (or zero).
        if -p2 + 1 >= 64 {
            return Some(0);
        }
        m >>= -p2 + 1;
        m += m & 1;
        m >>= 1;
        let p = (m >= 1 << EXPLICIT) as u64;
        return Some(m | p << EXPLICIT);
    }
    // Exactly halfway between two floats: round to even, not up.
    if lo <= 1 && (-4..=23).contains(&q) && m & 3 == 1 && (m << shift) == hi {
        m &= !1;
    }
    m += m & 1;
    m >>= 1;
    if m >= 2 << EXPLICIT {
        m = 1 << EXPLICIT;
        p2 += 1;
    }
    m &= !(1 << EXPLICIT);
    if p2 >= INFINITE {
        return Some((INFINITE as u64) << EXPLICIT);
    }
    Some(m | (p2 as u64) << EXPLICIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) {
        let want: f64 = s.parse().unwrap();
        let got = parse_f64(s).unwrap();
        assert_eq!(got.to_bits(), want.to_bits(), "{s}: {got} vs {want}");
        // The fast conversion itself, where it answers.
        if let Some((_, d)) = scan(s.as_bytes(), 0) {
            if let Some(f) = d.to_f64() {
                assert_eq!(f.to_bits(), want.to_bits(), "{s} (fast)");
            }
        }
    }

    /// xorshift64.
    fn rng(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn hard_cases_match_std() {
        for s in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "0e10",
            "1",
            "-1",
            "1.5",
            "9007199254740993",
            "9007199254740992",
            "18446744073709551615",
            "18446744073709551616",
            "1e23",
            "8.98846567431158e307",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e309",
            "1e400",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "7.2057594037927933e16",
            "9.5e-1",
            "0.1",
            "0.2",
            "0.3",
            "3.0000000000000004",
            "123456789012345678901234567890",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "-65.61361694335938",
            "-65.613616943359375",
            "0.000000000000000000000000000001",
            "10000000000000000000000000000000000000000e-30",
            "9223372036854775808",
            "1E+2",
            "1e-0",
        ] {
            check(s);
        }
    }

    #[test]
    fn every_power_of_ten_matches_std() {
        let mut next = rng(0x5EED);
        for e in -360..=330 {
            for _ in 0..if cfg!(miri) { 1 } else { 200 } {
                let x = next();
                // 1 to 19 digits, and sometimes a round number of them.
                let digits = 1 + (x % 19) as u32;
                let m = (x >> 8) % 10u64.pow(digits);
                check(&format!("{m}e{e}"));
                check(&format!("-{m}.{:03}e{e}", x % 1000));
                check(&format!("{}e{e}", 10u64.pow(digits - 1)));
            }
        }
    }

    #[test]
    fn random_doubles_round_trip_and_halfway_points_match_std() {
        let mut next = rng(42);
        for _ in 0..if cfg!(miri) { 200 } else { 200_000 } {
            let f = f64::from_bits(next() >> 1);
            if !f.is_finite() {
                continue;
            }
            // Shortest round-trip text, and the exact halfway point to the
            // next float written out in 17 and 25 significant digits.
            check(&format!("{f:e}"));
            let up = f64::from_bits(f.to_bits() + 1);
            if up.is_finite() {
                let mid = f / 2.0 + up / 2.0;
                check(&format!("{mid:.16e}"));
                check(&format!("{mid:.24e}"));
            }
        }
    }

    #[test]
    fn digit_runs_match_single_digits() {
        let mut next = rng(7);
        for _ in 0..if cfg!(miri) { 100 } else { 200_000 } {
            let x = next();
            let mut bytes = x.to_le_bytes();
            for (k, b) in bytes.iter_mut().enumerate() {
                // Mostly digits, sometimes a neighbour of the digit range or
                // any byte at all.
                *b = match (x >> (5 * k)) % 16 {
                    10 => b'/',
                    11 => b':',
                    12 => b'.',
                    13 => (x >> 3) as u8,
                    14 => 0x80 | b'5',
                    n => b'0' + (n % 10) as u8,
                };
            }
            let k = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let want = bytes[..k]
                .iter()
                .fold(0u64, |v, &b| v * 10 + (b - b'0') as u64);
            let got = digit_run(u64::from_le_bytes(bytes));
            assert_eq!(got, (k, if k == 0 { 0 } else { want }), "{bytes:?}");
        }
    }

    #[test]
    fn long_fractions_offset_by_large_exponents_match_std() {
        // Both conversions stop accumulating an exponent once it reaches
        // 0x10000,
        // so a number whose 2,000,000 fraction digits a seven-digit
        // exponent would offset reads as 0 or infinity in both (the exact
        // value of the first is 1). What matters here is that the fast
        // conversion and `str::parse`, its fallback, never disagree.
        let zeros = "0".repeat(1_999_999);
        check(&format!("0.{zeros}1e2000000"));
        check(&format!("0.{zeros}15e2000001"));
        check(&format!("-0.{zeros}1e1999700"));
        let zeros = "0".repeat(649_999);
        check(&format!("0.{zeros}1e700000"));
        check(&format!("0.{zeros}1e650001"));
        check(&format!("1{zeros}e-700000"));
        check(&format!("1{zeros}e-2000000"));
        check(&format!("0.{zeros}1e99999999999999999999999"));
        check("1e-99999999999999999999999");
    }

    #[test]
    fn scan_follows_the_grammar() {
        for bad in ["", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-a", "e5"] {
            assert!(
                scan(bad.as_bytes(), 0).is_none() || scan(bad.as_bytes(), 0).unwrap().0 < bad.len(),
                "{bad}"
            );
        }
        // Stops at the first byte that cannot continue; leading zeros end.
        assert_eq!(scan(b"01", 0).unwrap().0, 1);
        assert_eq!(scan(b"-12.5e3,", 0).unwrap().0, 7);
        let (_, d) = scan(b"12345678901234567890123", 0).unwrap();
        assert!(d.truncated && !d.float);
        let (_, d) = scan(b"10000000000000000000000", 0).unwrap();
        assert!(!d.truncated && d.exp10 == 3 && d.mantissa == 10u64.pow(19));
    }
}

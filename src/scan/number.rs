//! Numbers: the RFC 8259 grammar, byte by byte and resumable, and the
//! conversion of integers that fit 64 bits. Every other number (fraction,
//! exponent, `-0`, wider integers) leaves as text for the visitor to convert,
//! so a target type can round once (`f32`) or keep every digit (`u128`).

use super::state::{Num, Partial, Scanner, Text, Token};
use crate::error::{ErrorCode, Result};

/// The token for a complete number `s` (ASCII digits and signs; `float`: it
/// has a fraction or exponent); `text` is where `s` lives.
pub(super) fn token<'a>(s: &str, float: bool, text: Text<'a>) -> Token<'a> {
    if !float {
        if let Some(t) = integer(s.as_bytes()) {
            return t;
        }
    }
    Token::Number(text)
}

/// An integer that fits `u64` (non-negative) or `i64` (negative, not `-0`).
#[inline]
pub(crate) fn integer(s: &[u8]) -> Option<Token<'static>> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', d)) => (true, d),
        _ => (false, s),
    };
    let mut v: u64 = 0;
    if digits.len() <= 19 {
        for &d in digits {
            v = v * 10 + (d - b'0') as u64;
        }
    } else {
        for &d in digits {
            v = v.checked_mul(10)?.checked_add((d - b'0') as u64)?;
        }
    }
    if !neg {
        Some(Token::U64(v))
    } else if v == 0 {
        // `-0` is a float, as in most JSON libraries.
        None
    } else if v <= i64::MAX as u64 + 1 {
        Some(Token::I64((v as i64).wrapping_neg()))
    } else {
        None
    }
}

impl Scanner {
    /// Reads a number from `input[*pos..]`, resuming at `state`. `fresh`: it
    /// began in this chunk, so its bytes are still in `input`.
    pub(super) fn number<'i>(
        &mut self,
        input: &'i [u8],
        pos: &mut usize,
        mut state: Num,
        mut float: bool,
        len_before: u64,
        fresh: bool,
    ) -> Result<Option<Token<'i>>> {
        let start = *pos;
        let mut i = start;
        let n = input.len();
        let allowed = self.max_str.saturating_sub(len_before);
        while i < n {
            let b = input[i];
            let next = match (state, b) {
                (Num::Start, b'-') => Num::Minus,
                (Num::Start | Num::Minus, b'0') => Num::Zero,
                (Num::Start | Num::Minus, b'1'..=b'9') => Num::Int,
                (Num::Int, b'0'..=b'9') => Num::Int,
                (Num::Zero, b'0'..=b'9') => {
                    return Err(self.err(ErrorCode::LeadingZero, self.consumed + i as u64))
                }
                (Num::Zero | Num::Int, b'.') => {
                    float = true;
                    Num::Dot
                }
                (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => {
                    float = true;
                    Num::E
                }
                (Num::Dot | Num::Frac, b'0'..=b'9') => Num::Frac,
                (Num::E, b'+' | b'-') => Num::ESign,
                (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Num::Exp,
                (s, _) if s.is_final() => break,
                _ => {
                    let code = match state {
                        Num::Dot => ErrorCode::DigitAfterDot,
                        Num::E | Num::ESign => ErrorCode::DigitInExponent,
                        _ => ErrorCode::DigitInNumber,
                    };
                    return Err(self.err(code, self.consumed + i as u64));
                }
            };
            if (i - start) as u64 >= allowed {
                return Err(self.err(ErrorCode::NumberLimit(self.max_str), self.tok_off));
            }
            state = next;
            i += 1;
        }
        // A skipped number is checked, never kept or converted.
        let keep = self.skip_base.is_none();
        if i == n {
            // The chunk ends inside the number: keep its bytes.
            if fresh {
                self.scratch.clear();
            }
            if keep {
                push_ascii(&mut self.scratch, &input[start..i]);
            }
            *pos = n;
            self.partial = Partial::Num {
                state,
                float,
                len: len_before + (i - start) as u64,
            };
            return Ok(None);
        }
        *pos = i;
        self.partial = Partial::None;
        self.after_value();
        if !keep {
            return Ok(Some(Token::Null));
        }
        if fresh {
            let digits = &input[start..i];
            if !float {
                if let Some(t) = integer(digits) {
                    return Ok(Some(t));
                }
            }
            // ASCII digits and signs: valid UTF-8.
            let s = crate::bytes::ascii_str(digits).unwrap_or_default();
            debug_assert_eq!(s.len(), i - start);
            return Ok(Some(Token::Number(Text::Input(s))));
        }
        push_ascii(&mut self.scratch, &input[start..i]);
        Ok(Some(token(&self.scratch, float, Text::Scratch)))
    }
}

/// Append bytes the number grammar accepted (ASCII) to `s`.
fn push_ascii(s: &mut String, b: &[u8]) {
    s.extend(b.iter().map(|&c| c as char));
}

//! Strings and keys: plain runs found by the byte search, escapes (surrogate
//! pairs included) decoded one byte at a time so that a chunk boundary may
//! cut them anywhere, and UTF-8 validated at every stop, with a character cut
//! by a chunk boundary carried in `Scanner::utf8` until the next chunk.

use super::state::{Esc, Expect, Partial, Scanner, Text, Token};
use crate::bytes::{find_special_ascii, is_special, Ascii};
use crate::error::{Error, ErrorCode, Result};

/// Length of the UTF-8 sequence a lead byte starts (only called on a valid
/// incomplete prefix, whose lead is 0xC2..=0xF4).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The value of a hex digit.
pub(crate) fn hex_val(b: u8) -> Option<u16> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u16),
        b'a'..=b'f' => Some((b - b'a' + 10) as u16),
        b'A'..=b'F' => Some((b - b'A' + 10) as u16),
        _ => None,
    }
}

/// The character of a one-letter escape (`\n`, `\"`, ...): `None` for `u`
/// and for anything that is not an escape.
#[inline]
pub(crate) fn simple_escape(b: u8) -> Option<char> {
    Some(match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

impl Scanner {
    #[inline]
    pub(super) fn string_done<'i>(&mut self, key: bool, t: Text<'i>) -> Token<'i> {
        if key {
            self.expect = Expect::Colon;
            Token::Key(t)
        } else {
            self.after_value();
            Token::Str(t)
        }
    }

    /// The common string: ASCII, no escape, ends in this chunk, within the
    /// length limit. Returns it and the position after its closing quote;
    /// `None` sends the caller to the general [`string`](Self::string).
    #[inline(always)]
    pub(super) fn quick_string<'i>(
        &self,
        input: &'i [u8],
        start: usize,
    ) -> Option<(Text<'i>, usize)> {
        let len = input.len();
        let end = if (len - start) as u64 > self.max_str {
            start + self.max_str as usize
        } else {
            len
        };
        let (stop, ascii) = find_special_ascii(input, start, end);
        match (ascii, input.get(stop)) {
            (Some(text), Some(b'"')) => Some((Text::Input(text.as_str()), stop + 1)),
            _ => None,
        }
    }

    /// Reads string content from `input[*pos..]`. `fresh` is the content start
    /// when the string began in this chunk (zero-copy is possible); otherwise
    /// the string resumes with `esc` and `raw` from [`Partial::Str`].
    /// Returns `None` when the chunk ends first (state saved in `partial`).
    pub(super) fn string<'i>(
        &mut self,
        input: &'i [u8],
        pos: &mut usize,
        fresh: Option<usize>,
        key: bool,
        mut esc: Esc,
        mut raw: u64,
    ) -> Result<Option<Text<'i>>> {
        let len = input.len();
        let copy = self.skip_base.is_none();
        // `borrowed`: the whole string so far is `input[start..i]`, unescaped.
        let mut borrowed = fresh;
        if fresh.is_some() {
            self.utf8_len = 0;
            if copy {
                self.scratch.clear();
            }
        }
        let mut i = *pos;
        // Start of the content not yet validated.
        let mut seg = i;
        loop {
            match esc {
                Esc::None => {
                    let allowed = self.max_str.saturating_sub(raw);
                    let end = if (len - i) as u64 > allowed {
                        i + allowed as usize
                    } else {
                        len
                    };
                    // `seg == i` here, so an ASCII proof covers the whole segment.
                    let (stop, ascii) = find_special_ascii(input, i, end);
                    raw += (stop - i) as u64;
                    if stop == len {
                        // The chunk ends inside the string.
                        if let Some(start) = borrowed.take() {
                            seg = start;
                        }
                        self.segment_or_ascii(input, seg, stop, ascii, copy, true)?;
                        *pos = len;
                        self.partial = Partial::Str { key, esc, raw };
                        return Ok(None);
                    }
                    let b = input[stop];
                    if stop == end && !is_special(b) {
                        // One more content byte would pass the limit.
                        self.segment(input, borrowed.unwrap_or(seg), stop, false, true)?;
                        return Err(self.str_limit());
                    }
                    match b {
                        b'"' => {
                            *pos = stop + 1;
                            self.partial = Partial::None;
                            if let Some(start) = borrowed {
                                if let Some(a) = ascii {
                                    return Ok(Some(Text::Input(a.as_str())));
                                }
                                return match std::str::from_utf8(&input[start..stop]) {
                                    Ok(s) => Ok(Some(Text::Input(s))),
                                    Err(e) => Err(self.bad_utf8(start + e.valid_up_to())),
                                };
                            }
                            self.segment_or_ascii(input, seg, stop, ascii, copy, false)?;
                            return Ok(Some(Text::Scratch));
                        }
                        b'\\' => {
                            if let Some(start) = borrowed.take() {
                                seg = start;
                            }
                            self.segment_or_ascii(input, seg, stop, ascii, copy, false)?;
                            if raw >= self.max_str {
                                return Err(self.str_limit());
                            }
                            self.esc_off = self.consumed + stop as u64;
                            esc = Esc::Backslash;
                            raw += 1;
                            i = stop + 1;
                        }
                        _ => {
                            self.segment(input, borrowed.unwrap_or(seg), stop, false, false)?;
                            let off = self.consumed + stop as u64;
                            return Err(self.err(ErrorCode::ControlCharacter(b), off));
                        }
                    }
                }
                _ => {
                    if i >= len {
                        *pos = len;
                        self.partial = Partial::Str { key, esc, raw };
                        return Ok(None);
                    }
                    if raw >= self.max_str {
                        return Err(self.str_limit());
                    }
                    let b = input[i];
                    let off = self.consumed + i as u64;
                    esc = self.escape_byte(esc, b, off, copy)?;
                    raw += 1;
                    i += 1;
                    seg = i;
                }
            }
        }
    }

    /// One byte of an escape sequence; returns the next escape state.
    fn escape_byte(&mut self, esc: Esc, b: u8, off: u64, copy: bool) -> Result<Esc> {
        let push = |s: &mut Self, c: char| {
            if copy {
                s.scratch.push(c);
            }
        };
        Ok(match esc {
            Esc::None => Esc::None,
            Esc::Backslash => {
                let c = match simple_escape(b) {
                    Some(c) => c,
                    None if b == b'u' => {
                        return Ok(Esc::Hex {
                            n: 0,
                            acc: 0,
                            high: None,
                        })
                    }
                    None => return Err(self.err(ErrorCode::InvalidEscape, self.esc_off)),
                };
                push(self, c);
                Esc::None
            }
            Esc::Hex { n, acc, high } => {
                let Some(v) = hex_val(b) else {
                    return Err(self.err(ErrorCode::InvalidUnicodeEscape, self.esc_off));
                };
                let acc = (acc << 4) | v;
                if n < 3 {
                    return Ok(Esc::Hex {
                        n: n + 1,
                        acc,
                        high,
                    });
                }
                match (high, acc) {
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + (((h as u32) - 0xD800) << 10) + (acc as u32 - 0xDC00);
                        push(self, char::from_u32(c).unwrap_or('\u{FFFD}'));
                        Esc::None
                    }
                    (Some(_), _) => return Err(self.lone_surrogate()),
                    (None, 0xD800..=0xDBFF) => Esc::LowBackslash(acc),
                    (None, 0xDC00..=0xDFFF) => return Err(self.lone_surrogate()),
                    (None, _) => {
                        push(self, char::from_u32(acc as u32).unwrap_or('\u{FFFD}'));
                        Esc::None
                    }
                }
            }
            Esc::LowBackslash(h) => {
                if b != b'\\' {
                    return Err(self.lone_surrogate());
                }
                // Keep `esc_off` at the high surrogate: a bad low half is reported there.
                let _ = off;
                Esc::LowU(h)
            }
            Esc::LowU(h) => {
                if b != b'u' {
                    return Err(self.lone_surrogate());
                }
                Esc::Hex {
                    n: 0,
                    acc: 0,
                    high: Some(h),
                }
            }
        })
    }

    #[cold]
    fn lone_surrogate(&self) -> Error {
        self.err(ErrorCode::LoneSurrogate, self.esc_off)
    }

    #[cold]
    fn str_limit(&self) -> Error {
        self.err(ErrorCode::StringLimit(self.max_str), self.tok_off)
    }

    #[cold]
    fn bad_utf8(&self, i: usize) -> Error {
        self.err(ErrorCode::InvalidUtf8, self.consumed + i as u64)
    }

    /// [`segment`](Self::segment), skipping validation when the scan proved
    /// `input[a..b]` ASCII and no character is pending from the last chunk.
    #[inline]
    fn segment_or_ascii(
        &mut self,
        input: &[u8],
        a: usize,
        b: usize,
        ascii: Option<Ascii<'_>>,
        copy: bool,
        at_end: bool,
    ) -> Result<()> {
        match ascii {
            Some(text) if self.utf8_len == 0 => {
                debug_assert_eq!(text.as_str().as_bytes(), &input[a..b]);
                if copy {
                    self.scratch.push_str(text.as_str());
                }
                Ok(())
            }
            _ => self.segment(input, a, b, copy, at_end),
        }
    }

    /// Validate `input[a..b]` as UTF-8 (completing a character cut by the last
    /// chunk boundary first) and append it to `scratch` if `copy`. At a chunk
    /// end (`at_end`) an incomplete trailing character is kept for later.
    fn segment(
        &mut self,
        input: &[u8],
        mut a: usize,
        b: usize,
        copy: bool,
        at_end: bool,
    ) -> Result<()> {
        if self.utf8_len > 0 {
            let have = self.utf8_len as usize;
            let need = utf8_width(self.utf8[0]) - have;
            let take = need.min(b - a);
            self.utf8[have..have + take].copy_from_slice(&input[a..a + take]);
            self.utf8_len += take as u8;
            a += take;
            let n = self.utf8_len as usize;
            // Every byte added is checked at once, as the whole-buffer path
            // would: a bad continuation byte must not wait for the next chunk.
            match std::str::from_utf8(&self.utf8[..n]) {
                Ok(s) => {
                    if copy {
                        self.scratch.push_str(s);
                    }
                }
                Err(e) if e.error_len().is_none() && at_end && a == b => return Ok(()),
                Err(_) => return Err(self.err(ErrorCode::InvalidUtf8, self.utf8_off)),
            }
            self.utf8_len = 0;
        }
        match std::str::from_utf8(&input[a..b]) {
            Ok(s) => {
                if copy {
                    self.scratch.push_str(s);
                }
                Ok(())
            }
            Err(e) => {
                let good = a + e.valid_up_to();
                if e.error_len().is_none() && at_end {
                    if copy {
                        // The prefix was just validated.
                        if let Ok(s) = std::str::from_utf8(&input[a..good]) {
                            self.scratch.push_str(s);
                        }
                    }
                    let rest = &input[good..b];
                    self.utf8[..rest.len()].copy_from_slice(rest);
                    self.utf8_len = rest.len() as u8;
                    self.utf8_off = self.consumed + good as u64;
                    Ok(())
                } else {
                    Err(self.bad_utf8(good))
                }
            }
        }
    }
}

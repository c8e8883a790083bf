//! The resumable byte-level scanner, in rooms:
//!
//! - [`state`]: tokens, the scanner's state, positions, the container stack;
//! - this file: the grammar between tokens, skipping, the end of input;
//! - [`string`]: strings and keys, escapes, and the UTF-8 character carried
//!   across a chunk boundary;
//! - [`number`]: the RFC 8259 number grammar and integer conversion;
//! - [`float`]: numbers in one pass (grammar and digits together) and their
//!   conversion to `f64` (Clinger, Eisel–Lemire on the table in `pow5`);
//! - [`literal`]: `true`, `false`, `null`.
//!
//! Byte search (SWAR, the ASCII proof) lives in [`crate::bytes`], shared with
//! the writer.
//!
//! Maintainer note. The scanner turns bytes into tokens and knows nothing of
//! visitors, readers or async. `Scanner::next` takes the current chunk and a
//! cursor into it, and returns either one token or `Step::NeedMore` once every
//! byte of the chunk is consumed. Every byte boundary is a valid place to stop:
//! a token cut by the end of a chunk leaves its state in [`Partial`] (small
//! `Copy` enums) and its bytes so far in `scratch`, and the next chunk resumes
//! it; nothing is ever re-scanned from the start of a token.
//!
//! Whole-buffer decoding is this same code fed one chunk. The traps:
//! - Errors must not depend on where chunks are cut (the split tests and fuzz
//!   targets check every field of the error). So a string segment is validated
//!   as UTF-8 at *every* stop (escape, quote, control byte, chunk end) before
//!   anything after it is looked at, and limits are checked at the byte that
//!   exceeds them, never "at the end of the chunk".
//! - Offsets are absolute (`consumed` counts earlier chunks). Lines are counted
//!   only while skipping whitespace: a raw newline can appear nowhere else.
//! - Strings that lie in one chunk with no escape are handed out as slices of
//!   the caller's chunk ([`Text::Input`]); the rest go through `scratch`.

pub(crate) mod float;
mod literal;
mod number;
mod pow5;
mod state;
mod string;

pub(crate) use string::{hex_val, simple_escape};

use crate::error::{ErrorCode, Result};

use state::{Esc, Num, Partial};
pub(crate) use state::{Expect, Scanner, Step, Text, Token};

/// Skip whitespace from `input[i]`, counting lines (`base` is the absolute
/// offset of `input[0]`): the index of the next other byte, or the end. The
/// scanner and the fast path both use it.
#[inline(always)]
pub(crate) fn skip_ws(
    input: &[u8],
    mut i: usize,
    base: u64,
    line: &mut u64,
    line_start: &mut u64,
) -> usize {
    while let Some(&b) = input.get(i) {
        match b {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\n' => {
                i += 1;
                *line += 1;
                *line_start = base + i as u64;
                i = crate::bytes::skip_spaces8(input, i);
            }
            _ => break,
        }
    }
    i
}

impl Scanner {
    /// Next token from `input[*pos..]`. Returns `NeedMore` with `*pos ==
    /// input.len()` once the chunk is used up. While a value is skipped, its
    /// tokens are consumed here and the one after it is returned.
    #[inline(always)]
    pub(crate) fn next<'i>(&mut self, input: &'i [u8], pos: &mut usize) -> Result<Step<'i>> {
        loop {
            let step = self.next_token(input, pos)?;
            match (self.skip_base, &step) {
                (None, _) | (Some(_), Step::NeedMore) => return Ok(step),
                (Some(base), Step::Token(_)) => {
                    if self.stack.depth == base {
                        self.skip_base = None;
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn next_token<'i>(&mut self, input: &'i [u8], pos: &mut usize) -> Result<Step<'i>> {
        match self.partial {
            Partial::None => {}
            Partial::Str { key, esc, raw } => {
                return match self.string(input, pos, None, key, esc, raw)? {
                    Some(t) => Ok(Step::Token(self.string_done(key, t))),
                    None => self.need_more(input, pos),
                };
            }
            Partial::Num { state, float, len } => {
                return match self.number(input, pos, state, float, len, false)? {
                    Some(t) => Ok(Step::Token(t)),
                    None => self.need_more(input, pos),
                };
            }
            Partial::Lit { lit, matched } => {
                return match self.literal(input, pos, lit, matched as usize)? {
                    Some(t) => Ok(Step::Token(t)),
                    None => self.need_more(input, pos),
                };
            }
        }
        let mut i = *pos;
        loop {
            i = skip_ws(
                input,
                i,
                self.consumed,
                &mut self.line,
                &mut self.line_start,
            );
            let Some(&b) = input.get(i) else {
                *pos = i;
                return self.need_more(input, pos);
            };
            let off = self.consumed + i as u64;
            self.tok_off = off;
            match self.expect {
                Expect::Value | Expect::ValueOrEnd => match b {
                    b'"' => {
                        if let Some((text, end)) = self.quick_string(input, i + 1) {
                            *pos = end;
                            self.after_value();
                            return Ok(Step::Token(Token::Str(text)));
                        }
                        *pos = i + 1;
                        return match self.string(input, pos, Some(i + 1), false, Esc::None, 0)? {
                            Some(t) => Ok(Step::Token(self.string_done(false, t))),
                            None => self.need_more(input, pos),
                        };
                    }
                    b'-' | b'0'..=b'9' => {
                        *pos = i;
                        return match self.number(input, pos, Num::Start, false, 0, true)? {
                            Some(t) => Ok(Step::Token(t)),
                            None => self.need_more(input, pos),
                        };
                    }
                    b't' | b'f' | b'n' => {
                        if let Some((tok, n)) = literal::quick(input, i) {
                            *pos = i + n;
                            self.after_value();
                            return Ok(Step::Token(tok));
                        }
                        *pos = i;
                        return match self.literal(input, pos, literal::of(b), 0)? {
                            Some(t) => Ok(Step::Token(t)),
                            None => self.need_more(input, pos),
                        };
                    }
                    b'{' | b'[' => {
                        if self.stack.depth >= self.max_depth {
                            return Err(self.err(ErrorCode::DepthLimit(self.max_depth), off));
                        }
                        *pos = i + 1;
                        return Ok(Step::Token(if b == b'{' {
                            self.stack.push(true);
                            self.expect = Expect::KeyOrEnd;
                            Token::BeginObject
                        } else {
                            self.stack.push(false);
                            self.expect = Expect::ValueOrEnd;
                            Token::BeginArray
                        }));
                    }
                    b']' if self.expect == Expect::ValueOrEnd => {
                        *pos = i + 1;
                        return Ok(Step::Token(self.close()));
                    }
                    b']' if self.stack.depth > 0 && !self.stack.top_is_obj() => {
                        return Err(self.err(ErrorCode::TrailingComma { object: false }, off))
                    }
                    _ => return Err(self.unexpected(b, "a JSON value", off)),
                },
                Expect::KeyOrEnd | Expect::Key => match b {
                    b'"' => {
                        if let Some((text, end)) = self.quick_string(input, i + 1) {
                            // Minified JSON: the `:` follows at once.
                            if input.get(end) == Some(&b':') {
                                *pos = end + 1;
                                self.expect = Expect::Value;
                            } else {
                                *pos = end;
                                self.expect = Expect::Colon;
                            }
                            return Ok(Step::Token(Token::Key(text)));
                        }
                        *pos = i + 1;
                        return match self.string(input, pos, Some(i + 1), true, Esc::None, 0)? {
                            Some(t) => Ok(Step::Token(self.string_done(true, t))),
                            None => self.need_more(input, pos),
                        };
                    }
                    b'}' if self.expect == Expect::KeyOrEnd => {
                        *pos = i + 1;
                        return Ok(Step::Token(self.close()));
                    }
                    b'}' => return Err(self.err(ErrorCode::TrailingComma { object: true }, off)),
                    _ => return Err(self.unexpected(b, "a string key", off)),
                },
                Expect::Colon => {
                    if b != b':' {
                        return Err(self.unexpected(b, "`:`", off));
                    }
                    i += 1;
                    self.expect = Expect::Value;
                }
                Expect::CommaOrEnd => {
                    let obj = self.stack.top_is_obj();
                    match b {
                        b',' => {
                            i += 1;
                            self.expect = if obj { Expect::Key } else { Expect::Value };
                        }
                        b'}' if obj => {
                            *pos = i + 1;
                            return Ok(Step::Token(self.close()));
                        }
                        b']' if !obj => {
                            *pos = i + 1;
                            return Ok(Step::Token(self.close()));
                        }
                        _ => {
                            let what = if obj { "`,` or `}`" } else { "`,` or `]`" };
                            return Err(self.unexpected(b, what, off));
                        }
                    }
                }
                Expect::Done => return Err(self.err(ErrorCode::TrailingCharacters, off)),
            }
        }
    }

    /// End of input: completes a top-level number, or reports the value as
    /// unfinished. Returns the final token if one was pending.
    pub(crate) fn finish(&mut self) -> Result<Option<Token<'static>>> {
        let off = self.consumed;
        if let Partial::Num { state, float, .. } = self.partial {
            if state.is_final() && self.stack.depth == 0 && self.skip_base.is_none() {
                self.partial = Partial::None;
                self.after_value();
                return Ok(Some(number::token(&self.scratch, float, Text::Scratch)));
            }
        }
        if self.partial != Partial::None || self.expect != Expect::Done {
            let code = match self.partial {
                Partial::Str { .. } => ErrorCode::EofInString,
                Partial::Num { .. } => ErrorCode::EofInNumber,
                Partial::Lit { .. } => ErrorCode::EofInLiteral,
                Partial::None if self.at_start() => ErrorCode::EofNoValue,
                Partial::None => ErrorCode::Eof,
            };
            return Err(self.err(code, off));
        }
        Ok(None)
    }
}

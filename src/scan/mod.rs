//! The resumable byte-level scanner, in rooms:
//!
//! - this file: tokens, the grammar between tokens, positions, the container
//!   stack and skipping;
//! - [`string`]: strings and keys, escapes, and the UTF-8 character carried
//!   across a chunk boundary;
//! - [`number`]: the RFC 8259 number grammar and integer conversion;
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

mod literal;
mod number;
mod string;

use crate::error::{Error, ErrorCode, Position, Result};

use number::Num;
use string::Esc;

/// Where the text of a string, key or number token lives.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text<'i> {
    /// A slice of the caller's chunk (zero-copy).
    Input(&'i str),
    /// In [`Scanner::scratch`]: the token was escaped or cut by a chunk boundary.
    Scratch,
}

/// One JSON token.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Token<'i> {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Key(Text<'i>),
    Str(Text<'i>),
    Null,
    Bool(bool),
    /// A non-negative integer that fits `u64`.
    U64(u64),
    /// A negative integer that fits `i64`.
    I64(i64),
    /// Any other number, as written (a fraction or exponent, `-0`, or an
    /// integer outside 64 bits); its conversion is the visitor's choice.
    Number(Text<'i>),
}

/// What [`Scanner::next`] found.
#[derive(Debug)]
pub(crate) enum Step<'i> {
    /// A complete token; call `next` again for the following one.
    Token(Token<'i>),
    /// The chunk is used up (the cursor is at its end): feed the next chunk,
    /// or call [`Scanner::finish`] if there is none.
    NeedMore,
}

/// Grammar position between tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value must come: top level, after `:` or after `,` in an array.
    Value,
    /// Just after `[`: a value or `]`.
    ValueOrEnd,
    /// Just after `{`: a key or `}`.
    KeyOrEnd,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value inside a container: `,` or the closing bracket.
    CommaOrEnd,
    /// After the top-level value: only whitespace may follow.
    Done,
}

/// A token cut by the end of a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partial {
    /// Between tokens.
    None,
    /// Inside a string (`key`: an object key); `raw` content bytes read so far.
    Str { key: bool, esc: Esc, raw: u64 },
    /// Inside a number; its bytes so far are in `scratch` (unless skipped).
    Num { state: Num, float: bool, len: u64 },
    /// Inside `true`, `false` or `null`: `matched` bytes of `lit` read.
    Lit { lit: &'static [u8], matched: u8 },
}

/// Resumable JSON scanner: grammar, tokens, positions, limits.
#[derive(Debug)]
pub(crate) struct Scanner {
    /// Bytes of all earlier chunks.
    consumed: u64,
    /// Current line, 1-based.
    line: u64,
    /// Absolute offset of the first byte of the current line.
    line_start: u64,
    /// Absolute offset where the last token began.
    tok_off: u64,
    expect: Expect,
    /// Open containers: `true` for an object.
    stack: BitStack,
    partial: Partial,
    /// Offset of the escape (or high-surrogate escape) being read, for errors.
    esc_off: u64,
    /// Bytes of a UTF-8 character cut by a chunk boundary.
    utf8: [u8; 4],
    utf8_len: u8,
    utf8_off: u64,
    /// While `Some(d)`: a value is being skipped; it ends when depth returns to `d`.
    skip_base: Option<u32>,
    /// Decoded text of escaped or chunk-straddling strings; digits of cut numbers.
    pub(crate) scratch: String,
    max_depth: u32,
    max_str: u64,
}

/// Object/array flags of the open containers. 128 levels live inline, so the
/// default depth limit never allocates.
#[derive(Debug, Default)]
struct BitStack {
    inline: u128,
    spill: Vec<bool>,
    depth: u32,
}

impl BitStack {
    #[inline]
    fn push(&mut self, obj: bool) {
        if self.depth < 128 {
            let bit = 1u128 << self.depth;
            if obj {
                self.inline |= bit;
            } else {
                self.inline &= !bit;
            }
        } else {
            self.spill.push(obj);
        }
        self.depth += 1;
    }

    #[inline]
    fn pop(&mut self) {
        debug_assert!(self.depth > 0, "pop of an empty container stack");
        self.depth -= 1;
        if self.depth >= 128 {
            self.spill.pop();
        }
    }

    /// Whether the innermost open container is an object (`depth > 0`).
    #[inline]
    fn top_is_obj(&self) -> bool {
        debug_assert!(self.depth > 0, "no open container");
        let d = self.depth - 1;
        if d < 128 {
            self.inline & (1u128 << d) != 0
        } else {
            self.spill.last().copied().unwrap_or(false)
        }
    }
}

impl Scanner {
    pub(crate) fn new(max_depth: u32, max_str: u64) -> Self {
        Scanner {
            consumed: 0,
            line: 1,
            line_start: 0,
            tok_off: 0,
            expect: Expect::Value,
            stack: BitStack::default(),
            partial: Partial::None,
            esc_off: 0,
            utf8: [0; 4],
            utf8_len: 0,
            utf8_off: 0,
            skip_base: None,
            scratch: String::new(),
            max_depth,
            max_str,
        }
    }

    /// Position of `off`, which lies on the current line (tokens never span
    /// lines, so every error offset does).
    #[inline]
    fn pos_of(&self, off: u64) -> Position {
        Position {
            offset: off,
            line: self.line,
            column: off.saturating_sub(self.line_start) + 1,
        }
    }

    /// Where the last token began.
    pub(crate) fn token_pos(&self) -> Position {
        self.pos_of(self.tok_off)
    }

    /// Just past everything consumed so far.
    pub(crate) fn end_pos(&self) -> Position {
        self.pos_of(self.consumed)
    }

    /// Whether the scanner is before or inside a value (not a key, `:` or `,`).
    pub(crate) fn in_value(&self) -> bool {
        matches!(self.expect, Expect::Value | Expect::ValueOrEnd)
    }

    /// Whether the scanner is before or inside an object key.
    pub(crate) fn in_key(&self) -> bool {
        matches!(self.expect, Expect::Key | Expect::KeyOrEnd)
    }

    /// Open containers.
    pub(crate) fn depth(&self) -> u32 {
        self.stack.depth
    }

    /// Make the scanner ready for another top-level value (concatenated and
    /// newline-delimited streams), after `used` bytes of the current chunk.
    pub(crate) fn next_value(&mut self, used: usize) {
        self.consumed += used as u64;
        self.expect = Expect::Value;
    }

    /// Total bytes consumed in earlier chunks.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Whether nothing but whitespace came since the start (or since the last
    /// top-level value of a stream).
    pub(crate) fn at_start(&self) -> bool {
        self.expect == Expect::Value && self.stack.depth == 0 && self.partial == Partial::None
    }

    /// Skip the next value (which has not begun): it is checked for syntax
    /// with the same strictness as a decoded one, but produces no token, is
    /// never copied, and no number in it is converted.
    pub(crate) fn skip_value(&mut self) {
        debug_assert!(self.skip_base.is_none());
        debug_assert!(matches!(self.expect, Expect::Value | Expect::Colon));
        self.skip_base = Some(self.stack.depth);
    }

    /// The text of a token (see [`Text::Scratch`]).
    pub(crate) fn text<'a>(&'a self, t: Text<'a>) -> &'a str {
        match t {
            Text::Input(s) => s,
            Text::Scratch => &self.scratch,
        }
    }

    #[cold]
    fn err(&self, code: ErrorCode, off: u64) -> Error {
        Error::code_at(code, self.pos_of(off))
    }

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
        let len = input.len();
        let mut i = *pos;
        loop {
            // Whitespace, counting lines.
            let b = loop {
                if i >= len {
                    *pos = i;
                    return self.need_more(input, pos);
                }
                let b = input[i];
                match b {
                    b' ' | b'\t' | b'\r' => i += 1,
                    b'\n' => {
                        i += 1;
                        self.line += 1;
                        self.line_start = self.consumed + i as u64;
                        i = crate::bytes::skip_spaces8(input, i);
                    }
                    _ => break b,
                }
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

    /// The innermost container closes.
    #[inline]
    fn close(&mut self) -> Token<'static> {
        let obj = self.stack.top_is_obj();
        self.stack.pop();
        self.after_value();
        if obj {
            Token::EndObject
        } else {
            Token::EndArray
        }
    }

    #[cold]
    fn unexpected(&self, found: u8, what: &'static str, off: u64) -> Error {
        self.err(ErrorCode::Expected { what, found }, off)
    }

    #[inline]
    fn need_more<'i>(&mut self, input: &[u8], pos: &mut usize) -> Result<Step<'i>> {
        debug_assert_eq!(*pos, input.len());
        *pos = input.len();
        self.consumed += input.len() as u64;
        Ok(Step::NeedMore)
    }

    #[inline]
    fn after_value(&mut self) {
        self.expect = if self.stack.depth == 0 {
            Expect::Done
        } else {
            Expect::CommaOrEnd
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitstack_deep() {
        let mut s = BitStack::default();
        for d in 0..300 {
            s.push(d % 3 == 0);
        }
        for d in (0..300).rev() {
            assert_eq!(s.top_is_obj(), d % 3 == 0, "depth {d}");
            s.pop();
        }
    }
}

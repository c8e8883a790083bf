//! The scanner's state: tokens, the grammar position, the cut token, the
//! container stack, positions and limits. Every room of the scanner (the
//! grammar in `mod.rs`, `string.rs`, `number.rs`, `literal.rs`) builds on
//! this one; none imports another's state.

use crate::error::{Error, ErrorCode, Position, Result};

/// Position inside a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Num {
    /// Nothing read yet.
    Start,
    /// Read `-`.
    Minus,
    /// Read a leading `0` (no more integer digits allowed).
    Zero,
    /// Inside the integer digits.
    Int,
    /// Read `.`; a digit must follow.
    Dot,
    /// Inside the fraction digits.
    Frac,
    /// Read `e`/`E`; a sign or digit must follow.
    E,
    /// Read the exponent sign; a digit must follow.
    ESign,
    /// Inside the exponent digits.
    Exp,
}

impl Num {
    /// Whether a number may end here.
    pub(crate) fn is_final(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }
}

/// Position inside a string's escape sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Esc {
    /// Plain content.
    None,
    /// Just after `\`.
    Backslash,
    /// Inside `\uXXXX`: `n` hex digits read, value `acc` so far; `high` is the
    /// high surrogate this escape must complete, if any.
    Hex { n: u8, acc: u16, high: Option<u16> },
    /// After a high-surrogate escape: `\` of the low half must follow.
    LowBackslash(u16),
    /// After a high surrogate and `\`: `u` must follow.
    LowU(u16),
}

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
pub(crate) enum Expect {
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
pub(crate) enum Partial {
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
    pub(super) consumed: u64,
    /// Current line, 1-based.
    pub(super) line: u64,
    /// Absolute offset of the first byte of the current line.
    pub(super) line_start: u64,
    /// Absolute offset where the last token began.
    pub(super) tok_off: u64,
    pub(super) expect: Expect,
    /// Open containers: `true` for an object.
    pub(super) stack: BitStack,
    pub(super) partial: Partial,
    /// Offset of the escape (or high-surrogate escape) being read, for errors.
    pub(super) esc_off: u64,
    /// Bytes of a UTF-8 character cut by a chunk boundary.
    pub(super) utf8: [u8; 4],
    pub(super) utf8_len: u8,
    pub(super) utf8_off: u64,
    /// While `Some(d)`: a value is being skipped; it ends when depth returns to `d`.
    pub(super) skip_base: Option<u32>,
    /// Decoded text of escaped or chunk-straddling strings; digits of cut numbers.
    pub(crate) scratch: String,
    pub(super) max_depth: u32,
    pub(super) max_str: u64,
}

/// Object/array flags of the open containers. 128 levels live inline, so the
/// default depth limit never allocates.
#[derive(Debug, Default)]
pub(crate) struct BitStack {
    pub(super) inline: u128,
    pub(super) spill: Vec<bool>,
    pub(super) depth: u32,
}

impl BitStack {
    #[inline]
    pub(super) fn push(&mut self, obj: bool) {
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
    pub(super) fn pop(&mut self) {
        debug_assert!(self.depth > 0, "pop of an empty container stack");
        self.depth -= 1;
        if self.depth >= 128 {
            self.spill.pop();
        }
    }

    /// Whether the innermost open container is an object (`depth > 0`).
    #[inline]
    pub(super) fn top_is_obj(&self) -> bool {
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
    pub(super) fn pos_of(&self, off: u64) -> Position {
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

    /// Whether the scanner stands between tokens with a value or a member to
    /// come: the fast path may take over.
    #[inline]
    pub(crate) fn between_tokens(&self) -> bool {
        self.partial == Partial::None && self.skip_base.is_none() && self.expect != Expect::Done
    }

    /// The grammar position between tokens.
    #[inline]
    pub(crate) fn expect(&self) -> Expect {
        self.expect
    }

    /// Lines: the current line and the offset where it starts.
    #[inline]
    pub(crate) fn lines(&self) -> (u64, u64) {
        (self.line, self.line_start)
    }

    /// The limits the fast path must respect: depth and string length.
    #[inline]
    pub(crate) fn limits(&self) -> (u32, u64) {
        (self.max_depth, self.max_str)
    }

    /// Take the state the fast path stopped in: the open containers (`true`
    /// for an object, outermost first), the grammar position, the lines,
    /// and where the token in question began.
    pub(crate) fn install(
        &mut self,
        maps: impl Iterator<Item = bool>,
        expect: Expect,
        lines: (u64, u64),
        tok_off: u64,
    ) {
        self.stack.depth = 0;
        self.stack.spill.clear();
        for m in maps {
            self.stack.push(m);
        }
        self.expect = expect;
        (self.line, self.line_start) = lines;
        self.tok_off = tok_off;
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
    pub(super) fn err(&self, code: ErrorCode, off: u64) -> Error {
        Error::code_at(code, self.pos_of(off))
    }

    /// The innermost container closes.
    #[inline]
    pub(super) fn close(&mut self) -> Token<'static> {
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
    pub(super) fn unexpected(&self, found: u8, what: &'static str, off: u64) -> Error {
        self.err(ErrorCode::Expected { what, found }, off)
    }

    #[inline]
    pub(super) fn need_more<'i>(&mut self, input: &[u8], pos: &mut usize) -> Result<Step<'i>> {
        debug_assert_eq!(*pos, input.len());
        *pos = input.len();
        self.consumed += input.len() as u64;
        Ok(Step::NeedMore)
    }

    #[inline]
    pub(super) fn after_value(&mut self) {
        self.expect = if self.stack.depth == 0 {
            Expect::Done
        } else {
            Expect::CommaOrEnd
        };
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

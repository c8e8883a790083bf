//! The resumable byte-level scanner.
//!
//! Maintainer note. This module turns bytes into tokens and knows nothing of
//! visitors, readers or async. `Scanner::next` takes the current chunk and a
//! cursor into it, and returns either one token or `Step::NeedMore` once every
//! byte of the chunk is consumed. Every byte boundary is a valid place to stop:
//! a token cut by the end of a chunk leaves its state in [`Partial`] (small
//! `Copy` enums) and its bytes so far in `scratch`, and the next chunk resumes
//! it; nothing is ever re-scanned from the start of a token.
//!
//! Whole-buffer decoding is this same code fed one chunk. The traps:
//! - Errors must not depend on where chunks are cut (the split tests and fuzz
//!   target check offset and category). So a string segment is validated as
//!   UTF-8 at *every* stop (escape, quote, control byte, chunk end) before
//!   anything after it is looked at, and limits are checked at the byte that
//!   exceeds them, never "at the end of the chunk".
//! - Offsets are absolute (`consumed` counts earlier chunks). Lines are counted
//!   only while skipping whitespace: a raw newline can appear nowhere else.
//! - Strings that lie in one chunk with no escape are handed out as slices of
//!   the caller's chunk ([`Text::Input`]); the rest go through `scratch`.

use crate::error::{Category, Error, Result};

/// Where the text of a string or key token lives.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text<'i> {
    /// A slice of the caller's chunk (zero-copy).
    Input(&'i str),
    /// In [`Scanner::scratch`]: the string was escaped or cut by a chunk boundary.
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
    /// Any other number (fraction, exponent, `-0`, or an integer too large).
    F64(f64),
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

/// Position inside a number, RFC 8259 grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
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
    fn is_final(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }
}

/// Position inside a string's escape sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Esc {
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

/// A token cut by the end of a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partial {
    /// Between tokens.
    None,
    /// Inside a string (`key`: an object key); `raw` content bytes read so far.
    Str { key: bool, esc: Esc, raw: u64 },
    /// Inside a number; its bytes so far are in `scratch`.
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
        self.depth -= 1;
        if self.depth >= 128 {
            self.spill.pop();
        }
    }

    /// Whether the innermost open container is an object (`depth > 0`).
    #[inline]
    fn top_is_obj(&self) -> bool {
        let d = self.depth - 1;
        if d < 128 {
            self.inline & (1u128 << d) != 0
        } else {
            self.spill.last().copied().unwrap_or(false)
        }
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

#[inline]
fn word(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// A byte that ends a run of plain string content.
#[inline]
pub(crate) fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The high bit of each byte of `w` (little-endian) that is `"`, `\` or a
/// control byte, exact up to the lowest flagged byte: each term flags bytes
/// equal to zero (resp. below 0x20), and a borrow can only create false flags
/// *above* a true one.
#[inline(always)]
pub(crate) fn special_mask(w: u64) -> u64 {
    let q = w ^ (LO * b'"' as u64);
    let s = w ^ (LO * b'\\' as u64);
    ((q.wrapping_sub(LO) & !q) | (s.wrapping_sub(LO) & !s) | (w.wrapping_sub(LO * 0x20) & !w)) & HI
}

/// Index of the first byte in `b[i..end]` that is `"`, `\` or a control byte,
/// or `end`. Eight bytes at a time (SWAR); [`find_special_scalar`] is its oracle.
#[inline]
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
pub(crate) fn find_special_scalar(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && !is_special(b[i]) {
        i += 1;
    }
    i
}

/// Length of the UTF-8 sequence a lead byte starts (only called on a valid
/// incomplete prefix, whose lead is 0xC2..=0xF4).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// `true`, `false` or `null` whole in `input[i..]`: the token and its length.
#[inline(always)]
fn quick_literal(input: &[u8], i: usize) -> Option<(Token<'static>, usize)> {
    let four: [u8; 4] = input.get(i..i + 4)?.try_into().ok()?;
    match &four {
        b"true" => Some((Token::Bool(true), 4)),
        b"null" => Some((Token::Null, 4)),
        b"fals" if input.get(i + 4) == Some(&b'e') => Some((Token::Bool(false), 5)),
        _ => None,
    }
}

fn hex_val(b: u8) -> Option<u16> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u16),
        b'a'..=b'f' => Some((b - b'a' + 10) as u16),
        b'A'..=b'F' => Some((b - b'A' + 10) as u16),
        _ => None,
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

    /// Offset, line and column where the last token began.
    pub(crate) fn token_pos(&self) -> (u64, u64, u64) {
        (self.tok_off, self.line, self.tok_off - self.line_start + 1)
    }

    /// Offset, line and column just past everything consumed so far.
    pub(crate) fn end_pos(&self) -> (u64, u64, u64) {
        (
            self.consumed,
            self.line,
            self.consumed - self.line_start + 1,
        )
    }

    /// Whether the scanner is before or inside a value (not a key, `:` or `,`).
    pub(crate) fn in_value(&self) -> bool {
        matches!(self.expect, Expect::Value | Expect::ValueOrEnd)
    }

    /// Whether the scanner is before or inside an object key.
    pub(crate) fn in_key(&self) -> bool {
        matches!(self.expect, Expect::Key | Expect::KeyOrEnd)
    }

    /// Make the scanner ready for another top-level value (concatenated and
    /// newline-delimited streams), after `used` bytes of the current chunk.
    pub(crate) fn next_value(&mut self, used: usize) {
        self.consumed += used as u64;
        self.expect = Expect::Value;
    }

    /// Whether nothing but whitespace came since the last value.
    pub(crate) fn between_values(&self) -> bool {
        self.at_start()
    }

    /// Total bytes consumed in earlier chunks.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Whether nothing but whitespace has been seen.
    pub(crate) fn at_start(&self) -> bool {
        self.expect == Expect::Value && self.stack.depth == 0 && self.partial == Partial::None
    }

    /// Skip the rest of the container whose opening token was just returned:
    /// its contents are checked for syntax but produce no tokens.
    pub(crate) fn skip_open_container(&mut self) {
        self.skip_base = Some(self.stack.depth - 1);
    }

    /// The scratch text (see [`Text::Scratch`]).
    pub(crate) fn text<'a>(&'a self, t: Text<'a>) -> &'a str {
        match t {
            Text::Input(s) => s,
            Text::Scratch => &self.scratch,
        }
    }

    #[cold]
    fn err_at(&self, cat: Category, msg: &str, off: u64) -> Error {
        // Tokens never span lines, so the current line is the line of `off`.
        let col = off.saturating_sub(self.line_start) + 1;
        Error::new(cat, msg).at(off, self.line, col)
    }

    /// Next token from `input[*pos..]`. Returns `NeedMore` with `*pos ==
    /// input.len()` once the chunk is used up.
    #[inline(always)]
    pub(crate) fn next<'i>(&mut self, input: &'i [u8], pos: &mut usize) -> Result<Step<'i>> {
        loop {
            let step = self.next_token(input, pos)?;
            match (self.skip_base, &step) {
                (None, _) => return Ok(step),
                (Some(_), Step::NeedMore) => return Ok(step),
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
                        // Indentation: eight spaces at a time.
                        while i + 8 <= len && word(&input[i..]) == LO * b' ' as u64 {
                            i += 8;
                        }
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
                        if let Some((tok, n)) = quick_literal(input, i) {
                            *pos = i + n;
                            self.after_value();
                            return Ok(Step::Token(tok));
                        }
                        let lit: &'static [u8] = match b {
                            b't' => b"true",
                            b'f' => b"false",
                            _ => b"null",
                        };
                        *pos = i;
                        return match self.literal(input, pos, lit, 0)? {
                            Some(t) => Ok(Step::Token(t)),
                            None => self.need_more(input, pos),
                        };
                    }
                    b'{' | b'[' => {
                        if self.stack.depth >= self.max_depth {
                            return Err(self.err_at(
                                Category::Limit,
                                &format!("nesting deeper than the limit of {}", self.max_depth),
                                off,
                            ));
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
                        self.stack.pop();
                        self.after_value();
                        return Ok(Step::Token(Token::EndArray));
                    }
                    b']' if self.stack.depth > 0 && !self.stack.top_is_obj() => {
                        return Err(self.err_at(Category::Syntax, "trailing comma in array", off))
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
                        self.stack.pop();
                        self.after_value();
                        return Ok(Step::Token(Token::EndObject));
                    }
                    b'}' => {
                        return Err(self.err_at(Category::Syntax, "trailing comma in object", off))
                    }
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
                            self.stack.pop();
                            self.after_value();
                            return Ok(Step::Token(Token::EndObject));
                        }
                        b']' if !obj => {
                            *pos = i + 1;
                            self.stack.pop();
                            self.after_value();
                            return Ok(Step::Token(Token::EndArray));
                        }
                        _ => {
                            let what = if obj { "`,` or `}`" } else { "`,` or `]`" };
                            return Err(self.unexpected(b, what, off));
                        }
                    }
                }
                Expect::Done => {
                    return Err(self.err_at(
                        Category::Syntax,
                        "trailing characters after the JSON value",
                        off,
                    ))
                }
            }
        }
    }

    #[cold]
    fn unexpected(&self, b: u8, what: &str, off: u64) -> Error {
        let found = if b.is_ascii_graphic() {
            format!("`{}`", b as char)
        } else {
            format!("byte 0x{b:02x}")
        };
        self.err_at(
            Category::Syntax,
            &format!("expected {what}, found {found}"),
            off,
        )
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

    #[inline]
    fn string_done<'i>(&mut self, key: bool, t: Text<'i>) -> Token<'i> {
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
    fn quick_string<'i>(&self, input: &'i [u8], start: usize) -> Option<(Text<'i>, usize)> {
        let len = input.len();
        let end = if (len - start) as u64 > self.max_str {
            start + self.max_str as usize
        } else {
            len
        };
        let (stop, ascii) = crate::utf8::find_special_ascii(input, start, end);
        match (ascii, input.get(stop)) {
            (Some(text), Some(b'"')) => Some((Text::Input(text.as_str()), stop + 1)),
            _ => None,
        }
    }

    /// Reads string content from `input[*pos..]`. `fresh` is the content start
    /// when the string began in this chunk (zero-copy is possible); otherwise
    /// the string resumes with `esc` and `raw` from [`Partial::Str`].
    /// Returns `None` when the chunk ends first (state saved in `partial`).
    fn string<'i>(
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
                    let (stop, ascii) = crate::utf8::find_special_ascii(input, i, end);
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
                            return Err(self.err_at(
                                Category::Syntax,
                                &format!("control character 0x{b:02x} in string (must be escaped)"),
                                off,
                            ));
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
                let c = match b {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        return Ok(Esc::Hex {
                            n: 0,
                            acc: 0,
                            high: None,
                        })
                    }
                    _ => {
                        return Err(self.err_at(
                            Category::Syntax,
                            "invalid escape in string",
                            self.esc_off,
                        ))
                    }
                };
                push(self, c);
                Esc::None
            }
            Esc::Hex { n, acc, high } => {
                let Some(v) = hex_val(b) else {
                    return Err(self.err_at(
                        Category::Syntax,
                        "invalid \\u escape (expected 4 hex digits)",
                        self.esc_off,
                    ));
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
        self.err_at(
            Category::Syntax,
            "lone surrogate in \\u escape (a high surrogate must be followed by a low one)",
            self.esc_off,
        )
    }

    #[cold]
    fn str_limit(&self) -> Error {
        self.err_at(
            Category::Limit,
            &format!("string longer than the limit of {} bytes", self.max_str),
            self.tok_off,
        )
    }

    #[cold]
    fn bad_utf8(&self, i: usize) -> Error {
        self.err_at(
            Category::Syntax,
            "invalid UTF-8 in string",
            self.consumed + i as u64,
        )
    }

    /// [`segment`](Self::segment), skipping validation when the scan proved
    /// `input[a..b]` ASCII and no character is pending from the last chunk.
    #[inline]
    fn segment_or_ascii(
        &mut self,
        input: &[u8],
        a: usize,
        b: usize,
        ascii: Option<crate::utf8::Ascii<'_>>,
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
                Err(_) => {
                    return Err(self.err_at(
                        Category::Syntax,
                        "invalid UTF-8 in string",
                        self.utf8_off,
                    ))
                }
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

    /// Reads a number from `input[*pos..]`, resuming at `state`. `fresh`: it
    /// began in this chunk, so its bytes are still in `input`.
    fn number<'i>(
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
        let bytes = input;
        let n = bytes.len();
        let allowed = self.max_str.saturating_sub(len_before);
        while i < n {
            let b = bytes[i];
            let next = match (state, b) {
                (Num::Start, b'-') => Num::Minus,
                (Num::Start | Num::Minus, b'0') => Num::Zero,
                (Num::Start | Num::Minus, b'1'..=b'9') => Num::Int,
                (Num::Int, b'0'..=b'9') => Num::Int,
                (Num::Zero, b'0'..=b'9') => {
                    return Err(self.err_at(
                        Category::Syntax,
                        "leading zero in number",
                        self.consumed + i as u64,
                    ))
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
                    let what = match state {
                        Num::Dot => "expected a digit after `.` in number",
                        Num::E | Num::ESign => "expected a digit in the exponent",
                        _ => "expected a digit in number",
                    };
                    return Err(self.err_at(Category::Syntax, what, self.consumed + i as u64));
                }
            };
            if (i - start) as u64 >= allowed {
                return Err(self.err_at(
                    Category::Limit,
                    &format!("number longer than the limit of {} bytes", self.max_str),
                    self.tok_off,
                ));
            }
            state = next;
            i += 1;
        }
        let skipping = self.skip_base.is_some();
        if i == n {
            // The chunk ends inside the number: keep its bytes.
            if fresh {
                self.scratch.clear();
            }
            if !skipping {
                // ASCII digits and signs only.
                for &b in &bytes[start..i] {
                    self.scratch.push(b as char);
                }
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
        let tok = if skipping {
            Token::U64(0)
        } else if fresh {
            self.parse_number(&bytes[start..i], float)?
        } else {
            for &b in &bytes[start..i] {
                self.scratch.push(b as char);
            }
            let s = std::mem::take(&mut self.scratch);
            let r = self.parse_number(s.as_bytes(), float);
            self.scratch = s;
            r?
        };
        self.after_value();
        Ok(Some(tok))
    }

    fn parse_number<'i>(&self, s: &[u8], float: bool) -> Result<Token<'i>> {
        if !float {
            let (neg, digits) = match s.split_first() {
                Some((b'-', d)) => (true, d),
                _ => (false, s),
            };
            let mut v: u64 = 0;
            let mut overflow = false;
            if digits.len() <= 19 {
                for &d in digits {
                    v = v * 10 + (d - b'0') as u64;
                }
            } else {
                for &d in digits {
                    match v
                        .checked_mul(10)
                        .and_then(|x| x.checked_add((d - b'0') as u64))
                    {
                        Some(x) => v = x,
                        None => {
                            overflow = true;
                            break;
                        }
                    }
                }
            }
            if !overflow {
                if !neg {
                    return Ok(Token::U64(v));
                }
                if v == 0 {
                    return Ok(Token::F64(-0.0));
                }
                if v <= i64::MAX as u64 + 1 {
                    return Ok(Token::I64((v as i64).wrapping_neg()));
                }
            }
        }
        let text = std::str::from_utf8(s).map_err(|_| self.num_err())?;
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Token::F64(f)),
            _ => Err(self.num_err()),
        }
    }

    #[cold]
    fn num_err(&self) -> Error {
        self.err_at(Category::Syntax, "number out of range", self.tok_off)
    }

    fn literal<'i>(
        &mut self,
        input: &'i [u8],
        pos: &mut usize,
        lit: &'static [u8],
        mut matched: usize,
    ) -> Result<Option<Token<'i>>> {
        let mut i = *pos;
        while matched < lit.len() {
            if i >= input.len() {
                *pos = i;
                self.partial = Partial::Lit {
                    lit,
                    matched: matched as u8,
                };
                return Ok(None);
            }
            if input[i] != lit[matched] {
                let off = self.consumed + i as u64;
                return Err(self.err_at(
                    Category::Syntax,
                    &format!(
                        "invalid literal (expected `{}`)",
                        std::str::from_utf8(lit).unwrap_or("?")
                    ),
                    off,
                ));
            }
            matched += 1;
            i += 1;
        }
        *pos = i;
        self.partial = Partial::None;
        self.after_value();
        Ok(Some(match lit[0] {
            b't' => Token::Bool(true),
            b'f' => Token::Bool(false),
            _ => Token::Null,
        }))
    }

    /// End of input: completes a top-level number, or reports the value as
    /// unfinished. Returns the final token if one was pending.
    pub(crate) fn finish<'i>(&mut self) -> Result<Option<Token<'i>>> {
        let (off, _, _) = self.end_pos();
        if let Partial::Num { state, float, .. } = self.partial {
            if state.is_final() && self.stack.depth == 0 && self.skip_base.is_none() {
                let s = std::mem::take(&mut self.scratch);
                let r = self.parse_number(s.as_bytes(), float);
                self.scratch = s;
                let tok = r?;
                self.partial = Partial::None;
                self.after_value();
                return Ok(Some(tok));
            }
        }
        if self.partial != Partial::None || self.expect != Expect::Done {
            let what = match self.partial {
                Partial::Str { .. } => "unexpected end of input inside a string",
                Partial::Num { .. } => "unexpected end of input inside a number",
                Partial::Lit { .. } => "unexpected end of input inside a literal",
                Partial::None if self.at_start() => "unexpected end of input: no JSON value",
                Partial::None => "unexpected end of input",
            };
            return Err(self.err_at(Category::Eof, what, off));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swar_matches_scalar_oracle() {
        // Every special byte at every position of a 24-byte window, plus
        // non-ASCII noise, must be found exactly where the scalar scan finds it.
        let fill: Vec<u8> = (0..24)
            .map(|i| [b'a', 0xC3, 0xA9, b'~', 0x7F, 0x20][i % 6])
            .collect();
        let specials = [b'"', b'\\', 0x00, 0x1F, b'\n'];
        for &sp in &specials {
            for at in 0..fill.len() {
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
        // Pseudo-random words.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let buf = x.to_le_bytes();
            assert_eq!(
                find_special(&buf, 0, 8),
                find_special_scalar(&buf, 0, 8),
                "{buf:?}"
            );
        }
    }

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

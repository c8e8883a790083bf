//! The fast path: a typed pull loop over input that is in hand.
//!
//! The decoder has two speeds with one behaviour. The resumable machine
//! (`crate::scan` and `crate::driver`) handles the edges of chunks and every
//! error; this module's [`Cursor`] lets each place decode its value straight
//! from the bytes in a tight, monomorphic loop ([`Visitor::fast`]), with no
//! token enum and no `dyn` call per value. zlib's `inflate`/`inflate_fast`
//! split is the model.
//!
//! The contract, for a place that implements [`Visitor::fast`]:
//!
//! - It is called with the cursor at the first byte of its value
//!   (whitespace skipped). It returns `Ok(())` once the value is complete and
//!   given to the place, exactly as the machine's calls would have left it.
//! - Anything it does not handle, it leaves to the machine by returning
//!   `Err(cursor.defer())` *before* consuming anything or calling any method
//!   of the place. The machine then reads that value from its first byte.
//!   The default `fast` always does this, so every visitor works.
//! - A container that stops inside itself (the chunk ends, a value it does
//!   not handle, an error) records its level with the cursor before it
//!   returns, so the machine continues inside it: the place must then be in
//!   the state the machine's calls would have left it in (the containers of
//!   this crate reach it by making the very same calls).
//! - An error from a visitor call is handed to [`Cursor::fail`], which
//!   records where it happened; the decoder reports it with the position and
//!   path the machine would have given.
//!
//! After a chunk boundary the decoder re-enters the fast path by a
//! monomorphic walk down the open containers ([`Visitor::fast_resume`]).
//!
//! Nothing here is `unsafe`: byte search is in `crate::bytes`.

use crate::bytes::find_special_ascii;
use crate::de::Visitor;
use crate::error::Error;
use crate::scan::{hex_val, simple_escape};

/// Where a level's current key is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Key {
    /// No key yet.
    None,
    /// `input[start..end]` of the chunk being fed.
    Input { start: usize, end: usize },
    /// `keys[start..end]`.
    Kept { start: usize, end: usize },
}

/// One open container.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Level {
    pub(crate) map: bool,
    /// (Objects) the current member's key.
    pub(crate) key: Key,
    /// Where this level's keys start in the key buffer.
    pub(crate) base: usize,
    /// (Arrays) elements begun so far.
    pub(crate) count: u64,
    /// (Objects) a key's value goes to `Map::resume()` and has not begun:
    /// the chunk ended between them.
    pub(crate) pending: bool,
    /// The container's visitor wants each value's position
    /// ([`Visitor::wants_positions`]).
    pub(crate) positions: bool,
}

/// The fast path stopped: the machine continues from the state the cursor
/// recorded. Only a [`Cursor`] makes one.
#[derive(Debug)]
pub struct Stop(());

/// What a fast-path method returns.
pub type Fast = core::result::Result<(), Stop>;

/// Where the innermost open container stands when the fast path stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    /// Nothing begun: the stop is at the start of a value that the caller
    /// must still account for.
    Start,
    /// A value must come (after `:` with its key asked, or after `,` in an
    /// array).
    Value,
    /// Just after `[`.
    ValueOrEnd,
    /// Just after `{`.
    KeyOrEnd,
    /// After `,` in an object.
    Key,
    /// After `:` when the member's value is being skipped.
    Skip,
    /// After a complete value.
    After,
    /// (Re-entry only) after a key, before its `:`.
    Colon,
}

/// The state of a fast-path decode: the input, the position, and what the
/// machine needs to continue where the fast path stops. Passed to
/// [`Visitor::fast`]; a place uses its methods to read scalars and to stop.
pub struct Cursor<'i> {
    pub(crate) input: &'i [u8],
    pub(crate) pos: usize,
    /// Absolute offset of `input[0]`.
    pub(crate) base: u64,
    pub(crate) line: u64,
    pub(crate) line_start: u64,
    /// Open containers outside the current frame.
    pub(crate) depth: u32,
    pub(crate) max_depth: u32,
    pub(crate) max_str: u64,
    /// Unescaped strings.
    pub(crate) scratch: String,
    /// Levels of the frames that stopped, innermost first.
    pub(crate) recs: Vec<Level>,
    /// The innermost container's grammar state at the stop.
    pub(crate) at: At,
    /// An error from a visitor call, and where its token began.
    pub(crate) error: Option<(Error, usize)>,
    /// Re-entry: the machine's open levels, and the state of the innermost.
    pub(crate) resume: Vec<Level>,
    pub(crate) resume_at: At,
    /// Re-entry stopped at this level: its place cannot resume.
    pub(crate) stuck: Option<usize>,
}

/// A number read by the fast path.
pub(crate) enum Number<'i> {
    U64(u64),
    I64(i64),
    /// Anything else whose nearest `f64` is known and finite: as written,
    /// and that `f64`.
    Float(&'i str, f64),
    /// Anything else, as written.
    Text(&'i str),
}

impl<'i> Cursor<'i> {
    /// Leave the value at the cursor to the machine. Call it before
    /// consuming anything or changing the place.
    #[inline]
    pub fn defer(&mut self) -> Stop {
        self.at = At::Start;
        Stop(())
    }

    /// Default of [`Visitor::fast_resume`]: this place cannot continue a
    /// container the machine opened; the machine keeps it.
    #[inline]
    pub fn no_resume(&mut self) -> Stop {
        self.stuck = Some(self.depth as usize);
        Stop(())
    }

    /// An error from a visitor call on the token that began at `start` (a
    /// position from [`Cursor::position`]): the decode fails with it, at the
    /// position and path the machine would report.
    #[cold]
    pub fn fail(&mut self, e: Error, start: usize) -> Stop {
        self.error = Some((e, start));
        self.at = At::After;
        Stop(())
    }

    /// Whether the value that just stopped had begun (a container that
    /// recorded its level, or a value whose visitor call failed).
    #[inline]
    pub(crate) fn began(&self) -> bool {
        self.at != At::Start
    }

    /// Whether `open` (`{` or `[`) is at the cursor and may open within the
    /// depth limit.
    #[inline(always)]
    pub(crate) fn opens(&self, open: u8) -> bool {
        self.peek() == Some(open) && self.depth < self.max_depth
    }

    /// The current position in the chunk (for [`Cursor::fail`]).
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next byte, if the chunk has one.
    #[inline(always)]
    pub fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Skip whitespace, counting lines.
    #[inline(always)]
    pub fn skip_ws(&mut self) {
        self.pos = crate::scan::skip_ws(
            self.input,
            self.pos,
            self.base,
            &mut self.line,
            &mut self.line_start,
        );
    }

    /// Read a scalar value (string, number, literal) and hand it to `v`.
    /// Containers and anything unusual are deferred.
    #[inline]
    pub fn scalar<V: Visitor + ?Sized>(&mut self, v: &mut V) -> Fast {
        let start = self.pos;
        match self.scalar_value(v) {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => Err(self.fail(e, start)),
            None => Err(self.defer()),
        }
    }

    /// A scalar at the cursor handed to `v`; `None` (nothing consumed) if it
    /// is not a scalar whole in the chunk.
    #[inline(always)]
    pub(crate) fn scalar_value<V: Visitor + ?Sized>(
        &mut self,
        v: &mut V,
    ) -> Option<crate::Result<()>> {
        Some(match self.peek() {
            Some(b'"') => match self.string()? {
                Str::Input(_, _, s) => v.string(s),
                Str::Scratch => v.string(&self.scratch),
            },
            Some(b'-' | b'0'..=b'9') => match self.number()? {
                Number::U64(n) => v.nonnegative(n),
                Number::I64(n) => v.negative(n),
                Number::Float(t, f) => v.number_f64(t, f),
                Number::Text(t) => v.number(t),
            },
            Some(b't') if self.literal(b"true") => v.boolean(true),
            Some(b'f') if self.literal(b"false") => v.boolean(false),
            Some(b'n') if self.literal(b"null") => v.null(),
            _ => return None,
        })
    }

    /// The position and lines, to return to with [`Cursor::restore`].
    #[inline]
    pub(crate) fn save(&self) -> (usize, u64, u64) {
        (self.pos, self.line, self.line_start)
    }

    #[inline]
    pub(crate) fn restore(&mut self, (pos, line, line_start): (usize, u64, u64)) {
        self.pos = pos;
        self.line = line;
        self.line_start = line_start;
    }

    /// Whether `extra` more containers may open inside the current one.
    #[inline]
    pub(crate) fn may_open(&self, extra: u32) -> bool {
        self.depth.saturating_add(extra) < self.max_depth
    }

    /// A key (escapes allowed) and its `:` at the cursor, whitespace after.
    /// `None` leaves the cursor where it was.
    pub(crate) fn any_key(&mut self) -> Option<Str<'i>> {
        let saved = self.save();
        if self.peek() != Some(b'"') {
            return None;
        }
        let k = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            self.restore(saved);
            return None;
        }
        self.pos += 1;
        self.skip_ws();
        Some(k)
    }

    /// `lit` whole at the cursor and followed by a byte that ends it.
    #[inline(always)]
    pub(crate) fn literal(&mut self, lit: &[u8]) -> bool {
        let end = self.pos + lit.len();
        if self.input.get(self.pos..end) == Some(lit) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// A string at the cursor (`"`), whole in the chunk, valid, within the
    /// length limit. `None` leaves the cursor where it was.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Option<Str<'i>> {
        let input = self.input;
        let start = self.pos + 1;
        let end = self.limit(start);
        let (stop, ascii) = find_special_ascii(input, start, end);
        match input.get(stop) {
            Some(b'"') => {
                let s = match ascii {
                    Some(a) => a.as_str(),
                    None => std::str::from_utf8(&input[start..stop]).ok()?,
                };
                self.pos = stop + 1;
                Some(Str::Input(start, stop, s))
            }
            Some(b'\\') if stop < end => self.escaped(start, stop, end),
            _ => None,
        }
    }

    /// Where a string starting at `start` must end to respect the length
    /// limit.
    #[inline(always)]
    fn limit(&self, start: usize) -> usize {
        let len = self.input.len();
        if (len - start) as u64 > self.max_str {
            start + self.max_str as usize
        } else {
            len
        }
    }

    /// A string with escapes: `input[start..stop]` is plain, `input[stop]` is
    /// `\`. Decoded into `scratch`.
    #[inline(never)]
    fn escaped(&mut self, start: usize, mut stop: usize, end: usize) -> Option<Str<'i>> {
        let input = self.input;
        self.scratch.clear();
        let mut seg = start;
        loop {
            // `input[seg..stop]` is plain content.
            self.scratch
                .push_str(std::str::from_utf8(&input[seg..stop]).ok()?);
            match input.get(stop) {
                Some(b'"') if (stop - start) as u64 <= self.max_str => {
                    self.pos = stop + 1;
                    return Some(Str::Scratch);
                }
                Some(b'\\') => {}
                _ => return None,
            }
            let c = match *input.get(stop + 1)? {
                b'u' => {
                    let hi = hex4(input.get(stop + 2..stop + 6)?)?;
                    stop += 6;
                    let code = if (0xD800..0xDC00).contains(&hi) {
                        if input.get(stop..stop + 2)? != b"\\u" {
                            return None;
                        }
                        let lo = hex4(input.get(stop + 2..stop + 6)?)?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return None;
                        }
                        stop += 6;
                        0x10000 + ((hi as u32 - 0xD800) << 10) + (lo as u32 - 0xDC00)
                    } else {
                        hi as u32
                    };
                    self.scratch.push(char::from_u32(code)?);
                    seg = stop;
                    if seg > end {
                        return None;
                    }
                    stop = find_special_ascii(input, seg, end).0;
                    continue;
                }
                e => simple_escape(e)?,
            };
            self.scratch.push(c);
            seg = stop + 2;
            if seg > end {
                return None;
            }
            stop = find_special_ascii(input, seg, end).0;
        }
    }

    /// A number at the cursor, whole in the chunk and followed by a byte that
    /// cannot continue it. `None` leaves the cursor where it was.
    #[inline(always)]
    pub(crate) fn number(&mut self) -> Option<Number<'i>> {
        let input = self.input;
        let start = self.pos;
        let (i, d) = crate::scan::float::scan(input, start)?;
        // The byte after must exist and end the number.
        match *input.get(i)? {
            b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-' => return None,
            _ => {}
        }
        if (i - start) as u64 > self.max_str {
            return None;
        }
        // The scanner's conversion: `u64`/`i64` when it fits, else text.
        if !d.float && !d.truncated && d.exp10 == 0 {
            if !d.neg {
                self.pos = i;
                return Some(Number::U64(d.mantissa));
            }
            // `-0` is a float, as in most JSON libraries.
            if d.mantissa != 0 && d.mantissa <= 1 << 63 {
                self.pos = i;
                return Some(Number::I64((d.mantissa as i64).wrapping_neg()));
            }
        }
        let text = crate::bytes::ascii_str(&input[start..i])?;
        self.pos = i;
        Some(match d.to_f64() {
            Some(f) if f.is_finite() => Number::Float(text, f),
            _ => Number::Text(text),
        })
    }

    /// Skip one whole value (any depth, iteratively), checking it as the
    /// machine would. `false` leaves the cursor where it was.
    pub(crate) fn skip_value(&mut self) -> bool {
        let (pos, line, line_start) = (self.pos, self.line, self.line_start);
        if self.skip_inner() {
            return true;
        }
        self.pos = pos;
        self.line = line;
        self.line_start = line_start;
        false
    }

    fn skip_inner(&mut self) -> bool {
        // Open containers of the skipped value: `true` for an object.
        let mut stack: u128 = 0;
        let mut depth: u32 = 0;
        let max = self.max_depth.saturating_sub(self.depth).min(128);
        loop {
            // A value.
            match self.peek() {
                Some(b'{' | b'[') => {
                    let obj = self.input[self.pos] == b'{';
                    if depth >= max {
                        return false;
                    }
                    stack = (stack << 1) | obj as u128;
                    depth += 1;
                    self.pos += 1;
                    self.skip_ws();
                    let close = if obj { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack >>= 1;
                        depth -= 1;
                    } else if obj {
                        if !self.skip_key() {
                            return false;
                        }
                        continue;
                    } else {
                        continue;
                    }
                }
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if self.number().is_none() {
                        return false;
                    }
                }
                Some(b't') if self.literal(b"true") => {}
                Some(b'f') if self.literal(b"false") => {}
                Some(b'n') if self.literal(b"null") => {}
                _ => return false,
            }
            // After a value: `,` or closing brackets.
            loop {
                if depth == 0 {
                    return true;
                }
                self.skip_ws();
                let obj = stack & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                        if obj && !self.skip_key() {
                            return false;
                        }
                        break;
                    }
                    Some(b'}') if obj => {}
                    Some(b']') if !obj => {}
                    _ => return false,
                }
                self.pos += 1;
                stack >>= 1;
                depth -= 1;
            }
        }
    }

    /// A key and its `:` inside a skipped object; whitespace after.
    fn skip_key(&mut self) -> bool {
        if self.peek() != Some(b'"') || self.string().is_none() {
            return false;
        }
        self.skip_ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.pos += 1;
        self.skip_ws();
        true
    }

    /// A plain key (no escapes) and its `:` at the cursor, whitespace after:
    /// the key's range in the chunk. `None` leaves the cursor where it was.
    #[inline(always)]
    pub(crate) fn key(&mut self) -> Option<(usize, usize, &'i str)> {
        let at = self.pos;
        let (line, line_start) = (self.line, self.line_start);
        let Some(Str::Input(a, b, k)) = self.string() else {
            self.pos = at;
            return None;
        };
        if self.peek() != Some(b':') {
            self.skip_ws();
            if self.peek() != Some(b':') {
                self.pos = at;
                self.line = line;
                self.line_start = line_start;
                return None;
            }
        }
        self.pos += 1;
        self.skip_ws();
        Some((a, b, k))
    }

    /// The innermost open object stops in its own loop, in state `at`.
    #[cold]
    pub(crate) fn stop_map(&mut self, key: Key, at: At, pending: bool) -> Stop {
        self.at = at;
        self.push_level(true, key, 0, pending);
        Stop(())
    }

    /// An object whose member's value stopped: if that value did not begin,
    /// this object is the innermost level, its key asked and the value
    /// pending.
    #[cold]
    pub(crate) fn record_map(&mut self, key: Key) {
        let pending = self.at == At::Start;
        if pending {
            self.at = At::Value;
        }
        self.push_level(true, key, 0, pending);
    }

    /// The innermost open array stops in its own loop, in state `at`.
    #[cold]
    pub(crate) fn stop_seq(&mut self, count: u64, at: At) -> Stop {
        self.at = at;
        self.push_level(false, Key::None, count, false);
        Stop(())
    }

    /// An array whose element stopped (`count`: the elements begun, that
    /// one included if it began).
    #[cold]
    pub(crate) fn record_seq(&mut self, count: u64) {
        if self.at == At::Start {
            self.at = if count == 0 {
                At::ValueOrEnd
            } else {
                At::Value
            };
        }
        self.push_level(false, Key::None, count, false);
    }

    fn push_level(&mut self, map: bool, key: Key, count: u64, pending: bool) {
        self.recs.push(Level {
            map,
            key,
            base: 0,
            count,
            pending,
            positions: false,
        });
    }

    /// The level just recorded wants its values' positions.
    #[cold]
    pub(crate) fn mark_positions(&mut self) {
        if let Some(l) = self.recs.last_mut() {
            l.positions = true;
        }
    }

    /// Where the cursor stands, as the machine reports positions: the
    /// position of the value that begins here (whitespace skipped).
    pub fn here(&self) -> crate::Position {
        let offset = self.base + self.pos as u64;
        crate::Position {
            offset,
            line: self.line,
            column: offset.saturating_sub(self.line_start) + 1,
        }
    }

    /// Whether the frame entering [`Visitor::fast_resume`] is the innermost
    /// open level, and that level.
    #[inline]
    pub(crate) fn resumed(&self) -> (bool, Level) {
        let d = self.depth as usize;
        (d + 1 == self.resume.len(), self.resume[d])
    }
}

/// Where a string's text is.
pub(crate) enum Str<'i> {
    /// `input[a..b]`.
    Input(usize, usize, &'i str),
    /// In the cursor's scratch.
    Scratch,
}

#[inline]
fn hex4(b: &[u8]) -> Option<u16> {
    b.iter()
        .try_fold(0u16, |v, &c| Some((v << 4) | hex_val(c)?))
}

/// An object as the fast path fills it: the same calls the machine makes.
pub(crate) trait Members {
    /// `Map::key`: whether the value is wanted (`false`: skip it).
    fn member_key(&mut self, k: &str) -> crate::Result<bool>;
    /// The wanted value, at the cursor.
    fn member_value(&mut self, c: &mut Cursor<'_>) -> Fast;
    /// Re-enter the wanted value, a container the machine opened.
    fn member_resume(&mut self, c: &mut Cursor<'_>) -> Fast;
    /// `Map::finish`.
    fn member_finish(&mut self) -> crate::Result<()>;
    /// `Visitor::wants_positions` of the object.
    #[inline]
    fn wants_positions(&self) -> bool {
        false
    }
    /// `Map::key_at` (called only when the object wants positions).
    #[inline]
    fn member_key_at(&mut self, at: crate::Position) {
        let _ = at;
    }
}

/// An object at the cursor (`{`), after `Visitor::map` was called on it.
#[inline]
pub(crate) fn object<M: Members + ?Sized>(m: &mut M, c: &mut Cursor<'_>) -> Fast {
    c.pos += 1;
    c.depth += 1;
    members(m, c, At::KeyOrEnd, Key::None)
}

/// Re-enter an object the machine opened.
pub(crate) fn object_resume<M: Members + ?Sized>(m: &mut M, c: &mut Cursor<'_>) -> Fast {
    let (innermost, lvl) = c.resumed();
    c.depth += 1;
    let at = if innermost {
        c.resume_at
    } else {
        if let Err(s) = m.member_resume(c) {
            c.record_map(lvl.key);
            if m.wants_positions() {
                c.mark_positions();
            }
            return Err(s);
        }
        At::After
    };
    members(m, c, at, lvl.key)
}

#[inline]
fn members<M: Members + ?Sized>(m: &mut M, c: &mut Cursor<'_>, at: At, key: Key) -> Fast {
    let r = member_loop(m, c, at, key);
    if r.is_err() && m.wants_positions() && c.recs.last().is_some_and(|l| l.map) {
        // The stop recorded this object's level last.
        c.mark_positions();
    }
    r
}

#[inline(always)]
fn member_loop<M: Members + ?Sized>(
    m: &mut M,
    c: &mut Cursor<'_>,
    mut at: At,
    mut key: Key,
) -> Fast {
    loop {
        match at {
            At::KeyOrEnd | At::Key => {
                c.skip_ws();
                match c.peek() {
                    Some(b'"') => {}
                    Some(b'}') if at == At::KeyOrEnd => return close_object(m, c),
                    _ => return Err(c.stop_map(key, at, false)),
                }
                let at_key = c.save();
                let start = c.pos;
                let key_pos = m.wants_positions().then(|| c.here());
                let Some((a, b, k)) = c.key() else {
                    return Err(c.stop_map(key, at, false));
                };
                key = Key::Input { start: a, end: b };
                if let Some(p) = key_pos {
                    m.member_key_at(p);
                }
                match m.member_key(k) {
                    Ok(true) => {
                        if let Err(s) = m.member_value(c) {
                            c.record_map(key);
                            return Err(s);
                        }
                    }
                    Ok(false) => {
                        if !c.skip_value() {
                            return Err(c.stop_map(key, At::Skip, false));
                        }
                    }
                    Err(e) => {
                        // The machine asks for the key before reading on:
                        // the lines are those of the key.
                        c.restore(at_key);
                        let s = c.fail(e, start);
                        c.record_map(key);
                        return Err(s);
                    }
                }
                at = At::After;
            }
            At::After => {
                c.skip_ws();
                match c.peek() {
                    Some(b',') => {
                        c.pos += 1;
                        at = At::Key;
                    }
                    Some(b'}') => return close_object(m, c),
                    _ => return Err(c.stop_map(key, At::After, false)),
                }
            }
            At::Colon | At::Value => {
                // Re-entered with the key asked and its value pending.
                if at == At::Colon {
                    c.skip_ws();
                    if c.peek() != Some(b':') {
                        return Err(c.stop_map(key, At::Colon, true));
                    }
                    c.pos += 1;
                }
                c.skip_ws();
                if let Err(s) = m.member_value(c) {
                    c.record_map(key);
                    return Err(s);
                }
                at = At::After;
            }
            At::Start | At::ValueOrEnd | At::Skip => unreachable!("not an object state"),
        }
    }
}

#[inline]
fn close_object<M: Members + ?Sized>(m: &mut M, c: &mut Cursor<'_>) -> Fast {
    let at = c.pos;
    c.pos += 1;
    c.depth -= 1;
    match m.member_finish() {
        Ok(()) => Ok(()),
        Err(e) => Err(c.fail(e.closing(), at)),
    }
}

/// An array as the fast path fills it.
pub(crate) trait Elements {
    /// The next element, at the cursor: `Ok` once it is complete and
    /// stored. A stop after it began must leave it as `Seq::element` would.
    fn element(&mut self, c: &mut Cursor<'_>) -> Fast;
    /// Re-enter the current element, a container the machine opened.
    fn element_resume(&mut self, c: &mut Cursor<'_>) -> Fast;
    /// `Seq::finish`.
    fn elements_finish(&mut self) -> crate::Result<()>;
}

/// An array at the cursor (`[`), after `Visitor::seq` was called on it.
#[inline]
pub(crate) fn array<S: Elements + ?Sized>(s: &mut S, c: &mut Cursor<'_>) -> Fast {
    c.pos += 1;
    c.depth += 1;
    elements(s, c, At::ValueOrEnd, 0)
}

/// Re-enter an array the machine opened.
pub(crate) fn array_resume<S: Elements + ?Sized>(s: &mut S, c: &mut Cursor<'_>) -> Fast {
    let (innermost, lvl) = c.resumed();
    c.depth += 1;
    let at = if innermost {
        c.resume_at
    } else {
        if let Err(stop) = s.element_resume(c) {
            c.record_seq(lvl.count);
            return Err(stop);
        }
        At::After
    };
    elements(s, c, at, lvl.count)
}

#[inline]
fn elements<S: Elements + ?Sized>(
    s: &mut S,
    c: &mut Cursor<'_>,
    mut at: At,
    mut count: u64,
) -> Fast {
    loop {
        match at {
            At::ValueOrEnd | At::Value => {
                c.skip_ws();
                if at == At::ValueOrEnd && c.peek() == Some(b']') {
                    return close_array(s, c);
                }
                if let Err(stop) = s.element(c) {
                    if c.at != At::Start {
                        count += 1;
                    }
                    c.record_seq(count);
                    return Err(stop);
                }
                count += 1;
                at = At::After;
            }
            At::After => {
                c.skip_ws();
                match c.peek() {
                    Some(b',') => {
                        c.pos += 1;
                        at = At::Value;
                    }
                    Some(b']') => return close_array(s, c),
                    _ => return Err(c.stop_seq(count, At::After)),
                }
            }
            At::Start | At::KeyOrEnd | At::Key | At::Colon | At::Skip => {
                unreachable!("not an array state")
            }
        }
    }
}

#[inline]
fn close_array<S: Elements + ?Sized>(s: &mut S, c: &mut Cursor<'_>) -> Fast {
    let at = c.pos;
    c.pos += 1;
    c.depth -= 1;
    match s.elements_finish() {
        Ok(()) => Ok(()),
        Err(e) => Err(c.fail(e.closing(), at)),
    }
}

//! The driver: feeds scanner tokens to visitors.
//!
//! Maintainer note. The decoder owns the root [`Place`]; every nested builder
//! lives inline inside it. Nothing holds a borrow across `feed` calls, so at
//! the start of each chunk (and after each closing bracket) the decoder walks
//! from the root down to the innermost open container with the `resume*`
//! methods. Within a chunk it descends by moving a `&mut` down the tree, which
//! is why there is no recursion, no `unsafe` and no allocation per object.
//! A key is used in place (a slice of the chunk) when its value is a scalar
//! in the same chunk. It is copied into one reusable buffer (never allocated
//! per key) only when it must outlive that: its value is a container (errors
//! inside name it in their path), or the chunk ends before the value starts.
//!
//! Traps: a chunk may end between a key and its value, so the value's first
//! token can arrive in the next `feed` with the key only in the buffer; and
//! every error path must store the pending key first, or the path names the
//! previous key.

use crate::de::{Deserialize, Map, Place, Seq, Visitor};
use crate::error::{Category, Error, Result};
use crate::scan::{Scanner, Step, Text, Token};

/// Bounds that protect against hostile input. Going past one is a
/// [`Category::Limit`] error, never a crash or an unbounded allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of arrays and objects. Default 128.
    pub max_depth: u32,
    /// Longest string or number, in bytes as written in the input. Default 64 MiB.
    pub max_string_len: u64,
    /// Most bytes accepted in total. Default 1 GiB: a decoder that builds
    /// the whole value holds about that much. [`Limits::streaming`] (the
    /// default of [`ItemDecoder`](crate::ItemDecoder)) has no bound, since
    /// its memory does not grow with the input.
    pub max_input: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_string_len: 64 << 20,
            max_input: 1 << 30,
        }
    }
}

impl Limits {
    /// The defaults without a bound on total input, for item-by-item decoding.
    pub fn streaming() -> Self {
        Limits {
            max_input: u64::MAX,
            ..Limits::default()
        }
    }
}

/// One open container on the decoder's stack.
#[derive(Clone, Copy, Debug)]
struct Level {
    map: bool,
    /// Where this level's current key starts and ends in `keys`.
    key_start: u32,
    key_end: u32,
    /// Elements begun so far (arrays), for the path.
    count: u64,
    /// Offset, line and column of the current key, for `Map::key` errors.
    key_pos: (u64, u64, u64),
}

/// State shared by every `Decoder<T>`; split from the root place so the two
/// can be borrowed apart.
pub(crate) struct Core {
    pub(crate) scan: Scanner,
    levels: Vec<Level>,
    keys: String,
    failed: Option<Error>,
    limits: Limits,
    root_done: bool,
    /// A stream of top-level values (concatenated or newline-delimited).
    multi: bool,
}

/// The decoder's own buffers, kept per thread between decodes so that a
/// decode allocates only what its output owns (after the first in a thread).
#[derive(Default)]
struct Buffers {
    levels: Vec<Level>,
    keys: String,
    scratch: String,
}

thread_local! {
    static SPARE: std::cell::Cell<Option<Buffers>> = const { std::cell::Cell::new(None) };
}

impl Drop for Core {
    fn drop(&mut self) {
        // Keep small buffers only: one huge string must not stay cached.
        if self.keys.capacity() <= 4096
            && self.scan.scratch.capacity() <= 64 * 1024
            && self.levels.capacity() <= 256
        {
            let mut b = Buffers {
                levels: std::mem::take(&mut self.levels),
                keys: std::mem::take(&mut self.keys),
                scratch: std::mem::take(&mut self.scan.scratch),
            };
            b.levels.clear();
            b.keys.clear();
            b.scratch.clear();
            // `try_with`: the thread may be exiting.
            let _ = SPARE.try_with(|s| s.set(Some(b)));
        }
    }
}

/// Where the decoder stands, re-derived from the root after each close.
enum Frame<'a> {
    Root(&'a mut dyn Visitor),
    Map(&'a mut dyn Map),
    Seq(&'a mut dyn Seq),
    Done,
}

/// What one chunk of [`Core::run`] ended with.
pub(crate) enum Run {
    /// The chunk is used up.
    NeedMore,
    /// (Streams of values only.) A top-level value is complete after this
    /// many bytes of the chunk; take it, call `next_value`, feed the rest.
    ValueDone(usize),
}

#[cold]
fn lost() -> Error {
    Error::custom("decoder lost its place: a Map/Seq/Visitor impl does not implement resume")
}

impl Core {
    pub(crate) fn new(limits: Limits) -> Self {
        let spare = SPARE.with(|s| s.take()).unwrap_or_default();
        let mut scan = Scanner::new(limits.max_depth, limits.max_string_len);
        scan.scratch = spare.scratch;
        Core {
            scan,
            levels: spare.levels,
            keys: spare.keys,
            failed: None,
            limits,
            root_done: false,
            multi: false,
        }
    }

    /// A core for a stream of top-level values.
    pub(crate) fn new_multi(limits: Limits) -> Self {
        let mut core = Core::new(limits);
        core.multi = true;
        core
    }

    /// After `Run::ValueDone(used)`: expect the next top-level value.
    pub(crate) fn next_value(&mut self, used: usize) {
        self.root_done = false;
        self.scan.next_value(used);
    }

    /// End of a stream of values: `Ok(true)` if a last value completed now,
    /// `Ok(false)` if the stream ended cleanly between values.
    pub(crate) fn finish_stream(&mut self, root: &mut dyn Visitor) -> Result<bool> {
        self.check_failed()?;
        if !self.root_done && self.scan.between_values() {
            return Ok(false);
        }
        self.finish(root).map(|_| true)
    }

    /// Fail with an I/O error at the current position.
    #[cold]
    pub(crate) fn io_error(&mut self, e: &std::io::Error) -> Error {
        let (o, l, c) = self.scan.end_pos();
        let e = Error::io(e).at(o, l, c);
        self.fail(e)
    }

    /// The JSON path through the first `upto` levels. With `scanning`, the
    /// innermost level is described by where the scanner stands: no key while
    /// a key is expected, the next index while an array element is read.
    fn path_at(&self, upto: usize, scanning: bool) -> String {
        self.path_named(upto, scanning, None)
    }

    /// `last_key`: the innermost level's current key, when it is not in the buffer.
    fn path_named(&self, upto: usize, scanning: bool, last_key: Option<&str>) -> String {
        let mut p = String::new();
        let upto = upto.min(self.levels.len());
        for (i, l) in self.levels[..upto].iter().enumerate() {
            let last = scanning && i + 1 == upto;
            let named = if i + 1 == upto { last_key } else { None };
            if l.map {
                if (l.key_end > l.key_start || named.is_some()) && !(last && self.scan.in_key()) {
                    let k = named.unwrap_or(&self.keys[l.key_start as usize..l.key_end as usize]);
                    let plain = !k.is_empty()
                        && k.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                    if plain {
                        if !p.is_empty() {
                            p.push('.');
                        }
                        p.push_str(k);
                    } else {
                        p.push('[');
                        p.push_str(&format!("{:?}", crate::de::impls_truncate(k, 64)));
                        p.push(']');
                    }
                }
            } else {
                let started = if last && self.scan.in_value() {
                    l.count + 1
                } else {
                    l.count
                };
                if started > 0 {
                    p.push('[');
                    p.push_str(itoa::Buffer::new().format(started - 1));
                    p.push(']');
                }
            }
        }
        p
    }

    fn path(&self, upto: usize) -> String {
        self.path_at(upto, false)
    }

    /// A `Map::key` error: positioned at the key.
    #[cold]
    fn locate_key(&self, e: Error, depth: usize, k: Option<&str>) -> Error {
        let (o, l, c) = self.levels[depth - 1].key_pos;
        self.locate_named_opt(e.at(o, l, c), depth, k)
    }

    /// A value error where the innermost key is `k`.
    #[cold]
    fn locate_named(&self, e: Error, depth: usize, k: &str) -> Error {
        self.locate_named_opt(e, depth, Some(k))
    }

    #[cold]
    fn locate_named_opt(&self, e: Error, depth: usize, k: Option<&str>) -> Error {
        let e = if e.is_positioned() {
            e
        } else {
            let (o, l, c) = self.scan.token_pos();
            e.at(o, l, c)
        };
        e.with_path(&self.path_named(depth, false, k))
    }

    /// Give a visitor's error its position (the current token) and path.
    #[cold]
    fn locate(&self, e: Error, upto: usize) -> Error {
        let e = if e.is_positioned() {
            e
        } else {
            let (o, l, c) = self.scan.token_pos();
            e.at(o, l, c)
        };
        e.with_path(&self.path(upto))
    }

    #[cold]
    pub(crate) fn fail(&mut self, e: Error) -> Error {
        let e = if e.category() != Category::Io {
            e.with_path(&self.path_at(self.levels.len(), true))
        } else {
            e
        };
        self.failed = Some(e.clone());
        e
    }

    pub(crate) fn check_failed(&self) -> Result<()> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Feed a chunk.
    pub(crate) fn feed(&mut self, root: &mut dyn Visitor, chunk: &[u8]) -> Result<Run> {
        self.check_failed()?;
        let room = self.limits.max_input.saturating_sub(self.scan.consumed());
        let (chunk, over) = if chunk.len() as u64 > room {
            (&chunk[..room as usize], true)
        } else {
            (chunk, false)
        };
        let r = self.run(root, chunk);
        match r {
            Err(e) => Err(self.fail(e)),
            Ok(Run::NeedMore) if over => {
                let (o, l, c) = self.scan.end_pos();
                let e = Error::new(
                    Category::Limit,
                    format!(
                        "input longer than the limit of {} bytes",
                        self.limits.max_input
                    ),
                )
                .at(o, l, c);
                Err(self.fail(e))
            }
            Ok(r) => Ok(r),
        }
    }

    /// End of input: complete a pending top-level number, or report EOF.
    pub(crate) fn finish(&mut self, root: &mut dyn Visitor) -> Result<()> {
        self.check_failed()?;
        let r = (|| {
            if let Some(tok) = self.scan.finish()? {
                if self.root_done {
                    return Err(Error::custom("value after the end of the JSON value"));
                }
                scalar(root, tok, &self.scan).map_err(|e| self.locate(e, 0))?;
                self.root_done = true;
            }
            if !self.root_done {
                let (o, l, c) = self.scan.end_pos();
                return Err(Error::new(Category::Eof, "unexpected end of input").at(o, l, c));
            }
            Ok(())
        })();
        r.map_err(|e| self.fail(e))
    }

    fn run(&mut self, root: &mut dyn Visitor, input: &[u8]) -> Result<Run> {
        let mut pos = 0usize;
        'nav: loop {
            let mut frame = if self.levels.is_empty() {
                if self.root_done {
                    if self.multi {
                        return Ok(Run::ValueDone(pos));
                    }
                    Frame::Done
                } else {
                    Frame::Root(&mut *root)
                }
            } else {
                navigate(&mut *root, &self.levels)?
            };
            loop {
                let tok = match self.scan.next(input, &mut pos)? {
                    Step::NeedMore => return Ok(Run::NeedMore),
                    Step::Token(t) => t,
                };
                let depth = self.levels.len();
                match frame {
                    Frame::Done => {
                        return Err(Error::custom("token after the end of the JSON value"))
                    }
                    Frame::Root(v) => match tok {
                        Token::BeginObject => {
                            let m = v.map().map_err(|e| self.locate(e, 0))?;
                            self.push(true);
                            frame = Frame::Map(m);
                        }
                        Token::BeginArray => {
                            let s = v.seq().map_err(|e| self.locate(e, 0))?;
                            self.push(false);
                            frame = Frame::Seq(s);
                        }
                        _ => {
                            scalar(v, tok, &self.scan).map_err(|e| self.locate(e, 0))?;
                            self.root_done = true;
                            continue 'nav;
                        }
                    },
                    Frame::Map(m) => match tok {
                        Token::Key(t) => {
                            self.levels[depth - 1].key_pos = self.scan.token_pos();
                            // A key that is a slice of the chunk stays there: the
                            // buffer is needed only when its value is a container
                            // (for the paths of errors inside) or the chunk ends first.
                            let borrowed = match t {
                                Text::Input(k) => Some(k),
                                Text::Scratch => {
                                    store_key(
                                        &mut self.keys,
                                        &mut self.levels[depth - 1],
                                        &self.scan.scratch,
                                    );
                                    None
                                }
                            };
                            let vt = match self.scan.next(input, &mut pos) {
                                Ok(Step::Token(vt)) => vt,
                                other => {
                                    // The chunk ended (or the value is malformed): the
                                    // key must outlive this chunk, or name the error.
                                    if let Some(k) = borrowed {
                                        store_key(&mut self.keys, &mut self.levels[depth - 1], k);
                                    }
                                    other?;
                                    return Ok(Run::NeedMore);
                                }
                            };
                            if let Token::BeginObject | Token::BeginArray = vt {
                                if let Some(k) = borrowed {
                                    store_key(&mut self.keys, &mut self.levels[depth - 1], k);
                                }
                                match self.open_in_map(m, depth, vt)? {
                                    Some(child) => frame = child,
                                    None => continue 'nav,
                                }
                            } else {
                                let lvl = self.levels[depth - 1];
                                let k = match borrowed {
                                    Some(k) => k,
                                    None => {
                                        &self.keys[lvl.key_start as usize..lvl.key_end as usize]
                                    }
                                };
                                self.scalar_in_map(m, k, vt, depth)?;
                                frame = Frame::Map(m);
                            }
                        }
                        Token::EndObject => {
                            m.finish().map_err(|e| self.locate(e, depth - 1))?;
                            self.pop();
                            continue 'nav;
                        }
                        // The value of a key stored before the last chunk ended.
                        Token::BeginObject | Token::BeginArray => {
                            match self.open_in_map(m, depth, tok)? {
                                Some(child) => frame = child,
                                None => continue 'nav,
                            }
                        }
                        _ => {
                            let lvl = self.levels[depth - 1];
                            let k = &self.keys[lvl.key_start as usize..lvl.key_end as usize];
                            self.scalar_in_map(m, k, tok, depth)?;
                            frame = Frame::Map(m);
                        }
                    },
                    Frame::Seq(s) => match tok {
                        Token::EndArray => {
                            s.finish().map_err(|e| self.locate(e, depth - 1))?;
                            self.pop();
                            continue 'nav;
                        }
                        Token::BeginObject | Token::BeginArray => {
                            self.levels[depth - 1].count += 1;
                            let v = s.element().map_err(|e| self.locate(e, depth))?;
                            if matches!(tok, Token::BeginObject) {
                                let c = v.map().map_err(|e| self.locate(e, depth))?;
                                self.push(true);
                                frame = Frame::Map(c);
                            } else {
                                let c = v.seq().map_err(|e| self.locate(e, depth))?;
                                self.push(false);
                                frame = Frame::Seq(c);
                            }
                        }
                        _ => {
                            self.levels[depth - 1].count += 1;
                            let v = s.element().map_err(|e| self.locate(e, depth))?;
                            scalar(v, tok, &self.scan).map_err(|e| self.locate(e, depth))?;
                            frame = Frame::Seq(s);
                        }
                    },
                }
            }
        }
    }

    /// A container opens as the value of the key stored in the buffer:
    /// the child frame, or `None` if the key is skipped.
    #[inline(always)]
    fn open_in_map<'a>(
        &mut self,
        m: &'a mut dyn Map,
        depth: usize,
        tok: Token<'_>,
    ) -> Result<Option<Frame<'a>>> {
        let lvl = self.levels[depth - 1];
        let k = &self.keys[lvl.key_start as usize..lvl.key_end as usize];
        let Some(v) = m.key(k).map_err(|e| self.locate_key(e, depth, None))? else {
            self.scan.skip_open_container();
            return Ok(None);
        };
        Ok(Some(if let Token::BeginObject = tok {
            let c = v.map().map_err(|e| self.locate(e, depth))?;
            self.push(true);
            Frame::Map(c)
        } else {
            let c = v.seq().map_err(|e| self.locate(e, depth))?;
            self.push(false);
            Frame::Seq(c)
        }))
    }

    /// A scalar value of key `k` (which may not be in the buffer).
    #[inline(always)]
    fn scalar_in_map(&self, m: &mut dyn Map, k: &str, tok: Token<'_>, depth: usize) -> Result<()> {
        if let Some(v) = m.key(k).map_err(|e| self.locate_key(e, depth, Some(k)))? {
            scalar(v, tok, &self.scan).map_err(|e| self.locate_named(e, depth, k))?;
        }
        Ok(())
    }

    #[inline]
    fn push(&mut self, map: bool) {
        let start = self.levels.last().map_or(0, |l| l.key_end);
        self.levels.push(Level {
            map,
            key_start: start,
            key_end: start,
            count: 0,
            key_pos: (0, 0, 0),
        });
    }

    #[inline]
    fn pop(&mut self) {
        self.levels.pop();
        if self.levels.is_empty() {
            self.root_done = true;
        }
    }
}

/// Keep `k` as the current key of `lvl` (for later values and error paths).
#[inline]
fn store_key(keys: &mut String, lvl: &mut Level, k: &str) {
    keys.truncate(lvl.key_start as usize);
    keys.push_str(k);
    lvl.key_end = keys.len() as u32;
}

/// Walk from the root to the innermost open container.
fn navigate<'a>(root: &'a mut dyn Visitor, levels: &[Level]) -> Result<Frame<'a>> {
    let mut v = root;
    let last = levels.len() - 1;
    for (i, l) in levels.iter().enumerate() {
        if l.map {
            let m = v.resume_map().ok_or_else(lost)?;
            if i == last {
                return Ok(Frame::Map(m));
            }
            v = m.resume().ok_or_else(lost)?;
        } else {
            let s = v.resume_seq().ok_or_else(lost)?;
            if i == last {
                return Ok(Frame::Seq(s));
            }
            v = s.resume().ok_or_else(lost)?;
        }
    }
    Err(lost())
}

#[inline]
fn scalar(v: &mut dyn Visitor, tok: Token<'_>, scan: &Scanner) -> Result<()> {
    match tok {
        Token::Null => v.null(),
        Token::Bool(b) => v.boolean(b),
        Token::Str(t) => v.string(scan.text(t)),
        Token::U64(n) => v.nonnegative(n),
        Token::I64(n) => v.negative(n),
        Token::F64(n) => v.float(n),
        Token::Key(_)
        | Token::BeginObject
        | Token::BeginArray
        | Token::EndObject
        | Token::EndArray => Err(Error::custom(
            "structural token where a scalar was expected",
        )),
    }
}

/// A push decoder: feed it chunks of any size, split at any byte, then call
/// [`finish`](Decoder::finish).
///
/// ```
/// let mut d = streamde::Decoder::<Vec<u32>>::new();
/// for chunk in [&b"[1, 2"[..], b"3, 4", b"]"] {
///     d.feed(chunk)?;
/// }
/// assert_eq!(d.finish()?, vec![1, 23, 4]);
/// # Ok::<(), streamde::Error>(())
/// ```
pub struct Decoder<T: Deserialize> {
    place: T::Place,
    core: Core,
}

impl<T: Deserialize> Default for Decoder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Deserialize> Decoder<T> {
    /// A decoder with the default [`Limits`].
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Decoder {
            place: T::Place::default(),
            core: Core::new(limits),
        }
    }

    /// Feed the next chunk (any size, empty too). Returns an error as soon as
    /// the input cannot be valid or does not fit `T`; after an error every
    /// call returns the same error.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        self.core.feed(&mut self.place, chunk).map(|_| ())
    }

    /// The input has ended: return the value, or why there is none.
    pub fn finish(mut self) -> Result<T> {
        self.core.finish(&mut self.place)?;
        self.place
            .take()
            .ok_or_else(|| Error::custom("the decoded value was not produced"))
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.core.scan.consumed()
    }

    /// Fail with an I/O error at the current position.
    pub(crate) fn io_error(&mut self, e: &std::io::Error) -> Error {
        self.core.io_error(e)
    }
}

/// A decoder that drives a visitor the caller owns, for types that are not
/// [`Deserialize`] or for callers that keep their own output (a `Decoder<T>`
/// is this plus a `T::Place`). Pass the same visitor to every call.
pub struct RawDecoder {
    core: Core,
}

impl RawDecoder {
    /// A decoder with the given limits.
    pub fn new(limits: Limits) -> Self {
        RawDecoder {
            core: Core::new(limits),
        }
    }

    /// Feed the next chunk to `root`.
    pub fn feed(&mut self, root: &mut dyn Visitor, chunk: &[u8]) -> Result<()> {
        self.core.feed(root, chunk).map(|_| ())
    }

    /// The input has ended.
    pub fn finish(&mut self, root: &mut dyn Visitor) -> Result<()> {
        self.core.finish(root)
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.core.scan.consumed()
    }
}

//! The driver: feeds scanner tokens to visitors.
//!
//! Maintainer note. The decoder owns the root place; every nested builder
//! lives inline inside it. Nothing holds a borrow across `feed` calls, so at
//! the start of each chunk (and after each closing bracket) the driver
//! re-enters the innermost open container from the root with the `resume*`
//! methods ([`Driver::enter`]). The walk stops early at a *flat* visitor
//! ([`Visitor::flat`]: `Value`, `Ignore`), which keeps all deeper levels on
//! its own explicit stack, so a deep `Value` or a skipped value costs the
//! same per closing bracket at any depth. Within a chunk the driver descends
//! by moving a `&mut` down the tree: no recursion, no `unsafe`, no allocation
//! per object.
//!
//! One code path for an object member ([`Driver::member`]): the key is
//! recorded, `Map::key` is asked for the value's visitor *before* the value is
//! scanned, and a skipped value (`None`) is then consumed by the scanner
//! without copying or converting anything.
//!
//! Keys and paths. A level's current key is recorded where it already is: a
//! slice of the chunk (`Key::Input`, no copy) or, for escaped keys and keys
//! cut by a chunk boundary, the key buffer (`Key::Kept`). When a chunk ends,
//! [`Driver::keep_keys`] copies the slices into the buffer, so the next chunk
//! sees the same keys. Error paths are built from this state by the one
//! [`Driver::locate`], which is why they do not depend on the chunking.

use crate::de::fast::{At, Cursor, Fast, Key, Level};
use crate::de::{Enter, Map, Seq, Visitor};
use crate::error::{truncate, Category, Error, ErrorCode, Result};
use crate::limits::Limits;
use crate::scan::{Expect, Scanner, Step, Text, Token};

/// The root of a decode: a visitor, and its fast path when its type is known.
pub(crate) trait Root {
    fn visitor(&mut self) -> &mut dyn Visitor;
    fn fast_value(&mut self, c: &mut Cursor<'_>) -> Fast;
    fn fast_resume_value(&mut self, c: &mut Cursor<'_>) -> Fast;
}

impl<T: Visitor> Root for T {
    #[inline]
    fn visitor(&mut self) -> &mut dyn Visitor {
        self
    }
    #[inline]
    fn fast_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.fast(c)
    }
    #[inline]
    fn fast_resume_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.fast_resume(c)
    }
}

impl Root for dyn Visitor + '_ {
    fn visitor(&mut self) -> &mut dyn Visitor {
        self
    }
    fn fast_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.fast(c)
    }
    fn fast_resume_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.fast_resume(c)
    }
}

/// How the machine's part of a chunk ended.
enum Ctl {
    Run(Run),
    /// The fast path can take over again.
    HandBack,
}

/// The driver state of every decoder; split from the root place so the two
/// can be borrowed apart.
pub(crate) struct Driver {
    pub(crate) scan: Scanner,
    levels: Vec<Level>,
    /// The kept keys, a stack of regions: level `i` owns
    /// `keys[levels[i].base..levels[i + 1].base]` (to the end for the last),
    /// where its `Key::Kept` key lies, if it has one.
    keys: Vec<u8>,
    /// Room for [`Driver::rebuild_keys`].
    keys_spare: Vec<u8>,
    /// Some level's key is a `Key::Input`.
    input_keys: bool,
    /// The outermost level that may have a `Key::Input` (`usize::MAX`: none).
    first_input_key: usize,
    /// The outermost level opened by a flat visitor ([`Visitor::flat`]: it
    /// re-enters that level and every deeper one itself); `usize::MAX`: none.
    flat_from: usize,
    failed: Option<Error>,
    limits: Limits,
    /// The fast path runs (typed decoders, unless forced off).
    pub(crate) fast_on: bool,
    /// Fewest bytes left in a chunk for the fast path to re-enter.
    pub(crate) fast_min: usize,
    /// The fast path could not resume this level: the machine keeps it
    /// until it closes (`usize::MAX`: none).
    blocked_at: usize,
    /// Room for the levels the fast path records.
    spare_levels: Vec<Level>,
    /// The fast path's buffer for unescaped strings.
    fast_scratch: String,
    root_done: bool,
    finished: bool,
    /// A stream of top-level values (concatenated or newline-delimited).
    multi: bool,
    /// (Streams of values.) The last top-level value was a number, `true`,
    /// `false` or `null`, which do not delimit themselves.
    root_open_ended: bool,
    /// (Streams of values.) The next byte must separate the value before it
    /// from the next: whitespace, a string, or a structural character.
    sep_needed: bool,
}

/// The decoder's own buffers, kept per thread between decodes so that a
/// decode allocates only what its output owns (after the first in a thread).
#[derive(Default)]
struct Buffers {
    levels: Vec<Level>,
    spare_levels: Vec<Level>,
    keys: Vec<u8>,
    keys_spare: Vec<u8>,
    scratch: String,
    fast_scratch: String,
}

thread_local! {
    static SPARE: std::cell::Cell<Option<Buffers>> = const { std::cell::Cell::new(None) };
}

/// Largest buffers kept for the next decode: one huge string must not stay
/// cached, but a long key or a 100 kB string should not allocate every time.
const KEEP_KEYS: usize = 64 << 10;
const KEEP_SCRATCH: usize = 1 << 20;
const KEEP_LEVELS: usize = 256;

impl Drop for Driver {
    fn drop(&mut self) {
        if self.keys.capacity() <= KEEP_KEYS
            && self.keys_spare.capacity() <= KEEP_KEYS
            && self.scan.scratch.capacity() <= KEEP_SCRATCH
            && self.fast_scratch.capacity() <= KEEP_SCRATCH
            && self.levels.capacity() <= KEEP_LEVELS
            && self.spare_levels.capacity() <= KEEP_LEVELS
        {
            let mut b = Buffers {
                levels: std::mem::take(&mut self.levels),
                spare_levels: std::mem::take(&mut self.spare_levels),
                keys: std::mem::take(&mut self.keys),
                keys_spare: std::mem::take(&mut self.keys_spare),
                scratch: std::mem::take(&mut self.scan.scratch),
                fast_scratch: std::mem::take(&mut self.fast_scratch),
            };
            b.levels.clear();
            b.spare_levels.clear();
            b.keys.clear();
            b.keys_spare.clear();
            b.scratch.clear();
            b.fast_scratch.clear();
            // `try_with`: the thread may be exiting.
            let _ = SPARE.try_with(|s| s.set(Some(b)));
        }
    }
}

/// Where the driver stands.
enum Frame<'a> {
    Root(&'a mut dyn Visitor),
    Map(&'a mut dyn Map),
    Seq(&'a mut dyn Seq),
    /// The top-level value is complete.
    Done,
}

/// What one chunk of [`Driver::run`] ended with.
pub(crate) enum Run {
    /// The chunk is used up.
    NeedMore,
    /// (Streams of values only.) A top-level value is complete after this
    /// many bytes of the chunk; take it, call `next_value`, feed the rest.
    ValueDone(usize),
}

/// Fewest bytes left in a chunk for the fast path to re-enter (measured:
/// at 64-byte chunks, re-entering costs more than it saves).
pub(crate) const FAST_MIN: usize = 256;

#[cold]
fn lost() -> Error {
    Error::code(ErrorCode::Lost)
}

impl Driver {
    pub(crate) fn new(limits: Limits) -> Self {
        // During thread teardown the cache is gone: start with empty buffers.
        let spare = SPARE
            .try_with(|s| s.take())
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut scan = Scanner::new(limits.max_depth, limits.max_string_len);
        scan.scratch = spare.scratch;
        let (mut levels, mut spare_levels) = (spare.levels, spare.spare_levels);
        // The two level buffers trade places as the fast path stops; both
        // start with room for typical depths (once per thread: they are
        // kept), so neither allocates in a warm decode.
        levels.reserve(16);
        spare_levels.reserve(16);
        Driver {
            scan,
            levels,
            keys: spare.keys,
            keys_spare: spare.keys_spare,
            input_keys: false,
            first_input_key: usize::MAX,
            flat_from: usize::MAX,
            failed: None,
            limits,
            fast_on: false,
            fast_min: FAST_MIN,
            blocked_at: usize::MAX,
            spare_levels,
            fast_scratch: spare.fast_scratch,
            root_done: false,
            finished: false,
            multi: false,
            root_open_ended: false,
            sep_needed: false,
        }
    }

    /// A driver for a stream of top-level values.
    pub(crate) fn new_multi(limits: Limits) -> Self {
        let mut d = Driver::new(limits);
        d.multi = true;
        d
    }

    /// After `Run::ValueDone(used)`: expect the next top-level value.
    pub(crate) fn next_value(&mut self, used: usize) {
        self.root_done = false;
        self.sep_needed = self.root_open_ended;
        self.scan.next_value(used);
    }

    /// (Streams of values.) Whether the value just completed was a number or
    /// literal whose separator is still to be checked.
    pub(crate) fn separator_pending(&self) -> bool {
        self.sep_needed
    }

    /// (Streams of values.) A number or literal must be followed by
    /// whitespace, a structural character, a string or the end, as
    /// serde_json's stream reader requires: `1true` is one malformed token,
    /// not two values. `rest` starts just after the value (after
    /// `next_value`); an empty `rest` leaves the check for the next chunk.
    pub(crate) fn check_separator(&mut self, rest: &[u8]) -> Result<()> {
        self.check_failed()?;
        let Some(&b) = rest.first() else {
            return Ok(());
        };
        self.sep_needed = false;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':' => Ok(()),
            _ => {
                let e = Error::code_at(ErrorCode::TrailingCharacters, self.scan.end_pos());
                Err(self.fail(e, &[]))
            }
        }
    }

    /// End of a stream of values: `Ok(true)` if a last value completed now,
    /// `Ok(false)` if the stream ended cleanly between values.
    pub(crate) fn finish_stream(&mut self, root: &mut dyn Visitor) -> Result<bool> {
        self.check_failed()?;
        if !self.root_done && self.scan.at_start() {
            self.finished = true;
            return Ok(false);
        }
        self.finish(root).map(|_| true)
    }

    /// Fail with an I/O error at the point the input has reached.
    #[cold]
    pub(crate) fn io_error(&mut self, e: &std::io::Error) -> Error {
        self.input_failed(Error::io(e))
    }

    /// Fail with `e`, an error of the input itself, at the point the input
    /// has reached.
    #[cold]
    pub(crate) fn input_failed(&mut self, e: Error) -> Error {
        let e = e.at(self.scan.end_pos());
        self.failed = Some(e.clone());
        e
    }

    /// The JSON path of the value being read, or just ended: every level's
    /// current key or index. The innermost level is read from the scanner's
    /// state: no key while a key is expected, the next index while an array
    /// element is expected, and always the current member while the scanner is
    /// deeper than the driver (inside a skipped value, or a container whose
    /// visitor refused it).
    fn path(&self, input: &[u8]) -> String {
        let n = self.levels.len();
        let inside = self.scan.depth() as usize > n;
        let mut p = String::new();
        for (i, l) in self.levels.iter().enumerate() {
            let last = i + 1 == n;
            if l.map {
                if !last || inside || !self.scan.in_key() {
                    let k = match l.key {
                        Key::None => continue,
                        Key::Input { start, end } => std::str::from_utf8(&input[start..end]),
                        Key::Kept { start, end } => std::str::from_utf8(&self.keys[start..end]),
                    };
                    push_key(&mut p, k.unwrap_or_default());
                }
            } else {
                let started = if last && !inside && self.scan.in_value() {
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

    /// The path of the innermost open container (every level's key or
    /// index but the innermost's own).
    fn container_path(&self, input: &[u8]) -> String {
        let n = self.levels.len().saturating_sub(1);
        let mut p = String::new();
        for l in &self.levels[..n] {
            if l.map {
                let k = match l.key {
                    Key::None => continue,
                    Key::Input { start, end } => std::str::from_utf8(&input[start..end]),
                    Key::Kept { start, end } => std::str::from_utf8(&self.keys[start..end]),
                };
                push_key(&mut p, k.unwrap_or_default());
            } else if l.count > 0 {
                p.push('[');
                p.push_str(itoa::Buffer::new().format(l.count - 1));
                p.push(']');
            }
        }
        p
    }

    /// The one place an error gets its location: the start of the current
    /// token unless it has a position, and the current path unless it has one
    /// (the first position and path attached win, see `crate::error`). A
    /// path relative to a container ([`Error::within`]) gets that
    /// container's path in front.
    #[cold]
    fn locate(&self, e: Error, input: &[u8]) -> Error {
        let e = e.at(self.scan.token_pos());
        if e.category() == Category::Io {
            return e;
        }
        if e.is_relative() {
            // After a close the container is the value just ended.
            let base = if e.is_closing() {
                self.path(input)
            } else {
                self.container_path(input)
            };
            return e.rebase(&base);
        }
        e.with_path(|| self.path(input))
    }

    /// Locate `e` and make every later call fail with it.
    #[cold]
    fn fail(&mut self, e: Error, input: &[u8]) -> Error {
        let e = self.locate(e, input);
        self.failed = Some(e.clone());
        e
    }

    #[inline]
    pub(crate) fn check_failed(&self) -> Result<()> {
        match &self.failed {
            Some(e) => Err(self.failed_again(e)),
            None => Ok(()),
        }
    }

    #[cold]
    fn failed_again(&self, e: &Error) -> Error {
        e.clone()
    }

    /// Feed a chunk.
    pub(crate) fn feed<R: Root + ?Sized>(&mut self, root: &mut R, chunk: &[u8]) -> Result<Run> {
        self.check_failed()?;
        if self.finished {
            return Err(self.after_finish());
        }
        let _held = crate::limits::HeldScope::new(self.limits.max_held);
        let room = self.limits.max_input.saturating_sub(self.scan.consumed());
        let (chunk, over) = if chunk.len() as u64 > room {
            (&chunk[..room as usize], true)
        } else {
            (chunk, false)
        };
        match self.run(root, chunk) {
            Err(e) => Err(self.fail(e, chunk)),
            Ok(r) => {
                self.keep_keys(chunk);
                if over && matches!(r, Run::NeedMore) {
                    let code = ErrorCode::InputLimit(self.limits.max_input);
                    let e = Error::code_at(code, self.scan.end_pos());
                    return Err(self.fail(e, &[]));
                }
                Ok(r)
            }
        }
    }

    #[cold]
    fn after_finish(&mut self) -> Error {
        let e = Error::code_at(ErrorCode::InputAfterFinish, self.scan.end_pos());
        self.fail(e, &[])
    }

    /// End of input: complete a pending top-level number, or report EOF.
    /// Calling it again returns the same result.
    pub(crate) fn finish(&mut self, root: &mut dyn Visitor) -> Result<()> {
        self.check_failed()?;
        if self.finished {
            return Ok(());
        }
        let _held = crate::limits::HeldScope::new(self.limits.max_held);
        let r = match self.scan.finish() {
            Ok(Some(tok)) => self.scalar(root, tok).map(|()| self.root_done = true),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        let r = r.and_then(|()| match self.root_done {
            true => Ok(()),
            false => Err(Error::code_at(ErrorCode::Eof, self.scan.end_pos())),
        });
        self.finished = true;
        r.map_err(|e| self.fail(e, &[]))
    }

    /// Copy the keys that are slices of `input` into the key buffer, before
    /// `input` goes away. Every level from the outermost one that got a key
    /// in this chunk was opened in this chunk too, so their regions are
    /// rebuilt at the end of the buffer; usually that is just the innermost
    /// level.
    #[inline]
    fn keep_keys(&mut self, input: &[u8]) {
        if !std::mem::take(&mut self.input_keys) {
            return;
        }
        let n = self.levels.len();
        let first = std::mem::replace(&mut self.first_input_key, usize::MAX);
        if first + 1 == n {
            let l = &mut self.levels[first];
            if let Key::Input { start, end } = l.key {
                self.keys.truncate(l.base);
                self.keys.extend_from_slice(&input[start..end]);
                l.key = Key::Kept {
                    start: l.base,
                    end: self.keys.len(),
                };
            }
        } else if first < n {
            self.rebuild_keys(first, input);
        }
    }

    #[inline(never)]
    fn rebuild_keys(&mut self, first: usize, input: &[u8]) {
        let levels = &mut self.levels[first..];
        if !levels.iter().any(|l| matches!(l.key, Key::Kept { .. })) {
            // Every key is in `input`, deeper keys later. When they lie close
            // together, copy the span from the first to the last in one go
            // and point into it (the bytes between them are never read).
            let base = levels[0].base;
            let (mut lo, mut hi) = (usize::MAX, 0);
            for l in levels.iter() {
                if let Key::Input { start, end } = l.key {
                    lo = lo.min(start);
                    hi = hi.max(end);
                }
            }
            if lo <= hi && hi - lo <= 256 {
                self.keys.truncate(base);
                self.keys.extend_from_slice(&input[lo..hi]);
                let mut cursor = base;
                for l in levels {
                    l.base = cursor;
                    if let Key::Input { start, end } = l.key {
                        cursor = base + (end - lo);
                        l.key = Key::Kept {
                            start: base + (start - lo),
                            end: cursor,
                        };
                    }
                }
                return;
            }
            self.keys.truncate(base);
            for l in levels {
                l.base = self.keys.len();
                if let Key::Input { start, end } = l.key {
                    self.keys.extend_from_slice(&input[start..end]);
                    l.key = Key::Kept {
                        start: l.base,
                        end: self.keys.len(),
                    };
                }
            }
            return;
        }
        let mut tmp = std::mem::take(&mut self.keys_spare);
        tmp.clear();
        let base = self.levels[first].base;
        for l in &mut self.levels[first..] {
            let at = base + tmp.len();
            l.base = at;
            match l.key {
                Key::None => continue,
                Key::Input { start, end } => tmp.extend_from_slice(&input[start..end]),
                Key::Kept { start, end } => tmp.extend_from_slice(&self.keys[start..end]),
            }
            l.key = Key::Kept {
                start: at,
                end: base + tmp.len(),
            };
        }
        self.keys.truncate(base);
        self.keys.extend_from_slice(&tmp);
        self.keys_spare = tmp;
    }

    /// Re-enter the innermost open container from `root`: walk down to it,
    /// or only to the first level a flat visitor opened.
    fn enter<'a>(&self, root: &'a mut dyn Visitor) -> Result<Frame<'a>> {
        let Some(last) = self.levels.last() else {
            return Ok(if self.root_done {
                Frame::Done
            } else {
                Frame::Root(root)
            });
        };
        let stop = self.flat_from.min(self.levels.len() - 1);
        let mut v = root;
        for l in &self.levels[..stop] {
            v = if l.map {
                v.map(Enter::Resume)?.resume()
            } else {
                v.seq(Enter::Resume)?.resume()
            }
            .ok_or_else(lost)?;
        }
        Ok(if last.map {
            Frame::Map(v.map(Enter::Resume)?)
        } else {
            Frame::Seq(v.seq(Enter::Resume)?)
        })
    }

    /// One chunk: the fast path whenever it can run, the machine for the
    /// rest (a cut token, a value the fast path leaves, an error).
    fn run<R: Root + ?Sized>(&mut self, root: &mut R, input: &[u8]) -> Result<Run> {
        let mut pos = 0usize;
        loop {
            if self.fast_ready() && self.worth_entering(input.len() - pos) {
                self.fast(root, input, &mut pos)?;
            }
            match self.machine(root.visitor(), input, &mut pos)? {
                Ctl::Run(r) => return Ok(r),
                Ctl::HandBack => {}
            }
        }
    }

    /// Whether the fast path can take over here.
    #[inline]
    fn fast_ready(&self) -> bool {
        self.fast_on
            && !self.multi
            && !self.root_done
            && self.flat_from == usize::MAX
            && self.levels.len() <= self.blocked_at
            && self.scan.between_tokens()
    }

    /// Whether `left` bytes are worth a re-entry: the walk down the open
    /// levels and the hand-over back at the chunk's end cost more than the
    /// machine reading a few bytes (as `inflate` calls `inflate_fast` only
    /// with enough input in hand). The start of a document always enters.
    #[inline]
    fn worth_entering(&self, left: usize) -> bool {
        left >= self.fast_min || self.levels.is_empty()
    }

    /// Run the fast path from `*pos`: from the root value, or down the open
    /// levels. Where it stops, install its state in the machine.
    #[inline(never)]
    fn fast<R: Root + ?Sized>(
        &mut self,
        root: &mut R,
        input: &[u8],
        pos: &mut usize,
    ) -> Result<()> {
        let (max_depth, max_str) = self.scan.limits();
        let (line, line_start) = self.scan.lines();
        let resume_at = match self.scan.expect() {
            Expect::Value => At::Value,
            Expect::ValueOrEnd => At::ValueOrEnd,
            Expect::KeyOrEnd => At::KeyOrEnd,
            Expect::Key => At::Key,
            Expect::Colon => At::Colon,
            Expect::CommaOrEnd | Expect::Done => At::After,
        };
        self.blocked_at = usize::MAX;
        let mut c = Cursor {
            input,
            pos: *pos,
            base: self.scan.consumed(),
            line,
            line_start,
            depth: 0,
            max_depth,
            max_str,
            scratch: std::mem::take(&mut self.fast_scratch),
            recs: std::mem::take(&mut self.spare_levels),
            at: At::After,
            error: None,
            resume: std::mem::take(&mut self.levels),
            resume_at,
            stuck: None,
        };
        let r = if c.resume.is_empty() {
            c.skip_ws();
            root.fast_value(&mut c)
        } else {
            root.fast_resume_value(&mut c)
        };
        *pos = c.pos;
        let Cursor {
            scratch,
            recs: mut levels,
            at,
            error,
            resume: mut old,
            stuck,
            line,
            line_start,
            base,
            ..
        } = c;
        self.fast_scratch = scratch;
        let expect = match r {
            Ok(()) => {
                levels.clear();
                self.root_done = true;
                Expect::Done
            }
            Err(_) => {
                levels.reverse();
                if let Some(k) = stuck {
                    levels.extend_from_slice(&old[k..]);
                    self.blocked_at = k;
                    self.scan.expect()
                } else {
                    match at {
                        At::Start | At::Value | At::Skip => Expect::Value,
                        At::ValueOrEnd => Expect::ValueOrEnd,
                        At::KeyOrEnd => Expect::KeyOrEnd,
                        At::Key => Expect::Key,
                        At::Colon => Expect::Colon,
                        At::After if levels.is_empty() => Expect::Done,
                        At::After => Expect::CommaOrEnd,
                    }
                }
            }
        };
        if levels.capacity() < old.capacity() {
            // Keep the larger buffer as the levels, so that the two never
            // trade places and allocate in turn.
            old.clear();
            old.extend_from_slice(&levels);
            std::mem::swap(&mut levels, &mut old);
        }
        let tok = error.as_ref().map_or(*pos, |e| e.1);
        self.scan.install(
            levels.iter().map(|l| l.map),
            expect,
            (line, line_start),
            base + tok as u64,
        );
        old.clear();
        self.spare_levels = old;
        self.levels = levels;
        // Every level's key is a slice of `input` or in the key buffer:
        // rebuild the buffer as at a chunk's end.
        self.input_keys = false;
        self.first_input_key = usize::MAX;
        if self.levels.is_empty() {
            self.keys.clear();
        } else {
            self.rebuild_keys(0, input);
        }
        if at == At::Skip && stuck.is_none() {
            self.scan.skip_value();
        }
        match error {
            Some((e, _)) => Err(e),
            None => Ok(()),
        }
    }

    /// The resumable machine, from `*pos`, until the chunk is used up or the
    /// fast path can take over.
    fn machine(&mut self, root: &mut dyn Visitor, input: &[u8], pos: &mut usize) -> Result<Ctl> {
        let mut progressed = false;
        'nav: loop {
            if self.multi && self.root_done && self.levels.is_empty() {
                return Ok(Ctl::Run(Run::ValueDone(*pos)));
            }
            let mut frame = self.enter(&mut *root)?;
            loop {
                if progressed
                    && input.len() - *pos >= self.fast_min
                    && self.fast_on
                    && self.fast_ready()
                {
                    return Ok(Ctl::HandBack);
                }
                let tok = match self.scan.next(input, pos)? {
                    Step::NeedMore => return Ok(Ctl::Run(Run::NeedMore)),
                    Step::Token(t) => t,
                };
                progressed = true;
                frame = match frame {
                    // The scanner rejects anything after the top-level value.
                    Frame::Done => unreachable!("token after the end of the value"),
                    Frame::Root(v) => match tok {
                        Token::BeginObject | Token::BeginArray => {
                            self.root_open_ended = false;
                            self.open(v, tok)?
                        }
                        _ => {
                            self.root_open_ended = !matches!(tok, Token::Str(_));
                            self.scalar(v, tok)?;
                            self.root_done = true;
                            continue 'nav;
                        }
                    },
                    Frame::Map(m) => match tok {
                        Token::Key(k) => match self.member(m, k, input, pos)? {
                            Some(f) => f,
                            None => return Ok(Ctl::Run(Run::NeedMore)),
                        },
                        Token::EndObject => {
                            self.pop();
                            m.finish().map_err(Error::closing)?;
                            continue 'nav;
                        }
                        // The value of a key read before the last chunk ended.
                        _ => {
                            let lvl = self.levels.len() - 1;
                            debug_assert!(self.levels[lvl].pending, "value without a key");
                            self.levels[lvl].pending = false;
                            if self.levels[lvl].positions {
                                let at = self.scan.token_pos();
                                m.resume().ok_or_else(lost)?.value_at(at);
                            }
                            if let Token::BeginObject | Token::BeginArray = tok {
                                let v = m.resume().ok_or_else(lost)?;
                                self.open(v, tok)?
                            } else {
                                self.scalar(m.resume().ok_or_else(lost)?, tok)?;
                                Frame::Map(m)
                            }
                        }
                    },
                    Frame::Seq(s) => match tok {
                        Token::EndArray => {
                            self.pop();
                            s.finish().map_err(Error::closing)?;
                            continue 'nav;
                        }
                        Token::BeginObject | Token::BeginArray => {
                            let positions = self.begin_element();
                            let v = s.element()?;
                            if positions {
                                v.value_at(self.scan.token_pos());
                            }
                            self.open(v, tok)?
                        }
                        _ => {
                            let positions = self.begin_element();
                            let v = s.element()?;
                            if positions {
                                v.value_at(self.scan.token_pos());
                            }
                            self.scalar(v, tok)?;
                            Frame::Seq(s)
                        }
                    },
                };
            }
        }
    }

    /// One object member, from its key: record the key, ask the map for the
    /// value's visitor, then read the value (or have the scanner skip it).
    /// `None`: the chunk ended before the value began.
    #[inline(always)]
    fn member<'a>(
        &mut self,
        m: &'a mut dyn Map,
        key: Text<'_>,
        input: &[u8],
        pos: &mut usize,
    ) -> Result<Option<Frame<'a>>> {
        self.set_key(key, input);
        if self.levels[self.levels.len() - 1].positions {
            m.key_at(self.scan.token_pos());
        }
        let Some(v) = m.key(self.scan.text(key))? else {
            self.scan.skip_value();
            return Ok(Some(Frame::Map(m)));
        };
        let tok = match self.scan.next(input, pos)? {
            Step::Token(t) => t,
            Step::NeedMore => {
                let lvl = self.levels.len() - 1;
                self.levels[lvl].pending = true;
                return Ok(None);
            }
        };
        if self.levels[self.levels.len() - 1].positions {
            v.value_at(self.scan.token_pos());
        }
        if let Token::BeginObject | Token::BeginArray = tok {
            let v = m.resume().ok_or_else(lost)?;
            return self.open(v, tok).map(Some);
        }
        self.scalar(v, tok)?;
        Ok(Some(Frame::Map(m)))
    }

    /// Record the innermost level's new key.
    #[inline(always)]
    fn set_key(&mut self, key: Text<'_>, input: &[u8]) {
        let lvl = self.levels.len() - 1;
        let l = &mut self.levels[lvl];
        match key {
            Text::Input(k) => {
                let start = k.as_ptr() as usize - input.as_ptr() as usize;
                l.key = Key::Input {
                    start,
                    end: start + k.len(),
                };
                self.input_keys = true;
                self.first_input_key = self.first_input_key.min(lvl);
            }
            Text::Scratch => {
                // The innermost level's region is the end of the buffer.
                self.keys.truncate(l.base);
                self.keys.extend_from_slice(self.scan.scratch.as_bytes());
                l.key = Key::Kept {
                    start: l.base,
                    end: self.keys.len(),
                };
            }
        }
    }

    /// A container opens as the value `v`.
    #[inline(always)]
    fn open<'a>(&mut self, v: &'a mut dyn Visitor, tok: Token<'_>) -> Result<Frame<'a>> {
        let flat = self.flat_from == usize::MAX && v.flat();
        let positions = v.wants_positions();
        let frame = if let Token::BeginObject = tok {
            Frame::Map(v.map(Enter::Open)?)
        } else {
            Frame::Seq(v.seq(Enter::Open)?)
        };
        self.levels.push(Level {
            map: matches!(tok, Token::BeginObject),
            key: Key::None,
            base: self.keys.len(),
            count: 0,
            pending: false,
            positions,
        });
        if flat {
            self.flat_from = self.levels.len() - 1;
        }
        Ok(frame)
    }

    /// An element begins; whether its array wants its position.
    #[inline(always)]
    fn begin_element(&mut self) -> bool {
        let lvl = self.levels.len() - 1;
        self.levels[lvl].count += 1;
        self.levels[lvl].positions
    }

    /// The innermost container closed.
    #[inline]
    fn pop(&mut self) {
        if let Some(l) = self.levels.pop() {
            // Its region of the key buffer is free again.
            self.keys.truncate(l.base);
        }
        if self.flat_from == self.levels.len() {
            self.flat_from = usize::MAX;
        }
        if self.levels.is_empty() {
            self.root_done = true;
        }
    }

    #[inline(always)]
    fn scalar(&self, v: &mut dyn Visitor, tok: Token<'_>) -> Result<()> {
        match tok {
            Token::Null => v.null(),
            Token::Bool(b) => v.boolean(b),
            Token::Str(t) => v.string(self.scan.text(t)),
            Token::U64(n) => v.nonnegative(n),
            Token::I64(n) => v.negative(n),
            Token::Number(t) => v.number(self.scan.text(t)),
            Token::Key(_)
            | Token::BeginObject
            | Token::BeginArray
            | Token::EndObject
            | Token::EndArray => unreachable!("containers and keys are routed by the caller"),
        }
    }
}

/// Append one key to a path: `.key` for plain keys, `["..."]` for the rest
/// (empty keys included); a key longer than 64 bytes shows its first 64,
/// quoted, then `...`: `["kkk..."...]`.
pub(crate) fn push_key(p: &mut String, k: &str) {
    use std::fmt::Write;
    let plain = !k.is_empty()
        && k.len() <= 64
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        if !p.is_empty() {
            p.push('.');
        }
        p.push_str(k);
    } else if k.len() > 64 {
        let _ = write!(p, "[{:?}...]", truncate(k, 64));
    } else {
        let _ = write!(p, "[{k:?}]");
    }
}

//! Replaying held values into any visitor: the members a tagged union read
//! before its tag ([`Tape`]), or a [`Value`](crate::Value)
//! ([`from_value`](crate::from_value)). The visitors receive the same calls
//! the decoder would have made (numbers as written, with their nearest
//! `f64`), so a type decodes the same from held values as from bytes, and
//! an error names the path below the replayed value and, for a tape, the
//! position of the bytes at fault.
//!
//! No recursion: like the driver, the replay re-enters the innermost open
//! container from its root with the `resume*` methods after each close, and
//! stops that walk at a flat visitor ([`Visitor::flat`]).

use crate::de::{Enter, Map, Seq, Visitor};
use crate::error::{Error, ErrorCode, Position, Result};

/// One event of a held value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ev<'s> {
    Null,
    Bool(bool),
    Str(&'s str),
    U64(u64),
    I64(i64),
    /// A number as written, with its nearest `f64` when the decoder knew it.
    Num(&'s str, Option<f64>),
    /// A number held as `f64` only (in a `Value`).
    F64(f64),
    Map,
    Key(&'s str),
    EndMap,
    Seq,
    EndSeq,
}

/// Where the events come from.
pub(crate) trait Source<'s> {
    /// The next event, and where its bytes were in the input (if known).
    fn next(&mut self) -> Option<(Ev<'s>, Option<Position>)>;
}

/// One open container of a replay.
struct Lvl<'s> {
    map: bool,
    key: Option<&'s str>,
    count: u64,
    positions: bool,
}

enum Frame<'v> {
    Root(&'v mut dyn Visitor),
    Map(&'v mut dyn Map),
    Seq(&'v mut dyn Seq),
}

#[cold]
fn lost() -> Error {
    Error::code(ErrorCode::Lost)
}

#[cold]
fn ended() -> Error {
    Error::custom("a held value ended early")
}

/// Replay one whole value from `src` into `root`. An error has the position
/// of the event at fault (when the source knows it) and a path relative to
/// `root`'s value ([`Error::within`]).
pub(crate) fn replay<'s, S: Source<'s>>(
    src: &mut S,
    root: &mut dyn Visitor,
    max_depth: u32,
) -> Result<()> {
    let mut levels: Vec<Lvl<'s>> = Vec::new();
    let mut at: Option<Position> = None;
    let r = run(src, root, &mut levels, &mut at, max_depth);
    r.map_err(|e| {
        let e = match at {
            Some(p) => e.at(p),
            None => e,
        };
        e.within(&path(&levels))
    })
}

/// Every level's current key or index.
fn path(levels: &[Lvl<'_>]) -> String {
    let mut p = String::new();
    for l in levels {
        if l.map {
            if let Some(k) = l.key {
                crate::driver::push_key(&mut p, k);
            }
        } else if l.count > 0 {
            p.push('[');
            p.push_str(itoa::Buffer::new().format(l.count - 1));
            p.push(']');
        }
    }
    p
}

/// Re-enter the innermost open container from `root`.
fn enter<'v>(root: &'v mut dyn Visitor, levels: &[Lvl<'_>], flat_from: usize) -> Result<Frame<'v>> {
    let Some(last) = levels.last() else {
        return Ok(Frame::Root(root));
    };
    let stop = flat_from.min(levels.len() - 1);
    let mut v = root;
    for l in &levels[..stop] {
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

fn scalar(v: &mut dyn Visitor, ev: Ev<'_>) -> Result<()> {
    match ev {
        Ev::Null => v.null(),
        Ev::Bool(b) => v.boolean(b),
        Ev::Str(s) => v.string(s),
        Ev::U64(n) => v.nonnegative(n),
        Ev::I64(n) => v.negative(n),
        Ev::Num(t, Some(f)) => v.number_f64(t, f),
        Ev::Num(t, None) => v.number(t),
        Ev::F64(f) if f.is_finite() => {
            let mut b = ryu::Buffer::new();
            v.number_f64(b.format_finite(f), f)
        }
        Ev::F64(f) => v.float(f),
        Ev::Map | Ev::Key(_) | Ev::EndMap | Ev::Seq | Ev::EndSeq => {
            unreachable!("containers are routed by the caller")
        }
    }
}

/// Skip one value's events (a member the builder does not want).
pub(crate) fn skip<'s, S: Source<'s>>(src: &mut S) -> Result<()> {
    let mut depth = 0usize;
    loop {
        let (ev, _) = src.next().ok_or_else(ended)?;
        match ev {
            Ev::Map | Ev::Seq => depth += 1,
            Ev::EndMap | Ev::EndSeq => depth -= 1,
            _ => {}
        }
        if depth == 0 && !matches!(ev, Ev::Key(_)) {
            return Ok(());
        }
    }
}

fn run<'s, S: Source<'s>>(
    src: &mut S,
    root: &mut dyn Visitor,
    levels: &mut Vec<Lvl<'s>>,
    at: &mut Option<Position>,
    max_depth: u32,
) -> Result<()> {
    let mut flat_from = usize::MAX;
    'nav: loop {
        let mut frame = enter(&mut *root, levels, flat_from)?;
        loop {
            let ev = next(src, at)?;
            frame = match frame {
                Frame::Root(v) => match ev {
                    Ev::Map | Ev::Seq => open(v, ev, levels, &mut flat_from, max_depth)?,
                    _ => return scalar(v, ev),
                },
                Frame::Map(m) => match ev {
                    Ev::Key(k) => {
                        let lvl = levels.len() - 1;
                        levels[lvl].key = Some(k);
                        let wants = m.key(k)?.is_some();
                        if !wants {
                            skip(src)?;
                            Frame::Map(m)
                        } else {
                            let ev = next(src, at)?;
                            if levels[lvl].positions {
                                if let Some(p) = *at {
                                    m.resume().ok_or_else(lost)?.value_at(p);
                                }
                            }
                            if let Ev::Map | Ev::Seq = ev {
                                let v = m.resume().ok_or_else(lost)?;
                                open(v, ev, levels, &mut flat_from, max_depth)?
                            } else {
                                scalar(m.resume().ok_or_else(lost)?, ev)?;
                                Frame::Map(m)
                            }
                        }
                    }
                    Ev::EndMap => {
                        // Popped first: an error names the closed object.
                        pop(levels, &mut flat_from);
                        m.finish()?;
                        if levels.is_empty() {
                            return Ok(());
                        }
                        continue 'nav;
                    }
                    _ => return Err(Error::custom("a held object member has no key")),
                },
                Frame::Seq(s) => match ev {
                    Ev::EndSeq => {
                        pop(levels, &mut flat_from);
                        s.finish()?;
                        if levels.is_empty() {
                            return Ok(());
                        }
                        continue 'nav;
                    }
                    _ => {
                        let lvl = levels.len() - 1;
                        levels[lvl].count += 1;
                        let positions = levels[lvl].positions;
                        if let Ev::Map | Ev::Seq = ev {
                            let v = s.element()?;
                            if let (true, Some(p)) = (positions, *at) {
                                v.value_at(p);
                            }
                            open(v, ev, levels, &mut flat_from, max_depth)?
                        } else {
                            let v = s.element()?;
                            if let (true, Some(p)) = (positions, *at) {
                                v.value_at(p);
                            }
                            scalar(v, ev)?;
                            Frame::Seq(s)
                        }
                    }
                },
            };
        }
    }
}

/// The next event; `at` follows the positions.
fn next<'s, S: Source<'s>>(src: &mut S, at: &mut Option<Position>) -> Result<Ev<'s>> {
    let (ev, pos) = src.next().ok_or_else(ended)?;
    if pos.is_some() {
        *at = pos;
    }
    Ok(ev)
}

fn open<'v, 's>(
    v: &'v mut dyn Visitor,
    ev: Ev<'s>,
    levels: &mut Vec<Lvl<'s>>,
    flat_from: &mut usize,
    max_depth: u32,
) -> Result<Frame<'v>> {
    if levels.len() >= max_depth as usize {
        return Err(Error::code(ErrorCode::DepthLimit(max_depth)));
    }
    let flat = *flat_from == usize::MAX && v.flat();
    let positions = v.wants_positions();
    let map = matches!(ev, Ev::Map);
    let frame = if map {
        Frame::Map(v.map(Enter::Open)?)
    } else {
        Frame::Seq(v.seq(Enter::Open)?)
    };
    levels.push(Lvl {
        map,
        key: None,
        count: 0,
        positions,
    });
    if flat {
        *flat_from = levels.len() - 1;
    }
    Ok(frame)
}

fn pop(levels: &mut Vec<Lvl<'_>>, flat_from: &mut usize) {
    levels.pop();
    if *flat_from == levels.len() {
        *flat_from = usize::MAX;
    }
}

/// One token a [`Tape`] holds; text is in the tape's string.
#[derive(Clone, Copy, Debug)]
enum Tok {
    Null,
    Bool(bool),
    Str(usize, usize),
    U64(u64),
    I64(i64),
    Num(usize, usize, Option<f64>),
    Map,
    Key(usize, usize),
    EndMap,
    Seq,
    EndSeq,
}

/// Values held as the decoder delivered them, with the position each began
/// at: a flat visitor that records, and a [`Source`] that replays. A tagged
/// union keeps the members before its tag here.
#[derive(Default)]
pub(crate) struct Tape {
    toks: Vec<Tok>,
    pos: Vec<Position>,
    text: String,
    /// Where the next value begins ([`Visitor::value_at`]).
    next: Position,
    /// Where the open containers began: their ends are reported there.
    opens: Vec<Position>,
}

impl Tape {
    pub(crate) fn clear(&mut self) {
        self.toks.clear();
        self.pos.clear();
        self.text.clear();
        self.opens.clear();
    }

    fn open(&mut self, t: Tok) {
        self.opens.push(self.next);
        self.push(t);
    }

    fn close(&mut self, t: Tok) {
        if let Some(p) = self.opens.pop() {
            self.next = p;
        }
        self.push(t);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    fn text(&mut self, s: &str) -> (usize, usize) {
        let a = self.text.len();
        self.text.push_str(s);
        (a, self.text.len())
    }

    fn push(&mut self, t: Tok) {
        self.toks.push(t);
        self.pos.push(self.next);
    }

    /// Record a member's key (the value follows).
    pub(crate) fn key(&mut self, k: &str) {
        let (a, b) = self.text(k);
        self.push(Tok::Key(a, b));
    }

    /// The events, from the first.
    pub(crate) fn events(&self) -> TapeEvents<'_> {
        TapeEvents { tape: self, i: 0 }
    }
}

/// The events of a [`Tape`].
pub(crate) struct TapeEvents<'t> {
    tape: &'t Tape,
    i: usize,
}

impl<'t> TapeEvents<'t> {
    /// The position of the next event.
    pub(crate) fn peek_pos(&self) -> Option<Position> {
        self.tape.pos.get(self.i).copied()
    }
}

impl<'t> Source<'t> for TapeEvents<'t> {
    fn next(&mut self) -> Option<(Ev<'t>, Option<Position>)> {
        let t = *self.tape.toks.get(self.i)?;
        let p = self.tape.pos[self.i];
        self.i += 1;
        let s = |a: usize, b: usize| &self.tape.text[a..b];
        let ev = match t {
            Tok::Null => Ev::Null,
            Tok::Bool(b) => Ev::Bool(b),
            Tok::Str(a, b) => Ev::Str(s(a, b)),
            Tok::U64(n) => Ev::U64(n),
            Tok::I64(n) => Ev::I64(n),
            Tok::Num(a, b, f) => Ev::Num(s(a, b), f),
            Tok::Map => Ev::Map,
            Tok::Key(a, b) => Ev::Key(s(a, b)),
            Tok::EndMap => Ev::EndMap,
            Tok::Seq => Ev::Seq,
            Tok::EndSeq => Ev::EndSeq,
        };
        Some((ev, Some(p)))
    }
}

impl Visitor for Tape {
    fn expecting(&self) -> &'static str {
        "any JSON value"
    }
    fn null(&mut self) -> Result<()> {
        self.push(Tok::Null);
        Ok(())
    }
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.push(Tok::Bool(b));
        Ok(())
    }
    fn string(&mut self, s: &str) -> Result<()> {
        let (a, b) = self.text(s);
        self.push(Tok::Str(a, b));
        Ok(())
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.push(Tok::I64(n));
        Ok(())
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.push(Tok::U64(n));
        Ok(())
    }
    fn number(&mut self, text: &str) -> Result<()> {
        let (a, b) = self.text(text);
        self.push(Tok::Num(a, b, None));
        Ok(())
    }
    fn number_f64(&mut self, text: &str, nearest: f64) -> Result<()> {
        let (a, b) = self.text(text);
        self.push(Tok::Num(a, b, Some(nearest)));
        Ok(())
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.open(Tok::Seq);
        }
        Ok(self)
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.open(Tok::Map);
        }
        Ok(self)
    }
    /// Every nested level is on the tape.
    fn flat(&self) -> bool {
        true
    }
    fn wants_positions(&self) -> bool {
        true
    }
    fn value_at(&mut self, at: Position) {
        self.next = at;
    }
    /// Scalars are recorded here, at the cursor's position; containers
    /// are left to the machine, which reports each value's position.
    fn fast(&mut self, c: &mut crate::de::Cursor<'_>) -> crate::de::Fast {
        if matches!(c.peek(), Some(b'{' | b'[')) {
            return Err(c.defer());
        }
        self.next = c.here();
        c.scalar(self)
    }
}

impl Map for Tape {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.key(k);
        Ok(Some(self))
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        self.close(Tok::EndMap);
        Ok(())
    }
}

impl Seq for Tape {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        self.close(Tok::EndSeq);
        Ok(())
    }
}

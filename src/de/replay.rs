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

    /// An object was just opened (its `Map` event handed out): hand out its
    /// member `tag` next, if it has one whose value is a string, and its
    /// other members after it, in order. Whether it did.
    fn tag_first(&mut self, tag: &str) -> bool {
        let _ = tag;
        false
    }
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
        // As the driver locates errors: a path relative to a container
        // gets that container's path in front (the value just closed, for
        // a close), an error without a path gets the current one, and an
        // error with a path of its own keeps it.
        if e.is_relative() {
            let base = if e.is_closing() {
                path(&levels)
            } else {
                path(&levels[..levels.len().saturating_sub(1)])
            };
            e.within(&base)
        } else if e.has_path() {
            e
        } else {
            e.within(&path(&levels))
        }
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
                    Ev::Map | Ev::Seq => open(v, ev, src, levels, &mut flat_from, max_depth)?,
                    _ => return scalar(v, ev),
                },
                Frame::Map(m) => match ev {
                    Ev::Key(k) => {
                        let lvl = levels.len() - 1;
                        levels[lvl].key = Some(k);
                        if let (true, Some(p)) = (levels[lvl].positions, *at) {
                            m.key_at(p);
                        }
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
                                open(v, ev, src, levels, &mut flat_from, max_depth)?
                            } else {
                                scalar(m.resume().ok_or_else(lost)?, ev)?;
                                Frame::Map(m)
                            }
                        }
                    }
                    Ev::EndMap => {
                        // Popped first: an error names the closed object.
                        pop(levels, &mut flat_from);
                        m.finish().map_err(Error::closing)?;
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
                        s.finish().map_err(Error::closing)?;
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
                            open(v, ev, src, levels, &mut flat_from, max_depth)?
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

fn open<'v, 's, S: Source<'s>>(
    v: &'v mut dyn Visitor,
    ev: Ev<'s>,
    src: &mut S,
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
        if let Some(tag) = v.tag_key() {
            src.tag_first(tag);
        }
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

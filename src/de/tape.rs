//! The tape: values held as the decoder delivered them, to be replayed
//! later (the members a tagged union reads before its tag, an item
//! decoder's envelope members). It is a flat visitor that records and a
//! [`Source`] that replays.
//!
//! Compact, so that what is held stays near the bytes it came from (at
//! most about twice): each token is one header byte, its position as a
//! difference from the last token's (one or two bytes on the same line),
//! and its payload (text as its length and bytes, integers as LEB128).
//! The tape counts what it holds against [`Limits::max_held`].
//!
//! [`Limits::max_held`]: crate::Limits::max_held

use crate::de::replay::{self, Ev, Source};
use crate::de::{Enter, Map, Seq, Visitor};
use crate::error::{Error, ErrorCode, Position, Result};

// Token kinds (the header's low four bits).
const NULL: u8 = 0;
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const STR: u8 = 3;
const U64: u8 = 4;
const I64: u8 = 5;
/// A number as written (`Visitor::number`).
const NUM: u8 = 6;
/// A number as written whose nearest `f64` the decoder gave
/// (`Visitor::number_f64`); the replay computes it again from the text
/// (correctly rounded, so the same).
const NUM_F: u8 = 7;
const MAP: u8 = 8;
const KEY: u8 = 9;
const END_MAP: u8 = 10;
const SEQ: u8 = 11;
const END_SEQ: u8 = 12;
/// A number held as `f64` only (from miniserde's visitors): eight bytes.
const F64: u8 = 13;
const KIND: u8 = 0x0f;
/// No position is known (a replay from a `Value`).
const NO_POS: u8 = 0x10;
/// On the last token's line: only the offset's difference follows.
const SAME_LINE: u8 = 0x20;

fn put_varint(buf: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        buf.push((n as u8) | 0x80);
        n >>= 7;
    }
    buf.push(n as u8);
}

fn get_varint(buf: &[u8], i: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *buf.get(*i)?;
        *i += 1;
        n |= u64::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

/// Values held compactly, with the position each token began at.
pub(crate) struct Tape {
    buf: Vec<u8>,
    /// The position of the last token written; the next is written as the
    /// difference from it.
    last: Position,
    /// Where the next value begins ([`Visitor::value_at`]); `None` if not
    /// known.
    next: Option<Position>,
    /// Where the next key begins ([`Map::key_at`]).
    key_pos: Option<Position>,
    /// Where the open containers began: their ends are reported there.
    opens: Vec<Option<Position>>,
    /// The most bytes the tape may hold.
    limit: u64,
}

impl Default for Tape {
    fn default() -> Self {
        Tape {
            buf: Vec::new(),
            last: Position::default(),
            next: None,
            key_pos: None,
            opens: Vec::new(),
            limit: u64::MAX,
        }
    }
}

impl Tape {
    /// Empty the tape, to hold at most `limit` bytes from now on.
    pub(crate) fn reset(&mut self, limit: u64) {
        self.buf.clear();
        self.opens.clear();
        self.last = Position::default();
        self.next = None;
        self.key_pos = None;
        self.limit = limit;
    }

    /// Empty the tape, keeping its limit.
    pub(crate) fn clear(&mut self) {
        let limit = self.limit;
        self.reset(limit);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Bytes held.
    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// A token's header and position.
    #[inline]
    fn head(&mut self, kind: u8, at: Option<Position>) {
        let Some(p) = at else {
            self.buf.push(kind | NO_POS);
            return;
        };
        let d = p.offset.wrapping_sub(self.last.offset) as i64;
        if p.line == self.last.line {
            self.buf.push(kind | SAME_LINE);
        } else {
            self.buf.push(kind);
            put_varint(
                &mut self.buf,
                zigzag(p.line.wrapping_sub(self.last.line) as i64),
            );
            put_varint(&mut self.buf, p.column);
        }
        put_varint(&mut self.buf, zigzag(d));
        self.last = p;
    }

    #[inline]
    fn check(&self) -> Result<()> {
        if self.buf.len() as u64 > self.limit {
            return Err(Error::code(ErrorCode::HeldLimit(self.limit)));
        }
        Ok(())
    }

    fn token(&mut self, kind: u8) -> Result<()> {
        self.head(kind, self.next);
        self.check()
    }

    fn text_token(&mut self, kind: u8, at: Option<Position>, s: &str) -> Result<()> {
        self.head(kind, at);
        put_varint(&mut self.buf, s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
        self.check()
    }

    fn open(&mut self, kind: u8) -> Result<()> {
        self.opens.push(self.next);
        self.token(kind)
    }

    fn close(&mut self, kind: u8) -> Result<()> {
        if let Some(p) = self.opens.pop() {
            self.next = p;
        }
        self.token(kind)
    }

    /// Record a member's key (the value follows), at the position
    /// [`Map::key_at`] gave, if any.
    pub(crate) fn key(&mut self, k: &str) -> Result<()> {
        let at = self.key_pos.take().or(self.next);
        self.text_token(KEY, at, k)
    }

    /// Replay the held members (keys and their values) into the object
    /// `m`, through its `key` and `resume`. An error gets the member's path
    /// below that object and the position of the bytes at fault.
    pub(crate) fn replay_members(&self, m: &mut dyn Map) -> Result<()> {
        let mut ev = self.events();
        while let Some((Ev::Key(k), at)) = ev.next() {
            let wanted = match m.key(k) {
                Ok(v) => v.is_some(),
                Err(e) => {
                    let e = match at {
                        Some(p) => e.at(p),
                        None => e,
                    };
                    return Err(e.within("").under_key(k));
                }
            };
            if !wanted {
                replay::skip(&mut ev)?;
                continue;
            }
            let v = m
                .resume()
                .ok_or_else(|| Error::custom("a member was lost"))?;
            replay::replay(&mut ev, v, u32::MAX).map_err(|e| e.under_key(k))?;
        }
        Ok(())
    }

    /// The events, from the first.
    pub(crate) fn events(&self) -> TapeEvents<'_> {
        TapeEvents {
            tape: self,
            i: 0,
            last: Position::default(),
            front: Vec::new(),
            jumps: Vec::new(),
        }
    }

    /// The token at `*i` (its position read as a difference from `*last`),
    /// moving both past it.
    fn read(&self, i: &mut usize, last: &mut Position) -> Option<(Ev<'_>, Option<Position>)> {
        let buf = &self.buf[..];
        let h = *buf.get(*i)?;
        *i += 1;
        let pos = if h & NO_POS != 0 {
            None
        } else {
            let (line, column) = if h & SAME_LINE != 0 {
                (last.line, None)
            } else {
                let dl = unzigzag(get_varint(buf, i)?);
                (last.line.wrapping_add(dl as u64), Some(get_varint(buf, i)?))
            };
            let d = unzigzag(get_varint(buf, i)?);
            let offset = last.offset.wrapping_add(d as u64);
            let column = column
                .unwrap_or_else(|| last.column.wrapping_add(offset.wrapping_sub(last.offset)));
            *last = Position {
                offset,
                line,
                column,
            };
            Some(*last)
        };
        let text = |i: &mut usize| -> Option<&str> {
            let n = get_varint(buf, i)? as usize;
            let s = buf.get(*i..i.checked_add(n)?)?;
            *i += n;
            // Written from `&str` only.
            std::str::from_utf8(s).ok()
        };
        let ev = match h & KIND {
            NULL => Ev::Null,
            TRUE => Ev::Bool(true),
            FALSE => Ev::Bool(false),
            STR => Ev::Str(text(i)?),
            U64 => Ev::U64(get_varint(buf, i)?),
            I64 => Ev::I64(unzigzag(get_varint(buf, i)?)),
            NUM => Ev::Num(text(i)?, None),
            NUM_F => {
                let t = text(i)?;
                Ev::Num(t, crate::scan::float::parse_f64(t))
            }
            MAP => Ev::Map,
            KEY => Ev::Key(text(i)?),
            END_MAP => Ev::EndMap,
            SEQ => Ev::Seq,
            END_SEQ => Ev::EndSeq,
            F64 => {
                let b = buf.get(*i..*i + 8)?;
                *i += 8;
                Ev::F64(f64::from_le_bytes(b.try_into().ok()?))
            }
            _ => return None,
        };
        Some((ev, pos))
    }
}

/// The events of a [`Tape`].
pub(crate) struct TapeEvents<'t> {
    tape: &'t Tape,
    i: usize,
    last: Position,
    /// Events to hand out before reading on (a tag moved to the front, in
    /// reverse order).
    front: Vec<(Ev<'t>, Option<Position>)>,
    /// Tokens already handed out (a tag moved to the front), innermost
    /// last: at `.0`, continue at `.1` with `.2` as the last position.
    jumps: Vec<(usize, usize, Position)>,
}

impl<'t> Source<'t> for TapeEvents<'t> {
    fn next(&mut self) -> Option<(Ev<'t>, Option<Position>)> {
        if let Some(e) = self.front.pop() {
            return Some(e);
        }
        if let Some(&(at, to, last)) = self.jumps.last() {
            if self.i == at {
                self.i = to;
                self.last = last;
                self.jumps.pop();
            }
        }
        self.tape.read(&mut self.i, &mut self.last)
    }

    /// Look ahead in the object just opened for the member `tag` with a
    /// string value, and hand it out first; the other members follow in
    /// order.
    fn tag_first(&mut self, tag: &str) -> bool {
        if !self.front.is_empty() {
            return false;
        }
        let (mut i, mut last) = (self.i, self.last);
        let mut jumps = self.jumps.len();
        let mut depth = 0usize;
        loop {
            // The tokens a jump already handed out are not this object's.
            if jumps > 0 && self.jumps[jumps - 1].0 == i {
                (i, last) = (self.jumps[jumps - 1].1, self.jumps[jumps - 1].2);
                jumps -= 1;
            }
            let at = i;
            let Some((ev, pos)) = self.tape.read(&mut i, &mut last) else {
                return false;
            };
            match ev {
                Ev::Map | Ev::Seq => depth += 1,
                Ev::EndMap | Ev::EndSeq if depth == 0 => return false,
                Ev::EndMap | Ev::EndSeq => depth -= 1,
                Ev::Key(k) if depth == 0 && k == tag => {
                    let Some((v @ Ev::Str(_), vpos)) = self.tape.read(&mut i, &mut last) else {
                        return false;
                    };
                    self.front.push((v, vpos));
                    self.front.push((ev, pos));
                    self.jumps.push((at, i, last));
                    return true;
                }
                _ => {}
            }
        }
    }
}

impl Visitor for Tape {
    fn expecting(&self) -> &'static str {
        "any JSON value"
    }
    fn null(&mut self) -> Result<()> {
        self.token(NULL)
    }
    fn boolean(&mut self, b: bool) -> Result<()> {
        self.token(if b { TRUE } else { FALSE })
    }
    fn string(&mut self, s: &str) -> Result<()> {
        self.text_token(STR, self.next, s)
    }
    fn negative(&mut self, n: i64) -> Result<()> {
        self.head(I64, self.next);
        put_varint(&mut self.buf, zigzag(n));
        self.check()
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.head(U64, self.next);
        put_varint(&mut self.buf, n);
        self.check()
    }
    fn number(&mut self, text: &str) -> Result<()> {
        self.text_token(NUM, self.next, text)
    }
    fn number_f64(&mut self, text: &str, _nearest: f64) -> Result<()> {
        self.text_token(NUM_F, self.next, text)
    }
    fn float(&mut self, f: f64) -> Result<()> {
        self.head(F64, self.next);
        self.buf.extend_from_slice(&f.to_le_bytes());
        self.check()
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.open(SEQ)?;
        }
        Ok(self)
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.open(MAP)?;
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
        self.next = Some(at);
    }
    /// Scalars are recorded here, at the cursor's position; containers
    /// are left to the machine, which reports each value's position.
    fn fast(&mut self, c: &mut crate::de::Cursor<'_>) -> crate::de::Fast {
        if matches!(c.peek(), Some(b'{' | b'[')) {
            return Err(c.defer());
        }
        self.next = Some(c.here());
        c.scalar(self)
    }
}

impl Map for Tape {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        Tape::key(self, k)?;
        Ok(Some(self))
    }
    fn key_at(&mut self, at: Position) {
        self.key_pos = Some(at);
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(self)
    }
    fn finish(&mut self) -> Result<()> {
        self.close(END_MAP)
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
        self.close(END_SEQ)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(offset: u64, line: u64, column: u64) -> Position {
        Position {
            offset,
            line,
            column,
        }
    }

    /// Every kind of token and position reads back as written, and the
    /// tape stays near the size of the text it came from.
    #[test]
    fn tokens_and_positions_read_back() {
        let mut t = Tape::default();
        t.value_at(pos(0, 1, 1));
        let _ = Visitor::map(&mut t, Enter::Open).unwrap();
        t.key_at(pos(1, 1, 2));
        Map::key(&mut t, "ké").unwrap();
        t.value_at(pos(7, 2, 3));
        t.negative(i64::MIN).unwrap();
        t.key_at(pos(30, 2, 26));
        Map::key(&mut t, "n").unwrap();
        t.value_at(pos(34, 2, 30));
        t.number_f64("1.5e3", 1500.0).unwrap();
        t.value_at(pos(2, 1, 3));
        t.nonnegative(u64::MAX).unwrap();
        t.next = None;
        t.number("-0").unwrap();
        t.string("").unwrap();
        t.null().unwrap();
        t.boolean(false).unwrap();
        t.boolean(true).unwrap();
        let _ = Visitor::seq(&mut t, Enter::Open).unwrap();
        Seq::finish(&mut t).unwrap();
        Map::finish(&mut t).unwrap();
        let mut ev = t.events();
        let mut got = Vec::new();
        while let Some(e) = ev.next() {
            got.push(format!("{e:?}"));
        }
        let want = [
            "(Map, Some(Position { offset: 0, line: 1, column: 1 }))",
            "(Key(\"ké\"), Some(Position { offset: 1, line: 1, column: 2 }))",
            "(I64(-9223372036854775808), Some(Position { offset: 7, line: 2, column: 3 }))",
            "(Key(\"n\"), Some(Position { offset: 30, line: 2, column: 26 }))",
            "(Num(\"1.5e3\", Some(1500.0)), Some(Position { offset: 34, line: 2, column: 30 }))",
            "(U64(18446744073709551615), Some(Position { offset: 2, line: 1, column: 3 }))",
            "(Num(\"-0\", None), None)",
            "(Str(\"\"), None)",
            "(Null, None)",
            "(Bool(false), None)",
            "(Bool(true), None)",
            "(Seq, None)",
            "(EndSeq, None)",
            "(EndMap, Some(Position { offset: 0, line: 1, column: 1 }))",
        ];
        assert_eq!(got, want);
        assert!(t.buf.len() < 80, "{}", t.buf.len());
    }

    /// Past its limit the tape refuses to grow, with a limit error.
    #[test]
    fn the_limit_holds() {
        let mut t = Tape::default();
        t.reset(10);
        t.string("0123").unwrap();
        let e = t.string("0123456789").unwrap_err();
        assert_eq!(e.category(), crate::Category::Limit);
    }

    /// A tag moved to the front: handed out first, then every other member
    /// in order, nested objects included (their own tags too).
    #[test]
    fn tag_first_reorders_one_member() {
        let mut t = Tape::default();
        let _ = Visitor::map(&mut t, Enter::Open).unwrap();
        for (k, v) in [("a", "1"), ("o", "outer")] {
            Map::key(&mut t, k).unwrap();
            if k == "a" {
                let _ = Visitor::map(&mut t, Enter::Open).unwrap();
                Map::key(&mut t, "x").unwrap();
                t.string("2").unwrap();
                Map::key(&mut t, "o").unwrap();
                t.string("inner").unwrap();
                Map::finish(&mut t).unwrap();
            } else {
                t.string(v).unwrap();
            }
        }
        Map::key(&mut t, "z").unwrap();
        t.null().unwrap();
        Map::finish(&mut t).unwrap();
        let mut ev = t.events();
        let mut got = Vec::new();
        assert!(matches!(ev.next(), Some((Ev::Map, _))));
        assert!(ev.tag_first("o"));
        for _ in 0..3 {
            got.push(format!("{:?}", ev.next().unwrap().0));
        }
        assert!(matches!(ev.next(), Some((Ev::Map, _))));
        assert!(ev.tag_first("o"));
        while let Some((e, _)) = ev.next() {
            got.push(format!("{e:?}"));
        }
        assert_eq!(
            got.join(" "),
            "Key(\"o\") Str(\"outer\") Key(\"a\") Key(\"o\") Str(\"inner\") Key(\"x\") \
             Str(\"2\") EndMap Key(\"z\") Null EndMap"
        );
    }
}

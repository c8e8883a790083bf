//! Everything that walks a whole [`Value`] is safe at any depth: `Drop`,
//! `Clone`, `PartialEq`, the writer (and so `Display`) and `Debug`.
//!
//! `Drop` and `Clone` recurse on the call stack only down to [`DEEP`] levels,
//! then continue on an explicit heap stack: the common shallow value costs no
//! extra allocation (the allocation tests clone values to count what they
//! own) and no second walk, and a value nested 100,000 deep cannot overflow
//! the stack. The others always use an explicit stack.

use std::fmt;
use std::fmt::Write as _;

use super::{Number, Object, SmallString, Value};
use crate::ser::{write_str, Serialize};

/// Levels handled by recursion before the explicit stack takes over.
const DEEP: usize = 96;

thread_local! {
    /// Containers being dropped on this thread's call stack right now.
    static DROP_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The members of a container being dropped.
enum Members {
    Array(Vec<Value>),
    Object(Vec<(SmallString, Value)>),
}

impl Drop for Value {
    fn drop(&mut self) {
        // The members are dropped here, inside this call, so that the depth
        // of the call stack is known; past `DEEP` levels the rest goes to a
        // heap stack.
        let members = match self {
            Value::Array(a) if !a.is_empty() => Members::Array(std::mem::take(a)),
            Value::Object(o) if !o.is_empty() => Members::Object(o.take_members()),
            _ => return,
        };
        let depth = DROP_DEPTH.try_with(|d| d.get()).unwrap_or(DEEP);
        if depth >= DEEP {
            drop_iteratively(members);
            return;
        }
        let _ = DROP_DEPTH.try_with(|d| d.set(depth + 1));
        drop(members);
        let _ = DROP_DEPTH.try_with(|d| d.set(depth));
    }
}

/// Drop the members of a container of any depth with a heap stack: each
/// container's members move onto the stack before it is dropped, so no drop
/// recurses.
fn drop_iteratively(members: Members) {
    let mut stack: Vec<Value> = match members {
        Members::Array(a) => a,
        Members::Object(o) => o.into_iter().map(|(_, v)| v).collect(),
    };
    while let Some(mut v) = stack.pop() {
        match &mut v {
            Value::Array(a) => stack.append(a),
            Value::Object(o) => stack.extend(o.take_members().into_iter().map(|(_, c)| c)),
            _ => {}
        }
    }
}

impl Clone for Value {
    fn clone(&self) -> Self {
        clone_at(self, 0)
    }
}

fn clone_at(v: &Value, depth: usize) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Bool(b) => Value::Bool(*b),
        Value::Number(n) => Value::Number(*n),
        Value::String(s) => Value::String(s.clone()),
        _ if depth >= DEEP => clone_iteratively(v),
        Value::Array(a) => Value::Array(a.iter().map(|c| clone_at(c, depth + 1)).collect()),
        Value::Object(o) => Value::Object(Object::from_members(
            o.members()
                .iter()
                .map(|(k, c)| (k.clone(), clone_at(c, depth + 1)))
                .collect(),
        )),
    }
}

/// Clone a container of any depth with a heap stack. Every new `Vec` gets
/// exactly its final length, as `Vec::clone` would.
fn clone_iteratively(root: &Value) -> Value {
    enum Job<'a> {
        Array(std::slice::Iter<'a, Value>, Vec<Value>),
        Object(
            std::slice::Iter<'a, (SmallString, Value)>,
            Vec<(SmallString, Value)>,
            SmallString,
        ),
    }
    fn open(v: &Value) -> Option<Job<'_>> {
        match v {
            Value::Array(a) => Some(Job::Array(a.iter(), Vec::with_capacity(a.len()))),
            Value::Object(o) => Some(Job::Object(
                o.members().iter(),
                Vec::with_capacity(o.members().len()),
                SmallString::default(),
            )),
            _ => None,
        }
    }
    fn put(job: &mut Job<'_>, v: Value) {
        match job {
            Job::Array(_, out) => out.push(v),
            Job::Object(_, out, key) => out.push((std::mem::take(key), v)),
        }
    }
    let Some(first) = open(root) else {
        return clone_at(root, 0);
    };
    let mut stack = vec![first];
    loop {
        let Some(top) = stack.last_mut() else {
            unreachable!("the root job returns before the stack empties");
        };
        let next = match top {
            Job::Array(it, _) => it.next(),
            Job::Object(it, _, key) => it.next().map(|(k, v)| {
                key.clone_from(k);
                v
            }),
        };
        match next {
            Some(c) => match open(c) {
                Some(job) => stack.push(job),
                None => put(top, clone_at(c, 0)),
            },
            None => {
                let done = match stack.pop() {
                    Some(Job::Array(_, out)) => Value::Array(out),
                    Some(Job::Object(_, out, _)) => Value::Object(Object::from_members(out)),
                    None => unreachable!(),
                };
                match stack.last_mut() {
                    Some(parent) => put(parent, done),
                    None => return done,
                }
            }
        }
    }
}

/// Objects compare as maps (member order does not matter, as in most JSON
/// libraries); arrays in order; numbers by kind and value.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        let mut work = vec![(self, other)];
        while let Some((a, b)) = work.pop() {
            match (a, b) {
                (Value::Null, Value::Null) => {}
                (Value::Bool(x), Value::Bool(y)) if x == y => {}
                (Value::Number(x), Value::Number(y)) if x == y => {}
                (Value::String(x), Value::String(y)) if x == y => {}
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                    work.extend(x.iter().zip(y));
                }
                (Value::Object(x), Value::Object(y)) => {
                    if !pair_members(x, y, &mut work) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }
}

/// Queue each member of `x` with the member of `y` under the same key;
/// `false` if the key sets differ.
fn pair_members<'a>(x: &'a Object, y: &'a Object, work: &mut Vec<(&'a Value, &'a Value)>) -> bool {
    if x.members().len() != y.members().len() {
        return false;
    }
    if y.members().len() <= 16 {
        for (k, v) in x.members() {
            match y.get(k) {
                Some(w) => work.push((v, w)),
                None => return false,
            }
        }
    } else {
        let index: std::collections::HashMap<&str, &Value> =
            y.members().iter().map(|(k, v)| (k.as_str(), v)).collect();
        for (k, v) in x.members() {
            match index.get(k.as_str()) {
                Some(w) => work.push((v, w)),
                None => return false,
            }
        }
    }
    true
}

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        let mut work = Vec::new();
        pair_members(self, other, &mut work) && work.into_iter().all(|(a, b)| a == b)
    }
}

/// Where a walk over a value stands: the rest of an open array or object.
enum Walk<'a> {
    Array(std::slice::Iter<'a, Value>, bool),
    Object(std::slice::Iter<'a, (SmallString, Value)>, bool),
}

/// Visit `v` depth-first with a heap stack: `scalar` for each leaf, and the
/// punctuation of arrays and objects through `token`.
fn walk<E>(
    v: &Value,
    mut scalar: impl FnMut(&Value) -> Result<(), E>,
    mut token: impl FnMut(Token<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let mut stack: Vec<Walk<'_>> = Vec::new();
    let mut next = Some(v);
    loop {
        if let Some(v) = next.take() {
            match v {
                Value::Array(a) => {
                    token(Token::BeginArray)?;
                    stack.push(Walk::Array(a.iter(), true));
                }
                Value::Object(o) => {
                    token(Token::BeginObject)?;
                    stack.push(Walk::Object(o.members().iter(), true));
                }
                _ => scalar(v)?,
            }
        }
        let Some(top) = stack.last_mut() else {
            return Ok(());
        };
        match top {
            Walk::Array(it, first) => match it.next() {
                Some(c) => {
                    if !std::mem::replace(first, false) {
                        token(Token::Comma)?;
                    }
                    next = Some(c);
                }
                None => {
                    stack.pop();
                    token(Token::EndArray)?;
                }
            },
            Walk::Object(it, first) => match it.next() {
                Some((k, c)) => {
                    if !std::mem::replace(first, false) {
                        token(Token::Comma)?;
                    }
                    token(Token::Key(k))?;
                    next = Some(c);
                }
                None => {
                    stack.pop();
                    token(Token::EndObject)?;
                }
            },
        }
    }
}

enum Token<'a> {
    BeginArray,
    EndArray,
    BeginObject,
    EndObject,
    Comma,
    Key(&'a str),
}

impl Serialize for Number {
    fn serialize(&self, out: &mut crate::ser::Out<'_>) {
        match *self {
            Number::PosInt(n) => n.serialize(out),
            Number::NegInt(n) => n.serialize(out),
            Number::Float(f) => f.serialize(out),
        }
    }
}

impl Serialize for Value {
    fn serialize(&self, out: &mut crate::ser::Out<'_>) {
        let out = std::cell::RefCell::new(out);
        let r: Result<(), ()> = walk(
            self,
            |v| {
                let out = &mut **out.borrow_mut();
                match v {
                    Value::Null => out.push_str("null"),
                    Value::Bool(b) => b.serialize(out),
                    Value::Number(n) => n.serialize(out),
                    Value::String(s) => write_str(out, s),
                    // Containers go through `token`.
                    Value::Array(_) | Value::Object(_) => {}
                }
                out.flush_point();
                Ok(())
            },
            |t| {
                let out = &mut **out.borrow_mut();
                match t {
                    Token::BeginArray => out.push('['),
                    Token::EndArray => out.push(']'),
                    Token::BeginObject => out.push('{'),
                    Token::EndObject => out.push('}'),
                    Token::Comma => out.push(','),
                    Token::Key(k) => {
                        write_str(out, k);
                        out.push(':');
                    }
                }
                out.flush_point();
                Ok(())
            },
        );
        debug_assert!(r.is_ok());
    }
}

impl Serialize for Object {
    fn serialize(&self, out: &mut crate::ser::Out<'_>) {
        let mut w = crate::ser::ObjectWriter::new(out);
        for (k, v) in self.members() {
            w.field(k, v);
        }
        w.end();
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::ser::to_string(self))
    }
}

/// `Array [Null, Object {"a": Bool(true)}]`, at any depth (the alternate
/// `{:#?}` form prints the same).
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = std::cell::RefCell::new(f);
        walk(
            self,
            |v| {
                let f = &mut **f.borrow_mut();
                match v {
                    Value::Null => f.write_str("Null"),
                    Value::Bool(b) => write!(f, "Bool({b})"),
                    Value::Number(Number::PosInt(v)) => write!(f, "Number({v})"),
                    Value::Number(Number::NegInt(v)) => write!(f, "Number({v})"),
                    Value::Number(Number::Float(v)) => write!(f, "Number({v:?})"),
                    Value::String(s) => write!(f, "String({s:?})"),
                    Value::Array(_) | Value::Object(_) => Ok(()),
                }
            },
            |t| {
                let f = &mut **f.borrow_mut();
                match t {
                    Token::BeginArray => f.write_str("Array ["),
                    Token::EndArray => f.write_char(']'),
                    Token::BeginObject => f.write_str("Object {"),
                    Token::EndObject => f.write_char('}'),
                    Token::Comma => f.write_str(", "),
                    Token::Key(k) => write!(f, "{k:?}: "),
                }
            },
        )
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.members().iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

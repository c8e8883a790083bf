//! A miniserde type whose code panics at a chosen call (counted over
//! `begin`, every visitor call and every builder call), and whose builders
//! touch the slot they fill when dropped. With it, `MiniDecoder` is checked
//! against panics caught by its caller: the unit tests of `src/mini.rs`
//! (under Miri too) and the `mini_panic` fuzz target.
use miniserde::de::{Deserialize, Map, Seq, Visitor};
use std::cell::Cell;

thread_local! {
    /// Calls left before the planned panic (`u64::MAX`: none).
    pub static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
}

pub const PANIC: &str = "planned panic in a miniserde builder";

/// Keep the planned panics quiet; any other panic goes to the hook that was
/// installed before (libFuzzer's, which aborts, in the fuzz targets).
pub fn quiet_planned_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() != Some(&PANIC) {
                before(info);
            }
        }));
    });
}

fn tick() {
    LEFT.with(|l| match l.get() {
        0 => {
            l.set(u64::MAX);
            std::panic::panic_any(PANIC);
        }
        u64::MAX => {}
        n => l.set(n - 1),
    });
}

#[derive(Debug, PartialEq)]
pub enum Boom {
    Leaf,
    List(Vec<Boom>),
    Map(Vec<(String, Boom)>),
}

miniserde::make_place!(Place);

impl Deserialize for Boom {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        tick();
        Place::new(out)
    }
}

impl Visitor for Place<Boom> {
    fn null(&mut self) -> miniserde::Result<()> {
        tick();
        self.out = Some(Boom::Leaf);
        Ok(())
    }
    fn boolean(&mut self, _: bool) -> miniserde::Result<()> {
        self.null()
    }
    fn string(&mut self, _: &str) -> miniserde::Result<()> {
        self.null()
    }
    fn negative(&mut self, _: i64) -> miniserde::Result<()> {
        self.null()
    }
    fn nonnegative(&mut self, _: u64) -> miniserde::Result<()> {
        self.null()
    }
    fn float(&mut self, _: f64) -> miniserde::Result<()> {
        self.null()
    }
    fn seq(&mut self) -> miniserde::Result<Box<dyn Seq + '_>> {
        tick();
        Ok(Box::new(Builder {
            out: &mut self.out,
            done: Vec::new(),
            key: None,
            next: None,
        }))
    }
    fn map(&mut self) -> miniserde::Result<Box<dyn Map + '_>> {
        tick();
        Ok(Box::new(Builder {
            out: &mut self.out,
            done: Vec::new(),
            key: Some(String::new()),
            next: None,
        }))
    }
}

struct Builder<'a> {
    out: &'a mut Option<Boom>,
    done: Vec<(String, Boom)>,
    /// `Some` for a map (the pending key).
    key: Option<String>,
    next: Option<Boom>,
}

impl Builder<'_> {
    fn shift(&mut self) {
        if let Some(v) = self.next.take() {
            self.done.push((self.key.clone().unwrap_or_default(), v));
        }
    }
    fn close(&mut self) -> miniserde::Result<()> {
        tick();
        self.shift();
        let done = std::mem::take(&mut self.done);
        *self.out = Some(if self.key.is_some() {
            Boom::Map(done)
        } else {
            Boom::List(done.into_iter().map(|(_, v)| v).collect())
        });
        Ok(())
    }
}

impl Drop for Builder<'_> {
    /// Touches the slot it borrows, as a builder may.
    fn drop(&mut self) {
        if let Some(Boom::Leaf) = self.out {
            *self.out = None;
        }
    }
}

impl Seq for Builder<'_> {
    fn element(&mut self) -> miniserde::Result<&mut dyn Visitor> {
        tick();
        self.shift();
        Ok(Boom::begin(&mut self.next))
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.close()
    }
}

impl Map for Builder<'_> {
    fn key(&mut self, k: &str) -> miniserde::Result<&mut dyn Visitor> {
        tick();
        self.shift();
        self.key = Some(k.to_owned());
        Ok(Boom::begin(&mut self.next))
    }
    fn finish(&mut self) -> miniserde::Result<()> {
        self.close()
    }
}

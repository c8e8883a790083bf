//! Finding a repeated key among an object's members as each key arrives,
//! for [`Value`](crate::Value) (where the repeat replaces the first value) and
//! string-keyed maps (where it is an error).
//!
//! Up to [`SCAN`] members are compared one by one; past that a hash index
//! (open addressing, a per-thread random hasher) is built and kept up to date.
//! Its tables, and the staging vectors of maps, come from a per-thread pool,
//! so that after the first decode in a thread a decode allocates only what
//! its output owns.

use std::any::Any;
use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// Members compared one by one before an object gets a hash index.
pub(crate) const SCAN: usize = 32;

/// Largest buffers the pool keeps.
const KEEP: usize = 1 << 16;

thread_local! {
    static TABLES: RefCell<Vec<Vec<usize>>> = const { RefCell::new(Vec::new()) };
    static VECS: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// An empty `Vec<E>` with the capacity a previous decode in this thread left.
/// During thread teardown, a new one.
pub(crate) fn take_vec<E: 'static>() -> Vec<E> {
    VECS.try_with(|p| {
        let mut p = p.try_borrow_mut().ok()?;
        p.iter_mut()
            .find_map(|b| b.downcast_mut::<Vec<E>>())
            .map(std::mem::take)
    })
    .ok()
    .flatten()
    .unwrap_or_default()
}

/// Give `v`'s capacity back for the next [`take_vec`].
pub(crate) fn give_vec<E: 'static>(mut v: Vec<E>) {
    if v.capacity() == 0 || v.capacity() > KEEP {
        return;
    }
    v.clear();
    let _ = VECS.try_with(|p| {
        let Ok(mut p) = p.try_borrow_mut() else {
            return;
        };
        match p.iter_mut().find_map(|b| b.downcast_mut::<Vec<E>>()) {
            Some(slot) if slot.capacity() < v.capacity() => *slot = v,
            Some(_) => {}
            None => p.push(Box::new(v)),
        }
    });
}

/// The repeated-key finder of one open object.
#[derive(Default)]
pub(crate) struct DupFinder {
    /// Slot = member index + 1 (0: empty); built past [`SCAN`] members.
    slots: Vec<usize>,
    hasher: Option<RandomState>,
}

impl DupFinder {
    /// The member of `members` whose key (`key_of`) is `k`.
    #[inline]
    pub(crate) fn find<E>(
        &mut self,
        members: &[E],
        key_of: impl Fn(&E) -> &str,
        k: &str,
    ) -> Option<usize> {
        if members.len() < SCAN {
            return members.iter().position(|m| key_of(m) == k);
        }
        self.find_indexed(members, key_of, k)
    }

    #[inline(never)]
    fn find_indexed<E>(
        &mut self,
        members: &[E],
        key_of: impl Fn(&E) -> &str,
        k: &str,
    ) -> Option<usize> {
        if self.slots.is_empty() {
            self.slots = TABLES
                .try_with(|t| t.try_borrow_mut().ok()?.pop())
                .ok()
                .flatten()
                .unwrap_or_default();
            self.rebuild(members, &key_of, 4 * members.len());
        }
        let hasher = self.hasher.get_or_insert_with(RandomState::new);
        let mask = self.slots.len() - 1;
        let mut i = hasher.hash_one(k) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return None,
                s if key_of(&members[s - 1]) == k => return Some(s - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The last member of `members` was just added (its key was not present).
    #[inline]
    pub(crate) fn added<E>(&mut self, members: &[E], key_of: impl Fn(&E) -> &str) {
        if !self.slots.is_empty() {
            self.added_indexed(members, key_of);
        }
    }

    #[inline(never)]
    fn added_indexed<E>(&mut self, members: &[E], key_of: impl Fn(&E) -> &str) {
        let n = members.len();
        if 2 * n > self.slots.len() {
            self.rebuild(members, &key_of, 4 * n);
        } else {
            self.insert(key_of(&members[n - 1]), n - 1);
        }
    }

    /// The object closed: return the table to the pool.
    #[inline]
    pub(crate) fn release(&mut self) {
        if self.slots.capacity() != 0 {
            self.release_table();
        }
    }

    #[inline(never)]
    fn release_table(&mut self) {
        let mut slots = std::mem::take(&mut self.slots);
        if slots.capacity() > KEEP {
            return;
        }
        slots.clear();
        let _ = TABLES.try_with(|t| {
            if let Ok(mut t) = t.try_borrow_mut() {
                t.push(slots);
            }
        });
    }

    fn rebuild<E>(&mut self, members: &[E], key_of: &impl Fn(&E) -> &str, size: usize) {
        self.slots.clear();
        self.slots.resize(size.next_power_of_two(), 0);
        for (i, m) in members.iter().enumerate() {
            self.insert(key_of(m), i);
        }
    }

    fn insert(&mut self, k: &str, m: usize) {
        let hasher = self.hasher.get_or_insert_with(RandomState::new);
        let mask = self.slots.len() - 1;
        let mut i = hasher.hash_one(k) as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = m + 1;
    }
}

impl Drop for DupFinder {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_before_and_after_the_index() {
        let mut members: Vec<String> = Vec::new();
        let mut f = DupFinder::default();
        for i in 0..500 {
            let k = format!("k{i}");
            assert_eq!(f.find(&members, |m| m.as_str(), &k), None, "{k}");
            members.push(k);
            f.added(&members, |m| m.as_str());
            // Every earlier key is found at its own index.
            if i % 37 == 0 {
                for (j, m) in members.iter().enumerate() {
                    assert_eq!(f.find(&members, |m| m.as_str(), m), Some(j));
                }
            }
        }
        assert_eq!(f.find(&members, |m| m.as_str(), ""), None);
    }

    #[test]
    fn pool_gives_back_capacity() {
        let mut v: Vec<(String, u8)> = take_vec();
        v.reserve(40);
        let cap = v.capacity();
        give_vec(v);
        let w: Vec<(String, u8)> = take_vec();
        assert!(w.is_empty() && w.capacity() == cap);
    }
}

//! The key index of a large [`Object`](super::Object) (more than
//! [`THRESHOLD`] members): built on the first lookup, so decoding pays
//! nothing; small objects keep their linear scan. It maps the hash of
//! each key to its position (16 bytes a member, the keys are not copied);
//! two keys with the same hash mark that hash as "scan".

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use super::small::SmallString;
use super::Value;

/// Members up to this many are found by a scan.
pub(crate) const THRESHOLD: usize = 16;

const SCAN: usize = usize::MAX;

#[derive(Default)]
pub(crate) struct KeyIndex(OnceLock<Table>);

struct Table {
    hasher: RandomState,
    at: HashMap<u64, usize>,
}

impl Table {
    fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    fn add(&mut self, key: &str, i: usize) {
        let h = self.hash(key);
        self.at.entry(h).and_modify(|p| *p = SCAN).or_insert(i);
    }
}

impl KeyIndex {
    /// Position of `key` in `members`.
    pub(crate) fn find(&self, members: &[(SmallString, Value)], key: &str) -> Option<usize> {
        let table = self.0.get_or_init(|| {
            let mut t = Table {
                hasher: RandomState::new(),
                at: HashMap::with_capacity(members.len()),
            };
            for (i, (k, _)) in members.iter().enumerate() {
                t.add(k, i);
            }
            t
        });
        match table.at.get(&table.hash(key)) {
            None => None,
            Some(&SCAN) => members.iter().position(|(k, _)| k == key),
            Some(&i) => (members[i].0 == key).then_some(i),
        }
    }

    /// A member was pushed at position `i`.
    pub(crate) fn pushed(&mut self, key: &str, i: usize) {
        if let Some(t) = self.0.get_mut() {
            t.add(key, i);
        }
    }

    /// Positions changed (a member removed, members retained): rebuilt on
    /// the next lookup.
    pub(crate) fn clear(&mut self) {
        self.0 = OnceLock::new();
    }
}

impl Clone for KeyIndex {
    /// Not copied: the clone builds its own on its first lookup.
    fn clone(&self) -> Self {
        KeyIndex::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(n: usize) -> Vec<(SmallString, Value)> {
        (0..n)
            .map(|i| (format!("k{i}").into(), Value::from(i as u64)))
            .collect()
    }

    #[test]
    fn finds_every_key_and_no_other() {
        for n in [0, 1, THRESHOLD, THRESHOLD + 1, 1000] {
            let m = members(n);
            let idx = KeyIndex::default();
            for i in 0..n {
                assert_eq!(idx.find(&m, &format!("k{i}")), Some(i));
            }
            assert_eq!(idx.find(&m, "absent"), None);
            assert!(idx.0.get().is_some());
        }
    }

    /// Keys that share a hash are marked and found by a scan.
    #[test]
    fn shared_hashes_fall_back_to_a_scan() {
        let m = members(100);
        let mut idx = KeyIndex::default();
        assert_eq!(idx.find(&m, "k5"), Some(5));
        // Mark every hash as shared.
        for p in idx.0.get_mut().unwrap().at.values_mut() {
            *p = SCAN;
        }
        for i in 0..100 {
            assert_eq!(idx.find(&m, &format!("k{i}")), Some(i));
        }
        assert_eq!(idx.find(&m, "absent"), None);
        // A second key with the same hash as an indexed one turns it into SCAN.
        let mut t = Table {
            hasher: RandomState::new(),
            at: HashMap::new(),
        };
        t.add("a", 0);
        t.add("a", 1);
        assert_eq!(t.at.values().copied().collect::<Vec<_>>(), [SCAN]);
    }
}

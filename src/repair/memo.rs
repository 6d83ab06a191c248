//! A small fixed-size memo for the pure, costly steps of mojibake repair.
//!
//! Why it exists: damaged text repeats its damage. An article whose name
//! "Çavuşoğlu" was garbled once has it garbled the same way every time it is
//! named, and a French page read as windows-1252 spells `é` as `Ã©` in every
//! other word. The exact reading of such a run costs about 2,000
//! instructions (a trial decode per code page, up to four layers each), and
//! the lossy search over a damaged span tens of thousands; the memo answers a
//! repeat in a hash and a slice comparison.
//!
//! What it guarantees: it holds answers of pure functions only, keyed by
//! everything the function reads, so a hit returns what the call would have
//! computed; output never depends on what the memo holds. It is
//! direct-mapped with a fixed number of slots, and keys longer than
//! [`MAX_KEY`] are not stored: its memory is bounded whatever the input.

/// Longest key (in `u32` words) that is stored; longer ones bypass the memo.
pub(crate) const MAX_KEY: usize = 48;

/// A direct-mapped memo from `[u32]` keys to `V`, with `1 << BITS` slots.
pub(crate) struct Memo<V, const BITS: u32> {
    slots: Vec<Option<(Box<[u32]>, V)>>,
}

impl<V, const BITS: u32> Memo<V, BITS> {
    /// An empty memo (the slots are allocated on first store).
    pub(crate) const fn new() -> Self {
        Memo { slots: Vec::new() }
    }

    fn slot(key: &[u32]) -> usize {
        // FxHash-style mixing: keys are a few dozen words, and only the slot
        // index is needed (a collision costs a recomputation, never a wrong
        // answer: the whole key is compared)
        let mut h: u64 = key.len() as u64;
        for &w in key {
            h = (h.rotate_left(5) ^ u64::from(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        (h >> (64 - BITS)) as usize
    }

    /// The stored answer for `key`, if any.
    pub(crate) fn get(&self, key: &[u32]) -> Option<&V> {
        match self.slots.get(Self::slot(key)) {
            Some(Some((k, v))) if **k == *key => Some(v),
            _ => None,
        }
    }

    /// Stores `value` for `key` (replacing whatever held its slot), unless
    /// the key is longer than [`MAX_KEY`].
    pub(crate) fn put(&mut self, key: &[u32], value: V) {
        if key.len() > MAX_KEY {
            return;
        }
        if self.slots.is_empty() {
            self.slots.resize_with(1 << BITS, || None);
        }
        self.slots[Self::slot(key)] = Some((key.into(), value));
    }

    /// How many answers are stored.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().flatten().count()
    }

    /// Forgets every answer.
    #[cfg(test)]
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds_whole_keys_only() {
        let mut m: Memo<u8, 2> = Memo::new();
        assert_eq!(m.get(&[1, 2]), None);
        m.put(&[1, 2], 7);
        assert_eq!(m.get(&[1, 2]), Some(&7));
        // a prefix, an extension and another key are misses, whatever slot
        // they share with the stored one
        assert_eq!(m.get(&[1]), None);
        assert_eq!(m.get(&[1, 2, 3]), None);
        assert_eq!(m.get(&[2, 1]), None);
        // with four slots, five keys must evict one: no key gives a wrong value
        for k in 0..5u32 {
            m.put(&[k, k], k as u8);
        }
        for k in 0..5u32 {
            assert!(m.get(&[k, k]).is_none_or(|&v| v == k as u8));
        }
        let long = vec![0u32; MAX_KEY + 1];
        m.put(&long, 9);
        assert_eq!(m.get(&long), None);
        m.clear();
        assert_eq!(m.get(&[4, 4]), None);
    }
}

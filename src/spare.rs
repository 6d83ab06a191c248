//! Values that ended cleaning sessions leave for the next ones (buffers,
//! memos): allocating them afresh for each of thousands of small files
//! showed in profiles.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

/// At most this many values are kept: one per thread is all that is ever in
/// use at once, and the bound keeps memory flat.
const SLOTS: usize = 64;

/// Kept values, one slot per thread: a thread takes back what it left, under
/// a lock no other thread touches (one list for all made the threads of a
/// directory run pass its cache line back and forth a few times a file), and
/// the allocator's per-thread arenas see few frees from other threads.
///
/// A slot is made by its thread when first used, on that thread's heap:
/// made up front, inline, the slots of the pools of
/// kilobyte-sized values (automaton caches) were a tenth of a millisecond of
/// every run's start. Threads are numbered in the order they first use a
/// pool; past [`SLOTS`] threads, two may share a slot (still correct, just
/// less apt to find a value), and a new thread may find the one a finished
/// thread left.
pub(crate) struct Spares<T> {
    slots: Box<[OnceLock<Slot<T>>]>,
}

/// One thread's kept value.
type Slot<T> = Box<Mutex<Option<T>>>;

impl<T> std::fmt::Debug for Spares<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spares").finish_non_exhaustive()
    }
}

impl<T> Default for Spares<T> {
    fn default() -> Self {
        Spares {
            slots: (0..SLOTS).map(|_| OnceLock::new()).collect(),
        }
    }
}

/// This thread's slot number.
fn slot() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SLOTS;
    }
    SLOT.with(|s| *s)
}

impl<T> Spares<T> {
    fn mine(&self) -> std::sync::MutexGuard<'_, Option<T>> {
        self.slots[slot()]
            .get_or_init(|| Box::new(Mutex::new(None)))
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The value this thread (or the last thread of its slot) left, if any.
    pub(crate) fn take(&self) -> Option<T> {
        self.mine().take()
    }

    /// Keeps `value` for this thread's next [`Spares::take`] (dropped if one
    /// is kept already).
    pub(crate) fn put(&self, value: T) {
        let mut mine = self.mine();
        if mine.is_none() {
            *mine = Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_takes_back_what_it_put_and_no_other_thread_does() {
        let s = &Spares::default();
        assert_eq!(s.take(), None);
        s.put(1);
        s.put(2); // one is kept already: dropped
        std::thread::scope(|t| {
            let main = slot();
            t.spawn(move || {
                // (Past 64 threads numbered since this one, two share a slot.)
                if slot() != main {
                    assert_eq!(s.take(), None, "another thread's value");
                }
                s.put(3);
                assert_eq!(s.take(), Some(3));
            });
        });
        assert_eq!(s.take(), Some(1));
        assert_eq!(s.take(), None);
    }
}

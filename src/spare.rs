//! Values that ended cleaning sessions leave for the next ones (buffers,
//! memos): allocating them afresh for each of thousands of small files
//! showed in profiles.

use std::sync::{Mutex, PoisonError};
use std::thread::{self, ThreadId};

/// At most this many values are kept: one per thread is all that is ever in
/// use at once, and the bound keeps memory flat.
const MAX_KEPT: usize = 64;

/// Kept values, each with the thread that left it: a thread takes its own
/// back first, so the allocator's per-thread arenas see few frees from
/// other threads.
#[derive(Debug)]
pub(crate) struct Spares<T>(Mutex<Vec<(ThreadId, T)>>);

impl<T> Default for Spares<T> {
    fn default() -> Self {
        Spares(Mutex::new(Vec::new()))
    }
}

impl<T> Spares<T> {
    /// A kept value, this thread's own if there is one.
    pub(crate) fn take(&self) -> Option<T> {
        let me = thread::current().id();
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match kept.iter().rposition(|(t, _)| *t == me) {
            Some(i) => Some(kept.swap_remove(i).1),
            None => kept.pop().map(|(_, v)| v),
        }
    }

    /// Keeps `value` for a later [`Spares::take`] (dropped when enough are kept).
    pub(crate) fn put(&self, value: T) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() < MAX_KEPT {
            kept.push((thread::current().id(), value));
        }
    }
}

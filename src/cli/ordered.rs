//! Results that finish in any order, handed on in the order their jobs were
//! numbered, as soon as every earlier one is in: what a run prints, totals
//! and gates is then deterministic, while memory holds only the results that
//! wait for an earlier one (not one per file until the end of the run).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Puts numbered items (0, 1, 2, …, each once) back in order and hands each
/// to one consumer, on whichever thread completes a run of them.
pub struct Reorder<T, C> {
    state: Mutex<State<T>>,
    /// Signalled when waiting items were handed on (there is room again).
    room: Condvar,
    /// At most this many items wait before [`Reorder::put`] blocks the
    /// threads that have one to put (so that one slow job cannot make the
    /// others pile up results without bound).
    window: usize,
    consumer: Mutex<C>,
}

struct State<T> {
    /// The number of the next item to hand on.
    next: usize,
    /// Slot `i` holds item `next + i` once it is in.
    waiting: VecDeque<Option<T>>,
    /// How many slots are filled.
    held: usize,
    /// Whether a thread is handing items on (only one at a time, so that
    /// they reach the consumer in order).
    draining: bool,
    /// Set when the consumer panicked: no one will hand items on any more.
    broken: bool,
    /// How many threads wait for room (a wake-up is a system call even
    /// when no one waits: one per file, where almost none ever waits).
    waiting_for_room: usize,
}

impl<T, C: FnMut(T)> Reorder<T, C> {
    /// Hands items to `consumer` in order, holding at most about `window`
    /// of them back (at least one).
    pub fn new(window: usize, consumer: C) -> Self {
        Reorder {
            state: Mutex::new(State {
                next: 0,
                waiting: VecDeque::new(),
                held: 0,
                draining: false,
                broken: false,
                waiting_for_room: 0,
            }),
            room: Condvar::new(),
            window: window.max(1),
            consumer: Mutex::new(consumer),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts item number `seq`; if it completes a run from the next one due,
    /// hands the run on (here, outside the lock). Then waits while the
    /// window is full: the item that holds the others back is in a job
    /// still running, which is never one whose thread waits here.
    pub fn put(&self, seq: usize, item: T) {
        let mut st = self.lock();
        if st.broken {
            return;
        }
        let at = seq
            .checked_sub(st.next)
            .expect("each number is put once, and after the ones handed on");
        if st.waiting.len() <= at {
            st.waiting.resize_with(at + 1, || None);
        }
        debug_assert!(st.waiting[at].is_none(), "item {seq} put twice");
        st.waiting[at] = Some(item);
        st.held += 1;
        if !st.draining {
            st.draining = true;
            let guard = Draining(self);
            while let Some(Some(_)) = st.waiting.front() {
                let ready = st.waiting.pop_front().flatten().expect("checked above");
                st.next += 1;
                st.held -= 1;
                drop(st);
                (self.consumer.lock().unwrap_or_else(PoisonError::into_inner))(ready);
                st = self.lock();
            }
            st.draining = false;
            std::mem::forget(guard);
            if st.waiting_for_room > 0 {
                self.room.notify_all();
            }
        }
        while st.held >= self.window && !st.broken {
            st.waiting_for_room += 1;
            st = self.room.wait(st).unwrap_or_else(PoisonError::into_inner);
            st.waiting_for_room -= 1;
        }
    }

    /// How many items were handed on.
    #[cfg(test)]
    fn handed(&self) -> usize {
        self.lock().next
    }
}

/// Marks the run broken if the consumer panics mid-run, so that the threads
/// waiting for room stop waiting (and the panic reaches the caller, instead
/// of the run hanging).
struct Draining<'a, T, C>(&'a Reorder<T, C>);

impl<T, C> Drop for Draining<'_, T, C> {
    fn drop(&mut self) {
        self.0.break_off();
    }
}

impl<T, C> Reorder<T, C> {
    /// Gives up on the items still to come (a job that was to make one
    /// panicked): no thread waits for room any more, and no item put from
    /// now on is handed on.
    pub fn break_off(&self) {
        let mut st = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        st.broken = true;
        st.draining = false;
        drop(st);
        self.room.notify_all();
    }
}

/// Items given back to the thread that made them, to be freed there.
///
/// The system allocator (glibc's) frees a block into the arena of the thread
/// that allocated it, under that arena's lock. A result made on one worker
/// and freed on the thread that handed it on made both workers wait on each
/// other's arena locks: on 3,000 small files at `-j 2`, most of the times a
/// worker slept were in `free`, and a tenth more processor time was spent.
pub struct Returns<T> {
    bins: Vec<Mutex<Vec<T>>>,
}

impl<T> Returns<T> {
    /// One bin for each of `threads` threads, numbered from 0.
    pub fn new(threads: usize) -> Self {
        Returns {
            bins: (0..threads.max(1)).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    /// Gives `item` back to thread number `to` (freed now if there is no such bin).
    pub fn give(&self, to: usize, item: T) {
        if let Some(bin) = self.bins.get(to) {
            bin.lock().unwrap_or_else(PoisonError::into_inner).push(item);
        }
    }

    /// Frees what was given back to thread number `me`, on this thread (its
    /// caller's): the bin is swapped with `scratch`, an empty vector the
    /// caller keeps, so that neither is grown again once both are big enough.
    pub fn free(&self, me: usize, scratch: &mut Vec<T>) {
        if let Some(bin) = self.bins.get(me) {
            std::mem::swap(&mut *bin.lock().unwrap_or_else(PoisonError::into_inner), scratch);
            scratch.clear();
        }
    }
}

/// Keeps a producer (the walk) at most about `high` items ahead of its
/// consumers, with an atomic count per item and no lock: the producer parks
/// at `high` and is woken once the consumers are down to half of it. (A
/// bounded channel woke the walk, and the walk then the worker, for every
/// file: four futex calls a file, a fifth more time for a tree of small files.)
pub struct Throttle {
    queued: AtomicUsize,
    /// Set when the consumers are gone (see [`Throttle::close`]).
    closed: std::sync::atomic::AtomicBool,
    high: usize,
    /// The one thread that calls [`Throttle::queued`], once it has.
    producer: std::sync::OnceLock<std::thread::Thread>,
}

impl Throttle {
    pub fn new(high: usize) -> Self {
        Throttle {
            queued: AtomicUsize::new(0),
            closed: std::sync::atomic::AtomicBool::new(false),
            high: high.max(4),
            producer: std::sync::OnceLock::new(),
        }
    }

    /// Counts an item about to be queued (before it is, so that it is never
    /// taken before it is counted); waits first while `high` are, the
    /// count including this one. Always called on the same thread (the
    /// producer's).
    pub fn queued(&self) {
        let me = self.producer.get_or_init(std::thread::current);
        debug_assert_eq!(std::thread::current().id(), me.id());
        if self.queued.fetch_add(1, AtomicOrdering::AcqRel) + 1 >= self.high {
            // A wake-up given before this parks is kept for it (`unpark`'s token).
            while self.queued.load(AtomicOrdering::Acquire) > self.high / 2
                && !self.closed.load(AtomicOrdering::Acquire)
            {
                std::thread::park();
            }
        }
    }

    /// Lets the producer go on without waiting from now on: the consumers
    /// are gone (one panicked), and a producer left waiting would hang the run.
    pub fn close(&self) {
        self.closed.store(true, AtomicOrdering::Release);
        if let Some(p) = self.producer.get() {
            p.unpark();
        }
    }

    /// Counts an item taken (on a consumer's thread).
    pub fn taken(&self) {
        if self.queued.fetch_sub(1, AtomicOrdering::AcqRel) - 1 == self.high / 2
            && let Some(p) = self.producer.get()
        {
            p.unpark();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn a_throttled_producer_stays_at_most_high_ahead_and_is_woken() {
        let (tx, rx) = std::sync::mpsc::channel::<usize>();
        let (give, throttle) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let t = std::sync::Arc::new(Throttle::new(8));
            give.send(t.clone()).unwrap();
            s.spawn(move || {
                for i in 0..1000 {
                    t.queued();
                    assert!(t.queued.load(Ordering::SeqCst) <= 8);
                    tx.send(i).unwrap();
                }
            });
            let t = throttle.recv().unwrap();
            let mut got = 0;
            while let Ok(i) = rx.recv() {
                assert_eq!(i, got);
                got += 1;
                t.taken();
                if got % 100 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
            assert_eq!(got, 1000);
        });
    }

    #[test]
    fn items_put_in_any_order_are_handed_on_in_order_as_soon_as_possible() {
        let got = Mutex::new(Vec::new());
        let r = Reorder::new(100, |i| got.lock().unwrap().push(i));
        r.put(2, 2);
        r.put(1, 1);
        assert!(got.lock().unwrap().is_empty(), "0 is not in yet");
        r.put(0, 0);
        assert_eq!(*got.lock().unwrap(), [0, 1, 2]);
        r.put(4, 4);
        r.put(3, 3);
        assert_eq!(r.handed(), 5);
        assert_eq!(*got.lock().unwrap(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn threads_wait_while_the_window_is_full_and_all_items_get_through() {
        // Item 0 is put last, by a thread that first waits until the others
        // are blocked on a full window: without the wait they would get far
        // ahead (and without the wake-up, the run would hang).
        let (window, threads) = (4, 3);
        let got = Mutex::new(Vec::new());
        let r = Reorder::new(window, |i| got.lock().unwrap().push(i));
        let next = AtomicUsize::new(1);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    loop {
                        let seq = next.fetch_add(1, Ordering::SeqCst);
                        if seq >= 200 {
                            break;
                        }
                        r.put(seq, seq);
                    }
                });
            }
            s.spawn(|| {
                while r.lock().held < window {
                    std::thread::yield_now();
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
                // Each thread puts the item it has before it waits.
                let held = r.lock().held;
                assert!(held < window + threads, "{held} held");
                assert!(
                    next.load(Ordering::SeqCst) <= held + 1 + threads,
                    "the others did not wait"
                );
                r.put(0, 0);
            });
        });
        assert_eq!(*got.lock().unwrap(), (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn a_closed_throttle_lets_its_waiting_producer_go() {
        let t = Throttle::new(4);
        std::thread::scope(|s| {
            let producer = s.spawn(|| (0..10).for_each(|_| t.queued()));
            while t.queued.load(Ordering::SeqCst) < 4 {
                std::thread::yield_now();
            }
            t.close();
            producer.join().unwrap();
        });
        assert_eq!(t.queued.load(Ordering::SeqCst), 10);
    }

    #[test]
    fn threads_waiting_for_an_item_that_never_comes_go_once_it_is_given_up() {
        let got = Mutex::new(Vec::new());
        let r = Reorder::new(1, |i| got.lock().unwrap().push(i));
        std::thread::scope(|s| {
            let waiter = s.spawn(|| r.put(1, 1));
            while r.lock().held < 1 {
                std::thread::yield_now();
            }
            r.break_off();
            waiter.join().unwrap();
        });
        r.put(0, 0);
        assert!(got.lock().unwrap().is_empty());
    }

    #[test]
    fn a_panicking_consumer_does_not_leave_threads_waiting() {
        let r = Reorder::new(1, |i: usize| assert!(i != 1, "consumer fails on 1"));
        std::thread::scope(|s| {
            // Both wait for room behind item 0.
            let waiters = [s.spawn(|| r.put(2, 2)), s.spawn(|| r.put(1, 1))];
            while r.lock().held < 2 {
                std::thread::yield_now();
            }
            let failed = s.spawn(|| r.put(0, 0));
            assert!(failed.join().is_err());
            for w in waiters {
                assert!(w.join().is_ok());
            }
        });
    }

    /// Records the thread it is dropped on.
    struct Freed<'a>(usize, &'a Mutex<Vec<(usize, std::thread::ThreadId)>>);

    impl Drop for Freed<'_> {
        fn drop(&mut self) {
            self.1.lock().unwrap().push((self.0, std::thread::current().id()));
        }
    }

    #[test]
    fn items_given_back_are_freed_on_the_thread_they_were_given_to() {
        let log = Mutex::new(Vec::new());
        let back = Returns::new(2);
        let mut scratch = Vec::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                back.give(0, Freed(1, &log));
                back.give(1, Freed(2, &log));
            })
            .join()
            .unwrap();
            // Nothing is freed until its thread frees its bin.
            assert!(log.lock().unwrap().is_empty());
            let other = s.spawn(|| {
                let mut scratch = Vec::new();
                back.free(1, &mut scratch);
                std::thread::current().id()
            });
            let other = other.join().unwrap();
            back.free(0, &mut scratch);
            let me = std::thread::current().id();
            let mut freed = log.lock().unwrap().clone();
            freed.sort_by_key(|&(n, _)| n);
            assert_eq!(freed, [(1, me), (2, other)]);
        });
        // A number with no bin: freed at once.
        back.give(5, Freed(3, &log));
        assert_eq!(log.lock().unwrap().len(), 3);
        // The bins are reused: freeing again frees nothing more.
        back.free(0, &mut scratch);
        assert!(scratch.is_empty());
        assert_eq!(log.lock().unwrap().len(), 3);
    }
}

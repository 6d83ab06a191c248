//! Working with the system allocator (glibc's, on Linux) rather than against
//! it, at start-up: compiling the rules is a burst of a few hundred thousand
//! small allocations on two threads, and two habits of glibc's allocator made
//! it slower than it needs to be. Nothing here changes what any allocation
//! holds; elsewhere than glibc every function does nothing.

/// Readies a thread we start for a burst of allocation.
///
/// - Each thread but the first allocates from an arena of its own, which
///   grows one page per system call (`mprotect`); each call takes the
///   process's memory-map lock, which the other thread's page faults then
///   wait for: about 1,700 calls while the rules compile. Reserving room once
///   (allocated and freed untouched, so it costs no memory) makes the arena
///   grow in one call; what it has grown by stays usable after the free.
/// - A thread's cache of freed blocks also holds blocks it freed for another
///   thread, such as the closure it was started with. A block reused from
///   there and then grown (`realloc`, on every push past a `Vec`'s capacity)
///   is grown in the other thread's arena, under that arena's lock, and stays
///   there: the two threads then shared one lock, a thousand waits on it at
///   start-up. Taking every small size out of the cache and giving it back
///   (the oldest blocks last, once the cache is full) sends those blocks home.
///
/// Start-up with both: one-line input 35.6 -> 32.2 ms (median of 100).
pub fn prepare_thread() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // Below glibc's threshold for mapping a block on its own (128 KiB),
        // so each comes from the arena; about what one compile thread uses.
        const ROOM_BLOCK: usize = 120 << 10;
        const ROOM_BLOCKS: usize = 48;
        let room: Vec<Vec<u8>> = (0..ROOM_BLOCKS).map(|_| Vec::with_capacity(ROOM_BLOCK)).collect();
        drop(std::hint::black_box(room));

        // glibc caches up to 7 freed blocks for each of 64 sizes (24 to 1032
        // usable bytes, in steps of 16): take twice that, so that the
        // cache's own blocks come first and end up back in it, and the rest
        // (the old cache) is freed to the arena each block belongs to.
        const SIZES: usize = 64;
        const TAKE: usize = 14;
        let taken: Vec<Vec<Vec<u8>>> = (0..SIZES)
            .map(|k| (0..TAKE).map(|_| Vec::with_capacity(24 + 16 * k)).collect())
            .collect();
        for mut blocks in std::hint::black_box(taken) {
            while let Some(b) = blocks.pop() {
                drop(b); // the newest first
            }
        }
    }
}

/// Returns the allocator's free pages to the system where the allocator can
/// (glibc). The few megabytes the rule compiler frees at start-up would
/// otherwise stay resident for the whole run.
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointers and only releases memory the
        // allocator holds as free; it is thread-safe (it locks each arena).
        unsafe {
            malloc_trim(0);
        }
    }
}

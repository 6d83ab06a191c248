//! Handing freed heap memory back to the operating system.
//!
//! glibc's allocator keeps what a program frees for later allocations, so the
//! few megabytes of temporaries the rule compiler frees at start-up would stay
//! resident for the whole run. `malloc_trim` returns the free pages.

/// Returns the allocator's free pages to the system where the allocator can
/// (glibc); elsewhere does nothing. Only costs time: never changes what any
/// live allocation holds.
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

//! Wren's allocator (`reallocateFn`): every block the VM allocates is counted, and the VM's
//! memory limit is a hard cap.
//!
//! Wren does not check for a refused allocation (a null block would crash the process), so
//! an allocation past the limit never returns: the worker thread reports the breach to the
//! host and parks for good. The host then drops that VM and starts a new one (see
//! `worker.rs`); the parked thread holds at most the limit's worth of memory and no CPU.
//! Before it comes to that, the loop check points see [`Meter::over_soft_limit`] and stop
//! the call with a script error while the VM is still whole.

use std::alloc::{self, Layout};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes in front of every block: its size (so `realloc` and `free` know it), padded to the
/// alignment Wren's values need.
const HEADER: usize = 16;
const ALIGN: usize = 16;

/// The memory a VM uses and may use.
#[derive(Debug)]
pub struct Meter {
    used: AtomicUsize,
    /// Set when the VM is abandoned: every further allocation is refused (the worker parks).
    revoked: AtomicBool,
    /// `0`: no limit.
    limit: usize,
}

impl Meter {
    pub fn new(limit: usize) -> Meter {
        Meter { used: AtomicUsize::new(0), revoked: AtomicBool::new(false), limit }
    }

    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Past seven eighths of the limit: check points stop the call (the rest is headroom for
    /// the allocations between two check points).
    pub fn over_soft_limit(&self) -> bool {
        self.limit > 0 && self.used() > self.limit / 8 * 7
    }

    /// Refuses every further allocation (an abandoned VM: its worker parks at the next one).
    pub fn revoke(&self) {
        self.revoked.store(true, Ordering::Relaxed);
    }

    /// Whether `extra` more bytes stay within the limit.
    fn allows(&self, extra: usize) -> bool {
        !self.revoked.load(Ordering::Relaxed)
            && (self.limit == 0 || self.used().saturating_add(extra) <= self.limit)
    }
}

/// Reallocates `memory` (null: a new block) to `new_size` bytes (0: frees it), counting in
/// `meter`. `None`: the limit refuses the block (nothing changed).
///
/// # Safety
/// `memory` is null or a block this function returned and has not freed.
pub unsafe fn reallocate(
    meter: &Meter,
    memory: *mut c_void,
    new_size: usize,
) -> Option<*mut c_void> {
    let old = if memory.is_null() {
        None
    } else {
        let base = (memory as *mut u8).sub(HEADER);
        Some((base, *(base as *const usize)))
    };
    if new_size == 0 {
        if let Some((base, size)) = old {
            meter.used.fetch_sub(size, Ordering::Relaxed);
            alloc::dealloc(base, layout(size)?);
        }
        return Some(std::ptr::null_mut());
    }
    let old_size = old.map_or(0, |(_, size)| size);
    if new_size > old_size && !meter.allows(new_size - old_size) {
        return None;
    }
    let new_layout = layout(new_size)?;
    let base = match old {
        None => alloc::alloc(new_layout),
        Some((base, size)) => alloc::realloc(base, layout(size)?, new_layout.size()),
    };
    if base.is_null() {
        return None;
    }
    *(base as *mut usize) = new_size;
    if new_size >= old_size {
        meter.used.fetch_add(new_size - old_size, Ordering::Relaxed);
    } else {
        meter.used.fetch_sub(old_size - new_size, Ordering::Relaxed);
    }
    Some(base.add(HEADER) as *mut c_void)
}

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, ALIGN).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_refuses_past_the_limit() {
        let meter = Meter::new(1000);
        unsafe {
            let a = reallocate(&meter, std::ptr::null_mut(), 600).unwrap();
            assert_eq!(meter.used(), 600);
            assert!(reallocate(&meter, std::ptr::null_mut(), 500).is_none());
            let a = reallocate(&meter, a, 900).unwrap();
            assert_eq!(meter.used(), 900);
            assert!(meter.over_soft_limit());
            let a = reallocate(&meter, a, 100).unwrap();
            assert_eq!(meter.used(), 100);
            assert!(reallocate(&meter, a, 0).unwrap().is_null());
            assert_eq!(meter.used(), 0);
        }
    }
}

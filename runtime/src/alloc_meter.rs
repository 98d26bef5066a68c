//! Memory accounting for VMs that have no allocator hook of their own (Python).
//!
//! Lua and QuickJS count their heap themselves; RustPython allocates through the process's
//! global allocator. [`MeteredAllocator`] wraps that allocator: while a [`Meter`] is attached
//! to the current thread, every allocation's size is added to it and every free subtracted.
//! The Python VM attaches its meter whenever it runs Python code or builds Python objects, so
//! the meter holds the bytes its interpreter keeps, and the watchdog reads it from its own
//! thread to enforce the memory limit.
//!
//! The allocator is opt-in, because only the final binary may choose the global allocator:
//!
//! ```
//! #[global_allocator]
//! static ALLOCATOR: kryon_runtime::MeteredAllocator = kryon_runtime::MeteredAllocator::system();
//! # fn main() {}
//! ```
//!
//! `kryc run` installs it. Without it the Python VM falls back to the growth of the process's
//! resident memory during a call (Linux only), which also counts other threads.
//!
//! The cost is one thread-local read per allocation and, on a metered thread, one relaxed
//! atomic add.

// Only the Python VM reads a meter.
#![cfg_attr(not(feature = "python-vm"), allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// A global allocator that counts the bytes allocated on threads with an attached `Meter`
/// (a Python VM has one).
#[derive(Debug, Default)]
pub struct MeteredAllocator<A = System> {
    inner: A,
}

impl MeteredAllocator<System> {
    /// The system allocator, metered.
    pub const fn system() -> MeteredAllocator<System> {
        MeteredAllocator { inner: System }
    }
}

impl<A> MeteredAllocator<A> {
    /// `inner`, metered.
    pub const fn new(inner: A) -> MeteredAllocator<A> {
        MeteredAllocator { inner }
    }
}

/// Set by the first allocation through a [`MeteredAllocator`].
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The meter attached to this thread, or null.
    static CURRENT: Cell<*const AtomicIsize> = const { Cell::new(std::ptr::null()) };
}

#[inline]
fn account(delta: isize) {
    if !INSTALLED.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
    }
    // `try_with`: the allocator also runs while thread-locals are torn down.
    let _ = CURRENT.try_with(|current| {
        let meter = current.get();
        if !meter.is_null() {
            // SAFETY: only a `MeterScope` sets a non-null meter; it borrows the meter for its
            // whole life and restores the previous value when dropped, so the pointer is live.
            unsafe { &*meter }.fetch_add(delta, Ordering::Relaxed);
        }
    });
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every method forwards to `inner` with the same arguments; the accounting neither
// allocates nor touches the memory.
unsafe impl<A: GlobalAlloc> GlobalAlloc for MeteredAllocator<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            account(signed(layout.size()));
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            account(signed(layout.size()));
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { self.inner.dealloc(ptr, layout) };
        account(-signed(layout.size()));
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            account(signed(new_size).saturating_sub(signed(layout.size())));
        }
        new
    }
}

/// Whether the process's global allocator is a [`MeteredAllocator`] (known after its first
/// allocation, which happens before `main`).
pub fn metered_allocator_installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

/// The net bytes allocated while the meter was attached.
#[derive(Debug, Default)]
pub(crate) struct Meter {
    bytes: AtomicIsize,
}

impl Meter {
    /// Net bytes allocated under this meter; 0 when more was freed than allocated (memory
    /// allocated before the meter was attached).
    pub fn bytes(&self) -> usize {
        usize::try_from(self.bytes.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// Counts this thread's allocations on this meter until the scope is dropped.
    pub fn attach(&self) -> MeterScope<'_> {
        MeterScope::set(&self.bytes)
    }
}

/// Stops counting this thread's allocations until dropped: for host values built from the
/// VM's (returned results, changed variables), which the host frees.
pub(crate) fn pause() -> MeterScope<'static> {
    MeterScope::set(std::ptr::null())
}

/// A meter attached to the current thread; the previous one is restored when dropped.
#[must_use]
pub(crate) struct MeterScope<'a> {
    previous: *const AtomicIsize,
    _meter: PhantomData<&'a AtomicIsize>,
}

impl MeterScope<'_> {
    fn set(meter: *const AtomicIsize) -> MeterScope<'static> {
        let previous = CURRENT.try_with(|c| c.replace(meter)).unwrap_or(std::ptr::null());
        MeterScope { previous, _meter: PhantomData }
    }
}

impl Drop for MeterScope<'_> {
    fn drop(&mut self) {
        let _ = CURRENT.try_with(|c| c.set(self.previous));
    }
}

#[cfg(test)]
#[global_allocator]
static TEST_ALLOCATOR: MeteredAllocator = MeteredAllocator::system();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_is_allocated_while_attached() {
        assert!(metered_allocator_installed());
        let meter = Meter::default();
        let kept = {
            let _scope = meter.attach();
            let kept = vec![0u8; 1000];
            drop(vec![0u8; 5000]);
            let mut grown = Vec::<u8>::with_capacity(10);
            grown.reserve_exact(100);
            assert_eq!(meter.bytes(), 1100);
            drop(grown);
            kept
        };
        assert_eq!(meter.bytes(), 1000);
        // Allocations after the scope, and while paused, are not counted.
        let other = vec![0u8; 4000];
        {
            let _scope = meter.attach();
            let _paused = pause();
            drop(vec![0u8; 3000]);
        }
        assert_eq!(meter.bytes(), 1000);
        // Frees of counted memory are.
        {
            let _scope = meter.attach();
            drop(kept);
        }
        assert_eq!(meter.bytes(), 0);
        // Freeing more than was counted reads as 0, not as a huge number.
        {
            let _scope = meter.attach();
            drop(other);
        }
        assert_eq!(meter.bytes(), 0);
    }

    #[test]
    fn scopes_nest() {
        let (outer, inner) = (Meter::default(), Meter::default());
        let _o = outer.attach();
        let a = vec![0u8; 100];
        {
            let _i = inner.attach();
            let b = vec![0u8; 10];
            assert_eq!(inner.bytes(), 10);
            drop(b);
        }
        let c = vec![0u8; 1];
        assert_eq!(outer.bytes(), 101);
        drop((a, c));
    }
}

//! The JavaScript VM's allocator: rquickjs's `RustAllocator`, with the VM's memory limit
//! enforced here instead of by QuickJS, so that the VM knows when a call hit it. QuickJS
//! turns a refused allocation into an `InternalError: out of memory` when it can still
//! allocate that error, and into a thrown `null` when it cannot; the `refused` flag tells
//! both apart from a script's own `throw null`. It also gives the VM's memory use without
//! walking QuickJS's heap.

use std::cell::Cell;
use std::ptr::null_mut;
use std::rc::Rc;

use rquickjs::allocator::{Allocator, RustAllocator};

/// What one VM's allocations use, shared by the allocator and the VM.
#[derive(Debug, Default)]
pub(super) struct Usage {
    used: Cell<usize>,
    /// `0`: no limit.
    limit: Cell<usize>,
    refused: Cell<bool>,
}

impl Usage {
    /// Sets the limit (`0`: none). Allocations made before still count.
    pub(super) fn set_limit(&self, limit: usize) {
        self.limit.set(limit);
    }

    /// The bytes QuickJS holds.
    pub(super) fn used(&self) -> usize {
        self.used.get()
    }

    /// Whether an allocation was refused for the limit since the last call.
    pub(super) fn take_refused(&self) -> bool {
        self.refused.replace(false)
    }

    /// Whether `extra` more bytes fit under the limit; a refusal is remembered.
    fn admit(&self, extra: usize) -> bool {
        let limit = self.limit.get();
        let fits = limit == 0 || self.used.get().saturating_add(extra) <= limit;
        if !fits {
            self.refused.set(true);
        }
        fits
    }

    fn grew(&self, by: usize) {
        self.used.set(self.used.get().saturating_add(by));
    }

    fn shrank(&self, by: usize) {
        self.used.set(self.used.get().saturating_sub(by));
    }
}

/// The allocator one QuickJS runtime gets.
pub(super) struct BudgetAllocator {
    pub(super) usage: Rc<Usage>,
}

// SAFETY: every pointer handed out comes from `RustAllocator` (which meets the trait's
// contract) and every pointer taken back is passed to it unchanged; this type only counts.
unsafe impl Allocator for BudgetAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.usage.admit(size) {
            return null_mut();
        }
        let ptr = RustAllocator.alloc(size);
        if !ptr.is_null() {
            // SAFETY: `ptr` was just allocated by `RustAllocator`.
            self.usage.grew(unsafe { RustAllocator::usable_size(ptr) });
        }
        ptr
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else { return null_mut() };
        if !self.usage.admit(total) {
            return null_mut();
        }
        let ptr = RustAllocator.calloc(count, size);
        if !ptr.is_null() {
            // SAFETY: `ptr` was just allocated by `RustAllocator`.
            self.usage.grew(unsafe { RustAllocator::usable_size(ptr) });
        }
        ptr
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        if ptr.is_null() {
            return;
        }
        // SAFETY: the caller passes a pointer this allocator (so `RustAllocator`) returned.
        unsafe {
            self.usage.shrank(RustAllocator::usable_size(ptr));
            RustAllocator.dealloc(ptr);
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: the caller passes a pointer this allocator (so `RustAllocator`) returned.
        unsafe {
            let old = RustAllocator::usable_size(ptr);
            if new_size > old && !self.usage.admit(new_size - old) {
                return null_mut();
            }
            let new = RustAllocator.realloc(ptr, new_size);
            if !new.is_null() {
                self.usage.shrank(old);
                self.usage.grew(RustAllocator::usable_size(new));
            }
            new
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: as for `dealloc`.
        unsafe { RustAllocator::usable_size(ptr) }
    }
}

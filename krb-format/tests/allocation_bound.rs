//! A file that claims far more records than it can hold fails without allocating for them:
//! the peak heap use while reading a ~100-byte file claiming 4 billion elements, strings or
//! values stays under a few kilobytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use krb_format::*;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn peak_while(f: impl FnOnce()) -> usize {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    f();
    PEAK.load(Ordering::SeqCst) - base
}

#[test]
fn claimed_counts_do_not_drive_allocation() {
    let empty = write(&Document::default()).expect("valid");
    assert!(empty.len() < 200, "an empty file is {} bytes", empty.len());
    for tag in [b"STRS", b"ELEM", b"STYL", b"VARS", b"BIND", b"RSRC", b"SCRP", b"META"] {
        let mut bytes = empty.clone();
        let dir = bytes.windows(4).position(|w| w == tag).expect("listed");
        let at = u32::from_le_bytes(bytes[dir + 4..dir + 8].try_into().expect("4 bytes")) as usize;
        bytes[at..at + 4].copy_from_slice(&4_000_000_000u32.to_le_bytes());
        let mut result = None;
        let peak = peak_while(|| {
            result = Some(read_with(&bytes, ReadOptions { verify_checksum: false }));
        });
        let err = result.expect("ran").expect_err("cannot hold 4 billion records");
        assert!(matches!(err.kind, ReadErrorKind::CountTooLarge { .. }), "{tag:?}: {err}");
        assert!(peak < 4096, "{}: reading allocated {peak} bytes", String::from_utf8_lossy(tag));
    }
}

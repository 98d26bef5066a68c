//! The reader is total: thousands of mutated files (bit flips, byte overwrites, truncations,
//! huge counts and offsets, spliced sections) give an error or a document, never a panic. Any
//! document the reader accepts can be written again and reads back the same.

mod support;

use krb_format::*;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NO_CHECKSUM: ReadOptions = ReadOptions { verify_checksum: false };

fn check(bytes: &[u8], what: &str) -> bool {
    let result = std::panic::catch_unwind(|| read_with(bytes, NO_CHECKSUM));
    match result {
        Err(_) => panic!("the reader panicked on {what}"),
        Ok(Ok(mut doc)) => {
            // Unknown sections are skipped, not written again.
            doc.unknown_sections.clear();
            let again =
                write(&doc).unwrap_or_else(|e| panic!("{what}: accepted but not writable: {e}"));
            let back = read(&again).unwrap_or_else(|e| panic!("{what}: rewritten file fails: {e}"));
            assert!(back == doc, "{what}: rewritten file differs");
            true
        }
        Ok(Err(err)) => {
            assert!(err.offset <= bytes.len(), "{what}: error offset {} past the end", err.offset);
            assert!(!err.to_string().is_empty());
            false
        }
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> (Vec<u8>, String) {
    let mut bytes = original.to_vec();
    let len = bytes.len();
    match rng.below(6) {
        0 => {
            let i = rng.below(len);
            let bit = rng.below(8);
            bytes[i] ^= 1 << bit;
            (bytes, format!("bit flip at {i}.{bit}"))
        }
        1 => {
            let i = rng.below(len);
            bytes[i] = rng.next() as u8;
            (bytes, format!("byte overwrite at {i}"))
        }
        2 => {
            let n = rng.below(len);
            bytes.truncate(n);
            (bytes, format!("truncation to {n}"))
        }
        3 => {
            // A huge or boundary 32-bit number anywhere (counts, offsets, indices, lengths).
            let i = rng.below(len.saturating_sub(4));
            let v: u32 =
                [u32::MAX, u32::MAX - 1, 0x8000_0000, 0x0100_0000, len as u32, 0][rng.below(6)];
            bytes[i..i + 4].copy_from_slice(&v.to_le_bytes());
            (bytes, format!("u32 {v:#x} at {i}"))
        }
        4 => {
            let i = rng.below(len);
            let n = 1 + rng.below(16);
            let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            bytes.splice(i..i, junk);
            (bytes, format!("{n} bytes inserted at {i}"))
        }
        _ => {
            let i = rng.below(len);
            let n = 1 + rng.below(16.min(len - i));
            bytes.drain(i..i + n);
            (bytes, format!("{n} bytes removed at {i}"))
        }
    }
}

#[test]
fn thousands_of_mutations_never_panic() {
    let original = write(&support::every_feature()).expect("valid");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    let rounds = 20_000;
    for round in 0..rounds {
        let (mut bytes, what) = mutate(&mut rng, &original);
        // Keep the header's size right half the time so mutations reach the sections.
        if round % 2 == 0 && bytes.len() >= 20 {
            let n = bytes.len() as u32;
            bytes[16..20].copy_from_slice(&n.to_le_bytes());
        }
        if check(&bytes, &format!("round {round}: {what}")) {
            accepted += 1;
        }
        // With the checksum on, every mutation that changes the content is refused.
        if bytes != original {
            assert!(read(&bytes).is_err(), "round {round}: {what}: checksum missed a change");
        }
    }
    // Most mutations break a rule; some (inside string data) leave a valid file.
    assert!(accepted < rounds / 2, "{accepted} of {rounds} mutated files were accepted");
}

#[test]
fn every_truncation_is_an_error() {
    let original = write(&support::every_feature()).expect("valid");
    for n in 0..original.len() {
        let err = read_with(&original[..n], NO_CHECKSUM).expect_err("a truncated file");
        assert!(err.offset <= n);
    }
}

#[test]
fn huge_counts_fail_before_allocating() {
    // An empty document is ~120 bytes; claim 4 billion elements in it.
    let mut bytes = write(&Document::default()).expect("valid");
    let elem = find_section(&bytes, b"ELEM");
    bytes[elem..elem + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = read_with(&bytes, NO_CHECKSUM).expect_err("4 billion elements do not fit");
    assert!(matches!(err.kind, ReadErrorKind::CountTooLarge { count: u32::MAX, .. }), "{err}");
    assert_eq!(err.offset, elem);
}

#[test]
fn offsets_outside_the_file_are_refused() {
    let mut bytes = write(&Document::default()).expect("valid");
    // The first directory entry's offset.
    bytes[36..40].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = read_with(&bytes, NO_CHECKSUM).expect_err("bad offset");
    assert!(matches!(err.kind, ReadErrorKind::BadSection { .. }), "{err}");
}

#[test]
fn random_bytes_and_short_inputs_are_errors() {
    let mut rng = Rng(42);
    for n in 0..2_000 {
        let mut bytes: Vec<u8> = (0..rng.below(300)).map(|_| rng.next() as u8).collect();
        if n % 2 == 0 && bytes.len() >= 8 {
            bytes[..8].copy_from_slice(&krb_format::layout::MAGIC);
        }
        assert!(!check(&bytes, &format!("random input {n}")), "random input {n} was accepted");
    }
}

/// The offset of a section's content.
fn find_section(bytes: &[u8], tag: &[u8; 4]) -> usize {
    let at = bytes.windows(4).position(|w| w == tag).expect("the directory lists it");
    u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes")) as usize
}

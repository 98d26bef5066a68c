//! Fuzz target: any bytes through the KRB reader, with and without the checksum check, and
//! through `kryc inspect`'s views of whatever it accepts. It must never panic, and a document
//! it accepts must write and read back unchanged.
#![no_main]

use krb_format::{read, read_with, write, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read(data);
    if let Ok(mut doc) = read_with(data, ReadOptions { verify_checksum: false }) {
        let _ = kryc::inspect::text(&doc);
        let _ = kryc::inspect::json(&doc);
        doc.unknown_sections.clear();
        let bytes = write(&doc).expect("an accepted document can be written");
        assert_eq!(read(&bytes).expect("and read again"), doc);
    }
});

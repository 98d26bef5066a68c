//! KRB 1.3 precompiled bytecode (`BCOD`): round trips beside the source and alone, the
//! per-entry CRC-32 checked even when the file's checksum is not, every truncation and
//! damage a clean error, and the version and ordering rules both ways. Also the string
//! table compaction tools use after removing records.

use krb_format::*;

const NO_CHECKSUM: ReadOptions = ReadOptions { verify_checksum: false };

/// Two Lua function scripts: `a` with its source and bytecode, `b` precompiled only.
fn with_bytecode() -> Document {
    let mut doc =
        Document { minor_version: 3, required_vms: vec![languages::LUA], ..Document::default() };
    let mut s = |t: &str| doc.strings.intern(t);
    let (lua, a, b, body, file, engine) =
        (s("lua"), s("a"), s("b"), s("x = 1"), s("app.kry"), s("lua 5.4 (mlua 0.12.2)"));
    let at = SourceLocation { file, line: 3, column: 5 };
    for (name, payload) in [(a, Payload::Source(body)), (b, Payload::Precompiled)] {
        doc.scripts.push(Script {
            language: languages::LUA,
            role: ScriptRole::Function,
            vm: lua,
            name: Some(name),
            payload,
            location: at,
            entry_points: vec![EntryPoint { name, params: vec![], location: at }],
        });
    }
    doc.bytecode = vec![
        Bytecode { script: 0, engine, bytes: b"\x1bLua\x54\x00 one".to_vec() },
        Bytecode { script: 1, engine, bytes: b"\x1bLua\x54\x00 two, longer".to_vec() },
    ];
    doc
}

fn section(bytes: &[u8], tag: &[u8; 4]) -> (usize, usize) {
    let at = bytes.windows(4).position(|w| w == tag).expect("the directory lists it");
    let word = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    (word(at + 4) as usize, word(at + 8) as usize)
}

#[test]
fn bytecode_round_trips_beside_the_source_and_alone() {
    let doc = with_bytecode();
    let bytes = write(&doc).expect("valid");
    assert_eq!(bytes[10], 3, "a file with bytecode is 1.3");
    let back = read(&bytes).expect("reads");
    assert_eq!(back, doc);
    assert_eq!(back.bytecode_of(1).map(|b| b.bytes.len()), Some(18));
    assert!(back.bytecode_of(2).is_none());
    assert_eq!(write(&back).expect("valid"), bytes, "deterministic");
}

#[test]
fn damaged_bytecode_is_a_read_error_even_without_the_file_checksum() {
    let bytes = write(&with_bytecode()).expect("valid");
    let (start, len) = section(&bytes, b"BCOD");
    // Flip the last byte of the second blob: the file checksum is not checked, the blob's is.
    let mut damaged = bytes.clone();
    damaged[start + len - 1] ^= 0x20;
    let err = read_with(&damaged, NO_CHECKSUM).expect_err("damaged");
    assert!(matches!(err.kind, ReadErrorKind::BytecodeChecksum { .. }), "{err}");
    assert!(err.to_string().contains("bytecode checksum mismatch"), "{err}");
    assert!(err.offset > start && err.offset < start + len, "points into BCOD: {err}");
}

#[test]
fn every_truncation_of_the_bytecode_section_is_an_error() {
    let bytes = write(&with_bytecode()).expect("valid");
    let (start, len) = section(&bytes, b"BCOD");
    let dir = bytes.windows(4).position(|w| w == b"BCOD").expect("listed");
    for cut in 0..len {
        let mut short = bytes[..start + cut].to_vec();
        // Keep the header consistent so the section itself is what breaks.
        short[dir + 8..dir + 12].copy_from_slice(&(cut as u32).to_le_bytes());
        let size = short.len() as u32;
        short[16..20].copy_from_slice(&size.to_le_bytes());
        let result = std::panic::catch_unwind(|| read_with(&short, NO_CHECKSUM));
        let err = result.expect("no panic").expect_err("truncated");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn random_damage_to_the_bytecode_section_never_panics() {
    let bytes = write(&with_bytecode()).expect("valid");
    let (start, len) = section(&bytes, b"BCOD");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..2000 {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let r = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let mut damaged = bytes.clone();
        damaged[start + (r as usize % len)] = (r >> 32) as u8;
        let result = std::panic::catch_unwind(|| read_with(&damaged, NO_CHECKSUM));
        if let Ok(doc) = result.expect("no panic") {
            // Accepted: it must write back to the same document.
            let again = write(&doc).expect("writable");
            assert_eq!(read(&again).expect("reads"), doc);
        }
    }
}

#[test]
fn version_order_and_orphan_rules_hold_both_ways() {
    let doc = with_bytecode();
    let mut old = doc.clone();
    old.minor_version = 2;
    assert!(write(&old).is_err(), "bytecode in a 1.2 file");
    // A reader refuses BCOD in an older file.
    let mut bytes = write(&doc).expect("valid");
    bytes[10] = 2;
    let err = read_with(&bytes, NO_CHECKSUM).expect_err("1.2");
    assert!(err.to_string().contains("older than 1.3"), "{err}");

    let mut unordered = doc.clone();
    unordered.bytecode.swap(0, 1);
    assert!(write(&unordered).is_err(), "descending");
    let mut outside = doc.clone();
    outside.bytecode[1].script = 2;
    assert!(write(&outside).is_err(), "a script that does not exist");
    let mut orphan = doc.clone();
    orphan.bytecode.pop();
    assert!(write(&orphan).is_err(), "precompiled only, without bytecode");

    // The same orphan, forged in the bytes: entry count 1 instead of 2, the second entry cut.
    let mut forged = write(&{
        let mut d = doc.clone();
        d.scripts[1].payload = Payload::Source(d.scripts[0].payload_source());
        d.bytecode.pop();
        d
    })
    .expect("valid");
    let (script_start, _) = section(&forged, b"SCRP");
    // Script 1's payload kind: after script 0's record. Find the second `01 01 01 00`.
    let marks: Vec<usize> = forged
        .windows(4)
        .enumerate()
        .filter(|(i, w)| *i >= script_start && *w == [1, 1, 1, 0])
        .map(|(i, _)| i)
        .collect();
    let second = marks[1];
    forged[second + 2] = 4;
    // The source reference that followed is gone from a kind-4 record: remove its 4 bytes.
    forged.drain(second + 12..second + 16);
    let err = read_with(&fix_layout(forged), NO_CHECKSUM).expect_err("orphan");
    assert!(err.to_string().contains("precompiled only but the file has no bytecode"), "{err}");
}

/// After removing bytes from the script section: shorten its length, move later sections
/// (offsets are only checked against the file), and fix the file size.
fn fix_layout(mut bytes: Vec<u8>) -> Vec<u8> {
    let dir = bytes.windows(4).position(|w| w == b"SCRP").expect("listed");
    let len = u32::from_le_bytes(bytes[dir + 8..dir + 12].try_into().expect("4")) - 4;
    bytes[dir + 8..dir + 12].copy_from_slice(&len.to_le_bytes());
    for tag in [b"EVLO", b"BCOD"] {
        if let Some(at) = bytes.windows(4).position(|w| w == tag) {
            let off = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4")) - 4;
            bytes[at + 4..at + 8].copy_from_slice(&off.to_le_bytes());
        }
    }
    let size = bytes.len() as u32;
    bytes[16..20].copy_from_slice(&size.to_le_bytes());
    bytes
}

trait SourceOf {
    fn payload_source(&self) -> StrId;
}

impl SourceOf for Script {
    fn payload_source(&self) -> StrId {
        match self.payload {
            Payload::Source(s) => s,
            _ => StrId(0),
        }
    }
}

#[test]
fn compacting_drops_unreferenced_strings_and_keeps_each_once() {
    let mut doc = with_bytecode();
    let unused = doc.strings.intern("only the removed script used this");
    doc.scripts[0].payload = Payload::Source(unused);
    doc.scripts[0].payload = Payload::Source(doc.strings.intern("x = 1"));
    let before = doc.strings.len();
    let dropped = doc.compact_strings();
    assert_eq!(dropped, 1);
    assert_eq!(doc.strings.len(), before - 1);
    let texts: Vec<&str> = doc.strings.iter().collect();
    assert_eq!(texts, ["lua", "a", "x = 1", "app.kry", "b", "lua 5.4 (mlua 0.12.2)"]);
    // Compacting again changes nothing; the document still writes and reads back.
    let again = doc.clone();
    assert_eq!(doc.compact_strings(), 0);
    assert_eq!(doc, again);
    assert_eq!(read(&write(&doc).expect("valid")).expect("reads"), doc);
}

//! Writing then reading gives the same document, for a document that uses every feature and
//! for one beyond every 8- and 16-bit limit; writing is deterministic.

mod support;

use krb_format::*;

#[test]
fn every_feature_round_trips() {
    let doc = support::every_feature();
    let bytes = write(&doc).expect("valid");
    let back = read(&bytes).expect("reads");
    assert_eq!(back, doc);
    assert_eq!(write(&back).expect("valid"), bytes, "rewriting gives the same bytes");
}

#[test]
fn writing_is_deterministic() {
    let a = write(&support::every_feature()).expect("valid");
    let b = write(&support::every_feature()).expect("valid");
    assert_eq!(a, b);
}

#[test]
fn large_document_beyond_16_bit_limits_round_trips() {
    let mut doc = Document::default();
    let n = 70_000u32;
    for i in 0..n {
        let name = doc.strings.intern(&format!("element-{i}"));
        let long = doc.strings.intern(&"x".repeat(300 + (i as usize % 7)));
        let properties = doc.push_properties([
            Property { id: 80, flags: 0, name: None, value: Value::String(long) },
            Property {
                id: 0,
                flags: 0,
                name: Some(name),
                value: Value::Int { value: i as i64, unit: Unit::Px },
            },
        ]);
        doc.elements.push(Element {
            kind: 2,
            tag: None,
            parent: i.checked_sub(1).map(|p| p / 2),
            id: Some(name),
            component: None,
            properties,
            state_sets: Span { start: 0, len: 0 },
            events: Span { start: 0, len: 0 },
        });
    }
    assert!(doc.strings.len() > 70_000);
    let bytes = write(&doc).expect("valid");
    let back = read(&bytes).expect("reads");
    assert_eq!(back.elements.len(), n as usize);
    assert_eq!(back.str(back.elements[69_999].id.expect("has an id")), "element-69999");
    assert_eq!(back, doc);
}

#[test]
fn unknown_sections_are_skipped_and_listed() {
    let bytes = write(&support::every_feature()).expect("valid");
    // Rename the META section to an unknown tag and fix the checksum.
    let mut bytes = bytes;
    let at = bytes.windows(4).position(|w| w == b"META").expect("has META");
    bytes[at..at + 4].copy_from_slice(b"XTRA");
    restamp(&mut bytes);
    let doc = read(&bytes).expect("an unknown section is skipped");
    assert!(doc.metadata.is_empty());
    assert_eq!(doc.unknown_sections.len(), 1);
    assert_eq!(&doc.unknown_sections[0].tag, b"XTRA");
}

#[test]
fn newer_minor_versions_are_read_and_newer_major_versions_refused() {
    let mut bytes = write(&support::every_feature()).expect("valid");
    bytes[10] = 3; // minor 3
    restamp(&mut bytes);
    assert_eq!(read(&bytes).expect("minor 3 reads").minor_version, 3);
    bytes[8] = 2; // major 2
    restamp(&mut bytes);
    let err = read(&bytes).expect_err("major 2 is refused");
    assert_eq!(err.kind, ReadErrorKind::UnsupportedMajor { major: 2 });
    assert!(err.to_string().contains("KRB 2.x is newer than this reader"), "{err}");
}

#[test]
fn legacy_files_are_named() {
    let mut legacy = b"KRB1".to_vec();
    legacy.extend_from_slice(&[0x05, 0x00]);
    legacy.resize(54, 0);
    let err = read(&legacy).expect_err("a 2025 file");
    assert_eq!(err.kind, ReadErrorKind::Legacy { version: 5 });
    assert!(err.to_string().contains("2025 KRB file"), "{err}");
}

fn restamp(bytes: &mut [u8]) {
    bytes[20..24].fill(0);
    let crc = crc32(bytes);
    bytes[20..24].copy_from_slice(&crc.to_le_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    // Bitwise CRC-32 (ISO-HDLC), independent of the crate's implementation.
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// NaN is refused both ways, so every document read equals itself (found by fuzzing).
#[test]
fn nan_is_refused() {
    let mut doc = Document::default();
    let props = doc.push_properties([Property {
        id: 1,
        flags: 0,
        name: None,
        value: Value::Float { value: 1.5, unit: Unit::None },
    }]);
    doc.elements.push(Element {
        kind: 1,
        tag: None,
        parent: None,
        id: None,
        component: None,
        properties: props,
        state_sets: Span::default(),
        events: Span::default(),
    });
    let mut bytes = write(&doc).expect("valid");
    let at = bytes.windows(8).position(|w| w == 1.5f64.to_bits().to_le_bytes()).expect("found");
    bytes[at..at + 8].copy_from_slice(&f64::NAN.to_bits().to_le_bytes());
    restamp(&mut bytes);
    let err = read(&bytes).expect_err("NaN");
    assert_eq!(err.offset, at);
    doc.properties[0].value = Value::Float { value: f64::NAN, unit: Unit::None };
    assert!(write(&doc).is_err());
}

#[test]
fn event_locations_are_1_1_and_checked() {
    let doc = support::every_feature();
    let bytes = write(&doc).expect("valid");
    assert_eq!(bytes[10], 1, "a file with event locations is 1.1");
    let back = read(&bytes).expect("reads");
    let inline = back.events.iter().position(|e| matches!(e.handler, Handler::Inline { .. }));
    let at = back.event_location(inline.expect("has one") as u32).expect("located");
    assert_eq!((back.str(at.file), at.line, at.column), ("app.kry", 7, 30));
    // Without them the file stays 1.0 (a 1.0 reader reads all of it).
    let mut plain = doc.clone();
    plain.event_locations.clear();
    plain.minor_version = 0;
    assert_eq!(write(&plain).expect("valid")[10], 0);
    // Writers refuse what readers would refuse.
    let mut old = doc.clone();
    old.minor_version = 0;
    assert!(write(&old).is_err(), "event locations in a 1.0 file");
    let mut outside = doc.clone();
    outside.event_locations[0].event = doc.events.len() as u32;
    assert!(write(&outside).is_err(), "an event that does not exist");
}

/// A document whose one property is `$a + "b"`, at a minor version.
fn with_plus(minor: u16) -> Document {
    let mut doc = Document { minor_version: minor, ..Document::default() };
    let a = doc.strings.intern("a");
    let b = doc.strings.intern("b");
    let value = Value::Binary {
        op: BinaryOp::Add,
        lhs: Box::new(Value::Var(a)),
        rhs: Box::new(Value::String(b)),
    };
    let properties = doc.push_properties([Property { id: 80, flags: 0, name: None, value }]);
    doc.elements.push(Element {
        kind: 3,
        tag: None,
        parent: None,
        id: None,
        component: None,
        properties,
        state_sets: Span { start: 0, len: 0 },
        events: Span { start: 0, len: 0 },
    });
    doc
}

#[test]
fn the_plus_operator_needs_minor_version_2() {
    let doc = with_plus(2);
    let bytes = write(&doc).expect("1.2 has `+`");
    assert_eq!(read(&bytes).expect("reads"), doc);
    assert!(write(&with_plus(1)).is_err(), "a 1.1 file cannot hold `+`");
    // The same bytes claiming 1.1: the reader refuses the operator.
    let mut old = bytes.clone();
    old[10..12].copy_from_slice(&1u16.to_le_bytes());
    let options = ReadOptions { verify_checksum: false };
    let error = read_with(&old, options).expect_err("`+` in 1.1");
    assert!(error.to_string().contains("older than 1.2"), "{error}");
}

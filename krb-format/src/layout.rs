//! Byte-level constants of the layout (SPEC.md §2–§3).

/// The first eight bytes of every KRB file: `\x89 K R B \r \n \x1a \n`. The high byte and the
/// line endings catch 7-bit and text-mode transfers, as in PNG.
pub const MAGIC: [u8; 8] = [0x89, b'K', b'R', b'B', b'\r', b'\n', 0x1a, b'\n'];

/// The magic of the 2025 layouts, which 1.0 replaces.
pub const LEGACY_MAGIC: [u8; 4] = *b"KRB1";

/// The fixed part of the header.
pub const HEADER_SIZE: usize = 32;
/// Where the checksum is stored.
pub const CHECKSUM_OFFSET: usize = 20;
/// One section directory entry: tag, offset, length.
pub const DIRECTORY_ENTRY_SIZE: usize = 12;

/// Header flag bits 16–31 must be understood by a reader; 1.0 defines none.
pub const REQUIRED_FLAGS_MASK: u32 = 0xFFFF_0000;

/// Written where an optional index is absent.
pub const NONE: u32 = u32::MAX;

pub mod tags {
    pub const STRINGS: [u8; 4] = *b"STRS";
    pub const METADATA: [u8; 4] = *b"META";
    pub const ELEMENTS: [u8; 4] = *b"ELEM";
    pub const STYLES: [u8; 4] = *b"STYL";
    pub const VARIABLES: [u8; 4] = *b"VARS";
    pub const BINDINGS: [u8; 4] = *b"BIND";
    pub const RESOURCES: [u8; 4] = *b"RSRC";
    pub const SCRIPTS: [u8; 4] = *b"SCRP";
    /// 1.1: where inline handlers' code is; written only when there is some.
    pub const EVENT_LOCATIONS: [u8; 4] = *b"EVLO";
    /// 1.3: precompiled bytecode of scripts; written only when there is some.
    pub const BYTECODE: [u8; 4] = *b"BCOD";
    /// Every tag this crate knows, in the order writers put the sections.
    pub const ALL: [[u8; 4]; 10] = [
        STRINGS,
        METADATA,
        ELEMENTS,
        STYLES,
        VARIABLES,
        BINDINGS,
        RESOURCES,
        SCRIPTS,
        EVENT_LOCATIONS,
        BYTECODE,
    ];
}

/// The smallest encoding of each record, used to bound counts before allocating.
pub mod min_size {
    pub const VALUE: usize = 2;
    pub const ELEMENT: usize = 32;
    pub const PROPERTY: usize = 8 + VALUE;
    pub const STATE_SET: usize = 8;
    pub const EVENT: usize = 6;
    pub const STYLE: usize = 12;
    pub const VARIABLE: usize = 8 + VALUE;
    pub const BINDING: usize = 20;
    pub const RESOURCE: usize = 12;
    pub const LOCATION: usize = 12;
    pub const SCRIPT: usize = 12 + 4 + LOCATION + 4;
    pub const ENTRY_POINT: usize = 8 + LOCATION;
    pub const EVENT_LOCATION: usize = 4 + LOCATION;
    pub const BYTECODE: usize = 16;
    pub const METADATA: usize = 8;
    pub const STRING: usize = 4;
    pub const OBJECT_ENTRY: usize = 4 + VALUE;
    pub const TEMPLATE_PART: usize = 5;
    pub const INDEX: usize = 4;
}

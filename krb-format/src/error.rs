//! Reading and writing errors.

use std::fmt;

/// Why a byte string is not a KRB file this reader can use, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Byte offset in the file where the problem was found.
    pub offset: usize,
    pub kind: ReadErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The file does not start with the KRB magic bytes.
    NotKrb,
    /// A file from the 2025 toolchain (magic `KRB1`), which this format replaces.
    Legacy {
        version: u16,
    },
    /// A newer major version than this reader understands.
    UnsupportedMajor {
        major: u16,
    },
    /// A header flag that readers must understand and this one does not.
    UnknownRequiredFlags {
        flags: u32,
    },
    /// The file ends before a field that should be there.
    Truncated {
        needed: usize,
        available: usize,
    },
    /// The header's file size differs from the byte count.
    SizeMismatch {
        declared: u32,
        actual: usize,
    },
    ChecksumMismatch {
        stored: u32,
        computed: u32,
    },
    /// A bytecode entry's bytes differ from their CRC-32 (checked even when the file's
    /// checksum is not: loading damaged bytecode is unsafe).
    BytecodeChecksum {
        stored: u32,
        computed: u32,
    },
    /// A count claims more records than the remaining bytes can hold.
    CountTooLarge {
        what: &'static str,
        count: u32,
        available: usize,
    },
    /// A section directory entry that is out of bounds, overlapping or repeated.
    BadSection {
        tag: [u8; 4],
        reason: &'static str,
    },
    /// A section has bytes left over after its content.
    TrailingBytes {
        tag: [u8; 4],
        count: usize,
    },
    InvalidUtf8,
    /// An index that points outside its table.
    BadIndex {
        what: &'static str,
        index: u32,
        len: usize,
    },
    /// An enumeration code this version does not define.
    BadCode {
        what: &'static str,
        code: u32,
    },
    /// Some other structural rule of SPEC.md is broken.
    Invalid(&'static str),
    /// A value nests deeper than [`crate::MAX_VALUE_DEPTH`].
    TooDeep,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {} (0x{:x}): ", self.offset, self.offset)?;
        match &self.kind {
            ReadErrorKind::NotKrb => write!(f, "not a KRB file (the magic bytes are missing)"),
            ReadErrorKind::Legacy { version } => write!(
                f,
                "a 2025 KRB file (\"KRB1\", version 0x{version:04x}); rebuild it from its .kry source with this kryc (see docs/krb-migration.md)"
            ),
            ReadErrorKind::UnsupportedMajor { major } => write!(
                f,
                "KRB {major}.x is newer than this reader, which reads KRB {}.x; upgrade kryon",
                crate::MAJOR_VERSION
            ),
            ReadErrorKind::UnknownRequiredFlags { flags } => {
                write!(f, "unknown required header flags 0x{flags:08x}; upgrade kryon")
            }
            ReadErrorKind::Truncated { needed, available } => write!(
                f,
                "the file is truncated: {needed} more bytes needed, {available} available"
            ),
            ReadErrorKind::SizeMismatch { declared, actual } => write!(
                f,
                "the header says the file has {declared} bytes but it has {actual} (truncated or padded)"
            ),
            ReadErrorKind::ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: stored 0x{stored:08x}, computed 0x{computed:08x} (the file is corrupt)"
            ),
            ReadErrorKind::BytecodeChecksum { stored, computed } => write!(
                f,
                "bytecode checksum mismatch: stored 0x{stored:08x}, computed 0x{computed:08x} (the bytecode is damaged)"
            ),
            ReadErrorKind::CountTooLarge { what, count, available } => write!(
                f,
                "{count} {what} cannot fit in the {available} bytes that remain"
            ),
            ReadErrorKind::BadSection { tag, reason } => {
                write!(f, "section {}: {reason}", tag_name(tag))
            }
            ReadErrorKind::TrailingBytes { tag, count } => {
                write!(f, "section {} has {count} unused bytes at its end", tag_name(tag))
            }
            ReadErrorKind::InvalidUtf8 => write!(f, "the string table is not valid UTF-8"),
            ReadErrorKind::BadIndex { what, index, len } => {
                write!(f, "{what} index {index} is out of range (there are {len})")
            }
            ReadErrorKind::BadCode { what, code } => write!(f, "unknown {what} code {code}"),
            ReadErrorKind::Invalid(reason) => write!(f, "{reason}"),
            ReadErrorKind::TooDeep => write!(
                f,
                "a value nests deeper than {} levels",
                crate::value::MAX_VALUE_DEPTH
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// The printable form of a section tag.
pub fn tag_name(tag: &[u8; 4]) -> String {
    if tag.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        String::from_utf8_lossy(tag).into_owned()
    } else {
        format!("0x{:08x}", u32::from_be_bytes(*tag))
    }
}

/// Why a document cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file would exceed 4 GiB, the limit of 32-bit offsets.
    TooLarge,
    /// A value nests deeper than [`crate::MAX_VALUE_DEPTH`].
    TooDeep,
    /// The document is inconsistent (a span outside its pool, a bad reference).
    Invalid(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::TooLarge => write!(f, "the KRB file would exceed 4 GiB"),
            WriteError::TooDeep => write!(
                f,
                "a value nests deeper than {} levels, the KRB limit",
                crate::value::MAX_VALUE_DEPTH
            ),
            WriteError::Invalid(reason) => write!(f, "inconsistent document: {reason}"),
        }
    }
}

impl std::error::Error for WriteError {}

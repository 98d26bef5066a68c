//! Byte offsets to LSP positions and back, with columns in the negotiated encoding
//! (UTF-16 unless the client offered UTF-8), through [`SourceFile`].

use lsp_types::{Position, Range};

use crate::source::{PositionEncoding, SourceFile, TextRange};

/// The LSP position (0-based line and column) of byte `offset`.
pub fn position(file: &SourceFile, offset: usize, encoding: PositionEncoding) -> Position {
    let at = file.line_col(offset, encoding);
    Position { line: at.line - 1, character: at.column - 1 }
}

pub fn range(file: &SourceFile, range: TextRange, encoding: PositionEncoding) -> Range {
    Range {
        start: position(file, range.start as usize, encoding),
        end: position(file, range.end as usize, encoding),
    }
}

/// The byte offset of an LSP position (clamped to the text).
pub fn offset(file: &SourceFile, position: Position, encoding: PositionEncoding) -> usize {
    file.offset_at(position.line as usize, position.character as usize, encoding)
}

/// The byte range of an LSP range.
pub fn text_range(file: &SourceFile, range: Range, encoding: PositionEncoding) -> TextRange {
    let start = offset(file, range.start, encoding);
    let end = offset(file, range.end, encoding).max(start);
    TextRange::new(start, end)
}

/// The LSP name of an encoding.
pub fn encoding_kind(encoding: PositionEncoding) -> lsp_types::PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => lsp_types::PositionEncodingKind::UTF32,
    }
}

/// The encoding to use given what the client offers: UTF-8 when it is offered (kryc's
/// offsets are UTF-8 bytes, so nothing needs converting), else UTF-16, LSP's default.
pub fn negotiate(offered: Option<&[lsp_types::PositionEncodingKind]>) -> PositionEncoding {
    match offered {
        Some(kinds) if kinds.contains(&lsp_types::PositionEncodingKind::UTF8) => {
            PositionEncoding::Utf8
        }
        _ => PositionEncoding::Utf16,
    }
}

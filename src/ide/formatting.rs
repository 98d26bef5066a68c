//! Document formatting through the library's formatter ([`crate::format`]): one edit that
//! replaces the whole text, or none when the file is formatted already or does not parse.

use lsp_types::{Position, Range, TextEdit};

use crate::format::format;
use crate::source::{FileId, PositionEncoding, SourceFile};

pub fn format_document(source: &SourceFile, encoding: PositionEncoding) -> Vec<TextEdit> {
    let Ok(formatted) = format(FileId(0), source) else { return Vec::new() };
    if formatted == source.text() {
        return Vec::new();
    }
    let end = super::position::position(source, source.text().len(), encoding);
    vec![TextEdit { range: Range { start: Position::default(), end }, new_text: formatted }]
}

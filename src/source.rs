//! Source files held in memory, byte spans into them, and line/column mapping.
//!
//! The compiler core never reads files: the CLI (or the language server) hands text to a
//! [`SourceDb`] through a [`crate::loader::Loader`]. Every span in the compiler is a byte range
//! into one of these files.

use std::fmt;
use std::sync::Arc;

/// Index of a file in a [`SourceDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A half-open byte range `start..end` inside one file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        TextRange { start: start as u32, end: end as u32 }
    }
    pub fn empty(at: usize) -> Self {
        Self::new(at, at)
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
    pub fn as_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A byte range in a specific file: what diagnostics point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileSpan {
    pub file: FileId,
    pub range: TextRange,
}

impl FileSpan {
    pub fn new(file: FileId, range: TextRange) -> Self {
        FileSpan { file, range }
    }
}

/// How columns are counted when a byte offset is turned into a line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (what LSP clients use by default).
    Utf16,
    /// Unicode scalar values (characters); the default.
    #[default]
    Utf32,
}

impl PositionEncoding {
    pub const ALL: [PositionEncoding; 3] =
        [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32];

    pub fn from_name(name: &str) -> Option<PositionEncoding> {
        PositionEncoding::ALL.into_iter().find(|e| e.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PositionEncoding::Utf8 => "utf-8",
            PositionEncoding::Utf16 => "utf-16",
            PositionEncoding::Utf32 => "utf-32",
        }
    }
}

/// A 1-based line and column; the column unit is a [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// One file's text, its display name and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile { name: name.into(), text, line_starts }
    }

    /// The name shown to users (a path as given on the command line or by an include).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> Arc<str> {
        self.text.clone()
    }

    /// The 0-based line that contains byte `offset` (offsets past the end map to the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).map(|&s| s as usize).unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of 0-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = if line + 1 < self.line_starts.len() {
            self.line_starts[line + 1] as usize
        } else {
            self.text.len()
        };
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// 1-based line and column of byte `offset`, columns counted in `encoding`.
    /// An offset inside a multi-byte character is moved back to that character's start.
    pub fn line_col(&self, offset: usize, encoding: PositionEncoding) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let prefix = &self.text[self.line_start(line)..offset];
        let column = match encoding {
            PositionEncoding::Utf8 => prefix.len(),
            PositionEncoding::Utf16 => prefix.encode_utf16().count(),
            PositionEncoding::Utf32 => prefix.chars().count(),
        };
        LineCol { line: line as u32 + 1, column: column as u32 + 1 }
    }

    /// The byte offset of 0-based `line` and 0-based `column` (counted in `encoding`): the
    /// inverse of [`SourceFile::line_col`]. A column past the line's end is its end (before
    /// the line break); a line past the last is the end of the text; a column inside a
    /// character (half of a UTF-16 surrogate pair) is that character's start.
    pub fn offset_at(&self, line: usize, column: usize, encoding: PositionEncoding) -> usize {
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let start = self.line_start(line);
        let text = self.line_text(line);
        let mut units = 0;
        for (i, c) in text.char_indices() {
            let width = match encoding {
                PositionEncoding::Utf8 => c.len_utf8(),
                PositionEncoding::Utf16 => c.len_utf16(),
                PositionEncoding::Utf32 => 1,
            };
            if units + width > column {
                return start + i;
            }
            units += width;
        }
        start + text.len()
    }

    /// Width of the leading whitespace of 0-based line `line`, tabs counted as 4 columns.
    pub fn indentation(&self, line: usize) -> usize {
        let mut width = 0;
        for c in self.line_text(line).chars() {
            match c {
                ' ' => width += 1,
                '\t' => width += 4 - width % 4,
                _ => break,
            }
        }
        width
    }
}

/// All files of one compilation, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(name, text));
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.name == name).map(|i| FileId(i as u32))
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_every_encoding() {
        let f = SourceFile::new("t.kry", "ab\n\u{e9}\u{1F600}x\r\ny");
        let x = f.text().find('x').unwrap();
        assert_eq!(f.line_col(x, PositionEncoding::Utf8), LineCol { line: 2, column: 7 });
        assert_eq!(f.line_col(x, PositionEncoding::Utf16), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(x, PositionEncoding::Utf32), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_text(1), "\u{e9}\u{1F600}x");
        let y = f.text().find('y').unwrap();
        assert_eq!(f.line_col(y, PositionEncoding::Utf32), LineCol { line: 3, column: 1 });
        assert_eq!(
            f.line_col(f.text().len(), PositionEncoding::Utf32),
            LineCol { line: 3, column: 2 }
        );
    }

    #[test]
    fn offsets_from_line_and_column() {
        let f = SourceFile::new("t.kry", "ab\n\u{e9}\u{1F600}x\r\ny");
        let x = f.text().find('x').unwrap();
        assert_eq!(f.offset_at(1, 3, PositionEncoding::Utf16), x);
        assert_eq!(f.offset_at(1, 6, PositionEncoding::Utf8), x);
        assert_eq!(f.offset_at(1, 2, PositionEncoding::Utf32), x);
        assert_eq!(f.offset_at(1, 2, PositionEncoding::Utf16), x - 4, "inside the surrogate pair");
        assert_eq!(f.offset_at(1, 99, PositionEncoding::Utf16), x + 1, "past the end of the line");
        assert_eq!(f.offset_at(9, 0, PositionEncoding::Utf16), f.text().len());
    }

    #[test]
    fn indentation_counts_tabs() {
        let f = SourceFile::new("t.kry", "\t  x\n    y\n");
        assert_eq!(f.indentation(0), 6);
        assert_eq!(f.indentation(1), 4);
    }
}

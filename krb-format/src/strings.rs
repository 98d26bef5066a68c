//! The string table (SPEC.md §4): every name and text of a file, stored once, referenced by
//! index. One UTF-8 buffer and the end offset of each string, so reading it is one UTF-8
//! validation and no allocation per string.

use std::collections::HashMap;

/// The index of a string in the string table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StrId(pub u32);

/// Written where a string reference is optional and absent.
pub const NO_STRING: u32 = u32::MAX;

/// The strings of a document. Interning gives each distinct string one index, in the order
/// they were first interned, so the same sequence of calls always gives the same table.
#[derive(Debug, Clone, Default)]
pub struct StringTable {
    data: String,
    ends: Vec<u32>,
    index: HashMap<Box<str>, u32>,
}

impl PartialEq for StringTable {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && self.ends == other.ends
    }
}

impl StringTable {
    pub fn new() -> StringTable {
        StringTable::default()
    }

    /// Builds a table from its parts as read from a file: `data` is already valid UTF-8 and
    /// every end is a character boundary, in order, the last one `data.len()`.
    pub(crate) fn from_parts(data: String, ends: Vec<u32>) -> StringTable {
        StringTable { data, ends, index: HashMap::new() }
    }

    /// The index of `text`, adding it when it is new.
    ///
    /// # Panics
    /// When the table would exceed the format's limits (2³² − 2 strings or 4 GiB of text);
    /// [`crate::write`] can never be given such a table, so builders check
    /// [`StringTable::can_add`] first when input size is not bounded.
    pub fn intern(&mut self, text: &str) -> StrId {
        if self.index.is_empty() && !self.ends.is_empty() {
            self.rebuild_index();
        }
        if let Some(&i) = self.index.get(text) {
            return StrId(i);
        }
        assert!(self.can_add(text), "string table exceeds the KRB limits");
        let id = self.ends.len() as u32;
        self.data.push_str(text);
        self.ends.push(self.data.len() as u32);
        self.index.insert(text.into(), id);
        StrId(id)
    }

    /// Whether `text` fits in the table within the format's limits.
    pub fn can_add(&self, text: &str) -> bool {
        self.ends.len() < (NO_STRING - 1) as usize
            && self.data.len() + text.len() <= u32::MAX as usize
    }

    fn rebuild_index(&mut self) {
        for i in 0..self.ends.len() {
            let text: Box<str> = self.get(StrId(i as u32)).unwrap_or_default().into();
            self.index.entry(text).or_insert(i as u32);
        }
    }

    /// The string at `id`, if there is one.
    pub fn get(&self, id: StrId) -> Option<&str> {
        let i = id.0 as usize;
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.data.get(start..end)
    }

    /// The string at `id`, or `""` when `id` is out of range (documents read from a file never
    /// have such ids: the reader checks every reference).
    pub fn str(&self, id: StrId) -> &str {
        self.get(id).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The strings in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.str(StrId(i as u32)))
    }

    pub(crate) fn data(&self) -> &str {
        &self.data
    }

    pub(crate) fn ends(&self) -> &[u32] {
        &self.ends
    }
}

//! The reader: bytes to a [`Document`], or an error with the offset where the file breaks a
//! rule of SPEC.md. Total: every read is bounds-checked, every count is checked against the
//! bytes that remain before anything is allocated for it, values nest at most
//! [`MAX_VALUE_DEPTH`] deep, and every index is checked against its table.

use crate::document::*;
use crate::error::{ReadError, ReadErrorKind as K};
use crate::layout::{
    min_size, tags, CHECKSUM_OFFSET, DIRECTORY_ENTRY_SIZE, HEADER_SIZE, LEGACY_MAGIC, MAGIC, NONE,
    REQUIRED_FLAGS_MASK,
};
use crate::strings::{StrId, StringTable};
use crate::value::{tag, BinaryOp, TemplatePart, UnaryOp, Unit, Value, MAX_VALUE_DEPTH};

/// Reading options.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Check the header's CRC-32 (on by default). Off, a corrupt file is still read safely,
    /// and fails only where its structure breaks a rule.
    pub verify_checksum: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { verify_checksum: true }
    }
}

/// Reads a KRB file, verifying its checksum.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with(bytes, ReadOptions::default())
}

pub fn read_with(bytes: &[u8], options: ReadOptions) -> Result<Document, ReadError> {
    let header = Header::read(bytes, options)?;
    let mut doc = Document {
        minor_version: header.minor,
        flags: header.flags,
        required_vms: header.required_vms,
        ..Document::default()
    };
    let section = |tag: [u8; 4]| -> Option<Cursor<'_>> {
        header.sections.iter().find(|s| s.tag == tag).map(|s| Cursor {
            bytes: &bytes[s.offset..s.offset + s.length],
            pos: 0,
            base: s.offset,
        })
    };
    // Counts that values refer to, known before the values are read.
    let peek = |tag| section(tag).map(|c| c.peek_u32()).unwrap_or(0);
    let mut r = Reader {
        minor: doc.minor_version,
        strings: 0,
        styles: peek(tags::STYLES) as usize,
        resources: peek(tags::RESOURCES) as usize,
    };
    if let Some(mut c) = section(tags::STRINGS) {
        doc.strings = read_strings(&mut c)?;
        r.strings = doc.strings.len();
    }
    if let Some(mut c) = section(tags::METADATA) {
        let n = c.count("metadata entries", min_size::METADATA)?;
        doc.metadata.reserve(n);
        for _ in 0..n {
            doc.metadata.push((r.str(&mut c)?, r.str(&mut c)?));
        }
        c.finish(tags::METADATA)?;
    }
    if let Some(mut c) = section(tags::ELEMENTS) {
        r.elements(&mut c, &mut doc)?;
        c.finish(tags::ELEMENTS)?;
    }
    if let Some(mut c) = section(tags::STYLES) {
        r.styles(&mut c, &mut doc)?;
        c.finish(tags::STYLES)?;
    }
    if let Some(mut c) = section(tags::VARIABLES) {
        r.variables(&mut c, &mut doc)?;
        c.finish(tags::VARIABLES)?;
    }
    if let Some(mut c) = section(tags::BINDINGS) {
        r.bindings(&mut c, &mut doc)?;
        c.finish(tags::BINDINGS)?;
    }
    if let Some(mut c) = section(tags::RESOURCES) {
        r.resources(&mut c, &mut doc)?;
        c.finish(tags::RESOURCES)?;
    }
    if let Some(mut c) = section(tags::SCRIPTS) {
        r.scripts(&mut c, &mut doc)?;
        c.finish(tags::SCRIPTS)?;
    }
    if let Some(mut c) = section(tags::EVENT_LOCATIONS) {
        r.event_locations(&mut c, &mut doc)?;
        c.finish(tags::EVENT_LOCATIONS)?;
    }
    if let Some(mut c) = section(tags::BYTECODE) {
        r.bytecode(&mut c, &mut doc)?;
        c.finish(tags::BYTECODE)?;
    }
    let orphan = doc
        .scripts
        .iter()
        .enumerate()
        .any(|(i, s)| s.payload == Payload::Precompiled && doc.bytecode_of(i as u32).is_none());
    if orphan {
        let at = header.sections.iter().find(|s| s.tag == tags::SCRIPTS).map_or(0, |s| s.offset);
        return Err(ReadError {
            offset: at,
            kind: K::Invalid("a script is precompiled only but the file has no bytecode for it"),
        });
    }
    doc.unknown_sections = header
        .sections
        .iter()
        .filter(|s| !tags::ALL.contains(&s.tag))
        .map(|s| UnknownSection { tag: s.tag, offset: s.offset as u32, length: s.length as u32 })
        .collect();
    Ok(doc)
}

struct SectionEntry {
    tag: [u8; 4],
    offset: usize,
    length: usize,
}

struct Header {
    minor: u16,
    flags: u32,
    required_vms: Vec<u8>,
    sections: Vec<SectionEntry>,
}

impl Header {
    fn read(bytes: &[u8], options: ReadOptions) -> Result<Header, ReadError> {
        let at = |offset, kind| ReadError { offset, kind };
        if bytes.starts_with(&LEGACY_MAGIC) {
            let version = bytes.get(4..6).map(|b| u16::from_le_bytes([b[0], b[1]])).unwrap_or(0);
            return Err(at(0, K::Legacy { version }));
        }
        if !bytes.starts_with(&MAGIC) {
            return Err(at(0, K::NotKrb));
        }
        let mut c = Cursor { bytes, pos: MAGIC.len(), base: 0 };
        if bytes.len() < HEADER_SIZE {
            return Err(at(
                bytes.len(),
                K::Truncated { needed: HEADER_SIZE - bytes.len(), available: 0 },
            ));
        }
        let major = c.u16()?;
        if major != MAJOR_VERSION {
            return Err(at(8, K::UnsupportedMajor { major }));
        }
        let minor = c.u16()?;
        let flags = c.u32()?;
        if flags & REQUIRED_FLAGS_MASK != 0 {
            return Err(at(12, K::UnknownRequiredFlags { flags: flags & REQUIRED_FLAGS_MASK }));
        }
        let size = c.u32()?;
        if size as usize != bytes.len() {
            return Err(at(16, K::SizeMismatch { declared: size, actual: bytes.len() }));
        }
        let stored = c.u32()?;
        if options.verify_checksum {
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(&bytes[..CHECKSUM_OFFSET]);
            hasher.update(&[0; 4]);
            hasher.update(&bytes[CHECKSUM_OFFSET + 4..]);
            let computed = hasher.finalize();
            if computed != stored {
                return Err(at(CHECKSUM_OFFSET, K::ChecksumMismatch { stored, computed }));
            }
        }
        let section_count = c.u16()? as usize;
        let vm_count = c.u8()? as usize;
        c.take(5)?; // reserved
        let vm_at = c.pos;
        let required_vms = c.take(vm_count)?.to_vec();
        if required_vms.contains(&0) || required_vms.windows(2).any(|w| w[0] >= w[1]) {
            return Err(at(
                vm_at,
                K::Invalid("the required VM ids must be ascending, unique and non-zero"),
            ));
        }
        c.take((4 - vm_count % 4) % 4)?;
        let directory_end = c.pos + section_count * DIRECTORY_ENTRY_SIZE;
        if directory_end > bytes.len() {
            return Err(at(
                c.pos,
                K::CountTooLarge {
                    what: "sections",
                    count: section_count as u32,
                    available: bytes.len() - c.pos,
                },
            ));
        }
        let mut sections: Vec<SectionEntry> = Vec::with_capacity(section_count);
        for _ in 0..section_count {
            let entry_at = c.pos;
            let tag: [u8; 4] = c.take(4)?.try_into().unwrap_or_default();
            let offset = c.u32()? as usize;
            let length = c.u32()? as usize;
            let bad = |reason| at(entry_at, K::BadSection { tag, reason });
            if offset < directory_end || offset.saturating_add(length) > bytes.len() {
                return Err(bad("it lies outside the file's body"));
            }
            if sections.iter().any(|s| s.tag == tag) {
                return Err(bad("the tag appears twice"));
            }
            if sections.iter().any(|s| offset < s.offset + s.length && s.offset < offset + length) {
                return Err(bad("it overlaps another section"));
            }
            sections.push(SectionEntry { tag, offset, length });
        }
        Ok(Header { minor, flags, required_vms, sections })
    }
}

/// A bounds-checked position in one section; errors carry the absolute file offset.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Cursor<'a> {
    fn err(&self, kind: K) -> ReadError {
        ReadError { offset: self.base + self.pos, kind }
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        if n > self.remaining() {
            return Err(self.err(K::Truncated { needed: n, available: self.remaining() }));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ReadError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, ReadError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, ReadError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, ReadError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, ReadError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn peek_u32(&self) -> u32 {
        self.bytes.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0)
    }

    /// A count of records each at least `min` bytes long, checked against what remains.
    fn count(&mut self, what: &'static str, min: usize) -> Result<usize, ReadError> {
        let at = self.pos;
        let count = self.u32()?;
        if (count as u64) * (min as u64) > self.remaining() as u64 {
            self.pos = at;
            return Err(self.err(K::CountTooLarge { what, count, available: self.remaining() }));
        }
        Ok(count as usize)
    }

    fn finish(&self, tag: [u8; 4]) -> Result<(), ReadError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(self.err(K::TrailingBytes { tag, count })),
        }
    }
}

fn read_strings(c: &mut Cursor<'_>) -> Result<StringTable, ReadError> {
    let count = c.count("strings", min_size::STRING)?;
    if count >= NONE as usize {
        return Err(c.err(K::Invalid("too many strings")));
    }
    let ends_at = c.pos;
    let raw = c.take(count * 4)?;
    let data_at = c.pos;
    let data = c.take(c.remaining())?;
    let text = std::str::from_utf8(data)
        .map_err(|e| ReadError { offset: data_at + e.valid_up_to(), kind: K::InvalidUtf8 })?;
    let mut ends = Vec::with_capacity(count);
    let mut previous = 0usize;
    for (i, chunk) in raw.chunks_exact(4).enumerate() {
        let end = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let e = end as usize;
        if e < previous || e > text.len() || !text.is_char_boundary(e) {
            return Err(ReadError {
                offset: ends_at + 4 * i,
                kind: K::Invalid(
                    "a string's end is before its start, past the data or inside a character",
                ),
            });
        }
        previous = e;
        ends.push(end);
    }
    if previous != text.len() {
        return Err(ReadError {
            offset: data_at + previous,
            kind: K::Invalid("the string data is longer than its strings"),
        });
    }
    Ok(StringTable::from_parts(text.to_owned(), ends))
}

/// The table sizes references are checked against.
struct Reader {
    minor: u16,
    strings: usize,
    styles: usize,
    resources: usize,
}

impl Reader {
    fn index(c: &mut Cursor<'_>, what: &'static str, len: usize) -> Result<u32, ReadError> {
        let at = c.pos;
        let index = c.u32()?;
        if index as usize >= len {
            c.pos = at;
            return Err(c.err(K::BadIndex { what, index, len }));
        }
        Ok(index)
    }

    fn str(&self, c: &mut Cursor<'_>) -> Result<StrId, ReadError> {
        Self::index(c, "string", self.strings).map(StrId)
    }

    fn opt_str(&self, c: &mut Cursor<'_>) -> Result<Option<StrId>, ReadError> {
        if c.peek_u32_at_pos() == Some(NONE) {
            c.pos += 4;
            return Ok(None);
        }
        self.str(c).map(Some)
    }

    fn code<T>(
        c: &mut Cursor<'_>,
        what: &'static str,
        decode: impl Fn(u8) -> Option<T>,
    ) -> Result<T, ReadError> {
        let at = c.pos;
        let code = c.u8()?;
        decode(code).ok_or_else(|| {
            c.pos = at;
            c.err(K::BadCode { what, code: code as u32 })
        })
    }

    fn elements(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("elements", min_size::ELEMENT)?;
        doc.elements.reserve(n);
        for i in 0..n {
            let at = c.pos;
            let kind = c.u16()?;
            c.u16()?; // flags, none defined in 1.0
            let parent = match c.u32()? {
                NONE => None,
                p if (p as usize) < i => Some(p),
                _ => {
                    c.pos = at + 4;
                    return Err(c.err(K::Invalid("an element's parent must come before it")));
                }
            };
            let tag = self.opt_str(c)?;
            if (kind == 0) != tag.is_some() {
                c.pos = at;
                return Err(c.err(K::Invalid(
                    "an element has a type id or a type name, exactly one of them",
                )));
            }
            let id = self.opt_str(c)?;
            let component = self.opt_str(c)?;
            let n_props = c.count("properties", min_size::PROPERTY)?;
            let n_sets = c.count("state sets", min_size::STATE_SET)?;
            let n_events = c.count("events", min_size::EVENT)?;
            let properties = self.properties(c, doc, n_props)?;
            let state_sets = self.state_sets(c, doc, n_sets)?;
            let start = doc.events.len() as u32;
            for _ in 0..n_events {
                let event = self.event(c, doc)?;
                doc.events.push(event);
            }
            let events = Span { start, len: n_events as u32 };
            doc.elements.push(Element {
                kind,
                tag,
                parent,
                id,
                component,
                properties,
                state_sets,
                events,
            });
        }
        Ok(())
    }

    fn properties(
        &self,
        c: &mut Cursor<'_>,
        doc: &mut Document,
        n: usize,
    ) -> Result<Span, ReadError> {
        let start = doc.properties.len() as u32;
        doc.properties.reserve(n);
        for _ in 0..n {
            let at = c.pos;
            let id = c.u16()?;
            let flags = c.u16()?;
            let name = self.opt_str(c)?;
            if (id == 0) != name.is_some() {
                c.pos = at;
                return Err(c.err(K::Invalid(
                    "a property has a registry id or a custom name, exactly one of them",
                )));
            }
            let value = self.value(c, 1)?;
            doc.properties.push(Property { id, flags, name, value });
        }
        Ok(Span { start, len: n as u32 })
    }

    fn state_sets(
        &self,
        c: &mut Cursor<'_>,
        doc: &mut Document,
        n: usize,
    ) -> Result<Span, ReadError> {
        let start = doc.state_sets.len() as u32;
        for _ in 0..n {
            let mask = c.u32()?;
            if mask == 0 {
                c.pos -= 4;
                return Err(c.err(K::Invalid("a state set names no state")));
            }
            let count = c.count("properties", min_size::PROPERTY)?;
            let properties = self.properties(c, doc, count)?;
            doc.state_sets.push(StateSet { mask, properties });
        }
        Ok(Span { start, len: n as u32 })
    }

    fn event(&self, c: &mut Cursor<'_>, doc: &Document) -> Result<Event, ReadError> {
        let kind = Self::code(c, "event", EventKind::from_code)?;
        let handler_at = c.pos;
        let handler_kind = c.u8()?;
        let language = c.u8()?;
        c.u8()?;
        let handler = match handler_kind {
            1 => Handler::Function(self.str(c)?),
            2 => Handler::Call { function: self.str(c)?, args: self.values(c, 1)? },
            3 => {
                if !doc.required_vms.contains(&language) {
                    c.pos = handler_at + 1;
                    return Err(c.err(K::Invalid(
                        "an inline handler's language is not in the required VM list",
                    )));
                }
                Handler::Inline { language, source: self.str(c)? }
            }
            4 => Handler::Dynamic(self.value(c, 1)?),
            code => {
                c.pos = handler_at;
                return Err(c.err(K::BadCode { what: "handler", code: code as u32 }));
            }
        };
        Ok(Event { kind, handler })
    }

    fn values(&self, c: &mut Cursor<'_>, depth: usize) -> Result<Vec<Value>, ReadError> {
        let n = c.count("values", min_size::VALUE)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.value(c, depth)?);
        }
        Ok(out)
    }

    fn value(&self, c: &mut Cursor<'_>, depth: usize) -> Result<Value, ReadError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(c.err(K::TooDeep));
        }
        let next = depth + 1;
        let at = c.pos;
        let tag = c.u8()?;
        Ok(match tag {
            tag::INT => {
                let unit = Self::code(c, "unit", Unit::from_code)?;
                Value::Int { value: c.u64()? as i64, unit }
            }
            tag::FLOAT => {
                let unit = Self::code(c, "unit", Unit::from_code)?;
                let value = f64::from_bits(c.u64()?);
                if value.is_nan() {
                    c.pos -= 8;
                    return Err(c.err(K::Invalid("a float is NaN")));
                }
                Value::Float { value, unit }
            }
            tag::STRING => Value::String(self.str(c)?),
            tag::COLOR => Value::Color(c.u32()?),
            tag::BOOL => match c.u8()? {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                code => {
                    c.pos -= 1;
                    return Err(c.err(K::BadCode { what: "boolean", code: code as u32 }));
                }
            },
            tag::WORD => Value::Word(self.str(c)?),
            tag::LIST => Value::List(self.values(c, next)?),
            tag::ARRAY => Value::Array(self.values(c, next)?),
            tag::OBJECT => {
                let n = c.count("object entries", min_size::OBJECT_ENTRY)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    entries.push((self.str(c)?, self.value(c, next)?));
                }
                Value::Object(entries)
            }
            tag::VAR => Value::Var(self.str(c)?),
            tag::TEMPLATE => {
                let n = c.count("template parts", min_size::TEMPLATE_PART)?;
                let mut parts = Vec::with_capacity(n);
                for _ in 0..n {
                    let kind = Self::code(c, "template part", |k| (k == 1 || k == 2).then_some(k))?;
                    let s = self.str(c)?;
                    parts.push(if kind == 1 {
                        TemplatePart::Text(s)
                    } else {
                        TemplatePart::Var(s)
                    });
                }
                Value::Template(parts)
            }
            tag::CALL => Value::Call { function: self.str(c)?, args: self.values(c, next)? },
            tag::UNARY => {
                let op = Self::code(c, "unary operator", UnaryOp::from_code)?;
                Value::Unary { op, operand: Box::new(self.value(c, next)?) }
            }
            tag::BINARY => {
                let op = Self::code(c, "binary operator", BinaryOp::from_code)?;
                if op == BinaryOp::Add && self.minor < 2 {
                    c.pos -= 1;
                    return Err(c.err(K::Invalid("the `+` operator in a file older than 1.2")));
                }
                let lhs = Box::new(self.value(c, next)?);
                let rhs = Box::new(self.value(c, next)?);
                Value::Binary { op, lhs, rhs }
            }
            tag::TERNARY => Value::Ternary {
                condition: Box::new(self.value(c, next)?),
                then: Box::new(self.value(c, next)?),
                otherwise: Box::new(self.value(c, next)?),
            },
            tag::STYLE => Value::Style(Self::index(c, "style", self.styles)?),
            tag::RESOURCE => Value::Resource(Self::index(c, "resource", self.resources)?),
            code => {
                c.pos = at;
                return Err(c.err(K::BadCode { what: "value", code: code as u32 }));
            }
        })
    }

    fn styles(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("styles", min_size::STYLE)?;
        doc.styles.reserve(n);
        for _ in 0..n {
            let name = self.str(c)?;
            let n_props = c.count("properties", min_size::PROPERTY)?;
            let n_sets = c.count("state sets", min_size::STATE_SET)?;
            let properties = self.properties(c, doc, n_props)?;
            let state_sets = self.state_sets(c, doc, n_sets)?;
            doc.styles.push(Style { name, properties, state_sets });
        }
        Ok(())
    }

    fn variables(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("variables", min_size::VARIABLE)?;
        doc.variables.reserve(n);
        for _ in 0..n {
            let name = self.str(c)?;
            let ty = Self::code(c, "variable type", VarType::from_code)?;
            let flags = c.u8()?;
            c.u16()?;
            let initial = self.value(c, 1)?;
            doc.variables.push(Variable { name, ty, flags, initial });
        }
        Ok(())
    }

    fn bindings(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("bindings", min_size::BINDING)?;
        doc.bindings.reserve(n);
        for _ in 0..n {
            let owner_kind = Self::code(c, "binding owner", |k| (k == 1 || k == 2).then_some(k))?;
            c.take(3)?;
            let (owner, properties, sets) = if owner_kind == 1 {
                let i = Self::index(c, "element", doc.elements.len())?;
                let e = &doc.elements[i as usize];
                (BindingOwner::Element(i), e.properties, e.state_sets)
            } else {
                let i = Self::index(c, "style", doc.styles.len())?;
                let s = &doc.styles[i as usize];
                (BindingOwner::Style(i), s.properties, s.state_sets)
            };
            let state_set = match c.peek_u32_at_pos() {
                Some(NONE) => {
                    c.pos += 4;
                    None
                }
                _ => Some(Self::index(c, "state set", sets.len as usize)?),
            };
            let list = match state_set {
                Some(s) => doc.state_sets[(sets.start + s) as usize].properties,
                None => properties,
            };
            let property = Self::index(c, "property", list.len as usize)?;
            let count = c.count("binding variables", min_size::INDEX)?;
            let mut variables = Vec::with_capacity(count);
            for _ in 0..count {
                variables.push(Self::index(c, "variable", doc.variables.len())?);
            }
            doc.bindings.push(Binding { owner, state_set, property, variables });
        }
        Ok(())
    }

    fn resources(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("resources", min_size::RESOURCE)?;
        doc.resources.reserve(n);
        for _ in 0..n {
            let kind = Self::code(c, "resource kind", ResourceKind::from_code)?;
            c.take(3)?;
            let path = self.str(c)?;
            let name = self.opt_str(c)?;
            doc.resources.push(Resource { kind, path, name });
        }
        Ok(())
    }

    fn location(&self, c: &mut Cursor<'_>) -> Result<SourceLocation, ReadError> {
        Ok(SourceLocation { file: self.str(c)?, line: c.u32()?, column: c.u32()? })
    }

    fn event_locations(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        if doc.minor_version < 1 {
            return Err(c.err(K::Invalid("event locations (EVLO) in a file older than 1.1")));
        }
        let n = c.count("event locations", min_size::EVENT_LOCATION)?;
        doc.event_locations.reserve(n);
        for _ in 0..n {
            let at = c.pos;
            let event = Self::index(c, "event", doc.events.len())?;
            if doc.event_locations.last().is_some_and(|l| l.event >= event) {
                c.pos = at;
                return Err(c.err(K::Invalid("event locations are not in ascending event order")));
            }
            let location = self.location(c)?;
            doc.event_locations.push(EventLocation { event, location });
        }
        Ok(())
    }

    fn scripts(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        let n = c.count("scripts", min_size::SCRIPT)?;
        doc.scripts.reserve(n);
        for _ in 0..n {
            let at = c.pos;
            let language = c.u8()?;
            if !doc.required_vms.contains(&language) {
                c.pos = at;
                return Err(c.err(K::Invalid("a script's language is not in the required VM list")));
            }
            let role = Self::code(c, "script role", ScriptRole::from_code)?;
            let payload_kind =
                Self::code(c, "payload kind", |k| (1..=4).contains(&k).then_some(k))?;
            if payload_kind == 4 && self.minor < 3 {
                c.pos -= 1;
                return Err(c.err(K::Invalid("a precompiled-only script in a file older than 1.3")));
            }
            c.u8()?;
            let vm = self.str(c)?;
            let name = self.opt_str(c)?;
            let payload = match payload_kind {
                1 => Payload::Source(self.str(c)?),
                2 => {
                    let engine = self.str(c)?;
                    let len = c.count("bytecode bytes", 1)?;
                    Payload::Bytecode { engine, bytes: c.take(len)?.to_vec() }
                }
                3 => Payload::External(self.str(c)?),
                _ => Payload::Precompiled,
            };
            let location = self.location(c)?;
            let n_entries = c.count("entry points", min_size::ENTRY_POINT)?;
            let mut entry_points = Vec::with_capacity(n_entries);
            for _ in 0..n_entries {
                let name = self.str(c)?;
                let n_params = c.count("parameters", min_size::INDEX)?;
                let mut params = Vec::with_capacity(n_params);
                for _ in 0..n_params {
                    params.push(self.str(c)?);
                }
                entry_points.push(EntryPoint { name, params, location: self.location(c)? });
            }
            doc.scripts.push(Script { language, role, vm, name, payload, location, entry_points });
        }
        Ok(())
    }
}

impl Reader {
    fn bytecode(&self, c: &mut Cursor<'_>, doc: &mut Document) -> Result<(), ReadError> {
        if doc.minor_version < 3 {
            return Err(c.err(K::Invalid("bytecode (BCOD) in a file older than 1.3")));
        }
        let n = c.count("bytecode entries", min_size::BYTECODE)?;
        doc.bytecode.reserve(n);
        for _ in 0..n {
            let at = c.pos;
            let script = Self::index(c, "script", doc.scripts.len())?;
            if doc.bytecode.last().is_some_and(|b| b.script >= script) {
                c.pos = at;
                return Err(c.err(K::Invalid("bytecode entries are not in ascending script order")));
            }
            let engine = self.str(c)?;
            let checksum_at = c.pos;
            let stored = c.u32()?;
            let len = c.count("bytecode bytes", 1)?;
            let bytes = c.take(len)?.to_vec();
            let computed = crc32fast::hash(&bytes);
            if computed != stored {
                c.pos = checksum_at;
                return Err(c.err(K::BytecodeChecksum { stored, computed }));
            }
            doc.bytecode.push(Bytecode { script, engine, bytes });
        }
        Ok(())
    }
}

impl Cursor<'_> {
    fn peek_u32_at_pos(&self) -> Option<u32> {
        self.bytes.get(self.pos..self.pos + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

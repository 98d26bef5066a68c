//! The writer: a [`Document`] to the bytes of SPEC.md. Deterministic: the same document always
//! gives the same bytes (no maps are iterated, no time or path is recorded).

use crate::document::*;
use crate::error::WriteError;
use crate::layout::{tags, CHECKSUM_OFFSET, DIRECTORY_ENTRY_SIZE, HEADER_SIZE, MAGIC, NONE};
use crate::strings::StrId;
use crate::value::{tag, TemplatePart, Value, MAX_VALUE_DEPTH};

/// Encodes a document.
pub fn write(doc: &Document) -> Result<Vec<u8>, WriteError> {
    if doc.minor_version < 2 && doc.values().any(Value::needs_minor_2) {
        return Err(WriteError::Invalid("the `+` operator needs minor version 2 or later".into()));
    }
    let w = Writer { doc };
    let mut sections: Vec<([u8; 4], Vec<u8>)> = vec![
        (tags::STRINGS, w.strings()),
        (tags::METADATA, w.metadata()?),
        (tags::ELEMENTS, w.elements()?),
        (tags::STYLES, w.styles()?),
        (tags::VARIABLES, w.variables()?),
        (tags::BINDINGS, w.bindings()?),
        (tags::RESOURCES, w.resources()?),
        (tags::SCRIPTS, w.scripts()?),
    ];
    if !doc.event_locations.is_empty() {
        sections.push((tags::EVENT_LOCATIONS, w.event_locations()?));
    }
    if !doc.bytecode.is_empty() || doc.scripts.iter().any(|s| s.payload == Payload::Precompiled) {
        sections.push((tags::BYTECODE, w.bytecode()?));
    }
    if doc.required_vms.len() > u8::MAX as usize
        || doc.required_vms.windows(2).any(|w| w[0] >= w[1])
        || doc.required_vms.contains(&0)
    {
        return Err(WriteError::Invalid("required VMs must be ascending, unique, non-zero".into()));
    }
    let vm_list = align4(doc.required_vms.len());
    let directory = HEADER_SIZE + vm_list;
    let mut offset = directory + DIRECTORY_ENTRY_SIZE * sections.len();
    let mut placed = Vec::with_capacity(sections.len());
    for (tag, bytes) in &sections {
        placed.push((*tag, offset, bytes.len()));
        offset = align4(offset.checked_add(bytes.len()).ok_or(WriteError::TooLarge)?);
    }
    let size = placed.last().map(|(_, o, l)| o + l).unwrap_or(offset);
    let size32 = u32::try_from(size).map_err(|_| WriteError::TooLarge)?;

    let mut out = Buf(Vec::with_capacity(size));
    out.0.extend_from_slice(&MAGIC);
    out.u16(MAJOR_VERSION);
    out.u16(doc.minor_version);
    out.u32(doc.flags);
    out.u32(size32);
    out.u32(0); // checksum, filled in below
    out.u16(sections.len() as u16);
    out.u8(doc.required_vms.len() as u8);
    out.u8(0);
    out.u32(0);
    out.0.extend_from_slice(&doc.required_vms);
    out.pad4();
    for (tag, offset, len) in &placed {
        out.0.extend_from_slice(tag);
        out.u32(*offset as u32);
        out.u32(*len as u32);
    }
    for ((_, offset, _), (_, bytes)) in placed.iter().zip(&sections) {
        out.0.resize(*offset, 0);
        out.0.extend_from_slice(bytes);
    }
    let checksum = crc32fast::hash(&out.0);
    out.0[CHECKSUM_OFFSET..CHECKSUM_OFFSET + 4].copy_from_slice(&checksum.to_le_bytes());
    Ok(out.0)
}

fn align4(n: usize) -> usize {
    n.div_ceil(4) * 4
}

struct Buf(Vec<u8>);

impl Buf {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len32(&mut self, n: usize) -> Result<(), WriteError> {
        self.u32(u32::try_from(n).map_err(|_| WriteError::TooLarge)?);
        Ok(())
    }
    fn pad4(&mut self) {
        self.0.resize(align4(self.0.len()), 0);
    }
}

struct Writer<'d> {
    doc: &'d Document,
}

impl Writer<'_> {
    fn str(&self, out: &mut Buf, id: StrId) -> Result<(), WriteError> {
        if id.0 as usize >= self.doc.strings.len() {
            return Err(WriteError::Invalid(format!("string {} is not in the table", id.0)));
        }
        out.u32(id.0);
        Ok(())
    }

    fn opt_str(&self, out: &mut Buf, id: Option<StrId>) -> Result<(), WriteError> {
        match id {
            Some(id) => self.str(out, id),
            None => {
                out.u32(NONE);
                Ok(())
            }
        }
    }

    fn strings(&self) -> Vec<u8> {
        let table = &self.doc.strings;
        let mut out = Buf(Vec::with_capacity(4 + 4 * table.len() + table.data().len()));
        out.u32(table.len() as u32);
        for end in table.ends() {
            out.u32(*end);
        }
        out.0.extend_from_slice(table.data().as_bytes());
        out.0
    }

    fn metadata(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = Buf(Vec::new());
        out.len32(self.doc.metadata.len())?;
        for (key, value) in &self.doc.metadata {
            self.str(&mut out, *key)?;
            self.str(&mut out, *value)?;
        }
        Ok(out.0)
    }

    fn elements(&self) -> Result<Vec<u8>, WriteError> {
        let doc = self.doc;
        let mut out = Buf(Vec::new());
        out.len32(doc.elements.len())?;
        for (i, e) in doc.elements.iter().enumerate() {
            out.u16(e.kind);
            out.u16(0);
            match e.parent {
                Some(p) if (p as usize) < i => out.u32(p),
                Some(_) => {
                    return Err(WriteError::Invalid(format!(
                        "element {i}'s parent does not come before it"
                    )))
                }
                None => out.u32(NONE),
            }
            self.opt_str(&mut out, e.tag)?;
            self.opt_str(&mut out, e.id)?;
            self.opt_str(&mut out, e.component)?;
            let props = pool(&doc.properties, e.properties, "property")?;
            let sets = pool(&doc.state_sets, e.state_sets, "state set")?;
            let events = pool(&doc.events, e.events, "event")?;
            out.u32(props.len() as u32);
            out.u32(sets.len() as u32);
            out.u32(events.len() as u32);
            self.properties(&mut out, props)?;
            self.state_sets(&mut out, sets)?;
            for event in events {
                self.event(&mut out, event)?;
            }
        }
        Ok(out.0)
    }

    fn properties(&self, out: &mut Buf, props: &[Property]) -> Result<(), WriteError> {
        for p in props {
            out.u16(p.id);
            out.u16(p.flags);
            self.opt_str(out, p.name)?;
            self.value(out, &p.value, 1)?;
        }
        Ok(())
    }

    fn state_sets(&self, out: &mut Buf, sets: &[StateSet]) -> Result<(), WriteError> {
        for set in sets {
            out.u32(set.mask);
            let props = pool(&self.doc.properties, set.properties, "property")?;
            out.u32(props.len() as u32);
            self.properties(out, props)?;
        }
        Ok(())
    }

    fn event(&self, out: &mut Buf, event: &Event) -> Result<(), WriteError> {
        out.u8(event.kind as u8);
        match &event.handler {
            Handler::Function(f) => {
                out.0.extend_from_slice(&[1, 0, 0]);
                self.str(out, *f)?;
            }
            Handler::Call { function, args } => {
                out.0.extend_from_slice(&[2, 0, 0]);
                self.str(out, *function)?;
                self.values(out, args, 1)?;
            }
            Handler::Inline { language, source } => {
                out.0.extend_from_slice(&[3, *language, 0]);
                self.str(out, *source)?;
            }
            Handler::Dynamic(value) => {
                out.0.extend_from_slice(&[4, 0, 0]);
                self.value(out, value, 1)?;
            }
        }
        Ok(())
    }

    fn values(&self, out: &mut Buf, items: &[Value], depth: usize) -> Result<(), WriteError> {
        out.len32(items.len())?;
        items.iter().try_for_each(|v| self.value(out, v, depth))
    }

    fn value(&self, out: &mut Buf, value: &Value, depth: usize) -> Result<(), WriteError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(WriteError::TooDeep);
        }
        let next = depth + 1;
        match value {
            Value::Int { value, unit } => {
                out.u8(tag::INT);
                out.u8(unit.code());
                out.0.extend_from_slice(&value.to_le_bytes());
            }
            Value::Float { value, unit } => {
                if value.is_nan() {
                    return Err(WriteError::Invalid("a float is NaN".into()));
                }
                out.u8(tag::FLOAT);
                out.u8(unit.code());
                out.0.extend_from_slice(&value.to_bits().to_le_bytes());
            }
            Value::String(s) => {
                out.u8(tag::STRING);
                self.str(out, *s)?;
            }
            Value::Color(rgba) => {
                out.u8(tag::COLOR);
                out.u32(*rgba);
            }
            Value::Bool(b) => {
                out.u8(tag::BOOL);
                out.u8(*b as u8);
            }
            Value::Word(s) => {
                out.u8(tag::WORD);
                self.str(out, *s)?;
            }
            Value::List(items) => {
                out.u8(tag::LIST);
                self.values(out, items, next)?;
            }
            Value::Array(items) => {
                out.u8(tag::ARRAY);
                self.values(out, items, next)?;
            }
            Value::Object(entries) => {
                out.u8(tag::OBJECT);
                out.len32(entries.len())?;
                for (key, v) in entries {
                    self.str(out, *key)?;
                    self.value(out, v, next)?;
                }
            }
            Value::Var(path) => {
                out.u8(tag::VAR);
                self.str(out, *path)?;
            }
            Value::Template(parts) => {
                out.u8(tag::TEMPLATE);
                out.len32(parts.len())?;
                for part in parts {
                    let (kind, s) = match part {
                        TemplatePart::Text(s) => (1, s),
                        TemplatePart::Var(s) => (2, s),
                    };
                    out.u8(kind);
                    self.str(out, *s)?;
                }
            }
            Value::Call { function, args } => {
                out.u8(tag::CALL);
                self.str(out, *function)?;
                self.values(out, args, next)?;
            }
            Value::Unary { op, operand } => {
                out.u8(tag::UNARY);
                out.u8(*op as u8);
                self.value(out, operand, next)?;
            }
            Value::Binary { op, lhs, rhs } => {
                out.u8(tag::BINARY);
                out.u8(*op as u8);
                self.value(out, lhs, next)?;
                self.value(out, rhs, next)?;
            }
            Value::Ternary { condition, then, otherwise } => {
                out.u8(tag::TERNARY);
                self.value(out, condition, next)?;
                self.value(out, then, next)?;
                self.value(out, otherwise, next)?;
            }
            Value::Style(i) => {
                out.u8(tag::STYLE);
                out.u32(*i);
            }
            Value::Resource(i) => {
                out.u8(tag::RESOURCE);
                out.u32(*i);
            }
        }
        Ok(())
    }

    fn styles(&self) -> Result<Vec<u8>, WriteError> {
        let doc = self.doc;
        let mut out = Buf(Vec::new());
        out.len32(doc.styles.len())?;
        for style in &doc.styles {
            self.str(&mut out, style.name)?;
            let props = pool(&doc.properties, style.properties, "property")?;
            let sets = pool(&doc.state_sets, style.state_sets, "state set")?;
            out.u32(props.len() as u32);
            out.u32(sets.len() as u32);
            self.properties(&mut out, props)?;
            self.state_sets(&mut out, sets)?;
        }
        Ok(out.0)
    }

    fn variables(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = Buf(Vec::new());
        out.len32(self.doc.variables.len())?;
        for v in &self.doc.variables {
            self.str(&mut out, v.name)?;
            out.u8(v.ty as u8);
            out.u8(v.flags);
            out.u16(0);
            self.value(&mut out, &v.initial, 1)?;
        }
        Ok(out.0)
    }

    fn bindings(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = Buf(Vec::new());
        out.len32(self.doc.bindings.len())?;
        for b in &self.doc.bindings {
            let (kind, index) = match b.owner {
                BindingOwner::Element(i) => (1, i),
                BindingOwner::Style(i) => (2, i),
            };
            out.0.extend_from_slice(&[kind, 0, 0, 0]);
            out.u32(index);
            out.u32(b.state_set.unwrap_or(NONE));
            out.u32(b.property);
            out.len32(b.variables.len())?;
            for v in &b.variables {
                out.u32(*v);
            }
        }
        Ok(out.0)
    }

    fn resources(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = Buf(Vec::new());
        out.len32(self.doc.resources.len())?;
        for r in &self.doc.resources {
            out.0.extend_from_slice(&[r.kind as u8, 0, 0, 0]);
            self.str(&mut out, r.path)?;
            self.opt_str(&mut out, r.name)?;
        }
        Ok(out.0)
    }

    fn location(&self, out: &mut Buf, at: &SourceLocation) -> Result<(), WriteError> {
        self.str(out, at.file)?;
        out.u32(at.line);
        out.u32(at.column);
        Ok(())
    }

    fn event_locations(&self) -> Result<Vec<u8>, WriteError> {
        let doc = self.doc;
        if doc.minor_version < 1 {
            return Err(WriteError::Invalid(
                "event locations need minor version 1 or later".into(),
            ));
        }
        let ascending = doc.event_locations.windows(2).all(|w| w[0].event < w[1].event);
        let in_range = doc.event_locations.iter().all(|l| (l.event as usize) < doc.events.len());
        if !ascending || !in_range {
            return Err(WriteError::Invalid(
                "event locations must name existing events, in ascending order, once each".into(),
            ));
        }
        let mut out = Buf(Vec::new());
        out.len32(doc.event_locations.len())?;
        for l in &doc.event_locations {
            out.u32(l.event);
            self.location(&mut out, &l.location)?;
        }
        Ok(out.0)
    }

    fn scripts(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = Buf(Vec::new());
        out.len32(self.doc.scripts.len())?;
        for s in &self.doc.scripts {
            let payload_kind = match s.payload {
                Payload::Source(_) => 1,
                Payload::Bytecode { .. } => 2,
                Payload::External(_) => 3,
                Payload::Precompiled => 4,
            };
            out.0.extend_from_slice(&[s.language, s.role as u8, payload_kind, 0]);
            self.str(&mut out, s.vm)?;
            self.opt_str(&mut out, s.name)?;
            match &s.payload {
                Payload::Source(text) | Payload::External(text) => self.str(&mut out, *text)?,
                Payload::Bytecode { engine, bytes } => {
                    self.str(&mut out, *engine)?;
                    out.len32(bytes.len())?;
                    out.0.extend_from_slice(bytes);
                }
                Payload::Precompiled => {}
            }
            self.location(&mut out, &s.location)?;
            out.len32(s.entry_points.len())?;
            for entry in &s.entry_points {
                self.str(&mut out, entry.name)?;
                out.len32(entry.params.len())?;
                for p in &entry.params {
                    self.str(&mut out, *p)?;
                }
                self.location(&mut out, &entry.location)?;
            }
        }
        Ok(out.0)
    }
}

impl Writer<'_> {
    fn bytecode(&self) -> Result<Vec<u8>, WriteError> {
        let doc = self.doc;
        if doc.minor_version < 3 {
            return Err(WriteError::Invalid("bytecode needs minor version 3 or later".into()));
        }
        let ascending = doc.bytecode.windows(2).all(|w| w[0].script < w[1].script);
        let in_range = doc.bytecode.iter().all(|b| (b.script as usize) < doc.scripts.len());
        if !ascending || !in_range {
            return Err(WriteError::Invalid(
                "bytecode must name existing scripts, in ascending order, once each".into(),
            ));
        }
        for (i, s) in doc.scripts.iter().enumerate() {
            if s.payload == Payload::Precompiled && doc.bytecode_of(i as u32).is_none() {
                return Err(WriteError::Invalid(format!(
                    "script {i} is precompiled only but has no bytecode"
                )));
            }
        }
        let mut out = Buf(Vec::new());
        out.len32(doc.bytecode.len())?;
        for b in &doc.bytecode {
            out.u32(b.script);
            self.str(&mut out, b.engine)?;
            out.u32(crc32fast::hash(&b.bytes));
            out.len32(b.bytes.len())?;
            out.0.extend_from_slice(&b.bytes);
        }
        Ok(out.0)
    }
}

fn pool<'a, T>(items: &'a [T], span: Span, what: &str) -> Result<&'a [T], WriteError> {
    items
        .get(span.range())
        .ok_or_else(|| WriteError::Invalid(format!("a {what} span is outside its pool")))
}

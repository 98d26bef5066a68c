//! Re-building a document's string table from what the document still refers to: after a
//! tool removed records (a dead function's script), strings only they used are gone and the
//! rest are renumbered in the order the records are stored (deterministic: the same document
//! always gives the same table). Every string stays stored once.

use crate::document::*;
use crate::strings::{StrId, StringTable};
use crate::value::{TemplatePart, Value};

impl Document {
    /// Keeps only the strings some record refers to, numbered in record order (metadata,
    /// elements, the property and event pools, styles, variables, resources, scripts, event
    /// locations, bytecode). Returns how many strings were dropped.
    pub fn compact_strings(&mut self) -> usize {
        let before = self.strings.len();
        let old = std::mem::take(&mut self.strings);
        let mut new = StringTable::new();
        let mut map = |id: &mut StrId| *id = new.intern(old.str(*id));
        self.visit_strings(&mut map);
        self.strings = new;
        before - self.strings.len()
    }

    /// Calls `f` on every string reference of the document, in record order.
    pub fn visit_strings(&mut self, f: &mut dyn FnMut(&mut StrId)) {
        let opt = |id: &mut Option<StrId>, f: &mut dyn FnMut(&mut StrId)| {
            if let Some(id) = id {
                f(id)
            }
        };
        for (k, v) in &mut self.metadata {
            f(k);
            f(v);
        }
        for e in &mut self.elements {
            opt(&mut e.tag, f);
            opt(&mut e.id, f);
            opt(&mut e.component, f);
        }
        for p in &mut self.properties {
            opt(&mut p.name, f);
            visit_value(&mut p.value, f);
        }
        for e in &mut self.events {
            match &mut e.handler {
                Handler::Function(name) => f(name),
                Handler::Call { function, args } => {
                    f(function);
                    args.iter_mut().for_each(|a| visit_value(a, f));
                }
                Handler::Inline { source, .. } => f(source),
                Handler::Dynamic(value) => visit_value(value, f),
            }
        }
        for s in &mut self.styles {
            f(&mut s.name);
        }
        for v in &mut self.variables {
            f(&mut v.name);
            visit_value(&mut v.initial, f);
        }
        for r in &mut self.resources {
            f(&mut r.path);
            opt(&mut r.name, f);
        }
        for s in &mut self.scripts {
            f(&mut s.vm);
            opt(&mut s.name, f);
            match &mut s.payload {
                Payload::Source(id) | Payload::External(id) => f(id),
                Payload::Bytecode { engine, .. } => f(engine),
                Payload::Precompiled => {}
            }
            f(&mut s.location.file);
            for e in &mut s.entry_points {
                f(&mut e.name);
                e.params.iter_mut().for_each(&mut *f);
                f(&mut e.location.file);
            }
        }
        for l in &mut self.event_locations {
            f(&mut l.location.file);
        }
        for b in &mut self.bytecode {
            f(&mut b.engine);
        }
    }
}

fn visit_value(value: &mut Value, f: &mut dyn FnMut(&mut StrId)) {
    match value {
        Value::String(s) | Value::Word(s) | Value::Var(s) => f(s),
        Value::List(items) | Value::Array(items) => {
            items.iter_mut().for_each(|v| visit_value(v, f))
        }
        Value::Object(entries) => {
            for (k, v) in entries {
                f(k);
                visit_value(v, f);
            }
        }
        Value::Template(parts) => {
            for part in parts {
                match part {
                    TemplatePart::Text(s) | TemplatePart::Var(s) => f(s),
                }
            }
        }
        Value::Call { function, args } => {
            f(function);
            args.iter_mut().for_each(|v| visit_value(v, f));
        }
        Value::Unary { operand, .. } => visit_value(operand, f),
        Value::Binary { lhs, rhs, .. } => {
            visit_value(lhs, f);
            visit_value(rhs, f);
        }
        Value::Ternary { condition, then, otherwise } => {
            visit_value(condition, f);
            visit_value(then, f);
            visit_value(otherwise, f);
        }
        Value::Int { .. }
        | Value::Float { .. }
        | Value::Color(_)
        | Value::Bool(_)
        | Value::Style(_)
        | Value::Resource(_) => {}
    }
}

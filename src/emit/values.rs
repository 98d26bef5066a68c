//! KRY values to KRB values. With the property's type, colours become RGBA, keywords written
//! as strings become keywords, resource paths become resource references and style names
//! become style references; every other value is kept as written (numbers with their unit,
//! words, lists, templates, expressions).

use krb_format::{ResourceKind, TemplatePart, Unit, Value};

use super::Emitter;
use crate::registry::colors::parse_color;
use crate::registry::value_types::ValueType;
use crate::source::FileId;
use crate::syntax::ast::{self, StringPart, ValueKind};

/// What the value is for: the property's type and, for resources, their kind.
#[derive(Debug, Clone, Copy)]
pub struct Typed {
    pub ty: Option<ValueType>,
    pub resource: ResourceKind,
}

impl Typed {
    pub const UNTYPED: Typed = Typed { ty: None, resource: ResourceKind::File };
}

impl Emitter<'_> {
    pub fn value(&mut self, value: &ast::Value, typed: Typed, file: FileId) -> Value {
        match (typed.ty, &value.kind) {
            (Some(ValueType::Color), ValueKind::Color(text) | ValueKind::Word(text)) => {
                if let Ok(rgba) = parse_color(text) {
                    return Value::Color(rgba);
                }
            }
            (Some(ValueType::Color), ValueKind::String(s)) if s.parts.is_empty() => {
                if let Ok(rgba) = parse_color(&s.value) {
                    return Value::Color(rgba);
                }
            }
            // Keywords written as strings (`layout: "row center"`) are keywords.
            (
                Some(
                    ValueType::Enum(_)
                    | ValueType::Layout
                    | ValueType::FontWeight
                    | ValueType::Visibility,
                ),
                ValueKind::String(s),
            ) if s.parts.is_empty() && !s.value.trim().is_empty() => {
                let mut words: Vec<Value> =
                    s.value.split_whitespace().map(|w| Value::Word(self.str(w))).collect();
                return if words.len() == 1 { words.remove(0) } else { Value::List(words) };
            }
            (Some(ValueType::Resource), ValueKind::String(s)) if s.parts.is_empty() => {
                return Value::Resource(self.resource(typed.resource, &s.value, None, file));
            }
            (Some(ValueType::StyleRef), ValueKind::String(s)) if s.parts.is_empty() => {
                if let Some(v) = self.style_refs(s.value.split_whitespace()) {
                    return v;
                }
            }
            (Some(ValueType::StyleRef), ValueKind::Word(w)) => {
                if let Some(v) = self.style_refs(std::iter::once(w.as_str())) {
                    return v;
                }
            }
            (Some(ValueType::StyleRef), ValueKind::Array(items)) => {
                let names: Option<Vec<&str>> = items
                    .iter()
                    .map(|i| match &i.kind {
                        ValueKind::String(s) if s.parts.is_empty() => Some(s.value.as_str()),
                        _ => None,
                    })
                    .collect();
                if let Some(v) = names.and_then(|n| self.style_refs(n.into_iter())) {
                    return Value::List(match v {
                        Value::List(items) => items,
                        single => vec![single],
                    });
                }
            }
            _ => {}
        }
        self.plain(value)
    }

    /// Style names to references: one name gives one reference, several a list. `None` when
    /// a name is not a style (already reported), so the value is kept as written.
    fn style_refs<'n>(&mut self, names: impl Iterator<Item = &'n str>) -> Option<Value> {
        let styles = &self.checked.analysis.styles;
        let refs: Option<Vec<Value>> =
            names.map(|n| styles.index_of(n).map(|i| Value::Style(i as u32))).collect();
        let mut refs = refs?;
        match refs.len() {
            0 => None,
            1 => refs.pop(),
            _ => Some(Value::List(refs)),
        }
    }

    /// The index of a resource, adding it on first use. `written` is relative to `file`.
    pub fn resource(
        &mut self,
        kind: ResourceKind,
        written: &str,
        name: Option<&str>,
        file: FileId,
    ) -> u32 {
        let path = super::paths::resolve_in(&self.file_dir(file), written);
        let key = (kind as u8, path.clone());
        if let Some(&i) = self.resources.get(&key) {
            return i;
        }
        let index = self.doc.resources.len() as u32;
        let path = self.str(&path);
        let name = name.map(|n| self.str(n));
        self.doc.resources.push(krb_format::Resource { kind, path, name });
        self.resources.insert(key, index);
        index
    }

    /// A value as written.
    pub fn plain(&mut self, value: &ast::Value) -> Value {
        match &value.kind {
            ValueKind::Number { value, is_integer, unit, .. } => {
                let unit = unit.as_deref().and_then(Unit::from_suffix).unwrap_or(Unit::None);
                if *is_integer && value.fract() == 0.0 && value.abs() < 9.0e18 {
                    Value::Int { value: *value as i64, unit }
                } else {
                    Value::Float { value: *value, unit }
                }
            }
            ValueKind::String(s) if s.parts.is_empty() => Value::String(self.str(&s.value)),
            ValueKind::String(s) => Value::Template(
                s.parts
                    .iter()
                    .map(|p| match p {
                        StringPart::Text(t) => TemplatePart::Text(self.str(t)),
                        StringPart::Var { name, .. } | StringPart::Legacy { name, .. } => {
                            TemplatePart::Var(self.str(name))
                        }
                    })
                    .collect(),
            ),
            ValueKind::Color(text) => match parse_color(text) {
                Ok(rgba) => Value::Color(rgba),
                Err(_) => Value::Word(self.str(text)),
            },
            ValueKind::Bool(b) => Value::Bool(*b),
            ValueKind::Word(w) => Value::Word(self.str(w)),
            ValueKind::List(items) => Value::List(items.iter().map(|v| self.plain(v)).collect()),
            ValueKind::Array(items) => Value::Array(items.iter().map(|v| self.plain(v)).collect()),
            ValueKind::Object(entries) => Value::Object(
                entries.iter().map(|e| (self.str(&e.key.text), self.plain(&e.value))).collect(),
            ),
            ValueKind::Var { path, .. } => Value::Var(self.str(path)),
            ValueKind::Call { callee, args } => Value::Call {
                function: self.str(&callee.text),
                args: args.iter().map(|v| self.plain(v)).collect(),
            },
            ValueKind::Unary { op, operand } => Value::Unary {
                op: match op {
                    ast::UnaryOp::Not => krb_format::UnaryOp::Not,
                    ast::UnaryOp::Neg => krb_format::UnaryOp::Neg,
                },
                operand: Box::new(self.plain(operand)),
            },
            ValueKind::Binary { op, lhs, rhs } => Value::Binary {
                op: binary(*op),
                lhs: Box::new(self.plain(lhs)),
                rhs: Box::new(self.plain(rhs)),
            },
            ValueKind::Ternary { cond, then, otherwise } => Value::Ternary {
                condition: Box::new(self.plain(cond)),
                then: Box::new(self.plain(then)),
                otherwise: Box::new(self.plain(otherwise)),
            },
            // Only in programs with errors, which are never lowered.
            ValueKind::Error => Value::String(self.str("")),
        }
    }
}

fn binary(op: ast::BinaryOp) -> krb_format::BinaryOp {
    use krb_format::BinaryOp as B;
    match op {
        ast::BinaryOp::Eq => B::Eq,
        ast::BinaryOp::NotEq => B::NotEq,
        ast::BinaryOp::Lt => B::Lt,
        ast::BinaryOp::Le => B::Le,
        ast::BinaryOp::Gt => B::Gt,
        ast::BinaryOp::Ge => B::Ge,
        ast::BinaryOp::And => B::And,
        ast::BinaryOp::Or => B::Or,
        ast::BinaryOp::Add => B::Add,
    }
}

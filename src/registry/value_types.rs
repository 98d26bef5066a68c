//! Checking a value written in KRY against its property's type. The types themselves are the
//! registry's ([`ValueType`]).

use super::colors::{parse_color, ColorError, NAMED_COLORS};
use crate::syntax::ast::{Value, ValueKind};
pub use kryon_registry::value_types::{
    ValueType, ANGLE_UNITS, FONT_WEIGHTS, LAYOUT_WORDS, LENGTH_UNITS,
};

/// The outcome of checking a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Valid,
    /// Valid, but probably a mistake (the message says why).
    Suspicious(String),
    /// The value depends on run-time state (a reactive variable, an expression); checked when
    /// it is known.
    Dynamic,
    Invalid(ValueError),
}

/// Why a value does not fit its type.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub expected: String,
    pub found: String,
    pub hint: Option<String>,
}

/// Describes a value for messages: "the string \"abc\"", "the number 12".
pub fn describe_value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Number { text, unit, .. } => {
            format!("the number `{text}{}`", unit.as_deref().unwrap_or(""))
        }
        ValueKind::String(s) => format!("the string {:?}", s.value),
        ValueKind::Color(c) => format!("the colour `{c}`"),
        ValueKind::Bool(b) => format!("`{b}`"),
        ValueKind::Word(w) => format!("the word `{w}`"),
        ValueKind::List(items) => format!("a list of {} values", items.len()),
        ValueKind::Array(_) => "an array".into(),
        ValueKind::Object(_) => "an object".into(),
        ValueKind::Call { callee, .. } => format!("the call `{}(...)`", callee.text),
        _ => "an expression".into(),
    }
}

fn is_dynamic(v: &Value) -> bool {
    match &v.kind {
        ValueKind::Var { .. }
        | ValueKind::Unary { .. }
        | ValueKind::Binary { .. }
        | ValueKind::Ternary { .. } => true,
        ValueKind::String(s) => !s.parts.is_empty(),
        ValueKind::List(items) | ValueKind::Array(items) => items.iter().any(is_dynamic),
        _ => false,
    }
}

/// Checks `value` against `ty`.
pub fn check(ty: ValueType, value: &Value) -> Checked {
    if matches!(value.kind, ValueKind::Error) || ty == ValueType::Any {
        return Checked::Valid;
    }
    if is_dynamic(value) && !matches!(ty, ValueType::String | ValueType::Handler) {
        return Checked::Dynamic;
    }
    let invalid = |hint: Option<String>| {
        Checked::Invalid(ValueError { expected: ty.describe(), found: describe_value(value), hint })
    };
    match ty {
        ValueType::Int => match number_of(value) {
            Some((n, None)) if n.fract() == 0.0 => Checked::Valid,
            Some((_, None)) => invalid(Some("this property takes whole numbers".into())),
            _ => invalid(None),
        },
        ValueType::Number => match number_of(value) {
            Some((_, None)) => Checked::Valid,
            _ => invalid(None),
        },
        ValueType::Fraction => match number_of(value) {
            Some((n, None)) if (0.0..=1.0).contains(&n) => Checked::Valid,
            Some((_, None)) => {
                invalid(Some("use a value from 0 (transparent) to 1 (opaque)".into()))
            }
            _ => invalid(None),
        },
        ValueType::Length | ValueType::Size | ValueType::FontSize => length(ty, value),
        ValueType::Angle => match number_of(value) {
            Some((_, None)) => Checked::Valid,
            Some((_, Some(u))) if ANGLE_UNITS.contains(&u.as_str()) => Checked::Valid,
            _ => invalid(None),
        },
        ValueType::Color => color(value),
        ValueType::String => match &value.kind {
            ValueKind::String(_)
            | ValueKind::Word(_)
            | ValueKind::Number { .. }
            | ValueKind::Bool(_) => Checked::Valid,
            ValueKind::List(items)
                if items.iter().all(|i| {
                    matches!(
                        i.kind,
                        ValueKind::Word(_) | ValueKind::String(_) | ValueKind::Number { .. }
                    )
                }) =>
            {
                Checked::Valid
            }
            _ if is_dynamic(value) => Checked::Dynamic,
            _ => invalid(None),
        },
        ValueType::Bool => match &value.kind {
            ValueKind::Bool(_) => Checked::Valid,
            ValueKind::String(s) if matches!(s.value.as_str(), "true" | "false") => Checked::Valid,
            _ => invalid(None),
        },
        ValueType::Enum(words) => match word_of(value) {
            Some(w) if words.iter().any(|x| x.eq_ignore_ascii_case(w)) => Checked::Valid,
            Some(w) => invalid(
                crate::suggest::closest(w, words.iter().copied())
                    .map(|c| format!("did you mean `{c}`?")),
            ),
            None => invalid(None),
        },
        ValueType::Layout => {
            let words: Vec<String> = match &value.kind {
                ValueKind::Word(w) => vec![w.to_string()],
                ValueKind::String(s) => s.value.split_whitespace().map(str::to_string).collect(),
                ValueKind::List(items) => {
                    items.iter().filter_map(word_of).map(str::to_string).collect()
                }
                _ => return invalid(None),
            };
            if matches!(&value.kind, ValueKind::List(items) if items.iter().any(|i| word_of(i).is_none()))
            {
                return invalid(None);
            }
            match words.iter().find(|w| !LAYOUT_WORDS.contains(&w.to_ascii_lowercase().as_str())) {
                None if !words.is_empty() => Checked::Valid,
                None => invalid(None),
                Some(bad) => invalid(Some(
                    match crate::suggest::closest(bad, LAYOUT_WORDS.iter().copied()) {
                        Some(c) => format!("`{bad}` is not a layout word; did you mean `{c}`?"),
                        None => format!(
                            "`{bad}` is not a layout word; they are {}",
                            LAYOUT_WORDS.join(", ")
                        ),
                    },
                )),
            }
        }
        ValueType::Spacing => {
            let parts: Vec<Value> = match &value.kind {
                ValueKind::List(items) => items.clone(),
                ValueKind::String(s) => s
                    .value
                    .split_whitespace()
                    .map(|p| Value {
                        kind: ValueKind::String(crate::syntax::ast::StringLit {
                            value: p.into(),
                            parts: vec![],
                            range: value.range,
                        }),
                        range: value.range,
                    })
                    .collect(),
                _ => vec![value.clone()],
            };
            if parts.is_empty() || parts.len() > 4 {
                return invalid(Some("give one to four lengths: all sides; vertical horizontal; top horizontal bottom; top right bottom left".into()));
            }
            if parts.iter().all(|p| matches!(length(ValueType::Length, p), Checked::Valid)) {
                Checked::Valid
            } else {
                invalid(None)
            }
        }
        ValueType::Resource => match &value.kind {
            ValueKind::String(_) => Checked::Valid,
            _ => invalid(Some("write the path as a string".into())),
        },
        ValueType::StyleRef => match &value.kind {
            ValueKind::String(_) | ValueKind::Word(_) => Checked::Valid,
            ValueKind::Array(items)
                if items.iter().all(|i| matches!(i.kind, ValueKind::String(_))) =>
            {
                Checked::Valid
            }
            _ => invalid(None),
        },
        ValueType::Handler => match &value.kind {
            ValueKind::String(_) | ValueKind::Word(_) | ValueKind::Call { .. } => Checked::Valid,
            _ if is_dynamic(value) => Checked::Dynamic,
            _ => invalid(None),
        },
        ValueType::Transform => match &value.kind {
            ValueKind::Object(_) | ValueKind::String(_) | ValueKind::Call { .. } => Checked::Valid,
            _ => invalid(None),
        },
        ValueType::FontWeight => match (&value.kind, number_of(value)) {
            (_, Some((n, None))) if (1.0..=1000.0).contains(&n) => Checked::Valid,
            (ValueKind::Word(_) | ValueKind::String(_), _) => match word_of(value) {
                Some(w) if FONT_WEIGHTS.contains(&w.to_ascii_lowercase().as_str()) => {
                    Checked::Valid
                }
                Some(w) => invalid(
                    crate::suggest::closest(w, FONT_WEIGHTS.iter().copied())
                        .map(|c| format!("did you mean `{c}`?")),
                ),
                None => invalid(None),
            },
            _ => invalid(None),
        },
        ValueType::Visibility => match &value.kind {
            ValueKind::Bool(_) => Checked::Valid,
            _ => match word_of(value) {
                Some("visible" | "hidden" | "collapse" | "true" | "false") => Checked::Valid,
                _ => invalid(None),
            },
        },
        ValueType::Any => Checked::Valid,
    }
}

fn length(ty: ValueType, value: &Value) -> Checked {
    let invalid = |hint: Option<String>| {
        Checked::Invalid(ValueError { expected: ty.describe(), found: describe_value(value), hint })
    };
    if word_of(value).is_some_and(|w| w.eq_ignore_ascii_case("auto")) && ty != ValueType::FontSize {
        return Checked::Valid;
    }
    match number_of(value) {
        Some((n, unit)) => {
            if let Some(u) = &unit {
                if !LENGTH_UNITS.contains(&u.as_str()) {
                    return invalid(Some(format!("`{u}` is not a length unit")));
                }
            }
            match ty {
                ValueType::FontSize if n == 0.0 => {
                    Checked::Suspicious("a font size of 0 makes the text invisible".into())
                }
                ValueType::FontSize | ValueType::Size if n < 0.0 => {
                    invalid(Some("this size cannot be negative".into()))
                }
                _ => Checked::Valid,
            }
        }
        None => invalid(None),
    }
}

fn color(value: &Value) -> Checked {
    let invalid = |hint: Option<String>| {
        Checked::Invalid(ValueError {
            expected: ValueType::Color.describe(),
            found: describe_value(value),
            hint,
        })
    };
    let text = match &value.kind {
        ValueKind::Color(c) => c.as_str(),
        ValueKind::String(s) => s.value.as_str(),
        ValueKind::Word(w) => w.as_str(),
        ValueKind::Call { callee, args } if matches!(callee.text.as_str(), "rgb" | "rgba") => {
            let want = if callee.text == "rgb" { 3 } else { 4 };
            return if args.len() == want && args.iter().all(|a| number_of(a).is_some()) {
                Checked::Valid
            } else {
                invalid(Some(format!("`{}` takes {want} numbers", callee.text)))
            };
        }
        _ => return invalid(None),
    };
    match parse_color(text) {
        Ok(_) => Checked::Valid,
        Err(ColorError::BadHex) => {
            invalid(Some("a hex colour has 3, 4, 6 or 8 digits 0-9 and A-F".into()))
        }
        Err(ColorError::UnknownName) => invalid(
            crate::suggest::closest(text, NAMED_COLORS.iter().map(|(n, _)| *n))
                .map(|c| format!("did you mean `{c}`?")),
        ),
    }
}

/// A number (and its unit) written as a number or as a numeric string (`"50%"`).
fn number_of(value: &Value) -> Option<(f64, Option<String>)> {
    match &value.kind {
        ValueKind::Number { value, unit, .. } => {
            Some((*value, unit.as_ref().map(|u| u.to_string())))
        }
        ValueKind::String(s) => {
            let t = s.value.trim();
            let end = t
                .char_indices()
                .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
                .map_or(t.len(), |(i, _)| i);
            let n: f64 = t[..end].parse().ok()?;
            let unit = &t[end..];
            Some((n, (!unit.is_empty()).then(|| unit.to_string())))
        }
        _ => None,
    }
}

fn word_of(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::Word(w) => Some(w.as_str()),
        ValueKind::String(s) => Some(s.value.as_str()),
        _ => None,
    }
}

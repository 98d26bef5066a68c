//! Checking a value a script (or a binding) gives a property against the registry's type for
//! it: the runtime side of the compiler's value check. A value that fits is returned in the
//! form the element tree keeps (numbers as numbers, a length with a unit as text such as
//! `"50%"`, colours and words as written); one that does not is an error message that names
//! the expected type, so `setProperty("width", "wide")` is a script error, not a silent no-op.
//! 2025 habits are accepted: `"true"` for a bool, `"42"` for a number.

use kryon_registry::colors::parse_color;
use kryon_registry::elements;
use kryon_registry::properties::{self, PropertyInfo};
use kryon_registry::suggest::closest;
use kryon_registry::value_types::{ValueType, FONT_WEIGHTS, LAYOUT_WORDS, LENGTH_UNITS};

use crate::shared::number_text;
use crate::value::ScriptValue;

/// How a script named a property: the registry's entry, or a custom property.
#[derive(Debug, Clone, Copy)]
pub enum PropertyName<'a> {
    Registry(&'static PropertyInfo),
    Custom(&'a str),
}

impl PropertyName<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            PropertyName::Registry(info) => info.name,
            PropertyName::Custom(name) => name,
        }
    }
}

/// `backgroundColor` → `background_color`; snake_case names are returned as they are.
pub fn snake_case(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Resolves a name a script wrote (`text`, `bg`, `backgroundColor`, `flex-direction`, an
/// event name such as `onClick`, a custom name) for an element of type `element_type`.
pub fn resolve<'a>(name: &'a str, element_type: &str) -> PropertyName<'a> {
    let element = elements::element(element_type);
    let found = properties::lookup(name, element).or_else(|| {
        let snake = snake_case(name);
        properties::lookup(&snake, element)
    });
    match found {
        Some(resolved) => PropertyName::Registry(resolved.info),
        None => PropertyName::Custom(name),
    }
}

/// A registry name close to an unknown one, for "did you mean" in a script error.
pub fn suggestion(name: &str, element_type: &str) -> Option<&'static str> {
    properties::suggest(&snake_case(name), elements::element(element_type))
}

/// Checks `value` against the type of `info`, returning it as the tree keeps it.
pub fn check(info: &PropertyInfo, value: ScriptValue) -> Result<ScriptValue, String> {
    let describe = |v: &ScriptValue| match v {
        ScriptValue::Nil => "nil".to_string(),
        ScriptValue::String(s) => format!("the string {s:?}"),
        ScriptValue::Array(_) | ScriptValue::Map(_) => format!("an {}", v.kind_name()),
        other => format!("the {} {other}", other.kind_name()),
    };
    let fail = |v: &ScriptValue, hint: Option<String>| {
        let mut message =
            format!("`{}` takes {}, not {}", info.name, info.ty.describe(), describe(v));
        if let Some(hint) = hint {
            message.push_str(&format!(" ({hint})"));
        }
        Err(message)
    };
    use ScriptValue as V;
    match info.ty {
        ValueType::Any | ValueType::Handler => Ok(value),
        // Anything shows as text (arrays and maps as JSON); `setText(nil)` shows nothing
        // (2025 showed "nil").
        ValueType::String => match value {
            V::String(_) => Ok(value),
            other => Ok(V::String(other.to_string())),
        },
        ValueType::Int => match number(&value) {
            Some(V::Int(i)) => Ok(V::Int(i)),
            Some(V::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(V::Int(f as i64)),
            _ => fail(&value, Some("a whole number".into())),
        },
        ValueType::Number => match number(&value) {
            Some(n) => Ok(n),
            None => fail(&value, None),
        },
        ValueType::Fraction => match number(&value) {
            Some(n) if n.as_f64().is_some_and(|f| (0.0..=1.0).contains(&f)) => Ok(n),
            _ => fail(&value, Some("from 0 (transparent) to 1 (opaque)".into())),
        },
        ValueType::Length | ValueType::Size | ValueType::FontSize | ValueType::Angle => {
            length(info.ty, value).or_else(|(v, hint)| fail(&v, hint))
        }
        ValueType::Color => match &value {
            V::String(s) if parse_color(s).is_ok() => Ok(value),
            V::String(s) => {
                let hint = closest(
                    &s.to_ascii_lowercase(),
                    kryon_registry::colors::NAMED_COLORS.iter().map(|(n, _)| *n),
                )
                .map(|c| format!("did you mean `{c}`?"));
                fail(&value, hint)
            }
            V::Int(i) if (0..=u32::MAX as i64).contains(i) => Ok(V::String(format!("#{i:08x}"))),
            _ => fail(&value, None),
        },
        ValueType::Bool => match bool_of(&value) {
            Some(b) => Ok(V::Bool(b)),
            None => fail(&value, None),
        },
        ValueType::Visibility => match &value {
            V::String(s) if matches!(s.as_str(), "visible" | "hidden" | "collapse") => {
                Ok(V::Bool(s == "visible"))
            }
            _ => match bool_of(&value) {
                Some(b) => Ok(V::Bool(b)),
                None => fail(&value, None),
            },
        },
        ValueType::Enum(words) => match &value {
            V::String(s) => match words.iter().find(|w| w.eq_ignore_ascii_case(s)) {
                Some(w) => Ok(V::String((*w).to_string())),
                None => fail(
                    &value,
                    closest(s, words.iter().copied()).map(|c| format!("did you mean `{c}`?")),
                ),
            },
            _ => fail(&value, None),
        },
        ValueType::Layout => {
            let text = match &value {
                V::String(s) => s.clone(),
                V::Array(items) => {
                    items.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" ")
                }
                _ => return fail(&value, None),
            };
            let bad = text
                .split_whitespace()
                .find(|w| !LAYOUT_WORDS.contains(&w.to_ascii_lowercase().as_str()));
            match bad {
                None if !text.trim().is_empty() => Ok(V::String(text)),
                None => fail(&value, None),
                Some(bad) => fail(
                    &value,
                    Some(match closest(bad, LAYOUT_WORDS.iter().copied()) {
                        Some(c) => format!("`{bad}` is not a layout word; did you mean `{c}`?"),
                        None => format!("`{bad}` is not a layout word"),
                    }),
                ),
            }
        }
        ValueType::Spacing => {
            let parts: Vec<ScriptValue> = match &value {
                V::Int(_) | V::Float(_) => vec![value.clone()],
                V::String(s) => s.split_whitespace().map(|p| V::String(p.to_string())).collect(),
                V::Array(items) => items.clone(),
                _ => return fail(&value, None),
            };
            if parts.is_empty() || parts.len() > 4 {
                return fail(&value, Some("one to four lengths".into()));
            }
            for part in parts {
                if let Err((v, hint)) = length(ValueType::Length, part) {
                    return fail(&v, hint);
                }
            }
            Ok(match value {
                V::Array(items) => {
                    V::String(items.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" "))
                }
                other => other,
            })
        }
        ValueType::Resource => match value {
            V::String(_) => Ok(value),
            other => fail(&other, Some("a file path, as a string".into())),
        },
        ValueType::StyleRef => match &value {
            V::String(_) => Ok(value),
            V::Array(items) if items.iter().all(|i| matches!(i, V::String(_))) => Ok(value),
            _ => fail(&value, None),
        },
        ValueType::Transform => match &value {
            V::String(_) | V::Map(_) => Ok(value),
            _ => fail(&value, None),
        },
        ValueType::FontWeight => match &value {
            V::String(s) if FONT_WEIGHTS.contains(&s.to_ascii_lowercase().as_str()) => Ok(value),
            _ => match number(&value) {
                Some(n) if n.as_f64().is_some_and(|f| (1.0..=1000.0).contains(&f)) => Ok(n),
                _ => fail(&value, None),
            },
        },
    }
}

/// A number, or a number written as text.
fn number(value: &ScriptValue) -> Option<ScriptValue> {
    match value {
        ScriptValue::Int(_) => Some(value.clone()),
        ScriptValue::Float(f) if f.is_finite() => Some(value.clone()),
        ScriptValue::String(s) => number_text(s),
        _ => None,
    }
}

/// `true`/`false`, or the text `"true"`/`"false"` of 2025 apps.
pub(crate) fn bool_of(value: &ScriptValue) -> Option<bool> {
    match value {
        ScriptValue::Bool(b) => Some(*b),
        ScriptValue::String(s) => match s.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        ScriptValue::Int(i) => Some(*i != 0),
        _ => None,
    }
}

type LengthError = (ScriptValue, Option<String>);

/// A length: a number (pixels), or text with a unit (`"50%"`, `"2em"`, `"auto"`).
fn length(ty: ValueType, value: ScriptValue) -> Result<ScriptValue, LengthError> {
    let negative = |f: f64| {
        matches!(ty, ValueType::Size | ValueType::FontSize) && f < 0.0
            || ty == ValueType::FontSize && f == 0.0
    };
    match &value {
        ScriptValue::Int(_) | ScriptValue::Float(_) => {
            let f = value.as_f64().unwrap_or(f64::NAN);
            if !f.is_finite() {
                return Err((value, None));
            }
            if negative(f) {
                return Err((value, Some("it cannot be negative".into())));
            }
            Ok(value)
        }
        ScriptValue::String(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("auto") && ty != ValueType::FontSize {
                return Ok(ScriptValue::String("auto".into()));
            }
            let end = t
                .char_indices()
                .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
                .map_or(t.len(), |(i, _)| i);
            let Ok(n) = t[..end].parse::<f64>() else { return Err((value, None)) };
            let unit = &t[end..];
            let units: &[&str] =
                if ty == ValueType::Angle { &["deg", "rad", "turn"] } else { LENGTH_UNITS };
            if !unit.is_empty() && !units.contains(&unit) {
                let hint = format!("`{unit}` is not a unit here");
                return Err((value, Some(hint)));
            }
            if negative(n) {
                return Err((value, Some("it cannot be negative".into())));
            }
            if unit.is_empty() || unit == "px" {
                return Ok(match number_text(&t[..end]) {
                    Some(n) => n,
                    None => ScriptValue::Float(n),
                });
            }
            Ok(ScriptValue::String(format!("{}{unit}", &t[..end])))
        }
        _ => Err((value, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, element: &str, value: ScriptValue) -> Result<ScriptValue, String> {
        match resolve(name, element) {
            PropertyName::Registry(info) => check(info, value),
            PropertyName::Custom(_) => Ok(value),
        }
    }

    #[test]
    fn names_resolve_by_alias_and_case() {
        assert_eq!(resolve("bg", "Container").as_str(), "background_color");
        assert_eq!(resolve("backgroundColor", "Container").as_str(), "background_color");
        assert_eq!(resolve("color", "Text").as_str(), "text_color");
        assert_eq!(resolve("flex-direction", "Container").as_str(), "flex_direction");
        assert_eq!(resolve("my_data", "Container").as_str(), "my_data");
        assert_eq!(suggestion("widht", "Container"), Some("width"));
    }

    #[test]
    fn values_are_checked_against_the_registry_type() {
        let s = |t: &str| ScriptValue::String(t.into());
        assert_eq!(set("width", "Container", 120.into()), Ok(120.into()));
        assert_eq!(set("width", "Container", s("50%")), Ok(s("50%")));
        assert_eq!(set("width", "Container", s("120px")), Ok(120.into()));
        assert_eq!(set("width", "Container", s("auto")), Ok(s("auto")));
        assert!(set("width", "Container", s("wide")).unwrap_err().contains("`width` takes"));
        assert!(set("width", "Container", (-5).into()).is_err());
        assert_eq!(set("margin_top", "Container", (-5).into()), Ok((-5).into()));
        assert_eq!(set("bg", "Container", s("#FF0000")), Ok(s("#FF0000")));
        assert_eq!(set("bg", "Container", s("red")), Ok(s("red")));
        let bad = set("bg", "Container", s("gren")).unwrap_err();
        assert!(bad.contains("did you mean `green`"), "{bad}");
        assert_eq!(set("disabled", "Button", s("true")), Ok(true.into()));
        assert_eq!(set("opacity", "Button", s("0.5")), Ok(0.5.into()));
        assert!(set("opacity", "Button", 2.into()).is_err());
        assert_eq!(set("text_alignment", "Text", s("CENTER")), Ok(s("center")));
        assert!(set("text_alignment", "Text", s("middle")).is_err());
        assert_eq!(set("layout", "Container", s("row center")), Ok(s("row center")));
        assert!(set("layout", "Container", s("row sideways")).is_err());
        assert_eq!(set("padding", "Container", s("10 20")), Ok(s("10 20")));
        assert!(set("padding", "Container", s("1 2 3 4 5")).is_err());
        assert_eq!(set("text", "Text", 5.into()), Ok(s("5")));
        assert_eq!(set("text", "Text", ScriptValue::Nil), Ok(s("")));
        assert_eq!(set("font_weight", "Text", s("bold")), Ok(s("bold")));
        assert_eq!(set("font_weight", "Text", 700.into()), Ok(700.into()));
        assert!(set("font_size", "Text", 0.into()).is_err());
        assert_eq!(set("visible", "Text", s("hidden")), Ok(false.into()));
        assert_eq!(set("my_data", "Text", ScriptValue::Nil), Ok(ScriptValue::Nil));
    }
}

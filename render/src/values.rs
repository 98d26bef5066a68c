//! Reading property values as the runtime holds them (`ScriptValue`s: plain numbers, numbers
//! with units and colours as text such as `"10px"`, `"50%"`, `"#ff0000ff"`, word lists as
//! space-separated text) into the lengths, colours, numbers and words the renderer uses.
//!
//! Every reader is total: a value it cannot read gives `None`, and every number it gives is
//! finite and clamped to [`MAX_LENGTH`], so no property value can make layout or paint
//! overflow.

use std::borrow::Cow;

use kryon_runtime::ScriptValue;

/// The largest length (in pixels, after units) any property can give; larger values and
/// infinities are clamped to it.
pub const MAX_LENGTH: f32 = 1_000_000.0;

/// A length as layout takes it: pixels (units already applied), a percentage of the parent,
/// or `auto`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    Auto,
    Px(f32),
    /// A fraction: `50%` is `Percent(0.5)`.
    Percent(f32),
}

impl Length {
    /// The length in pixels, when it is one.
    pub fn px(self) -> Option<f32> {
        match self {
            Length::Px(v) => Some(v),
            _ => None,
        }
    }

    /// Negative pixel lengths become 0 (sizes, paddings and borders cannot be negative).
    pub fn non_negative(self) -> Length {
        match self {
            Length::Px(v) => Length::Px(v.max(0.0)),
            Length::Percent(p) => Length::Percent(p.max(0.0)),
            Length::Auto => Length::Auto,
        }
    }
}

/// What relative units are relative to, and the scale from logical to frame pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitContext {
    /// The element's font size in frame pixels (for `em`).
    pub font_size: f32,
    /// The root's font size in frame pixels (for `rem`).
    pub root_font_size: f32,
    /// The window in frame pixels (for `vw`, `vh`).
    pub viewport: (f32, f32),
    /// Frame pixels per logical pixel.
    pub scale: f32,
}

fn clamp(v: f64) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-(MAX_LENGTH as f64), MAX_LENGTH as f64) as f32
    }
}

/// The value as text: strings as they are, numbers and booleans as written.
pub fn text(value: &ScriptValue) -> Option<Cow<'_, str>> {
    match value {
        ScriptValue::String(s) => Some(Cow::Borrowed(s.as_str())),
        ScriptValue::Int(i) => Some(Cow::Owned(i.to_string())),
        ScriptValue::Float(f) => Some(Cow::Owned(f.to_string())),
        ScriptValue::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        _ => None,
    }
}

/// Splits `"12.5px"` into `(12.5, "px")`.
fn split_number(text: &str) -> Option<(f64, &str)> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0) || c == 'e')
        })
        .map_or(t.len(), |(i, _)| i);
    // `e` only as an exponent: "1e3" but not the `e` of `em`.
    let (mut num, mut unit) = t.split_at(end);
    if let Some(pos) = num.find('e') {
        if !num[pos + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            unit = &t[pos..];
            num = &t[..pos];
        }
    }
    let value: f64 = num.parse().ok()?;
    value.is_finite().then_some((value, unit.trim()))
}

/// A plain number (`3`, `0.5`, `"2"`); `None` for anything else.
pub fn number(value: &ScriptValue) -> Option<f32> {
    match value {
        ScriptValue::Int(i) => Some(clamp(*i as f64)),
        ScriptValue::Float(f) => f.is_finite().then(|| clamp(*f)),
        ScriptValue::String(s) => {
            let (v, unit) = split_number(s)?;
            unit.is_empty().then(|| clamp(v))
        }
        ScriptValue::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// A boolean: `true`/`false`, numbers, and the words `yes`/`no`.
pub fn boolean(value: &ScriptValue) -> Option<bool> {
    match value {
        ScriptValue::Bool(b) => Some(*b),
        ScriptValue::String(s) => match s.trim() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" | "" => Some(false),
            _ => None,
        },
        ScriptValue::Int(i) => Some(*i != 0),
        ScriptValue::Float(f) => Some(*f != 0.0),
        _ => None,
    }
}

/// One length from text: `10`, `10px`, `50%`, `2em`, `1.5rem`, `10vw`, `auto`.
pub fn length_text(text: &str, ctx: &UnitContext) -> Option<Length> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("auto") {
        return Some(Length::Auto);
    }
    let (v, unit) = split_number(t)?;
    let px = |v: f64| Some(Length::Px(clamp(v)));
    match unit.to_ascii_lowercase().as_str() {
        "" | "px" => px(v * ctx.scale as f64),
        "%" => Some(Length::Percent(clamp(v / 100.0))),
        "em" => px(v * ctx.font_size as f64),
        "rem" => px(v * ctx.root_font_size as f64),
        "vw" => px(v * ctx.viewport.0 as f64 / 100.0),
        "vh" => px(v * ctx.viewport.1 as f64 / 100.0),
        _ => None,
    }
}

/// One length.
pub fn length(value: &ScriptValue, ctx: &UnitContext) -> Option<Length> {
    match value {
        ScriptValue::Int(i) => Some(Length::Px(clamp(*i as f64 * ctx.scale as f64))),
        ScriptValue::Float(f) if f.is_finite() => Some(Length::Px(clamp(*f * ctx.scale as f64))),
        ScriptValue::String(s) => length_text(s, ctx),
        _ => None,
    }
}

/// One to four lengths in CSS order (top, right, bottom, left), expanded to four: from a list
/// (`[10, 20]`), a word list (`"10 20"`) or one length.
pub fn spacing(value: &ScriptValue, ctx: &UnitContext) -> Option<[Length; 4]> {
    let mut parts: Vec<Length> = Vec::with_capacity(4);
    match value {
        ScriptValue::Array(items) => {
            for item in items.iter().take(4) {
                parts.push(length(item, ctx)?);
            }
        }
        ScriptValue::String(s) => {
            for word in s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
                if parts.len() == 4 {
                    return None;
                }
                parts.push(length_text(word, ctx)?);
            }
        }
        other => parts.push(length(other, ctx)?),
    }
    Some(match parts.as_slice() {
        [a] => [*a; 4],
        [v, h] => [*v, *h, *v, *h],
        [t, h, b] => [*t, *h, *b, *h],
        [t, r, b, l] => [*t, *r, *b, *l],
        _ => return None,
    })
}

/// A colour: `#RGB[A]`, `#RRGGBB[AA]`, CSS names, `transparent`, as `[r, g, b, a]`.
pub fn color(value: &ScriptValue) -> Option<[u8; 4]> {
    let text = match value {
        ScriptValue::String(s) => s.as_str(),
        // A colour given as a number: 0xRRGGBBAA.
        ScriptValue::Int(i) => return u32::try_from(*i).ok().map(u32::to_be_bytes),
        _ => return None,
    };
    let t = text.trim();
    if let Some(inner) = t.strip_prefix("rgba(").or_else(|| t.strip_prefix("rgb(")) {
        let inner = inner.strip_suffix(')')?;
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        if parts.len() < 3 || parts.len() > 4 {
            return None;
        }
        let channel = |s: &str| s.parse::<f32>().ok().map(|v| v.clamp(0.0, 255.0).round() as u8);
        let alpha = match parts.get(3) {
            Some(a) => {
                let a: f32 = a.parse().ok()?;
                let a = if a > 1.0 { a / 255.0 } else { a };
                (a.clamp(0.0, 1.0) * 255.0).round() as u8
            }
            None => 255,
        };
        return Some([channel(parts[0])?, channel(parts[1])?, channel(parts[2])?, alpha]);
    }
    kryon_registry::colors::parse_color(t).ok().map(u32::to_be_bytes)
}

/// The value's words, lower-cased with `-` read as `_` (`"row space-between"` →
/// `["row", "space_between"]`).
pub fn words(value: &ScriptValue) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |s: &str| {
        for w in s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
            out.push(w.to_ascii_lowercase().replace('-', "_"));
        }
    };
    match value {
        ScriptValue::Array(items) => {
            for item in items {
                if let Some(t) = text(item) {
                    push(&t);
                }
            }
        }
        other => {
            if let Some(t) = text(other) {
                push(&t);
            }
        }
    }
    out
}

/// The value as one lower-case word with `-` read as `_`.
pub fn word(value: &ScriptValue) -> Option<String> {
    let t = text(value)?;
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase().replace('-', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> UnitContext {
        UnitContext { font_size: 10.0, root_font_size: 20.0, viewport: (800.0, 600.0), scale: 2.0 }
    }

    #[test]
    fn lengths_with_every_unit() {
        let c = ctx();
        let s = |t: &str| length(&ScriptValue::String(t.into()), &c);
        assert_eq!(s("10px"), Some(Length::Px(20.0)));
        assert_eq!(s("10"), Some(Length::Px(20.0)));
        assert_eq!(s("50%"), Some(Length::Percent(0.5)));
        assert_eq!(s("2em"), Some(Length::Px(20.0)));
        assert_eq!(s("1.5rem"), Some(Length::Px(30.0)));
        assert_eq!(s("10vw"), Some(Length::Px(80.0)));
        assert_eq!(s("10vh"), Some(Length::Px(60.0)));
        assert_eq!(s("auto"), Some(Length::Auto));
        assert_eq!(s("1e3"), Some(Length::Px(2000.0)));
        assert_eq!(s("wide"), None);
        assert_eq!(length(&ScriptValue::Int(7), &c), Some(Length::Px(14.0)));
        assert_eq!(length(&ScriptValue::Float(1e300), &c), Some(Length::Px(MAX_LENGTH)));
        assert_eq!(length(&ScriptValue::Float(f64::NAN), &c), None);
    }

    #[test]
    fn spacing_expands_like_css() {
        let c = UnitContext { scale: 1.0, ..ctx() };
        let px = Length::Px;
        let v = ScriptValue::String("1 2 3".into());
        assert_eq!(spacing(&v, &c), Some([px(1.0), px(2.0), px(3.0), px(2.0)]));
        let v = ScriptValue::Array(vec![ScriptValue::Int(4), ScriptValue::Int(8)]);
        assert_eq!(spacing(&v, &c), Some([px(4.0), px(8.0), px(4.0), px(8.0)]));
        assert_eq!(spacing(&ScriptValue::Int(5), &c), Some([px(5.0); 4]));
        assert_eq!(spacing(&ScriptValue::String("1 2 3 4 5".into()), &c), None);
    }

    #[test]
    fn colours() {
        let s = |t: &str| color(&ScriptValue::String(t.into()));
        assert_eq!(s("#ff000080"), Some([255, 0, 0, 128]));
        assert_eq!(s("red"), Some([255, 0, 0, 255]));
        assert_eq!(s("transparent"), Some([0, 0, 0, 0]));
        assert_eq!(s("rgb(1, 2, 3)"), Some([1, 2, 3, 255]));
        assert_eq!(s("rgba(1, 2, 3, 0.5)"), Some([1, 2, 3, 128]));
        assert_eq!(s("#ggg"), None);
    }

    #[test]
    fn words_are_normalised() {
        let v = ScriptValue::String("Row  space-between".into());
        assert_eq!(words(&v), ["row", "space_between"]);
    }
}

//! The types property values take, how they are named in messages, and the words some of
//! them allow. Checking a written value against a type is the compiler's job (it has the
//! syntax tree); checking a value a script sets is the runtime's.

/// The type of a property's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A whole number.
    Int,
    /// Any number, no unit.
    Number,
    /// A size: a number with or without `px`, `%`, `em`, `rem`, `vw`, `vh`, or `auto`.
    Length,
    /// A size that cannot be negative.
    Size,
    /// A font size: positive.
    FontSize,
    /// An angle: a number with or without `deg`, `rad`, `turn`.
    Angle,
    /// A number from 0 to 1.
    Fraction,
    Color,
    /// Text; numbers and booleans are accepted and shown as written.
    String,
    Bool,
    /// One word from a fixed list (bare or quoted).
    Enum(&'static [&'static str]),
    /// The `layout` word list: direction, alignment, wrap, grow, absolute.
    Layout,
    /// 1–4 lengths (CSS shorthand order top, right, bottom, left), as a list or a string.
    Spacing,
    /// A path to a file the app ships (image, font, video, ...).
    Resource,
    /// A style name (or several).
    StyleRef,
    /// An event handler: a function name, a call like `select($index)`, or inline script.
    Handler,
    /// A transform: an object `{ scale: 0.95 }` or a CSS-like string `"scale(0.95)"`.
    Transform,
    /// 100–900, or normal, bold, bolder, lighter, ...
    FontWeight,
    /// `true`/`false`, or `visible`/`hidden`.
    Visibility,
    /// Any value (kept as written).
    Any,
}

pub const LAYOUT_WORDS: &[&str] = &[
    "row",
    "column",
    "row-reverse",
    "column-reverse",
    "row_reverse",
    "column_reverse",
    "start",
    "center",
    "end",
    "stretch",
    "space-between",
    "space-around",
    "space-evenly",
    "space_between",
    "space_around",
    "space_evenly",
    "wrap",
    "nowrap",
    "grow",
    "absolute",
    "relative",
    "flex",
    "grid",
    "fill",
];

pub const FONT_WEIGHTS: &[&str] = &[
    "normal",
    "bold",
    "bolder",
    "lighter",
    "thin",
    "extralight",
    "light",
    "regular",
    "medium",
    "semibold",
    "extrabold",
    "black",
    "heavy",
];

pub const LENGTH_UNITS: &[&str] = &["px", "%", "em", "rem", "vw", "vh"];
pub const ANGLE_UNITS: &[&str] = &["deg", "rad", "turn"];

impl ValueType {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            ValueType::Int => "a whole number".into(),
            ValueType::Number => "a number".into(),
            ValueType::Length => "a length such as `100`, `50%` or `2em`".into(),
            ValueType::Size => "a size that is not negative, such as `100`, `50%` or `2em`".into(),
            ValueType::FontSize => "a font size (a positive number)".into(),
            ValueType::Angle => "an angle such as `45deg`".into(),
            ValueType::Fraction => "a number from 0 to 1".into(),
            ValueType::Color => "a colour such as `#FF0000`, `\"#FF0000CC\"` or `red`".into(),
            ValueType::String => "text".into(),
            ValueType::Bool => "`true` or `false`".into(),
            ValueType::Enum(words) => format!(
                "one of {}",
                words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
            ),
            ValueType::Layout => "layout words such as `row center` or `column grow`".into(),
            ValueType::Spacing => "one to four lengths, such as `10` or `10 20`".into(),
            ValueType::Resource => "a file path, as a string".into(),
            ValueType::StyleRef => "a style name, as a string".into(),
            ValueType::Handler => {
                "a function name, a call such as `select($index)`, or inline script".into()
            }
            ValueType::Transform => {
                "a transform such as `{ scale: 0.95 }` or `\"scale(0.95)\"`".into()
            }
            ValueType::FontWeight => "a font weight: 100–900, `normal` or `bold`".into(),
            ValueType::Visibility => "`true`, `false`, `visible` or `hidden`".into(),
            ValueType::Any => "any value".into(),
        }
    }

    /// A short name for the property reference.
    pub fn short_name(&self) -> String {
        match self {
            ValueType::Enum(words) => format!("enum: {}", words.join(" | ")),
            other => format!("{other:?}").to_lowercase(),
        }
    }
}

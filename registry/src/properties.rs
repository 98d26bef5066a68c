//! The property registry: every built-in property with its stable id, canonical name,
//! aliases, value type, the elements it applies to, whether it inherits, and its default.

use super::elements::ElementInfo;
use super::value_types::ValueType::{self, *};

/// Another spelling of a property, possibly only on some elements.
#[derive(Debug)]
pub struct Alias {
    pub name: &'static str,
    /// The elements the alias works on; empty means all.
    pub only: &'static [&'static str],
}

#[derive(Debug)]
pub struct PropertyInfo {
    /// Stable id in KRB files; never reused.
    pub id: u16,
    /// Canonical snake_case name.
    pub name: &'static str,
    pub aliases: &'static [Alias],
    pub ty: ValueType,
    /// The elements it applies to; empty means every element.
    pub applies_to: &'static [&'static str],
    /// Whether children inherit it.
    pub inherited: bool,
    pub default: Option<&'static str>,
    pub category: &'static str,
    pub doc: &'static str,
}

const ALL: &[&str] = &[];
const APP: &[&str] = &["App"];
const MEDIA: &[&str] = &["Image", "Video", "EmbedView", "WasmView"];
const FORM: &[&str] =
    &["Input", "Checkbox", "Radio", "Slider", "Select", "Option", "TextArea", "Dropdown", "Widget"];
const TEXT_INPUT: &[&str] = &["Input", "TextArea"];
const CHOICE: &[&str] = &["Select", "Dropdown", "Widget"];
const TEXTUAL: &[&str] = &["Text", "Button", "Link", "Input", "Checkbox", "Radio", "Tab"];

macro_rules! a {
    ($($name:literal $(on $only:expr)?),* $(,)?) => { &[$(Alias { name: $name, only: a!(@only $($only)?) }),*] };
    (@only) => { &[] };
    (@only $only:expr) => { $only };
}

macro_rules! props {
    ($( $id:literal $name:literal $ty:expr, $applies:expr, inherit=$inh:literal, default=$def:expr, $cat:literal, aliases=$aliases:expr, $doc:literal; )*) => {
        /// Every built-in property, in id order.
        pub const PROPERTIES: &[PropertyInfo] = &[ $( PropertyInfo {
            id: $id, name: $name, aliases: $aliases, ty: $ty, applies_to: $applies, inherited: $inh,
            default: $def, category: $cat, doc: $doc,
        }, )* ];
    };
}

const ALIGN: ValueType = Enum(&[
    "start",
    "end",
    "center",
    "stretch",
    "baseline",
    "flex-start",
    "flex-end",
    "flex_start",
    "flex_end",
    "auto",
]);
const JUSTIFY: ValueType = Enum(&[
    "start",
    "end",
    "center",
    "space-between",
    "space-around",
    "space-evenly",
    "space_between",
    "space_around",
    "space_evenly",
    "flex-start",
    "flex-end",
    "flex_start",
    "flex_end",
    "stretch",
]);
const OVERFLOW: ValueType = Enum(&["visible", "hidden", "scroll", "auto", "clip"]);

props! {
    1 "window_width" Size, APP, inherit=false, default=Some("800"), "window", aliases=a![], "Width of the window in pixels.";
    2 "window_height" Size, APP, inherit=false, default=Some("600"), "window", aliases=a![], "Height of the window in pixels.";
    3 "window_title" String, APP, inherit=false, default=Some("\"\""), "window", aliases=a!["title" on APP], "The window title.";
    4 "resizable" Bool, APP, inherit=false, default=Some("true"), "window", aliases=a![], "Whether the user can resize the window.";
    5 "keep_aspect" Bool, APP, inherit=false, default=Some("false"), "window", aliases=a!["keep_aspect_ratio"], "Keep the window's aspect ratio when resizing.";
    6 "scale_factor" Number, APP, inherit=false, default=Some("1.0"), "window", aliases=a![], "UI scale factor.";
    7 "icon" Resource, APP, inherit=false, default=None, "window", aliases=a![], "The window icon.";
    8 "version" String, APP, inherit=false, default=None, "window", aliases=a![], "The app's version.";
    9 "author" String, APP, inherit=false, default=None, "window", aliases=a![], "The app's author.";
    10 "fullscreen" Bool, APP, inherit=false, default=Some("false"), "window", aliases=a![], "Start in full screen.";
    11 "window_min_width" Size, APP, inherit=false, default=None, "window", aliases=a![], "Smallest window width.";
    12 "window_min_height" Size, APP, inherit=false, default=None, "window", aliases=a![], "Smallest window height.";

    20 "id" String, ALL, inherit=false, default=None, "identity", aliases=a![], "The element's id, unique in the app; scripts find elements with `getElementById`.";
    21 "style" StyleRef, ALL, inherit=false, default=None, "identity", aliases=a!["class"], "The style (or styles) applied to the element.";
    22 "visibility" Visibility, ALL, inherit=false, default=Some("true"), "identity", aliases=a!["visible"], "Whether the element is shown.";
    23 "extends" StyleRef, ALL, inherit=false, default=None, "identity", aliases=a![], "In a style: the styles it builds on.";

    30 "width" Size, ALL, inherit=false, default=Some("auto"), "box", aliases=a!["w"], "Width.";
    31 "height" Size, ALL, inherit=false, default=Some("auto"), "box", aliases=a!["h"], "Height.";
    32 "min_width" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Smallest width.";
    33 "min_height" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Smallest height.";
    34 "max_width" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Largest width.";
    35 "max_height" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Largest height.";
    36 "margin" Spacing, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Outer spacing: one to four lengths (top right bottom left).";
    37 "margin_top" Length, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Outer spacing above; may be negative.";
    38 "margin_right" Length, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Outer spacing on the right; may be negative.";
    39 "margin_bottom" Length, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Outer spacing below; may be negative.";
    40 "margin_left" Length, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Outer spacing on the left; may be negative.";
    41 "padding" Spacing, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Inner spacing: one to four lengths (top right bottom left).";
    42 "padding_top" Size, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Inner spacing above.";
    43 "padding_right" Size, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Inner spacing on the right.";
    44 "padding_bottom" Size, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Inner spacing below.";
    45 "padding_left" Size, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Inner spacing on the left.";
    46 "gap" Size, ALL, inherit=false, default=Some("0"), "box", aliases=a![], "Space between children.";
    47 "row_gap" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Space between rows.";
    48 "column_gap" Size, ALL, inherit=false, default=None, "box", aliases=a![], "Space between columns.";

    60 "background_color" Color, ALL, inherit=false, default=Some("transparent"), "colour", aliases=a!["bg", "bg_color", "background"], "Background colour.";
    61 "text_color" Color, ALL, inherit=true, default=Some("#000000"), "colour", aliases=a!["color" on TEXTUAL, "foreground_color"], "Text colour; inherited.";
    62 "border_color" Color, ALL, inherit=false, default=Some("transparent"), "border", aliases=a![], "Border colour.";
    63 "border_width" Spacing, ALL, inherit=false, default=Some("0"), "border", aliases=a![], "Border width: one to four lengths.";
    64 "border_top_width" Size, ALL, inherit=false, default=None, "border", aliases=a![], "Top border width.";
    65 "border_right_width" Size, ALL, inherit=false, default=None, "border", aliases=a![], "Right border width.";
    66 "border_bottom_width" Size, ALL, inherit=false, default=None, "border", aliases=a![], "Bottom border width.";
    67 "border_left_width" Size, ALL, inherit=false, default=None, "border", aliases=a![], "Left border width.";
    68 "border_radius" Spacing, ALL, inherit=false, default=Some("0"), "border", aliases=a![], "Corner radius: one to four lengths.";
    69 "border_style" Enum(&["solid", "dashed", "dotted", "double", "none"]), ALL, inherit=false, default=Some("solid"), "border", aliases=a![], "Border line style.";
    70 "opacity" Fraction, ALL, inherit=false, default=Some("1"), "colour", aliases=a![], "Opacity from 0 to 1.";
    71 "box_shadow" String, ALL, inherit=false, default=None, "colour", aliases=a![], "A CSS-like shadow, such as `\"0 2 4 #00000040\"`.";
    72 "background_image" Resource, ALL, inherit=false, default=None, "colour", aliases=a![], "A background image.";
    73 "border" Any, ALL, inherit=false, default=None, "border", aliases=a![], "CSS-like shorthand: width, style and colour, such as `1 solid #CCCCCC`.";

    80 "text" String, ALL, inherit=false, default=Some("\"\""), "text", aliases=a!["content" on TEXTUAL, "label" on TEXTUAL], "The text shown.";
    81 "font_size" FontSize, ALL, inherit=true, default=Some("14"), "text", aliases=a![], "Font size; inherited.";
    82 "font_weight" FontWeight, ALL, inherit=true, default=Some("normal"), "text", aliases=a![], "Font weight; inherited.";
    83 "font_family" String, ALL, inherit=true, default=None, "text", aliases=a!["font"], "Font family; inherited.";
    84 "font_style" Enum(&["normal", "italic", "oblique"]), ALL, inherit=false, default=Some("normal"), "text", aliases=a![], "Font style.";
    85 "text_alignment" Enum(&["left", "center", "right", "start", "end", "justify"]), ALL, inherit=true, default=Some("start"), "text", aliases=a!["text_align"], "Horizontal text alignment; inherited.";
    86 "line_height" Length, ALL, inherit=false, default=None, "text", aliases=a![], "Line height.";
    87 "letter_spacing" Length, ALL, inherit=false, default=None, "text", aliases=a![], "Space between letters.";
    88 "text_decoration" Enum(&["none", "underline", "overline", "line-through", "line_through"]), ALL, inherit=false, default=Some("none"), "text", aliases=a![], "Text decoration.";
    89 "text_transform" Enum(&["none", "uppercase", "lowercase", "capitalize"]), ALL, inherit=false, default=Some("none"), "text", aliases=a![], "Case transformation.";
    90 "white_space" Enum(&["normal", "nowrap", "pre", "pre-wrap", "pre-line", "pre_wrap", "pre_line"]), ALL, inherit=false, default=Some("normal"), "text", aliases=a![], "How white space and line breaks are handled.";
    91 "text_overflow" Enum(&["clip", "ellipsis"]), ALL, inherit=false, default=Some("clip"), "text", aliases=a![], "What happens to text that does not fit.";
    92 "max_lines" Int, ALL, inherit=false, default=None, "text", aliases=a![], "Largest number of lines shown.";

    100 "layout" Layout, ALL, inherit=false, default=Some("column"), "layout", aliases=a![], "Layout words: direction (row, column), alignment (start, center, end, space-between, ...), wrap, grow, absolute.";
    101 "display" Enum(&["flex", "grid", "block", "inline", "none"]), ALL, inherit=false, default=Some("flex"), "layout", aliases=a![], "Display mode.";
    102 "flex_direction" Enum(&["row", "column", "row-reverse", "column-reverse", "row_reverse", "column_reverse"]), ALL, inherit=false, default=Some("column"), "layout", aliases=a![], "Main axis of a flex layout.";
    103 "flex_wrap" Enum(&["nowrap", "wrap", "wrap-reverse", "wrap_reverse"]), ALL, inherit=false, default=Some("nowrap"), "layout", aliases=a![], "Whether children wrap.";
    104 "flex_grow" Number, ALL, inherit=false, default=Some("0"), "layout", aliases=a![], "How much the element grows.";
    105 "flex_shrink" Number, ALL, inherit=false, default=Some("1"), "layout", aliases=a![], "How much the element shrinks.";
    106 "flex_basis" Length, ALL, inherit=false, default=Some("auto"), "layout", aliases=a![], "Initial main size.";
    107 "align_items" ALIGN, ALL, inherit=false, default=Some("stretch"), "layout", aliases=a![], "Cross-axis alignment of children.";
    108 "align_self" ALIGN, ALL, inherit=false, default=Some("auto"), "layout", aliases=a![], "Cross-axis alignment of this element.";
    109 "align_content" JUSTIFY, ALL, inherit=false, default=None, "layout", aliases=a![], "Alignment of wrapped lines.";
    110 "justify_content" JUSTIFY, ALL, inherit=false, default=Some("start"), "layout", aliases=a![], "Main-axis alignment of children.";
    111 "grid_template_columns" String, ALL, inherit=false, default=None, "layout", aliases=a![], "Grid column tracks, such as `\"1fr 2fr\"`.";
    112 "grid_template_rows" String, ALL, inherit=false, default=None, "layout", aliases=a![], "Grid row tracks.";
    113 "grid_column" String, ALL, inherit=false, default=None, "layout", aliases=a![], "Grid column placement.";
    114 "grid_row" String, ALL, inherit=false, default=None, "layout", aliases=a![], "Grid row placement.";
    115 "order" Int, ALL, inherit=false, default=Some("0"), "layout", aliases=a![], "Order among siblings.";

    120 "position" Enum(&["static", "relative", "absolute", "fixed", "sticky"]), ALL, inherit=false, default=Some("relative"), "position", aliases=a![], "Positioning scheme.";
    121 "top" Length, ALL, inherit=false, default=None, "position", aliases=a![], "Offset from the top.";
    122 "left" Length, ALL, inherit=false, default=None, "position", aliases=a![], "Offset from the left.";
    123 "right" Length, ALL, inherit=false, default=None, "position", aliases=a![], "Offset from the right.";
    124 "bottom" Length, ALL, inherit=false, default=None, "position", aliases=a![], "Offset from the bottom.";
    125 "pos_x" Length, ALL, inherit=false, default=Some("0"), "position", aliases=a!["x"], "Horizontal position (absolute layout).";
    126 "pos_y" Length, ALL, inherit=false, default=Some("0"), "position", aliases=a!["y"], "Vertical position (absolute layout).";
    127 "z_index" Int, ALL, inherit=false, default=Some("0"), "position", aliases=a![], "Stacking order.";
    128 "overflow" OVERFLOW, ALL, inherit=false, default=Some("visible"), "position", aliases=a![], "What happens to content that does not fit.";
    129 "overflow_x" OVERFLOW, ALL, inherit=false, default=None, "position", aliases=a![], "Horizontal overflow.";
    130 "overflow_y" OVERFLOW, ALL, inherit=false, default=None, "position", aliases=a![], "Vertical overflow.";
    131 "cursor" Enum(&["default", "pointer", "text", "move", "grab", "grabbing", "not-allowed", "not_allowed", "crosshair", "wait", "help", "progress", "col-resize", "row-resize", "none"]), ALL, inherit=false, default=Some("default"), "position", aliases=a![], "The mouse cursor over the element.";
    132 "transform" Transform, ALL, inherit=false, default=None, "position", aliases=a![], "A transform: `{ scale: 0.95, rotate: 5deg }` or `\"scale(0.95)\"`.";
    133 "transition" String, ALL, inherit=false, default=None, "position", aliases=a![], "A CSS-like transition, such as `\"opacity 0.2s\"`.";

    140 "src" Resource, MEDIA, inherit=false, default=None, "media", aliases=a!["source" on MEDIA, "image_source" on MEDIA], "The file shown.";
    141 "fit" Enum(&["contain", "cover", "fill", "none", "scale-down", "scale_down"]), MEDIA, inherit=false, default=Some("contain"), "media", aliases=a!["object_fit"], "How the content fits the box.";
    142 "alt" String, MEDIA, inherit=false, default=None, "media", aliases=a![], "Text describing the content.";
    143 "autoplay" Bool, &["Video"], inherit=false, default=Some("false"), "media", aliases=a![], "Start playing at once.";
    144 "loop" Bool, &["Video"], inherit=false, default=Some("false"), "media", aliases=a![], "Play again at the end.";
    145 "muted" Bool, &["Video"], inherit=false, default=Some("false"), "media", aliases=a![], "Play without sound.";
    146 "controls" Bool, &["Video"], inherit=false, default=Some("true"), "media", aliases=a![], "Show playback controls.";
    147 "href" String, &["Link"], inherit=false, default=None, "media", aliases=a![], "The link target.";
    148 "target" Enum(&["_self", "_blank"]), &["Link"], inherit=false, default=Some("_self"), "media", aliases=a![], "Where the link opens.";

    160 "type" Enum(&["text", "password", "email", "number", "checkbox", "radio", "range", "textarea", "date", "search", "tel", "url", "time", "datetime-local", "datetime_local", "month", "week", "color", "file", "hidden", "button", "submit", "reset", "dropdown"]), &["Input", "Widget"], inherit=false, default=Some("text"), "form", aliases=a!["input_type"], "The kind of input.";
    161 "placeholder" String, &["Input", "TextArea", "Select", "Dropdown", "Widget"], inherit=false, default=None, "form", aliases=a![], "Hint shown while the input is empty.";
    162 "value" Any, FORM, inherit=false, default=None, "form", aliases=a!["selected_value" on CHOICE], "The current value.";
    163 "min" Number, FORM, inherit=false, default=None, "form", aliases=a![], "Smallest value (number, range, slider).";
    164 "max" Number, FORM, inherit=false, default=None, "form", aliases=a![], "Largest value (number, range, slider).";
    165 "step" Number, FORM, inherit=false, default=None, "form", aliases=a![], "Step between values.";
    166 "checked" Bool, FORM, inherit=false, default=Some("false"), "form", aliases=a![], "Whether a checkbox or radio is checked.";
    167 "disabled" Bool, ALL, inherit=false, default=Some("false"), "form", aliases=a![], "Whether the element ignores input.";
    168 "readonly" Bool, TEXT_INPUT, inherit=false, default=Some("false"), "form", aliases=a!["read_only"], "Whether the value can be edited.";
    169 "max_length" Int, TEXT_INPUT, inherit=false, default=None, "form", aliases=a![], "Largest number of characters.";
    170 "name" String, FORM, inherit=false, default=None, "form", aliases=a![], "The field's name in a form; groups radio buttons.";
    171 "rows" Int, TEXT_INPUT, inherit=false, default=None, "form", aliases=a![], "Visible lines of a textarea.";
    172 "required" Bool, &["Input"], inherit=false, default=Some("false"), "form", aliases=a![], "Whether a value must be entered.";
    173 "autofocus" Bool, ALL, inherit=false, default=Some("false"), "form", aliases=a![], "Focus the element when the app starts.";
    174 "selected_index" Int, &["Tabs", "List"], inherit=false, default=Some("0"), "form", aliases=a![], "The selected tab or item.";
    175 "orientation" Enum(&["horizontal", "vertical"]), &["Tabs", "Slider", "List"], inherit=false, default=None, "form", aliases=a![], "Direction of tabs, sliders and lists.";
    176 "options" Any, CHOICE, inherit=false, default=None, "form", aliases=a![], "The choices of a `Select` without `Option` children: an array of strings, or of objects with `value` and `text`.";

    200 "onClick" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_click"], "Runs when the element is clicked.";
    201 "onPress" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_press"], "Runs when a press starts.";
    202 "onRelease" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_release"], "Runs when a press ends.";
    203 "onHover" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_hover"], "Runs when the pointer enters the element.";
    204 "onFocus" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_focus"], "Runs when the element gets focus.";
    205 "onBlur" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_blur"], "Runs when the element loses focus.";
    206 "onChange" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_change", "onSelectionChanged", "on_selection_changed"], "Runs when an input's value changes.";
    207 "onSubmit" Handler, ALL, inherit=false, default=None, "events", aliases=a!["on_submit"], "Runs when an input is submitted (Enter).";
    208 "onLoad" Handler, APP, inherit=false, default=None, "events", aliases=a!["on_load"], "Runs once when the app starts.";
}

/// The result of looking a property name up.
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    pub info: &'static PropertyInfo,
    /// The alias used, when the name was not the canonical one.
    pub via_alias: Option<&'static str>,
}

fn normalize(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains('-') {
        name.replace('-', "_").into()
    } else {
        name.into()
    }
}

fn alias_applies(alias: &Alias, element: Option<&ElementInfo>) -> bool {
    alias.only.is_empty() || element.is_none_or(|e| alias.only.contains(&e.name))
}

/// Looks a property up by name or alias; hyphens are read as underscores (`flex-direction`).
/// With `element`, aliases restricted to other elements do not match; without one (a style),
/// every alias does.
pub fn lookup(name: &str, element: Option<&ElementInfo>) -> Option<Resolved> {
    let name = normalize(name);
    if let Some(info) = PROPERTIES.iter().find(|p| p.name == name) {
        return Some(Resolved { info, via_alias: None });
    }
    PROPERTIES.iter().find_map(|info| {
        info.aliases
            .iter()
            .find(|a| a.name == name && alias_applies(a, element))
            .map(|a| Resolved { info, via_alias: Some(a.name) })
    })
}

/// Whether a property applies to an element.
pub fn applies(info: &PropertyInfo, element: &ElementInfo) -> bool {
    info.applies_to.is_empty() || info.applies_to.contains(&element.name)
}

/// The closest property name or alias to a misspelt one.
pub fn suggest(name: &str, element: Option<&ElementInfo>) -> Option<&'static str> {
    let names = PROPERTIES.iter().filter(|p| element.is_none_or(|e| applies(p, e))).flat_map(|p| {
        std::iter::once(p.name)
            .chain(p.aliases.iter().filter(move |a| alias_applies(a, element)).map(|a| a.name))
    });
    crate::suggest::closest(&normalize(name), names)
}

pub fn by_id(id: u16) -> Option<&'static PropertyInfo> {
    PROPERTIES.iter().find(|p| p.id == id)
}

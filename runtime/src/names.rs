//! Names of element types and properties by registry id.
//!
//! The ids are the compiler's registry ids (`src/registry/` in kryc). A registry never reuses
//! an id, so this copy of the id → name mapping stays right for every file; a newer file's
//! unknown ids are shown as `element type N` / `property N`. The runtime does not depend on
//! the compiler, so only the names are copied here (no types, aliases or docs).

use std::borrow::Cow;

/// Built-in element types: (id, name).
const ELEMENTS: &[(u16, &str)] = &[
    (1, "App"),
    (2, "Container"),
    (3, "Text"),
    (4, "Image"),
    (5, "Button"),
    (6, "Input"),
    (7, "Canvas"),
    (8, "Link"),
    (9, "List"),
    (10, "Grid"),
    (11, "Scrollable"),
    (12, "Tabs"),
    (13, "Tab"),
    (14, "Video"),
    (15, "Checkbox"),
    (16, "Radio"),
    (17, "Slider"),
    (18, "EmbedView"),
    (19, "WasmView"),
    (20, "NativeRendererView"),
];

/// Built-in properties: (id, canonical name), in id order.
const PROPERTIES: &[(u16, &str)] = &[
    (1, "window_width"),
    (2, "window_height"),
    (3, "window_title"),
    (4, "resizable"),
    (5, "keep_aspect"),
    (6, "scale_factor"),
    (7, "icon"),
    (8, "version"),
    (9, "author"),
    (10, "fullscreen"),
    (11, "window_min_width"),
    (12, "window_min_height"),
    (20, "id"),
    (21, "style"),
    (22, "visibility"),
    (23, "extends"),
    (30, "width"),
    (31, "height"),
    (32, "min_width"),
    (33, "min_height"),
    (34, "max_width"),
    (35, "max_height"),
    (36, "margin"),
    (37, "margin_top"),
    (38, "margin_right"),
    (39, "margin_bottom"),
    (40, "margin_left"),
    (41, "padding"),
    (42, "padding_top"),
    (43, "padding_right"),
    (44, "padding_bottom"),
    (45, "padding_left"),
    (46, "gap"),
    (47, "row_gap"),
    (48, "column_gap"),
    (60, "background_color"),
    (61, "text_color"),
    (62, "border_color"),
    (63, "border_width"),
    (64, "border_top_width"),
    (65, "border_right_width"),
    (66, "border_bottom_width"),
    (67, "border_left_width"),
    (68, "border_radius"),
    (69, "border_style"),
    (70, "opacity"),
    (71, "box_shadow"),
    (72, "background_image"),
    (73, "border"),
    (80, "text"),
    (81, "font_size"),
    (82, "font_weight"),
    (83, "font_family"),
    (84, "font_style"),
    (85, "text_alignment"),
    (86, "line_height"),
    (87, "letter_spacing"),
    (88, "text_decoration"),
    (89, "text_transform"),
    (90, "white_space"),
    (91, "text_overflow"),
    (92, "max_lines"),
    (100, "layout"),
    (101, "display"),
    (102, "flex_direction"),
    (103, "flex_wrap"),
    (104, "flex_grow"),
    (105, "flex_shrink"),
    (106, "flex_basis"),
    (107, "align_items"),
    (108, "align_self"),
    (109, "align_content"),
    (110, "justify_content"),
    (111, "grid_template_columns"),
    (112, "grid_template_rows"),
    (113, "grid_column"),
    (114, "grid_row"),
    (115, "order"),
    (120, "position"),
    (121, "top"),
    (122, "left"),
    (123, "right"),
    (124, "bottom"),
    (125, "pos_x"),
    (126, "pos_y"),
    (127, "z_index"),
    (128, "overflow"),
    (129, "overflow_x"),
    (130, "overflow_y"),
    (131, "cursor"),
    (132, "transform"),
    (133, "transition"),
    (140, "src"),
    (141, "fit"),
    (142, "alt"),
    (143, "autoplay"),
    (144, "loop"),
    (145, "muted"),
    (146, "controls"),
    (147, "href"),
    (148, "target"),
    (160, "type"),
    (161, "placeholder"),
    (162, "value"),
    (163, "min"),
    (164, "max"),
    (165, "step"),
    (166, "checked"),
    (167, "disabled"),
    (168, "readonly"),
    (169, "max_length"),
    (170, "name"),
    (171, "rows"),
    (172, "required"),
    (173, "autofocus"),
    (174, "selected_index"),
    (175, "orientation"),
    // Event properties: a KRB stores them as events, not properties; named for completeness.
    (200, "onClick"),
    (201, "onPress"),
    (202, "onRelease"),
    (203, "onHover"),
    (204, "onFocus"),
    (205, "onBlur"),
    (206, "onChange"),
    (207, "onSubmit"),
    (208, "onLoad"),
];

/// Ids the runtime gives meaning to.
pub mod property_ids {
    pub const VISIBILITY: u16 = 22;
    pub const STYLE: u16 = 21;
    pub const TEXT: u16 = 80;
    pub const CHECKED: u16 = 166;
}

/// The name of a built-in element type, if this runtime knows the id.
pub fn element_name(id: u16) -> Option<&'static str> {
    ELEMENTS.iter().find(|(i, _)| *i == id).map(|(_, name)| *name)
}

/// The canonical name of a built-in property, if this runtime knows the id.
pub fn property_name(id: u16) -> Option<&'static str> {
    PROPERTIES.binary_search_by_key(&id, |(i, _)| *i).ok().map(|i| PROPERTIES[i].1)
}

/// The id of a built-in property name (canonical names only).
pub fn property_id(name: &str) -> Option<u16> {
    PROPERTIES.iter().find(|(_, n)| *n == name).map(|(id, _)| *id)
}

/// An element type's name: the registry's, the file's own for a type the registry lacks, or
/// `element type N` for an id this runtime does not know.
pub fn element_type(kind: u16, tag: Option<&str>) -> Cow<'static, str> {
    match (element_name(kind), tag) {
        (Some(name), _) if kind != 0 => Cow::Borrowed(name),
        (_, Some(tag)) => Cow::Owned(tag.to_string()),
        _ => Cow::Owned(format!("element type {kind}")),
    }
}

/// A property's name: its custom name, the registry's canonical name, or `property N` for an
/// id this runtime does not know.
pub fn property_label(doc: &krb_format::Document, p: &krb_format::Property) -> Cow<'static, str> {
    match (p.id, p.name) {
        (_, Some(name)) => Cow::Owned(doc.str(name).to_string()),
        (id, None) => match property_name(id) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(format!("property {id}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(PROPERTIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ELEMENTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(property_name(property_ids::TEXT), Some("text"));
        assert_eq!(property_name(property_ids::VISIBILITY), Some("visibility"));
        assert_eq!(property_name(property_ids::CHECKED), Some("checked"));
        assert_eq!(property_name(property_ids::STYLE), Some("style"));
        assert_eq!(property_id("text"), Some(80));
    }

    #[test]
    fn element_types_fall_back_to_the_tag() {
        assert_eq!(element_type(3, None), "Text");
        assert_eq!(element_type(0, Some("Card")), "Card");
        assert_eq!(element_type(999, None), "element type 999");
    }
}

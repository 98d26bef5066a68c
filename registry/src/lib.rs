//! The one registry of KRY elements and properties: stable ids, canonical names, aliases,
//! value types, the elements each property applies to, inheritance, defaults and docs.
//!
//! Every layer reads it: the compiler (parsing, validation, KRB encoding, the generated
//! reference, editor completion and hover), the runtime (names of ids, checking the values
//! scripts set) and the renderer (layout and paint properties). It has no dependencies and
//! does no IO.

pub mod colors;
pub mod elements;
pub mod properties;
pub mod reference;
pub mod suggest;
pub mod value_types;

pub use elements::{ElementInfo, ELEMENTS};
pub use properties::{PropertyInfo, Resolved, PROPERTIES};
pub use value_types::ValueType;

/// Property ids that other layers give a meaning of their own (ids never change).
pub mod property_ids {
    pub const WINDOW_WIDTH: u16 = 1;
    pub const WINDOW_HEIGHT: u16 = 2;
    pub const WINDOW_TITLE: u16 = 3;
    pub const STYLE: u16 = 21;
    pub const VISIBILITY: u16 = 22;
    pub const TEXT: u16 = 80;
    pub const TYPE: u16 = 160;
    pub const VALUE: u16 = 162;
    pub const CHECKED: u16 = 166;
    pub const DISABLED: u16 = 167;
    pub const NAME: u16 = 170;
}

/// Element type ids that other layers give a meaning of their own.
pub mod element_ids {
    pub const APP: u16 = 1;
    pub const CONTAINER: u16 = 2;
    pub const TEXT: u16 = 3;
    pub const IMAGE: u16 = 4;
    pub const BUTTON: u16 = 5;
    pub const INPUT: u16 = 6;
    pub const LINK: u16 = 8;
    pub const GRID: u16 = 10;
    pub const SCROLLABLE: u16 = 11;
    pub const TABS: u16 = 12;
    pub const TAB: u16 = 13;
    pub const CHECKBOX: u16 = 15;
    pub const RADIO: u16 = 16;
    pub const SLIDER: u16 = 17;
    pub const SELECT: u16 = 21;
    pub const OPTION: u16 = 22;
    pub const TEXT_AREA: u16 = 23;
    pub const DROPDOWN: u16 = 24;
    pub const WIDGET: u16 = 25;
}

/// The name of a built-in element type.
pub fn element_name(id: u16) -> Option<&'static str> {
    elements::by_id(id).map(|e| e.name)
}

/// The canonical name of a built-in property.
pub fn property_name(id: u16) -> Option<&'static str> {
    properties::by_id(id).map(|p| p.name)
}

/// The id of a built-in property by canonical name.
pub fn property_id(name: &str) -> Option<u16> {
    PROPERTIES.iter().find(|p| p.name == name).map(|p| p.id)
}

#[cfg(test)]
mod tests {
    use super::elements::{element, ELEMENTS};
    use super::properties::{lookup, suggest, PROPERTIES};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for p in PROPERTIES {
            assert!(ids.insert(p.id), "property id {} twice", p.id);
            assert!(names.insert(p.name), "{} twice", p.name);
            for a in p.aliases {
                assert!(
                    a.only.iter().all(|e| element(e).is_some()),
                    "{}: alias on unknown element",
                    a.name
                );
                assert!(
                    !PROPERTIES.iter().any(|q| q.name == a.name),
                    "alias {} shadows a property",
                    a.name
                );
            }
            assert!(
                p.applies_to.iter().all(|e| element(e).is_some()),
                "{} applies to an unknown element",
                p.name
            );
        }
        assert!(PROPERTIES.windows(2).all(|w| w[0].id < w[1].id), "properties in id order");
        let mut element_ids = HashSet::new();
        for e in ELEMENTS {
            assert!(element_ids.insert(e.id));
        }
        let inherited: Vec<&str> =
            PROPERTIES.iter().filter(|p| p.inherited).map(|p| p.name).collect();
        assert_eq!(
            inherited,
            ["text_color", "font_size", "font_weight", "font_family", "text_alignment"]
        );
    }

    #[test]
    fn the_named_ids_are_the_tables_ids() {
        use property_ids as p;
        let named = [
            (p::WINDOW_WIDTH, "window_width"),
            (p::WINDOW_HEIGHT, "window_height"),
            (p::WINDOW_TITLE, "window_title"),
            (p::STYLE, "style"),
            (p::VISIBILITY, "visibility"),
            (p::TEXT, "text"),
            (p::TYPE, "type"),
            (p::VALUE, "value"),
            (p::CHECKED, "checked"),
            (p::DISABLED, "disabled"),
            (p::NAME, "name"),
        ];
        for (id, name) in named {
            assert_eq!(property_name(id), Some(name));
            assert_eq!(property_id(name), Some(id));
        }
        use element_ids as e;
        let named = [
            (e::APP, "App"),
            (e::CONTAINER, "Container"),
            (e::TEXT, "Text"),
            (e::IMAGE, "Image"),
            (e::BUTTON, "Button"),
            (e::INPUT, "Input"),
            (e::LINK, "Link"),
            (e::GRID, "Grid"),
            (e::SCROLLABLE, "Scrollable"),
            (e::TABS, "Tabs"),
            (e::TAB, "Tab"),
            (e::CHECKBOX, "Checkbox"),
            (e::RADIO, "Radio"),
            (e::SLIDER, "Slider"),
            (e::SELECT, "Select"),
            (e::OPTION, "Option"),
            (e::TEXT_AREA, "TextArea"),
            (e::DROPDOWN, "Dropdown"),
            (e::WIDGET, "Widget"),
        ];
        for (id, name) in named {
            assert_eq!(element_name(id), Some(name));
        }
    }

    #[test]
    fn aliases_hyphens_and_element_scoping() {
        assert_eq!(lookup("bg", None).unwrap().info.name, "background_color");
        assert_eq!(lookup("flex-direction", None).unwrap().info.name, "flex_direction");
        assert_eq!(lookup("keep_aspect_ratio", None).unwrap().info.name, "keep_aspect");
        let text = element("Text");
        let container = element("Container");
        assert_eq!(lookup("color", text).unwrap().info.name, "text_color");
        assert!(
            lookup("color", container).is_none(),
            "`color` is text_color only on text elements"
        );
        assert_eq!(lookup("image_source", element("Image")).unwrap().info.name, "src");
        assert_eq!(suggest("widht", container), Some("width"));
        assert_eq!(suggest("backgroundColor", container), Some("background_color"));
    }
}

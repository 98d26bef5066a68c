//! The one registry of elements and properties. It drives validation (the property pass),
//! KRB encoding (stable ids), the generated reference (`docs/properties.md`) and editor
//! completion.

pub mod colors;
pub mod elements;
pub mod properties;
pub mod reference;
pub mod value_types;

#[cfg(test)]
mod tests {
    use super::elements::{element, ELEMENTS};
    use super::properties::{lookup, suggest, PROPERTIES};
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

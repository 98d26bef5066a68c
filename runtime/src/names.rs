//! Names of element types and properties by registry id, as the runtime shows them: the
//! registry's names, the file's own names for types and properties the registry lacks, and
//! `element type N` / `property N` for ids of a newer registry than this runtime's.

use std::borrow::Cow;

pub use kryon_registry::{element_name, property_id, property_ids, property_name};

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
    fn element_types_fall_back_to_the_tag() {
        assert_eq!(element_type(3, None), "Text");
        assert_eq!(element_type(0, Some("Card")), "Card");
        assert_eq!(element_type(999, None), "element type 999");
    }
}

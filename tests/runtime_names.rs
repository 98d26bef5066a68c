//! The runtime keeps its own table of element and property names by registry id (it must not
//! depend on the compiler); this test keeps that table equal to the compiler's registry.

use kryc::registry::elements::ELEMENTS;
use kryc::registry::properties::PROPERTIES;

#[test]
fn the_runtime_names_every_registry_id_as_the_compiler_does() {
    for e in ELEMENTS {
        assert_eq!(kryon_runtime::element_name(e.id), Some(e.name), "element id {}", e.id);
    }
    let mut wrong = Vec::new();
    for p in PROPERTIES {
        if kryon_runtime::property_name(p.id) != Some(p.name) {
            wrong.push(format!(
                "{} {} (runtime: {:?})",
                p.id,
                p.name,
                kryon_runtime::property_name(p.id)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

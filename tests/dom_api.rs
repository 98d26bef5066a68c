//! The argument counts K0374 checks DOM calls against (`src/passes/dom_arity.rs`) name
//! exactly the runtime's DOM API: every element method and document function of
//! `kryon-runtime`'s tables, plus the listener functions the preludes add, and nothing else.

use std::collections::BTreeSet;

use kryc::passes::dom_arity::{DOCUMENT_FUNCTION_ARITY, ELEMENT_METHOD_ARITY};

/// In every prelude, beside the tables (they keep the script's function).
const LISTENERS: &[&str] = &["addEventListener", "removeEventListener"];

fn names(table: &[(&str, usize)]) -> BTreeSet<String> {
    table.iter().map(|(n, _)| n.to_string()).collect()
}

#[test]
fn element_methods_are_the_runtimes() {
    let runtime: BTreeSet<String> = kryon_runtime::ELEMENT_METHODS
        .iter()
        .map(|(n, _)| n.to_string())
        .chain(LISTENERS.iter().map(|n| n.to_string()))
        .collect();
    assert_eq!(names(ELEMENT_METHOD_ARITY), runtime);
}

#[test]
fn document_functions_are_the_runtimes() {
    // `alert` takes any number of arguments, so it has no count.
    let runtime: BTreeSet<String> = kryon_runtime::DOCUMENT_FUNCTIONS
        .iter()
        .map(|(n, _)| n.to_string())
        .filter(|n| n != "alert")
        .chain(LISTENERS.iter().map(|n| n.to_string()))
        .collect();
    assert_eq!(names(DOCUMENT_FUNCTION_ARITY), runtime);
}

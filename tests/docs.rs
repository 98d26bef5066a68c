//! Generated documentation stays in step with the code. Run with `KRYC_UPDATE_DOCS=1` to
//! regenerate after changing a code.

use std::path::Path;

fn check_generated(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("KRYC_UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).expect("write generated doc");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is out of date; regenerate it with `KRYC_UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn diagnostics_reference_is_up_to_date() {
    check_generated("docs/diagnostics.md", &kryc::diagnostics::codes::reference_markdown());
}

#[test]
fn property_reference_is_up_to_date() {
    check_generated("docs/properties.md", &kryc::registry::reference::reference_markdown());
}

//! What several test files share: a loader over the disk, the valid conformance files, and
//! finding `.kry` files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kryc::loader::{LoadError, Loader};

pub struct DiskLoader;

impl Loader for DiskLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        std::fs::read_to_string(path).map_err(|_| LoadError::NotFound)
    }
}

/// The conformance files that must compile without errors (see EXPECTATIONS.md).
pub const VALID: &[&str] = &[
    "waozixyz-kryon/examples/hello_world.kry",
    "waozixyz-kryon/examples/button.kry",
    "waozixyz-kryon/examples/image.kry",
    "waozixyz-kryon/examples/tab_bar.kry",
    "waozixyz-kryon/widgets/tab_bar.kry",
    "waozixyz-kryon/examples/markdown.kry",
    "waozixyz-kryon/widgets/markdown_view.kry",
    "kryon-compiler/examples/calculator.kry",
    "kryon-compiler/examples/02_basic_ui/counter_simple.kry",
    "kryon-compiler/template_test.kry",
    "kryon-compiler/test_template_complete.kry",
    "kryon-compiler/test_input_types.kry",
    "kryon-compiler/test_script.kry",
    "kryon-compiler/test_absolute.kry",
    "kryon-renderer/test-files/sample.kry",
    "kryon-renderer/test_percentage.kry",
];

pub fn conformance_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/upstream")
}

/// Every `.kry` file under `dir`, sorted.
pub fn kry_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "kry") {
            out.push(path);
        }
    }
}

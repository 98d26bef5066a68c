//! A snapshot of the resolved UI model (elements, functions, variables, styles) for every
//! valid conformance file and example, each with its source.

use std::path::{Path, PathBuf};

use kryc::loader::{LoadError, Loader};
use kryc::passes::{analyze, dump::dump, AnalysisOptions};
use kryc::program::{parse_program, FrontendOptions};
use kryc::source::SourceDb;

struct DiskLoader;
impl Loader for DiskLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        std::fs::read_to_string(path).map_err(|_| LoadError::NotFound)
    }
}

const VALID: &[&str] = &[
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

fn snapshot(root: &Path, relative: &str) {
    let path: PathBuf = root.join(relative);
    let source = std::fs::read_to_string(&path).expect("readable");
    let mut db = SourceDb::new();
    let program =
        parse_program(&mut db, &path, source.clone(), &DiskLoader, &FrontendOptions::default());
    let (analysis, diagnostics) = analyze(&program, &AnalysisOptions::default());
    let errors: Vec<_> = program
        .diagnostics
        .iter()
        .chain(&diagnostics)
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{relative}: {errors:?}");
    let name = relative.replace(['/', '.'], "_");
    let text =
        format!("----- SOURCE CODE -- {relative}\n{source}\n----- MODEL\n{}", dump(&analysis));
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("model_{name}"), text);
    });
}

#[test]
fn conformance_models() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/upstream");
    for file in VALID {
        snapshot(&root, file);
    }
}

#[test]
fn example_models() {
    snapshot(Path::new(env!("CARGO_MANIFEST_DIR")), "examples/counter.kry");
}

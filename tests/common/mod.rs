//! What several test files share: a loader over the disk, the valid conformance files,
//! finding `.kry` files, and running the `kryc` binary in scratch directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs `kryc` in `dir`, without colour and with a fixed terminal width.
pub fn kryc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("kryc runs")
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory for one test (`binary` keeps test binaries apart).
pub fn scratch(binary: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kryc-{binary}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The `x=.. y=.. width=.. height=..` of `#id` in `--print layout` output.
pub fn element_box(layout: &str, id: &str) -> (f32, f32, f32, f32) {
    let line = layout
        .lines()
        .find(|l| l.split_whitespace().any(|w| w == format!("#{id}")))
        .unwrap_or_else(|| panic!("no #{id} in\n{layout}"));
    let field = |name: &str| -> f32 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in `{line}`"))
    };
    (field("x="), field("y="), field("width="), field("height="))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
pub mod session;

/// Runs `app` (relative to the repository) headless with these clicks and returns its
/// `--print json` snapshot; the run must succeed.
pub fn run_clicks(app: &str, clicks: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", app, "--print", "json"];
    for c in clicks {
        args.extend(["--click", c]);
    }
    let out = kryc(&repo(), &args);
    assert!(out.status.success(), "{args:?}\n{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The text of the element `id` in a `--print json` snapshot.
pub fn text_of(snapshot: &serde_json::Value, id: &str) -> String {
    let elements = snapshot["elements"].as_array().expect("elements");
    let element = elements.iter().find(|e| e["id"] == id).expect("the element");
    element["text"].as_str().expect("text").to_string()
}

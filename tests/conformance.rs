//! Runs `kryc check` over every file of the conformance corpus (`../shared/conformance`) and
//! asserts the outcome `EXPECTATIONS.md` gives for it.
//!
//! Valid files must check with exit status 0 (warnings allowed), build, inspect, and load in
//! `kryc run` with their start-up scripts running without an error. Invalid files must exit with
//! status 1 and report exactly the listed errors (and warnings), at the listed lines, in one
//! run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/upstream")
}

/// The errors each invalid file must report: (line, code).
fn invalid_files() -> BTreeMap<&'static str, Vec<(u64, &'static str)>> {
    BTreeMap::from([
        // One unclosed-delimiter error whose primary label is the `Text {` of line 18, where the
        // indentation shows the missing `}`.
        ("kryon/tests/fixtures/error_cases/01_syntax_errors.kry", vec![(18, "K0104")]),
        // Another dialect: exactly one error, no cascade.
        ("kryon/examples-2025-smart-hybrid/button.kry", vec![(2, "K0108")]),
        ("kryon/examples-2025-smart-hybrid/counters_demo.kry", vec![(2, "K0108")]),
        // Type errors (font_size, text_color, width, #gggggg) and an unknown component; the
        // negative margin (18) and the decimal height (23) are valid.
        (
            "kryon/tests/fixtures/error_cases/02_property_errors.kry",
            vec![(16, "K0350"), (17, "K0350"), (22, "K0350"), (24, "K0350"), (36, "K0340")],
        ),
    ])
}

/// The warnings each invalid file must report, and the ones it may report.
/// (line, code) pairs.
type Expected = Vec<(u64, &'static str)>;

fn invalid_file_warnings(file: &str) -> (Expected, Expected) {
    match file {
        // The unknown property warns; `font_size: 0` may ("at most a warning").
        "kryon/tests/fixtures/error_cases/02_property_errors.kry" => {
            (vec![(27, "K0351")], vec![(31, "K0354")])
        }
        _ => (Vec::new(), Vec::new()),
    }
}

fn kry_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("conformance corpus is present") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            kry_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "kry") {
            out.push(path);
        }
    }
}

/// `kryc ARGS FILE` whose standard output is JSON: the exit status and the JSON.
fn kryc_json(args: &[&str], path: &Path) -> (i32, Value) {
    let output =
        Command::new(env!("CARGO_BIN_EXE_kryc")).args(args).arg(path).output().expect("kryc runs");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: invalid JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().expect("kryc exits normally, without a signal"), json)
}

fn check(path: &Path) -> (i32, Value) {
    kryc_json(&["check", "--diagnostic-format", "json"], path)
}

/// `kryc build` to a temporary file, then `kryc inspect` of it: the exit statuses, and
/// whether the file was written.
fn build_and_inspect(path: &Path, rel: &str) -> (i32, Option<i32>) {
    let out = std::env::temp_dir().join(format!(
        "kryc-conformance-{}-{}.krb",
        std::process::id(),
        rel.replace('/', "_")
    ));
    let _ = std::fs::remove_file(&out);
    let kryc = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_kryc"))
            .args(args)
            .output()
            .expect("kryc runs")
            .status
            .code()
            .expect("kryc exits normally")
    };
    let built = kryc(&["build".as_ref(), path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    let inspected = out.exists().then(|| kryc(&["inspect".as_ref(), out.as_os_str()]));
    let _ = std::fs::remove_file(&out);
    (built, inspected)
}

/// `kryc run FILE --print json`: the app loaded (and its load-time scripts run) headless.
fn run_headless(path: &Path) -> (i32, Value) {
    kryc_json(&["run", "--print", "json"], path)
}

fn diagnostics(json: &Value) -> Vec<(String, u64, String, String)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn corpus_outcomes() {
    let root = corpus();
    let mut files = Vec::new();
    kry_files(&root, &mut files);
    files.sort();
    assert_eq!(files.len(), 20, "the corpus has 20 files");
    let invalid = invalid_files();
    let mut failures = Vec::new();
    let mut valid_count = 0;
    for path in &files {
        let rel =
            path.strip_prefix(&root).expect("inside corpus").to_string_lossy().replace('\\', "/");
        let (status, json) = check(path);
        let diags = diagnostics(&json);
        let errors: Vec<(u64, String)> =
            diags.iter().filter(|d| d.0 == "error").map(|d| (d.1, d.2.clone())).collect();
        if let Some(expected) = invalid.get(rel.as_str()) {
            let expected: Vec<(u64, String)> =
                expected.iter().map(|(l, c)| (*l, c.to_string())).collect();
            if status != 1 || errors != expected {
                failures.push(format!(
                    "{rel}: expected exit 1 with {expected:?}, got exit {status} with {diags:#?}"
                ));
            }
            if build_and_inspect(path, &rel) != (1, None) {
                failures.push(format!("{rel}: `kryc build` must fail and write nothing"));
            }
            let (required, allowed) = invalid_file_warnings(&rel);
            let warnings: Vec<(u64, String)> =
                diags.iter().filter(|d| d.0 == "warning").map(|d| (d.1, d.2.clone())).collect();
            for (line, code) in &required {
                if !warnings.iter().any(|(l, c)| l == line && c == code) {
                    failures
                        .push(format!("{rel}: missing warning {code} at line {line}: {diags:#?}"));
                }
            }
            for (line, code) in &warnings {
                let listed = required.iter().chain(&allowed).any(|(l, c)| l == line && c == code);
                if !listed {
                    failures.push(format!("{rel}: unexpected warning {code} at line {line}"));
                }
            }
        } else {
            valid_count += 1;
            if status != 0 || !errors.is_empty() {
                failures.push(format!("{rel}: expected exit 0, got {status} with {diags:#?}"));
            }
            let built = build_and_inspect(path, &rel);
            if built != (0, Some(0)) {
                failures.push(format!("{rel}: `kryc build` then `kryc inspect` gave {built:?}"));
            }
            // Real apps load and run their start-up scripts without a script error.
            let (ran, snapshot) = run_headless(path);
            if ran != 0 || snapshot["errors"].as_array().is_none_or(|e| !e.is_empty()) {
                failures.push(format!("{rel}: `kryc run` gave exit {ran} with {snapshot:#}"));
            }
        }
    }
    assert_eq!(valid_count, 16, "16 valid files");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn legacy_template_warns_with_the_current_form() {
    let (status, json) = check(&corpus().join("kryon-compiler/template_test.kry"));
    assert_eq!(status, 0);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "K0113");
    assert_eq!(d["severity"], "warning");
    assert!(d["help"].as_str().unwrap_or_default().contains("$counter_value"), "{d}");
}

#[test]
fn unclosed_brace_labels_point_at_openers() {
    let (_, json) = check(&corpus().join("kryon/tests/fixtures/error_cases/01_syntax_errors.kry"));
    let d = &json["diagnostics"][0];
    let label_lines: Vec<u64> = d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    // The block that indentation says ends before line 23, and the other unclosed opener.
    assert!(label_lines.contains(&23) && label_lines.contains(&14), "{label_lines:?}");
}

//! The formatter over every fixture and conformance file: formatting twice equals formatting
//! once, and the formatted program builds to the same KRB as the original apart from source
//! positions (the same element tree, properties, variables, styles and scripts). Snapshots
//! of formatted output; `kryc fmt` as a process.

mod common;

use std::path::{Path, PathBuf};

use kryc::check::{check, CheckOptions};
use kryc::emit::{build, EmitOptions};
use kryc::format::{format_text, FormatError};
use kryc::loader::{LoadError, Loader};
use kryc::source::SourceDb;

/// Reads files from disk, formatted when `formatted` (files that do not format as they are).
struct Disk {
    formatted: bool,
}

impl Loader for Disk {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|_| LoadError::NotFound)?;
        if self.formatted && path.extension().is_some_and(|e| e == "kry") {
            return Ok(format_text("f.kry", &text).unwrap_or(text));
        }
        Ok(text)
    }
}

/// What a program builds to, without positions: the model dump and the KRB as `kryc inspect
/// --json` shows it, with every source position taken out.
fn meaning(path: &Path, text: String, formatted: bool) -> Option<String> {
    let mut db = SourceDb::new();
    let checked = check(&mut db, path, text, &Disk { formatted }, &CheckOptions::default());
    let dump = kryc::passes::dump::dump(&checked.analysis);
    let errors = checked.diagnostics.iter().any(|d| d.is_error());
    let krb = if errors {
        String::from("(errors: no KRB)")
    } else {
        let bytes = build(&checked, &db, &EmitOptions::default()).ok()?;
        let doc = krb_format::read(&bytes).ok()?;
        let mut json: serde_json::Value = serde_json::from_str(&kryc::inspect::json(&doc)).ok()?;
        strip_positions(&mut json);
        json.to_string()
    };
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code.id()).collect();
    Some(format!("{dump}\n{krb}\n{codes:?}"))
}

/// Removes source positions (`file:line:column` strings and line/column fields).
fn strip_positions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| {
                !(k.contains("line") || k.contains("column") || k.contains("location"))
            });
            map.values_mut().for_each(strip_positions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

fn corpus() -> Vec<PathBuf> {
    let mut files = common::kry_files(&common::repo().join("tests/fixtures"));
    files.extend(common::kry_files(&common::conformance_root()));
    files.extend(common::kry_files(&common::repo().join("examples")));
    files.extend(common::kry_files(&common::repo().join("tests/fmt")));
    files
}

#[test]
fn formatting_is_idempotent_and_keeps_meaning_over_the_corpus() {
    let files = corpus();
    assert!(files.len() > 250, "the corpus is there: {}", files.len());
    let (mut formatted, mut refused, mut changed) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let once = match format_text("t.kry", &text) {
            Ok(once) => once,
            Err(FormatError::Syntax(_)) => {
                refused += 1;
                continue;
            }
            Err(FormatError::Unsafe(reason)) => {
                failures.push(format!("{}: unsafe: {reason}", path.display()));
                continue;
            }
        };
        formatted += 1;
        if once != text {
            changed += 1;
        }
        match format_text("t.kry", &once) {
            Ok(twice) if twice == once => {}
            Ok(twice) => failures.push(format!(
                "{}: not idempotent\n--- once\n{once}\n--- twice\n{twice}",
                path.display()
            )),
            Err(e) => failures.push(format!("{}: formatted text fails: {e:?}", path.display())),
        }
        let before = meaning(path, text.clone(), false);
        let after = meaning(path, once.clone(), true);
        if before != after {
            failures.push(format!(
                "{}: builds differently\n--- before\n{before:?}\n--- after\n{after:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
    assert!(formatted > 150, "most files format: {formatted} formatted, {refused} refused");
    eprintln!("{formatted} files formatted ({changed} changed), {refused} refused (syntax errors)");
}

#[test]
fn formatted_output_snapshots() {
    for path in common::kry_files(&common::repo().join("tests/fmt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let out = match format_text("t.kry", &text) {
            Ok(out) => out,
            Err(e) => panic!("{name}: {e:?}"),
        };
        let snapshot =
            format!("----- SOURCE CODE -- tests/fmt/{name}.kry\n{text}----- FORMATTED\n{out}");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("fmt_{name}"), snapshot);
        });
    }
}

#[test]
fn kryc_fmt_writes_in_place_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::scratch("format", "in-place");
    let messy = "App {\n  Text { text: \"a\" width: 10 }\n}\n";
    std::fs::write(dir.join("app.kry"), messy).unwrap();
    std::fs::set_permissions(dir.join("app.kry"), std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(dir.join("broken.kry"), "App {\n  Text { text: \"a\"\n").unwrap();

    let check = common::kryc(&dir, &["fmt", "--check", "app.kry"]);
    assert_eq!(check.status.code(), Some(1), "{}", common::stderr(&check));
    assert_eq!(common::stdout(&check), "app.kry\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("app.kry")).unwrap(),
        messy,
        "--check changes nothing"
    );

    let run = common::kryc(&dir, &["fmt"]);
    assert_eq!(run.status.code(), Some(1), "broken.kry has errors: {}", common::stderr(&run));
    let stderr = common::stderr(&run);
    assert!(stderr.contains("formatted ./app.kry"), "{stderr}");
    assert!(stderr.contains("error[K0"), "the syntax error is printed: {stderr}");
    assert!(stderr.contains("broken.kry has syntax errors; it is left as it was"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("app.kry")).unwrap(),
        "App {\n    Text {\n        text: \"a\"\n        width: 10\n    }\n}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("broken.kry")).unwrap(),
        "App {\n  Text { text: \"a\"\n"
    );
    let mode = std::fs::metadata(dir.join("app.kry")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    let again = common::kryc(&dir, &["fmt", "--check", "app.kry"]);
    assert_eq!(again.status.code(), Some(0), "formatted files pass --check");
}

#[test]
fn kryc_fmt_formats_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"App{width:1;height:2}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "App {\n    width: 1\n    height: 2\n}\n");
}

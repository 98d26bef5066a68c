//! The `kryc` binary: exit statuses, streams, options, and a snapshot of `kryc check` in
//! every diagnostic format (each snapshot includes the source it checks).

use std::path::Path;
use std::process::{Command, Output};

fn kryc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("kryc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

const ERRORS: &str = "tests/cli/three_errors.kry";

#[test]
fn every_format_snapshot() {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ERRORS)).unwrap();
    for format in ["human", "short", "json", "jsonl", "github", "sarif"] {
        let out = kryc(&["check", "--color", "never", "--diagnostic-format", format, ERRORS]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let machine = !matches!(format, "human" | "short");
        let (shown, other) =
            if machine { (&out.stdout, &out.stderr) } else { (&out.stderr, &out.stdout) };
        assert!(other.is_empty(), "{format}: nothing on the other stream");
        let mut output = text(shown);
        if format == "sarif" {
            // The rule table lists every code; it is tested elsewhere and would make this
            // snapshot change with every new code.
            let mut sarif: serde_json::Value = serde_json::from_str(&output).unwrap();
            let rules = &mut sarif["runs"][0]["tool"]["driver"]["rules"];
            assert_eq!(rules.as_array().unwrap().len(), kryc::diagnostics::codes::ALL.len());
            *rules = serde_json::Value::String("<one rule per diagnostic code>".into());
            output = serde_json::to_string_pretty(&sarif).unwrap();
        }
        let snapshot = format!("----- SOURCE CODE -- {ERRORS}\n{source}\n----- OUTPUT (kryc check --diagnostic-format {format})\n{output}");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("cli_check_{format}"), snapshot);
        });
    }
}

#[test]
fn exit_statuses() {
    assert_eq!(kryc(&["check", "examples/counter.kry"]).status.code(), Some(0));
    assert_eq!(kryc(&["check", ERRORS]).status.code(), Some(1));
    assert_eq!(kryc(&["check", "no/such/file.kry"]).status.code(), Some(2));
    assert_eq!(kryc(&["check"]).status.code(), Some(2), "usage error");
    assert_eq!(kryc(&["frobnicate"]).status.code(), Some(2), "unknown command");
    let template = "../shared/conformance/upstream/kryon-compiler/template_test.kry";
    assert_eq!(kryc(&["check", template]).status.code(), Some(0), "warnings alone pass");
    assert_eq!(kryc(&["check", "--deny-warnings", template]).status.code(), Some(1));
}

#[test]
fn internal_errors_exit_101_with_a_bug_report() {
    let out = Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(["check", "examples/counter.kry"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("KRYC_TEST_INTERNAL_ERROR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[K0001]: internal compiler error"), "{stderr}");
    assert!(stderr.contains("this is a bug in kryc"), "{stderr}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let always = kryc(&["check", "--color", "always", ERRORS]);
    assert!(text(&always.stderr).contains('\u{1b}'), "--color always colours even when piped");
    let auto = kryc(&["check", ERRORS]);
    assert!(!text(&auto.stderr).contains('\u{1b}'), "auto is off when stderr is not a terminal");
    let no_color = Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(["check", "--color", "auto", ERRORS])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!text(&no_color.stderr).contains('\u{1b}'));
}

#[test]
fn position_encodings_change_columns() {
    let dir = std::env::temp_dir().join(format!("kryc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("enc.kry");
    std::fs::write(&file, "App { text: \"😀é\" width: }\n").unwrap();
    let column = |encoding: &str| {
        let out = kryc(&[
            "check",
            "--diagnostic-format",
            "json",
            "--position-encoding",
            encoding,
            file.to_str().unwrap(),
        ]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["position_encoding"], encoding);
        json["diagnostics"][0]["range"]["start"]["column"].as_u64().unwrap()
    };
    // `App { text: "` is 13 characters, then 😀 (4 bytes, 2 UTF-16 units) and é (2 bytes, 1 unit),
    // then `" width: ` (9); the error is at the `}` where a value is missing.
    assert_eq!(column("utf-32"), 25);
    assert_eq!(column("utf-16"), 26);
    assert_eq!(column("utf-8"), 29);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explain_prints_long_explanations() {
    let out = kryc(&["explain", "K0104"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("K0104 (unclosed-delimiter, error)"), "{stdout}");
    assert!(stdout.contains("indentation"));
    assert_eq!(kryc(&["explain", "unclosed-delimiter"]).status.code(), Some(0));
    let unknown = kryc(&["explain", "K0140"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean"));
    let list = text(&kryc(&["explain"]).stdout);
    for info in kryc::diagnostics::codes::ALL {
        assert!(list.contains(info.id), "{} listed", info.id);
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = kryc(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(text(&out.stdout).contains("check"), "{shell}");
    }
}

#[test]
fn several_files_in_one_run() {
    let out = kryc(&["check", "--diagnostic-format", "json", "examples/counter.kry", ERRORS]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), vec![ERRORS]);
}

#[test]
fn defines_override_variables() {
    let file = "tests/cli/theme.kry";
    assert_eq!(kryc(&["check", file]).status.code(), Some(0));
    let dark = kryc(&["check", "-D", "theme=\"dark\"", "--diagnostic-format", "short", file]);
    assert_eq!(dark.status.code(), Some(1));
    assert!(text(&dark.stderr).contains("K0301"), "{}", text(&dark.stderr));
    assert_eq!(
        kryc(&["check", "-D", "theme", file]).status.code(),
        Some(2),
        "malformed -D is a usage error"
    );
    let unknown = kryc(&["check", "-D", "them=1", "--diagnostic-format", "json", file]);
    let json: serde_json::Value = serde_json::from_slice(&unknown.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["help"], "did you mean `theme`?");
}

#[test]
fn real_json_output_matches_the_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let inputs = [
        ERRORS,
        "examples/counter.kry",
        "../shared/conformance/upstream/kryon/tests/fixtures/error_cases/01_syntax_errors.kry",
        "../shared/conformance/upstream/kryon-compiler/template_test.kry",
    ];
    for input in inputs {
        for encoding in ["utf-8", "utf-16", "utf-32"] {
            let out = kryc(&[
                "check",
                "--diagnostic-format",
                "json",
                "--position-encoding",
                encoding,
                input,
            ]);
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{input} ({encoding}): {errors:?}");
        }
    }
}

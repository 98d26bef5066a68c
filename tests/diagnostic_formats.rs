//! Every diagnostic output format, snapshot-tested on one set of hand-built diagnostics, and the
//! JSON output checked against `docs/diagnostics.schema.json`.
//!
//! Each snapshot starts with the sources it renders (`----- SOURCE CODE -- name`), then the
//! output (`----- OUTPUT (format)`), so a snapshot can be read on its own.

use kryc::diagnostics::codes;
use kryc::diagnostics::render::{render, Format, RenderOptions};
use kryc::diagnostics::{Applicability, Code, Diagnostic, Edit, Fix, Origin, Severity};
use kryc::languages::ScriptLanguage;
use kryc::source::{FileId, FileSpan, PositionEncoding, SourceDb, TextRange};
use serde_json::Value;

const MAIN: &str = r#"# Überschrift: the 👋 greeter app
@include "widgets.kry"

App {
    window_title: "Grüße ☕"
    Container {
        Text { text: "👋 {{name}}" } ¤
        Button {
            text: "Wave"
            onClick: "wave"
        }

    @function "lua" wave() {
        print("👋"
"#;

const WIDGETS: &str = r#"@include "main.kry"

Define Badge {
    Properties { label: String = "" }
    Text { text: $label }
}
"#;

const MAIN_ID: FileId = FileId(0);
const WIDGETS_ID: FileId = FileId(1);

fn db() -> SourceDb {
    let mut db = SourceDb::new();
    assert_eq!(db.add("main.kry", MAIN), MAIN_ID);
    assert_eq!(db.add("widgets.kry", WIDGETS), WIDGETS_ID);
    db
}

/// The span of the first `needle` in `file`, optionally narrowed to `needle[from..to]`.
fn span(file: FileId, needle: &str, part: Option<(usize, usize)>) -> FileSpan {
    let text = if file == MAIN_ID { MAIN } else { WIDGETS };
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in source"));
    let (from, to) = part.unwrap_or((0, needle.len()));
    FileSpan::new(file, TextRange::new(start + from, start + to))
}

fn diagnostics() -> Vec<Diagnostic> {
    let stray = span(MAIN_ID, "¤", None);
    let template = span(MAIN_ID, "{{name}}", None);
    vec![
        Diagnostic::new(Code::UnclosedDelimiter, "this block is never closed")
            .with_span(span(MAIN_ID, "Container {", Some((10, 11))))
            .with_primary_label("this `{` is never closed")
            .with_label(span(MAIN_ID, "App {", Some((4, 5))), "still open at the end of the file")
            .with_label(FileSpan::new(MAIN_ID, TextRange::empty(MAIN.len())), "the file ends here")
            .with_help("add a `}` after the `Button` block")
            .with_help("the indentation suggests `Container` ends before `@function`"),
        Diagnostic::new(Code::UnexpectedCharacter, "unexpected character `¤`")
            .with_span(stray)
            .with_primary_label("not part of KRY syntax")
            .with_fix(Fix {
                message: "remove the `¤`".to_string(),
                applicability: Applicability::MachineApplicable,
                edits: vec![Edit {
                    span: FileSpan::new(
                        MAIN_ID,
                        TextRange::new(stray.range.start as usize - 1, stray.range.end as usize),
                    ),
                    replacement: String::new(),
                }],
            }),
        Diagnostic::new(Code::LegacyTemplate, "`{{name}}` templates are deprecated")
            .with_span(template)
            .with_primary_label("deprecated")
            .with_fix(Fix {
                message: "write `$name`".to_string(),
                applicability: Applicability::MaybeIncorrect,
                edits: vec![Edit { span: template, replacement: "$name".to_string() }],
            }),
        Diagnostic::new(Code::MissingScriptLanguage, "`lua` is also the default script language")
            .with_severity(Severity::Note)
            .with_span(span(MAIN_ID, "\"lua\"", None))
            .with_help("keeping the tag makes the file mean the same in every build"),
        Diagnostic::new(Code::UnterminatedScriptBody, "the body of `wave` never ends")
            .with_span(span(MAIN_ID, "wave() {", Some((7, 8))))
            .with_primary_label("this body")
            .with_label(span(MAIN_ID, "print(", Some((5, 6))), "this `(` is never closed")
            .with_origin(Origin {
                language: ScriptLanguage::Lua,
                function: Some("wave".to_string()),
                script_line: 1,
                script_column: 10,
            }),
        Diagnostic::new(Code::IncludeCycle, "`widgets.kry` includes itself through `main.kry`")
            .with_span(span(WIDGETS_ID, "@include \"main.kry\"", None))
            .with_primary_label("includes `main.kry`")
            .with_label(
                span(MAIN_ID, "@include \"widgets.kry\"", None),
                "which includes `widgets.kry` here",
            )
            .with_note("include chain: main.kry -> widgets.kry -> main.kry"),
        Diagnostic::new(
            Code::Io,
            "could not read `theme.kry`: No such file or directory (os error 2)",
        ),
    ]
}

fn options(encoding: PositionEncoding) -> RenderOptions {
    RenderOptions {
        encoding,
        color: false,
        tool_version: "0.0.0-test".to_string(),
        vms: vec!["lua".to_string(), "javascript".to_string()],
        width: 100,
    }
}

fn render_all(format: Format, encoding: PositionEncoding) -> String {
    render(format, &db(), &diagnostics(), &options(encoding))
}

#[test]
fn snapshots_of_every_format() {
    let mut sources = String::new();
    for (name, text) in [("main.kry", MAIN), ("widgets.kry", WIDGETS)] {
        sources.push_str(&format!("----- SOURCE CODE -- {name}\n{text}\n"));
    }
    for format in Format::ALL {
        let mut output = render_all(format, PositionEncoding::Utf32);
        if format == Format::Sarif {
            output = elide_rules(&output);
        }
        let snapshot = format!("{sources}----- OUTPUT ({})\n{output}", format.name());
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("diagnostic_format_{}", format.name()), snapshot);
        });
    }
}

/// Keeps only the first SARIF rule, so adding a code does not change the snapshot;
/// `sarif_has_a_rule_for_every_code` checks the full list.
fn elide_rules(sarif: &str) -> String {
    let lines: Vec<&str> = sarif.lines().collect();
    let start = lines.iter().position(|l| l.trim() == "\"rules\": [").expect("rules");
    let indent = lines[start].len() - lines[start].trim_start().len();
    let end = (start..lines.len())
        .find(|&i| {
            lines[i].len() - lines[i].trim_start().len() == indent
                && lines[i].trim_start().starts_with(']')
        })
        .expect("end of rules");
    let first_end = (start..end)
        .find(|&i| lines[i] == format!("{:width$}}},", "", width = indent + 2))
        .unwrap_or(end - 1);
    let mut out: Vec<String> = lines[..=first_end].iter().map(|l| l.to_string()).collect();
    out.push(format!(
        "{:width$}... one rule per code in codes::ALL, in order",
        "",
        width = indent + 2
    ));
    out.extend(lines[end..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.schema.json");
    let text = std::fs::read_to_string(path).expect("read the schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn json_output_matches_the_schema() {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let document = jsonschema::validator_for(&schema).expect("compile the schema");
    for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
        let output: Value = serde_json::from_str(&render_all(Format::Json, encoding)).unwrap();
        assert_eq!(errors(&document, &output), Vec::<String>::new());
        assert_eq!(output["position_encoding"], encoding.as_str());
    }
    let empty: Value =
        serde_json::from_str(&render(Format::Json, &db(), &[], &options(PositionEncoding::Utf32)))
            .unwrap();
    assert_eq!(errors(&document, &empty), Vec::<String>::new());
}

#[test]
fn jsonl_lines_match_the_diagnostic_definition() {
    let schema = schema();
    let diagnostic = serde_json::json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": "#/$defs/diagnostic",
    });
    let validator = jsonschema::validator_for(&diagnostic).expect("compile $defs/diagnostic");
    let output = render_all(Format::Jsonl, PositionEncoding::Utf16);
    assert_eq!(output.lines().count(), diagnostics().len());
    for line in output.lines() {
        let value: Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(errors(&validator, &value), Vec::<String>::new(), "{line}");
    }
    assert!(!validator.is_valid(&serde_json::json!({"code": "K0104"})));
}

#[test]
fn sarif_has_a_rule_for_every_code() {
    let sarif: Value =
        serde_json::from_str(&render_all(Format::Sarif, PositionEncoding::Utf32)).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let expected: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
    assert_eq!(ids, expected);
    for result in sarif["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn formats_have_names_and_streams() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
    }
    assert_eq!(Format::from_name("xml"), None);
    let machine: Vec<&str> =
        Format::ALL.iter().filter(|f| f.is_machine()).map(|f| f.name()).collect();
    assert_eq!(machine, ["json", "jsonl", "github", "sarif"]);
}

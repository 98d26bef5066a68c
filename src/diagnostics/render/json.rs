//! `json` and `jsonl`: the version-1 diagnostics document of `docs/diagnostics.schema.json`.
//!
//! `json` writes one pretty-printed document; `jsonl` writes each element of its
//! `diagnostics` array as one compact line (`$defs/diagnostic` in the schema). Keys appear in
//! the order of the structs below. Byte offsets are the ground truth (clamped to the file);
//! lines and columns are 1-based, columns in the requested encoding. Labels and edits whose
//! file is unknown are left out; a primary span in an unknown file is written as `null`.

use serde::Serialize;

use super::{locate, Located, RenderOptions, Summary};
use crate::diagnostics::Diagnostic;
use crate::source::{FileSpan, LineCol, PositionEncoding, SourceDb};

/// Schema version of the document; bumped on any incompatible change.
const VERSION: u32 = 1;

pub(super) fn render_json(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> String {
    let summary = Summary::of(diagnostics);
    let document = Document {
        version: VERSION,
        tool: Tool { name: "kryc", version: &options.tool_version, vms: &options.vms },
        position_encoding: options.encoding.as_str(),
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(db, d, options.encoding))
            .collect(),
        summary: JsonSummary { errors: summary.errors, warnings: summary.warnings },
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

pub(super) fn render_jsonl(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let line = JsonDiagnostic::new(db, diagnostic, options.encoding);
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool<'a>,
    position_encoding: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
    vms: &'a [String],
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    range: Option<Range>,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<String>,
    fixes: Vec<JsonFix<'a>>,
    origin: Option<JsonOrigin<'a>>,
}

#[derive(Serialize)]
struct Range {
    byte_start: usize,
    byte_end: usize,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonOrigin<'a> {
    language: &'static str,
    function: Option<&'a str>,
    script_position: Position,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(db: &'a SourceDb, d: &'a Diagnostic, encoding: PositionEncoding) -> Self {
        let find = |span: FileSpan| locate(db, span, encoding);
        let primary = d.span.and_then(find);
        JsonDiagnostic {
            code: d.code.id(),
            name: d.code.name(),
            severity: d.severity.as_str(),
            message: &d.message,
            file: primary.map(|at| at.file.name()),
            range: primary.map(Range::from),
            labels: (d.labels.iter())
                .filter_map(|l| {
                    let at = find(l.span)?;
                    Some(JsonLabel { file: at.file.name(), range: at.into(), message: &l.message })
                })
                .collect(),
            notes: &d.notes,
            help: (!d.help.is_empty()).then(|| d.help.join("\n")),
            fixes: (d.fixes.iter())
                .map(|fix| JsonFix {
                    message: &fix.message,
                    applicability: fix.applicability.as_str(),
                    edits: (fix.edits.iter())
                        .filter_map(|e| {
                            let at = find(e.span)?;
                            let (file, range) = (at.file.name(), at.into());
                            Some(JsonEdit { file, range, replacement: &e.replacement })
                        })
                        .collect(),
                })
                .collect(),
            origin: d.origin.as_ref().map(|o| JsonOrigin {
                language: o.language.tag(),
                function: o.function.as_deref(),
                script_position: Position { line: o.script_line, column: o.script_column },
            }),
        }
    }
}

impl From<Located<'_>> for Range {
    fn from(at: Located<'_>) -> Self {
        Range {
            byte_start: at.start,
            byte_end: at.end,
            start: at.start_pos.into(),
            end: at.end_pos.into(),
        }
    }
}

impl From<LineCol> for Position {
    fn from(pos: LineCol) -> Self {
        Position { line: pos.line, column: pos.column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixture;
    use serde_json::{json, Value};

    fn json_with(diagnostics: &[Diagnostic], encoding: PositionEncoding) -> Value {
        let options = RenderOptions { encoding, ..fixture::options() };
        let text = render_json(&fixture::db(), diagnostics, &options);
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn document_header_and_summary() {
        let doc = json_with(&fixture::all(), PositionEncoding::Utf16);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["tool"], json!({"name": "kryc", "version": "0.0.0-test", "vms": ["lua"]}));
        assert_eq!(doc["position_encoding"], "utf-16");
        assert_eq!(doc["summary"], json!({"errors": 5, "warnings": 1}));
        let text = render_json(&fixture::db(), &[], &fixture::options());
        let at = |key: &str| text.find(&format!("\n  \"{key}\"")).unwrap();
        let keys = ["version", "tool", "position_encoding", "diagnostics", "summary"];
        assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    }

    #[test]
    fn columns_differ_by_encoding_but_bytes_do_not() {
        let d = [fixture::unexpected_character()];
        let range = |e| json_with(&d, e)["diagnostics"][0]["range"].clone();
        let (u8r, u16r, u32r) = (
            range(PositionEncoding::Utf8),
            range(PositionEncoding::Utf16),
            range(PositionEncoding::Utf32),
        );
        assert_eq!(u32r["start"], json!({"line": 5, "column": 34}));
        assert_eq!(u16r["start"], json!({"line": 5, "column": 35}));
        assert_eq!(u8r["start"], json!({"line": 5, "column": 37}));
        assert_eq!(u8r["byte_start"], u32r["byte_start"]);
        assert_eq!(u32r["byte_end"].as_u64().unwrap(), u32r["byte_start"].as_u64().unwrap() + 1);
    }

    #[test]
    fn labels_fixes_origin_and_missing_span() {
        let doc = json_with(&fixture::all(), PositionEncoding::Utf32);
        let diags = doc["diagnostics"].as_array().unwrap();
        let cycle = diags.iter().find(|d| d["code"] == "K0202").unwrap();
        assert_eq!(cycle["file"], "theme.kry");
        assert_eq!(cycle["labels"][0]["file"], "app.kry");
        assert_eq!(cycle["labels"][0]["range"]["start"], json!({"line": 2, "column": 1}));
        let unclosed = &diags[0];
        assert_eq!(unclosed["name"], "unclosed-delimiter");
        assert_eq!(unclosed["help"], "add a `}` where `App` should end\nor delete the `{`");
        assert_eq!(unclosed["notes"], json!(["blocks close with `}`"]));
        let template = diags.iter().find(|d| d["code"] == "K0113").unwrap();
        assert_eq!(template["severity"], "warning");
        assert_eq!(template["fixes"][0]["applicability"], "maybe-incorrect");
        assert_eq!(template["fixes"][0]["edits"][0]["replacement"], "$count");
        let script = diags.iter().find(|d| d["code"] == "K0107").unwrap();
        assert_eq!(
            script["origin"],
            json!({"language": "lua", "function": "on_click", "script_position": {"line": 2, "column": 14}})
        );
        let io = diags.iter().find(|d| d["code"] == "K0002").unwrap();
        assert_eq!(
            (&io["file"], &io["range"], &io["help"], &io["origin"]),
            (&Value::Null, &Value::Null, &Value::Null, &Value::Null)
        );
    }

    #[test]
    fn jsonl_lines_equal_document_elements() {
        let options = fixture::options();
        let db = fixture::db();
        let doc: Value =
            serde_json::from_str(&render_json(&db, &fixture::all(), &options)).unwrap();
        let lines = render_jsonl(&db, &fixture::all(), &options);
        let parsed: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(Value::Array(parsed), doc["diagnostics"]);
        assert_eq!(render_jsonl(&db, &[], &options), "");
    }

    #[test]
    fn bad_spans_are_clamped_or_dropped() {
        let doc = json_with(&fixture::out_of_range(), PositionEncoding::Utf16);
        let d = &doc["diagnostics"];
        let len = fixture::APP.len();
        assert_eq!(d[0]["range"]["byte_start"], len);
        assert_eq!(d[0]["range"]["byte_end"], len);
        assert_eq!(d[0]["labels"], json!([]));
        assert_eq!(d[1]["range"]["byte_start"], 9);
        assert_eq!(d[1]["range"]["byte_end"], 9);
        assert_eq!(d[2]["file"], Value::Null);
        assert_eq!(d[3]["range"]["start"], d[3]["range"]["end"]);
    }
}

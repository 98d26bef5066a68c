//! `sarif`: a SARIF 2.1.0 log with one run, for code-scanning tools (GitHub code scanning,
//! IDE SARIF viewers).
//!
//! The driver lists a rule for every code in [`codes::ALL`], so `ruleIndex` is the code's
//! position there. Labels become `relatedLocations`, fixes become SARIF fixes with byte-based
//! deleted regions. Regions carry both 1-based lines/columns and byte offsets.
//!
//! SARIF has no UTF-8 column kind: the run's `columnKind` is `utf16CodeUnits` when UTF-16 was
//! requested and `unicodeCodePoints` otherwise, so with UTF-8 the columns are code points.

use serde::Serialize;

use super::{locate, Located, RenderOptions};
use crate::diagnostics::codes::{self, CodeInfo};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileSpan, PositionEncoding, SourceDb};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn render(db: &SourceDb, diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let (encoding, column_kind) = match options.encoding {
        PositionEncoding::Utf16 => (PositionEncoding::Utf16, "utf16CodeUnits"),
        PositionEncoding::Utf8 | PositionEncoding::Utf32 => {
            (PositionEncoding::Utf32, "unicodeCodePoints")
        }
    };
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "kryc",
                    version: &options.tool_version,
                    rules: codes::ALL.iter().map(Rule::new).collect(),
                },
            },
            column_kind,
            results: diagnostics.iter().map(|d| SarifResult::new(db, d, encoding)).collect(),
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A file name as a URI reference: relative names stay relative, absolute paths become
/// `file://` URIs; backslashes become slashes and unsafe bytes are percent-encoded.
fn uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive = bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.get(1) == Some(&b':');
    let prefix = if path.starts_with('/') {
        "file://"
    } else if drive {
        "file:///"
    } else {
        ""
    };
    let mut out = prefix.to_string();
    for byte in path.bytes() {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    default_configuration: Configuration,
}

impl Rule {
    fn new(info: &CodeInfo) -> Self {
        Rule {
            id: info.id,
            name: info.name,
            short_description: Text { text: info.summary },
            full_description: Text { text: info.explanation },
            default_configuration: Configuration { level: level(info.severity) },
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

impl<'a> SarifResult<'a> {
    fn new(db: &'a SourceDb, d: &'a Diagnostic, encoding: PositionEncoding) -> Self {
        let find = |span: FileSpan| locate(db, span, encoding);
        let mut text = d.message.clone();
        for note in &d.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        for help in &d.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        SarifResult {
            rule_id: d.code.id(),
            rule_index: d.code as usize,
            level: level(d.severity),
            message: Text { text },
            locations: d
                .span
                .and_then(find)
                .map(|at| Location::new(at, None, None))
                .into_iter()
                .collect(),
            related_locations: (d.labels.iter())
                .filter_map(|l| Some((find(l.span)?, l)))
                .enumerate()
                .map(|(i, (at, l))| Location::new(at, Some(i), Some(&l.message)))
                .collect(),
            fixes: d.fixes.iter().map(|fix| SarifFix::new(fix, find)).collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
}

impl<'a> Location<'a> {
    fn new(at: Located<'_>, id: Option<usize>, message: Option<&'a str>) -> Self {
        Location {
            id,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(at.name()) },
                region: Region {
                    start_line: at.start_pos.line,
                    start_column: at.start_pos.column,
                    end_line: at.end_pos.line,
                    end_column: at.end_pos.column,
                    byte_offset: at.start,
                    byte_length: at.len(),
                },
            },
            message: message.map(|text| Text { text }),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<&'a str>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

impl<'a> SarifFix<'a> {
    /// Groups the fix's edits by file, files in order of their first edit.
    fn new<'db>(
        fix: &'a crate::diagnostics::Fix,
        find: impl Fn(FileSpan) -> Option<Located<'db>>,
    ) -> Self {
        let mut changes: Vec<ArtifactChange<'a>> = Vec::new();
        for edit in &fix.edits {
            let Some(at) = find(edit.span) else { continue };
            let replacement = Replacement {
                deleted_region: ByteRegion { byte_offset: at.start, byte_length: at.len() },
                inserted_content: Text { text: &edit.replacement },
            };
            let uri = uri(at.name());
            match changes.iter_mut().find(|c| c.artifact_location.uri == uri) {
                Some(change) => change.replacements.push(replacement),
                None => changes.push(ArtifactChange {
                    artifact_location: ArtifactLocation { uri },
                    replacements: vec![replacement],
                }),
            }
        }
        SarifFix { description: Text { text: &fix.message }, artifact_changes: changes }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: ByteRegion,
    inserted_content: Text<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: usize,
    byte_length: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixture;
    use serde_json::{json, Value};

    fn sarif(diagnostics: &[Diagnostic], encoding: PositionEncoding) -> Value {
        let options = RenderOptions { encoding, ..fixture::options() };
        serde_json::from_str(&render(&fixture::db(), diagnostics, &options)).expect("valid JSON")
    }

    #[test]
    fn log_run_and_rules() {
        let log = sarif(&[], PositionEncoding::Utf32);
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["version"], "0.0.0-test");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), codes::ALL.len());
        for (rule, info) in rules.iter().zip(codes::ALL) {
            assert_eq!(rule["id"], info.id);
            assert_eq!(rule["shortDescription"]["text"], info.summary);
            assert_eq!(rule["defaultConfiguration"]["level"], level(info.severity));
        }
        assert_eq!(run["results"], json!([]));
    }

    #[test]
    fn results_locations_and_fixes() {
        let log = sarif(&fixture::all(), PositionEncoding::Utf16);
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "utf16CodeUnits");
        let results = run["results"].as_array().unwrap();
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let bad = results.iter().find(|r| r["ruleId"] == "K0101").unwrap();
        let region = &bad["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(5), Some(35))
        );
        assert_eq!(region["byteLength"], 1);
        let replacement = &bad["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["deletedRegion"]["byteOffset"], region["byteOffset"]);
        assert_eq!(replacement["insertedContent"]["text"], "");
        let cycle = results.iter().find(|r| r["ruleId"] == "K0202").unwrap();
        let related = &cycle["relatedLocations"][0];
        assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "app.kry");
        assert_eq!(related["message"]["text"], "app.kry includes theme.kry here");
        let note = results.iter().find(|r| r["ruleId"] == "K0114").unwrap();
        assert_eq!(note["level"], "note");
        let io = results.iter().find(|r| r["ruleId"] == "K0002").unwrap();
        assert!(io.get("locations").is_none());
    }

    #[test]
    fn utf8_columns_are_code_points() {
        let log = sarif(&[fixture::unexpected_character()], PositionEncoding::Utf8);
        assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
        let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], 34);
    }

    #[test]
    fn uris() {
        assert_eq!(uri("src/app.kry"), "src/app.kry");
        assert_eq!(uri("my app/ü.kry"), "my%20app/%C3%BC.kry");
        assert_eq!(uri("/home/a/x.kry"), "file:///home/a/x.kry");
        assert_eq!(uri("C:\\a\\x.kry"), "file:///C:/a/x.kry");
        assert_eq!(uri("100%#?.kry"), "100%25%23%3F.kry");
        assert_eq!(uri("a\u{e9}:"), "a%C3%A9:");
    }

    #[test]
    fn bad_spans_are_safe() {
        let log = sarif(&fixture::out_of_range(), PositionEncoding::Utf32);
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 4);
    }
}

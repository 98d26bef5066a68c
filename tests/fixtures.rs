//! Runs every `.kry` file under `tests/fixtures/` and compares its diagnostics with the
//! expectations written inside it.
//!
//! Two ways to write an expectation, both in comments (`#` or `//`):
//!
//! ```kry
//! Container { width 100 }
//! #                 ^ error K0106
//! # expect: warning K0113 @ 12:5
//! ```
//!
//! A `^` line refers to the nearest line above it that is not itself an expectation; the `^`
//! column is the diagnostic's column (1-based, in characters). `expect:` gives the line and
//! optionally the column explicitly. Every diagnostic whose primary span is in the fixture must
//! be expected, and every expectation must be met: a fixture without expectations must check
//! clean. Each fixture goes through the whole check (front end and semantic passes), as with
//! `kryc check`. `kryc` itself does not treat these comments specially.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use kryc::check::{check, CheckOptions};
use kryc::diagnostics::{Diagnostic, Severity};
use kryc::source::{PositionEncoding, SourceDb};

use common::{kry_files, DiskLoader};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    line: u32,
    column: Option<u32>,
    severity: String,
    code: String,
}

fn parse_expectations(text: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    let mut target_line = 0u32;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let comment = trimmed.strip_prefix("//").or_else(|| trimmed.strip_prefix('#'));
        let Some(comment) = comment else {
            target_line = index as u32 + 1;
            continue;
        };
        let body = comment.trim();
        if let Some(rest) = body.strip_prefix("expect:") {
            // `expect: error K0106 @ 12:5`
            let (what, at) = rest.split_once('@').expect("`expect:` needs `@ line[:col]`");
            let mut words = what.split_whitespace();
            let severity = words.next().expect("severity").to_string();
            let code = words.next().expect("code").to_string();
            let (l, c) = match at.trim().split_once(':') {
                Some((l, c)) => (l.parse().expect("line"), Some(c.parse().expect("column"))),
                None => (at.trim().parse().expect("line"), None),
            };
            out.push(Expected { line: l, column: c, severity, code });
        } else if body.starts_with('^') {
            let caret = line.chars().position(|c| c == '^').expect("caret") as u32 + 1;
            let mut words = body.trim_start_matches('^').split_whitespace();
            let severity = words.next().expect("severity after ^").to_string();
            let code = words.next().expect("code after severity").to_string();
            out.push(Expected { line: target_line, column: Some(caret), severity, code });
        } else {
            target_line = index as u32 + 1;
        }
    }
    out
}

fn actual(db: &SourceDb, root: kryc::source::FileId, diagnostic: &Diagnostic) -> Option<Expected> {
    let span = diagnostic.span?;
    if span.file != root {
        return None;
    }
    let lc = db.get(span.file).line_col(span.range.start as usize, PositionEncoding::Utf32);
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    Some(Expected {
        line: lc.line,
        column: Some(lc.column),
        severity: severity.into(),
        code: diagnostic.code.id().into(),
    })
}

#[test]
fn fixtures_match_their_expectations() {
    let fixture_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = kry_files(&fixture_dir);
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let expected = parse_expectations(&text);
        let mut db = SourceDb::new();
        let checked = check(&mut db, path, text, &DiskLoader, &CheckOptions::default());
        let root = checked.program.root().file;
        let mut unmatched: Vec<Expected> =
            checked.diagnostics.iter().filter_map(|d| actual(&db, root, d)).collect();
        let mut missing = Vec::new();
        for e in &expected {
            let found = unmatched.iter().position(|a| {
                a.line == e.line
                    && a.severity == e.severity
                    && a.code == e.code
                    && (e.column.is_none() || a.column == e.column)
            });
            match found {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => missing.push(e.clone()),
            }
        }
        if !missing.is_empty() || !unmatched.is_empty() {
            let rel = path.strip_prefix(&fixture_dir).unwrap_or(path).display().to_string();
            let details: BTreeSet<String> = checked
                .diagnostics
                .iter()
                .filter_map(|d| {
                    actual(&db, root, d).map(|a| {
                        format!(
                            "    {}:{} {} {} {}",
                            a.line,
                            a.column.unwrap_or(0),
                            a.severity,
                            a.code,
                            d.message
                        )
                    })
                })
                .collect();
            failures.push(format!(
                "{rel}\n  expected but not reported: {missing:?}\n  reported but not expected: {unmatched:?}\n  all diagnostics:\n{}",
                details.into_iter().collect::<Vec<_>>().join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn expectation_syntax() {
    let e = parse_expectations(
        "App {\n  width 1\n#       ^ error K0106\n}\n# expect: warning K0113 @ 4\n",
    );
    assert_eq!(
        e,
        vec![
            Expected { line: 2, column: Some(9), severity: "error".into(), code: "K0106".into() },
            Expected { line: 4, column: None, severity: "warning".into(), code: "K0113".into() },
        ]
    );
}

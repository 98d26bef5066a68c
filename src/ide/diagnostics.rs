//! LSP diagnostics: a view of [`Diagnostic`], like the renderers in
//! [`crate::diagnostics::render`]. The primary span is the range; labels are related
//! information; help and notes follow the message, as `kryc check --diagnostic-format short`
//! would add them to its line; the code is the stable `K0104`.

use std::path::Path;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString,
};

use super::position::range;
use super::uri::from_path;
use super::FileAnalysis;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, PositionEncoding, TextRange};

/// The analysis's diagnostics that belong to `file`, as LSP diagnostics. A diagnostic with no
/// span belongs to the root file, at its start.
pub fn for_file(
    analysis: &FileAnalysis,
    file: FileId,
    encoding: PositionEncoding,
) -> Vec<lsp_types::Diagnostic> {
    analysis
        .checked
        .diagnostics
        .iter()
        .filter(|d| match d.span {
            Some(span) => span.file == file,
            None => file == analysis.root(),
        })
        .map(|d| to_lsp(analysis, d, encoding))
        .collect()
}

/// One diagnostic as LSP has it.
pub fn to_lsp(
    analysis: &FileAnalysis,
    d: &Diagnostic,
    encoding: PositionEncoding,
) -> lsp_types::Diagnostic {
    let (file, text_range) = match d.span {
        Some(span) => (span.file, span.range),
        None => (analysis.root(), TextRange::empty(0)),
    };
    let mut message = d.message.clone();
    if let Some(label) = &d.primary_label {
        message.push_str(&format!("\n{label}"));
    }
    for help in &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| (l.span.file.0 as usize) < analysis.sources.len())
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: from_path(&absolute(&analysis.path_of(l.span.file))),
                range: range(analysis.source(l.span.file), l.span.range, encoding),
            },
            message: l.message.clone(),
        })
        .collect();
    let name = d.code.name();
    let tags = if name.contains("unused") {
        Some(vec![DiagnosticTag::UNNECESSARY])
    } else if name.contains("deprecated") || name.contains("legacy") {
        Some(vec![DiagnosticTag::DEPRECATED])
    } else {
        None
    };
    lsp_types::Diagnostic {
        range: range(analysis.source(file), text_range, encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        code_description: None,
        source: Some("kryc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

/// Paths in URIs are absolute; relative ones (from tests and the command line) are made so
/// against the current directory by the server before they get here, so this only guards.
fn absolute(path: &Path) -> std::path::PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        Path::new("/").join(path)
    }
}

//! The one diagnostic type of the compiler and the sink passes report into.
//!
//! Every problem the toolchain reports is a [`Diagnostic`]: a stable [`Code`] (`K0104`) with a
//! kebab-case name, a severity, a message, a primary byte span, secondary labels, notes, help
//! lines and machine-applicable fixes. Renderers in [`render`] (human, short, JSON, JSON lines,
//! GitHub, SARIF) are views of this type; none of them adds information of its own.

pub mod codes;
pub mod render;

pub use codes::Code;

use crate::languages::ScriptLanguage;
use crate::source::{FileId, FileSpan, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Advice: never fails a build.
    Note,
    /// Fails a build only with `--deny-warnings`.
    Warning,
    /// Fails the build.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary span with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: FileSpan,
    pub message: String,
}

/// How safely a [`Fix`] can be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// The fix is certainly what the user meant.
    MachineApplicable,
    /// The fix is probably right but should be reviewed.
    MaybeIncorrect,
    /// The fix contains placeholders the user must fill in.
    HasPlaceholders,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
            Applicability::HasPlaceholders => "has-placeholders",
        }
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: FileSpan,
    pub replacement: String,
}

/// A suggested change to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// Where inside an embedded script a diagnostic came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub language: ScriptLanguage,
    /// The function the problem is in, when it is inside one.
    pub function: Option<String>,
    /// 1-based line and column inside the script body as the language's parser saw it.
    pub script_line: u32,
    pub script_column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The primary span. `None` only for problems that belong to no file (e.g. a bad option).
    pub span: Option<FileSpan>,
    /// Text shown under the primary span.
    pub primary_label: Option<String>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Vec<String>,
    pub fixes: Vec<Fix>,
    pub origin: Option<Origin>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.info().severity,
            message: message.into(),
            span: None,
            primary_label: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: Vec::new(),
            fixes: Vec::new(),
            origin: None,
        }
    }

    pub fn at(mut self, file: FileId, range: TextRange) -> Self {
        self.span = Some(FileSpan::new(file, range));
        self
    }

    pub fn with_span(mut self, span: FileSpan) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_primary_label(mut self, message: impl Into<String>) -> Self {
        self.primary_label = Some(message.into());
        self
    }

    pub fn with_label(mut self, span: FileSpan, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Collects diagnostics; passes report into it and keep going.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorts by file, then position, then code, so output is stable whatever order passes ran in.
    pub fn sort(&mut self) {
        self.list.sort_by_key(|d| {
            let span = d.span.map(|s| (s.file, s.range.start, s.range.end));
            (span.is_some(), span, d.code)
        });
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

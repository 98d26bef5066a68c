//! Renderers: views of [`Diagnostic`]s in every output format the CLI offers.
//!
//! One file per format, one entry point: [`render`]. Renderers never fail and never panic: spans
//! that point past the end of a file are clamped to it, and spans into files the [`SourceDb`]
//! does not hold are treated as having no location.

mod github;
mod human;
mod json;
mod sarif;
mod short;

use super::{Diagnostic, Severity};
use crate::source::{FileId, FileSpan, LineCol, PositionEncoding, SourceDb, SourceFile};

/// An output format for diagnostics (`--diagnostic-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with labels, through miette; for people at a terminal.
    Human,
    /// One line per diagnostic, `path:line:col: error[K0104]: message`.
    Short,
    /// One JSON document (schema version 1, `docs/diagnostics.schema.json`).
    Json,
    /// One JSON object per line, each a diagnostic as in [`Format::Json`].
    Jsonl,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 6] =
        [Format::Human, Format::Short, Format::Json, Format::Jsonl, Format::Github, Format::Sarif];

    /// Parses the name used on the command line (`human`, `short`, `json`, ...).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Short => "short",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }

    /// Whether the format is meant for programs: machine formats go to stdout, the others
    /// (human, short) to stderr.
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Human | Format::Short)
    }
}

/// Settings shared by all renderers; each format uses the ones that concern it.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Column unit for `short`, `json`, `jsonl` and `github` (SARIF: see [`render`]).
    pub encoding: PositionEncoding,
    /// ANSI colours in `human` output. No other format is ever coloured.
    pub color: bool,
    /// The toolchain version reported by `json` and `sarif`.
    pub tool_version: String,
    /// Script VMs this build has, reported as `tool.vms` by `json`.
    pub vms: Vec<String>,
    /// Terminal width `human` output wraps to.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            encoding: PositionEncoding::default(),
            color: false,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            vms: Vec::new(),
            width: 100,
        }
    }
}

/// Renders `diagnostics` (in the order given) as one string in `format`.
///
/// The text ends with a newline unless it is empty. `human` ends with a rustc-style summary
/// when there are errors or warnings, `short` with counts when there are diagnostics; `human`,
/// `short`, `jsonl` and `github` write nothing for no diagnostics. SARIF has no UTF-8 column
/// kind: with [`PositionEncoding::Utf8`] its columns are Unicode code points.
pub fn render(
    format: Format,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> String {
    match format {
        Format::Human => human::render(db, diagnostics, options),
        Format::Short => short::render(db, diagnostics, options),
        Format::Json => json::render_json(db, diagnostics, options),
        Format::Jsonl => json::render_jsonl(db, diagnostics, options),
        Format::Github => github::render(db, diagnostics, options),
        Format::Sarif => sarif::render(db, diagnostics, options),
    }
}

/// Counts of diagnostics by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Summary {
    errors: usize,
    warnings: usize,
}

impl Summary {
    fn of(diagnostics: &[Diagnostic]) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary { errors: count(Severity::Error), warnings: count(Severity::Warning) }
    }
}

/// `1 error`, `2 errors`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The file `id` names, if the database holds it.
fn source_file(db: &SourceDb, id: FileId) -> Option<&SourceFile> {
    ((id.0 as usize) < db.len()).then(|| db.get(id))
}

/// A span resolved against its file: byte offsets clamped to the text, positions computed.
#[derive(Clone, Copy, Debug)]
struct Located<'a> {
    file: &'a SourceFile,
    start: usize,
    end: usize,
    start_pos: LineCol,
    end_pos: LineCol,
}

impl Located<'_> {
    fn name(&self) -> &str {
        self.file.name()
    }

    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Resolves `span`; `None` when its file is not in `db`.
fn locate(db: &SourceDb, span: FileSpan, encoding: PositionEncoding) -> Option<Located<'_>> {
    let file = source_file(db, span.file)?;
    let len = file.text().len();
    let start = (span.range.start as usize).min(len);
    let end = (span.range.end as usize).clamp(start, len);
    Some(Located {
        file,
        start,
        end,
        start_pos: file.line_col(start, encoding),
        end_pos: file.line_col(end, encoding),
    })
}

#[cfg(test)]
mod fixture;

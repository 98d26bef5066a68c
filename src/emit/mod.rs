//! The last pass: the checked program to a KRB document ([`krb_format::Document`]) and its
//! bytes. Runs only on a program without errors. Each file is one step, in this order:
//!
//! 1. [`elements`] — the element tree: typed properties (ids from the registry), custom
//!    properties, pseudo-state sets, events, and a binding for every property that depends
//!    on a reactive variable; then the flattened styles;
//! 2. [`variables`] — the reactive variables with types and initial values;
//! 3. [`scripts`] — one entry per function and per `@script` block, with the VM, entry points
//!    and source locations, and the header's required-VM list;
//! 4. [`values`] — (used by all) KRY values to KRB values, typed by the property;
//! 5. [`paths`] — source and resource paths relative to the root file, `/`-separated.
//!
//! Output is deterministic: strings are interned in traversal order, no map is iterated, and
//! no absolute path, time or machine name is recorded.

mod elements;
pub mod paths;
mod scripts;
mod values;
mod variables;

use std::collections::HashMap;

use krb_format::{Document, StrId};
use smol_str::SmolStr;

use crate::check::Checked;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, PositionEncoding, SourceDb};

/// Options of the KRB output.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Recorded as the `generator` metadata (`kryc 0.1.0`).
    pub generator: String,
    /// `kryc build -O`: the optimisations to apply ([`crate::optimise`]); `None` writes the
    /// program as lowered.
    pub optimise: Option<crate::optimise::OptimiseOptions>,
}

impl Default for EmitOptions {
    fn default() -> EmitOptions {
        EmitOptions { generator: format!("kryc {}", env!("CARGO_PKG_VERSION")), optimise: None }
    }
}

/// Lowers a checked program (which must have no errors) to a KRB document.
pub fn lower(checked: &Checked, sources: &SourceDb, options: &EmitOptions) -> Document {
    let mut cx = Emitter::new(checked, sources);
    let generator = cx.str(&options.generator);
    let generator_key = cx.str("generator");
    let source_key = cx.str("source");
    let root_name = checked
        .program
        .files
        .first()
        .and_then(|f| f.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = cx.str(&root_name);
    cx.doc.metadata = vec![(generator_key, generator), (source_key, source)];
    variables::run(&mut cx);
    elements::run(&mut cx);
    scripts::run(&mut cx);
    // KRB 1.1 only when the file uses what 1.1 added, so other files stay 1.0.
    // A file says the oldest version that has what it holds: 1.2 for the `+` operator,
    // 1.1 for inline handlers' locations, else 1.0.
    cx.doc.minor_version = if cx.doc.values().any(krb_format::Value::needs_minor_2) {
        2
    } else {
        u16::from(!cx.doc.event_locations.is_empty())
    };
    cx.doc
}

/// Lowers and encodes: the bytes of the KRB file, or a diagnostic when the app exceeds a
/// limit of the format.
pub fn build(
    checked: &Checked,
    sources: &SourceDb,
    options: &EmitOptions,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    build_with_report(checked, sources, options).map(|(bytes, _)| bytes)
}

/// [`build`], with what the optimisations did (`None` without [`EmitOptions::optimise`]).
pub fn build_with_report(
    checked: &Checked,
    sources: &SourceDb,
    options: &EmitOptions,
) -> Result<(Vec<u8>, Option<crate::optimise::OptimiseReport>), Box<Diagnostic>> {
    let mut doc = lower(checked, sources, options);
    let report =
        options.optimise.as_ref().map(|o| crate::optimise::optimise(checked, sources, &mut doc, o));
    let bytes = krb_format::write(&doc).map_err(|e| {
        let root = checked.program.files.first().map(|f| FileSpan::new(f.file, Default::default()));
        let mut d = Diagnostic::new(Code::KrbLimit, format!("cannot write the KRB file: {e}"));
        if let Some(span) = root {
            d = d.with_span(span);
        }
        Box::new(
            d.with_help("split the app or simplify the deepest value; see krb-format/SPEC.md §13"),
        )
    })?;
    Ok((bytes, report))
}

/// What the steps share: the document being built and the lookups into it.
pub(crate) struct Emitter<'c> {
    pub checked: &'c Checked,
    pub sources: &'c SourceDb,
    pub doc: Document,
    /// Reactive variables by name → index in the variable table.
    pub variables: HashMap<SmolStr, u32>,
    /// Resources by (kind, path) → index.
    pub resources: HashMap<(u8, String), u32>,
    /// Each source file's path relative to the root file's directory.
    pub file_names: HashMap<FileId, String>,
}

impl<'c> Emitter<'c> {
    fn new(checked: &'c Checked, sources: &'c SourceDb) -> Emitter<'c> {
        let root_dir = checked
            .program
            .files
            .first()
            .and_then(|f| f.path.parent().map(|p| p.to_path_buf()))
            .unwrap_or_default();
        let file_names = checked
            .program
            .files
            .iter()
            .map(|f| (f.file, paths::relative_to(&root_dir, &f.path)))
            .collect();
        Emitter {
            checked,
            sources,
            doc: Document::default(),
            variables: HashMap::new(),
            resources: HashMap::new(),
            file_names,
        }
    }

    pub fn str(&mut self, text: &str) -> StrId {
        self.doc.strings.intern(text)
    }

    /// A source location: file relative to the root, 1-based line and column (characters).
    pub fn location(&mut self, span: FileSpan) -> krb_format::SourceLocation {
        let file_name = self.file_names.get(&span.file).cloned().unwrap_or_default();
        let pos = self
            .sources
            .get(span.file)
            .line_col(span.range.start as usize, PositionEncoding::Utf32);
        krb_format::SourceLocation {
            file: self.str(&file_name),
            line: pos.line,
            column: pos.column,
        }
    }

    /// The directory of a source file relative to the root file's, for resolving the relative
    /// paths it writes.
    pub fn file_dir(&self, file: FileId) -> String {
        let name = self.file_names.get(&file).map(String::as_str).unwrap_or("");
        match name.rfind('/') {
            Some(i) => name[..i].to_string(),
            None => String::new(),
        }
    }
}

//! The whole check of one root file: front end and semantic passes, with every diagnostic
//! sorted by position. This is what `kryc check` runs per file, and what tests and editors use.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::loader::Loader;
use crate::passes::{analyze, Analysis, AnalysisOptions};
use crate::program::{parse_program, FrontendOptions, Program};
use crate::source::SourceDb;

/// Options of a check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub frontend: FrontendOptions,
    pub analysis: AnalysisOptions,
}

/// The result of checking one root file.
#[derive(Debug)]
pub struct Checked {
    pub program: Program,
    pub analysis: Analysis,
    /// Every diagnostic of the front end and the passes, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

pub fn check(
    sources: &mut SourceDb,
    path: &Path,
    text: String,
    loader: &dyn Loader,
    options: &CheckOptions,
) -> Checked {
    let mut program = parse_program(sources, path, text, loader, &options.frontend);
    let (analysis, semantic) = analyze(&program, &options.analysis);
    let mut all = std::mem::take(&mut program.diagnostics);
    all.extend(semantic);
    all.sort();
    Checked { program, analysis, diagnostics: all.into_vec() }
}

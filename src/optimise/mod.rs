//! `kryc build -O`: the optimisations of the KRB output, applied to the document the emitter
//! lowered (pure: no IO, and no dependency on the runtime).
//!
//! 1. [`dead_functions`] — `@function`s nothing can run are left out (the reachability of
//!    [`crate::analysis::reachable`], the same graph `kryc analyze` shows);
//! 2. [`bytecode`] — each script's bytecode, made by a [`Precompiler`] the caller passes in
//!    (the `kryc` binary passes the runtime's engines: the compiler library never links a
//!    VM), tagged with its engine and stored beside the source or, with `strip_source`,
//!    instead of it (KRB 1.3);
//! 3. last, the string table is rebuilt from what the document still uses
//!    ([`krb_format::Document::compact_strings`]), so nothing a removed record used stays and
//!    every string is stored once.
//!
//! Deterministic: the same program and precompiler give the same bytes.

pub mod bytecode;
pub mod dead_functions;

use std::sync::Arc;

use krb_format::Document;

use crate::analysis::reachable::DeadFunction;
use crate::check::Checked;
use crate::source::SourceDb;

/// The bytecode of one script of a document, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecompiledScript {
    /// The script's index in the document.
    pub script: u32,
    /// The engine tag (the engine and its exact version) and the bytes, or why not.
    pub result: Result<(String, Vec<u8>), String>,
}

/// Compiles a document's scripts to bytecode with the engines that will run them.
pub trait Precompiler: Send + Sync {
    /// Bytecode for the scripts it can compile, in document order; scripts it leaves out
    /// stay source.
    fn precompile(&self, doc: &Document) -> Vec<PrecompiledScript>;

    /// The languages (tags) it has an engine for.
    fn languages(&self) -> Vec<&'static str>;
}

/// What `-O` does.
#[derive(Clone, Default)]
pub struct OptimiseOptions {
    /// Leave out functions nothing can run.
    pub dead_functions: bool,
    /// Precompile scripts with this, when given.
    pub precompiler: Option<Arc<dyn Precompiler>>,
    /// Store only the bytecode of precompiled scripts (a runtime with another engine cannot
    /// run them); by default the source stays beside it.
    pub strip_source: bool,
}

impl std::fmt::Debug for OptimiseOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OptimiseOptions")
            .field("dead_functions", &self.dead_functions)
            .field("precompiler", &self.precompiler.as_ref().map(|p| p.languages()))
            .field("strip_source", &self.strip_source)
            .finish()
    }
}

impl OptimiseOptions {
    /// Everything `-O` does, with this precompiler.
    pub fn all(precompiler: Option<Arc<dyn Precompiler>>) -> OptimiseOptions {
        OptimiseOptions { dead_functions: true, precompiler, strip_source: false }
    }
}

/// What the optimisations did, for the build's report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptimiseReport {
    /// Functions left out, in source order.
    pub removed: Vec<DeadFunction>,
    /// Why functions of whole languages were kept.
    pub kept_because: Vec<String>,
    /// Per language (tag): how many scripts carry bytecode, and the engine tag.
    pub precompiled: Vec<(&'static str, usize, String)>,
    /// Scripts that stay source though their language has an engine, with why.
    pub not_precompiled: Vec<String>,
    /// Languages of the app that the precompiler has no engine for (they run from source).
    pub source_only: Vec<&'static str>,
    /// Whether the precompiled scripts' source was left out.
    pub stripped_source: bool,
    /// Strings no record used any more, dropped from the table.
    pub strings_dropped: usize,
}

impl OptimiseReport {
    /// The report as lines for the terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.removed.is_empty() {
            out.push("no function removed: every function can run".to_string());
        } else {
            let names: Vec<String> = self
                .removed
                .iter()
                .map(|d| {
                    format!(
                        "`{}` ({}, {}:{})",
                        d.name, d.language, d.location.file, d.location.line
                    )
                })
                .collect();
            out.push(format!(
                "removed {} function{} nothing can run: {}",
                self.removed.len(),
                if self.removed.len() == 1 { "" } else { "s" },
                names.join(", ")
            ));
        }
        out.extend(self.kept_because.iter().cloned());
        for (language, n, engine) in &self.precompiled {
            let how = if self.stripped_source { "without source" } else { "beside the source" };
            out.push(format!(
                "precompiled {n} {language} script{} for `{engine}` ({how})",
                if *n == 1 { "" } else { "s" }
            ));
        }
        out.extend(self.not_precompiled.iter().cloned());
        if !self.source_only.is_empty() {
            out.push(format!(
                "{} run{} from source: no bytecode engine for {} in this kryc",
                self.source_only.join(", "),
                if self.source_only.len() == 1 { "s" } else { "" },
                if self.source_only.len() == 1 { "it" } else { "them" }
            ));
        }
        if self.strings_dropped > 0 {
            out.push(format!("{} strings no longer used dropped", self.strings_dropped));
        }
        out
    }
}

/// Applies `options` to a lowered document of `checked`.
pub fn optimise(
    checked: &Checked,
    sources: &SourceDb,
    doc: &mut Document,
    options: &OptimiseOptions,
) -> OptimiseReport {
    let mut report = OptimiseReport::default();
    if options.dead_functions {
        let (removed, kept_because) = dead_functions::remove(checked, sources, doc);
        report.removed = removed;
        report.kept_because = kept_because;
    }
    if let Some(precompiler) = &options.precompiler {
        bytecode::attach(doc, precompiler.as_ref(), options.strip_source, &mut report);
    }
    report.strings_dropped = doc.compact_strings();
    report
}

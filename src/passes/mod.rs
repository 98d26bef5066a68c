//! The semantic passes: from parsed files to a resolved, validated UI model.
//!
//! [`analyze`] runs the passes in this order; each file is one pass:
//! 1. [`declarations`] — collect top-level declarations in include order;
//! 2. [`script_facts`] — every script body parsed once: syntax errors, globals read and
//!    written;
//! 3. [`variables`] — the variable table, `-D` overrides, types, reactivity;
//! 4. [`styles`] — style inheritance, pseudo-state merging, redefinitions;
//! 5. [`expand`] — the element tree: components and `@for`/`@if` expanded, variables
//!    substituted ([`substitute`]);
//! 6. [`element_ids`] — ids are unique;
//! 7. [`properties`] — elements and properties against the registry;
//! 8. [`vms`] — every script's language is in the build manifest;
//! 9. [`script_syntax`] — the syntax errors of every script body and inline handler;
//! 10. [`handlers`] — handlers name existing functions; duplicate and unused functions;
//! 11. [`shared_variables`] — what scripts write: undeclared globals, Python assignments
//!     without `global`, literals of the wrong type;
//! 12. [`element_refs`] — elements scripts look up by a literal id exist;
//! 13. [`script_types`] — shared variables' types against the DOM calls and string methods
//!     scripts apply to them.
//!
//! Every pass reports into the shared [`Context`] and keeps going.

pub mod declarations;
pub mod dom_arity;
pub mod dump;
pub mod element_ids;
pub mod element_refs;
pub mod expand;
pub mod handler_args;
pub mod handlers;
pub mod properties;
pub mod script_arithmetic;
pub mod script_facts;
pub mod script_syntax;
pub mod script_types;
pub mod shared_variables;
pub mod styles;
pub mod substitute;
pub mod variables;
pub mod vms;
pub mod walk;

use crate::diagnostics::Diagnostic;
use crate::program::Program;

/// What passes share: the diagnostics they report.
#[derive(Debug, Default)]
pub struct Context {
    diagnostics: Vec<Diagnostic>,
}

impl Context {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Options of the semantic passes.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// `-D NAME=VALUE` overrides.
    pub overrides: Vec<variables::Override>,
    /// The VMs the build targets; `None` checks scripts without a target (every language).
    pub manifest: Option<crate::manifest::Manifest>,
    /// A memo of script-body analyses kept between checks (the language server's); `None`
    /// parses every body.
    pub script_cache: Option<std::sync::Arc<crate::scripts::cache::ScriptCache>>,
}

/// The result of the semantic passes.
#[derive(Debug)]
pub struct Analysis {
    pub variables: variables::Variables,
    pub styles: styles::Styles,
    pub model: crate::model::UiModel,
    /// Every script body with what its parse found (`kryc analyze` builds its graph on it).
    pub facts: script_facts::ScriptFacts,
}

/// Runs every semantic pass over a parsed program.
pub fn analyze(program: &Program, options: &AnalysisOptions) -> (Analysis, Vec<Diagnostic>) {
    let mut cx = Context::default();
    let decls = declarations::collect(program);
    let facts = script_facts::run_with(program, options.script_cache.as_deref());
    let variables = variables::run(&mut cx, &decls, &facts, &options.overrides);
    let styles = styles::run(&mut cx, &decls);
    let mut model = expand::run(&mut cx, &decls, &variables);
    // `@init` blocks run after every other script: they go last, in source order.
    model.scripts.sort_by_key(|s| s.init);
    for s in &mut model.scripts {
        if let crate::model::ScriptSource::File { span, loaded, .. } = &mut s.source {
            let language = s.language;
            *loaded = program.script_file(*span).map(|f| crate::model::LoadedScript {
                file: f.file,
                code: crate::scripts::dollars::strip(language, &f.text, |n| {
                    variables.get(n).is_some()
                })
                .0
                .into_owned(),
            });
        }
    }
    element_ids::run(&mut cx, &mut model);
    properties::run(&mut cx, &decls, &variables, &styles, &mut model);
    styles::report_unused(&mut cx, &decls, &styles, &model, &facts);
    if let Some(manifest) = &options.manifest {
        vms::run(&mut cx, manifest, &model);
    }
    // A body the lexer could not find the end of was reported already (K0107); parsing the
    // rest of the file as script would only repeat that.
    let unterminated: std::collections::HashSet<_> = program
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::diagnostics::Code::UnterminatedScriptBody)
        .filter_map(|d| d.span.map(|s| (s.file, s.range.end)))
        .collect();
    script_syntax::run(&mut cx, &model, &facts, &unterminated);
    handlers::run(&mut cx, &model, options.manifest.as_ref());
    shared_variables::run(&mut cx, &facts, &variables);
    element_refs::run(&mut cx, &facts, &model);
    script_types::run(&mut cx, &facts, &variables);
    script_arithmetic::run(&mut cx, &facts, &variables);
    dom_arity::run(&mut cx, &facts);
    handler_args::run(&mut cx, &facts, &model);
    // Expanding a loop or a component several times repeats its problems: report each once.
    let mut seen = std::collections::HashSet::new();
    let diagnostics = cx
        .diagnostics
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.code,
                d.span.map(|s| (s.file, s.range.start, s.range.end)),
                d.message.clone(),
            ))
        })
        .collect();
    (Analysis { variables, styles, model, facts }, diagnostics)
}

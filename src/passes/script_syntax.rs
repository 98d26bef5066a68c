//! Pass 8: every script body through its language's parser ([`crate::scripts`]): function
//! bodies, `@script` blocks and inline handler strings. Each error is a diagnostic at the
//! exact character of the `.kry` file, with the parser's message and the position inside the
//! script as its origin. Each body is parsed once, however often a component repeats it.

use std::collections::HashSet;

use super::script_facts::{inline_code_span, ScriptFacts};
use super::Context;
use crate::diagnostics::{Code, Diagnostic, Origin};
use crate::languages::ScriptLanguage;
use crate::model::{Handler, ScriptSource, UiModel};
use crate::scripts::{check, BodyKind, ScriptError};
use crate::source::{FileId, FileSpan, TextRange};
use crate::syntax::ast::ValueKind;

/// `unterminated`: where bodies start that the lexer reported as never ending (file, offset);
/// they are not parsed again.
pub fn run(
    cx: &mut Context,
    model: &UiModel,
    facts: &ScriptFacts,
    unterminated: &HashSet<(FileId, u32)>,
) {
    let mut seen: HashSet<FileSpan> = HashSet::new();
    let skip = |span: FileSpan| unterminated.contains(&(span.file, span.range.start));
    for f in &model.functions {
        if !seen.insert(f.body_span) || skip(f.body_span) {
            continue;
        }
        let params: Vec<&str> = f.params.iter().map(|p| p.as_str()).collect();
        let kind = BodyKind::Function { params: &params };
        let function = Some(f.source_name.as_str());
        report(cx, facts, f.language, kind, &f.body, f.body_span, function);
    }
    for s in &model.scripts {
        if let ScriptSource::Inline { code, span } = &s.source {
            if seen.insert(*span) && !skip(*span) {
                report(cx, facts, s.language, BodyKind::Module, code, *span, s.name.as_deref());
            }
        }
    }
    // Code files of `@script ... from`: errors point into the file itself.
    for body in facts.bodies.iter().filter(|b| b.external) {
        for error in body.facts.iter().flat_map(|f| f.errors.iter().cloned()) {
            cx.report(diagnostic(body.language, &body.text, body.span, error, None));
        }
        for warning in body.facts.iter().flat_map(|f| f.warnings.iter().cloned()) {
            cx.report(module_warning(body.language, &body.text, body.span, warning, None));
        }
    }
    // Inline handlers run in the default VM, Lua.
    for e in &model.elements {
        for p in &e.properties {
            let ValueKind::String(s) = &p.value.kind else { continue };
            if !matches!(Handler::from_value(&p.value), Some(Handler::Inline(_)))
                || !e.events.iter().any(|ev| ev.span == p.span)
                || !seen.insert(p.value_span)
            {
                continue;
            }
            let (span, exact) = inline_code_span(p.value_span, &s.value);
            // Parsed once already when the string was written in the source as it is here.
            let known = facts.get(span).and_then(|b| b.facts.as_ref()).map(|f| f.errors.clone());
            let errors =
                known.or_else(|| check(ScriptLanguage::Lua, BodyKind::Expression, &s.value));
            for error in errors.into_iter().flatten() {
                let error = if exact { error } else { ScriptError { start: 0, end: 0, ..error } };
                cx.report(diagnostic(ScriptLanguage::Lua, &s.value, span, error, None));
            }
        }
    }
}

/// Reports a body's errors, from the facts gathered earlier when they cover it.
fn report(
    cx: &mut Context,
    facts: &ScriptFacts,
    language: ScriptLanguage,
    kind: BodyKind<'_>,
    body: &str,
    span: FileSpan,
    function: Option<&str>,
) {
    let known = facts.get(span).filter(|b| b.language == language).and_then(|b| b.facts.as_ref());
    let errors = match known {
        Some(f) => Some(f.errors.clone()),
        None => check(language, kind, body),
    };
    for error in errors.into_iter().flatten() {
        cx.report(diagnostic(language, body, span, error, function));
    }
    for warning in known.iter().flat_map(|f| f.warnings.iter().cloned()) {
        cx.report(module_warning(language, body, span, warning, function));
    }
}

fn diagnostic(
    language: ScriptLanguage,
    body: &str,
    span: FileSpan,
    error: ScriptError,
    function: Option<&str>,
) -> Diagnostic {
    // Within the span (an inline handler with escapes points at its whole string).
    let len = span.range.len();
    let start = span.range.start as usize + error.start.min(len);
    let end = span.range.start as usize + error.end.max(error.start).min(len);
    let before = &body[..error.start.min(body.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    let name = language.display_name();
    Diagnostic::new(Code::ScriptSyntax, format!("{name} syntax error: {}", error.message))
        .with_span(FileSpan::new(span.file, TextRange::new(start, end)))
        .with_primary_label(error.message.clone())
        .with_origin(Origin {
            language,
            function: function.map(str::to_string),
            script_line: line,
            script_column: column,
        })
}

/// A MicroPython import of a module it does not ship (K0369).
fn module_warning(
    language: ScriptLanguage,
    body: &str,
    span: FileSpan,
    warning: ScriptError,
    function: Option<&str>,
) -> Diagnostic {
    let message = warning.message.clone();
    let mut d = diagnostic(language, body, span, warning, function);
    d.code = Code::UnavailableModule;
    d.severity = Code::UnavailableModule.info().severity;
    d.message = message;
    d.with_primary_label("not in MicroPython's standard library")
}

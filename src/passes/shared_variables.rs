//! Pass 11: what scripts write to globals, from the reads and writes [`super::script_facts`]
//! found in each body's syntax tree.
//! - A write to a global nothing declares is an error (K0366). Declared means: a shared
//!   variable, or a name the scripts of the same language define (a function, a top-level
//!   name of an `@script` block) or that another body of that language reads.
//! - A Python function that assigns a shared variable without `global` is an error (K0367),
//!   with a fix that inserts the `global` line.
//! - A literal of another type assigned to a shared variable is a warning (K0368).

use std::collections::{HashMap, HashSet};

use super::script_facts::{Body, ScriptFacts};
use super::variables::{VarType, Variables};
use super::Context;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit, Fix, Origin};
use crate::languages::ScriptLanguage;
use crate::scripts::usage::{Access, Literal, Usage, ValueKind};
use crate::source::{FileSpan, TextRange};

pub fn run(cx: &mut Context, facts: &ScriptFacts, variables: &Variables) {
    for body in &facts.bodies {
        for r in &body.dollar_refs {
            cx.report(dollar_reference(body, r));
        }
    }
    let analysed: Vec<(&Body, &Usage)> = facts
        .bodies
        .iter()
        .filter_map(|b| b.facts.as_ref().and_then(|f| f.usage.as_ref()).map(|u| (b, u)))
        .collect();
    // Per language: the names its scripts define, and how many bodies read each name.
    let mut defined: HashMap<ScriptLanguage, HashSet<&str>> = HashMap::new();
    let mut readers: HashMap<(ScriptLanguage, &str), usize> = HashMap::new();
    for body in &facts.bodies {
        let set = defined.entry(family(body.language)).or_default();
        if let Some(name) = &body.function {
            set.insert(name.as_str());
        }
    }
    for (body, usage) in &analysed {
        let language = family(body.language);
        defined.entry(language).or_default().extend(usage.defines.iter().map(String::as_str));
        let read: HashSet<&str> = usage.reads.iter().map(|a| a.name.as_str()).collect();
        for name in read {
            *readers.entry((language, name)).or_default() += 1;
        }
    }
    for (body, usage) in &analysed {
        let language = family(body.language);
        let mut reported = HashSet::new();
        for write in &usage.writes {
            if let Some(variable) = variables.get(&write.name) {
                if let Some(literal) = write.literal {
                    if !fits(variable.ty, literal) {
                        cx.report(mismatch(body, write, variable, literal));
                    }
                } else if let Some(kind) = write.computed {
                    if !fits_computed(variable.ty, kind) {
                        cx.report(computed_mismatch(body, write, variable, kind));
                    }
                }
                continue;
            }
            let own_read = usage.reads.iter().any(|r| r.name == write.name);
            // A module's functions share it, so its own reads count; a function's do not.
            let others = readers.get(&(language, write.name.as_str())).copied().unwrap_or(0)
                - usize::from(own_read && !body.is_module());
            let declared = defined.get(&language).is_some_and(|d| d.contains(write.name.as_str()));
            if declared || others > 0 || !reported.insert(write.name.as_str()) {
                continue;
            }
            cx.report(undeclared(body, write, variables));
        }
        if matches!(body.language, ScriptLanguage::Python | ScriptLanguage::MicroPython)
            && !body.is_module()
        {
            let mut reported = HashSet::new();
            for a in &usage.local_assignments {
                if variables.get(&a.name).is_some() && reported.insert(a.name.as_str()) {
                    cx.report(missing_global(body, a));
                }
            }
        }
    }
}

/// Languages that share a VM's globals are one family (MicroPython scripts are Python).
fn family(language: ScriptLanguage) -> ScriptLanguage {
    match language {
        ScriptLanguage::MicroPython => ScriptLanguage::Python,
        other => other,
    }
}

/// Whether a literal may be assigned to a variable of type `ty`.
fn fits(ty: VarType, literal: Literal) -> bool {
    match (ty, literal) {
        // No declaration makes a variable optional: the runtime refuses `nil`.
        (_, Literal::Nil) => false,
        (VarType::Int | VarType::Float | VarType::Length, l) => {
            matches!(l, Literal::Int | Literal::Float)
        }
        (VarType::Bool, l) => l == Literal::Bool,
        (VarType::Color, l) => matches!(l, Literal::Int | Literal::String),
        (VarType::Array | VarType::Object, l) => l == Literal::Table,
        (VarType::String, l) => l != Literal::Table,
    }
}

/// Whether an expression's value of `kind` suits a variable of `ty`. As for literals, text
/// suits every variable the runtime converts text for only when it spells a value, so a
/// string expression into a number or a bool is reported; a string variable takes anything
/// (the runtime stores the text).
fn fits_computed(ty: VarType, kind: ValueKind) -> bool {
    match ty {
        VarType::Int | VarType::Float | VarType::Length => kind == ValueKind::Number,
        VarType::Bool => kind == ValueKind::Bool,
        VarType::Color => kind != ValueKind::Bool,
        VarType::String => true,
        VarType::Array | VarType::Object => false,
    }
}

/// K0368 for an expression: "`count` is an int variable, but this assigns a string (`..`)".
fn computed_mismatch(
    body: &Body,
    write: &Access,
    variable: &super::variables::Variable,
    kind: ValueKind,
) -> Diagnostic {
    let ty = variable.ty.as_str();
    let help = match (ty, kind) {
        ("int" | "float" | "length", ValueKind::String) => "the runtime converts text that spells a number to the number and refuses other text; convert the result (`tonumber`, `Number`, `int`) or assign to a string variable".to_string(),
        ("bool", _) => "the runtime refuses the write and keeps the value; assign a comparison or `true`/`false`".to_string(),
        _ => format!("the runtime refuses the write and keeps the value; assign a {ty} value"),
    };
    Diagnostic::new(
        Code::SharedTypeMismatch,
        format!(
            "`{}` is {} {ty} variable, but this assigns {}",
            write.name,
            article(ty),
            kind.describe()
        ),
    )
    .with_span(span_in(body, write.start, write.end))
    .with_primary_label(format!("assigned an expression giving {}", kind.describe()))
    .with_label(variable.span, format!("declared as {ty} here"))
    .with_help(help)
    .with_origin(origin(body, write.start))
}

/// The `.kry` span of a range in a body.
pub(super) fn span_in(body: &Body, start: usize, end: usize) -> FileSpan {
    let base = body.span.range.start as usize;
    if !body.exact_positions {
        return FileSpan::new(body.span.file, TextRange::new(base, base));
    }
    FileSpan::new(body.span.file, TextRange::new(base + start, base + end.max(start)))
}

pub(super) fn origin(body: &Body, at: usize) -> Origin {
    let before = &body.text[..at.min(body.text.len())];
    Origin {
        language: body.language,
        function: body.function.as_ref().map(|f| f.to_string()),
        script_line: before.matches('\n').count() as u32 + 1,
        script_column: before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1,
    }
}

fn undeclared(body: &Body, write: &Access, variables: &Variables) -> Diagnostic {
    let language = body.language.display_name();
    let mut d = Diagnostic::new(
        Code::UndeclaredGlobal,
        format!("`{}` is assigned but never declared", write.name),
    )
    .with_span(span_in(body, write.start, write.end))
    .with_primary_label(format!("a {language} global that nothing declares"))
    .with_origin(origin(body, write.start));
    if let Some(close) = crate::suggest::closest(&write.name, variables.names()) {
        d = d.with_help(format!("did you mean the shared variable `{close}`?"));
    } else {
        let local = match body.language {
            ScriptLanguage::Lua => format!("`local {} = ...`", write.name),
            ScriptLanguage::JavaScript => format!("`let {} = ...`", write.name),
            ScriptLanguage::Wren => format!("`var {} = ...`", write.name),
            ScriptLanguage::Python | ScriptLanguage::MicroPython => {
                format!("remove `{}` from the `global` statement", write.name)
            }
        };
        d = d.with_help(format!(
            "declare it in `@variables` to share it between scripts, or make it local: {local}"
        ));
    }
    d
}

fn missing_global(body: &Body, a: &Access) -> Diagnostic {
    let name = &a.name;
    let mut d = Diagnostic::new(
        Code::MissingGlobal,
        format!(
            "`{name}` is assigned without `global {name}`, so the shared variable does not change"
        ),
    )
    .with_span(span_in(body, a.start, a.end))
    .with_primary_label(format!("this makes `{name}` a local variable of the function"))
    .with_help(format!("add `global {name}` as the function's first line"))
    .with_origin(origin(body, a.start));
    if let Some((at, indent)) = first_statement(&body.text) {
        d = d.with_fix(Fix {
            message: format!("insert `global {name}`"),
            applicability: Applicability::MachineApplicable,
            edits: vec![Edit {
                span: span_in(body, at, at),
                replacement: format!("global {name}\n{indent}"),
            }],
        });
    }
    d
}

/// Where the first statement of a Python body starts, and its line's indentation.
fn first_statement(text: &str) -> Option<(usize, &str)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - content.len()];
        let code = content.trim_end();
        if !code.is_empty() && !code.starts_with('#') {
            return Some((at + indent.len(), indent));
        }
        at += line.len();
    }
    None
}

fn mismatch(
    body: &Body,
    write: &Access,
    variable: &super::variables::Variable,
    literal: Literal,
) -> Diagnostic {
    Diagnostic::new(
        Code::SharedTypeMismatch,
        format!(
            "`{}` is {} {} variable, but this assigns {}",
            write.name,
            article(variable.ty.as_str()),
            variable.ty.as_str(),
            literal.describe()
        ),
    )
    .with_span(span_in(body, write.start, write.end))
    .with_primary_label(format!("assigned {}", literal.describe()))
    .with_label(variable.span, format!("declared as {} here", variable.ty.as_str()))
    .with_help(conversion_help(variable.ty.as_str(), literal))
    .with_origin(origin(body, write.start))
}

/// What the runtime does with the value (the 2025 habit of writing every value as text).
fn conversion_help(ty: &str, literal: Literal) -> String {
    match (ty, literal) {
        ("bool", Literal::String) => "the runtime converts the text `\"true\"` or `\"false\"` to the bool (as 2025 apps expected) and refuses other text; assign `true` or `false`".into(),
        ("int" | "float" | "length", Literal::String) => "the runtime converts text that spells a number (`\"42\"`) to the number (as 2025 apps expected) and refuses other text; assign a number".into(),
        ("string", Literal::Int | Literal::Float | Literal::Bool) => "the runtime stores the value's text (`42` as `\"42\"`); assign a string to say so".into(),
        (_, Literal::Nil) => format!("a {ty} variable cannot hold nothing: the runtime refuses the write and keeps the value"),
        _ => format!("the runtime refuses the write and keeps the value; assign a {ty} value"),
    }
}

/// K0370: `$name` inside a script, taken as the shared variable; the fix removes the `$`.
fn dollar_reference(body: &Body, r: &crate::scripts::dollars::DollarRef) -> Diagnostic {
    let language = body.language.display_name();
    let written = if r.braced { format!("${{{}}}", r.name) } else { format!("${}", r.name) };
    let mut edits = vec![Edit {
        span: span_in(body, r.at, r.at + 1 + usize::from(r.braced)),
        replacement: String::new(),
    }];
    if r.braced {
        edits.push(Edit { span: span_in(body, r.end - 1, r.end), replacement: String::new() });
    }
    Diagnostic::new(
        Code::DollarInScript,
        format!("`{written}` in {language} code is the shared variable `{}`", r.name),
    )
    .with_span(span_in(body, r.at, r.end))
    .with_primary_label(format!("read and written as `{}`", r.name))
    .with_help(format!("inside scripts, shared variables are plain names: write `{}`", r.name))
    .with_fix(Fix {
        message: format!("write `{}`", r.name),
        applicability: Applicability::MachineApplicable,
        edits,
    })
    .with_origin(origin(body, r.at))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::first_statement;

    #[test]
    fn global_goes_before_the_first_statement() {
        assert_eq!(first_statement("\n    # reset\n    counter = 0\n"), Some((17, "    ")));
        assert_eq!(first_statement(" counter = 0 "), Some((1, " ")));
        assert_eq!(first_statement("\n\t\tx = 1"), Some((3, "\t\t")));
        assert_eq!(first_statement("  \n"), None);
    }
}

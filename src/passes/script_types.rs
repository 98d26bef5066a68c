//! Pass 13: the types of shared variables (and of literals) where scripts use them in a way
//! whose outcome the code alone decides (K0372): a DOM method that takes text given a
//! number, a bool, `nil`, a table or nothing (the runtime refuses it), and a string method
//! called on a variable that holds a number or a bool (or a JavaScript number method on a
//! string). Assignments are [`super::shared_variables`]' (K0368).

use super::script_facts::{Body, ScriptFacts};
use super::shared_variables::{origin, span_in};
use super::variables::{VarType, Variable, Variables};
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::scripts::usage::{Arg, CallSite, Literal};

/// Element methods whose argument at this index must be text, and what the text is.
pub(super) const ELEMENT_TEXT_ARGS: &[(&str, usize, &str)] = &[
    ("setStyle", 0, "a style name"),
    ("addEventListener", 0, "an event name"),
    ("removeEventListener", 0, "an event name"),
];

/// Document functions (globals, `kryon.` and `document.` members) likewise.
pub(super) const DOCUMENT_TEXT_ARGS: &[(&str, usize, &str)] = &[
    ("querySelector", 0, "a selector"),
    ("querySelectorAll", 0, "a selector"),
    ("getElementsByTag", 0, "an element type"),
    ("getElementsByType", 0, "an element type"),
    ("getElementsByClass", 0, "a style name"),
    ("getComponentProperty", 1, "a property name"),
];

/// String methods per language: called on a number or a bool, they fail.
pub(super) fn string_methods(language: ScriptLanguage) -> &'static [&'static str] {
    match language {
        ScriptLanguage::Lua => &[
            "upper", "lower", "sub", "len", "gsub", "gmatch", "find", "match", "format", "rep",
            "reverse", "byte",
        ],
        ScriptLanguage::JavaScript => &[
            "toUpperCase",
            "toLowerCase",
            "trim",
            "trimStart",
            "trimEnd",
            "split",
            "substring",
            "substr",
            "padStart",
            "padEnd",
            "startsWith",
            "endsWith",
            "charAt",
            "charCodeAt",
            "replace",
            "replaceAll",
            "localeCompare",
            "repeat",
        ],
        ScriptLanguage::Python | ScriptLanguage::MicroPython => &[
            "upper",
            "lower",
            "strip",
            "lstrip",
            "rstrip",
            "split",
            "startswith",
            "endswith",
            "replace",
            "format",
            "join",
            "capitalize",
            "title",
            "zfill",
            "isdigit",
        ],
        ScriptLanguage::Wren => &[],
    }
}

/// JavaScript number methods: called on a string or a bool, they fail.
const JS_NUMBER_METHODS: &[&str] = &["toFixed", "toPrecision", "toExponential"];

pub fn run(cx: &mut Context, facts: &ScriptFacts, variables: &Variables) {
    // A name the app's scripts define is theirs, not the DOM's.
    let own = facts.defined();
    for body in &facts.bodies {
        let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { continue };
        for call in &usage.calls {
            if own.contains(call.callee.as_str()) {
                continue;
            }
            text_argument(cx, body, call, variables);
            method_receiver(cx, body, call, variables);
        }
    }
}

fn text_argument(cx: &mut Context, body: &Body, call: &CallSite, variables: &Variables) {
    let element = ELEMENT_TEXT_ARGS.iter().find(|(m, ..)| *m == call.callee);
    let document = DOCUMENT_TEXT_ARGS.iter().find(|(m, ..)| *m == call.callee);
    let (index, what) = match (element, document) {
        // `el.setStyle(...)` in Lua passes no `self`: only the `:` form has its arguments
        // where the table says.
        (Some((_, i, w)), _)
            if call.on_object && (body.language != ScriptLanguage::Lua || call.colon) =>
        {
            (*i, *w)
        }
        (_, Some((_, i, w))) if !call.colon => (*i, *w),
        _ => return,
    };
    let Some(args) = &call.args else { return };
    let Some(arg) = args.get(index) else {
        cx.report(
            Diagnostic::new(
                Code::ScriptTypeMismatch,
                format!("`{}` expects {what} (a string), but nothing is passed", call.callee),
            )
            .with_span(span_in(body, call.start, call.end))
            .with_primary_label("called without it")
            .with_help("the runtime refuses the call with an error; pass the text")
            .with_origin(origin(body, call.start)),
        );
        return;
    };
    if let Some(literal) = arg.literal.filter(|l| *l != Literal::String) {
        cx.report(
            Diagnostic::new(
                Code::ScriptTypeMismatch,
                format!(
                    "`{}` expects {what} (a string), but this passes {}",
                    call.callee,
                    literal.describe()
                ),
            )
            .with_span(span_in(body, arg.start, arg.end))
            .with_primary_label(literal.describe())
            .with_help("the runtime refuses the call with an error; pass the text")
            .with_origin(origin(body, arg.start)),
        );
        return;
    }
    if let Some(variable) = shared(arg, variables).filter(|v| !holds_text(v.ty)) {
        cx.report(
            declared(
                Diagnostic::new(
                    Code::ScriptTypeMismatch,
                    format!(
                        "`{}` expects {what} (a string), but `{}` is {} {} variable",
                        call.callee,
                        variable.name,
                        article(variable.ty),
                        variable.ty.as_str()
                    ),
                )
                .with_span(span_in(body, arg.start, arg.end))
                .with_primary_label(format!("{} value", variable.ty.as_str())),
                variable,
            )
            .with_help(format!(
                "the runtime refuses the call with an error; convert it first ({})",
                to_text(body.language, &variable.name)
            ))
            .with_origin(origin(body, arg.start)),
        );
    }
}

fn method_receiver(cx: &mut Context, body: &Body, call: &CallSite, variables: &Variables) {
    let Some(variable) = call.receiver.as_deref().and_then(|r| variables.get(r)) else { return };
    // Lua's string methods are reached with `:` only.
    if body.language == ScriptLanguage::Lua && !call.colon {
        return;
    }
    let number = matches!(variable.ty, VarType::Int | VarType::Float | VarType::Bool);
    let wrong = if number && string_methods(body.language).contains(&call.callee.as_str()) {
        "a string method"
    } else if body.language == ScriptLanguage::JavaScript
        && matches!(variable.ty, VarType::String | VarType::Bool)
        && JS_NUMBER_METHODS.contains(&call.callee.as_str())
    {
        "a number method"
    } else {
        return;
    };
    cx.report(
        declared(
            Diagnostic::new(
                Code::ScriptTypeMismatch,
                format!(
                    "`{}` is {wrong}, but `{}` is {} {} variable",
                    call.callee,
                    variable.name,
                    article(variable.ty),
                    variable.ty.as_str()
                ),
            )
            .with_span(span_in(body, call.start, call.end))
            .with_primary_label(format!("called on {} value", variable.ty.as_str())),
            variable,
        )
        .with_help(if wrong == "a string method" {
            format!(
                "the call fails at run time; convert it first ({})",
                to_text(body.language, &variable.name)
            )
        } else {
            format!("the call fails at run time; convert it first (`Number({})`)", variable.name)
        })
        .with_origin(origin(body, call.start)),
    );
}

/// The shared variable an argument names.
fn shared<'a>(arg: &Arg, variables: &'a Variables) -> Option<&'a Variable> {
    arg.name.as_deref().and_then(|n| variables.get(n))
}

/// Types whose values are text at run time.
fn holds_text(ty: VarType) -> bool {
    matches!(ty, VarType::String | VarType::Color | VarType::Length)
}

fn declared(d: Diagnostic, variable: &Variable) -> Diagnostic {
    d.with_label(variable.span, format!("declared as {} here", variable.ty.as_str()))
}

fn article(ty: VarType) -> &'static str {
    match ty {
        VarType::Int | VarType::Array | VarType::Object => "an",
        _ => "a",
    }
}

fn to_text(language: ScriptLanguage, name: &str) -> String {
    match language {
        ScriptLanguage::Lua => format!("`tostring({name})`"),
        ScriptLanguage::JavaScript => format!("`String({name})`"),
        ScriptLanguage::Python | ScriptLanguage::MicroPython => format!("`str({name})`"),
        ScriptLanguage::Wren => format!("`{name}.toString`"),
    }
}

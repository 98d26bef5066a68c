//! Pass 16: a handler's bound arguments against how the function uses its parameters
//! (K0375). `onClick: select($index)` passes a number; a function that calls a string
//! method on that parameter (`name:upper()`, `name.toUpperCase()`, `name.upper()`) fails at
//! run time, and one that does arithmetic on a parameter given text fails (Lua, Python) or
//! gives `NaN` (JavaScript) as [`super::script_arithmetic`] decides for shared variables.
//! The count of arguments is [`super::handlers`]' (K0363).

use super::script_arithmetic::outcome_for;
use super::script_facts::{Body, ScriptFacts};
use super::script_types::string_methods;
use super::shared_variables::{origin, span_in};
use super::variables::VarType;
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::model::{Event, Function, Handler, UiModel};
use crate::syntax::ast::{Value, ValueKind};

pub fn run(cx: &mut Context, facts: &ScriptFacts, model: &UiModel) {
    // One report per function and parameter (an `@for` binds the same handler many times).
    let mut seen = std::collections::HashSet::new();
    for element in &model.elements {
        for event in &element.events {
            let Handler::Call { function, args } = &event.handler else { continue };
            let Some(f) = model.functions.iter().find(|f| f.name == *function) else { continue };
            let Some(body) =
                facts.bodies.iter().find(|b| b.span == f.body_span && b.function.is_some())
            else {
                continue;
            };
            for (i, (param, value)) in f.params.iter().zip(args).enumerate() {
                if !seen.contains(&(f.name.clone(), i))
                    && check(cx, body, f, event, i, param, value)
                {
                    seen.insert((f.name.clone(), i));
                }
            }
        }
    }
}

/// The type of a bound argument, as the function receives it.
fn type_of(value: &Value) -> Option<(VarType, bool, &'static str)> {
    match &value.kind {
        ValueKind::Number { unit: None, is_integer: true, .. } => {
            Some((VarType::Int, false, "an integer"))
        }
        ValueKind::Number { unit: None, .. } => Some((VarType::Float, false, "a float")),
        ValueKind::String(s) => {
            Some((VarType::String, s.value.trim().parse::<f64>().is_ok(), "a string"))
        }
        ValueKind::Bool(_) => Some((VarType::Bool, false, "a boolean")),
        _ => None,
    }
}

fn check(
    cx: &mut Context,
    body: &Body,
    f: &Function,
    event: &Event,
    index: usize,
    param: &str,
    value: &Value,
) -> bool {
    let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { return false };
    let Some((ty, numeric_text, passed)) = type_of(value) else { return false };
    let number = matches!(ty, VarType::Int | VarType::Float | VarType::Bool);
    let call = usage.calls.iter().find(|c| {
        c.receiver_local.as_deref() == Some(param)
            && (body.language != ScriptLanguage::Lua || c.colon)
            && string_methods(body.language).contains(&c.callee.as_str())
    });
    let (start, end, use_label, outcome) = if let Some(c) = call.filter(|_| number) {
        (c.start, c.end, format!("`{}` is a string method", c.callee), "the call fails at run time")
    } else if let Some((o, outcome)) = usage
        .arithmetic
        .iter()
        .filter(|o| o.local && o.name == param)
        .find_map(|o| outcome_for(body.language, ty, numeric_text, o).map(|x| (o, x)))
    {
        (o.start, o.end, format!("used in `{}`", o.op), outcome)
    } else {
        return false;
    };
    let handler = event.kind.property();
    cx.report(
        Diagnostic::new(
            Code::HandlerArgumentType,
            format!(
                "`{}` uses its parameter `{param}` as {}, but `{handler}` passes {passed}",
                f.name,
                if use_label.starts_with("used") { "a number" } else { "a string" },
            ),
        )
        .with_span(span_in(body, start, end))
        .with_primary_label(use_label)
        .with_label(event.value_span, format!("argument {} is {passed} here", index + 1))
        .with_help(format!(
            "{outcome}; convert the parameter in the function, or pass {}",
            if number { "text" } else { "a number" }
        ))
        .with_origin(origin(body, start)),
    );
    true
}

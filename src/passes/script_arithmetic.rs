//! Pass 14: shared variables used as operands of arithmetic where their type cannot take it
//! (K0373): a string variable in `label - 1`, a table in `items * 2`, a number added to a
//! string literal in Python. What each language does decides the report:
//!
//! - Lua converts only strings that spell a number (`"3" - 1` is 2) and fails on other text,
//!   booleans and tables; `..` is concatenation and takes numbers.
//! - JavaScript gives `NaN` for `-`, `*`, `/`, `%`, `**` on text that is not a number, and on
//!   objects; `+` concatenates, so it is never reported.
//! - Python raises `TypeError` for `-`, `/`, `//`, `**` on a string or a list and for `+`
//!   between a string and a number; `*` and `%` on strings are repetition and formatting.
//!
//! A string variable whose initial value spells a number is left alone in Lua and
//! JavaScript (the 2025 habit of keeping numbers as text converts there).

use super::script_facts::{Body, ScriptFacts};
use super::shared_variables::{origin, span_in};
use super::variables::{VarType, Variable, Variables};
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::scripts::usage::{Literal, Operand};
use crate::syntax::ast::ValueKind as KryValue;

pub fn run(cx: &mut Context, facts: &ScriptFacts, variables: &Variables) {
    for body in &facts.bodies {
        let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { continue };
        for operand in usage.arithmetic.iter().filter(|o| !o.local) {
            let Some(variable) = variables.get(&operand.name) else { continue };
            if let Some(outcome) = outcome(body.language, variable, operand) {
                cx.report(report(body, variable, operand, outcome));
            }
        }
    }
}

/// What happens at run time, when it goes wrong.
fn outcome(language: ScriptLanguage, v: &Variable, o: &Operand) -> Option<&'static str> {
    outcome_for(language, v.ty, v.ty == VarType::String && spells_number(v), o)
}

/// What happens at run time with a value of `ty` as the operand `o` (`numeric_text`: the
/// value is text that spells a number), when it goes wrong.
pub(super) fn outcome_for(
    language: ScriptLanguage,
    ty: VarType,
    numeric_text: bool,
    o: &Operand,
) -> Option<&'static str> {
    let text = ty == VarType::String;
    let table = matches!(ty, VarType::Array | VarType::Object);
    let number = matches!(ty, VarType::Int | VarType::Float);
    match language {
        ScriptLanguage::Lua => {
            if (text && !numeric_text) || table || ty == VarType::Bool {
                Some("Lua stops the function with \"attempt to perform arithmetic\"")
            } else {
                None
            }
        }
        ScriptLanguage::JavaScript => ((text && !numeric_text) || table)
            .then_some("JavaScript gives `NaN`, which every binding then shows"),
        ScriptLanguage::Python | ScriptLanguage::MicroPython => {
            let strict = matches!(o.op.as_str(), "-" | "/" | "//" | "**");
            let wrong = ((text || table) && strict)
                || (text && o.op == "+" && matches!(o.other, Some(Literal::Int | Literal::Float)))
                || (number && o.op == "+" && o.other == Some(Literal::String));
            wrong.then_some("Python raises `TypeError`")
        }
        ScriptLanguage::Wren => None,
    }
}

/// A string variable whose initial value is a number written as text (`"42"`).
fn spells_number(v: &Variable) -> bool {
    match &v.value.kind {
        KryValue::String(s) => s.value.trim().parse::<f64>().is_ok(),
        _ => false,
    }
}

fn report(body: &Body, v: &Variable, o: &Operand, outcome: &str) -> Diagnostic {
    let ty = v.ty.as_str();
    let article =
        if matches!(v.ty, VarType::Int | VarType::Array | VarType::Object) { "an" } else { "a" };
    let with = match (o.op.as_str(), o.other) {
        ("+", Some(Literal::String)) => " with a string".to_string(),
        ("+", Some(l @ (Literal::Int | Literal::Float))) => format!(" with {}", l.describe()),
        _ => String::new(),
    };
    Diagnostic::new(
        Code::ScriptArithmeticType,
        format!("`{}` is {article} {ty} variable, used in arithmetic (`{}`{with})", v.name, o.op),
    )
    .with_span(span_in(body, o.start, o.end))
    .with_primary_label(format!("{ty} value in `{}`", o.op))
    .with_label(v.span, format!("declared as {ty} here"))
    .with_help(format!("{outcome}; {}", fix(body.language, v)))
    .with_origin(origin(body, o.start))
}

fn fix(language: ScriptLanguage, v: &Variable) -> String {
    let name = &v.name;
    match (v.ty, language) {
        (VarType::String, ScriptLanguage::Lua) => {
            format!("convert it first (`tonumber({name})`), or declare it as a number")
        }
        (VarType::String, ScriptLanguage::JavaScript) => {
            format!("convert it first (`Number({name})`), or declare it as a number")
        }
        (VarType::String, _) => {
            format!("convert it first (`float({name})`), or declare it as a number")
        }
        (VarType::Int | VarType::Float, _) => {
            format!("convert the number to text first (`str({name})`)")
        }
        _ => "use a number".to_string(),
    }
}

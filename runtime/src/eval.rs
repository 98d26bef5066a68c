//! Evaluating KRB values (SPEC.md §6) against the shared variables: static property values,
//! variable references, string templates and the expressions of bound properties.
//!
//! Templates are already parsed by the compiler into text and variable-path parts, so
//! `$count` is a part naming `count` and can never match inside `$counter`. Evaluation is
//! total: a comparison of values that have no order is `false`, arithmetic on a non-number
//! is `nil`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use krb_format::{BinaryOp, Document, TemplatePart, UnaryOp, Unit, Value};

use crate::value::ScriptValue;

/// Where evaluation reads variables from.
pub trait Variables {
    /// The value at a variable path (`count`, `user.name`), `nil` when there is none.
    fn lookup(&self, path: &str) -> ScriptValue;
}

/// The value as the runtime holds it: numbers with a unit and colours as text (`10px`,
/// `#ff0000ff`), keywords as strings, styles by name, resources by path.
pub fn evaluate(doc: &Document, value: &Value, vars: &dyn Variables) -> ScriptValue {
    match value {
        Value::Int { value, unit: Unit::None } => ScriptValue::Int(*value),
        Value::Float { value, unit: Unit::None } => ScriptValue::Float(*value),
        Value::Int { value, unit } => ScriptValue::String(format!("{value}{}", unit.as_str())),
        Value::Float { value, unit } => ScriptValue::String(format!("{value}{}", unit.as_str())),
        Value::String(s) | Value::Word(s) => ScriptValue::String(doc.str(*s).to_string()),
        Value::Color(rgba) => ScriptValue::String(format!("#{rgba:08x}")),
        Value::Bool(b) => ScriptValue::Bool(*b),
        Value::List(items) => {
            let mut text = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let _ = write!(text, "{}", evaluate(doc, item, vars));
            }
            ScriptValue::String(text)
        }
        Value::Array(items) => {
            ScriptValue::Array(items.iter().map(|v| evaluate(doc, v, vars)).collect())
        }
        Value::Object(entries) => ScriptValue::Map(
            entries
                .iter()
                .map(|(k, v)| (doc.str(*k).to_string(), evaluate(doc, v, vars)))
                .collect::<BTreeMap<_, _>>(),
        ),
        Value::Var(path) => vars.lookup(doc.str(*path)),
        Value::Template(parts) => ScriptValue::String(render_template(doc, parts, vars)),
        Value::Call { function, args } => {
            let mut text = format!("{}(", doc.str(*function));
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                let _ = write!(text, "{}", evaluate(doc, arg, vars));
            }
            text.push(')');
            ScriptValue::String(text)
        }
        Value::Unary { op, operand } => unary(*op, evaluate(doc, operand, vars)),
        Value::Binary { op, lhs, rhs } => binary(doc, *op, lhs, rhs, vars),
        Value::Ternary { condition, then, otherwise } => {
            if evaluate(doc, condition, vars).is_truthy() {
                evaluate(doc, then, vars)
            } else {
                evaluate(doc, otherwise, vars)
            }
        }
        Value::Style(i) => match doc.styles.get(*i as usize) {
            Some(style) => ScriptValue::String(doc.str(style.name).to_string()),
            None => ScriptValue::Nil,
        },
        Value::Resource(i) => match doc.resources.get(*i as usize) {
            Some(r) => ScriptValue::String(doc.str(r.path).to_string()),
            None => ScriptValue::Nil,
        },
    }
}

/// A template's text: each text part as written, each variable part as its value shows.
pub fn render_template(doc: &Document, parts: &[TemplatePart], vars: &dyn Variables) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            TemplatePart::Text(s) => out.push_str(doc.str(*s)),
            TemplatePart::Var(path) => {
                let _ = write!(out, "{}", vars.lookup(doc.str(*path)));
            }
        }
    }
    out
}

/// `+`: text joined when either side is text (or anything but a number), numbers added (an
/// int overflow gives a float).
fn add(left: ScriptValue, right: ScriptValue) -> ScriptValue {
    match (&left, &right) {
        (ScriptValue::Int(a), ScriptValue::Int(b)) => match a.checked_add(*b) {
            Some(sum) => ScriptValue::Int(sum),
            None => ScriptValue::Float(*a as f64 + *b as f64),
        },
        (
            ScriptValue::Int(_) | ScriptValue::Float(_),
            ScriptValue::Int(_) | ScriptValue::Float(_),
        ) => ScriptValue::Float(left.as_f64().unwrap_or(0.0) + right.as_f64().unwrap_or(0.0)),
        _ => ScriptValue::String(format!("{left}{right}")),
    }
}

fn unary(op: UnaryOp, v: ScriptValue) -> ScriptValue {
    match (op, v) {
        (UnaryOp::Not, v) => ScriptValue::Bool(!v.is_truthy()),
        (UnaryOp::Neg, ScriptValue::Int(i)) => match i.checked_neg() {
            Some(n) => ScriptValue::Int(n),
            None => ScriptValue::Float(-(i as f64)),
        },
        (UnaryOp::Neg, ScriptValue::Float(f)) => ScriptValue::Float(-f),
        (UnaryOp::Neg, _) => ScriptValue::Nil,
    }
}

fn binary(
    doc: &Document,
    op: BinaryOp,
    lhs: &Value,
    rhs: &Value,
    vars: &dyn Variables,
) -> ScriptValue {
    let left = evaluate(doc, lhs, vars);
    // `&&` and `||` give the deciding operand, as in the script languages.
    match op {
        BinaryOp::And if !left.is_truthy() => return left,
        BinaryOp::Or if left.is_truthy() => return left,
        _ => {}
    }
    let right = evaluate(doc, rhs, vars);
    let ordering = match (&left, &right) {
        (ScriptValue::String(a), ScriptValue::String(b)) => Some(a.cmp(b)),
        (ScriptValue::Int(a), ScriptValue::Int(b)) => Some(a.cmp(b)),
        _ => match (left.as_f64(), right.as_f64()) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => None,
        },
    };
    let result = match op {
        BinaryOp::Eq => left.loosely_equals(&right),
        BinaryOp::NotEq => !left.loosely_equals(&right),
        BinaryOp::Lt => ordering.is_some_and(|o| o.is_lt()),
        BinaryOp::Le => ordering.is_some_and(|o| o.is_le()),
        BinaryOp::Gt => ordering.is_some_and(|o| o.is_gt()),
        BinaryOp::Ge => ordering.is_some_and(|o| o.is_ge()),
        BinaryOp::And | BinaryOp::Or => return right,
        BinaryOp::Add => return add(left, right),
    };
    ScriptValue::Bool(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<(&'static str, ScriptValue)>);

    impl Variables for Fixed {
        fn lookup(&self, path: &str) -> ScriptValue {
            self.0.iter().find(|(n, _)| *n == path).map(|(_, v)| v.clone()).unwrap_or_default()
        }
    }

    #[test]
    fn template_variables_match_whole_names() {
        let mut doc = Document::default();
        let parts = vec![
            TemplatePart::Text(doc.strings.intern("a=")),
            TemplatePart::Var(doc.strings.intern("count")),
            TemplatePart::Text(doc.strings.intern(" b=")),
            TemplatePart::Var(doc.strings.intern("counter")),
        ];
        let vars = Fixed(vec![("count", 1.into()), ("counter", 22.into())]);
        assert_eq!(render_template(&doc, &parts, &vars), "a=1 b=22");
    }

    #[test]
    fn expressions_evaluate_totally() {
        let doc = Document::default();
        let int = |value| Box::new(Value::Int { value, unit: Unit::None });
        let vars = Fixed(vec![]);
        let gt = Value::Binary { op: BinaryOp::Gt, lhs: int(3), rhs: int(2) };
        assert_eq!(evaluate(&doc, &gt, &vars), ScriptValue::Bool(true));
        let odd = Value::Binary { op: BinaryOp::Lt, lhs: int(3), rhs: Box::new(Value::Bool(true)) };
        assert_eq!(evaluate(&doc, &odd, &vars), ScriptValue::Bool(false));
        let neg = Value::Unary { op: UnaryOp::Neg, operand: int(i64::MIN) };
        assert_eq!(evaluate(&doc, &neg, &vars), ScriptValue::Float(9.223372036854776e18));
        let px = Value::Int { value: 10, unit: Unit::Px };
        assert_eq!(evaluate(&doc, &px, &vars), ScriptValue::String("10px".into()));
    }
}

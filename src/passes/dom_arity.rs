//! Pass 15: DOM calls with the wrong number of arguments (K0374). The runtime passes a
//! missing argument as `nil` (`setText()` empties the text, `setProperty("x")` sets nothing)
//! and drops extra ones (`setVisible(true, 200)` has no duration), so neither fails where it
//! is written. The counts are the runtime's DOM API (`kryon-runtime`'s `dom/methods.rs`); a
//! test keeps this table and the runtime's method lists in step.

use super::script_facts::{Body, ScriptFacts};
use super::shared_variables::{origin, span_in};
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::scripts::usage::CallSite;

/// Element methods and the arguments they take (after the element itself).
pub const ELEMENT_METHOD_ARITY: &[(&str, usize)] = &[
    ("setText", 1),
    ("getText", 0),
    ("setVisible", 1),
    ("getVisible", 0),
    ("setChecked", 1),
    ("getChecked", 0),
    ("setValue", 1),
    ("getValue", 0),
    ("setEnabled", 1),
    ("getEnabled", 0),
    ("setStyle", 1),
    ("getStyle", 0),
    ("setTextColor", 1),
    ("setBackgroundColor", 1),
    ("setType", 1),
    ("getType", 0),
    ("setProperty", 2),
    ("getProperty", 1),
    ("getId", 0),
    ("getElementType", 0),
    ("getParent", 0),
    ("getChildren", 0),
    ("getFirstChild", 0),
    ("getLastChild", 0),
    ("getNextSibling", 0),
    ("getPreviousSibling", 0),
    ("querySelector", 1),
    ("querySelectorAll", 1),
    ("addEventListener", 2),
    ("removeEventListener", 2),
];

/// Document functions (globals, `kryon.` and `document.` members) and their arguments;
/// `alert` takes any number.
pub const DOCUMENT_FUNCTION_ARITY: &[(&str, usize)] = &[
    ("getElementById", 1),
    ("get_element", 1),
    ("querySelector", 1),
    ("querySelectorAll", 1),
    ("getElementsByTag", 1),
    ("getElementsByType", 1),
    ("getElementsByClass", 1),
    ("getRootElement", 0),
    ("getComponentProperty", 2),
    ("getComponentProperties", 1),
    ("getProperty", 2),
    ("setProperty", 3),
    ("addEventListener", 2),
    ("removeEventListener", 2),
];

/// The namespaces document functions are reached through.
const NAMESPACES: &[&str] = &["kryon", "document"];

pub fn run(cx: &mut Context, facts: &ScriptFacts) {
    // A name the app's scripts define is theirs, not the DOM's.
    let own = facts.defined();
    for body in &facts.bodies {
        let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { continue };
        for call in usage.calls.iter().filter(|c| !own.contains(c.callee.as_str())) {
            check(cx, body, call);
        }
    }
}

/// What the call is: a document function (plain, or on `kryon`/`document`) or an element
/// method (on anything else; in Lua only with `:`, since `el.setText(x)` passes no element).
fn expected(body: &Body, call: &CallSite) -> Option<(usize, &'static str)> {
    let namespaced = call.receiver.as_deref().is_some_and(|r| NAMESPACES.contains(&r));
    let (table, what) = if !call.on_object || (namespaced && !call.colon) {
        (DOCUMENT_FUNCTION_ARITY, "function")
    } else if body.language != ScriptLanguage::Lua || call.colon {
        (ELEMENT_METHOD_ARITY, "method")
    } else {
        return None;
    };
    table.iter().find(|(n, _)| *n == call.callee).map(|(_, count)| (*count, what))
}

fn check(cx: &mut Context, body: &Body, call: &CallSite) {
    let Some((count, what)) = expected(body, call) else { return };
    let Some(args) = &call.args else { return };
    if args.len() == count {
        return;
    }
    // A missing text argument is K0372's (`setStyle()`: "expects a style name").
    let text_args = if what == "function" {
        super::script_types::DOCUMENT_TEXT_ARGS
    } else {
        super::script_types::ELEMENT_TEXT_ARGS
    };
    if text_args.iter().any(|(m, i, _)| *m == call.callee && *i >= args.len()) {
        return;
    }
    let takes = match count {
        0 => "no arguments".to_string(),
        1 => "1 argument".to_string(),
        n => format!("{n} arguments"),
    };
    let passed = match args.len() {
        0 => "none".to_string(),
        1 => "1".to_string(),
        n => n.to_string(),
    };
    let (span, label, help) = if args.len() > count {
        let first = &args[count];
        let last = &args[args.len() - 1];
        (
            span_in(body, first.start, last.end),
            "not used".to_string(),
            "the runtime drops the extra arguments; remove them".to_string(),
        )
    } else {
        (
            span_in(body, call.start, call.end),
            format!("{} missing", count - args.len()),
            "the runtime passes the missing arguments as nothing (nil), so the call does something else than intended; pass them".to_string(),
        )
    };
    cx.report(
        Diagnostic::new(
            Code::DomArgumentCount,
            format!(
                "the DOM {what} `{}` takes {takes}, but {passed} passed",
                call.callee,
                passed =
                    if args.len() == 1 { format!("{passed} is") } else { format!("{passed} are") }
            ),
        )
        .with_span(span)
        .with_primary_label(label)
        .with_help(help)
        .with_origin(origin(body, call.start)),
    );
}

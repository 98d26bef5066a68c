//! The host side of `__kry_host.call(request)`: the DOM API and script output, for the
//! prelude (`prelude.py`). A request is the JSON array `[method, target, args...]` (`target`
//! an element index, or `null` for the document functions; the method `__print` writes a line
//! of output); the answer is `[0, value]` or `[1, message]`, which the prelude raises as
//! `RuntimeError`.

use super::convert::{from_json, write_json, write_string};
use crate::dom::{DomHandle, Returns, DOCUMENT_FUNCTIONS, ELEMENT_METHODS};
use crate::value::ScriptValue;

pub(super) const LANGUAGE: &str = "micropython";

pub(super) fn serve(dom: &DomHandle, request: &str) -> String {
    match answer(dom, request) {
        Ok(value) => {
            let mut out = String::from("[0,");
            write_json(&value, &mut out);
            out.push(']');
            out
        }
        Err(message) => refusal(&message),
    }
}

pub(super) fn refusal(message: &str) -> String {
    let mut out = String::from("[1,");
    write_string(message, &mut out);
    out.push(']');
    out
}

fn answer(dom: &DomHandle, request: &str) -> Result<ScriptValue, String> {
    let ScriptValue::Array(mut parts) = from_json(request)? else {
        return Err("a DOM request is a list".into());
    };
    if parts.len() < 2 {
        return Err("a DOM request names a method and a target".into());
    }
    let args = parts.split_off(2);
    let (ScriptValue::String(method), target) = (&parts[0], &parts[1]) else {
        return Err("a DOM request starts with the method's name".into());
    };
    match method.as_str() {
        "__methods" => return Ok(table(ELEMENT_METHODS)),
        "__functions" => return Ok(table(DOCUMENT_FUNCTIONS)),
        _ => {}
    }
    if method == "__print" {
        let line = match args.first() {
            Some(ScriptValue::String(s)) => s.clone(),
            _ => String::new(),
        };
        return dom.print(line).map(|()| ScriptValue::Nil);
    }
    let target = match target {
        ScriptValue::Nil => None,
        ScriptValue::Int(i) => Some(u32::try_from(*i).unwrap_or(u32::MAX)),
        _ => return Err("a DOM target is an element or None".into()),
    };
    dom.call(LANGUAGE, method, target, &args)
}

/// A method table as `[[name, returns], ...]`, for the prelude to build the API from.
fn table(entries: &[(&str, Returns)]) -> ScriptValue {
    ScriptValue::Array(
        entries
            .iter()
            .map(|(name, returns)| {
                ScriptValue::Array(vec![(*name).into(), ScriptValue::Int(*returns as i64)])
            })
            .collect(),
    )
}

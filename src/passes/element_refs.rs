//! Pass 12: the elements scripts look up by a literal id (`getElementById("total")`,
//! `kryon.get_element("total")`) exist in the resolved tree. An unknown id is a warning
//! (K0371) with the closest id: the lookup gives `nil`/`null`/`None` at run time, and the
//! next method call on it fails.

use std::collections::BTreeSet;

use super::script_facts::ScriptFacts;
use super::shared_variables::{origin, span_in};
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::UiModel;

pub fn run(cx: &mut Context, facts: &ScriptFacts, model: &UiModel) {
    // A file without elements is a script library: its ids belong to the apps including it.
    if model.elements.is_empty() {
        return;
    }
    let ids = element_ids(model);
    for body in &facts.bodies {
        let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { continue };
        for (call, arg, id) in usage.element_lookups() {
            if ids.contains(id) {
                continue;
            }
            let mut d =
                Diagnostic::new(Code::UnknownElementId, format!("no element has the id `{id}`"))
                    .with_span(span_in(body, arg.start, arg.end))
                    .with_primary_label(format!("`{}` finds nothing", call.callee))
                    .with_origin(origin(body, arg.start));
            if let Some(close) = crate::suggest::closest(id, ids.iter().copied()) {
                d = d.with_help(format!("did you mean `{close}`?"));
            } else {
                d = d.with_help(
                    "give an element this id (`id: \"name\"`), or look up an existing one",
                );
            }
            cx.report(d);
        }
    }
}

/// Every id an element of the resolved tree has, sorted.
pub fn element_ids(model: &UiModel) -> BTreeSet<&str> {
    model.elements.iter().filter_map(|e| e.id.as_deref()).collect()
}

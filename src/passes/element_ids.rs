//! Pass 5: element ids are unique across the app (scripts find elements by id).

use std::collections::HashMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::UiModel;
use crate::source::FileSpan;
use crate::syntax::ast::ValueKind;

pub fn run(cx: &mut Context, model: &mut UiModel) {
    let mut seen: HashMap<String, FileSpan> = HashMap::new();
    for element in &mut model.elements {
        // The last `id` wins when one element sets it twice (a component use overriding the
        // template's id, for example).
        let Some(p) = element.properties.iter().rev().find(|p| p.name == "id") else { continue };
        let id = match &p.value.kind {
            ValueKind::String(s) if s.parts.is_empty() => s.value.clone(),
            ValueKind::Word(w) => w.to_string(),
            _ => continue,
        };
        element.id = Some(id.as_str().into());
        match seen.get(&id) {
            Some(first) => cx.report(
                Diagnostic::new(Code::DuplicateId, format!("two elements have the id \"{id}\""))
                    .with_span(p.value_span)
                    .with_primary_label("second use")
                    .with_label(*first, "first used here")
                    .with_help("give each element its own id"),
            ),
            None => {
                seen.insert(id, p.value_span);
            }
        }
    }
}

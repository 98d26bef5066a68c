//! [`TemplateEngine`]: re-renders bound properties when variables change.
//!
//! The KRB's binding records (SPEC.md §10) say which property of which element or style
//! depends on which variables; the property's value (a template, a variable reference or an
//! expression, already parsed by the compiler) is evaluated again against the store. A
//! template part names a whole variable, so a change of `count` never touches `$counter`.

use krb_format::{states, BindingOwner, Document, Property};

use crate::dom::DomHandle;
use crate::error::{ScriptError, ScriptErrorKind};
use crate::eval;
use crate::names;
use crate::shared::SharedScriptData;
use crate::tree::{ElementChange, ElementChangeKind};

/// The bindings of a document indexed by variable.
#[derive(Debug, Clone, Default)]
pub struct TemplateEngine {
    /// Per variable index, the indices of the bindings that depend on it, ascending.
    by_variable: Vec<Vec<u32>>,
}

impl TemplateEngine {
    pub fn new(doc: &Document) -> TemplateEngine {
        let mut by_variable = vec![Vec::new(); doc.variables.len()];
        for (i, binding) in doc.bindings.iter().enumerate() {
            for &v in &binding.variables {
                if let Some(list) = by_variable.get_mut(v as usize) {
                    if list.last() != Some(&(i as u32)) {
                        list.push(i as u32);
                    }
                }
            }
        }
        TemplateEngine { by_variable }
    }

    /// The bindings that depend on any of `variables`, in file order, each once.
    pub fn bindings_for(&self, variables: &[usize]) -> Vec<u32> {
        let mut out: Vec<u32> =
            variables.iter().filter_map(|v| self.by_variable.get(*v)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Re-renders the bindings that depend on `variables`, applies them to the tree (each
    /// value checked against the property's registry type) and returns the changes in binding
    /// order, and an error for each value that did not fit (the property keeps its value).
    pub fn rerender(
        &self,
        doc: &Document,
        shared: &SharedScriptData,
        dom: &DomHandle,
        variables: &[usize],
    ) -> (Vec<ElementChange>, Vec<ScriptError>) {
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        for b in self.bindings_for(variables) {
            let Some(binding) = doc.bindings.get(b as usize) else { continue };
            let (own, sets) = match binding.owner {
                BindingOwner::Element(e) => match doc.elements.get(e as usize) {
                    Some(el) => (el.properties, el.state_sets),
                    None => continue,
                },
                BindingOwner::Style(s) => match doc.styles.get(s as usize) {
                    Some(style) => (style.properties, style.state_sets),
                    None => continue,
                },
            };
            let (list, mask) = match binding.state_set {
                None => (own, None),
                Some(s) => match doc.state_sets_in(sets).get(s as usize) {
                    Some(set) => (set.properties, Some(set.mask)),
                    None => continue,
                },
            };
            let Some(property) = doc.properties_in(list).get(binding.property as usize) else {
                continue;
            };
            let targets = match binding.owner {
                BindingOwner::Element(e) => vec![e],
                BindingOwner::Style(s) => styled_elements(doc, dom, s, property, mask.is_some()),
            };
            let name = names::property_label(doc, property);
            let value = eval::evaluate(doc, &property.value, shared);
            for element in targets {
                match mask {
                    None => match dom.with_tree_mut(|t| t.apply(element, &name, value.clone())) {
                        Ok(Ok(change)) => changes.extend(change),
                        Ok(Err(message)) => {
                            let id = dom.tree().get(element).and_then(|e| e.id.clone());
                            let target = id.unwrap_or_else(|| format!("element{element}"));
                            let function = format!("binding of `{name}` on {target}");
                            errors.push(ScriptError::new(
                                ScriptErrorKind::Binding,
                                None,
                                &function,
                                message,
                            ));
                        }
                        Err(_) => {}
                    },
                    Some(mask) => changes.push(ElementChange {
                        element,
                        id: dom.tree().get(element).and_then(|e| e.id.clone()),
                        kind: ElementChangeKind::StateProperty {
                            states: states::names(mask).collect(),
                            name: name.to_string(),
                            value: value.clone(),
                        },
                    }),
                }
            }
        }
        (changes, errors)
    }
}

/// The elements a style's bound property reaches: those using the style that do not set the
/// property themselves (an element's own properties override its styles).
fn styled_elements(
    doc: &Document,
    dom: &DomHandle,
    style: u32,
    property: &Property,
    in_state_set: bool,
) -> Vec<u32> {
    let Some(style) = doc.styles.get(style as usize) else { return Vec::new() };
    let style_name = doc.str(style.name);
    let name = names::property_label(doc, property);
    let tree = dom.tree();
    tree.elements()
        .iter()
        .filter(|e| e.styles.iter().any(|s| s == style_name))
        .filter(|e| in_state_set || !tree.has_own_property(e.index, &name))
        .map(|e| e.index)
        .collect()
}

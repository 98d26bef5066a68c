//! The document's styles with their values evaluated against the current variables (bound
//! values in styles and pseudo-state sets included), keyed by style name; and the pseudo-state
//! sets of one element.

use krb_format::{Document, Span};
use kryon_runtime::{evaluate, ScriptValue, Variables};
use rustc_hash::FxHashMap;

use crate::props::{prop, Prop};

/// Properties in order, each with the renderer's meaning.
pub type Declarations = Vec<(Prop, ScriptValue)>;

/// A style's properties and its pseudo-state sets (`mask` of `krb_format::states` bits).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StyleEntry {
    pub base: Declarations,
    pub states: Vec<(u32, Declarations)>,
}

/// Every style of the document, evaluated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StyleSheet {
    styles: Vec<StyleEntry>,
    by_name: FxHashMap<String, usize>,
}

/// The declarations of a property list, evaluated.
pub fn declarations(doc: &Document, span: Span, vars: &dyn Variables) -> Declarations {
    doc.properties_in(span)
        .iter()
        .filter_map(|p| {
            let name = match p.name {
                Some(n) => doc.str(n),
                None => kryon_registry::property_name(p.id).unwrap_or(""),
            };
            let meaning = prop(p.id, name)?;
            Some((meaning, evaluate(doc, &p.value, vars)))
        })
        .collect()
}

/// The pseudo-state sets in `span`, evaluated.
pub fn state_sets(doc: &Document, span: Span, vars: &dyn Variables) -> Vec<(u32, Declarations)> {
    doc.state_sets_in(span)
        .iter()
        .map(|set| (set.mask, declarations(doc, set.properties, vars)))
        .collect()
}

impl StyleSheet {
    pub fn new(doc: &Document, vars: &dyn Variables) -> StyleSheet {
        let mut by_name = FxHashMap::default();
        let styles = doc
            .styles
            .iter()
            .enumerate()
            .map(|(i, s)| {
                by_name.entry(doc.str(s.name).to_string()).or_insert(i);
                StyleEntry {
                    base: declarations(doc, s.properties, vars),
                    states: state_sets(doc, s.state_sets, vars),
                }
            })
            .collect();
        StyleSheet { styles, by_name }
    }

    pub fn get(&self, name: &str) -> Option<&StyleEntry> {
        self.by_name.get(name).and_then(|i| self.styles.get(*i))
    }

    /// The names of the styles whose evaluated values differ from `old`'s.
    pub fn changed_since(&self, old: &StyleSheet) -> Vec<String> {
        self.by_name
            .iter()
            .filter(|(name, i)| old.get(name) != self.styles.get(**i))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

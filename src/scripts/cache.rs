//! A memo of [`analyze`] results, so an editor that checks a file again after
//! each keystroke parses only the script bodies that changed. Keyed by the language, the kind
//! of body (with its parameters) and the body's text, so a hit is exactly what a fresh parse
//! would give. An entry that a whole check did not use is dropped at the next one, so the
//! memo holds about one program's bodies.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{analyze, BodyKind, Facts};
use crate::languages::ScriptLanguage;

type Key = (ScriptLanguage, String, String);

#[derive(Debug, Default)]
pub struct ScriptCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Entries used by the check in progress.
    current: HashMap<Key, Option<Facts>>,
    /// Entries of the check before; moved to `current` when used again.
    previous: HashMap<Key, Option<Facts>>,
}

impl ScriptCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a check: what the last one did not use is forgotten.
    pub fn begin(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.previous = std::mem::take(&mut state.current);
        }
    }

    /// [`analyze`], from the memo when the same body was analysed before.
    pub fn analyze(
        &self,
        language: ScriptLanguage,
        kind: BodyKind<'_>,
        body: &str,
    ) -> Option<Facts> {
        let kind_key = match kind {
            BodyKind::Function { params } => format!("fn({})", params.join(",")),
            BodyKind::Module => "module".to_string(),
            BodyKind::Expression => "expression".to_string(),
        };
        let key = (language, kind_key, body.to_string());
        let Ok(mut state) = self.state.lock() else { return analyze(language, kind, body) };
        if let Some(hit) = state.current.get(&key) {
            return hit.clone();
        }
        if let Some(hit) = state.previous.remove(&key) {
            state.current.insert(key, hit.clone());
            return hit;
        }
        drop(state);
        let facts = analyze(language, kind, body);
        if let Ok(mut state) = self.state.lock() {
            state.current.insert(key, facts.clone());
        }
        facts
    }

    /// How many bodies the memo holds.
    pub fn len(&self) -> usize {
        self.state.lock().map(|s| s.current.len() + s.previous.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_equal_fresh_parses_and_unused_entries_go() {
        let cache = ScriptCache::new();
        let kind = BodyKind::Function { params: &["a"] };
        let body = " counter = counter + a ";
        cache.begin();
        let first = cache.analyze(ScriptLanguage::Lua, kind, body).map(|f| f.usage);
        let again = cache.analyze(ScriptLanguage::Lua, kind, body).map(|f| f.usage);
        assert_eq!(first, again);
        assert_eq!(first, analyze(ScriptLanguage::Lua, kind, body).map(|f| f.usage));
        assert_eq!(cache.len(), 1);
        cache.begin();
        cache.begin();
        assert_eq!(cache.len(), 0, "an entry no check used is dropped");
    }
}

//! [`SharedGlobals`]: how a VM finds out which shared variables a call changed.
//!
//! Each VM keeps the value it last received or reported for every shared variable. VMs see
//! assignments to shared variables as they happen (Lua through the globals table's
//! metatable, JavaScript through accessor properties, Python by object identity), so after a
//! call they compare only what was assigned, plus the variables holding a table, array or
//! dict (which a script can change in place without assigning), with
//! [`SharedGlobals::diff_where`]; [`SharedGlobals::diff`] compares them all.

use crate::value::ScriptValue;
use crate::vm::VariableWrite;

/// The shared variables' names and last synced values.
#[derive(Debug, Clone, Default)]
pub struct SharedGlobals {
    names: Vec<String>,
    synced: Vec<Option<ScriptValue>>,
}

impl SharedGlobals {
    pub fn new(names: Vec<String>) -> SharedGlobals {
        let synced = vec![None; names.len()];
        SharedGlobals { names, synced }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The index of a shared variable.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Remembers the value the runtime pushed into the VM.
    pub fn synced(&mut self, name: &str, value: &ScriptValue) {
        if let Some(i) = self.index(name) {
            self.synced[i] = Some(value.clone());
        }
    }

    /// Whether the variable at `index` holds a value a script can change in place (an array
    /// or a map: a table, array, object, list or dict in the VM).
    pub fn is_deep(&self, index: usize) -> bool {
        matches!(self.synced.get(index), Some(Some(ScriptValue::Array(_) | ScriptValue::Map(_))))
    }

    /// Whether any variable holds an array or a map.
    pub fn any_deep(&self) -> bool {
        (0..self.synced.len()).any(|i| self.is_deep(i))
    }

    /// Forgets every synced value (after a reset).
    pub fn clear(&mut self) {
        self.synced.iter_mut().for_each(|v| *v = None);
    }

    /// Reads every shared global with `read` (given its index and name) and returns those
    /// that differ from the synced value, remembering the new values.
    pub fn diff(
        &mut self,
        read: impl FnMut(usize, &str) -> Result<ScriptValue, String>,
    ) -> Vec<VariableWrite> {
        self.diff_where(|_| true, read)
    }

    /// [`SharedGlobals::diff`] for the variables whose index `check` accepts.
    pub fn diff_where(
        &mut self,
        mut check: impl FnMut(usize) -> bool,
        mut read: impl FnMut(usize, &str) -> Result<ScriptValue, String>,
    ) -> Vec<VariableWrite> {
        let mut writes = Vec::new();
        for (i, (name, synced)) in self.names.iter().zip(&mut self.synced).enumerate() {
            if !check(i) {
                continue;
            }
            let value = read(i, name);
            let same = match (&value, &synced) {
                (Ok(v), Some(s)) => v == s,
                (Ok(ScriptValue::Nil), None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            if let Ok(v) = &value {
                *synced = Some(v.clone());
            }
            writes.push(VariableWrite { name: name.clone(), value });
        }
        writes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_only_what_differs() {
        let mut g = SharedGlobals::new(vec!["a".into(), "b".into()]);
        g.synced("a", &ScriptValue::Int(1));
        g.synced("b", &ScriptValue::Int(2));
        let writes = g.diff(|_, n| Ok(ScriptValue::Int(if n == "a" { 1 } else { 3 })));
        assert_eq!(writes, vec![VariableWrite { name: "b".into(), value: Ok(3.into()) }]);
        assert!(g.diff(|_, n| Ok(ScriptValue::Int(if n == "a" { 1 } else { 3 }))).is_empty());
    }
}

//! The DOM API scripts call (`getElementById(id)` and the element methods), shared by every
//! VM: a handle on the element tree and on the journal of changes made since the runtime last
//! collected them.
//!
//! Changes apply to the tree at once, so a script that calls `setText` and then `getText`
//! reads its own write, and are journaled as [`ElementChange`] records in call order.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use crate::tree::{ElementChange, ElementTree};
use crate::value::ScriptValue;

/// The names every VM gives the DOM API (methods of the element object, then globals), for
/// documentation and tests.
pub const ELEMENT_METHODS: &[&str] = &[
    "setText",
    "getText",
    "setVisible",
    "getVisible",
    "setProperty",
    "getProperty",
    "setStyle",
    "setChecked",
    "getChecked",
];

/// A cheap, cloneable handle on the element tree and the change journal. Single-threaded: VMs
/// and the runtime run on one thread, one call at a time.
#[derive(Clone, Debug, Default)]
pub struct DomHandle {
    shared: Rc<DomShared>,
}

#[derive(Debug, Default)]
struct DomShared {
    tree: RefCell<ElementTree>,
    journal: RefCell<Vec<ElementChange>>,
    /// The last DOM call that failed during the current script call (see
    /// [`DomHandle::take_failure`]).
    failure: RefCell<Option<String>>,
    /// Lines scripts printed since the last [`DomHandle::take_output`].
    output: RefCell<Vec<String>>,
}

/// The error scripts see if the tree is in use, which only a VM calling back into the DOM
/// from inside a host operation could cause.
const BUSY: &str = "the element tree is busy (a DOM call re-entered the runtime)";

// Each DOM method runs its body in an immediately called closure so that `?` inside it ends
// there and `noted` sees every failure.
#[allow(clippy::redundant_closure_call)]
impl DomHandle {
    pub fn new(tree: ElementTree) -> DomHandle {
        DomHandle {
            shared: Rc::new(DomShared {
                tree: RefCell::new(tree),
                journal: RefCell::default(),
                failure: RefCell::default(),
                output: RefCell::default(),
            }),
        }
    }

    /// The tree, for reading. Outside a script call nothing else holds it.
    pub fn tree(&self) -> Ref<'_, ElementTree> {
        self.shared.tree.borrow()
    }

    /// Runs `f` on the tree mutably; `Err` only if the tree is already borrowed.
    pub fn with_tree_mut<R>(&self, f: impl FnOnce(&mut ElementTree) -> R) -> Result<R, String> {
        let mut tree = self.shared.tree.try_borrow_mut().map_err(|_| BUSY.to_string())?;
        Ok(f(&mut tree))
    }

    fn with_tree<R>(&self, f: impl FnOnce(&ElementTree) -> R) -> Result<R, String> {
        let tree = self.shared.tree.try_borrow().map_err(|_| BUSY.to_string())?;
        Ok(f(&tree))
    }

    fn record(&self, change: Option<ElementChange>) -> Result<(), String> {
        if let Some(change) = change {
            self.shared.journal.try_borrow_mut().map_err(|_| BUSY.to_string())?.push(change);
        }
        Ok(())
    }

    /// Remembers a failed DOM call, so that a script error it causes can name it.
    fn noted<T>(&self, result: Result<T, String>) -> Result<T, String> {
        if let Err(message) = &result {
            if let Ok(mut slot) = self.shared.failure.try_borrow_mut() {
                *slot = Some(message.clone());
            }
        }
        result
    }

    /// The message of the last DOM call that failed since the previous `take_failure` (the
    /// host cause of a script error).
    pub fn take_failure(&self) -> Option<String> {
        self.shared.failure.try_borrow_mut().ok().and_then(|mut f| f.take())
    }

    /// Records a line a script printed.
    pub fn print(&self, line: String) -> Result<(), String> {
        self.shared.output.try_borrow_mut().map_err(|_| BUSY.to_string())?.push(line);
        Ok(())
    }

    /// Takes the lines scripts printed since the last call.
    pub fn take_output(&self) -> Vec<String> {
        self.shared.output.try_borrow_mut().map(|mut o| std::mem::take(&mut *o)).unwrap_or_default()
    }

    /// Takes the changes journaled since the last call.
    pub fn take_changes(&self) -> Vec<ElementChange> {
        self.shared
            .journal
            .try_borrow_mut()
            .map(|mut j| std::mem::take(&mut *j))
            .unwrap_or_default()
    }

    /// `getElementById`: the element's index, or `None` (a script sees `nil`/`null`/`None`).
    pub fn find(&self, id: &str) -> Result<Option<u32>, String> {
        self.noted((|| self.with_tree(|t| t.find(id)))())
    }

    pub fn set_text(&self, element: u32, text: String) -> Result<(), String> {
        self.noted((|| {
            let change = self.with_tree_mut(|t| t.set_property(element, "text", text.into()))?;
            self.record(change)
        })())
    }

    pub fn text(&self, element: u32) -> Result<String, String> {
        self.noted((|| {
            self.with_tree(|t| t.get(element).and_then(|e| e.text.clone()).unwrap_or_default())
        })())
    }

    pub fn set_visible(&self, element: u32, visible: bool) -> Result<(), String> {
        self.noted((|| {
            let change =
                self.with_tree_mut(|t| t.set_property(element, "visible", visible.into()))?;
            self.record(change)
        })())
    }

    pub fn visible(&self, element: u32) -> Result<bool, String> {
        self.noted((|| self.with_tree(|t| t.get(element).is_some_and(|e| e.visible)))())
    }

    pub fn set_property(&self, element: u32, name: &str, value: ScriptValue) -> Result<(), String> {
        self.noted((|| {
            let change = self.with_tree_mut(|t| t.set_property(element, name, value))?;
            self.record(change)
        })())
    }

    pub fn property(&self, element: u32, name: &str) -> Result<ScriptValue, String> {
        self.noted((|| self.with_tree(|t| t.property(element, name)))())
    }

    pub fn set_style(&self, element: u32, name: &str) -> Result<(), String> {
        self.noted((|| {
            let change = self.with_tree_mut(|t| t.set_style(element, name))??;
            self.record(change)
        })())
    }

    pub fn set_checked(&self, element: u32, checked: bool) -> Result<(), String> {
        self.noted((|| {
            let change =
                self.with_tree_mut(|t| t.set_property(element, "checked", checked.into()))?;
            self.record(change)
        })())
    }

    pub fn checked(&self, element: u32) -> Result<bool, String> {
        self.noted(
            (|| self.with_tree(|t| t.get(element).and_then(|e| e.checked).unwrap_or(false)))(),
        )
    }

    /// Runs one element method by name (one of [`ELEMENT_METHODS`]) with script arguments:
    /// the single entry point VMs without native method tables call.
    pub fn call_method(
        &self,
        method: &str,
        element: u32,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let name = |i: usize| match args.get(i) {
            Some(ScriptValue::String(s)) => Ok(s.clone()),
            other => Err(format!(
                "{method} expects a name (a string), not {}",
                other.map_or("nothing", ScriptValue::kind_name)
            )),
        };
        let none = |r: Result<(), String>| r.map(|()| ScriptValue::Nil);
        let result = match method {
            "setText" => none(self.set_text(element, arg(0).to_string())),
            "getText" => self.text(element).map(ScriptValue::String),
            "setVisible" => none(self.set_visible(element, arg(0).is_truthy())),
            "getVisible" => self.visible(element).map(ScriptValue::Bool),
            "setProperty" => none(self.set_property(element, &name(0)?, arg(1))),
            "getProperty" => self.property(element, &name(0)?),
            "setStyle" => none(self.set_style(element, &name(0)?)),
            "setChecked" => none(self.set_checked(element, arg(0).is_truthy())),
            "getChecked" => self.checked(element).map(ScriptValue::Bool),
            other => Err(format!("elements have no method `{other}`")),
        };
        self.noted(result)
    }
}

//! The DOM API scripts call (`getElementById(id)`, the element methods and fields, the
//! document functions such as `querySelectorAll`), shared by every VM: a handle on the element
//! tree, on the journal of changes made since the runtime last collected them, on the lines
//! scripts printed and on the event listeners scripts added.
//!
//! Changes apply to the tree at once, so a script that calls `setText` and then `getText`
//! reads its own write, and are journaled as [`ElementChange`] records in call order.
//!
//! Every VM reaches the API through [`DomHandle::call`] with a method name from
//! [`ELEMENT_METHODS`] or [`DOCUMENT_FUNCTIONS`]; the table says which results are elements,
//! so each language's prelude wraps indices into its own element objects.

mod listeners;
mod methods;
mod query;
pub(crate) mod values;

pub(crate) use listeners::document_event;
pub use listeners::{Listener, ListenerEvent};
pub(crate) use methods::set_checked;
pub use methods::{Returns, DOCUMENT_FUNCTIONS, ELEMENT_FIELDS, ELEMENT_METHODS};
pub use values::InputKind;

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use crate::tree::{ElementChange, ElementTree};

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
    /// Event listeners scripts added, in the order they were added.
    listeners: RefCell<Vec<Listener>>,
}

/// The error scripts see if the tree is in use, which only a VM calling back into the DOM
/// from inside a host operation could cause.
const BUSY: &str = "the element tree is busy (a DOM call re-entered the runtime)";

impl DomHandle {
    pub fn new(tree: ElementTree) -> DomHandle {
        DomHandle {
            shared: Rc::new(DomShared { tree: RefCell::new(tree), ..DomShared::default() }),
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

    /// Journals a change a script made.
    fn record(&self, change: Option<ElementChange>) -> Result<(), String> {
        if let Some(change) = change {
            self.shared.journal.try_borrow_mut().map_err(|_| BUSY.to_string())?.push(change);
        }
        Ok(())
    }

    /// Runs a change on the tree and journals it.
    fn change(
        &self,
        f: impl FnOnce(&mut ElementTree) -> Result<Option<ElementChange>, String>,
    ) -> Result<(), String> {
        let change = self.with_tree_mut(f)??;
        self.record(change)
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
        self.noted(self.with_tree(|t| t.find(id)))
    }
}

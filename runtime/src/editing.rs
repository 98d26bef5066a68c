//! Text editing in the focused input, as a host's keyboard gives it: typed text, Backspace and
//! Delete, caret moves (with Shift extending the selection), Home and End, select all, and
//! the selected text for the clipboard. The value lives in the element's `value` property
//! (the same one scripts read with `getValue`), the caret and selection in
//! [`ElementState::caret`](crate::ElementState::caret); every edit that changes the value
//! fires the input's `change` event with the new value, as 2025 apps expect (a character
//! counter updates as the person types). Enter fires `submit`.

use krb_format::EventKind;

use crate::dispatch::DispatchOutcome;
use crate::dom::values::{self, InputKind};
use crate::runtime::Runtime;
use crate::value::ScriptValue;

/// One editing step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Typed (or pasted) text: replaces the selection.
    Insert(String),
    /// Backspace: the selection, or the character before the caret.
    DeleteBackward,
    /// Delete: the selection, or the character after the caret.
    DeleteForward,
    /// Left/Right by one character (`select`: Shift held, extend the selection).
    Left {
        select: bool,
    },
    Right {
        select: bool,
    },
    /// Home/End.
    Home {
        select: bool,
    },
    End {
        select: bool,
    },
    /// Ctrl-A.
    SelectAll,
    /// Enter: the `submit` event.
    Submit,
}

/// The editing position of the focused input: (element, value text, caret, anchor).
fn editing(runtime: &Runtime) -> Option<(u32, String, usize, usize)> {
    let index = runtime.focused()?;
    let tree = runtime.dom.tree();
    let element = tree.get(index)?;
    if !InputKind::of(element).holds_text() || tree.is_disabled(index) {
        return None;
    }
    if element.property("readonly").is_some_and(ScriptValue::is_truthy) {
        return None;
    }
    let text = values::current(element).to_string();
    let len = text.chars().count();
    let (caret, anchor) = element.caret.map_or((len, len), |(c, a)| (c as usize, a as usize));
    Some((index, text, caret.min(len), anchor.min(len)))
}

/// The byte offset of the `n`th character.
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

impl Runtime {
    /// Starts editing when a text input takes focus (caret at the end), stops when it loses
    /// it; called by focus changes.
    pub(crate) fn caret_follows_focus(
        &mut self,
        old: Option<u32>,
        new: Option<u32>,
        outcome: &mut DispatchOutcome,
    ) {
        if let Some(old) = old {
            let change = self.dom.with_tree_mut(|t| t.set_caret(old, None));
            outcome.changes.extend(change.ok().flatten());
        }
        if let Some((index, text, _, _)) = new.and_then(|_| editing(self)) {
            let len = text.chars().count() as u32;
            let change = self.dom.with_tree_mut(|t| t.set_caret(index, Some((len, len))));
            outcome.changes.extend(change.ok().flatten());
        }
    }

    /// The selected text of the focused input (for a host's Copy), or `None`.
    pub fn selected_text(&self) -> Option<String> {
        let (_, text, caret, anchor) = editing(self)?;
        let (from, to) = (caret.min(anchor), caret.max(anchor));
        (from < to).then(|| text[byte_at(&text, from)..byte_at(&text, to)].to_string())
    }

    /// Applies one editing step to the focused text input: nothing when no text input has
    /// focus. A changed value goes through the input's typing (a number input refuses
    /// letters: the edit is dropped) and fires `change`.
    pub fn edit_text(&mut self, edit: Edit) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        let Some((index, text, caret, anchor)) = editing(self) else { return outcome };
        let len = text.chars().count();
        let (from, to) = (caret.min(anchor), caret.max(anchor));
        let selected = from < to;
        let replace = |start: usize, end: usize, with: &str| {
            let mut next = String::with_capacity(text.len() + with.len());
            next.push_str(&text[..byte_at(&text, start)]);
            next.push_str(with);
            next.push_str(&text[byte_at(&text, end)..]);
            next
        };
        let (value, caret, anchor) = match edit {
            Edit::Insert(typed) => {
                let typed: String =
                    typed.chars().filter(|c| !c.is_control() || *c == '\t').collect();
                if typed.is_empty() {
                    return outcome;
                }
                let at = from + typed.chars().count();
                (Some(replace(from, to, &typed)), at, at)
            }
            Edit::DeleteBackward if selected => (Some(replace(from, to, "")), from, from),
            Edit::DeleteBackward if caret > 0 => {
                (Some(replace(caret - 1, caret, "")), caret - 1, caret - 1)
            }
            Edit::DeleteForward if selected => (Some(replace(from, to, "")), from, from),
            Edit::DeleteForward if caret < len => {
                (Some(replace(caret, caret + 1, "")), caret, caret)
            }
            Edit::DeleteBackward | Edit::DeleteForward => return outcome,
            Edit::Left { select } => {
                let at = if selected && !select { from } else { caret.saturating_sub(1) };
                (None, at, if select { anchor } else { at })
            }
            Edit::Right { select } => {
                let at = if selected && !select { to } else { (caret + 1).min(len) };
                (None, at, if select { anchor } else { at })
            }
            Edit::Home { select } => (None, 0, if select { anchor } else { 0 }),
            Edit::End { select } => (None, len, if select { anchor } else { len }),
            Edit::SelectAll => (None, len, 0),
            Edit::Submit => {
                let value = ScriptValue::String(text);
                return self.fire(EventKind::Submit, index, Some(value));
            }
        };
        if let Some(value) = value {
            // The change event records the typed value; one that does not fit is dropped.
            let typed = self.dom.tree().get(index).map(|e| values::typed(e, value.clone().into()));
            if !matches!(typed, Some(Ok(_))) {
                return outcome;
            }
            outcome.merge(self.fire(EventKind::Change, index, Some(value.into())));
        }
        let caret = Some((caret as u32, anchor as u32));
        let change = self.dom.with_tree_mut(|t| t.set_caret(index, caret));
        outcome.changes.extend(change.ok().flatten());
        outcome
    }
}

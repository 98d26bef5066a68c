//! Event listeners added by scripts: `el.addEventListener("click", fn)` on an element, and the
//! document-level `addEventListener("keydown", fn)`, `onReady(fn)` and `onLoad(fn)` of the 2025
//! API. The function stays in its VM (in a table the prelude keeps, at `slot`); the runtime
//! keeps where it listens, and calls it through the VM's `__kry_listener(slot, event)`.

use krb_format::EventKind;

use super::DomHandle;

/// What a listener listens for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenerEvent {
    /// An element event (`click`, `change`, ...).
    Element(EventKind),
    /// A document event a host fires (`keydown`, `keyup`, `resize`), `load` (after the app
    /// loaded) or `ready` (`onReady`, after `load`).
    Document(String),
}

/// A listener a script added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    /// The element it listens on; `None` for the document.
    pub target: Option<u32>,
    pub event: ListenerEvent,
    /// The VM holding the function.
    pub language: &'static str,
    /// The function's slot in that VM's listener table.
    pub slot: i64,
}

/// An event name as scripts write it (`click`, `onClick`, `mouseover`, `input`) as an element
/// event.
pub fn element_event(name: &str) -> Option<EventKind> {
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_prefix("on").filter(|rest| !rest.is_empty()).unwrap_or(&lower);
    Some(match name.trim_start_matches('_') {
        "click" | "tap" => EventKind::Click,
        "press" | "mousedown" | "pointerdown" => EventKind::Press,
        "release" | "mouseup" | "pointerup" => EventKind::Release,
        "hover" | "mouseover" | "mouseenter" | "pointerenter" => EventKind::Hover,
        "focus" | "focusin" => EventKind::Focus,
        "blur" | "focusout" => EventKind::Blur,
        "change" | "input" => EventKind::Change,
        "submit" => EventKind::Submit,
        "load" => EventKind::Load,
        _ => return None,
    })
}

/// A document event name (`keydown`, `onKeyDown`, `resize`, `load`, `ready`), lower case.
pub fn document_event(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_prefix("on").filter(|rest| !rest.is_empty()).unwrap_or(&lower);
    matches!(name, "keydown" | "keyup" | "keypress" | "resize" | "load" | "ready" | "scroll")
        .then(|| name.to_string())
}

impl DomHandle {
    /// Adds a listener; an unknown event name is an error that lists the known ones.
    pub(crate) fn add_listener(
        &self,
        language: &'static str,
        target: Option<u32>,
        event: &str,
        slot: i64,
    ) -> Result<(), String> {
        let event = match (target, element_event(event), document_event(event)) {
            (Some(_), Some(kind), _) => ListenerEvent::Element(kind),
            (None, _, Some(name)) => ListenerEvent::Document(name),
            (None, Some(kind), None) => ListenerEvent::Element(kind),
            _ => {
                return Err(format!(
                    "addEventListener: unknown event `{event}` (elements: click, press, \
                     release, hover, focus, blur, change, submit; the document: keydown, keyup, \
                     keypress, resize, scroll, load, ready)"
                ))
            }
        };
        let mut listeners =
            self.shared.listeners.try_borrow_mut().map_err(|_| super::BUSY.to_string())?;
        listeners.push(Listener { target, event, language, slot });
        Ok(())
    }

    /// Removes the listener at `slot` of `language`'s VM.
    pub(crate) fn remove_listener(&self, language: &'static str, slot: i64) {
        if let Ok(mut listeners) = self.shared.listeners.try_borrow_mut() {
            listeners.retain(|l| !(l.language == language && l.slot == slot));
        }
    }

    /// The listeners for an event on a target, in the order they were added.
    pub fn listeners_for(&self, target: Option<u32>, event: &ListenerEvent) -> Vec<Listener> {
        self.shared
            .listeners
            .try_borrow()
            .map(|ls| {
                ls.iter().filter(|l| l.target == target && &l.event == event).cloned().collect()
            })
            .unwrap_or_default()
    }

    /// Forgets the listeners of a VM (it restarted: its functions are gone).
    pub(crate) fn drop_listeners_of(&self, language: &str) {
        if let Ok(mut listeners) = self.shared.listeners.try_borrow_mut() {
            listeners.retain(|l| l.language != language);
        }
    }

    /// Whether any listener is registered (dispatch skips the lookup otherwise).
    pub fn has_listeners(&self) -> bool {
        self.shared.listeners.try_borrow().is_ok_and(|l| !l.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_in_every_spelling() {
        assert_eq!(element_event("click"), Some(EventKind::Click));
        assert_eq!(element_event("onClick"), Some(EventKind::Click));
        assert_eq!(element_event("mouseover"), Some(EventKind::Hover));
        assert_eq!(element_event("input"), Some(EventKind::Change));
        assert_eq!(element_event("on"), None);
        assert_eq!(element_event("wiggle"), None);
        assert_eq!(document_event("onKeyDown").as_deref(), Some("keydown"));
        assert_eq!(document_event("ready").as_deref(), Some("ready"));
        assert_eq!(document_event("click"), None);
    }
}

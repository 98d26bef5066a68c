//! What a person does to the app through a host: the pointer over, pressing and releasing
//! an element, keyboard focus. The host says where (an element index, which a renderer's hit
//! test gives); the runtime keeps the interaction states (`hover`, `active`, `focus`) that
//! pseudo-state styles follow, and fires the events: `hover` when the pointer enters an
//! element, `press` and `release`, `click` when a press is released over the element it
//! started on, `focus` and `blur`. A disabled element (or one inside a disabled element) gets
//! the states but no events, and cannot take focus.

use krb_format::{states, EventKind};

use crate::dispatch::DispatchOutcome;
use crate::runtime::Runtime;
use crate::tree::ElementTree;
use kryon_registry::element_ids;

/// The interaction a host reported: where the pointer is, what it pressed, what has focus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Interaction {
    /// The element under the pointer and its ancestors, innermost first.
    hovered: Vec<u32>,
    /// The element a press started on, and its ancestors.
    pressed: Vec<u32>,
    focused: Option<u32>,
}

/// An element and its ancestors, innermost first.
fn chain(tree: &ElementTree, index: Option<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut at = index.filter(|&i| tree.get(i).is_some());
    while let Some(i) = at {
        out.push(i);
        at = tree.get(i).and_then(|e| e.parent);
        if out.len() > tree.elements().len() {
            break;
        }
    }
    out
}

/// Whether an element and all its ancestors are shown.
fn shown(tree: &ElementTree, index: u32) -> bool {
    chain(tree, Some(index)).iter().all(|&i| tree.get(i).is_some_and(|e| e.visible))
}

/// Whether an element takes keyboard focus: inputs, buttons, links, tabs, choices, and any
/// element with a click handler in the document; shown and not disabled.
pub(crate) fn focusable(runtime: &Runtime, index: u32) -> bool {
    let tree = runtime.dom.tree();
    let Some(element) = tree.get(index) else { return false };
    let kind = matches!(
        element.kind,
        element_ids::BUTTON
            | element_ids::INPUT
            | element_ids::LINK
            | element_ids::TAB
            | element_ids::CHECKBOX
            | element_ids::RADIO
            | element_ids::SLIDER
            | element_ids::SELECT
            | element_ids::TEXT_AREA
            | element_ids::DROPDOWN
            | element_ids::WIDGET
    );
    let clickable = runtime.doc.elements.get(index as usize).is_some_and(|e| {
        runtime.doc.events_in(e.events).iter().any(|ev| ev.kind == EventKind::Click)
    });
    (kind || clickable) && shown(&tree, index) && !tree.is_disabled(index)
}

impl Runtime {
    /// The element that has keyboard focus.
    pub fn focused(&self) -> Option<u32> {
        self.interaction.focused
    }

    /// The element the pointer is over (innermost).
    pub fn hovered(&self) -> Option<u32> {
        self.interaction.hovered.first().copied()
    }

    /// Sets or clears one interaction bit on an element, recording the change.
    fn set_state(&mut self, index: u32, bit: u32, on: bool, outcome: &mut DispatchOutcome) {
        let change = self.dom.with_tree_mut(|t| {
            let current = t.get(index).map_or(0, |e| e.interaction);
            let next = if on { current | bit } else { current & !bit };
            t.set_interaction(index, next)
        });
        outcome.changes.extend(change.ok().flatten());
    }

    /// The pointer moved over `target` (`None`: over nothing, or out of the window): the
    /// elements it left lose `hover`, those it entered gain it and get a `hover` event
    /// (outermost first).
    pub fn pointer_move(&mut self, target: Option<u32>) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        let next = chain(&self.dom.tree(), target);
        let previous = std::mem::take(&mut self.interaction.hovered);
        for &left in previous.iter().filter(|i| !next.contains(i)) {
            self.set_state(left, states::HOVER, false, &mut outcome);
        }
        let entered: Vec<u32> =
            next.iter().rev().copied().filter(|i| !previous.contains(i)).collect();
        self.interaction.hovered = next;
        for index in entered {
            self.set_state(index, states::HOVER, true, &mut outcome);
            outcome.merge(self.fire(EventKind::Hover, index, None));
        }
        outcome
    }

    /// A press (mouse button, touch) on `target`: it and its ancestors become `active`, it
    /// gets a `press` event, and focus moves to the nearest element that takes it (or leaves
    /// the focused element when there is none).
    pub fn pointer_down(&mut self, target: u32) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        let pressed = chain(&self.dom.tree(), Some(target));
        for &index in &pressed {
            self.set_state(index, states::ACTIVE, true, &mut outcome);
        }
        self.interaction.pressed = pressed.clone();
        outcome.merge(self.fire(EventKind::Press, target, None));
        let focus = pressed.iter().copied().find(|&i| focusable(self, i));
        outcome.merge(self.focus(focus));
        outcome
    }

    /// The press ends over `target`: the pressed elements stop being `active`, the element
    /// the press started on gets `release`, and a `click` when `target` is it or inside it
    /// (a press dragged off an element does not click it).
    pub fn pointer_up(&mut self, target: Option<u32>) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        let pressed = std::mem::take(&mut self.interaction.pressed);
        for &index in &pressed {
            self.set_state(index, states::ACTIVE, false, &mut outcome);
        }
        let Some(&start) = pressed.first() else { return outcome };
        outcome.merge(self.fire(EventKind::Release, start, None));
        let over = chain(&self.dom.tree(), target);
        if over.contains(&start) {
            outcome.merge(self.fire(EventKind::Click, start, None));
        }
        outcome
    }

    /// Moves keyboard focus to `target` (`None`: nowhere): the old element gets `blur`, the
    /// new one `focus`. An element that does not take focus is refused (nothing changes).
    pub fn focus(&mut self, target: Option<u32>) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        if target.is_some_and(|i| !focusable(self, i)) || target == self.interaction.focused {
            return outcome;
        }
        let old = self.interaction.focused.take();
        if let Some(old) = old {
            self.set_state(old, states::FOCUS, false, &mut outcome);
        }
        self.interaction.focused = target;
        if let Some(new) = target {
            self.set_state(new, states::FOCUS, true, &mut outcome);
        }
        self.caret_follows_focus(old, target, &mut outcome);
        if let Some(old) = old {
            outcome.merge(self.fire(EventKind::Blur, old, None));
        }
        if let Some(new) = target {
            outcome.merge(self.fire(EventKind::Focus, new, None));
        }
        outcome
    }

    /// Moves focus to the next element that takes it, in tree order (`backwards`: the
    /// previous one), wrapping around: Tab and Shift-Tab.
    pub fn focus_next(&mut self, backwards: bool) -> DispatchOutcome {
        let count = self.dom.tree().elements().len() as u32;
        if count == 0 {
            return DispatchOutcome::default();
        }
        let start = self.interaction.focused;
        let mut at = start;
        for _ in 0..count {
            let next = match (at, backwards) {
                (None, false) => 0,
                (None, true) => count - 1,
                (Some(i), false) => (i + 1) % count,
                (Some(i), true) => (i + count - 1) % count,
            };
            if focusable(self, next) {
                return self.focus(Some(next));
            }
            at = Some(next);
        }
        DispatchOutcome::default()
    }

    /// Enter or Space on the focused element: a click, as the pointer would give it.
    pub fn activate_focused(&mut self) -> DispatchOutcome {
        match self.interaction.focused {
            Some(index) => self.fire(EventKind::Click, index, None),
            None => DispatchOutcome::default(),
        }
    }
}

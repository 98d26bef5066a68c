//! Resolving an element's computed style, in this order (later wins):
//!
//! 1. the registry defaults, with the inherited properties (text colour, font size, weight,
//!    family, alignment) taken from the parent instead;
//! 2. the native look of its widget (`user_agent.rs`), then that of each state that holds;
//! 3. its styles in order (their properties evaluated against the current variables);
//! 4. its own properties as the runtime holds them now;
//! 5. the pseudo-state sets of its styles, then its own, whose states all hold
//!    (`ElementState::states`).
//!
//! The font size is resolved first, so `em` lengths anywhere in the list use the element's
//! final font size. A widget whose background the app sets, and no border, loses its native
//! border.

use std::sync::OnceLock;

use kryon_runtime::{ElementState, ScriptValue};

use crate::props::{self, Prop};
use crate::sheet::{Declarations, StyleSheet};
use crate::style::ComputedStyle;
use crate::user_agent;
use crate::values::UnitContext;
use crate::widgets::WidgetKind;

/// What every element's style resolves against.
pub struct Cascade<'a> {
    pub sheet: &'a StyleSheet,
    /// The registry defaults (see [`registry_base`]).
    pub base: &'a ComputedStyle,
    /// Viewport, scale and root font size; `font_size` is set per element.
    pub ctx: UnitContext,
}

/// The style every element starts from: the registry's defaults applied to a blank style.
pub fn registry_base(ctx: &UnitContext) -> ComputedStyle {
    let mut style = ComputedStyle::blank(ctx);
    static DEFAULTS: OnceLock<Vec<(Prop, ScriptValue)>> = OnceLock::new();
    let defaults = DEFAULTS.get_or_init(|| {
        props::registry_defaults()
            .map(|(p, text)| (p, ScriptValue::String(text.to_string())))
            .collect()
    });
    for (p, value) in defaults {
        if *p == Prop::FontSize {
            if let Some(size) = ComputedStyle::font_size_of(value, ctx, 14.0 * ctx.scale) {
                style.text.font_size = size;
            }
        } else {
            style.apply(*p, value, ctx);
        }
    }
    style
}

/// The `type` an element declares itself (for `Input`).
pub fn input_type(element: &ElementState) -> Option<String> {
    element.property("type").and_then(crate::values::word)
}

impl Cascade<'_> {
    /// The element's computed style and widget kind. `own_sets` are its own pseudo-state sets,
    /// evaluated.
    pub fn compute(
        &self,
        element: &ElementState,
        own_sets: &[(u32, Declarations)],
        parent: Option<&ComputedStyle>,
    ) -> (ComputedStyle, WidgetKind) {
        let input = input_type(element);
        let widget = WidgetKind::of(element.kind, input.as_deref());
        let states = element.states();
        let mut style = self.base.clone();
        if let Some(parent) = parent {
            style.inherit(parent);
        }
        let styles: Vec<_> = element.styles.iter().filter_map(|n| self.sheet.get(n)).collect();
        let mut list: Vec<(Prop, &ScriptValue)> = Vec::with_capacity(16);
        for (p, v) in user_agent::declarations(element.kind, widget, states) {
            list.push((p, v));
        }
        let native = list.len();
        for s in &styles {
            list.extend(s.base.iter().map(|(p, v)| (*p, v)));
        }
        for p in &element.properties {
            if let Some(meaning) = props::prop(p.id, &p.name) {
                list.push((meaning, &p.value));
            }
        }
        let holds = |mask: u32| mask & states == mask;
        for s in &styles {
            for (mask, decls) in &s.states {
                if holds(*mask) {
                    list.extend(decls.iter().map(|(p, v)| (*p, v)));
                }
            }
        }
        for (mask, decls) in own_sets {
            if holds(*mask) {
                list.extend(decls.iter().map(|(p, v)| (*p, v)));
            }
        }
        let parent_size = parent.map_or(style.text.font_size, |p| p.text.font_size);
        for (p, v) in &list {
            if *p == Prop::FontSize {
                if let Some(size) = ComputedStyle::font_size_of(v, &self.ctx, parent_size) {
                    style.text.font_size = size;
                }
            }
        }
        // A widget the app gives its own background loses its native border (as a browser
        // drops a button's native look), unless the app sets a border too.
        let authored = &list[native..];
        let restyled = authored.iter().any(|(p, _)| *p == Prop::BackgroundColor)
            && !authored.iter().any(|(p, _)| {
                matches!(
                    p,
                    Prop::Border
                        | Prop::BorderWidth
                        | Prop::BorderColor
                        | Prop::BorderTopWidth
                        | Prop::BorderRightWidth
                        | Prop::BorderBottomWidth
                        | Prop::BorderLeftWidth
                )
            });
        let ctx = UnitContext { font_size: style.text.font_size, ..self.ctx };
        for (k, (p, v)) in list.iter().enumerate() {
            let native_border = k < native && matches!(p, Prop::BorderWidth | Prop::BorderColor);
            if restyled && native_border {
                continue;
            }
            style.apply(*p, v, &ctx);
        }
        style.paint.visible &= element.visible;
        (style, widget)
    }
}

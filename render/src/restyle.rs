//! Resolving one element for the scene: its computed style (through `cascade.rs`), widget,
//! shown text (label, value, placeholder or password dots), image and text-shaping spec; and
//! what changed compared with the last frame.

use kryon_runtime::{ElementState, ElementTree};

use crate::cascade::Cascade;
use crate::image_cache::{ImageCache, ResourceLoader};
use crate::scene::Node;
use crate::sheet::Declarations;
use crate::style::ComputedStyle;
use crate::text::{TextEngine, TextSpec, DEFAULT_FAMILY};
use crate::values;
use crate::widgets::WidgetKind;
use crate::Warnings;

/// The longest password shown as dots.
const MAX_DOTS: usize = 1000;

/// What changed when an element was resolved again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// Its taffy style or measured content changed.
    pub layout: bool,
    /// Its measured content changed (text, image size).
    pub content: bool,
    /// Anything it paints changed.
    pub paint: bool,
    /// A property its children inherit, or one their layout reads (`layout: absolute`,
    /// `overflow`), changed.
    pub children: bool,
    /// Its `z_index` or `order` changed (its parent re-sorts its children).
    pub order: bool,
}

/// The text an element shows, and whether it is the placeholder.
fn shown_text(
    element: &ElementState,
    style: &ComputedStyle,
    widget: WidgetKind,
    has_children: bool,
) -> (Option<String>, bool) {
    match widget {
        WidgetKind::Text | WidgetKind::Checkbox | WidgetKind::Radio => {
            (element.text.clone().filter(|t| !t.is_empty()), false)
        }
        WidgetKind::Button if !has_children => {
            (element.text.clone().filter(|t| !t.is_empty()), false)
        }
        WidgetKind::TextInput { password, .. } => {
            let value = style
                .widget
                .value
                .as_ref()
                .and_then(|v| values::text(v).map(|t| t.into_owned()))
                .or_else(|| element.text.clone())
                .filter(|t| !t.is_empty());
            match value {
                Some(v) if password => {
                    (Some("\u{2022}".repeat(v.chars().count().min(MAX_DOTS))), false)
                }
                Some(v) => (Some(v), false),
                None => match style.widget.placeholder.clone().filter(|p| !p.is_empty()) {
                    Some(p) => (Some(p), true),
                    None => (None, false),
                },
            }
        }
        _ => (None, false),
    }
}

/// The pieces a restyle reads.
pub struct Resolver<'a> {
    pub cascade: &'a Cascade<'a>,
    pub tree: &'a ElementTree,
    pub text: &'a mut TextEngine,
    pub images: &'a mut ImageCache,
    pub loader: &'a dyn ResourceLoader,
    pub warnings: &'a mut Warnings,
}

impl Resolver<'_> {
    /// Resolves element `i` into `node` (whose parent's style is `parent`), updating its text
    /// slot, and says what changed.
    pub fn resolve(
        &mut self,
        i: u32,
        node: &mut Node,
        own_sets: &[(u32, Declarations)],
        parent: Option<&ComputedStyle>,
    ) -> Changed {
        let Some(element) = self.tree.get(i) else { return Changed::default() };
        let (style, widget) = self.cascade.compute(element, own_sets, parent);
        let has_children = !node.layout_children.is_empty();
        let (text, placeholder) = shown_text(element, &style, widget, has_children);
        let mut image = None;
        let mut image_missing = false;
        if widget == WidgetKind::Image || style.paint.background_image.is_some() {
            for path in [style.widget.src.as_deref(), style.paint.background_image.as_deref()]
                .into_iter()
                .flatten()
            {
                let (loaded, warning) = self.images.get(path, self.loader);
                if let Some(w) = warning {
                    self.warnings.add(w);
                }
                if Some(path) == style.widget.src.as_deref() && widget == WidgetKind::Image {
                    let scale = self.cascade.ctx.scale;
                    image = loaded.map(|p| (p.width() as f32 * scale, p.height() as f32 * scale));
                    image_missing = image.is_none();
                }
            }
        }
        let family = match self.text.resolve_family(style.text.family.as_deref()) {
            Ok(f) => f,
            Err(name) => {
                self.warnings.add(format!(
                    "font family `{name}` is not available (no bundled font or `font` \
                     resource has it); using {DEFAULT_FAMILY}"
                ));
                DEFAULT_FAMILY.to_string()
            }
        };
        let old = &node.style;
        let inherited_changed = old.paint.text_color != style.paint.text_color
            || old.text.font_size != style.text.font_size
            || old.text.weight != style.text.weight
            || old.text.family != style.text.family
            || old.text.align != style.text.align
            || old.boxed.children_absolute != style.boxed.children_absolute
            || old.boxed.overflow != style.boxed.overflow;
        let content = node.text != text
            || node.image != image
            || node.image_missing != image_missing
            || (text.is_some() && old.text != style.text);
        let style_layout = old.boxed != style.boxed
            || old.text != style.text
            || old.widget != style.widget
            || old.paint.visible != style.paint.visible
            || old.window != style.window
            || node.widget != widget;
        // Only the text changed, and layout would measure it the same: no layout change.
        let same_text_size = match &text {
            Some(t) => self.text.set(i, &TextSpec::new(t, &style, family)),
            None => {
                self.text.remove(i);
                false
            }
        };
        let only_text = node.text.is_some()
            && text.is_some()
            && node.image == image
            && node.image_missing == image_missing
            && old.text == style.text;
        let content = content && !(only_text && same_text_size);
        let changed = Changed {
            layout: style_layout || content,
            content,
            paint: old.paint != style.paint
                || node.states != element.states()
                || node.disabled != element.disabled
                || node.checked != (element.checked == Some(true))
                || node.caret != element.caret
                || node.placeholder != placeholder
                || node.text != text
                || content,
            children: inherited_changed,
            order: old.paint.z_index != style.paint.z_index || old.boxed.order != style.boxed.order,
        };
        if changed.content || changed.layout || node.text != text {
            node.text_measured = None;
        }
        node.style = style;
        node.widget = widget;
        node.text = text;
        node.placeholder = placeholder;
        node.image = image;
        node.image_missing = image_missing;
        node.states = element.states();
        node.disabled = element.disabled;
        node.checked = element.checked == Some(true);
        node.caret = element.caret;
        changed
    }
}

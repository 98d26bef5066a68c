//! The scene: per element, what the last frame resolved (computed style, widget, content) and
//! where it is (boxes in frame pixels, scroll offset, clip, the pixels it and its subtree
//! paint). Layout fills the boxes (`place`); painting and hit testing read them.

use crate::geometry::{IRect, Rect};
use crate::layout::LayoutTree;
use crate::style::ComputedStyle;
use crate::text::TextSize;
use crate::widgets::WidgetKind;

/// The deepest an element may be and still be shown (deeper elements are reported once).
pub const MAX_DEPTH: u32 = 256;

/// One element in the scene.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: u16,
    pub parent: Option<u32>,
    /// Shown children in paint order (stable by `z_index`).
    pub children: Vec<u32>,
    /// Children in layout order (stable by `order`).
    pub layout_children: Vec<u32>,
    pub depth: u32,
    /// Under the root and not too deep: it has a layout node.
    pub attached: bool,
    /// Attached, visible, and so are all its ancestors (set by [`place`]).
    pub effective: bool,
    pub style: ComputedStyle,
    pub widget: WidgetKind,
    pub states: u32,
    pub disabled: bool,
    pub checked: bool,
    /// A focused input's caret and the selection's other end, in characters of its value.
    pub caret: Option<(u32, u32)>,
    /// The text it shows (label, value, placeholder, password dots), before `text_transform`.
    pub text: Option<String>,
    /// Whether `text` is the placeholder.
    pub placeholder: bool,
    /// An image's natural size in frame pixels, when it has one that loaded.
    pub image: Option<(f32, f32)>,
    /// Whether its image failed to load (it shows a placeholder).
    pub image_missing: bool,
    /// Border box.
    pub rect: Rect,
    pub padding_box: Rect,
    pub content: Rect,
    pub scroll: (f32, f32),
    pub max_scroll: (f32, f32),
    /// The clip that applies to it (from its ancestors), frame pixels.
    pub clip: IRect,
    /// The pixels it paints itself (shadow included), clipped.
    pub bounds: IRect,
    /// The pixels it and its descendants paint.
    pub subtree: IRect,
    /// The size of its text laid out at its content width.
    pub text_size: Option<TextSize>,
    /// Where a `Text` element's glyphs are: left and right of its content box's origin, and
    /// height (before overhang), for damage.
    pub text_ink: Option<(f32, f32, f32)>,
    /// The content width `text_size` and `text_ink` were measured at (`None`: to measure).
    pub text_measured: Option<f32>,
}

impl Node {
    pub fn new(kind: u16, parent: Option<u32>, style: ComputedStyle) -> Node {
        Node {
            kind,
            parent,
            children: Vec::new(),
            layout_children: Vec::new(),
            depth: 0,
            attached: false,
            effective: false,
            style,
            widget: WidgetKind::Plain,
            states: 0,
            disabled: false,
            checked: false,
            caret: None,
            text: None,
            placeholder: false,
            image: None,
            image_missing: false,
            rect: Rect::default(),
            padding_box: Rect::default(),
            content: Rect::default(),
            scroll: (0.0, 0.0),
            max_scroll: (0.0, 0.0),
            clip: IRect::EMPTY,
            bounds: IRect::EMPTY,
            subtree: IRect::EMPTY,
            text_size: None,
            text_ink: None,
            text_measured: None,
        }
    }

    /// Whether it is drawn at all (it and its ancestors are visible and laid out).
    pub fn shown(&self) -> bool {
        self.effective
    }

    /// The region its children are clipped to.
    pub fn child_clip(&self) -> IRect {
        let b = &self.style.boxed;
        if b.overflow[0].clips() || b.overflow[1].clips() {
            self.clip.intersect(&self.padding_box.pixels())
        } else {
            self.clip
        }
    }
}

/// Places every attached node from the computed layout: boxes in frame pixels (a child at its
/// parent's border box origin plus its location, less the parent's scroll offset), scroll
/// offsets clamped to the content, clips. `scroll_of` gives a host's scroll offset.
pub fn place(
    nodes: &mut [Node],
    layout: &LayoutTree,
    frame: IRect,
    scroll_of: &dyn Fn(u32) -> Option<(f32, f32)>,
) {
    for i in 0..nodes.len() {
        let parent_effective = match nodes[i].parent {
            Some(p) => nodes[p as usize].effective,
            None => true,
        };
        let Some(l) = layout.layout(i as u32).copied() else {
            let n = &mut nodes[i];
            n.effective = false;
            n.rect = Rect::default();
            n.padding_box = Rect::default();
            n.content = Rect::default();
            n.clip = IRect::EMPTY;
            continue;
        };
        let (origin, clip) = match nodes[i].parent.and_then(|p| nodes.get(p as usize)) {
            Some(p) if p.attached => {
                (((p.rect.x - p.scroll.0), (p.rect.y - p.scroll.1)), p.child_clip())
            }
            _ => ((0.0, 0.0), frame),
        };
        // The largest scroll offset: how far the children reach past the padding box.
        let mut reach = (0.0f32, 0.0f32);
        let scrolls = {
            let b = &nodes[i].style.boxed;
            b.overflow[0] == crate::style::Overflow::Scroll
                || b.overflow[1] == crate::style::Overflow::Scroll
        };
        if scrolls {
            for &c in &nodes[i].layout_children {
                if let Some(cl) = layout.layout(c) {
                    reach.0 = reach.0.max(cl.location.x + cl.size.width + cl.margin.right);
                    reach.1 = reach.1.max(cl.location.y + cl.size.height + cl.margin.bottom);
                }
            }
        }
        let n = &mut nodes[i];
        n.effective = parent_effective
            && n.attached
            && n.style.paint.visible
            && n.style.boxed.display != crate::style::DisplayMode::None;
        n.rect = Rect::new(
            origin.0 + l.location.x,
            origin.1 + l.location.y,
            l.size.width,
            l.size.height,
        );
        n.padding_box =
            n.rect.inset([l.border.top, l.border.right, l.border.bottom, l.border.left]);
        n.content =
            n.padding_box.inset([l.padding.top, l.padding.right, l.padding.bottom, l.padding.left]);
        n.clip = clip;
        n.max_scroll = if scrolls {
            (
                (reach.0 + l.padding.right + l.border.right - l.size.width).max(0.0),
                (reach.1 + l.padding.bottom + l.border.bottom - l.size.height).max(0.0),
            )
        } else {
            (0.0, 0.0)
        };
        let wanted = scroll_of(i as u32).unwrap_or((
            n.style.widget.scroll[0].unwrap_or(0.0),
            n.style.widget.scroll[1].unwrap_or(0.0),
        ));
        n.scroll = (
            wanted.0.clamp(0.0, n.max_scroll.0).round(),
            wanted.1.clamp(0.0, n.max_scroll.1).round(),
        );
    }
}

/// How far glyphs may reach outside their line boxes, as a share of the font size.
const GLYPH_OVERHANG: f32 = 0.35;

/// The pixels each node paints (`bounds`) and its subtree paints (`subtree`), bottom-up.
pub fn bounds(nodes: &mut [Node]) {
    for n in nodes.iter_mut() {
        if !n.shown() {
            n.bounds = IRect::EMPTY;
            continue;
        }
        let p = &n.style.paint;
        let border = n.style.border_widths().iter().any(|w| *w > 0.0) && p.border_color[3] > 0;
        let paints_box = p.background[3] > 0
            || border
            || p.background_image.is_some()
            || !matches!(n.widget, WidgetKind::Plain | WidgetKind::Text)
            || n.max_scroll != (0.0, 0.0);
        let mut b = if paints_box { n.rect.pixels() } else { IRect::EMPTY };
        if let Some(s) = p.shadow {
            b = b.union(&crate::paint::shadow::extent(&n.rect, &s));
        }
        let over = (n.style.text.font_size * GLYPH_OVERHANG).ceil() as i32 + 1;
        if let Some((left, right, height)) = n.text_ink {
            let ink = Rect::new(n.content.x + left, n.content.y, right - left, height);
            b = b.union(&ink.pixels().outset(over));
        } else if let Some(t) = n.text_size {
            let x0 = n.content.x;
            let text =
                Rect::new(x0, n.content.y, t.width.max(n.content.w), t.height.max(n.content.h));
            b = b.union(&text.pixels().outset(over));
        }
        n.bounds = b.intersect(&n.clip);
    }
    for i in (0..nodes.len()).rev() {
        let mut s = nodes[i].bounds;
        if nodes[i].shown() {
            for k in 0..nodes[i].children.len() {
                let c = nodes[i].children[k] as usize;
                if let Some(child) = nodes.get(c) {
                    s = s.union(&child.subtree);
                }
            }
        } else {
            s = IRect::EMPTY;
        }
        nodes[i].subtree = s;
    }
}

//! Layout: one taffy node per shown element, styled from its [`ComputedStyle`], measured by
//! its content (shaped text, an image's natural size, a widget's indicator), computed for the
//! window. Taffy keeps each node's result until the node or a descendant is marked dirty, so
//! after a change only the changed nodes and their ancestors are laid out again.
//!
//! Mapping (KRY → flexbox): `layout` words and `flex_*`/`justify_*`/`align_*` properties →
//! flex container properties; `display: grid` or a `Grid` element → CSS grid
//! (`grid_template_*`, `grid_column`/`grid_row`, `columns`/`rows` counts); sizes in px, %,
//! em/rem, vw/vh; `position: absolute` or a parent with `layout: absolute` → absolute, at
//! `pos_x`/`pos_y` or `top`/`left`/`right`/`bottom`; invisible elements take no space;
//! `overflow` other than `visible` clips (and scrolls for `scroll`/`auto`).

use kryon_registry::element_ids;
use taffy::prelude::*;
use taffy::{Overflow as TOverflow, Point};

use crate::grid;
use crate::style::{Align, ComputedStyle, Direction, DisplayMode, Justify, Overflow, WrapMode};
use crate::text::{TextEngine, TextWidth};
use crate::values::{Length, UnitContext};
use crate::widgets::{WidgetKind, INDICATOR, INDICATOR_GAP};

/// How a leaf's content is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Content {
    /// The element's text slot.
    Text,
    /// A checkbox or radio: an indicator, then the text slot.
    Indicator { has_label: bool },
    /// An image's natural size (frame pixels) and whether it keeps its aspect ratio.
    Image { width: f32, height: f32 },
    /// A slider: a fixed natural size.
    Slider,
    /// Nothing: sized by its style alone.
    Empty,
}

/// What the measure function knows about a leaf.
#[derive(Debug, Clone, Copy)]
pub struct Leaf {
    pub element: u32,
    pub content: Content,
}

/// The taffy tree of the shown elements.
pub struct LayoutTree {
    pub taffy: TaffyTree<Leaf>,
    /// Element index → node (`None`: not laid out).
    pub nodes: Vec<Option<NodeId>>,
    pub root: Option<NodeId>,
}

impl std::fmt::Debug for LayoutTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutTree").field("nodes", &self.taffy.total_node_count()).finish()
    }
}

fn dimension(l: Length) -> Dimension {
    match l {
        Length::Auto => Dimension::auto(),
        Length::Px(v) => Dimension::length(v),
        Length::Percent(p) => Dimension::percent(p),
    }
}

fn lpa(l: Length) -> LengthPercentageAuto {
    match l {
        Length::Auto => LengthPercentageAuto::auto(),
        Length::Px(v) => LengthPercentageAuto::length(v),
        Length::Percent(p) => LengthPercentageAuto::percent(p),
    }
}

fn lp(l: Length) -> LengthPercentage {
    match l {
        Length::Auto => LengthPercentage::length(0.0),
        Length::Px(v) => LengthPercentage::length(v.max(0.0)),
        Length::Percent(p) => LengthPercentage::percent(p.max(0.0)),
    }
}

fn overflow(o: Overflow) -> TOverflow {
    match o {
        Overflow::Visible => TOverflow::Visible,
        Overflow::Clip => TOverflow::Hidden,
        Overflow::Scroll => TOverflow::Scroll,
    }
}

fn justify(j: Justify) -> JustifyContent {
    match j {
        Justify::Start => JustifyContent::FLEX_START,
        Justify::End => JustifyContent::FLEX_END,
        Justify::Center => JustifyContent::CENTER,
        Justify::SpaceBetween => JustifyContent::SPACE_BETWEEN,
        Justify::SpaceAround => JustifyContent::SPACE_AROUND,
        Justify::SpaceEvenly => JustifyContent::SPACE_EVENLY,
        Justify::Stretch => JustifyContent::STRETCH,
    }
}

fn align(a: Align) -> AlignItems {
    match a {
        Align::Start => AlignItems::FLEX_START,
        Align::End => AlignItems::FLEX_END,
        Align::Center => AlignItems::CENTER,
        Align::Stretch => AlignItems::STRETCH,
        Align::Baseline => AlignItems::BASELINE,
    }
}

/// The taffy style of an element. `parent_places_children` is a parent's `layout: absolute`;
/// `window` (frame pixels) sizes the root.
pub fn taffy_style(
    s: &ComputedStyle,
    kind: u16,
    parent_places_children: bool,
    window: Option<(f32, f32)>,
    ctx: &UnitContext,
) -> Style {
    let b = &s.boxed;
    let mut style = Style::default();
    let grid = b.display == DisplayMode::Grid || kind == element_ids::GRID;
    style.display = match b.display {
        _ if !s.paint.visible => Display::None,
        DisplayMode::None => Display::None,
        DisplayMode::Block if !grid => Display::Block,
        _ if grid => Display::Grid,
        _ => Display::Flex,
    };
    style.flex_direction = match b.direction {
        Direction::Row => FlexDirection::Row,
        Direction::Column => FlexDirection::Column,
        Direction::RowReverse => FlexDirection::RowReverse,
        Direction::ColumnReverse => FlexDirection::ColumnReverse,
    };
    style.flex_wrap = match b.wrap {
        WrapMode::NoWrap => taffy::FlexWrap::NoWrap,
        WrapMode::Wrap => taffy::FlexWrap::Wrap,
        WrapMode::WrapReverse => taffy::FlexWrap::WrapReverse,
    };
    style.justify_content = justify(b.justify);
    style.align_items = align(b.align_items);
    style.align_self = b.align_self.map(align);
    style.align_content = b.align_content.map_or(AlignContent::NORMAL, justify);
    style.flex_grow = b.grow;
    style.flex_shrink = b.shrink;
    style.flex_basis = dimension(b.basis);
    style.size = Size { width: dimension(b.size[0]), height: dimension(b.size[1]) };
    style.min_size = Size { width: lpa(b.min_size[0]), height: lpa(b.min_size[1]) };
    style.max_size = Size { width: lpa(b.max_size[0]), height: lpa(b.max_size[1]) };
    style.margin = Rect {
        top: lpa(b.margin[0]),
        right: lpa(b.margin[1]),
        bottom: lpa(b.margin[2]),
        left: lpa(b.margin[3]),
    };
    style.padding = Rect {
        top: lp(b.padding[0]),
        right: lp(b.padding[1]),
        bottom: lp(b.padding[2]),
        left: lp(b.padding[3]),
    };
    let border = s.border_widths();
    style.border = Rect {
        top: LengthPercentage::length(border[0]),
        right: LengthPercentage::length(border[1]),
        bottom: LengthPercentage::length(border[2]),
        left: LengthPercentage::length(border[3]),
    };
    style.gap = Size { width: lp(b.gap[1]), height: lp(b.gap[0]) };
    style.overflow = Point { x: overflow(b.overflow[0]), y: overflow(b.overflow[1]) };
    style.scrollbar_width = 0.0;
    let absolute = b.absolute || parent_places_children;
    let inset = |i: usize| b.inset[i].map_or(LengthPercentageAuto::auto(), lpa);
    style.inset = Rect { top: inset(0), right: inset(1), bottom: inset(2), left: inset(3) };
    if absolute {
        style.position = Position::Absolute;
        if b.inset[3].is_none() {
            style.inset.left = lpa(b.pos[0].unwrap_or(Length::Px(0.0)));
        }
        if b.inset[0].is_none() {
            style.inset.top = lpa(b.pos[1].unwrap_or(Length::Px(0.0)));
        }
    }
    if grid {
        style.grid_template_columns = match (&b.grid_columns, s.widget.columns) {
            (Some(t), _) => grid::template(t, ctx),
            (None, Some(n)) => grid::equal_tracks(n),
            _ => Vec::new(),
        };
        style.grid_template_rows = match (&b.grid_rows, s.widget.rows) {
            (Some(t), _) => grid::template(t, ctx),
            (None, Some(n)) => grid::equal_tracks(n),
            _ => Vec::new(),
        };
    }
    if let Some(c) = &b.grid_column {
        style.grid_column = grid::placement_line(c);
    }
    if let Some(r) = &b.grid_row {
        style.grid_row = grid::placement_line(r);
    }
    if kind == element_ids::IMAGE && s.widget.keep_aspect != Some(false) {
        style.item_is_replaced = true;
    }
    if let Some((w, h)) = window {
        style.size = Size { width: Dimension::length(w), height: Dimension::length(h) };
        style.position = Position::Relative;
        style.margin = Rect::zero();
        style.inset = Rect::auto();
    }
    style
}

/// The content a leaf of this widget measures.
pub fn content_of(widget: WidgetKind, has_text: bool, image: Option<(f32, f32)>) -> Content {
    match widget {
        WidgetKind::Checkbox | WidgetKind::Radio => Content::Indicator { has_label: has_text },
        WidgetKind::Slider => Content::Slider,
        WidgetKind::Image => match image {
            Some((width, height)) => Content::Image { width, height },
            None => Content::Empty,
        },
        _ if has_text => Content::Text,
        _ => Content::Empty,
    }
}

fn text_width(known: Option<f32>, available: AvailableSpace) -> TextWidth {
    match (known, available) {
        (Some(w), _) | (None, AvailableSpace::Definite(w)) => TextWidth::Definite(w),
        (None, AvailableSpace::MinContent) => TextWidth::MinContent,
        (None, AvailableSpace::MaxContent) => TextWidth::MaxContent,
    }
}

/// A leaf's content size (the content box: padding and border are added by taffy).
fn measure(
    leaf: &Leaf,
    known: Size<Option<f32>>,
    available: Size<AvailableSpace>,
    text: &mut TextEngine,
    scale: f32,
) -> Size<f32> {
    let size = match leaf.content {
        Content::Empty => Size::ZERO,
        Content::Text => {
            let t = text.measure(leaf.element, text_width(known.width, available.width));
            Size { width: t.width, height: t.height }
        }
        Content::Indicator { has_label } => {
            let indicator = INDICATOR * scale;
            let gap = INDICATOR_GAP * scale;
            if has_label {
                let width = text_width(known.width, available.width);
                let width = match width {
                    TextWidth::Definite(w) => TextWidth::Definite((w - indicator - gap).max(0.0)),
                    other => other,
                };
                let t = text.measure(leaf.element, width);
                Size { width: indicator + gap + t.width, height: indicator.max(t.height) }
            } else {
                Size { width: indicator, height: indicator }
            }
        }
        Content::Slider => Size { width: 160.0 * scale, height: 20.0 * scale },
        Content::Image { width, height } => {
            let ratio = if width > 0.0 { height / width } else { 1.0 };
            match (known.width, known.height) {
                (Some(w), None) => Size { width: w, height: w * ratio },
                (None, Some(h)) if ratio > 0.0 => Size { width: h / ratio, height: h },
                _ => Size { width, height },
            }
        }
    };
    Size { width: known.width.unwrap_or(size.width), height: known.height.unwrap_or(size.height) }
}

impl LayoutTree {
    pub fn new(capacity: usize) -> LayoutTree {
        let mut taffy = TaffyTree::with_capacity(capacity);
        taffy.enable_rounding();
        LayoutTree { taffy, nodes: vec![None; capacity], root: None }
    }

    /// Computes the layout of the whole tree for a window of `size` frame pixels.
    pub fn compute(&mut self, size: (f32, f32), text: &mut TextEngine, scale: f32) {
        let Some(root) = self.root else { return };
        let available = Size {
            width: AvailableSpace::Definite(size.0),
            height: AvailableSpace::Definite(size.1),
        };
        let _ =
            self.taffy.compute_layout_with_measure(root, available, |inputs, _, leaf, style| {
                match leaf {
                    Some(leaf) => {
                        let leaf = *leaf;
                        taffy::compute_leaf_layout(
                            inputs,
                            style,
                            |_, _| 0.0,
                            |known, available| measure(&leaf, known, available, text, scale),
                        )
                    }
                    None => {
                        taffy::compute_leaf_layout(inputs, style, |_, _| 0.0, |_, _| Size::ZERO)
                    }
                }
            });
    }

    /// The element's layout (location relative to its parent's border box), when laid out.
    pub fn layout(&self, element: u32) -> Option<&taffy::Layout> {
        let node = (*self.nodes.get(element as usize)?)?;
        self.taffy.layout(node).ok()
    }
}

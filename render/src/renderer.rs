//! [`Renderer`]: runtime state in, pixels out. A full frame resolves every element's style,
//! builds the layout tree, lays out, places and paints everything. An incremental frame
//! ([`Renderer::update`]) takes the runtime's change records (and any interaction-state
//! change it sees), resolves only the touched elements (and the children of those whose
//! inherited properties changed), re-lays-out only when a layout input changed (taffy
//! recomputes only dirty nodes), and repaints only the damaged rectangles: the old and new
//! pixels of every element whose appearance or place changed.

use krb_format::{Document, ResourceKind};
use kryon_registry::element_ids;
use kryon_runtime::{ElementChange, ElementTree, Runtime, Variables};
use rustc_hash::FxHashMap;
use tiny_skia::Pixmap;

use crate::cascade::{registry_base, Cascade};
use crate::damage::{self, Damage};
use crate::geometry::IRect;
use crate::hit_test;
use crate::image_cache::{ImageCache, ResourceLoader};
use crate::layout::{content_of, taffy_style, LayoutTree, Leaf};
use crate::paint::Painter;
use crate::restyle::Resolver;
use crate::scene::{self, Node, MAX_DEPTH};
use crate::sheet::{self, Declarations, StyleSheet};
use crate::style::ComputedStyle;
use crate::text::{TextEngine, TextWidth};
use crate::values::{Length, UnitContext};
use crate::Warnings;

/// The widest or tallest frame (larger window sizes are clamped, with a warning).
pub const MAX_FRAME_SIDE: u32 = 8192;
/// The most pixels a frame may have.
pub const MAX_FRAME_PIXELS: u64 = 32 * 1024 * 1024;
/// The window size of an app that sets none (the registry's defaults).
pub const DEFAULT_WINDOW: (f32, f32) = (800.0, 600.0);

/// How the host wants frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// The window size in logical pixels, overriding the App's `window_width`/`height`.
    pub size: Option<(u32, u32)>,
    /// Frame pixels per logical pixel (0.25–8).
    pub scale: f32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { size: None, scale: 1.0 }
    }
}

/// What the renderer reads: the document, the element tree and the variables, as a runtime
/// holds them (see [`AppView::new`]).
#[derive(Clone, Copy)]
pub struct AppView<'a> {
    pub document: &'a Document,
    pub tree: &'a ElementTree,
    pub variables: &'a dyn Variables,
}

impl<'a> AppView<'a> {
    pub fn new(
        document: &'a Document,
        tree: &'a ElementTree,
        variables: &'a dyn Variables,
    ) -> Self {
        AppView { document, tree, variables }
    }
}

/// What a frame did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrameInfo {
    /// Everything was resolved, laid out and painted again.
    pub full: bool,
    /// Layout ran.
    pub relayout: bool,
    /// The repainted regions, frame pixels (empty: nothing changed on screen).
    pub damage: Vec<IRect>,
}

/// One element's box in logical pixels (border box, relative to the window).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutBox {
    pub index: u32,
    pub id: Option<String>,
    pub type_name: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// Whether it is laid out and visible.
    pub shown: bool,
}

struct SceneState {
    nodes: Vec<Node>,
    layout: LayoutTree,
    sheet: StyleSheet,
    own_sets: Vec<Vec<(u32, Declarations)>>,
    root: Option<u32>,
    /// Element parents, to notice a different app.
    parents: Vec<Option<u32>>,
    frame: (u32, u32),
    ctx: UnitContext,
}

/// The renderer: layout, text, painting, hit testing and damage for one app view.
pub struct Renderer {
    options: RenderOptions,
    loader: Box<dyn ResourceLoader>,
    text: TextEngine,
    images: ImageCache,
    scene: Option<SceneState>,
    pixmap: Pixmap,
    warnings: Warnings,
    host_scroll: FxHashMap<u32, (f32, f32)>,
    fonts_loaded: Vec<String>,
    base: Option<(UnitContext, ComputedStyle)>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("options", &self.options)
            .field("frame", &(self.pixmap.width(), self.pixmap.height()))
            .finish()
    }
}

fn frame_size(window: (f32, f32), scale: f32, warnings: &mut Warnings) -> (u32, u32) {
    let mut side = |v: f32| {
        let px = (v * scale).round();
        if !px.is_finite() || px < 1.0 {
            1
        } else if px > MAX_FRAME_SIDE as f32 {
            warnings.add(format!(
                "the window ({} × {}) is larger than the renderer draws; clamped to {MAX_FRAME_SIDE} pixels a side",
                window.0, window.1
            ));
            MAX_FRAME_SIDE
        } else {
            px as u32
        }
    };
    let (mut w, mut h) = (side(window.0), side(window.1));
    while w as u64 * h as u64 > MAX_FRAME_PIXELS {
        warnings.add(format!("the window has more than {MAX_FRAME_PIXELS} pixels; clamped"));
        w = (w / 2).max(1);
        h = (h / 2).max(1);
    }
    (w, h)
}

impl Renderer {
    /// A renderer that reads the app's images and fonts through `loader`.
    pub fn new(loader: impl ResourceLoader + 'static, options: RenderOptions) -> Renderer {
        let scale = if options.scale.is_finite() { options.scale.clamp(0.25, 8.0) } else { 1.0 };
        Renderer {
            options: RenderOptions { scale, ..options },
            loader: Box::new(loader),
            text: TextEngine::new(),
            images: ImageCache::default(),
            scene: None,
            pixmap: Pixmap::new(1, 1).expect("a 1×1 pixmap"),
            warnings: Warnings::default(),
            host_scroll: FxHashMap::default(),
            fonts_loaded: Vec::new(),
            base: None,
        }
    }

    pub fn options(&self) -> RenderOptions {
        self.options
    }

    /// The last frame (premultiplied RGBA).
    pub fn frame(&self) -> &Pixmap {
        &self.pixmap
    }

    /// Warnings since the last call (missing images and fonts, clamped sizes), each once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.warnings.take()
    }

    /// A full frame of the runtime's app.
    pub fn render_runtime(&mut self, runtime: &Runtime) -> FrameInfo {
        let tree = runtime.tree();
        self.render(AppView::new(runtime.document(), &tree, runtime.shared()))
    }

    /// An incremental frame of the runtime's app after `changes`.
    pub fn update_runtime(&mut self, runtime: &Runtime, changes: &[ElementChange]) -> FrameInfo {
        let tree = runtime.tree();
        self.update(AppView::new(runtime.document(), &tree, runtime.shared()), changes)
    }

    fn load_fonts(&mut self, doc: &Document) {
        for r in doc.resources.iter().filter(|r| r.kind == ResourceKind::Font) {
            let path = doc.str(r.path).to_string();
            if self.fonts_loaded.contains(&path) {
                continue;
            }
            self.fonts_loaded.push(path.clone());
            let family = r.name.map(|n| doc.str(n));
            match self.loader.load(&path).and_then(|bytes| self.text.add_font(family, bytes)) {
                Ok(()) => {}
                Err(e) => self.warnings.add(format!("font `{path}`: {e}")),
            }
        }
    }

    fn base_style(&mut self, ctx: &UnitContext) -> ComputedStyle {
        match &self.base {
            Some((c, style)) if c == ctx => style.clone(),
            _ => {
                let style = registry_base(ctx);
                self.base = Some((*ctx, style.clone()));
                style
            }
        }
    }

    /// The root element: the first `App` without a parent, else the first element.
    fn root_of(tree: &ElementTree) -> Option<u32> {
        let elements = tree.elements();
        elements
            .iter()
            .position(|e| e.parent.is_none() && e.kind == element_ids::APP)
            .or_else(|| elements.first().filter(|e| e.parent.is_none()).map(|_| 0))
            .map(|i| i as u32)
    }

    /// The window size (logical pixels) the options or the App ask for.
    fn window(&mut self, view: &AppView<'_>, root: Option<u32>, sheet: &StyleSheet) -> (f32, f32) {
        if let Some((w, h)) = self.options.size {
            return (w as f32, h as f32);
        }
        let Some(root) = root else { return DEFAULT_WINDOW };
        let Some(element) = view.tree.get(root) else { return DEFAULT_WINDOW };
        let ctx = UnitContext {
            font_size: 14.0,
            root_font_size: 14.0,
            viewport: DEFAULT_WINDOW,
            scale: 1.0,
        };
        let base = registry_base(&ctx);
        let cascade = Cascade { sheet, base: &base, ctx };
        let (style, _) = cascade.compute(element, &[], None);
        let side = |l: Option<Length>, default: f32| match l {
            Some(Length::Px(v)) if v >= 1.0 => v,
            Some(Length::Percent(p)) if p > 0.0 => default * p,
            _ => default,
        };
        (side(style.window[0], DEFAULT_WINDOW.0), side(style.window[1], DEFAULT_WINDOW.1))
    }

    /// A full frame: every element resolved, laid out and painted.
    pub fn render(&mut self, view: AppView<'_>) -> FrameInfo {
        self.load_fonts(view.document);
        let sheet = StyleSheet::new(view.document, view.variables);
        let elements = view.tree.elements();
        let count = elements.len();
        let root = Self::root_of(view.tree);
        let window = self.window(&view, root, &sheet);
        let scale = self.options.scale;
        let frame = frame_size(window, scale, &mut self.warnings);
        let mut ctx = UnitContext {
            font_size: 14.0 * scale,
            root_font_size: 14.0 * scale,
            viewport: (frame.0 as f32, frame.1 as f32),
            scale,
        };
        let base = self.base_style(&ctx);
        self.text.retain(count);
        // Structure: parents, depth, attachment, children lists.
        let mut nodes: Vec<Node> = Vec::with_capacity(count);
        let mut parents = Vec::with_capacity(count);
        let mut too_deep = false;
        for (i, e) in elements.iter().enumerate() {
            let parent = e.parent.filter(|p| (*p as usize) < i);
            parents.push(e.parent);
            let mut node = Node::new(e.kind, parent, base.clone());
            match parent.map(|p| &nodes[p as usize]) {
                Some(p) if p.attached => {
                    node.depth = p.depth + 1;
                    node.attached = node.depth <= MAX_DEPTH;
                    too_deep |= !node.attached;
                }
                Some(_) => {}
                None => node.attached = Some(i as u32) == root,
            }
            if node.attached {
                if let Some(p) = parent {
                    nodes[p as usize].layout_children.push(i as u32);
                }
            }
            nodes.push(node);
        }
        if too_deep {
            self.warnings
                .add(format!("elements nested deeper than {MAX_DEPTH} levels are not shown"));
        }
        let own_sets: Vec<Vec<(u32, Declarations)>> = view
            .document
            .elements
            .iter()
            .take(count)
            .map(|e| sheet::state_sets(view.document, e.state_sets, view.variables))
            .chain(std::iter::repeat_with(Vec::new))
            .take(count)
            .collect();
        // Styles, parents first (pre-order).
        {
            let cascade_ctx = ctx;
            let cascade = Cascade { sheet: &sheet, base: &base, ctx: cascade_ctx };
            let mut resolver = Resolver {
                cascade: &cascade,
                tree: view.tree,
                text: &mut self.text,
                images: &mut self.images,
                loader: &*self.loader,
                warnings: &mut self.warnings,
            };
            for i in 0..count {
                if !nodes[i].attached {
                    continue;
                }
                let (before, rest) = nodes.split_at_mut(i);
                let parent = rest[0].parent.map(|p| &before[p as usize].style);
                resolver.resolve(i as u32, &mut rest[0], &own_sets[i], parent);
            }
        }
        if let Some(r) = root {
            ctx.root_font_size = nodes[r as usize].style.text.font_size;
        }
        for i in 0..count {
            sort_children(&mut nodes, i);
        }
        // Layout.
        let mut layout = LayoutTree::new(count);
        for i in 0..count {
            if !nodes[i].attached {
                continue;
            }
            let style = node_taffy_style(&nodes, i, root, frame, &ctx);
            let leaf = Leaf {
                element: i as u32,
                content: content_of(nodes[i].widget, nodes[i].text.is_some(), nodes[i].image),
            };
            layout.nodes[i] = layout.taffy.new_leaf_with_context(style, leaf).ok();
        }
        for i in 0..count {
            set_layout_children(&mut layout, &nodes, i);
        }
        layout.root = root.and_then(|r| layout.nodes[r as usize]);
        layout.compute((frame.0 as f32, frame.1 as f32), &mut self.text, scale);
        let mut state = SceneState { nodes, layout, sheet, own_sets, root, parents, frame, ctx };
        self.place(&mut state);
        if self.pixmap.width() != frame.0 || self.pixmap.height() != frame.1 {
            self.pixmap = Pixmap::new(frame.0, frame.1).expect("frame size is clamped");
        }
        let full = IRect::from_size(frame.0, frame.1);
        self.paint(&state, &[full]);
        self.scene = Some(state);
        FrameInfo { full: true, relayout: true, damage: vec![full] }
    }

    /// Places the nodes from the layout, measures their text at its final width, and computes
    /// the pixels each paints.
    fn place(&mut self, state: &mut SceneState) {
        let host = &self.host_scroll;
        let frame = IRect::from_size(state.frame.0, state.frame.1);
        scene::place(&mut state.nodes, &state.layout, frame, &|i| host.get(&i).copied());
        for (i, n) in state.nodes.iter_mut().enumerate() {
            // Measured before at this width, and the text has not changed since.
            if n.text_measured == Some(n.content.w) && n.text.is_some() {
                continue;
            }
            n.text_measured = n.text.as_ref().map(|_| n.content.w);
            n.text_size = match (&n.text, n.attached) {
                (Some(_), true) => {
                    let width = match n.widget {
                        crate::widgets::WidgetKind::Checkbox
                        | crate::widgets::WidgetKind::Radio => {
                            let s = state.ctx.scale;
                            n.content.w
                                - (crate::widgets::INDICATOR + crate::widgets::INDICATOR_GAP) * s
                        }
                        _ => n.content.w,
                    };
                    Some(self.text.measure(i as u32, TextWidth::Definite(width.max(0.0))))
                }
                _ => None,
            };
            n.text_ink = match (n.widget, n.text_size) {
                (crate::widgets::WidgetKind::Text, Some(size)) => self
                    .text
                    .ink(i as u32, n.content.w.max(0.0))
                    .map(|(left, right)| (left, right, size.height)),
                _ => None,
            };
        }
        scene::bounds(&mut state.nodes);
    }

    fn paint(&mut self, state: &SceneState, regions: &[IRect]) {
        let mut painter = Painter {
            nodes: &state.nodes,
            text: &mut self.text,
            images: &self.images,
            scale: state.ctx.scale,
        };
        for region in regions {
            painter.paint_region(&mut self.pixmap, *region, state.root);
        }
    }

    /// An incremental frame after `changes` (a dispatch's `DispatchOutcome::changes`): only
    /// what they touch, and elements whose interaction state changed, are resolved again;
    /// only the damaged rectangles are repainted. Falls back to a full frame when the app's
    /// structure or window size changed, or before the first frame.
    pub fn update(&mut self, view: AppView<'_>, changes: &[ElementChange]) -> FrameInfo {
        let Some(mut state) = self.scene.take() else { return self.render(view) };
        let elements = view.tree.elements();
        let same_structure = elements.len() == state.parents.len()
            && elements.iter().zip(&state.parents).all(|(e, p)| e.parent == *p);
        if !same_structure {
            return self.render(view);
        }
        let count = elements.len();
        let mut dirty = vec![false; count];
        // Children whose taffy style depends on a parent that changed (`layout: absolute`).
        let mut force_layout = vec![false; count];
        for i in damage::touched(changes) {
            if let Some(d) = dirty.get_mut(i as usize) {
                *d = true;
            }
        }
        // Interaction states a host set, and anything else the records do not carry.
        for (i, e) in elements.iter().enumerate() {
            let n = &state.nodes[i];
            if n.attached
                && (n.states != e.states()
                    || n.disabled != e.disabled
                    || n.checked != (e.checked == Some(true))
                    || n.caret != e.caret)
            {
                dirty[i] = true;
            }
        }
        let sheet = StyleSheet::new(view.document, view.variables);
        let changed_styles = sheet.changed_since(&state.sheet);
        if !changed_styles.is_empty() {
            for (i, e) in elements.iter().enumerate() {
                if e.styles.iter().any(|s| changed_styles.contains(s)) {
                    dirty[i] = true;
                }
            }
        }
        state.sheet = sheet;
        let base = self.base_style(&state.ctx);
        let mut damage = Damage::default();
        let mut relayout = false;
        let mut window_changed = false;
        let mut resort = Vec::new();
        {
            let cascade = Cascade { sheet: &state.sheet, base: &base, ctx: state.ctx };
            let mut resolver = Resolver {
                cascade: &cascade,
                tree: view.tree,
                text: &mut self.text,
                images: &mut self.images,
                loader: &*self.loader,
                warnings: &mut self.warnings,
            };
            for i in 0..count {
                if !dirty[i] || !state.nodes[i].attached {
                    continue;
                }
                if let Some(e) = view.document.elements.get(i) {
                    state.own_sets[i] =
                        sheet::state_sets(view.document, e.state_sets, view.variables);
                }
                let (before, rest) = state.nodes.split_at_mut(i);
                let node = &mut rest[0];
                let parent = node.parent.map(|p| &before[p as usize].style);
                let (old_bounds, old_subtree, was_visible, old_window) =
                    (node.bounds, node.subtree, node.style.paint.visible, node.style.window);
                let changed = resolver.resolve(i as u32, node, &state.own_sets[i], parent);
                if Some(i as u32) == state.root && node.style.window != old_window {
                    window_changed = true;
                }
                if changed.children {
                    for &c in &state.nodes[i].layout_children {
                        dirty[c as usize] = true;
                        force_layout[c as usize] = true;
                    }
                }
                if changed.order {
                    if let Some(p) = state.nodes[i].parent {
                        resort.push(p as usize);
                    }
                }
                if changed.paint || changed.layout {
                    damage.add(old_bounds);
                }
                if was_visible != state.nodes[i].style.paint.visible {
                    damage.add(old_subtree);
                }
                if changed.layout || force_layout[i] {
                    relayout = true;
                    let style =
                        node_taffy_style(&state.nodes, i, state.root, state.frame, &state.ctx);
                    if let Some(id) = state.layout.nodes[i] {
                        let _ = state.layout.taffy.set_style(id, style);
                        let n = &state.nodes[i];
                        let leaf = Leaf {
                            element: i as u32,
                            content: content_of(n.widget, n.text.is_some(), n.image),
                        };
                        let _ = state.layout.taffy.set_node_context(id, Some(leaf));
                        if changed.content {
                            let _ = state.layout.taffy.mark_dirty(id);
                        }
                    }
                }
            }
        }
        if window_changed && self.options.size.is_none() {
            self.scene = Some(state);
            return self.render(view);
        }
        for p in resort {
            sort_children(&mut state.nodes, p);
            set_layout_children(&mut state.layout, &state.nodes, p);
            damage.add(state.nodes[p].subtree);
            relayout = true;
        }
        let before: Vec<(crate::geometry::Rect, IRect, (f32, f32), IRect)> =
            state.nodes.iter().map(|n| (n.rect, n.clip, n.scroll, n.bounds)).collect();
        if relayout {
            let scale = state.ctx.scale;
            state.layout.compute(
                (state.frame.0 as f32, state.frame.1 as f32),
                &mut self.text,
                scale,
            );
        }
        self.place(&mut state);
        for (i, n) in state.nodes.iter().enumerate() {
            let (rect, clip, scroll, bounds) = before[i];
            if n.rect != rect || n.clip != clip || n.scroll != scroll || n.bounds != bounds {
                damage.add(bounds);
                damage.add(n.bounds);
            } else if dirty[i] {
                damage.add(n.bounds);
            }
        }
        let frame = IRect::from_size(state.frame.0, state.frame.1);
        let regions = damage.regions(frame);
        self.paint(&state, &regions);
        self.scene = Some(state);
        FrameInfo { full: false, relayout, damage: regions }
    }

    /// Scrolls a scrolling element to (`x`, `y`) logical pixels (clamped to its content) and
    /// repaints what moved. A host calls it for wheel events.
    pub fn scroll_to(&mut self, element: u32, x: f32, y: f32) -> FrameInfo {
        let Some(mut state) = self.scene.take() else { return FrameInfo::default() };
        let s = state.ctx.scale;
        let (x, y) =
            (if x.is_finite() { x * s } else { 0.0 }, if y.is_finite() { y * s } else { 0.0 });
        self.host_scroll.insert(element, (x, y));
        let before: Vec<IRect> = state.nodes.iter().map(|n| n.bounds).collect();
        let rects: Vec<_> = state.nodes.iter().map(|n| (n.rect, n.scroll)).collect();
        self.place(&mut state);
        let mut damage = Damage::default();
        for (i, n) in state.nodes.iter().enumerate() {
            if (n.rect, n.scroll) != rects[i] || n.bounds != before[i] {
                damage.add(before[i]);
                damage.add(n.bounds);
            }
        }
        let regions = damage.regions(IRect::from_size(state.frame.0, state.frame.1));
        self.paint(&state, &regions);
        self.scene = Some(state);
        FrameInfo { full: false, relayout: false, damage: regions }
    }

    /// The scroll offset of an element (logical pixels) and its largest.
    pub fn scroll_of(&self, element: u32) -> Option<((f32, f32), (f32, f32))> {
        let state = self.scene.as_ref()?;
        let n = state.nodes.get(element as usize)?;
        let s = state.ctx.scale;
        Some(((n.scroll.0 / s, n.scroll.1 / s), (n.max_scroll.0 / s, n.max_scroll.1 / s)))
    }

    /// The topmost element that takes input at (`x`, `y`) frame pixels.
    pub fn hit_test(&self, x: f32, y: f32) -> Option<u32> {
        self.hit_path(x, y).first().copied()
    }

    /// The elements under (`x`, `y`) frame pixels, topmost first, for an event to bubble
    /// along; empty when nothing takes input there (a disabled element blocks it).
    pub fn hit_path(&self, x: f32, y: f32) -> Vec<u32> {
        match &self.scene {
            Some(state) => hit_test::hit_path(&state.nodes, state.root, x, y),
            None => Vec::new(),
        }
    }

    /// Every element's box in logical pixels, in element order (zero for elements that are
    /// not laid out).
    pub fn layout_boxes(&self, tree: &ElementTree) -> Vec<LayoutBox> {
        let Some(state) = &self.scene else { return Vec::new() };
        let s = state.ctx.scale;
        tree.elements()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let n = state.nodes.get(i);
                let r = n.map(|n| n.rect).unwrap_or_default();
                LayoutBox {
                    index: i as u32,
                    id: e.id.clone(),
                    type_name: e.type_name.to_string(),
                    x: r.x / s,
                    y: r.y / s,
                    width: r.w / s,
                    height: r.h / s,
                    shown: n.is_some_and(|n| n.shown() && state.layout.nodes[i].is_some()),
                }
            })
            .collect()
    }
}

/// Sorts a node's children: layout order by `order`, paint order by `z_index` (both stable).
fn sort_children(nodes: &mut [Node], i: usize) {
    let mut layout = std::mem::take(&mut nodes[i].layout_children);
    layout.sort_by_key(|&c| nodes[c as usize].style.boxed.order);
    let mut paint = layout.clone();
    // Tree order within the same z_index.
    paint.sort_by_key(|&c| (nodes[c as usize].style.paint.z_index, c));
    nodes[i].layout_children = layout;
    nodes[i].children = paint;
}

fn set_layout_children(layout: &mut LayoutTree, nodes: &[Node], i: usize) {
    let Some(id) = layout.nodes[i] else { return };
    let children: Vec<_> =
        nodes[i].layout_children.iter().filter_map(|&c| layout.nodes[c as usize]).collect();
    if !children.is_empty() {
        let _ = layout.taffy.set_children(id, &children);
    }
}

fn node_taffy_style(
    nodes: &[Node],
    i: usize,
    root: Option<u32>,
    frame: (u32, u32),
    ctx: &UnitContext,
) -> taffy::Style {
    let n = &nodes[i];
    let parent_places = n.parent.is_some_and(|p| nodes[p as usize].style.boxed.children_absolute);
    let window = (Some(i as u32) == root).then_some((frame.0 as f32, frame.1 as f32));
    let ctx = UnitContext { font_size: n.style.text.font_size, ..*ctx };
    let mut style = taffy_style(&n.style, n.kind, parent_places, window, &ctx);
    // The content of a scrolling element keeps its size: it scrolls instead of shrinking.
    let parent_scrolls = n.parent.is_some_and(|p| {
        nodes[p as usize].style.boxed.overflow.contains(&crate::style::Overflow::Scroll)
    });
    if parent_scrolls {
        style.flex_shrink = 0.0;
    }
    style
}

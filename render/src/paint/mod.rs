//! Painting with tiny-skia: each shown element in paint order (its children after it, stable
//! by `z_index`): shadow, background, background image, border, then what its widget draws
//! (text, indicator, image, ...), then its children clipped to its padding box when its
//! `overflow` clips. An element with `opacity` below 1 is painted into a layer composited at
//! that opacity.
//!
//! Every paint is limited to a region (the whole frame, or a damaged rectangle) by the
//! target's clip, and a pixel's value depends only on what covers it, so repainting a damaged
//! rectangle gives the same bytes as a full repaint.

pub mod blit;
pub mod raster;
pub mod shadow;
pub mod shapes;

use tiny_skia::{Mask, Pixmap, PixmapPaint, Transform};

use crate::geometry::{IRect, Rect};
use crate::image_cache::ImageCache;
use crate::scene::Node;
use crate::style::{Decoration, Fit, Overflow};
use crate::text::TextEngine;
use crate::widgets::{self, WidgetKind};
use blit::Target;

/// The colour a frame is cleared to before the App paints.
pub const WINDOW_BACKGROUND: [u8; 4] = [255, 255, 255, 255];

/// What painting reads.
pub struct Painter<'a> {
    pub nodes: &'a [Node],
    pub text: &'a mut TextEngine,
    pub images: &'a ImageCache,
    pub scale: f32,
}

/// A mask that is 255 in `clip` (frame pixels) and 0 elsewhere, for a pixmap at `origin`.
///
/// Painting always goes through a mask, even one that covers everything: tiny-skia's
/// anti-aliasing rounds differently with and without one, and a repainted region must come
/// out exactly as in a full frame.
pub fn clip_mask(pixmap: &Pixmap, origin: (i32, i32), clip: IRect) -> Option<Mask> {
    let area = IRect::new(
        origin.0,
        origin.1,
        origin.0 + pixmap.width() as i32,
        origin.1 + pixmap.height() as i32,
    );
    let clip = clip.intersect(&area);
    let mut mask = Mask::new(pixmap.width(), pixmap.height())?;
    let w = pixmap.width() as usize;
    let data = mask.data_mut();
    for y in clip.y0..clip.y1 {
        let row = (y - origin.1) as usize * w;
        let (a, b) = ((clip.x0 - origin.0) as usize, (clip.x1 - origin.0) as usize);
        data[row + a..row + b].fill(255);
    }
    Some(mask)
}

impl Painter<'_> {
    /// Repaints `region` (frame pixels) of `frame`, starting at the root element.
    pub fn paint_region(&mut self, frame: &mut Pixmap, region: IRect, root: Option<u32>) {
        let region = region.intersect(&IRect::from_size(frame.width(), frame.height()));
        if region.is_empty() {
            return;
        }
        let w = frame.width() as usize;
        let [r, g, b, a] = WINDOW_BACKGROUND;
        let clear = tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, a).expect("opaque");
        let pixels = frame.pixels_mut();
        for y in region.y0..region.y1 {
            let row = y as usize * w;
            pixels[row + region.x0 as usize..row + region.x1 as usize].fill(clear);
        }
        let Some(root) = root else { return };
        let mut target = Target::new(frame, (0, 0), region);
        self.node(root, &mut target);
    }

    fn node(&mut self, i: u32, target: &mut Target<'_>) {
        let Some(n) = self.nodes.get(i as usize) else { return };
        if !n.shown() || !n.subtree.intersects(&target.clip) {
            return;
        }
        let opacity = n.style.paint.opacity;
        if opacity <= 0.0 {
            return;
        }
        if opacity >= 1.0 {
            self.contents(i, target);
            return;
        }
        // The layer holds the whole subtree (not only the damaged part), so its pixels do not
        // depend on which region is repainted.
        let area = n.subtree;
        let Some(mut layer) = Pixmap::new(area.width(), area.height()) else { return };
        {
            let mut inner = Target::new(&mut layer, (area.x0, area.y0), area);
            self.contents(i, &mut inner);
        }
        let paint = PixmapPaint { opacity, ..PixmapPaint::default() };
        let (x, y) = (area.x0 - target.origin.0, area.y0 - target.origin.1);
        let (pixmap, mask) = target.parts();
        pixmap.draw_pixmap(x, y, layer.as_ref(), &paint, Transform::identity(), mask);
    }

    fn contents(&mut self, i: u32, target: &mut Target<'_>) {
        let n = &self.nodes[i as usize];
        self.paint_box(n, target);
        self.paint_widget(i, n, target);
        let clip = n.child_clip().intersect(&target.clip);
        if clip.is_empty() || n.children.is_empty() {
            self.scrollbar(n, target);
            return;
        }
        if clip == target.clip {
            for &c in &n.children {
                self.node(c, target);
            }
        } else {
            let mut inner = target.within(clip);
            for &c in &n.children {
                self.node(c, &mut inner);
            }
        }
        self.scrollbar(n, target);
    }

    fn paint_box(&mut self, n: &Node, target: &mut Target<'_>) {
        let p = &n.style.paint;
        if let Some(s) = &p.shadow {
            shadow::draw(target, &n.rect, p.radius, s);
        }
        shapes::fill_box(target, &n.rect, p.radius, p.background);
        if let Some(path) = &p.background_image {
            if let Some(image) = self.images.peek(path) {
                widgets::image::draw_fitted(target, image, &n.rect, &n.rect, p.radius, Fit::Cover);
            }
        }
        shapes::border(
            target,
            &n.rect,
            p.radius,
            n.style.border_widths(),
            p.border_style,
            p.border_color,
        );
    }

    fn paint_widget(&mut self, i: u32, n: &Node, target: &mut Target<'_>) {
        match n.widget {
            WidgetKind::Plain => {}
            WidgetKind::Text => {
                let color = n.style.paint.text_color;
                self.draw_text(i, n, target, n.content.x, n.content.y, n.content.w, color);
            }
            WidgetKind::Button => widgets::button::paint(self, i, n, target),
            WidgetKind::TextInput { .. } => widgets::input::paint(self, i, n, target),
            WidgetKind::Checkbox | WidgetKind::Radio => widgets::toggle::paint(self, i, n, target),
            WidgetKind::Slider => widgets::slider::paint(n, target, self.scale),
            WidgetKind::Image => widgets::image::paint(self.images, n, target),
        }
    }

    /// Draws the element's text at (`x`, `y`) laid out at `width`, with its decoration.
    #[allow(clippy::too_many_arguments)]
    pub fn draw_text(
        &mut self,
        i: u32,
        n: &Node,
        target: &mut Target<'_>,
        x: f32,
        y: f32,
        width: f32,
        color: [u8; 4],
    ) {
        if n.text.is_none() {
            return;
        }
        let origin = (x.round() as i32, y.round() as i32);
        if self.text.draw(i, width.max(0.0), origin, color, target).is_none() {
            return;
        }
        let decoration = n.style.paint.decoration;
        if decoration == Decoration::None {
            return;
        }
        let size = n.style.text.font_size;
        let thickness = (size / 14.0).round().max(1.0);
        for (baseline, left, w) in self.text.lines(i) {
            let dy = match decoration {
                Decoration::Underline => baseline + (size * 0.12).round(),
                Decoration::LineThrough => baseline - (size * 0.3).round(),
                _ => baseline - (size * 0.8).round(),
            };
            let line =
                Rect::new(origin.0 as f32 + left, origin.1 as f32 + dy, w.max(0.0), thickness);
            shapes::fill_box(target, &line, [0.0; 4], color);
        }
    }

    /// A thin scroll position indicator for a scrolling element whose content overflows.
    fn scrollbar(&self, n: &Node, target: &mut Target<'_>) {
        let b = &n.style.boxed;
        let color = [0, 0, 0, 0x50];
        let thickness = 4.0 * self.scale;
        let pb = &n.padding_box;
        if b.overflow[1] == Overflow::Scroll && n.max_scroll.1 > 0.0 && pb.h > 0.0 {
            let total = pb.h + n.max_scroll.1;
            let len = (pb.h * pb.h / total).max(thickness * 2.0).min(pb.h);
            let y = pb.y + (pb.h - len) * (n.scroll.1 / n.max_scroll.1);
            let bar = Rect::new(pb.right() - thickness - 1.0, y, thickness, len);
            shapes::fill_box(target, &bar, [thickness / 2.0; 4], color);
        }
        if b.overflow[0] == Overflow::Scroll && n.max_scroll.0 > 0.0 && pb.w > 0.0 {
            let total = pb.w + n.max_scroll.0;
            let len = (pb.w * pb.w / total).max(thickness * 2.0).min(pb.w);
            let x = pb.x + (pb.w - len) * (n.scroll.0 / n.max_scroll.0);
            let bar = Rect::new(x, pb.bottom() - thickness - 1.0, len, thickness);
            shapes::fill_box(target, &bar, [thickness / 2.0; 4], color);
        }
    }
}

#[cfg(test)]
mod mask_tests {
    use super::*;

    /// What tiny-skia draws through a mask of a region is what it draws through a mask of the
    /// whole pixmap, there (without any mask it would round edges differently).
    #[test]
    fn a_region_mask_draws_what_a_full_mask_draws_there() {
        let draw = |clip: IRect| {
            let mut pixmap = Pixmap::new(40, 40).unwrap();
            pixmap.fill(tiny_skia::Color::WHITE);
            let mut t = Target::new(&mut pixmap, (0, 0), clip);
            shapes::polyline(
                &mut t,
                &[(3.3, 5.0), (20.7, 33.1), (36.0, 2.5)],
                3.5,
                [10, 100, 200, 200],
            );
            let dashed = Rect::new(4.5, 4.5, 30.0, 20.0);
            shapes::border(
                &mut t,
                &dashed,
                [6.0; 4],
                [2.0; 4],
                crate::style::BorderStyle::Dashed,
                [0, 0, 0, 255],
            );
            pixmap
        };
        let whole = draw(IRect::from_size(40, 40));
        let part = draw(IRect::new(8, 3, 31, 29));
        for y in 3..29 {
            for x in 8..31 {
                assert_eq!(whole.pixel(x, y), part.pixel(x, y), "({x}, {y})");
            }
        }
    }
}

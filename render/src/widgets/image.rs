//! Images: the decoded file fitted into the content box (`fit`: contain, cover, fill, none,
//! scale-down; `keep_aspect: false` is fill), clipped to the box's rounded corners; a file
//! that did not load shows a crossed placeholder.

use std::sync::Arc;

use tiny_skia::{FillRule, FilterQuality, Paint, Pattern, Pixmap, SpreadMode, Transform};

use crate::geometry::Rect;
use crate::image_cache::ImageCache;
use crate::paint::blit::Target;
use crate::paint::shapes;
use crate::scene::Node;
use crate::style::Fit;

const PLACEHOLDER: [u8; 4] = [0xe8, 0xe8, 0xe8, 0xff];
const PLACEHOLDER_EDGE: [u8; 4] = [0xb0, 0xb0, 0xb0, 0xff];

/// The fit of an element: `fit`, else fill when `keep_aspect` is false, else contain.
pub fn fit_of(n: &Node) -> Fit {
    match (n.style.widget.fit, n.style.widget.keep_aspect) {
        (Some(f), _) => f,
        (None, Some(false)) => Fit::Fill,
        _ => Fit::Contain,
    }
}

/// Where an image of `natural` size (frame pixels) lands in `area`.
pub fn fitted(area: &Rect, natural: (f32, f32), fit: Fit) -> Rect {
    let (iw, ih) = (natural.0.max(1.0), natural.1.max(1.0));
    let scale = match fit {
        Fit::Fill => return *area,
        Fit::Contain => (area.w / iw).min(area.h / ih),
        Fit::Cover => (area.w / iw).max(area.h / ih),
        Fit::None => 1.0,
        Fit::ScaleDown => (area.w / iw).min(area.h / ih).min(1.0),
    };
    let (w, h) = (iw * scale, ih * scale);
    Rect::new(area.x + (area.w - w) / 2.0, area.y + (area.h - h) / 2.0, w, h)
}

/// Draws `image` fitted into `area` at its natural size `natural`, clipped to `clip` with
/// rounded corners `radii`.
pub fn draw_sized(
    target: &mut Target<'_>,
    image: &Pixmap,
    natural: (f32, f32),
    area: &Rect,
    clip: &Rect,
    radii: [f32; 4],
    fit: Fit,
) {
    let dest = fitted(area, natural, fit);
    let shown = Rect::new(
        dest.x.max(clip.x),
        dest.y.max(clip.y),
        dest.right().min(clip.right()) - dest.x.max(clip.x),
        dest.bottom().min(clip.bottom()) - dest.y.max(clip.y),
    );
    let Some(path) = shapes::round_rect(&shown, radii) else { return };
    let sx = dest.w / image.width().max(1) as f32;
    let sy = dest.h / image.height().max(1) as f32;
    if !(sx.is_finite() && sy.is_finite() && sx > 0.0 && sy > 0.0) {
        return;
    }
    let quality =
        if sx == 1.0 && sy == 1.0 { FilterQuality::Nearest } else { FilterQuality::Bilinear };
    let shader = Pattern::new(
        image.as_ref(),
        SpreadMode::Pad,
        quality,
        1.0,
        Transform::from_row(sx, 0.0, 0.0, sy, dest.x, dest.y),
    );
    let paint = Paint { shader, ..Paint::default() };
    let transform = target.transform();
    let (pixmap, mask) = target.parts();
    pixmap.fill_path(&path, &paint, FillRule::Winding, transform, mask);
}

/// [`draw_sized`] at the image's pixel size.
pub fn draw_fitted(
    target: &mut Target<'_>,
    image: &Arc<Pixmap>,
    area: &Rect,
    clip: &Rect,
    radii: [f32; 4],
    fit: Fit,
) {
    let natural = (image.width() as f32, image.height() as f32);
    draw_sized(target, image, natural, area, clip, radii, fit);
}

pub fn paint(images: &ImageCache, n: &Node, target: &mut Target<'_>) {
    let radii = n.style.paint.radius;
    let image = n.style.widget.src.as_deref().and_then(|p| images.peek(p));
    match (image, n.image) {
        (Some(image), Some(natural)) => {
            draw_sized(target, image, natural, &n.content, &n.content, radii, fit_of(n))
        }
        _ if n.image_missing => placeholder(target, &n.content),
        _ => {}
    }
}

fn placeholder(target: &mut Target<'_>, area: &Rect) {
    if area.is_empty() {
        return;
    }
    shapes::fill_box(target, area, [0.0; 4], PLACEHOLDER);
    shapes::border(
        target,
        area,
        [0.0; 4],
        [1.0; 4],
        crate::style::BorderStyle::Solid,
        PLACEHOLDER_EDGE,
    );
    let (x0, y0, x1, y1) = (area.x + 1.0, area.y + 1.0, area.right() - 1.0, area.bottom() - 1.0);
    shapes::polyline(target, &[(x0, y0), (x1, y1)], 1.0, PLACEHOLDER_EDGE);
    shapes::polyline(target, &[(x0, y1), (x1, y0)], 1.0, PLACEHOLDER_EDGE);
}

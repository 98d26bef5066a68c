//! Shapes: boxes, borders (an outer minus an inner rounded rectangle) and circles through
//! `raster.rs`; dashed and dotted borders and polylines as tiny-skia paths, clipped by the
//! target's mask.

use tiny_skia::{Paint, Path, PathBuilder, Stroke, StrokeDash};

use crate::geometry::Rect;
use crate::paint::blit::Target;
use crate::paint::raster;
use crate::style::BorderStyle;

/// How far a cubic's control points sit along a quarter circle (4/3·tan(π/8)).
const KAPPA: f32 = 0.552_284_8;

pub fn color(c: [u8; 4]) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c[0], c[1], c[2], c[3])
}

pub fn solid(c: [u8; 4]) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(c));
    paint
}

/// Radii that fit the box (CSS: scaled down together when two corners overlap).
pub fn fit_radii(rect: &Rect, radii: [f32; 4]) -> [f32; 4] {
    let [tl, tr, br, bl] = radii.map(|r| r.max(0.0));
    let mut f: f32 = 1.0;
    for (sum, side) in [(tl + tr, rect.w), (bl + br, rect.w), (tl + bl, rect.h), (tr + br, rect.h)]
    {
        if sum > side && sum > 0.0 {
            f = f.min(side / sum);
        }
    }
    [tl * f, tr * f, br * f, bl * f]
}

/// Adds a rounded rectangle to a path (clockwise).
pub fn push_round_rect(pb: &mut PathBuilder, rect: &Rect, radii: [f32; 4]) {
    let [tl, tr, br, bl] = fit_radii(rect, radii);
    let (x0, y0, x1, y1) = (rect.x, rect.y, rect.right(), rect.bottom());
    pb.move_to(x0 + tl, y0);
    pb.line_to(x1 - tr, y0);
    if tr > 0.0 {
        pb.cubic_to(x1 - tr + tr * KAPPA, y0, x1, y0 + tr - tr * KAPPA, x1, y0 + tr);
    }
    pb.line_to(x1, y1 - br);
    if br > 0.0 {
        pb.cubic_to(x1, y1 - br + br * KAPPA, x1 - br + br * KAPPA, y1, x1 - br, y1);
    }
    pb.line_to(x0 + bl, y1);
    if bl > 0.0 {
        pb.cubic_to(x0 + bl - bl * KAPPA, y1, x0, y1 - bl + bl * KAPPA, x0, y1 - bl);
    }
    pb.line_to(x0, y0 + tl);
    if tl > 0.0 {
        pb.cubic_to(x0, y0 + tl - tl * KAPPA, x0 + tl - tl * KAPPA, y0, x0 + tl, y0);
    }
    pb.close();
}

pub fn round_rect(rect: &Rect, radii: [f32; 4]) -> Option<Path> {
    if rect.is_empty() || !rect.x.is_finite() || !rect.y.is_finite() {
        return None;
    }
    let mut pb = PathBuilder::new();
    push_round_rect(&mut pb, rect, radii);
    pb.finish()
}

/// Fills a (rounded) rectangle.
pub fn fill_box(target: &mut Target<'_>, rect: &Rect, radii: [f32; 4], c: [u8; 4]) {
    if c[3] == 0 || rect.is_empty() {
        return;
    }
    raster::fill(target, rect, radii, c);
}

/// Draws a border of `widths` (top, right, bottom, left) inside `rect`.
pub fn border(
    target: &mut Target<'_>,
    rect: &Rect,
    radii: [f32; 4],
    widths: [f32; 4],
    style: BorderStyle,
    c: [u8; 4],
) {
    if c[3] == 0 || widths.iter().all(|w| *w <= 0.0) || rect.is_empty() {
        return;
    }
    let uniform = widths.iter().all(|w| *w == widths[0]);
    if matches!(style, BorderStyle::Dashed | BorderStyle::Dotted) && uniform {
        let w = widths[0];
        let middle = rect.inset([w / 2.0; 4]);
        let radii = fit_radii(rect, radii).map(|r| (r - w / 2.0).max(0.0));
        let Some(path) = round_rect(&middle, radii) else { return };
        let dash = if style == BorderStyle::Dotted { vec![w, w] } else { vec![w * 3.0, w * 2.0] };
        let stroke = Stroke { width: w, dash: StrokeDash::new(dash, 0.0), ..Stroke::default() };
        let transform = target.transform();
        let paint = solid(c);
        let (pixmap, mask) = target.parts();
        pixmap.stroke_path(&path, &paint, &stroke, transform, mask);
        return;
    }
    let outer_radii = fit_radii(rect, radii);
    let inner = rect.inset(widths);
    let inner_radii = [
        (outer_radii[0] - widths[0].max(widths[3])).max(0.0),
        (outer_radii[1] - widths[0].max(widths[1])).max(0.0),
        (outer_radii[2] - widths[2].max(widths[1])).max(0.0),
        (outer_radii[3] - widths[2].max(widths[3])).max(0.0),
    ];
    raster::ring(target, rect, outer_radii, &inner, inner_radii, c);
}

/// Fills a circle.
pub fn circle(target: &mut Target<'_>, cx: f32, cy: f32, r: f32, c: [u8; 4]) {
    if r <= 0.0 || c[3] == 0 {
        return;
    }
    raster::fill(target, &Rect::new(cx - r, cy - r, 2.0 * r, 2.0 * r), [r; 4], c);
}

/// Strokes a polyline (the tick of a checkbox).
pub fn polyline(target: &mut Target<'_>, points: &[(f32, f32)], width: f32, c: [u8; 4]) {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    let Some(path) = pb.finish() else { return };
    let stroke = Stroke {
        width,
        line_cap: tiny_skia::LineCap::Round,
        line_join: tiny_skia::LineJoin::Round,
        ..Stroke::default()
    };
    let transform = target.transform();
    let (pixmap, mask) = target.parts();
    pixmap.stroke_path(&path, &solid(c), &stroke, transform, mask);
}

//! Boxes drawn by the renderer itself: (rounded) rectangles and rings (borders) with
//! anti-aliased edges from the signed distance to the shape at each pixel's centre, the
//! inside of each row filled as one run. Most of a frame is boxes, and this is several times
//! faster than general path filling; it is exact and independent of which region is drawn,
//! since each pixel's value depends only on its own position.

use crate::geometry::{IRect, Rect};
use crate::paint::blit::{mul255, premultiply, Target};

/// Corner radii that fit the box, as `shapes::fit_radii`.
use crate::paint::shapes::fit_radii;

/// The signed distance from (`px`, `py`) to the rounded rectangle (negative inside).
fn distance(px: f32, py: f32, rect: &Rect, radii: &[f32; 4]) -> f32 {
    let (cx, cy) = (rect.x + rect.w / 2.0, rect.y + rect.h / 2.0);
    let [tl, tr, br, bl] = *radii;
    let r = match (px < cx, py < cy) {
        (true, true) => tl,
        (false, true) => tr,
        (false, false) => br,
        (true, false) => bl,
    };
    let qx = (px - cx).abs() - (rect.w / 2.0 - r);
    let qy = (py - cy).abs() - (rect.h / 2.0 - r);
    let (ox, oy) = (qx.max(0.0), qy.max(0.0));
    (ox * ox + oy * oy).sqrt() + qx.max(qy).min(0.0) - r
}

/// Coverage (0–255) of pixel (`x`, `y`) by the shape.
fn coverage(x: i32, y: i32, rect: &Rect, radii: &[f32; 4]) -> u32 {
    let d = distance(x as f32 + 0.5, y as f32 + 0.5, rect, radii);
    let mut c = (0.5 - d).clamp(0.0, 1.0);
    // A box thinner than a pixel covers only that share of it.
    c *= rect.w.min(1.0) * rect.h.min(1.0);
    (c * 255.0 + 0.5) as u32
}

/// The columns of row `y` every pixel of which the shape covers wholly: `[a, b)`.
fn full_span(y: i32, rect: &Rect, radii: &[f32; 4]) -> (i32, i32) {
    let (top, bottom) = (y as f32, y as f32 + 1.0);
    if top < rect.y || bottom > rect.bottom() {
        return (0, 0);
    }
    let [tl, tr, br, bl] = *radii;
    let in_top = top < rect.y + tl.max(tr);
    let in_bottom = bottom > rect.bottom() - bl.max(br);
    let left = if in_top || in_bottom { tl.max(bl) } else { 0.0 };
    let right = if in_top || in_bottom { tr.max(br) } else { 0.0 };
    let a = (rect.x + left).ceil();
    let b = (rect.right() - right).floor();
    if b <= a {
        (0, 0)
    } else {
        (a as i32, b as i32)
    }
}

#[inline]
fn blend(px: &mut [u8], src: &[u32; 4], cov: u32) {
    if cov == 0 {
        return;
    }
    let s = if cov >= 255 {
        *src
    } else {
        [mul255(src[0], cov), mul255(src[1], cov), mul255(src[2], cov), mul255(src[3], cov)]
    };
    if s[3] == 255 {
        px.copy_from_slice(&[s[0] as u8, s[1] as u8, s[2] as u8, 255]);
        return;
    }
    let inv = 255 - s[3];
    for k in 0..4 {
        px[k] = (s[k] + mul255(px[k] as u32, inv)).min(255) as u8;
    }
}

/// The region of the target a shape's `bounds` may touch.
fn region(target: &Target<'_>, bounds: IRect) -> IRect {
    bounds.intersect(&target.clip).intersect(&target.area())
}

/// Fills a rounded rectangle.
pub fn fill(target: &mut Target<'_>, rect: &Rect, radii: [f32; 4], color: [u8; 4]) {
    if color[3] == 0 || rect.is_empty() || !(rect.x.is_finite() && rect.y.is_finite()) {
        return;
    }
    let radii = fit_radii(rect, radii);
    let src = premultiply(color);
    let area = region(target, rect.pixels());
    if area.is_empty() {
        return;
    }
    let (ox, oy) = target.origin;
    let w = target.pixmap.width() as usize;
    let data = target.pixmap.data_mut();
    for y in area.y0..area.y1 {
        let (a, b) = full_span(y, rect, &radii);
        let (a, b) = (a.clamp(area.x0, area.x1), b.clamp(area.x0, area.x1));
        let row = (y - oy) as usize * w;
        let at = |x: i32| (row + (x - ox) as usize) * 4;
        let (edge_end, edge_start) = if b > a { (a, b) } else { (area.x1, area.x1) };
        for x in (area.x0..edge_end).chain(edge_start..area.x1) {
            let p = at(x);
            blend(&mut data[p..p + 4], &src, coverage(x, y, rect, &radii));
        }
        if b > a {
            let run = &mut data[at(a)..at(b)];
            if src[3] == 255 {
                let c = u32::from_ne_bytes([src[0] as u8, src[1] as u8, src[2] as u8, 255]);
                match bytemuck::try_cast_slice_mut::<u8, u32>(run) {
                    Ok(words) => words.fill(c),
                    Err(_) => {
                        for px in run.chunks_exact_mut(4) {
                            px.copy_from_slice(&c.to_ne_bytes());
                        }
                    }
                }
            } else {
                for px in run.chunks_exact_mut(4) {
                    blend(px, &src, 255);
                }
            }
        }
    }
}

/// Fills the ring between a rounded rectangle and another inside it (a border).
pub fn ring(
    target: &mut Target<'_>,
    outer: &Rect,
    outer_radii: [f32; 4],
    inner: &Rect,
    inner_radii: [f32; 4],
    color: [u8; 4],
) {
    if color[3] == 0 || outer.is_empty() || !(outer.x.is_finite() && outer.y.is_finite()) {
        return;
    }
    let outer_radii = fit_radii(outer, outer_radii);
    let inner_radii = fit_radii(inner, inner_radii);
    let src = premultiply(color);
    let area = region(target, outer.pixels());
    if area.is_empty() {
        return;
    }
    let (ox, oy) = target.origin;
    let w = target.pixmap.width() as usize;
    let data = target.pixmap.data_mut();
    let inner_bounds = inner.pixels();
    for y in area.y0..area.y1 {
        // Wholly inside the inner shape: nothing to draw there.
        let (ia, ib) = if inner.is_empty() { (0, 0) } else { full_span(y, inner, &inner_radii) };
        let (oa, ob) = full_span(y, outer, &outer_radii);
        let row = (y - oy) as usize * w;
        let (oa, ob) = (oa.clamp(area.x0, area.x1), ob.clamp(area.x0, area.x1));
        // A row above or below the inner shape: the outer shape's inside is one run.
        if (y < inner_bounds.y0 || y >= inner_bounds.y1) && ob > oa {
            for x in (area.x0..oa).chain(ob..area.x1) {
                let p = (row + (x - ox) as usize) * 4;
                blend(&mut data[p..p + 4], &src, coverage(x, y, outer, &outer_radii));
            }
            for x in oa..ob {
                let p = (row + (x - ox) as usize) * 4;
                blend(&mut data[p..p + 4], &src, 255);
            }
            continue;
        }
        let mut x = area.x0;
        while x < area.x1 {
            if ib > ia && x >= ia && x < ib {
                x = ib;
                continue;
            }
            let outer_cov =
                if x >= oa && x < ob { 255 } else { coverage(x, y, outer, &outer_radii) };
            let inner_cov = if !inner.is_empty() && inner_bounds.contains_point(x, y) {
                coverage(x, y, inner, &inner_radii)
            } else {
                0
            };
            let cov = outer_cov.saturating_sub(inner_cov);
            let p = (row + (x - ox) as usize) * 4;
            blend(&mut data[p..p + 4], &src, cov);
            x += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_skia::Pixmap;

    fn target(pixmap: &mut Pixmap, clip: IRect) -> Target<'_> {
        Target::new(pixmap, (0, 0), clip)
    }

    #[test]
    fn aligned_boxes_are_solid_and_edges_blend() {
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        fill(
            &mut target(&mut pixmap, IRect::from_size(20, 20)),
            &Rect::new(2.0, 2.0, 10.5, 4.0),
            [0.0; 4],
            [255, 0, 0, 255],
        );
        assert_eq!(pixmap.pixel(2, 2).unwrap().red(), 255);
        assert_eq!(pixmap.pixel(11, 3).unwrap().red(), 255);
        assert_eq!(pixmap.pixel(12, 3).unwrap().alpha(), 128, "half a pixel covered");
        assert_eq!(pixmap.pixel(1, 3).unwrap().alpha(), 0);
        assert_eq!(pixmap.pixel(2, 6).unwrap().alpha(), 0);
    }

    #[test]
    fn a_region_draws_what_the_whole_draws_there() {
        let shape = |clip: IRect| {
            let mut pixmap = Pixmap::new(40, 40).unwrap();
            let mut t = target(&mut pixmap, clip);
            fill(
                &mut t,
                &Rect::new(3.3, 4.7, 30.0, 25.0),
                [9.0, 2.0, 0.0, 14.0],
                [10, 200, 30, 200],
            );
            ring(
                &mut t,
                &Rect::new(3.3, 4.7, 30.0, 25.0),
                [9.0, 2.0, 0.0, 14.0],
                &Rect::new(5.3, 6.7, 26.0, 21.0),
                [7.0, 0.0, 0.0, 12.0],
                [0, 0, 0, 255],
            );
            pixmap
        };
        let whole = shape(IRect::from_size(40, 40));
        let part = shape(IRect::new(5, 10, 17, 33));
        for y in 10..33 {
            for x in 5..17 {
                assert_eq!(whole.pixel(x, y), part.pixel(x, y), "({x}, {y})");
            }
        }
        assert_eq!(part.pixel(20, 20).unwrap().alpha(), 0, "outside the region: untouched");
    }
}

//! Drop shadows: the box's rounded rectangle (offset and spread) as coverage computed per
//! pixel by supersampling, blurred by three box blurs (close to a Gaussian), blended in the
//! shadow colour. Only the part near the target's clip is computed, with margin enough that
//! the clipped pixels come out the same as in a full frame.

use crate::geometry::{IRect, Rect};
use crate::paint::blit::{blend_mask, Target};
use crate::paint::shapes::fit_radii;
use crate::style::Shadow;

/// Samples per pixel side for corner coverage.
const SAMPLES: i32 = 4;

fn inside(rect: &Rect, radii: &[f32; 4], x: f32, y: f32) -> bool {
    if x < rect.x || y < rect.y || x >= rect.right() || y >= rect.bottom() {
        return false;
    }
    let [tl, tr, br, bl] = *radii;
    let corner = |cx: f32, cy: f32, r: f32| {
        let (dx, dy) = (x - cx, y - cy);
        dx * dx + dy * dy <= r * r
    };
    if x < rect.x + tl && y < rect.y + tl {
        return corner(rect.x + tl, rect.y + tl, tl);
    }
    if x >= rect.right() - tr && y < rect.y + tr {
        return corner(rect.right() - tr, rect.y + tr, tr);
    }
    if x >= rect.right() - br && y >= rect.bottom() - br {
        return corner(rect.right() - br, rect.bottom() - br, br);
    }
    if x < rect.x + bl && y >= rect.bottom() - bl {
        return corner(rect.x + bl, rect.bottom() - bl, bl);
    }
    true
}

/// Coverage (0–255) of pixel (`px`, `py`).
fn coverage(rect: &Rect, radii: &[f32; 4], px: i32, py: i32) -> u8 {
    let (x, y) = (px as f32, py as f32);
    let max_r = radii.iter().fold(0.0f32, |a, b| a.max(*b));
    // Wholly inside, away from the corners.
    let core_x = x >= rect.x && x + 1.0 <= rect.right();
    let core_y = y >= rect.y && y + 1.0 <= rect.bottom();
    if core_x
        && core_y
        && ((x >= rect.x + max_r && x + 1.0 <= rect.right() - max_r)
            || (y >= rect.y + max_r && y + 1.0 <= rect.bottom() - max_r))
    {
        return 255;
    }
    let mut hits = 0;
    for sy in 0..SAMPLES {
        for sx in 0..SAMPLES {
            let fx = x + (sx as f32 + 0.5) / SAMPLES as f32;
            let fy = y + (sy as f32 + 0.5) / SAMPLES as f32;
            if inside(rect, radii, fx, fy) {
                hits += 1;
            }
        }
    }
    ((hits * 255 + (SAMPLES * SAMPLES) / 2) / (SAMPLES * SAMPLES)) as u8
}

/// One box blur of radius `r` along rows (`horizontal`) or columns, values outside the buffer
/// taken as 0.
fn box_blur(data: &mut [u8], w: usize, h: usize, r: usize, horizontal: bool, tmp: &mut Vec<u8>) {
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let at = |line: usize, i: usize| if horizontal { line * w + i } else { i * w + line };
    let div = (2 * r + 1) as u32;
    tmp.resize(len, 0);
    for line in 0..lines {
        let mut sum: u32 = 0;
        for i in 0..=r.min(len.saturating_sub(1)) {
            sum += data[at(line, i)] as u32;
        }
        for i in 0..len {
            tmp[i] = ((sum + div / 2) / div) as u8;
            let add = i + r + 1;
            if add < len {
                sum += data[at(line, add)] as u32;
            }
            if i >= r {
                sum -= data[at(line, i - r)] as u32;
            }
        }
        for (i, v) in tmp.iter().enumerate().take(len) {
            data[at(line, i)] = *v;
        }
    }
}

/// Draws the shadow of a box.
pub fn draw(target: &mut Target<'_>, rect: &Rect, radii: [f32; 4], shadow: &Shadow) {
    if shadow.color[3] == 0 {
        return;
    }
    let s = shadow.spread;
    let shape =
        Rect::new(rect.x + shadow.x - s, rect.y + shadow.y - s, rect.w + 2.0 * s, rect.h + 2.0 * s);
    if shape.is_empty() {
        return;
    }
    let radii = fit_radii(&shape, radii.map(|r| if r > 0.0 { (r + s).max(0.0) } else { 0.0 }));
    let blur = shadow.blur.max(0.0);
    let r = if blur > 0.0 { ((blur / 3.0).round() as usize).max(1) } else { 0 };
    let reach = (3 * r + 2) as i32;
    let extent = shape.pixels().outset(reach);
    let clip = target.clip.intersect(&target.area());
    let region = extent.intersect(&clip.outset(reach));
    if region.is_empty() || !region.intersects(&clip) {
        return;
    }
    let (w, h) = (region.width() as usize, region.height() as usize);
    let mut data = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            data[y * w + x] = coverage(&shape, &radii, region.x0 + x as i32, region.y0 + y as i32);
        }
    }
    if r > 0 {
        let mut tmp = Vec::new();
        for _ in 0..3 {
            box_blur(&mut data, w, h, r, true, &mut tmp);
            box_blur(&mut data, w, h, r, false, &mut tmp);
        }
    }
    blend_mask(target, region.x0, region.y0, w as u32, h as u32, &data, shadow.color);
}

/// The pixels a shadow can touch.
pub fn extent(rect: &Rect, shadow: &Shadow) -> IRect {
    let s = shadow.spread;
    let r = if shadow.blur > 0.0 { ((shadow.blur / 3.0).round() as i32).max(1) } else { 0 };
    Rect::new(rect.x + shadow.x - s, rect.y + shadow.y - s, rect.w + 2.0 * s, rect.h + 2.0 * s)
        .pixels()
        .outset(3 * r + 2)
}

//! Pixels the renderer writes itself (glyph masks, colour glyphs): premultiplied RGBA
//! source-over in integer arithmetic, clipped to the target's clip region, so the same input
//! gives the same bytes everywhere.

use std::cell::OnceCell;

use tiny_skia::{Mask, Pixmap};

use crate::geometry::IRect;

/// Where a paint pass draws: a pixmap whose pixel (0, 0) is at `origin` in frame pixels, and
/// the region it may change (`clip`, frame pixels). What tiny-skia draws is clipped by a mask
/// of the clip, made the first time one is needed.
pub struct Target<'a> {
    pub pixmap: &'a mut Pixmap,
    pub origin: (i32, i32),
    pub clip: IRect,
    mask: OnceCell<Option<Mask>>,
}

impl<'a> Target<'a> {
    pub fn new(pixmap: &'a mut Pixmap, origin: (i32, i32), clip: IRect) -> Target<'a> {
        Target { pixmap, origin, clip, mask: OnceCell::new() }
    }

    /// The same pixmap with a smaller clip (intersected with this one).
    pub fn within(&mut self, clip: IRect) -> Target<'_> {
        let clip = clip.intersect(&self.clip);
        Target::new(&mut *self.pixmap, self.origin, clip)
    }

    /// The pixmap and the clip's mask, for tiny-skia calls.
    pub fn parts(&mut self) -> (&mut Pixmap, Option<&Mask>) {
        let Target { pixmap, origin, clip, mask } = self;
        let mask = mask.get_or_init(|| crate::paint::clip_mask(pixmap, *origin, *clip));
        (&mut **pixmap, mask.as_ref())
    }

    /// The pixmap's area in frame pixels.
    pub fn area(&self) -> IRect {
        IRect::new(
            self.origin.0,
            self.origin.1,
            self.origin.0 + self.pixmap.width() as i32,
            self.origin.1 + self.pixmap.height() as i32,
        )
    }

    /// The transform from frame pixels to the pixmap.
    pub fn transform(&self) -> tiny_skia::Transform {
        tiny_skia::Transform::from_translate(-self.origin.0 as f32, -self.origin.1 as f32)
    }
}

/// `a * b / 255`, rounded.
#[inline]
pub fn mul255(a: u32, b: u32) -> u32 {
    let t = a * b + 128;
    (t + (t >> 8)) >> 8
}

/// Premultiplies an unpremultiplied colour.
pub fn premultiply(c: [u8; 4]) -> [u32; 4] {
    let a = c[3] as u32;
    [mul255(c[0] as u32, a), mul255(c[1] as u32, a), mul255(c[2] as u32, a), a]
}

/// Blends an alpha mask (`w` × `h` bytes, top-left at `x`, `y` in frame pixels) in `color`.
pub fn blend_mask(
    target: &mut Target<'_>,
    x: i32,
    y: i32,
    w: u32,
    h: u32,
    mask: &[u8],
    color: [u8; 4],
) {
    let src = premultiply(color);
    if src[3] == 0 {
        return;
    }
    each_pixel(target, (x, y), (w, h), mask.len(), 1, |px, i| {
        let cov = mask[i] as u32;
        if cov == 0 {
            return;
        }
        let s =
            [mul255(src[0], cov), mul255(src[1], cov), mul255(src[2], cov), mul255(src[3], cov)];
        over(px, s);
    });
}

/// Blends a premultiplied-by-nothing RGBA image (colour glyphs).
pub fn blend_rgba(target: &mut Target<'_>, x: i32, y: i32, w: u32, h: u32, data: &[u8]) {
    each_pixel(target, (x, y), (w, h), data.len(), 4, |px, i| {
        let c = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if c[3] != 0 {
            over(px, premultiply(c));
        }
    });
}

#[inline]
fn over(px: &mut [u8], s: [u32; 4]) {
    let inv = 255 - s[3];
    for k in 0..4 {
        px[k] = (s[k] + mul255(px[k] as u32, inv)).min(255) as u8;
    }
}

/// Calls `f` with each pixel of the `w` × `h` source at `x`, `y` that lies in the clip, and the
/// index of its first byte in the source (`stride` bytes a pixel).
fn each_pixel(
    target: &mut Target<'_>,
    (x, y): (i32, i32),
    (w, h): (u32, u32),
    len: usize,
    stride: usize,
    mut f: impl FnMut(&mut [u8], usize),
) {
    if (w as usize).saturating_mul(h as usize).saturating_mul(stride) > len {
        return;
    }
    let src = IRect::new(x, y, x.saturating_add(w as i32), y.saturating_add(h as i32));
    let region = src.intersect(&target.clip).intersect(&target.area());
    if region.is_empty() {
        return;
    }
    let pw = target.pixmap.width() as usize;
    let (ox, oy) = target.origin;
    let data = target.pixmap.data_mut();
    for fy in region.y0..region.y1 {
        let row = (fy - oy) as usize * pw;
        let srow = (fy - y) as usize * w as usize;
        for fx in region.x0..region.x1 {
            let p = (row + (fx - ox) as usize) * 4;
            let i = (srow + (fx - x) as usize) * stride;
            f(&mut data[p..p + 4], i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul255_is_exact_at_the_ends() {
        for a in 0..=255 {
            assert_eq!(mul255(a, 255), a);
            assert_eq!(mul255(a, 0), 0);
        }
    }

    #[test]
    fn masks_are_clipped() {
        let mut pixmap = Pixmap::new(4, 4).unwrap();
        let mut target = Target::new(&mut pixmap, (10, 10), IRect::new(11, 11, 13, 13));
        blend_mask(&mut target, 8, 8, 8, 8, &[255; 64], [255, 0, 0, 255]);
        let red: Vec<usize> = pixmap
            .pixels()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.red() == 255)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(red, [5, 6, 9, 10]);
        // A mask shorter than its size says is ignored, not read past its end.
        let mut target = Target::new(&mut pixmap, (0, 0), IRect::from_size(4, 4));
        blend_mask(&mut target, 0, 0, 4, 4, &[255; 3], [0, 0, 0, 255]);
    }
}

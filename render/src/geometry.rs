//! Rectangles: [`Rect`] for boxes (frame pixels, floating point) and [`IRect`] for pixel
//! regions (damage, clips), whose empty value is explicit.

/// A box in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w: w.max(0.0), h: h.max(0.0) }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }

    /// Shrinks by `[top, right, bottom, left]`.
    pub fn inset(&self, by: [f32; 4]) -> Rect {
        Rect::new(self.x + by[3], self.y + by[0], self.w - by[1] - by[3], self.h - by[0] - by[2])
    }

    pub fn is_empty(&self) -> bool {
        self.w <= 0.0 || self.h <= 0.0
    }

    /// The pixels the box touches.
    pub fn pixels(&self) -> IRect {
        if self.is_empty() {
            return IRect::EMPTY;
        }
        IRect::new(
            to_i32(self.x.floor()),
            to_i32(self.y.floor()),
            to_i32(self.right().ceil()),
            to_i32(self.bottom().ceil()),
        )
    }
}

fn to_i32(v: f32) -> i32 {
    if v.is_nan() {
        0
    } else {
        v.clamp(-1.0e9, 1.0e9) as i32
    }
}

/// A pixel region, `x0..x1` by `y0..y1`; empty when either range is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IRect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl IRect {
    pub const EMPTY: IRect = IRect { x0: 0, y0: 0, x1: 0, y1: 0 };

    pub fn new(x0: i32, y0: i32, x1: i32, y1: i32) -> IRect {
        if x1 <= x0 || y1 <= y0 {
            IRect::EMPTY
        } else {
            IRect { x0, y0, x1, y1 }
        }
    }

    pub fn from_size(w: u32, h: u32) -> IRect {
        IRect::new(0, 0, w.min(i32::MAX as u32) as i32, h.min(i32::MAX as u32) as i32)
    }

    pub fn is_empty(&self) -> bool {
        self.x1 <= self.x0 || self.y1 <= self.y0
    }

    pub fn width(&self) -> u32 {
        (self.x1 - self.x0).max(0) as u32
    }

    pub fn height(&self) -> u32 {
        (self.y1 - self.y0).max(0) as u32
    }

    pub fn area(&self) -> u64 {
        self.width() as u64 * self.height() as u64
    }

    pub fn intersect(&self, o: &IRect) -> IRect {
        IRect::new(self.x0.max(o.x0), self.y0.max(o.y0), self.x1.min(o.x1), self.y1.min(o.y1))
    }

    pub fn intersects(&self, o: &IRect) -> bool {
        !self.intersect(o).is_empty()
    }

    /// The smallest region holding both (an empty one adds nothing).
    pub fn union(&self, o: &IRect) -> IRect {
        if self.is_empty() {
            return *o;
        }
        if o.is_empty() {
            return *self;
        }
        IRect::new(self.x0.min(o.x0), self.y0.min(o.y0), self.x1.max(o.x1), self.y1.max(o.y1))
    }

    pub fn outset(&self, by: i32) -> IRect {
        if self.is_empty() {
            return *self;
        }
        IRect::new(
            self.x0.saturating_sub(by),
            self.y0.saturating_sub(by),
            self.x1.saturating_add(by),
            self.y1.saturating_add(by),
        )
    }

    pub fn contains_point(&self, x: i32, y: i32) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }

    pub fn to_rect(&self) -> Rect {
        Rect::new(self.x0 as f32, self.y0 as f32, self.width() as f32, self.height() as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_regions_stay_empty() {
        let a = IRect::new(0, 0, 10, 10);
        assert!(a.intersect(&IRect::new(20, 20, 30, 30)).is_empty());
        assert_eq!(a.union(&IRect::EMPTY), a);
        assert_eq!(IRect::new(5, 5, 1, 1), IRect::EMPTY);
        assert_eq!(Rect::new(0.5, 0.5, 2.0, 2.0).pixels(), IRect::new(0, 0, 3, 3));
        assert!(Rect::new(f32::NAN, 0.0, 1.0, 1.0).pixels().width() <= 1);
    }
}

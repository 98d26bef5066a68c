//! Damage: the pixel regions a frame must repaint. Regions are merged while they overlap or
//! touch, at most [`MAX_RECTS`] are kept (beyond that they become their bounding box), and a
//! frame whose damage covers most of it is repainted whole.

use kryon_runtime::ElementChange;

use crate::geometry::IRect;

/// The most separate damaged rectangles a frame repaints.
pub const MAX_RECTS: usize = 16;

/// Beyond this share of the frame, the whole frame is repainted.
pub const FULL_REPAINT_SHARE: f64 = 0.6;

/// Damaged regions being collected for one frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Damage {
    rects: Vec<IRect>,
}

impl Damage {
    pub fn add(&mut self, rect: IRect) {
        if rect.is_empty() {
            return;
        }
        let mut rect = rect;
        // Merge with every region it overlaps or touches, until none does.
        loop {
            let touching = self.rects.iter().position(|r| r.outset(1).intersects(&rect));
            match touching {
                Some(i) => rect = rect.union(&self.rects.swap_remove(i)),
                None => break,
            }
        }
        self.rects.push(rect);
        if self.rects.len() > MAX_RECTS {
            let all = self.rects.iter().fold(IRect::EMPTY, |a, r| a.union(r));
            self.rects = vec![all];
        }
    }

    /// The regions to repaint within `frame`, in a fixed order (top to bottom, left to
    /// right); the whole frame when the damage covers most of it.
    pub fn regions(&self, frame: IRect) -> Vec<IRect> {
        let mut out: Vec<IRect> =
            self.rects.iter().map(|r| r.intersect(&frame)).filter(|r| !r.is_empty()).collect();
        let area: u64 = out.iter().map(IRect::area).sum();
        if area as f64 > frame.area() as f64 * FULL_REPAINT_SHARE {
            return vec![frame];
        }
        out.sort_by_key(|r| (r.y0, r.x0));
        out
    }
}

/// The elements change records touch, each once, ascending. Every kind of change (text,
/// visibility, style, checked, disabled, a property, a pseudo-state property) is resolved the
/// same way: the element's style and content again, then whatever that changes.
pub fn touched(changes: &[ElementChange]) -> Vec<u32> {
    let mut out: Vec<u32> = changes.iter().map(|c| c.element).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_merge_and_fall_back_to_full() {
        let frame = IRect::from_size(100, 100);
        let mut d = Damage::default();
        d.add(IRect::new(0, 0, 10, 10));
        d.add(IRect::new(10, 0, 20, 10));
        d.add(IRect::new(50, 50, 60, 60));
        assert_eq!(d.regions(frame), [IRect::new(0, 0, 20, 10), IRect::new(50, 50, 60, 60)]);
        d.add(IRect::new(0, 0, 90, 90));
        assert_eq!(d.regions(frame), [frame]);
        let mut many = Damage::default();
        for i in 0..40 {
            many.add(IRect::new(i * 2, 0, i * 2 + 1, 1));
        }
        assert!(many.regions(frame).len() <= MAX_RECTS);
    }
}

//! A slider (`Slider`, `Input type: range`): a track across the content box, filled with the
//! accent colour up to the value, and a round thumb at the value (`min` 0, `max` 100, `value`
//! half-way by default, as in HTML).

use krb_format::states;

use crate::geometry::Rect;
use crate::paint::blit::Target;
use crate::paint::shapes;
use crate::scene::Node;
use crate::values;
use crate::widgets::ACCENT;

const TRACK: [u8; 4] = [0xd0, 0xd0, 0xd0, 0xff];
const THUMB_EDGE: [u8; 4] = [0x8a, 0x8a, 0x8a, 0xff];
const DISABLED: [u8; 4] = [0xb8, 0xb8, 0xb8, 0xff];

/// Where the value sits between `min` and `max`, from 0 to 1.
pub fn fraction(n: &Node) -> f32 {
    let w = &n.style.widget;
    let min = w.min.unwrap_or(0.0);
    let max = w.max.unwrap_or(100.0);
    if max <= min {
        return 0.0;
    }
    let value = w.value.as_ref().and_then(values::number).unwrap_or((min + max) / 2.0);
    ((value - min) / (max - min)).clamp(0.0, 1.0)
}

pub fn paint(n: &Node, target: &mut Target<'_>, scale: f32) {
    let c = &n.content;
    if c.is_empty() {
        return;
    }
    let thumb = (8.0 * scale).min(c.h / 2.0).max(1.0);
    let track_h = (4.0 * scale).round().max(1.0);
    let cy = c.y + c.h / 2.0;
    let x0 = c.x + thumb;
    let x1 = (c.right() - thumb).max(x0);
    let at = x0 + (x1 - x0) * fraction(n);
    let track = Rect::new(x0, (cy - track_h / 2.0).round(), x1 - x0, track_h);
    let accent = if n.disabled { DISABLED } else { ACCENT };
    shapes::fill_box(target, &track, [track_h / 2.0; 4], TRACK);
    let filled = Rect::new(x0, track.y, at - x0, track_h);
    shapes::fill_box(target, &filled, [track_h / 2.0; 4], accent);
    let edge = if n.states & (states::FOCUS | states::ACTIVE) != 0 && !n.disabled {
        ACCENT
    } else {
        THUMB_EDGE
    };
    shapes::circle(target, at, cy, thumb, edge);
    let inner = if n.states & states::HOVER != 0 && !n.disabled {
        [0xf0, 0xf0, 0xf0, 0xff]
    } else {
        [0xff, 0xff, 0xff, 0xff]
    };
    shapes::circle(target, at, cy, thumb - scale.max(1.0), inner);
}

//! Checkboxes and radio buttons (`Checkbox`, `Radio`, `Input type: checkbox|radio`): an
//! indicator at the start of the content box — a rounded square with a tick, or a circle with
//! a dot, filled with the accent colour when checked — and the label after it.

use krb_format::states;

use crate::geometry::Rect;
use crate::paint::blit::Target;
use crate::paint::{shapes, Painter};
use crate::scene::Node;
use crate::widgets::{WidgetKind, ACCENT, INDICATOR, INDICATOR_GAP};

const BORDER: [u8; 4] = [0x76, 0x76, 0x76, 0xff];
const BORDER_HOVER: [u8; 4] = [0x4a, 0x4a, 0x4a, 0xff];
const DISABLED: [u8; 4] = [0xc8, 0xc8, 0xc8, 0xff];
const WHITE: [u8; 4] = [0xff, 0xff, 0xff, 0xff];

/// The accent darkened while pressed.
fn pressed(c: [u8; 4]) -> [u8; 4] {
    [c[0] / 4 * 3, c[1] / 4 * 3, c[2] / 4 * 3, c[3]]
}

pub fn paint(painter: &mut Painter<'_>, i: u32, n: &Node, target: &mut Target<'_>) {
    let s = painter.scale;
    let size = INDICATOR * s;
    let x = n.content.x.round();
    let y = (n.content.y + (n.content.h - size) / 2.0).round();
    let indicator = Rect::new(x, y, size, size);
    let radio = n.widget == WidgetKind::Radio;
    let hover = n.states & states::HOVER != 0;
    let active = n.states & states::ACTIVE != 0;
    let mut accent = if n.disabled { DISABLED } else { ACCENT };
    if active && !n.disabled {
        accent = pressed(accent);
    }
    let border = if n.disabled {
        DISABLED
    } else if hover {
        BORDER_HOVER
    } else {
        BORDER
    };
    let radius = if radio { [size / 2.0; 4] } else { [3.0 * s; 4] };
    if n.states & states::FOCUS != 0 && !n.disabled {
        let ring = Rect::new(x - 2.0 * s, y - 2.0 * s, size + 4.0 * s, size + 4.0 * s);
        let ring_radius = if radio { [ring.w / 2.0; 4] } else { [5.0 * s; 4] };
        let mut c = ACCENT;
        c[3] = 0x80;
        shapes::border(
            target,
            &ring,
            ring_radius,
            [1.5 * s; 4],
            crate::style::BorderStyle::Solid,
            c,
        );
    }
    let width = (1.0 * s).max(1.0);
    if n.checked && !radio {
        shapes::fill_box(target, &indicator, radius, accent);
        let p = |fx: f32, fy: f32| (x + fx * size, y + fy * size);
        shapes::polyline(target, &[p(0.22, 0.52), p(0.42, 0.72), p(0.78, 0.30)], 2.0 * s, WHITE);
    } else {
        shapes::fill_box(target, &indicator, radius, WHITE);
        let edge = if n.checked { accent } else { border };
        shapes::border(
            target,
            &indicator,
            radius,
            [width; 4],
            crate::style::BorderStyle::Solid,
            edge,
        );
        if n.checked {
            shapes::circle(target, x + size / 2.0, y + size / 2.0, size * 0.27, accent);
        }
    }
    if n.text.is_some() {
        let gap = INDICATOR_GAP * s;
        let label_x = n.content.x + size + gap;
        let height = n.text_size.map_or(0.0, |t| t.height);
        let ly = n.content.y + ((n.content.h - height) / 2.0).floor();
        let color = n.style.paint.text_color;
        painter.draw_text(i, n, target, label_x, ly, (n.content.w - size - gap).max(0.0), color);
    }
}

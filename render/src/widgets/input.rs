//! A text input: its value (dots for a password) or its placeholder in a muted colour,
//! clipped to the content box, vertically centred on one line (a textarea from the top), and
//! the caret (and the selection) the runtime keeps while it has focus.

use krb_format::states;

use crate::geometry::Rect;
use crate::paint::blit::Target;
use crate::paint::{shapes, Painter};
use crate::scene::Node;
use crate::widgets::{WidgetKind, ACCENT, MUTED};

pub fn paint(painter: &mut Painter<'_>, i: u32, n: &Node, target: &mut Target<'_>) {
    let multiline = matches!(n.widget, WidgetKind::TextInput { multiline: true, .. });
    let line_height = n
        .style
        .text
        .line_height
        .unwrap_or(n.style.text.font_size * crate::text::NORMAL_LINE_HEIGHT);
    let text_height = n.text_size.map_or(line_height, |t| t.height.max(line_height));
    let y = if multiline {
        n.content.y
    } else {
        n.content.y + ((n.content.h - text_height) / 2.0).floor()
    };
    let clip = target.clip.intersect(&n.content.pixels());
    if clip.is_empty() {
        return;
    }
    let mut inner = target.within(clip);
    let color = if n.placeholder { MUTED } else { n.style.paint.text_color };
    let focused = n.states & states::FOCUS != 0 && !n.disabled;
    // The caret and the selection's other end, as byte offsets of the shown text.
    let shown = if n.placeholder { "" } else { n.text.as_deref().unwrap_or("") };
    let chars = shown.chars().count() as u32;
    let (caret, anchor) = n.caret.unwrap_or((chars, chars));
    let byte = |c: u32| shown.char_indices().nth(c as usize).map_or(shown.len(), |(b, _)| b);
    if focused && caret != anchor {
        let (a, b) = (byte(caret.min(anchor)), byte(caret.max(anchor)));
        let (xa, top) = painter.text.caret_position(i, a);
        let (xb, _) = painter.text.caret_position(i, b);
        let selection = Rect::new(n.content.x + xa, y + top, xb - xa, line_height.round());
        let mut c = ACCENT;
        c[3] = 0x50;
        shapes::fill_box(&mut inner, &selection, [0.0; 4], c);
    }
    painter.draw_text(i, n, &mut inner, n.content.x, y, n.content.w, color);
    if focused {
        let (x, top) = painter.text.caret_position(i, byte(caret));
        let caret_x = (n.content.x + x).min(n.content.right() - painter.scale).round();
        let caret = Rect::new(
            caret_x,
            (y + top).round(),
            painter.scale.max(1.0).round(),
            line_height.round(),
        );
        shapes::fill_box(&mut inner, &caret, [0.0; 4], n.style.paint.text_color);
    }
}

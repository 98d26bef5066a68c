//! A button: its box comes from the native look (`user_agent.rs`) or the app's styles; a
//! button without child elements draws its label centred in its content box.

use crate::paint::blit::Target;
use crate::paint::Painter;
use crate::scene::Node;

pub fn paint(painter: &mut Painter<'_>, i: u32, n: &Node, target: &mut Target<'_>) {
    if !n.layout_children.is_empty() {
        return;
    }
    let height = n.text_size.map_or(0.0, |t| t.height);
    let y = n.content.y + ((n.content.h - height) / 2.0).floor();
    let color = n.style.paint.text_color;
    painter.draw_text(i, n, target, n.content.x, y, n.content.w, color);
}

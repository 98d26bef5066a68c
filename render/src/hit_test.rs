//! Hit testing: the element under a point (frame pixels), topmost first in paint order
//! (children over their parent, later siblings and higher `z_index` over earlier ones),
//! skipping elements that are hidden, fully transparent or clipped away at that point. An
//! element that is disabled, or inside a disabled element, takes no input: the point hits
//! nothing.

use crate::scene::Node;

fn hit(nodes: &[Node], i: u32, x: f32, y: f32, path: &mut Vec<u32>) -> bool {
    let Some(n) = nodes.get(i as usize) else { return false };
    if !n.shown() || n.style.paint.opacity <= 0.0 {
        return false;
    }
    if !n.clip.contains_point(x.floor() as i32, y.floor() as i32) {
        return false;
    }
    for &c in n.children.iter().rev() {
        if hit(nodes, c, x, y, path) {
            path.push(i);
            return true;
        }
    }
    if n.rect.contains(x, y) {
        path.push(i);
        return true;
    }
    false
}

/// The elements under the point from the topmost to the root (empty when nothing takes input
/// there). A host dispatches to the first and lets the event bubble along the rest.
pub fn hit_path(nodes: &[Node], root: Option<u32>, x: f32, y: f32) -> Vec<u32> {
    let mut path = Vec::new();
    let Some(root) = root else { return path };
    if !x.is_finite() || !y.is_finite() {
        return path;
    }
    hit(nodes, root, x, y, &mut path);
    if path.iter().any(|&i| nodes[i as usize].disabled) {
        path.clear();
    }
    path
}

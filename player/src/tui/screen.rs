//! The app drawn as terminal cells: the renderer's layout, one cell per 8×16 logical pixels.
//! A cell's background is the colour the renderer painted under it (so styles, pseudo-states
//! and widgets look as they do in the window, in the terminal's colours); text is written
//! where each element's box starts, clipped to it, with native marks for checkboxes, radios
//! and inputs, and the focused element in reverse video.

use kryon_render::{LayoutBox, Pixmap};
use kryon_runtime::{ElementState, ElementTree, InputKind};

/// Logical pixels per cell.
pub const CELL_W: f32 = 8.0;
pub const CELL_H: f32 = 16.0;

/// One terminal cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub fg: (u8, u8, u8),
    pub bg: (u8, u8, u8),
    pub reverse: bool,
}

/// A grid of cells, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub cols: u16,
    pub rows: u16,
    pub cells: Vec<Cell>,
}

fn luminance((r, g, b): (u8, u8, u8)) -> f32 {
    0.2126 * f32::from(r) + 0.7152 * f32::from(g) + 0.0722 * f32::from(b)
}

/// The text an element shows in a terminal, with native marks.
fn label(e: &ElementState) -> Option<String> {
    let text = e.text.clone().unwrap_or_default();
    let value = e.property("value").map(|v| v.to_string());
    match InputKind::of(e) {
        InputKind::Checkbox => {
            let mark = if e.checked == Some(true) { "[x]" } else { "[ ]" };
            Some(format!("{mark} {text}").trim_end().to_string())
        }
        InputKind::Radio => {
            let mark = if e.checked == Some(true) { "(•)" } else { "( )" };
            Some(format!("{mark} {text}").trim_end().to_string())
        }
        InputKind::Range => Some(format!("<{}>", value.unwrap_or_default())),
        InputKind::Text | InputKind::Number => {
            let shown = match value.filter(|v| !v.is_empty()) {
                Some(v) if e.property("type").is_some_and(|t| t.to_string() == "password") => {
                    "•".repeat(v.chars().count())
                }
                Some(v) => v,
                None => e.property("placeholder").map(|p| p.to_string()).unwrap_or_default(),
            };
            Some(format!("[{shown}]"))
        }
        InputKind::None => (!text.is_empty()).then_some(text),
    }
}

impl Screen {
    /// Draws the app: `boxes` from the renderer, `frame` its pixels at `scale` frame pixels
    /// per logical pixel, `focused` the element with keyboard focus.
    pub fn draw(
        cols: u16,
        rows: u16,
        tree: &ElementTree,
        boxes: &[LayoutBox],
        frame: &Pixmap,
        scale: f32,
        focused: Option<u32>,
    ) -> Screen {
        let (fw, fh) = (frame.width(), frame.height());
        let pixels = frame.data();
        let sample = |col: u16, row: u16| -> (u8, u8, u8) {
            let x = ((f32::from(col) + 0.5) * CELL_W * scale) as u32;
            let y = ((f32::from(row) + 0.5) * CELL_H * scale) as u32;
            if x >= fw || y >= fh {
                return (0, 0, 0);
            }
            let i = ((y * fw + x) * 4) as usize;
            (pixels[i], pixels[i + 1], pixels[i + 2])
        };
        let mut cells = Vec::with_capacity(usize::from(cols) * usize::from(rows));
        for row in 0..rows {
            for col in 0..cols {
                let bg = sample(col, row);
                let fg = if luminance(bg) > 128.0 { (0, 0, 0) } else { (255, 255, 255) };
                cells.push(Cell { ch: ' ', fg, bg, reverse: false });
            }
        }
        let mut screen = Screen { cols, rows, cells };
        for b in boxes.iter().filter(|b| b.shown) {
            let Some(element) = tree.get(b.index) else { continue };
            let Some(text) = label(element) else { continue };
            let col = (b.x / CELL_W).round().max(0.0) as u16;
            let row = ((b.y + b.height / 2.0) / CELL_H).floor().max(0.0) as u16;
            let width = ((b.width / CELL_W).round() as u16).max(1);
            let focus = focused == Some(b.index);
            let used = text.chars().count() as u16;
            // Cells are wider than the font's average letter: a text may run on past its
            // box to the end of its parent's box (a button's label is centred in its own).
            let (start, width) = if element.type_name == "Button" {
                (if used < width { col + (width - used) / 2 } else { col }, width)
            } else {
                let limit = element
                    .parent
                    .and_then(|p| boxes.get(p as usize))
                    .map_or(cols, |p| ((p.x + p.width) / CELL_W).round().max(0.0) as u16);
                (col, width.max(limit.saturating_sub(col)))
            };
            let width = width - (start - col);
            screen.write(start, row, &text, width, focus);
        }
        screen
    }

    fn write(&mut self, col: u16, row: u16, text: &str, width: u16, reverse: bool) {
        if row >= self.rows {
            return;
        }
        for (i, ch) in text.chars().filter(|c| !c.is_control()).take(usize::from(width)).enumerate()
        {
            let c = col + i as u16;
            if c >= self.cols {
                break;
            }
            let cell = &mut self.cells[usize::from(row) * usize::from(self.cols) + usize::from(c)];
            cell.ch = ch;
            cell.reverse = reverse;
        }
    }
}

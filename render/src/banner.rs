//! A host's message line over the app (the window's script-error overlay): one line of white
//! text on a dark red strip, cut with an ellipsis, in the bundled font. It is drawn apart from
//! the app's frame, and the host lays it over the frame when it presents, so the frames stay
//! exactly what the runtime's state gives (and incremental frames stay equal to full ones).

use tiny_skia::{Color, Pixmap};

use crate::geometry::IRect;
use crate::paint::blit::Target;
use crate::style::TextAlign;
use crate::text::{TextEngine, TextSpec, TextWidth, DEFAULT_FAMILY};

/// The strip's height in logical pixels.
pub const BANNER_HEIGHT: f32 = 24.0;

/// Draws message lines; keeps its fonts between messages.
pub struct Banner {
    text: TextEngine,
}

impl Default for Banner {
    fn default() -> Banner {
        Banner::new()
    }
}

impl Banner {
    pub fn new() -> Banner {
        Banner { text: TextEngine::new() }
    }

    /// The first line of `message` on a strip `width` frame pixels wide, at `scale` frame
    /// pixels per logical pixel; `None` for an empty width.
    pub fn draw(&mut self, message: &str, width: u32, scale: f32) -> Option<Pixmap> {
        let scale = if scale.is_finite() { scale.clamp(0.25, 8.0) } else { 1.0 };
        let height = (BANNER_HEIGHT * scale).round().max(1.0) as u32;
        let mut pixmap = Pixmap::new(width, height)?;
        pixmap.fill(Color::from_rgba8(0xA3, 0x1D, 0x1D, 0xFF));
        let font_size = 13.0 * scale;
        let spec = TextSpec {
            content: message.lines().next().unwrap_or_default().to_string(),
            font_size,
            line_height: (font_size * 1.3).max(1.0),
            weight: 400,
            italic: false,
            family: DEFAULT_FAMILY.to_string(),
            align: TextAlign::Start,
            nowrap: true,
            ellipsis: true,
            max_lines: Some(1),
            letter_spacing: None,
        };
        self.text.set(0, &spec);
        let pad = (8.0 * scale).round();
        let inner = (width as f32 - 2.0 * pad).max(0.0);
        let size = self.text.measure(0, TextWidth::Definite(inner));
        let y = ((height as f32 - size.height) / 2.0).round() as i32;
        let mut target = Target::new(&mut pixmap, (0, 0), IRect::from_size(width, height));
        self.text.draw(0, inner, (pad as i32, y), [255, 255, 255, 255], &mut target);
        Some(pixmap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_banner_has_its_size_and_shows_text() {
        let mut banner = Banner::new();
        let strip = banner.draw("app.kry:3: increment: attempt to index a nil value", 300, 2.0);
        let strip = strip.expect("a strip");
        assert_eq!((strip.width(), strip.height()), (300, 48));
        // White glyph pixels on the red strip.
        let white = strip.data().chunks(4).filter(|p| p[0] > 200 && p[1] > 200).count();
        assert!(white > 50, "{white} white pixels");
        assert!(banner.draw("x", 0, 1.0).is_none());
        // Anything goes: empty, long, control characters, odd scales.
        for message in ["", "\n\n", &"é".repeat(10_000), "\u{0}\u{7}tab\there"] {
            for scale in [0.1, 1.0, 9.0, f32::NAN] {
                let _ = banner.draw(message, 64, scale);
            }
        }
    }
}

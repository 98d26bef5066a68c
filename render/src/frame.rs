//! Frames out of the renderer: the pixmap as straight (not premultiplied) RGBA bytes, and as
//! PNG. Pure functions: writing the file is the host's job.

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use tiny_skia::Pixmap;

/// The frame as RGBA bytes, row by row, alpha not premultiplied.
pub fn rgba(pixmap: &Pixmap) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixmap.data().len());
    for px in pixmap.pixels() {
        let c = px.demultiply();
        out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    out
}

/// The frame as PNG bytes (8-bit RGBA). The same frame always gives the same bytes.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive);
    encoder
        .write_image(&rgba(pixmap), pixmap.width(), pixmap.height(), ExtendedColorType::Rgba8)
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(out)
}

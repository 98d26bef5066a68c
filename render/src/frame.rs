//! Frames out of the renderer: the pixmap as straight (not premultiplied) RGBA bytes, and as
//! PNG. Pure functions: writing the file is the host's job.

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
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(|e| format!("cannot encode PNG: {e}"))?;
    writer.write_image_data(&rgba(pixmap)).map_err(|e| format!("cannot encode PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(out)
}

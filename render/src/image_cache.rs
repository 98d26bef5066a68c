//! Images and fonts the app ships, as the host's [`ResourceLoader`] gives them: PNG and JPEG
//! decoded once per path with the `png` and `zune-jpeg` decoders (size and memory limited),
//! premultiplied for tiny-skia. A file that is missing or malformed is a warning naming it, and the element
//! shows a placeholder.

use std::io::Cursor;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tiny_skia::{IntSize, Pixmap};

/// The widest or tallest image decoded.
pub const MAX_IMAGE_SIDE: u32 = 8192;
/// The most memory one image may take while decoding.
pub const MAX_IMAGE_BYTES: u64 = 256 * 1024 * 1024;

/// Where the renderer gets the bytes of the app's files (paths as the app wrote them,
/// relative to the app). The renderer never touches the file system itself.
pub trait ResourceLoader {
    fn load(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// A loader that has no files: every image and font is reported missing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoResources;

impl ResourceLoader for NoResources {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        Err(format!("no file `{path}` (this host loads no resources)"))
    }
}

/// Files held in memory by path (tests, embedded hosts).
#[derive(Debug, Default, Clone)]
pub struct MemoryResources(pub FxHashMap<String, Vec<u8>>);

impl ResourceLoader for MemoryResources {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        self.0.get(path).cloned().ok_or_else(|| format!("no file `{path}`"))
    }
}

/// Decoded images by path.
#[derive(Debug, Default)]
pub struct ImageCache {
    images: FxHashMap<String, Option<Arc<Pixmap>>>,
}

impl ImageCache {
    /// The image at `path`, loading and decoding it the first time; `Err` (once per path) with
    /// the warning when it cannot be had.
    pub fn get(
        &mut self,
        path: &str,
        loader: &dyn ResourceLoader,
    ) -> (Option<Arc<Pixmap>>, Option<String>) {
        if let Some(entry) = self.images.get(path) {
            return (entry.clone(), None);
        }
        let result = loader.load(path).and_then(|bytes| decode(&bytes));
        let (entry, warning) = match result {
            Ok(pixmap) => (Some(Arc::new(pixmap)), None),
            Err(e) => (None, Some(format!("image `{path}`: {e}"))),
        };
        self.images.insert(path.to_string(), entry.clone());
        (entry, warning)
    }

    /// An image already loaded.
    pub fn peek(&self, path: &str) -> Option<&Arc<Pixmap>> {
        self.images.get(path)?.as_ref()
    }
}

/// Decodes PNG or JPEG bytes (told apart by their signature) into a premultiplied pixmap.
pub fn decode(bytes: &[u8]) -> Result<Pixmap, String> {
    let (width, height, mut data) = if bytes.starts_with(PNG_SIGNATURE) {
        decode_png(bytes)?
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        decode_jpeg(bytes)?
    } else {
        return Err("cannot read: not a PNG or JPEG file".to_string());
    };
    for px in data.chunks_exact_mut(4) {
        let a = px[3] as u32;
        for c in &mut px[..3] {
            *c = crate::paint::blit::mul255(*c as u32, a) as u8;
        }
    }
    let size = IntSize::from_wh(width, height).ok_or("the image is empty")?;
    Pixmap::from_vec(data, size).ok_or_else(|| "the image is empty".to_string())
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8, 0xFF];

fn check_side(width: u32, height: u32) -> Result<(), String> {
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "cannot decode: {width}x{height} is larger than {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE}"
        ));
    }
    Ok(())
}

/// A PNG of any colour type and depth as 8-bit straight RGBA.
fn decode_png(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let limits = png::Limits { bytes: MAX_IMAGE_BYTES as usize };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| format!("cannot decode: {e}"))?;
    let (width, height) = reader.info().size();
    check_side(width, height)?;
    let len = reader.output_buffer_size().ok_or("cannot decode: the image is too large")?;
    let mut buf = vec![0; len];
    let frame = reader.next_frame(&mut buf).map_err(|e| format!("cannot decode: {e}"))?;
    buf.truncate(frame.buffer_size());
    let pixels = (frame.width as usize) * (frame.height as usize);
    let rgba = match frame.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => expand(&buf, pixels, 3, |p| [p[0], p[1], p[2], 255]),
        png::ColorType::GrayscaleAlpha => expand(&buf, pixels, 2, |p| [p[0], p[0], p[0], p[1]]),
        png::ColorType::Grayscale => expand(&buf, pixels, 1, |p| [p[0], p[0], p[0], 255]),
        png::ColorType::Indexed => return Err("cannot decode: palette not expanded".to_string()),
    };
    if rgba.len() != pixels * 4 {
        return Err("cannot decode: the image data is short".to_string());
    }
    Ok((frame.width, frame.height, rgba))
}

/// A JPEG (baseline or progressive, any colour space) as 8-bit straight RGBA.
fn decode_jpeg(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options};
    let options = options::DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGBA)
        .set_max_width(MAX_IMAGE_SIDE as usize)
        .set_max_height(MAX_IMAGE_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let data = decoder.decode().map_err(|e| format!("cannot decode: {e:?}"))?;
    let info = decoder.info().ok_or("cannot decode: no image header")?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if data.len() != (width as usize) * (height as usize) * 4 {
        return Err("cannot decode: the image data is short".to_string());
    }
    Ok((width, height, data))
}

/// Pixels of `channels` bytes each, as RGBA.
fn expand(buf: &[u8], pixels: usize, channels: usize, f: impl Fn(&[u8]) -> [u8; 4]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels * 4);
    for p in buf.chunks_exact(channels).take(pixels) {
        out.extend_from_slice(&f(p));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_and_missing_images_are_errors() {
        assert!(decode(b"\x89PNG\r\n\x1a\nbroken").is_err());
        assert!(decode(b"").is_err());
        assert!(decode(&[0xFF, 0xD8, 0xFF, 0x00, 0x01]).is_err());
        let mut cache = ImageCache::default();
        let (image, warning) = cache.get("missing.png", &NoResources);
        assert!(image.is_none());
        assert!(warning.unwrap().contains("missing.png"));
        // Reported once.
        assert!(cache.get("missing.png", &NoResources).1.is_none());
    }

    fn png_of(color: png::ColorType, depth: png::BitDepth, w: u32, h: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if color == png::ColorType::Indexed {
            encoder.set_palette(vec![255, 0, 0, 0, 0, 255]);
            encoder.set_trns(vec![255, 0]);
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
        out
    }

    fn first_pixel(pixmap: &Pixmap) -> [u8; 4] {
        let p = pixmap.pixels()[0];
        [p.red(), p.green(), p.blue(), p.alpha()]
    }

    #[test]
    fn every_png_colour_type_becomes_premultiplied_rgba() {
        use png::{BitDepth::*, ColorType::*};
        let cases: [(png::ColorType, png::BitDepth, Vec<u8>, [u8; 4]); 6] = [
            (Rgba, Eight, vec![200, 100, 50, 255, 0, 0, 0, 0], [200, 100, 50, 255]),
            (Rgb, Eight, vec![10, 20, 30, 40, 50, 60], [10, 20, 30, 255]),
            (Grayscale, Eight, vec![77, 78], [77, 77, 77, 255]),
            (GrayscaleAlpha, Eight, vec![255, 128, 0, 0], [128, 128, 128, 128]),
            (Indexed, Eight, vec![0, 1], [255, 0, 0, 255]),
            (
                Rgba,
                Sixteen,
                vec![255, 255, 0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0],
                [255, 0, 0, 255],
            ),
        ];
        for (color, depth, data, expected) in cases {
            let pixmap = decode(&png_of(color, depth, 2, 1, &data)).unwrap();
            assert_eq!((pixmap.width(), pixmap.height()), (2, 1), "{color:?} {depth:?}");
            assert_eq!(first_pixel(&pixmap), expected, "{color:?} {depth:?}");
        }
    }

    #[test]
    fn images_over_the_side_limit_are_refused() {
        let wide = png_of(
            png::ColorType::Grayscale,
            png::BitDepth::One,
            MAX_IMAGE_SIDE + 1,
            1,
            &[0; 1025],
        );
        let error = decode(&wide).unwrap_err();
        assert!(error.contains("larger than"), "{error}");
    }

    #[test]
    fn a_truncated_png_is_an_error() {
        let full = png_of(png::ColorType::Rgb, png::BitDepth::Eight, 2, 1, &[1, 2, 3, 4, 5, 6]);
        for cut in [8, 20, 33, full.len() - 13] {
            assert!(decode(&full[..cut]).is_err(), "cut at {cut}");
        }
    }
}

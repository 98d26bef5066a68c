//! Images and fonts the app ships, as the host's [`ResourceLoader`] gives them: PNG and JPEG
//! decoded once per path with the `image` crate (size and memory limited), premultiplied for
//! tiny-skia. A file that is missing or malformed is a warning naming it, and the element
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

/// Decodes PNG or JPEG bytes into a premultiplied pixmap.
pub fn decode(bytes: &[u8]) -> Result<Pixmap, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read: {e}"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| format!("cannot decode: {e}"))?;
    let rgba = decoded.to_rgba8();
    let (w, h) = rgba.dimensions();
    let mut data = rgba.into_raw();
    for px in data.chunks_exact_mut(4) {
        let a = px[3] as u32;
        for c in &mut px[..3] {
            *c = crate::paint::blit::mul255(*c as u32, a) as u8;
        }
    }
    let size = IntSize::from_wh(w, h).ok_or("the image is empty")?;
    Pixmap::from_vec(data, size).ok_or_else(|| "the image is empty".to_string())
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
}

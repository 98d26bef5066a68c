//! Text: shaping and wrapping with cosmic-text over fonts the renderer bundles (Noto Sans
//! regular, bold and italic, from the `ttf-noto-sans` crate, stored deflate-compressed by
//! `build.rs` and inflated when the engine starts) plus the app's own `font`
//! resources, never the machine's fonts; measuring for layout; drawing glyph masks.
//!
//! Each element that shows text keeps its shaped buffer across frames ([`TextEngine`] slots):
//! a frame re-shapes only text whose content or font changed, and re-wraps only when its width
//! changed. Glyph images are cached by cosmic-text's `SwashCache`.

use cosmic_text::{
    fontdb, Align as CtAlign, Attrs, Buffer, Ellipsize, EllipsizeHeightLimit, Family, FontSystem,
    Metrics, Shaping, Style as CtStyle, SwashCache, SwashContent, Weight, Wrap,
};
use rustc_hash::FxHashMap;

use crate::paint::blit::{blend_mask, blend_rgba, Target};
use crate::style::{ComputedStyle, TextAlign, TextTransform};

/// The bundled family every text falls back to.
pub const DEFAULT_FAMILY: &str = "Noto Sans";

/// Line height of `normal` text, as a multiple of the font size.
pub const NORMAL_LINE_HEIGHT: f32 = 1.3;

/// The bundled faces as `build.rs` compressed them.
const BUNDLED_FACES: [&[u8]; 3] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/NotoSans-Regular.ttf.deflate")),
    include_bytes!(concat!(env!("OUT_DIR"), "/NotoSans-Bold.ttf.deflate")),
    include_bytes!(concat!(env!("OUT_DIR"), "/NotoSans-Italic.ttf.deflate")),
];

/// No bundled face inflates to more than this.
const MAX_FACE_BYTES: usize = 4 << 20;

/// The bundled faces, inflated. The data is the build's own, so it always inflates; a face that
/// did not would be left out rather than stop the renderer.
fn bundled_faces() -> impl Iterator<Item = Vec<u8>> {
    BUNDLED_FACES.into_iter().filter_map(|packed| {
        miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_FACE_BYTES).ok()
    })
}

/// How many measurements of one text are kept.
const MEASURES_KEPT: usize = 8;

/// The longest text shaped for one element (longer text is cut there).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Everything that decides how a text is shaped and wrapped.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpec {
    pub content: String,
    pub font_size: f32,
    pub line_height: f32,
    pub weight: u16,
    pub italic: bool,
    /// A family the font database has.
    pub family: String,
    pub align: TextAlign,
    pub nowrap: bool,
    pub ellipsis: bool,
    pub max_lines: Option<u32>,
    pub letter_spacing: Option<f32>,
}

impl TextSpec {
    /// The spec of `content` in `style` (the transform applied, the family resolved).
    pub fn new(content: &str, style: &ComputedStyle, family: String) -> TextSpec {
        let t = &style.text;
        let mut content = match t.transform {
            TextTransform::None => content.to_string(),
            TextTransform::Uppercase => content.to_uppercase(),
            TextTransform::Lowercase => content.to_lowercase(),
            TextTransform::Capitalize => capitalize(content),
        };
        if content.len() > MAX_TEXT_BYTES {
            let mut end = MAX_TEXT_BYTES;
            while !content.is_char_boundary(end) {
                end -= 1;
            }
            content.truncate(end);
        }
        let line_height =
            t.line_height.unwrap_or(t.font_size * NORMAL_LINE_HEIGHT).clamp(1.0, 4096.0);
        TextSpec {
            content,
            font_size: t.font_size,
            line_height,
            weight: t.weight,
            italic: t.italic,
            family,
            align: t.align,
            nowrap: t.nowrap,
            ellipsis: t.ellipsis,
            max_lines: t.max_lines,
            letter_spacing: t.letter_spacing,
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

/// A text's measured size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSize {
    pub width: f32,
    pub height: f32,
}

/// How wide a text may be laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TextWidth {
    /// Wrapped at this width.
    Definite(f32),
    /// As narrow as it can be: the widest word.
    MinContent,
    /// Unwrapped.
    MaxContent,
}

struct Slot {
    spec: TextSpec,
    buffer: Buffer,
    /// What the buffer is laid out for now.
    width: Option<f32>,
    word_only: bool,
    /// Measurements at this spec: (width key, min-content) → size.
    measured: Vec<(Option<u32>, bool, TextSize)>,
    /// Whether more were asked than `measured` keeps.
    overflowed: bool,
}

/// Fonts, shaped text per element, glyph images.
pub struct TextEngine {
    fonts: FontSystem,
    glyphs: SwashCache,
    slots: FxHashMap<u32, Slot>,
    /// Family names the app declared (`font "Name" "file.ttf"`) → the family in the database.
    aliases: FxHashMap<String, String>,
    /// The families the database has, lower-cased → as named.
    families: FxHashMap<String, String>,
}

impl std::fmt::Debug for TextEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextEngine").field("slots", &self.slots.len()).finish()
    }
}

impl Default for TextEngine {
    fn default() -> Self {
        TextEngine::new()
    }
}

impl TextEngine {
    /// The engine with the bundled fonts only.
    pub fn new() -> TextEngine {
        let mut db = fontdb::Database::new();
        for face in bundled_faces() {
            db.load_font_data(face);
        }
        for set in [
            fontdb::Database::set_sans_serif_family,
            fontdb::Database::set_serif_family,
            fontdb::Database::set_monospace_family,
            fontdb::Database::set_cursive_family,
            fontdb::Database::set_fantasy_family,
        ] {
            set(&mut db, DEFAULT_FAMILY);
        }
        // A fixed locale: nothing about the machine reaches shaping.
        let fonts = FontSystem::new_with_locale_and_db("en-US".to_string(), db);
        let mut engine = TextEngine {
            fonts,
            glyphs: SwashCache::new(),
            slots: FxHashMap::default(),
            aliases: FxHashMap::default(),
            families: FxHashMap::default(),
        };
        engine.index_families();
        engine
    }

    fn index_families(&mut self) {
        self.families.clear();
        for face in self.fonts.db().faces() {
            for (name, _) in &face.families {
                self.families.insert(name.to_lowercase(), name.clone());
            }
        }
    }

    /// Adds an app font under the family name the app gave it. `Err` when the bytes are not
    /// a font.
    pub fn add_font(&mut self, family: Option<&str>, data: Vec<u8>) -> Result<(), String> {
        if ttf_parser_face_count(&data) == 0 {
            return Err("not a TrueType or OpenType font".into());
        }
        let ids =
            self.fonts.db_mut().load_font_source(fontdb::Source::Binary(std::sync::Arc::new(data)));
        let Some(id) = ids.first().copied() else {
            return Err("the font has no faces".into());
        };
        let real = self
            .fonts
            .db()
            .face(id)
            .and_then(|f| f.families.first().map(|(n, _)| n.clone()))
            .ok_or_else(|| "the font has no family name".to_string())?;
        if let Some(family) = family {
            self.aliases.insert(family.to_lowercase(), real);
        }
        self.index_families();
        // Text shaped before may now resolve to the new font.
        self.slots.clear();
        Ok(())
    }

    /// The database family for a `font_family` value, or `None` when no font has it (the
    /// caller falls back to [`DEFAULT_FAMILY`]). Generic names map to the default.
    pub fn resolve_family(&self, requested: Option<&str>) -> Result<String, String> {
        let Some(requested) = requested else { return Ok(DEFAULT_FAMILY.to_string()) };
        for name in requested.split(',') {
            let name = name.trim().trim_matches(|c| c == '"' || c == '\'').to_lowercase();
            if let Some(real) = self.aliases.get(&name).or_else(|| self.families.get(&name)) {
                return Ok(real.clone());
            }
            if matches!(
                name.as_str(),
                "sans-serif" | "sans" | "serif" | "monospace" | "system-ui" | "default" | ""
            ) {
                return Ok(DEFAULT_FAMILY.to_string());
            }
        }
        Err(requested.to_string())
    }

    /// Forgets the shaped text of elements at and after `len` (after the app changed).
    pub fn retain(&mut self, len: usize) {
        self.slots.retain(|k, _| (*k as usize) < len);
    }

    /// Forgets an element's shaped text.
    pub fn remove(&mut self, element: u32) {
        self.slots.remove(&element);
    }

    /// Makes the element's slot hold `spec`, re-shaping only when it changed. Returns whether
    /// every measurement layout asked of the old text gives the same size for the new one (so
    /// layout cannot change: a counter going from 1 to 2).
    pub fn set(&mut self, element: u32, spec: &TextSpec) -> bool {
        let asked = match self.slots.get(&element) {
            Some(slot) if slot.spec == *spec => return true,
            Some(slot) if !slot.overflowed => Some(slot.measured.clone()),
            _ => None,
        };
        self.reshape(element, spec);
        let Some(asked) = asked else { return false };
        asked.iter().all(|(w, min_content, size)| {
            let width = match (w, min_content) {
                (Some(bits), _) => TextWidth::Definite(f32::from_bits(*bits)),
                (None, true) => TextWidth::MinContent,
                (None, false) => TextWidth::MaxContent,
            };
            self.measure(element, width) == *size
        })
    }

    fn reshape(&mut self, element: u32, spec: &TextSpec) {
        let metrics = Metrics::new(spec.font_size, spec.line_height);
        let mut buffer = match self.slots.remove(&element) {
            Some(mut old) => {
                old.buffer.set_metrics(metrics);
                old.buffer
            }
            None => Buffer::new_empty(metrics),
        };
        buffer.set_wrap(if spec.nowrap { Wrap::None } else { Wrap::WordOrGlyph });
        let lines = spec.max_lines.unwrap_or(1) as usize;
        buffer.set_ellipsize(if spec.ellipsis {
            Ellipsize::End(EllipsizeHeightLimit::Lines(lines.max(1)))
        } else {
            Ellipsize::None
        });
        buffer.set_size(None, None);
        let mut attrs = Attrs::new()
            .family(Family::Name(&spec.family))
            .weight(Weight(spec.weight))
            .style(if spec.italic { CtStyle::Italic } else { CtStyle::Normal });
        if let Some(px) = spec.letter_spacing {
            attrs = attrs.letter_spacing(px / spec.font_size.max(1.0));
        }
        let align = match spec.align {
            TextAlign::Start => CtAlign::Left,
            TextAlign::Center => CtAlign::Center,
            TextAlign::End => CtAlign::Right,
            TextAlign::Justify => CtAlign::Justified,
        };
        buffer.set_text(&spec.content, &attrs, Shaping::Advanced, Some(align));
        buffer.shape_until_scroll(&mut self.fonts, false);
        self.slots.insert(
            element,
            Slot {
                spec: spec.clone(),
                buffer,
                width: None,
                word_only: false,
                measured: Vec::new(),
                overflowed: false,
            },
        );
    }

    /// Lays the element's text out for `width`; `None` when it has no slot.
    fn lay_out(&mut self, element: u32, width: TextWidth) -> Option<&mut Slot> {
        let slot = self.slots.get_mut(&element)?;
        let (w, word_only) = match width {
            TextWidth::Definite(w) => (Some(w.max(0.0)), false),
            TextWidth::MinContent => (Some(0.0), true),
            TextWidth::MaxContent => (None, false),
        };
        let w = if slot.spec.nowrap && !slot.spec.ellipsis { None } else { w };
        if slot.width != w || slot.word_only != word_only {
            if slot.word_only != word_only && !slot.spec.nowrap {
                slot.buffer.set_wrap(if word_only { Wrap::Word } else { Wrap::WordOrGlyph });
            }
            slot.buffer.set_size(w, None);
            slot.buffer.shape_until_scroll(&mut self.fonts, false);
            slot.width = w;
            slot.word_only = word_only;
        }
        Some(slot)
    }

    /// The size of the element's text laid out for `width` (zero without a slot).
    pub fn measure(&mut self, element: u32, width: TextWidth) -> TextSize {
        let key = match width {
            TextWidth::Definite(w) => (Some(w.max(0.0).to_bits()), false),
            TextWidth::MinContent => (None, true),
            TextWidth::MaxContent => (None, false),
        };
        if let Some(slot) = self.slots.get(&element) {
            if let Some((_, _, size)) = slot.measured.iter().find(|(w, m, _)| (*w, *m) == key) {
                return *size;
            }
        }
        let Some(slot) = self.lay_out(element, width) else {
            return TextSize { width: 0.0, height: 0.0 };
        };
        let size = buffer_size(slot);
        if slot.measured.len() >= MEASURES_KEPT {
            slot.measured.remove(0);
            slot.overflowed = true;
        }
        slot.measured.push((key.0, key.1, size));
        size
    }

    /// Draws the element's text with its top-left corner at `origin` (frame pixels) in
    /// `color`, laid out at `width`, clipped to the target's clip.
    pub fn draw(
        &mut self,
        element: u32,
        width: f32,
        origin: (i32, i32),
        color: [u8; 4],
        target: &mut Target<'_>,
    ) -> Option<TextSize> {
        self.lay_out(element, TextWidth::Definite(width))?;
        let slot = self.slots.get(&element)?;
        let max_lines = slot.spec.max_lines.map_or(usize::MAX, |n| n as usize);
        let size = buffer_size(slot);
        for run in slot.buffer.layout_runs().take(max_lines) {
            for glyph in run.glyphs {
                let physical = glyph.physical((origin.0 as f32, origin.1 as f32 + run.line_y), 1.0);
                let Some(image) = self.glyphs.get_image(&mut self.fonts, physical.cache_key) else {
                    continue;
                };
                let x = physical.x + image.placement.left;
                let y = physical.y - image.placement.top;
                let (w, h) = (image.placement.width, image.placement.height);
                match image.content {
                    SwashContent::Mask => blend_mask(target, x, y, w, h, &image.data, color),
                    SwashContent::Color => blend_rgba(target, x, y, w, h, &image.data),
                    SwashContent::SubpixelMask => {}
                }
            }
        }
        Some(size)
    }

    /// The x offset of the text position `byte` (a char boundary) on its line as laid out
    /// last, and that line's top: where a caret stands.
    pub fn caret_position(&self, element: u32, byte: usize) -> (f32, f32) {
        let Some(slot) = self.slots.get(&element) else { return (0.0, 0.0) };
        let mut last = (0.0, 0.0);
        for run in slot.buffer.layout_runs() {
            for g in run.glyphs {
                if g.start >= byte {
                    return (g.x, run.line_top);
                }
                if g.end > byte {
                    return (
                        g.x + g.w * ((byte - g.start) as f32 / (g.end - g.start).max(1) as f32),
                        run.line_top,
                    );
                }
            }
            last = (run.line_w, run.line_top);
        }
        last
    }

    /// The horizontal extent (left, right) of the element's glyphs laid out at `width`,
    /// alignment included; `None` without a slot or glyphs.
    pub fn ink(&mut self, element: u32, width: f32) -> Option<(f32, f32)> {
        let slot = self.lay_out(element, TextWidth::Definite(width))?;
        let max_lines = slot.spec.max_lines.map_or(usize::MAX, |n| n as usize);
        let mut extent: Option<(f32, f32)> = None;
        for run in slot.buffer.layout_runs().take(max_lines) {
            for g in run.glyphs {
                let (a, b) = (g.x.min(g.x + g.w), g.x.max(g.x + g.w));
                extent = Some(extent.map_or((a, b), |(l, r)| (l.min(a), r.max(b))));
            }
        }
        extent
    }

    /// The runs of the element's text as laid out last: (baseline y, left x, width) each.
    pub fn lines(&self, element: u32) -> Vec<(f32, f32, f32)> {
        let Some(slot) = self.slots.get(&element) else { return Vec::new() };
        let max_lines = slot.spec.max_lines.map_or(usize::MAX, |n| n as usize);
        slot.buffer
            .layout_runs()
            .take(max_lines)
            .map(|run| {
                let left = run.glyphs.first().map_or(0.0, |g| g.x);
                (run.line_y, left, run.line_w)
            })
            .collect()
    }
}

fn buffer_size(slot: &Slot) -> TextSize {
    let max_lines = slot.spec.max_lines.map_or(usize::MAX, |n| n as usize);
    let mut width: f32 = 0.0;
    let mut lines = 0usize;
    for run in slot.buffer.layout_runs().take(max_lines) {
        width = width.max(run.line_w);
        lines += 1;
    }
    let lines = lines.max(1);
    TextSize { width: width.ceil(), height: (lines as f32 * slot.spec.line_height).ceil() }
}

/// How many faces the bytes hold (0: not a font), without panicking on any input.
fn ttf_parser_face_count(data: &[u8]) -> u32 {
    let magic = data.get(0..4);
    match magic {
        Some([0x00, 0x01, 0x00, 0x00]) | Some(b"OTTO") | Some(b"true") => 1,
        Some(b"ttcf") => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_face_inflates_to_a_font() {
        let faces: Vec<Vec<u8>> = bundled_faces().collect();
        assert_eq!(faces.len(), BUNDLED_FACES.len());
        for face in &faces {
            assert_eq!(&face[..4], &[0, 1, 0, 0], "a TrueType font starts with version 1.0");
        }
        let engine = TextEngine::new();
        let db = engine.fonts.db();
        assert_eq!(db.len(), 3);
        let styles: Vec<_> = db.faces().map(|f| (f.weight.0, f.style)).collect();
        assert!(styles.contains(&(400, fontdb::Style::Normal)));
        assert!(styles.contains(&(700, fontdb::Style::Normal)));
        assert!(styles.contains(&(400, fontdb::Style::Italic)));
    }
}

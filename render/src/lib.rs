//! `kryon-render`: turns a KRY app's state into pixels, the same for every host (headless
//! `kryc run --screenshot`, a window, tests), and answers which element is under a point.
//!
//! Data flows one way: the runtime (`kryon-runtime`) owns the app's state; the renderer reads
//! it through an [`AppView`] (document, element tree, variables), never calls scripts, and
//! does no IO of its own (images and fonts come through a [`ResourceLoader`]).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kryon_render::{encode_png, NoResources, RenderOptions, Renderer};
//! use kryon_runtime::{Runtime, VMConfig};
//! let mut runtime = Runtime::load(&std::fs::read("app.krb")?, VMConfig::default())?;
//! let mut renderer = Renderer::new(NoResources, RenderOptions::default());
//! renderer.render_runtime(&runtime);
//! let outcome = runtime.click("inc")?;
//! let frame = renderer.update_runtime(&runtime, &outcome.changes);
//! println!("repainted {:?}", frame.damage);
//! std::fs::write("out.png", encode_png(renderer.frame())?)?;
//! # Ok(()) }
//! ```
//!
//! Pieces, in pipeline order: `sheet` (styles evaluated) → `cascade` + `style` (computed
//! style per element; `user_agent` is the native look) → `restyle` (content: text, images)
//! → `layout` (taffy) and `text` (cosmic-text) → `scene` (boxes, clips, bounds) → `paint` and
//! `widgets` (tiny-skia) → `frame` (PNG); `damage` and `hit_test` serve hosts.

mod banner;
mod cascade;
mod damage;
mod frame;
mod geometry;
mod grid;
mod hit_test;
mod image_cache;
mod layout;
mod paint;
mod props;
mod renderer;
mod restyle;
mod scene;
mod sheet;
mod style;
mod text;
mod user_agent;
mod values;
mod widgets;

pub use banner::{Banner, BANNER_HEIGHT};
pub use frame::{encode_png, rgba};
pub use geometry::IRect;
pub use image_cache::{decode as decode_image, MemoryResources, NoResources, ResourceLoader};
pub use renderer::{
    AppView, FrameInfo, LayoutBox, RenderOptions, Renderer, DEFAULT_WINDOW, MAX_FRAME_PIXELS,
    MAX_FRAME_SIDE,
};
pub use text::DEFAULT_FAMILY;
pub use tiny_skia::Pixmap;

/// Warnings, each kept once, in the order first seen.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    seen: rustc_hash::FxHashSet<String>,
    pending: Vec<String>,
}

impl Warnings {
    pub(crate) fn add(&mut self, message: String) {
        if self.seen.insert(message.clone()) {
            self.pending.push(message);
        }
    }

    pub(crate) fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pending)
    }
}

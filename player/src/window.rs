//! The window host: winit for the window and input, softbuffer to present the renderer's
//! pixels (no GPU). Input becomes runtime calls through the renderer's hit test; a frame is
//! presented only when the renderer reports damage, and the event loop waits otherwise, so
//! an idle app uses no CPU.

use std::num::NonZeroU32;
use std::rc::Rc;
use std::time::Instant;

use kryon_render::{Banner, FrameInfo, IRect, Pixmap, RenderOptions};
use kryon_runtime::Edit;
use winit::application::ApplicationHandler;
use winit::dpi::{LogicalSize, PhysicalPosition};
use winit::event::{ElementState, KeyEvent, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};
use winit::keyboard::{Key, ModifiersState, NamedKey};
use winit::window::{Window, WindowId};

use crate::app::{App, Source};
use crate::clipboard::Clipboard;
use crate::options::Options;

type Surface = softbuffer::Surface<Rc<Window>, Rc<Window>>;

struct Player {
    app: App,
    options: Options,
    window: Option<Rc<Window>>,
    surface: Option<Surface>,
    /// The cursor in physical pixels.
    cursor: PhysicalPosition<f64>,
    modifiers: ModifiersState,
    /// Damage not yet presented (frame pixels); `None` with `full` set means everything.
    pending: Vec<IRect>,
    full: bool,
    frames: u64,
    /// Copy and paste: the system clipboard, or the app's own.
    clipboard: Clipboard,
    failure: Option<String>,
    /// The error line over the bottom of the window, and the message it shows.
    banner: Banner,
    shown_banner: Option<(String, Pixmap)>,
    /// New builds of the app while it runs, and when to ask next.
    source: Option<Box<dyn Source>>,
    next_poll: Instant,
}

/// Opens the window and runs until it closes. The error is for the process's exit status.
pub fn run(options: Options) -> Result<(), String> {
    let app = App::open(&options)?;
    run_app(app, options, None)
}

/// Opens the window on a loaded app and runs until it closes; with a `source`, new builds
/// replace the app as they come (the shared variables keep their values), and a build that
/// fails shows its error while the last good app stays on screen.
pub fn run_app(
    mut app: App,
    options: Options,
    source: Option<Box<dyn Source>>,
) -> Result<(), String> {
    // The App's own size, at the player's scale, is the window's logical size.
    app.render_full(RenderOptions { size: options.size, scale: options.scale });
    let mut builder = EventLoop::builder();
    // `kryc run --window` runs on a thread with a larger stack than the main thread's; the
    // event loop is the only one in the process either way.
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    {
        winit::platform::x11::EventLoopBuilderExtX11::with_any_thread(&mut builder, true);
        winit::platform::wayland::EventLoopBuilderExtWayland::with_any_thread(&mut builder, true);
    }
    let event_loop = builder.build().map_err(|e| format!("cannot open a window: {e}"))?;
    event_loop.set_control_flow(ControlFlow::Wait);
    let mut player = Player {
        app,
        options,
        window: None,
        surface: None,
        cursor: PhysicalPosition::new(-1.0, -1.0),
        modifiers: ModifiersState::default(),
        pending: Vec::new(),
        full: true,
        frames: 0,
        clipboard: Clipboard::new(),
        failure: None,
        banner: Banner::new(),
        shown_banner: None,
        source,
        next_poll: Instant::now(),
    };
    event_loop.run_app(&mut player).map_err(|e| format!("the window failed: {e}"))?;
    if player.options.print_json_on_exit {
        println!("{}", player.app.runtime.snapshot_json());
    }
    match player.failure {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

impl Player {
    /// The renderer's options for the window as it is now: its physical size and the
    /// display's scale times the player's.
    fn render_options(&self) -> Option<RenderOptions> {
        let window = self.window.as_ref()?;
        let size = window.inner_size();
        let scale = (window.scale_factor() as f32 * self.options.scale).clamp(0.25, 8.0);
        let logical = |px: u32| ((px as f32 / scale).round() as u32).max(1);
        Some(RenderOptions { size: Some((logical(size.width), logical(size.height))), scale })
    }

    fn rerender(&mut self) {
        if let Some(options) = self.render_options() {
            self.app.render_full(options);
            self.full = true;
            self.request_redraw();
        }
    }

    fn request_redraw(&self) {
        if let Some(window) = &self.window {
            window.request_redraw();
        }
    }

    /// Takes a frame's damage; asks for a redraw when there is any.
    fn take(&mut self, info: FrameInfo) {
        if info.full {
            self.full = true;
        }
        if !info.damage.is_empty() || info.full {
            self.pending.extend(info.damage);
            self.request_redraw();
        }
        self.show_error();
    }

    /// A script error shows in the window title (and on standard error, where `App` wrote
    /// it); without one the title is the App's.
    fn show_error(&self) {
        let Some(window) = &self.window else { return };
        window.request_redraw();
        match &self.app.last_error {
            Some(error) => {
                let first = error.lines().next().unwrap_or_default();
                window.set_title(&format!("{} — error: {first}", self.app.title()));
            }
            None => window.set_title(&self.app.title()),
        }
    }

    /// Asks the source for a new build when it is time, and swaps it in.
    fn poll_source(&mut self, event_loop: &ActiveEventLoop) {
        let Some(source) = &mut self.source else { return };
        let now = Instant::now();
        if now >= self.next_poll {
            self.next_poll = now + source.interval();
            match source.poll() {
                None => {}
                Some(Ok(bytes)) => match self.app.reload(&bytes) {
                    Ok(()) => {
                        eprintln!("reloaded");
                        self.rerender();
                        // The new build starts without interaction state: the element under
                        // the pointer is hovered again.
                        let target = self.hit();
                        let outcome = self.app.runtime.pointer_move(target);
                        let info = self.app.apply(outcome);
                        self.take(info);
                        self.show_error();
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        self.app.last_error = Some(e);
                        self.show_error();
                    }
                },
                Some(Err(e)) => {
                    self.app.last_error = Some(e);
                    self.show_error();
                }
            }
        }
        event_loop.set_control_flow(ControlFlow::WaitUntil(self.next_poll));
    }

    fn hit(&self) -> Option<u32> {
        self.app.renderer.hit_test(self.cursor.x as f32, self.cursor.y as f32)
    }

    fn present(&mut self, event_loop: &ActiveEventLoop) {
        let (Some(window), Some(surface)) = (&self.window, &mut self.surface) else { return };
        let frame = self.app.renderer.frame();
        let (w, h) = (frame.width(), frame.height());
        let (Some(nw), Some(nh)) = (NonZeroU32::new(w), NonZeroU32::new(h)) else { return };
        if let Err(e) = surface.resize(nw, nh) {
            self.failure = Some(format!("cannot draw: {e}"));
            event_loop.exit();
            return;
        }
        let mut buffer = match surface.buffer_mut() {
            Ok(buffer) => buffer,
            Err(e) => {
                self.failure = Some(format!("cannot draw: {e}"));
                event_loop.exit();
                return;
            }
        };
        // The error line: drawn again when its message or the width changes; shown or
        // hidden, its strip is presented again.
        let message = self.app.last_error.clone();
        let banner_changed = match (&message, &self.shown_banner) {
            (None, None) => false,
            (Some(m), Some((shown, strip))) => m != shown || strip.width() != w,
            _ => true,
        };
        if banner_changed {
            let scale = (window.scale_factor() as f32 * self.options.scale).clamp(0.25, 8.0);
            let old = self.shown_banner.take();
            self.shown_banner =
                message.and_then(|m| self.banner.draw(&m, w, scale).map(|strip| (m, strip)));
            let old_h = old.as_ref().map_or(0, |(_, strip)| strip.height());
            let new_h = self.shown_banner.as_ref().map_or(0, |(_, strip)| strip.height());
            let strip_h = old_h.max(new_h);
            let top = h.saturating_sub(strip_h) as i32;
            self.pending.push(IRect::new(0, top, w as i32, h as i32));
        }
        // A buffer that is not the one presented last holds an older frame: copy all of it.
        let whole = IRect::from_size(w, h);
        let regions: Vec<IRect> = if self.full || buffer.age() != 1 {
            vec![whole]
        } else {
            std::mem::take(&mut self.pending)
        };
        let pixels = frame.data();
        for r in &regions {
            let (x0, y0) = (r.x0.max(0) as u32, r.y0.max(0) as u32);
            let (x1, y1) = ((r.x1.max(0) as u32).min(w), (r.y1.max(0) as u32).min(h));
            for y in y0..y1 {
                for x in x0..x1 {
                    let i = (y * w + x) as usize;
                    let p = &pixels[i * 4..i * 4 + 4];
                    // The frame is opaque (the window background is painted), so the
                    // premultiplied colour is the colour.
                    buffer[i] = (u32::from(p[0]) << 16) | (u32::from(p[1]) << 8) | u32::from(p[2]);
                }
            }
        }
        if let Some((_, strip)) = &self.shown_banner {
            let top = h.saturating_sub(strip.height());
            let data = strip.data();
            for r in &regions {
                let (x0, y0) = (r.x0.max(0) as u32, (r.y0.max(0) as u32).max(top));
                let (x1, y1) = ((r.x1.max(0) as u32).min(w), (r.y1.max(0) as u32).min(h));
                for y in y0..y1 {
                    for x in x0..x1.min(strip.width()) {
                        let i = (((y - top) * strip.width() + x) * 4) as usize;
                        let p = &data[i..i + 4];
                        buffer[(y * w + x) as usize] =
                            (u32::from(p[0]) << 16) | (u32::from(p[1]) << 8) | u32::from(p[2]);
                    }
                }
            }
        }
        let rects: Vec<softbuffer::Rect> = regions
            .iter()
            .filter_map(|r| {
                let (x0, y0) = (r.x0.clamp(0, w as i32) as u32, r.y0.clamp(0, h as i32) as u32);
                let (x1, y1) = (r.x1.clamp(0, w as i32) as u32, r.y1.clamp(0, h as i32) as u32);
                Some(softbuffer::Rect {
                    x: x0,
                    y: y0,
                    width: NonZeroU32::new(x1.saturating_sub(x0))?,
                    height: NonZeroU32::new(y1.saturating_sub(y0))?,
                })
            })
            .collect();
        let presented = if rects.is_empty() { Ok(()) } else { buffer.present_with_damage(&rects) };
        if let Err(e) = presented {
            self.failure = Some(format!("cannot draw: {e}"));
            event_loop.exit();
            return;
        }
        self.full = false;
        self.pending.clear();
        self.frames += 1;
        window.pre_present_notify();
        if self.options.frames.is_some_and(|n| self.frames >= n) {
            event_loop.exit();
        }
    }

    /// A key press; `false` when it closes the window (Ctrl-Q, Ctrl-W).
    fn key(&mut self, event: &KeyEvent) -> bool {
        if event.state != ElementState::Pressed {
            return true;
        }
        let shift = self.modifiers.shift_key();
        let ctrl = self.modifiers.control_key() || self.modifiers.super_key();
        let editing = self.is_editing();
        let runtime = &mut self.app.runtime;
        let outcome = match &event.logical_key {
            Key::Named(NamedKey::Tab) => runtime.focus_next(shift),
            Key::Named(NamedKey::Enter) if editing => runtime.edit_text(Edit::Submit),
            Key::Named(NamedKey::Enter) => runtime.activate_focused(),
            Key::Named(NamedKey::Space) if !editing => runtime.activate_focused(),
            Key::Named(NamedKey::Backspace) => runtime.edit_text(Edit::DeleteBackward),
            Key::Named(NamedKey::Delete) => runtime.edit_text(Edit::DeleteForward),
            Key::Named(NamedKey::ArrowLeft) => runtime.edit_text(Edit::Left { select: shift }),
            Key::Named(NamedKey::ArrowRight) => runtime.edit_text(Edit::Right { select: shift }),
            Key::Named(NamedKey::Home) => runtime.edit_text(Edit::Home { select: shift }),
            Key::Named(NamedKey::End) => runtime.edit_text(Edit::End { select: shift }),
            Key::Character(c)
                if ctrl && (c.eq_ignore_ascii_case("q") || c.eq_ignore_ascii_case("w")) =>
            {
                return false;
            }
            Key::Character(c) if ctrl && c.eq_ignore_ascii_case("a") => {
                runtime.edit_text(Edit::SelectAll)
            }
            Key::Character(c)
                if ctrl && (c.eq_ignore_ascii_case("c") || c.eq_ignore_ascii_case("x")) =>
            {
                if let Some(text) = runtime.selected_text() {
                    self.clipboard.set(text);
                    if c.eq_ignore_ascii_case("x") {
                        let outcome = self.app.runtime.edit_text(Edit::DeleteForward);
                        let info = self.app.apply(outcome);
                        self.take(info);
                    }
                }
                return true;
            }
            Key::Character(c) if ctrl && c.eq_ignore_ascii_case("v") => {
                let text = self.clipboard.get();
                self.app.runtime.edit_text(Edit::Insert(text))
            }
            _ if ctrl => return true,
            _ => match &event.text {
                Some(text) if !text.chars().all(char::is_control) => {
                    runtime.edit_text(Edit::Insert(text.to_string()))
                }
                _ => return true,
            },
        };
        let name = format!("{:?}", event.logical_key);
        let document = self.app.runtime.fire_document_event("keydown", key_data(&name));
        let info = self.app.apply(outcome);
        self.take(info);
        let info = self.app.apply(document);
        self.take(info);
        true
    }

    fn is_editing(&self) -> bool {
        let tree = self.app.runtime.tree();
        self.app.runtime.focused().and_then(|i| tree.get(i)).is_some_and(|e| e.caret.is_some())
    }

    /// The wheel scrolls the innermost scrolling element under the cursor.
    fn scroll(&mut self, dx: f32, dy: f32) {
        let path = self.app.renderer.hit_path(self.cursor.x as f32, self.cursor.y as f32);
        for element in path {
            let Some(((x, y), (max_x, max_y))) = self.app.renderer.scroll_of(element) else {
                continue;
            };
            if max_x <= 0.0 && max_y <= 0.0 {
                continue;
            }
            let info = self.app.renderer.scroll_to(
                element,
                (x - dx).clamp(0.0, max_x),
                (y - dy).clamp(0.0, max_y),
            );
            self.take(info);
            return;
        }
    }
}

fn key_data(name: &str) -> kryon_runtime::ScriptValue {
    let mut map = std::collections::BTreeMap::new();
    map.insert("key".to_string(), kryon_runtime::ScriptValue::from(name));
    kryon_runtime::ScriptValue::Map(map)
}

impl ApplicationHandler for Player {
    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.poll_source(event_loop);
    }

    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_some() {
            return;
        }
        let frame = self.app.renderer.frame();
        let size = LogicalSize::new(frame.width().max(1), frame.height().max(1));
        let attributes = Window::default_attributes()
            .with_title(self.app.title())
            .with_inner_size(size)
            .with_resizable(self.app.resizable())
            .with_window_icon(
                self.app
                    .icon()
                    .and_then(|(rgba, w, h)| winit::window::Icon::from_rgba(rgba, w, h).ok()),
            );
        let window = match event_loop.create_window(attributes) {
            Ok(window) => Rc::new(window),
            Err(e) => {
                self.failure = Some(format!("cannot open a window: {e}"));
                event_loop.exit();
                return;
            }
        };
        let surface = softbuffer::Context::new(window.clone())
            .and_then(|context| Surface::new(&context, window.clone()));
        match surface {
            Ok(surface) => self.surface = Some(surface),
            Err(e) => {
                self.failure = Some(format!("cannot draw in the window: {e}"));
                event_loop.exit();
                return;
            }
        }
        self.window = Some(window);
        self.rerender();
        self.show_error();
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => event_loop.exit(),
            WindowEvent::Resized(_) | WindowEvent::ScaleFactorChanged { .. } => self.rerender(),
            WindowEvent::RedrawRequested => self.present(event_loop),
            WindowEvent::ModifiersChanged(modifiers) => self.modifiers = modifiers.state(),
            WindowEvent::CursorMoved { position, .. } => {
                self.cursor = position;
                let target = self.hit();
                if target != self.app.runtime.hovered() {
                    let outcome = self.app.runtime.pointer_move(target);
                    let info = self.app.apply(outcome);
                    self.take(info);
                }
            }
            WindowEvent::CursorLeft { .. } => {
                self.cursor = PhysicalPosition::new(-1.0, -1.0);
                let outcome = self.app.runtime.pointer_move(None);
                let info = self.app.apply(outcome);
                self.take(info);
            }
            WindowEvent::MouseInput { state, button: MouseButton::Left, .. } => {
                let target = self.hit();
                let outcome = match (state, target) {
                    (ElementState::Pressed, Some(target)) => self.app.runtime.pointer_down(target),
                    (ElementState::Pressed, None) => self.app.runtime.focus(None),
                    (ElementState::Released, target) => self.app.runtime.pointer_up(target),
                };
                let info = self.app.apply(outcome);
                self.take(info);
            }
            WindowEvent::MouseWheel { delta, .. } => {
                let scale = self.window.as_ref().map_or(1.0, |w| w.scale_factor()) as f32;
                let (dx, dy) = match delta {
                    MouseScrollDelta::LineDelta(x, y) => (x * 40.0, y * 40.0),
                    MouseScrollDelta::PixelDelta(p) => (p.x as f32 / scale, p.y as f32 / scale),
                };
                self.scroll(dx, dy);
            }
            WindowEvent::KeyboardInput { event, .. } if !self.key(&event) => event_loop.exit(),
            _ => {}
        }
    }
}

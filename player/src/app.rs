//! The app a host shows: the runtime (state, scripts) and the renderer (pixels, hit
//! testing), loaded from a `.krb` file, with the budgets from the command line. Both hosts
//! (window and terminal) drive it the same way: an input becomes a runtime call, the call's
//! change records go to the renderer, and the damage says what to present.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use kryon_render::{FrameInfo, RenderOptions, Renderer, ResourceLoader};
use kryon_runtime::{DispatchOutcome, Runtime, ScriptError, TraceStep, VMConfig};

use crate::options::Options;

/// Images and fonts read from the app's directory (relative paths that stay inside it).
pub struct AppFiles {
    root: PathBuf,
}

impl ResourceLoader for AppFiles {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        let relative = Path::new(path);
        if !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
            return Err(format!("`{path}` is outside the app's directory"));
        }
        std::fs::read(self.root.join(relative)).map_err(|e| format!("cannot read `{path}`: {e}"))
    }
}

/// Where new builds of the running app come from (`kryc run --window --watch` rebuilds the
/// `.kry` on save); the host asks every [`Source::interval`].
pub trait Source {
    /// How often the host asks for a new build.
    fn interval(&self) -> Duration;
    /// `None` when nothing changed; the new KRB when the sources changed and built; an error
    /// line when they changed and did not build (the app on screen stays as it was).
    fn poll(&mut self) -> Option<Result<Vec<u8>, String>>;
}

/// A loaded app.
pub struct App {
    pub runtime: Runtime,
    pub renderer: Renderer,
    root: PathBuf,
    /// The last script error, for the host's overlay line.
    pub last_error: Option<String>,
}

/// The runtime's configuration: the app's directory for script files, and the budgets from
/// the command line for every VM.
fn config(options: &Options, root: &Path) -> VMConfig {
    let mut config = VMConfig::default()
        .with_script_root(root.to_path_buf())
        .with_trusted_bytecode(options.trust_bytecode);
    for language in kryon_runtime::compiled_vms() {
        let mut settings = config.settings(language);
        if let Some(bytes) = options.max_memory {
            settings = settings.with_memory_limit(bytes);
        }
        if let Some(limit) = options.max_time {
            settings = settings.with_time_limit(limit);
        }
        config = config.with_settings(language, settings);
    }
    config
}

/// Why an app cannot be opened.
pub fn load_error(path: &Path, message: impl std::fmt::Display) -> String {
    format!("cannot open `{}`: {message}", path.display())
}

/// The error line a host shows for a script error (`.kry` file and line when known).
pub fn describe(error: &ScriptError) -> String {
    match (&error.kry_file, error.kry_line) {
        (Some(file), Some(line)) => format!("{file}:{line}: {}: {}", error.function, error.message),
        _ => format!("{}: {}", error.function, error.message),
    }
}

impl App {
    /// Reads and loads the app; scripts that fail at load are reported, not fatal.
    pub fn open(options: &Options) -> Result<App, String> {
        let bytes = std::fs::read(&options.app).map_err(|e| load_error(&options.app, e))?;
        App::from_bytes(&bytes, options)
    }

    /// Loads the app from KRB bytes (`options.app` names it and its directory holds its
    /// images, fonts and script files).
    pub fn from_bytes(bytes: &[u8], options: &Options) -> Result<App, String> {
        let root = options.app.parent().unwrap_or(Path::new("")).to_path_buf();
        let config = config(options, &root);
        let runtime = match options.trace {
            Some(format) => {
                let observer = move |step: &TraceStep<'_>| eprintln!("{}", format.line(step));
                Runtime::load_observed(bytes, config, Box::new(observer))
            }
            None => Runtime::load(bytes, config),
        }
        .map_err(|e| load_error(&options.app, e))?;
        let renderer = Renderer::new(
            AppFiles { root: root.clone() },
            RenderOptions { size: options.size, scale: options.scale },
        );
        let mut app = App { runtime, renderer, root, last_error: None };
        let output = app.runtime.load_outcome().output.clone();
        let errors = app.runtime.errors().to_vec();
        app.report(&output, &errors);
        Ok(app)
    }

    /// Replaces the running app with a new build of it, keeping the shared variables'
    /// values (`Runtime::reload`); on an error the running app is untouched. The caller
    /// renders a full frame afterwards (the layout may have changed).
    pub fn reload(&mut self, bytes: &[u8]) -> Result<(), String> {
        let doc =
            krb_format::read(bytes).map_err(|e| format!("the new build is unreadable: {e}"))?;
        let outcome =
            self.runtime.reload(doc).map_err(|e| format!("the new build cannot load: {e}"))?;
        self.last_error = None;
        self.report(&outcome.output, &outcome.errors);
        Ok(())
    }

    /// The App's window title.
    pub fn title(&self) -> String {
        let tree = self.runtime.tree();
        let title = tree
            .elements()
            .first()
            .and_then(|root| root.property("window_title"))
            .map(|t| t.to_string())
            .filter(|t| !t.is_empty());
        title.unwrap_or_else(|| "kryon".to_string())
    }

    /// The App's `icon` as straight RGBA pixels with its size; `None` without one. An icon
    /// that cannot be read or decoded is a warning naming the file, never an error.
    pub fn icon(&self) -> Option<(Vec<u8>, u32, u32)> {
        let path = {
            let tree = self.runtime.tree();
            tree.elements().first()?.property("icon")?.to_string()
        };
        if path.is_empty() {
            return None;
        }
        let loaded = AppFiles { root: self.root.clone() }
            .load(&path)
            .and_then(|bytes| kryon_render::decode_image(&bytes));
        match loaded {
            Ok(pixmap) => {
                let rgba = pixmap
                    .pixels()
                    .iter()
                    .flat_map(|p| {
                        let c = p.demultiply();
                        [c.red(), c.green(), c.blue(), c.alpha()]
                    })
                    .collect();
                Some((rgba, pixmap.width(), pixmap.height()))
            }
            Err(e) => {
                eprintln!("warning: the window icon `{path}`: {e}");
                None
            }
        }
    }

    /// Whether the App lets the person resize the window.
    pub fn resizable(&self) -> bool {
        let tree = self.runtime.tree();
        !matches!(
            tree.elements().first().and_then(|root| root.property("resizable")),
            Some(kryon_runtime::ScriptValue::Bool(false))
        )
    }

    /// Renders everything again (first frame, resize, scale change) at `options`.
    pub fn render_full(&mut self, options: RenderOptions) -> FrameInfo {
        if options != self.renderer.options() {
            self.renderer = Renderer::new(AppFiles { root: self.root.clone() }, options);
        }
        let info = self.renderer.render_runtime(&self.runtime);
        self.report_warnings();
        info
    }

    /// Takes what a runtime call did: prints the scripts' output and errors, and renders the
    /// changes incrementally.
    pub fn apply(&mut self, outcome: DispatchOutcome) -> FrameInfo {
        self.report(&outcome.output, &outcome.errors);
        if outcome.changes.is_empty() {
            return FrameInfo::default();
        }
        let info = self.renderer.update_runtime(&self.runtime, &outcome.changes);
        self.report_warnings();
        info
    }

    /// What scripts printed and their errors, on standard error; the last error is kept for
    /// the host's overlay line.
    fn report(&mut self, output: &[String], errors: &[ScriptError]) {
        for line in output {
            eprintln!("{line}");
        }
        for error in errors {
            let line = describe(error);
            eprintln!("script error: {line}");
            self.last_error = Some(line);
        }
    }

    fn report_warnings(&mut self) {
        for warning in self.renderer.take_warnings() {
            eprintln!("warning: {warning}");
        }
    }
}

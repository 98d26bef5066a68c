//! `kryon-player`: the hosts that show a KRB app — a window (winit + softbuffer, cargo
//! feature `window`) and the terminal (crossterm, feature `tui`) — over one [`app::App`]
//! (the runtime and the renderer). The `kryon` binary (`main.rs`) is their command line;
//! `kryc run --window` opens the same window from the compiler. The player never depends on
//! the compiler: a host that rebuilds the app (`kryc run --window --watch`) hands it new KRB
//! bytes through a [`app::Source`].

pub mod app;
#[cfg(feature = "window")]
pub mod clipboard;
pub mod options;
#[cfg(feature = "tui")]
pub mod tui;
#[cfg(feature = "window")]
pub mod window;

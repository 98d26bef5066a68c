//! kryc: the KRY compiler core.
//!
//! The core is pure: text in, diagnostics and KRB bytes out. It reads no files, prints
//! nothing and never exits the process; the `kryc` binary (`src/main.rs`, `src/cli/`) owns
//! all of that. See `ARCHITECTURE.md` for the code map.

// Module docs name the private files that do the work, as a map for contributors
// (`cargo doc --document-private-items` renders those links).
#![allow(rustdoc::private_intra_doc_links)]

pub mod analysis;
pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ide;
pub mod inspect;
pub mod languages;
pub mod loader;
pub mod manifest;
pub mod model;
pub mod optimise;
pub mod passes;
pub mod program;
pub mod recommend;
pub mod registry;
pub mod scripts;
pub mod source;
pub mod suggest;
pub mod syntax;

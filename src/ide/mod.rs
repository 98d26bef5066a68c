//! The editor engine behind `kryc lsp`: pure functions over the text of open documents and
//! the [`Loader`](crate::loader::Loader) trait, answering in LSP's types (`lsp-types`). The
//! server loop, stdin and stdout live in the binary (`src/cli/lsp.rs`); nothing here does IO.
//!
//! [`document_cache`] holds the open buffers and each open file's last analysis (the same
//! check `kryc check` runs, with the build manifest of its `kryon.toml`); included files are
//! read from open buffers first. Each request is one file: [`diagnostics`] (a view of
//! [`Diagnostic`](crate::diagnostics::Diagnostic), like the renderers), [`completion`],
//! [`hover`], [`goto`], [`references`], [`rename`] (all three over [`occurrences`], the names
//! every file defines and uses), [`symbols`], [`semantic_tokens`], [`folding`],
//! [`code_actions`] (the diagnostics' fixes) and [`formatting`] (the library's formatter).
//! [`cursor`] says what the text around a position is (for completion); [`position`]
//! converts byte offsets to and from LSP positions in the negotiated encoding.

pub mod code_actions;
pub mod completion;
pub mod cursor;
pub mod diagnostics;
pub mod document_cache;
pub mod folding;
pub mod formatting;
pub mod goto;
pub mod hover;
pub mod occurrences;
pub mod position;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;
pub mod uri;

pub use document_cache::{DocumentCache, FileAnalysis};

#[cfg(test)]
mod tests;

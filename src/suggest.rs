//! "Did you mean ...?" suggestions by edit distance (the registry's, shared by every layer).

pub use kryon_registry::suggest::{closest, edit_distance};

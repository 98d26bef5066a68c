//! How the core gets the text of included files without doing IO itself.
//!
//! The CLI implements [`Loader`] over the file system; the language server implements it over
//! its open buffers; tests use [`MemoryLoader`].

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    NotFound,
    /// Any other failure, with the reason (permission denied, not UTF-8, ...).
    Other(String),
}

/// Supplies file contents to the compiler.
pub trait Loader {
    /// Reads the file at `path`, which is a path the core built by joining the including file's
    /// directory (or a search directory) with the include path, then normalising `.` and `..`.
    fn load(&self, path: &Path) -> Result<String, LoadError>;

    /// The identity of a file, used to detect include cycles and duplicate includes. The
    /// default is the normalised path; a file-system loader may canonicalise symlinks.
    fn identity(&self, path: &Path) -> PathBuf {
        path.to_path_buf()
    }
}

/// Files held in memory: for tests, the language server and fuzzing.
#[derive(Debug, Default, Clone)]
pub struct MemoryLoader {
    files: HashMap<PathBuf, String>,
}

impl MemoryLoader {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, path: impl AsRef<Path>, text: impl Into<String>) -> Self {
        self.insert(path, text);
        self
    }

    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.files.insert(normalize(path.as_ref()), text.into());
    }
}

impl Loader for MemoryLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        self.files.get(&normalize(path)).cloned().ok_or(LoadError::NotFound)
    }
}

/// Removes `.` components and resolves `..` lexically (`a/b/../c` is `a/c`). Leading `..` that
/// cannot be resolved are kept.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c.kry")), PathBuf::from("a/c.kry"));
        assert_eq!(normalize(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }
}

//! The file-system [`Loader`] used by the CLI.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use kryc::loader::{LoadError, Loader};

pub struct FsLoader;

impl Loader for FsLoader {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                LoadError::Other(format!(
                    "not valid UTF-8 at byte {}",
                    e.utf8_error().valid_up_to()
                ))
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(LoadError::NotFound),
            Err(e) if e.kind() == ErrorKind::IsADirectory => {
                Err(LoadError::Other("is a directory".into()))
            }
            Err(e) => Err(LoadError::Other(e.to_string())),
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }
}

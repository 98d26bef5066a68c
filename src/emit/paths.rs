//! Paths as KRB records them: relative to the root `.kry` file's directory, `/`-separated, so
//! the same sources give the same bytes wherever they are checked out.

use std::path::{Component, Path};

/// `path` relative to `base` (both as the compiler saw them: both relative to the working
/// directory or both absolute). A path that cannot be expressed relative to `base` (another
/// drive, or one absolute and the other not) is recorded by its file name alone.
pub fn relative_to(base: &Path, path: &Path) -> String {
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (b, p) = (parts(base), parts(path));
    let anchored =
        |p: &Path| p.has_root() || p.components().any(|c| matches!(c, Component::Prefix(_)));
    let same_kind = anchored(base) == anchored(path)
        && base.components().next().filter(|c| matches!(c, Component::Prefix(_)))
            == path.components().next().filter(|c| matches!(c, Component::Prefix(_)));
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    if !same_kind || b[common..].iter().any(|c| c == "..") {
        return path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    }
    let mut out: Vec<String> = vec!["..".to_string(); b.len() - common];
    out.extend(p[common..].iter().cloned());
    out.join("/")
}

/// A path written in a file in directory `dir` (relative to the root, `/`-separated), made
/// relative to the root. URLs, absolute paths and `data:` URIs are kept as written.
pub fn resolve_in(dir: &str, written: &str) -> String {
    let is_absolute = written.starts_with('/')
        || written.contains("://")
        || written.starts_with("data:")
        || written.as_bytes().get(1) == Some(&b':');
    if is_absolute || dir.is_empty() {
        return written.replace('\\', "/");
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let written = written.replace('\\', "/");
    for part in written.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to(Path::new("app"), Path::new("app/main.kry")), "main.kry");
        assert_eq!(relative_to(Path::new(""), Path::new("main.kry")), "main.kry");
        assert_eq!(relative_to(Path::new("app"), Path::new("app/ui/card.kry")), "ui/card.kry");
        assert_eq!(relative_to(Path::new("app/ui"), Path::new("app/lib/x.kry")), "../lib/x.kry");
        assert_eq!(relative_to(Path::new("/a/b"), Path::new("/a/b/c.kry")), "c.kry");
        assert_eq!(relative_to(Path::new("a"), Path::new("/abs/c.kry")), "c.kry");
        assert_eq!(relative_to(Path::new(".."), Path::new("../lib/x.kry")), "lib/x.kry");
        assert_eq!(relative_to(Path::new("../a"), Path::new("../../x.kry")), "../../x.kry");
        assert_eq!(relative_to(Path::new("../.."), Path::new("../x.kry")), "x.kry");
    }

    #[test]
    fn resolving_written_paths() {
        assert_eq!(resolve_in("", "img/logo.png"), "img/logo.png");
        assert_eq!(resolve_in("ui", "logo.png"), "ui/logo.png");
        assert_eq!(resolve_in("ui", "../logo.png"), "logo.png");
        assert_eq!(resolve_in("ui", "https://x.org/a.png"), "https://x.org/a.png");
        assert_eq!(resolve_in("ui", "/abs.png"), "/abs.png");
    }
}

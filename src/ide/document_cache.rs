//! The open documents and each one's last analysis.
//!
//! An analysis is what `kryc check FILE` does for the document as the root file: the front
//! end over it and everything it includes (open buffers first, then the fallback loader the
//! server gives, the file system), the semantic passes, and the build manifest from the
//! `kryon.toml` beside it. Edits arrive as LSP content changes and are applied to the buffer
//! in the negotiated position encoding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use lsp_types::TextDocumentContentChangeEvent;

use crate::check::{check, CheckOptions, Checked};
use crate::loader::{normalize, LoadError, Loader};
use crate::manifest::{from_config, Manifest};
use crate::passes::script_facts::{self, ScriptFacts};
use crate::passes::AnalysisOptions;
use crate::scripts::cache::ScriptCache;
use crate::source::{FileId, PositionEncoding, SourceDb, SourceFile};

/// An open buffer.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub version: i32,
}

/// The check of one open document as a root file.
#[derive(Debug)]
pub struct FileAnalysis {
    pub path: PathBuf,
    /// The document version the analysis is of.
    pub version: i32,
    pub sources: SourceDb,
    pub checked: Checked,
    facts: OnceLock<ScriptFacts>,
    scripts: Option<Arc<ScriptCache>>,
}

impl FileAnalysis {
    /// Checks `text` as the root file `path`; script bodies that `scripts` holds from an
    /// earlier check are not parsed again.
    pub fn new(
        path: &Path,
        text: String,
        version: i32,
        loader: &dyn Loader,
        scripts: Option<Arc<ScriptCache>>,
    ) -> FileAnalysis {
        let mut sources = SourceDb::new();
        let manifest = manifest_for(path, loader, &mut sources);
        let options = CheckOptions {
            analysis: AnalysisOptions {
                manifest: Some(manifest),
                script_cache: scripts.clone(),
                ..AnalysisOptions::default()
            },
            ..CheckOptions::default()
        };
        let checked = check(&mut sources, path, text, loader, &options);
        FileAnalysis {
            path: path.to_path_buf(),
            version,
            sources,
            checked,
            facts: OnceLock::new(),
            scripts,
        }
    }

    /// The root file (the document itself).
    pub fn root(&self) -> FileId {
        self.checked.program.root().file
    }

    pub fn source(&self, file: FileId) -> &SourceFile {
        self.sources.get(file)
    }

    /// The file of the program (a `.kry` file or an `@script ... from` file) at `path`.
    pub fn file_at(&self, path: &Path) -> Option<FileId> {
        let path = normalize(path);
        self.checked.program.files.iter().find(|f| f.path == path).map(|f| f.file).or_else(|| {
            self.checked
                .program
                .script_files
                .iter()
                .find(|s| Path::new(self.sources.get(s.file).name()) == path)
                .map(|s| s.file)
        })
    }

    /// The path of a file of the program.
    pub fn path_of(&self, file: FileId) -> PathBuf {
        match self.checked.program.file(file) {
            Some(f) => f.path.clone(),
            None => PathBuf::from(self.sources.get(file).name()),
        }
    }

    /// Every `.kry` file of the program (the root first) and every script file.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        let program = &self.checked.program;
        program.files.iter().map(|f| f.file).chain(program.script_files.iter().map(|s| s.file))
    }

    /// Every script body of the program with the globals it reads and writes, parsed on
    /// first use (hover and references need them; diagnostics do not).
    pub fn facts(&self) -> &ScriptFacts {
        self.facts
            .get_or_init(|| script_facts::run_with(&self.checked.program, self.scripts.as_deref()))
    }
}

/// The build manifest for a root file, as `kryc check` finds it: the `kryon.toml` beside the
/// file (read through the loader, so an unsaved one counts), else Lua only. An invalid
/// `kryon.toml` counts as none here; `kryc check` reports it.
fn manifest_for(root: &Path, loader: &dyn Loader, sources: &mut SourceDb) -> Manifest {
    let config = root.parent().unwrap_or(Path::new("")).join("kryon.toml");
    let Ok(text) = loader.load(&config) else { return Manifest::default() };
    let name = config.display().to_string();
    let file = sources.add(name.clone(), text.clone());
    let from_file = from_config(&text, file, &name).ok().flatten();
    from_file.unwrap_or_default()
}

/// The open documents and their analyses.
#[derive(Debug, Default)]
pub struct DocumentCache {
    docs: BTreeMap<PathBuf, Document>,
    analyses: BTreeMap<PathBuf, Arc<FileAnalysis>>,
    /// Each open document's memo of script-body analyses: a keystroke re-parses only the
    /// bodies it changed.
    scripts: BTreeMap<PathBuf, Arc<ScriptCache>>,
}

impl DocumentCache {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn open(&mut self, path: &Path, text: String, version: i32) {
        self.docs.insert(normalize(path), Document { text, version });
    }

    pub fn close(&mut self, path: &Path) {
        let path = normalize(path);
        self.docs.remove(&path);
        self.analyses.remove(&path);
        self.scripts.remove(&path);
    }

    pub fn document(&self, path: &Path) -> Option<&Document> {
        self.docs.get(&normalize(path))
    }

    pub fn open_paths(&self) -> impl Iterator<Item = &Path> {
        self.docs.keys().map(PathBuf::as_path)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.docs.contains_key(&normalize(path))
    }

    /// Applies LSP content changes (whole-text or ranged) to an open document. Unknown
    /// documents are ignored; ranges are clamped to the text.
    pub fn change(
        &mut self,
        path: &Path,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        encoding: PositionEncoding,
    ) {
        let Some(doc) = self.docs.get_mut(&normalize(path)) else { return };
        for change in changes {
            match change.range {
                None => doc.text = change.text.clone(),
                Some(range) => {
                    let file = SourceFile::new("", doc.text.as_str());
                    let range = super::position::text_range(&file, range, encoding);
                    doc.text.replace_range(range.as_range(), &change.text);
                }
            }
        }
        doc.version = version;
    }

    /// Analyses an open document as a root file and keeps the result.
    pub fn analyze(&mut self, path: &Path, fallback: &dyn Loader) -> Option<Arc<FileAnalysis>> {
        let path = normalize(path);
        let doc = self.docs.get(&path)?;
        let loader = Overlay { docs: &self.docs, fallback };
        let scripts = self.scripts.entry(path.clone()).or_default().clone();
        let analysis = Arc::new(FileAnalysis::new(
            &path,
            doc.text.clone(),
            doc.version,
            &loader,
            Some(scripts),
        ));
        self.analyses.insert(path, analysis.clone());
        Some(analysis)
    }

    /// The last analysis of an open document.
    pub fn analysis(&self, path: &Path) -> Option<Arc<FileAnalysis>> {
        self.analyses.get(&normalize(path)).cloned()
    }

    /// The open documents whose last analysis read `path` (through an include or an
    /// `@script ... from`), other than `path` itself: they must be checked again when it
    /// changes.
    pub fn dependents(&self, path: &Path) -> Vec<PathBuf> {
        let path = normalize(path);
        self.analyses
            .iter()
            .filter(|(root, a)| **root != path && a.file_at(&path).is_some())
            .map(|(root, _)| root.clone())
            .collect()
    }
}

/// Open buffers over another loader: what an editor shows wins over what is on disk.
pub struct Overlay<'a> {
    docs: &'a BTreeMap<PathBuf, Document>,
    fallback: &'a dyn Loader,
}

impl Loader for Overlay<'_> {
    fn load(&self, path: &Path) -> Result<String, LoadError> {
        match self.docs.get(&normalize(path)) {
            Some(doc) => Ok(doc.text.clone()),
            None => self.fallback.load(path),
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        if self.docs.contains_key(&normalize(path)) {
            return normalize(path);
        }
        self.fallback.identity(path)
    }
}

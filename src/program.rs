//! The front end for a whole program: parses the root file and, through a [`Loader`], every
//! file it includes, depth first, with cycle and depth checks.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::loader::{normalize, LoadError, Loader};
use crate::source::{FileId, FileSpan, SourceDb, TextRange};
use crate::syntax::ast::{
    DefineMember, ElementMember, Item, Module, ScriptBlock, ScriptSource, StringLit,
};
use crate::syntax::parse_file;

/// Includes may nest this deep.
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Options of the front end.
#[derive(Debug, Clone, Default)]
pub struct FrontendOptions {
    /// `-I DIR` search directories, tried in order after the including file's own directory.
    pub include_dirs: Vec<PathBuf>,
}

/// One parsed file of a program.
#[derive(Debug)]
pub struct ProgramFile {
    pub file: FileId,
    pub path: PathBuf,
    pub module: Module,
    /// The files this one includes, in order, each with the range of its `@include` item (a
    /// file reached twice is parsed once; both includes name it).
    pub includes: Vec<(TextRange, FileId)>,
}

/// The code file of an `@script "lang" from "path"`, loaded through the loader. Its text is
/// in the [`SourceDb`] too, so diagnostics can point into it.
#[derive(Debug)]
pub struct ScriptFile {
    /// The path string of the `from` clause.
    pub from: FileSpan,
    pub file: FileId,
    pub text: String,
}

/// Every file of a program, parsed, with all front-end diagnostics. The text of the files is
/// in the [`SourceDb`] the program was parsed into.
#[derive(Debug)]
pub struct Program {
    /// In the order they were first reached; the root is first.
    pub files: Vec<ProgramFile>,
    /// The files `@script ... from` clauses name, in source order.
    pub script_files: Vec<ScriptFile>,
    pub diagnostics: Diagnostics,
}

impl Program {
    pub fn root(&self) -> &ProgramFile {
        &self.files[0]
    }

    pub fn file(&self, id: FileId) -> Option<&ProgramFile> {
        self.files.iter().find(|f| f.file == id)
    }

    /// The loaded file of the `from` clause whose path string is at `from`.
    pub fn script_file(&self, from: FileSpan) -> Option<&ScriptFile> {
        self.script_files.iter().find(|s| s.from == from)
    }
}

/// Parses the file `path` with contents `text` and everything it includes.
/// Several programs may share one `sources` database (as `kryc check a.kry b.kry` does).
pub fn parse_program(
    sources: &mut SourceDb,
    path: &Path,
    text: String,
    loader: &dyn Loader,
    options: &FrontendOptions,
) -> Program {
    let program =
        Program { files: Vec::new(), script_files: Vec::new(), diagnostics: Diagnostics::new() };
    let mut builder =
        Builder { loader, options, sources, program, stack: Vec::new(), seen: Vec::new() };
    let path = normalize(path);
    let identity = loader.identity(&path);
    builder.add_file(path, identity, text);
    builder.program.diagnostics.sort();
    builder.program
}

struct Builder<'a> {
    loader: &'a dyn Loader,
    sources: &'a mut SourceDb,
    options: &'a FrontendOptions,
    program: Program,
    /// The include chain being parsed: (identity, file, the `@include` span that led here).
    stack: Vec<(PathBuf, FileId, Option<FileSpan>)>,
    /// Every file parsed so far, by identity.
    seen: Vec<(PathBuf, FileId)>,
}

impl Builder<'_> {
    fn add_file(&mut self, path: PathBuf, identity: PathBuf, text: String) -> FileId {
        let file = self.sources.add(path.display().to_string(), text);
        self.seen.push((identity.clone(), file));
        let parsed = parse_file(file, self.sources.get(file));
        self.program.diagnostics.extend(parsed.diagnostics);
        let index = self.program.files.len();
        self.program.files.push(ProgramFile {
            file,
            path: path.clone(),
            module: parsed.module,
            includes: Vec::new(),
        });

        let includes: Vec<(String, FileSpan, TextRange)> = self.program.files[index]
            .module
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Include(inc) => {
                    Some((inc.path.value.clone(), FileSpan::new(file, inc.path.range), inc.range))
                }
                _ => None,
            })
            .collect();
        let mut from = Vec::new();
        script_paths(&self.program.files[index].module.items, &mut from);
        let from: Vec<(String, TextRange)> =
            from.into_iter().map(|lit| (lit.value.clone(), lit.range)).collect();
        for (script, range) in from {
            self.script_file(&path, &script, FileSpan::new(file, range));
        }
        self.stack.push((identity, file, None));
        for (include, span, item_range) in includes {
            if let Some(target) = self.include(&path, &include, span) {
                self.program.files[index].includes.push((item_range, target));
            }
        }
        self.stack.pop();
        file
    }

    /// The directory of `from`, then each search directory, joined with `path`.
    fn candidates(&self, from: &Path, path: &str) -> Vec<PathBuf> {
        let base = from.parent().unwrap_or(Path::new(""));
        std::iter::once(base.join(path))
            .chain(self.options.include_dirs.iter().map(|dir| dir.join(path)))
            .map(|p| normalize(&p))
            .collect()
    }

    /// Loads the code file of `@script ... from "path"`.
    fn script_file(&mut self, from: &Path, path: &str, span: FileSpan) {
        let mut failures = Vec::new();
        if !path.is_empty() {
            for candidate in self.candidates(from, path) {
                match self.loader.load(&candidate) {
                    Ok(text) => {
                        let file = self.sources.add(candidate.display().to_string(), text.clone());
                        self.program.script_files.push(ScriptFile { from: span, file, text });
                        return;
                    }
                    Err(LoadError::NotFound) => {
                        failures.push(format!("{} (not found)", candidate.display()))
                    }
                    Err(LoadError::Other(reason)) => {
                        failures.push(format!("{} ({reason})", candidate.display()))
                    }
                }
            }
        }
        let mut d = Diagnostic::new(
            Code::ScriptFileNotFound,
            format!("cannot read the script file `{path}`"),
        )
        .with_span(span)
        .with_primary_label("the script's code should be here");
        for failure in failures {
            d = d.with_note(format!("tried {failure}"));
        }
        self.program
            .diagnostics
            .push(d.with_help("paths are relative to the `.kry` file that names them"));
    }

    fn include(&mut self, from: &Path, include: &str, span: FileSpan) -> Option<FileId> {
        if include.is_empty() {
            self.program.diagnostics.push(
                Diagnostic::new(Code::IncludeNotFound, "empty include path")
                    .with_span(span)
                    .with_primary_label("no file named"),
            );
            return None;
        }
        let candidates = self.candidates(from, include);
        let mut failures = Vec::new();
        for candidate in &candidates {
            let identity = self.loader.identity(candidate);
            if let Some(pos) = self.stack.iter().position(|(id, _, _)| *id == identity) {
                self.report_cycle(pos, span);
                return None;
            }
            if let Some(&(_, file)) = self.seen.iter().find(|(id, _)| *id == identity) {
                // Already part of the program (a diamond include): items are shared, not repeated.
                return Some(file);
            }
            match self.loader.load(candidate) {
                Ok(text) => {
                    if self.stack.len() >= MAX_INCLUDE_DEPTH {
                        self.program.diagnostics.push(
                            Diagnostic::new(
                                Code::IncludeDepth,
                                format!(
                                    "includes are nested more than {MAX_INCLUDE_DEPTH} levels deep"
                                ),
                            )
                            .with_span(span)
                            .with_primary_label("this include is one level too deep"),
                        );
                        return None;
                    }
                    self.stack.last_mut().expect("inside a file").2 = Some(span);
                    return Some(self.add_file(candidate.clone(), identity, text));
                }
                Err(LoadError::NotFound) => {
                    failures.push(format!("{} (not found)", candidate.display()))
                }
                Err(LoadError::Other(reason)) => {
                    failures.push(format!("{} ({reason})", candidate.display()))
                }
            }
        }
        let mut d = Diagnostic::new(
            Code::IncludeNotFound,
            format!("cannot find included file `{include}`"),
        )
        .with_span(span)
        .with_primary_label("included here");
        for failure in failures {
            d = d.with_note(format!("tried {failure}"));
        }
        if self.options.include_dirs.is_empty() {
            d = d.with_help(
                "paths are relative to the including file; add search directories with `-I DIR`",
            );
        }
        self.program.diagnostics.push(d);
        None
    }

    fn report_cycle(&mut self, start: usize, span: FileSpan) {
        let names: Vec<String> = self.stack[start..]
            .iter()
            .map(|(_, file, _)| self.sources.get(*file).name().to_string())
            .collect();
        let mut chain = names.join(" → ");
        chain.push_str(" → ");
        chain.push_str(&names[0]);
        let mut d = Diagnostic::new(Code::IncludeCycle, format!("include cycle: {chain}"))
            .with_span(span)
            .with_primary_label("this include closes the cycle");
        for (_, file, via) in &self.stack[start..] {
            if let Some(via) = via {
                if via.file != span.file || via.range != span.range {
                    d = d.with_label(
                        *via,
                        format!("{} is included here", self.sources.get(*file).name()),
                    );
                }
            }
        }
        self.program.diagnostics.push(d.with_note(format!("the include chain is {chain}")));
    }
}

/// The path strings of every `@script ... from` in `items`, at any depth.
fn script_paths<'a>(items: &'a [Item], out: &mut Vec<&'a StringLit>) {
    fn members<'a>(list: &'a [ElementMember], out: &mut Vec<&'a StringLit>) {
        for m in list {
            match m {
                ElementMember::Script(ScriptBlock { source: ScriptSource::File(p), .. }) => {
                    out.push(p)
                }
                ElementMember::Child(e) => members(&e.members, out),
                ElementMember::For(b) => members(&b.body, out),
                ElementMember::If(b) => {
                    b.branches.iter().for_each(|(_, body)| members(body, out));
                    members(b.else_body.as_deref().unwrap_or_default(), out);
                }
                _ => {}
            }
        }
    }
    for item in items {
        match item {
            Item::Script(ScriptBlock { source: ScriptSource::File(p), .. }) => out.push(p),
            Item::Element(e) => members(&e.members, out),
            Item::Define(def) => {
                for m in &def.members {
                    if let DefineMember::Member(m) = m {
                        members(std::slice::from_ref(m), out);
                    }
                }
            }
            Item::For(b) => script_paths(&b.body, out),
            Item::If(b) => {
                b.branches.iter().for_each(|(_, body)| script_paths(body, out));
                script_paths(b.else_body.as_deref().unwrap_or_default(), out);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::MemoryLoader;

    fn codes(p: &Program) -> Vec<Code> {
        p.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn includes_resolve_relative_then_search_dirs() {
        let loader = MemoryLoader::new()
            .with("app/widgets/a.kry", "style \"a\" { }\n@include \"../lib/b.kry\"")
            .with("app/lib/b.kry", "style \"b\" { }")
            .with("shared/c.kry", "style \"c\" { }");
        let options = FrontendOptions { include_dirs: vec![PathBuf::from("shared")] };
        let root = "@include \"widgets/a.kry\"\n@include \"c.kry\"\nApp { }".to_string();
        let mut db = SourceDb::new();
        let p = parse_program(&mut db, Path::new("app/main.kry"), root, &loader, &options);
        assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
        let names: Vec<_> = p.files.iter().map(|f| db.get(f.file).name().to_string()).collect();
        assert_eq!(names, ["app/main.kry", "app/widgets/a.kry", "app/lib/b.kry", "shared/c.kry"]);
    }

    #[test]
    fn cycles_show_the_chain() {
        let loader = MemoryLoader::new()
            .with("a.kry", "@include \"b.kry\"")
            .with("b.kry", "@include \"a.kry\"");
        let mut db = SourceDb::new();
        let p = parse_program(
            &mut db,
            Path::new("a.kry"),
            "@include \"b.kry\"".into(),
            &loader,
            &FrontendOptions::default(),
        );
        assert_eq!(codes(&p), vec![Code::IncludeCycle]);
        let d = p.diagnostics.iter().next().unwrap();
        assert!(d.message.contains("a.kry → b.kry → a.kry"), "{}", d.message);
        assert_eq!(db.get(d.span.unwrap().file).name(), "b.kry");
    }

    #[test]
    fn missing_includes_list_what_was_tried() {
        let p = parse_program(
            &mut SourceDb::new(),
            Path::new("x/a.kry"),
            "@include \"nope.kry\"".into(),
            &MemoryLoader::new(),
            &FrontendOptions::default(),
        );
        assert_eq!(codes(&p), vec![Code::IncludeNotFound]);
        assert!(p.diagnostics.iter().next().unwrap().notes[0].contains("x/nope.kry"));
    }

    #[test]
    fn depth_is_limited() {
        let mut loader = MemoryLoader::new();
        for i in 0..100 {
            loader.insert(format!("f{i}.kry"), format!("@include \"f{}.kry\"", i + 1));
        }
        let p = parse_program(
            &mut SourceDb::new(),
            Path::new("f0.kry"),
            "@include \"f1.kry\"".into(),
            &loader,
            &FrontendOptions::default(),
        );
        assert_eq!(codes(&p), vec![Code::IncludeDepth]);
    }
}

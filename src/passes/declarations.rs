//! Pass 1: collect every top-level declaration of the program — variables, styles,
//! components, fonts, functions, scripts and root elements — in include order: an included
//! file's declarations come where its `@include` stands, so later definitions win.

use std::collections::HashSet;

use crate::program::Program;
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{
    ComponentDef, Element, FontDef, ForBlock, FunctionDef, IfBlock, Item, ScriptBlock, StyleDef,
    VarDecl,
};

/// A declaration with the file it is in.
#[derive(Debug)]
pub struct InFile<'a, T> {
    pub file: FileId,
    pub node: &'a T,
}

impl<T> Clone for InFile<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for InFile<'_, T> {}

impl<T> InFile<'_, T> {
    pub fn span(&self, range: crate::source::TextRange) -> FileSpan {
        FileSpan::new(self.file, range)
    }
}

/// Everything declared at the top level of a program, in include order.
#[derive(Debug, Default)]
pub struct Declarations<'a> {
    pub variables: Vec<InFile<'a, VarDecl>>,
    pub styles: Vec<InFile<'a, StyleDef>>,
    pub components: Vec<InFile<'a, ComponentDef>>,
    pub fonts: Vec<InFile<'a, FontDef>>,
    pub functions: Vec<InFile<'a, FunctionDef>>,
    pub scripts: Vec<InFile<'a, ScriptBlock>>,
    /// Top-level items that produce elements (elements, `@for`, `@if`), root file and
    /// included files alike.
    pub roots: Vec<(FileId, RootItem<'a>)>,
}

/// A top-level item that produces elements.
#[derive(Debug, Clone, Copy)]
pub enum RootItem<'a> {
    Element(&'a Element),
    For(&'a ForBlock<Item>),
    If(&'a IfBlock<Item>),
}

pub fn collect(program: &Program) -> Declarations<'_> {
    let mut out = Declarations::default();
    let mut visited = HashSet::new();
    if !program.files.is_empty() {
        visit(program, program.root().file, &mut visited, &mut out);
    }
    out
}

fn visit<'a>(
    program: &'a Program,
    file: FileId,
    visited: &mut HashSet<FileId>,
    out: &mut Declarations<'a>,
) {
    if !visited.insert(file) {
        return;
    }
    let Some(parsed) = program.file(file) else { return };
    for item in &parsed.module.items {
        collect_item(program, file, item, visited, out);
    }
}

fn collect_item<'a>(
    program: &'a Program,
    file: FileId,
    item: &'a Item,
    visited: &mut HashSet<FileId>,
    out: &mut Declarations<'a>,
) {
    match item {
        Item::Include(include) => {
            let parsed = program.file(file).expect("file of an item exists");
            if let Some(&(_, target)) =
                parsed.includes.iter().find(|(range, _)| *range == include.range)
            {
                visit(program, target, visited, out);
            }
        }
        Item::Variables(block) => {
            out.variables.extend(block.entries.iter().map(|node| InFile { file, node }))
        }
        Item::Var(node) => out.variables.push(InFile { file, node }),
        Item::Style(node) => out.styles.push(InFile { file, node }),
        Item::Font(node) => out.fonts.push(InFile { file, node }),
        Item::Define(node) => out.components.push(InFile { file, node }),
        Item::Script(node) => out.scripts.push(InFile { file, node }),
        Item::Function(node) => out.functions.push(InFile { file, node }),
        Item::Element(e) => out.roots.push((file, RootItem::Element(e))),
        Item::For(f) => out.roots.push((file, RootItem::For(f))),
        Item::If(i) => out.roots.push((file, RootItem::If(i))),
    }
}

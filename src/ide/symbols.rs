//! Document symbols (the outline): includes, variables, styles, components, functions,
//! scripts, fonts and the element tree, nested as written.

use lsp_types::{DocumentSymbol, SymbolKind};

use super::position::range;
use super::FileAnalysis;
use crate::source::{PositionEncoding, SourceFile, TextRange};
use crate::syntax::ast::{DefineMember, Element, ElementMember, Item, StyleMember};

pub fn document_symbols(
    analysis: &FileAnalysis,
    encoding: PositionEncoding,
) -> Vec<DocumentSymbol> {
    let root = analysis.root();
    let source = analysis.source(root);
    let module = &analysis.checked.program.root().module;
    let s = Symbols { source, encoding };
    module.items.iter().filter_map(|item| s.item(item)).collect()
}

struct Symbols<'a> {
    source: &'a SourceFile,
    encoding: PositionEncoding,
}

impl Symbols<'_> {
    #[allow(deprecated)] // `deprecated` is a required field of the LSP type
    fn symbol(
        &self,
        name: String,
        detail: Option<String>,
        kind: SymbolKind,
        whole: TextRange,
        selection: TextRange,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        DocumentSymbol {
            name: if name.is_empty() { " ".to_string() } else { name },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: range(self.source, whole, self.encoding),
            selection_range: range(self.source, selection, self.encoding),
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn item(&self, item: &Item) -> Option<DocumentSymbol> {
        Some(match item {
            Item::Include(i) => self.symbol(
                i.path.value.clone(),
                Some("@include".into()),
                SymbolKind::FILE,
                i.range,
                i.path.range,
                Vec::new(),
            ),
            Item::Variables(v) => {
                let children = v
                    .entries
                    .iter()
                    .map(|e| {
                        self.symbol(
                            e.name.text.to_string(),
                            None,
                            SymbolKind::VARIABLE,
                            e.range,
                            e.name.range,
                            Vec::new(),
                        )
                    })
                    .collect();
                self.symbol(
                    "@variables".into(),
                    None,
                    SymbolKind::NAMESPACE,
                    v.range,
                    v.range,
                    children,
                )
            }
            Item::Var(v) => self.symbol(
                v.name.text.to_string(),
                Some("@var".into()),
                SymbolKind::VARIABLE,
                v.range,
                v.name.range,
                Vec::new(),
            ),
            Item::Style(s) => {
                let children = s
                    .members
                    .iter()
                    .filter_map(|m| match m {
                        StyleMember::Pseudo(p) => Some(self.symbol(
                            states(&p.states),
                            None,
                            SymbolKind::EVENT,
                            p.range,
                            p.range,
                            Vec::new(),
                        )),
                        StyleMember::Property(_) => None,
                    })
                    .collect();
                self.symbol(
                    s.name.value.clone(),
                    Some("style".into()),
                    SymbolKind::CLASS,
                    s.range,
                    s.name.range,
                    children,
                )
            }
            Item::Font(f) => self.symbol(
                f.family.value.clone(),
                Some("font".into()),
                SymbolKind::CONSTANT,
                f.range,
                f.family.range,
                Vec::new(),
            ),
            Item::Define(d) => {
                let children = d
                    .members
                    .iter()
                    .filter_map(|m| match m {
                        DefineMember::Member(m) => self.member(m),
                        DefineMember::Properties(p) => {
                            let props = p
                                .props
                                .iter()
                                .map(|p| {
                                    self.symbol(
                                        p.name.text.to_string(),
                                        p.ty.as_ref().map(|t| t.name.text.to_string()),
                                        SymbolKind::PROPERTY,
                                        p.range,
                                        p.name.range,
                                        Vec::new(),
                                    )
                                })
                                .collect();
                            Some(self.symbol(
                                "Properties".into(),
                                None,
                                SymbolKind::NAMESPACE,
                                p.range,
                                p.range,
                                props,
                            ))
                        }
                        DefineMember::SimpleProp(p) => Some(self.symbol(
                            p.name.text.to_string(),
                            None,
                            SymbolKind::PROPERTY,
                            p.range,
                            p.name.range,
                            Vec::new(),
                        )),
                    })
                    .collect();
                self.symbol(
                    d.name.text.to_string(),
                    Some("Define".into()),
                    SymbolKind::STRUCT,
                    d.range,
                    d.name.range,
                    children,
                )
            }
            Item::Script(s) => {
                let language = s.language.as_ref().map(|l| l.text.to_string());
                let name =
                    s.name.as_ref().map(|n| n.value.clone()).unwrap_or_else(|| "@script".into());
                self.symbol(name, language, SymbolKind::MODULE, s.range, s.range, Vec::new())
            }
            Item::Function(f) => self.function(f),
            Item::Element(e) => self.element(e),
            Item::For(f) => {
                let children = f.body.iter().filter_map(|i| self.item(i)).collect();
                self.symbol(
                    format!("@for {}", f.item.text),
                    None,
                    SymbolKind::ARRAY,
                    f.range,
                    f.item.range,
                    children,
                )
            }
            Item::If(i) => {
                let children = i
                    .branches
                    .iter()
                    .flat_map(|(_, b)| b.iter())
                    .chain(i.else_body.iter().flatten())
                    .filter_map(|i| self.item(i))
                    .collect();
                self.symbol("@if".into(), None, SymbolKind::BOOLEAN, i.range, i.range, children)
            }
        })
    }

    fn function(&self, f: &crate::syntax::ast::FunctionDef) -> DocumentSymbol {
        let language =
            f.language.as_ref().map(|l| l.text.to_string()).unwrap_or_else(|| "lua".into());
        let params: Vec<&str> = f.params.iter().map(|p| p.text.as_str()).collect();
        self.symbol(
            format!("{}({})", f.name.text, params.join(", ")),
            Some(language),
            SymbolKind::FUNCTION,
            f.range,
            f.name.range,
            Vec::new(),
        )
    }

    fn element(&self, e: &Element) -> DocumentSymbol {
        let children = e.members.iter().filter_map(|m| self.member(m)).collect();
        let name = match &e.id {
            Some(id) => format!("{} {}", e.name.text, id.text),
            None => e.name.text.to_string(),
        };
        let id = e.members.iter().find_map(|m| match m {
            ElementMember::Property(p) if p.name.text == "id" => match &p.value.kind {
                crate::syntax::ast::ValueKind::String(s) => Some(format!("#{}", s.value)),
                _ => None,
            },
            _ => None,
        });
        self.symbol(name, id, SymbolKind::OBJECT, e.range, e.name.range, children)
    }

    fn member(&self, m: &ElementMember) -> Option<DocumentSymbol> {
        match m {
            ElementMember::Child(e) => Some(self.element(e)),
            ElementMember::Function(f) => Some(self.function(f)),
            ElementMember::Pseudo(p) => Some(self.symbol(
                states(&p.states),
                None,
                SymbolKind::EVENT,
                p.range,
                p.range,
                Vec::new(),
            )),
            ElementMember::For(f) => {
                let children = f.body.iter().filter_map(|m| self.member(m)).collect();
                Some(self.symbol(
                    format!("@for {}", f.item.text),
                    None,
                    SymbolKind::ARRAY,
                    f.range,
                    f.item.range,
                    children,
                ))
            }
            ElementMember::If(i) => {
                let children = i
                    .branches
                    .iter()
                    .flat_map(|(_, b)| b.iter())
                    .chain(i.else_body.iter().flatten())
                    .filter_map(|m| self.member(m))
                    .collect();
                Some(self.symbol(
                    "@if".into(),
                    None,
                    SymbolKind::BOOLEAN,
                    i.range,
                    i.range,
                    children,
                ))
            }
            ElementMember::Script(s) => Some(self.symbol(
                s.name.as_ref().map(|n| n.value.clone()).unwrap_or_else(|| "@script".into()),
                s.language.as_ref().map(|l| l.text.to_string()),
                SymbolKind::MODULE,
                s.range,
                s.range,
                Vec::new(),
            )),
            ElementMember::Property(_) | ElementMember::Text(_) => None,
        }
    }
}

fn states(states: &[crate::syntax::ast::Name]) -> String {
    let names: Vec<&str> = states.iter().map(|s| s.text.as_str()).collect();
    format!("&:{}", names.join(":"))
}

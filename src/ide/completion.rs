//! Completion, from the property registry and the program: element names, the properties an
//! element takes (with their types), a property's enum words and colours, `$variables`,
//! style names, components and their properties, function names in handlers, and language
//! tags after `@function "`.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::cursor::{self, Block, Context};
use super::position::range;
use super::FileAnalysis;
use crate::languages::LANGUAGES;
use crate::passes::declarations;
use crate::registry::colors::NAMED_COLORS;
use crate::registry::elements::{element, ElementInfo, ELEMENTS};
use crate::registry::properties::{applies, lookup, PropertyInfo, PROPERTIES};
use crate::registry::value_types::{ValueType, LAYOUT_WORDS};
use crate::source::{PositionEncoding, TextRange};
use crate::syntax::ast::{ComponentDef, DefineMember};

/// The directives a file or an element body can hold.
const DIRECTIVES: &[(&str, &str)] = &[
    ("@function", "a script function: `@function \"lua\" name() { ... }`"),
    ("@script", "script code run when the VM starts: `@script \"lua\" { ... }`"),
    ("@variables", "shared variables: `@variables { name: value }`"),
    ("@var", "one variable: `@var name = value`"),
    ("@include", "another KRY file: `@include \"file.kry\"`"),
    ("@for", "repeat elements: `@for item in $list ... @end`"),
    ("@if", "elements under a condition: `@if $x == 1 ... @end`"),
    ("@elif", "another condition of an `@if`"),
    ("@else", "the last branch of an `@if`"),
    ("@end", "ends `@for` and `@if`"),
];

const FONT_WEIGHTS: &[&str] = &[
    "normal", "bold", "bolder", "lighter", "100", "200", "300", "400", "500", "600", "700", "800",
    "900",
];

/// The completions at byte `offset` of the analysed document. The document's current text
/// (which may be newer than the analysis) gives the context; the analysis gives the names.
pub fn complete(
    analysis: &FileAnalysis,
    text: &str,
    offset: usize,
    encoding: PositionEncoding,
) -> Vec<CompletionItem> {
    let cursor = cursor::at(text, offset);
    let mut c = Completions { items: Vec::new() };
    let components = components(analysis);
    match &cursor.context {
        Context::Nothing => {}
        Context::LanguageTag => {
            for l in LANGUAGES {
                let detail = format!("{} (VM: {})", l.display_name, l.vm);
                c.add(l.tag, CompletionItemKind::MODULE, Some(detail.clone()), None, l.tag);
                for alias in l.aliases {
                    c.add(alias, CompletionItemKind::MODULE, Some(detail.clone()), None, alias);
                }
            }
        }
        Context::Variable => variables(&mut c, analysis, false),
        Context::Directive => {
            for (name, doc) in DIRECTIVES {
                c.add(name, CompletionItemKind::KEYWORD, None, Some(doc.to_string()), name);
            }
        }
        Context::StringValue { property, block } => {
            if let Some(p) = property_info(property, block) {
                match p.ty {
                    ValueType::Handler => functions(&mut c, analysis, false),
                    ValueType::StyleRef => styles(&mut c, analysis, false),
                    ValueType::Color => colours(&mut c),
                    ty => words(&mut c, ty),
                }
            }
        }
        Context::Value { property, block } => {
            if let Some(p) = property_info(property, block) {
                match p.ty {
                    ValueType::Handler => functions(&mut c, analysis, true),
                    ValueType::StyleRef => styles(&mut c, analysis, true),
                    ValueType::Color => colours(&mut c),
                    ty => words(&mut c, ty),
                }
            }
            variables(&mut c, analysis, true);
        }
        Context::Member(block) => match block {
            Block::TopLevel => {
                elements(&mut c, &components);
                for (kw, doc) in [
                    ("style", "a style: `style \"name\" { ... }`"),
                    ("Define", "a component: `Define Name { Properties { ... } Root { ... } }`"),
                    ("font", "a font: `font \"family\" \"file.ttf\"`"),
                ] {
                    c.add(kw, CompletionItemKind::KEYWORD, None, Some(doc.to_string()), kw);
                }
                directives(&mut c);
            }
            Block::Element(name) => {
                let info = element(name);
                match info {
                    Some(info) => properties(&mut c, Some(info)),
                    None => {
                        if let Some(def) = components.iter().find(|d| d.name.text == *name) {
                            component_properties(&mut c, def);
                        }
                        properties(&mut c, None);
                    }
                }
                if info.is_none_or(|i| i.children) {
                    elements(&mut c, &components);
                }
                directives(&mut c);
            }
            Block::Pseudo(name) => properties(&mut c, name.as_deref().and_then(element)),
            Block::Style => properties(&mut c, None),
            Block::Define => {
                c.add(
                    "Properties",
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(
                        "the component's properties: `Properties { name: Type = default }`".into(),
                    ),
                    "Properties",
                );
                elements(&mut c, &components);
            }
            Block::Declarations | Block::Other => {}
        },
    }
    let source = analysis.source(analysis.root());
    let replace = if source.text() == text {
        range(source, cursor.prefix, encoding)
    } else {
        let current = crate::source::SourceFile::new("", text);
        range(&current, cursor.prefix, encoding)
    };
    let typed =
        &text[TextRange::new(cursor.prefix.start as usize, cursor.prefix.end as usize).as_range()];
    c.items
        .into_iter()
        .enumerate()
        .map(|(i, mut item)| {
            item.sort_text = Some(format!("{i:04}"));
            if let Some(CompletionTextEdit::Edit(edit)) = &mut item.text_edit {
                edit.range = replace;
            }
            item
        })
        .filter(|item| {
            let filter = item.filter_text.as_deref().unwrap_or(&item.label);
            typed.is_empty()
                || filter.to_lowercase().contains(&typed.trim_start_matches('@').to_lowercase())
        })
        .collect()
}

struct Completions {
    items: Vec<CompletionItem>,
}

impl Completions {
    fn add(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: Option<String>,
        doc: Option<String>,
        insert: &str,
    ) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            documentation: doc.map(|value| {
                Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: Default::default(),
                new_text: insert.to_string(),
            })),
            ..CompletionItem::default()
        });
    }
}

fn property_info(property: &str, block: &Block) -> Option<&'static PropertyInfo> {
    let element_name = match block {
        Block::Element(e) => Some(e.as_str()),
        Block::Pseudo(e) => e.as_deref(),
        _ => None,
    };
    lookup(property, element_name.and_then(element)).map(|r| r.info)
}

fn components(analysis: &FileAnalysis) -> Vec<&ComponentDef> {
    declarations::collect(&analysis.checked.program).components.iter().map(|c| c.node).collect()
}

fn elements(c: &mut Completions, components: &[&ComponentDef]) {
    for e in ELEMENTS {
        c.add(
            e.name,
            CompletionItemKind::CLASS,
            Some("element".into()),
            Some(e.doc.into()),
            e.name,
        );
    }
    for def in components {
        c.add(
            &def.name.text,
            CompletionItemKind::CLASS,
            Some("component".into()),
            None,
            &def.name.text,
        );
    }
}

fn directives(c: &mut Completions) {
    for (name, doc) in DIRECTIVES {
        c.add(name, CompletionItemKind::KEYWORD, None, Some(doc.to_string()), name);
    }
}

/// The properties an element takes (every property in a style), canonical names first.
fn properties(c: &mut Completions, element: Option<&ElementInfo>) {
    let mut list: Vec<&PropertyInfo> =
        PROPERTIES.iter().filter(|p| element.is_none_or(|e| applies(p, e))).collect();
    // Properties of this element first, then the ones every element has.
    list.sort_by_key(|p| p.applies_to.is_empty());
    for p in list {
        c.add(
            p.name,
            CompletionItemKind::PROPERTY,
            Some(super::hover::type_name(&p.ty)),
            Some(p.doc.to_string()),
            &format!("{}: ", p.name),
        );
    }
}

fn component_properties(c: &mut Completions, def: &ComponentDef) {
    for m in &def.members {
        match m {
            DefineMember::Properties(block) => {
                for p in &block.props {
                    let ty = p.ty.as_ref().map(|t| t.name.text.to_string());
                    c.add(
                        &p.name.text,
                        CompletionItemKind::PROPERTY,
                        Some(ty.unwrap_or_else(|| "property".into())),
                        Some(format!("a property of component `{}`", def.name.text)),
                        &format!("{}: ", p.name.text),
                    );
                }
            }
            DefineMember::SimpleProp(p) if !p.name.text.starts_with('_') => c.add(
                &p.name.text,
                CompletionItemKind::PROPERTY,
                Some("property".into()),
                Some(format!("a property of component `{}`", def.name.text)),
                &format!("{}: ", p.name.text),
            ),
            _ => {}
        }
    }
}

fn words(c: &mut Completions, ty: ValueType) {
    let list: &[&str] = match ty {
        ValueType::Enum(words) => words,
        ValueType::Layout => LAYOUT_WORDS,
        ValueType::Bool => &["true", "false"],
        ValueType::Visibility => &["true", "false", "visible", "hidden"],
        ValueType::FontWeight => FONT_WEIGHTS,
        _ => &[],
    };
    for w in list {
        c.add(w, CompletionItemKind::ENUM_MEMBER, None, None, w);
    }
}

fn colours(c: &mut Completions) {
    c.add("transparent", CompletionItemKind::COLOR, Some("#00000000".into()), None, "transparent");
    for (name, rgb) in NAMED_COLORS {
        c.add(name, CompletionItemKind::COLOR, Some(format!("#{rgb:06X}")), None, name);
    }
}

fn variables(c: &mut Completions, analysis: &FileAnalysis, with_dollar: bool) {
    for v in &analysis.checked.analysis.variables.list {
        let label = format!("${}", v.name);
        let insert = if with_dollar { label.clone() } else { v.name.to_string() };
        let value = super::hover::value_text(analysis, v);
        c.add(
            &label,
            CompletionItemKind::VARIABLE,
            Some(format!("{} = {value}", v.ty.as_str())),
            None,
            &insert,
        );
        if let Some(item) = c.items.last_mut() {
            if item.label == label {
                item.filter_text =
                    Some(if with_dollar { label.clone() } else { v.name.to_string() });
            }
        }
    }
}

fn styles(c: &mut Completions, analysis: &FileAnalysis, quoted: bool) {
    for s in &analysis.checked.analysis.styles.list {
        let insert = if quoted { format!("\"{}\"", s.name) } else { s.name.to_string() };
        c.add(&s.name, CompletionItemKind::VALUE, Some("style".into()), None, &insert);
    }
}

fn functions(c: &mut Completions, analysis: &FileAnalysis, quoted: bool) {
    let mut names: Vec<(String, String)> = analysis
        .checked
        .analysis
        .model
        .functions
        .iter()
        .map(|f| {
            (
                f.source_name.to_string(),
                format!("{} function ({})", f.language.display_name(), f.params.join(", ")),
            )
        })
        .collect();
    for s in &analysis.checked.analysis.model.scripts {
        let code = match &s.source {
            crate::model::ScriptSource::Inline { code, .. } => Some(code.as_str()),
            crate::model::ScriptSource::File { loaded, .. } => {
                loaded.as_ref().map(|l| l.code.as_str())
            }
        };
        if let Some(code) = code {
            for d in crate::scripts::definitions(s.language, code) {
                names.push((
                    d.name,
                    format!(
                        "{} function ({}) in @script",
                        s.language.display_name(),
                        d.params.join(", ")
                    ),
                ));
            }
        }
    }
    for (name, detail) in names {
        let insert = if quoted { format!("\"{name}\"") } else { name.clone() };
        c.add(&name, CompletionItemKind::FUNCTION, Some(detail), None, &insert);
    }
}

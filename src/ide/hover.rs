//! Hover: element and property docs from the property registry (type, default, inherited,
//! allowed values), a variable's type and value, a function's language, parameters and the
//! shared variables it reads and writes, a style's bases and properties, a component's
//! properties.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::cursor::{block_at_offset, Block};
use super::occurrences::{self, Kind};
use super::position::range;
use super::FileAnalysis;
use crate::passes::declarations;
use crate::passes::variables::Variable;
use crate::registry::elements::element;
use crate::registry::properties::lookup;
use crate::registry::value_types::ValueType;
use crate::source::{PositionEncoding, TextRange};
use crate::syntax::ast::DefineMember;
use crate::syntax::lexer::lex;
use crate::syntax::token::Token;

pub fn hover(analysis: &FileAnalysis, offset: usize, encoding: PositionEncoding) -> Option<Hover> {
    let root = analysis.root();
    let source = analysis.source(root);
    let all = occurrences::collect(analysis);
    let (text, at) = match occurrences::at(&all, root, offset) {
        Some(o) => {
            let text = match o.kind {
                Kind::Variable => variable(analysis, &o.name),
                Kind::Function => function(analysis, &o.name),
                Kind::Style => style(analysis, &o.name),
                Kind::Component => component(analysis, &o.name),
                Kind::File => o.target.map(|t| format!("`{}`", analysis.path_of(t).display())),
            }?;
            (text, o.span.range)
        }
        None => registry_hover(source.text(), offset)?,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: Some(range(source, at, encoding)),
    })
}

/// Element and property names, from the registry.
fn registry_hover(text: &str, offset: usize) -> Option<(String, TextRange)> {
    let lexed = lex(crate::source::FileId(0), text);
    let k =
        lexed.ranges.iter().position(|r| r.start as usize <= offset && offset <= r.end as usize)?;
    let Token::Ident(name) = lexed.tokens[k].token else { return None };
    let next = lexed.tokens.get(k + 1).map(|t| t.token);
    let range = lexed.ranges[k];
    if next == Some(Token::Colon) {
        let block = block_at_offset(text, range.start as usize);
        let element_name = match &block {
            Block::Element(e) => Some(e.as_str()),
            Block::Pseudo(e) => e.as_deref(),
            Block::Style => None,
            _ => return None,
        };
        let resolved = lookup(name, element_name.and_then(element))?;
        let p = resolved.info;
        let mut out = format!("**{}**: {}\n\n{}", p.name, type_name(&p.ty), p.doc);
        if let Some(alias) = resolved.via_alias {
            out = format!("`{alias}` is another name for {out}");
        }
        out.push_str(&format!("\n\n- type: {}", p.ty.describe()));
        if let Some(default) = p.default {
            out.push_str(&format!("\n- default: `{default}`"));
        }
        out.push_str(&format!("\n- inherited: {}", if p.inherited { "yes" } else { "no" }));
        if !p.applies_to.is_empty() {
            out.push_str(&format!("\n- on: {}", p.applies_to.join(", ")));
        }
        return Some((out, range));
    }
    let info = element(name)?;
    let opens = matches!(next, Some(Token::LBrace | Token::Ident(_)));
    if !opens {
        return None;
    }
    let out = format!(
        "**{}** (element)\n\n{}\n\n- children: {}\n- shows text: {}",
        info.name,
        info.doc,
        if info.children { "yes" } else { "no" },
        if info.shows_text { "yes" } else { "no" }
    );
    Some((out, range))
}

fn variable(analysis: &FileAnalysis, name: &str) -> Option<String> {
    let v = analysis.checked.analysis.variables.get(name)?;
    let how = if v.scripted {
        "scripts read or write it, so it is a shared variable at run time"
    } else if v.reactive {
        "bound in text; no script changes it"
    } else {
        "folded into the values that use it at compile time"
    };
    Some(format!("**${}**: {} = `{}`\n\n{how}", v.name, v.ty.as_str(), value_text(analysis, v)))
}

/// A variable's value as written (shortened).
pub(crate) fn value_text(analysis: &FileAnalysis, v: &Variable) -> String {
    let file = v.span.file;
    let text = analysis.source(file).text();
    let r = v.value.range.as_range();
    let value = text.get(r).unwrap_or("").trim();
    let value = value.lines().next().unwrap_or("");
    if value.chars().count() > 60 {
        format!("{}…", value.chars().take(60).collect::<String>())
    } else {
        value.to_string()
    }
}

fn function(analysis: &FileAnalysis, name: &str) -> Option<String> {
    let model = &analysis.checked.analysis.model;
    let variables = &analysis.checked.analysis.variables;
    let (language, params) = match model.functions.iter().find(|f| f.source_name == name) {
        Some(f) => (f.language, f.params.iter().map(|p| p.to_string()).collect::<Vec<_>>()),
        None => model.scripts.iter().find_map(|s| {
            let code = match &s.source {
                crate::model::ScriptSource::Inline { code, .. } => code.as_str(),
                crate::model::ScriptSource::File { loaded, .. } => loaded.as_ref()?.code.as_str(),
            };
            crate::scripts::definitions(s.language, code)
                .into_iter()
                .find(|d| d.name == name)
                .map(|d| (s.language, d.params))
        })?,
    };
    let mut out =
        format!("**{name}**({}) — {} function", params.join(", "), language.display_name());
    let body = analysis.facts().bodies.iter().find(|b| b.function.as_deref() == Some(name));
    if let Some(usage) = body.and_then(|b| b.facts.as_ref()).and_then(|f| f.usage.as_ref()) {
        let shared = |list: &[crate::scripts::usage::Access]| {
            let mut names: Vec<String> = list
                .iter()
                .filter(|a| variables.get(&a.name).is_some())
                .map(|a| format!("`{}`", a.name))
                .collect();
            names.dedup();
            names.sort();
            names.dedup();
            if names.is_empty() {
                "nothing".to_string()
            } else {
                names.join(", ")
            }
        };
        out.push_str(&format!(
            "\n\n- reads: {}\n- writes: {}",
            shared(&usage.reads),
            shared(&usage.writes)
        ));
    }
    Some(out)
}

fn style(analysis: &FileAnalysis, name: &str) -> Option<String> {
    let s = analysis.checked.analysis.styles.get(name)?;
    let mut out = format!("**style \"{}\"**", s.name);
    if !s.extends.is_empty() {
        out.push_str(&format!(" extends {}", s.extends.join(", ")));
    }
    let props: Vec<String> = s.properties.iter().map(|p| format!("`{}`", p.name)).collect();
    if !props.is_empty() {
        out.push_str(&format!("\n\n- properties: {}", props.join(", ")));
    }
    let states: Vec<String> =
        s.pseudo_states.iter().map(|(set, _)| format!("`:{}`", set.join(":"))).collect();
    if !states.is_empty() {
        out.push_str(&format!("\n- states: {}", states.join(", ")));
    }
    Some(out)
}

fn component(analysis: &FileAnalysis, name: &str) -> Option<String> {
    let decls = declarations::collect(&analysis.checked.program);
    let def = decls.components.iter().rev().find(|c| c.node.name.text == name)?;
    let mut out = format!("**Define {name}** (component)");
    let mut props = Vec::new();
    for m in &def.node.members {
        match m {
            DefineMember::Properties(block) => {
                for p in &block.props {
                    let ty = p.ty.as_ref().map(|t| t.name.text.to_string()).unwrap_or_default();
                    let default = p
                        .default
                        .as_ref()
                        .and_then(|v| analysis.source(def.file).text().get(v.range.as_range()))
                        .map(|d| format!(" = `{}`", d.trim()))
                        .unwrap_or_else(|| " (required)".to_string());
                    props.push(format!("- `{}`: {ty}{default}", p.name.text));
                }
            }
            DefineMember::SimpleProp(p) => props.push(format!("- `{}`", p.name.text)),
            DefineMember::Member(_) => {}
        }
    }
    if !props.is_empty() {
        out.push_str("\n\n");
        out.push_str(&props.join("\n"));
    }
    Some(out)
}

/// A short name of a value type, for completion details and hovers.
pub fn type_name(ty: &ValueType) -> String {
    match ty {
        ValueType::Int => "int".into(),
        ValueType::Number => "number".into(),
        ValueType::Length => "length".into(),
        ValueType::Size => "size".into(),
        ValueType::FontSize => "font size".into(),
        ValueType::Angle => "angle".into(),
        ValueType::Fraction => "fraction (0 to 1)".into(),
        ValueType::Color => "colour".into(),
        ValueType::String => "string".into(),
        ValueType::Bool => "bool".into(),
        ValueType::Enum(words) => words.join(" | "),
        ValueType::Layout => "layout words".into(),
        ValueType::Spacing => "spacing (1 to 4 lengths)".into(),
        ValueType::Resource => "resource path".into(),
        ValueType::StyleRef => "style name".into(),
        ValueType::Handler => "handler".into(),
        ValueType::Transform => "transform".into(),
        ValueType::FontWeight => "font weight".into(),
        ValueType::Visibility => "visibility".into(),
        ValueType::Any => "any".into(),
        #[allow(unreachable_patterns)]
        other => format!("{other:?}").to_lowercase(),
    }
}

//! Finding elements: CSS-like selectors for `querySelector`/`querySelectorAll` (`#id`, an
//! element type, `.style`, `[property=value]`, `:checked` and the other pseudo-states,
//! combined as `Button.primary`, with descendant `A B` and child `A > B` combinators and `,`
//! lists), and the lookups of the 2025 API by type and by style name.
//!
//! Type names match case-insensitively, as in the 2025 runtime; ids, style names and property
//! values match exactly.

use krb_format::states;

use crate::tree::{ElementState, ElementTree};

/// A parsed selector list.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectorList(Vec<Complex>);

/// `A B > C`: compounds from left to right with the combinator before each but the first.
#[derive(Debug, Clone, PartialEq)]
struct Complex(Vec<(Combinator, Compound)>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Combinator {
    Descendant,
    Child,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Compound {
    type_name: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attributes: Vec<(String, Option<String>)>,
    states: u32,
}

impl SelectorList {
    /// Parses a selector; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<SelectorList, String> {
        let mut list = Vec::new();
        for part in text.split(',') {
            list.push(parse_complex(part).map_err(|m| format!("selector `{text}`: {m}"))?);
        }
        Ok(SelectorList(list))
    }

    /// The elements matching, in tree order (under `scope` only, when given).
    pub fn select(&self, tree: &ElementTree, scope: Option<u32>) -> Vec<u32> {
        tree.elements()
            .iter()
            .filter(|e| scope.is_none_or(|s| e.index != s && is_inside(tree, e.index, s)))
            .filter(|e| self.0.iter().any(|c| c.matches(tree, e)))
            .map(|e| e.index)
            .collect()
    }
}

fn is_inside(tree: &ElementTree, index: u32, ancestor: u32) -> bool {
    let mut at = tree.get(index).and_then(|e| e.parent);
    while let Some(i) = at {
        if i == ancestor {
            return true;
        }
        at = tree.get(i).and_then(|e| e.parent);
    }
    false
}

fn parse_complex(text: &str) -> Result<Complex, String> {
    let mut parts = Vec::new();
    let mut combinator = Combinator::Descendant;
    let mut tokens = split_tokens(text)?.into_iter().peekable();
    if tokens.peek().is_none() {
        return Err("it is empty".into());
    }
    for token in tokens {
        if token == ">" {
            if parts.is_empty() || combinator == Combinator::Child {
                return Err("`>` needs an element on each side".into());
            }
            combinator = Combinator::Child;
            continue;
        }
        parts.push((combinator, parse_compound(&token)?));
        combinator = Combinator::Descendant;
    }
    if combinator == Combinator::Child {
        return Err("`>` needs an element on each side".into());
    }
    Ok(Complex(parts))
}

/// Splits on white space and `>`, keeping `[...]` together.
fn split_tokens(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_brackets = false;
    for c in text.chars() {
        match c {
            '[' => {
                in_brackets = true;
                current.push(c);
            }
            ']' => {
                in_brackets = false;
                current.push(c);
            }
            c if in_brackets => current.push(c),
            '>' => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                tokens.push(">".into());
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if in_brackets {
        return Err("a `[` is not closed".into());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    Ok(tokens)
}

fn parse_compound(text: &str) -> Result<Compound, String> {
    let mut compound = Compound::default();
    let mut rest = text;
    let name_end = |s: &str| s.find(['#', '.', '[', ':']).unwrap_or(s.len());
    let head = &rest[..name_end(rest)];
    if !head.is_empty() && head != "*" {
        compound.type_name = Some(head.to_string());
    }
    rest = &rest[head.len()..];
    while let Some(c) = rest.chars().next() {
        rest = &rest[1..];
        match c {
            '#' | '.' | ':' => {
                let end = name_end(rest);
                let name = &rest[..end];
                if name.is_empty() {
                    return Err(format!("`{c}` needs a name after it"));
                }
                match c {
                    '#' => compound.id = Some(name.to_string()),
                    '.' => compound.classes.push(name.to_string()),
                    _ => {
                        compound.states |= states::bit(name)
                            .ok_or_else(|| format!("`:{name}` is not a pseudo-state"))?
                    }
                }
                rest = &rest[end..];
            }
            '[' => {
                let end = rest.find(']').ok_or("a `[` is not closed")?;
                let inner = &rest[..end];
                let (name, value) = match inner.split_once('=') {
                    Some((n, v)) => {
                        let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                        (n.trim(), Some(v.to_string()))
                    }
                    None => (inner.trim(), None),
                };
                if name.is_empty() {
                    return Err("`[]` needs a property name".into());
                }
                compound.attributes.push((name.to_string(), value));
                rest = &rest[end + 1..];
            }
            other => return Err(format!("unexpected `{other}`")),
        }
    }
    Ok(compound)
}

impl Compound {
    fn matches(&self, tree: &ElementTree, e: &ElementState) -> bool {
        if let Some(t) = &self.type_name {
            if !e.type_name.eq_ignore_ascii_case(t) {
                return false;
            }
        }
        if let Some(id) = &self.id {
            if e.id.as_deref() != Some(id.as_str()) {
                return false;
            }
        }
        if !self.classes.iter().all(|c| e.styles.iter().any(|s| s == c)) {
            return false;
        }
        if e.states() & self.states != self.states {
            return false;
        }
        self.attributes.iter().all(|(name, value)| {
            let actual = tree.property(e.index, name);
            match value {
                None => actual != crate::value::ScriptValue::Nil,
                Some(v) => actual.to_string() == *v,
            }
        })
    }
}

impl Complex {
    fn matches(&self, tree: &ElementTree, e: &ElementState) -> bool {
        self.matches_from(tree, e, self.0.len())
    }

    /// Whether `e` matches the first `n` compounds, the last of them at `e`.
    fn matches_from(&self, tree: &ElementTree, e: &ElementState, n: usize) -> bool {
        let Some((combinator, compound)) = n.checked_sub(1).and_then(|i| self.0.get(i)) else {
            return true;
        };
        if !compound.matches(tree, e) {
            return false;
        }
        if n == 1 {
            return true;
        }
        let mut ancestor = e.parent.and_then(|p| tree.get(p));
        while let Some(a) = ancestor {
            if self.matches_from(tree, a, n - 1) {
                return true;
            }
            if *combinator == Combinator::Child {
                return false;
            }
            ancestor = a.parent.and_then(|p| tree.get(p));
        }
        false
    }
}

/// Every element of a type (case-insensitive), in tree order.
pub fn by_type(tree: &ElementTree, type_name: &str) -> Vec<u32> {
    tree.elements()
        .iter()
        .filter(|e| e.type_name.eq_ignore_ascii_case(type_name))
        .map(|e| e.index)
        .collect()
}

/// Every element using a style (the 2025 API's "class"), in tree order.
pub fn by_style(tree: &ElementTree, style: &str) -> Vec<u32> {
    tree.elements()
        .iter()
        .filter(|e| e.styles.iter().any(|s| s == style))
        .map(|e| e.index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_and_refuse() {
        assert!(SelectorList::parse("#a, Button.primary > Text[id=x]:hover").is_ok());
        assert!(SelectorList::parse("").is_err());
        assert!(SelectorList::parse("> Text").is_err());
        assert!(SelectorList::parse("Text >").is_err());
        assert!(SelectorList::parse("#").is_err());
        assert!(SelectorList::parse("Text:wobbly").is_err());
        assert!(SelectorList::parse("[a=b").is_err());
    }
}

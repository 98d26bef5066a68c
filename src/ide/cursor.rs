//! What the text around a position is, for completion: read from the tokens alone, so it
//! works on the half-written text an editor holds while the user types (the syntax tree of
//! such text is often incomplete).

use crate::registry::properties::lookup;
use crate::registry::value_types::ValueType;
use crate::source::{FileId, TextRange};
use crate::syntax::lexer::lex;
use crate::syntax::token::{Tok, Token};

/// The block a position is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    TopLevel,
    /// An element (or a component use) of this type.
    Element(String),
    /// A pseudo-state block inside an element of this type (`None` inside a style).
    Pseudo(Option<String>),
    Style,
    /// A `Define` body.
    Define,
    /// A `Properties { ... }` block or `@variables { ... }`.
    Declarations,
    /// Anything else (a script header, an object value).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// Inside a script body, a comment or somewhere nothing is offered.
    Nothing,
    /// The language tag of `@function "` or `@script "`.
    LanguageTag,
    /// Inside the string value of `property`.
    StringValue { property: String, block: Block },
    /// The value of `property`, outside strings.
    Value { property: String, block: Block },
    /// After `$`.
    Variable,
    /// After `@`.
    Directive,
    /// Where a member (a property, a child element, a directive) starts.
    Member(Block),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub context: Context,
    /// What completion replaces: the word typed so far (`prefix.start..offset`).
    pub prefix: TextRange,
}

/// The context at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Cursor {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let lexed = lex(FileId(0), text);
    let bytes = text.as_bytes();
    let mut start = offset;
    while start > 0
        && (bytes[start - 1].is_ascii_alphanumeric() || b"_-".contains(&bytes[start - 1]))
    {
        start -= 1;
    }
    let nothing = Cursor { context: Context::Nothing, prefix: TextRange::new(start, offset) };
    let inside = |r: &TextRange| (r.start as usize) < offset && offset <= r.end as usize;
    if lexed.comments.iter().any(|c| (c.start as usize) < offset && offset <= c.end as usize) {
        return nothing;
    }
    let tokens = &lexed.tokens;
    let ranges = &lexed.ranges;
    // The token the cursor is in (a string or a script body matters).
    if let Some(k) = (0..tokens.len()).find(|&k| inside(&ranges[k])) {
        match tokens[k].token {
            Token::ScriptBody(_) => return nothing,
            Token::Str(s) => {
                let open = ranges[k].start as usize + 1;
                let closed = s.len() >= 2 && s.ends_with('"') && offset == ranges[k].end as usize;
                if closed {
                    return nothing;
                }
                let mut from = offset;
                while from > open && !bytes[from - 1].is_ascii_whitespace() {
                    from -= 1;
                }
                if start > open && bytes[start - 1] == b'$' {
                    return Cursor {
                        context: Context::Variable,
                        prefix: TextRange::new(start, offset),
                    };
                }
                let prefix = TextRange::new(from, offset);
                let context = match (
                    k.checked_sub(2).map(|i| tokens[i].token),
                    k.checked_sub(1).map(|i| tokens[i].token),
                ) {
                    (_, Some(Token::Directive("function" | "func" | "method" | "script"))) => {
                        Context::LanguageTag
                    }
                    (Some(Token::Ident(property)), Some(Token::Colon)) => Context::StringValue {
                        property: property.to_string(),
                        block: block_at(tokens, k),
                    },
                    _ => Context::Nothing,
                };
                return Cursor { context, prefix };
            }
            _ => {}
        }
    }
    if start > 0 && bytes[start - 1] == b'$' {
        return Cursor { context: Context::Variable, prefix: TextRange::new(start, offset) };
    }
    if start > 1 && bytes[start - 1] == b'{' && bytes[start - 2] == b'$' {
        return Cursor { context: Context::Variable, prefix: TextRange::new(start, offset) };
    }
    if start > 0 && bytes[start - 1] == b'@' {
        return Cursor { context: Context::Directive, prefix: TextRange::new(start - 1, offset) };
    }
    // The tokens before the word being typed.
    let before = ranges.partition_point(|r| (r.end as usize) <= start);
    let block = block_at(tokens, before);
    // Back to the start of the member the cursor is in.
    let mut first = before;
    let same_line = !text[ranges.get(before.wrapping_sub(1)).map_or(0, |r| r.end as usize)..start]
        .contains('\n');
    if same_line {
        while first > 0 {
            let t = tokens[first - 1];
            if matches!(t.token, Token::LBrace | Token::RBrace | Token::Semi | Token::Comma) {
                break;
            }
            first -= 1;
            if t.line_start {
                break;
            }
        }
    }
    let run = &tokens[first..before];
    let context = match run {
        [] => Context::Member(block),
        [Tok { token: Token::Ident(property), .. }, Tok { token: Token::Colon, .. }, rest @ ..] => {
            // After a value on the same line, a word is the next property's name, unless the
            // property takes several words (`layout: row center`).
            let next_is_colon = text[offset..].trim_start_matches([' ', '\t']).starts_with(':');
            let takes_words = lookup(property, None).is_some_and(|r| {
                matches!(r.info.ty, ValueType::Layout | ValueType::Spacing | ValueType::Any)
            });
            if !rest.is_empty() && (next_is_colon || !takes_words) {
                Context::Member(block)
            } else {
                Context::Value { property: property.to_string(), block }
            }
        }
        _ => Context::Nothing,
    };
    Cursor { context, prefix: TextRange::new(start, offset) }
}

/// The block the text at byte `offset` is in.
pub fn block_at_offset(text: &str, offset: usize) -> Block {
    let lexed = lex(FileId(0), text);
    let before = lexed.ranges.partition_point(|r| (r.end as usize) <= offset);
    block_at(&lexed.tokens, before)
}

/// The block that token `index` is in.
fn block_at(tokens: &[Tok<'_>], index: usize) -> Block {
    let mut stack: Vec<Block> = Vec::new();
    for i in 0..index.min(tokens.len()) {
        match tokens[i].token {
            Token::LBrace => {
                let owner = owner(tokens, i, stack.last());
                stack.push(owner);
            }
            Token::RBrace => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop().unwrap_or(Block::TopLevel)
}

/// What the `{` at `i` opens.
fn owner(tokens: &[Tok<'_>], i: usize, parent: Option<&Block>) -> Block {
    let at = |k: usize| i.checked_sub(k).map(|j| tokens[j].token);
    match (at(3), at(2), at(1)) {
        (_, _, Some(Token::Directive("variables"))) => Block::Declarations,
        (_, Some(Token::Ident("style")), Some(Token::Str(_))) => Block::Style,
        (_, Some(Token::Ident("Define")), Some(Token::Ident(_))) => Block::Define,
        (_, _, Some(Token::Ident("Properties"))) => Block::Declarations,
        (_, Some(Token::Colon), Some(Token::Ident(_))) => match parent {
            Some(Block::Element(e)) => Block::Pseudo(Some(e.clone())),
            Some(Block::Pseudo(e)) => Block::Pseudo(e.clone()),
            _ => Block::Pseudo(None),
        },
        (_, Some(Token::Ident(name)), Some(Token::Ident(_))) if is_type_name(name) => {
            Block::Element(name.to_string())
        }
        (_, _, Some(Token::Ident(name))) if is_type_name(name) => Block::Element(name.to_string()),
        _ => Block::Other,
    }
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text_with_cursor: &str) -> Context {
        let offset = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replacen('|', "", 1);
        at(&text, offset).context
    }

    #[test]
    fn contexts() {
        let element = |n: &str| Block::Element(n.to_string());
        assert_eq!(
            context("App {\n    Text {\n        fo|\n    }\n}"),
            Context::Member(element("Text"))
        );
        assert_eq!(
            context("App { Text id { text_alignment: |"),
            Context::Value { property: "text_alignment".into(), block: element("Text") }
        );
        assert_eq!(
            context("App { Button { onClick: \"inc|\" } }"),
            Context::StringValue { property: "onClick".into(), block: element("Button") }
        );
        assert_eq!(context("@function \"|"), Context::LanguageTag);
        assert_eq!(context("App { text: \"Count: $cou|"), Context::Variable);
        assert_eq!(context("App { width: $w|"), Context::Variable);
        assert_eq!(context("@f|"), Context::Directive);
        assert_eq!(context("@function \"lua\" f() { x| }"), Context::Nothing);
        assert_eq!(context("style \"s\" { &:hover { c| } }"), Context::Member(Block::Pseudo(None)));
        assert_eq!(context("|"), Context::Member(Block::TopLevel));
        assert_eq!(context("Text { text: \"hi\" co|lour: red }"), Context::Member(element("Text")));
        assert_eq!(context("Text { text: \"hi\" fo|"), Context::Member(element("Text")));
        assert_eq!(
            context("Text { layout: row cen|"),
            Context::Value { property: "layout".into(), block: element("Text") }
        );
        assert_eq!(context("App { # a com|ment\n}"), Context::Nothing);
    }
}

//! Where the formatter breaks lines: a walk of the syntax tree that marks tokens.
//!
//! Every member of a block (a property, a child element, a style's pseudo-state block, a
//! `@variables` entry, a function inside an element) starts a line one level deeper than the
//! block; the block's closing `}` (or `@elif`, `@else`, `@end`) starts a line at the block's
//! level; `;` and `,` between members are dropped. A block written on one line with a single
//! simple member (`Text { text: "Hi" }`) stays on one line, and an empty one is `{}`.
//! Top-level items are separated by a blank line, except runs of one-line `@include`,
//! `@var` and `font` items. Tokens left unmarked keep their place in the line they were on.

use crate::source::TextRange;
use crate::syntax::ast::{
    DefineMember, Element, ElementMember, ForBlock, IfBlock, Item, StyleMember,
};
use crate::syntax::token::Token;

/// Blank lines before a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blank {
    /// None.
    Never,
    /// One when the source had at least one there.
    Keep,
    /// One (between top-level items).
    Always,
}

/// What goes before a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// A new line at `depth`. `closer` marks the end of a block (`}`, `@elif`, `@else`,
    /// `@end`), so comments just before it belong one level deeper.
    Break { depth: u32, blank: Blank, closer: bool },
    /// One space.
    Space,
    /// Nothing.
    Glue,
    /// The token is left out (a separator between members).
    Drop,
}

/// Marks for `tokens` (in order, with their ranges) from the syntax tree of `text`.
pub(super) fn layout(
    module: &crate::syntax::ast::Module,
    tokens: &[(Token<'_>, TextRange)],
    comments: &[TextRange],
    text: &str,
) -> Vec<Option<Mark>> {
    let mut l = Layout {
        tokens,
        comments,
        text,
        starts: tokens.iter().map(|(_, r)| r.start).collect(),
        marks: vec![None; tokens.len()],
    };
    l.top_level(&module.items);
    l.script_braces();
    l.marks
}

struct Layout<'a, 's> {
    tokens: &'a [(Token<'s>, TextRange)],
    comments: &'a [TextRange],
    text: &'a str,
    starts: Vec<u32>,
    marks: Vec<Option<Mark>>,
}

/// A member of a block, for the layout: its range and whether it is a one-line kind
/// (a property or a value) that may share the block's line.
#[derive(Clone, Copy)]
struct Member {
    range: TextRange,
    simple: bool,
}

impl Layout<'_, '_> {
    /// The first token inside `range`.
    fn first(&self, range: TextRange) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s < range.start);
        (i < self.starts.len() && self.starts[i] < range.end.max(range.start + 1)).then_some(i)
    }

    /// The last token inside `range`.
    fn last(&self, range: TextRange) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s < range.end);
        (i > 0 && self.starts[i - 1] >= range.start).then(|| i - 1)
    }

    fn mark(&mut self, index: Option<usize>, mark: Mark) {
        if let Some(i) = index {
            self.marks[i] = Some(mark);
        }
    }

    fn has_comment_in(&self, range: TextRange) -> bool {
        self.comments.iter().any(|c| c.start >= range.start && c.end <= range.end)
    }

    fn top_level(&mut self, items: &[Item]) {
        let mut previous: Option<&Item> = None;
        for item in items {
            let blank = match previous {
                None => Blank::Keep,
                Some(prev) if self.grouped(prev, item) => Blank::Keep,
                Some(_) => Blank::Always,
            };
            let first = self.first(item.range());
            self.mark(first, Mark::Break { depth: 0, blank, closer: false });
            self.item(item, 0);
            previous = Some(item);
        }
    }

    /// One-line `@include`, `@var` and `font` items of the same kind stay together.
    fn grouped(&self, a: &Item, b: &Item) -> bool {
        let kind = |i: &Item| match i {
            Item::Include(_) => Some(0),
            Item::Var(_) => Some(1),
            Item::Font(_) => Some(2),
            _ => None,
        };
        kind(a).is_some()
            && kind(a) == kind(b)
            && self.one_line(a.range())
            && self.one_line(b.range())
    }

    fn one_line(&self, range: TextRange) -> bool {
        !self.text[range.as_range()].contains('\n')
    }

    fn item(&mut self, item: &Item, depth: u32) {
        match item {
            Item::Element(e) => self.element(e, depth),
            Item::Style(s) => {
                let members: Vec<Member> = s
                    .members
                    .iter()
                    .map(|m| match m {
                        StyleMember::Property(p) => Member { range: p.range, simple: true },
                        StyleMember::Pseudo(p) => Member { range: p.range, simple: false },
                    })
                    .collect();
                self.brace_block(s.range, None, &members, depth);
                for m in &s.members {
                    match m {
                        StyleMember::Pseudo(p) => self.pseudo(p, depth + 1),
                        StyleMember::Property(p) => self.binding(p.name.range, p.value.range),
                    }
                }
            }
            Item::Define(d) => {
                let members: Vec<Member> = d
                    .members
                    .iter()
                    .map(|m| match m {
                        DefineMember::Properties(p) => Member { range: p.range, simple: false },
                        DefineMember::SimpleProp(p) => Member { range: p.range, simple: true },
                        DefineMember::Member(m) => member_of(m),
                    })
                    .collect();
                self.brace_block(d.range, None, &members, depth);
                for m in &d.members {
                    match m {
                        DefineMember::Properties(p) => {
                            let props: Vec<Member> = p
                                .props
                                .iter()
                                .map(|p| Member { range: p.range, simple: true })
                                .collect();
                            self.brace_block(p.range, None, &props, depth + 1);
                            for d in &p.props {
                                let mut before = d.name.range;
                                if let Some(ty) = &d.ty {
                                    self.binding(d.name.range, ty.range);
                                    before = ty.range;
                                }
                                if let Some(default) = &d.default {
                                    self.binding(before, default.range);
                                }
                            }
                        }
                        DefineMember::SimpleProp(p) => self.binding(p.name.range, p.default.range),
                        DefineMember::Member(m) => self.element_member(m, depth + 1),
                    }
                }
            }
            Item::Variables(v) => {
                let members: Vec<Member> =
                    v.entries.iter().map(|e| Member { range: e.range, simple: true }).collect();
                self.brace_block(v.range, None, &members, depth);
                for e in &v.entries {
                    self.binding(e.name.range, e.value.range);
                }
            }
            Item::For(f) => {
                self.for_block(f, |item| item.range(), depth);
                for body in &f.body {
                    self.item(body, depth + 1);
                }
            }
            Item::If(i) => {
                self.if_block(i, |item| item.range(), depth);
                for body in branches(i) {
                    self.item(body, depth + 1);
                }
            }
            Item::Var(v) => self.binding(v.name.range, v.value.range),
            Item::Include(_) | Item::Font(_) | Item::Script(_) | Item::Function(_) => {}
        }
    }

    fn element(&mut self, e: &Element, depth: u32) {
        let members: Vec<Member> = e.members.iter().map(member_of).collect();
        let opener = self.first(e.body_range);
        self.brace_block(e.range, opener, &members, depth);
        for m in &e.members {
            self.element_member(m, depth + 1);
        }
    }

    fn pseudo(&mut self, p: &crate::syntax::ast::PseudoBlock, depth: u32) {
        let members: Vec<Member> =
            p.properties.iter().map(|p| Member { range: p.range, simple: true }).collect();
        self.brace_block(p.range, None, &members, depth);
        for prop in &p.properties {
            self.binding(prop.name.range, prop.value.range);
        }
    }

    fn element_member(&mut self, m: &ElementMember, depth: u32) {
        match m {
            ElementMember::Child(e) => self.element(e, depth),
            ElementMember::Pseudo(p) => self.pseudo(p, depth),
            ElementMember::For(f) => {
                self.for_block(f, |m| member_of(m).range, depth);
                for body in &f.body {
                    self.element_member(body, depth + 1);
                }
            }
            ElementMember::If(i) => {
                self.if_block(i, |m| member_of(m).range, depth);
                for body in branches(i) {
                    self.element_member(body, depth + 1);
                }
            }
            ElementMember::Property(p) => self.binding(p.name.range, p.value.range),
            ElementMember::Text(_) | ElementMember::Function(_) | ElementMember::Script(_) => {}
        }
    }

    /// A block in braces: `opener` is its `{` (the first `{` in `range` when `None`).
    fn brace_block(
        &mut self,
        range: TextRange,
        opener: Option<usize>,
        members: &[Member],
        depth: u32,
    ) {
        let Some(start) = self.first(range) else { return };
        let Some(opener) = opener.or_else(|| {
            (start..self.tokens.len())
                .take_while(|&i| self.starts[i] < range.end)
                .find(|&i| self.tokens[i].0 == Token::LBrace)
        }) else {
            return;
        };
        let Some(closer) = self.last(range).filter(|&i| self.tokens[i].0 == Token::RBrace) else {
            return;
        };
        if closer <= opener {
            return;
        }
        let body = TextRange::new(self.tokens[opener].1.start as usize, range.end as usize);
        let commented = self.has_comment_in(body);
        let one_line = members.len() == 1 && members[0].simple && self.one_line(body) && !commented;
        for m in members {
            let mark = if one_line {
                Mark::Space
            } else {
                Mark::Break { depth: depth + 1, blank: Blank::Keep, closer: false }
            };
            let first = self.first(m.range);
            self.mark(first, mark);
        }
        if opener > start {
            self.marks[opener] = Some(Mark::Space);
        }
        let inner: Vec<TextRange> = members.iter().map(|m| m.range).collect();
        self.structural(opener + 1, closer, &inner, depth);
        let closing = if members.is_empty() && !commented && closer == opener + 1 {
            Mark::Glue
        } else if one_line {
            Mark::Space
        } else {
            Mark::Break { depth, blank: Blank::Never, closer: true }
        };
        self.marks[closer] = Some(closing);
    }

    /// `@for item in $list ... @end`.
    fn for_block<T>(&mut self, f: &ForBlock<T>, range_of: impl Fn(&T) -> TextRange, depth: u32) {
        let members: Vec<TextRange> = f.body.iter().map(&range_of).collect();
        let Some(after_header) =
            self.first(TextRange::new(f.iterable.range.end as usize, f.range.end as usize))
        else {
            return;
        };
        self.body_members(&members, depth);
        let end = self.last(f.range).unwrap_or(after_header);
        self.structural(after_header, end + 1, &members, depth);
    }

    /// `@if c ... @elif c ... @else ... @end`.
    fn if_block<T>(&mut self, i: &IfBlock<T>, range_of: impl Fn(&T) -> TextRange, depth: u32) {
        let Some((first_cond, _)) = i.branches.first() else { return };
        let mut inner: Vec<TextRange> = Vec::new();
        let mut members = Vec::new();
        for (cond, body) in &i.branches {
            inner.push(cond.range);
            members.extend(body.iter().map(&range_of));
        }
        if let Some(body) = &i.else_body {
            members.extend(body.iter().map(&range_of));
        }
        inner.extend(members.iter().copied());
        self.body_members(&members, depth);
        let Some(after_header) =
            self.first(TextRange::new(first_cond.range.end as usize, i.range.end as usize))
        else {
            return;
        };
        let end = self.last(i.range).unwrap_or(after_header);
        self.structural(after_header, end + 1, &inner, depth);
    }

    fn body_members(&mut self, members: &[TextRange], depth: u32) {
        for &m in members {
            let first = self.first(m);
            self.mark(first, Mark::Break { depth: depth + 1, blank: Blank::Keep, closer: false });
        }
    }

    /// The tokens `from..to` of a block that belong to no member: separators go, the block's
    /// keywords (`@elif`, `@else`, `@end`) start lines.
    fn structural(&mut self, from: usize, to: usize, inner: &[TextRange], depth: u32) {
        for i in from..to.min(self.tokens.len()) {
            let start = self.starts[i];
            if inner.iter().any(|r| r.start <= start && start < r.end) {
                continue;
            }
            match self.tokens[i].0 {
                Token::Semi | Token::Comma => self.marks[i] = Some(Mark::Drop),
                Token::Directive("elif" | "else" | "end") => {
                    self.marks[i] = Some(Mark::Break { depth, blank: Blank::Never, closer: true })
                }
                _ => {}
            }
        }
    }
}

impl Layout<'_, '_> {
    /// `name: value` (and `name = value`): no space before the `:`, one after it.
    fn binding(&mut self, name: TextRange, value: TextRange) {
        let Some(sep) =
            self.first(TextRange::new(name.end as usize, value.start.max(name.end) as usize + 1))
        else {
            return;
        };
        match self.tokens[sep].0 {
            Token::Colon => self.mark(Some(sep), Mark::Glue),
            Token::Eq => self.mark(Some(sep), Mark::Space),
            _ => return,
        }
        if let Some(first) = self.first(value).filter(|&i| i > sep) {
            if self.marks[first].is_none() {
                self.marks[first] = Some(Mark::Space);
            }
        }
    }

    /// The `{` of a script body gets one space before it.
    fn script_braces(&mut self) {
        for i in 1..self.tokens.len() {
            if matches!(self.tokens[i].0, Token::ScriptBody(_))
                && self.tokens[i - 1].0 == Token::LBrace
                && self.marks[i - 1].is_none()
                && i >= 2
                && !matches!(self.tokens[i - 2].0, Token::Colon)
            {
                self.marks[i - 1] = Some(Mark::Space);
            }
        }
    }
}

fn member_of(m: &ElementMember) -> Member {
    match m {
        ElementMember::Property(p) => Member { range: p.range, simple: true },
        ElementMember::Text(s) => Member { range: s.range, simple: true },
        ElementMember::Child(e) => Member { range: e.range, simple: false },
        ElementMember::Pseudo(p) => Member { range: p.range, simple: false },
        ElementMember::For(f) => Member { range: f.range, simple: false },
        ElementMember::If(i) => Member { range: i.range, simple: false },
        ElementMember::Function(f) => Member { range: f.range, simple: false },
        ElementMember::Script(s) => Member { range: s.range, simple: false },
    }
}

fn branches<T>(i: &IfBlock<T>) -> impl Iterator<Item = &T> {
    i.branches.iter().flat_map(|(_, body)| body.iter()).chain(i.else_body.iter().flatten())
}

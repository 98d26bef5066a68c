//! Wren definitions and statements: attributes, `import`, `var`, `if`, `while`, `for`,
//! `return`, `break`, `continue`, blocks and expression statements.

use super::{PResult, Parser, ScopeKind, Tok, TopLevel, TopLevelKind};

impl<'s> Parser<'s> {
    pub(super) fn definition(&mut self) -> PResult<()> {
        while self.check(Tok::Hash) {
            let at = self.cur().start;
            self.attribute()?;
            self.attributes.get_or_insert(at);
        }
        if self.matches(Tok::Class) {
            self.attributes = None;
            return self.class_definition(false);
        }
        if self.matches(Tok::Foreign) {
            self.attributes = None;
            self.expect(Tok::Class, "Expect 'class' after 'foreign'")?;
            return self.class_definition(true);
        }
        if let Some(at) = self.attributes.take() {
            self.report(at, at + 1, "Attributes can only be specified before a class or a method.");
        }
        match self.kind() {
            Tok::Import => self.import(),
            Tok::Var => self.variable_definition(),
            _ => self.statement(),
        }
    }

    /// `#key`, `#key = value`, `#group(key = value, ...)`, each optionally `#!`.
    pub(super) fn attribute(&mut self) -> PResult<()> {
        self.advance();
        self.matches(Tok::Bang);
        self.expect(Tok::Name, "Expect an attribute definition after '#'")?;
        match self.kind() {
            Tok::Eq => {
                self.advance();
                self.attribute_value()?;
            }
            Tok::Line | Tok::Eof => {}
            Tok::LParen => {
                self.advance();
                self.skip_lines();
                if self.check(Tok::RParen) {
                    let t = self.cur();
                    return Err(self.error_at(
                        t,
                        "Expected attributes in group, group cannot be empty.".into(),
                    ));
                }
                loop {
                    self.expect(Tok::Name, "Expect name for attribute key")?;
                    if self.matches(Tok::Eq) {
                        self.attribute_value()?;
                    }
                    self.skip_lines();
                    if !self.matches(Tok::Comma) {
                        break;
                    }
                    self.skip_lines();
                }
                self.skip_lines();
                self.expect(Tok::RParen, "Expect ')' after grouped attributes")?;
            }
            _ => return Err(self.fail_here("Expect '=', a newline or '(' after an attribute key")),
        }
        if !self.check(Tok::Eof) {
            self.expect(Tok::Line, "Expect newline after attribute")?;
        }
        self.skip_lines();
        Ok(())
    }

    pub(super) fn attribute_value(&mut self) -> PResult<()> {
        match self.kind() {
            Tok::False | Tok::True | Tok::Number | Tok::String | Tok::Name => {
                self.advance();
                Ok(())
            }
            _ => Err(self.fail_here(
                "Expect a Bool, Num, String or Identifier literal for an attribute value",
            )),
        }
    }

    pub(super) fn import(&mut self) -> PResult<()> {
        self.advance();
        self.skip_lines();
        if self.check(Tok::String) && !self.cur().closes_interpolation {
            self.advance();
        } else {
            return Err(self.fail_here("Expect a string after 'import'"));
        }
        if !self.matches(Tok::For) {
            return Ok(());
        }
        loop {
            self.skip_lines();
            let name = self.expect(Tok::Name, "Expect variable name")?;
            let local = if self.matches(Tok::As) {
                self.expect(Tok::Name, "Expect variable name after 'as'")?
            } else {
                name
            };
            self.declare(local);
            if !self.matches(Tok::Comma) {
                return Ok(());
            }
        }
    }

    pub(super) fn variable_definition(&mut self) -> PResult<()> {
        self.advance();
        let name = self.expect(Tok::Name, "Expect variable name after 'var'")?;
        let mut value = None;
        if self.matches(Tok::Eq) {
            self.skip_lines();
            value = Some(self.expression()?);
        }
        // The variable is not in scope in its own initializer.
        let top = self.at_module_level();
        self.declare(name);
        if top {
            let params = value.and_then(|v| v.fn_params);
            let kind =
                if params.is_some() { TopLevelKind::Function } else { TopLevelKind::Variable };
            self.top_level.push(TopLevel {
                name: self.text(name).to_string(),
                params: params.unwrap_or_default(),
                offset: name.start,
                kind,
            });
        }
        Ok(())
    }

    /// A block or method body after its `{`: `}` alone, one expression on the same line, or
    /// statements on the following lines.
    pub(super) fn finish_body(&mut self) -> PResult<()> {
        self.nested(|p| {
            if p.matches(Tok::RBrace) {
                return Ok(());
            }
            if p.match_lines() {
                return p.block_statements();
            }
            if matches!(
                p.kind(),
                Tok::If
                    | Tok::While
                    | Tok::For
                    | Tok::Return
                    | Tok::Var
                    | Tok::Class
                    | Tok::Break
                    | Tok::Continue
                    | Tok::Import
            ) {
                let t = p.cur();
                let message = format!(
                    "Expect expression, found {}: a block written on one line holds a single \
                     expression; put statements on their own lines after '{{'.",
                    p.describe(t)
                );
                return Err(p.error_at(t, message));
            }
            p.expression()?;
            if p.check(Tok::Line) {
                return Err(p.fail_here(
                    "Expect '}' at end of a one-line block (put a newline right after '{' for \
                     a block of statements)",
                ));
            }
            p.expect(Tok::RBrace, "Expect '}' at end of block")?;
            Ok(())
        })
    }

    pub(super) fn statement(&mut self) -> PResult<()> {
        let t = self.cur();
        match t.kind {
            Tok::Break | Tok::Continue => {
                self.advance();
                if self.fns.last().is_some_and(|f| f.loops == 0) {
                    let message = format!("Cannot use '{}' outside of a loop.", self.text(t));
                    self.report(t.start, t.end, message);
                }
                Ok(())
            }
            Tok::For => {
                self.advance();
                self.expect(Tok::LParen, "Expect '(' after 'for'")?;
                let var = self.expect(Tok::Name, "Expect for loop variable name")?;
                self.expect(Tok::In, "Expect 'in' after loop variable")?;
                self.skip_lines();
                self.expression()?;
                self.expect(Tok::RParen, "Expect ')' after loop expression")?;
                self.scoped(ScopeKind::Block, |p| {
                    p.declare(var);
                    p.loop_body("for")
                })
            }
            Tok::While => {
                self.advance();
                self.expect(Tok::LParen, "Expect '(' after 'while'")?;
                self.expression()?;
                self.expect(Tok::RParen, "Expect ')' after while condition")?;
                self.loop_body("while")
            }
            Tok::If => {
                self.advance();
                self.expect(Tok::LParen, "Expect '(' after 'if'")?;
                self.expression()?;
                self.expect(Tok::RParen, "Expect ')' after if condition")?;
                self.body_statement("if")?;
                if self.matches(Tok::Else) {
                    self.body_statement("else")?;
                }
                Ok(())
            }
            Tok::Return => {
                self.advance();
                if matches!(self.kind(), Tok::Line | Tok::Eof) {
                    return Ok(());
                }
                if self.fns.last().is_some_and(|f| f.initializer) {
                    self.report(t.start, t.end, "A constructor cannot return a value.");
                }
                self.expression()?;
                Ok(())
            }
            Tok::LBrace => {
                self.advance();
                self.scoped(ScopeKind::Block, Self::finish_body)
            }
            _ => {
                self.expression()?;
                Ok(())
            }
        }
    }

    pub(super) fn loop_body(&mut self, keyword: &str) -> PResult<()> {
        if let Some(f) = self.fns.last_mut() {
            f.loops += 1;
        }
        let result = self.body_statement(keyword);
        if let Some(f) = self.fns.last_mut() {
            f.loops -= 1;
        }
        result
    }

    /// The statement after `if (...)`, `else`, `while (...)` or `for (...)`, which must
    /// start on the same line.
    pub(super) fn body_statement(&mut self, keyword: &str) -> PResult<()> {
        if self.check(Tok::Line) {
            let t = self.cur();
            let message = format!(
                "Expect the body of '{keyword}' on the same line (start a block with '{{'), \
                 found end of line."
            );
            return Err(self.error_at(t, message));
        }
        self.nested(Self::statement)
    }
}

//! Wren class definitions: `class Name is Super { ... }`, `foreign class`, and their methods
//! (constructors, getters, setters, operators, subscripts, `static` and `foreign` methods,
//! attributes), with their parameter lists.

use super::{
    expr, ClassInfo, PResult, Parser, ScopeKind, Tok, Token, TopLevel, TopLevelKind, MAX_PARAMETERS,
};

impl<'s> Parser<'s> {
    pub(super) fn class_definition(&mut self, foreign: bool) -> PResult<()> {
        let name = self.expect(Tok::Name, "Expect class name after 'class'")?;
        let top = self.at_module_level();
        self.declare(name);
        if top {
            self.top_level.push(TopLevel {
                name: self.text(name).to_string(),
                params: Vec::new(),
                offset: name.start,
                kind: TopLevelKind::Class,
            });
        }
        if self.matches(Tok::Is) {
            self.parse_precedence(expr::Prec::Call)?;
        }
        self.classes.push(ClassInfo {
            name: self.text(name).to_string(),
            foreign,
            in_static: false,
            in_initializer: false,
            signatures: Vec::new(),
        });
        let result = self.scoped(ScopeKind::Class, Self::class_body);
        self.classes.pop();
        result
    }

    pub(super) fn class_body(&mut self) -> PResult<()> {
        self.expect(Tok::LBrace, "Expect '{' after class declaration")?;
        self.skip_lines();
        loop {
            match self.kind() {
                Tok::RBrace => {
                    self.advance();
                    return Ok(());
                }
                Tok::Eof => return Err(self.fail_here("Expect '}' at end of class body")),
                Tok::RParen | Tok::RBracket => self.unmatched_closer(),
                _ => {
                    let start = self.pos;
                    let result = self.method().and_then(|()| match self.kind() {
                        Tok::RBrace | Tok::Line | Tok::Eof => Ok(()),
                        _ => Err(self.fail_here("Expect newline after definition in class")),
                    });
                    if result.is_err() {
                        self.synchronize(start);
                    }
                }
            }
            self.skip_lines();
        }
    }

    /// A method definition in a class body: attributes, `foreign`, `static`, the signature
    /// and the body.
    pub(super) fn method(&mut self) -> PResult<()> {
        while self.check(Tok::Hash) {
            self.attribute()?;
        }
        self.attributes = None;
        let foreign = self.matches(Tok::Foreign);
        let is_static = self.matches(Tok::Static);
        if let Some(class) = self.classes.last_mut() {
            class.in_static = is_static;
            class.in_initializer = false;
        }
        self.scoped(ScopeKind::Method, |p| p.method_rest(foreign, is_static))
    }

    pub(super) fn method_rest(&mut self, foreign: bool, is_static: bool) -> PResult<()> {
        let t = self.advance();
        let name = self.text(t);
        let mut initializer = false;
        let signature = match t.kind {
            Tok::Name => {
                if self.matches(Tok::Eq) {
                    self.setter_parameter()?;
                    format!("{name}=(_)")
                } else if self.matches(Tok::LParen) {
                    self.skip_lines();
                    let mut arity = 0;
                    if !self.matches(Tok::RParen) {
                        arity = self.parameter_list()?;
                        self.expect(Tok::RParen, "Expect ')' after parameters")?;
                    }
                    format!("{name}({})", vec!["_"; arity].join(","))
                } else {
                    name.to_string()
                }
            }
            Tok::Construct => {
                let ctor = self.expect(Tok::Name, "Expect constructor name after 'construct'")?;
                if self.check(Tok::Eq) {
                    let eq = self.cur();
                    return Err(self.error_at(eq, "A constructor cannot be a setter.".into()));
                }
                if !self.check(Tok::LParen) {
                    let found = self.describe(self.cur());
                    let at = self.cur();
                    return Err(self.error_at(
                        at,
                        format!(
                            "Expect '(' after constructor name (a constructor cannot be a \
                             getter), found {found}."
                        ),
                    ));
                }
                self.advance();
                self.skip_lines();
                let mut arity = 0;
                if !self.matches(Tok::RParen) {
                    arity = self.parameter_list()?;
                    self.expect(Tok::RParen, "Expect ')' after parameters")?;
                }
                initializer = true;
                if is_static {
                    self.report(t.start, t.end, "A constructor cannot be static.");
                }
                format!("init {}({})", self.text(ctor), vec!["_"; arity].join(","))
            }
            Tok::LBracket => {
                let arity = self.parameter_list()?;
                self.expect(Tok::RBracket, "Expect ']' after parameters")?;
                let params = vec!["_"; arity].join(",");
                if self.matches(Tok::Eq) {
                    self.setter_parameter()?;
                    format!("[{params}]=(_)")
                } else {
                    format!("[{params}]")
                }
            }
            Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::Plus
            | Tok::LtLt
            | Tok::GtGt
            | Tok::Pipe
            | Tok::Caret
            | Tok::Amp
            | Tok::Lt
            | Tok::Gt
            | Tok::LtEq
            | Tok::GtEq
            | Tok::EqEq
            | Tok::BangEq
            | Tok::Is
            | Tok::DotDot
            | Tok::DotDotDot => {
                self.expect(Tok::LParen, "Expect '(' after operator name")?;
                self.parameter()?;
                self.expect(Tok::RParen, "Expect ')' after parameter name")?;
                format!("{name}(_)")
            }
            Tok::Minus => {
                if self.matches(Tok::LParen) {
                    self.parameter()?;
                    self.expect(Tok::RParen, "Expect ')' after parameter name")?;
                    "-(_)".to_string()
                } else {
                    "-".to_string()
                }
            }
            Tok::Bang | Tok::Tilde => name.to_string(),
            _ => {
                let message = format!("Expect method definition, found {}.", self.describe(t));
                return Err(self.error_at(t, message));
            }
        };
        if let Some(class) = self.classes.last_mut() {
            class.in_initializer = initializer;
            let key = if is_static { format!("static {signature}") } else { signature.clone() };
            if class.signatures.contains(&key) {
                let shown = signature.strip_prefix("init ").unwrap_or(&signature);
                let message = format!(
                    "Class {} already defines a {}method '{shown}'.",
                    class.name,
                    if is_static { "static " } else { "" }
                );
                self.report(t.start, t.end, message);
            } else {
                class.signatures.push(key);
            }
        }
        if foreign {
            return Ok(());
        }
        self.expect(Tok::LBrace, "Expect '{' to begin method body")?;
        self.in_function(initializer, Self::finish_body)
    }

    /// `(name)` after a setter's `=`.
    pub(super) fn setter_parameter(&mut self) -> PResult<()> {
        self.expect(Tok::LParen, "Expect '(' after '='")?;
        self.parameter()?;
        self.expect(Tok::RParen, "Expect ')' after parameter name")?;
        Ok(())
    }

    pub(super) fn parameter(&mut self) -> PResult<Token> {
        let t = self.expect(Tok::Name, "Expect parameter name")?;
        self.declare(t);
        Ok(t)
    }

    /// Comma-separated parameter names (newlines allowed before each); returns the count.
    pub(super) fn parameter_list(&mut self) -> PResult<usize> {
        Ok(self.parameter_names()?.len())
    }

    pub(super) fn parameter_names(&mut self) -> PResult<Vec<String>> {
        let mut names = Vec::new();
        loop {
            self.skip_lines();
            if names.len() == MAX_PARAMETERS {
                let t = self.cur();
                self.report(
                    t.start,
                    t.end,
                    format!("Methods cannot have more than {MAX_PARAMETERS} parameters."),
                );
            }
            let t = self.parameter()?;
            names.push(self.text(t).to_string());
            if !self.matches(Tok::Comma) {
                return Ok(names);
            }
        }
    }
}

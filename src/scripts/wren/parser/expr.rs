//! Wren expressions: a Pratt parser with Wren's precedence table (`wren_compiler.c` 0.4),
//! where `=` is only taken by a name, a field, a setter call or a subscript in a context
//! loose enough for an assignment.

use super::{Failed, PResult, Parser, Resolved, ScopeKind, Tok, Token, MAX_PARAMETERS};

/// Binding power, lowest first (as Wren's `Precedence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Prec {
    None,
    Lowest,
    Assignment,
    Conditional,
    Or,
    And,
    Equality,
    Is,
    Comparison,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Range,
    Term,
    Factor,
    Unary,
    Call,
}

impl Prec {
    pub(super) fn next(self) -> Prec {
        match self {
            Prec::None => Prec::Lowest,
            Prec::Lowest => Prec::Assignment,
            Prec::Assignment => Prec::Conditional,
            Prec::Conditional => Prec::Or,
            Prec::Or => Prec::And,
            Prec::And => Prec::Equality,
            Prec::Equality => Prec::Is,
            Prec::Is => Prec::Comparison,
            Prec::Comparison => Prec::BitOr,
            Prec::BitOr => Prec::BitXor,
            Prec::BitXor => Prec::BitAnd,
            Prec::BitAnd => Prec::Shift,
            Prec::Shift => Prec::Range,
            Prec::Range => Prec::Term,
            Prec::Term => Prec::Factor,
            Prec::Factor => Prec::Unary,
            Prec::Unary | Prec::Call => Prec::Call,
        }
    }
}

fn infix_precedence(kind: Tok) -> Prec {
    match kind {
        Tok::LBracket | Tok::Dot => Prec::Call,
        Tok::DotDot | Tok::DotDotDot => Prec::Range,
        Tok::Star | Tok::Slash | Tok::Percent => Prec::Factor,
        Tok::Plus | Tok::Minus => Prec::Term,
        Tok::LtLt | Tok::GtGt => Prec::Shift,
        Tok::Pipe => Prec::BitOr,
        Tok::Caret => Prec::BitXor,
        Tok::Amp => Prec::BitAnd,
        Tok::PipePipe => Prec::Or,
        Tok::AmpAmp => Prec::And,
        Tok::Question => Prec::Assignment,
        Tok::Lt | Tok::Gt | Tok::LtEq | Tok::GtEq => Prec::Comparison,
        Tok::EqEq | Tok::BangEq => Prec::Equality,
        Tok::Is => Prec::Is,
        _ => Prec::None,
    }
}

/// A parsed expression: its byte range and what `top_level` needs to know.
#[derive(Debug, Clone, Default)]
pub struct Expr {
    pub start: usize,
    pub end: usize,
    /// The bare module variable `Fn`.
    pub fn_class: bool,
    /// `Fn.new { |params| ... }`: its parameters.
    pub fn_params: Option<Vec<String>>,
}

/// The arguments of a call.
struct Call {
    parens: bool,
    block: Option<Vec<String>>,
}

impl<'s> Parser<'s> {
    fn span(&self, start: usize) -> Expr {
        Expr { start, end: self.prev_end.max(start), ..Expr::default() }
    }

    pub(super) fn expression(&mut self) -> PResult<Expr> {
        let e = self.parse_precedence(Prec::Lowest)?;
        if self.check(Tok::Eq) {
            self.report(
                e.start,
                e.end,
                "Invalid assignment target: only a variable, a field, a subscript or a setter \
                 can be assigned.",
            );
            return Err(Failed);
        }
        Ok(e)
    }

    pub(super) fn parse_precedence(&mut self, prec: Prec) -> PResult<Expr> {
        self.nested(|p| {
            let can_assign = prec <= Prec::Conditional;
            let mut e = p.prefix(can_assign)?;
            loop {
                let infix = infix_precedence(p.kind());
                if infix == Prec::None || prec > infix {
                    return Ok(e);
                }
                let op = p.advance();
                e = p.infix(op, e, can_assign)?;
            }
        })
    }

    /// A newline followed by `.` continues a call chain.
    fn allow_line_before_dot(&mut self) {
        if self.check(Tok::Line) && self.peek_kind(1) == Tok::Dot {
            self.advance();
        }
    }

    fn expect_expression(&mut self) -> Failed {
        let t = self.cur();
        let found = self.describe(t);
        let message = match t.kind {
            Tok::Else => format!(
                "Expect expression, found {found}: 'else' must be on the same line as the end \
                 of the 'if' branch ('}} else {{')."
            ),
            _ => format!("Expect expression, found {found}."),
        };
        self.error_at(t, message)
    }

    fn prefix(&mut self, can_assign: bool) -> PResult<Expr> {
        let t = self.cur();
        match t.kind {
            Tok::LParen => {
                self.advance();
                self.expression()?;
                self.expect(Tok::RParen, "Expect ')' after expression")?;
                Ok(self.span(t.start))
            }
            Tok::LBracket => {
                self.advance();
                loop {
                    self.skip_lines();
                    if self.check(Tok::RBracket) {
                        break;
                    }
                    self.expression()?;
                    if !self.matches(Tok::Comma) {
                        break;
                    }
                }
                self.skip_lines();
                self.expect(Tok::RBracket, "Expect ']' after list elements")?;
                Ok(self.span(t.start))
            }
            Tok::LBrace => {
                self.advance();
                loop {
                    self.skip_lines();
                    if self.check(Tok::RBrace) {
                        break;
                    }
                    self.parse_precedence(Prec::Unary)?;
                    self.expect(Tok::Colon, "Expect ':' after map key")?;
                    self.skip_lines();
                    self.expression()?;
                    if !self.matches(Tok::Comma) {
                        break;
                    }
                }
                self.skip_lines();
                self.expect(Tok::RBrace, "Expect '}' after map entries")?;
                Ok(self.span(t.start))
            }
            Tok::Minus | Tok::Bang | Tok::Tilde => {
                self.advance();
                self.skip_lines();
                self.parse_precedence(Prec::Unary.next())?;
                Ok(self.span(t.start))
            }
            Tok::False | Tok::True | Tok::Null | Tok::Number => {
                self.advance();
                Ok(self.span(t.start))
            }
            Tok::String if !t.closes_interpolation => {
                self.advance();
                Ok(self.span(t.start))
            }
            Tok::Interpolation if !t.closes_interpolation => self.interpolation(),
            Tok::This => {
                self.advance();
                if self.classes.is_empty() {
                    self.report(t.start, t.end, "Cannot use 'this' outside of a method.");
                }
                Ok(self.span(t.start))
            }
            Tok::Super => self.super_call(can_assign),
            Tok::Field => {
                self.advance();
                match self.classes.last() {
                    None => self.report(
                        t.start,
                        t.end,
                        "Cannot reference a field outside of a class definition.",
                    ),
                    Some(c) if c.foreign => {
                        self.report(t.start, t.end, "Cannot define fields in a foreign class.")
                    }
                    Some(c) if c.in_static => self.report(
                        t.start,
                        t.end,
                        "Cannot use an instance field in a static method.",
                    ),
                    Some(_) => {}
                }
                self.variable_rest(t, can_assign, None)
            }
            Tok::StaticField => {
                self.advance();
                if self.classes.is_empty() {
                    self.report(
                        t.start,
                        t.end,
                        "Cannot use a static field outside of a class definition.",
                    );
                }
                self.variable_rest(t, can_assign, None)
            }
            Tok::Name => {
                self.advance();
                match self.resolve(self.text(t)) {
                    Resolved::ThisCall => {
                        self.named_call(can_assign)?;
                        Ok(self.span(t.start))
                    }
                    resolved => self.variable_rest(t, can_assign, Some(resolved)),
                }
            }
            _ => Err(self.expect_expression()),
        }
    }

    /// After a variable or field name: an assignment, or a load that may continue on the next
    /// line with `.`. `resolved` is set for names (module variables are recorded).
    fn variable_rest(
        &mut self,
        t: Token,
        can_assign: bool,
        resolved: Option<Resolved>,
    ) -> PResult<Expr> {
        let module = resolved == Some(Resolved::Module);
        if can_assign && self.matches(Tok::Eq) {
            let value = self.expression()?;
            if module {
                self.record(t, true);
            }
            return Ok(Expr { start: t.start, end: value.end, ..Expr::default() });
        }
        if module {
            self.record(t, false);
        }
        if resolved.is_some() && self.check(Tok::LParen) {
            let name = self.text(t);
            let paren = self.cur();
            return Err(self.error_at(
                paren,
                format!(
                    "Expect newline after statement, found '(': '{name}' is a variable, not a \
                     method; call the function it holds with '{name}.call(...)'."
                ),
            ));
        }
        self.allow_line_before_dot();
        let fn_class = module && self.text(t) == "Fn";
        Ok(Expr { start: t.start, end: t.end, fn_class, fn_params: None })
    }

    /// A string with interpolations, from its first part.
    fn interpolation(&mut self) -> PResult<Expr> {
        let first = self.advance();
        loop {
            self.skip_lines();
            self.expression()?;
            self.skip_lines();
            let t = self.cur();
            if t.closes_interpolation && t.kind == Tok::Interpolation {
                self.advance();
                continue;
            }
            if t.closes_interpolation && t.kind == Tok::String {
                self.advance();
                return Ok(self.span(first.start));
            }
            return Err(self.fail_here("Expect ')' after interpolated expression"));
        }
    }

    fn super_call(&mut self, can_assign: bool) -> PResult<Expr> {
        let t = self.advance();
        let initializer = match self.classes.last() {
            None => {
                self.report(t.start, t.end, "Cannot use 'super' outside of a method.");
                false
            }
            Some(c) => c.in_initializer,
        };
        if self.matches(Tok::Dot) {
            self.expect(Tok::Name, "Expect method name after 'super.'")?;
            self.named_call(can_assign)?;
        } else {
            let call = self.method_call()?;
            if initializer && !call.parens && call.block.is_none() {
                self.report(t.start, t.end, "A superclass constructor must have an argument list.");
            }
        }
        Ok(self.span(t.start))
    }

    /// A call of the method whose name was just consumed: a setter `name = value`, or a
    /// getter or method call with optional arguments and block argument.
    fn named_call(&mut self, can_assign: bool) -> PResult<Call> {
        if can_assign && self.matches(Tok::Eq) {
            self.skip_lines();
            self.expression()?;
            return Ok(Call { parens: false, block: None });
        }
        let call = self.method_call()?;
        self.allow_line_before_dot();
        Ok(call)
    }

    /// Optional `(arguments)` and optional block argument `{ |params| body }`.
    fn method_call(&mut self) -> PResult<Call> {
        let mut call = Call { parens: false, block: None };
        if self.matches(Tok::LParen) {
            call.parens = true;
            self.skip_lines();
            if !self.check(Tok::RParen) {
                self.argument_list()?;
            }
            self.expect(Tok::RParen, "Expect ')' after arguments")?;
        }
        if self.matches(Tok::LBrace) {
            let params = self.in_function(false, |p| {
                p.scoped(ScopeKind::Function, |p| {
                    let mut params = Vec::new();
                    if p.matches(Tok::Pipe) {
                        params = p.parameter_names()?;
                        p.expect(Tok::Pipe, "Expect '|' after function parameters")?;
                    }
                    p.finish_body()?;
                    Ok(params)
                })
            })?;
            call.block = Some(params);
        }
        Ok(call)
    }

    /// Comma-separated arguments (newlines allowed before each and at the end).
    fn argument_list(&mut self) -> PResult<()> {
        let mut count = 0;
        loop {
            self.skip_lines();
            count += 1;
            if count == MAX_PARAMETERS + 1 {
                let t = self.cur();
                self.report(
                    t.start,
                    t.end,
                    format!("Methods cannot have more than {MAX_PARAMETERS} parameters."),
                );
            }
            self.expression()?;
            if !self.matches(Tok::Comma) {
                break;
            }
        }
        self.skip_lines();
        Ok(())
    }

    fn infix(&mut self, op: Token, left: Expr, can_assign: bool) -> PResult<Expr> {
        match op.kind {
            Tok::Dot => {
                self.skip_lines();
                let name = self.expect(Tok::Name, "Expect method name after '.'")?;
                let call = self.named_call(can_assign)?;
                let mut e = self.span(left.start);
                if left.fn_class && self.text(name) == "new" && !call.parens {
                    e.fn_params = call.block;
                }
                Ok(e)
            }
            Tok::LBracket => {
                self.argument_list()?;
                self.expect(Tok::RBracket, "Expect ']' after subscript arguments")?;
                self.allow_line_before_dot();
                if can_assign && self.matches(Tok::Eq) {
                    self.expression()?;
                }
                Ok(self.span(left.start))
            }
            Tok::Question => {
                self.skip_lines();
                self.parse_precedence(Prec::Conditional)?;
                self.expect(Tok::Colon, "Expect ':' after then branch of conditional operator")?;
                self.skip_lines();
                self.parse_precedence(Prec::Assignment)?;
                Ok(self.span(left.start))
            }
            kind => {
                self.skip_lines();
                self.parse_precedence(infix_precedence(kind).next())?;
                Ok(self.span(left.start))
            }
        }
    }
}

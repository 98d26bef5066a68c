//! Global reads and writes of Lua 5.4 code: a name is global unless a `local`, a parameter,
//! a `for` variable or a `local function` in an enclosing block declares it.

use full_moon::ast::{
    Ast, Block, Call, Expression, Field, FunctionArgs, FunctionBody, Index, LastStmt, Parameter,
    Prefix, Stmt, Suffix, Var,
};
use full_moon::tokenizer::{TokenReference, TokenType};

use full_moon::node::Node;

use super::{Access, Arg, CallSite, Literal, Operand, Scopes, Usage, ValueKind};

/// `module`: the tree is module code, whose top-level globals and functions are definitions.
pub fn usage(ast: &Ast, module: bool) -> Usage {
    let mut walker = Walker { scopes: Scopes::default(), usage: Usage::default(), module };
    walker.scopes.push();
    walker.stmts(ast.nodes());
    walker.usage
}

struct Walker {
    scopes: Scopes,
    usage: Usage,
    module: bool,
}

fn name(t: &TokenReference) -> String {
    t.token().to_string()
}

fn access(t: &TokenReference, literal: Option<Literal>) -> Access {
    Access {
        name: name(t),
        start: t.token().start_position().bytes(),
        end: t.token().end_position().bytes(),
        literal,
        computed: None,
    }
}

/// Lua's string functions that give a string (`s:upper()`, `string.rep(s, 2)`).
const STRING_RESULTS: &[&str] = &["upper", "lower", "sub", "rep", "reverse", "format", "gsub"];
/// Functions that give a number (`math.floor(x)`, `s:len()`).
const NUMBER_RESULTS: &[&str] =
    &["floor", "ceil", "abs", "max", "min", "sqrt", "len", "fmod", "random", "byte"];

/// The kind of value `e` gives where its form shows it: concatenation is a string,
/// arithmetic and `#` a number, comparisons and `not` a boolean, `tostring(x)` and the string
/// functions a string (literals are [`literal`]'s).
fn computed(e: &Expression) -> Option<ValueKind> {
    match e {
        Expression::BinaryOperator { binop, .. } => {
            match binop.token().token().to_string().as_str() {
                ".." => Some(ValueKind::String),
                "+" | "-" | "*" | "/" | "//" | "%" | "^" => Some(ValueKind::Number),
                "==" | "~=" | "<" | ">" | "<=" | ">=" => Some(ValueKind::Bool),
                _ => None,
            }
        }
        Expression::UnaryOperator { unop, .. } => match unop.token().token().to_string().as_str() {
            "not" => Some(ValueKind::Bool),
            "#" | "-" => Some(ValueKind::Number),
            _ => None,
        },
        Expression::Parentheses { expression, .. } => computed(expression),
        Expression::FunctionCall(call) => {
            let suffixes: Vec<&Suffix> = call.suffixes().collect();
            let prefix = match call.prefix() {
                Prefix::Name(n) => name(n),
                _ => String::new(),
            };
            match suffixes.as_slice() {
                // `tostring(x)`
                [Suffix::Call(Call::AnonymousCall(_))] if prefix == "tostring" => {
                    Some(ValueKind::String)
                }
                // `string.upper(s)`, `math.floor(x)`
                [Suffix::Index(Index::Dot { name: n, .. }), Suffix::Call(Call::AnonymousCall(_))] =>
                {
                    let n = name(n);
                    match prefix.as_str() {
                        "string" if STRING_RESULTS.contains(&n.as_str()) => Some(ValueKind::String),
                        "string" | "math" if NUMBER_RESULTS.contains(&n.as_str()) => {
                            Some(ValueKind::Number)
                        }
                        _ => None,
                    }
                }
                // `s:upper()`: only strings have these methods.
                [.., Suffix::Call(Call::MethodCall(m))] => {
                    let n = name(m.name());
                    if STRING_RESULTS.contains(&n.as_str()) {
                        Some(ValueKind::String)
                    } else if n == "len" || n == "byte" {
                        Some(ValueKind::Number)
                    } else {
                        None
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn literal(e: &Expression) -> Option<Literal> {
    match e {
        Expression::String(_) => Some(Literal::String),
        Expression::Number(t) => {
            let text = t.token().to_string();
            let hex = text.starts_with("0x") || text.starts_with("0X");
            let float = text.contains('.') || (!hex && (text.contains('e') || text.contains('E')));
            Some(if float { Literal::Float } else { Literal::Int })
        }
        Expression::TableConstructor(_) => Some(Literal::Table),
        Expression::Symbol(t) => match t.token().token_type() {
            TokenType::Symbol { symbol } => match symbol.to_string().as_str() {
                "true" | "false" => Some(Literal::Bool),
                "nil" => Some(Literal::Nil),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// A call argument; `None` for a vararg `...`, whose count is unknown.
fn call_arg(e: &Expression, scopes: &Scopes) -> Option<Arg> {
    let (start, end) = e.range().map_or((0, 0), |(a, b)| (a.bytes(), b.bytes()));
    let mut arg = Arg { literal: literal(e), string: None, name: None, start, end };
    match e {
        Expression::Symbol(t) if t.token().to_string() == "..." => return None,
        Expression::String(t) => arg = string_arg(t),
        Expression::Var(Var::Name(n)) if !scopes.is_local(&name(n)) => arg.name = Some(name(n)),
        _ => {}
    }
    Some(arg)
}

fn string_arg(t: &TokenReference) -> Arg {
    let string = match t.token().token_type() {
        TokenType::StringLiteral { literal, .. } if !literal.contains('\\') => {
            Some(literal.to_string())
        }
        _ => None,
    };
    Arg {
        literal: Some(Literal::String),
        string,
        name: None,
        start: t.token().start_position().bytes(),
        end: t.token().end_position().bytes(),
    }
}

impl Walker {
    /// At the module's top level (outside every function and block)?
    fn top_level(&self) -> bool {
        self.module && self.scopes.depth() == 1
    }

    fn block(&mut self, block: &Block) {
        self.scopes.push();
        self.stmts(block);
        self.scopes.pop();
    }

    /// The statements of a block in the current scope (for bodies whose scope is already
    /// open, like a function's with its parameters).
    fn stmts(&mut self, block: &Block) {
        for stmt in block.stmts() {
            self.stmt(stmt);
        }
        if let Some(LastStmt::Return(r)) = block.last_stmt() {
            for e in r.returns() {
                self.expr(e);
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Assignment(a) => {
                let values: Vec<&Expression> = a.expressions().iter().collect();
                for e in &values {
                    self.expr(e);
                }
                for (i, var) in a.variables().iter().enumerate() {
                    match var {
                        Var::Name(n) => {
                            let value =
                                values.get(i).filter(|_| values.len() == a.variables().len());
                            self.write(n, value.and_then(|e| literal(e)));
                            if let (Some(w), Some(e)) = (self.usage.writes.last_mut(), value) {
                                if w.start == n.token().start_position().bytes()
                                    && w.literal.is_none()
                                {
                                    w.computed = computed(e);
                                }
                            }
                        }
                        Var::Expression(v) => {
                            self.prefix(v.prefix());
                            self.suffixes(v.suffixes());
                        }
                        _ => {}
                    }
                }
            }
            Stmt::LocalAssignment(a) => {
                for e in a.expressions() {
                    self.expr(e);
                }
                for n in a.names() {
                    self.declare(n);
                }
            }
            Stmt::LocalFunction(f) => {
                self.declare(f.name());
                self.function(f.body());
            }
            Stmt::FunctionDeclaration(f) => {
                let names: Vec<&TokenReference> = f.name().names().iter().collect();
                match names.as_slice() {
                    [only] if f.name().method_name().is_none() => {
                        if self.top_level() {
                            self.usage.defines.push(name(only));
                        } else if !self.scopes.is_local(&name(only)) {
                            self.usage.writes.push(access(only, None));
                        }
                    }
                    [first, ..] => self.read(first),
                    [] => {}
                }
                let method = f.name().method_name().is_some();
                self.scopes.push();
                if method {
                    self.scopes.declare("self");
                }
                self.params(f.body());
                self.stmts(f.body().block());
                self.scopes.pop();
            }
            Stmt::FunctionCall(call) => {
                self.call_sites(call.prefix(), call.suffixes());
                self.prefix(call.prefix());
                self.suffixes(call.suffixes());
            }
            Stmt::Do(d) => self.block(d.block()),
            Stmt::While(w) => {
                self.expr(w.condition());
                self.block(w.block());
            }
            Stmt::Repeat(r) => {
                // `until` sees the block's locals.
                self.scopes.push();
                self.stmts(r.block());
                self.expr(r.until());
                self.scopes.pop();
            }
            Stmt::If(i) => {
                self.expr(i.condition());
                self.block(i.block());
                for branch in i.else_if().into_iter().flatten() {
                    self.expr(branch.condition());
                    self.block(branch.block());
                }
                if let Some(b) = i.else_block() {
                    self.block(b);
                }
            }
            Stmt::NumericFor(f) => {
                self.expr(f.start());
                self.expr(f.end());
                if let Some(step) = f.step() {
                    self.expr(step);
                }
                self.scopes.push();
                self.declare(f.index_variable());
                self.stmts(f.block());
                self.scopes.pop();
            }
            Stmt::GenericFor(f) => {
                for e in f.expressions() {
                    self.expr(e);
                }
                self.scopes.push();
                for n in f.names() {
                    self.declare(n);
                }
                self.stmts(f.block());
                self.scopes.pop();
            }
            _ => {}
        }
    }

    fn declare(&mut self, t: &TokenReference) {
        if self.top_level() {
            self.usage.defines.push(name(t));
        }
        self.scopes.declare(&name(t));
    }

    fn read(&mut self, t: &TokenReference) {
        if !self.scopes.is_local(&name(t)) {
            self.usage.reads.push(access(t, None));
        }
    }

    fn write(&mut self, t: &TokenReference, literal: Option<Literal>) {
        if self.scopes.is_local(&name(t)) {
            return;
        }
        if self.top_level() {
            self.usage.defines.push(name(t));
        }
        self.usage.writes.push(access(t, literal));
    }

    /// A name used directly as an arithmetic operand.
    fn operand(&mut self, e: &Expression, op: &str, other: Option<Literal>) {
        if let Expression::Var(Var::Name(n)) = e {
            let local = self.scopes.is_local(&name(n));
            let Access { name, start, end, .. } = access(n, None);
            self.usage.arithmetic.push(Operand {
                name,
                op: op.to_string(),
                other,
                local,
                start,
                end,
            });
        }
    }

    fn params(&mut self, body: &FunctionBody) {
        for p in body.parameters() {
            if let Parameter::Name(n) = p {
                self.scopes.declare(&name(n));
            }
        }
    }

    fn function(&mut self, body: &FunctionBody) {
        self.scopes.push();
        self.params(body);
        self.stmts(body.block());
        self.scopes.pop();
    }

    fn prefix(&mut self, prefix: &Prefix) {
        match prefix {
            Prefix::Name(n) => self.read(n),
            Prefix::Expression(e) => self.expr(e),
            _ => {}
        }
    }

    fn suffixes<'a>(&mut self, suffixes: impl Iterator<Item = &'a Suffix>) {
        for s in suffixes {
            match s {
                Suffix::Index(Index::Brackets { expression, .. }) => self.expr(expression),
                Suffix::Call(Call::AnonymousCall(args)) => self.args(args),
                Suffix::Call(Call::MethodCall(m)) => self.args(m.args()),
                _ => {}
            }
        }
    }

    /// The calls of a chain `a.b:c(x)(y)`: each call whose callee ends in a name.
    fn call_sites<'a>(&mut self, prefix: &Prefix, suffixes: impl Iterator<Item = &'a Suffix>) {
        // The name the next call calls, and whether it is reached through an object.
        let global = match prefix {
            Prefix::Name(n) if !self.scopes.is_local(&name(n)) => Some(n),
            _ => None,
        };
        let local = match prefix {
            Prefix::Name(n) if self.scopes.is_local(&name(n)) => Some(name(n)),
            _ => None,
        };
        let mut callee: Option<(&TokenReference, bool)> = global.map(|n| (n, false));
        for (i, s) in suffixes.enumerate() {
            // `name.method(...)` and `name:method(...)` are calls on the global `name`.
            let receiver = global.filter(|_| i <= 1).map(name);
            match s {
                Suffix::Index(Index::Dot { name: n, .. }) => callee = Some((n, true)),
                Suffix::Call(Call::AnonymousCall(args)) => {
                    if let Some((n, on_object)) = callee.take() {
                        let receiver = receiver.filter(|_| on_object && i == 1);
                        self.push_call(n, on_object, receiver, false, args);
                    }
                }
                Suffix::Call(Call::MethodCall(m)) => {
                    let receiver = receiver.filter(|_| i == 0);
                    self.push_call(m.name(), true, receiver, true, m.args());
                    if i == 0 {
                        if let Some(c) = self.usage.calls.last_mut() {
                            c.receiver_local = local.clone();
                        }
                    }
                }
                _ => callee = None,
            }
        }
    }

    fn push_call(
        &mut self,
        callee: &TokenReference,
        on_object: bool,
        receiver: Option<String>,
        colon: bool,
        args: &FunctionArgs,
    ) {
        let args = match args {
            FunctionArgs::Parentheses { arguments, .. } => {
                arguments.iter().map(|e| call_arg(e, &self.scopes)).collect::<Option<Vec<Arg>>>()
            }
            FunctionArgs::String(t) => Some(vec![string_arg(t)]),
            FunctionArgs::TableConstructor(t) => Some(vec![Arg {
                literal: Some(Literal::Table),
                string: None,
                name: None,
                start: t.start_position().map_or(0, |p| p.bytes()),
                end: t.end_position().map_or(0, |p| p.bytes()),
            }]),
            _ => None,
        };
        let Access { name, start, end, .. } = access(callee, None);
        self.usage.calls.push(CallSite {
            callee: name,
            on_object,
            receiver,
            receiver_local: None,
            colon,
            start,
            end,
            args,
        });
    }

    fn args(&mut self, args: &FunctionArgs) {
        match args {
            FunctionArgs::Parentheses { arguments, .. } => {
                for e in arguments {
                    self.expr(e);
                }
            }
            FunctionArgs::TableConstructor(t) => self.table(t),
            _ => {}
        }
    }

    fn table(&mut self, t: &full_moon::ast::TableConstructor) {
        for field in t.fields() {
            match field {
                Field::ExpressionKey { key, value, .. } => {
                    self.expr(key);
                    self.expr(value);
                }
                Field::NameKey { value, .. } => self.expr(value),
                Field::NoKey(value) => self.expr(value),
                _ => {}
            }
        }
    }

    fn expr(&mut self, e: &Expression) {
        match e {
            Expression::BinaryOperator { lhs, binop, rhs } => {
                let op = binop.token().token().to_string();
                if ["+", "-", "*", "/", "//", "%", "^"].contains(&op.as_str()) {
                    self.operand(lhs, &op, literal(rhs));
                    self.operand(rhs, &op, literal(lhs));
                }
                self.expr(lhs);
                self.expr(rhs);
            }
            Expression::Parentheses { expression, .. } => self.expr(expression),
            Expression::UnaryOperator { unop, expression } => {
                if unop.token().token().to_string() == "-" {
                    self.operand(expression, "-", None);
                }
                self.expr(expression)
            }
            Expression::Function(f) => self.function(f.body()),
            Expression::FunctionCall(call) => {
                self.call_sites(call.prefix(), call.suffixes());
                self.prefix(call.prefix());
                self.suffixes(call.suffixes());
            }
            Expression::TableConstructor(t) => self.table(t),
            Expression::Var(Var::Name(n)) => self.read(n),
            Expression::Var(Var::Expression(v)) => {
                self.prefix(v.prefix());
                self.suffixes(v.suffixes());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(code: &str, module: bool) -> Usage {
        let ast = full_moon::parse_fallible(code, full_moon::LuaVersion::lua54()).into_ast();
        usage(&ast, module)
    }

    fn names(list: &[Access]) -> Vec<&str> {
        list.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn globals_and_locals() {
        let u = run(
            "local function f(a)\n  counter = counter + a\n  local t = total\n  t = 2\n  for i = 1, n do x = i end\n  print(t.y, ui.label)\nend",
            false,
        );
        assert_eq!(names(&u.reads), ["counter", "total", "n", "print", "ui"]);
        assert_eq!(names(&u.writes), ["counter", "x"]);
        assert_eq!(u.writes[0].start, 22);
        assert!(u.defines.is_empty());
    }

    #[test]
    fn literals_and_modules() {
        let u = run(
            "local function f()\n  a, b = 1, \"x\"\n  c = 2.5\n  d = true\n  e = nil\nend",
            false,
        );
        let lits: Vec<_> = u.writes.iter().map(|w| w.literal).collect();
        assert_eq!(
            lits,
            [
                Some(Literal::Int),
                Some(Literal::String),
                Some(Literal::Float),
                Some(Literal::Bool),
                Some(Literal::Nil)
            ]
        );
        let u = run("count = 0\nlocal helper = 1\nfunction bump() count = count + helper end\nfunction ui.go() end", true);
        assert_eq!(u.defines, ["count", "helper", "bump"]);
        assert_eq!(names(&u.writes), ["count", "count"]);
        assert_eq!(names(&u.reads), ["count", "ui"]);
    }

    #[test]
    fn call_sites() {
        let u = run(
            "local function f()\n  local el = getElementById(\"total\")\n  el:setStyle(count, ...)\n  title:upper()\n  kryon.get_element \"x\"\nend",
            false,
        );
        let calls: Vec<(&str, bool, Option<&str>, bool)> = u
            .calls
            .iter()
            .map(|c| (c.callee.as_str(), c.on_object, c.receiver.as_deref(), c.colon))
            .collect();
        assert_eq!(
            calls,
            [
                ("getElementById", false, None, false),
                ("setStyle", true, None, true),
                ("upper", true, Some("title"), true),
                ("get_element", true, Some("kryon"), false)
            ]
        );
        let first = &u.calls[0].args.as_ref().unwrap()[0];
        assert_eq!(
            (first.literal, first.string.as_deref()),
            (Some(Literal::String), Some("total"))
        );
        assert_eq!(u.calls[1].args, None, "a vararg makes the count unknown");
        assert_eq!(u.calls[3].args.as_ref().unwrap()[0].string.as_deref(), Some("x"));
    }
}

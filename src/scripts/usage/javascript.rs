//! Global reads and writes of JavaScript code: a name is global unless a parameter, a
//! `var`/`let`/`const`, a function or class declaration or a `catch` binding of an enclosing
//! function declares it. Declarations are hoisted to their function (block scoping is not
//! modelled: a `let` inside a block also hides the name in the rest of its function).

use swc_common::BytePos;
use swc_ecma_ast::{
    ArrowExpr, ArrowFunctionBody, AssignExpr, AssignOp, AssignTarget, BreakStmt, CallExpr, Callee,
    CatchClause, ClassDecl, ContinueStmt, Expr, FnDecl, FnExpr, Function, Ident, LabeledStmt, Lit,
    MemberProp, ObjectPatProp, Pat, Script, SimpleAssignTarget, UpdateExpr, VarDeclarator,
};
use swc_ecma_visit::{Visit, VisitWith};

use swc_ecma_ast::{BinExpr, BinaryOp, UnaryExpr, UnaryOp};

use super::{Access, Arg, CallSite, Literal, Operand, Scopes, Usage, ValueKind};

/// `start`: the position swc gave the text's first byte. `module`: the script is module
/// code, whose top-level declarations and globals are definitions.
pub fn usage(script: &Script, start: u32, module: bool) -> Usage {
    let mut walker = Walker { scopes: Scopes::default(), usage: Usage::default(), module, start };
    walker.scopes.push();
    for name in hoisted(|c| script.body.visit_with(c)) {
        if module {
            walker.usage.defines.push(name.clone());
        }
        walker.scopes.declare(&name);
    }
    script.body.visit_with(&mut walker);
    walker.usage
}

struct Walker {
    scopes: Scopes,
    usage: Usage,
    module: bool,
    start: u32,
}

impl Walker {
    fn access(&self, id: &Ident, literal: Option<Literal>) -> Access {
        let at = |p: BytePos| p.0.saturating_sub(self.start) as usize;
        Access {
            name: id.sym.to_string(),
            start: at(id.span.lo),
            end: at(id.span.hi),
            literal,
            computed: None,
        }
    }

    fn is_global(&self, id: &Ident) -> bool {
        !self.scopes.is_local(&id.sym)
    }

    fn write(&mut self, id: &Ident, literal: Option<Literal>) {
        if self.is_global(id) {
            if self.module && self.scopes.depth() == 1 {
                self.usage.defines.push(id.sym.to_string());
            }
            let access = self.access(id, literal);
            self.usage.writes.push(access);
        }
    }

    /// A name used directly as an arithmetic operand.
    fn operand(&mut self, e: &Expr, op: &str, other: Option<Literal>) {
        if let Expr::Ident(id) = e {
            let local = !self.is_global(id);
            let Access { name, start, end, .. } = self.access(id, None);
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

    fn read(&mut self, id: &Ident) {
        if self.is_global(id) {
            let access = self.access(id, None);
            self.usage.reads.push(access);
        }
    }

    /// A function's scope: its parameters and the names its body declares.
    fn enter(&mut self, params: &[&Pat], hoist: impl FnOnce(&mut Hoisted)) {
        self.scopes.push();
        let mut names = Vec::new();
        for p in params {
            bindings(p, &mut names);
        }
        names.extend(hoisted(hoist));
        for n in names {
            self.scopes.declare(&n);
        }
    }
}

fn literal(e: &Expr) -> Option<Literal> {
    match e {
        Expr::Lit(Lit::Str(_)) => Some(Literal::String),
        Expr::Lit(Lit::Bool(_)) => Some(Literal::Bool),
        Expr::Lit(Lit::Null(_)) => Some(Literal::Nil),
        Expr::Lit(Lit::Num(n)) => {
            Some(if n.value.fract() == 0.0 { Literal::Int } else { Literal::Float })
        }
        Expr::Tpl(_) => Some(Literal::String),
        Expr::Array(_) | Expr::Object(_) => Some(Literal::Table),
        Expr::Ident(id) if &*id.sym == "undefined" => Some(Literal::Nil),
        _ => None,
    }
}

/// String methods (and `toFixed`, `toString`, `join`) that give a string.
const STRING_RESULTS: &[&str] = &[
    "toUpperCase",
    "toLowerCase",
    "trim",
    "trimStart",
    "trimEnd",
    "substring",
    "substr",
    "padStart",
    "padEnd",
    "charAt",
    "replace",
    "replaceAll",
    "repeat",
    "toFixed",
    "toString",
    "join",
];

/// The kind of value `e` gives where its form shows it: `-`, `*`, `/`, `%`, `**`, unary
/// `-` and `Number(x)` are numbers, `+` with a string literal and `String(x)` strings,
/// comparisons and `!` booleans (literals are [`literal`]'s).
fn computed(e: &Expr) -> Option<ValueKind> {
    let textual = |e: &Expr| {
        matches!(literal(e), Some(Literal::String)) || computed(e) == Some(ValueKind::String)
    };
    match e {
        Expr::Bin(b) => match b.op {
            BinaryOp::Add if textual(&b.left) || textual(&b.right) => Some(ValueKind::String),
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Exp => {
                Some(ValueKind::Number)
            }
            BinaryOp::EqEq
            | BinaryOp::NotEq
            | BinaryOp::EqEqEq
            | BinaryOp::NotEqEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => Some(ValueKind::Bool),
            _ => None,
        },
        Expr::Unary(u) => match u.op {
            UnaryOp::Bang => Some(ValueKind::Bool),
            UnaryOp::Minus | UnaryOp::Plus => Some(ValueKind::Number),
            UnaryOp::TypeOf => Some(ValueKind::String),
            _ => None,
        },
        Expr::Paren(p) => computed(&p.expr),
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else { return None };
            match &**callee {
                Expr::Ident(id) => match &*id.sym {
                    "String" => Some(ValueKind::String),
                    "Number" | "parseInt" | "parseFloat" => Some(ValueKind::Number),
                    _ => None,
                },
                Expr::Member(m) => {
                    let MemberProp::Ident(p) = &m.prop else { return None };
                    let math = matches!(&*m.obj, Expr::Ident(o) if &*o.sym == "Math");
                    if math {
                        Some(ValueKind::Number)
                    } else if STRING_RESULTS.contains(&&*p.sym) {
                        Some(ValueKind::String)
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

/// The text of a string literal written without escapes.
fn string_value(e: &Expr) -> Option<String> {
    let Expr::Lit(Lit::Str(s)) = e else { return None };
    let raw = s.raw.as_ref()?;
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    (!inner.contains('\\')).then(|| inner.to_string())
}

impl Visit for Walker {
    fn visit_ident(&mut self, id: &Ident) {
        self.read(id);
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        let callee = match &c.callee {
            Callee::Expr(e) => match &**e {
                Expr::Ident(id) if self.is_global(id) => {
                    Some((id.sym.to_string(), id.span, false, None, None))
                }
                Expr::Member(m) => match &m.prop {
                    MemberProp::Ident(p) => {
                        let (receiver, local) = match &*m.obj {
                            Expr::Ident(o) if self.is_global(o) => (Some(o.sym.to_string()), None),
                            Expr::Ident(o) => (None, Some(o.sym.to_string())),
                            _ => (None, None),
                        };
                        Some((p.sym.to_string(), p.span, true, receiver, local))
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if let Some((callee, span, on_object, receiver, receiver_local)) = callee {
            let at = |p: BytePos| p.0.saturating_sub(self.start) as usize;
            let args = c
                .args
                .iter()
                .map(|a| {
                    if a.spread.is_some() {
                        return None;
                    }
                    let span = swc_common::Spanned::span(&*a.expr);
                    let name = match &*a.expr {
                        Expr::Ident(id) if self.is_global(id) => Some(id.sym.to_string()),
                        _ => None,
                    };
                    Some(Arg {
                        literal: literal(&a.expr),
                        string: string_value(&a.expr),
                        name,
                        start: at(span.lo),
                        end: at(span.hi),
                    })
                })
                .collect();
            self.usage.calls.push(CallSite {
                callee,
                on_object,
                receiver,
                receiver_local,
                colon: false,
                start: at(span.lo),
                end: at(span.hi),
                args,
            });
        }
        c.visit_children_with(self);
    }

    fn visit_bin_expr(&mut self, b: &BinExpr) {
        let op = match b.op {
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Exp => "**",
            _ => "",
        };
        if !op.is_empty() {
            self.operand(&b.left, op, literal(&b.right));
            self.operand(&b.right, op, literal(&b.left));
        }
        b.visit_children_with(self);
    }

    fn visit_unary_expr(&mut self, u: &UnaryExpr) {
        if u.op == UnaryOp::Minus {
            self.operand(&u.arg, "-", None);
        }
        u.visit_children_with(self);
    }

    fn visit_binding_ident(&mut self, b: &swc_ecma_ast::BindingIdent) {
        // Declarations were hoisted into the scope, so only assignments to globals remain.
        self.write(&b.id, None);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        if let AssignTarget::Simple(SimpleAssignTarget::Ident(b)) = &a.left {
            if a.op != AssignOp::Assign {
                self.read(&b.id);
            }
            let lit = if a.op == AssignOp::Assign { literal(&a.right) } else { None };
            let before = self.usage.writes.len();
            self.write(&b.id, lit);
            if a.op == AssignOp::Assign && lit.is_none() {
                if let Some(w) = self.usage.writes.get_mut(before) {
                    w.computed = computed(&a.right);
                }
            }
            a.right.visit_with(self);
        } else {
            a.left.visit_with(self);
            a.right.visit_with(self);
        }
    }

    fn visit_update_expr(&mut self, u: &UpdateExpr) {
        if let Expr::Ident(id) = &*u.arg {
            self.read(id);
            self.write(id, None);
        } else {
            u.arg.visit_with(self);
        }
    }

    fn visit_function(&mut self, f: &Function) {
        for d in &f.decorators {
            d.visit_with(self);
        }
        let params: Vec<&Pat> = f.params.iter().map(|p| &p.pat).collect();
        for p in &f.params {
            default_values(&p.pat, self);
        }
        self.enter(&params, |c| f.body.visit_with(c));
        if let Some(body) = &f.body {
            body.visit_with(self);
        }
        self.scopes.pop();
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        let params: Vec<&Pat> = a.params.iter().collect();
        for p in &a.params {
            default_values(p, self);
        }
        self.enter(&params, |c| {
            if let ArrowFunctionBody::FunctionBody(b) = &*a.body {
                b.visit_with(c);
            }
        });
        a.body.visit_with(self);
        self.scopes.pop();
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        f.function.visit_with(self);
    }

    fn visit_fn_expr(&mut self, f: &FnExpr) {
        self.scopes.push();
        if let Some(id) = &f.ident {
            self.scopes.declare(&id.sym);
        }
        f.function.visit_with(self);
        self.scopes.pop();
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        c.class.visit_with(self);
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        self.scopes.push();
        let mut names = Vec::new();
        if let Some(p) = &c.param {
            bindings(p, &mut names);
        }
        for n in names {
            self.scopes.declare(&n);
        }
        c.body.visit_with(self);
        self.scopes.pop();
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        default_values(&d.name, self);
        d.init.visit_with(self);
    }

    fn visit_labeled_stmt(&mut self, l: &LabeledStmt) {
        l.body.visit_with(self);
    }

    fn visit_break_stmt(&mut self, _: &BreakStmt) {}

    fn visit_continue_stmt(&mut self, _: &ContinueStmt) {}
}

/// The expressions inside a declaring pattern (defaults, computed keys), which read names.
fn default_values(p: &Pat, w: &mut Walker) {
    match p {
        Pat::Assign(a) => {
            default_values(&a.left, w);
            a.right.visit_with(w);
        }
        Pat::Array(a) => a.elems.iter().flatten().for_each(|e| default_values(e, w)),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => {
                        kv.key.visit_with(w);
                        default_values(&kv.value, w);
                    }
                    ObjectPatProp::Assign(a) => a.value.visit_with(w),
                    ObjectPatProp::Rest(r) => default_values(&r.arg, w),
                }
            }
        }
        Pat::Rest(r) => default_values(&r.arg, w),
        _ => {}
    }
}

/// The names a declaring pattern binds.
fn bindings(p: &Pat, out: &mut Vec<String>) {
    match p {
        Pat::Ident(b) => out.push(b.id.sym.to_string()),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|e| bindings(e, out)),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => bindings(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(a.key.id.sym.to_string()),
                    ObjectPatProp::Rest(r) => bindings(&r.arg, out),
                }
            }
        }
        Pat::Rest(r) => bindings(&r.arg, out),
        Pat::Assign(a) => bindings(&a.left, out),
        _ => {}
    }
}

/// Collects the names a function body declares, without entering nested functions.
#[derive(Default)]
struct Hoisted {
    names: Vec<String>,
}

fn hoisted(run: impl FnOnce(&mut Hoisted)) -> Vec<String> {
    let mut h = Hoisted::default();
    run(&mut h);
    h.names
}

impl Visit for Hoisted {
    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        bindings(&d.name, &mut self.names);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        self.names.push(f.ident.sym.to_string());
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        self.names.push(c.ident.sym.to_string());
    }

    fn visit_function(&mut self, _: &Function) {}

    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        c.body.visit_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

    fn run(code: &str, module: bool) -> Usage {
        let input = StringInput::new(code, BytePos(1), BytePos(1 + code.len() as u32));
        let mut parser = Parser::new(Syntax::Es(EsSyntax::default()), input, None);
        let script = parser.parse_script().expect("parses");
        usage(&script, 1, module)
    }

    fn names(list: &[Access]) -> Vec<&str> {
        list.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn globals_and_locals() {
        let u = run(
            "function f(a, {b = dflt}) {\n  counter--;\n  total += a;\n  let t = items.length;\n  label = `x`;\n  for (const i of list) { seen = i; }\n  try { risky() } catch (e) { log(e) }\n  out: for (;;) { break out; }\n  const g = (z) => z + shared;\n  obj.prop = 1;\n  return {t, other};\n}",
            false,
        );
        assert_eq!(
            names(&u.reads),
            ["dflt", "counter", "total", "items", "list", "risky", "log", "shared", "obj", "other"]
        );
        assert_eq!(names(&u.writes), ["counter", "total", "label", "seen"]);
        assert_eq!(u.writes[2].literal, Some(Literal::String));
        assert_eq!(u.reads[1].start, "function f(a, {b = dflt}) {\n  ".len());
    }

    #[test]
    fn modules_define_their_top_level() {
        let u =
            run("var count = 0;\nlet x;\nfunction bump() { count++; y = 1 }\nready = true;", true);
        assert_eq!(u.defines, ["count", "x", "bump", "ready"]);
        assert_eq!(names(&u.writes), ["y", "ready"]);
        assert_eq!(u.writes[1].literal, Some(Literal::Bool));
    }

    #[test]
    fn call_sites() {
        let u = run(
            "function f(local) { document.getElementById('a\\'b'); local.trim(); count.toFixed(2); g(...xs); }",
            false,
        );
        let calls: Vec<(&str, bool, Option<&str>)> = u
            .calls
            .iter()
            .map(|c| (c.callee.as_str(), c.on_object, c.receiver.as_deref()))
            .collect();
        assert_eq!(
            calls,
            [
                ("getElementById", true, Some("document")),
                ("trim", true, None),
                ("toFixed", true, Some("count")),
                ("g", false, None)
            ]
        );
        let id = &u.calls[0].args.as_ref().unwrap()[0];
        assert_eq!((id.literal, id.string.as_deref()), (Some(Literal::String), None), "escapes");
        assert_eq!(u.calls[2].args.as_ref().unwrap()[0].literal, Some(Literal::Int));
        assert_eq!(u.calls[3].args, None);
    }
}

//! Global reads and writes of Python code, with Python's scoping: a name that a function
//! assigns anywhere (or binds as a parameter, an import, a `for`/`with`/`except` target) is
//! local to it unless a `global` statement names it; comprehensions and lambdas are scopes of
//! their own; class bodies do not enclose the functions in them. Module-level names are
//! globals.

use rustpython_parser::ast::{
    self, Arguments, Comprehension, Constant, Expr, ExprContext, Identifier, Keyword, MatchCase,
    Ranged, Stmt, Visitor, WithItem,
};

use rustpython_parser::ast::{Operator, UnaryOp};

use super::{Access, Arg, CallSite, Literal, Operand, Usage, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Module,
    Function,
    /// A comprehension's own scope: its targets are its locals.
    Comprehension,
    Class,
}

#[derive(Debug)]
struct Scope {
    kind: Kind,
    parent: Option<usize>,
    globals: Vec<String>,
    nonlocals: Vec<String>,
    bound: Vec<String>,
    loads: Vec<(String, usize, usize)>,
    stores: Vec<Store>,
}

/// A name assigned in a scope: name, range, and the assigned literal or value kind.
type Store = (String, usize, usize, Option<Literal>, Option<ValueKind>);

impl Scope {
    fn new(kind: Kind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            globals: Vec::new(),
            nonlocals: Vec::new(),
            bound: Vec::new(),
            loads: Vec::new(),
            stores: Vec::new(),
        }
    }

    fn binds(&self, name: &str) -> bool {
        self.bound.iter().any(|n| n == name)
    }

    fn declares_global(&self, name: &str) -> bool {
        self.globals.iter().any(|n| n == name)
    }
}

/// `module`: the statements are module code (`@script`), whose top-level names are
/// definitions; otherwise module-level names are the wrapper's and are not reported.
pub fn usage(body: Vec<Stmt>, module: bool) -> Usage {
    let mut walker = Walker {
        scopes: vec![Scope::new(Kind::Module, None)],
        current: 0,
        literal: None,
        computed: None,
        calls: Vec::new(),
        receivers: Vec::new(),
        operands: Vec::new(),
    };
    for stmt in body {
        walker.visit_stmt(stmt);
    }
    let calls = std::mem::take(&mut walker.calls);
    let receivers = std::mem::take(&mut walker.receivers);
    let operands = std::mem::take(&mut walker.operands);
    let mut usage = walker.resolve(module);
    // Names are global when scoping resolved them as global reads.
    let global = |start: usize| usage.reads.iter().any(|r| r.start == start);
    usage.arithmetic =
        operands.into_iter().map(|o| Operand { local: !global(o.start), ..o }).collect();
    let mut calls: Vec<CallSite> = calls
        .into_iter()
        .zip(receivers)
        .filter(|(c, _)| c.on_object || global(c.start))
        .map(|(mut c, at)| {
            if !at.is_some_and(global) {
                c.receiver_local = c.receiver.take();
            }
            c
        })
        .collect();
    for a in calls.iter_mut().flat_map(|c| c.args.iter_mut().flatten()) {
        if a.name.is_some() && !global(a.start) {
            a.name = None;
        }
    }
    usage.calls = calls;
    usage
}

struct Walker {
    scopes: Vec<Scope>,
    current: usize,
    /// The literal of the assignment whose targets are being visited.
    literal: Option<Literal>,
    /// The kind of its value otherwise, when the expression shows it.
    computed: Option<ValueKind>,
    /// Names used as arithmetic operands, before scoping says which are global.
    operands: Vec<Operand>,
    /// Calls by name, before scoping says which names are global.
    calls: Vec<CallSite>,
    /// Where each call's receiver name is (parallel to `calls`).
    receivers: Vec<Option<usize>>,
}

fn call_arg(e: &Expr) -> Option<Arg> {
    let (start, end) = range(e);
    let mut arg = Arg { literal: literal(e), string: None, name: None, start, end };
    match e {
        Expr::Starred(_) => return None,
        Expr::Constant(c) => {
            if let Constant::Str(s) = &c.value {
                arg.string = Some(s.clone());
            }
        }
        Expr::Name(n) => arg.name = Some(n.id.to_string()),
        _ => {}
    }
    Some(arg)
}

fn range(node: &impl Ranged) -> (usize, usize) {
    let r = node.range();
    (u32::from(r.start()) as usize, u32::from(r.end()) as usize)
}

fn literal(e: &Expr) -> Option<Literal> {
    match e {
        Expr::Constant(c) => match &c.value {
            Constant::Str(_) => Some(Literal::String),
            Constant::Int(_) => Some(Literal::Int),
            Constant::Float(_) => Some(Literal::Float),
            Constant::Bool(_) => Some(Literal::Bool),
            Constant::None => Some(Literal::Nil),
            _ => None,
        },
        Expr::JoinedStr(_) => Some(Literal::String),
        Expr::List(_) | Expr::Dict(_) | Expr::Tuple(_) | Expr::Set(_) => Some(Literal::Table),
        _ => None,
    }
}

/// String methods that give a string.
const STRING_RESULTS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "format",
    "join",
    "capitalize",
    "title",
    "zfill",
];

fn textual(e: &Expr) -> bool {
    literal(e) == Some(Literal::String) || computed(e) == Some(ValueKind::String)
}

fn numeric(e: &Expr) -> bool {
    matches!(literal(e), Some(Literal::Int | Literal::Float))
        || computed(e) == Some(ValueKind::Number)
}

/// The kind of value `e` gives where its form shows it: `-`, `/`, `//`, `**` and numbers
/// combined with numbers are numbers, `+`, `*` and `%` with a string are strings, `str(x)`,
/// f-strings and the string methods strings, comparisons and `not` booleans (literals are
/// [`literal`]'s).
fn computed(e: &Expr) -> Option<ValueKind> {
    match e {
        Expr::BinOp(b) => match b.op {
            Operator::Add | Operator::Mult | Operator::Mod
                if textual(&b.left) || textual(&b.right) =>
            {
                Some(ValueKind::String)
            }
            Operator::Sub | Operator::Div | Operator::FloorDiv | Operator::Pow => {
                Some(ValueKind::Number)
            }
            Operator::Add | Operator::Mult | Operator::Mod
                if numeric(&b.left) && numeric(&b.right) =>
            {
                Some(ValueKind::Number)
            }
            _ => None,
        },
        Expr::UnaryOp(u) => match u.op {
            UnaryOp::Not => Some(ValueKind::Bool),
            UnaryOp::USub | UnaryOp::UAdd => Some(ValueKind::Number),
            _ => None,
        },
        Expr::Compare(_) => Some(ValueKind::Bool),
        Expr::Call(c) => match &*c.func {
            Expr::Name(n) => match n.id.as_str() {
                "str" | "repr" => Some(ValueKind::String),
                "int" | "float" | "len" | "abs" | "round" => Some(ValueKind::Number),
                "bool" => Some(ValueKind::Bool),
                _ => None,
            },
            Expr::Attribute(a) if STRING_RESULTS.contains(&a.attr.as_str()) => {
                Some(ValueKind::String)
            }
            _ => None,
        },
        _ => None,
    }
}

impl Walker {
    /// A name used directly as an arithmetic operand (kept if scoping finds it global).
    fn operand(&mut self, e: &Expr, op: &str, other: Option<Literal>) {
        if let Expr::Name(n) = e {
            let (start, end) = range(n);
            let name = n.id.to_string();
            self.operands.push(Operand {
                name,
                op: op.to_string(),
                other,
                local: false,
                start,
                end,
            });
        }
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn bind(&mut self, name: &Identifier) {
        self.scope().bound.push(name.to_string());
    }

    /// Runs `f` in a new scope of `kind`.
    fn nested(&mut self, kind: Kind, f: impl FnOnce(&mut Walker)) {
        let parent = self.current;
        self.scopes.push(Scope::new(kind, Some(parent)));
        self.current = self.scopes.len() - 1;
        f(self);
        self.current = parent;
    }

    /// Parameters are bound in the current scope; their defaults and annotations are
    /// evaluated in `outer`.
    fn parameters(&mut self, args: Arguments, outer: usize) {
        let all = args.posonlyargs.into_iter().chain(args.args).chain(args.kwonlyargs);
        let mut defaults = Vec::new();
        for a in all {
            self.bind(&a.def.arg);
            defaults.extend(a.default.map(|d| *d));
        }
        for a in args.vararg.into_iter().chain(args.kwarg) {
            self.bind(&a.arg);
        }
        let inner = std::mem::replace(&mut self.current, outer);
        for d in defaults {
            self.visit_expr(d);
        }
        self.current = inner;
    }

    fn resolve(self, module: bool) -> Usage {
        let mut usage = Usage::default();
        let access = |(name, start, end): (String, usize, usize), literal, computed| Access {
            name,
            start,
            end,
            literal,
            computed,
        };
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        for (i, scope) in self.scopes.iter().enumerate() {
            for (name, start, end) in &scope.loads {
                if self.is_global(i, name) {
                    reads.push(access((name.clone(), *start, *end), None, None));
                }
            }
            for (name, start, end, lit, computed) in &scope.stores {
                let a = access((name.clone(), *start, *end), *lit, *computed);
                match scope.kind {
                    Kind::Module if module => {
                        usage.defines.push(name.clone());
                        writes.push(a);
                    }
                    Kind::Module => {}
                    Kind::Function if scope.declares_global(name) => writes.push(a),
                    Kind::Function if !scope.nonlocals.contains(name) => {
                        usage.local_assignments.push(a)
                    }
                    _ => {}
                }
            }
            if module && scope.kind == Kind::Module {
                for name in &scope.bound {
                    if !usage.defines.contains(name) {
                        usage.defines.push(name.clone());
                    }
                }
            }
        }
        reads.sort_by_key(|a| a.start);
        writes.sort_by_key(|a| a.start);
        usage.local_assignments.sort_by_key(|a| a.start);
        usage.reads = reads;
        usage.writes = writes;
        usage
    }

    /// Whether a name read in scope `i` is a module global.
    fn is_global(&self, i: usize, name: &str) -> bool {
        let scope = &self.scopes[i];
        if scope.kind == Kind::Module || scope.declares_global(name) {
            return true;
        }
        if scope.binds(name) || scope.nonlocals.iter().any(|n| n == name) {
            return false;
        }
        // Enclosing functions; class bodies are skipped, the module ends the search.
        let mut at = scope.parent;
        while let Some(p) = at {
            let s = &self.scopes[p];
            match s.kind {
                Kind::Module => return true,
                Kind::Function if s.declares_global(name) => return true,
                Kind::Function | Kind::Comprehension if s.binds(name) => return false,
                _ => {}
            }
            at = s.parent;
        }
        true
    }
}

impl Visitor for Walker {
    fn visit_expr_call(&mut self, node: ast::ExprCall) {
        let callee = match &*node.func {
            Expr::Name(n) => Some((n.id.to_string(), range(n), false, None)),
            Expr::Attribute(a) => {
                let (_, end) = range(a);
                let receiver = match &*a.value {
                    Expr::Name(n) => Some((n.id.to_string(), range(n).0)),
                    _ => None,
                };
                Some((a.attr.to_string(), (end.saturating_sub(a.attr.len()), end), true, receiver))
            }
            _ => None,
        };
        if let Some((callee, (start, end), on_object, receiver)) = callee {
            let args = if !node.keywords.is_empty() {
                None
            } else {
                node.args.iter().map(call_arg).collect()
            };
            self.receivers.push(receiver.as_ref().map(|r| r.1));
            let receiver = receiver.map(|r| r.0);
            self.calls.push(CallSite {
                callee,
                on_object,
                receiver,
                receiver_local: None,
                colon: false,
                start,
                end,
                args,
            });
        }
        self.generic_visit_expr_call(node);
    }
    fn visit_expr_bin_op(&mut self, node: ast::ExprBinOp) {
        let op = match node.op {
            Operator::Add => "+",
            Operator::Sub => "-",
            Operator::Mult => "*",
            Operator::Div => "/",
            Operator::FloorDiv => "//",
            Operator::Mod => "%",
            Operator::Pow => "**",
            _ => "",
        };
        if !op.is_empty() {
            self.operand(&node.left, op, literal(&node.right));
            self.operand(&node.right, op, literal(&node.left));
        }
        self.generic_visit_expr_bin_op(node);
    }

    fn visit_expr_unary_op(&mut self, node: ast::ExprUnaryOp) {
        if node.op == UnaryOp::USub {
            self.operand(&node.operand, "-", None);
        }
        self.generic_visit_expr_unary_op(node);
    }

    fn visit_expr_name(&mut self, node: ast::ExprName) {
        let (start, end) = range(&node);
        let name = node.id.to_string();
        match node.ctx {
            ExprContext::Load => self.scope().loads.push((name, start, end)),
            ExprContext::Store | ExprContext::Del => {
                let (lit, computed) = (self.literal, self.computed);
                let scope = self.scope();
                scope.bound.push(name.clone());
                scope.stores.push((name, start, end, lit, computed));
            }
        }
    }

    fn visit_stmt_assign(&mut self, node: ast::StmtAssign) {
        self.visit_expr(*node.value.clone());
        let single = node.targets.len() == 1 && matches!(node.targets[0], Expr::Name(_));
        self.literal = if single { literal(&node.value) } else { None };
        self.computed = if single && self.literal.is_none() { computed(&node.value) } else { None };
        for t in node.targets {
            self.visit_expr(t);
        }
        self.literal = None;
        self.computed = None;
    }

    fn visit_stmt_aug_assign(&mut self, node: ast::StmtAugAssign) {
        self.visit_expr(*node.value);
        if let Expr::Name(n) = &*node.target {
            let (start, end) = range(n);
            self.scope().loads.push((n.id.to_string(), start, end));
        }
        self.visit_expr(*node.target);
    }

    fn visit_stmt_global(&mut self, node: ast::StmtGlobal) {
        let names = node.names.iter().map(|n| n.to_string());
        self.scope().globals.extend(names);
    }

    fn visit_stmt_nonlocal(&mut self, node: ast::StmtNonlocal) {
        let names = node.names.iter().map(|n| n.to_string());
        self.scope().nonlocals.extend(names);
    }

    fn visit_stmt_function_def(&mut self, node: ast::StmtFunctionDef) {
        self.function(node.decorator_list, &node.name, *node.args, node.body);
    }

    fn visit_stmt_async_function_def(&mut self, node: ast::StmtAsyncFunctionDef) {
        self.function(node.decorator_list, &node.name, *node.args, node.body);
    }

    fn visit_stmt_class_def(&mut self, node: ast::StmtClassDef) {
        for e in node.decorator_list.into_iter().chain(node.bases) {
            self.visit_expr(e);
        }
        for k in node.keywords {
            self.visit_keyword(k);
        }
        self.bind(&node.name);
        self.nested(Kind::Class, |w| {
            for s in node.body {
                w.visit_stmt(s);
            }
        });
    }

    fn visit_expr_lambda(&mut self, node: ast::ExprLambda) {
        let outer = self.current;
        self.nested(Kind::Function, |w| {
            w.parameters(*node.args, outer);
            w.visit_expr(*node.body);
        });
    }

    fn visit_expr_list_comp(&mut self, node: ast::ExprListComp) {
        self.comprehension(node.generators, vec![*node.elt]);
    }

    fn visit_expr_set_comp(&mut self, node: ast::ExprSetComp) {
        self.comprehension(node.generators, vec![*node.elt]);
    }

    fn visit_expr_generator_exp(&mut self, node: ast::ExprGeneratorExp) {
        self.comprehension(node.generators, vec![*node.elt]);
    }

    fn visit_expr_dict_comp(&mut self, node: ast::ExprDictComp) {
        self.comprehension(node.generators, vec![*node.key, *node.value]);
    }

    fn visit_stmt_import(&mut self, node: ast::StmtImport) {
        for alias in node.names {
            let name = alias.asname.unwrap_or(alias.name);
            let first = name.split('.').next().unwrap_or_default().to_string();
            self.scope().bound.push(first);
        }
    }

    fn visit_stmt_import_from(&mut self, node: ast::StmtImportFrom) {
        for alias in node.names {
            let name = alias.asname.unwrap_or(alias.name);
            self.bind(&name);
        }
    }

    fn visit_excepthandler_except_handler(&mut self, node: ast::ExceptHandlerExceptHandler) {
        if let Some(t) = node.type_ {
            self.visit_expr(*t);
        }
        if let Some(name) = &node.name {
            self.bind(name);
        }
        for s in node.body {
            self.visit_stmt(s);
        }
    }

    fn visit_keyword(&mut self, node: Keyword) {
        self.visit_expr(node.value);
    }

    fn visit_withitem(&mut self, node: WithItem) {
        self.visit_expr(node.context_expr);
        if let Some(v) = node.optional_vars {
            self.visit_expr(*v);
        }
    }

    fn visit_match_case(&mut self, node: MatchCase) {
        if let Some(g) = node.guard {
            self.visit_expr(*g);
        }
        for s in node.body {
            self.visit_stmt(s);
        }
    }
}

impl Walker {
    /// A `def` or `async def`: decorators in the current scope, the name bound there, the
    /// parameters and body in a scope of their own.
    fn function(
        &mut self,
        decorators: Vec<Expr>,
        name: &Identifier,
        args: Arguments,
        body: Vec<Stmt>,
    ) {
        for d in decorators {
            self.visit_expr(d);
        }
        self.bind(name);
        let outer = self.current;
        self.nested(Kind::Function, |w| {
            w.parameters(args, outer);
            for s in body {
                w.visit_stmt(s);
            }
        });
    }

    /// The first iterable is evaluated outside; targets, conditions and the element inside.
    fn comprehension(&mut self, generators: Vec<Comprehension>, elements: Vec<Expr>) {
        let mut generators = generators.into_iter();
        let Some(first) = generators.next() else { return };
        self.visit_expr(first.iter);
        self.nested(Kind::Comprehension, |w| {
            w.visit_expr(first.target);
            for e in first.ifs {
                w.visit_expr(e);
            }
            for g in generators {
                w.visit_expr(g.iter);
                w.visit_expr(g.target);
                for e in g.ifs {
                    w.visit_expr(e);
                }
            }
            for e in elements {
                w.visit_expr(e);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{parse, Mode};

    fn run(code: &str, module: bool) -> Usage {
        let Ok(ast::Mod::Module(m)) = parse(code, Mode::Module, "<test>") else { panic!() };
        usage(m.body, module)
    }

    fn names(list: &[Access]) -> Vec<&str> {
        list.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn functions_need_global_to_write() {
        let u = run(
            "def f(a, b=default):\n    global counter\n    counter += a\n    total = 5\n    print(len(items), total)\n    squares = [x * k for x in data]\n    g = lambda y: y + offset\n    with open_it() as fh: pass\n    try:\n        pass\n    except E as err:\n        log(err)\n",
            false,
        );
        assert_eq!(
            names(&u.reads),
            [
                "default", "counter", "print", "len", "items", "k", "data", "offset", "open_it",
                "E", "log"
            ]
        );
        assert_eq!(names(&u.writes), ["counter"]);
        assert_eq!(names(&u.local_assignments), ["total", "squares", "g", "fh"]);
        assert_eq!(u.local_assignments[0].literal, Some(Literal::Int));
        assert!(u.defines.is_empty());
    }

    #[test]
    fn module_code_defines_globals() {
        let u = run("import math\nlimit = 10\ndef bump():\n    global limit\n    limit = 'x'\nclass C:\n    size = 1\n", true);
        assert_eq!(u.defines, ["limit", "math", "bump", "C"]);
        assert_eq!(names(&u.writes), ["limit", "limit"]);
        assert_eq!(u.writes[1].literal, Some(Literal::String));
    }

    #[test]
    fn call_sites() {
        let u = run(
            "def f(el):\n    total = 1\n    get_element('x').setStyle(total)\n    title.upper()\n    el.upper()\n    g(a=1)\n",
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
                ("setStyle", true, None),
                ("get_element", false, None),
                ("upper", true, Some("title")),
                ("upper", true, None),
                ("g", false, None)
            ]
        );
        let local = &u.calls[0].args.as_ref().unwrap()[0];
        assert_eq!(local.name, None, "`total` is the function's own");
        assert_eq!(u.calls[1].args.as_ref().unwrap()[0].string.as_deref(), Some("x"));
        assert_eq!(u.calls[4].args, None, "keyword arguments are not counted");
    }
}

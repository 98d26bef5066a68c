//! Pass 4: build the element tree. Components are expanded at each use (`$prop` substituted,
//! use-site properties applied to the root, use-site children placed in the element with id
//! `children_host` or `content_host`, component functions renamed per instance), `@for` and
//! `@if` are expanded with static values (the `@for` index is 0-based), and every variable
//! reference is substituted ([`super::substitute`]).

use std::collections::{HashMap, HashSet};

use smol_str::SmolStr;

use super::declarations::{Declarations, InFile, RootItem};
use super::substitute::{synthetic, Binding, Scope, Substituter};
use super::variables::Variables;
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::model::{self, ElementId, UiModel};
use crate::source::{FileId, FileSpan, TextRange};
use crate::syntax::ast::{
    BinaryOp, ComponentDef, DefineMember, Element, ElementMember, ForBlock, FunctionDef, IfBlock,
    Item, PropDecl, ScriptBlock, ScriptSource, UnaryOp, Value, ValueKind,
};

/// A component as its uses see it.
struct Component<'a> {
    def: InFile<'a, ComponentDef>,
    props: Vec<DeclaredProp<'a>>,
    root: Option<&'a Element>,
    functions: Vec<&'a FunctionDef>,
    /// `@script` blocks written directly in the definition.
    scripts: Vec<&'a ScriptBlock>,
    /// Names the template refers to with `$name`.
    referenced: HashSet<SmolStr>,
}

struct DeclaredProp<'a> {
    name: SmolStr,
    ty: Option<&'a crate::syntax::ast::TypeExpr>,
    default: Option<&'a Value>,
    span: FileSpan,
}

pub fn run(cx: &mut Context, decls: &Declarations<'_>, variables: &Variables) -> UiModel {
    let mut components: HashMap<SmolStr, Component<'_>> = HashMap::new();
    for def in &decls.components {
        let name = def.node.name.text.clone();
        if let Some(previous) = components.get(&name) {
            cx.report(
                Diagnostic::new(
                    Code::ComponentRedefined,
                    format!("component `{name}` is defined twice"),
                )
                .with_span(def.span(def.node.name.range))
                .with_label(previous.def.span(previous.def.node.name.range), "first defined here")
                .with_help("rename one of the components"),
            );
            continue;
        }
        let component = component(cx, *def);
        components.insert(name, component);
    }

    let mut expander = Expander {
        cx,
        components: &components,
        subst: Substituter {
            variables,
            diagnostics: Vec::new(),
            cycles_reported: Default::default(),
            folding: Vec::new(),
            folded: Default::default(),
            static_context: false,
        },
        model: UiModel::default(),
        stack: Vec::new(),
        instances: HashMap::new(),
        depth: 0,
    };
    for f in &decls.functions {
        expander.function(f.node, f.file, None);
    }
    for s in &decls.scripts {
        expander.script(s.node, s.file);
    }
    expander.model.fonts = decls
        .fonts
        .iter()
        .map(|f| model::Font {
            family: f.node.family.value.clone(),
            path: f.node.file.value.clone(),
            span: f.span(f.node.range),
        })
        .collect();
    expander.roots(decls);
    let Expander { cx, subst, mut model, .. } = expander;
    for d in subst.diagnostics {
        cx.report(d);
    }
    model.root = (!model.elements.is_empty()).then_some(0);
    model
}

fn component<'a>(cx: &mut Context, def: InFile<'a, ComponentDef>) -> Component<'a> {
    let mut props = Vec::new();
    let mut roots = Vec::new();
    let mut functions = Vec::new();
    let mut scripts = Vec::new();
    for member in &def.node.members {
        match member {
            DefineMember::Properties(block) => {
                props.extend(block.props.iter().map(|p: &'a PropDecl| DeclaredProp {
                    name: p.name.text.clone(),
                    ty: p.ty.as_ref(),
                    default: p.default.as_ref(),
                    span: def.span(p.name.range),
                }))
            }
            DefineMember::SimpleProp(p) => props.push(DeclaredProp {
                name: p.name.text.clone(),
                ty: None,
                default: Some(&p.default),
                span: def.span(p.name.range),
            }),
            DefineMember::Member(ElementMember::Child(e)) => roots.push(e),
            DefineMember::Member(ElementMember::Function(f)) => functions.push(f),
            DefineMember::Member(ElementMember::Script(s)) => scripts.push(s),
            DefineMember::Member(_) => {}
        }
    }
    if roots.len() != 1 {
        let d = Diagnostic::new(
            Code::ComponentRoot,
            format!(
                "component `{}` has {} root elements; it needs exactly one",
                def.node.name.text,
                roots.len()
            ),
        )
        .with_span(def.span(def.node.name.range));
        let d = match roots.get(1) {
            Some(second) => d
                .with_label(def.span(second.name.range), "a second root")
                .with_help("wrap the elements in one `Container`"),
            None => {
                d.with_help("add the element the component expands to, e.g. `Container { ... }`")
            }
        };
        cx.report(d);
    }
    let mut referenced = HashSet::new();
    super::walk::component_values(def.node, &mut |v| {
        if let ValueKind::Var { path, .. } = &v.kind {
            referenced.insert(SmolStr::from(path.split('.').next().unwrap_or(path)));
        }
        if let ValueKind::String(s) = &v.kind {
            for part in &s.parts {
                if let crate::syntax::ast::StringPart::Var { name, .. }
                | crate::syntax::ast::StringPart::Legacy { name, .. } = part
                {
                    referenced.insert(SmolStr::from(name.split('.').next().unwrap_or(name)));
                }
            }
        }
    });
    Component { def, props, root: roots.first().copied(), functions, scripts, referenced }
}

struct Expander<'a, 'x> {
    cx: &'x mut Context,
    components: &'x HashMap<SmolStr, Component<'a>>,
    subst: Substituter<'x>,
    model: UiModel,
    /// Components being expanded (for recursion), with their use sites.
    stack: Vec<(SmolStr, FileSpan)>,
    instances: HashMap<SmolStr, usize>,
    /// Depth of the element being expanded, across component expansions.
    depth: usize,
}

/// Components may nest this deep (a component using a component using ...).
const MAX_COMPONENT_DEPTH: usize = 64;
/// The expanded element tree may nest this deep.
const MAX_TREE_DEPTH: usize = 512;

/// Per-instance renaming of component functions.
type Renames = HashMap<SmolStr, SmolStr>;

impl<'a> Expander<'a, '_> {
    fn roots(&mut self, decls: &Declarations<'a>) {
        let mut top: Vec<ElementId> = Vec::new();
        let scope = Scope::default();
        for (file, root) in &decls.roots {
            match root {
                RootItem::Element(e) => top.extend(self.element(e, *file, None, &scope, None)),
                RootItem::For(block) => top.extend(self.for_items(block, *file, &scope)),
                RootItem::If(block) => top.extend(self.if_items(block, *file, &scope)),
            }
        }
        self.arrange_roots(top);
    }

    /// One `App` at the top; anything else is wrapped in an implicit one or reported.
    fn arrange_roots(&mut self, top: Vec<ElementId>) {
        if top.is_empty() {
            return;
        }
        let apps: Vec<ElementId> =
            top.iter().copied().filter(|&e| self.model.elements[e].tag == "App").collect();
        let others: Vec<ElementId> =
            top.iter().copied().filter(|&e| self.model.elements[e].tag != "App").collect();
        let app = match apps.first() {
            Some(&app) => {
                for &extra in apps.iter().skip(1).chain(&others) {
                    let e = &self.model.elements[extra];
                    self.cx.report(
                        Diagnostic::new(
                            Code::MultipleRoots,
                            format!("`{}` outside the `App`", e.tag),
                        )
                        .with_span(e.span)
                        .with_label(self.model.elements[app].span, "the app's root")
                        .with_help("move it inside the `App`"),
                    );
                }
                app
            }
            None => {
                let first = self.model.elements[top[0]].span;
                self.cx.report(
                    Diagnostic::new(Code::ImplicitApp, "top-level elements without an `App`")
                        .with_span(first)
                        .with_primary_label("wrapped in an implicit `App`")
                        .with_help("wrap the top-level elements in `App { ... }`"),
                );
                let app = self.push(model::Element {
                    tag: "App".into(),
                    id: None,
                    parent: None,
                    children: Vec::new(),
                    properties: Vec::new(),
                    pseudo_states: Vec::new(),
                    events: Vec::new(),
                    span: FileSpan::new(
                        first.file,
                        crate::source::TextRange::empty(first.range.start as usize),
                    ),
                    component: None,
                });
                for &child in &top {
                    self.model.elements[child].parent = Some(app);
                    self.model.elements[app].children.push(child);
                }
                app
            }
        };
        // Put the app first, then everything in pre-order.
        self.reorder(app);
    }

    /// Renumbers the arena so `root` is 0 and every parent precedes its children; elements
    /// not under `root` are dropped (they were reported).
    fn reorder(&mut self, root: ElementId) {
        let mut order = Vec::with_capacity(self.model.elements.len());
        let mut stack = vec![root];
        while let Some(e) = stack.pop() {
            order.push(e);
            stack.extend(self.model.elements[e].children.iter().rev());
        }
        let mut new_index = vec![usize::MAX; self.model.elements.len()];
        for (i, &old) in order.iter().enumerate() {
            new_index[old] = i;
        }
        let mut old: Vec<Option<model::Element>> =
            std::mem::take(&mut self.model.elements).into_iter().map(Some).collect();
        for &o in &order {
            let mut e = old[o].take().expect("each element once");
            e.parent = e.parent.map(|p| new_index[p]).filter(|&p| p != usize::MAX);
            e.children = e.children.iter().map(|&c| new_index[c]).collect();
            self.model.elements.push(e);
        }
        self.model.elements[0].parent = None;
    }

    fn push(&mut self, element: model::Element) -> ElementId {
        self.model.elements.push(element);
        self.model.elements.len() - 1
    }

    fn for_items(
        &mut self,
        block: &'a ForBlock<Item>,
        file: FileId,
        scope: &Scope,
    ) -> Vec<ElementId> {
        let mut out = Vec::new();
        for inner in self.loop_scopes(
            block.item.text.clone(),
            block.index.as_ref().map(|i| i.text.clone()),
            &block.iterable,
            file,
            scope,
        ) {
            for item in &block.body {
                out.extend(self.item(item, file, &inner));
            }
        }
        out
    }

    fn if_items(
        &mut self,
        block: &'a IfBlock<Item>,
        file: FileId,
        scope: &Scope,
    ) -> Vec<ElementId> {
        let mut out = Vec::new();
        match self.choose_branch(&block.branches, block.else_body.as_ref(), file, scope) {
            Branches::Static(Some(body)) => {
                for item in body {
                    out.extend(self.item(item, file, scope));
                }
            }
            Branches::Static(None) => {}
            Branches::Dynamic(branches) => {
                for (condition, body) in branches {
                    for item in body {
                        let ids = self.item(item, file, scope);
                        for &id in &ids {
                            self.show_when(id, &condition);
                        }
                        out.extend(ids);
                    }
                }
            }
        }
        out
    }

    fn item(&mut self, item: &'a Item, file: FileId, scope: &Scope) -> Vec<ElementId> {
        match item {
            Item::Element(e) => self.element(e, file, None, scope, None).into_iter().collect(),
            Item::For(b) => self.for_items(b, file, scope),
            Item::If(b) => self.if_items(b, file, scope),
            _ => Vec::new(),
        }
    }

    /// The scopes of a `@for` loop's iterations.
    fn loop_scopes(
        &mut self,
        item: SmolStr,
        index: Option<SmolStr>,
        iterable: &Value,
        file: FileId,
        scope: &Scope,
    ) -> Vec<Scope> {
        let resolved = self.subst.static_value(iterable, file, scope);
        let value_file = resolved.from.map_or(file, |s| s.file);
        let items = match resolved.value.kind {
            ValueKind::Array(items) | ValueKind::List(items) => items,
            ValueKind::Error => return Vec::new(),
            ValueKind::Var { path, .. } => {
                self.cx.report(
                    Diagnostic::new(Code::NotIterable, format!("`@for` over `${path}`, which scripts change"))
                        .with_span(FileSpan::new(file, iterable.range))
                        .with_primary_label("scripts assign this variable, so its items are not known when the app is built")
                        .with_help("`@for` is expanded when the app is built; to show a list that scripts change, write a fixed number of elements (or loop over a constant array) and let the scripts set their `text` and `visible`, or give the variable its final items in `@variables` and stop assigning it"),
                );
                return Vec::new();
            }
            _ => {
                self.cx.report(
                    Diagnostic::new(Code::NotIterable, "`@for` needs an array")
                        .with_span(FileSpan::new(file, iterable.range))
                        .with_primary_label("not an array known at compile time")
                        .with_help("iterate over an array literal or a variable that holds one; loops are expanded at compile time"),
                );
                return Vec::new();
            }
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                let mut inner = scope.clone();
                inner.bindings.push(Binding { name: item.clone(), value, file: value_file });
                if let Some(index) = &index {
                    let n = synthetic(ValueKind::Number {
                        text: i.to_string().into(),
                        value: i as f64,
                        is_integer: true,
                        unit: None,
                    });
                    inner.bindings.push(Binding { name: index.clone(), value: n, file });
                }
                inner
            })
            .collect()
    }

    /// Picks the branch of an `@if` whose condition holds, evaluating conditions statically;
    /// when a condition reads a variable that scripts change, every branch is kept, each
    /// with the condition under which it shows (a run-time conditional).
    fn choose_branch<'b, T>(
        &mut self,
        branches: &'b [(Value, Vec<T>)],
        otherwise: Option<&'b Vec<T>>,
        file: FileId,
        scope: &Scope,
    ) -> Branches<'b, T> {
        let mut dynamic: Vec<(Value, &'b Vec<T>)> = Vec::new();
        // The conditions of the branches before this one, all false so far at run time.
        let mut earlier: Option<Value> = None;
        for (cond, body) in branches {
            let value = self.subst.static_value(cond, file, scope).value;
            let mut broken = false;
            let mut reactive = false;
            super::walk::each_value(&value, &mut |v| {
                broken |= matches!(v.kind, ValueKind::Error);
                reactive |= matches!(v.kind, ValueKind::Var { .. });
            });
            if broken {
                // Already reported (an undefined variable): no branch, no second error.
                return Branches::Static(None);
            }
            match value.kind {
                ValueKind::Bool(true) if dynamic.is_empty() => return Branches::Static(Some(body)),
                ValueKind::Bool(true) => {
                    // Shown whenever no earlier (run-time) branch is.
                    dynamic.push((not(earlier.clone()), body));
                    return Branches::Dynamic(dynamic);
                }
                ValueKind::Bool(false) => {}
                _ if reactive => {
                    let shows = match &earlier {
                        None => value.clone(),
                        Some(e) => and(not(Some(e.clone())), value.clone()),
                    };
                    earlier = Some(match earlier {
                        None => value,
                        Some(e) => binary(BinaryOp::Or, e, value),
                    });
                    dynamic.push((shows, body));
                }
                _ => {
                    self.cx.report(
                        Diagnostic::new(Code::DynamicCondition, "this `@if` condition cannot be evaluated")
                            .with_span(FileSpan::new(file, cond.range))
                            .with_primary_label("neither a comparison of known values nor of variables")
                            .with_help("`@if` compares values (`$theme == \"dark\"`, `$count > 3`) combined with `&&`, `||` and `!`"),
                    );
                    return Branches::Static(None);
                }
            }
        }
        match (dynamic.is_empty(), otherwise) {
            (true, otherwise) => Branches::Static(otherwise),
            (false, Some(body)) => {
                dynamic.push((not(earlier), body));
                Branches::Dynamic(dynamic)
            }
            (false, None) => Branches::Dynamic(dynamic),
        }
    }

    /// A member of a run-time `@if` branch that is not an element: functions and scripts are
    /// defined whichever branch shows; a property cannot follow the condition.
    fn conditional_member(&mut self, m: &'a ElementMember, file: FileId) {
        match m {
            ElementMember::Function(f) => self.function(f, file, None),
            ElementMember::Script(script) => self.script(script, file),
            ElementMember::Property(p) => self.cx.report(
                Diagnostic::new(
                    Code::DynamicCondition,
                    "a property inside an `@if` that changes at run time",
                )
                .with_span(FileSpan::new(file, p.name.range))
                .with_primary_label("the condition reads a variable that scripts change")
                .with_help(format!(
                    "elements in such a branch are shown and hidden as the condition changes, but a property cannot be; write the choice as a value: `{}: $condition ? a : b`",
                    p.name.text
                )),
            ),
            _ => {}
        }
    }

    /// Makes an element of a run-time `@if` branch show only while `condition` holds: its
    /// visibility becomes `condition && <its own visibility>`.
    fn show_when(&mut self, id: ElementId, condition: &Value) {
        let element = &mut self.model.elements[id];
        let own = element.properties.iter_mut().rev().find(|p| {
            crate::registry::properties::lookup(&p.name, None)
                .is_some_and(|r| r.info.name == "visibility")
        });
        match own {
            Some(p) => p.value = and(condition.clone(), p.value.clone()),
            None => {
                let span = element.span;
                element.properties.push(model::Property {
                    name: "visibility".into(),
                    value: condition.clone(),
                    span,
                    value_span: FileSpan::new(span.file, condition.range),
                    from_component: false,
                });
            }
        }
    }

    /// Expands one element (or component use) with its subtree; returns its arena index.
    fn element(
        &mut self,
        element: &'a Element,
        file: FileId,
        parent: Option<ElementId>,
        scope: &Scope,
        renames: Option<&Renames>,
    ) -> Option<ElementId> {
        if self.depth >= MAX_TREE_DEPTH {
            self.cx.report(
                Diagnostic::new(
                    Code::NestingTooDeep,
                    format!("the expanded element tree nests deeper than {MAX_TREE_DEPTH} levels"),
                )
                .with_span(FileSpan::new(file, element.name.range))
                .with_primary_label("this element is left out"),
            );
            return None;
        }
        self.depth += 1;
        let expanded = self.element_inner(element, file, parent, scope, renames);
        self.depth -= 1;
        expanded
    }

    fn element_inner(
        &mut self,
        element: &'a Element,
        file: FileId,
        parent: Option<ElementId>,
        scope: &Scope,
        renames: Option<&Renames>,
    ) -> Option<ElementId> {
        let components = self.components;
        if let Some(component) = components.get(&element.name.text) {
            return self.component_use(component, element, file, parent, scope, renames);
        }
        let id = self.push(model::Element {
            tag: element.name.text.clone(),
            id: element.id.as_ref().map(|i| i.text.clone()),
            parent,
            children: Vec::new(),
            properties: Vec::new(),
            pseudo_states: Vec::new(),
            events: Vec::new(),
            span: FileSpan::new(file, element.name.range),
            component: None,
        });
        if let Some(idn) = &element.id {
            self.set_property(
                id,
                "id",
                Value { kind: ValueKind::String(string_lit(&idn.text)), range: idn.range },
                FileSpan::new(file, idn.range),
                None,
            );
        }
        for member in &element.members {
            self.member(id, member, file, scope, renames);
        }
        Some(id)
    }

    fn member(
        &mut self,
        id: ElementId,
        member: &'a ElementMember,
        file: FileId,
        scope: &Scope,
        renames: Option<&Renames>,
    ) {
        match member {
            ElementMember::Property(p) => {
                let s = if p.name.text == "style" {
                    self.subst.static_value(&p.value, file, scope)
                } else {
                    self.subst.value(&p.value, file, scope)
                };
                let value = rename_handler(&p.name.text, s.value, renames);
                self.set_property(id, &p.name.text, value, FileSpan::new(file, p.range), s.from);
            }
            ElementMember::Child(child) => {
                if let Some(c) = self.element(child, file, Some(id), scope, renames) {
                    self.model.elements[id].children.push(c);
                }
            }
            ElementMember::Pseudo(block) => {
                let mut states: Vec<SmolStr> =
                    block.states.iter().map(|s| s.text.clone()).collect();
                states.sort();
                states.dedup();
                let props: Vec<model::Property> = block
                    .properties
                    .iter()
                    .map(|p| {
                        let s = self.subst.value(&p.value, file, scope);
                        model::Property {
                            name: p.name.text.clone(),
                            value: s.value,
                            span: FileSpan::new(file, p.range),
                            value_span: s.from.unwrap_or(FileSpan::new(file, p.value.range)),
                            from_component: false,
                        }
                    })
                    .collect();
                let element = &mut self.model.elements[id];
                match element.pseudo_states.iter_mut().find(|(s, _)| *s == states) {
                    Some((_, existing)) => existing.extend(props),
                    None => element.pseudo_states.push((states, props)),
                }
            }
            ElementMember::Text(s) => {
                let tag = &self.model.elements[id].tag;
                if crate::registry::elements::element(tag).is_some_and(|e| !e.shows_text) {
                    self.cx.report(
                        Diagnostic::new(Code::MisplacedText, format!("`{tag}` shows no text"))
                            .with_span(FileSpan::new(file, s.range))
                            .with_primary_label("a bare string here has no meaning")
                            .with_help("put the text in a `Text { \"...\" }` element"),
                    );
                    return;
                }
                let value = self.subst.value(&synthetic_string(s), file, scope).value;
                self.set_property(id, "text", value, FileSpan::new(file, s.range), None);
            }
            ElementMember::For(block) => {
                let scopes = self.loop_scopes(
                    block.item.text.clone(),
                    block.index.as_ref().map(|i| i.text.clone()),
                    &block.iterable,
                    file,
                    scope,
                );
                for inner in scopes {
                    for m in &block.body {
                        self.member(id, m, file, &inner, renames);
                    }
                }
            }
            ElementMember::If(block) => {
                match self.choose_branch(&block.branches, block.else_body.as_ref(), file, scope) {
                    Branches::Static(Some(body)) => {
                        for m in body {
                            self.member(id, m, file, scope, renames);
                        }
                    }
                    Branches::Static(None) => {}
                    Branches::Dynamic(branches) => {
                        for (condition, body) in branches {
                            for m in body {
                                if !matches!(
                                    m,
                                    ElementMember::Child(_)
                                        | ElementMember::For(_)
                                        | ElementMember::If(_)
                                ) {
                                    self.conditional_member(m, file);
                                    continue;
                                }
                                let before = self.model.elements[id].children.len();
                                self.member(id, m, file, scope, renames);
                                let added: Vec<ElementId> =
                                    self.model.elements[id].children[before..].to_vec();
                                for child in added {
                                    self.show_when(child, &condition);
                                }
                            }
                        }
                    }
                }
            }
            ElementMember::Function(f) => self.function(f, file, renames),
            ElementMember::Script(script) => self.script(script, file),
        }
    }

    fn set_property(
        &mut self,
        id: ElementId,
        name: &str,
        value: Value,
        span: FileSpan,
        from: Option<FileSpan>,
    ) {
        let value_span = from.unwrap_or(FileSpan::new(span.file, value.range));
        self.model.elements[id].properties.push(model::Property {
            name: name.into(),
            value,
            span,
            value_span,
            from_component: false,
        });
    }

    fn function(&mut self, f: &FunctionDef, file: FileId, renames: Option<&Renames>) {
        let name = renames
            .and_then(|r| r.get(&f.name.text))
            .cloned()
            .unwrap_or_else(|| f.name.text.clone());
        let language = f.language.as_ref().and_then(|l| l.language).unwrap_or(ScriptLanguage::Lua);
        self.model.functions.push(model::Function {
            name,
            source_name: f.name.text.clone(),
            language,
            params: f.params.iter().map(|p| p.text.clone()).collect(),
            body: self.runnable(language, &f.body.text),
            body_span: FileSpan::new(file, f.body.range),
            name_span: FileSpan::new(file, f.name.range),
            language_span: f.language.as_ref().map(|l| FileSpan::new(file, l.range)),
        });
    }

    /// A body as its VM runs it: `$name` references to shared variables (a 2025 habit,
    /// reported as K0370 by the shared-variable pass) become plain names.
    fn runnable(&self, language: ScriptLanguage, body: &str) -> String {
        let variables = self.subst.variables;
        crate::scripts::dollars::strip(language, body, |n| variables.get(n).is_some())
            .0
            .into_owned()
    }

    /// Whether `mode external` makes the script external. `external` on code written in the
    /// block is reported (K0115); an unknown mode was reported by the parser.
    fn script_mode(&mut self, script: &ScriptBlock, file: FileId) -> bool {
        let Some(mode) = &script.mode else { return false };
        if mode.text != "external" {
            return false;
        }
        if matches!(script.source, ScriptSource::File(_)) {
            return true;
        }
        self.cx.report(
            Diagnostic::new(
                Code::InvalidScriptHeader,
                "`mode external` needs the code in a file of its own",
            )
            .with_span(FileSpan::new(file, mode.range))
            .with_primary_label("this block's code is written here, so it is embedded")
            .with_help("write `@script \"lang\" mode external from \"file\"`, or drop the mode"),
        );
        false
    }

    fn script(&mut self, script: &ScriptBlock, file: FileId) {
        let span = FileSpan::new(file, script.range);
        if self.model.scripts.iter().any(|s| s.span == span) {
            return;
        }
        let external = self.script_mode(script, file);
        let language =
            script.language.as_ref().and_then(|l| l.language).unwrap_or(ScriptLanguage::Lua);
        let source = match &script.source {
            ScriptSource::Inline(body) => model::ScriptSource::Inline {
                code: self.runnable(language, &body.text),
                span: FileSpan::new(file, body.range),
            },
            ScriptSource::File(path) => model::ScriptSource::File {
                path: path.value.clone(),
                span: FileSpan::new(file, path.range),
                loaded: None,
                external,
            },
        };
        self.model.scripts.push(model::Script {
            language: script
                .language
                .as_ref()
                .and_then(|l| l.language)
                .unwrap_or(ScriptLanguage::Lua),
            name: script.name.as_ref().map(|n| n.value.clone()),
            source,
            span,
            language_span: script.language.as_ref().map(|l| FileSpan::new(file, l.range)),
            init: script.init,
        });
    }

    fn component_use(
        &mut self,
        component: &Component<'a>,
        usage: &'a Element,
        file: FileId,
        parent: Option<ElementId>,
        scope: &Scope,
        renames: Option<&Renames>,
    ) -> Option<ElementId> {
        let name = component.def.node.name.text.clone();
        let use_span = FileSpan::new(file, usage.name.range);
        if let Some(pos) = self.stack.iter().position(|(n, _)| *n == name) {
            let chain: Vec<&str> = self.stack[pos..]
                .iter()
                .map(|(n, _)| n.as_str())
                .chain(std::iter::once(name.as_str()))
                .collect();
            self.cx.report(
                Diagnostic::new(
                    Code::ComponentRecursion,
                    format!("component `{name}` contains itself: {}", chain.join(" → ")),
                )
                .with_span(use_span)
                .with_primary_label("this use would expand forever")
                .with_label(component.def.span(component.def.node.name.range), "defined here"),
            );
            return None;
        }
        if self.stack.len() >= MAX_COMPONENT_DEPTH {
            self.cx.report(
                Diagnostic::new(
                    Code::ComponentRecursion,
                    format!("components nest more than {MAX_COMPONENT_DEPTH} levels deep here"),
                )
                .with_span(use_span)
                .with_primary_label(format!("`{name}` is not expanded"))
                .with_note(format!(
                    "the outermost use is `{}`",
                    self.stack.first().map(|(n, _)| n.as_str()).unwrap_or_default()
                )),
            );
            return None;
        }
        let root = component.root?;

        // The component's own scope: declared properties, from the use or their defaults.
        let mut inner = Scope::default();
        let mut given: HashMap<SmolStr, (Value, FileSpan, Option<FileSpan>)> = HashMap::new();
        let mut root_props: Vec<&'a crate::syntax::ast::Property> = Vec::new();
        let mut children: Vec<&'a ElementMember> = Vec::new();
        for member in &usage.members {
            match member {
                ElementMember::Property(p)
                    if component.props.iter().any(|d| d.name == p.name.text) =>
                {
                    if p.name.text.starts_with('_') {
                        self.cx.report(
                            Diagnostic::new(
                                Code::PrivateProp,
                                format!("`{}` is private to component `{name}`", p.name.text),
                            )
                            .with_span(FileSpan::new(file, p.name.range))
                            .with_help(
                                "properties starting with `_` can only be set inside the `Define`",
                            ),
                        );
                        continue;
                    }
                    let s = self.subst.value(&p.value, file, scope);
                    given.insert(
                        p.name.text.clone(),
                        (s.value, FileSpan::new(file, p.range), s.from),
                    );
                }
                ElementMember::Property(p) => root_props.push(p),
                other => children.push(other),
            }
        }
        let mut unreferenced: Vec<(SmolStr, Value, FileSpan, Option<FileSpan>, bool)> = Vec::new();
        for decl in &component.props {
            let (value, span, from, vfile) = match given.remove(&decl.name) {
                Some((v, span, from)) => {
                    let vfile = from.map_or(file, |f| f.file);
                    (v, span, from, vfile)
                }
                None => match decl.default {
                    Some(d) => {
                        let s = self.subst.value(d, component.def.file, &Scope::default());
                        (s.value, decl.span, s.from, component.def.file)
                    }
                    None => {
                        self.cx.report(
                            Diagnostic::new(
                                Code::MissingRequiredProp,
                                format!("component `{name}` needs property `{}`", decl.name),
                            )
                            .with_span(use_span)
                            .with_primary_label(format!("`{}` is not given", decl.name))
                            .with_label(decl.span, "declared here without a default"),
                        );
                        // Bound to nothing, so the template's uses are not reported again.
                        inner.bindings.push(Binding {
                            name: decl.name.clone(),
                            value: synthetic(ValueKind::Error),
                            file,
                        });
                        continue;
                    }
                },
            };
            if let Some(ty) = decl.ty {
                self.check_prop_type(
                    &name,
                    decl,
                    ty,
                    &value,
                    from.unwrap_or(FileSpan::new(vfile, value.range)),
                );
            }
            if !component.referenced.contains(&decl.name) {
                let is_style = decl.ty.is_some_and(|t| t.name.text == "StyleID");
                unreferenced.push((decl.name.clone(), value.clone(), span, from, is_style));
            }
            inner.bindings.push(Binding { name: decl.name.clone(), value, file: vfile });
        }

        // Functions of the component, renamed per instance.
        let n = self.instances.entry(name.clone()).or_insert(0);
        *n += 1;
        let instance = *n;
        let mut own_renames: Renames = renames.cloned().unwrap_or_default();
        for f in &component.functions {
            own_renames
                .insert(f.name.text.clone(), format!("{name}_{instance}_{}", f.name.text).into());
        }
        for f in &component.functions {
            self.function(f, component.def.file, Some(&own_renames));
        }
        for s in &component.scripts {
            self.script(s, component.def.file);
        }

        self.stack.push((name.clone(), use_span));
        let root_id = self.element(root, component.def.file, parent, &inner, Some(&own_renames));
        self.stack.pop();
        let root_id = root_id?;
        let element = &mut self.model.elements[root_id];
        element.component = Some(name.clone());
        element.span = use_span;

        // Declared properties the template does not use: a StyleID styles the root (when it
        // has no style of its own), the rest reach the root as custom properties.
        for (prop, value, span, from, is_style) in unreferenced {
            let has_style =
                self.model.elements[root_id].properties.iter().any(|p| p.name == "style");
            if is_style {
                let empty = matches!(&value.kind, ValueKind::String(s) if s.value.is_empty());
                if !has_style && !empty {
                    self.set_property(root_id, "style", value, span, from);
                }
            } else {
                self.set_property(root_id, &prop, value, span, from);
                if let Some(p) = self.model.elements[root_id].properties.last_mut() {
                    p.from_component = true;
                }
            }
        }
        // Use-site properties that are not component properties apply to the root and win.
        if let Some(id) = &usage.id {
            self.set_property(
                root_id,
                "id",
                Value { kind: ValueKind::String(string_lit(&id.text)), range: id.range },
                FileSpan::new(file, id.range),
                None,
            );
        }
        for p in root_props {
            let s = self.subst.value(&p.value, file, scope);
            let value = rename_handler(&p.name.text, s.value, renames);
            self.set_property(root_id, &p.name.text, value, FileSpan::new(file, p.range), s.from);
        }
        // Use-site children go into the children host (or the root).
        let host = self.find_host(root_id).unwrap_or(root_id);
        for member in children {
            self.member(host, member, file, scope, renames);
        }
        Some(root_id)
    }

    fn find_host(&self, root: ElementId) -> Option<ElementId> {
        let mut stack = vec![root];
        while let Some(e) = stack.pop() {
            let element = &self.model.elements[e];
            let id =
                element.properties.iter().rev().find(|p| p.name == "id").and_then(|p| {
                    match &p.value.kind {
                        ValueKind::String(s) => Some(s.value.as_str()),
                        ValueKind::Word(w) => Some(w.as_str()),
                        _ => None,
                    }
                });
            if matches!(id, Some("children_host" | "content_host")) {
                return Some(e);
            }
            stack.extend(element.children.iter().copied());
        }
        None
    }

    fn check_prop_type(
        &mut self,
        component: &str,
        decl: &DeclaredProp<'_>,
        ty: &crate::syntax::ast::TypeExpr,
        value: &Value,
        at: FileSpan,
    ) {
        let type_name = ty.name.text.as_str();
        let ok = match (type_name, &value.kind) {
            (_, ValueKind::Var { .. } | ValueKind::Error | ValueKind::Ternary { .. }) => true,
            ("String" | "StyleID" | "Resource", ValueKind::String(_) | ValueKind::Word(_)) => true,
            ("Int", ValueKind::Number { is_integer: true, unit: None, .. }) => true,
            ("Float", ValueKind::Number { unit: None, .. }) => true,
            ("Bool" | "Boolean", ValueKind::Bool(_)) => true,
            ("Color", ValueKind::Color(_) | ValueKind::String(_) | ValueKind::Word(_)) => true,
            ("Enum", ValueKind::Word(w)) => ty.args.iter().any(|a| a.text == *w),
            ("Enum", ValueKind::String(s)) => ty.args.iter().any(|a| a.text == s.value.as_str()),
            (
                "String" | "Int" | "Float" | "Bool" | "Boolean" | "Color" | "StyleID" | "Resource"
                | "Enum",
                _,
            ) => false,
            _ => {
                self.cx.report(
                    Diagnostic::new(Code::UnknownPropType, format!("unknown property type `{type_name}`"))
                        .with_span(FileSpan::new(decl.span.file, ty.range))
                        .with_help("the types are String, Int, Float, Bool, Color, StyleID, Resource and Enum(a, b, ...)"),
                );
                true
            }
        };
        if !ok {
            let expected = if type_name == "Enum" {
                format!(
                    "one of {}",
                    ty.args.iter().map(|a| format!("`{}`", a.text)).collect::<Vec<_>>().join(", ")
                )
            } else {
                format!("a value of type {type_name}")
            };
            self.cx.report(
                Diagnostic::new(
                    Code::PropTypeMismatch,
                    format!(
                        "property `{}` of component `{component}` expects {expected}",
                        decl.name
                    ),
                )
                .with_span(at)
                .with_primary_label(format!("found {}", super::substitute::display(value)))
                .with_label(decl.span, "declared here"),
            );
        }
    }
}

fn string_lit(text: &str) -> crate::syntax::ast::StringLit {
    crate::syntax::ast::StringLit {
        value: text.to_string(),
        parts: Vec::new(),
        range: Default::default(),
    }
}

fn synthetic_string(s: &crate::syntax::ast::StringLit) -> Value {
    Value { kind: ValueKind::String(s.clone()), range: s.range }
}

/// The branches of an `@if`: the one chosen at compile time, or every branch with the
/// condition under which it shows at run time.
enum Branches<'b, T> {
    Static(Option<&'b Vec<T>>),
    Dynamic(Vec<(Value, &'b Vec<T>)>),
}

fn binary(op: BinaryOp, lhs: Value, rhs: Value) -> Value {
    let range =
        TextRange::new(lhs.range.start as usize, rhs.range.end.max(lhs.range.start) as usize);
    Value { kind: ValueKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, range }
}

fn and(lhs: Value, rhs: Value) -> Value {
    binary(BinaryOp::And, lhs, rhs)
}

/// `!value`; `None` (no earlier condition) is `true`.
fn not(value: Option<Value>) -> Value {
    match value {
        Some(v) => {
            let range = v.range;
            Value { kind: ValueKind::Unary { op: UnaryOp::Not, operand: Box::new(v) }, range }
        }
        None => synthetic(ValueKind::Bool(true)),
    }
}

/// Inside a component instance, handler names that refer to the component's own functions
/// are renamed to the instance's functions.
fn rename_handler(property: &str, value: Value, renames: Option<&Renames>) -> Value {
    let Some(renames) = renames else { return value };
    if !property.starts_with("on") {
        return value;
    }
    match &value.kind {
        ValueKind::String(s) if s.parts.is_empty() => match renames.get(s.value.as_str()) {
            Some(new) => Value { kind: ValueKind::String(string_lit(new)), range: value.range },
            None => value,
        },
        ValueKind::Word(w) => match renames.get(w) {
            Some(new) => Value { kind: ValueKind::Word(new.clone()), range: value.range },
            None => value,
        },
        ValueKind::Call { callee, args } => match renames.get(&callee.text) {
            Some(new) => Value {
                kind: ValueKind::Call {
                    callee: crate::syntax::ast::Name { text: new.clone(), range: callee.range },
                    args: args.clone(),
                },
                range: value.range,
            },
            None => value,
        },
        _ => value,
    }
}

//! Read-only traversals of the syntax tree shared by passes.

use super::declarations::RootItem;
use crate::syntax::ast::{
    ComponentDef, DefineMember, Element, ElementMember, Item, PropDecl, Value, ValueKind,
};

/// Calls `f` on `value` and every value nested in it.
pub fn each_value<'a>(value: &'a Value, f: &mut dyn FnMut(&'a Value)) {
    f(value);
    match &value.kind {
        ValueKind::List(items) | ValueKind::Array(items) => {
            items.iter().for_each(|v| each_value(v, f))
        }
        ValueKind::Object(entries) => entries.iter().for_each(|e| each_value(&e.value, f)),
        ValueKind::Call { args, .. } => args.iter().for_each(|v| each_value(v, f)),
        ValueKind::Unary { operand, .. } => each_value(operand, f),
        ValueKind::Binary { lhs, rhs, .. } => {
            each_value(lhs, f);
            each_value(rhs, f);
        }
        ValueKind::Ternary { cond, then, otherwise } => {
            each_value(cond, f);
            each_value(then, f);
            each_value(otherwise, f);
        }
        _ => {}
    }
}

/// Calls `f` on every property value (and nested value) of an element subtree.
pub fn element_values<'a>(element: &'a Element, f: &mut dyn FnMut(&'a Value)) {
    for member in &element.members {
        member_values(member, f);
    }
}

pub fn member_values<'a>(member: &'a ElementMember, f: &mut dyn FnMut(&'a Value)) {
    match member {
        ElementMember::Property(p) => each_value(&p.value, f),
        ElementMember::Child(e) => element_values(e, f),
        ElementMember::Pseudo(p) => p.properties.iter().for_each(|p| each_value(&p.value, f)),
        ElementMember::For(block) => {
            each_value(&block.iterable, f);
            block.body.iter().for_each(|m| member_values(m, f));
        }
        ElementMember::If(block) => {
            for (cond, body) in &block.branches {
                each_value(cond, f);
                body.iter().for_each(|m| member_values(m, f));
            }
            block.else_body.iter().flatten().for_each(|m| member_values(m, f));
        }
        ElementMember::Text(_) | ElementMember::Function(_) | ElementMember::Script(_) => {}
    }
}

pub fn root_values<'a>(root: &RootItem<'a>, f: &mut dyn FnMut(&'a Value)) {
    match root {
        RootItem::Element(e) => element_values(e, f),
        RootItem::For(block) => {
            each_value(&block.iterable, f);
            block.body.iter().for_each(|i| item_values(i, f));
        }
        RootItem::If(block) => {
            for (cond, body) in &block.branches {
                each_value(cond, f);
                body.iter().for_each(|i| item_values(i, f));
            }
            block.else_body.iter().flatten().for_each(|i| item_values(i, f));
        }
    }
}

fn item_values<'a>(item: &'a Item, f: &mut dyn FnMut(&'a Value)) {
    match item {
        Item::Element(e) => element_values(e, f),
        Item::For(b) => root_values(&RootItem::For(b), f),
        Item::If(b) => root_values(&RootItem::If(b), f),
        _ => {}
    }
}

pub fn component_values<'a>(def: &'a ComponentDef, f: &mut dyn FnMut(&'a Value)) {
    for member in &def.members {
        match member {
            DefineMember::Properties(block) => block
                .props
                .iter()
                .filter_map(|p: &PropDecl| p.default.as_ref())
                .for_each(|v| each_value(v, f)),
            DefineMember::SimpleProp(p) => each_value(&p.default, f),
            DefineMember::Member(m) => member_values(m, f),
        }
    }
}

//! A document that uses every record kind, value kind and optional field of the format.

#![allow(dead_code)]

use krb_format::*;

pub fn every_feature() -> Document {
    let mut doc = Document {
        required_vms: vec![languages::LUA, languages::JAVASCRIPT, languages::PYTHON],
        ..Document::default()
    };
    let mut s = |text: &str| doc.strings.intern(text);
    let (app, main, card, label, count, user_name, select, inline, key, data, lua, quickjs) = (
        s("app.kry"),
        s("main"),
        s("Card"),
        s("Count: "),
        s("count"),
        s("user.name"),
        s("select"),
        s("count = count + 1"),
        s("key"),
        s("data-x"),
        s("lua"),
        s("quickjs"),
    );
    let (center, body, increment, amount, primary, logo, font, family, py, rustpython, widget) = (
        s("center"),
        s("count = count + (amount or 1)"),
        s("increment"),
        s("amount"),
        s("primary"),
        s("images/logo.png"),
        s("fonts/inter.ttf"),
        s("Inter"),
        s("def helper(x):\n    return x * 2\n"),
        s("rustpython"),
        s("MyWidget"),
    );
    let (generator, kryc, source, engine) = (s("generator"), s("kryc"), s("source"), s("lua 5.4"));
    doc.metadata = vec![(generator, kryc), (source, app)];

    let n = |value: i64| Value::Int { value, unit: Unit::None };
    let every_value = vec![
        Value::Int { value: -42, unit: Unit::Px },
        Value::Float { value: 0.25, unit: Unit::Percent },
        Value::Float { value: 1.5, unit: Unit::Turn },
        Value::String(label),
        Value::Color(0x11223344),
        Value::Bool(true),
        Value::Word(center),
        Value::List(vec![n(10), n(20)]),
        Value::Array(vec![Value::Bool(false), Value::Array(vec![])]),
        Value::Object(vec![(key, n(1)), (data, Value::String(label))]),
        Value::Var(user_name),
        Value::Template(vec![TemplatePart::Text(label), TemplatePart::Var(count)]),
        Value::Call { function: select, args: vec![n(3), Value::Var(count)] },
        Value::Unary { op: UnaryOp::Not, operand: Box::new(Value::Var(count)) },
        Value::Unary { op: UnaryOp::Neg, operand: Box::new(n(1)) },
        Value::Binary { op: BinaryOp::Ge, lhs: Box::new(Value::Var(count)), rhs: Box::new(n(10)) },
        Value::Ternary {
            condition: Box::new(Value::Binary {
                op: BinaryOp::Or,
                lhs: Box::new(Value::Bool(false)),
                rhs: Box::new(Value::Var(count)),
            }),
            then: Box::new(Value::String(label)),
            otherwise: Box::new(Value::Word(center)),
        },
        Value::Style(0),
        Value::Resource(1),
    ];

    // Element 0: App with every value kind as a custom property.
    let props = every_value
        .into_iter()
        .map(|value| Property { id: 0, flags: property_flags::BOUND, name: Some(data), value })
        .collect::<Vec<_>>();
    let properties = doc.push_properties(props);
    doc.elements.push(Element {
        kind: 1,
        tag: None,
        parent: None,
        id: Some(main),
        component: None,
        properties,
        state_sets: Span::default(),
        events: Span { start: 0, len: 0 },
    });
    // Element 1: a Button from a component, with state sets and every handler kind.
    let properties = doc.push_properties([
        Property {
            id: 80,
            flags: property_flags::BOUND,
            name: None,
            value: Value::Template(vec![TemplatePart::Var(count)]),
        },
        Property { id: 21, flags: 0, name: None, value: Value::Style(0) },
        Property { id: 0, flags: property_flags::FROM_COMPONENT, name: Some(key), value: n(7) },
    ]);
    let state_sets = doc.push_state_sets([
        (
            states::HOVER,
            vec![Property { id: 30, flags: 0, name: None, value: Value::Color(0xff0000ff) }],
        ),
        (
            states::HOVER | states::DISABLED,
            vec![Property {
                id: 31,
                flags: property_flags::BOUND,
                name: None,
                value: Value::Var(count),
            }],
        ),
    ]);
    let events = doc.push_events([
        Event { kind: EventKind::Click, handler: Handler::Function(increment) },
        Event {
            kind: EventKind::Change,
            handler: Handler::Call { function: select, args: vec![n(2)] },
        },
        Event {
            kind: EventKind::Hover,
            handler: Handler::Inline { language: languages::LUA, source: inline },
        },
        Event { kind: EventKind::Load, handler: Handler::Dynamic(Value::Var(count)) },
    ]);
    // 1.1: where the inline handler's code is.
    let kry = doc.strings.intern("app.kry");
    let location = SourceLocation { file: kry, line: 7, column: 30 };
    doc.event_locations.push(EventLocation { event: events.start + 2, location });
    doc.minor_version = 1;
    doc.elements.push(Element {
        kind: 4,
        tag: None,
        parent: Some(0),
        id: None,
        component: Some(card),
        properties,
        state_sets,
        events,
    });
    // Element 2: an element type the registry lacks.
    let properties = doc.push_properties([]);
    doc.elements.push(Element {
        kind: 0,
        tag: Some(widget),
        parent: Some(1),
        id: None,
        component: None,
        properties,
        state_sets: Span { start: 2, len: 0 },
        events: Span { start: 4, len: 0 },
    });
    // A style with a state set.
    let properties = doc.push_properties([Property {
        id: 30,
        flags: 0,
        name: None,
        value: Value::Color(0x336699ff),
    }]);
    let state_sets = doc.push_state_sets([(
        states::ACTIVE | states::FOCUS | states::CHECKED,
        vec![Property { id: 30, flags: 0, name: None, value: Value::Var(count) }],
    )]);
    doc.styles.push(Style { name: primary, properties, state_sets });

    doc.variables = vec![
        Variable { name: count, ty: VarType::Int, flags: variable_flags::ALL, initial: n(0) },
        Variable {
            name: user_name,
            ty: VarType::Object,
            flags: variable_flags::SCRIPTED,
            initial: Value::Object(vec![(key, Value::String(label))]),
        },
    ];
    doc.bindings = vec![
        Binding {
            owner: BindingOwner::Element(1),
            state_set: None,
            property: 0,
            variables: vec![0],
        },
        Binding {
            owner: BindingOwner::Element(1),
            state_set: Some(1),
            property: 0,
            variables: vec![0, 1],
        },
        Binding {
            owner: BindingOwner::Style(0),
            state_set: Some(0),
            property: 0,
            variables: vec![0],
        },
    ];
    doc.resources = vec![
        Resource { kind: ResourceKind::Image, path: logo, name: None },
        Resource { kind: ResourceKind::Font, path: font, name: Some(family) },
    ];
    let at = |line| SourceLocation { file: app, line, column: 5 };
    doc.scripts = vec![
        Script {
            language: languages::LUA,
            role: ScriptRole::Function,
            vm: lua,
            name: Some(increment),
            payload: Payload::Source(body),
            location: at(12),
            entry_points: vec![EntryPoint {
                name: increment,
                params: vec![amount],
                location: at(11),
            }],
        },
        Script {
            language: languages::PYTHON,
            role: ScriptRole::Module,
            vm: rustpython,
            name: None,
            payload: Payload::Source(py),
            location: at(20),
            entry_points: vec![EntryPoint {
                name: select,
                params: vec![key, amount],
                location: at(20),
            }],
        },
        Script {
            language: languages::LUA,
            role: ScriptRole::Module,
            vm: lua,
            name: Some(main),
            payload: Payload::Bytecode { engine, bytes: vec![0x1b, b'L', b'u', b'a', 0x54, 0] },
            location: at(30),
            entry_points: vec![],
        },
        Script {
            language: languages::JAVASCRIPT,
            role: ScriptRole::Module,
            vm: quickjs,
            name: None,
            payload: Payload::External(logo),
            location: at(40),
            entry_points: vec![],
        },
    ];
    doc
}

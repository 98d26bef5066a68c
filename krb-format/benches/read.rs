//! Reading speed: a generated 10 MB KRB file (elements with typed and custom properties,
//! templates, events, styles, variables, bindings and scripts), read with and without the
//! checksum. Throughput is reported in bytes per second of input.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use krb_format::*;

fn generate(target_bytes: usize) -> Vec<u8> {
    let mut doc = Document { required_vms: vec![languages::LUA], ..Document::default() };
    let s = |doc: &mut Document, text: &str| doc.strings.intern(text);
    let file = s(&mut doc, "app.kry");
    let root_props = vec![Property {
        id: 1,
        flags: 0,
        name: None,
        value: Value::String(s(&mut doc, "Benchmark")),
    }];
    let properties = doc.push_properties(root_props);
    doc.elements.push(Element {
        kind: 1,
        tag: None,
        parent: None,
        id: None,
        component: None,
        properties,
        state_sets: Span::default(),
        events: Span::default(),
    });
    let count = s(&mut doc, "count");
    doc.variables.push(Variable {
        name: count,
        ty: VarType::Int,
        flags: variable_flags::ALL,
        initial: Value::Int { value: 0, unit: Unit::None },
    });
    let mut i = 0u32;
    loop {
        let id = s(&mut doc, &format!("item{i}"));
        let label = s(&mut doc, &format!("Item number {i}: "));
        let handler = s(&mut doc, &format!("on_item_{}", i % 500));
        let custom = s(&mut doc, "data-index");
        let props = vec![
            Property {
                id: 20,
                flags: 0,
                name: None,
                value: Value::Int { value: 10, unit: Unit::Px },
            },
            Property {
                id: 21,
                flags: 0,
                name: None,
                value: Value::Float { value: 0.5, unit: Unit::Percent },
            },
            Property { id: 30, flags: 0, name: None, value: Value::Color(0x3366ffff) },
            Property {
                id: 40,
                flags: property_flags::BOUND,
                name: None,
                value: Value::Template(vec![TemplatePart::Text(label), TemplatePart::Var(count)]),
            },
            Property {
                id: 0,
                flags: 0,
                name: Some(custom),
                value: Value::List(vec![
                    Value::Int { value: i as i64, unit: Unit::None },
                    Value::Word(id),
                ]),
            },
        ];
        let properties = doc.push_properties(props);
        let hover =
            vec![Property { id: 30, flags: 0, name: None, value: Value::Color(0xff0000ff) }];
        let state_sets = doc.push_state_sets([(states::HOVER, hover)]);
        let events = doc
            .push_events([Event { kind: EventKind::Click, handler: Handler::Function(handler) }]);
        let element = doc.elements.len() as u32;
        doc.elements.push(Element {
            kind: 3,
            tag: None,
            parent: Some(0),
            id: Some(id),
            component: None,
            properties,
            state_sets,
            events,
        });
        doc.bindings.push(Binding {
            owner: BindingOwner::Element(element),
            state_set: None,
            property: 3,
            variables: vec![0],
        });
        if i.is_multiple_of(500) {
            let body = s(&mut doc, &format!("count = count + {i}\nprint(count)\n"));
            let lua = s(&mut doc, "lua");
            doc.scripts.push(Script {
                language: languages::LUA,
                role: ScriptRole::Function,
                vm: lua,
                name: Some(handler),
                payload: Payload::Source(body),
                location: SourceLocation { file, line: i + 1, column: 5 },
                entry_points: vec![EntryPoint {
                    name: handler,
                    params: vec![],
                    location: SourceLocation { file, line: i, column: 1 },
                }],
            });
        }
        i += 1;
        if i.is_multiple_of(1000) && write(&doc).map(|b| b.len()).unwrap_or(0) >= target_bytes {
            break;
        }
    }
    write(&doc).expect("the generated document is valid")
}

fn read_bench(c: &mut Criterion) {
    let bytes = generate(10 << 20);
    let mut group = c.benchmark_group("krb");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("read_10mb", |b| b.iter(|| read(&bytes).expect("valid")));
    group.bench_function("read_10mb_no_checksum", |b| {
        b.iter(|| read_with(&bytes, ReadOptions { verify_checksum: false }).expect("valid"))
    });
    let doc = read(&bytes).expect("valid");
    group.bench_function("write_10mb", |b| b.iter(|| write(&doc).expect("valid")));
    group.finish();
}

criterion_group!(benches, read_bench);
criterion_main!(benches);

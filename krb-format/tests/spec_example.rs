//! The worked example of SPEC.md §15: the document built here must encode to exactly the bytes
//! listed in the specification, and those bytes must read back to the same document.

use krb_format::*;

fn example() -> Document {
    let mut doc = Document::default();
    let root = doc.strings.intern("root");
    let hi = doc.strings.intern("Hi");
    let label = doc.strings.intern("Count: ");
    let count = doc.strings.intern("count");
    let generator = doc.strings.intern("generator");
    let kryc = doc.strings.intern("kryc");
    doc.metadata.push((generator, kryc));
    // App (element type 1) with window_title (property 3).
    let properties =
        doc.push_properties([Property { id: 3, flags: 0, name: None, value: Value::String(hi) }]);
    doc.elements.push(Element {
        kind: 1,
        tag: None,
        parent: None,
        id: Some(root),
        component: None,
        properties,
        state_sets: Span::default(),
        events: Span::default(),
    });
    // Text (element type 3) with text (property 80) bound to `count`.
    let properties = doc.push_properties([Property {
        id: 80,
        flags: property_flags::BOUND,
        name: None,
        value: Value::Template(vec![TemplatePart::Text(label), TemplatePart::Var(count)]),
    }]);
    doc.elements.push(Element {
        kind: 3,
        tag: None,
        parent: Some(0),
        id: None,
        component: None,
        properties,
        state_sets: Span { start: 0, len: 0 },
        events: Span { start: 0, len: 0 },
    });
    doc.variables.push(Variable {
        name: count,
        ty: VarType::Int,
        flags: variable_flags::BOUND,
        initial: Value::Int { value: 0, unit: Unit::None },
    });
    doc.bindings.push(Binding {
        owner: BindingOwner::Element(1),
        state_set: None,
        property: 0,
        variables: vec![0],
    });
    doc
}

/// The bytes of the `hex` block of SPEC.md: each line is an offset, bytes in hex, and an
/// optional `# comment`. The offsets are checked too.
fn spec_bytes() -> Vec<u8> {
    let spec = include_str!("../SPEC.md");
    let start = spec.find("```hex\n").expect("SPEC.md has a hex block") + 7;
    let end = start + spec[start..].find("```").expect("the hex block ends");
    let mut bytes = Vec::new();
    for line in spec[start..end].lines() {
        let data = line.split('#').next().unwrap_or("");
        let mut tokens = data.split_whitespace();
        let Some(offset) = tokens.next() else { continue };
        let offset = usize::from_str_radix(offset, 16).expect("an offset in hex");
        assert_eq!(offset, bytes.len(), "offset of line `{line}`");
        bytes.extend(tokens.map(|t| u8::from_str_radix(t, 16).expect("a byte in hex")));
    }
    bytes
}

#[test]
fn spec_example_matches_the_writer_byte_for_byte() {
    let written = write(&example()).expect("the example is valid");
    let listed = spec_bytes();
    if written != listed {
        let dump: Vec<String> = written
            .chunks(16)
            .enumerate()
            .map(|(i, c)| {
                let hex: Vec<String> = c.iter().map(|b| format!("{b:02x}")).collect();
                format!("{:04x}  {}", i * 16, hex.join(" "))
            })
            .collect();
        panic!("SPEC.md's example differs from the writer's bytes:\n{}", dump.join("\n"));
    }
    assert_eq!(read(&listed).expect("the example reads"), example());
}

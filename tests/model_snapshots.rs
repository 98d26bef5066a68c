//! A snapshot of the resolved UI model (elements, functions, variables, styles) for every
//! valid conformance file and example, each with its source.

mod common;

use std::path::{Path, PathBuf};

use kryc::passes::{analyze, dump::dump, AnalysisOptions};
use kryc::program::{parse_program, FrontendOptions};
use kryc::source::SourceDb;

use common::{DiskLoader, VALID};

fn snapshot(root: &Path, relative: &str) {
    let path: PathBuf = root.join(relative);
    let source = std::fs::read_to_string(&path).expect("readable");
    let mut db = SourceDb::new();
    let program =
        parse_program(&mut db, &path, source.clone(), &DiskLoader, &FrontendOptions::default());
    let (analysis, diagnostics) = analyze(&program, &AnalysisOptions::default());
    let errors: Vec<_> = program
        .diagnostics
        .iter()
        .chain(&diagnostics)
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{relative}: {errors:?}");
    let name = relative.replace(['/', '.'], "_");
    let text =
        format!("----- SOURCE CODE -- {relative}\n{source}\n----- MODEL\n{}", dump(&analysis));
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("model_{name}"), text);
    });
}

#[test]
fn conformance_models() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/upstream");
    for file in VALID {
        snapshot(&root, file);
    }
}

#[test]
fn example_models() {
    snapshot(Path::new(env!("CARGO_MANIFEST_DIR")), "examples/counter.kry");
}

/// No property written in a valid conformance file is lost: every (element, property) pair in
/// the source is in the resolved model, where the element of a component use is the component
/// (its root carries the use-site properties), except properties a component declares and its
/// template consumes through `$name`.
#[test]
fn no_property_is_lost() {
    use kryc::syntax::ast::{DefineMember, Element, ElementMember, Item};
    use std::collections::BTreeSet;

    fn walk(
        e: &Element,
        consumed: &dyn Fn(&str, &str) -> bool,
        out: &mut BTreeSet<(String, String)>,
    ) {
        for m in &e.members {
            match m {
                ElementMember::Property(p) if !consumed(&e.name.text, &p.name.text) => {
                    out.insert((e.name.text.to_string(), p.name.text.to_string()));
                }
                ElementMember::Child(c) => walk(c, consumed, out),
                ElementMember::For(b) => b.body.iter().for_each(|m| {
                    if let ElementMember::Child(c) = m {
                        walk(c, consumed, out)
                    }
                }),
                _ => {}
            }
        }
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/upstream");
    for file in VALID {
        let path = root.join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        let mut db = SourceDb::new();
        let program =
            parse_program(&mut db, &path, source, &DiskLoader, &FrontendOptions::default());
        let (analysis, _) = analyze(&program, &AnalysisOptions::default());

        // Component properties each template consumes with `$name`.
        let mut referenced: Vec<(String, String)> = Vec::new();
        let mut defines = Vec::new();
        for f in &program.files {
            for item in &f.module.items {
                if let Item::Define(d) = item {
                    defines.push(d);
                    let mut names = Vec::new();
                    kryc::passes::walk::component_values(d, &mut |v| {
                        if let kryc::syntax::ast::ValueKind::Var { path, .. } = &v.kind {
                            names.push(path.to_string());
                        }
                    });
                    for member in &d.members {
                        if let DefineMember::Properties(block) = member {
                            for p in &block.props {
                                if names.contains(&p.name.text.to_string()) {
                                    referenced
                                        .push((d.name.text.to_string(), p.name.text.to_string()));
                                }
                            }
                        }
                    }
                }
            }
        }
        let consumed =
            |element: &str, prop: &str| referenced.iter().any(|(c, p)| c == element && p == prop);
        let mut written = BTreeSet::new();
        for f in &program.files {
            for item in &f.module.items {
                if let Item::Element(e) = item {
                    walk(e, &consumed, &mut written);
                }
            }
        }
        for d in &defines {
            for member in &d.members {
                if let DefineMember::Member(ElementMember::Child(e)) = member {
                    walk(e, &consumed, &mut written);
                }
            }
        }
        let mut resolved = BTreeSet::new();
        for e in &analysis.model.elements {
            for p in &e.properties {
                resolved.insert((e.tag.to_string(), p.name.to_string()));
                if let Some(c) = &e.component {
                    resolved.insert((c.to_string(), p.name.to_string()));
                }
            }
        }
        let lost: Vec<_> = written.difference(&resolved).collect();
        assert!(lost.is_empty(), "{file}: properties lost in the model: {lost:?}");
    }
}

//! KRB output of the compiler: every valid fixture, conformance file and example builds, reads
//! back to the same document, matches the compiler's model, and builds to the same bytes every
//! time; a generated app beyond every 8- and 16-bit limit round-trips; `kryc inspect` of every
//! valid conformance file is a golden snapshot.

mod common;

use std::path::Path;

use krb_format::{BindingOwner, Document, Handler, Payload};
use kryc::check::{check, CheckOptions, Checked};
use kryc::emit::{build, lower, EmitOptions};
use kryc::loader::MemoryLoader;
use kryc::model::{bound_variables, UiModel};
use kryc::registry::{elements, properties};
use kryc::source::SourceDb;

use common::{conformance_root, kry_files, DiskLoader, VALID};

fn options() -> EmitOptions {
    EmitOptions { generator: "kryc (test)".into(), ..EmitOptions::default() }
}

fn check_file(path: &Path) -> (Checked, SourceDb) {
    let text = std::fs::read_to_string(path).expect("readable");
    let mut db = SourceDb::new();
    let checked = check(&mut db, path, text, &DiskLoader, &CheckOptions::default());
    (checked, db)
}

/// Build → read → the same document, which agrees with the model; a second build from
/// scratch gives the same bytes.
fn round_trip(path: &Path) -> Option<Document> {
    let (checked, db) = check_file(path);
    if checked.diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    let doc = lower(&checked, &db, &options());
    let bytes = build(&checked, &db, &options()).expect("within the format's limits");
    let back = krb_format::read(&bytes)
        .unwrap_or_else(|e| panic!("{}: the KRB does not read back: {e}", path.display()));
    assert!(back == doc, "{}: the KRB read back differs from what was written", path.display());
    agrees_with_model(path, &checked.analysis.model, &back);
    let (again, db2) = check_file(path);
    let bytes2 = build(&again, &db2, &options()).expect("builds");
    assert!(bytes == bytes2, "{}: two builds differ", path.display());
    Some(back)
}

/// The document holds what the model holds: the same elements with their types, ids, parents
/// and components; every property (ids and events excepted, which have their own records)
/// under its registry id or its custom name, bound exactly when it refers to a reactive
/// variable; the same events; one script per function with its parameters; the reactive
/// variables.
fn agrees_with_model(path: &Path, model: &UiModel, doc: &Document) {
    let p = path.display();
    assert_eq!(doc.elements.len(), model.elements.len(), "{p}: element count");
    for (i, (e, k)) in model.elements.iter().zip(&doc.elements).enumerate() {
        let kind = match k.tag {
            Some(tag) => doc.str(tag).to_string(),
            None => elements::by_id(k.kind).expect("a registry id").name.to_string(),
        };
        assert_eq!(kind, e.tag.as_str(), "{p}: element {i} type");
        assert_eq!(k.id.map(|s| doc.str(s)), e.id.as_deref(), "{p}: element {i} id");
        assert_eq!(k.parent.map(|x| x as usize), e.parent, "{p}: element {i} parent");
        assert_eq!(k.component.map(|s| doc.str(s)), e.component.as_deref(), "{p}: element {i}");
        let info = elements::element(&e.tag);
        let written: Vec<_> = doc.properties_in(k.properties).to_vec();
        for prop in &e.properties {
            let resolved = properties::lookup(&prop.name, info);
            let canonical = resolved.map(|r| r.info.name);
            if canonical == Some("id")
                || canonical.is_some_and(|c| kryc::model::EventKind::from_property(c).is_some())
            {
                continue;
            }
            let found = written.iter().find(|w| match resolved {
                Some(r) => w.id == r.info.id,
                None => w.id == 0 && w.name.map(|n| doc.str(n)) == Some(prop.name.as_str()),
            });
            let found = found
                .unwrap_or_else(|| panic!("{p}: element {i} property `{}` is missing", prop.name));
            let bound = !bound_variables(&prop.value).is_empty();
            if e.properties.iter().filter(|q| q.name == prop.name).count() == 1 {
                assert_eq!(
                    found.flags & krb_format::property_flags::BOUND != 0,
                    bound,
                    "{p}: element {i} property `{}` binding",
                    prop.name
                );
            }
        }
        assert_eq!(doc.state_sets_in(k.state_sets).len(), e.pseudo_states.len(), "{p}: {i}");
        let events = doc.events_in(k.events);
        assert_eq!(events.len(), e.events.len(), "{p}: element {i} events");
        for (ev, kev) in e.events.iter().zip(events) {
            assert_eq!(ev.kind.name().to_lowercase(), kev.kind.name(), "{p}: element {i}");
            if let (kryc::model::Handler::Function(f), Handler::Function(g)) =
                (&ev.handler, &kev.handler)
            {
                assert_eq!(f.as_str(), doc.str(*g), "{p}: element {i} handler");
            }
        }
    }
    let functions: Vec<_> =
        doc.scripts.iter().filter(|s| s.role == krb_format::ScriptRole::Function).collect();
    assert_eq!(functions.len(), model.functions.len(), "{p}: functions");
    for (f, s) in model.functions.iter().zip(functions) {
        let entry = &s.entry_points[0];
        assert_eq!(doc.str(entry.name), f.name.as_str(), "{p}: function name");
        let params: Vec<&str> = entry.params.iter().map(|x| doc.str(*x)).collect();
        assert_eq!(params, f.params.iter().map(|x| x.as_str()).collect::<Vec<_>>(), "{p}");
        assert!(matches!(s.payload, Payload::Source(b) if doc.str(b) == f.body), "{p}: body");
        assert!(doc.required_vms.contains(&s.language), "{p}: required VM");
    }
    assert_eq!(
        doc.scripts.len(),
        model.functions.len() + model.scripts.len(),
        "{p}: one script per function and @script block"
    );
    for b in &doc.bindings {
        if let BindingOwner::Element(i) = b.owner {
            assert!((i as usize) < model.elements.len());
        }
    }
}

#[test]
fn every_valid_fixture_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = kry_files(&dir);
    let built = files.iter().filter_map(|f| round_trip(f)).count();
    assert!(built > 100, "only {built} fixtures built");
}

#[test]
fn every_conformance_file_and_example_round_trips() {
    let mut built = 0;
    for file in kry_files(&conformance_root()) {
        if round_trip(&file).is_some() {
            built += 1;
        }
    }
    for file in VALID {
        assert!(round_trip(&conformance_root().join(file)).is_some(), "{file} builds");
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/counter.kry");
    assert!(round_trip(&example).is_some());
    assert!(built >= VALID.len());
}

/// More than 70,000 elements and strings: beyond every 8- and 16-bit count of the 2025 layouts.
#[test]
fn a_generated_app_beyond_16_bit_limits_round_trips() {
    let n = 72_000;
    let mut source = String::from("@var count = 0\nApp {\n    windowTitle: \"big\"\n");
    for i in 0..n {
        source.push_str(&format!("    Text {{ id: \"t{i}\" text: \"item {i}: $count\" }}\n"));
    }
    source.push_str("}\n@function \"lua\" bump() {\n    count = count + 1\n}\n");
    let mut db = SourceDb::new();
    let loader = MemoryLoader::new();
    let checked = check(&mut db, Path::new("big.kry"), source, &loader, &CheckOptions::default());
    assert!(!checked.diagnostics.iter().any(|d| d.is_error()), "{:?}", checked.diagnostics.first());
    let bytes = build(&checked, &db, &options()).expect("builds");
    let doc = krb_format::read(&bytes).expect("reads");
    assert_eq!(doc.elements.len(), n + 1);
    assert!(doc.strings.len() > 70_000, "{} strings", doc.strings.len());
    assert_eq!(doc.bindings.len(), n);
    assert_eq!(doc.str(doc.elements[n].id.expect("id")), format!("t{}", n - 1));
    agrees_with_model(Path::new("big.kry"), &checked.analysis.model, &doc);
}

fn inspect_snapshot(relative: &str, path: &Path) {
    let (checked, db) = check_file(path);
    let bytes = build(&checked, &db, &options()).expect("builds");
    let doc = krb_format::read(&bytes).expect("reads");
    let source = std::fs::read_to_string(path).expect("readable");
    let name = relative.replace(['/', '.'], "_");
    let text = format!(
        "----- SOURCE CODE -- {relative}\n{source}\n----- kryc inspect ({} bytes)\n{}",
        bytes.len(),
        kryc::inspect::text(&doc)
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("inspect_{name}"), text);
    });
}

#[test]
fn inspect_snapshots_of_valid_conformance_files() {
    for file in VALID {
        inspect_snapshot(file, &conformance_root().join(file));
    }
    inspect_snapshot(
        "examples/counter.kry",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/counter.kry"),
    );
}

#[test]
fn inspect_json_snapshot() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/counter.kry");
    let (checked, db) = check_file(&path);
    let bytes = build(&checked, &db, &options()).expect("builds");
    let doc = krb_format::read(&bytes).expect("reads");
    let json: serde_json::Value =
        serde_json::from_str(&kryc::inspect::json(&doc)).expect("valid JSON");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!("inspect_json_examples_counter_kry", json);
    });
}

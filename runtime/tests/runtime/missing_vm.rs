//! A KRB needing a VM this build lacks is refused before any script runs.

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::{LoadError, Runtime, VMConfig};

#[cfg(not(feature = "python-vm"))]
#[test]
fn python_without_the_python_feature_fails_before_anything_runs() {
    let mut b = AppBuilder::new();
    b.int_var("ran", 0);
    // A Lua module that would record that it ran, listed before the Python function.
    b.module(LUA, "setup", " ran = 1 ", &[], 1);
    b.function(krb_format::languages::PYTHON, "reset", &[], "\n    pass\n", 2);
    let doc = b.build();
    let bytes = krb_format::write(&doc).expect("writes");
    let error = Runtime::load(&bytes, VMConfig::default()).expect_err("python is missing");
    assert_eq!(
        error,
        LoadError::MissingVm { language: "python".into(), feature: Some("python-vm") }
    );
    let message = error.to_string();
    assert!(message.contains("python"), "{message}");
    assert!(message.contains("`python-vm`"), "{message}");
}

#[cfg(not(feature = "javascript-vm"))]
#[test]
fn javascript_without_the_javascript_feature_names_the_feature() {
    let mut b = AppBuilder::new();
    b.function(krb_format::languages::JAVASCRIPT, "f", &[], " ", 2);
    let error = Runtime::from_document(b.build(), VMConfig::default()).expect_err("missing");
    assert!(error.to_string().contains("`javascript-vm`"), "{error}");
}

#[cfg(not(feature = "wren-vm"))]
#[test]
fn wren_without_the_wren_feature_names_the_feature() {
    let mut b = AppBuilder::new();
    b.function(krb_format::languages::WREN, "f", &[], " ", 2);
    let error = Runtime::from_document(b.build(), VMConfig::default()).expect_err("no wren");
    assert_eq!(error, LoadError::MissingVm { language: "wren".into(), feature: Some("wren-vm") });
    assert!(error.to_string().contains("`wren-vm`"), "{error}");
}

#[cfg(not(feature = "micropython-vm"))]
#[test]
fn micropython_without_the_micropython_feature_names_the_feature() {
    let mut b = AppBuilder::new();
    b.function(krb_format::languages::MICROPYTHON, "f", &[], "\n    pass\n", 2);
    let error = Runtime::from_document(b.build(), VMConfig::default()).expect_err("no micropython");
    assert_eq!(
        error,
        LoadError::MissingVm { language: "micropython".into(), feature: Some("micropython-vm") }
    );
    assert!(error.to_string().contains("`micropython-vm`"), "{error}");
}

#[test]
fn the_header_list_alone_is_enough_to_refuse() {
    let mut doc = AppBuilder::new().build();
    doc.required_vms = vec![9];
    let error = Runtime::from_document(doc, VMConfig::default()).expect_err("unknown");
    assert_eq!(error, LoadError::UnknownLanguage(9));
}

#[test]
fn a_vm_disabled_by_the_config_is_refused() {
    let mut b = AppBuilder::new();
    b.function(LUA, "f", &[], " ", 2);
    let error = Runtime::from_document(b.build(), VMConfig::only(&[])).expect_err("disabled");
    assert_eq!(error, LoadError::DisabledVm { language: "lua".into() });
}

#[test]
fn garbage_bytes_are_a_read_error() {
    let error = Runtime::load(b"not a krb file", VMConfig::default()).expect_err("garbage");
    assert!(matches!(error, LoadError::Read(_)));
}

//! `kryc build` and `kryc inspect` as a user runs them: output paths, exit statuses, no output
//! on errors, byte-identical builds across runs and path spellings, and clear errors for files
//! that are not KRB 1.0.

mod common;

use std::path::PathBuf;

use common::{kryc as kryc_in, repo};

/// A fresh directory for one test, holding a copy of the counter example.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch("cli-build", name);
    std::fs::copy(repo().join("examples/counter.kry"), dir.join("counter.kry")).expect("copy");
    std::fs::copy(repo().join("examples/kryon.toml"), dir.join("kryon.toml")).expect("copy");
    dir
}

const JS_APP: &str = "App {\n    Button { text: \"+\" onClick: \"bump\" }\n}\n@function \"javascript\" bump() {\n    console.log(1);\n}\n";

/// The build manifest: a JavaScript function needs JavaScript in the build. Without it the
/// error is at the language tag, with the `--vms` value, the cargo feature and the preset.
#[test]
fn the_build_manifest_decides_which_languages_build() {
    let dir = scratch("manifest");
    std::fs::remove_file(dir.join("kryon.toml")).expect("no config");
    std::fs::write(dir.join("app.kry"), JS_APP).expect("write");
    let out = kryc_in(&dir, &["build", "app.kry", "--vms", "lua", "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing is written");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(
            "build_javascript_with_vms_lua",
            format!("----- SOURCE CODE -- app.kry\n{JS_APP}\n----- kryc build app.kry --vms lua\n{stderr}")
        );
    });
    // Without any manifest the build is Lua only.
    assert_eq!(kryc_in(&dir, &["build", "app.kry", "-o", "-"]).status.code(), Some(1));
    for ok in [&["--vms", "lua,javascript"][..], &["--vms", "js"], &["--preset", "embedded"]] {
        let mut args = vec!["build", "app.kry", "-o", "-"];
        args.extend_from_slice(ok);
        let out = kryc_in(&dir, &args);
        assert_eq!(out.status.code(), Some(0), "{ok:?}: {}", String::from_utf8_lossy(&out.stderr));
        let doc = krb_format::read(&out.stdout).expect("valid KRB");
        assert_eq!(doc.required_vms, vec![krb_format::languages::JAVASCRIPT]);
    }
    std::fs::write(dir.join("kryon.toml"), "[build]\nvms = [\"lua\", \"javascript\"]\n")
        .expect("write");
    assert_eq!(kryc_in(&dir, &["build", "app.kry", "-o", "-"]).status.code(), Some(0));
    // The command line wins over kryon.toml.
    assert_eq!(
        kryc_in(&dir, &["build", "app.kry", "--vms", "lua", "-o", "-"]).status.code(),
        Some(1)
    );
    // `kryc check` takes the same options.
    assert_eq!(kryc_in(&dir, &["check", "app.kry", "--preset", "minimal"]).status.code(), Some(1));
    assert_eq!(kryc_in(&dir, &["check", "app.kry"]).status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn invalid_config_and_options_are_usage_errors() {
    let dir = scratch("config");
    std::fs::write(dir.join("kryon.toml"), "[build]\nvms = [\"lua\", \"pyhton\"]\n")
        .expect("write");
    let out = kryc_in(&dir, &["build", "counter.kry"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("K0004") && stderr.contains("did you mean `python`"), "{stderr}");
    assert!(stderr.contains("kryon.toml:2:"), "points into kryon.toml: {stderr}");
    let out = kryc_in(&dir, &["build", "counter.kry", "--vms", "lua,jss"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `js`"));
    let out = kryc_in(&dir, &["build", "counter.kry", "--preset", "desk"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kryc_in(&dir, &["build", "counter.kry", "--preset", "full", "--vms", "lua"]);
    assert_eq!(out.status.code(), Some(2), "--vms and --preset conflict");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn vms_lists_languages_and_presets() {
    let out = kryc_in(&repo(), &["vms"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("JavaScript   javascript, js  VM quickjs"), "{text}");
    assert!(text.contains("  desktop   lua, javascript, python"), "{text}");
    // A kryc built with the Wren VM runs Wren apps and says so.
    #[cfg(feature = "wren-vm")]
    assert!(
        text.lines().any(|l| l.starts_with("this kryc runs KRB files with:") && l.contains("wren")),
        "{text}"
    );
}

#[test]
fn build_writes_beside_the_input_by_default() {
    let dir = scratch("default");
    let out = kryc_in(&dir, &["build", "counter.kry"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.join("counter.krb")).expect("counter.krb written");
    let doc = krb_format::read(&bytes).expect("a valid KRB file");
    assert_eq!(doc.required_vms, vec![1, 2, 3], "Lua, JavaScript and Python");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote counter.krb"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_to_a_named_output_and_to_stdout() {
    let dir = scratch("named");
    let out = kryc_in(&dir, &["build", "counter.kry", "-o", "app.krb"]);
    assert_eq!(out.status.code(), Some(0));
    let file = std::fs::read(dir.join("app.krb")).expect("app.krb written");
    let out = kryc_in(&dir, &["build", "counter.kry", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, file, "`-o -` writes the same bytes to standard output");
    // Machine-readable diagnostics go to stdout too: the two cannot share it.
    let out = kryc_in(&dir, &["build", "counter.kry", "-o", "-", "--diagnostic-format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn builds_are_identical_across_runs_and_path_spellings() {
    let dir = scratch("deterministic");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).expect("sub dir");
    let absolute = dir.join("counter.kry");
    let runs = [
        kryc_in(&dir, &["build", "counter.kry", "-o", "-"]),
        kryc_in(&dir, &["build", "./counter.kry", "-o", "-"]),
        kryc_in(&sub, &["build", "../counter.kry", "-o", "-"]),
        kryc_in(&sub, &["build", absolute.to_str().expect("UTF-8 path"), "-o", "-"]),
    ];
    for run in &runs {
        assert_eq!(run.status.code(), Some(0));
        assert_eq!(run.stdout, runs[0].stdout, "every build gives the same bytes");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_output_when_there_are_errors() {
    let dir = scratch("errors");
    std::fs::write(dir.join("broken.kry"), "App {\n    width: \"wide\"\n").expect("write");
    let out = kryc_in(&dir, &["build", "broken.kry"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("broken.krb").exists(), "nothing is written for a file with errors");
    // Warnings alone build; with --deny-warnings they do not.
    std::fs::write(dir.join("warn.kry"), "App {\n    colour_of_sky: 3\n}\n").expect("write");
    let out = kryc_in(&dir, &["build", "warn.kry"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(dir.join("warn.krb")).expect("built");
    let out = kryc_in(&dir, &["build", "--deny-warnings", "warn.kry"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("warn.krb").exists());
    let out = kryc_in(&dir, &["build", "missing.kry"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inspect_shows_the_tree_and_json() {
    let dir = scratch("inspect");
    assert_eq!(kryc_in(&dir, &["build", "counter.kry"]).status.code(), Some(0));
    let out = kryc_in(&dir, &["inspect", "counter.krb"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.starts_with("KRB 1.0\nrequired VMs: lua, javascript, python\n"), "{text}");
    assert!(text.contains("on click: function increment"), "{text}");
    assert!(text.contains("python (rustpython VM) function reset"), "{text}");
    let out = kryc_in(&dir, &["inspect", "--json", "counter.krb"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["required_vms"], serde_json::json!(["lua", "javascript", "python"]));
    assert_eq!(json["variables"][0]["name"], "counter");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inspect_explains_files_it_cannot_read() {
    let dir = scratch("bad-krb");
    std::fs::write(dir.join("text.krb"), "App { }").expect("write");
    let out = kryc_in(&dir, &["inspect", "text.krb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a KRB file"));

    let mut legacy = b"KRB1\x05\x00".to_vec();
    legacy.resize(54, 0);
    std::fs::write(dir.join("old.krb"), legacy).expect("write");
    let out = kryc_in(&dir, &["inspect", "old.krb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2025 KRB file"));

    assert_eq!(kryc_in(&dir, &["build", "counter.kry"]).status.code(), Some(0));
    let mut bytes = std::fs::read(dir.join("counter.krb")).expect("built");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(dir.join("corrupt.krb"), &bytes).expect("write");
    let out = kryc_in(&dir, &["inspect", "corrupt.krb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));

    let out = kryc_in(&dir, &["inspect", "missing.krb"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One run reports the script errors of every language, in human and JSON form; the JSON
/// `origin` gives the language, the function and the position inside the script.
#[test]
fn errors_in_three_languages_at_once() {
    let source =
        std::fs::read_to_string(repo().join("tests/cli/three_languages.kry")).expect("read");
    let file = "tests/cli/three_languages.kry";
    let human = kryc_in(&repo(), &["check", "--preset", "desktop", file]);
    assert_eq!(human.status.code(), Some(1));
    let json =
        kryc_in(&repo(), &["check", "--preset", "desktop", "--diagnostic-format", "json", file]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let origins: Vec<&str> = value["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["origin"]["language"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(origins, ["lua", "javascript", "python"]);
    let text = format!(
        "----- SOURCE CODE -- {file}\n{source}\n----- human\n{}\n----- json\n{}",
        String::from_utf8_lossy(&human.stderr),
        serde_json::to_string_pretty(&value["diagnostics"]).expect("JSON")
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("check_three_languages", text);
    });
}

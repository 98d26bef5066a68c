//! `kryc vms --recommend`: snapshots (each with its source) of the recommendation for apps in
//! one, two and three languages, in text and JSON, with a `--target` the app fits and one it
//! does not (the exit status says which), and the numbers checked against the benchmark
//! tables they are read from.

mod common;

use std::path::Path;

const APPS: &[&str] = &[
    "tests/recommend/one_language.kry",
    "tests/recommend/two_languages.kry",
    "tests/recommend/three_languages.kry",
];

fn snapshot(name: &str, path: &str, args: &[&str]) -> std::process::Output {
    let source = std::fs::read_to_string(path).expect("readable");
    let out = common::kryc(&common::repo(), args);
    let text = format!(
        "----- SOURCE CODE -- {path}\n{source}\n----- kryc {}\n----- exit status {:?}\n{}{}",
        args.join(" "),
        out.status.code(),
        common::stdout(&out),
        common::stderr(&out)
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
    out
}

fn stem(path: &str) -> String {
    Path::new(path).file_stem().unwrap().to_string_lossy().to_string()
}

#[test]
fn apps_in_one_two_and_three_languages() {
    for path in APPS {
        let name = stem(path);
        let out = snapshot(&format!("recommend_{name}_text"), path, &["vms", "--recommend", path]);
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
        let out = snapshot(
            &format!("recommend_{name}_json"),
            path,
            &["vms", "--recommend", path, "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    }
}

#[test]
fn a_target_that_fits_and_one_that_does_not() {
    let path = "tests/recommend/two_languages.kry";
    let out = snapshot(
        "recommend_target_fits",
        path,
        &["vms", "--recommend", path, "--target", "desktop"],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = snapshot(
        "recommend_target_does_not_fit",
        path,
        &["vms", "--recommend", path, "--target", "embedded"],
    );
    assert_eq!(out.status.code(), Some(1), "an app that does not fit its target fails");
    let out = common::kryc(
        &common::repo(),
        &["vms", "--recommend", path, "--target", "embedded", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value["target"]["fits"], false);
    assert_eq!(value["target"]["missing"], serde_json::json!(["python"]));
}

fn table(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("the table")).expect("JSON")
}

/// The numbers come from `docs/data/`, the files the benchmark scripts write.
#[test]
fn the_numbers_are_the_measured_tables() {
    let players = table("docs/data/player-sizes.json");
    let vms = table("docs/data/vm-costs.json");
    for path in APPS {
        let out = common::kryc(&common::repo(), &["vms", "--recommend", path, "--format", "json"]);
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let preset = r["preset"]["name"].as_str().expect("a preset");
        let row = players["player"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["preset"] == preset)
            .expect("the preset is measured");
        assert_eq!(r["preset"]["player_bytes"], row["bytes"], "{path}");
        assert_eq!(r["preset"]["first_frame_ms"], row["first_frame_ms"], "{path}");
        for need in r["needs"].as_array().unwrap() {
            let vm =
                vms["vms"].as_array().unwrap().iter().find(|v| v["language"] == need["language"]);
            let vm = vm.expect("every VM the apps use is measured");
            assert_eq!(need["start_us"], vm["start_us"], "{path}");
            assert_eq!(need["memory_bytes"], vm["memory_bytes"], "{path}");
        }
        assert_eq!(r["measured"]["player_sizes"]["date"], players["date"]);
        assert_eq!(r["measured"]["vm_costs"]["date"], vms["date"]);
    }
}

#[test]
fn without_recommend_the_list_is_printed() {
    let out = common::kryc(&common::repo(), &["vms"]);
    assert!(out.status.success());
    assert!(common::stdout(&out).contains("presets"));
    let out = common::kryc(&common::repo(), &["vms", "--target", "minimal"]);
    assert_eq!(out.status.code(), Some(2), "--target needs --recommend");
}

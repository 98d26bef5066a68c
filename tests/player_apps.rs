//! The player's test apps (`player/tests/apps/`) are committed as `.kry` with their `.krb`
//! builds, because the player's tests cannot run the compiler (the player never depends on
//! it). This test keeps each `.krb` the exact build of its `.kry`;
//! `KRYC_BLESS=1 cargo test --test player_apps` rebuilds them.

mod common;

use common::{kry_files, kryc, repo, scratch, stderr};

#[test]
fn every_player_test_app_is_committed_with_its_current_build() {
    let apps = repo().join("player/tests/apps");
    let files = kry_files(&apps);
    assert!(!files.is_empty(), "the player's test apps are missing");
    let bless = std::env::var_os("KRYC_BLESS").is_some_and(|v| v == "1");
    let dir = scratch("player_apps", "builds");
    let mut stale = Vec::new();
    for file in &files {
        let built = dir.join(file.file_name().expect("name")).with_extension("krb");
        let output = kryc(
            &repo(),
            &["build", file.to_str().expect("utf-8"), "-o", built.to_str().expect("utf-8")],
        );
        assert!(output.status.success(), "{}: {}", file.display(), stderr(&output));
        let fresh = std::fs::read(&built).expect("the build");
        let committed_path = file.with_extension("krb");
        if bless {
            std::fs::write(&committed_path, &fresh).expect("write the build");
        } else if std::fs::read(&committed_path).ok().as_deref() != Some(fresh.as_slice()) {
            stale.push(committed_path.display().to_string());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        stale.is_empty(),
        "stale or missing builds (run KRYC_BLESS=1 cargo test --test player_apps): {stale:?}"
    );
}

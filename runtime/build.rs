//! With the `micropython-vm` feature: finds MicroPython's WebAssembly build (the npm package
//! `@micropython/micropython-webassembly-pyscript`, pinned in `micropython/package-lock.json`),
//! checks its SHA-256 and copies it to `OUT_DIR` for `include_bytes!`. Without the feature it
//! does nothing.
//!
//! Where the `.wasm` comes from, in order: the file `KRYON_MICROPYTHON_WASM` names; the
//! package `npm ci --prefix runtime/micropython` installed; otherwise this script runs that
//! `npm ci` itself in `OUT_DIR` (npm checks the lockfile's sha512), so a plain
//! `cargo build --features micropython-vm` works on a machine with npm and the registry.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The package's version, as `micropython/package-lock.json` pins it.
const VERSION: &str = "1.27.0";
/// SHA-256 of `micropython.wasm` in that version.
const WASM_SHA256: &str = "06338c955b03c5700aa0069015d3e392d76836ef8e2ce25bedbe59b88ccd373c";
const PACKAGE_PATH: &str = "node_modules/@micropython/micropython-webassembly-pyscript";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var_os("CARGO_FEATURE_MICROPYTHON_VM").is_none() {
        return;
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let npm_dir = manifest.join("micropython");
    println!("cargo:rerun-if-env-changed=KRYON_MICROPYTHON_WASM");
    println!("cargo:rerun-if-changed={}", npm_dir.join("package-lock.json").display());
    let installed = npm_dir.join(PACKAGE_PATH).join("micropython.wasm");
    println!("cargo:rerun-if-changed={}", installed.display());

    let source = if let Some(path) = env::var_os("KRYON_MICROPYTHON_WASM") {
        PathBuf::from(path)
    } else if installed.is_file() {
        installed
    } else {
        install_into(&npm_dir, &out.join("npm"))
    };
    let bytes = fs::read(&source)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", source.display())));
    let digest = hex(&Sha256::digest(&bytes));
    if digest != WASM_SHA256 {
        fail(&format!(
            "{} has SHA-256 {digest}, not the pinned {WASM_SHA256} of \
             @micropython/micropython-webassembly-pyscript {VERSION}",
            source.display()
        ));
    }
    fs::write(out.join("micropython.wasm"), &bytes)
        .unwrap_or_else(|e| fail(&format!("cannot write to OUT_DIR: {e}")));
}

/// Runs `npm ci` on a copy of `package.json` and `package-lock.json` in `dir`; the path of the
/// installed `.wasm`.
fn install_into(npm_dir: &Path, dir: &Path) -> PathBuf {
    let wasm = dir.join(PACKAGE_PATH).join("micropython.wasm");
    if wasm.is_file() {
        return wasm;
    }
    fs::create_dir_all(dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", dir.display())));
    for file in ["package.json", "package-lock.json"] {
        fs::copy(npm_dir.join(file), dir.join(file))
            .unwrap_or_else(|e| fail(&format!("cannot copy micropython/{file}: {e}")));
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix"])
        .arg(dir)
        .status();
    match status {
        Ok(s) if s.success() && wasm.is_file() => wasm,
        Ok(s) => fail(&format!("`npm ci` for the MicroPython package failed ({s})")),
        Err(e) => fail(&format!("cannot run npm ({e})")),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fail(why: &str) -> ! {
    panic!(
        "\n\nthe micropython-vm feature embeds MicroPython's WebAssembly build \
         (@micropython/micropython-webassembly-pyscript {VERSION}, MIT) from the npm registry: \
         {why}.\nRun `npm ci --prefix runtime/micropython` (needs node and npm), or set \
         KRYON_MICROPYTHON_WASM to a micropython.wasm of that version.\n\n"
    )
}

//! Bundles the Noto Sans faces (from the `ttf-noto-sans` crate) deflate-compressed: the
//! renderer inflates them once when its text engine starts, which keeps about 250 KB out of
//! every binary that draws text (the player's size budget).

use std::path::Path;

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for (name, data) in [
        ("NotoSans-Regular", ttf_noto_sans::REGULAR),
        ("NotoSans-Bold", ttf_noto_sans::BOLD),
        ("NotoSans-Italic", ttf_noto_sans::ITALIC),
    ] {
        let packed = miniz_oxide::deflate::compress_to_vec(data, 10);
        let path = Path::new(&out).join(format!("{name}.ttf.deflate"));
        std::fs::write(&path, packed).expect("the build script can write to OUT_DIR");
    }
    println!("cargo::rerun-if-changed=build.rs");
}

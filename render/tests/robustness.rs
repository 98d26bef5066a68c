//! Random trees with random property values (every property the registry has, with values
//! of every kind, absurd sizes included) never panic layout, painting, hit testing or
//! incremental frames; after random changes an incremental frame has the same bytes as a full
//! frame. `KRYON_RENDER_CASES=N` sets the number of random apps (default 24).

mod support;

use krb_format::states;
use kryon_registry::properties::PROPERTIES;
use kryon_render::{AppView, MemoryResources, RenderOptions, Renderer};
use kryon_runtime::{ElementChange, ElementTree, ScriptValue};
use support::{full_frame, kinds, Builder, NoVariables};

/// xorshift64*: deterministic, so a failure is reproducible from its case number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "10",
    "100",
    "250px",
    "50%",
    "100%",
    "150%",
    "2em",
    "1.5rem",
    "10vw",
    "50vh",
    "auto",
    "1e12",
    "-1e12",
    "1e300",
    "0.5",
    "3",
    "#ff0000",
    "#00ff0080",
    "#123",
    "red",
    "transparent",
    "true",
    "false",
    "row",
    "column",
    "row center wrap grow",
    "column end",
    "absolute",
    "space-between",
    "center",
    "stretch",
    "hidden",
    "scroll",
    "grid",
    "none",
    "ellipsis",
    "nowrap",
    "bold",
    "900",
    "italic",
    "underline",
    "uppercase",
    "1fr 2fr 100px",
    "repeat(3, 1fr)",
    "1 / span 2",
    "span 2",
    "0 2 4 #00000040",
    "4 4 30 10 #ff000080",
    "10 20",
    "1 2 3 4",
    "1 solid #cccccc",
    "2 dashed blue",
    "password",
    "checkbox",
    "radio",
    "range",
    "textarea",
    "missing.png",
    "broken.png",
    "Noto Sans",
    "Unknown Font",
    "contain",
    "cover",
    "fill",
    "scale-down",
    "",
    "A long text that wraps over several lines of the box",
    "日本語のテキスト",
    "emoji 🎉",
    "\u{202e}rtl",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999",
];

const KINDS: &[u16] = &[
    kinds::CONTAINER,
    kinds::TEXT,
    kinds::IMAGE,
    kinds::BUTTON,
    kinds::INPUT,
    kinds::GRID,
    kinds::SCROLLABLE,
    kinds::CHECKBOX,
    kinds::RADIO,
    kinds::SLIDER,
    7,
    8,
    9,
    12,
    13,
    14,
    18,
    99,
];

fn random_props(rng: &mut Rng, count: usize) -> Vec<(&'static str, &'static str)> {
    (0..count)
        .map(|_| {
            let name = PROPERTIES[rng.below(PROPERTIES.len())].name;
            (name, rng.pick(VALUES))
        })
        .collect()
}

fn random_app(seed: u64) -> Builder {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let w = ["320", "800", "1", "5000", "100000", "-5", "50%"][rng.below(7)];
    let mut b = Builder::app(&[("window_width", w), ("window_height", "240")]);
    let styles = ["a", "b", "c"];
    for name in styles {
        let props = random_props(&mut rng, 4);
        let hover = random_props(&mut rng, 2);
        let checked = random_props(&mut rng, 2);
        b.style(
            name,
            &props,
            &[(states::HOVER, &hover), (states::CHECKED | states::FOCUS, &checked)],
        );
    }
    let count = 1 + rng.below(40);
    for i in 0..count {
        let parent = rng.below(i + 1) as u32;
        let kind = KINDS[rng.below(KINDS.len())];
        let n = rng.below(8);
        let mut props = random_props(&mut rng, n);
        if rng.below(3) == 0 {
            props.push(("style", styles[rng.below(3)]));
        }
        if rng.below(2) == 0 {
            props.push(("text", rng.pick(VALUES)));
        }
        let sets = random_props(&mut rng, 2);
        let id = format!("e{}", i + 1);
        b.element_with_states(kind, Some(parent), Some(&id), &props, &[(states::ACTIVE, &sets)]);
    }
    b
}

fn resources() -> MemoryResources {
    let mut files = MemoryResources::default();
    files.0.insert("broken.png".into(), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR garbage".to_vec());
    files
}

fn random_changes(rng: &mut Rng, tree: &mut ElementTree) -> Vec<ElementChange> {
    let n = tree.elements().len() as u32;
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let i = rng.below(n as usize) as u32;
        match rng.below(4) {
            0 => out.extend(tree.set_interaction(i, (rng.next() % 8) as u32)),
            1 => out.extend(tree.set_property(i, "text", ScriptValue::from(rng.pick(VALUES)))),
            _ => {
                let name = PROPERTIES[rng.below(PROPERTIES.len())].name;
                out.extend(tree.set_property(i, name, ScriptValue::from(rng.pick(VALUES))));
            }
        }
    }
    out
}

#[test]
fn random_apps_render_without_panics_and_incremental_frames_match_full_frames() {
    let cases: u64 =
        std::env::var("KRYON_RENDER_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    for case in 0..cases {
        let b = random_app(case);
        let mut tree = b.tree();
        let options = RenderOptions { size: None, scale: [1.0, 2.0, 0.5][case as usize % 3] };
        let mut r = Renderer::new(resources(), options);
        r.render(AppView::new(&b.doc, &tree, &NoVariables));
        let _ = r.take_warnings();
        let (w, h) = (r.frame().width() as f32, r.frame().height() as f32);
        let mut rng = Rng(case + 7);
        for _ in 0..20 {
            let x = (rng.next() % 1000) as f32 / 1000.0 * w;
            let y = (rng.next() % 1000) as f32 / 1000.0 * h;
            let _ = r.hit_path(x, y);
        }
        let _ = r.layout_boxes(&tree);
        for step in 0..3 {
            let changes = random_changes(&mut rng, &mut tree);
            r.update(AppView::new(&b.doc, &tree, &NoVariables), &changes);
            let mut fresh = Renderer::new(resources(), options);
            fresh.render(AppView::new(&b.doc, &tree, &NoVariables));
            if r.frame().data() != fresh.frame().data() {
                let w = r.frame().width() as usize;
                let (a, f) = (r.frame().data(), fresh.frame().data());
                let diff: Vec<usize> = (0..a.len() / 4)
                    .filter(|p| a[p * 4..p * 4 + 4] != f[p * 4..p * 4 + 4])
                    .collect();
                let xs = diff.iter().map(|p| p % w);
                let ys = diff.iter().map(|p| p / w);
                panic!(
                    "case {case}, step {step}: the incremental frame differs from a full frame in {} pixels, x {:?}..{:?}, y {:?}..{:?}; changes {changes:?}",
                    diff.len(), xs.clone().min(), xs.max(), ys.clone().min(), ys.max()
                );
            }
        }
    }
}

#[test]
fn pathological_inputs_are_clamped_not_fatal() {
    // A deep chain, a huge font, an enormous box, a long text, a window beyond the limits.
    let mut b = Builder::app(&[("window_width", "1e12"), ("window_height", "-40")]);
    let mut parent = 0;
    for _ in 0..2000 {
        parent = b.element(kinds::CONTAINER, Some(parent), None, &[("padding", "1")]);
    }
    b.child(kinds::TEXT, &[("text", "huge"), ("font_size", "1e9")]);
    b.child(
        kinds::CONTAINER,
        &[("width", "1e12"), ("height", "1e12"), ("box_shadow", "0 0 1e9 #000")],
    );
    let long = "word ".repeat(50_000);
    b.child(kinds::TEXT, &[("text", &long)]);
    b.child(kinds::IMAGE, &[("src", "broken.png"), ("width", "-50")]);
    let tree = b.tree();
    let mut r = Renderer::new(resources(), RenderOptions::default());
    r.render(AppView::new(&b.doc, &tree, &NoVariables));
    let warnings = r.take_warnings();
    assert!(warnings.iter().any(|w| w.contains("broken.png")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("deeper")), "{warnings:?}");
    assert!(r.frame().width() <= kryon_render::MAX_FRAME_SIDE);
    assert!(r.frame().height() >= 1);
    // Rendering twice gives the same bytes.
    assert_eq!(r.frame().data(), full_frame(&b.doc, &tree, RenderOptions::default()).as_slice());
}

#[test]
fn an_empty_document_renders_the_default_window() {
    let doc = krb_format::Document::default();
    let tree = ElementTree::from_document(&doc, &NoVariables);
    let mut r = Renderer::new(MemoryResources::default(), RenderOptions::default());
    let frame = r.render(AppView::new(&doc, &tree, &NoVariables));
    assert!(frame.full);
    assert_eq!((r.frame().width(), r.frame().height()), (800, 600));
    assert_eq!(r.hit_test(10.0, 10.0), None);
}

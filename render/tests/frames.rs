//! Incremental frames, hit testing and scrolling on documents built by hand: an incremental
//! frame after a change repaints only the damaged part and gives the same bytes as a full
//! frame of the new state; the element under a point respects paint order, clipping,
//! visibility and `disabled`.

mod support;

use krb_format::states;
use kryon_render::{AppView, MemoryResources, RenderOptions, Renderer};
use kryon_runtime::ScriptValue;
use support::{full_frame, kinds, Builder, NoVariables};

fn labels() -> Builder {
    let mut b = Builder::app(&[("window_width", "400"), ("window_height", "300")]);
    let list =
        b.element(kinds::CONTAINER, Some(0), Some("list"), &[("padding", "10"), ("gap", "4")]);
    for i in 0..20 {
        let id = format!("l{i}");
        b.element(kinds::TEXT, Some(list), Some(&id), &[("text", &format!("Label {i}"))]);
    }
    b.element(
        kinds::BUTTON,
        Some(0),
        Some("go"),
        &[("text", "Go"), ("border_radius", "8"), ("box_shadow", "0 2 6 #00000060")],
    );
    b
}

#[test]
fn a_text_change_repaints_a_small_region_identical_to_a_full_frame() {
    let b = labels();
    let mut tree = b.tree();
    let options = RenderOptions::default();
    let mut r = Renderer::new(MemoryResources::default(), options);
    let first = r.render(AppView::new(&b.doc, &tree, &NoVariables));
    assert!(first.full);
    let index = tree.find("l3").unwrap();
    let change = tree.set_property(index, "text", ScriptValue::from("Label 3!")).unwrap();
    let frame = r.update(AppView::new(&b.doc, &tree, &NoVariables), &[change]);
    assert!(!frame.full);
    let area: u64 = frame.damage.iter().map(|d| d.area()).sum();
    assert!(area > 0 && area < 400 * 300 / 10, "damage {:?}", frame.damage);
    assert_eq!(r.frame().data(), full_frame(&b.doc, &tree, options).as_slice());
    // A text of the same size (digits are all as wide): no layout at all.
    let change = tree.set_property(index, "text", ScriptValue::from("Label 8!")).unwrap();
    let frame = r.update(AppView::new(&b.doc, &tree, &NoVariables), &[change]);
    assert!(!frame.relayout && !frame.damage.is_empty(), "{frame:?}");
    assert_eq!(r.frame().data(), full_frame(&b.doc, &tree, options).as_slice());
}

#[test]
fn changes_that_move_things_and_states_match_full_frames() {
    let mut b = labels();
    b.style(
        "card",
        &[("background_color", "#eeeeff"), ("border_radius", "6")],
        &[(
            states::HOVER,
            &[("background_color", "#ccccff"), ("border_width", "2"), ("border_color", "#3333aa")],
        )],
    );
    let card = b.element(
        kinds::CONTAINER,
        Some(0),
        Some("card"),
        &[("style", "card"), ("height", "40"), ("opacity", "0.8")],
    );
    b.element(kinds::TEXT, Some(card), Some("inner"), &[("text", "inside")]);
    let mut tree = b.tree();
    let options = RenderOptions { size: None, scale: 1.5 };
    let mut r = Renderer::new(MemoryResources::default(), options);
    r.render(AppView::new(&b.doc, &tree, &NoVariables));
    type Step = Box<dyn Fn(&mut kryon_runtime::ElementTree) -> Vec<kryon_runtime::ElementChange>>;
    let steps: Vec<Step> = vec![
        // Longer text pushes nothing (column), wraps nothing.
        Box::new(|t| {
            t.set_property(t.find("l0").unwrap(), "text", "A much longer label".into())
                .into_iter()
                .collect()
        }),
        // A hidden label moves every label after it up.
        Box::new(|t| {
            t.set_property(t.find("l5").unwrap(), "visible", false.into()).into_iter().collect()
        }),
        // Hover on the card: its style's state set applies (no change record: the renderer sees the state).
        Box::new(|t| {
            let i = t.find("card").unwrap();
            t.set_interaction(i, states::HOVER).into_iter().collect()
        }),
        Box::new(|t| {
            t.set_property(t.find("go").unwrap(), "background_color", "#ff8800".into())
                .into_iter()
                .collect()
        }),
        Box::new(|t| {
            t.set_property(t.find("list").unwrap(), "gap", "12px".into()).into_iter().collect()
        }),
        Box::new(|t| {
            t.set_property(t.find("l5").unwrap(), "visible", true.into()).into_iter().collect()
        }),
        Box::new(|t| {
            t.set_property(t.find("list").unwrap(), "font_size", "20".into()).into_iter().collect()
        }),
        Box::new(|t| {
            t.set_property(t.find("go").unwrap(), "disabled", true.into()).into_iter().collect()
        }),
    ];
    for (k, step) in steps.iter().enumerate() {
        let changes = step(&mut tree);
        let frame = r.update(AppView::new(&b.doc, &tree, &NoVariables), &changes);
        assert!(!frame.full, "step {k}");
        assert!(
            r.frame().data() == full_frame(&b.doc, &tree, options).as_slice(),
            "step {k}: the incremental frame differs from a full frame"
        );
    }
}

#[test]
fn an_unchanged_frame_repaints_nothing() {
    let b = labels();
    let tree = b.tree();
    let mut r = Renderer::new(MemoryResources::default(), RenderOptions::default());
    r.render(AppView::new(&b.doc, &tree, &NoVariables));
    let frame = r.update(AppView::new(&b.doc, &tree, &NoVariables), &[]);
    assert!(frame.damage.is_empty(), "{:?}", frame.damage);
    assert!(!frame.relayout);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let b = labels();
    let tree = b.tree();
    let options = RenderOptions::default();
    assert_eq!(full_frame(&b.doc, &tree, options), full_frame(&b.doc, &tree, options));
}

#[test]
fn hit_testing_respects_order_clipping_visibility_and_disabled() {
    let mut b =
        Builder::app(&[("window_width", "200"), ("window_height", "200"), ("layout", "absolute")]);
    let under = b.child(
        kinds::CONTAINER,
        &[("pos_x", "0"), ("pos_y", "0"), ("width", "100"), ("height", "100")],
    );
    let over = b.child(
        kinds::CONTAINER,
        &[("pos_x", "50"), ("pos_y", "50"), ("width", "100"), ("height", "100")],
    );
    let raised = b.child(
        kinds::CONTAINER,
        &[("pos_x", "0"), ("pos_y", "150"), ("width", "50"), ("height", "50"), ("z_index", "5")],
    );
    let lowered = b.child(
        kinds::CONTAINER,
        &[("pos_x", "0"), ("pos_y", "150"), ("width", "50"), ("height", "50")],
    );
    let clip = b.child(
        kinds::CONTAINER,
        &[
            ("pos_x", "150"),
            ("pos_y", "0"),
            ("width", "50"),
            ("height", "50"),
            ("overflow", "hidden"),
            ("layout", "absolute"),
        ],
    );
    let inner = b.element(
        kinds::BUTTON,
        Some(clip),
        Some("inner"),
        &[("pos_x", "0"), ("pos_y", "0"), ("width", "50"), ("height", "100")],
    );
    let hidden = b.child(
        kinds::CONTAINER,
        &[
            ("pos_x", "100"),
            ("pos_y", "0"),
            ("width", "20"),
            ("height", "20"),
            ("visible", "false"),
        ],
    );
    let off = b.child(
        kinds::BUTTON,
        &[
            ("pos_x", "120"),
            ("pos_y", "120"),
            ("width", "20"),
            ("height", "20"),
            ("disabled", "true"),
        ],
    );
    let tree = b.tree();
    let mut r = Renderer::new(MemoryResources::default(), RenderOptions::default());
    r.render(AppView::new(&b.doc, &tree, &NoVariables));
    assert_eq!(r.hit_test(10.0, 10.0), Some(under));
    assert_eq!(r.hit_test(60.0, 60.0), Some(over), "later siblings paint over earlier ones");
    assert_eq!(r.hit_test(10.0, 160.0), Some(raised), "z_index wins over tree order");
    let _ = lowered;
    assert_eq!(r.hit_test(160.0, 10.0), Some(inner));
    assert_eq!(r.hit_test(160.0, 70.0), Some(0), "clipped away: the App is under it");
    let _ = hidden;
    assert_eq!(r.hit_test(105.0, 5.0), Some(0), "hidden elements are not hit");
    assert_eq!(r.hit_test(125.0, 125.0), None, "a disabled element takes no input");
    assert_eq!(r.hit_path(160.0, 10.0), vec![inner, clip, 0]);
    assert_eq!(r.hit_test(-5.0, 10.0), None);
    assert_eq!(r.hit_test(f32::NAN, 10.0), None);
    let _ = off;
}

#[test]
fn a_scrollable_clips_and_scrolls_its_content() {
    let mut b = Builder::app(&[("window_width", "200"), ("window_height", "200")]);
    let s = b.element(kinds::SCROLLABLE, Some(0), Some("s"), &[("height", "100")]);
    for i in 0..10 {
        b.element(
            kinds::CONTAINER,
            Some(s),
            Some(&format!("row{i}")),
            &[
                ("height", "30"),
                ("background_color", if i % 2 == 0 { "#ff0000" } else { "#0000ff" }),
            ],
        );
    }
    let tree = b.tree();
    let options = RenderOptions::default();
    let mut r = Renderer::new(MemoryResources::default(), options);
    r.render(AppView::new(&b.doc, &tree, &NoVariables));
    // Rows below 100 px are clipped: the window background shows.
    let px = |r: &Renderer, x: u32, y: u32| r.frame().pixel(x, y).unwrap();
    assert_eq!(px(&r, 100, 15).red(), 255);
    assert_eq!((px(&r, 100, 150).red(), px(&r, 100, 150).blue()), (255, 255));
    let ((_, y), (_, max)) = r.scroll_of(s).unwrap();
    assert_eq!((y, max), (0.0, 200.0));
    let frame = r.scroll_to(s, 0.0, 30.0);
    assert!(!frame.damage.is_empty());
    // Row 1 (blue) is at the top now.
    assert_eq!(px(&r, 100, 15).blue(), 255);
    assert_eq!(r.hit_test(100.0, 15.0), tree.find("row1"));
    // Scrolling past the end is clamped.
    r.scroll_to(s, 0.0, 1e9);
    assert_eq!(r.scroll_of(s).unwrap().0 .1, 200.0);
}

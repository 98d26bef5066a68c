//! The generated app the frame benchmarks draw: `n` elements at 800×600, `n / 2` labelled,
//! bordered, rounded boxes in a wrapping row.

use crate::support::{kinds, Builder};

pub fn app(elements: usize) -> Builder {
    let mut b = Builder::app(&[("window_width", "800"), ("window_height", "600")]);
    let grid = b.element(
        kinds::CONTAINER,
        Some(0),
        Some("grid"),
        &[("layout", "row wrap start"), ("gap", "2"), ("padding", "4")],
    );
    for i in 0..(elements.saturating_sub(2)) / 2 {
        let colour = ["#e8f0fe", "#fde8e8", "#e8fde9", "#fdf8e8"][i % 4];
        let boxed = b.element(
            kinds::CONTAINER,
            Some(grid),
            None,
            &[
                ("padding", "2 4"),
                ("background_color", colour),
                ("border_width", "1"),
                ("border_color", "#9aa0a6"),
                ("border_radius", "3"),
            ],
        );
        let id = format!("t{i}");
        b.element(
            kinds::TEXT,
            Some(boxed),
            Some(&id),
            &[("text", &format!("Item {i}")), ("font_size", "11")],
        );
    }
    b
}

//! The built-in element types.

/// A built-in element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ElementInfo {
    /// Stable id in KRB files; never reused.
    pub id: u16,
    pub name: &'static str,
    /// Whether it may contain child elements.
    pub children: bool,
    /// Whether it shows text (so `Name { "literal" }` and `text:` make sense).
    pub shows_text: bool,
    pub doc: &'static str,
}

macro_rules! elements {
    ($( $id:literal $name:literal children=$c:literal text=$t:literal $doc:literal; )*) => {
        /// Every built-in element, in id order.
        pub const ELEMENTS: &[ElementInfo] = &[ $( ElementInfo { id: $id, name: $name, children: $c, shows_text: $t, doc: $doc }, )* ];
    };
}

elements! {
    1 "App" children=true text=false "The root of an app: the window and everything in it.";
    2 "Container" children=true text=false "A box that lays out its children (row, column, absolute).";
    3 "Text" children=false text=true "A run of text.";
    4 "Image" children=false text=false "An image from a resource path.";
    5 "Button" children=true text=true "A clickable button with a label (and optionally child content).";
    6 "Input" children=false text=true "A form input; `type` selects text, password, email, number, checkbox, radio, range or textarea.";
    7 "Canvas" children=false text=false "A surface scripts draw on.";
    8 "Link" children=true text=true "A clickable link to `href`.";
    9 "List" children=true text=false "A vertical list of items.";
    10 "Grid" children=true text=false "A grid layout (`grid_template_columns`, `grid_template_rows`).";
    11 "Scrollable" children=true text=false "A container that scrolls its content.";
    12 "Tabs" children=true text=false "A tab bar with `Tab` children.";
    13 "Tab" children=true text=true "One tab of `Tabs`, with its content.";
    14 "Video" children=false text=false "A video from a resource path.";
    15 "Checkbox" children=false text=true "A checkbox with a label.";
    16 "Radio" children=false text=true "A radio button with a label.";
    17 "Slider" children=false text=false "A slider between `min` and `max`.";
    18 "EmbedView" children=false text=false "An embedded foreign view (a web page, a document).";
    19 "WasmView" children=false text=false "A view rendered by a WebAssembly module.";
    20 "NativeRendererView" children=false text=false "A view drawn by native host code.";
    21 "Select" children=true text=false "A drop-down choice among its `Option` children (or `options`); `value` is the chosen option's value and `onChange` gets it.";
    22 "Option" children=false text=true "One choice of a `Select` or `Dropdown`: its `value` and the `text` shown.";
    23 "TextArea" children=false text=true "A multi-line text input, the same as `Input { type: textarea }`.";
    24 "Dropdown" children=true text=false "A drop-down choice, the same as `Select` (the 2025 spelling).";
    25 "Widget" children=true text=false "A native widget the host draws, chosen by `type` (`dropdown` in 2025 apps: `options`, `placeholder`, `onChange`).";
}

pub fn element(name: &str) -> Option<&'static ElementInfo> {
    ELEMENTS.iter().find(|e| e.name == name)
}

pub fn by_id(id: u16) -> Option<&'static ElementInfo> {
    ELEMENTS.iter().find(|e| e.id == id)
}

//! Native-looking widgets: what kind of widget an element is ([`WidgetKind`]), its content
//! size for layout, and the parts drawn inside its box (a button's label, an input's text,
//! caret and placeholder, a checkbox's box and tick, a radio's dot, a slider's track and
//! thumb, an image). The box itself (background, border, shadow) is `paint.rs`'s.

pub mod button;
pub mod image;
pub mod input;
pub mod slider;
pub mod toggle;

use kryon_registry::element_ids as ids;

/// The accent colour of checked and focused native widgets.
pub const ACCENT: [u8; 4] = [0x1a, 0x73, 0xe8, 0xff];
/// The colour of placeholders and disabled text.
pub const MUTED: [u8; 4] = [0x75, 0x75, 0x75, 0xff];
/// The side of a checkbox or radio indicator, logical pixels.
pub const INDICATOR: f32 = 16.0;
/// The space between an indicator and its label, logical pixels.
pub const INDICATOR_GAP: f32 = 6.0;

/// What an element draws inside its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetKind {
    /// A box and its children (Container, App, Grid, Scrollable, List, Tabs, ...).
    Plain,
    /// Text (Text, Link, Tab labels).
    Text,
    Button,
    TextInput {
        password: bool,
        multiline: bool,
    },
    Checkbox,
    Radio,
    Slider,
    Image,
}

impl WidgetKind {
    /// The widget of an element type (registry id, or its name for a type the registry lacks)
    /// and its `type` property (for `Input`).
    pub fn of(kind: u16, input_type: Option<&str>) -> WidgetKind {
        match kind {
            ids::TEXT | ids::LINK | ids::TAB => WidgetKind::Text,
            ids::BUTTON => WidgetKind::Button,
            ids::IMAGE => WidgetKind::Image,
            ids::CHECKBOX => WidgetKind::Checkbox,
            ids::RADIO => WidgetKind::Radio,
            ids::SLIDER => WidgetKind::Slider,
            ids::INPUT => match input_type.unwrap_or("text") {
                "checkbox" => WidgetKind::Checkbox,
                "radio" => WidgetKind::Radio,
                "range" => WidgetKind::Slider,
                "password" => WidgetKind::TextInput { password: true, multiline: false },
                "textarea" => WidgetKind::TextInput { password: false, multiline: true },
                _ => WidgetKind::TextInput { password: false, multiline: false },
            },
            _ => WidgetKind::Plain,
        }
    }
}

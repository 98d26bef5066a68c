//! The native look: default properties of widgets (and of their hover, active, focus,
//! checked and disabled states), applied after the registry defaults and before the app's
//! styles, so any property the app sets wins — as a browser's user-agent style sheet does.

use std::sync::OnceLock;

use krb_format::states::{ACTIVE, DISABLED, FOCUS, HOVER};
use kryon_registry::element_ids as ids;
use kryon_runtime::ScriptValue;

use crate::props::{prop, Prop};
use crate::widgets::WidgetKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    App,
    Button,
    TextInput,
    TextArea,
    Toggle,
    Slider,
    Link,
    Scrollable,
    Tab,
}

/// (target, states that must hold, property, value).
const TABLE: &[(Target, u32, &str, &str)] = &[
    (Target::App, 0, "background_color", "#ffffff"),
    (Target::Button, 0, "background_color", "#efefef"),
    (Target::Button, 0, "border_width", "1"),
    (Target::Button, 0, "border_color", "#9a9a9a"),
    (Target::Button, 0, "border_radius", "4"),
    (Target::Button, 0, "padding", "6 14"),
    (Target::Button, 0, "text_alignment", "center"),
    (Target::Button, 0, "justify_content", "center"),
    (Target::Button, 0, "align_items", "center"),
    (Target::Button, HOVER, "background_color", "#e3e3e3"),
    (Target::Button, ACTIVE, "background_color", "#d2d2d2"),
    (Target::Button, FOCUS, "border_color", "#1a73e8"),
    (Target::Button, DISABLED, "background_color", "#f4f4f4"),
    (Target::Button, DISABLED, "border_color", "#d0d0d0"),
    (Target::Button, DISABLED, "text_color", "#9a9a9a"),
    (Target::TextInput, 0, "background_color", "#ffffff"),
    (Target::TextInput, 0, "border_width", "1"),
    (Target::TextInput, 0, "border_color", "#8a8a8a"),
    (Target::TextInput, 0, "border_radius", "3"),
    (Target::TextInput, 0, "padding", "5 8"),
    (Target::TextInput, 0, "width", "160"),
    (Target::TextInput, 0, "white_space", "nowrap"),
    (Target::TextArea, 0, "height", "64"),
    (Target::TextArea, 0, "white_space", "normal"),
    (Target::TextInput, HOVER, "border_color", "#5f5f5f"),
    (Target::TextInput, FOCUS, "border_color", "#1a73e8"),
    (Target::TextInput, DISABLED, "background_color", "#f2f2f2"),
    (Target::TextInput, DISABLED, "border_color", "#c8c8c8"),
    (Target::TextInput, DISABLED, "text_color", "#9a9a9a"),
    (Target::Toggle, DISABLED, "text_color", "#9a9a9a"),
    (Target::Slider, 0, "width", "160"),
    (Target::Slider, 0, "height", "20"),
    (Target::Link, 0, "text_color", "#0645ad"),
    (Target::Link, 0, "text_decoration", "underline"),
    (Target::Link, HOVER, "text_color", "#0b0080"),
    (Target::Scrollable, 0, "overflow", "scroll"),
    (Target::Tab, 0, "padding", "6 12"),
];

type Entry = (Target, u32, Prop, ScriptValue);

fn table() -> &'static [Entry] {
    static BUILT: OnceLock<Vec<Entry>> = OnceLock::new();
    BUILT.get_or_init(|| {
        TABLE
            .iter()
            .filter_map(|(t, mask, name, value)| {
                Some((*t, *mask, prop(0, name)?, ScriptValue::String((*value).to_string())))
            })
            .collect()
    })
}

fn targets(kind: u16, widget: WidgetKind) -> [Option<Target>; 2] {
    match (kind, widget) {
        (ids::APP, _) => [Some(Target::App), None],
        (ids::LINK, _) => [Some(Target::Link), None],
        (ids::SCROLLABLE, _) => [Some(Target::Scrollable), None],
        (ids::TAB, _) => [Some(Target::Tab), None],
        (_, WidgetKind::Button) => [Some(Target::Button), None],
        (_, WidgetKind::TextInput { multiline, .. }) => {
            [Some(Target::TextInput), multiline.then_some(Target::TextArea)]
        }
        (_, WidgetKind::Checkbox | WidgetKind::Radio) => [Some(Target::Toggle), None],
        (_, WidgetKind::Slider) => [Some(Target::Slider), None],
        _ => [None, None],
    }
}

/// The native defaults of an element in `states`: base declarations first, then those of
/// each state that holds, in table order.
pub fn declarations(
    kind: u16,
    widget: WidgetKind,
    states: u32,
) -> impl Iterator<Item = (Prop, &'static ScriptValue)> {
    let targets = targets(kind, widget);
    let matches = move |t: &Target| targets.contains(&Some(*t));
    let base = table().iter().filter(move |(t, m, _, _)| *m == 0 && matches(t));
    let stated =
        table().iter().filter(move |(t, m, _, _)| *m != 0 && *m & states == *m && matches(t));
    base.chain(stated).map(|(_, _, p, v)| (*p, v))
}

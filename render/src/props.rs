//! The properties the renderer gives a meaning, keyed from the registry's ids and names, so a
//! property set by id (the KRB), by canonical name, by alias or by a custom name reaches the
//! same place.

use std::sync::OnceLock;

use kryon_registry::properties;

/// A property the renderer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prop {
    WindowWidth,
    Visibility,
    WindowHeight,
    Width,
    Height,
    MinWidth,
    MinHeight,
    MaxWidth,
    MaxHeight,
    Margin,
    MarginTop,
    MarginRight,
    MarginBottom,
    MarginLeft,
    Padding,
    PaddingTop,
    PaddingRight,
    PaddingBottom,
    PaddingLeft,
    Gap,
    RowGap,
    ColumnGap,
    BackgroundColor,
    TextColor,
    BorderColor,
    BorderWidth,
    BorderTopWidth,
    BorderRightWidth,
    BorderBottomWidth,
    BorderLeftWidth,
    BorderRadius,
    BorderStyle,
    Border,
    Opacity,
    BoxShadow,
    BackgroundImage,
    FontSize,
    FontWeight,
    FontFamily,
    FontStyle,
    TextAlignment,
    LineHeight,
    LetterSpacing,
    TextDecoration,
    TextTransform,
    WhiteSpace,
    TextOverflow,
    MaxLines,
    Layout,
    Display,
    FlexDirection,
    FlexWrap,
    FlexGrow,
    FlexShrink,
    FlexBasis,
    AlignItems,
    AlignSelf,
    AlignContent,
    JustifyContent,
    GridTemplateColumns,
    GridTemplateRows,
    GridColumn,
    GridRow,
    Order,
    Position,
    Top,
    Left,
    Right,
    Bottom,
    PosX,
    PosY,
    ZIndex,
    Overflow,
    OverflowX,
    OverflowY,
    Src,
    Fit,
    KeepAspect,
    InputType,
    Placeholder,
    Value,
    Min,
    Max,
    Step,
    /// Custom spellings seen in 2025 apps.
    Columns,
    Rows,
    ScrollX,
    ScrollY,
}

/// Canonical registry names (and the custom names the renderer reads) with their meaning.
const NAMES: &[(&str, Prop)] = &[
    ("window_width", Prop::WindowWidth),
    ("visibility", Prop::Visibility),
    ("window_height", Prop::WindowHeight),
    ("width", Prop::Width),
    ("height", Prop::Height),
    ("min_width", Prop::MinWidth),
    ("min_height", Prop::MinHeight),
    ("max_width", Prop::MaxWidth),
    ("max_height", Prop::MaxHeight),
    ("margin", Prop::Margin),
    ("margin_top", Prop::MarginTop),
    ("margin_right", Prop::MarginRight),
    ("margin_bottom", Prop::MarginBottom),
    ("margin_left", Prop::MarginLeft),
    ("padding", Prop::Padding),
    ("padding_top", Prop::PaddingTop),
    ("padding_right", Prop::PaddingRight),
    ("padding_bottom", Prop::PaddingBottom),
    ("padding_left", Prop::PaddingLeft),
    ("gap", Prop::Gap),
    ("row_gap", Prop::RowGap),
    ("column_gap", Prop::ColumnGap),
    ("background_color", Prop::BackgroundColor),
    ("text_color", Prop::TextColor),
    ("border_color", Prop::BorderColor),
    ("border_width", Prop::BorderWidth),
    ("border_top_width", Prop::BorderTopWidth),
    ("border_right_width", Prop::BorderRightWidth),
    ("border_bottom_width", Prop::BorderBottomWidth),
    ("border_left_width", Prop::BorderLeftWidth),
    ("border_radius", Prop::BorderRadius),
    ("border_style", Prop::BorderStyle),
    ("border", Prop::Border),
    ("opacity", Prop::Opacity),
    ("box_shadow", Prop::BoxShadow),
    ("background_image", Prop::BackgroundImage),
    ("font_size", Prop::FontSize),
    ("font_weight", Prop::FontWeight),
    ("font_family", Prop::FontFamily),
    ("font_style", Prop::FontStyle),
    ("text_alignment", Prop::TextAlignment),
    ("line_height", Prop::LineHeight),
    ("letter_spacing", Prop::LetterSpacing),
    ("text_decoration", Prop::TextDecoration),
    ("text_transform", Prop::TextTransform),
    ("white_space", Prop::WhiteSpace),
    ("text_overflow", Prop::TextOverflow),
    ("max_lines", Prop::MaxLines),
    ("layout", Prop::Layout),
    ("display", Prop::Display),
    ("flex_direction", Prop::FlexDirection),
    ("flex_wrap", Prop::FlexWrap),
    ("flex_grow", Prop::FlexGrow),
    ("flex_shrink", Prop::FlexShrink),
    ("flex_basis", Prop::FlexBasis),
    ("align_items", Prop::AlignItems),
    ("align_self", Prop::AlignSelf),
    ("align_content", Prop::AlignContent),
    ("justify_content", Prop::JustifyContent),
    ("grid_template_columns", Prop::GridTemplateColumns),
    ("grid_template_rows", Prop::GridTemplateRows),
    ("grid_column", Prop::GridColumn),
    ("grid_row", Prop::GridRow),
    ("order", Prop::Order),
    ("position", Prop::Position),
    ("top", Prop::Top),
    ("left", Prop::Left),
    ("right", Prop::Right),
    ("bottom", Prop::Bottom),
    ("pos_x", Prop::PosX),
    ("pos_y", Prop::PosY),
    ("z_index", Prop::ZIndex),
    ("overflow", Prop::Overflow),
    ("overflow_x", Prop::OverflowX),
    ("overflow_y", Prop::OverflowY),
    ("src", Prop::Src),
    ("fit", Prop::Fit),
    ("keep_aspect", Prop::KeepAspect),
    ("type", Prop::InputType),
    ("placeholder", Prop::Placeholder),
    ("value", Prop::Value),
    ("min", Prop::Min),
    ("max", Prop::Max),
    ("step", Prop::Step),
    // A textarea's visible lines in the registry; the renderer also reads it as a Grid's row count.
    ("rows", Prop::Rows),
];

/// Custom names (not in the registry) the renderer reads: `justify`/`align` as 2025 apps
/// spell the alignment properties, grid column and row counts, and a scroll offset.
const CUSTOM: &[(&str, Prop)] = &[
    ("justify", Prop::JustifyContent),
    ("align", Prop::AlignItems),
    ("columns", Prop::Columns),
    ("scroll_x", Prop::ScrollX),
    ("scroll_y", Prop::ScrollY),
    ("scroll_left", Prop::ScrollX),
    ("scroll_top", Prop::ScrollY),
];

fn by_id_table() -> &'static [Option<Prop>] {
    static TABLE: OnceLock<Vec<Option<Prop>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let max = properties::PROPERTIES.iter().map(|p| p.id).max().unwrap_or(0) as usize;
        let mut table = vec![None; max + 1];
        for p in properties::PROPERTIES {
            if let Some((_, prop)) = NAMES.iter().find(|(n, _)| *n == p.name) {
                table[p.id as usize] = Some(*prop);
            }
        }
        table
    })
}

/// The meaning of a property given by registry id (non-zero) or by name (canonical, alias,
/// hyphenated, or one of the custom names the renderer reads).
pub fn prop(id: u16, name: &str) -> Option<Prop> {
    if id != 0 {
        if let Some(p) = by_id_table().get(id as usize).copied().flatten() {
            return Some(p);
        }
    }
    if let Some((_, p)) = NAMES.iter().chain(CUSTOM).find(|(n, _)| *n == name) {
        return Some(*p);
    }
    let resolved = properties::lookup(name, None)?;
    by_id_table().get(resolved.info.id as usize).copied().flatten().or_else(|| {
        let normal = name.replace('-', "_");
        CUSTOM.iter().find(|(n, _)| *n == normal).map(|(_, p)| *p)
    })
}

/// The registry defaults of every property the renderer reads, in registry order.
pub fn registry_defaults() -> impl Iterator<Item = (Prop, &'static str)> {
    properties::PROPERTIES.iter().filter_map(|p| {
        let prop = by_id_table().get(p.id as usize).copied().flatten()?;
        Some((prop, p.default?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_a_registry_property() {
        for (name, _) in NAMES {
            assert!(kryon_registry::property_id(name).is_some(), "{name} is not in the registry");
        }
        for (name, _) in CUSTOM {
            assert!(kryon_registry::property_id(name).is_none(), "{name} is in the registry");
        }
    }

    #[test]
    fn ids_names_and_aliases_meet() {
        let width = kryon_registry::property_id("width").unwrap();
        assert_eq!(prop(width, "width"), Some(Prop::Width));
        assert_eq!(prop(0, "w"), Some(Prop::Width));
        assert_eq!(prop(0, "bg"), Some(Prop::BackgroundColor));
        assert_eq!(prop(0, "flex-direction"), Some(Prop::FlexDirection));
        assert_eq!(prop(0, "justify"), Some(Prop::JustifyContent));
        assert_eq!(prop(0, "keep_aspect_ratio"), Some(Prop::KeepAspect));
        assert_eq!(prop(0, "nonsense"), None);
    }
}

//! The computed style of one element: every property the renderer reads, typed, with units
//! applied (lengths in frame pixels), split by what a change to it costs: [`BoxStyle`] and
//! [`TextStyle`] change layout, [`PaintStyle`] only pixels, [`WidgetProps`] both.
//!
//! [`ComputedStyle::apply`] folds one property value in; `cascade.rs` decides the order.

use kryon_runtime::ScriptValue;

use crate::props::Prop;
use crate::values::{self, Length, UnitContext, MAX_LENGTH};

/// Largest font size in frame pixels (glyph images grow with its square).
pub const MAX_FONT_SIZE: f32 = 512.0;
/// Smallest font size in frame pixels.
pub const MIN_FONT_SIZE: f32 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayMode {
    Flex,
    Grid,
    Block,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Row,
    Column,
    RowReverse,
    ColumnReverse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrapMode {
    NoWrap,
    Wrap,
    WrapReverse,
}

/// Main-axis (and wrapped-line) distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justify {
    Start,
    End,
    Center,
    SpaceBetween,
    SpaceAround,
    SpaceEvenly,
    Stretch,
}

/// Cross-axis alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    End,
    Center,
    Stretch,
    Baseline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Visible,
    /// `hidden` and `clip`: content is clipped, not scrollable.
    Clip,
    /// `scroll` and `auto`: content is clipped and scrolls.
    Scroll,
}

impl Overflow {
    pub fn clips(self) -> bool {
        self != Overflow::Visible
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAlign {
    Start,
    Center,
    End,
    Justify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextTransform {
    None,
    Uppercase,
    Lowercase,
    Capitalize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoration {
    None,
    Underline,
    Overline,
    LineThrough,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BorderStyle {
    Solid,
    Dashed,
    Dotted,
    Double,
    None,
}

/// How an image fits its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Contain,
    Cover,
    Fill,
    None,
    ScaleDown,
}

/// A drop shadow: offset, blur radius, spread, colour (frame pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shadow {
    pub x: f32,
    pub y: f32,
    pub blur: f32,
    pub spread: f32,
    pub color: [u8; 4],
}

/// What layout reads.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStyle {
    pub display: DisplayMode,
    pub direction: Direction,
    pub wrap: WrapMode,
    pub justify: Justify,
    pub align_items: Align,
    pub align_self: Option<Align>,
    pub align_content: Option<Justify>,
    pub grow: f32,
    pub shrink: f32,
    pub basis: Length,
    /// Width, height.
    pub size: [Length; 2],
    /// `Auto` is none.
    pub min_size: [Length; 2],
    /// `Auto` is none.
    pub max_size: [Length; 2],
    /// Top, right, bottom, left.
    pub margin: [Length; 4],
    pub padding: [Length; 4],
    pub border: [f32; 4],
    /// Row gap, column gap.
    pub gap: [Length; 2],
    pub absolute: bool,
    /// `layout: absolute`: the children are placed at their `pos_x`/`pos_y`.
    pub children_absolute: bool,
    /// Top, right, bottom, left.
    pub inset: [Option<Length>; 4],
    /// `pos_x`, `pos_y`.
    pub pos: [Option<Length>; 2],
    /// Horizontal, vertical.
    pub overflow: [Overflow; 2],
    pub grid_columns: Option<String>,
    pub grid_rows: Option<String>,
    pub grid_column: Option<String>,
    pub grid_row: Option<String>,
    pub order: i32,
}

/// What text shaping and wrapping read (so it changes layout too).
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Frame pixels.
    pub font_size: f32,
    /// 100–900.
    pub weight: u16,
    pub italic: bool,
    pub family: Option<String>,
    pub align: TextAlign,
    /// Frame pixels; `None` is the font's normal line height.
    pub line_height: Option<f32>,
    pub letter_spacing: Option<f32>,
    pub transform: TextTransform,
    pub nowrap: bool,
    pub ellipsis: bool,
    pub max_lines: Option<u32>,
}

/// What only painting reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PaintStyle {
    pub visible: bool,
    pub text_color: [u8; 4],
    pub background: [u8; 4],
    pub border_color: [u8; 4],
    pub border_style: BorderStyle,
    /// Top-left, top-right, bottom-right, bottom-left (frame pixels).
    pub radius: [f32; 4],
    pub opacity: f32,
    pub shadow: Option<Shadow>,
    pub background_image: Option<String>,
    pub z_index: i32,
    pub decoration: Decoration,
}

/// Form and media values.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetProps {
    pub input_type: Option<String>,
    pub placeholder: Option<String>,
    pub value: Option<ScriptValue>,
    pub min: Option<f32>,
    pub max: Option<f32>,
    pub step: Option<f32>,
    pub src: Option<String>,
    pub fit: Option<Fit>,
    pub keep_aspect: Option<bool>,
    /// A scroll offset the app set (`scroll_x`, `scroll_y`), frame pixels.
    pub scroll: [Option<f32>; 2],
    pub columns: Option<u16>,
    pub rows: Option<u16>,
}

/// Every property the renderer reads, for one element.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedStyle {
    pub boxed: BoxStyle,
    pub text: TextStyle,
    pub paint: PaintStyle,
    pub widget: WidgetProps,
    /// The App's window size, when this is the App.
    pub window: [Option<Length>; 2],
}

impl ComputedStyle {
    /// The style before any property: the registry defaults are applied on top of this.
    pub fn blank(ctx: &UnitContext) -> ComputedStyle {
        ComputedStyle {
            boxed: BoxStyle {
                display: DisplayMode::Flex,
                direction: Direction::Column,
                wrap: WrapMode::NoWrap,
                justify: Justify::Start,
                align_items: Align::Stretch,
                align_self: None,
                align_content: None,
                grow: 0.0,
                shrink: 1.0,
                basis: Length::Auto,
                size: [Length::Auto; 2],
                min_size: [Length::Auto; 2],
                max_size: [Length::Auto; 2],
                margin: [Length::Px(0.0); 4],
                padding: [Length::Px(0.0); 4],
                border: [0.0; 4],
                gap: [Length::Px(0.0); 2],
                absolute: false,
                children_absolute: false,
                inset: [None; 4],
                pos: [None; 2],
                overflow: [Overflow::Visible; 2],
                grid_columns: None,
                grid_rows: None,
                grid_column: None,
                grid_row: None,
                order: 0,
            },
            text: TextStyle {
                font_size: 14.0 * ctx.scale,
                weight: 400,
                italic: false,
                family: None,
                align: TextAlign::Start,
                line_height: None,
                letter_spacing: None,
                transform: TextTransform::None,
                nowrap: false,
                ellipsis: false,
                max_lines: None,
            },
            paint: PaintStyle {
                visible: true,
                text_color: [0, 0, 0, 255],
                background: [0; 4],
                border_color: [0; 4],
                border_style: BorderStyle::Solid,
                radius: [0.0; 4],
                opacity: 1.0,
                shadow: None,
                background_image: None,
                z_index: 0,
                decoration: Decoration::None,
            },
            widget: WidgetProps {
                input_type: None,
                placeholder: None,
                value: None,
                min: None,
                max: None,
                step: None,
                src: None,
                fit: None,
                keep_aspect: None,
                scroll: [None; 2],
                columns: None,
                rows: None,
            },
            window: [None; 2],
        }
    }

    /// Takes the inherited properties (text colour, font size, weight, family, alignment)
    /// from the parent.
    pub fn inherit(&mut self, parent: &ComputedStyle) {
        self.paint.text_color = parent.paint.text_color;
        self.text.font_size = parent.text.font_size;
        self.text.weight = parent.text.weight;
        self.text.family.clone_from(&parent.text.family);
        self.text.align = parent.text.align;
    }

    /// The font size a value gives, relative to `parent_size` for `em` and `%`.
    pub fn font_size_of(value: &ScriptValue, ctx: &UnitContext, parent_size: f32) -> Option<f32> {
        let ctx = UnitContext { font_size: parent_size, ..*ctx };
        if let Some(word) = values::word(value) {
            let named = match word.as_str() {
                "small" => Some(12.0),
                "medium" => Some(14.0),
                "large" => Some(18.0),
                _ => None,
            };
            if let Some(n) = named {
                return Some(n * ctx.scale);
            }
        }
        let size = match values::length(value, &ctx)? {
            Length::Px(v) => v,
            Length::Percent(p) => p * parent_size,
            Length::Auto => return None,
        };
        Some(size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE))
    }

    /// Folds one property value in. A value the renderer cannot read leaves the style as it
    /// was (the compiler has already reported it). `ctx.font_size` is this element's font size.
    pub fn apply(&mut self, prop: Prop, value: &ScriptValue, ctx: &UnitContext) {
        let b = &mut self.boxed;
        let len = |v: &ScriptValue| values::length(v, ctx);
        let size = |v: &ScriptValue| values::length(v, ctx).map(Length::non_negative);
        let px = |v: &ScriptValue| match values::length(v, ctx) {
            Some(Length::Px(p)) => Some(p.max(0.0)),
            _ => None,
        };
        match prop {
            Prop::Visibility => {
                self.paint.visible = match value {
                    ScriptValue::String(s) => {
                        !matches!(s.trim(), "hidden" | "collapse" | "false" | "none" | "")
                    }
                    other => values::boolean(other).unwrap_or(true),
                }
            }
            Prop::WindowWidth => self.window[0] = size(value),
            Prop::WindowHeight => self.window[1] = size(value),
            Prop::Width => set(&mut b.size[0], size(value)),
            Prop::Height => set(&mut b.size[1], size(value)),
            Prop::MinWidth => set(&mut b.min_size[0], size(value)),
            Prop::MinHeight => set(&mut b.min_size[1], size(value)),
            Prop::MaxWidth => set(&mut b.max_size[0], size(value)),
            Prop::MaxHeight => set(&mut b.max_size[1], size(value)),
            Prop::Margin => set(&mut b.margin, values::spacing(value, ctx)),
            Prop::MarginTop => set(&mut b.margin[0], len(value)),
            Prop::MarginRight => set(&mut b.margin[1], len(value)),
            Prop::MarginBottom => set(&mut b.margin[2], len(value)),
            Prop::MarginLeft => set(&mut b.margin[3], len(value)),
            Prop::Padding => {
                set(&mut b.padding, values::spacing(value, ctx).map(|s| s.map(non_auto)))
            }
            Prop::PaddingTop => set(&mut b.padding[0], size(value).map(non_auto)),
            Prop::PaddingRight => set(&mut b.padding[1], size(value).map(non_auto)),
            Prop::PaddingBottom => set(&mut b.padding[2], size(value).map(non_auto)),
            Prop::PaddingLeft => set(&mut b.padding[3], size(value).map(non_auto)),
            Prop::Gap => {
                if let Some(g) = size(value).map(non_auto) {
                    b.gap = [g, g];
                }
            }
            Prop::RowGap => set(&mut b.gap[0], size(value).map(non_auto)),
            Prop::ColumnGap => set(&mut b.gap[1], size(value).map(non_auto)),
            Prop::BackgroundColor => set(&mut self.paint.background, values::color(value)),
            Prop::TextColor => set(&mut self.paint.text_color, values::color(value)),
            Prop::BorderColor => set(&mut self.paint.border_color, values::color(value)),
            Prop::BorderWidth => {
                if let Some(s) = values::spacing(value, ctx) {
                    b.border = s.map(|l| l.px().unwrap_or(0.0).max(0.0));
                }
            }
            Prop::BorderTopWidth => set(&mut b.border[0], px(value)),
            Prop::BorderRightWidth => set(&mut b.border[1], px(value)),
            Prop::BorderBottomWidth => set(&mut b.border[2], px(value)),
            Prop::BorderLeftWidth => set(&mut b.border[3], px(value)),
            Prop::BorderRadius => {
                if let Some(s) = values::spacing(value, ctx) {
                    self.paint.radius = s.map(|l| l.px().unwrap_or(0.0).max(0.0));
                }
            }
            Prop::BorderStyle => set(&mut self.paint.border_style, border_style(value)),
            Prop::Border => self.apply_border_shorthand(value, ctx),
            Prop::Opacity => {
                if let Some(o) = values::number(value) {
                    self.paint.opacity = o.clamp(0.0, 1.0);
                } else if let Some(Length::Percent(p)) = len(value) {
                    self.paint.opacity = p.clamp(0.0, 1.0);
                }
            }
            Prop::BoxShadow => {
                if let Some(s) = shadow(value, ctx) {
                    self.paint.shadow = s;
                }
            }
            Prop::BackgroundImage => self.paint.background_image = string(value),
            // Resolved before the other properties (see `cascade.rs`).
            Prop::FontSize => {}
            Prop::FontWeight => set(&mut self.text.weight, font_weight(value)),
            Prop::FontFamily => self.text.family = string(value).filter(|s| !s.is_empty()),
            Prop::FontStyle => {
                if let Some(w) = values::word(value) {
                    self.text.italic = w == "italic" || w == "oblique";
                }
            }
            Prop::TextAlignment => set(&mut self.text.align, text_align(value)),
            Prop::LineHeight => self.text.line_height = line_height(value, ctx),
            Prop::LetterSpacing => {
                self.text.letter_spacing = len(value).and_then(Length::px).filter(|v| *v != 0.0)
            }
            Prop::TextDecoration => set(&mut self.paint.decoration, decoration(value)),
            Prop::TextTransform => set(&mut self.text.transform, transform(value)),
            Prop::WhiteSpace => {
                if let Some(w) = values::word(value) {
                    self.text.nowrap = matches!(w.as_str(), "nowrap" | "pre");
                }
            }
            Prop::TextOverflow => {
                if let Some(w) = values::word(value) {
                    self.text.ellipsis = w == "ellipsis";
                }
            }
            Prop::MaxLines => {
                self.text.max_lines =
                    values::number(value).filter(|n| *n >= 1.0).map(|n| n.min(10_000.0) as u32)
            }
            Prop::Layout => self.apply_layout_words(value),
            Prop::Display => {
                if let Some(w) = values::word(value) {
                    b.display = match w.as_str() {
                        "grid" => DisplayMode::Grid,
                        "none" => DisplayMode::None,
                        "block" | "inline" => DisplayMode::Block,
                        _ => DisplayMode::Flex,
                    };
                }
            }
            Prop::FlexDirection => set(&mut b.direction, direction(value)),
            Prop::FlexWrap => {
                if let Some(w) = values::word(value) {
                    b.wrap = match w.as_str() {
                        "wrap" => WrapMode::Wrap,
                        "wrap_reverse" => WrapMode::WrapReverse,
                        _ => WrapMode::NoWrap,
                    };
                }
            }
            Prop::FlexGrow => set(&mut b.grow, values::number(value).map(|v| v.clamp(0.0, 1e6))),
            Prop::FlexShrink => {
                set(&mut b.shrink, values::number(value).map(|v| v.clamp(0.0, 1e6)))
            }
            Prop::FlexBasis => set(&mut b.basis, size(value)),
            Prop::AlignItems => set(&mut b.align_items, align(value)),
            Prop::AlignSelf => {
                if values::word(value).as_deref() == Some("auto") {
                    b.align_self = None;
                } else if let Some(a) = align(value) {
                    b.align_self = Some(a);
                }
            }
            Prop::AlignContent => b.align_content = justify(value).or(b.align_content),
            Prop::JustifyContent => set(&mut b.justify, justify(value)),
            Prop::GridTemplateColumns => b.grid_columns = string(value),
            Prop::GridTemplateRows => b.grid_rows = string(value),
            Prop::GridColumn => b.grid_column = string(value),
            Prop::GridRow => b.grid_row = string(value),
            Prop::Order => {
                set(&mut b.order, values::number(value).map(|v| v.clamp(-1e6, 1e6) as i32))
            }
            Prop::Position => {
                if let Some(w) = values::word(value) {
                    b.absolute = matches!(w.as_str(), "absolute" | "fixed");
                }
            }
            Prop::Top => b.inset[0] = len(value).filter(|l| *l != Length::Auto),
            Prop::Right => b.inset[1] = len(value).filter(|l| *l != Length::Auto),
            Prop::Bottom => b.inset[2] = len(value).filter(|l| *l != Length::Auto),
            Prop::Left => b.inset[3] = len(value).filter(|l| *l != Length::Auto),
            Prop::PosX => b.pos[0] = len(value).filter(|l| *l != Length::Auto),
            Prop::PosY => b.pos[1] = len(value).filter(|l| *l != Length::Auto),
            Prop::ZIndex => set(
                &mut self.paint.z_index,
                values::number(value).map(|v| v.clamp(-1e6, 1e6) as i32),
            ),
            Prop::Overflow => {
                if let Some(o) = overflow(value) {
                    b.overflow = [o, o];
                }
            }
            Prop::OverflowX => set(&mut b.overflow[0], overflow(value)),
            Prop::OverflowY => set(&mut b.overflow[1], overflow(value)),
            Prop::Src => self.widget.src = string(value).filter(|s| !s.is_empty()),
            Prop::Fit => self.widget.fit = fit(value).or(self.widget.fit),
            Prop::KeepAspect => self.widget.keep_aspect = values::boolean(value),
            Prop::InputType => self.widget.input_type = values::word(value),
            Prop::Placeholder => self.widget.placeholder = string(value),
            Prop::Value => {
                self.widget.value = (!matches!(value, ScriptValue::Nil)).then(|| value.clone())
            }
            Prop::Min => self.widget.min = values::number(value),
            Prop::Max => self.widget.max = values::number(value),
            Prop::Step => self.widget.step = values::number(value),
            Prop::Columns => {
                self.widget.columns =
                    values::number(value).filter(|n| *n >= 1.0).map(|n| n.min(1000.0) as u16)
            }
            Prop::Rows => {
                self.widget.rows =
                    values::number(value).filter(|n| *n >= 1.0).map(|n| n.min(1000.0) as u16)
            }
            Prop::ScrollX => self.widget.scroll[0] = px(value),
            Prop::ScrollY => self.widget.scroll[1] = px(value),
        }
    }

    /// `layout: row center wrap grow absolute ...`: direction, alignment (`center`, `start`,
    /// `end` on both axes; `space-*` on the main axis; `stretch` on the cross axis), wrap,
    /// grow (this element grows), absolute (the children are placed at `pos_x`/`pos_y`),
    /// `flex`/`grid` (display).
    fn apply_layout_words(&mut self, value: &ScriptValue) {
        let b = &mut self.boxed;
        for word in values::words(value) {
            match word.as_str() {
                "row" => b.direction = Direction::Row,
                "column" => b.direction = Direction::Column,
                "row_reverse" => b.direction = Direction::RowReverse,
                "column_reverse" => b.direction = Direction::ColumnReverse,
                "start" => {
                    b.justify = Justify::Start;
                    b.align_items = Align::Start;
                }
                "center" => {
                    b.justify = Justify::Center;
                    b.align_items = Align::Center;
                }
                "end" => {
                    b.justify = Justify::End;
                    b.align_items = Align::End;
                }
                "stretch" => b.align_items = Align::Stretch,
                "space_between" => b.justify = Justify::SpaceBetween,
                "space_around" => b.justify = Justify::SpaceAround,
                "space_evenly" => b.justify = Justify::SpaceEvenly,
                "wrap" => b.wrap = WrapMode::Wrap,
                "nowrap" => b.wrap = WrapMode::NoWrap,
                "grow" => b.grow = 1.0,
                "fill" => {
                    b.grow = 1.0;
                    b.align_self = Some(Align::Stretch);
                }
                "absolute" => b.children_absolute = true,
                "relative" => b.children_absolute = false,
                "flex" => b.display = DisplayMode::Flex,
                "grid" => b.display = DisplayMode::Grid,
                _ => {}
            }
        }
    }

    /// `border: 1 solid #CCCCCC` (any order; each part optional).
    fn apply_border_shorthand(&mut self, value: &ScriptValue, ctx: &UnitContext) {
        let Some(text) = values::text(value) else { return };
        for part in text.split_whitespace() {
            let as_value = ScriptValue::String(part.to_string());
            if let Some(Length::Px(w)) = values::length_text(part, ctx) {
                self.boxed.border = [w.max(0.0); 4];
            } else if let Some(style) = border_style(&as_value) {
                self.paint.border_style = style;
            } else if let Some(c) = values::color(&as_value) {
                self.paint.border_color = c;
            }
        }
        if let ScriptValue::Int(_) | ScriptValue::Float(_) = value {
            if let Some(Length::Px(w)) = values::length(value, ctx) {
                self.boxed.border = [w.max(0.0); 4];
            }
        }
    }

    /// The border widths that are drawn (`border_style: none` draws none, and takes none).
    pub fn border_widths(&self) -> [f32; 4] {
        if self.paint.border_style == BorderStyle::None {
            [0.0; 4]
        } else {
            self.boxed.border
        }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn non_auto(l: Length) -> Length {
    if l == Length::Auto {
        Length::Px(0.0)
    } else {
        l
    }
}

fn string(value: &ScriptValue) -> Option<String> {
    values::text(value).map(|t| t.trim().to_string())
}

fn font_weight(value: &ScriptValue) -> Option<u16> {
    if let Some(n) = values::number(value) {
        return Some(n.clamp(1.0, 1000.0) as u16);
    }
    Some(match values::word(value)?.as_str() {
        "thin" => 100,
        "extralight" => 200,
        "light" | "lighter" => 300,
        "normal" | "regular" => 400,
        "medium" => 500,
        "semibold" => 600,
        "bold" | "bolder" => 700,
        "extrabold" => 800,
        "black" | "heavy" => 900,
        _ => return None,
    })
}

fn text_align(value: &ScriptValue) -> Option<TextAlign> {
    Some(match values::word(value)?.as_str() {
        "left" | "start" => TextAlign::Start,
        "center" | "centre" | "middle" => TextAlign::Center,
        "right" | "end" => TextAlign::End,
        "justify" => TextAlign::Justify,
        _ => return None,
    })
}

fn direction(value: &ScriptValue) -> Option<Direction> {
    Some(match values::word(value)?.as_str() {
        "row" | "horizontal" => Direction::Row,
        "column" | "vertical" => Direction::Column,
        "row_reverse" => Direction::RowReverse,
        "column_reverse" => Direction::ColumnReverse,
        _ => return None,
    })
}

fn justify(value: &ScriptValue) -> Option<Justify> {
    Some(match values::word(value)?.as_str() {
        "start" | "flex_start" | "left" | "top" => Justify::Start,
        "end" | "flex_end" | "right" | "bottom" => Justify::End,
        "center" | "centre" | "middle" => Justify::Center,
        "space_between" | "spacebetween" => Justify::SpaceBetween,
        "space_around" | "spacearound" => Justify::SpaceAround,
        "space_evenly" | "spaceevenly" => Justify::SpaceEvenly,
        "stretch" => Justify::Stretch,
        _ => return None,
    })
}

fn align(value: &ScriptValue) -> Option<Align> {
    Some(match values::word(value)?.as_str() {
        "start" | "flex_start" | "left" | "top" => Align::Start,
        "end" | "flex_end" | "right" | "bottom" => Align::End,
        "center" | "centre" | "middle" => Align::Center,
        "stretch" => Align::Stretch,
        "baseline" => Align::Baseline,
        _ => return None,
    })
}

fn overflow(value: &ScriptValue) -> Option<Overflow> {
    Some(match values::word(value)?.as_str() {
        "visible" => Overflow::Visible,
        "hidden" | "clip" => Overflow::Clip,
        "scroll" | "auto" => Overflow::Scroll,
        _ => return None,
    })
}

fn border_style(value: &ScriptValue) -> Option<BorderStyle> {
    Some(match values::word(value)?.as_str() {
        "solid" => BorderStyle::Solid,
        "dashed" => BorderStyle::Dashed,
        "dotted" => BorderStyle::Dotted,
        "double" => BorderStyle::Double,
        "none" | "hidden" => BorderStyle::None,
        _ => return None,
    })
}

fn decoration(value: &ScriptValue) -> Option<Decoration> {
    Some(match values::word(value)?.as_str() {
        "none" => Decoration::None,
        "underline" => Decoration::Underline,
        "overline" => Decoration::Overline,
        "line_through" => Decoration::LineThrough,
        _ => return None,
    })
}

fn transform(value: &ScriptValue) -> Option<TextTransform> {
    Some(match values::word(value)?.as_str() {
        "none" => TextTransform::None,
        "uppercase" => TextTransform::Uppercase,
        "lowercase" => TextTransform::Lowercase,
        "capitalize" => TextTransform::Capitalize,
        _ => return None,
    })
}

fn fit(value: &ScriptValue) -> Option<Fit> {
    Some(match values::word(value)?.as_str() {
        "contain" => Fit::Contain,
        "cover" => Fit::Cover,
        "fill" | "stretch" => Fit::Fill,
        "none" => Fit::None,
        "scale_down" => Fit::ScaleDown,
        _ => return None,
    })
}

/// A unitless line height up to 4 is a multiple of the font size (`1.5`); anything else is a
/// length.
fn line_height(value: &ScriptValue, ctx: &UnitContext) -> Option<f32> {
    if let Some(n) = values::number(value) {
        if n > 0.0 && n <= 4.0 {
            return Some(n * ctx.font_size);
        }
    }
    match values::length(value, ctx)? {
        Length::Px(v) if v > 0.0 => Some(v.min(MAX_LENGTH)),
        Length::Percent(p) if p > 0.0 => Some(p * ctx.font_size),
        _ => None,
    }
}

/// `"x y [blur [spread]] colour"` or `none`; `Some(None)` for `none`.
fn shadow(value: &ScriptValue, ctx: &UnitContext) -> Option<Option<Shadow>> {
    let text = values::text(value)?;
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") || text.is_empty() {
        return Some(None);
    }
    // The first shadow of a list; inset shadows are not drawn.
    let first = text.split(',').next().unwrap_or(text);
    let mut lengths = Vec::new();
    let mut color = [0, 0, 0, 64];
    for part in first.split_whitespace() {
        if part.eq_ignore_ascii_case("inset") {
            return Some(None);
        }
        match values::length_text(part, ctx) {
            Some(Length::Px(v)) => lengths.push(v),
            _ => color = values::color(&ScriptValue::String(part.to_string()))?,
        }
    }
    if lengths.len() < 2 || lengths.len() > 4 {
        return None;
    }
    Some(Some(Shadow {
        x: lengths[0],
        y: lengths[1],
        blur: lengths.get(2).copied().unwrap_or(0.0).clamp(0.0, 200.0 * ctx.scale),
        spread: lengths.get(3).copied().unwrap_or(0.0).clamp(-1000.0, 1000.0),
        color,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> UnitContext {
        UnitContext { font_size: 14.0, root_font_size: 14.0, viewport: (800.0, 600.0), scale: 1.0 }
    }

    fn s(t: &str) -> ScriptValue {
        ScriptValue::String(t.into())
    }

    #[test]
    fn layout_words() {
        let mut style = ComputedStyle::blank(&ctx());
        style.apply(Prop::Layout, &s("row center wrap grow"), &ctx());
        let b = &style.boxed;
        assert_eq!(b.direction, Direction::Row);
        assert_eq!((b.justify, b.align_items), (Justify::Center, Align::Center));
        assert_eq!(b.wrap, WrapMode::Wrap);
        assert_eq!(b.grow, 1.0);
        style.apply(Prop::Layout, &s("column space-between absolute"), &ctx());
        assert_eq!(style.boxed.justify, Justify::SpaceBetween);
        assert!(style.boxed.children_absolute);
    }

    #[test]
    fn shorthands_and_shadows() {
        let mut style = ComputedStyle::blank(&ctx());
        style.apply(Prop::Border, &s("2 solid #ff0000"), &ctx());
        assert_eq!(style.boxed.border, [2.0; 4]);
        assert_eq!(style.paint.border_color, [255, 0, 0, 255]);
        style.apply(Prop::BoxShadow, &s("0 2 4 #00000040"), &ctx());
        let shadow = style.paint.shadow.unwrap();
        assert_eq!((shadow.x, shadow.y, shadow.blur, shadow.color), (0.0, 2.0, 4.0, [0, 0, 0, 64]));
        style.apply(Prop::BoxShadow, &s("none"), &ctx());
        assert!(style.paint.shadow.is_none());
        style.apply(Prop::Padding, &s("10 16"), &ctx());
        assert_eq!(style.boxed.padding[1], Length::Px(16.0));
    }

    #[test]
    fn absurd_values_are_clamped() {
        let mut style = ComputedStyle::blank(&ctx());
        style.apply(Prop::Width, &ScriptValue::Float(1e12), &ctx());
        assert_eq!(style.boxed.size[0], Length::Px(MAX_LENGTH));
        style.apply(Prop::Height, &ScriptValue::Int(-50), &ctx());
        assert_eq!(style.boxed.size[1], Length::Px(0.0));
        assert_eq!(
            ComputedStyle::font_size_of(&ScriptValue::Float(1e9), &ctx(), 14.0),
            Some(MAX_FONT_SIZE)
        );
        style.apply(Prop::Opacity, &ScriptValue::Float(7.0), &ctx());
        assert_eq!(style.paint.opacity, 1.0);
    }
}

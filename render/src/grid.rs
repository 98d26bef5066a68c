//! Grid templates and placements as KRY writes them, read into taffy's types:
//! `"1fr 2fr 100px auto"`, `"repeat(3, 1fr)"`, `"minmax(100px, 1fr)"`, a bare count (`3`:
//! three equal columns), and placements `"2"`, `"1 / 3"`, `"span 2"`, `"1 / span 2"`.
//! Anything unreadable gives no tracks (auto placement), never a panic; counts are capped.

use taffy::style_helpers::{
    auto, fr, length, line, max_content, min_content, minmax, percent, span,
};
use taffy::{
    GridPlacement, GridTemplateComponent, Line, MaxTrackSizingFunction, MinTrackSizingFunction,
    TrackSizingFunction,
};

use crate::values::{Length, UnitContext};

/// The most tracks a template may have.
pub const MAX_TRACKS: usize = 1000;

fn track(text: &str, ctx: &UnitContext) -> Option<TrackSizingFunction> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(n) = t.strip_suffix("fr") {
        let v: f32 = n.trim().parse().ok()?;
        return (v.is_finite() && v >= 0.0).then(|| fr(v.min(1e6)));
    }
    if let Some(inner) = t.strip_prefix("minmax(").and_then(|r| r.strip_suffix(')')) {
        let (a, b) = inner.split_once(',')?;
        return Some(minmax(min_track(a, ctx)?, max_track(b, ctx)?));
    }
    Some(match t.as_str() {
        "auto" => auto(),
        "min-content" | "min_content" => min_content(),
        "max-content" | "max_content" => max_content(),
        _ => match crate::values::length_text(&t, ctx)? {
            Length::Px(v) => length(v.max(0.0)),
            Length::Percent(p) => percent(p.max(0.0)),
            Length::Auto => auto(),
        },
    })
}

fn min_track(text: &str, ctx: &UnitContext) -> Option<MinTrackSizingFunction> {
    let t = text.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "auto" => MinTrackSizingFunction::auto(),
        "min-content" => MinTrackSizingFunction::min_content(),
        "max-content" => MinTrackSizingFunction::max_content(),
        _ => match crate::values::length_text(&t, ctx)? {
            Length::Px(v) => MinTrackSizingFunction::length(v.max(0.0)),
            Length::Percent(p) => MinTrackSizingFunction::percent(p.max(0.0)),
            Length::Auto => MinTrackSizingFunction::auto(),
        },
    })
}

fn max_track(text: &str, ctx: &UnitContext) -> Option<MaxTrackSizingFunction> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(n) = t.strip_suffix("fr") {
        let v: f32 = n.trim().parse().ok()?;
        return (v.is_finite() && v >= 0.0).then(|| MaxTrackSizingFunction::fr(v.min(1e6)));
    }
    Some(match t.as_str() {
        "auto" => MaxTrackSizingFunction::auto(),
        "min-content" => MaxTrackSizingFunction::min_content(),
        "max-content" => MaxTrackSizingFunction::max_content(),
        _ => match crate::values::length_text(&t, ctx)? {
            Length::Px(v) => MaxTrackSizingFunction::length(v.max(0.0)),
            Length::Percent(p) => MaxTrackSizingFunction::percent(p.max(0.0)),
            Length::Auto => MaxTrackSizingFunction::auto(),
        },
    })
}

/// Splits at top-level spaces (not inside parentheses).
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, None);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// A template: tracks, `repeat(n, tracks)`, or a bare count of equal tracks.
pub fn template(text: &str, ctx: &UnitContext) -> Vec<GridTemplateComponent<String>> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        let n = n.clamp(1, MAX_TRACKS as u32) as u16;
        return equal_tracks(n);
    }
    let mut out = Vec::new();
    let mut count = 0usize;
    for token in tokens(t) {
        if let Some(inner) = token.to_ascii_lowercase().strip_prefix("repeat(") {
            let Some(inner) = inner.strip_suffix(')') else { return Vec::new() };
            let Some((n, tracks)) = inner.split_once(',') else { return Vec::new() };
            let Ok(n) = n.trim().parse::<u32>() else { return Vec::new() };
            let tracks: Option<Vec<_>> = tokens(tracks).iter().map(|t| track(t, ctx)).collect();
            let Some(tracks) = tracks.filter(|t| !t.is_empty()) else { return Vec::new() };
            let n = n.clamp(1, MAX_TRACKS as u32) as usize;
            if count + n * tracks.len() > MAX_TRACKS {
                return Vec::new();
            }
            count += n * tracks.len();
            for _ in 0..n {
                out.extend(tracks.iter().map(|t| GridTemplateComponent::Single(*t)));
            }
        } else {
            let Some(tr) = track(token, ctx) else { return Vec::new() };
            count += 1;
            if count > MAX_TRACKS {
                return Vec::new();
            }
            out.push(GridTemplateComponent::Single(tr));
        }
    }
    out
}

/// `n` tracks of `1fr`.
pub fn equal_tracks(n: u16) -> Vec<GridTemplateComponent<String>> {
    (0..n.min(MAX_TRACKS as u16)).map(|_| GridTemplateComponent::Single(fr(1.0))).collect()
}

fn placement(text: &str) -> Option<GridPlacement<String>> {
    let t = text.trim().to_ascii_lowercase();
    if t == "auto" {
        return Some(GridPlacement::Auto);
    }
    if let Some(n) = t.strip_prefix("span") {
        let n: u16 = n.trim().parse().ok()?;
        return Some(span(n.clamp(1, MAX_TRACKS as u16)));
    }
    let n: i16 = t.parse().ok()?;
    (n != 0).then(|| line(n.clamp(-(MAX_TRACKS as i16), MAX_TRACKS as i16)))
}

/// A placement: `"2"`, `"1 / 3"`, `"span 2"`, `"2 / span 3"`.
pub fn placement_line(text: &str) -> Line<GridPlacement<String>> {
    let (start, end) = match text.split_once('/') {
        Some((a, b)) => (placement(a), placement(b)),
        None => (placement(text), None),
    };
    Line { start: start.unwrap_or(GridPlacement::Auto), end: end.unwrap_or(GridPlacement::Auto) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> UnitContext {
        UnitContext { font_size: 14.0, root_font_size: 14.0, viewport: (800.0, 600.0), scale: 1.0 }
    }

    #[test]
    fn templates() {
        assert_eq!(template("1fr 2fr 100px", &ctx()).len(), 3);
        assert_eq!(template("repeat(3, 1fr)", &ctx()).len(), 3);
        assert_eq!(template("repeat(2, 1fr 50px) auto", &ctx()).len(), 5);
        assert_eq!(template("minmax(100px, 1fr) 1fr", &ctx()).len(), 2);
        assert_eq!(template("4", &ctx()).len(), 4);
        assert_eq!(template("repeat(99999, 1fr)", &ctx()).len(), MAX_TRACKS);
        assert!(template("repeat(3, banana)", &ctx()).is_empty());
        assert!(template("99999999999", &ctx()).len() <= MAX_TRACKS);
    }

    #[test]
    fn placements() {
        let l = placement_line("1 / span 2");
        assert_eq!(l.start, line(1));
        assert_eq!(l.end, span(2));
        assert_eq!(placement_line("nonsense").start, GridPlacement::Auto);
    }
}

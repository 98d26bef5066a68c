//! `kryc vms --recommend`: which VMs an app needs, the smallest preset that has them with
//! that preset's measured player size and the VMs' measured start time and memory, what to
//! port to drop a VM, and whether the app fits a target preset.
//!
//! Pure: the app comes as its [`AppGraph`] (`kryc analyze`'s graph) and the numbers as the
//! benchmark tables' text ([`costs`]); the CLI embeds those tables at build time.
//!
//! - [`costs`] — the measured tables;
//! - [`text`] — the terminal rendering (the JSON form is this module's types, serialised).

pub mod costs;
pub mod text;

use serde::Serialize;

use crate::analysis::graph::{AppGraph, Location, Unit, UnitKind};
use crate::languages::ScriptLanguage;
use crate::manifest::{Preset, PRESETS};

pub use costs::{Costs, Measured};

/// The version of the JSON form; it changes only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub version: u32,
    /// The root file as the run named it.
    pub file: String,
    /// The VMs the app's code runs in, in the languages' table order (Lua first).
    pub needs: Vec<NeededVm>,
    /// The smallest preset with every VM the app needs.
    pub preset: PresetChoice,
    /// Per VM that could be dropped: the code that keeps it and what dropping it saves.
    pub ports: Vec<Port>,
    /// With `--target`: whether the app fits that preset.
    pub target: Option<TargetFit>,
    /// Where the numbers come from.
    pub measured: Sources,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeededVm {
    /// The language tag.
    pub language: &'static str,
    /// The VM, as the KRB names it.
    pub vm: &'static str,
    /// The runtime cargo feature that provides it (`None`: always in the runtime).
    pub feature: Option<&'static str>,
    pub functions: usize,
    pub scripts: usize,
    pub inline_handlers: usize,
    pub lines: usize,
    /// Measured: loading a one-function app in this language, in µs (`None`: not measured).
    pub start_us: Option<f64>,
    /// Measured: the resident memory one more such app takes (`None`: not measured or not
    /// reported by the VM).
    pub memory_bytes: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PresetChoice {
    pub name: &'static str,
    /// The preset's VMs (language tags).
    pub languages: Vec<&'static str>,
    /// Measured: the stripped `kryon` player with this preset (`None`: not measured).
    pub player_bytes: Option<u64>,
    /// Measured: that player's start to first frame, in ms.
    pub first_frame_ms: Option<u64>,
    /// The start time of the VMs the app starts, summed (`None`: one is not measured).
    pub vm_start_us: Option<f64>,
    /// The memory of the VMs the app starts, summed (`None`: one is not measured).
    pub vm_memory_bytes: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Port {
    /// The VM's language (tag).
    pub language: &'static str,
    pub feature: Option<&'static str>,
    /// The code that keeps the VM.
    pub units: Vec<PortUnit>,
    pub lines: usize,
    /// The language to port it to (tag): the one most of the rest of the app is in.
    pub to: &'static str,
    /// The smallest preset once it is ported.
    pub preset_after: &'static str,
    /// How much smaller that preset's player is (`None`: one of the two is not measured).
    pub player_bytes_saved: Option<i64>,
    /// The VM's start time and memory, which the app no longer pays.
    pub start_us_saved: Option<f64>,
    pub memory_bytes_saved: Option<u64>,
    /// "1 Python function of 3 lines keeps `python-vm` (+0.78 MiB): port `reset` to Lua".
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortUnit {
    /// The unit's id in `kryc analyze`'s graph.
    pub unit: String,
    /// How messages name it: `reset`, "the `@script` at line 12".
    pub label: String,
    pub lines: usize,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetFit {
    pub target: &'static str,
    pub languages: Vec<&'static str>,
    pub fits: bool,
    /// The VMs the app needs that the target lacks.
    pub missing: Vec<&'static str>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sources {
    pub player_sizes: Measured,
    pub vm_costs: Measured,
}

/// The recommendation for the app `graph` describes, with `target` when one was asked for.
pub fn recommend(
    graph: &AppGraph,
    costs: &Costs,
    target: Option<&'static Preset>,
) -> Recommendation {
    let needed: Vec<ScriptLanguage> = ScriptLanguage::ALL
        .into_iter()
        .filter(|l| graph.languages.iter().any(|s| s.language == l.tag()))
        .collect();
    let needs: Vec<NeededVm> = graph
        .languages
        .iter()
        .filter_map(|s| {
            let language = ScriptLanguage::from_tag(s.language)?;
            let cost = costs.vm(s.language);
            Some(NeededVm {
                language: language.tag(),
                vm: language.info().vm,
                feature: language.info().runtime_feature,
                functions: s.functions,
                scripts: s.scripts,
                inline_handlers: s.inline_handlers,
                lines: s.lines,
                start_us: cost.map(|c| c.start_us),
                memory_bytes: cost.and_then(|c| c.memory_bytes),
            })
        })
        .collect();
    let preset = smallest_covering(&needed);
    let player = costs.player(preset.name);
    let choice = PresetChoice {
        name: preset.name,
        languages: preset.languages.iter().map(|l| l.tag()).collect(),
        player_bytes: player.map(|p| p.bytes),
        first_frame_ms: player.map(|p| p.first_frame_ms),
        vm_start_us: needs.iter().map(|n| n.start_us).sum(),
        vm_memory_bytes: needs.iter().map(|n| n.memory_bytes).sum(),
    };
    let ports = needed
        .iter()
        .filter(|l| **l != ScriptLanguage::Lua)
        .map(|&language| port(graph, costs, &needed, preset, language))
        .collect();
    Recommendation {
        version: SCHEMA_VERSION,
        file: graph.file.clone(),
        target: target.map(|t| fit(graph, &needed, preset, t)),
        needs,
        preset: choice,
        ports,
        measured: Sources {
            player_sizes: costs.player_measured.clone(),
            vm_costs: costs.vms_measured.clone(),
        },
    }
}

/// The first preset (they are listed smallest first) with every language of `needed`.
fn smallest_covering(needed: &[ScriptLanguage]) -> &'static Preset {
    PRESETS
        .iter()
        .find(|p| needed.iter().all(|l| p.languages.contains(l)))
        .unwrap_or(&PRESETS[PRESETS.len() - 1])
}

fn units_in(graph: &AppGraph, language: ScriptLanguage) -> Vec<&Unit> {
    graph.units.iter().filter(|u| u.language == language.tag()).collect()
}

fn label(u: &Unit) -> String {
    match (u.kind, &u.name) {
        (UnitKind::Function, Some(name)) => format!("`{name}`"),
        (UnitKind::Script, Some(name)) => format!("the `@script` `{name}`"),
        (UnitKind::Script, None) => format!("the `@script` at line {}", u.location.line),
        _ => format!("the inline handler at line {}", u.location.line),
    }
}

/// "1 Python function of 3 lines", "2 JavaScript functions and 1 script of 14 lines".
fn describe_code(language: ScriptLanguage, units: &[&Unit]) -> String {
    let count = |k: UnitKind| units.iter().filter(|u| u.kind == k).count();
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (UnitKind::Function, "function", "functions"),
        (UnitKind::Script, "script", "scripts"),
        (UnitKind::InlineHandler, "inline handler", "inline handlers"),
    ] {
        match count(kind) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    let lines: usize = units.iter().map(|u| u.lines).sum();
    let first = parts.first().cloned().unwrap_or_default();
    let first = match first.split_once(' ') {
        Some((n, rest)) => format!("{n} {} {rest}", language.display_name()),
        None => first,
    };
    let mut text = first;
    if parts.len() > 1 {
        text.push_str(&format!(" and {}", parts[1..].join(" and ")));
    }
    text.push_str(&format!(" of {lines} line{}", if lines == 1 { "" } else { "s" }));
    text
}

/// `a`, `a` and `b`, `a`, `b` and `c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The language most of the app's other code is in (Lua, always in the runtime, when no
/// other language has code or on a tie).
fn port_target(
    graph: &AppGraph,
    needed: &[ScriptLanguage],
    from: ScriptLanguage,
) -> ScriptLanguage {
    needed
        .iter()
        .copied()
        .filter(|l| *l != from)
        .map(|l| (units_in(graph, l).iter().map(|u| u.lines).sum::<usize>(), l))
        .max_by_key(|(lines, l)| (*lines, *l == ScriptLanguage::Lua))
        .map_or(ScriptLanguage::Lua, |(_, l)| l)
}

fn feature_name(language: ScriptLanguage) -> &'static str {
    language.info().runtime_feature.unwrap_or(language.info().vm)
}

/// MiB with two decimals: `6.68 MiB`.
pub fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / 1_048_576.0)
}

fn port(
    graph: &AppGraph,
    costs: &Costs,
    needed: &[ScriptLanguage],
    preset: &'static Preset,
    language: ScriptLanguage,
) -> Port {
    let units = units_in(graph, language);
    let to = port_target(graph, needed, language);
    let after: Vec<ScriptLanguage> =
        needed.iter().copied().filter(|l| *l != language).chain([to]).collect();
    let preset_after = smallest_covering(&after);
    let saved = match (costs.player(preset.name), costs.player(preset_after.name)) {
        (Some(now), Some(then)) => Some(now.bytes as i64 - then.bytes as i64),
        _ => None,
    };
    let cost = costs.vm(language.tag());
    let size = match saved {
        Some(bytes) if bytes >= 0 => format!("+{}", mib(bytes as u64)),
        Some(bytes) => format!("-{}", mib(bytes.unsigned_abs())),
        None => "player size not measured".to_string(),
    };
    let keep = if units.len() == 1 { "keeps" } else { "keep" };
    let labels: Vec<String> = units.iter().map(|u| label(u)).collect();
    let message = format!(
        "{} {keep} `{}` ({size}): port {} to {}",
        describe_code(language, &units),
        feature_name(language),
        list(&labels),
        to.display_name()
    );
    Port {
        language: language.tag(),
        feature: language.info().runtime_feature,
        units: units
            .iter()
            .map(|u| PortUnit {
                unit: u.id.clone(),
                label: label(u),
                lines: u.lines,
                location: u.location.clone(),
            })
            .collect(),
        lines: units.iter().map(|u| u.lines).sum(),
        to: to.tag(),
        preset_after: preset_after.name,
        player_bytes_saved: saved,
        start_us_saved: cost.map(|c| c.start_us),
        memory_bytes_saved: cost.and_then(|c| c.memory_bytes),
        message,
    }
}

fn fit(
    graph: &AppGraph,
    needed: &[ScriptLanguage],
    preset: &'static Preset,
    target: &'static Preset,
) -> TargetFit {
    let missing: Vec<ScriptLanguage> =
        needed.iter().copied().filter(|l| !target.languages.contains(l)).collect();
    let has = target.languages.iter().map(|l| l.display_name()).collect::<Vec<_>>().join(", ");
    let message = if missing.is_empty() {
        let uses = if needed.is_empty() {
            "the app runs no scripts".to_string()
        } else {
            format!(
                "the app needs {}",
                needed.iter().map(|l| l.display_name()).collect::<Vec<_>>().join(", ")
            )
        };
        format!("the app fits `{}` ({has}): {uses}", target.name)
    } else {
        let reasons: Vec<String> = missing
            .iter()
            .map(|&l| {
                let units = units_in(graph, l);
                format!(
                    "{} need{} `{}`",
                    describe_code(l, &units),
                    if units.len() == 1 { "s" } else { "" },
                    feature_name(l)
                )
            })
            .collect();
        let kept: Vec<ScriptLanguage> =
            needed.iter().copied().filter(|l| target.languages.contains(l)).collect();
        let to = kept.first().copied().unwrap_or(ScriptLanguage::Lua);
        format!(
            "the app does not fit `{}` ({has}): {}; port that code to {} or target `{}`",
            target.name,
            list(&reasons),
            to.display_name(),
            preset.name
        )
    };
    TargetFit {
        target: target.name,
        languages: target.languages.iter().map(|l| l.tag()).collect(),
        fits: missing.is_empty(),
        missing: missing.iter().map(|l| l.tag()).collect(),
        message,
    }
}

/// The JSON form: pretty-printed, ending in a newline.
pub fn to_json(recommendation: &Recommendation) -> String {
    let mut text =
        serde_json::to_string_pretty(recommendation).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

//! The build manifest: the set of script VMs the target runtime has. It comes from
//! `--vms LIST`, `--preset NAME` or a `kryon.toml` beside the root file (`[build] vms = [...]`
//! or `preset = "..."`); the command line wins, and Lua is always in it. Reading the files
//! is the CLI's job: this module parses text it is given.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::source::{FileId, TextRange};

/// A named set of VMs, matching the runtime's cargo feature of the same name.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub languages: &'static [ScriptLanguage],
    pub description: &'static str,
}

use ScriptLanguage::{JavaScript, Lua, MicroPython, Python, Wren};

/// Every preset, smallest first.
pub const PRESETS: &[Preset] = &[
    Preset { name: "minimal", languages: &[Lua], description: "Lua only: the smallest runtime" },
    Preset {
        name: "embedded",
        languages: &[Lua, JavaScript],
        description: "Lua and JavaScript (QuickJS): small devices",
    },
    Preset { name: "web", languages: &[Lua, JavaScript], description: "Lua and JavaScript" },
    Preset { name: "data", languages: &[Lua, Python], description: "Lua and Python" },
    Preset {
        name: "desktop",
        languages: &[Lua, JavaScript, Python],
        description: "Lua, JavaScript and Python",
    },
    Preset {
        name: "full",
        languages: &[Lua, JavaScript, Python, Wren, MicroPython],
        description: "every VM",
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// The smallest preset that has `language` (the first in [`PRESETS`] order).
pub fn smallest_preset_with(language: ScriptLanguage) -> &'static Preset {
    PRESETS.iter().find(|p| p.languages.contains(&language)).unwrap_or(&PRESETS[PRESETS.len() - 1])
}

/// Where the manifest came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Nothing said otherwise: the minimal preset.
    Default,
    CommandLine,
    /// A `kryon.toml`, by its display name.
    Config(String),
}

/// The VMs a build may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub languages: BTreeSet<ScriptLanguage>,
    /// The preset it was given as, if any.
    pub preset: Option<&'static str>,
    pub origin: Origin,
    /// Function names the host provides (`[host] functions` in `kryon.toml`).
    pub host_functions: Vec<String>,
    /// `kryc build` optimises as with `-O` (`[build] optimize = true`).
    pub optimize: bool,
    /// With `optimize`: precompiled scripts without their source (`[build] strip-source`).
    pub strip_source: bool,
}

impl Default for Manifest {
    /// The minimal preset: Lua alone.
    fn default() -> Manifest {
        Manifest::from_languages([Lua], None, Origin::Default)
    }
}

impl Manifest {
    pub fn from_languages(
        languages: impl IntoIterator<Item = ScriptLanguage>,
        preset: Option<&'static str>,
        origin: Origin,
    ) -> Manifest {
        let mut languages: BTreeSet<_> = languages.into_iter().collect();
        languages.insert(Lua);
        Manifest {
            languages,
            preset,
            origin,
            host_functions: Vec::new(),
            optimize: false,
            strip_source: false,
        }
    }

    /// Every language, as when no build target constrains a check.
    pub fn everything() -> Manifest {
        Manifest::from_languages(ScriptLanguage::ALL, Some("full"), Origin::Default)
    }

    pub fn has(&self, language: ScriptLanguage) -> bool {
        self.languages.contains(&language)
    }

    /// The VMs as a `--vms` value (`lua,javascript`).
    pub fn vms_value(&self) -> String {
        self.languages.iter().map(|l| l.tag()).collect::<Vec<_>>().join(",")
    }

    /// The `--vms` value that adds `language` to this manifest.
    pub fn vms_value_with(&self, language: ScriptLanguage) -> String {
        let mut with = self.clone();
        with.languages.insert(language);
        with.vms_value()
    }

    /// How the manifest was given, for a help line: "`--vms lua`", "the `minimal` preset
    /// (the default)", "`kryon.toml`".
    pub fn describe(&self) -> String {
        match (&self.origin, self.preset) {
            (Origin::Default, _) => {
                "the default, as no `--vms`, `--preset` or kryon.toml says otherwise".to_string()
            }
            (Origin::CommandLine, Some(p)) => format!("`--preset {p}`"),
            (Origin::CommandLine, None) => format!("`--vms {}`", self.vms_value()),
            (Origin::Config(file), _) => format!("`{file}`"),
        }
    }
}

/// Parses a `--vms` list (`lua,js, python`): tags or aliases separated by commas.
pub fn parse_vms(list: &str) -> Result<Vec<ScriptLanguage>, String> {
    let mut out = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match ScriptLanguage::from_tag(item) {
            Some(l) => out.push(l),
            None => {
                let mut message = format!("unknown VM `{item}`");
                if let Some(close) = crate::suggest::closest(item, ScriptLanguage::all_tags()) {
                    message.push_str(&format!("; did you mean `{close}`?"));
                }
                message.push_str(&format!(
                    " (the VMs are {})",
                    ScriptLanguage::ALL.map(|l| l.tag()).join(", ")
                ));
                return Err(message);
            }
        }
    }
    Ok(out)
}

/// Parses a preset name, with a suggestion when it is close to one.
pub fn parse_preset(name: &str) -> Result<&'static Preset, String> {
    preset(name).ok_or_else(|| {
        let mut message = format!("unknown preset `{name}`");
        if let Some(close) = crate::suggest::closest(name, PRESETS.iter().map(|p| p.name)) {
            message.push_str(&format!("; did you mean `{close}`?"));
        }
        message.push_str(&format!(
            " (the presets are {})",
            PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
        ));
        message
    })
}

/// What `kryc vms` prints: each language with its tags, VM, KRB id and runtime cargo feature;
/// each preset; and the VMs this kryc embeds for `kryc run` (`embedded`).
pub fn vms_report(embedded: &[ScriptLanguage]) -> String {
    let mut out = String::from("languages:\n");
    let rows: Vec<[String; 5]> = crate::languages::LANGUAGES
        .iter()
        .map(|l| {
            let tags = std::iter::once(l.tag).chain(l.aliases.iter().copied()).collect::<Vec<_>>();
            [
                l.display_name.to_string(),
                tags.join(", "),
                format!("VM {}", l.vm),
                format!("KRB id {}", l.krb_id),
                match l.runtime_feature {
                    Some(f) => format!("runtime feature `{f}`"),
                    None => "always in the runtime".to_string(),
                },
            ]
        })
        .collect();
    let widths: Vec<usize> =
        (0..5).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    for row in &rows {
        out.push_str("  ");
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        out.push('\n');
    }
    out.push_str(
        "\npresets (`--preset NAME`, `preset = \"NAME\"` in kryon.toml, runtime feature `NAME`):\n",
    );
    let width = PRESETS.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in PRESETS {
        let langs = p.languages.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ");
        out.push_str(&format!("  {:<width$}  {langs}\n", p.name));
    }
    out.push_str("\nthis kryc runs KRB files with: ");
    if embedded.is_empty() {
        out.push_str("no VM (`kryc run` is not part of this build)\n");
    } else {
        out.push_str(&embedded.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", "));
        out.push('\n');
    }
    out.push_str("without `--vms`, `--preset` or kryon.toml, a build targets Lua only\n");
    out
}

#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    #[serde(default)]
    build: Option<BuildTable>,
    #[serde(default)]
    host: Option<HostTable>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildTable {
    vms: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
    preset: Option<toml::Spanned<String>>,
    #[serde(default)]
    optimize: bool,
    #[serde(default, rename = "strip-source")]
    strip_source: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostTable {
    #[serde(default)]
    functions: Vec<String>,
}

/// Reads a `kryon.toml` (already added to the source database as `file`): the manifest it
/// gives (`None` when it names no VMs or preset), or the problems with it, each at its place.
pub fn from_config(
    text: &str,
    file: FileId,
    display_name: &str,
) -> Result<Option<Manifest>, Vec<Diagnostic>> {
    let config: ConfigFile = toml::from_str(text).map_err(|e| {
        let range = e.span().map(|r| TextRange::new(r.start, r.end)).unwrap_or_default();
        vec![Diagnostic::new(Code::InvalidConfig, format!("invalid `kryon.toml`: {}", e.message()))
            .at(file, range)]
    })?;
    let origin = Origin::Config(display_name.to_string());
    let host_functions = config.host.map(|h| h.functions).unwrap_or_default();
    let Some(build) = config.build else {
        return Ok((!host_functions.is_empty()).then(|| Manifest {
            host_functions,
            ..Manifest::from_languages([Lua], None, origin)
        }));
    };
    let mut problems = Vec::new();
    let mut manifest = match (&build.vms, &build.preset) {
        (Some(vms), Some(p)) => {
            let span = |r: std::ops::Range<usize>| TextRange::new(r.start, r.end);
            problems.push(
                Diagnostic::new(Code::InvalidConfig, "`vms` and `preset` are both set")
                    .at(file, span(p.span()))
                    .with_label(crate::source::FileSpan::new(file, span(vms.span())), "`vms` here")
                    .with_help("give either the list of VMs or a preset"),
            );
            None
        }
        (Some(vms), None) => {
            let mut languages = Vec::new();
            for item in vms.get_ref() {
                match parse_vms(item.get_ref()) {
                    Ok(l) => languages.extend(l),
                    Err(message) => problems.push(
                        Diagnostic::new(Code::InvalidConfig, message)
                            .at(file, TextRange::new(item.span().start, item.span().end)),
                    ),
                }
            }
            Some(Manifest::from_languages(languages, None, origin.clone()))
        }
        (None, Some(p)) => match parse_preset(p.get_ref()) {
            Ok(preset) => Some(Manifest::from_languages(
                preset.languages.iter().copied(),
                Some(preset.name),
                origin.clone(),
            )),
            Err(message) => {
                problems.push(
                    Diagnostic::new(Code::InvalidConfig, message)
                        .at(file, TextRange::new(p.span().start, p.span().end)),
                );
                None
            }
        },
        (None, None) => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    if manifest.is_none() && (!host_functions.is_empty() || build.optimize || build.strip_source) {
        manifest = Some(Manifest::from_languages([Lua], None, origin));
    }
    if let Some(m) = &mut manifest {
        m.host_functions = host_functions;
        m.optimize = build.optimize;
        m.strip_source = build.optimize && build.strip_source;
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Option<Manifest>, Vec<Diagnostic>> {
        from_config(text, FileId(0), "kryon.toml")
    }

    #[test]
    fn optimize_and_strip_source_are_build_settings() {
        let m = config("[build]\noptimize = true\nstrip-source = true\n").unwrap().unwrap();
        assert!(m.optimize && m.strip_source);
        assert!(m.has(Lua));
        let m = config("[build]\npreset = \"web\"\nstrip-source = true\n").unwrap().unwrap();
        assert!(!m.optimize && !m.strip_source, "strip-source alone does nothing");
        assert!(config("[build]\noptimise = true\n").is_err(), "unknown keys are refused");
    }

    #[test]
    fn presets_match_the_design() {
        let langs = |n: &str| preset(n).expect("exists").languages.to_vec();
        assert_eq!(langs("minimal"), vec![Lua]);
        assert_eq!(langs("embedded"), vec![Lua, JavaScript]);
        assert_eq!(langs("web"), vec![Lua, JavaScript]);
        assert_eq!(langs("data"), vec![Lua, Python]);
        assert_eq!(langs("desktop"), vec![Lua, JavaScript, Python]);
        assert_eq!(langs("full").len(), 5);
        assert_eq!(smallest_preset_with(JavaScript).name, "embedded");
        assert_eq!(smallest_preset_with(Python).name, "data");
        assert_eq!(smallest_preset_with(Wren).name, "full");
    }

    #[test]
    fn vms_lists() {
        assert_eq!(parse_vms("lua, js,python").expect("valid"), vec![Lua, JavaScript, Python]);
        let err = parse_vms("lua,javscript").expect_err("typo");
        assert!(err.contains("did you mean `javascript`"), "{err}");
        let m = Manifest::from_languages([JavaScript], None, Origin::CommandLine);
        assert!(m.has(Lua), "Lua is always on");
        assert_eq!(m.vms_value_with(Python), "lua,javascript,python");
    }

    #[test]
    fn config_files() {
        let m = config("[build]\nvms = [\"lua\", \"javascript\"]\n").expect("valid").expect("set");
        assert!(m.has(JavaScript) && !m.has(Python));
        let m = config("[build]\npreset = \"data\"\n").expect("valid").expect("set");
        assert!(m.has(Python) && m.preset == Some("data"));
        assert_eq!(config("[package]\nname = \"x\"\n").expect("valid"), None);
        let m = config("[host]\nfunctions = [\"beep\"]\n").expect("valid").expect("set");
        assert_eq!(m.host_functions, vec!["beep".to_string()]);
        let err = config("[build]\nvms = [\"lua\", \"pyhton\"]\n").expect_err("typo");
        assert_eq!(err[0].span.expect("span").range, TextRange::new(22, 30));
        assert!(err[0].message.contains("did you mean `python`"));
        assert!(config("[build]\nvms = [\"lua\"]\npreset = \"web\"\n").is_err());
        assert!(config("[build]\nvm = [\"lua\"]\n").is_err(), "unknown keys in [build]");
        let err = config("[build\n").expect_err("syntax");
        assert_eq!(err[0].code, Code::InvalidConfig);
    }
}

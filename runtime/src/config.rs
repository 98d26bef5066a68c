//! [`VMConfig`]: which VMs a runtime may start, the default one, and per-VM settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The languages a KRB can name (SPEC.md §12.1), with the VM and cargo feature for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageInfo {
    /// The KRB language id.
    pub id: u8,
    /// The language tag (`lua`, `javascript`, ...).
    pub name: &'static str,
    /// The cargo feature of `kryon-runtime` that adds its VM, when this version has one.
    pub feature: Option<&'static str>,
}

/// Every language of KRB 1.0.
pub const LANGUAGES: &[LanguageInfo] = &[
    LanguageInfo { id: 1, name: "lua", feature: Some("lua-vm") },
    LanguageInfo { id: 2, name: "javascript", feature: Some("javascript-vm") },
    LanguageInfo { id: 3, name: "python", feature: Some("python-vm") },
    LanguageInfo { id: 4, name: "wren", feature: None },
    LanguageInfo { id: 5, name: "micropython", feature: None },
];

/// The language with this KRB id.
pub fn language_by_id(id: u8) -> Option<&'static LanguageInfo> {
    LANGUAGES.iter().find(|l| l.id == id)
}

/// The language with this tag (aliases `js` and `py` accepted).
pub fn language_by_name(name: &str) -> Option<&'static LanguageInfo> {
    let name = match name {
        "js" => "javascript",
        "py" => "python",
        other => other,
    };
    LANGUAGES.iter().find(|l| l.name == name)
}

/// Settings for one VM. Resource budgets (memory caps, per-call time limits) will live here;
/// the struct is non-exhaustive so adding them is not a breaking change.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct VMSettings {}

/// How a runtime runs scripts.
#[derive(Debug, Clone, PartialEq)]
pub struct VMConfig {
    /// The languages whose VMs may start. A KRB needing another one is refused at load.
    /// Defaults to every VM compiled in ([`crate::compiled_vms`]).
    pub enabled_vms: Vec<String>,
    /// The language that wins when two languages define a function with the same name.
    pub default_vm: String,
    /// Per-language settings, by language tag.
    pub vm_settings: BTreeMap<String, VMSettings>,
    /// The directory `@script "lang" from "file"` paths are relative to (normally the
    /// `.krb` file's directory). Without it, a KRB with external scripts is refused.
    pub script_root: Option<PathBuf>,
}

impl Default for VMConfig {
    fn default() -> VMConfig {
        VMConfig {
            enabled_vms: crate::compiled_vms().iter().map(|s| s.to_string()).collect(),
            default_vm: "lua".to_string(),
            vm_settings: BTreeMap::new(),
            script_root: None,
        }
    }
}

impl VMConfig {
    /// Only these languages (tags or the aliases `js`, `py`).
    pub fn only(languages: &[&str]) -> VMConfig {
        let enabled_vms = languages
            .iter()
            .map(|l| language_by_name(l).map_or(l.to_string(), |info| info.name.to_string()))
            .collect();
        VMConfig { enabled_vms, ..VMConfig::default() }
    }

    /// Sets the directory external script files are read from.
    pub fn with_script_root(mut self, root: impl Into<PathBuf>) -> VMConfig {
        self.script_root = Some(root.into());
        self
    }

    pub fn is_enabled(&self, language: &str) -> bool {
        self.enabled_vms.iter().any(|l| l == language)
    }

    /// The settings of a language (defaults when none are given).
    pub fn settings(&self, language: &str) -> VMSettings {
        self.vm_settings.get(language).cloned().unwrap_or_default()
    }
}

//! [`VMConfig`]: which VMs a runtime may start, the default one, and per-VM settings.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

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
    LanguageInfo { id: 4, name: "wren", feature: Some("wren-vm") },
    LanguageInfo { id: 5, name: "micropython", feature: Some("micropython-vm") },
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

/// The memory one VM may use by default: 64 MiB.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 * 1024 * 1024;
/// How long one call into a VM may run by default: 1 s.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(1);
/// How many Lua instructions run between two checks of the time limit, by default.
pub const DEFAULT_CHECK_INTERVAL: u32 = 10_000;

/// Settings for one VM: its resource budgets and the capabilities granted to its scripts.
///
/// Build from [`VMSettings::default`] (safe budgets, no capabilities) with the `with_*`
/// methods; the struct is non-exhaustive so new settings are not a breaking change. See
/// `docs/security.md` for what each VM enforces.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VMSettings {
    /// The most memory the VM may use, in bytes (default [`DEFAULT_MEMORY_LIMIT`]). Lua and
    /// QuickJS enforce it in their allocators; for Python it is checked cooperatively against
    /// the growth of the process's resident memory during a call (Linux only). `0` means no
    /// limit.
    pub memory_limit: usize,
    /// How long one call (an event handler, a module script's top level) may run (default
    /// [`DEFAULT_TIME_LIMIT`]). A call over it is stopped with
    /// [`ScriptErrorKind::TimeLimit`](crate::ScriptErrorKind::TimeLimit). `Duration::ZERO`
    /// means no limit.
    pub time_limit: Duration,
    /// Lua instructions between two checks of the time limit (default
    /// [`DEFAULT_CHECK_INTERVAL`]); lower stops a runaway call sooner and costs more.
    pub check_interval: u32,
    /// Capabilities granted to this VM's scripts (default: none; see `docs/security.md`).
    /// Python: the modules scripts may `import` (only modules built into the interpreter
    /// exist: no standard library is bundled). Lua: `io`, `os` (the whole library), `load`
    /// and `package` (see the Lua VM's `GRANTS`). JavaScript has nothing to grant. A name the
    /// VM does not know makes the VM fail to start, naming it.
    pub allow_modules: Vec<String>,
}

impl Default for VMSettings {
    fn default() -> VMSettings {
        VMSettings {
            memory_limit: DEFAULT_MEMORY_LIMIT,
            time_limit: DEFAULT_TIME_LIMIT,
            check_interval: DEFAULT_CHECK_INTERVAL,
            allow_modules: Vec::new(),
        }
    }
}

impl VMSettings {
    /// Sets [`VMSettings::memory_limit`] (bytes; `0` for none).
    pub fn with_memory_limit(mut self, bytes: usize) -> VMSettings {
        self.memory_limit = bytes;
        self
    }

    /// Sets [`VMSettings::time_limit`] (`Duration::ZERO` for none).
    pub fn with_time_limit(mut self, limit: Duration) -> VMSettings {
        self.time_limit = limit;
        self
    }

    /// Sets [`VMSettings::check_interval`] (at least 1).
    pub fn with_check_interval(mut self, instructions: u32) -> VMSettings {
        self.check_interval = instructions.max(1);
        self
    }

    /// Grants these capabilities (Python modules, Lua libraries; see
    /// [`VMSettings::allow_modules`]).
    pub fn with_allowed_modules<S: Into<String>>(
        mut self,
        modules: impl IntoIterator<Item = S>,
    ) -> VMSettings {
        self.allow_modules.extend(modules.into_iter().map(Into::into));
        self
    }
}

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
    /// Load precompiled bytecode (KRB 1.3) whose engine tag is exactly this build's (default
    /// off). Lua and QuickJS do not verify bytecode, so a crafted chunk can corrupt memory:
    /// set it only for KRBs from a trusted build (see `docs/security.md`). Off, scripts that
    /// also carry their source run from it, and precompiled-only scripts are refused.
    pub trust_bytecode: bool,
}

impl Default for VMConfig {
    fn default() -> VMConfig {
        VMConfig {
            enabled_vms: crate::compiled_vms().iter().map(|s| s.to_string()).collect(),
            default_vm: "lua".to_string(),
            vm_settings: BTreeMap::new(),
            script_root: None,
            trust_bytecode: false,
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

    /// Sets [`VMConfig::trust_bytecode`].
    pub fn with_trusted_bytecode(mut self, trust: bool) -> VMConfig {
        self.trust_bytecode = trust;
        self
    }

    pub fn is_enabled(&self, language: &str) -> bool {
        self.enabled_vms.iter().any(|l| l == language)
    }

    /// Sets the settings of one language (a tag or the aliases `js`, `py`).
    pub fn with_settings(mut self, language: &str, settings: VMSettings) -> VMConfig {
        let name = language_by_name(language).map_or(language, |info| info.name);
        self.vm_settings.insert(name.to_string(), settings);
        self
    }

    /// The settings of a language (defaults when none are given).
    pub fn settings(&self, language: &str) -> VMSettings {
        self.vm_settings.get(language).cloned().unwrap_or_default()
    }
}

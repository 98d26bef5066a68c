//! The errors of the runtime: [`LoadError`] when a KRB cannot be run at all, [`ScriptError`]
//! (data, never a panic) when a script fails, [`DispatchError`] when an event names nothing.

use std::fmt;

use serde::Serialize;

/// Why a KRB could not be loaded. Nothing has run when loading fails on the header or the VM
/// list: those are checked before any script is touched.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoadError {
    /// The bytes are not a valid KRB file.
    Read(krb_format::ReadError),
    /// The file needs a VM this build of the runtime does not have.
    MissingVm {
        language: String,
        /// The cargo feature of `kryon-runtime` that adds the VM, when there is one.
        feature: Option<&'static str>,
    },
    /// The VM is compiled in but [`crate::VMConfig`] disables it.
    DisabledVm { language: String },
    /// A language id this runtime does not know (a newer file).
    UnknownLanguage(u8),
    /// A VM could not start.
    VmStart { language: String, message: String },
    /// A script the runtime cannot run as stored (bytecode for another engine, a name that is
    /// not an identifier, an external file that cannot be read).
    Script { script: String, message: String },
    /// A script stored only as bytecode (KRB 1.3, built with `--strip-source`) that this
    /// runtime may not load: another engine or version made it, or the host does not trust
    /// bytecode ([`crate::VMConfig::trust_bytecode`]).
    Bytecode {
        script: String,
        /// The engine tag the file names.
        found: String,
        /// This runtime's engine tag for the language (`None`: it runs source only).
        runtime: Option<String>,
        /// Whether the host trusts bytecode.
        trusted: bool,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Read(e) => write!(f, "cannot read the KRB file: {e}"),
            LoadError::MissingVm { language, feature: Some(feature) } => write!(
                f,
                "this app needs the {language} VM, which this runtime was built without; \
                 rebuild kryon-runtime with the `{feature}` cargo feature (or a preset that \
                 includes it)"
            ),
            LoadError::MissingVm { language, feature: None } => write!(
                f,
                "this app needs the {language} VM, which kryon-runtime {} does not have",
                env!("CARGO_PKG_VERSION")
            ),
            LoadError::DisabledVm { language } => write!(
                f,
                "this app needs the {language} VM, which the runtime configuration disables \
                 (add \"{language}\" to VMConfig::enabled_vms)"
            ),
            LoadError::UnknownLanguage(id) => write!(
                f,
                "this app needs a VM for language id {id}, which this runtime does not know \
                 (the file is newer than the runtime)"
            ),
            LoadError::VmStart { language, message } => {
                write!(f, "the {language} VM could not start: {message}")
            }
            LoadError::Script { script, message } => write!(f, "script `{script}`: {message}"),
            LoadError::Bytecode { script, found, runtime, trusted } => {
                write!(f, "script `{script}` is stored only as bytecode for `{found}`; ")?;
                match runtime {
                    Some(ours) if ours != found => write!(
                        f,
                        "this runtime's engine is `{ours}`: rebuild the app with this kryon's \
                         kryc, or without --strip-source so the source can run"
                    ),
                    Some(_) if !trusted => write!(
                        f,
                        "the engine matches, but the host does not trust bytecode (set \
                         VMConfig::trust_bytecode for apps from a trusted build)"
                    ),
                    _ => write!(f, "this runtime runs that language from source only"),
                }
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl From<krb_format::ReadError> for LoadError {
    fn from(e: krb_format::ReadError) -> LoadError {
        LoadError::Read(e)
    }
}

/// What kind of failure a [`ScriptError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptErrorKind {
    /// The code does not parse.
    Syntax,
    /// The code raised an error while running.
    Runtime,
    /// No script defines the function that was called.
    MissingFunction,
    /// A value cannot cross between the VM and the runtime (a function, a cycle, an integer
    /// beyond 64 bits, ...).
    Conversion,
    /// A script gave a shared variable a value its declared type does not allow.
    VariableType,
    /// The call ran longer than the VM's [`time_limit`](crate::VMSettings::time_limit) and
    /// was stopped.
    TimeLimit,
    /// The VM needed more memory than its [`memory_limit`](crate::VMSettings::memory_limit)
    /// allows; the call was stopped.
    MemoryLimit,
    /// The call nested deeper than the VM's stack allows (script recursion, metamethods,
    /// nested values, a parser's recursion), and was stopped before it could exhaust the
    /// native stack.
    StackLimit,
    /// The VM itself failed inside the call (a bug in the engine, caught so the host keeps
    /// running). The VM was restarted: its scripts were loaded again and the shared
    /// variables restored; other globals of that VM are lost.
    VmFailure,
    /// A bound property's new value does not fit the property's type (`width: $w` with `w`
    /// set to `"wide"`); the property keeps its previous value.
    Binding,
}

impl ScriptErrorKind {
    /// Whether this is a budget ([`ScriptErrorKind::TimeLimit`],
    /// [`ScriptErrorKind::MemoryLimit`] or [`ScriptErrorKind::StackLimit`]) stopping a call.
    pub fn is_budget(self) -> bool {
        matches!(
            self,
            ScriptErrorKind::TimeLimit | ScriptErrorKind::MemoryLimit | ScriptErrorKind::StackLimit
        )
    }
}

/// A script failed. Returned as data: the runtime keeps serving events after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScriptError {
    pub kind: ScriptErrorKind,
    /// The language (`lua`, `javascript`, `python`), or `None` when no VM was involved (a
    /// handler naming a function no script defines).
    pub language: Option<&'static str>,
    /// The function that was called, or the `@script` block that was loading.
    pub function: Box<str>,
    pub message: String,
    /// The `.kry` file of the code that failed, from the script's source map.
    pub kry_file: Option<Box<str>>,
    /// The 1-based line in `kry_file`.
    pub kry_line: Option<u32>,
    /// The VM's stack trace, when it gave one, with every frame of a loaded script at its
    /// `.kry` file and line: `app.kry:42: in function <app.kry:40>` (Lua), `at f
    /// (app.kry:42:5)` (JavaScript; the column is the script's own on a body's first line),
    /// `File "app.kry", line 42, in f` (Python). (Boxed to keep errors small: they travel
    /// in every `Result` of a call.)
    pub traceback: Option<Box<str>>,
    /// When a host function the script called (a DOM method such as `setStyle`) failed and
    /// the script did not handle that failure: the host's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_cause: Option<Box<str>>,
}

impl ScriptError {
    /// An error with no source position yet.
    pub fn new(
        kind: ScriptErrorKind,
        language: Option<&'static str>,
        function: &str,
        message: impl Into<String>,
    ) -> ScriptError {
        ScriptError {
            kind,
            language,
            function: function.into(),
            message: message.into(),
            kry_file: None,
            kry_line: None,
            traceback: None,
            host_cause: None,
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kry_file, self.kry_line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        match self.language {
            Some(language) => write!(f, "{language} function `{}`: ", self.function)?,
            None => write!(f, "`{}`: ", self.function)?,
        }
        f.write_str(&self.message)?;
        if let Some(cause) = &self.host_cause {
            write!(f, " (the host function failed: {cause})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScriptError {}

/// An event could not be dispatched at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DispatchError {
    /// No element has this id.
    UnknownElement(String),
    /// No element has this index in the tree.
    NoElementAt(u32),
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DispatchError::UnknownElement(id) => write!(f, "no element has the id `{id}`"),
            DispatchError::NoElementAt(index) => write!(f, "the tree has no element {index}"),
        }
    }
}

impl std::error::Error for DispatchError {}

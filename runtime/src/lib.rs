//! The KRY runtime: loads a KRB app, keeps its element tree and shared variables, and runs
//! its scripts in embedded VMs (Lua, JavaScript, Python), each behind a cargo feature.
//!
//! # Loading
//!
//! [`Runtime::load`] reads KRB bytes; [`Runtime::from_document`] takes a
//! [`krb_format::Document`]. The header's required-VM list is checked first: a file needing a
//! language this build lacks fails with [`LoadError::MissingVm`], naming the language and the
//! cargo feature to enable, before any script runs. Then the element tree and the shared
//! variables are built, the VMs the scripts need are started (lazily, one per language),
//! every script is loaded (function scripts wrapped as functions of their language, module
//! scripts run once), and `load` event handlers fire.
//!
//! # Events
//!
//! [`Runtime::dispatch`] fires `click`, `press`, `release`, `hover`, `focus`, `blur`,
//! `change`, `submit` (and `load`) at an element by id; [`Runtime::click`] is the short form.
//! Handlers get their bound arguments (`select($index)`, evaluated against the current
//! variables) and, when the function declares one more parameter, an event object
//! `{type, target, value}`. The [`DispatchOutcome`] lists, in order, the element changes the
//! host applies to its own tree, the variable changes and any script errors.
//!
//! # Shared variables
//!
//! One typed store ([`SharedScriptData`]), initialised from the KRB's variables section. Each
//! variable is also a plain global in every VM (`counter = counter + 1` in Lua, `counter--`
//! in JavaScript, `global counter` in Python). After every call the variables that VM changed
//! are checked against their declared types and published in one ordered batch: to every
//! other VM, to every binding (`"Count: $counter"` re-rendered by the [`TemplateEngine`]),
//! and to change listeners.
//!
//! # The DOM API
//!
//! The same in every language, spelled idiomatically (`el:setText("x")` in Lua,
//! `el.setText("x")` in JavaScript and Python): `getElementById(id)` returns an element (or
//! `nil`/`null`/`None`) with `setText`, `getText`, `setVisible`, `getVisible`,
//! `setProperty(name, value)`, `getProperty(name)`, `setStyle(name)`, `setChecked(bool)`,
//! `getChecked()`; globals `getVariable(name)` and `setVariable(name, value)` read and write
//! shared variables.
//!
//! # Errors
//!
//! A script that fails gives a [`ScriptError`] (language, function, message, `.kry` file and
//! line from the script's source map, traceback) in the outcome and in
//! [`Runtime::errors`]; the runtime keeps serving events. No input makes it panic.
//!
//! # Output for a headless host
//!
//! [`Runtime::tree`] (elements with id, type, text, visibility and changed properties),
//! [`Runtime::variables`] (declaration order), and [`Runtime::snapshot`] /
//! [`Runtime::snapshot_json`]: `{"variables": {...}, "elements": [...], "errors": [...]}`.
//!
//! # Threads
//!
//! A [`Runtime`] and its VMs live on one thread (the embedded VMs are single-threaded); run
//! one runtime per thread that needs one.
//!
//! # Cargo features
//!
//! | feature | VMs |
//! |---|---|
//! | `lua-vm` (default) | Lua 5.4 (mlua, vendored) |
//! | `javascript-vm` | JavaScript (QuickJS through rquickjs) |
//! | `python-vm` | Python (RustPython, no stdlib; contains LGPL-3.0 code) |
//! | `minimal` | lua |
//! | `embedded`, `web` | lua, javascript |
//! | `data` | lua, python |
//! | `desktop` | lua, javascript, python |
//! | `full`, `all-vms` | every VM this runtime has |
//!
//! [`compiled_vms`] lists the languages of this build.

mod alloc_meter;
mod config;
mod dispatch;
mod dom;
mod editing;
mod error;
mod eval;
mod health;
mod interaction;
mod load;
mod names;
mod precompile;
mod property_values;
mod recover;
mod reload;
mod runtime;
mod shared;
mod snapshot;
mod sync;
mod template;
mod trace;
mod tree;
mod value;
pub mod vm;

pub use alloc_meter::{metered_allocator_installed, MeteredAllocator};
pub use config::{
    language_by_id, language_by_name, LanguageInfo, VMConfig, VMSettings, DEFAULT_CHECK_INTERVAL,
    DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT, LANGUAGES,
};
pub use dispatch::DispatchOutcome;
pub use dom::{
    DomHandle, InputKind, Listener, ListenerEvent, Returns, DOCUMENT_FUNCTIONS, ELEMENT_FIELDS,
    ELEMENT_METHODS,
};
pub use editing::Edit;
pub use error::{DispatchError, LoadError, ScriptError, ScriptErrorKind};
pub use eval::{evaluate, render_template, Variables};
pub use health::{VmHealth, TIMING_SAMPLE};
pub use krb_format::EventKind;
pub use names::{element_name, property_name};
pub use precompile::{engine_tag, precompile, Precompiled};
pub use runtime::{Runtime, MAX_KEPT_ERRORS};
pub use shared::{ChangeListener, SharedScriptData, SharedVariable, VariableChange};
pub use snapshot::{ElementSnapshot, OrderedMap, Snapshot};
pub use template::TemplateEngine;
pub use trace::{TraceCause, TraceFormat, TraceObserver, TraceStep};
pub use tree::{ElementChange, ElementChangeKind, ElementState, ElementTree, PropertyState};
pub use value::{ScriptValue, MAX_DEPTH};
pub use vm::{ScriptVM, VMFactory, VMRegistry};

/// The languages whose VMs this build has (`lua`, `javascript`, `python`), in KRB language-id
/// order. `kryc vms` prints it.
pub fn compiled_vms() -> &'static [&'static str] {
    const VMS: &[&str] = &[
        #[cfg(feature = "lua-vm")]
        "lua",
        #[cfg(feature = "javascript-vm")]
        "javascript",
        #[cfg(feature = "python-vm")]
        "python",
        #[cfg(feature = "wren-vm")]
        "wren",
        #[cfg(feature = "micropython-vm")]
        "micropython",
    ];
    VMS
}

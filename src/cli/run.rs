//! `kryc run FILE.krb|FILE.kry [--click ID]... [--event TYPE:ID[:VALUE]]... [--print FORMAT]`:
//! the headless host. Loads the app into the runtime (building a `.kry` in memory first),
//! fires the events in command-line order, and prints the final element tree and variables
//! (`tree`), the variables alone (`vars`), everything as JSON (`json`) or every element's box
//! (`layout`), after what the scripts printed (in JSON: `output`); `--screenshot` renders the
//! app after the events to a PNG file (see `render.rs`); `--trace [text|jsonl]` prints every
//! step the runtime takes to stderr as it happens. Script errors are printed to stderr and make the exit
//! status 1; the events after them still run.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use kryc::diagnostics::{Diagnostic, Severity};
use kryc::emit::{build, EmitOptions};
use kryc::manifest::{Manifest, Origin};
use kryc::source::SourceDb;
use kryon_runtime::{EventKind, Runtime, ScriptValue, Snapshot, TraceFormat, TraceStep, VMConfig};

use super::args::{ColorChoice, EventSpec, PrintFormat, RunArgs};
use super::check::{check_root, manifest, options, with_manifest};
use super::report::{report, FAILURE, INPUT_ERRORS, SUCCESS};

/// Reads a KRB file; a failure is printed and is the exit status.
pub(super) fn read_krb(path: &Path) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|e| {
        eprintln!("error: cannot read `{}`: {e}", path.display());
        ExitCode::from(FAILURE)
    })
}

/// Fires one event as a host would: `hover`, `press`, `release` and `focus` go through the
/// runtime's interaction state (so a screenshot shows the element hovered, pressed or
/// focused, and hover or focus leave the element they were on before); the other kinds are
/// dispatched to the element directly.
fn fire(
    runtime: &mut Runtime,
    event: &EventSpec,
    index: u32,
) -> Result<kryon_runtime::DispatchOutcome, kryon_runtime::DispatchError> {
    Ok(match event.kind {
        EventKind::Hover => runtime.pointer_move(Some(index)),
        EventKind::Press => runtime.pointer_down(index),
        EventKind::Release => runtime.pointer_up(Some(index)),
        EventKind::Focus => runtime.focus(Some(index)),
        kind => return runtime.dispatch_at(kind, index, event.value.clone()),
    })
}

pub fn run(args: &RunArgs, color: ColorChoice) -> ExitCode {
    if args.window {
        return super::window::run(args, color);
    }
    let bytes = if args.file.extension().is_some_and(|e| e == "krb") {
        match read_krb(&args.file) {
            Ok(bytes) => bytes,
            Err(code) => return code,
        }
    } else {
        match build_in_memory(args, color) {
            Ok(bytes) => bytes,
            Err(code) => return code,
        }
    };
    let root = args.file.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut config = VMConfig::default().with_script_root(root);
    config.trust_bytecode = args.trust_bytecode;
    for language in kryon_runtime::compiled_vms() {
        let mut settings = config.settings(language);
        if let Some(bytes) = args.max_memory {
            settings = settings.with_memory_limit(bytes);
        }
        if let Some(limit) = args.max_time {
            settings = settings.with_time_limit(limit);
        }
        config = config.with_settings(language, settings);
    }
    let loaded = match args.trace.as_deref().and_then(TraceFormat::from_name) {
        Some(format) => {
            let observer = move |step: &TraceStep<'_>| eprintln!("{}", format.line(step));
            Runtime::load_observed(&bytes, config, Box::new(observer))
        }
        None => Runtime::load(&bytes, config),
    };
    let mut runtime = match loaded {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot run `{}`: {e}", args.file.display());
            return ExitCode::from(INPUT_ERRORS);
        }
    };
    let mut failed = false;
    // What scripts printed, at load and per event, in order.
    let mut output = runtime.load_outcome().output.clone();
    for event in &args.events {
        let index = match event.target.strip_prefix("text=") {
            Some(label) => runtime.find_by_text(label, event.kind),
            None => runtime.tree().find(&event.target),
        };
        let Some(index) = index else {
            match event.target.strip_prefix("text=") {
                Some(label) => {
                    eprintln!("error: {}: no element shows the text `{label}`", event.text)
                }
                None => {
                    eprintln!("error: {}: no element has the id `{}`", event.text, event.target)
                }
            }
            failed = true;
            continue;
        };
        match fire(&mut runtime, event, index) {
            Ok(mut outcome) => output.append(&mut outcome.output),
            Err(e) => {
                eprintln!("error: {}: {e}", event.text);
                failed = true;
            }
        }
    }
    for error in runtime.errors() {
        eprintln!("error: {error}");
        if let Some(trace) = &error.traceback {
            for line in trace.lines() {
                eprintln!("    {line}");
            }
        }
        failed = true;
    }
    let wants_layout = matches!(args.print, PrintFormat::Json | PrintFormat::Layout);
    let layout = if args.screenshot.is_some() || wants_layout {
        match super::render::render(&runtime, args) {
            Ok(layout) => layout,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(FAILURE);
            }
        }
    } else {
        Vec::new()
    };
    let health = if args.stats { Some(runtime.health()) } else { None };
    let mut text = match args.print {
        PrintFormat::Json => {
            let mut json = serde_json::to_value(runtime.snapshot()).unwrap_or_default();
            if let Some(object) = json.as_object_mut() {
                object.insert("output".into(), serde_json::Value::from(output));
                object.insert("layout".into(), super::render::layout_json(&layout));
                if let Some(health) = &health {
                    let health = serde_json::to_value(health).unwrap_or_default();
                    object.insert("health".into(), health);
                }
            }
            let mut json = serde_json::to_string_pretty(&json).unwrap_or_default();
            json.push('\n');
            json
        }
        PrintFormat::Vars => printed(&output) + &variables(&runtime.snapshot()),
        PrintFormat::Layout => printed(&output) + &super::render::layout_text(&layout),
        PrintFormat::Tree => {
            let snapshot = runtime.snapshot();
            format!("{}{}\n{}", printed(&output), tree(&snapshot), variables(&snapshot))
        }
    };
    if let (Some(health), false) = (&health, args.print == PrintFormat::Json) {
        text.push_str(&stats(health));
    }
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write: {e}");
            return ExitCode::from(FAILURE);
        }
    }
    ExitCode::from(if failed { INPUT_ERRORS } else { SUCCESS })
}

/// Checks and builds a `.kry` file for this binary's runtime: without `--vms`, `--preset` or
/// a `kryon.toml`, every VM the binary has is available.
fn build_in_memory(args: &RunArgs, color: ColorChoice) -> Result<Vec<u8>, ExitCode> {
    build_watched(args, color).0
}

/// Builds the `.kry` in memory (its diagnostics reported as `kryc check` does), and lists
/// the files the build read: the root, its includes, script files and `kryon.toml`.
pub(super) fn build_watched(
    args: &RunArgs,
    color: ColorChoice,
) -> (Result<Vec<u8>, ExitCode>, Vec<std::path::PathBuf>) {
    let config = args.file.parent().unwrap_or(Path::new("")).join("kryon.toml");
    let mut watched = vec![args.file.clone(), config];
    let mut db = SourceDb::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut vms = Manifest::default();
    let result = (|| {
        let options = options(&args.input, &mut db, &mut diagnostics).ok_or(FAILURE)?;
        let mut manifest =
            manifest(&args.input, &args.file, &mut db, &mut diagnostics).ok_or(FAILURE)?;
        if manifest.origin == Origin::Default {
            let languages = kryon_runtime::compiled_vms()
                .iter()
                .filter_map(|name| kryc::languages::ScriptLanguage::from_tag(name));
            let host = std::mem::take(&mut manifest.host_functions);
            manifest = Manifest::from_languages(languages, None, Origin::Default);
            manifest.host_functions = host;
        }
        vms = manifest.clone();
        let checked =
            check_root(&args.file, &with_manifest(&options, manifest), &mut db).map_err(|d| {
                diagnostics.push(*d);
                FAILURE
            })?;
        watched.extend(checked.program.files.iter().map(|f| f.path.clone()));
        watched.extend(
            checked
                .program
                .script_files
                .iter()
                .map(|s| std::path::PathBuf::from(db.get(s.file).name())),
        );
        diagnostics.extend(checked.diagnostics.iter().cloned());
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(INPUT_ERRORS);
        }
        build(&checked, &db, &EmitOptions::default()).map_err(|d| {
            diagnostics.push(*d);
            INPUT_ERRORS
        })
    })();
    let status = report(&db, &diagnostics, &args.diagnostics, color, &vms);
    watched.sort();
    watched.dedup();
    let result = match result {
        Ok(bytes) if status == ExitCode::from(SUCCESS) => Ok(bytes),
        Ok(_) => Err(status),
        Err(code) => Err(ExitCode::from(code)),
    };
    (result, watched)
}

/// `--event TYPE:ID[:VALUE]` (or `--click ID`) as the runtime takes it.
pub fn parse_event(text: &str, click: bool) -> Result<EventSpec, String> {
    if click {
        if text.is_empty() {
            return Err("`--click` needs an element id".into());
        }
        return Ok(EventSpec {
            kind: EventKind::Click,
            target: text.to_string(),
            value: None,
            text: format!("--click {text}"),
        });
    }
    let mut parts = text.splitn(3, ':');
    let kind_name = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let kind = EventKind::ALL.into_iter().find(|k| k.name() == kind_name).ok_or_else(|| {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown event `{kind_name}`; events are {}", names.join(", "))
    })?;
    if target.is_empty() {
        return Err(format!("`{text}` has no element id: write TYPE:ID[:VALUE]"));
    }
    let value = parts.next().map(parse_value);
    Ok(EventSpec { kind, target: target.to_string(), value, text: format!("--event {text}") })
}

/// An event value: a number or boolean when it reads as one, else text.
fn parse_value(text: &str) -> ScriptValue {
    if let Ok(i) = text.parse::<i64>() {
        ScriptValue::Int(i)
    } else if let Some(f) = text.parse::<f64>().ok().filter(|f| f.is_finite()) {
        ScriptValue::Float(f)
    } else {
        match text {
            "true" => ScriptValue::Bool(true),
            "false" => ScriptValue::Bool(false),
            _ => ScriptValue::String(text.to_string()),
        }
    }
}

/// One line per element, indented by depth: `Button #inc "+" [hidden] {changed: value}`.
fn tree(snapshot: &Snapshot) -> String {
    let mut depth: Vec<usize> = Vec::with_capacity(snapshot.elements.len());
    let mut out = String::new();
    for e in &snapshot.elements {
        let d = e
            .parent
            .and_then(|p| {
                snapshot.elements.iter().position(|x| x.index == p).and_then(|i| depth.get(i))
            })
            .map_or(0, |d| d + 1);
        depth.push(d);
        let _ = write!(out, "{}{}", "  ".repeat(d), e.type_name);
        if let Some(id) = &e.id {
            let _ = write!(out, " #{id}");
        }
        if let Some(text) = &e.text {
            let _ = write!(out, " {}", quote(text));
        }
        if !e.visible {
            out.push_str(" [hidden]");
        }
        if let Some(checked) = e.checked {
            out.push_str(if checked { " [checked]" } else { " [unchecked]" });
        }
        if !e.styles.is_empty() {
            let _ = write!(out, " style={}", e.styles.join(","));
        }
        for (name, value) in &e.changed_properties.0 {
            let _ = write!(out, " {name}={}", show(value));
        }
        out.push('\n');
    }
    out
}

fn variables(snapshot: &Snapshot) -> String {
    let mut out = String::from("variables:\n");
    for (name, value) in &snapshot.variables.0 {
        let _ = writeln!(out, "  {name} = {}", show(value));
    }
    out
}

/// The health counters as a table.
fn stats(health: &[kryon_runtime::VmHealth]) -> String {
    let mut out = String::from("\nvms:\n");
    let _ = writeln!(
        out,
        "  {:<11} {:>7} {:>7} {:>12} {:>12} {:>12} {:>12} {:>11} {:>8}",
        "language",
        "calls",
        "errors",
        "total time",
        "max call",
        "memory",
        "peak memory",
        "budget hits",
        "restarts"
    );
    let bytes =
        |b: Option<usize>| b.map_or("-".to_string(), |b| format!("{:.1} KiB", b as f64 / 1024.0));
    let time = |ns: u64| format!("{:.3} ms", ns as f64 / 1e6);
    for h in health {
        let _ = writeln!(
            out,
            "  {:<11} {:>7} {:>7} {:>12} {:>12} {:>12} {:>12} {:>11} {:>8}",
            h.language,
            h.calls,
            h.errors,
            time(h.total_call_ns),
            time(h.max_call_ns),
            bytes(h.memory_bytes),
            bytes(h.peak_memory_bytes),
            h.time_limit_hits + h.memory_limit_hits + h.stack_limit_hits,
            h.restarts
        );
    }
    out
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

fn show(value: &ScriptValue) -> String {
    match value {
        ScriptValue::String(s) => quote(s),
        other => serde_json::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
    }
}

/// Script output first, a line each, as the scripts printed it.
fn printed(output: &[String]) -> String {
    output.iter().map(|line| format!("{line}\n")).collect()
}

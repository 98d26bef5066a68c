//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kryc::diagnostics::render::Format;
use kryc::languages::ScriptLanguage;
use kryc::manifest::{Preset, PRESETS};
use kryc::source::PositionEncoding;

#[derive(Debug, Parser)]
#[command(
    name = "kryc",
    version,
    about = "The KRY toolchain: check and compile KRY UI files",
    propagate_version = true
)]
pub struct Cli {
    /// When to use colour in human output (`NO_COLOR` is honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile a KRY file to KRB (the binary a runtime loads).
    Build(BuildArgs),
    /// Check KRY files and report every problem, without writing output.
    Check(CheckArgs),
    /// Show what a KRB file holds: elements, styles, variables, bindings, scripts.
    Inspect(InspectArgs),
    /// Show the app's cross-language graph: functions, events, shared variables, findings.
    Analyze(AnalyzeArgs),
    /// Print the long explanation of a diagnostic code (e.g. `kryc explain K0104`).
    Explain(ExplainArgs),
    /// Run an app headless: fire events, print the element tree and the variables.
    Run(RunArgs),
    /// List the script languages, their VMs and runtime features, and the presets; with
    /// `--recommend FILE`, the VMs and the smallest preset an app needs.
    Vms(VmsArgs),
    /// Format KRY files in place (script bodies are left byte for byte).
    Fmt(FmtArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Lsp(LspArgs),
    /// Rebuild an app whenever it or a file it includes changes.
    Watch(WatchArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Options shared by every command that reports diagnostics.
#[derive(Debug, Clone, Args)]
pub struct DiagnosticArgs {
    /// How to print diagnostics: human and short go to stderr, the machine formats to stdout.
    #[arg(long, default_value = "human", value_parser = format_parser())]
    pub diagnostic_format: Format,

    /// The unit of column numbers in diagnostics.
    #[arg(long, default_value = "utf-32", value_parser = encoding_parser())]
    pub position_encoding: PositionEncoding,

    /// Treat warnings as errors (exit status 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// The root `.kry` file of the app.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the KRB file (`-` for standard output); default: beside FILE, with the
    /// extension `.krb`.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub optimise: super::optimise_args::OptimiseArgs,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The app: a KRB file, or a `.kry` file that is built in memory first.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Click the element with this id, or the one showing LABEL with `text=LABEL`
    /// (repeatable; events run in command-line order).
    #[arg(long = "click", value_name = "ID")]
    pub clicks: Vec<String>,

    /// Fire an event: `click`, `press`, `release`, `hover`, `focus`, `blur`, `change` or
    /// `submit` at an element (an id, or `text=LABEL`), with a value for inputs
    /// (`change:name:Ada`). Repeatable.
    #[arg(long = "event", value_name = "TYPE:ID[:VALUE]")]
    pub event_texts: Vec<String>,

    /// What to print at the end: the element tree and the variables, the variables alone,
    /// `{"variables", "elements", "errors", "layout"}` as JSON, or every element's box
    /// (`layout`: index, type, id, x, y, width, height in logical pixels).
    #[arg(long, value_enum, default_value = "tree")]
    pub print: PrintFormat,

    /// Render the app after the events and write the frame as a PNG file.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Open the app in a window (as the `kryon` player does) instead of running it headless.
    #[arg(long, conflicts_with_all = ["screenshot", "clicks", "event_texts", "print", "stats"])]
    pub window: bool,

    /// With `--window`: rebuild the app when its sources change and reload it in the open
    /// window, keeping the shared variables; an edit that does not build prints its
    /// diagnostics and the last good app stays on screen.
    #[arg(long, requires = "window")]
    pub watch: bool,

    /// The window size in logical pixels for rendering (default: the App's
    /// `window_width`/`window_height`, else 800x600).
    #[arg(long, value_name = "WxH", value_parser = window_size_parser)]
    pub size: Option<(u32, u32)>,

    /// Frame pixels per logical pixel for rendering (0.25–8; default 1).
    #[arg(long, value_name = "F", value_parser = scale_parser)]
    pub scale: Option<f32>,

    /// Print every step to stderr as it happens: each event, each call into a VM (function,
    /// arguments, result, duration), each shared-variable change with the VM and function
    /// that made it, each sync to the other VMs and the bindings, what scripts print, each
    /// error (with the call in another language that set it off), each VM restart. `text`
    /// (the default) for people, `jsonl` (a JSON object per line) for tools.
    #[arg(
        long,
        value_name = "FORMAT",
        num_args = 0..=1,
        default_missing_value = "text",
        value_parser = clap::builder::PossibleValuesParser::new(kryon_runtime::TraceFormat::NAMES)
    )]
    pub trace: Option<String>,

    /// Print each VM's health counters too: calls, errors, call times, memory, budget stops
    /// (a table after the output, or `"health"` in JSON).
    #[arg(long)]
    pub stats: bool,

    /// The memory cap of each VM (`64MiB`, `512KiB`, `1GB`, or bytes); `0` for none.
    /// Default: 64 MiB.
    #[arg(long, value_name = "SIZE", value_parser = size_parser)]
    pub max_memory: Option<usize>,

    /// The time budget of each script call (`1s`, `250ms`, `1.5s`); `0` for none.
    /// Default: 1 s.
    #[arg(long, value_name = "DURATION", value_parser = duration_parser)]
    pub max_time: Option<std::time::Duration>,

    /// Load the precompiled bytecode of a KRB built with `kryc build -O` (only for KRBs from
    /// a build you trust: see docs/security.md); without it, scripts run from their source.
    #[arg(long)]
    pub trust_bytecode: bool,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,

    /// `--click` and `--event` merged in command-line order (filled after parsing).
    #[arg(skip)]
    pub events: Vec<EventSpec>,
}

/// One event `kryc run` fires.
#[derive(Debug, Clone)]
pub struct EventSpec {
    pub kind: kryon_runtime::EventKind,
    pub target: String,
    pub value: Option<kryon_runtime::ScriptValue>,
    /// As written on the command line, for messages.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrintFormat {
    Tree,
    Vars,
    Json,
    Layout,
}

#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// The root `.kry` file of the app.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// How to print the graph: readable text, JSON (`docs/analysis.schema.json`), or
    /// Graphviz DOT (`| dot -Tsvg > app.svg`).
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    Text,
    Json,
    Dot,
}

#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// The KRB file.
    #[arg(value_name = "FILE.krb")]
    pub file: PathBuf,

    /// Print JSON instead of the readable tree.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct FmtArgs {
    /// The files to format, or directories to search for `.kry` files (default: the current
    /// directory); `-` formats standard input to standard output.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Change nothing: list the files that are not formatted and exit with status 1 if any.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only transport; accepted because editors'
    /// LSP clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// The root `.kry` file of the app.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the KRB file; default: beside FILE, with the extension `.krb`.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// How often to look at the files for changes, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub poll_interval: u64,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

/// How sources are read: include directories and variable overrides.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// A directory to search for `@include`d files (after the including file's directory).
    #[arg(short = 'I', long = "include-dir", value_name = "DIR")]
    pub include_dirs: Vec<PathBuf>,

    /// Override a variable: `-D counter=5`, `-D title="Hi"` (the value is KRY value syntax).
    #[arg(short = 'D', long = "define", value_name = "NAME=VALUE")]
    pub defines: Vec<String>,

    /// The script VMs the target runtime has, comma-separated (`lua,javascript`); Lua is
    /// always included. Overrides `kryon.toml`. Default: Lua only.
    #[arg(long, value_name = "LIST", value_parser = vms_parser, conflicts_with = "preset")]
    pub vms: Option<VmList>,

    /// A named set of VMs (see `kryc vms`). Overrides `kryon.toml`.
    #[arg(long, value_name = "NAME", value_parser = preset_parser())]
    pub preset: Option<&'static Preset>,
}

/// The value of `--vms`.
#[derive(Debug, Clone)]
pub struct VmList(pub Vec<ScriptLanguage>);

fn vms_parser(list: &str) -> Result<VmList, String> {
    kryc::manifest::parse_vms(list).map(VmList)
}

/// `--preset`: the names of the library's presets.
fn preset_parser() -> impl TypedValueParser<Value = &'static Preset> {
    PossibleValuesParser::new(PRESETS.iter().map(|p| p.name))
        .map(|name| kryc::manifest::preset(&name).expect("only listed names get here"))
}

#[derive(Debug, Clone, Args)]
pub struct VmsArgs {
    /// Say which VMs this app needs, the smallest preset that has them (with its measured
    /// player size and the VMs' start time and memory) and what to port to drop a VM.
    #[arg(long, value_name = "FILE")]
    pub recommend: Option<PathBuf>,

    /// With `--recommend`: whether the app fits this preset (exit status 1 when it does not).
    #[arg(long, value_name = "PRESET", value_parser = preset_parser(), requires = "recommend")]
    pub target: Option<&'static Preset>,

    /// With `--recommend`: readable text or JSON.
    #[arg(long, value_enum, default_value_t = VmsFormat::Text, requires = "recommend")]
    pub format: VmsFormat,

    /// A directory to search for `@include`d files (after the including file's directory).
    #[arg(short = 'I', long = "include-dir", value_name = "DIR", requires = "recommend")]
    pub include_dirs: Vec<PathBuf>,

    /// Override a variable: `-D counter=5` (the value is KRY value syntax).
    #[arg(short = 'D', long = "define", value_name = "NAME=VALUE", requires = "recommend")]
    pub defines: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VmsFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A code (`K0104`) or name (`unclosed-delimiter`); without one, every code is listed.
    pub code: Option<String>,
}

/// `--diagnostic-format`: the names of the library's renderers.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::from_name(&name).expect("only listed names get here"))
}

/// `--position-encoding`: utf-8, utf-16 or utf-32.
fn encoding_parser() -> impl TypedValueParser<Value = PositionEncoding> {
    PossibleValuesParser::new(PositionEncoding::ALL.map(PositionEncoding::as_str))
        .map(|name| PositionEncoding::from_name(&name).expect("only listed names get here"))
}

/// `64MiB`, `512KiB`, `1GB`, `1000000`: a byte count.
fn size_parser(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().map_err(|_| format!("`{text}` is not a size"))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!("unknown size unit `{other}`: use B, KiB, MiB, GiB, KB, MB or GB"))
        }
    };
    let bytes = number * factor;
    if !bytes.is_finite() || bytes < 0.0 || bytes > usize::MAX as f64 {
        return Err(format!("`{text}` is out of range"));
    }
    Ok(bytes as usize)
}

/// `800x600`: a window size in logical pixels.
fn window_size_parser(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{text}` is not a size: write WIDTHxHEIGHT, such as 800x600"))?;
    let side = |s: &str| match s.trim().parse::<u32>() {
        Ok(v) if (1..=kryon_render::MAX_FRAME_SIDE).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{text}`: each side must be a whole number from 1 to {}",
            kryon_render::MAX_FRAME_SIDE
        )),
    };
    Ok((side(w)?, side(h)?))
}

/// `2`, `1.5`: a scale factor from 0.25 to 8.
fn scale_parser(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(v) if (0.25..=8.0).contains(&v) => Ok(v),
        _ => Err(format!("`{text}` is not a scale from 0.25 to 8")),
    }
}

/// `1s`, `250ms`, `1.5s`, `2m`: a duration.
fn duration_parser(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().map_err(|_| format!("`{text}` is not a duration"))?;
    let seconds = match unit.trim() {
        "" if number == 0.0 => 0.0,
        "" => return Err(format!("`{text}` needs a unit: `ms`, `s` or `m`")),
        "us" | "µs" => number / 1e6,
        "ms" => number / 1000.0,
        "s" => number,
        "m" | "min" => number * 60.0,
        other => return Err(format!("unknown duration unit `{other}`: use ms, s or m")),
    };
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| format!("`{text}` is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_sizes_and_scales() {
        assert_eq!(window_size_parser("800x600"), Ok((800, 600)));
        assert!(window_size_parser("0x600").is_err());
        assert!(window_size_parser("800").is_err());
        assert_eq!(scale_parser("2"), Ok(2.0));
        assert!(scale_parser("0").is_err());
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size_parser("64MiB"), Ok(64 << 20));
        assert_eq!(size_parser("1000"), Ok(1000));
        assert_eq!(size_parser("1.5 KB"), Ok(1500));
        assert!(size_parser("12 parsecs").is_err());
        assert!(size_parser("-1").is_err());
        assert_eq!(duration_parser("250ms"), Ok(std::time::Duration::from_millis(250)));
        assert_eq!(duration_parser("1.5s"), Ok(std::time::Duration::from_millis(1500)));
        assert_eq!(duration_parser("0"), Ok(std::time::Duration::ZERO));
        assert!(duration_parser("5").is_err());
        assert!(duration_parser("1 fortnight").is_err());
    }
}

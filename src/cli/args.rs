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
    /// Print the long explanation of a diagnostic code (e.g. `kryc explain K0104`).
    Explain(ExplainArgs),
    /// List the script languages, their VMs and runtime features, and the presets.
    Vms,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Options shared by every command that reports diagnostics.
#[derive(Debug, Args)]
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

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The root `.kry` file of the app.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the KRB file (`-` for standard output); default: beside FILE, with the
    /// extension `.krb`.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The KRB file.
    #[arg(value_name = "FILE.krb")]
    pub file: PathBuf,

    /// Print JSON instead of the readable tree.
    #[arg(long)]
    pub json: bool,
}

/// How sources are read: include directories and variable overrides.
#[derive(Debug, Args)]
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

#[derive(Debug, Args)]
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

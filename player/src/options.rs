//! The command line: `kryon APP.krb [--tui] [--size WxH] [--scale F] [--max-time D]
//! [--max-memory S] [--trace [FORMAT]] [--trust-bytecode] [--print-json-on-exit]`.

use std::path::PathBuf;
use std::time::Duration;

use kryon_runtime::TraceFormat;

pub const USAGE: &str = "\
usage: kryon APP.krb [options]

Opens a KRB app (built with `kryc build`) in a window and runs it.

options:
  --tui                 draw the app in this terminal instead of a window
  --size WxH            the window size in logical pixels (default: the App's)
  --scale F             UI scale on top of the display's (default 1)
  --max-time D          time budget of one script call (default 1s; e.g. 250ms, 2s)
  --max-memory S        memory budget of each script VM (default 64MiB; e.g. 32MiB)
  --trace [FORMAT]      print every step the runtime takes to stderr: events, calls,
                        variable changes, syncs, errors (text, or jsonl for tools);
                        with --tui, send it to a file: 2> trace.log
  --trust-bytecode      run precompiled scripts (`kryc build -O`) from their bytecode;
                        only for a build you trust (without it: from their source)
  --print-json-on-exit  print the app's state as JSON when the window closes
  --frames N            close after N frames (for tests)
  -h, --help            this text
  -V, --version         the player's version and VMs
";

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub app: PathBuf,
    pub tui: bool,
    pub size: Option<(u32, u32)>,
    pub scale: f32,
    pub max_time: Option<Duration>,
    pub max_memory: Option<usize>,
    pub print_json_on_exit: bool,
    pub frames: Option<u64>,
    /// `--trace`: how to print the runtime's steps, when asked.
    pub trace: Option<TraceFormat>,
    /// `--trust-bytecode`: load precompiled scripts from their bytecode.
    pub trust_bytecode: bool,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Options),
    Help,
    Version,
}

/// `250ms`, `2s`, `1.5s`, `100us`, `1m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: f64 =
        number.parse().map_err(|_| format!("`{text}` is not a duration (say 250ms or 2s)"))?;
    let seconds = match unit {
        "ms" => n / 1000.0,
        "us" | "µs" => n / 1_000_000.0,
        "s" | "" => n,
        "m" | "min" => n * 60.0,
        _ => return Err(format!("`{text}`: the units are us, ms, s and m")),
    };
    if !seconds.is_finite() || seconds <= 0.0 || seconds > 86_400.0 {
        return Err(format!("`{text}` is out of range"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `64MiB`, `512KiB`, `1GiB`, `100MB`, `4096` (bytes).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number.parse().map_err(|_| format!("`{text}` is not a size (say 64MiB)"))?;
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return Err(format!("`{text}`: the units are B, KiB, MiB and GiB")),
    };
    n.checked_mul(factor)
        .and_then(|b| usize::try_from(b).ok())
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{text}` is out of range"))
}

/// `800x600`.
fn parse_window_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) =
        text.split_once(['x', 'X']).ok_or_else(|| format!("`{text}`: write WxH, like 800x600"))?;
    let side = |s: &str| s.trim().parse::<u32>().ok().filter(|&v| (1..=16384).contains(&v));
    match (side(w), side(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!("`{text}`: each side is 1 to 16384 pixels")),
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut app = None;
    let mut options = Options {
        app: PathBuf::new(),
        tui: false,
        size: None,
        scale: 1.0,
        max_time: None,
        max_memory: None,
        print_json_on_exit: false,
        frames: None,
        trace: None,
        trust_bytecode: false,
    };
    let text =
        |v: std::ffi::OsString| v.into_string().map_err(|_| "an argument is not UTF-8".to_string());
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("tui") => options.tui = true,
            Long("size") => {
                options.size =
                    Some(parse_window_size(&text(parser.value().map_err(|e| e.to_string())?)?)?)
            }
            Long("scale") => {
                let v = text(parser.value().map_err(|e| e.to_string())?)?;
                options.scale = v
                    .parse::<f32>()
                    .ok()
                    .filter(|s| s.is_finite() && (0.25..=8.0).contains(s))
                    .ok_or_else(|| format!("`--scale {v}`: a number from 0.25 to 8"))?;
            }
            Long("max-time") => {
                options.max_time =
                    Some(parse_duration(&text(parser.value().map_err(|e| e.to_string())?)?)?)
            }
            Long("max-memory") => {
                options.max_memory =
                    Some(parse_size(&text(parser.value().map_err(|e| e.to_string())?)?)?)
            }
            Long("print-json-on-exit") => options.print_json_on_exit = true,
            Long("trust-bytecode") => options.trust_bytecode = true,
            Long("trace") => {
                // `--trace=jsonl`, `--trace jsonl`, or `--trace` alone (text).
                let attached = parser.optional_value();
                let next = match attached {
                    Some(v) => Some(v),
                    None => parser.try_raw_args().and_then(|mut raw| {
                        raw.next_if(|a| a.to_str().is_some_and(|a| TraceFormat::NAMES.contains(&a)))
                    }),
                };
                let format = match next {
                    Some(v) => {
                        let v = text(v)?;
                        TraceFormat::from_name(&v).ok_or_else(|| {
                            format!("`--trace {v}`: the formats are text and jsonl")
                        })?
                    }
                    None => TraceFormat::Text,
                };
                options.trace = Some(format);
            }
            Long("frames") => {
                let v = text(parser.value().map_err(|e| e.to_string())?)?;
                options.frames = Some(v.parse().map_err(|_| format!("`--frames {v}`: a count"))?);
            }
            Value(v) if app.is_none() => app = Some(PathBuf::from(v)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    options.app = app.ok_or("give the app to open: kryon APP.krb")?;
    Ok(Command::Run(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(std::ffi::OsString::from))? {
            Command::Run(o) => Ok(o),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn arguments_parse_and_refuse() {
        let o = run(&[
            "app.krb",
            "--size",
            "640x480",
            "--scale",
            "2",
            "--max-time",
            "250ms",
            "--max-memory",
            "32MiB",
            "--tui",
        ])
        .unwrap();
        assert_eq!(o.size, Some((640, 480)));
        assert_eq!(o.scale, 2.0);
        assert_eq!(o.max_time, Some(Duration::from_millis(250)));
        assert_eq!(o.max_memory, Some(32 << 20));
        assert!(o.tui);
        assert!(run(&[]).is_err());
        assert!(run(&["a.krb", "--size", "0x10"]).is_err());
        assert!(run(&["a.krb", "--scale", "nan"]).is_err());
        assert!(run(&["a.krb", "--max-time", "5 parsecs"]).is_err());
        assert!(run(&["a.krb", "--bogus"]).is_err());
        assert!(matches!(parse(["--help"].map(std::ffi::OsString::from)), Ok(Command::Help)));
        assert_eq!(run(&["--trace", "a.krb"]).unwrap().trace, Some(TraceFormat::Text));
        assert_eq!(run(&["--trace", "jsonl", "a.krb"]).unwrap().trace, Some(TraceFormat::Jsonl));
        assert_eq!(run(&["a.krb", "--trace=jsonl"]).unwrap().trace, Some(TraceFormat::Jsonl));
        assert_eq!(run(&["a.krb", "--trace"]).unwrap().app, PathBuf::from("a.krb"));
        assert!(run(&["a.krb", "--trace=xml"]).is_err());
        assert!(run(&["a.krb", "--trust-bytecode"]).unwrap().trust_bytecode);
        assert!(!run(&["a.krb"]).unwrap().trust_bytecode);
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0ms").is_err());
        assert_eq!(parse_size("512KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert!(parse_size("9999999999999GiB").is_err());
    }
}

//! The optimisation options of `kryc build` (`-O`, `--strip-source`), flattened into its
//! arguments.

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct OptimiseArgs {
    /// Optimise the KRB: leave out functions nothing can run, store Lua scripts also as
    /// precompiled bytecode for this kryc's runtime (KRB 1.3), drop unused strings. What was
    /// done is reported on stderr.
    #[arg(short = 'O', long = "optimize", visible_alias = "optimise")]
    pub optimize: bool,

    /// With `-O`: store precompiled scripts only as bytecode, without their source (smaller;
    /// a runtime with another engine version refuses them instead of running the source).
    #[arg(long, requires = "optimize")]
    pub strip_source: bool,
}

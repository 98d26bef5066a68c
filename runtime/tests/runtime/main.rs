//! The runtime's integration tests, in one binary (one link per feature set instead of one
//! per file). Each module is one area; `support` builds KRB documents without the compiler.

#[path = "../support/mod.rs"]
mod support;

mod attacks;
mod budgets;
mod bytecode;
mod counter;
mod dom;
mod handlers;
mod health;
mod inputs;
mod micropython;
mod missing_vm;
mod recovery;
mod reload;
mod sandbox;
mod soak;
mod templates;
mod trace;
mod vms;
#[cfg(feature = "wren-vm")]
mod wren;

//! KRB 1.x (1.0; 1.1 with inline handler locations, 1.2 with the `+` operator, 1.3 with
//! precompiled bytecode): the binary format of compiled KRY apps.
//!
//! `SPEC.md` beside this crate is the byte-exact specification; this crate
//! implements exactly that and nothing else:
//!
//! - [`write()`] encodes a [`Document`] deterministically (the same document, the same bytes);
//! - [`read`] decodes any byte string into a [`Document`] or a [`ReadError`] with the offset
//!   where the file breaks a rule. It never panics, never reads out of bounds and never
//!   allocates more than the input can justify.
//!
//! The crate knows the layout, not the meaning of property or element ids: those come from
//! the compiler's registry.

mod compact;
mod document;
mod error;
pub mod layout;
mod read;
mod strings;
mod value;
mod write;

pub use document::*;
pub use error::{tag_name, ReadError, ReadErrorKind, WriteError};
pub use read::{read, read_with, ReadOptions};
pub use strings::{StrId, StringTable, NO_STRING};
pub use value::{BinaryOp, TemplatePart, UnaryOp, Unit, Value, MAX_VALUE_DEPTH};
pub use write::write;

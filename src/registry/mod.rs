//! The one registry of elements and properties, from the `kryon-registry` crate (which the
//! runtime and the renderer read too), and checking values written in KRY against its types.
//! It drives validation (the property pass), KRB encoding (stable ids), the generated
//! reference (`docs/properties.md`) and editor completion.

pub use kryon_registry::{colors, elements, properties, reference};

pub mod value_types;

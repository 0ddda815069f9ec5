//! Formatting only: turns layouts into text and JSON. No layout logic lives here.

#[cfg(feature = "json")]
mod type_json;
mod type_text;

pub use type_text::{TextOptions, TypeText};

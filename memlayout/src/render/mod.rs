//! Formatting only, no layout logic: text, JSON and folded-stacks renderings of type layouts
//! and value reports.

pub(crate) mod report_folded;
#[cfg(feature = "json")]
pub(crate) mod report_json;
pub(crate) mod report_text;
#[cfg(feature = "json")]
mod type_json;
mod type_text;

pub use type_text::{TextOptions, TypeText};

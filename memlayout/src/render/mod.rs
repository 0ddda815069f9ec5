//! Formatting only, no layout logic: text, JSON and folded-stacks renderings.

pub(crate) mod report_folded;
#[cfg(feature = "json")]
pub(crate) mod report_json;
pub(crate) mod report_text;

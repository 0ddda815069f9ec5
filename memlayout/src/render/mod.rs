//! Formatting only, no layout logic: text, JSON and folded-stacks renderings of type layouts
//! and value reports.

#[cfg(feature = "json")]
mod audit_json;
pub(crate) mod audit_text;
mod drop_html;
#[cfg(feature = "json")]
pub(crate) mod drop_json;
pub(crate) mod folded_paths;
#[cfg(feature = "json")]
mod footprint_json;
mod footprint_text;
#[cfg(feature = "flamegraph")]
mod report_flamegraph;
pub(crate) mod report_folded;
mod report_html;
#[cfg(not(feature = "flamegraph"))]
mod report_icicle;
#[cfg(feature = "json")]
pub(crate) mod report_json;
pub(crate) mod report_text;
#[cfg(feature = "json")]
pub(crate) mod snapshot_json;
#[cfg(feature = "json")]
mod snapshot_text;
mod type_byte_map;
#[cfg(feature = "json")]
pub(crate) mod type_json;
mod type_svg;
mod type_text;

pub use crate::walk::folded::folded;
use alloc::string::{String, ToString};
pub use report_text::{ReportDisplay, ReportTextOptions};
pub use type_svg::SvgOptions;
pub use type_text::{TextOptions, TypeText};

use core::fmt::{self, Display, Formatter, Write};

/// A share (0.0..=1.0) as a percentage with one decimal (`43.8%`). Only an exact 1 prints as
/// `100.0%` and only an exact 0 as `0.0%`: a share that would round to either end prints as
/// `>99.9%` or `<0.1%` (4095 bytes of padding in 4096 are not all of it).
pub(crate) struct Percent(pub(crate) f64);

impl Display for Percent {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let percent = self.0 * 100.0;
        if percent > 0.0 && percent < 0.05 {
            f.write_str("<0.1%")
        } else if (99.95..100.0).contains(&percent) {
            f.write_str(">99.9%")
        } else {
            write!(f, "{percent:.1}%")
        }
    }
}

/// A `core::any::type_name` without module paths: `alloc::vec::Vec<alloc::string::String>`
/// prints as `Vec<String>`. A path segment is dropped when it starts with a lowercase letter or
/// `_` and is followed by `::` (modules and crates, by convention).
pub(crate) struct ShortName<'a>(pub(crate) &'a str);

impl Display for ShortName<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(c) = rest.chars().next() {
            if c.is_alphabetic() || c == '_' {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let (ident, after) = rest.split_at(end);
                let is_module = c.is_lowercase() || c == '_';
                match after.strip_prefix("::") {
                    Some(after) if is_module => rest = after,
                    _ => {
                        f.write_str(ident)?;
                        rest = after;
                    }
                }
            } else {
                f.write_char(c)?;
                rest = &rest[c.len_utf8()..];
            }
        }
        Ok(())
    }
}

/// [`ShortName`] as a `String`.
pub(crate) fn short_type_name(full: &str) -> String {
    ShortName(full).to_string()
}

/// The names a list of types prints under: each type's short name, except where two types of
/// the list share one (`wire::Packet` and `disk::Packet`), which print in full so a reader can
/// tell them apart.
pub(crate) struct DistinctNames {
    ambiguous: alloc::collections::BTreeSet<String>,
}

impl DistinctNames {
    /// The names for the types with these full names (a name given twice is one type).
    pub(crate) fn of<'a>(full_names: impl IntoIterator<Item = &'a str>) -> DistinctNames {
        let full: alloc::collections::BTreeSet<&str> = full_names.into_iter().collect();
        let mut seen = alloc::collections::BTreeSet::new();
        let mut ambiguous = alloc::collections::BTreeSet::new();
        for type_name in full {
            let short = short_type_name(type_name);
            if !seen.insert(short.clone()) {
                ambiguous.insert(short);
            }
        }
        DistinctNames { ambiguous }
    }

    /// How the type with this full name prints.
    pub(crate) fn name(&self, type_name: &str) -> String {
        let short = short_type_name(type_name);
        if self.ambiguous.contains(&short) {
            String::from(type_name)
        } else {
            short
        }
    }
}

#[cfg(test)]
mod tests {
    use super::short_type_name;

    #[test]
    fn distinct_names_are_full_only_where_short_ones_collide() {
        let names = super::DistinctNames::of(["a::Packet", "b::Packet", "a::Header", "a::Packet"]);
        assert_eq!(names.name("a::Packet"), "a::Packet");
        assert_eq!(names.name("b::Packet"), "b::Packet");
        assert_eq!(names.name("a::Header"), "Header");
    }

    #[test]
    fn short_names_drop_module_paths() {
        let cases = [
            ("alloc::vec::Vec<alloc::string::String>", "Vec<String>"),
            ("core::option::Option<&'static u8>", "Option<&'static u8>"),
            ("(u8, my_crate::inner::Point)", "(u8, Point)"),
            ("[u8; 4]", "[u8; 4]"),
            ("<T as Trait>::Assoc", "<T as Trait>::Assoc"),
            ("u32", "u32"),
            (
                "std::collections::hash::map::HashMap<u8, (i32, alloc::boxed::Box<dyn core::any::Any>)>",
                "HashMap<u8, (i32, Box<dyn Any>)>",
            ),
        ];
        for (full, short) in cases {
            assert_eq!(short_type_name(full), short);
        }
    }
}

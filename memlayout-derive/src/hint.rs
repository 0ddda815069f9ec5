//! "Did you mean" hints: the known key closest to a mistyped one (`max_sise` -> `max_size`,
//! `opaqe` -> `opaque`), for the derive's attributes and the budget macros' keys.

/// The key in `known` closest to `typed`, when one is close enough to be the key the user
/// meant: at most one edit for keys of up to 3 characters, two for longer ones (an edit inserts,
/// deletes or replaces a character, or swaps two neighbours). Ties go to the earlier key.
pub(crate) fn closest<'k>(typed: &str, known: &[&'k str]) -> Option<&'k str> {
    let limit = if typed.chars().count() <= 3 { 1 } else { 2 };
    known
        .iter()
        .map(|key| (edit_distance(typed, key), *key))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, key)| key)
}

/// The input of `__unknown_key!`: the key as written (its span is the user's), the known keys
/// in brackets, and what the keys are called (`"budget"`, `"figure"`).
pub(crate) struct UnknownKey {
    key: syn::Ident,
    known: Vec<String>,
    what: syn::LitStr,
}

impl syn::parse::Parse for UnknownKey {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let key = input.parse()?;
        let list;
        syn::bracketed!(list in input);
        let known =
            syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated(&list)?
                .iter()
                .map(ToString::to_string)
                .collect();
        let what = input.parse()?;
        Ok(UnknownKey { key, known, what })
    }
}

impl UnknownKey {
    /// The error, spanned on the key.
    pub(crate) fn to_compile_error(&self) -> proc_macro2::TokenStream {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        let message = unknown_key(&self.what.value(), &self.key.to_string(), &known);
        syn::Error::new(self.key.span(), message).to_compile_error()
    }
}

/// `unknown budget `maxsise`; did you mean `max_size`? expected one of: size, max_size, ...`
/// (`what` names the keys: `"layout attribute"`, `"budget"`).
pub(crate) fn unknown_key(what: &str, typed: &str, known: &[&str]) -> String {
    let suggestion = closest(typed, known)
        .map(|key| format!(" did you mean `{key}`?"))
        .unwrap_or_default();
    format!(
        "unknown {what} `{typed}`;{suggestion} expected one of: {}",
        known.join(", ")
    )
}

/// The optimal string alignment distance (Levenshtein plus swaps of neighbours), case-folded.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    // rows[i][j]: the distance between a[..i] and b[..j]; three rows are enough for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        core::mem::swap(&mut before, &mut previous);
        core::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance};

    const KEYS: &[&str] = &["size", "max_size", "align", "max_align", "opaque", "with"];

    #[test]
    fn distances_count_inserts_deletes_replacements_and_swaps() {
        assert_eq!(edit_distance("max_size", "max_size"), 0);
        assert_eq!(edit_distance("max_sise", "max_size"), 1);
        assert_eq!(edit_distance("maxsize", "max_size"), 1);
        assert_eq!(edit_distance("max_szie", "max_size"), 1);
        assert_eq!(edit_distance("opaqe", "opaque"), 1);
        assert_eq!(edit_distance("", "with"), 4);
        assert_eq!(edit_distance("Opaque", "opaque"), 0);
    }

    #[test]
    fn the_closest_known_key_is_suggested_when_close_enough() {
        assert_eq!(closest("max_sise", KEYS), Some("max_size"));
        assert_eq!(closest("opaqe", KEYS), Some("opaque"));
        assert_eq!(closest("opaq", KEYS), Some("opaque"));
        assert_eq!(closest("siz", KEYS), Some("size"));
        assert_eq!(closest("algin", KEYS), Some("align"));
        assert_eq!(closest("wiht", KEYS), Some("with"));
        assert_eq!(closest("max_alignment", KEYS), None);
        assert_eq!(closest("frobnicate", KEYS), None);
        assert_eq!(closest("x", KEYS), None);
        assert_eq!(closest("mode", KEYS), None);
    }
}

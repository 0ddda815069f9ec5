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

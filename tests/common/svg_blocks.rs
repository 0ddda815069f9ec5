//! Reading the byte maps' blocks back from their SVG, shared by the picture tests:
//! `#[path = "common/svg_blocks.rs"] mod svg_blocks;`.
#![allow(dead_code)]

/// A drawn block: `(data-kind, data-name, data-offset, data-size)`.
pub type Drawn = (String, String, usize, usize);

/// The blocks (elements of class `block`) under `node`, in document order.
pub fn blocks_under(node: roxmltree::Node<'_, '_>) -> Vec<Drawn> {
    node.descendants()
        .filter(|n| has_class(n, "block"))
        .map(|n| {
            let number = |attr| n.attribute(attr).unwrap().parse::<usize>().unwrap();
            (
                n.attribute("data-kind").unwrap().to_string(),
                n.attribute("data-name").unwrap().to_string(),
                number("data-offset"),
                number("data-size"),
            )
        })
        .collect()
}

/// `true` when the element's `class` list holds `class`.
pub fn has_class(node: &roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

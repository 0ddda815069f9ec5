//! A report's bytes by path as inferno's interactive flame graph (feature `flamegraph`): the
//! folded stacks of [`Report::folded`] rendered by [`inferno::flamegraph`], which draws the
//! frames and embeds its own script (click a frame to zoom, Ctrl-F or "Search" to highlight
//! matching frames, hover for a frame's bytes and share). [`Report::to_html`] embeds it in an
//! `<iframe srcdoc>` so its ids, styles and script stay apart from the page's.
//!
//! Formatting only: the figures are the folded stacks' byte counts.

use alloc::{format, string::String, vec::Vec};

use inferno::flamegraph::{self, color, Direction, Options};

use super::short_type_name;
use super::type_svg::Escaped;
use crate::report::Report;

/// The flame graph's width in pixels (it stretches to its frame's width once its script runs).
const FLAME_WIDTH: usize = 1100;

impl Report {
    /// The report's bytes by path as an interactive SVG flame graph, drawn by the
    /// [`inferno`](https://docs.rs/inferno) crate from [`Report::folded`]: the root at the
    /// top, each frame as wide as the bytes its subtree holds (the root's inline bytes plus
    /// every heap byte). Click a frame to zoom into it, "Search" (or Ctrl-F) highlights frames
    /// whose name matches, hovering shows a frame's bytes and share. The SVG is standalone
    /// (its script is inline); open it in a browser. Needs the `flamegraph` feature (inferno
    /// is licensed CDDL-1.0).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let value = vec![vec![1u8; 100], vec![2; 50]];
    /// let svg = value.layout_report().to_flamegraph_svg();
    /// assert!(svg.contains("<svg"));
    /// assert!(svg.contains("[*]"), "the elements' frame");
    /// // std::fs::write("heap.svg", svg) and open it in a browser.
    /// ```
    pub fn to_flamegraph_svg(&self) -> String {
        let folded = self.folded();
        let mut options = Options::default();
        options.title = format!("Bytes of {} by path", short_type_name(self.root_type()));
        options.count_name = String::from("bytes");
        options.name_type = String::new();
        options.direction = Direction::Inverted;
        options.colors = color::Palette::Basic(color::BasicPalette::Mem);
        options.hash = true;
        options.image_width = Some(FLAME_WIDTH);
        let mut svg: Vec<u8> = Vec::new();
        let drawn = flamegraph::from_lines(&mut options, folded.lines(), &mut svg);
        match drawn.ok().and_then(|()| String::from_utf8(svg).ok()) {
            Some(svg) => svg,
            // inferno fails only on input without a single stack (a report always has its
            // root) or on a failing writer (a Vec does not fail); say so rather than panic.
            None => no_graph("inferno could not draw the folded stacks"),
        }
    }
}

/// The flame graph as an `<iframe>` for the report page: the SVG from its `<svg` tag on (no XML
/// prologue) as the frame's HTML document. A few lines of script before it make the graph's
/// `history.replaceState` calls (it keeps the zoom in the address's query) do nothing: a
/// `srcdoc` frame's address cannot take a query, and the call would throw.
pub(crate) fn flamegraph_frame(report: &Report) -> String {
    let svg = report.to_flamegraph_svg();
    let svg = svg.find("<svg").map_or(svg.as_str(), |start| &svg[start..]);
    let height = root_height(svg).unwrap_or(400);
    let document = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{{margin:0}}</style>\
         <script>history.replaceState=function(){{}};</script></head><body>{svg}</body></html>"
    );
    format!(
        "<iframe class=\"flamegraph\" title=\"flame graph\" style=\"width:100%;max-width:{w}px;height:{h}px;border:0\" srcdoc=\"{doc}\"></iframe>",
        w = FLAME_WIDTH + 20,
        h = height + 4,
        doc = Escaped(&document),
    )
}

/// The `height` attribute of the first `<svg ...>` tag.
fn root_height(svg: &str) -> Option<usize> {
    let tag = &svg[..svg.find('>')?];
    let at = tag.find(" height=\"")? + " height=\"".len();
    let digits = tag[at..].split(|c: char| !c.is_ascii_digit()).next()?;
    digits.parse().ok()
}

/// A small SVG that says why there is no graph.
fn no_graph(reason: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"30\"><text x=\"8\" y=\"20\">{}</text></svg>",
        Escaped(reason)
    )
}

#[cfg(test)]
mod tests {
    use super::root_height;

    #[test]
    fn root_height_reads_the_first_tag() {
        assert_eq!(
            root_height(r#"<svg version="1.1" width="1100" height="342" x="1"><g height="9">"#),
            Some(342)
        );
        assert_eq!(root_height(r#"<svg width="1"><rect height="3"/>"#), None);
    }
}

//! A drop order as one self-contained HTML page: the numbered steps, indented by depth.
//!
//! Formatting only: every line is the step's own text form ([`DropStep`]'s `Display`).
//!
//! [`DropStep`]: crate::drop::DropStep

use alloc::{
    format,
    string::{String, ToString},
};
use core::fmt::Write;

use super::report_html::page;
use super::type_svg::Escaped;
use crate::drop::{DropOrder, MAX_INDENT};
use crate::report::{display_path, human_bytes};

impl DropOrder {
    /// The drop order as one self-contained HTML page (inline CSS and script; nothing is
    /// fetched): the steps numbered in the order they run, each indented by how many values
    /// enclose its part (up to 24 levels, as in the text), any recursion warning above them.
    /// A step's path is shown, and searched, as the text shows it: its last 12 segments
    /// ([`DropStep::path`](crate::drop::DropStep::path) has the whole path), so the page
    /// grows with the steps, not with steps times depth.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let html = vec![String::from("a")].drop_order().to_html();
    /// assert!(html.contains(r#"<ol class="steps" start="0">"#));
    /// // std::fs::write("drop.html", html) and open it in a browser.
    /// ```
    pub fn to_html(&self) -> String {
        let title = format!("memlayout: dropping {}", self.root_type());
        let mut body = String::new();
        let _ = write!(body, "<h1>{}</h1>", Escaped(&title));
        if let Some(warning) = self.recursion_warning() {
            let _ = write!(body, "<p><b>warning:</b> {}</p>", Escaped(&warning));
        }
        let _ = write!(
            body,
            "<h2>{} steps</h2><p><input id=\"search\" type=\"search\" placeholder=\"highlight paths containing…\" size=\"40\"></p>\
             <p class=\"fig\"><span id=\"nodes-count\"></span> steps shown</p><div class=\"tree\"><ol class=\"steps\" start=\"0\">",
            self.len()
        );
        // Each step's path as the text shows it (its last segments): a full path per step
        // would make the page of a deep value quadratic in its depth.
        for step in self.steps() {
            let path = step.shown_path();
            let _ = write!(
                body,
                "<li id=\"step-{index}\" data-path=\"{data}\" style=\"margin-left:{indent}em\">{path}  {label}  {action}</li>",
                index = step.index(),
                data = Escaped(&path),
                path = Escaped(&display_path(&path)),
                indent = step.depth().min(MAX_INDENT) * 2,
                label = Escaped(&step.label()),
                action = Escaped(&step.action().to_string()),
            );
        }
        body.push_str("</ol></div>");
        let (leaked_bytes, leaked_blocks) = self.leaked();
        if leaked_blocks > 0 {
            let _ = write!(
                body,
                "<p><b>leaked:</b> {leaked_blocks} blocks, {} (an Rc cycle keeps them alive)</p>",
                human_bytes(leaked_bytes)
            );
        }
        page(&title, &body)
    }
}

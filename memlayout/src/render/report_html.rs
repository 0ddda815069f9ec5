//! A report as one self-contained HTML page: totals, a picture of heap bytes by path (the icicle
//! chart of `report_icicle.rs`, or inferno's flame graph with the `flamegraph` feature),
//! findings linked to their nodes, the collapsible tree and a byte map of each distinct type.
//! Inline CSS, SVG and a few lines of JS (a search box, zoom): nothing is fetched.
//!
//! Formatting only: every figure is read from the [`Report`]'s public accessors.

use alloc::{format, string::String, vec::Vec};
use core::fmt::Write;

use super::report_folded::{ELIDED_FRAME, HEAD_FRAMES, TAIL_FRAMES};
use super::type_svg::Escaped;
use crate::report::{human_bytes, Node, Report, ReservedTotals, Totals};

/// Tree levels open when the page loads.
const OPEN_LEVELS: usize = 2;
/// At most this many distinct types get a byte map.
const MAX_BYTE_MAPS: usize = 64;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:24px;color:#222}\
h1{font-size:20px}h2{font-size:16px;margin-top:28px}\
table.totals td{padding:2px 12px 2px 0}table.totals td.n{text-align:right;font-family:monospace}\
.tree details{margin-left:16px}.tree summary{font-family:monospace;white-space:nowrap;cursor:pointer}\
.tree .leaf{margin-left:30px;font-family:monospace;white-space:nowrap;content-visibility:auto;contain-intrinsic-size:auto 18px}\
.fig{color:#555}.hit{background:#ff0}:target{background:#ffe08a}\
.findings li{margin:4px 0}.frame rect{stroke:#fff;stroke-width:.5}.frame:hover rect{stroke:#000}\
.frame{cursor:pointer}.frame text{font:11px monospace;pointer-events:none}.frame.hit rect{fill:#ff0}\
.maps svg{display:block;margin:8px 0 20px}ol.steps{font-family:monospace}";

const SCRIPT: &str = "(function(){var q=document.getElementById('search');\
var items=document.querySelectorAll('[data-path]');\
q.addEventListener('input',function(){var t=q.value;items.forEach(function(e){\
var on=t!==''&&e.getAttribute('data-path').indexOf(t)>=0;e.classList.toggle('hit',on);\
if(on&&e.tagName==='SUMMARY'){var d=e.parentElement;while(d){if(d.tagName==='DETAILS')d.open=true;d=d.parentElement;}}});});\
document.getElementById('nodes-count').textContent=String(document.querySelectorAll('.tree [data-path]').length);\
var b=document.body;b.setAttribute('data-ready','yes');\
b.setAttribute('data-script-ms',String(Math.round(performance.now())));\
requestAnimationFrame(function(){setTimeout(function(){b.setAttribute('data-painted-ms',String(Math.round(performance.now())));},0);});})();";

impl Report {
    /// The report as one self-contained HTML page (inline CSS, SVG and script; nothing is
    /// fetched): the totals, a picture of heap bytes by path, the findings linked to their
    /// nodes, the tree of
    /// shown nodes (collapsible), and the byte map ([`TypeLayout::to_svg`](crate::TypeLayout::to_svg))
    /// of each distinct type in the report (the first 64).
    ///
    /// Under an allocator model ([`ReportOptions::allocator`](crate::ReportOptions::allocator))
    /// the totals add what the allocator holds, its overhead and the headers in it
    /// ([`Report::reserved`]), every tree row its node's reserved bytes ([`Node::reserved`])
    /// and the chart's hover line them too; a page without a model has none of these.
    ///
    /// The search box highlights the nodes whose path contains its text; a path deeper than
    /// 32 segments is written as its first 24 and last 8 with `…` between (so the page grows
    /// with the nodes, not with nodes times depth), and the segments left out are not searched.
    ///
    /// The picture is an icicle chart: each frame as wide as its subtree's heap bytes, hover
    /// for every figure, click to zoom into the frame and link to its node. With the
    /// `flamegraph` feature it is inferno's flame graph (`Report::to_flamegraph_svg`) in an
    /// `<iframe srcdoc>` instead.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let value = vec![String::from("hello"), String::new()];
    /// let html = value.layout_report().to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains(r#"id="node-1""#));
    /// // std::fs::write("report.html", html) and open it in a browser.
    ///
    /// use memlayout::{allocator::Model, ReportOptions};
    /// let r = value.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    /// let reserved = r.reserved().unwrap().reserved_bytes;
    /// assert!(r.to_html().contains(&format!("data-reserved=\"{reserved}\"")));
    /// ```
    pub fn to_html(&self) -> String {
        let title = format!("memlayout: {}", self.root_type());
        let mut body = String::new();
        let _ = write!(body, "<h1>{}</h1>", Escaped(&title));
        write_totals(&mut body, &self.totals(), self.reserved());
        write_heap_picture(&mut body, self);
        write_findings(&mut body, self);
        body.push_str(
            "<h2>Tree (<span id=\"nodes-count\"></span> nodes)</h2>\
             <p><input id=\"search\" type=\"search\" placeholder=\"highlight paths containing…\" size=\"40\"></p>",
        );
        write_tree(&mut body, self);
        write_byte_maps(&mut body, self);
        page(&title, &body)
    }
}

/// The HTML document around `body`, with the shared style and script.
pub(crate) fn page(title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 256);
    let _ = writeln!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{STYLE}</style></head><body>{body}<script>{SCRIPT}</script></body></html>",
        Escaped(title)
    );
    out
}

/// The totals table; under an allocator model, three more rows (what the allocator holds, its
/// overhead, the headers in it), each with its exact count of bytes in `data-bytes`.
fn write_totals(out: &mut String, totals: &Totals, reserved: Option<ReservedTotals>) {
    // A best estimate may lie above the truth (a B-tree's counted nodes): its bounds, not "a
    // lower bound".
    let exactness = if totals.is_exact {
        String::from("exact")
    } else if totals.heap_bytes_high == usize::MAX {
        format!(
            "an estimate: at least {}, no upper bound known",
            human_bytes(totals.heap_bytes_low)
        )
    } else {
        format!(
            "an estimate: between {} and {}",
            human_bytes(totals.heap_bytes_low),
            human_bytes(totals.heap_bytes_high)
        )
    };
    let unreadable = match totals.unreadable {
        0 => String::new(),
        1 => String::from("; 1 part unreadable"),
        n => format!("; {n} parts unreadable"),
    };
    let depth = if totals.indirection_is_exact {
        format!("{}", totals.max_indirection)
    } else {
        format!("at least {}", totals.max_indirection)
    };
    let rows: [(&str, String); 8] = [
        ("inline bytes", human_bytes(totals.inline_bytes)),
        ("inline padding", human_bytes(totals.inline_padding)),
        (
            "heap bytes",
            format!(
                "{} ({exactness}{unreadable})",
                human_bytes(totals.heap_bytes)
            ),
        ),
        ("heap used", human_bytes(totals.heap_used)),
        ("unused capacity", human_bytes(totals.unused_capacity)),
        ("allocations", format!("{}", totals.allocations)),
        ("shared bytes", human_bytes(totals.shared_bytes)),
        ("max indirection", depth),
    ];
    out.push_str("<table class=\"totals\">");
    for (name, value) in rows {
        let _ = write!(
            out,
            "<tr><td>{name}</td><td class=\"n\">{}</td></tr>",
            Escaped(&value)
        );
    }
    if let Some(reserved) = reserved {
        let estimate = if reserved.is_exact {
            ""
        } else {
            " (an estimate)"
        };
        let rows = [
            (
                format!("reserved under {}", reserved.model),
                reserved.reserved_bytes,
                estimate,
            ),
            (
                String::from("allocator overhead"),
                reserved.overhead_bytes(),
                "",
            ),
            (String::from("of which headers"), reserved.header_bytes, ""),
        ];
        for (name, bytes, note) in rows {
            let _ = write!(
                out,
                "<tr class=\"reserved\"><td>{}</td><td class=\"n\" data-bytes=\"{bytes}\">{}{note}</td></tr>",
                Escaped(&name),
                human_bytes(bytes)
            );
        }
    }
    out.push_str("</table>");
}

/// With the `flamegraph` feature, inferno's flame graph (in its own frame); without it, our icicle
/// chart of heap bytes.
fn write_heap_picture(out: &mut String, report: &Report) {
    #[cfg(feature = "flamegraph")]
    {
        out.push_str("<h2>Bytes by path</h2>");
        if report.root().heap_bytes() == 0 {
            out.push_str("<p>No heap bytes.</p>");
            return;
        }
        out.push_str(&super::report_flamegraph::flamegraph_frame(report));
        out.push_str(
            "<p class=\"fig\">Drawn by inferno: each frame is as wide as the bytes its subtree holds \
             (the root: its inline bytes and every heap byte). Click a frame to zoom, \
             \u{201c}Search\u{201d} (top right) to highlight frames by name, hover for the bytes.</p>",
        );
    }
    #[cfg(not(feature = "flamegraph"))]
    {
        out.push_str("<h2>Heap by path</h2>");
        super::report_icicle::write_icicle(out, report);
    }
}

/// The paths of the nodes a depth-first walk meets, each written from the segments above it
/// (kept by depth) rather than from the root each time; a path deeper than
/// [`HEAD_FRAMES`] + [`TAIL_FRAMES`] segments keeps its first and last segments and writes the
/// middle as `…`, as the folded stacks do, so a page's `data-path`s grow with its nodes, not
/// with nodes times depth (a deep chain's full paths would be quadratic in its length).
#[derive(Default)]
pub(crate) struct PathTrail {
    /// The segments from the root's first child down to the last node met.
    segments: Vec<String>,
}

impl PathTrail {
    /// The display path of `node` (`(root)` for the root), met right after its parent's
    /// subtree began (depth-first order).
    pub(crate) fn path(&mut self, node: &Node<'_>) -> String {
        if node.id() == 0 {
            self.segments.clear();
            return String::from("(root)");
        }
        self.segments.truncate(node.depth().saturating_sub(1));
        self.segments.push(node.segment());
        let segments = &self.segments;
        let mut out = String::new();
        if segments.len() > HEAD_FRAMES + TAIL_FRAMES {
            segments[..HEAD_FRAMES].iter().for_each(|s| out.push_str(s));
            out.push_str(ELIDED_FRAME);
            (segments[segments.len() - TAIL_FRAMES..].iter()).for_each(|s| out.push_str(s));
        } else {
            segments.iter().for_each(|s| out.push_str(s));
        }
        out
    }
}

fn write_findings(out: &mut String, report: &Report) {
    let findings = report.findings();
    let _ = write!(out, "<h2>Findings ({})</h2>", findings.len());
    if findings.is_empty() {
        return;
    }
    out.push_str("<ul class=\"findings\">");
    for finding in findings {
        let target = report.find(&finding.path).map(|n| n.id());
        let path = if finding.path.is_empty() {
            "(root)"
        } else {
            &finding.path
        };
        out.push_str("<li>");
        match target {
            Some(id) => {
                let _ = write!(
                    out,
                    "<a href=\"#node-{id}\"><code>{}</code></a>",
                    Escaped(path)
                );
            }
            None => {
                let _ = write!(out, "<code>{}</code>", Escaped(path));
            }
        }
        let _ = write!(
            out,
            " {}, {}: {}</li>",
            finding.kind.label(),
            human_bytes(finding.bytes),
            Escaped(&finding.message)
        );
    }
    out.push_str("</ul>");
}

/// Nested `<details>` (iteratively: deep reports do not recurse), leaves as plain lines.
fn write_tree(out: &mut String, report: &Report) {
    enum Work<'r> {
        Open(Node<'r>),
        Close,
    }
    out.push_str("<div class=\"tree\">");
    let mut paths = PathTrail::default();
    let mut work = alloc::vec![Work::Open(report.root())];
    while let Some(item) = work.pop() {
        let node = match item {
            Work::Open(node) => node,
            Work::Close => {
                out.push_str("</details>");
                continue;
            }
        };
        let path = paths.path(&node);
        let line = node_line(&node);
        if node.children().len() == 0 {
            let _ = write!(
                out,
                "<div class=\"leaf\" id=\"node-{}\" data-path=\"{}\">{line}</div>",
                node.id(),
                Escaped(&path)
            );
            continue;
        }
        let _ = write!(
            out,
            "<details id=\"node-{}\"{}><summary data-path=\"{}\">{line}</summary>",
            node.id(),
            if node.depth() < OPEN_LEVELS {
                " open"
            } else {
                ""
            },
            Escaped(&path)
        );
        work.push(Work::Close);
        let first_child = work.len();
        work.extend(node.children().map(Work::Open));
        work[first_child..].reverse();
    }
    out.push_str("</div>");
}

/// `.name  String  inline 24 B, heap 5 B, 1 allocation` (escaped); under an allocator model,
/// `reserved 8 B` after the heap bytes, its exact count in the figures' `data-reserved`.
fn node_line(node: &Node<'_>) -> String {
    let segment = if node.id() == 0 {
        String::from("(root)")
    } else {
        node.segment()
    };
    let mut line = format!(
        "<b>{}</b> {} ",
        Escaped(&segment),
        Escaped(&node.type_name()),
    );
    match node.reserved() {
        Some(reserved) => {
            let _ =
                write!(
                line,
                "<span class=\"fig\" data-reserved=\"{bytes}\">inline {}, heap {}, reserved {}{}",
                human_bytes(node.inline_bytes()),
                human_bytes(node.heap_bytes()),
                human_bytes(reserved.reserved_bytes),
                if reserved.is_exact { "" } else { " (an estimate)" },
                bytes = reserved.reserved_bytes,
            );
        }
        None => {
            let _ = write!(
                line,
                "<span class=\"fig\">inline {}, heap {}",
                human_bytes(node.inline_bytes()),
                human_bytes(node.heap_bytes()),
            );
        }
    }
    let _ = write!(line, ", {} allocations", node.allocations());
    if node.unused_capacity() > 0 {
        let _ = write!(
            line,
            ", unused capacity {}",
            human_bytes(node.unused_capacity())
        );
    }
    if let Some(variant) = node.variant() {
        let _ = write!(line, ", variant {}", Escaped(variant));
    }
    line.push_str("</span>");
    line
}

/// One byte map a distinct type (by full name), in the order the tree meets them.
fn write_byte_maps(out: &mut String, report: &Report) {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut skipped = 0;
    let mut maps = String::new();
    for node in report.nodes() {
        let name = node.full_type_name();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if seen.len() > MAX_BYTE_MAPS {
            skipped += 1;
            continue;
        }
        let _ = write!(maps, "<div class=\"map\" data-type=\"{}\">", Escaped(name));
        maps.push_str(&node.layout().to_svg());
        maps.push_str("</div>");
    }
    let _ = write!(
        out,
        "<h2>Byte maps ({} types)</h2><div class=\"maps\">{maps}</div>",
        seen.len()
    );
    if skipped > 0 {
        let _ = write!(out, "<p class=\"fig\">{skipped} more types not drawn.</p>");
    }
}

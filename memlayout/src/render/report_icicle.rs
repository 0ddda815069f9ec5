//! The report page's icicle chart of heap bytes by path (without the `flamegraph` feature):
//! one row per tree level, each frame as wide as the heap bytes its subtree owns, a tooltip
//! with every figure, and a few lines of inline script that zoom into a clicked frame (its
//! subtree stretched to the full width, its ancestors across the top) and link to its node.
//!
//! Formatting only: every figure is read from the [`Report`]'s public accessors.

use alloc::{format, string::String, vec::Vec};
use core::fmt::Write;

use super::report_html::PathTrail;
use super::short_type_name;
use super::type_svg::Escaped;
use crate::report::{human_bytes, Node, Report};

/// The chart's width and the height of one level, in pixels.
const ICICLE_WIDTH: f64 = 1100.0;
const ICICLE_ROW: usize = 20;

/// Hover and click-to-zoom: hovering a frame writes its figures (its `data-` attributes) in the
/// line above the chart; a click zooms. Each frame carries its subtree's heap bytes (`data-bytes`) and the heap bytes
/// left of it (`data-start`), integers, so "inside the clicked frame" is exact: a frame is shown
/// when its byte range lies inside the clicked one's (rescaled to the full width) or, above it,
/// contains it (an ancestor, drawn full width and dimmed).
const ZOOM_SCRIPT: &str = "<script>(function(){var svg=document.querySelector('svg.icicle');if(!svg)return;\
var W=+svg.getAttribute('width'),NS='http://www.w3.org/2000/svg',info=document.getElementById('icicle-info'),all=null,byNode={};\
function label(g){return g.getAttribute('data-path')+' '+g.getAttribute('data-short-type');}\
function figures(g){function a(n){return g.getAttribute('data-'+n);}return label(g)+': heap '+a('bytes')+' B, used '+a('used')+\
' B, unused capacity '+a('unused')+' B, '+a('allocs')+' allocations, inline '+a('inline')+' B'+(a('reserved')===null?'':', reserved under '+svg.getAttribute('data-model')+' '+a('reserved')+' B');}\
function load(){all=[].map.call(svg.querySelectorAll('.frame'),function(g){\
var f={g:g,r:g.querySelector('rect'),t:g.querySelector('text'),s:+g.getAttribute('data-start'),b:+g.getAttribute('data-bytes'),\
d:+g.getAttribute('data-depth'),l:label(g)};byNode[g.getAttribute('data-node')]=f;return f;});}\
var pinned='click a frame to zoom into it';\
svg.addEventListener('mouseover',function(e){var g=e.target.closest('.frame');if(g)info.textContent=figures(g);});\
svg.addEventListener('mouseout',function(){info.textContent=pinned;});\
function zoom(z){var k=W/z.b;all.forEach(function(f){var up=f.d<z.d,x,w;\
var show=up?(f.s<=z.s&&f.s+f.b>=z.s+z.b):(f.s>=z.s&&f.s+f.b<=z.s+z.b);\
f.g.style.display=show?'':'none';if(!show)return;\
if(up){x=0;w=W;}else{x=(f.s-z.s)*k;w=f.b*k;}\
f.r.setAttribute('x',x.toFixed(2));f.r.setAttribute('width',w.toFixed(2));f.g.style.opacity=up?'0.6':'';\
var n=Math.floor((w-6)/7);if(!f.t){if(n<3)return;f.t=document.createElementNS(NS,'text');f.t.setAttribute('y',String(f.d*20+14));f.g.appendChild(f.t);}\
f.t.setAttribute('x',(x+3).toFixed(2));f.t.textContent=n>=3?f.l.slice(0,n):'';});}\
svg.addEventListener('click',function(e){var g=e.target.closest('.frame');if(!g)return;if(!all)load();\
zoom(byNode[g.getAttribute('data-node')]);pinned='zoomed into '+label(g);info.textContent=figures(g);\
document.getElementById('icicle-link').href='#node-'+g.getAttribute('data-node');});\
document.getElementById('icicle-reset').addEventListener('click',function(){if(!all)load();zoom(all[0]);pinned='click a frame to zoom into it';info.textContent=pinned;});\
document.body.setAttribute('data-zoom','yes');})();</script>";

/// Frames by path, one level a row, each as wide as the heap bytes its subtree owns. Every
/// frame with heap bytes is drawn (a click zooms into it, so narrow frames matter); its label
/// (the title's text before its figures) is cut to its width, and the zoom script cuts it again.
pub(crate) fn write_icicle(out: &mut String, report: &Report) {
    let root = report.root();
    let total = root.heap_bytes();
    if total == 0 {
        out.push_str("<p>No heap bytes.</p>");
        return;
    }
    let scale = ICICLE_WIDTH / total as f64;
    let mut frames = String::new();
    let mut depth_max = 0;
    // (node, the heap bytes left of it)
    let mut paths = PathTrail::default();
    let mut work: Vec<(Node<'_>, usize)> = alloc::vec![(root, 0)];
    while let Some((node, start)) = work.pop() {
        let x = start as f64 * scale;
        let width = node.heap_bytes() as f64 * scale;
        let depth = node.depth();
        depth_max = depth_max.max(depth);
        let path = paths.path(&node);
        let label = format!("{} {}", path, short_type_name(node.full_type_name()));
        let fits = (width as usize).saturating_sub(6) / 7;
        // A frame too narrow for a label gets no `<text>` (the zoom script adds one).
        let text = if fits >= 3 {
            let cut: String = label.chars().take(fits).collect();
            format!(
                "<text x=\"{:.2}\" y=\"{}\">{}</text>",
                x + 3.0,
                depth * ICICLE_ROW + 14,
                Escaped(&cut)
            )
        } else {
            String::new()
        };
        let _ = write!(
            frames,
            "<g class=\"frame\" data-node=\"{id}\" data-path=\"{path}\" data-short-type=\"{short}\" data-depth=\"{depth}\" data-start=\"{start}\" \
             data-bytes=\"{bytes}\" data-used=\"{used}\" data-unused=\"{unused}\" data-allocs=\"{allocs}\" data-inline=\"{inline}\"{reserved}>\
             <rect x=\"{x:.2}\" y=\"{y}\" width=\"{width:.2}\" height=\"{h}\" class=\"d{colour}\"/>{text}</g>",
            id = node.id(),
            path = Escaped(&path),
            short = Escaped(&short_type_name(node.full_type_name())),
            bytes = node.heap_bytes(),
            used = node.heap_used(),
            unused = node.unused_capacity(),
            allocs = node.allocations(),
            inline = node.inline_bytes(),
            // Only under an allocator model: a page without one stays as small as before.
            reserved = node
                .reserved()
                .map(|r| format!(" data-reserved=\"{}\"", r.reserved_bytes))
                .unwrap_or_default(),
            y = depth * ICICLE_ROW,
            h = ICICLE_ROW - 1,
            colour = depth % FRAME_COLOURS.len(),
        );
        let mut child_start = start;
        let mut children = Vec::new();
        for child in node.children() {
            if child.heap_bytes() > 0 {
                children.push((child, child_start));
            }
            child_start += child.heap_bytes();
        }
        work.extend(children.into_iter().rev());
    }
    let height = (depth_max + 1) * ICICLE_ROW;
    let _ = write!(
        out,
        "<p><button id=\"icicle-reset\" type=\"button\">reset zoom</button> <a id=\"icicle-link\" href=\"#node-0\">show in tree</a> <span id=\"icicle-info\" class=\"fig\">click a frame to zoom into it</span></p>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" class=\"icicle\"{model} width=\"{ICICLE_WIDTH}\" height=\"{height}\" viewBox=\"0 0 {ICICLE_WIDTH} {height}\">{frames}</svg>\
         <p class=\"fig\">Each frame is as wide as the heap bytes its subtree owns ({} in all). Hover a frame for its figures (in the line above the chart); click it to zoom in (its ancestors stretch across the top) and to get a link to its node.</p>",
        human_bytes(total),
        model = report
            .reserved()
            .map(|r| format!(" data-model=\"{}\"", Escaped(r.model)))
            .unwrap_or_default(),
    );
    out.push_str("<style>");
    for (i, colour) in FRAME_COLOURS.iter().enumerate() {
        let _ = write!(out, ".icicle .d{i}{{fill:{colour}}}");
    }
    out.push_str("</style>");
    out.push_str(ZOOM_SCRIPT);
}

/// The frames' fills by depth (cycling), as the classes `d0`, `d1`, …
const FRAME_COLOURS: [&str; 6] = [
    "#e76f51", "#f4a261", "#e9c46a", "#f6d58e", "#fbb97a", "#f08a5d",
];

//! The pictures in a real browser: headless Chromium (Debian's `chromium`) opens the report
//! page and a byte map, takes screenshots, and dumps the DOM after the script ran. Checks: no
//! console error, the script ran (it marks `<body data-ready="yes">` and counts the tree's
//! nodes), and each screenshot is not blank (its PNG is far larger than one of a single
//! colour). Prints a skip line when no `chromium` is installed.

use memlayout::{Layout, LayoutReport};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[derive(Layout)]
#[allow(dead_code)]
struct Account {
    name: String,
    tags: Vec<String>,
    scores: HashMap<String, u32>,
    flag: bool,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct Packet {
    tag: u8,
    len: u32,
    flags: u8,
    payload: [u8; 70],
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("which").arg(name).output().ok()?;
            let path = String::from_utf8(found.stdout).ok()?;
            (found.status.success() && !path.trim().is_empty()).then(|| PathBuf::from(path.trim()))
        })
}

fn run_chromium(browser: &Path, profile: &Path, args: &[String], page: &Path) -> Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// Console errors Chromium logged for the page (its `CONSOLE` lines at error level, and
/// uncaught exceptions).
fn console_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("Uncaught") || (l.contains("CONSOLE") && l.contains(":ERROR:")))
        .collect()
}

/// Screenshots `page` and returns the PNG's size in bytes.
fn screenshot(browser: &Path, dir: &Path, page: &Path, name: &str) -> usize {
    let png = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&png);
    let output = run_chromium(
        browser,
        &dir.join(format!("profile-{name}")),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,900".into(),
        ],
        page,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        console_errors(&stderr).is_empty(),
        "console errors: {stderr}"
    );
    let bytes =
        std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot {png:?}: {e}\n{stderr}"));
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    println!("screenshot: {} ({} bytes)", png.display(), bytes.len());
    bytes.len()
}

#[test]
fn report_page_and_byte_map_render() {
    let Some(browser) = chromium() else {
        println!("skipped: no chromium binary (apt-get install -y chromium)");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pictures");
    std::fs::create_dir_all(&dir).unwrap();
    let value = Account {
        name: "Ada".into(),
        tags: (0..12).map(|i| format!("tag {i}")).collect(),
        scores: [("math".to_string(), 3), ("art".to_string(), 4)]
            .into_iter()
            .collect(),
        flag: true,
    };
    let report = value.layout_report();
    let page = dir.join("report.html");
    std::fs::write(&page, report.to_html()).unwrap();
    let svg = dir.join("packet.svg");
    std::fs::write(&svg, Packet::LAYOUT.to_svg()).unwrap();
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();

    let dom = run_chromium(
        &browser,
        &dir.join("profile-dom"),
        &["--dump-dom".into()],
        &page,
    );
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(
        console_errors(&stderr).is_empty(),
        "console errors: {stderr}"
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"yes\""), "the script ran: {dom}");
    let count = format!("<span id=\"nodes-count\">{}</span>", report.len());
    assert!(
        dom.contains(&count),
        "the script counted {} nodes",
        report.len()
    );

    let blank_size = screenshot(&browser, &dir, &blank, "blank");
    let page_size = screenshot(&browser, &dir, &page, "report");
    let svg_size = screenshot(&browser, &dir, &svg, "packet");
    assert!(
        page_size > 4 * blank_size,
        "report screenshot {page_size} bytes, blank {blank_size}"
    );
    assert!(
        svg_size > 4 * blank_size,
        "byte map screenshot {svg_size} bytes, blank {blank_size}"
    );
}

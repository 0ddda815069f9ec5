//! Bug hunt on layout snapshots: files edited by hand (CRLF line endings, extra keys, a missing
//! key, a type listed twice), and types that share a full name.

use std::mem::size_of;
use std::path::PathBuf;

use memlayout::snapshot::{self, CheckOutcome};
use memlayout::Layout;

fn scratch(name: &str) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test_hunt_budgets_snapshots");
    std::fs::create_dir_all(&folder).unwrap();
    folder.join(name)
}

fn panic_message(check: impl FnOnce()) -> Option<String> {
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).err()?;
    Some(
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    )
}

#[allow(dead_code)]
#[derive(Layout)]
#[repr(C)]
struct Packet {
    tag: u8,
    len: u32,
}

#[allow(dead_code)] // only its layout is recorded
#[derive(Layout)]
enum Command {
    Ping,
    Send(u32),
}

/// A file whose line endings a checkout turned into CRLF, or with keys a later memlayout
/// writes, still compares equal.
#[test]
#[cfg_attr(miri, ignore)]
fn crlf_and_extra_keys_still_match() {
    let layouts = [Packet::LAYOUT, Command::LAYOUT];
    let text = snapshot::to_json(layouts);
    let crlf = scratch("crlf.json");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    assert_eq!(snapshot::check_types(&crlf, layouts), CheckOutcome::Matched);
    let extra = scratch("extra.json");
    let with_keys = text
        .replacen("{", "{\n  \"comment\": \"by hand\",", 1)
        .replace(
            "\"kind\": \"struct\",",
            "\"kind\": \"struct\", \"future_key\": [1, 2],",
        );
    assert_ne!(with_keys, text);
    std::fs::write(&extra, with_keys).unwrap();
    assert_eq!(
        snapshot::check_types(&extra, layouts),
        CheckOutcome::Matched
    );
}

/// A key removed by hand: the check fails, naming the file and the key.
#[test]
#[cfg_attr(miri, ignore)]
fn a_missing_key_fails_naming_it() {
    let text = snapshot::to_json([Packet::LAYOUT]);
    let size_line = format!("\"size\": {},", size_of::<Packet>());
    assert!(text.contains(&size_line), "{text}");
    let path = scratch("missing-key.json");
    std::fs::write(&path, text.replacen(&size_line, "", 1)).unwrap();
    let message = panic_message(|| {
        snapshot::check_types(&path, [Packet::LAYOUT]);
    })
    .unwrap();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("missing field `size`"), "{message}");
    // And what to do about it, as the message of a file of another version says.
    assert!(
        message.ends_with("re-record it with `MEMLAYOUT_BLESS=1`"),
        "{message}"
    );
}

/// A type listed twice (a merge that kept both sides): the file contradicts itself, and the
/// check must not pick one of the two silently.
#[test]
#[cfg_attr(miri, ignore)]
fn a_type_listed_twice_fails_naming_it() {
    let text = snapshot::to_json([Packet::LAYOUT]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut stale = json["types"][0].clone();
    stale["size"] = serde_json::json!(size_of::<Packet>() + 8);
    let mut doubled = json.clone();
    doubled["types"] = serde_json::json!([stale, json["types"][0].clone()]);
    let path = scratch("twice.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doubled).unwrap()).unwrap();
    let message = panic_message(|| {
        snapshot::check_types(&path, [Packet::LAYOUT]);
    })
    .expect("a file listing a type twice passed the check");
    let name = std::any::type_name::<Packet>();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains(&format!("`{name}` is listed twice")),
        "{message}"
    );
    assert!(
        message.ends_with("re-record it with `MEMLAYOUT_BLESS=1`"),
        "{message}"
    );
    // The same for the two-file diff.
    let error = snapshot::diff(&text, &serde_json::to_string(&doubled).unwrap()).unwrap_err();
    assert!(error.to_string().starts_with("the new snapshot"), "{error}");
}

/// Two types that share a full name (items of two blocks of one function): the registry lists
/// both, but a snapshot matches types by full name, so it records one of them (README, Limits).
#[test]
#[cfg_attr(miri, ignore)]
fn types_sharing_a_full_name_are_recorded_once() {
    let first = {
        #[allow(dead_code)]
        #[derive(Layout)]
        struct Local(u8);
        Local::LAYOUT
    };
    let second = {
        #[allow(dead_code)]
        #[derive(Layout)]
        struct Local(u64);
        Local::LAYOUT
    };
    assert_eq!((first.type_name)(), (second.type_name)());
    let registered = memlayout::registered()
        .filter(|t| (t.type_name)() == (first.type_name)())
        .count();
    assert_eq!(registered, 2);
    let json: serde_json::Value =
        serde_json::from_str(&snapshot::to_json([first, second])).unwrap();
    assert_eq!(json["types"].as_array().unwrap().len(), 1);
}

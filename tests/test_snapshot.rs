//! `memlayout::snapshot::diff`: the semantic difference between two layout snapshots of the
//! same types at two commits (`v1`, `v2`), every figure checked against `size_of`,
//! `align_of` and `offset_of!`.

#[path = "test_snapshot_support/mod.rs"]
mod versions;

use std::any::type_name;
use std::mem::{align_of, offset_of, size_of};

use memlayout::snapshot::{self, Change, SnapshotDiff};
use memlayout::Layout;
use versions::{as_v1, v1, v1_layouts, v2, v2_layouts};

fn v1_to_v2() -> SnapshotDiff {
    let old = snapshot::to_json(v1_layouts());
    let new = as_v1(snapshot::to_json(v2_layouts()));
    snapshot::diff(&old, &new).unwrap()
}

fn changes_of(diff: &SnapshotDiff, name: &str) -> Vec<Change> {
    diff.get(name)
        .unwrap_or_else(|| panic!("`{name}` is not among the changed types:\n{diff}"))
        .changes
        .clone()
}

fn text(value: &str) -> String {
    value.to_string()
}

fn has_niche<T, O>() -> bool {
    size_of::<O>() == size_of::<T>()
}

#[test]
fn a_repr_c_struct_names_each_change_with_the_compilers_numbers() {
    let changes = changes_of(&v1_to_v2(), "Packet");
    let (old_size, new_size) = (size_of::<v1::Packet>(), size_of::<v2::Packet>());
    let old_flags = offset_of!(v1::Packet, flags);
    let new_flags = offset_of!(v2::Packet, flags);
    let old_len = offset_of!(v1::Packet, len);
    let new_len = offset_of!(v2::Packet, len);
    let new_seq = offset_of!(v2::Packet, seq);
    let expected = vec![
        Change::Size {
            old: old_size,
            new: new_size,
        },
        Change::Align {
            old: align_of::<v1::Packet>(),
            new: align_of::<v2::Packet>(),
        },
        Change::FieldMoved {
            field: text("flags"),
            old: old_flags,
            new: new_flags,
        },
        Change::FieldRetyped {
            variant: None,
            field: text("len"),
            old: text(type_name::<u32>()),
            new: text(type_name::<u64>()),
        },
        Change::FieldResized {
            variant: None,
            field: text("len"),
            old: size_of::<u32>(),
            new: size_of::<u64>(),
        },
        Change::FieldMoved {
            field: text("len"),
            old: old_len,
            new: new_len,
        },
        Change::FieldAdded {
            variant: None,
            field: text("seq"),
            type_name: text(type_name::<u16>()),
            offset: Some(new_seq),
            size: size_of::<u16>(),
        },
        // v1: `flags` ends the struct, followed by trailing padding; v2: `len` follows it.
        Change::PaddingResized {
            after: Some(text("flags")),
            old: old_size - old_flags - 1,
            new: new_len - new_flags - 1,
        },
        Change::PaddingAdded {
            after: Some(text("seq")),
            before: None,
            offset: new_seq + size_of::<u16>(),
            size: new_size - new_seq - size_of::<u16>(),
        },
        Change::PaddingRemoved {
            after: Some(text("tag")),
            before: Some(text("len")),
            offset: 1,
            size: old_len - 1,
        },
    ];
    assert_eq!(changes, expected);
    // `flags` is now right after `tag`, so the gap before `len` disappeared.
    assert_eq!(new_flags, 1);
}

#[test]
fn the_plain_words_name_the_numbers() {
    let diff = v1_to_v2();
    let line = diff.get("Packet").unwrap().to_string();
    let new_seq = offset_of!(v2::Packet, seq);
    for part in [
        format!(
            "`Packet`: size {} -> {}",
            size_of::<v1::Packet>(),
            size_of::<v2::Packet>()
        ),
        format!(
            "`len` moved from offset {} to {}",
            offset_of!(v1::Packet, len),
            offset_of!(v2::Packet, len)
        ),
        String::from("`len`: type u32 -> u64"),
        format!("field `seq: u16` added at offset {new_seq} (2 bytes)"),
        format!(
            "new padding {} bytes at the end, after `seq`",
            size_of::<v2::Packet>() - new_seq - 2
        ),
        format!(
            "padding of {} bytes after `tag` gone",
            offset_of!(v1::Packet, len) - 1
        ),
    ] {
        assert!(line.contains(&part), "{part:?} is not in {line:?}");
    }
    let whole = diff.to_string();
    let header = format!(
        "{} types changed, 1 added, 1 removed:\n",
        diff.changed().len()
    );
    assert!(whole.starts_with(&header), "{whole}");
    assert!(whole.contains(&format!("`Fresh` added (size {}", size_of::<v2::Fresh>())));
    assert!(whole.contains(&format!(
        "`Gone` removed (was size {}",
        size_of::<v1::Gone>()
    )));
}

/// The hot type gains a field: the diff names it and both sizes (default repr: which fields
/// move is the compiler's choice, so the moves expected are the ones `offset_of!` shows).
#[test]
fn a_field_added_to_a_default_repr_struct() {
    let changes = changes_of(&v1_to_v2(), "Header");
    let mut expected = Vec::new();
    let (old_size, new_size) = (size_of::<v1::Header>(), size_of::<v2::Header>());
    assert_ne!(
        old_size, new_size,
        "17 bytes of fields cannot fit in the old size"
    );
    expected.push(Change::Size {
        old: old_size,
        new: new_size,
    });
    for (field, old, new) in [
        ("id", offset_of!(v1::Header, id), offset_of!(v2::Header, id)),
        (
            "kind",
            offset_of!(v1::Header, kind),
            offset_of!(v2::Header, kind),
        ),
    ] {
        if old != new {
            expected.push(Change::FieldMoved {
                field: text(field),
                old,
                new,
            });
        }
    }
    expected.push(Change::FieldAdded {
        variant: None,
        field: text("seq"),
        type_name: text("u64"),
        offset: Some(offset_of!(v2::Header, seq)),
        size: 8,
    });
    let without_padding: Vec<Change> = changes
        .iter()
        .filter(|change| !is_padding(change))
        .cloned()
        .collect();
    assert_eq!(without_padding, expected);
}

fn is_padding(change: &Change) -> bool {
    matches!(
        change,
        Change::PaddingAdded { .. } | Change::PaddingRemoved { .. } | Change::PaddingResized { .. }
    )
}

#[test]
fn enum_variants_added_and_retyped() {
    let changes = changes_of(&v1_to_v2(), "Message");
    let variant_changes: Vec<Change> = changes
        .iter()
        .filter(|change| {
            matches!(
                change,
                Change::VariantAdded { .. }
                    | Change::VariantRemoved { .. }
                    | Change::VariantPayload { .. }
                    | Change::FieldRetyped { .. }
                    | Change::FieldResized { .. }
            )
        })
        .cloned()
        .collect();
    let data = || Some(text("Data"));
    assert_eq!(
        variant_changes,
        [
            Change::VariantPayload {
                variant: text("Data"),
                old: size_of::<u32>(),
                new: size_of::<u64>()
            },
            Change::FieldRetyped {
                variant: data(),
                field: text("0"),
                old: text("u32"),
                new: text("u64")
            },
            Change::FieldResized {
                variant: data(),
                field: text("0"),
                old: size_of::<u32>(),
                new: size_of::<u64>()
            },
            Change::VariantAdded {
                variant: text("Close"),
                payload_size: size_of::<u16>()
            },
        ]
    );
    let size = (size_of::<v1::Message>(), size_of::<v2::Message>());
    assert_eq!(
        changes.contains(&Change::Size {
            old: size.0,
            new: size.1
        }),
        size.0 != size.1
    );
}

#[test]
fn variant_fields_added_and_removed() {
    let diff = v1_to_v2();
    let changes = changes_of(&diff, "Event");
    let variant_changes: Vec<Change> = changes
        .iter()
        .filter(|change| {
            matches!(
                change,
                Change::VariantPayload { .. }
                    | Change::FieldAdded { .. }
                    | Change::FieldRemoved { .. }
            )
        })
        .cloned()
        .collect();
    assert_eq!(
        variant_changes,
        [
            Change::VariantPayload {
                variant: text("Click"),
                old: size_of::<u16>(),
                new: 2 * size_of::<u16>(),
            },
            Change::FieldAdded {
                variant: Some(text("Click")),
                field: text("y"),
                type_name: text("u16"),
                offset: None,
                size: size_of::<u16>(),
            },
            Change::VariantPayload {
                variant: text("Key"),
                old: size_of::<u8>(),
                new: 0
            },
            Change::FieldRemoved {
                variant: Some(text("Key")),
                field: text("0"),
                type_name: text("u8"),
                offset: None,
                size: size_of::<u8>(),
            },
        ]
    );
    let line = diff.get("Event").unwrap().to_string();
    assert!(
        line.contains("field `y: u16` added to variant `Click` (2 bytes)"),
        "{line}"
    );
    assert!(
        line.contains("field `0: u8` removed from variant `Key` (1 byte)"),
        "{line}"
    );
}

#[test]
fn enum_discriminants_repr_and_tag_width() {
    let changes = changes_of(&v1_to_v2(), "Level");
    let (old_size, new_size) = (size_of::<v1::Level>(), size_of::<v2::Level>());
    let mut expected = vec![
        Change::Size {
            old: old_size,
            new: new_size,
        },
        Change::Align {
            old: align_of::<v1::Level>(),
            new: align_of::<v2::Level>(),
        },
        Change::Repr {
            old: text("default"),
            new: text("#[repr(u16)]"),
        },
    ];
    let niche = (
        has_niche::<v1::Level, Option<v1::Level>>(),
        has_niche::<v2::Level, Option<v2::Level>>(),
    );
    if niche.0 != niche.1 {
        expected.push(Change::Niche {
            old: niche.0,
            new: niche.1,
        });
    }
    // A fieldless enum is all tag.
    expected.push(Change::Discriminant {
        old: format!("a {old_size}-byte tag"),
        new: format!("a {new_size}-byte tag"),
    });
    for (variant, old, new) in [
        ("Low", v1::Level::Low as i128, v2::Level::Low as i128),
        ("High", v1::Level::High as i128, v2::Level::High as i128),
    ] {
        expected.push(Change::VariantDiscriminant {
            variant: text(variant),
            old,
            new,
        });
    }
    assert_eq!(changes, expected);
}

#[test]
fn a_niche_gained_kind_storage_and_drop() {
    let diff = v1_to_v2();
    let niche = (
        has_niche::<v1::Id, Option<v1::Id>>(),
        has_niche::<v2::Id, Option<v2::Id>>(),
    );
    assert_ne!(niche.0, niche.1);
    assert_eq!(
        changes_of(&diff, "Id"),
        [
            Change::Niche {
                old: niche.0,
                new: niche.1
            },
            Change::FieldRetyped {
                variant: None,
                field: text("value"),
                old: text("u32"),
                new: text(type_name::<std::num::NonZeroU32>()),
            },
        ]
    );
    assert!(diff
        .get("Id")
        .unwrap()
        .to_string()
        .contains("now has a niche"));

    assert_eq!(
        changes_of(&diff, "Marker"),
        [
            Change::Size {
                old: size_of::<v1::Marker>(),
                new: size_of::<v2::Marker>()
            },
            Change::Kind {
                old: text("unit_struct"),
                new: text("tuple_struct")
            },
            Change::FieldAdded {
                variant: None,
                field: text("0"),
                type_name: text("u8"),
                offset: Some(offset_of!(v2::Marker, 0)),
                size: 1,
            },
        ]
    );

    let owner = changes_of(&diff, "Owner");
    assert!(owner.contains(&Change::Storage {
        old: text("inline"),
        new: text("owns_heap")
    }));
    assert!(owner.contains(&Change::NeedsDrop {
        old: std::mem::needs_drop::<v1::Owner>(),
        new: std::mem::needs_drop::<v2::Owner>(),
    }));
    assert!(owner.contains(&Change::Align {
        old: align_of::<v1::Owner>(),
        new: align_of::<v2::Owner>()
    }));
    let line = diff.get("Owner").unwrap().to_string();
    assert!(
        line.contains("storage inline -> owns heap; now needs drop"),
        "{line}"
    );
}

#[test]
fn types_added_removed_and_unchanged() {
    let diff = v1_to_v2();
    let added: Vec<_> = diff
        .added()
        .iter()
        .map(|t| (t.name.as_str(), t.size, t.align))
        .collect();
    assert_eq!(
        added,
        [("Fresh", size_of::<v2::Fresh>(), align_of::<v2::Fresh>())]
    );
    let removed: Vec<_> = diff
        .removed()
        .iter()
        .map(|t| (t.name.as_str(), t.size))
        .collect();
    assert_eq!(removed, [("Gone", size_of::<v1::Gone>())]);
    // `Same` is declared alike in both versions; under the default repr the compiler may still
    // lay the two out differently (`-Zrandomize-layout` does): unchanged exactly when it did not.
    let same_layout = offset_of!(v1::Same, a) == offset_of!(v2::Same, a)
        && offset_of!(v1::Same, b) == offset_of!(v2::Same, b);
    assert_eq!(diff.get("Same").is_none(), same_layout);
    let changed: Vec<&str> = diff.changed().iter().map(|t| t.name.as_str()).collect();
    let mut expected = vec![
        "Event", "Header", "Id", "Level", "Marker", "Message", "Owner", "Packet",
    ];
    if !same_layout {
        expected.push("Same");
    }
    assert_eq!(changed, expected);
}

/// Going back from v2 to v1 reverses every change: what was added is removed, with its old
/// offset.
#[test]
fn the_reverse_diff_reverses_the_changes() {
    let old = as_v1(snapshot::to_json(v2_layouts()));
    let new = snapshot::to_json(v1_layouts());
    let diff = snapshot::diff(&old, &new).unwrap();
    let packet = changes_of(&diff, "Packet");
    assert_eq!(
        packet[0],
        Change::Size {
            old: size_of::<v2::Packet>(),
            new: size_of::<v1::Packet>()
        }
    );
    assert!(packet.contains(&Change::FieldRemoved {
        variant: None,
        field: text("seq"),
        type_name: text("u16"),
        offset: Some(offset_of!(v2::Packet, seq)),
        size: 2,
    }));
    assert!(
        changes_of(&diff, "Message").contains(&Change::VariantRemoved {
            variant: text("Close"),
            payload_size: 2
        })
    );
    assert_eq!(diff.added()[0].name, "Gone");
    assert_eq!(diff.removed()[0].name, "Fresh");
}

#[test]
fn identical_snapshots_have_no_differences() {
    for layouts in [&v1_layouts()[..], &v2_layouts()[..], &[][..]] {
        let json = snapshot::to_json(layouts.iter().copied());
        let diff = snapshot::diff(&json, &json).unwrap();
        assert!(diff.is_empty(), "{diff}");
        assert_eq!(diff.to_string(), "no layout differences");
    }
}

/// The file is the same whatever the order the types come in, duplicates written once, sorted
/// by full type name.
#[test]
fn the_file_is_deterministic() {
    let forward = snapshot::to_json(v1_layouts());
    let mut reversed = v1_layouts();
    reversed.reverse();
    let twice = reversed
        .iter()
        .chain(&v1_layouts())
        .copied()
        .collect::<Vec<_>>();
    assert_eq!(snapshot::to_json(twice), forward);
    let json: serde_json::Value = serde_json::from_str(&forward).unwrap();
    let names: Vec<&str> = json["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type_name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), v1_layouts().len());
    assert!(forward.ends_with("}\n"));
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5);
    assert!(forward.starts_with("{\n  \"schema\": \"memlayout.snapshot/1\",\n  \"target\""));
}

#[test]
fn the_json_form_tags_each_change() {
    let diff = v1_to_v2();
    let json: serde_json::Value = serde_json::from_str(&diff.to_json()).unwrap();
    assert_eq!(json["schema"], "memlayout.snapshot_diff/1");
    let packet = json["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Packet")
        .unwrap();
    assert_eq!(packet["text"], diff.get("Packet").unwrap().to_string());
    assert_eq!(packet["changes"][0]["change"], "size");
    assert_eq!(packet["changes"][0]["old"], size_of::<v1::Packet>());
    assert_eq!(packet["changes"][0]["new"], size_of::<v2::Packet>());
    assert_eq!(json["removed"][0]["name"], "Gone");
    assert_eq!(json["old_environment"], json["new_environment"]);
}

/// Two types with one short name are printed with their full names.
#[test]
fn ambiguous_short_names_print_in_full() {
    let old = snapshot::to_json([v1::Packet::LAYOUT, v2::Packet::LAYOUT]);
    let new = snapshot::to_json([v1::Packet::LAYOUT]);
    let diff = snapshot::diff(&old, &new).unwrap();
    assert_eq!(diff.removed()[0].name, type_name::<v2::Packet>());
}

#[test]
fn files_from_other_environments_are_compared_and_say_so() {
    let old = snapshot::to_json(v1_layouts()).replacen(
        &format!(
            "\"target\": \"{}\"",
            snapshot::Environment::current().target
        ),
        "\"target\": \"riscv64gc-unknown-linux-gnu\"",
        1,
    );
    let new = as_v1(snapshot::to_json(v2_layouts()));
    let diff = snapshot::diff(&old, &new).unwrap();
    assert_eq!(diff.old_environment().target, "riscv64gc-unknown-linux-gnu");
    assert!(diff
        .to_string()
        .starts_with("recorded for riscv64gc-unknown-linux-gnu with"));
    assert!(diff.get("Packet").is_some());
}

#[test]
fn unreadable_text_is_a_clear_error() {
    let good = snapshot::to_json([u8::LAYOUT]);
    let cases = [
        ("not json", "the old snapshot is not a readable layout snapshot: expected ident at line 1"),
        ("{\"types\": []}", "the old snapshot is not a memlayout layout snapshot: no \"schema\" key"),
        (
            "{\"schema\": \"memlayout.snapshot/0\", \"types\": []}",
            "the old snapshot is a layout snapshot of version memlayout.snapshot/0; this memlayout reads \"memlayout.snapshot/1\": re-record it with `MEMLAYOUT_BLESS=1`",
        ),
        (
            "{\"schema\": \"memlayout.snapshot/1\", \"target\": \"x\", \"rustc\": \"y\"}",
            "missing field `types`",
        ),
    ];
    for (text, message) in cases {
        let error = snapshot::diff(text, &good).unwrap_err();
        assert!(error.to_string().contains(message), "{error}");
    }
    let without_size = good.replacen("\"size\": 1,", "", 1);
    let error = snapshot::diff(&good, &without_size)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("the new snapshot"), "{error}");
    assert!(error.contains("missing field `size`"), "{error}");
    let old_version = snapshot::diff("{\"schema\": \"memlayout.snapshot/0\"}", &good).unwrap_err();
    assert_eq!(old_version.found_version(), Some("memlayout.snapshot/0"));
}

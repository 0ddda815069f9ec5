//! Hunt 11f, continued: clap's `Arg` (crate-visible fields, a `cfg`'d field,
//! `Option<Option<Str>>`, `Vec<(Id, ArgPredicate, Option<Vec<OsStr>>)>`), url's `Url`, log's
//! `Record` (`fmt::Arguments`), indexmap's `IndexMap` (a default hasher parameter, defined twice
//! under `cfg`), and the language shapes real crates lean on: trait-associated-type fields,
//! const generics, `where Self: Sized`, `PhantomData<fn() -> T>`, `Arc<Mutex<..>>`,
//! `Cow<'static, str>`, boxed callbacks. Checked against `size_of` / `align_of` / `offset_of!`,
//! live bindings, the counting allocator and droppers logging their address.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::collections::hash_map::RandomState;
use std::ffi::OsString;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use hunt::*;

// ---- clap_builder (src/builder/arg.rs, str.rs, os_str.rs, range.rs) ----

/// clap's `Str`: a `&'static str` (its `string` feature makes it an `Arc<str>` too).
#[derive(Layout, Clone, PartialEq, Eq)]
pub struct Str {
    name: Inner,
}

#[derive(Layout, Clone, PartialEq, Eq)]
enum Inner {
    Static(&'static str),
    Owned(Box<str>),
}

#[derive(Layout, Clone, PartialEq, Eq)]
pub struct OsStr {
    name: OsInner,
}

#[derive(Layout, Clone, PartialEq, Eq)]
enum OsInner {
    Static(&'static std::ffi::OsStr),
    Owned(Box<std::ffi::OsStr>),
}

#[derive(Layout, Clone, Default, PartialEq, Eq)]
pub struct Id(Str);

#[derive(Layout, Clone, PartialEq, Eq)]
pub struct StyledStr(String);

#[derive(Layout, Copy, Clone, PartialEq, Eq)]
pub struct ValueRange {
    start_inclusive: usize,
    end_inclusive: usize,
}

#[derive(Layout, Copy, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArgFlags(u32);

#[derive(Layout, Clone, PartialEq, Eq)]
pub(crate) enum ArgPredicate {
    IsPresent,
    Equals(OsStr),
}

#[derive(Layout, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgAction {
    Set,
    Append,
    SetTrue,
    SetFalse,
    Count,
    Help,
    HelpShort,
    HelpLong,
    Version,
}

/// clap's `Extensions`: a map of boxed `dyn Extension`s keyed by `TypeId`.
#[derive(Layout)]
pub(crate) struct Extensions {
    extensions: FlatMap<std::any::TypeId, BoxedExtension>,
}

#[derive(Layout)]
pub(crate) struct FlatMap<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            extensions: FlatMap {
                keys: Vec::new(),
                values: Vec::new(),
            },
        }
    }
}

#[derive(Layout)]
pub(crate) struct BoxedExtension(Box<dyn std::any::Any + Send + Sync + 'static>);

#[derive(Layout, Default)]
pub struct Arg {
    pub(crate) id: Id,
    pub(crate) help: Option<StyledStr>,
    pub(crate) long_help: Option<StyledStr>,
    pub(crate) action: Option<ArgAction>,
    pub(crate) conflicts: Vec<Id>,
    pub(crate) settings: ArgFlags,
    pub(crate) overrides: Vec<Id>,
    pub(crate) groups: Vec<Id>,
    pub(crate) requires: Vec<(ArgPredicate, Id)>,
    pub(crate) r_ifs: Vec<(Id, OsStr)>,
    pub(crate) r_ifs_all: Vec<(Id, OsStr)>,
    pub(crate) r_unless: Vec<Id>,
    pub(crate) r_unless_all: Vec<Id>,
    pub(crate) short: Option<char>,
    pub(crate) long: Option<Str>,
    pub(crate) aliases: Vec<(Str, bool)>, // (name, visible)
    pub(crate) short_aliases: Vec<(char, bool)>, // (name, visible)
    pub(crate) disp_ord: Option<usize>,
    pub(crate) val_names: Vec<Str>,
    pub(crate) num_vals: Option<ValueRange>,
    pub(crate) val_delim: Option<char>,
    pub(crate) default_vals: Vec<OsStr>,
    pub(crate) default_vals_ifs: Vec<(Id, ArgPredicate, Option<Vec<OsStr>>)>,
    pub(crate) default_missing_vals: Vec<OsStr>,
    #[cfg(test)] // clap: `#[cfg(feature = "env")]`, here always on
    pub(crate) env: Option<(OsStr, Option<OsString>)>,
    pub(crate) terminator: Option<Str>,
    pub(crate) index: Option<usize>,
    pub(crate) help_heading: Option<Option<Str>>,
    pub(crate) ext: Extensions,
}

impl Default for Str {
    fn default() -> Self {
        Str {
            name: Inner::Static(""),
        }
    }
}

fn owned(s: &str) -> Str {
    Str {
        name: Inner::Owned(s.into()),
    }
}

fn os(s: &str) -> OsStr {
    OsStr {
        name: OsInner::Owned(std::ffi::OsStr::new(s).into()),
    }
}

#[test]
fn clap_arg() {
    assert_offsets!(Str; name);
    assert_offsets!(OsStr; name);
    assert_offsets!(Id; 0);
    assert_offsets!(ValueRange; start_inclusive, end_inclusive);
    assert_offsets!(Extensions; extensions);
    assert_offsets!(FlatMap<std::any::TypeId, BoxedExtension>; keys, values);
    assert_offsets!(Arg; id, help, long_help, action, conflicts, settings, overrides, groups,
        requires, r_ifs, r_ifs_all, r_unless, r_unless_all, short, long, aliases, short_aliases,
        disp_ord, val_names, num_vals, val_delim, default_vals, default_vals_ifs,
        default_missing_vals, env, terminator, index, help_heading, ext);
    check_size::<Inner>();
    check_size::<OsInner>();
    check_size::<ArgPredicate>();
    check_size::<ArgAction>();
    let arg = check_heap(|| {
        let mut arg = Arg {
            id: Id(owned("config")),
            help: Some(StyledStr("the config file".to_string())),
            short: Some('c'),
            long: Some(Str {
                name: Inner::Static("config"),
            }),
            action: Some(ArgAction::Set),
            aliases: vec![(owned("conf"), true), (owned("cfg"), false)],
            default_vals_ifs: vec![(
                Id(owned("mode")),
                ArgPredicate::Equals(os("fast")),
                Some(vec![os("fast.toml"), os("x")]),
            )],
            env: Some((os("APP_CONFIG"), Some(OsString::from("/etc/app.toml")))),
            help_heading: Some(Some(owned("Input"))),
            num_vals: Some(ValueRange {
                start_inclusive: 1,
                end_inclusive: 1,
            }),
            ..Arg::default()
        };
        arg.ext.extensions.keys.push(std::any::TypeId::of::<u32>());
        arg.ext
            .extensions
            .values
            .push(BoxedExtension(Box::new(7u32)));
        arg
    });
    let p = ArgPredicate::Equals(os("v"));
    if let ArgPredicate::Equals(x) = &p {
        check_variant(&p, "Equals", vec![at("0", &p, x)]);
    }
    let s = owned("x");
    if let Inner::Owned(x) = &s.name {
        check_variant(&s.name, "Owned", vec![at("0", &s.name, x)]);
    }
    check_leaked(arg);
}

// ---- url (src/lib.rs, src/host.rs) ----

#[derive(Layout, Clone)]
pub struct Url {
    /// Syntax in pseudo-BNF: `url = scheme ":" [ hierarchical | non-hierarchical ] ...`
    serialization: String,

    // Components
    scheme_end: u32,   // Before ':'
    username_end: u32, // Before ':' (if a password is given) or '@' (if not)
    host_start: u32,
    host_end: u32,
    host: HostInternal,
    port: Option<u16>,
    path_start: u32,             // Before initial '/', if any
    query_start: Option<u32>,    // Before '?', unlike Position::QueryStart
    fragment_start: Option<u32>, // Before '#', unlike Position::FragmentStart
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub(crate) enum HostInternal {
    None,
    Domain,
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

#[test]
fn url_url() {
    assert_offsets!(Url; serialization, scheme_end, username_end, host_start, host_end, host,
        port, path_start, query_start, fragment_start);
    check_size::<HostInternal>();
    let url = check_heap(|| Url {
        serialization: "http://[::1]:8080/a?b#c".to_string(),
        scheme_end: 4,
        username_end: 7,
        host_start: 7,
        host_end: 12,
        host: HostInternal::Ipv6(Ipv6Addr::LOCALHOST),
        port: Some(8080),
        path_start: 17,
        query_start: Some(19),
        fragment_start: Some(21),
    });
    if let HostInternal::Ipv6(x) = &url.host {
        check_variant(&url.host, "Ipv6", vec![at("0", &url.host, x)]);
    }
    let h = HostInternal::Ipv4(Ipv4Addr::new(10, 0, 0, 1));
    if let HostInternal::Ipv4(x) = &h {
        check_variant(&h, "Ipv4", vec![at("0", &h, x)]);
    }
    check_leaked(url);
}

// ---- log (src/lib.rs) ----

#[derive(Layout, Clone, Copy, Debug, Eq, PartialEq)]
#[repr(usize)]
pub enum Level {
    Error = 1,
    Warn,
    Info,
    Debug,
    Trace,
}

#[derive(Layout, Clone, Debug)]
pub struct Metadata<'a> {
    level: Level,
    target: &'a str,
}

#[derive(Layout, Clone, Copy, Debug)]
enum MaybeStaticStr<'a> {
    Static(&'static str),
    Borrowed(&'a str),
}

#[derive(Layout, Clone, Debug)]
pub struct Record<'a> {
    metadata: Metadata<'a>,
    args: fmt::Arguments<'a>,
    module_path: Option<MaybeStaticStr<'a>>,
    file: Option<MaybeStaticStr<'a>>,
    line: Option<u32>,
}

#[test]
fn log_record() {
    assert_offsets!(Metadata; level, target);
    assert_offsets!(Record; metadata, args, module_path, file, line);
    check_size::<Level>();
    check_size::<MaybeStaticStr>();
    let target = String::from("app::db");
    let n = 3;
    let args = format_args!("{n} rows");
    let record = Record {
        metadata: Metadata {
            level: Level::Warn,
            target: &target,
        },
        args,
        module_path: Some(MaybeStaticStr::Borrowed(&target)),
        file: Some(MaybeStaticStr::Static(file!())),
        line: Some(line!()),
    };
    assert_eq!(memlayout::heap_bytes(&record), 0);
    if let Some(MaybeStaticStr::Borrowed(x)) = &record.module_path {
        let m = record.module_path.as_ref().unwrap();
        check_variant(m, "Borrowed", vec![at("0", m, x)]);
    }
    let report = record.layout_report();
    assert!(report.find(".args").is_some(), "{report}");
}

// ---- indexmap (src/map.rs, src/inner.rs) ----

#[derive(Layout, Clone)]
pub(crate) struct Bucket<K, V> {
    pub(crate) hash: HashValue,
    pub(crate) key: K,
    pub(crate) value: V,
}

#[derive(Layout, Clone, Copy, PartialEq)]
pub(crate) struct HashValue(usize);

#[derive(Layout, Clone)]
pub(crate) struct Core<K, V> {
    /// indices mapping from the entry hash to its index (a `hashbrown::HashTable<usize>`).
    indices: std::collections::HashSet<usize>,
    /// entries is a dense vec maintaining entry order.
    entries: Vec<Bucket<K, V>>,
}

// indexmap: `#[cfg(feature = "std")]` (a default hasher) and `#[cfg(not(feature = "std"))]`.
#[cfg(test)]
#[derive(Layout, Clone)]
pub struct IndexMap<K, V, S = RandomState> {
    pub(crate) core: Core<K, V>,
    hash_builder: S,
}
#[cfg(not(test))]
#[derive(Layout, Clone)]
pub struct IndexMap<K, V, S> {
    pub(crate) core: Core<K, V>,
    hash_builder: S,
}

#[test]
fn indexmap_map() {
    assert_offsets!(Bucket<String, D>; hash, key, value);
    assert_offsets!(IndexMap<String, u32>; core, hash_builder);
    assert_offsets!(Core<String, u32>; indices, entries);
    // The droppers' labels are leaked strings: made before the measured build.
    let mut values: Vec<D> = (0..3)
        .map(|i| d(&format!(".core.entries[{i}].value")))
        .collect();
    let map: IndexMap<String, D> = check_heap(|| {
        let mut indices = std::collections::HashSet::new();
        let mut entries = Vec::new();
        for (i, value) in values.drain(..).enumerate() {
            indices.insert(i);
            entries.push(Bucket {
                hash: HashValue(i),
                key: format!("key{i}"),
                value,
            });
        }
        IndexMap {
            core: Core { indices, entries },
            hash_builder: RandomState::new(),
        }
    });
    assert_eq!(check_drop(map).len(), 3);
}

//! Hunt 11f: types shaped like well-known crates' public source (serde_json's `Value`, `Number`
//! and `Map`; regex-syntax's AST; syn's paths, generics and punctuated lists; proc-macro2's
//! token trees; clap's `Arg`; url's `Url`; toml's `Value`; indexmap's map with a default
//! hasher parameter), copied field for field with their attributes, generics and where-clauses.
//! Checked against ground truth memlayout did not compute: `size_of` / `align_of` /
//! `offset_of!`, addresses of variant bindings in live values, the counting allocator, and
//! droppers logging their own address. Spans and other foreign leaf types are replaced by
//! local plain structs of the same shape where the crate's own are private.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::collections::BTreeMap;

use hunt::*;

// ---- serde_json (src/value/mod.rs, src/number.rs, src/map.rs) ----

/// `serde_json::Map`: the map type is a `cfg`'d alias.
#[derive(Layout, Clone, PartialEq)]
pub struct Map<K, V> {
    map: MapImpl<K, V>,
}

// serde_json's `#[cfg(not(feature = "preserve_order"))]` and its opposite.
#[cfg(test)]
type MapImpl<K, V> = BTreeMap<K, V>;
#[cfg(not(test))]
type MapImpl<K, V> = Vec<(K, V)>;

#[derive(Layout, Clone, Copy, PartialEq)]
pub struct Number {
    n: N,
}

// serde_json: `#[cfg_attr(not(feature = "arbitrary_precision"), derive(Copy))]`.
#[cfg_attr(test, derive(Copy))]
#[derive(Layout, Clone, PartialEq)]
enum N {
    PosInt(u64),
    /// Always less than zero.
    NegInt(i64),
    /// Always finite.
    Float(f64),
}

#[derive(Layout, Clone, PartialEq)]
pub enum Value {
    /// Represents a JSON null value.
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map<String, Value>),
}

#[test]
fn serde_json_value() {
    assert_offsets!(Number; n);
    check_size::<N>();
    check_size::<Value>();
    check_size::<Map<String, Value>>();
    let n = Number { n: N::NegInt(-3) };
    if let N::NegInt(x) = &n.n {
        check_variant(&n.n, "NegInt", vec![at("0", &n.n, x)]);
    }
    let v = check_heap(|| {
        let mut map = BTreeMap::new();
        map.insert("a".to_string(), Value::Bool(true));
        map.insert(
            "list".to_string(),
            Value::Array(vec![Value::String("x".repeat(40)), Value::Number(n)]),
        );
        Value::Object(Map { map })
    });
    if let Value::Object(m) = &v {
        check_variant(&v, "Object", vec![at("0", &v, m)]);
    }
    let s = check_heap(|| Value::String("hello".to_string()));
    if let Value::String(x) = &s {
        check_variant(&s, "String", vec![at("0", &s, x)]);
    }
    let b = Value::Bool(false);
    if let Value::Bool(x) = &b {
        check_variant(&b, "Bool", vec![at("0", &b, x)]);
    }
    check_variant(&Value::Null, "Null", vec![]);
    let arr = check_heap(|| Value::Array((0..20).map(|i| Value::String(i.to_string())).collect()));
    check_leaked(arr);
}

// ---- regex-syntax (src/ast/mod.rs) ----

#[derive(Layout, Clone, Copy, Debug, Eq, PartialEq)]
#[cfg_attr(not(test), derive(arbitrary::Arbitrary))] // regex-syntax: feature = "arbitrary"
pub struct Span {
    /// The start byte offset.
    pub start: Position,
    /// The end byte offset.
    pub end: Position,
}

#[derive(Layout, Clone, Copy, Debug, Eq, PartialEq)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum Ast {
    /// An empty regex that matches everything.
    Empty(Box<Span>),
    Flags(Box<SetFlags>),
    Literal(Box<Literal>),
    Dot(Box<Span>),
    Assertion(Box<Assertion>),
    ClassUnicode(Box<ClassUnicode>),
    ClassPerl(Box<ClassPerl>),
    ClassBracketed(Box<ClassBracketed>),
    Repetition(Box<Repetition>),
    Group(Box<Group>),
    Alternation(Box<Alternation>),
    Concat(Box<Concat>),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Alternation {
    pub span: Span,
    pub asts: Vec<Ast>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Concat {
    pub span: Span,
    pub asts: Vec<Ast>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Literal {
    pub span: Span,
    pub kind: LiteralKind,
    pub c: char,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum LiteralKind {
    Verbatim,
    Meta,
    Superfluous,
    Octal,
    HexFixed(HexLiteralKind),
    HexBrace(HexLiteralKind),
    Special(SpecialLiteralKind),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum SpecialLiteralKind {
    Bell,
    FormFeed,
    Tab,
    LineFeed,
    CarriageReturn,
    VerticalTab,
    Space,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum HexLiteralKind {
    X,
    UnicodeShort,
    UnicodeLong,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassPerl {
    pub span: Span,
    pub kind: ClassPerlKind,
    pub negated: bool,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassPerlKind {
    Digit,
    Space,
    Word,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassAscii {
    pub span: Span,
    pub kind: ClassAsciiKind,
    pub negated: bool,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassAsciiKind {
    Alnum,
    Alpha,
    Ascii,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Word,
    Xdigit,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassUnicode {
    pub span: Span,
    pub negated: bool,
    pub kind: ClassUnicodeKind,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassUnicodeKind {
    OneLetter(char),
    Named(String),
    NamedValue {
        op: ClassUnicodeOpKind,
        name: String,
        value: String,
    },
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassUnicodeOpKind {
    Equal,
    Colon,
    NotEqual,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassBracketed {
    pub span: Span,
    pub negated: bool,
    pub kind: ClassSet,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassSet {
    Item(ClassSetItem),
    BinaryOp(ClassSetBinaryOp),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum ClassSetItem {
    Empty(Span),
    Literal(Literal),
    Range(ClassSetRange),
    Ascii(ClassAscii),
    Unicode(ClassUnicode),
    Perl(ClassPerl),
    Bracketed(Box<ClassBracketed>),
    Union(ClassSetUnion),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassSetRange {
    pub span: Span,
    pub start: Literal,
    pub end: Literal,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassSetUnion {
    pub span: Span,
    pub items: Vec<ClassSetItem>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct ClassSetBinaryOp {
    pub span: Span,
    pub kind: ClassSetBinaryOpKind,
    pub lhs: Box<ClassSet>,
    pub rhs: Box<ClassSet>,
}

#[derive(Layout, Clone, Copy, Debug, Eq, PartialEq)]
pub enum ClassSetBinaryOpKind {
    Intersection,
    Difference,
    SymmetricDifference,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Assertion {
    pub span: Span,
    pub kind: AssertionKind,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum AssertionKind {
    StartLine,
    EndLine,
    StartText,
    EndText,
    WordBoundary,
    NotWordBoundary,
    WordBoundaryStart,
    WordBoundaryEnd,
    WordBoundaryStartAngle,
    WordBoundaryEndAngle,
    WordBoundaryStartHalf,
    WordBoundaryEndHalf,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Repetition {
    pub span: Span,
    pub op: RepetitionOp,
    pub greedy: bool,
    pub ast: Box<Ast>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct RepetitionOp {
    pub span: Span,
    pub kind: RepetitionKind,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum RepetitionKind {
    ZeroOrOne,
    ZeroOrMore,
    OneOrMore,
    Range(RepetitionRange),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum RepetitionRange {
    Exactly(u32),
    AtLeast(u32),
    Bounded(u32, u32),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Group {
    pub span: Span,
    pub kind: GroupKind,
    pub ast: Box<Ast>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum GroupKind {
    CaptureIndex(u32),
    CaptureName {
        /// True if the `?P<` syntax is used and false if the `?<` syntax is used.
        starts_with_p: bool,
        name: CaptureName,
    },
    NonCapturing(Flags),
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct CaptureName {
    pub span: Span,
    pub name: String,
    pub index: u32,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct SetFlags {
    pub span: Span,
    pub flags: Flags,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct Flags {
    pub span: Span,
    pub items: Vec<FlagsItem>,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub struct FlagsItem {
    pub span: Span,
    pub kind: FlagsItemKind,
}

#[derive(Layout, Clone, Debug, Eq, PartialEq)]
pub enum FlagsItemKind {
    Negation,
    Flag(Flag),
}

#[derive(Layout, Clone, Copy, Debug, Eq, PartialEq)]
pub enum Flag {
    CaseInsensitive,
    MultiLine,
    DotMatchesNewLine,
    SwapGreed,
    Unicode,
    CRLF,
    IgnoreWhitespace,
}

fn sp(offset: usize) -> Span {
    let p = Position {
        offset,
        line: 1,
        column: offset + 1,
    };
    Span { start: p, end: p }
}

fn lit(c: char) -> Literal {
    Literal {
        span: sp(0),
        kind: LiteralKind::Special(SpecialLiteralKind::Tab),
        c,
    }
}

#[test]
fn regex_syntax_ast_static() {
    assert_offsets!(Span; start, end);
    assert_offsets!(Position; offset, line, column);
    assert_offsets!(Alternation; span, asts);
    assert_offsets!(Concat; span, asts);
    assert_offsets!(Literal; span, kind, c);
    assert_offsets!(ClassPerl; span, kind, negated);
    assert_offsets!(ClassAscii; span, kind, negated);
    assert_offsets!(ClassUnicode; span, negated, kind);
    assert_offsets!(ClassBracketed; span, negated, kind);
    assert_offsets!(ClassSetRange; span, start, end);
    assert_offsets!(ClassSetUnion; span, items);
    assert_offsets!(ClassSetBinaryOp; span, kind, lhs, rhs);
    assert_offsets!(Assertion; span, kind);
    assert_offsets!(Repetition; span, op, greedy, ast);
    assert_offsets!(RepetitionOp; span, kind);
    assert_offsets!(Group; span, kind, ast);
    assert_offsets!(CaptureName; span, name, index);
    assert_offsets!(SetFlags; span, flags);
    assert_offsets!(Flags; span, items);
    assert_offsets!(FlagsItem; span, kind);
    check_size::<Ast>();
    check_size::<LiteralKind>();
    check_size::<SpecialLiteralKind>();
    check_size::<HexLiteralKind>();
    check_size::<ClassPerlKind>();
    check_size::<ClassAsciiKind>();
    check_size::<ClassUnicodeKind>();
    check_size::<ClassUnicodeOpKind>();
    check_size::<ClassSet>();
    check_size::<ClassSetItem>();
    check_size::<ClassSetBinaryOpKind>();
    check_size::<AssertionKind>();
    check_size::<RepetitionKind>();
    check_size::<RepetitionRange>();
    check_size::<GroupKind>();
    // The largest variant sits between the others, so a niche must encode all three; the
    // capture name's `String` spares more than 256 values, more than a one-byte tag's 253:
    // rustc takes the niche (`-Zprint-type-sizes`, tests/fixtures/type_sizes/src/real_types.rs).
    // memlayout said undetermined while it knew only "at least 256".
    assert_eq!(
        GroupKind::LAYOUT.discriminant(),
        Some(memlayout::layout::Discriminant::Niche)
    );
    check_size::<FlagsItemKind>();
    check_size::<Flag>();
}

#[test]
fn regex_syntax_ast_values() {
    let k = LiteralKind::HexBrace(HexLiteralKind::UnicodeLong);
    if let LiteralKind::HexBrace(x) = &k {
        check_variant(&k, "HexBrace", vec![at("0", &k, x)]);
    }
    let r = RepetitionRange::Bounded(2, 5);
    if let RepetitionRange::Bounded(a, b) = &r {
        check_variant(&r, "Bounded", vec![at("0", &r, a), at("1", &r, b)]);
    }
    let rk = RepetitionKind::Range(RepetitionRange::AtLeast(3));
    if let RepetitionKind::Range(x) = &rk {
        check_variant(&rk, "Range", vec![at("0", &rk, x)]);
    }
    let u = check_heap(|| ClassUnicodeKind::NamedValue {
        op: ClassUnicodeOpKind::NotEqual,
        name: "Script".to_string(),
        value: "Greek".to_string(),
    });
    if let ClassUnicodeKind::NamedValue { op, name, value } = &u {
        check_variant(
            &u,
            "NamedValue",
            vec![
                at("op", &u, op),
                at("name", &u, name),
                at("value", &u, value),
            ],
        );
    }
    let g = check_heap(|| GroupKind::CaptureName {
        starts_with_p: true,
        name: CaptureName {
            span: sp(3),
            name: "year".to_string(),
            index: 1,
        },
    });
    if let GroupKind::CaptureName {
        starts_with_p,
        name,
    } = &g
    {
        check_variant(
            &g,
            "CaptureName",
            vec![at("starts_with_p", &g, starts_with_p), at("name", &g, name)],
        );
    }
    let f = check_heap(|| {
        GroupKind::NonCapturing(Flags {
            span: sp(1),
            items: vec![
                FlagsItem {
                    span: sp(1),
                    kind: FlagsItemKind::Negation,
                },
                FlagsItem {
                    span: sp(2),
                    kind: FlagsItemKind::Flag(Flag::CRLF),
                },
            ],
        })
    });
    if let GroupKind::NonCapturing(x) = &f {
        check_variant(&f, "NonCapturing", vec![at("0", &f, x)]);
    }
    let fk = FlagsItemKind::Flag(Flag::SwapGreed);
    if let FlagsItemKind::Flag(x) = &fk {
        check_variant(&fk, "Flag", vec![at("0", &fk, x)]);
    }
    let item = check_heap(|| {
        ClassSetItem::Range(ClassSetRange {
            span: sp(0),
            start: lit('a'),
            end: lit('z'),
        })
    });
    if let ClassSetItem::Range(x) = &item {
        check_variant(&item, "Range", vec![at("0", &item, x)]);
    }
    let e = ClassSetItem::Empty(sp(4));
    if let ClassSetItem::Empty(x) = &e {
        check_variant(&e, "Empty", vec![at("0", &e, x)]);
    }
}

/// `a(?P<x>[a-z&&[^q]]+|\pL)*` as the parser would build it: boxes inside vectors inside boxes.
fn sample_ast() -> Ast {
    let class = ClassBracketed {
        span: sp(8),
        negated: false,
        kind: ClassSet::BinaryOp(ClassSetBinaryOp {
            span: sp(9),
            kind: ClassSetBinaryOpKind::Intersection,
            lhs: Box::new(ClassSet::Item(ClassSetItem::Range(ClassSetRange {
                span: sp(9),
                start: lit('a'),
                end: lit('z'),
            }))),
            rhs: Box::new(ClassSet::Item(ClassSetItem::Bracketed(Box::new(
                ClassBracketed {
                    span: sp(14),
                    negated: true,
                    kind: ClassSet::Item(ClassSetItem::Union(ClassSetUnion {
                        span: sp(15),
                        items: vec![ClassSetItem::Literal(lit('q'))],
                    })),
                },
            )))),
        }),
    };
    let alternation = Ast::Alternation(Box::new(Alternation {
        span: sp(8),
        asts: vec![
            Ast::Repetition(Box::new(Repetition {
                span: sp(8),
                op: RepetitionOp {
                    span: sp(20),
                    kind: RepetitionKind::OneOrMore,
                },
                greedy: true,
                ast: Box::new(Ast::ClassBracketed(Box::new(class))),
            })),
            Ast::ClassUnicode(Box::new(ClassUnicode {
                span: sp(22),
                negated: false,
                kind: ClassUnicodeKind::OneLetter('L'),
            })),
        ],
    }));
    Ast::Concat(Box::new(Concat {
        span: sp(0),
        asts: vec![
            Ast::Literal(Box::new(lit('a'))),
            Ast::Repetition(Box::new(Repetition {
                span: sp(1),
                op: RepetitionOp {
                    span: sp(25),
                    kind: RepetitionKind::ZeroOrMore,
                },
                greedy: false,
                ast: Box::new(Ast::Group(Box::new(Group {
                    span: sp(1),
                    kind: GroupKind::CaptureName {
                        starts_with_p: true,
                        name: CaptureName {
                            span: sp(4),
                            name: "x".to_string(),
                            index: 1,
                        },
                    },
                    ast: Box::new(alternation),
                }))),
            })),
            Ast::Flags(Box::new(SetFlags {
                span: sp(26),
                flags: Flags {
                    span: sp(27),
                    items: vec![FlagsItem {
                        span: sp(27),
                        kind: FlagsItemKind::Flag(Flag::Unicode),
                    }],
                },
            })),
            Ast::Assertion(Box::new(Assertion {
                span: sp(30),
                kind: AssertionKind::EndText,
            })),
            Ast::Dot(Box::new(sp(31))),
            Ast::Empty(Box::new(sp(32))),
            Ast::ClassPerl(Box::new(ClassPerl {
                span: sp(33),
                kind: ClassPerlKind::Word,
                negated: true,
            })),
        ],
    }))
}

#[test]
fn regex_syntax_ast_heap_and_drop() {
    let ast = check_heap(sample_ast);
    if let Ast::Concat(c) = &ast {
        check_variant(&ast, "Concat", vec![at("0", &ast, c)]);
    }
    let report = ast.layout_report();
    assert!(report.find(".Concat.0.*.asts").is_some(), "{report}");
    check_leaked(ast);
    check_leaked(sample_ast());
}

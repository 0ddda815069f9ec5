//! Hunt 11f, continued: proc-macro2's fallback token trees (a shared `Rc<Vec<TokenTree>>`
//! stream) and syn 2's paths, generic arguments, types, expressions and generics (`Punctuated`
//! lists, `Box`ed recursion through `Expr` and `Type`, `#[non_exhaustive]` enums), with spans
//! and tokens as local plain structs of the same shape. Checked against `size_of` / `align_of`
//! / `offset_of!`, live bindings, the counting allocator and droppers logging their address
//! (see `test_hunt_real_types.rs`); every output renders for them.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use hunt::*;

// ---- proc-macro2 (src/fallback.rs) ----

/// `proc_macro2::fallback::Span` with `span-locations`.
#[derive(Layout, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    #[cfg(not(test))] // proc-macro2's `#[cfg(span_locations)]`, off by default
    pub(crate) lo: u32,
    pub(crate) hi: u32,
}

#[derive(Layout, Clone)]
pub struct TokenStream {
    inner: RcVec<TokenTree>,
}

/// proc-macro2's `rcvec::RcVec`.
#[derive(Layout)]
pub struct RcVec<T> {
    inner: Rc<Vec<T>>,
}

impl<T> Clone for RcVec<T> {
    fn clone(&self) -> Self {
        RcVec {
            inner: Rc::clone(&self.inner),
        }
    }
}

#[derive(Layout, Clone)]
pub enum TokenTree {
    /// A token stream surrounded by bracket delimiters.
    Group(PmGroup),
    Ident(Ident),
    Punct(Punct),
    Literal(PmLiteral),
}

#[derive(Layout, Clone)]
pub struct PmGroup {
    delimiter: Delimiter,
    stream: TokenStream,
    span: Span,
}

#[derive(Layout, Copy, Clone, Debug, Eq, PartialEq)]
pub enum Delimiter {
    Parenthesis,
    Brace,
    Bracket,
    None,
}

#[derive(Layout, Clone)]
pub struct Ident {
    sym: Box<str>,
    span: Span,
    raw: bool,
}

#[derive(Layout, Clone)]
pub struct Punct {
    ch: char,
    spacing: Spacing,
    span: Span,
}

#[derive(Layout, Copy, Clone, Debug, Eq, PartialEq)]
pub enum Spacing {
    Alone,
    Joint,
}

#[derive(Layout, Clone)]
pub struct PmLiteral {
    pub(crate) repr: String,
    span: Span,
}

fn ident(s: &str) -> Ident {
    Ident {
        sym: s.into(),
        span: Span { hi: 3 },
        raw: false,
    }
}

#[test]
fn proc_macro2_tokens() {
    assert_offsets!(Span; hi);
    assert_offsets!(TokenStream; inner);
    assert_offsets!(PmGroup; delimiter, stream, span);
    assert_offsets!(Ident; sym, span, raw);
    assert_offsets!(Punct; ch, spacing, span);
    assert_offsets!(PmLiteral; repr, span);
    check_size::<TokenTree>();
    check_size::<Delimiter>();
    check_size::<Spacing>();
    let tree = check_heap(|| {
        let inner = TokenStream {
            inner: RcVec {
                inner: Rc::new(vec![
                    TokenTree::Ident(ident("x")),
                    TokenTree::Punct(Punct {
                        ch: '+',
                        spacing: Spacing::Alone,
                        span: Span { hi: 1 },
                    }),
                    TokenTree::Literal(PmLiteral {
                        repr: "1u8".to_string(),
                        span: Span { hi: 2 },
                    }),
                ]),
            },
        };
        TokenTree::Group(PmGroup {
            delimiter: Delimiter::Parenthesis,
            stream: inner,
            span: Span { hi: 9 },
        })
    });
    if let TokenTree::Group(g) = &tree {
        check_variant(&tree, "Group", vec![at("0", &tree, g)]);
    }
    let p = TokenTree::Punct(Punct {
        ch: '#',
        spacing: Spacing::Joint,
        span: Span { hi: 0 },
    });
    if let TokenTree::Punct(x) = &p {
        check_variant(&p, "Punct", vec![at("0", &p, x)]);
    }
    // A shared stream: the clone's `Rc` is counted once, by the first handle walked.
    let shared = check_heap(|| {
        let stream = TokenStream {
            inner: RcVec {
                inner: Rc::new(vec![TokenTree::Ident(ident("shared_name"))]),
            },
        };
        vec![stream.clone(), stream]
    });
    check_leaked(shared);
    check_leaked(tree);
}

// ---- syn 2 (src/path.rs, src/generics.rs, src/punctuated.rs, src/expr.rs) ----

/// `Token![::]`.
#[derive(Layout, Clone, Copy)]
pub struct PathSep {
    pub spans: [Span; 2],
}

/// `Token![<]`, `Token![>]`, `Token![,]`.
#[derive(Layout, Clone, Copy)]
pub struct Tok {
    pub span: Span,
}

#[derive(Layout, Clone)]
pub struct Punctuated<T, P> {
    inner: Vec<(T, P)>,
    last: Option<Box<T>>,
}

#[derive(Layout, Clone)]
pub struct Path {
    pub leading_colon: Option<PathSep>,
    pub segments: Punctuated<PathSegment, PathSep>,
}

#[derive(Layout, Clone)]
pub struct PathSegment {
    pub ident: Ident,
    pub arguments: PathArguments,
}

#[derive(Layout, Clone)]
pub enum PathArguments {
    None,
    /// The `<'a, T>` in `std::slice::iter<'a, T>`.
    AngleBracketed(AngleBracketedGenericArguments),
    Parenthesized(ParenthesizedGenericArguments),
}

#[derive(Layout, Clone)]
pub struct AngleBracketedGenericArguments {
    pub colon2_token: Option<PathSep>,
    pub lt_token: Tok,
    pub args: Punctuated<GenericArgument, Tok>,
    pub gt_token: Tok,
}

#[derive(Layout, Clone)]
pub struct ParenthesizedGenericArguments {
    pub paren_token: Tok,
    pub inputs: Punctuated<Type, Tok>,
    pub output: ReturnType,
}

#[derive(Layout, Clone)]
pub enum ReturnType {
    Default,
    Type(Tok, Box<Type>),
}

#[derive(Layout, Clone)]
#[non_exhaustive]
pub enum GenericArgument {
    Lifetime(Lifetime),
    Type(Type),
    Const(Expr),
    AssocType(AssocType),
}

#[derive(Layout, Clone)]
pub struct AssocType {
    pub ident: Ident,
    pub generics: Option<AngleBracketedGenericArguments>,
    pub eq_token: Tok,
    pub ty: Type,
}

#[derive(Layout, Clone)]
pub struct Lifetime {
    pub apostrophe: Span,
    pub ident: Ident,
}

#[derive(Layout, Clone)]
#[non_exhaustive]
pub enum Type {
    Array(TypeArray),
    Never(Tok),
    Paren(TypeParen),
    Path(TypePath),
    Reference(TypeReference),
    Tuple(TypeTuple),
    Verbatim(TokenStream),
}

#[derive(Layout, Clone)]
pub struct TypeArray {
    pub bracket_token: Tok,
    pub elem: Box<Type>,
    pub semi_token: Tok,
    pub len: Expr,
}

#[derive(Layout, Clone)]
pub struct TypeParen {
    pub paren_token: Tok,
    pub elem: Box<Type>,
}

#[derive(Layout, Clone)]
pub struct TypePath {
    pub qself: Option<QSelf>,
    pub path: Path,
}

#[derive(Layout, Clone)]
pub struct QSelf {
    pub lt_token: Tok,
    pub ty: Box<Type>,
    pub position: usize,
    pub as_token: Option<Tok>,
    pub gt_token: Tok,
}

#[derive(Layout, Clone)]
pub struct TypeReference {
    pub and_token: Tok,
    pub lifetime: Option<Lifetime>,
    pub mutability: Option<Tok>,
    pub elem: Box<Type>,
}

#[derive(Layout, Clone)]
pub struct TypeTuple {
    pub paren_token: Tok,
    pub elems: Punctuated<Type, Tok>,
}

#[derive(Layout, Clone)]
#[non_exhaustive]
pub enum Expr {
    Array(ExprArray),
    Binary(ExprBinary),
    Call(ExprCall),
    Lit(ExprLit),
    Paren(ExprParen),
    Path(ExprPath),
    Unary(ExprUnary),
    Verbatim(TokenStream),
}

#[derive(Layout, Clone)]
pub struct Attribute {
    pub pound_token: Tok,
    pub style: AttrStyle,
    pub bracket_token: Tok,
    pub meta: TokenStream,
}

#[derive(Layout, Copy, Clone)]
pub enum AttrStyle {
    Outer,
    Inner(Tok),
}

#[derive(Layout, Clone)]
pub struct ExprArray {
    pub attrs: Vec<Attribute>,
    pub bracket_token: Tok,
    pub elems: Punctuated<Expr, Tok>,
}

#[derive(Layout, Clone)]
pub struct ExprBinary {
    pub attrs: Vec<Attribute>,
    pub left: Box<Expr>,
    pub op: BinOp,
    pub right: Box<Expr>,
}

#[derive(Layout, Copy, Clone)]
#[non_exhaustive]
pub enum BinOp {
    Add(Tok),
    Sub(Tok),
    And([Span; 2]),
    Shl([Span; 2]),
    ShlAssign([Span; 3]),
}

#[derive(Layout, Clone)]
pub struct ExprCall {
    pub attrs: Vec<Attribute>,
    pub func: Box<Expr>,
    pub paren_token: Tok,
    pub args: Punctuated<Expr, Tok>,
}

#[derive(Layout, Clone)]
pub struct ExprLit {
    pub attrs: Vec<Attribute>,
    pub lit: Lit,
}

#[derive(Layout, Clone)]
#[non_exhaustive]
pub enum Lit {
    Str(LitRepr),
    Int(LitRepr),
    Bool(LitBool),
    Verbatim(PmLiteral),
}

/// `syn::LitStr`'s `Box<LitRepr>` inside: a token and a suffix.
#[derive(Layout, Clone)]
pub struct LitRepr {
    repr: Box<(PmLiteral, Box<str>)>,
}

#[derive(Layout, Clone)]
pub struct LitBool {
    pub value: bool,
    pub span: Span,
}

#[derive(Layout, Clone)]
pub struct ExprParen {
    pub attrs: Vec<Attribute>,
    pub paren_token: Tok,
    pub expr: Box<Expr>,
}

#[derive(Layout, Clone)]
pub struct ExprPath {
    pub attrs: Vec<Attribute>,
    pub qself: Option<QSelf>,
    pub path: Path,
}

#[derive(Layout, Clone)]
pub struct ExprUnary {
    pub attrs: Vec<Attribute>,
    pub op: UnOp,
    pub expr: Box<Expr>,
}

#[derive(Layout, Copy, Clone)]
#[non_exhaustive]
pub enum UnOp {
    Deref(Tok),
    Not(Tok),
    Neg(Tok),
}

#[derive(Layout, Clone)]
pub struct Generics {
    pub lt_token: Option<Tok>,
    pub params: Punctuated<GenericParam, Tok>,
    pub gt_token: Option<Tok>,
    pub where_clause: Option<WhereClause>,
}

#[derive(Layout, Clone)]
pub enum GenericParam {
    Lifetime(LifetimeParam),
    Type(TypeParam),
    Const(ConstParam),
}

#[derive(Layout, Clone)]
pub struct LifetimeParam {
    pub attrs: Vec<Attribute>,
    pub lifetime: Lifetime,
    pub colon_token: Option<Tok>,
    pub bounds: Punctuated<Lifetime, Tok>,
}

#[derive(Layout, Clone)]
pub struct TypeParam {
    pub attrs: Vec<Attribute>,
    pub ident: Ident,
    pub colon_token: Option<Tok>,
    pub bounds: Punctuated<Path, Tok>,
    pub eq_token: Option<Tok>,
    pub default: Option<Type>,
}

#[derive(Layout, Clone)]
pub struct ConstParam {
    pub attrs: Vec<Attribute>,
    pub const_token: Tok,
    pub ident: Ident,
    pub colon_token: Tok,
    pub ty: Type,
    pub eq_token: Option<Tok>,
    pub default: Option<Expr>,
}

#[derive(Layout, Clone)]
pub struct WhereClause {
    pub where_token: Tok,
    pub predicates: Punctuated<WherePredicate, Tok>,
}

#[derive(Layout, Clone)]
#[non_exhaustive]
pub enum WherePredicate {
    Lifetime(PredicateLifetime),
    Type(PredicateType),
}

#[derive(Layout, Clone)]
pub struct PredicateLifetime {
    pub lifetime: Lifetime,
    pub colon_token: Tok,
    pub bounds: Punctuated<Lifetime, Tok>,
}

#[derive(Layout, Clone)]
pub struct PredicateType {
    pub lifetimes: Option<Punctuated<LifetimeParam, Tok>>,
    pub bounded_ty: Type,
    pub colon_token: Tok,
    pub bounds: Punctuated<Path, Tok>,
}

const T0: Tok = Tok {
    span: Span { hi: 0 },
};

fn path(names: &[&str]) -> Path {
    let mut inner: Vec<(PathSegment, PathSep)> = names
        .iter()
        .map(|n| {
            (
                PathSegment {
                    ident: ident(n),
                    arguments: PathArguments::None,
                },
                PathSep {
                    spans: [Span { hi: 1 }; 2],
                },
            )
        })
        .collect();
    let (last, _) = inner.pop().unwrap();
    Path {
        leading_colon: None,
        segments: Punctuated {
            inner,
            last: Some(Box::new(last)),
        },
    }
}

fn path_type(names: &[&str]) -> Type {
    Type::Path(TypePath {
        qself: None,
        path: path(names),
    })
}

/// `Vec<T>`'s path with its generic arguments.
fn vec_of(t: Type) -> Type {
    let mut p = path(&["std", "vec", "Vec"]);
    let seg = p.segments.last.as_mut().unwrap();
    seg.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: T0,
        args: Punctuated {
            inner: Vec::new(),
            last: Some(Box::new(GenericArgument::Type(t))),
        },
        gt_token: T0,
    });
    Type::Path(TypePath {
        qself: None,
        path: p,
    })
}

fn lit_int(n: u32) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Int(LitRepr {
            repr: Box::new((
                PmLiteral {
                    repr: n.to_string(),
                    span: Span { hi: 0 },
                },
                "usize".into(),
            )),
        }),
    })
}

/// `<T: Clone, const N: usize = 4> where T: Into<Vec<u8>>`, and `-(a + f(1, [2; 3]))`.
fn sample_generics() -> Generics {
    let t = TypeParam {
        attrs: Vec::new(),
        ident: ident("T"),
        colon_token: Some(T0),
        bounds: Punctuated {
            inner: vec![(path(&["Clone"]), T0)],
            last: Some(Box::new(path(&["core", "fmt", "Debug"]))),
        },
        eq_token: None,
        default: None,
    };
    let n = ConstParam {
        attrs: vec![Attribute {
            pound_token: T0,
            style: AttrStyle::Outer,
            bracket_token: T0,
            meta: TokenStream {
                inner: RcVec {
                    inner: Rc::new(vec![TokenTree::Ident(ident("doc"))]),
                },
            },
        }],
        const_token: T0,
        ident: ident("N"),
        colon_token: T0,
        ty: path_type(&["usize"]),
        eq_token: Some(T0),
        default: Some(Expr::Unary(ExprUnary {
            attrs: Vec::new(),
            op: UnOp::Neg(T0),
            expr: Box::new(Expr::Paren(ExprParen {
                attrs: Vec::new(),
                paren_token: T0,
                expr: Box::new(Expr::Binary(ExprBinary {
                    attrs: Vec::new(),
                    left: Box::new(Expr::Path(ExprPath {
                        attrs: Vec::new(),
                        qself: None,
                        path: path(&["a"]),
                    })),
                    op: BinOp::Add(T0),
                    right: Box::new(Expr::Call(ExprCall {
                        attrs: Vec::new(),
                        func: Box::new(Expr::Path(ExprPath {
                            attrs: Vec::new(),
                            qself: None,
                            path: path(&["f"]),
                        })),
                        paren_token: T0,
                        args: Punctuated {
                            inner: vec![(lit_int(1), T0)],
                            last: Some(Box::new(Expr::Array(ExprArray {
                                attrs: Vec::new(),
                                bracket_token: T0,
                                elems: Punctuated {
                                    inner: vec![(lit_int(2), T0)],
                                    last: None,
                                },
                            }))),
                        },
                    })),
                })),
            })),
        })),
    };
    Generics {
        lt_token: Some(T0),
        params: Punctuated {
            inner: vec![(GenericParam::Type(t), T0)],
            last: Some(Box::new(GenericParam::Const(n))),
        },
        gt_token: Some(T0),
        where_clause: Some(WhereClause {
            where_token: T0,
            predicates: Punctuated {
                inner: Vec::new(),
                last: Some(Box::new(WherePredicate::Type(PredicateType {
                    lifetimes: None,
                    bounded_ty: path_type(&["T"]),
                    colon_token: T0,
                    bounds: Punctuated {
                        inner: Vec::new(),
                        last: Some(Box::new(path(&["Into"]))),
                    },
                }))),
            },
        }),
    }
}

#[test]
fn syn_static() {
    assert_offsets!(PathSep; spans);
    assert_offsets!(Punctuated<PathSegment, PathSep>; inner, last);
    assert_offsets!(Punctuated<Expr, Tok>; inner, last);
    assert_offsets!(Path; leading_colon, segments);
    assert_offsets!(PathSegment; ident, arguments);
    assert_offsets!(AngleBracketedGenericArguments; colon2_token, lt_token, args, gt_token);
    assert_offsets!(ParenthesizedGenericArguments; paren_token, inputs, output);
    assert_offsets!(AssocType; ident, generics, eq_token, ty);
    assert_offsets!(TypeArray; bracket_token, elem, semi_token, len);
    assert_offsets!(QSelf; lt_token, ty, position, as_token, gt_token);
    assert_offsets!(TypeReference; and_token, lifetime, mutability, elem);
    assert_offsets!(Attribute; pound_token, style, bracket_token, meta);
    assert_offsets!(ExprBinary; attrs, left, op, right);
    assert_offsets!(ExprCall; attrs, func, paren_token, args);
    assert_offsets!(Generics; lt_token, params, gt_token, where_clause);
    assert_offsets!(TypeParam; attrs, ident, colon_token, bounds, eq_token, default);
    assert_offsets!(ConstParam; attrs, const_token, ident, colon_token, ty, eq_token, default);
    assert_offsets!(PredicateType; lifetimes, bounded_ty, colon_token, bounds);
    check_size::<PathArguments>();
    check_size::<ReturnType>();
    check_size::<GenericArgument>();
    check_size::<Type>();
    check_size::<Expr>();
    check_size::<BinOp>();
    check_size::<Lit>();
    check_size::<UnOp>();
    check_size::<AttrStyle>();
    check_size::<GenericParam>();
    check_size::<WherePredicate>();
}

#[test]
fn syn_values() {
    let generics = check_heap(sample_generics);
    check_leaked(generics);
    let ty = check_heap(|| vec_of(vec_of(path_type(&["u8"]))));
    if let Type::Path(p) = &ty {
        check_variant(&ty, "Path", vec![at("0", &ty, p)]);
    }
    check_leaked(ty);
    let op = BinOp::ShlAssign([Span { hi: 7 }; 3]);
    if let BinOp::ShlAssign(x) = &op {
        check_variant(&op, "ShlAssign", vec![at("0", &op, x)]);
    }
    let ret = check_heap(|| ReturnType::Type(T0, Box::new(Type::Never(T0))));
    if let ReturnType::Type(a, b) = &ret {
        check_variant(&ret, "Type", vec![at("0", &ret, a), at("1", &ret, b)]);
    }
    let style = AttrStyle::Inner(T0);
    if let AttrStyle::Inner(x) = &style {
        check_variant(&style, "Inner", vec![at("0", &style, x)]);
    }
    let e = check_heap(|| lit_int(42));
    if let Expr::Lit(x) = &e {
        check_variant(&e, "Lit", vec![at("0", &e, x)]);
    }
}

/// syn's `Punctuated` drops its pairs (each value, then its punctuation), then the last value:
/// the order and every free, against droppers and the allocator.
#[test]
fn punctuated_drop_order() {
    // The droppers' labels are leaked strings: made before the values are measured.
    let labels = [
        ".inner[0].0",
        ".inner[0].1",
        ".inner[1].0",
        ".inner[1].1",
        ".last.Some.0.*",
    ];
    let [v0, p0, v1, p1, last] = labels.map(d);
    let punctuated = check_heap(|| Punctuated {
        inner: vec![(v0, p0), (v1, p1)],
        last: Some(Box::new(last)),
    });
    assert_eq!(check_drop(punctuated), labels);
}

/// Every output of memlayout renders for these types and values without a panic, and names
/// the root type.
#[test]
fn outputs_render_for_real_shapes() {
    use memlayout::DropOrderExt;
    let generics = sample_generics();
    let report = generics.layout_report();
    assert!(report.to_string().contains("Generics"));
    assert!(report.to_json().contains("Generics"));
    assert!(report.to_html().contains("Generics"));
    let order = generics.drop_order();
    assert!(order.to_string().contains("Generics"));
    for layout in [
        Expr::LAYOUT,
        Type::LAYOUT,
        Generics::LAYOUT,
        TokenTree::LAYOUT,
    ] {
        assert!(layout.to_svg().contains("<svg"));
        assert!(!layout.to_string().is_empty());
    }
}

//! Spelling types and expressions as a person writes them: `Option<Box<Node>>`, `&'a str`,
//! `[u8; 4]`, `1 << 3` (the token printer would give `Option < Box < Node > >`).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{GenericParam, Generics, Ident};

/// How operators are spaced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `<`, `>`, `&`, `*` hug their operands; `->`, `+`, `=` are spaced.
    Type,
    /// Binary operators are spaced, unary ones hug (`-1`, `1 << 3`).
    Expr,
}

/// A type as written: `Vec<u8>`, `Option<Box<Node>>`, `&'a mut [T; N]`, `dyn Fn(u8) -> u8 + Send`.
pub(crate) fn type_name<T: ToTokens>(ty: &T) -> String {
    spell(ty.to_token_stream(), Mode::Type)
}

/// An expression as written, binary operators spaced: `1 << 3`, `-1`, `Self::BASE + 2`.
pub(crate) fn expr<T: ToTokens>(expr: &T) -> String {
    spell(expr.to_token_stream(), Mode::Expr)
}

/// The defined type as written at its definition, parameters without bounds: `Wrapper<'a, T, N>`.
pub(crate) fn defined_type(ident: &Ident, generics: &Generics) -> String {
    let ident = syn::ext::IdentExt::unraw(ident).to_string();
    if generics.params.is_empty() {
        return ident;
    }
    let params: Vec<String> = generics
        .params
        .iter()
        .map(|param| match param {
            GenericParam::Lifetime(l) => format!("'{}", l.lifetime.ident),
            GenericParam::Type(t) => t.ident.to_string(),
            GenericParam::Const(c) => c.ident.to_string(),
        })
        .collect();
    format!("{ident}<{}>", params.join(", "))
}

/// One printed token, with what spacing rules need to know about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Nothing printed yet (start of a group).
    Start,
    /// An identifier, keyword or literal.
    Word,
    /// An operator or punctuation, already printed.
    Op,
    /// A closed group `(..)` / `[..]`.
    Group,
    /// A lifetime `'a`.
    Lifetime,
}

/// Keywords that are followed by a space even before a group (`&mut [u8]`).
const SPACED_KEYWORDS: &[&str] = &[
    "mut", "dyn", "impl", "const", "as", "in", "for", "where", "unsafe", "move",
];

fn spell(tokens: TokenStream, mode: Mode) -> String {
    let mut out = String::new();
    write_tokens(&mut out, tokens, mode);
    out
}

fn write_tokens(out: &mut String, tokens: TokenStream, mut mode: Mode) {
    let mut prev = Class::Start;
    let mut last_word = String::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) => {
                // In a type, a word after a closing `>` follows a qualified self type or a
                // binder: `<Vec<u8> as IntoIterator>`, `for<'a> fn(&'a u8)`.
                let after_angle = mode == Mode::Type && prev == Class::Op && out.ends_with('>');
                if matches!(prev, Class::Word | Class::Group | Class::Lifetime) || after_angle {
                    out.push(' ');
                }
                last_word = ident.to_string();
                out.push_str(&last_word);
                prev = Class::Word;
            }
            TokenTree::Literal(lit) => {
                if matches!(prev, Class::Word | Class::Group | Class::Lifetime) {
                    out.push(' ');
                }
                last_word.clear();
                out.push_str(&lit.to_string());
                prev = Class::Word;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                // `fn(u8)`, `Fn(u8) -> u8`: a call-like group hugs its word; after a keyword
                // (`&mut [u8]`, `dyn (Trait)`) or a lifetime (`&'a (u8, u16)`) it is spaced.
                if prev == Class::Lifetime
                    || (prev == Class::Word && SPACED_KEYWORDS.contains(&last_word.as_str()))
                {
                    out.push(' ');
                }
                out.push_str(open);
                // A braced const argument (`Buf<{ 2 * 3 }>`) is an expression.
                let inner = if group.delimiter() == Delimiter::Brace {
                    Mode::Expr
                } else {
                    mode
                };
                write_tokens(out, group.stream(), inner);
                // A trailing comma hugs the close: `(u8,)`, not `(u8, )`.
                if out.ends_with(", ") {
                    out.pop();
                }
                out.push_str(close);
                prev = if group.delimiter() == Delimiter::None {
                    Class::Word
                } else {
                    Class::Group
                };
            }
            TokenTree::Punct(punct) => {
                // Gather a multi-character operator (`->`, `::`, `<<`) and a lifetime's quote.
                let mut op = String::from(punct.as_char());
                let mut spacing = punct.spacing();
                while spacing == Spacing::Joint {
                    match tokens.peek() {
                        Some(TokenTree::Punct(next)) => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            tokens.next();
                        }
                        _ => break,
                    }
                }
                if op == "'" {
                    // A lifetime: `'a`, attached to what follows.
                    if matches!(prev, Class::Word | Class::Group | Class::Lifetime) {
                        out.push(' ');
                    }
                    out.push('\'');
                    if let Some(TokenTree::Ident(ident)) = tokens.next() {
                        out.push_str(&ident.to_string());
                    }
                    prev = Class::Lifetime;
                    continue;
                }
                // A turbofish in an expression (`size_of::<u64>()`): its arguments are types.
                if mode == Mode::Expr && (op == "::<" || (op == "<" && out.ends_with("::"))) {
                    out.push_str(if op == "<" { "<" } else { "::<" });
                    write_tokens(out, generic_arguments(&mut tokens), Mode::Type);
                    out.push('>');
                    last_word.clear();
                    prev = Class::Word;
                    continue;
                }
                let unary = matches!(prev, Class::Start | Class::Op);
                let (before, after) = match (op.as_str(), mode) {
                    ("," | ";", _) => (false, true),
                    ("::" | "." | "#" | "$" | "?", _) => (false, false),
                    ("->" | "=>" | "=" | "+", Mode::Type) => (true, true),
                    ("!", Mode::Type) => (false, false),
                    (":", Mode::Type) => (false, true),
                    (_, Mode::Type) => (false, false),
                    ("-" | "!" | "*" | "&", Mode::Expr) if unary => (false, false),
                    (_, Mode::Expr) if unary => (false, false),
                    (_, Mode::Expr) => (true, true),
                };
                if before && !out.ends_with(' ') && prev != Class::Start {
                    out.push(' ');
                }
                out.push_str(&op);
                if after {
                    out.push(' ');
                }
                prev = if after { Class::Start } else { Class::Op };
                // In a type, `;` is an array's: its length (`[u8; 4 * 2]`) is an expression.
                if op == ";" {
                    mode = Mode::Expr;
                }
            }
        }
    }
}

/// The tokens up to the `>` that closes a generic argument list just opened, which is consumed
/// (a `>` of `->` inside, as in `fn() -> u8`, does not close it).
fn generic_arguments(
    tokens: &mut core::iter::Peekable<proc_macro2::token_stream::IntoIter>,
) -> TokenStream {
    let mut inner = Vec::new();
    let mut depth = 1;
    let mut after_dash = false;
    for token in tokens.by_ref() {
        if let TokenTree::Punct(punct) = &token {
            match punct.as_char() {
                '<' => depth += 1,
                '>' if !after_dash => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            after_dash = punct.as_char() == '-' && punct.spacing() == Spacing::Joint;
        } else {
            after_dash = false;
        }
        inner.push(token);
    }
    inner.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::{parse_quote, Expr, Type};

    fn ty(ty: Type) -> String {
        type_name(&ty)
    }

    #[test]
    fn spells_types_as_written() {
        assert_eq!(ty(parse_quote!(Vec<u8>)), "Vec<u8>");
        assert_eq!(ty(parse_quote!(Option<Box<Node>>)), "Option<Box<Node>>");
        assert_eq!(ty(parse_quote!(&'a str)), "&'a str");
        assert_eq!(ty(parse_quote!(&'a mut [T; N])), "&'a mut [T; N]");
        assert_eq!(ty(parse_quote!([u8; 4])), "[u8; 4]");
        assert_eq!(ty(parse_quote!((u8, u32))), "(u8, u32)");
        assert_eq!(ty(parse_quote!(*const u8)), "*const u8");
        assert_eq!(ty(parse_quote!(fn(u8) -> u8)), "fn(u8) -> u8");
        assert_eq!(
            ty(parse_quote!(Box<dyn Fn(u8) -> u8 + Send>)),
            "Box<dyn Fn(u8) -> u8 + Send>"
        );
        assert_eq!(ty(parse_quote!(std::vec::Vec<u8>)), "std::vec::Vec<u8>");
        assert_eq!(
            ty(parse_quote!(<T as Iterator>::Item)),
            "<T as Iterator>::Item"
        );
        assert_eq!(
            ty(parse_quote!(HashMap<String, Vec<u32>>)),
            "HashMap<String, Vec<u32>>"
        );
        assert_eq!(
            ty(parse_quote!(Box<dyn Iterator<Item = u8>>)),
            "Box<dyn Iterator<Item = u8>>"
        );
        assert_eq!(ty(parse_quote!(Cow<'static, str>)), "Cow<'static, str>");
        assert_eq!(ty(parse_quote!(())), "()");
        assert_eq!(ty(parse_quote!((u8,))), "(u8,)");
        assert_eq!(ty(parse_quote!(Vec<(u8,)>)), "Vec<(u8,)>");
        assert_eq!(ty(parse_quote!(&mut [u8])), "&mut [u8]");
        assert_eq!(ty(parse_quote!(&'a (u8, u16))), "&'a (u8, u16)");
        assert_eq!(ty(parse_quote!(r#type::Foo)), "r#type::Foo");
        assert_eq!(
            ty(parse_quote!(<Vec<u8> as IntoIterator>::IntoIter)),
            "<Vec<u8> as IntoIterator>::IntoIter"
        );
        assert_eq!(
            ty(parse_quote!(for<'a> fn(&'a [u8]) -> &'a [u8])),
            "for<'a> fn(&'a [u8]) -> &'a [u8]"
        );
        assert_eq!(
            ty(parse_quote!(Box<dyn for<'a> Fn(&'a str) + Send>)),
            "Box<dyn for<'a> Fn(&'a str) + Send>"
        );
        assert_eq!(ty(parse_quote!(Vec<Vec<u8>>)), "Vec<Vec<u8>>");
    }

    #[test]
    fn spells_lengths_and_const_arguments_as_expressions() {
        assert_eq!(ty(parse_quote!([u8; 4 * 2])), "[u8; 4 * 2]");
        assert_eq!(ty(parse_quote!([[u16; N + 1]; 3])), "[[u16; N + 1]; 3]");
        assert_eq!(
            ty(parse_quote!([u8; Self::LEN << 1])),
            "[u8; Self::LEN << 1]"
        );
        assert_eq!(ty(parse_quote!(Buf<{ 2 * 3 }>)), "Buf<{ 2 * 3 }>");
        assert_eq!(ty(parse_quote!([Vec<u8>; 2])), "[Vec<u8>; 2]");
        assert_eq!(
            ty(parse_quote!([u8; 2 * size_of::<u64>()])),
            "[u8; 2 * size_of::<u64>()]"
        );
        assert_eq!(
            ty(parse_quote!([u8; size_of::<Option<fn() -> u8>>()])),
            "[u8; size_of::<Option<fn() -> u8>>()]"
        );
    }

    #[test]
    fn spells_expressions_with_spaced_operators() {
        let e = |e: Expr| expr(&e);
        assert_eq!(e(parse_quote!(1 << 3)), "1 << 3");
        assert_eq!(e(parse_quote!(-1)), "-1");
        assert_eq!(e(parse_quote!(Self::BASE + 2)), "Self::BASE + 2");
        assert_eq!(e(parse_quote!(0x10 | 1)), "0x10 | 1");
        assert_eq!(e(parse_quote!(-(2 * 3))), "-(2 * 3)");
    }

    #[test]
    fn spells_defined_types_without_bounds() {
        let input: syn::DeriveInput = parse_quote!(
            struct Wrapper<'a, T: Clone, const N: usize>
            where
                T: Copy,
            {
                a: &'a T,
            }
        );
        assert_eq!(
            defined_type(&input.ident, &input.generics),
            "Wrapper<'a, T, N>"
        );
    }
}

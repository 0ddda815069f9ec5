//! `dyn_layout!` on traits with lifetime parameters (`trait Parser<'src>`), written
//! `dyn Parser<'_>` for every lifetime, mixed in one invocation with the other spellings.
//! Before, `dyn_layout!(dyn Parser<'_>)` failed to parse ("expected type, found lifetime"),
//! leaving no way to derive for `Box<dyn Parser<'a>>` / `&'a dyn Parser<'a>` fields. Ground
//! truth: `offset_of!`, `size_of`, the counting allocator.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::mem::{size_of, size_of_val};

use memlayout::{Layout, LayoutReport};

trait Parser<'src> {
    fn parse(&self, text: &'src str) -> &'src str;
}

trait Cache<'a, K> {
    fn get(&self, key: &'a K) -> Option<&'a K>;
}

trait Plain {
    fn id(&self) -> u8;
}

trait Converter<T> {
    fn convert(&self) -> T;
}

memlayout::dyn_layout!(
    dyn Plain,
    dyn Parser<'_>,
    dyn Parser<'_> + Send,
    dyn Converter<u16> + Send,
    dyn Cache<'_, String>,
);

struct Words(Vec<String>);

impl<'src> Parser<'src> for Words {
    fn parse(&self, text: &'src str) -> &'src str {
        text.split(' ').nth(self.0.len()).unwrap_or("")
    }
}

impl<'a> Cache<'a, String> for Words {
    fn get(&self, key: &'a String) -> Option<&'a String> {
        Some(key).filter(|_| !self.0.is_empty())
    }
}

struct Fixed(u16);

impl Converter<u16> for Fixed {
    fn convert(&self) -> u16 {
        self.0
    }
}

impl Plain for Fixed {
    fn id(&self) -> u8 {
        1
    }
}

#[derive(Layout)]
struct Pipeline<'a> {
    parser: Box<dyn Parser<'a>>,
    borrowed: &'a dyn Parser<'a>,
    sendable: Option<Box<dyn Parser<'a> + Send + 'a>>,
    cache: Box<dyn Cache<'a, String> + 'a>,
    converter: Box<dyn Converter<u16> + Send>,
    plain: &'a dyn Plain,
}

#[test]
fn traits_with_lifetime_parameters_derive() {
    assert_offsets!(Pipeline<'static>; parser, borrowed, sendable, cache, converter, plain);
    assert_eq!(<dyn Parser<'static>>::LAYOUT.name, "dyn Parser<'_>");
    assert_eq!(
        <dyn Parser<'static> + Send>::LAYOUT.name,
        "dyn Parser<'_> + Send"
    );
    assert_eq!(
        <dyn Cache<'static, String>>::LAYOUT.name,
        "dyn Cache<'_, String>"
    );
    assert_eq!(
        <dyn Converter<u16> + Send>::LAYOUT.name,
        "dyn Converter<u16> + Send"
    );
}

#[test]
fn the_boxes_are_counted_and_their_contents_are_unknown() {
    let fixed = Fixed(3);
    for words in [0usize, 1, 5] {
        let text = String::from("a b c d e f");
        let borrowed = Words(vec![String::new(); words]);
        let (pipeline, usage) = alloc::measure(|| Pipeline {
            parser: Box::new(Words(vec![String::from("w"); words])),
            borrowed: &borrowed,
            sendable: (words > 0).then(|| Box::new(Words(Vec::new())) as Box<dyn Parser + Send>),
            cache: Box::new(Words(Vec::with_capacity(words))),
            converter: Box::new(Fixed(7)),
            plain: &fixed,
        });
        assert_eq!(
            pipeline.parser.parse(&text),
            text.split(' ').nth(words).unwrap_or("")
        );
        assert_eq!(
            pipeline.converter.convert() + u16::from(pipeline.plain.id()),
            8
        );
        let totals = memlayout::totals(&pipeline);
        assert!(!totals.is_exact && totals.heap_bytes_high == usize::MAX);
        let boxes = size_of_val(&*pipeline.parser)
            + pipeline.sendable.as_ref().map_or(0, |b| size_of_val(&**b))
            + size_of_val(&*pipeline.cache)
            + size_of_val(&*pipeline.converter);
        assert_eq!(totals.heap_bytes_low, boxes, "{words}");
        // What the boxed values own: the parser's words and the cache's buffer.
        let contents = words * size_of::<String>() + words + words * size_of::<String>();
        assert_eq!(boxes + contents, usage.bytes, "{words}");
        assert_eq!(pipeline.layout_report().totals().heap_bytes_low, boxes);
    }
}

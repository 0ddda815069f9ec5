//! `Layout::write_key` on std types: the key each form writes (strings, numbers, chars, tuples,
//! shared strings, paths, C strings), and none for a value without a key.

use std::ffi::CString;
use std::path::Path;
use std::rc::Rc;

use memlayout::Layout;

#[test]
fn write_key_forms() {
    fn key<T: Layout + ?Sized>(value: &T) -> Option<String> {
        let mut out = String::new();
        value.write_key(&mut out).then_some(out)
    }
    assert_eq!(key(&String::from("math")).as_deref(), Some("\"math\""));
    assert_eq!(key("math").as_deref(), Some("\"math\""));
    assert_eq!(key(&&"x").as_deref(), Some("\"x\""));
    assert_eq!(key(&42u32).as_deref(), Some("42"));
    assert_eq!(key(&-3i8).as_deref(), Some("-3"));
    assert_eq!(key(&'c').as_deref(), Some("'c'"));
    assert_eq!(key(&true).as_deref(), Some("true"));
    assert_eq!(key(&("a", 1u8)).as_deref(), Some("(\"a\", 1)"));
    assert_eq!(key(&(7u8,)).as_deref(), Some("(7,)"));
    assert_eq!(key(&Rc::<str>::from("rc")).as_deref(), Some("\"rc\""));
    assert_eq!(key(Path::new("/tmp")).as_deref(), Some("\"/tmp\""));
    assert_eq!(key(&CString::new("c").unwrap()).as_deref(), Some("\"c\""));
    assert_eq!(key(c"c").as_deref(), Some("\"c\""));
    assert_eq!(key(&vec![1u8]), None);
    assert_eq!(
        key(&("a", vec![1u8])),
        None,
        "a tuple with a part that has no key"
    );
}

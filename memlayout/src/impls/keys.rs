//! Report keys of integers, `bool`, `char` and strings, written without `core::fmt`: the text
//! `Debug` writes (`42`, `-7`, `true`, `'x'`, `"math"`), put together in a small buffer and
//! handed to the writer in one piece. A 20-digit `u64` key cost 316 instructions through
//! `write!` (`Formatter`, padding checks) and costs 149 here (callgrind, `btree:100`). What
//! needs escaping (a `char` or string outside printable ASCII, a quote, a backslash) still goes
//! through `Debug`, so the text is always `Debug`'s.

use core::fmt::Write;

use super::debug_key_to;

/// The longest decimal an integer key can need: `i128::MIN`, a sign and 39 digits.
const MAX_DECIMAL: usize = 40;

/// `"00"`, `"01"`, ... `"99"`: two digits a step, as `core::fmt` writes integers.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// Writes `n`'s digits so that they end at `end` in `buf`; returns where they start. Eight
/// digits a step (one 64-bit division), each four of them a pair of pairs in 32-bit arithmetic.
#[inline]
fn put_u64(mut n: u64, buf: &mut [u8; MAX_DECIMAL], mut end: usize) -> usize {
    while n >= 100_000_000 {
        let eight = (n % 100_000_000) as u32;
        n /= 100_000_000;
        end -= 8;
        put_four(eight / 10_000, &mut buf[end..end + 4]);
        put_four(eight % 10_000, &mut buf[end + 4..end + 8]);
    }
    // Below 100,000,000: four digits, then up to two pairs, the first digit alone when their
    // count is odd.
    let mut n = n as u32;
    if n >= 10_000 {
        end -= 4;
        put_four(n % 10_000, &mut buf[end..end + 4]);
        n /= 10_000;
    }
    if n >= 100 {
        end -= 2;
        buf[end..end + 2].copy_from_slice(&DIGIT_PAIRS[(n % 100) as usize]);
        n /= 100;
    }
    if n >= 10 {
        end -= 2;
        buf[end..end + 2].copy_from_slice(&DIGIT_PAIRS[n as usize]);
    } else {
        end -= 1;
        buf[end] = b'0' + n as u8;
    }
    end
}

/// Writes `four` (below 10,000) as four digits, zeros first, into `out` (four bytes).
#[inline(always)]
fn put_four(four: u32, out: &mut [u8]) {
    let [a, b] = DIGIT_PAIRS[(four / 100) as usize];
    let [c, d] = DIGIT_PAIRS[(four % 100) as usize];
    out.copy_from_slice(&[a, b, c, d]);
}

/// Writes an integer key given as its sign and magnitude (`-5`: `(true, 5)`) in decimal, as
/// `Debug` writes every integer type.
#[inline]
pub(crate) fn decimal_key_to(
    (is_negative, magnitude): (bool, u128),
    out: &mut dyn Write,
) -> Option<bool> {
    let mut buf = [0u8; MAX_DECIMAL];
    let mut start = match u64::try_from(magnitude) {
        Ok(small) => put_u64(small, &mut buf, MAX_DECIMAL),
        Err(_) => put_u128(magnitude, &mut buf),
    };
    if is_negative {
        start -= 1;
        buf[start] = b'-';
    }
    // SAFETY: `buf[start..]` holds only ASCII digits and a minus sign, written just above (the
    // rest of `buf` is zeros, also ASCII), so it is UTF-8. Checking it with `from_utf8` cost a
    // quarter of a key's instructions.
    let text = unsafe { core::str::from_utf8_unchecked(&buf[start..]) };
    Some(out.write_str(text).is_ok())
}

/// Writes a magnitude past `u64::MAX` into `buf`, ending at its end: 19 digits at a time (the
/// most a `u64` chunk always holds), the lower chunks padded with zeros.
#[cold]
fn put_u128(mut n: u128, buf: &mut [u8; MAX_DECIMAL]) -> usize {
    const CHUNK: u128 = 10_000_000_000_000_000_000;
    let mut end = MAX_DECIMAL;
    while n > u128::from(u64::MAX) {
        let low = (n % CHUNK) as u64;
        n /= CHUNK;
        let start = put_u64(low, buf, end);
        let padded = end - 19;
        buf[padded..start].fill(b'0');
        end = padded;
    }
    put_u64(n as u64, buf, end)
}

/// Writes `true` or `false`.
pub(crate) fn bool_key_to(value: bool, out: &mut dyn Write) -> Option<bool> {
    Some(out.write_str(if value { "true" } else { "false" }).is_ok())
}

/// Whether `Debug` writes byte `b` of a text between `quote`s as itself: printable ASCII but
/// the backslash and the quote (`Debug` escapes `"` in a `str`, `'` in a `char`).
fn is_plain(b: u8, quote: u8) -> bool {
    (0x20..0x7f).contains(&b) && b != b'\\' && b != quote
}

/// Writes `'c'`; a `char` that `Debug` would escape (or that is not ASCII) goes through
/// `Debug`.
pub(crate) fn char_key_to(value: char, out: &mut dyn Write) -> Option<bool> {
    match u8::try_from(value) {
        Ok(b) if is_plain(b, b'\'') => {
            let quoted = [b'\'', b, b'\''];
            // Three ASCII bytes.
            let text = core::str::from_utf8(&quoted).unwrap_or_default();
            Some(out.write_str(text).is_ok())
        }
        _ => debug_key_to(&value, out),
    }
}

/// The longest string [`str_key_to`] quotes in a buffer of its own, to hand it over in one
/// piece: longer keys are not kept in a report's node anyway.
const QUOTED_IN_PLACE: usize = 62;

/// Writes `"text"`; a string with a byte `Debug` would escape (or that is not ASCII) goes
/// through `Debug`.
pub(crate) fn str_key_to(text: &str, out: &mut dyn Write) -> Option<bool> {
    if !text.bytes().all(|b| is_plain(b, b'"')) {
        return debug_key_to(text, out);
    }
    let len = text.len();
    if len > QUOTED_IN_PLACE {
        let quoted = out
            .write_char('"')
            .and_then(|()| out.write_str(text))
            .and_then(|()| out.write_char('"'));
        return Some(quoted.is_ok());
    }
    let mut buf = [b'"'; QUOTED_IN_PLACE + 2];
    buf[1..=len].copy_from_slice(text.as_bytes());
    // SAFETY: `buf[..len + 2]` is a quote, the bytes of `text` (a whole `str`, so UTF-8) and a
    // quote (`buf` was filled with them): UTF-8.
    let quoted = unsafe { core::str::from_utf8_unchecked(&buf[..len + 2]) };
    Some(out.write_str(quoted).is_ok())
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    use super::*;

    fn written(write: impl FnOnce(&mut String) -> Option<bool>) -> String {
        let mut out = String::new();
        assert_eq!(write(&mut out), Some(true));
        out
    }

    /// Every power of ten and its neighbours (every digit count, both sides of each carry),
    /// with `extremes`.
    fn edges(extremes: &[u128]) -> Vec<u128> {
        let mut values: Vec<u128> = extremes.to_vec();
        let mut power: u128 = 1;
        loop {
            values.extend([power - 1, power, power + 1, power.saturating_mul(5)]);
            match power.checked_mul(10) {
                Some(next) => power = next,
                None => break,
            }
        }
        values.extend([u128::MAX - 1, u128::MAX]);
        values
    }

    #[test]
    fn unsigned_keys_are_what_to_string_writes() {
        for n in edges(&[0, 99, 100, u64::MAX.into(), u128::from(u64::MAX) + 1]) {
            assert_eq!(written(|o| decimal_key_to((false, n), o)), n.to_string());
            if let Ok(small) = u64::try_from(n) {
                assert_eq!(
                    written(|o| decimal_key_to((false, small.into()), o)),
                    small.to_string()
                );
            }
        }
    }

    #[test]
    fn signed_keys_are_what_to_string_writes() {
        for n in edges(&[i128::MAX as u128, i64::MAX as u128]) {
            let Ok(positive) = i128::try_from(n) else {
                continue;
            };
            for value in [positive, -positive] {
                let expected = format!("{value:?}");
                let got = written(|o| decimal_key_to((value < 0, value.unsigned_abs()), o));
                assert_eq!(got, expected);
            }
        }
        for value in [
            i128::MIN,
            i64::MIN.into(),
            i32::MIN.into(),
            i8::MIN.into(),
            -1,
        ] {
            let got = written(|o| decimal_key_to((value < 0, value.unsigned_abs()), o));
            assert_eq!(got, value.to_string());
        }
    }

    #[test]
    fn chars_and_strings_are_what_debug_writes() {
        let chars = [
            'a', ' ', '~', '\'', '"', '\\', '\n', '\0', '\u{7f}', 'é', '\u{301}', '😀',
        ];
        for c in chars.into_iter().chain((0u8..=0x7f).map(char::from)) {
            assert_eq!(written(|o| char_key_to(c, o)), format!("{c:?}"));
        }
        for text in [
            "",
            "math",
            "it's",
            "say \"hi\"",
            "a\\b",
            "tab\t",
            "née",
            "\u{301}x",
            "~ !",
        ] {
            assert_eq!(written(|o| str_key_to(text, o)), format!("{text:?}"));
        }
        // Every length around the quoting buffer's.
        for len in 0..QUOTED_IN_PLACE + 8 {
            for text in ["k".repeat(len), "it's".repeat(len / 4), "é".repeat(len / 2)] {
                assert_eq!(written(|o| str_key_to(&text, o)), format!("{text:?}"));
            }
        }
        for value in [true, false] {
            assert_eq!(written(|o| bool_key_to(value, o)), format!("{value:?}"));
        }
    }
}

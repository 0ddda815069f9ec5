//! Cache-line straddlers: fields that cross a boundary between lines of a given size.

use super::{Field, TypeLayout};

/// The cache-line size the straddle check assumes by default (x86-64 and most ARM cores).
pub const CACHE_LINE_BYTES: usize = 64;

impl Field {
    /// `true` when the field touches more `line_bytes`-byte lines than its size needs, lines
    /// counted from the start of the containing value: more than `size.div_ceil(line)` of them
    /// from `offset / line` to `(offset + size - 1) / line`. So a field within one line does
    /// not straddle, one crossing a boundary it could avoid does, and a field larger than a
    /// line straddles only when it does not start on a line (a 1 MiB array at offset 0 touches
    /// every line it must, no more). Zero-sized fields never straddle; a `line_bytes` of 0
    /// counts as 1.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { head: [u8; 56], value: [u32; 3], big: [u64; 16], tail: [u8; 64] }
    /// assert!(S::LAYOUT.field("value").unwrap().straddles_line(64));
    /// assert!(!S::LAYOUT.field("head").unwrap().straddles_line(64));
    /// // 128 bytes from offset 72: three lines where two would hold it.
    /// assert!(S::LAYOUT.field("big").unwrap().straddles_line(64));
    /// // 64 bytes from offset 200: two lines where one would.
    /// assert!(S::LAYOUT.field("tail").unwrap().straddles_line(64));
    /// assert!(!S::LAYOUT.field("big").unwrap().straddles_line(4));
    /// ```
    pub const fn straddles_line(&self, line_bytes: usize) -> bool {
        if self.size == 0 {
            return false;
        }
        let line = if line_bytes == 0 { 1 } else { line_bytes };
        let touched = (self.offset + self.size - 1) / line - self.offset / line + 1;
        touched > self.size.div_ceil(line)
    }
}

impl TypeLayout {
    /// Fields that touch more `line_bytes`-byte lines than their size needs
    /// ([`Field::straddles_line`]), counted from the start of the value. Memory order;
    /// zero-sized fields never straddle. Whether a real value straddles also depends on where it starts: the
    /// figure holds for values aligned to the line (a type of smaller alignment can start
    /// anywhere).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { head: [u8; 56], value: [u32; 3] }
    /// let names: Vec<_> = S::LAYOUT.fields_straddling(64).map(|f| f.name).collect();
    /// assert_eq!(names, ["value"]);
    /// ```
    pub fn fields_straddling(
        &self,
        line_bytes: usize,
    ) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields_in_memory_order()
            .filter(move |f| f.straddles_line(line_bytes))
    }

    /// [`TypeLayout::fields_straddling`] 64-byte cache lines ([`CACHE_LINE_BYTES`]).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u64, b: u64 }
    /// assert_eq!(S::LAYOUT.cache_line_straddlers().count(), 0);
    /// ```
    pub fn cache_line_straddlers(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields_straddling(CACHE_LINE_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::padding::tests::{field, names};
    use crate::layout::Kind;

    #[test]
    fn straddling_fields() {
        static FIELDS: [Field; 3] = [
            field("a", 0, 60, 1),
            field("b", 60, 8, 4),
            field("c", 68, 60, 1),
        ];
        static S: TypeLayout = TypeLayout {
            size: 128,
            align: 4,
            fields: &FIELDS,
            memory_order: &[0, 1, 2],
            ..TypeLayout::of::<u8>("S", Kind::Struct)
        };
        assert_eq!(names(S.cache_line_straddlers()), ["b"]);
        // `a` (0..60) and `c` (68..128) take the two 32-byte lines their sizes need; `b`
        // (60..68) takes two for its 8 bytes.
        assert_eq!(names(S.fields_straddling(32)), ["b"]);
        assert_eq!(names(S.fields_straddling(16)), ["b"]);
        // One-byte lines: every field takes as many as it has bytes.
        assert_eq!(names(S.fields_straddling(0)).len(), 0);
        // A zero-sized field at offset 0 (no byte before it to subtract from) never straddles.
        assert!(!field("zst", 0, 0, 1).straddles_line(64));
    }
}

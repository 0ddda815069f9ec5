//! The [`Layout`] trait and the static metadata it carries: plain data, built at compile time.
//!
//! Every figure in a [`TypeLayout`] comes from the compiler (`size_of`, `align_of`,
//! `offset_of!`); the derive supplies only names and declaration order. What those figures
//! imply without a value lives in one file a concern: `padding` (gaps and counterfactual
//! sizes), `reorder` (a better field order), `cache` (cache-line straddlers), `discriminant`
//! (tags and niches) and `variants` (variant sizes).

mod cache;
mod discriminant;
#[cfg(feature = "alloc")]
pub(crate) mod entry;
pub(crate) mod padding;
pub(crate) mod reorder;
mod variants;

pub use cache::CACHE_LINE_BYTES;
pub use discriminant::{discriminant_bytes, parse_discriminant, Discriminant};
pub use padding::{repr_c_size, smallest_size, PaddingGap, PaddingGaps};
pub use reorder::{ReorderSuggestion, SuggestedOrder};
pub use variants::{LargeVariant, LARGE_VARIANT_THRESHOLD};

use crate::visit::Visitor;

/// A type whose memory layout memlayout can show.
///
/// Derive it with `#[derive(Layout)]`; the standard library's types already implement it.
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// struct Point { x: u8, y: u32 }
///
/// let layout = Point::LAYOUT;
/// assert_eq!(layout.size, std::mem::size_of::<Point>());
/// assert_eq!(layout.field("y").unwrap().offset, std::mem::offset_of!(Point, y));
/// ```
///
/// A field whose type does not implement it is a compile error, one per field, on the field's
/// type; its notes name the ways out in order: the cargo feature for a type from a crate
/// memlayout supports, [`dyn_layout!`](crate::dyn_layout) for a trait object,
/// `#[layout(opaque)]` (figures that include the field become bounds when its type may own
/// heap), `#[layout(with = f)]`, and `#[derive(Layout)]` for a type of your own.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `memlayout::Layout`",
    label = "`{Self}` has no memlayout metadata",
    note = "if `{Self}` comes from a crate memlayout supports, turn on memlayout's cargo feature \
            named after it: hashbrown, indexmap, smallvec, arrayvec, tinyvec, bytes, uuid, \
            chrono, time, serde_json, compact_str, smol_str, arcstr, thin-vec, parking_lot, \
            dashmap, url, half, ordered-float, slab, roaring, once_cell, either",
    note = "for a trait object, implement `Layout` for it with `memlayout::dyn_layout!(dyn Trait)`",
    note = "or mark the field `#[layout(opaque)]`: size and alignment only; if its type may own \
            heap, figures that include it become lower bounds",
    note = "or mark the field `#[layout(with = path::to::function)]`, a \
            `fn(&FieldType) -> usize` giving the heap bytes it owns",
    note = "for a type of your own, add `#[derive(Layout)]` to it"
)]
pub trait Layout {
    /// The static layout of the type: read it for free, at compile time or at run time.
    const LAYOUT: &'static TypeLayout;

    /// `true` when no value of this type owns, shares or borrows anything beyond its own inline
    /// bytes, so a walk never needs to look inside it (`u64`, `(u8, char)`, a derived struct of
    /// such fields). A `Vec` of such elements is reported in constant time.
    const IS_LEAF: bool = false;

    /// Describes this value's parts to a visitor: fields, heap blocks, elements, shared and
    /// borrowed targets. Implementations call the visitor and return; they never recurse
    /// themselves (the visitor decides when, and whether, to look inside a part).
    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let _ = visitor;
    }

    /// Whether the type has its own `impl Drop` (not just drop glue from its fields).
    ///
    /// The derive detects this for non-generic types and when no field needs dropping; a
    /// generic type declares it with `#[layout(drop_impl)]`.
    fn has_drop_impl() -> bool {
        false
    }

    /// `false` when [`Layout::has_drop_impl`] is a guess that can be wrong: the derive on a
    /// generic type without `#[layout(drop_impl)]` whose fields need dropping cannot see an
    /// `impl Drop` of its own. Drop orders then say at the value's step that its `Drop::drop`
    /// may run. `true` everywhere else.
    fn is_drop_impl_known() -> bool {
        true
    }

    /// Writes this value as a map key for a report path (`.scores["math"]`).
    /// Returns `false` when the type has no short key form (the path then shows an index).
    /// Reports need `alloc`: without it the method does not exist. By default, what
    /// [`Layout::write_key_to`] writes (so a type overrides one of the two).
    #[cfg(feature = "alloc")]
    fn write_key(&self, out: &mut alloc::string::String) -> bool {
        self.write_key_to(out).unwrap_or(false)
    }

    /// Writes the key [`Layout::write_key`] writes into any writer, so a report can keep a short
    /// key without allocating: `Some(written)` (`Some(false)`: no key form, or the writer
    /// failed), or `None` (the default) for a type that writes its key through `write_key`
    /// only. An override must write exactly what `write_key` writes.
    ///
    /// ```
    /// use memlayout::Layout;
    /// let mut key = String::new();
    /// assert_eq!("math".write_key_to(&mut key), Some(true));
    /// assert_eq!(key, r#""math""#);
    /// assert_eq!(7u8.write_key_to(&mut String::new()), Some(true));
    /// ```
    #[cfg(feature = "alloc")]
    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        let _ = out;
        None
    }

    /// `(Self::LAYOUT, layout_of::<Self>)`. For `#[derive(Layout)]`: generated code reaches
    /// every field type's metadata through `<FieldType as Layout>::...` paths alone, so a field
    /// type without `Layout` is one error, not one per use.
    #[doc(hidden)]
    const __FIELD_TYPE: (&'static TypeLayout, fn() -> &'static TypeLayout) =
        (Self::LAYOUT, layout_of::<Self>);

    /// `visitor.field(index, name, self)`, for `#[derive(Layout)]` (see `__FIELD_TYPE`).
    #[doc(hidden)]
    #[inline]
    fn __visit_field<'a, V: Visitor<'a>>(
        &'a self,
        index: usize,
        name: &'static str,
        visitor: &mut V,
    ) {
        visitor.field(index, name, self);
    }

    /// `visitor.packed_field(index, name, copy)`, for `#[derive(Layout)]` (see
    /// `__FIELD_TYPE`).
    #[doc(hidden)]
    #[inline]
    fn __visit_packed_field<'a, V: Visitor<'a>>(
        copy: core::mem::ManuallyDrop<Self>,
        index: usize,
        name: &'static str,
        visitor: &mut V,
    ) where
        Self: Sized + 'a,
    {
        visitor.packed_field(index, name, copy);
    }

    /// For a report's summary of elements (issue 16): `true` when every value's `visit` reports
    /// one exact heap block at the value's own depth and nothing else (no padding, spare bytes
    /// reclaimable, one allocation iff it has bytes: `Visitor::plain_heap`, or a box of an
    /// unsized leaf), whose figures [`Layout::__buffer_figures`] reads without a visit.
    /// Only an optimisation: `false` (the default) is always correct.
    #[doc(hidden)]
    const __ONE_BUFFER: bool = false;

    /// When [`Layout::__ONE_BUFFER`]: `(bytes, used)` of the value's one block, `used <= bytes`
    /// always, or, for a value whose block is not as described there (a box of padded
    /// elements), `(1, 0)`, an allocation holding nothing, which no summary takes as plain.
    /// Unused otherwise.
    #[doc(hidden)]
    #[inline(always)]
    fn __buffer_figures(&self) -> (usize, usize) {
        (0, 0)
    }
}

/// How a value relates to memory outside its own inline bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Storage {
    /// Lives entirely in its inline bytes (on the stack, or wherever its owner is).
    Inline,
    /// Owns heap memory that it frees when dropped (`Box`, `Vec`, `String`, maps, …).
    OwnsHeap,
    /// Shares a reference-counted heap allocation (`Rc`, `Arc`, `Weak`).
    SharesHeap,
    /// Borrows memory owned elsewhere (`&T`, `&[T]`, `&str`).
    Borrows,
    /// A raw pointer: memlayout does not follow it.
    RawPointer,
    /// Holds an operating-system resource (`File`, sockets) released on drop.
    Resource,
    /// Not inspected: a foreign type marked `#[layout(opaque)]`, a union, a trait object.
    Opaque,
}

impl Storage {
    /// A short lowercase label, as printed in reports.
    ///
    /// ```
    /// assert_eq!(memlayout::Storage::OwnsHeap.label(), "owns heap");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Storage::Inline => "inline",
            Storage::OwnsHeap => "owns heap",
            Storage::SharesHeap => "shares heap",
            Storage::Borrows => "borrows",
            Storage::RawPointer => "raw pointer",
            Storage::Resource => "resource",
            Storage::Opaque => "opaque",
        }
    }
}

/// What sort of type a [`TypeLayout`] describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Kind {
    /// A primitive scalar: integers, floats, `bool`, `char`, `()`.
    Primitive,
    /// A struct with named fields.
    Struct,
    /// A tuple struct (`struct Meters(f64);`).
    TupleStruct,
    /// A unit struct (`struct Marker;`).
    UnitStruct,
    /// An enum.
    Enum,
    /// A union.
    Union,
    /// A tuple `(A, B, …)`.
    Tuple,
    /// An array `[T; N]`.
    Array,
    /// A dynamically sized slice `[T]` or `str`.
    Slice,
    /// A pointer or smart pointer (`&T`, `Box<T>`, `Rc<T>`, `*const T`, …).
    Pointer,
    /// A standard collection (`Vec`, `String`, maps, sets, …).
    Collection,
    /// Any other library type (`Cell`, `Mutex`, `Duration`, `File`, …).
    Other,
}

/// An integer type named in `#[repr(u8)]` and friends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[allow(missing_docs)]
pub enum IntRepr {
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
}

impl IntRepr {
    /// The Rust spelling (`"u8"`).
    ///
    /// ```
    /// assert_eq!(memlayout::layout::IntRepr::I16.name(), "i16");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            IntRepr::U8 => "u8",
            IntRepr::U16 => "u16",
            IntRepr::U32 => "u32",
            IntRepr::U64 => "u64",
            IntRepr::U128 => "u128",
            IntRepr::Usize => "usize",
            IntRepr::I8 => "i8",
            IntRepr::I16 => "i16",
            IntRepr::I32 => "i32",
            IntRepr::I64 => "i64",
            IntRepr::I128 => "i128",
            IntRepr::Isize => "isize",
        }
    }
}

/// The `#[repr(...)]` attributes of a type, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Repr {
    /// `#[repr(C)]`
    pub c: bool,
    /// `#[repr(transparent)]`
    pub transparent: bool,
    /// `#[repr(packed)]` is `Some(1)`, `#[repr(packed(N))]` is `Some(N)`.
    pub packed: Option<usize>,
    /// `#[repr(align(N))]`
    pub align: Option<usize>,
    /// `#[repr(u8)]`, `#[repr(i32)]`, …
    pub int: Option<IntRepr>,
}

impl Repr {
    /// The default (Rust) representation: no `repr` attribute.
    pub const RUST: Repr = Repr {
        c: false,
        transparent: false,
        packed: None,
        align: None,
        int: None,
    };

    /// `true` when no repr attribute was given, so the compiler may reorder fields.
    ///
    /// ```
    /// assert!(memlayout::layout::Repr::RUST.is_default());
    /// ```
    pub const fn is_default(&self) -> bool {
        !self.c
            && !self.transparent
            && self.packed.is_none()
            && self.align.is_none()
            && self.int.is_none()
    }
}

/// One field of a struct, union or tuple, with the compiler's figures.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The field's name; positional fields are named `"0"`, `"1"`, …
    pub name: &'static str,
    /// The field's type as written in the source (`"Vec<u8>"`).
    pub type_name: &'static str,
    /// Offset from the start of the containing value, from `offset_of!`.
    pub offset: usize,
    /// `size_of` the field's type.
    pub size: usize,
    /// `align_of` the field's type, also in a `#[repr(packed(N))]` struct, where the field
    /// itself is aligned to only `min(align, N)` (the type table and JSON show that one).
    pub align: usize,
    /// How the field relates to memory outside its inline bytes.
    pub storage: Storage,
    /// The field type's own layout (a function, so recursive types do not loop at compile time).
    pub layout: fn() -> &'static TypeLayout,
}

/// One field of an enum variant. Its offset is not known statically on stable Rust
/// (`offset_of!` does not reach variant fields); a value report measures it from a live value.
#[derive(Clone, Copy, Debug)]
pub struct VariantField {
    /// The field's name; positional fields are named `"0"`, `"1"`, …
    pub name: &'static str,
    /// The field's type as written in the source.
    pub type_name: &'static str,
    /// `size_of` the field's type.
    pub size: usize,
    /// `align_of` the field's type.
    pub align: usize,
    /// How the field relates to memory outside its inline bytes.
    pub storage: Storage,
    /// The field type's own layout.
    pub layout: fn() -> &'static TypeLayout,
    /// `true` when the field's type has no values (see [`TypeLayout::is_uninhabited`]);
    /// `false` for a `#[layout(opaque)]` field, whose type is not inspected.
    pub is_uninhabited: bool,
}

/// One variant of an enum.
#[derive(Clone, Copy, Debug)]
pub struct Variant {
    /// The variant's name.
    pub name: &'static str,
    /// The explicit discriminant as written (`"1 << 3"`), if any.
    pub discriminant: Option<&'static str>,
    /// The discriminant's value, as the compiler evaluates it: the explicit expression, or the
    /// previous variant's value plus one (the first variant's is 0). `u128` values above
    /// `i128::MAX` (only possible under `#[repr(u128)]`) wrap to negative numbers.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// enum Level { Low = i32::MIN as isize, Mid, High = 1 << 20 }
    /// let values: Vec<i128> = Level::LAYOUT.variants.iter().map(|v| v.discriminant_value).collect();
    /// assert_eq!(values, [i128::from(i32::MIN), i128::from(i32::MIN) + 1, 1 << 20]);
    /// ```
    pub discriminant_value: i128,
    /// `true` when no value of this variant can exist: one of its fields has an uninhabited
    /// type ([`VariantField::is_uninhabited`]).
    pub is_uninhabited: bool,
    /// Its fields in declaration order.
    pub fields: &'static [VariantField],
    /// The bytes its fields need: the fields' sizes summed (padding between them excluded).
    pub payload_size: usize,
}

impl Variant {
    /// `true` when the compiler gives the variant no space at all: it is uninhabited and all its
    /// fields are zero-sized with alignment 1 (`B(Infallible)`, not `B(u32, Infallible)`).
    /// An enum with one variant that is not absent is laid out as that variant alone, no tag.
    ///
    /// ```
    /// use memlayout::Layout;
    /// use std::convert::Infallible;
    /// let layout = <Result<u32, Infallible>>::LAYOUT;
    /// assert!(layout.variant("Err").unwrap().is_absent());
    /// assert!(!layout.variant("Ok").unwrap().is_absent());
    /// ```
    pub fn is_absent(&self) -> bool {
        self.is_uninhabited && self.fields.iter().all(|f| f.size == 0 && f.align <= 1)
    }
}

/// The static layout of a type: what the compiler decided, plus names and order.
#[derive(Clone, Copy, Debug)]
pub struct TypeLayout {
    /// The type's name as written at its definition (`"Wrapper<T>"`), or std's spelling.
    pub name: &'static str,
    /// The full instantiated name, from `core::any::type_name` (`"my_crate::Wrapper<u64>"`).
    pub type_name: fn() -> &'static str,
    /// What sort of type it is.
    pub kind: Kind,
    /// `size_of`; 0 for unsized types (`str`, `[T]`), see [`TypeLayout::is_sized`].
    pub size: usize,
    /// `align_of`; for slices, the element's alignment.
    pub align: usize,
    /// `false` for `str`, `[T]` and trait objects.
    pub is_sized: bool,
    /// The `#[repr]` attributes.
    pub repr: Repr,
    /// How a value of this type relates to memory outside its inline bytes.
    pub storage: Storage,
    /// Fields in declaration order (structs, unions, tuples). Empty for enums and std types.
    pub fields: &'static [Field],
    /// Indices into `fields`, sorted by offset (ties keep declaration order).
    pub memory_order: &'static [u16],
    /// Variants in declaration order (enums only).
    pub variants: &'static [Variant],
    /// For containers (`Vec<T>`, `Box<T>`, `[T; N]`, `Option<T>`): the element type's layout.
    pub element: Option<fn() -> &'static TypeLayout>,
    /// For arrays, the element count.
    pub len: Option<usize>,
    /// `core::mem::needs_drop`: whether dropping a value runs any code at all.
    pub needs_drop: bool,
    /// `true` when no value of the type can exist, as the compiler's layout sees it: an empty
    /// enum, [`Infallible`](core::convert::Infallible), a struct, tuple or non-empty array
    /// holding one, an enum whose every variant holds one. An uninhabited variant costs nothing
    /// in its enum: `Result<u32, Infallible>` is a bare `u32`. A `#[layout(opaque)]` field is
    /// taken as inhabited (its type is not inspected), and so are unions (rustc lays them out
    /// as inhabited).
    ///
    /// ```
    /// use memlayout::Layout;
    /// use std::convert::Infallible;
    /// assert!(Infallible::LAYOUT.is_uninhabited);
    /// assert!(<(u8, Infallible)>::LAYOUT.is_uninhabited);
    /// assert!(!<Option<Infallible>>::LAYOUT.is_uninhabited);
    /// ```
    pub is_uninhabited: bool,
    /// `true` when the type has invalid bit patterns an enum around it can use as a niche:
    /// `size_of::<Option<T>>() == size_of::<T>()`, the compiler's own answer (`bool`, `char`,
    /// references, `Box`, `NonZero*`, enums with spare tag values). Meaningless for uninhabited
    /// and unsized types (`false` for the latter).
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(<&u8>::LAYOUT.has_niche && bool::LAYOUT.has_niche);
    /// assert!(!u32::LAYOUT.has_niche);
    /// ```
    pub has_niche: bool,
    /// `true` when the type's largest niche has at least 256 invalid values (`char`, `String`,
    /// `Vec`, a struct holding one; not `bool`, `&T`, `Box`, `NonZero*`, which have fewer): the
    /// compiler's answer, from the size of an enum of a `T` and 256 unit variants. Whether an
    /// enum holding the type prefers a niche over a tag of the same size can turn on it.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(char::LAYOUT.has_large_niche && String::LAYOUT.has_large_niche);
    /// assert!(!<&u8>::LAYOUT.has_large_niche && !bool::LAYOUT.has_large_niche);
    /// ```
    pub has_large_niche: bool,
    /// `true` when the type's largest niche has more than 256 invalid values (`char`,
    /// `String`; the compiler's answer, from the size of an enum of a
    /// [`has_large_niche`](TypeLayout::has_large_niche) probe and one more unit variant). A niche
    /// of exactly 256 and a one-byte tag can spare as many values, and rustc keeps the tag on a
    /// tie: this tells the two apart.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(char::LAYOUT.has_niche_over_256 && String::LAYOUT.has_niche_over_256);
    /// assert!(!bool::LAYOUT.has_niche_over_256);
    /// ```
    pub has_niche_over_256: bool,
    /// Padding bytes inside one value, nested fields included: the struct's own gaps plus its
    /// fields' padding.
    ///
    /// Enums count 0 here, and so do enum fields inside a struct: their unused bytes depend on
    /// the active variant, and the tag's width is not always known (see
    /// [`Discriminant`]). So `Option<u64>` (16 bytes: an 8-byte payload, a
    /// tag, and bytes neither uses) has `padding_bytes == 0`, and the padding checks built on
    /// this figure (`no_padding`, `max_padding`,
    /// [`Report::assert_no_padding`](crate::Report::assert_no_padding)) see only structs' and
    /// tuples' gaps. Compare `size` with the payload to judge an enum.
    pub padding_bytes: usize,
}

impl TypeLayout {
    /// Looks up a field by name.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(<(u8, u32)>::LAYOUT.field("1").is_some());
    /// assert!(<(u8, u32)>::LAYOUT.field("x").is_none());
    /// ```
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Looks up a variant by name.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(<Option<u8>>::LAYOUT.variant("Some").is_some());
    /// ```
    pub fn variant(&self, name: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// Fields sorted by offset, as they sit in memory.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u8, b: u32 }
    /// let names: Vec<_> = S::LAYOUT.fields_in_memory_order().map(|f| f.name).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn fields_in_memory_order(&self) -> impl Iterator<Item = &'static Field> + '_ {
        let fields = self.fields;
        self.memory_order
            .iter()
            .map(move |&i| &fields[usize::from(i)])
    }

    /// `true` for enums.
    pub const fn is_enum(&self) -> bool {
        matches!(self.kind, Kind::Enum)
    }
}

/// The static layout of `T`, as a function pointer target (what [`Field::layout`] holds).
///
/// ```
/// assert_eq!(memlayout::layout::layout_of::<u32>().size, 4);
/// ```
pub fn layout_of<T: Layout + ?Sized>() -> &'static TypeLayout {
    T::LAYOUT
}

impl TypeLayout {
    /// A layout with no fields or variants, for hand-written [`Layout`] impls; refine it with the
    /// `with_*` methods. `T` supplies the size, alignment, full name and `needs_drop`.
    ///
    /// ```
    /// use memlayout::{Kind, Layout, Storage, TypeLayout};
    ///
    /// struct Handle(u32);
    /// impl Layout for Handle {
    ///     const LAYOUT: &'static TypeLayout =
    ///         &TypeLayout::of::<Handle>("Handle", Kind::Other).with_storage(Storage::Resource);
    /// }
    /// assert_eq!(Handle::LAYOUT.size, 4);
    /// ```
    pub const fn of<T>(name: &'static str, kind: Kind) -> TypeLayout {
        TypeLayout {
            name,
            type_name: core::any::type_name::<T>,
            kind,
            size: core::mem::size_of::<T>(),
            align: core::mem::align_of::<T>(),
            is_sized: true,
            repr: Repr::RUST,
            storage: Storage::Inline,
            fields: &[],
            memory_order: &[],
            variants: &[],
            element: None,
            len: None,
            needs_drop: core::mem::needs_drop::<T>(),
            is_uninhabited: false,
            has_niche: core::mem::size_of::<Option<T>>() == core::mem::size_of::<T>(),
            has_large_niche: core::mem::size_of::<discriminant::NicheProbe<T>>()
                == core::mem::size_of::<T>(),
            has_niche_over_256: core::mem::size_of::<discriminant::NicheProbeOver256<T>>()
                == core::mem::size_of::<T>(),
            padding_bytes: 0,
        }
    }

    /// The same layout marked uninhabited (or not): see [`TypeLayout::is_uninhabited`].
    pub const fn with_uninhabited(mut self, is_uninhabited: bool) -> TypeLayout {
        self.is_uninhabited = is_uninhabited;
        self
    }

    /// The same layout with another storage class.
    pub const fn with_storage(mut self, storage: Storage) -> TypeLayout {
        self.storage = storage;
        self
    }

    /// The same layout with an element type (`Vec<T>`'s `T`).
    pub const fn with_element(mut self, element: fn() -> &'static TypeLayout) -> TypeLayout {
        self.element = Some(element);
        self
    }

    /// The same layout with fields (declaration order) and their memory order.
    pub const fn with_fields(
        mut self,
        fields: &'static [Field],
        memory_order: &'static [u16],
    ) -> TypeLayout {
        self.fields = fields;
        self.memory_order = memory_order;
        self
    }

    /// The same layout with enum variants.
    pub const fn with_variants(mut self, variants: &'static [Variant]) -> TypeLayout {
        self.variants = variants;
        self
    }

    /// The same layout with this much padding per value.
    pub const fn with_padding(mut self, padding_bytes: usize) -> TypeLayout {
        self.padding_bytes = padding_bytes;
        self
    }

    /// The same layout with a `repr`.
    pub const fn with_repr(mut self, repr: Repr) -> TypeLayout {
        self.repr = repr;
        self
    }
}

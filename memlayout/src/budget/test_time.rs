//! Test-time budgets: `assert_budget!` and [`check`], on the figures of a walked value.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt;

use crate::allocator::Model;
use crate::layout::Layout;
use crate::report::{Node, Report, ReportOptions, ReservedTotals, Totals};
use crate::walk::report::LayoutReport;
use crate::walk::reserved::totals_with;
use crate::walk::totals::totals;
/// Fails the test when a value's figures are over budget.
///
/// `assert_budget!(value, figure <= budget, ...)` with the figures `heap` (heap bytes owned),
/// `allocations` (live heap allocations), `unused` (bytes of unused capacity), `indirection` (the
/// most pointer hops to any part), `padding` (padding bytes, inline and in heap buffers) and
/// `inline` (`size_of_val`), and `reserved` (what the allocator holds: usable sizes plus
/// overhead, under the model named first with `allocator = Jemalloc`, `allocator =
/// Glibc::DEFAULT` or any [`Model`]). It walks the value once with [`totals`]; over budget,
/// it panics with each broken budget, the real figure and the value's largest contributors to it
/// by path:
///
/// ```text
/// `cache` is over budget:
///   heap = 5200 bytes, budget heap <= 4096
///     largest contributors: cache[2] 4000 bytes, cache[0] 1000 bytes, cache (itself) 96 bytes
/// ```
///
/// ```
/// let cache: Vec<String> = vec!["a".repeat(100), "b".repeat(10)];
/// memlayout::assert_budget!(cache, heap <= 4096, allocations <= 3, unused <= 0, indirection <= 2);
/// ```
///
/// ```
/// use memlayout::allocator::Jemalloc;
///
/// let names: Vec<String> = vec!["a".repeat(10), "b".repeat(20)];
/// // Jemalloc rounds the 48-byte vector to 48, the strings to 16 and 32.
/// memlayout::assert_budget!(names, allocator = Jemalloc, reserved <= 96, heap <= 78);
/// ```
///
/// A `reserved` budget without a model, or whose figure is an estimate under the model (a
/// B-tree's nodes, an over-aligned request, an unreadable part), fails as unverified:
///
/// ```should_panic
/// let names: Vec<String> = vec!["a".repeat(10)];
/// // panics: reserved = 0 bytes (cannot verify: no allocator model chosen ...)
/// memlayout::assert_budget!(names, reserved <= 4096);
/// ```
///
/// The value is borrowed, not moved; a reference is followed (a budget on `&v` is a budget on
/// `v`). [`check`] and [`check_with`] do the same without panicking.
#[macro_export]
macro_rules! assert_budget {
    ($value:expr, allocator = $model:expr, $($figure:ident <= $budget:expr),+ $(,)?) => {
        $crate::assert_budget!(@check $value,
            ::core::option::Option::Some($crate::__private::allocator_model($model)),
            $($figure <= $budget),+)
    };
    ($value:expr, $($figure:ident <= $budget:expr),+ $(,)?) => {
        $crate::assert_budget!(@check $value, ::core::option::Option::None,
            $($figure <= $budget),+)
    };
    (@check $value:expr, $model:expr, $($figure:ident <= $budget:expr),+) => {
        match $crate::budget::check_with(
            ::core::stringify!($value),
            &$value,
            $model,
            &[$(($crate::__budget_figure!($figure), $budget)),+],
        ) {
            ::core::result::Result::Ok(_) => {}
            ::core::result::Result::Err(error) => ::core::panic!("{}", error),
        }
    };
    ($value:expr $(,)?) => {
        ::core::compile_error!(
            "`assert_budget!` needs at least one budget, e.g. `assert_budget!(value, heap <= 4096)`"
        )
    };
    ($value:expr, $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected budgets such as `heap <= 4096, allocations <= 3`, found `",
            ::core::stringify!($($rest)*),
            "`; figures: heap, allocations, unused, indirection, padding, inline, reserved \
             (an allocator model first: `allocator = Jemalloc, reserved <= 4096`)"
        ))
    };
}

/// The [`Figure`] a name in [`assert_budget!`] stands for. Not public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __budget_figure {
    (heap) => {
        $crate::budget::Figure::Heap
    };
    (allocations) => {
        $crate::budget::Figure::Allocations
    };
    (unused) => {
        $crate::budget::Figure::Unused
    };
    (indirection) => {
        $crate::budget::Figure::Indirection
    };
    (padding) => {
        $crate::budget::Figure::Padding
    };
    (inline) => {
        $crate::budget::Figure::Inline
    };
    (reserved) => {
        $crate::budget::Figure::Reserved
    };
    // An unknown figure: the error, spanned on it, suggests the closest known one.
    ($other:ident) => {
        $crate::__private::__unknown_key! {
            $other [heap, allocations, unused, indirection, padding, inline, reserved] "figure"
        }
    };
}

/// A figure of a value that a test can budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Figure {
    /// Heap bytes the value owns ([`Totals::heap_bytes`]).
    Heap,
    /// Live heap allocations ([`Totals::allocations`]).
    Allocations,
    /// Bytes allocated but not holding live elements ([`Totals::unused_capacity`]).
    Unused,
    /// The most pointer hops from the value to any part ([`Totals::max_indirection`]).
    Indirection,
    /// Padding bytes, inline and in heap buffers ([`Totals::total_padding`]); enums count 0
    /// of their own (see [`TypeLayout::padding_bytes`](crate::TypeLayout::padding_bytes)).
    Padding,
    /// The value's inline bytes, `size_of_val` ([`Totals::inline_bytes`]).
    Inline,
    /// What the allocator holds for the value under an allocator model: usable sizes plus
    /// overhead ([`ReservedTotals::reserved_bytes`]). [`Totals`] carry no such figure: of them,
    /// [`Figure::of`] gives 0 and [`Figure::high`] `usize::MAX` (unverifiable); [`check_with`]
    /// reads it from [`totals_with`].
    Reserved,
}

impl Figure {
    /// Every figure, in the order messages list them.
    pub const ALL: [Figure; 7] = [
        Figure::Heap,
        Figure::Allocations,
        Figure::Unused,
        Figure::Indirection,
        Figure::Padding,
        Figure::Inline,
        Figure::Reserved,
    ];

    /// The name used in [`assert_budget!`] (`"heap"`).
    ///
    /// ```
    /// assert_eq!(memlayout::budget::Figure::Unused.name(), "unused");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Figure::Heap => "heap",
            Figure::Allocations => "allocations",
            Figure::Unused => "unused",
            Figure::Indirection => "indirection",
            Figure::Padding => "padding",
            Figure::Inline => "inline",
            Figure::Reserved => "reserved",
        }
    }

    /// `amount` with the figure's unit, as messages print it (`1 allocation`, `40 bytes`).
    fn amount(self, amount: usize) -> String {
        let (one, many) = match self {
            Figure::Allocations => ("allocation", "allocations"),
            Figure::Indirection => ("pointer hop", "pointer hops"),
            Figure::Heap | Figure::Unused | Figure::Padding | Figure::Inline | Figure::Reserved => {
                ("byte", "bytes")
            }
        };
        format!("{amount} {}", if amount == 1 { one } else { many })
    }

    /// The figure's value in `totals`.
    ///
    /// ```
    /// use memlayout::budget::Figure;
    /// let t = memlayout::totals(&vec![1u8; 3]);
    /// assert_eq!(Figure::Heap.of(&t), t.heap_bytes);
    /// ```
    pub const fn of(self, totals: &Totals) -> usize {
        match self {
            Figure::Heap => totals.heap_bytes,
            Figure::Allocations => totals.allocations,
            Figure::Unused => totals.unused_capacity,
            Figure::Indirection => totals.max_indirection,
            Figure::Padding => totals.total_padding(),
            Figure::Inline => totals.inline_bytes,
            Figure::Reserved => 0,
        }
    }

    /// The most the figure can truly be: [`Figure::of`] when the figures are exact;
    /// `usize::MAX` (no known bound) when some part was unreadable, since what could not be
    /// read may hold anything; for heap and unused bytes of an estimate, what the heap's upper
    /// bound ([`Totals::heap_bytes_high`]) allows; for allocations, `usize::MAX` when any
    /// figure is an estimate (a B-tree's node count is one: an emptied map may keep its root
    /// leaf, which nothing public shows; parts not seen may be allocations of their own); for
    /// indirection,
    /// `usize::MAX` when the depth is only a lower bound ([`Totals::indirection_is_exact`]
    /// false: a B-tree whose height its length leaves open; see
    /// [`Visitor::reaches_at_least`](crate::Visitor::reaches_at_least)), whatever the heap
    /// figures' exactness. A budget holds only when this is within it.
    ///
    /// ```
    /// use memlayout::budget::Figure;
    /// let m = std::sync::Mutex::new(vec![1u8; 64]);
    /// assert_eq!(Figure::Heap.high(&memlayout::totals(&m)), 64);
    /// let _guard = m.lock().unwrap();
    /// assert_eq!(Figure::Heap.high(&memlayout::totals(&m)), usize::MAX);
    /// ```
    pub const fn high(self, totals: &Totals) -> usize {
        let value = self.of(totals);
        match self {
            Figure::Inline => return value,
            Figure::Reserved => return usize::MAX,
            _ => {}
        }
        if totals.unreadable > 0 {
            return usize::MAX;
        }
        match self {
            Figure::Heap => totals.heap_bytes_high,
            // Heap with no known upper bound holds parts not seen (a `Bytes`' shared header):
            // how many allocations they take is not known either.
            Figure::Unused if totals.heap_bytes_high == usize::MAX => usize::MAX,
            // Estimated blocks may stand for a number of allocations not known (a B-tree's
            // nodes, counted from where its entries sit; an emptied one's kept root leaf).
            Figure::Allocations if !totals.is_exact => usize::MAX,
            // A B-tree's height is not public: where its length leaves it open, the depth is a
            // lower bound.
            Figure::Indirection if !totals.indirection_is_exact => usize::MAX,
            Figure::Unused => {
                let spare = totals.heap_bytes_high.saturating_sub(totals.heap_used);
                if spare > value {
                    spare
                } else {
                    value
                }
            }
            _ => value,
        }
    }

    /// Why the figure in `totals` may exceed `budget` though its value does not: `None` when
    /// [`Figure::high`] is within the budget.
    pub(crate) fn unverified(self, totals: &Totals, budget: usize) -> Option<String> {
        if self.high(totals) <= budget {
            return None;
        }
        Some(if totals.unreadable > 0 {
            let n = totals.unreadable;
            format!(
                "cannot verify: {n} {} unreadable",
                if n == 1 { "part" } else { "parts" }
            )
        } else if self == Figure::Allocations && totals.heap_bytes_high != usize::MAX {
            // A count from estimated blocks may be above the truth or below it (parts not seen
            // with no bound on the heap only add: "at least", below).
            format!(
                "estimate of about {}, no upper bound known",
                self.amount(totals.allocations)
            )
        } else if self == Figure::Indirection {
            format!(
                "at least {}: a part's depth is a lower bound (a B-tree whose height \
                 its length leaves open)",
                self.amount(totals.max_indirection)
            )
        } else {
            // The heap's own bounds for heap bytes; for the other figures, what was counted is
            // the least they can be, `high` the most.
            let (low, high) = match self {
                Figure::Heap => (totals.heap_bytes_low, totals.heap_bytes_high),
                _ => (self.of(totals), self.high(totals)),
            };
            if high == usize::MAX {
                format!(
                    "estimate of at least {}, no upper bound known",
                    self.amount(low)
                )
            } else {
                format!(
                    "estimate between {} and {}",
                    self.amount(low),
                    self.amount(high)
                )
            }
        })
    }
}

/// The figures budgets are checked on: a value's totals, and what the allocator holds for it
/// when a model was chosen.
#[derive(Clone, Copy)]
struct Measured<'a> {
    totals: &'a Totals,
    reserved: Option<&'a ReservedTotals>,
}

impl Measured<'_> {
    /// `figure`'s value.
    fn actual(self, figure: Figure) -> usize {
        match (figure, self.reserved) {
            (Figure::Reserved, Some(reserved)) => reserved.reserved_bytes,
            _ => figure.of(self.totals),
        }
    }

    /// The most `figure` can truly be (see [`Figure::high`]): a reserved figure is known only
    /// under a model, and only when exact.
    fn bound(self, figure: Figure) -> usize {
        match (figure, self.reserved) {
            (Figure::Reserved, Some(reserved)) if reserved.is_exact => reserved.reserved_bytes,
            (Figure::Reserved, _) => usize::MAX,
            _ => figure.high(self.totals),
        }
    }

    /// Why `figure` may exceed `budget` though its value does not: `None` when its bound is
    /// within the budget.
    fn unverified(self, figure: Figure, budget: usize) -> Option<String> {
        if self.bound(figure) <= budget {
            return None;
        }
        match (figure, self.reserved) {
            (Figure::Reserved, None) => Some(String::from(
                "cannot verify: no allocator model chosen; name one first, as in \
                 `assert_budget!(value, allocator = Jemalloc, reserved <= 4096)`",
            )),
            (Figure::Reserved, Some(reserved)) if self.totals.is_exact => Some(format!(
                "cannot verify: an estimate under the {} model (a group of allocations taken \
                 at their mean size, or an over-aligned request)",
                reserved.model
            )),
            (Figure::Reserved, Some(_)) => Figure::Heap.unverified(self.totals, 0).or_else(|| {
                Some(String::from(
                    "cannot verify: the heap figures are estimates",
                ))
            }),
            _ => figure.unverified(self.totals, budget),
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A part of a value and its share of a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Contributor {
    /// Where the part sits: the value's name, then the part's [`Report`] path
    /// (`cache.entries[3]`, `list.next.Some.0.*`), or `cache (itself)` for the value's own heap
    /// blocks and padding.
    pub path: String,
    /// The part's share of the figure, in the figure's unit (for indirection: the most pointer
    /// hops reached through the part).
    pub amount: usize,
}

/// One figure over its budget.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Overrun {
    /// The figure.
    pub figure: Figure,
    /// Its real value.
    pub actual: usize,
    /// The budget it broke.
    pub budget: usize,
    /// Set when `actual` is within the budget but the figure cannot be shown to be (see
    /// [`Figure::high`]): why (`cannot verify: 1 part unreadable`, `estimate between 48
    /// bytes and 96 bytes`).
    pub unverified: Option<String>,
    /// The parts with the largest own shares of the figure, largest first (at most
    /// [`CONTRIBUTORS`]): the heap blocks each part reported itself, so shares add up to the
    /// figure. A shared (`Rc`/`Arc`) allocation counts once, at the first handle walked.
    pub contributors: Vec<Contributor>,
}

/// How many contributors an [`Overrun`] lists.
pub const CONTRIBUTORS: usize = 3;

/// The budgets a value broke: what [`check`] returns and what [`assert_budget!`] prints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct BudgetError {
    /// The name of the value, as given to [`check`].
    pub name: String,
    /// When the value's heap figure is an estimate (some part could not report its exact
    /// allocation): the low and high bounds of the heap bytes.
    pub heap_estimate: Option<(usize, usize)>,
    /// Parts that could not be read (a locked `Mutex`, a mutably borrowed `RefCell`): the
    /// figures leave them out.
    pub unreadable: usize,
    /// The broken budgets, in the order they were given.
    pub overruns: Vec<Overrun>,
}

impl fmt::Display for BudgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is over budget:", self.name)?;
        for overrun in &self.overruns {
            let figure = overrun.figure;
            let mut actual = figure.amount(overrun.actual);
            if let Some(why) = &overrun.unverified {
                actual += &format!(" ({why})");
            } else if let (Figure::Heap, Some((low, high))) = (figure, self.heap_estimate) {
                if high == usize::MAX {
                    actual += &format!(" (an estimate: at least {low}, no upper bound known)");
                } else {
                    actual += &format!(" (an estimate: between {low} and {high})");
                }
            }
            let parts = overrun
                .contributors
                .iter()
                .map(|part| (part.path.as_str(), figure.amount(part.amount)));
            write_overrun(f, figure.name(), &actual, overrun.budget, parts)?;
        }
        if self.unreadable > 0 {
            let n = self.unreadable;
            write!(
                f,
                "\n  ({n} unreadable part(s), locked or borrowed, are not counted)"
            )?;
        }
        Ok(())
    }
}

/// One broken budget in the failure message of every test-time assertion (after its heading,
/// `` `name` is over budget:``): `{figure} = {actual}, budget {figure} <= {budget}`, then the
/// largest contributors, each a place and an amount.
pub(crate) fn write_overrun<'p>(
    f: &mut fmt::Formatter<'_>,
    figure: &str,
    actual: &str,
    budget: impl fmt::Display,
    contributors: impl IntoIterator<Item = (&'p str, String)>,
) -> fmt::Result {
    write!(f, "\n  {figure} = {actual}, budget {figure} <= {budget}")?;
    for (i, (place, amount)) in contributors.into_iter().enumerate() {
        let lead = if i == 0 {
            "\n    largest contributors: "
        } else {
            ", "
        };
        write!(f, "{lead}{place} {amount}")?;
    }
    Ok(())
}

impl core::error::Error for BudgetError {}

/// Checks a value's figures against budgets; on failure, finds the largest contributors.
///
/// `name` starts every contributor's path. A reference is followed: a budget on `&v` is a
/// budget on `v` (the reference itself owns nothing). Returns the value's [`Totals`] when every figure is
/// within its budget (one [`totals`] walk); otherwise it builds the value's
/// [`Report`] to find the parts with the largest shares. [`assert_budget!`] is
/// this plus a panic.
///
/// A figure that is not exact holds its budget only when it provably does: when its upper
/// bound ([`Figure::high`]) is within it. A part that could not be read (a locked `Mutex`, a
/// trait object's contents) or an estimate reaching past the budget fails it, with
/// [`Overrun::unverified`] saying why (`cannot verify: 1 part unreadable`).
///
/// ```
/// use memlayout::budget::{check, Figure};
///
/// let words: Vec<String> = vec!["x".repeat(500), "y".repeat(10)];
/// let error = check("words", &words, &[(Figure::Heap, 100)]).unwrap_err();
/// let overrun = &error.overruns[0];
/// assert_eq!(overrun.actual, memlayout::heap_bytes(&words));
/// assert_eq!(overrun.contributors[0].path, "words[0]");
/// assert_eq!(overrun.contributors[0].amount, words[0].capacity());
/// assert!(check("words", &words, &[(Figure::Allocations, 3)]).is_ok());
///
/// let locked = std::sync::Mutex::new(vec![0u8; 4096]);
/// let _guard = locked.lock().unwrap();
/// let error = check("locked", &locked, &[(Figure::Heap, 16)]).unwrap_err();
/// assert_eq!(error.overruns[0].unverified.as_deref(), Some("cannot verify: 1 part unreadable"));
/// ```
pub fn check<T: Layout + ?Sized>(
    name: &str,
    value: &T,
    budgets: &[(Figure, usize)],
) -> Result<Totals, BudgetError> {
    check_with(name, value, None, budgets)
}

/// [`check`] with an allocator model for [`Figure::Reserved`] budgets: what
/// [`assert_budget!`] calls, with `Some(model)` when given `allocator = ...` first. Without a
/// model, a `Reserved` budget fails as unverified; so does one whose figure is an estimate
/// under the model ([`ReservedTotals::is_exact`]).
///
/// ```
/// use memlayout::allocator::{Glibc, Model};
/// use memlayout::budget::{check_with, Figure};
///
/// let words: Vec<String> = vec!["x".repeat(20)];
/// // glibc: the 24-byte vector and the 20-byte string each take a 32-byte chunk.
/// assert!(check_with("words", &words, Some(Model::Glibc(Glibc::DEFAULT)), &[(Figure::Reserved, 64)]).is_ok());
/// let error = check_with("words", &words, None, &[(Figure::Reserved, 64)]).unwrap_err();
/// assert!(error.overruns[0].unverified.as_deref().unwrap().contains("no allocator model"));
/// ```
pub fn check_with<T: Layout + ?Sized>(
    name: &str,
    value: &T,
    model: Option<Model>,
    budgets: &[(Figure, usize)],
) -> Result<Totals, BudgetError> {
    // A reference owns nothing, so a budget on one would always hold: `totals` and
    // `layout_report` look through a reference at the root, so the budget is on its target.
    let reserved = model.map(|model| totals_with(value, &model));
    let all = reserved.map_or_else(|| totals(value), |r| r.totals);
    let measured = Measured {
        totals: &all,
        reserved: reserved.as_ref(),
    };
    if budgets
        .iter()
        .all(|&(figure, budget)| measured.bound(figure) <= budget)
    {
        return Ok(all);
    }
    let options = match model {
        Some(model) => ReportOptions::new().allocator(model),
        None => ReportOptions::new(),
    };
    let report = value.layout_report_with(options);
    Err(over_budget(name, &report, &all, budgets))
}

/// The budgets `all` (the totals of the value `report` describes) breaks, each with its largest
/// contributors in `report`: what [`check`] and the `Report::assert_*` methods report.
pub(crate) fn over_budget(
    name: &str,
    report: &Report,
    all: &Totals,
    budgets: &[(Figure, usize)],
) -> BudgetError {
    let reserved = report.reserved();
    let measured = Measured {
        totals: all,
        reserved: reserved.as_ref(),
    };
    let overruns = budgets
        .iter()
        .filter(|&&(figure, budget)| measured.bound(figure) > budget)
        .map(|&(figure, budget)| Overrun {
            figure,
            actual: measured.actual(figure),
            budget,
            unverified: (measured.actual(figure) <= budget)
                .then(|| measured.unverified(figure, budget))
                .flatten(),
            contributors: contributors(name, report, figure),
        })
        .collect();
    BudgetError {
        name: name.to_string(),
        heap_estimate: (all.heap_bytes_low != all.heap_bytes_high)
            .then_some((all.heap_bytes_low, all.heap_bytes_high)),
        unreadable: all.unreadable,
        overruns,
    }
}

/// The [`CONTRIBUTORS`] nodes of `report` with the largest shares of `figure`, largest first
/// (ties in walk order).
fn contributors(name: &str, report: &Report, figure: Figure) -> Vec<Contributor> {
    report
        .largest(CONTRIBUTORS, |node| share(&node, figure))
        .into_iter()
        .map(|(node, amount)| Contributor {
            path: match node.parent() {
                None => format!("{name} (itself)"),
                Some(_) => format!("{name}{}", node.path()),
            },
            amount,
        })
        .collect()
}

/// A node's own share of a figure: the heap blocks it reported itself (and the parts folded into
/// it), so shares add up to the value's figure. Padding inside the root's inline bytes is the
/// root's; inline bytes are shared among the root's fields.
fn share(node: &Node<'_>, figure: Figure) -> usize {
    let own = node.own();
    let elided = node.elided().map(|(_, t)| t).unwrap_or_default();
    let is_root = node.parent().is_none();
    match figure {
        Figure::Heap => own.heap_bytes + elided.heap_bytes,
        Figure::Allocations => own.allocations + elided.allocations,
        Figure::Unused => own.unused_capacity + elided.unused_capacity,
        Figure::Indirection => own.max_indirection.max(elided.max_indirection),
        Figure::Padding => {
            own.heap_padding + elided.heap_padding + if is_root { own.inline_padding } else { 0 }
        }
        Figure::Inline => match (node.parent(), node.offset()) {
            (Some(parent), Some(_)) if parent.parent().is_none() => node.inline_bytes(),
            _ => 0,
        },
        Figure::Reserved => node.own_reserved(),
    }
}

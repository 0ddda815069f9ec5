//! One of memlayout's allocator models as a value: what report options and budgets carry.

use super::{AllocatorModel, Glibc, Jemalloc, Mimalloc, Requested};

/// One of memlayout's allocator models, chosen by value: what
/// [`ReportOptions::allocator`](crate::ReportOptions::allocator) and the `allocator = ...`
/// clause of [`assert_budget!`](crate::assert_budget) take.
///
/// An enum rather than a `&dyn AllocatorModel` so that [`ReportOptions`](crate::ReportOptions)
/// stays `Copy`, `Eq`, `const`-buildable and serializable; a model of your own works with
/// [`totals_with`](crate::totals_with), which takes any [`AllocatorModel`].
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Glibc, Jemalloc, Model};
///
/// assert_eq!(Model::from(Jemalloc), Model::Jemalloc);
/// assert_eq!(Model::Glibc(Glibc::DEFAULT).reserved(10, 1), Glibc::DEFAULT.reserved(10, 1));
/// assert_eq!(Model::Mimalloc.name(), "mimalloc");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Model {
    /// [`Requested`]: the bytes asked for (reserved bytes equal heap bytes).
    Requested,
    /// [`Glibc`], with its mmap threshold and page size.
    Glibc(Glibc),
    /// [`Jemalloc`].
    Jemalloc,
    /// [`Mimalloc`].
    Mimalloc,
}

/// Calls `$method` on the model the value names (a match the compiler can inline through,
/// rather than a trait object's indirect call per heap block).
macro_rules! dispatch {
    ($self:ident.$method:ident($($arg:expr),*)) => {
        match $self {
            Model::Requested => Requested.$method($($arg),*),
            Model::Glibc(glibc) => glibc.$method($($arg),*),
            Model::Jemalloc => Jemalloc.$method($($arg),*),
            Model::Mimalloc => Mimalloc.$method($($arg),*),
        }
    };
}

impl AllocatorModel for Model {
    fn name(&self) -> &'static str {
        dispatch!(self.name())
    }
    #[inline]
    fn usable_size(&self, size: usize, align: usize) -> usize {
        dispatch!(self.usable_size(size, align))
    }
    #[inline]
    fn overhead(&self, size: usize, align: usize) -> usize {
        dispatch!(self.overhead(size, align))
    }
    #[inline]
    fn is_exact(&self, size: usize, align: usize) -> bool {
        dispatch!(self.is_exact(size, align))
    }
}

impl From<Requested> for Model {
    fn from(_: Requested) -> Model {
        Model::Requested
    }
}

impl From<Glibc> for Model {
    fn from(glibc: Glibc) -> Model {
        Model::Glibc(glibc)
    }
}

impl From<Jemalloc> for Model {
    fn from(_: Jemalloc) -> Model {
        Model::Jemalloc
    }
}

impl From<Mimalloc> for Model {
    fn from(_: Mimalloc) -> Model {
        Model::Mimalloc
    }
}

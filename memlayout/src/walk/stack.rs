//! The machine-stack budget every walk keeps, and the address hasher the walks share.

#[cfg(feature = "std")]
use core::hash::Hasher;

/// Nested `visit` calls allowed on the machine stack before a walk defers to its work list.
pub(crate) const STACK_LIMIT: usize = 64;

/// Machine stack the tally may use below the frame it starts in before it defers work.
///
/// The tally measures the stack itself ([`stack_address`] now against where it began) instead
/// of counting nested visits: the check needs no state that changes as the walk goes down and
/// comes back, so it costs a register read and a comparison, and a chain of fields, `Option`s
/// and `Box`es still compiles into a loop, which uses no more stack on its millionth turn than
/// on its first. Such a chain then never defers; real recursion (a tree; any chain in a
/// debug build) defers once per 64 KiB of frames, hundreds to thousands of nested visits in a
/// release build, fewer in a debug one. 64 KiB stays far inside a spawned thread's 2 MiB
/// (`benches/test_bench_exactness.rs` walks a million-link list and a 10,000-level tree there, in
/// debug and release; the unit tests below a 200,000-level value on 256 KiB) and inside musl's
/// 128 KiB thread stacks.
pub(crate) const TALLY_STACK_BYTES: usize = 64 << 10;

/// An address in the caller's stack frame.
///
/// Where Rust has stable inline assembly for the target, the stack pointer, read with an
/// instruction that touches no memory, so the optimiser keeps tail calls (a chain of
/// `Option<Box<_>>` links still compiles into a loop). It is declared `pure`: within one
/// function body (after inlining, one frame) the stack pointer is the same wherever it is
/// read, so the optimiser may merge readings, hoist one out of a loop (a `Box` chain turned
/// into a loop then checks its budget once, not once per link: 4 instructions a link instead
/// of 7) and drop one nobody compares (a walk of a `Vec<u64>` never checks). Readings in
/// different calls are different instructions run in different frames, so a recursion still
/// sees its stack grow. Elsewhere, the address of a local, which needs a
/// slot in the frame and so keeps the frame (and the recursion) alive. The stack grows down on
/// the targets Rust supports; distances are taken with `abs_diff` there, so the check also holds
/// where it grows up. Under Miri, whose locals are separate allocations at addresses of its
/// choosing, the distance is not the stack's: the walk may defer more often, which only costs
/// time (deferred work gives the same sums).
#[inline(always)]
fn stack_address() -> usize {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        let sp: usize;
        // SAFETY: copies the stack pointer into a register; reads and writes no memory and no
        // flags.
        unsafe {
            core::arch::asm!(
                "mov {}, rsp",
                out(reg) sp,
                options(pure, nomem, nostack, preserves_flags)
            );
        }
        sp
    }
    #[cfg(all(target_arch = "aarch64", not(miri)))]
    {
        let sp: usize;
        // SAFETY: copies the stack pointer into a register; reads and writes no memory and no
        // flags.
        unsafe {
            core::arch::asm!(
                "mov {}, sp",
                out(reg) sp,
                options(pure, nomem, nostack, preserves_flags)
            );
        }
        sp
    }
    #[cfg(not(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(miri))))]
    {
        let marker = 0u8;
        core::ptr::addr_of!(marker) as usize
    }
}

/// Whether [`stack_address`] reads the stack pointer of a stack that grows down (the ABI of
/// those targets says so).
const READS_STACK_POINTER: bool = cfg!(all(
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(miri)
));

/// The mark a walk starting here keeps to check its stack with [`within_budget`]: the lowest
/// stack address it may reach where [`stack_address`] reads the stack pointer (one comparison
/// per check), else where it starts.
#[inline(always)]
pub(crate) fn stack_mark() -> usize {
    stack_mark_for(TALLY_STACK_BYTES)
}

/// [`stack_mark`] for a walk that may use `budget` bytes of stack (the report walk's
/// [`within_budget_for`] checks).
#[inline(always)]
pub(crate) fn stack_mark_for(budget: usize) -> usize {
    if READS_STACK_POINTER {
        stack_address().saturating_sub(budget)
    } else {
        stack_address()
    }
}

/// Whether the stack used since [`stack_mark`] returned `mark` is within [`TALLY_STACK_BYTES`].
#[inline(always)]
pub(crate) fn within_budget(mark: usize) -> bool {
    within_budget_for(mark, TALLY_STACK_BYTES)
}

/// Whether the stack used since [`stack_mark_for`]`(budget)` returned `mark` is within `budget`.
#[inline(always)]
pub(crate) fn within_budget_for(mark: usize, budget: usize) -> bool {
    if READS_STACK_POINTER {
        stack_address() > mark
    } else {
        stack_address().abs_diff(mark) < budget
    }
}

/// Hashes allocation addresses: one multiply, then a rotation so the well-mixed high bits
/// pick the bucket (addresses are aligned, so their low bits carry little).
#[derive(Default)]
#[cfg(feature = "std")]
pub(crate) struct AddressHasher(u64);

#[cfg(feature = "std")]
impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_usize(usize::from(byte) ^ (self.0 as usize).rotate_left(8));
        }
    }

    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

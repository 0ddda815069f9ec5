//! Chains: a `Box` linked list, `Option<Box<T>>` nesting, a chain of `Rc`s. A part reached
//! through a pointer below [`ReportOptions::max_children`] shown ancestors of its own type is a
//! link past the first few: it and every later link fold into one summary node
//! ([`Segment::Chain`]), as a collection's elements past the first few do.
//!
//! Each folded link is one element of the summary, and its figures are what its parts own, as
//! an element's are: the next link's allocation (the `Box`'s block, or the `Rc`'s when its handle
//! counts it) belongs to the link whose pointer holds it, not the next link's other parts. The
//! first folded link's allocation stays with the shown pointer that holds it.
//!
//! A [`Folder`] walks the links in a loop: meeting the next link's pointer, it adds the pointer's
//! figures, notes the link and goes on with the current one; once that is folded into the
//! summary, it takes up the noted link. A chain then needs no stack per link, so a long one is
//! walked without deferring. A second pointer to a link in one link (a tree's second branch)
//! starts a loop of its own, on the stack while the budget lasts, else from the work list.
//!
//! [`ReportOptions::max_children`]: crate::ReportOptions::max_children

use alloc::boxed::Box;
use core::mem::MaybeUninit;

use super::fold::{Fig, PlainFold};
use super::folder::Here;
use super::link_probe::{fold_alike_links, probe_link, ProbedLink, CHUNK};
use super::{Folder, NodeId, Walker};
use crate::layout::{Layout, TypeLayout};
use crate::report::{NodeKind, Segment, Summary, NO_PARENT};

/// Whether two static layouts describe the same type (the same `&'static` may be emitted more
/// than once, so names are compared when the addresses differ).
fn same_type(a: &TypeLayout, b: &TypeLayout) -> bool {
    core::ptr::eq(a, b) || (a.size == b.size && (a.type_name)() == (b.type_name)())
}

/// Whether `layout` is that of the links of chain `chain`. When it is at another address,
/// that address replaces `chain`'s, so the next link compares addresses only.
#[inline(always)]
pub(super) fn is_link_layout(chain: &mut &'static TypeLayout, layout: &'static TypeLayout) -> bool {
    if core::ptr::eq(*chain, layout) {
        return true;
    }
    let is_link = same_type(chain, layout);
    if is_link {
        *chain = layout;
    }
    is_link
}

/// The last answer of [`Walker::chain_link_index`]: how many of shown node `node` and its
/// ancestors have type `layout` (at most `max_children`), so that the next question, asked
/// one link further down, counts only the nodes between the two. Nodes are never removed
/// during a walk, so an id keeps naming the same node.
#[derive(Clone, Copy)]
pub(super) struct ChainPlace {
    node: NodeId,
    layout: &'static TypeLayout,
    links: usize,
}

impl ChainPlace {
    /// No answer yet: no node matches.
    pub(super) const NONE: ChainPlace = ChainPlace {
        node: NO_PARENT,
        layout: <() as Layout>::LAYOUT,
        links: 0,
    };
}

impl<'a> Walker<'a> {
    /// For contents of type `layout` met through a pointer in shown node `parent`: `Some(n)`
    /// when `n` = [`ReportOptions::max_children`](crate::ReportOptions::max_children) shown
    /// ancestors have that type, so the contents are link `n` (0-based) of a chain and fold into
    /// a chain summary from here on (if the node budget allows one more node).
    ///
    /// The ancestors are counted up to the node of the last answer for the same type, if the
    /// walk up meets it (the shown links of a chain ask one after another, each one link below
    /// the last), which adds its count: each link costs the nodes between two links.
    pub(super) fn chain_link_index(
        &mut self,
        parent: NodeId,
        layout: &'static TypeLayout,
    ) -> Option<usize> {
        let shown = self.options.max_children;
        // Fewer ancestors than that (every chain when nothing is summarised): no look up.
        if !self.has_budget() || (self.nodes[parent as usize].depth as usize) < shown.max(1) - 1 {
            return None;
        }
        let last = self.chain_place;
        let last = if last.node != NO_PARENT && same_type(last.layout, layout) {
            last
        } else {
            ChainPlace::NONE
        };
        let mut links = 0;
        let mut at = parent;
        while links < shown && at != NO_PARENT {
            if at == last.node {
                links += last.links;
                break;
            }
            let node = &self.nodes[at as usize];
            links += usize::from(same_type(node.layout, layout));
            at = node.parent;
        }
        let links = links.min(shown);
        self.chain_place = ChainPlace {
            node: parent,
            layout,
            links,
        };
        (links == shown).then_some(shown)
    }

    /// Folds a chain from link `first_index` on (`contents`, behind a pointer of node `parent`
    /// at depth `hop`) into a new chain summary under `parent`, which keeps the pointer's own
    /// figures (its allocation), as every shown pointer does. Returns the summary node.
    pub(super) fn fold_chain<T: Layout + ?Sized>(
        &mut self,
        parent: NodeId,
        first_index: usize,
        contents: &'a T,
        hop: usize,
    ) -> NodeId {
        let m = self.push_node(
            parent,
            Segment::Chain,
            T::LAYOUT,
            0,
            None,
            hop + 1,
            NodeKind::Summary,
        );
        self.start_summary(m, Summary::chain(first_index));
        let mut folder = Folder::new(self, m, None);
        folder.chain = Some(T::LAYOUT);
        folder.link(contents, hop + 1);
        m
    }
}

/// A walked link's figures, inline size and inline padding, to fold into its summary.
type LinkFigures = (Fig, usize, usize);

/// `walk_erased::<T>`'s type: walks a link, and the links after it of the same type.
type WalkLink<'a> =
    for<'w> fn(&NextLink<'a>, &mut Folder<'w, 'a>, &mut LinkLoop) -> Option<NextLink<'a>>;

/// A link met while the one before it is walked: walked once that one is folded, by the loop
/// in [`Folder::link`], so a chain takes no stack per link.
#[derive(Clone, Copy)]
pub(super) struct NextLink<'a> {
    /// The bytes of the `&'a T` to the link's contents (a reference is one word, or two for a
    /// dynamically sized `T`), read back by `walk`.
    contents: [MaybeUninit<usize>; 2],
    /// `walk_erased::<T>`: walks the link as a `T`.
    walk: WalkLink<'a>,
    /// The link's depth (its pointer's plus one).
    hop: usize,
}

impl<'a> NextLink<'a> {
    pub(super) fn new<T: Layout + ?Sized + 'a>(contents: &'a T, hop: usize) -> Self {
        const { assert!(core::mem::size_of::<&T>() <= core::mem::size_of::<[usize; 2]>()) };
        let mut bytes = [MaybeUninit::uninit(); 2];
        // SAFETY: `bytes` is large enough for a reference (checked above) and aligned for one
        // (a reference is pointer-aligned, as `usize` is); `walk_erased::<T>` reads it back as
        // the same `&'a T`.
        unsafe { bytes.as_mut_ptr().cast::<&'a T>().write(contents) };
        NextLink {
            contents: bytes,
            walk: walk_erased::<T>,
            hop,
        }
    }
}

impl<'a> NextLink<'a> {
    /// Whether the link is a `T` to `walk_erased::<T>`. The same `T` has the same `walk` (a
    /// copy of it elsewhere only leaves the link to the caller's loop, which walks it the
    /// same way).
    #[inline(always)]
    fn walks_as<T: Layout + ?Sized + 'a>(&self) -> bool {
        core::ptr::fn_addr_eq(self.walk, walk_erased::<T> as WalkLink<'a>)
    }

    /// The link's contents, as the `T` whose `walk_erased` is its `walk`.
    ///
    /// # Safety
    ///
    /// `self.walk` is `walk_erased::<T>` (see [`NextLink::walks_as`]).
    #[inline(always)]
    unsafe fn contents<T: Layout + ?Sized + 'a>(&self) -> &'a T {
        // SAFETY: `self.contents` holds the bytes of the `&'a U` that `NextLink::new::<U>`
        // wrote, which alone stores `walk_erased::<U>` as `walk`: that is `walk_erased::<T>`
        // (the caller's promise), so `U` is `T`.
        unsafe { self.contents.as_ptr().cast::<&'a T>().read() }
    }
}

/// Walks the link `next` holds, as a `T` (the type [`NextLink::new`] was given), and the
/// links noted after it while they are `T`s too, in one loop with the link walk inlined; returns
/// the first noted link of another type (walked by its own `walk`), if any.
///
/// Plain links ([`probe_link`]) are read without the folder, in runs of links with the same
/// figures (every link of a list of `Box`es and numbers), which fold in at once
/// ([`Folder::fold_run`]); the others are walked through the folder.
fn walk_erased<'a, T: Layout + ?Sized + 'a>(
    next: &NextLink<'a>,
    folder: &mut Folder<'_, 'a>,
    links: &mut LinkLoop,
) -> Option<NextLink<'a>> {
    // Under an allocator model every block also counts at the summary: the folder does that,
    // in a loop without the probe.
    if folder.reserves {
        walk_links_as::<false, T>(next, folder, links)
    } else {
        walk_links_as::<true, T>(next, folder, links)
    }
}

/// [`walk_erased`], reading plain links without the folder if `PROBES`.
#[inline(always)]
fn walk_links_as<'a, const PROBES: bool, T: Layout + ?Sized + 'a>(
    next: &NextLink<'a>,
    folder: &mut Folder<'_, 'a>,
    links: &mut LinkLoop,
) -> Option<NextLink<'a>> {
    let mut link = *next;
    // A local copy, kept in registers across the loop, not stored back after every link.
    let mut local = *links;
    let mut probes = PROBES;
    let mut chain = folder.chain.unwrap_or(T::LAYOUT);
    let other = loop {
        // SAFETY: the first link is `next`, whose `walk` is this function; a later one is
        // taken only when it `walks_as::<T>`.
        let contents: &'a T = unsafe { link.contents::<T>() };
        let probed = if probes {
            probe_link(contents, link.hop, &mut chain)
        } else {
            None
        };
        let noted = if let Some(first) = probed {
            match folder.fold_runs::<T>(&mut local, first, link.hop, &mut chain) {
                Ok(end) => end,
                // A link that is not plain: walked through the folder, then the next probed.
                Err(not_plain) => {
                    (link, probes) = (not_plain, false);
                    continue;
                }
            }
        } else {
            probes = PROBES;
            folder.reset_fig(Fig::default());
            folder.slot = None;
            let figures = folder.walk_link(contents, link.hop);
            folder.fold_link(&mut local, figures);
            folder.next_link.take()
        };
        let Some(noted) = noted else {
            break None;
        };
        if !noted.walks_as::<T>() {
            break Some(noted);
        }
        link = noted;
    };
    *links = local;
    other
}

/// The figures of the links one [`Folder::walk_links`] loop walked, before they merge into the
/// summary: a lean accumulator that stays in registers or one cache line.
#[derive(Clone, Copy)]
struct LinkLoop {
    /// The summary's index in the walker's folds.
    fold: usize,
    plain: PlainFold,
    /// Links' inline figures, by runs of equal sizes: (count, size, padding).
    run: (usize, usize, usize),
    /// Links walked.
    count: usize,
}

impl<'a> Folder<'_, 'a> {
    /// Whether a pointer to a `T` leads to the next link of the chain this folder folds. The
    /// link type's layout is then `T::LAYOUT` itself, so the next link compares addresses only.
    #[inline(always)]
    pub(super) fn is_link<T: Layout + ?Sized>(&mut self) -> bool {
        match &mut self.chain {
            Some(chain) => is_link_layout(chain, T::LAYOUT),
            None => false,
        }
    }

    /// Folds link `contents` (at depth `hop`; its pointer's figures are the link's that holds
    /// it) and the links after it into the chain summary. Met while a link is walked, the first such pointer is
    /// only noted, for the loop that walks that link to take up next; a second one in the same
    /// link (a tree's second branch) starts a loop of its own, the current link's figures set
    /// aside meanwhile, on the stack while the budget lasts and else from the work list.
    #[inline(always)]
    pub(super) fn link<T: Layout + ?Sized + 'a>(&mut self, contents: &'a T, hop: usize) {
        let next = NextLink::new(contents, hop);
        if self.next_link.is_none() && self.looping {
            self.next_link = Some(next);
            return;
        }
        self.link_apart(next);
    }

    /// [`Folder::link`] for a link not taken up by the loop walking the current one: a loop of
    /// its own, on the stack while the budget lasts, else from the work list.
    #[inline(never)]
    fn link_apart(&mut self, next: NextLink<'a>) {
        if !self.has_stack() {
            defer_link(self.walker, (self.summary, self.chain), next);
            return;
        }
        let outer = (self.take_fig(), self.slot.take());
        let outer_rare = outer.0.rare.then_some(self.walker.rare);
        let saved = (self.hop, self.here);
        let (outer_next, outer_looping) = (self.next_link.take(), self.looping);
        self.looping = true;
        self.walk_links(next);
        (self.next_link, self.looping) = (outer_next, outer_looping);
        (self.hop, self.here) = saved;
        self.reset_fig(outer.0);
        self.slot = outer.1;
        if let Some(rare) = outer_rare {
            self.walker.rare = rare;
        }
    }

    /// Walks link `next` and every link noted after it, one at a time. Their figures fold in a
    /// local [`LinkLoop`], merged into the summary once: a loop nested in this one (a second
    /// branch) merges its own.
    fn walk_links(&mut self, next: NextLink<'a>) {
        let mut links = LinkLoop {
            fold: self.walker.nodes[self.summary as usize].fold as usize,
            plain: PlainFold::NEW,
            run: (0, 0, 0),
            count: 0,
        };
        let mut next = Some(next);
        while let Some(link) = next {
            next = (link.walk)(&link, self, &mut links);
        }
        let fold = &mut self.walker.folds[links.fold];
        fold.plain.merge(&links.plain);
        fold.add_inline(links.run.0, links.run.1, links.run.2);
        fold.summary.count += links.count;
    }

    /// Folds one walked link's figures (`None`: they went to its scratch slot) into `links`.
    #[inline(always)]
    fn fold_link(&mut self, links: &mut LinkLoop, figures: Option<LinkFigures>) {
        links.count += 1;
        let Some((fig, size, padding)) = figures else {
            return;
        };
        if PlainFold::takes(&fig) {
            links.plain.add_link(&fig);
        } else {
            self.walker.folds[links.fold].add(&fig, &self.walker.rare);
        }
        self.add_inline(links, 1, size, padding);
    }

    /// Folds the inline figures of `n` links of `size` bytes with `padding` bytes of padding
    /// each into `links`.
    #[inline(always)]
    fn add_inline(&mut self, links: &mut LinkLoop, n: usize, size: usize, padding: usize) {
        let run = &mut links.run;
        if (size, padding) != (run.1, run.2) {
            self.walker.folds[links.fold].add_inline(run.0, run.1, run.2);
            *run = (0, size, padding);
        }
        run.0 += n;
    }

    /// Walks link `contents` at depth `hop`: its
    /// figures and inline size and padding, to fold into the summary, or `None` when they went
    /// to its scratch slot (part of it was deferred).
    #[inline(always)]
    fn walk_link<T: Layout + ?Sized>(
        &mut self,
        contents: &'a T,
        hop: usize,
    ) -> Option<LinkFigures> {
        (self.hop, self.here) = (hop, Here::of(None));
        contents.visit(self);
        let (size, padding) = (core::mem::size_of_val(contents), T::LAYOUT.padding_bytes);
        self.end(size, padding).map(|fig| (fig, size, padding))
    }
}

/// The link after a plain one whose next link, if any, is `next`: the next link as a `T`, or
/// (`Err`) what ends the plain links there, the chain's end or a link of another type.
#[inline(always)]
pub(super) fn next_as<'a, T: Layout + ?Sized + 'a>(
    next: Option<NextLink<'a>>,
) -> Result<(&'a T, usize), Option<NextLink<'a>>> {
    match next {
        // SAFETY: `link` walks as a `T`.
        Some(link) if link.walks_as::<T>() => Ok((unsafe { link.contents::<T>() }, link.hop)),
        other => Err(other),
    }
}

/// Why the run of links with the first one's figures ended.
enum RunEnd<'a> {
    /// The plain links end: at the chain's end, or a link of another type (`Ok`), or a `T`
    /// that is not plain (`Err`).
    Plain(Result<Option<NextLink<'a>>, NextLink<'a>>),
    /// The next link is plain, with other figures.
    Figures(ProbedLink<'a>),
}

impl<'a> Folder<'_, 'a> {
    /// Folds plain link `first` (a `T` at depth `first_hop`) and the plain `T`s after it into
    /// `links`. Returns what follows them: `Ok` the chain's end, a link of another type or a
    /// `T` to fold from again (at a chunk's edge, see [`Folder::fold_each`]), `Err` a `T` that
    /// is not plain.
    ///
    /// The links from `first` on with its figures (but for their depth: every link of a list
    /// of `Box`es and numbers) fold at once; `first`'s figures stay as probed, so that for
    /// links whose figures are constants the comparison is nearly so, and each next link is
    /// taken right after the probe that found it, so that its type is known. The links from
    /// the first with other figures on fold as [`Folder::fold_varied`] does.
    #[inline(always)]
    fn fold_runs<T: Layout + ?Sized + 'a>(
        &mut self,
        links: &mut LinkLoop,
        first: ProbedLink<'a>,
        first_hop: usize,
        chain: &mut &'static TypeLayout,
    ) -> Result<Option<NextLink<'a>>, NextLink<'a>> {
        let mut hop = first_hop;
        let end = match next_as::<T>(first.next) {
            Err(end) => RunEnd::Plain(Ok(end)),
            Ok((mut contents, mut next_hop)) => loop {
                let Some(probed) = probe_link(contents, next_hop, chain) else {
                    break RunEnd::Plain(Err(NextLink::new(contents, next_hop)));
                };
                if !probed.has_figures_of(&first) {
                    break RunEnd::Figures(probed);
                }
                hop = next_hop;
                match next_as::<T>(probed.next) {
                    Ok(next) => (contents, next_hop) = next,
                    Err(end) => break RunEnd::Plain(Ok(end)),
                }
            },
        };
        // Each link is one pointer below the one before it.
        self.fold_run(links, &first, hop - first_hop + 1);
        match end {
            RunEnd::Plain(end) => end,
            RunEnd::Figures(probed) => self.fold_varied::<T>(links, probed, chain),
        }
    }

    /// Folds plain link `first` (a `T`) and the plain `T`s after it into `links`, as
    /// [`Folder::fold_each`] does, but those after `first` that are alike (a `String` a link:
    /// see [`fold_alike_links`]) in a loop of their own, with the figures in registers. The
    /// first link that is not alike (the chain's last, at the latest) and the links after it
    /// up to the next chunk's edge go to [`Folder::fold_each`] (from there on, to the chain
    /// loop again), or from a link that is not plain, to the folder.
    #[inline(never)]
    fn fold_varied<T: Layout + ?Sized + 'a>(
        &mut self,
        links: &mut LinkLoop,
        first: ProbedLink<'a>,
        chain: &mut &'static TypeLayout,
    ) -> Result<Option<NextLink<'a>>, NextLink<'a>> {
        let (size, padding) = (first.size, first.padding);
        self.fold_link(links, Some((first.fig, size, padding)));
        let (contents, hop) = match next_as::<T>(first.next) {
            Ok(next) => next,
            Err(end) => return Ok(end),
        };
        let alike = fold_alike_links(contents, hop, chain, size);
        if alike.count > 0 {
            let last_hop = hop + alike.count - 1;
            let each = (alike.count, &alike.next_box);
            alike.fold.finish(each, (hop, last_hop), &mut links.plain);
            links.count += alike.count;
            self.add_inline(links, alike.count, size, padding);
        }
        let (contents, hop) = alike.rest;
        match probe_link(contents, hop, chain) {
            Some(probed) => self.fold_each::<T>(links, probed, chain),
            None => Err(NextLink::new(contents, hop)),
        }
    }

    /// Folds plain link `first` (a `T`) and the plain `T`s after it into `links` one by one,
    /// up to the next chunk's edge (a depth that [`CHUNK`] divides), where the links go back
    /// to the chain loop, which tries the quicker folds again. Returns what follows them, as
    /// [`Folder::fold_runs`] does (`Ok`: also a `T` at a chunk's edge).
    #[inline(never)]
    fn fold_each<T: Layout + ?Sized + 'a>(
        &mut self,
        links: &mut LinkLoop,
        first: ProbedLink<'a>,
        chain: &mut &'static TypeLayout,
    ) -> Result<Option<NextLink<'a>>, NextLink<'a>> {
        // A local copy, kept in registers across the loop.
        let mut local = *links;
        let mut link = first;
        let end = loop {
            self.fold_link(&mut local, Some((link.fig, link.size, link.padding)));
            let (contents, hop) = match next_as::<T>(link.next) {
                Ok((_, hop)) if hop % CHUNK == 0 => break Ok(link.next),
                Ok(next) => next,
                Err(end) => break Ok(end),
            };
            match probe_link(contents, hop, chain) {
                Some(probed) => link = probed,
                None => break Err(NextLink::new(contents, hop)),
            }
        };
        *links = local;
        end
    }

    /// Folds `n` links with `first`'s figures into `links`, each one pointer below the one
    /// before it: the first and the last one by one, and the rest, between them in every
    /// figure, into the sums only.
    #[inline(never)]
    fn fold_run(&mut self, links: &mut LinkLoop, first: &ProbedLink<'a>, n: usize) {
        let (fig, size, padding) = (first.fig, first.size, first.padding);
        self.fold_link(links, Some((fig, size, padding)));
        if n == 1 {
            return;
        }
        // A link's depth is that of its blocks, if it has any: its own plus one.
        let last = Fig {
            max_indirection: if fig.allocations > 0 {
                fig.max_indirection + (n - 1)
            } else {
                fig.max_indirection
            },
            ..fig
        };
        self.fold_link(links, Some((last, size, padding)));
        let middle = n - 2;
        links.count += middle;
        links.run.0 += middle;
        if PlainFold::takes(&fig) {
            links.plain.add_repeats(&fig, middle);
        } else {
            self.walker.folds[links.fold].add_repeats(&fig, middle);
        }
    }
}

/// Leaves link `next` of the chain `chain` folding into summary node `summary`, and the links
/// after it, to the work list.
#[cold]
#[inline(never)]
fn defer_link<'a>(
    walker: &mut Walker<'a>,
    (summary, chain): (NodeId, Option<&'static TypeLayout>),
    next: NextLink<'a>,
) {
    walker
        .deferred
        .push(Box::new(move |walker: &mut Walker<'a>| {
            let mut folder = Folder::new(walker, summary, None);
            folder.chain = chain;
            folder.looping = true;
            folder.walk_links(next);
        }));
}

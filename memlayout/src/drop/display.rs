//! How a drop order prints: numbered steps, indented by depth, long runs elided.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt;

use super::{DropOrder, DropStep};
use crate::report::display_path;

/// Indentation stops growing past this depth (in the text and on the page).
pub(crate) const MAX_INDENT: usize = 24;
/// `Display` shows at most this many trailing path segments of a deep step.
pub(crate) const PATH_SEGMENTS_SHOWN: usize = 12;

#[derive(Clone, Copy)]
enum Line {
    Step(usize),
    Run(usize),
}

impl DropOrder {
    /// The lines `Display` shows (steps and elisions), before the line limit.
    fn lines(&self, elide: bool) -> Vec<Line> {
        let mut lines = Vec::new();
        let (mut i, mut r) = (0, 0);
        while i < self.steps.len() {
            while elide && r < self.runs.len() && self.runs[r].start < i {
                r += 1;
            }
            match self.runs.get(r) {
                Some(run) if elide && run.start == i => {
                    lines.push(Line::Run(r));
                    i = run.end;
                    r += 1;
                }
                _ => {
                    lines.push(Line::Step(i));
                    i += 1;
                }
            }
        }
        lines
    }

    fn write_step(&self, f: &mut fmt::Formatter<'_>, index: usize, width: usize) -> fmt::Result {
        let step = &self.steps[index];
        let indent = 2 * (step.depth as usize).min(MAX_INDENT);
        let shown = DropStep { order: self, index };
        writeln!(
            f,
            "{:>width$}. {:indent$}{}  {}  {}",
            index + 1,
            "",
            display_path(&shown.shown_path()),
            shown.label(),
            step.action
        )
    }
}

impl fmt::Display for DropOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = f.alternate();
        let plural = if self.steps.len() == 1 { "" } else { "s" };
        writeln!(
            f,
            "drop order of {}: {} step{plural}",
            self.root_type(),
            grouped(self.steps.len())
        )?;
        let width = self.steps.len().to_string().len();
        let lines = self.lines(!all && self.options.elide.is_some());
        let limit = if all {
            usize::MAX
        } else {
            self.options.max_lines.max(2)
        };
        let (head, tail) = if lines.len() > limit {
            (limit / 2, limit - limit / 2)
        } else {
            (lines.len(), 0)
        };
        for line in &lines[..head] {
            self.write_line(f, *line, width)?;
        }
        if tail > 0 {
            let first_hidden = match lines[head] {
                Line::Step(i) => i,
                Line::Run(r) => self.runs[r].start,
            };
            let first_shown = match lines[lines.len() - tail] {
                Line::Step(i) => i,
                Line::Run(r) => self.runs[r].start,
            };
            writeln!(
                f,
                "{:width$}  ... {} more steps ...",
                "",
                grouped(first_shown - first_hidden)
            )?;
            for line in &lines[lines.len() - tail..] {
                self.write_line(f, *line, width)?;
            }
        }
        if self.inline_bytes > 0 {
            writeln!(
                f,
                "{:width$}  then the {}'s own {} {} with whatever holds it (a stack frame, a \
                 parent's allocation)",
                "",
                self.root_type(),
                grouped(self.inline_bytes),
                if self.inline_bytes == 1 {
                    "byte goes"
                } else {
                    "bytes go"
                }
            )?;
        }
        let (leaked, allocations) = self.leaked;
        if allocations > 0 {
            writeln!(
                f,
                "{:width$}  leaks: {} heap byte{} in {} allocation{} stay allocated (parts nothing \
                 drops, as in ManuallyDrop, or an Rc cycle: strong handles inside the shared \
                 values keep each other alive)",
                "",
                grouped(leaked),
                if leaked == 1 { "" } else { "s" },
                grouped(allocations),
                if allocations == 1 { "" } else { "s" },
            )?;
        }
        if let Some(warning) = self.recursion_warning() {
            writeln!(f, "{warning}")?;
        }
        Ok(())
    }
}

impl DropOrder {
    fn write_line(&self, f: &mut fmt::Formatter<'_>, line: Line, width: usize) -> fmt::Result {
        match line {
            Line::Step(i) => self.write_step(f, i, width),
            Line::Run(r) => {
                let run = &self.runs[r];
                let indent = 2 * run.depth.min(MAX_INDENT);
                let plural = if run.elements == 1 { "" } else { "s" };
                let steps = run.end - run.start;
                write!(
                    f,
                    "{:width$}  {:indent$}... {} more element{plural}",
                    "",
                    "",
                    grouped(run.elements)
                )?;
                if steps != run.elements {
                    write!(f, ", {} steps", grouped(steps))?;
                }
                writeln!(f, " ...")
            }
        }
    }
}

impl fmt::Debug for DropOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropOrder")
            .field("root_type", &self.root_type)
            .field("steps", &self.steps.len())
            .field("max_recursion_depth", &self.max_recursion_depth)
            .finish_non_exhaustive()
    }
}

/// `1234567` becomes `1,234,567`.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(999_990), "999,990");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}

//! Where each difference's subtree lies among the differences, found once.
//!
//! Differences are sorted by path, so the differences at a path and below it form one
//! contiguous run. Finding that run by comparing paths costs the path's depth per difference
//! looked at, and the linking rules look up a run for every derived field: in an archive nested
//! `d` levels deep that is `d` runs of up to `d` differences with paths `d` segments long, cubic
//! in the depth. [`Subtrees`] instead measures, once, how many leading segments each path shares
//! with the one before it; the runs of a difference's own path and of its parent's then follow
//! from one sweep each way, and inside a run two paths are equal exactly when they are as deep.

use std::ops::Range;

use rayon::prelude::*;

use crate::difference::Difference;

/// The runs of differences at and below each difference's path and its parent's path.
#[derive(Debug, Clone, Default)]
pub struct Subtrees {
    /// Each path's number of segments.
    depth: Vec<usize>,
    /// Where the runs of differences at or below each difference's own path and its parent's
    /// path start (the parent's: all of them, for a difference at the top)...
    starts: Vec<(usize, usize)>,
    /// ...and where they end.
    ends: Vec<(usize, usize)>,
    /// How many pairs of path segments indexing compared: the work that was cubic in the depth
    /// of a nesting, counted so that a test can hold it to the size of the paths.
    compared: usize,
}

impl Subtrees {
    /// Indexes `differences`, which must be sorted by path (as classification sorts them).
    pub fn new(differences: &[Difference]) -> Self {
        let paths: Vec<&[String]> = differences
            .par_iter()
            .map(|d| d.observed.path.as_slice())
            .collect();
        let shared = shared_with_previous(&paths);
        // Each path was compared with the previous one up to the first segment that differs.
        let compared = shared.iter().sum::<usize>() + paths.len().saturating_sub(1);
        let depth: Vec<usize> = paths.iter().map(|p| p.len()).collect();
        let starts = run_starts(&depth, &shared);
        let ends = run_ends(&depth, &shared);
        Subtrees {
            depth,
            starts,
            ends,
            compared,
        }
    }

    /// How many pairs of path segments indexing compared (at most one more than it shared per
    /// path: never more segments than the paths have).
    pub fn compared(&self) -> usize {
        self.compared
    }

    /// How many segments the path of difference `id` has.
    pub fn depth(&self, id: usize) -> usize {
        self.depth[id]
    }

    /// The ids of the differences at the path of `id` or below it.
    pub fn own(&self, id: usize) -> Range<usize> {
        self.starts[id].0..self.ends[id].0
    }

    /// The ids of the differences at the parent path of `id` or below it.
    pub fn parent(&self, id: usize) -> Range<usize> {
        self.starts[id].1..self.ends[id].1
    }
}

/// For each path, how many leading segments it shares with the path before it (0 for the first).
/// In parallel: the segments are strings all over the heap, and reaching them is the cost.
fn shared_with_previous(paths: &[&[String]]) -> Vec<usize> {
    let mut shared = Vec::with_capacity(paths.len());
    shared.extend(paths.first().map(|_| 0));
    shared.par_extend(paths.par_windows(2).map(|pair| {
        let (a, b) = (pair[0], pair[1]);
        a.iter().zip(b).take_while(|(x, y)| x == y).count()
    }));
    shared
}

/// For each difference, where the run of its own path's subtree starts and where its parent
/// path's does. One sweep keeps, for every prefix length `m` of the current path, where the run
/// of paths sharing its first `m` segments began; a path only resets the lengths beyond what it
/// shares with the one before, so the sweep costs the number of new segments, not the depths.
fn run_starts(depth: &[usize], shared: &[usize]) -> Vec<(usize, usize)> {
    let mut began: Vec<usize> = Vec::new();
    let mut starts = Vec::with_capacity(depth.len());
    for (id, (&depth, &shared)) in depth.iter().zip(shared).enumerate() {
        began.truncate(shared + 1);
        began.resize(depth + 1, id);
        starts.push((began[depth], began[depth.saturating_sub(1)]));
    }
    starts
}

/// For each difference, where the run of its own path's subtree ends and where its parent
/// path's does: the mirror of [`run_starts`], sweeping from the last difference back.
fn run_ends(depth: &[usize], shared: &[usize]) -> Vec<(usize, usize)> {
    let mut ended: Vec<usize> = Vec::new();
    let mut ends = vec![(0, 0); depth.len()];
    for id in (0..depth.len()).rev() {
        let with_next = shared.get(id + 1).copied().unwrap_or(0);
        ended.truncate(with_next + 1);
        ended.resize(depth[id] + 1, id + 1);
        ends[id] = (ended[depth[id]], ended[depth[id].saturating_sub(1)]);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Cause, Verdict};
    use crate::difference::{Observed, ObservedKind};

    fn at(paths: &[&[&str]]) -> Vec<Difference> {
        paths
            .iter()
            .enumerate()
            .map(|(id, path)| {
                let path = path.iter().map(|s| s.to_string()).collect();
                let observed = Observed::content(path, ObservedKind::MemberAdded, None, None);
                Difference::new(id, observed, Verdict::new(Cause::ChangedField, ""))
            })
            .collect()
    }

    /// The run found by comparing paths, as the rules did before.
    fn compared(differences: &[Difference], path: &[String]) -> Range<usize> {
        let start = differences.partition_point(|d| d.observed.path.as_slice() < path);
        let len = differences[start..]
            .iter()
            .take_while(|d| d.observed.path.starts_with(path))
            .count();
        start..start + len
    }

    #[test]
    fn runs_match_the_runs_found_by_comparing_paths() {
        let differences = at(&[
            &["a.zip"],
            &["a.zip"],
            &["a.zip", "m"],
            &["a.zip", "m", "x"],
            &["a.zip", "m", "x", "y"],
            &["a.zip", "n"],
            &["a.zip", "n"],
            &["a.zipper"],
            &["b.tar", "m"],
            &["b.tar", "m", "z"],
            &["c"],
        ]);
        let subtrees = Subtrees::new(&differences);
        for d in &differences {
            let path = &d.observed.path;
            assert_eq!(subtrees.own(d.id), compared(&differences, path), "{path:?}");
            let parent = &path[..path.len() - 1];
            assert_eq!(
                subtrees.parent(d.id),
                compared(&differences, parent),
                "{path:?}"
            );
            assert_eq!(subtrees.depth(d.id), path.len());
        }
    }

    /// A chain of archives nested `levels` deep, as a comparison of two such chains finds it:
    /// per level the archive's own offset field, its member's size, stream, checksum and time;
    /// then the changed leaf.
    fn chain(levels: usize) -> Vec<Difference> {
        let mut paths: Vec<Vec<&str>> = Vec::new();
        let mut path = vec!["deep.zip"];
        for _ in 0..levels {
            paths.push(path.clone());
            path.push("inner.zip");
            paths.extend(std::iter::repeat_n(path.clone(), 4));
        }
        paths.push(path);
        let paths: Vec<&[&str]> = paths.iter().map(Vec::as_slice).collect();
        at(&paths)
    }

    #[test]
    fn indexing_a_deep_chain_compares_each_path_with_its_neighbour_only() {
        // Finding each field's run by comparing paths compared, for each of the 4 derived fields
        // of a level, up to 5 x levels differences of up to levels segments: cubic in levels
        // (for 500 levels, ~10^8 segments). Indexing compares each path with the one before, up
        // to the segment that differs: at most one more than the segments of all the paths.
        let levels = 500;
        let differences = chain(levels);
        let subtrees = Subtrees::new(&differences);
        let segments: usize = differences.iter().map(|d| d.observed.path.len()).sum();
        assert!(
            subtrees.compared() <= segments + differences.len(),
            "{} segments compared for paths of {segments} segments",
            subtrees.compared()
        );
        // The outermost artifact's run is everything; the innermost member's, its own fields
        // and the leaf; its archive's, also the archive's own field and the fields of the
        // record that holds that archive, at the same path.
        let all = differences.len();
        assert_eq!(subtrees.own(0), 0..all);
        assert_eq!(subtrees.own(all - 5), all - 5..all);
        assert_eq!(subtrees.parent(all - 5), all - 10..all);
    }

    #[test]
    fn an_empty_list_has_no_runs() {
        let subtrees = Subtrees::new(&[]);
        assert!(subtrees.starts.is_empty() && subtrees.ends.is_empty());
    }
}

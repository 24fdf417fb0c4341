//! Attribution: which variations produce which root difference, by experiment. A pure function
//! of the difference sets that builds give (the builds themselves are a closure), so that the
//! logic — one variation at a time, then a bisection over the set for a difference only a
//! combination produces, and intrinsic nondeterminism from two unvaried builds — is tested
//! without building anything.

use std::collections::{BTreeMap, BTreeSet};

use super::variations::Variation;

/// A set of variations applied together to one build (empty: a control build).
pub type VariationSet = BTreeSet<Variation>;

/// What the first three builds showed.
#[derive(Debug, Clone)]
pub struct Observations<K> {
    /// The variations applied (those this machine can apply, of those asked for).
    pub applied: Vec<Variation>,
    /// Root differences between two control builds.
    pub controls: Vec<K>,
    /// Root differences between a control build and the build with every variation applied.
    pub varied: Vec<K>,
}

/// How one root difference came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It also appears between two unvaried builds: nondeterminism of the build itself.
    Intrinsic,
    /// Each of these variations alone produces it.
    Alone(Vec<Variation>),
    /// Only these variations together produce it (found by bisection).
    Together(Vec<Variation>),
    /// A timestamp that differs between two control builds too, and that the time variation
    /// alone also produces: the clock moved on between the two controls.
    ClockBetweenControls,
}

impl Verdict {
    /// The contract's `confirmed_by`: the variations that produce it, `[]` when intrinsic.
    pub fn confirmed_by(&self) -> Vec<Variation> {
        match self {
            Verdict::Intrinsic => Vec::new(),
            Verdict::Alone(set) | Verdict::Together(set) => set.clone(),
            Verdict::ClockBetweenControls => vec![Variation::Time],
        }
    }
}

/// Every root difference of the experiment with its verdict, in the order first seen (the
/// varied build's, then those only the two controls showed).
#[derive(Debug, Clone)]
pub struct Attribution<K> {
    /// Each root difference and how it came about.
    pub verdicts: Vec<(K, Verdict)>,
    /// How many builds the attribution asked for beyond the first three.
    pub extra_builds: usize,
}

/// Attributes every root difference of `observed` to variations, asking `build` for the root
/// differences (against a control build) of a build under a set of variations; each set is
/// built at most once. `same` says whether two differences are the same one (in two reports);
/// `is_timestamp` whether a difference is a time value.
pub fn attribute<K: Clone, E>(
    observed: Observations<K>,
    same: impl Fn(&K, &K) -> bool,
    is_timestamp: impl Fn(&K) -> bool,
    mut build: impl FnMut(&VariationSet) -> Result<Vec<K>, E>,
) -> Result<Attribution<K>, E> {
    let all: VariationSet = observed.applied.iter().copied().collect();
    let mut cache: BTreeMap<VariationSet, Vec<K>> = BTreeMap::new();
    cache.insert(all.clone(), observed.varied.clone());
    let mut extra_builds = 0;
    let mut reproduces = |set: &VariationSet, key: &K| -> Result<bool, E> {
        if !cache.contains_key(set) {
            let roots = build(set)?;
            extra_builds += 1;
            cache.insert(set.clone(), roots);
        }
        Ok(cache
            .get(set)
            .is_some_and(|roots| roots.iter().any(|r| same(key, r))))
    };

    let mut keys: Vec<K> = observed.varied.clone();
    for key in &observed.controls {
        if !keys.iter().any(|k| same(k, key)) {
            keys.push(key.clone());
        }
    }
    let mut verdicts = Vec::with_capacity(keys.len());
    for key in keys {
        let between_controls = observed.controls.iter().any(|c| same(c, &key));
        let verdict = if between_controls {
            let time = VariationSet::from([Variation::Time]);
            if is_timestamp(&key) && all.contains(&Variation::Time) && reproduces(&time, &key)? {
                Verdict::ClockBetweenControls
            } else {
                Verdict::Intrinsic
            }
        } else {
            let mut alone = Vec::new();
            for v in &observed.applied {
                if reproduces(&VariationSet::from([*v]), &key)? {
                    alone.push(*v);
                }
            }
            if alone.is_empty() && all.len() > 1 {
                Verdict::Together(minimize(&all, &key, &mut reproduces)?)
            } else if alone.is_empty() {
                // One variation applied, and it is what the varied build had.
                Verdict::Alone(observed.applied.clone())
            } else {
                Verdict::Alone(alone)
            }
        };
        verdicts.push((key, verdict));
    }
    Ok(Attribution {
        verdicts,
        extra_builds,
    })
}

/// A smallest set of variations (1-minimal: no variation can be left out) that still produces
/// `key`, starting from `all`, which does: halve while one half alone produces it, then leave
/// out one variation at a time.
fn minimize<K, E>(
    all: &VariationSet,
    key: &K,
    reproduces: &mut impl FnMut(&VariationSet, &K) -> Result<bool, E>,
) -> Result<Vec<Variation>, E> {
    let mut set = all.clone();
    while set.len() > 1 {
        let items: Vec<Variation> = set.iter().copied().collect();
        let (first, second) = items.split_at(items.len() / 2);
        let first: VariationSet = first.iter().copied().collect();
        let second: VariationSet = second.iter().copied().collect();
        if reproduces(&first, key)? {
            set = first;
        } else if reproduces(&second, key)? {
            set = second;
        } else {
            break;
        }
    }
    for v in set.clone() {
        if set.len() == 1 {
            break;
        }
        let mut without = set.clone();
        without.remove(&v);
        if reproduces(&without, key)? {
            set = without;
        }
    }
    Ok(set.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Variation::*;

    /// A build whose differences follow rules over the set of variations applied.
    fn fake(set: &VariationSet) -> Result<Vec<&'static str>, ()> {
        let mut roots = vec!["random-token"];
        if set.contains(&Time) {
            roots.push("stamp");
        }
        if set.contains(&BuildPath) {
            roots.push("dwarf-path");
        }
        if set.contains(&BuildPath) || set.contains(&Environment) {
            roots.push("either");
        }
        if set.contains(&Umask) && set.contains(&User) {
            roots.push("umask-and-user");
        }
        Ok(roots)
    }

    fn run(applied: &[Variation]) -> (Attribution<&'static str>, Vec<VariationSet>) {
        let all: VariationSet = applied.iter().copied().collect();
        let mut asked = Vec::new();
        let observed = Observations {
            applied: applied.to_vec(),
            controls: vec!["random-token"],
            varied: fake(&all).unwrap(),
        };
        let attribution = attribute(
            observed,
            |a, b| a == b,
            |k| *k == "stamp",
            |set| {
                asked.push(set.clone());
                fake(set)
            },
        )
        .unwrap();
        (attribution, asked)
    }

    fn verdict(attribution: &Attribution<&'static str>, key: &str) -> Verdict {
        attribution
            .verdicts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap()
    }

    #[test]
    fn single_variations_and_intrinsic_differences() {
        let (attribution, asked) = run(&[Time, BuildPath, Environment]);
        assert_eq!(verdict(&attribution, "stamp"), Verdict::Alone(vec![Time]));
        assert_eq!(
            verdict(&attribution, "dwarf-path"),
            Verdict::Alone(vec![BuildPath])
        );
        assert_eq!(
            verdict(&attribution, "either"),
            Verdict::Alone(vec![BuildPath, Environment])
        );
        assert_eq!(verdict(&attribution, "random-token"), Verdict::Intrinsic);
        assert_eq!(verdict(&attribution, "random-token").confirmed_by(), []);
        // One build per variation, none twice.
        assert_eq!(asked.len(), 3);
        assert_eq!(attribution.extra_builds, 3);
    }

    #[test]
    fn a_difference_needing_two_variations_is_found_by_bisection() {
        let (attribution, asked) = run(&[Time, BuildPath, Umask, User, Jobs]);
        assert_eq!(
            verdict(&attribution, "umask-and-user"),
            Verdict::Together(vec![Umask, User])
        );
        let unique: BTreeSet<_> = asked.iter().collect();
        assert_eq!(unique.len(), asked.len(), "a set was built twice");
    }

    #[test]
    fn a_timestamp_between_controls_that_time_produces_is_the_clock() {
        let observed = Observations {
            applied: vec![Time, Umask],
            controls: vec!["zip-mtime", "token"],
            varied: vec!["zip-mtime", "token"],
        };
        let attribution = attribute(
            observed,
            |a, b| a == b,
            |k| *k == "zip-mtime",
            |set| -> Result<Vec<&str>, ()> {
                Ok(if set.contains(&Time) {
                    vec!["zip-mtime"]
                } else {
                    vec![]
                })
            },
        )
        .unwrap();
        assert_eq!(
            attribution.verdicts,
            [
                ("zip-mtime", Verdict::ClockBetweenControls),
                ("token", Verdict::Intrinsic)
            ]
        );
    }
}

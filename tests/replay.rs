//! Replay of mutated inputs: a seeded generator makes truncated, bit-flipped and spliced variants
//! of every committed corpus file (`corpus/*/a/**`) and analyzer fixture
//! (`analyzers/tests/fixtures/**`), and the library compares each against its original, renders
//! the report both ways, and checks the answer: never a panic (caught or not), never "identical"
//! for bytes that differ, never longer than a per-case time bound, never past the address-space
//! cap set on this test process.
//!
//! `WHYDIFF_REPLAY_SEED` and `WHYDIFF_REPLAY_VARIANTS` (per file) change the run; a failure names
//! the seed, the file and the mutation, so that it can be replayed and become a regression test.

mod craft;

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use whydiff::engine::Settings;
use whydiff::report::text::TextOptions;
use whydiff::report::{json, text};
use whydiff::Options;
use whydiff_analyzers::Limits;

/// Variants made of each file.
const VARIANTS_PER_FILE: usize = 20;
/// The time one comparison may take (a debug build on a shared machine).
const CASE_TIME_BOUND: Duration = Duration::from_secs(20);
/// The address space of this whole test process.
const ADDRESS_SPACE: u64 = 4 << 30;
/// Files larger than this are not mutated (none of the committed ones is).
const MAX_FILE_SIZE: u64 = 1 << 20;

/// splitmix64: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A position in `len` bytes, biased toward the start, where headers are.
    fn position(&mut self, len: usize) -> usize {
        if self.next().is_multiple_of(2) {
            self.below(len.min(1024))
        } else {
            self.below(len)
        }
    }
}

/// One variant and how it was made.
struct Case {
    file: usize,
    how: String,
    data: Vec<u8>,
}

fn mutate(rng: &mut Rng, files: &[(PathBuf, Vec<u8>)], file: usize) -> Case {
    let original = &files[file].1;
    let len = original.len().max(1);
    let mut data = original.clone();
    let how = match rng.below(3) {
        0 => {
            let at = rng.position(len);
            data.truncate(at);
            format!("truncated at {at}")
        }
        1 => {
            let flips = 1 + rng.below(8);
            let mut at = Vec::with_capacity(flips);
            for _ in 0..flips {
                if data.is_empty() {
                    break;
                }
                let byte = rng.position(data.len());
                let bit = rng.below(8);
                data[byte] ^= 1 << bit;
                at.push(format!("{byte}.{bit}"));
            }
            format!("bits flipped at {}", at.join(" "))
        }
        _ => {
            let donor = rng.below(files.len());
            let other = &files[donor].1;
            let at = rng.position(len).min(data.len());
            let from = rng.below(other.len().max(1));
            let take = rng.below(other.len() - from.min(other.len()) + 1);
            let chunk = &other[from.min(other.len())..(from + take).min(other.len())];
            if rng.next().is_multiple_of(2) {
                data.truncate(at);
                data.extend_from_slice(chunk);
                format!(
                    "cut at {at}, then {take} bytes of {} from {from}",
                    files[donor].0.display()
                )
            } else {
                data.splice(at..at, chunk.iter().copied());
                format!(
                    "{take} bytes of {} from {from} inserted at {at}",
                    files[donor].0.display()
                )
            }
        }
    };
    Case { file, how, data }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            collect(&path, out);
        } else if meta.is_file() && meta.len() <= MAX_FILE_SIZE {
            out.push(path);
        }
    }
}

/// The committed corpus inputs and analyzer fixtures, in a stable order.
fn sources() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(root.join("corpus"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("a"))
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    for pair in pairs {
        collect(&pair, &mut paths);
    }
    collect(&root.join("analyzers/tests/fixtures"), &mut paths);
    let mut files: Vec<(PathBuf, Vec<u8>)> = paths
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p.strip_prefix(root).unwrap().to_owned(), data)
        })
        .collect();
    files.extend(crafted());
    files
}

/// Small versions of the hostile inputs of `tests/craft`, mutated like the corpus.
fn crafted() -> Vec<(PathBuf, Vec<u8>)> {
    let (stream, crc) = craft::zeros_deflate(1, 0);
    let mut tar = craft::pax_header(craft::pax_record("mtime", "1.5").as_bytes());
    tar.extend_from_slice(&craft::tar_member("a.txt", b"a\n"));
    tar.extend_from_slice(&craft::tar_member("b/c.txt", b"c\n"));
    tar.extend_from_slice(&craft::tar_end());
    [
        ("quine.zip", craft::quine(1)),
        (
            "overlap.zip",
            craft::overlapping(20, stream.clone(), crc, 1 << 20),
        ),
        (
            "extra.zip",
            craft::repeated_extra(100, &craft::ut_block(7), b"text\n"),
        ),
        ("bomb.zip", craft::nested_bomb(3, 3, 1, false)),
        ("pax.tar", tar),
        ("members.gz", craft::gzip_members(20, b"line\n", b"")),
    ]
    .into_iter()
    .map(|(name, data)| (Path::new("crafted").join(name), data))
    .collect()
}

fn cap_address_space() {
    let limit = libc::rlimit {
        rlim_cur: ADDRESS_SPACE,
        rlim_max: ADDRESS_SPACE,
    };
    // SAFETY: setrlimit only reads the struct.
    let status = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    assert_eq!(status, 0, "setrlimit: {}", std::io::Error::last_os_error());
}

/// The case a worker is running and since when.
type Running = Option<(usize, Instant)>;

thread_local! {
    /// The case a worker thread is running, for the panic hook.
    static CURRENT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Compares `case` against its original (both written under `dir` with the original's file
/// name) and checks the report; an error says what went wrong.
fn run_case(dir: &Path, files: &[(PathBuf, Vec<u8>)], case: &Case) -> Result<(), String> {
    let (path, original) = &files[case.file];
    let name = path.file_name().unwrap();
    let (left, right) = (dir.join("a").join(name), dir.join("b").join(name));
    std::fs::write(&left, original).unwrap();
    std::fs::write(&right, &case.data).unwrap();
    let options = Options {
        settings: Settings {
            limits: Limits {
                max_member_size: 64 << 20,
                ..Limits::with_total(512 << 20)
            },
            ..Settings::default()
        },
        ..Options::default()
    };
    let report = whydiff::compare(&left, &right, &options).map_err(|e| e.to_string())?;
    json::render(&report);
    text::render(
        &report,
        TextOptions {
            verbose: true,
            ..TextOptions::default()
        },
    );
    if report.identical() && case.data != *original {
        return Err("reported identical, but the bytes differ".to_owned());
    }
    Ok(())
}

#[test]
fn mutated_corpus_files_never_crash_hang_or_compare_equal() {
    cap_address_space();
    let seed: u64 = std::env::var("WHYDIFF_REPLAY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0009);
    let per_file: usize = std::env::var("WHYDIFF_REPLAY_VARIANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(VARIANTS_PER_FILE);
    let files = Arc::new(sources());
    assert!(files.len() > 100, "only {} source files", files.len());
    let mut rng = Rng(seed);
    let cases: Arc<Vec<Case>> = Arc::new(
        (0..files.len())
            .flat_map(|file| std::iter::repeat_n(file, per_file))
            .map(|file| mutate(&mut rng, &files, file))
            .collect(),
    );

    // Panics that the analyzers and the engine catch still count: each is a bug to fix.
    let caught: Arc<Mutex<Vec<String>>> = Arc::default();
    let hook_caught = Arc::clone(&caught);
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let case = CURRENT.with(|c| c.borrow().clone());
        match case {
            Some(case) => hook_caught
                .lock()
                .unwrap()
                .push(format!("{case}: panicked: {info}")),
            None => default_hook(info),
        }
    }));

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    // What each worker is running, since when: the watchdog's view.
    let running: Arc<Mutex<Vec<Running>>> = Arc::new(Mutex::new(vec![None; 2]));
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let (files, cases, next, failures, running) = (
                Arc::clone(&files),
                Arc::clone(&cases),
                Arc::clone(&next),
                Arc::clone(&failures),
                Arc::clone(&running),
            );
            std::thread::spawn(move || {
                let dir = tempfile::tempdir().unwrap();
                std::fs::create_dir_all(dir.path().join("a")).unwrap();
                std::fs::create_dir_all(dir.path().join("b")).unwrap();
                let pool =
                    whydiff::thread_pool(Some(1), whydiff::engine::DEFAULT_MAX_DEPTH).unwrap();
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(index) else {
                        break;
                    };
                    let label = format!(
                        "seed {seed:#x} case {index}: {} {}",
                        files[case.file].0.display(),
                        case.how
                    );
                    running.lock().unwrap()[worker] = Some((index, Instant::now()));
                    // The pool has one thread, which runs all of the case: the hook finds the
                    // label there.
                    let outcome = pool.install(|| {
                        CURRENT.with(|c| *c.borrow_mut() = Some(label.clone()));
                        let outcome = panic::catch_unwind(panic::AssertUnwindSafe(|| {
                            run_case(dir.path(), &files, case)
                        }));
                        CURRENT.with(|c| *c.borrow_mut() = None);
                        outcome
                    });
                    running.lock().unwrap()[worker] = None;
                    match outcome {
                        Ok(Ok(())) => {}
                        Ok(Err(why)) => failures.lock().unwrap().push(format!("{label}: {why}")),
                        Err(_) => failures.lock().unwrap().push(format!("{label}: panicked")),
                    }
                }
            })
        })
        .collect();
    while workers.iter().any(|w| !w.is_finished()) {
        std::thread::sleep(Duration::from_millis(100));
        for slot in running.lock().unwrap().iter().flatten() {
            let (index, since) = *slot;
            if since.elapsed() > CASE_TIME_BOUND {
                let case = &cases[index];
                panic!(
                    "seed {seed:#x} case {index}: {} {} still running after {CASE_TIME_BOUND:?}",
                    files[case.file].0.display(),
                    case.how
                );
            }
        }
    }
    for worker in workers {
        worker.join().unwrap();
    }
    let _ = panic::take_hook();
    let mut problems = failures.lock().unwrap().clone();
    problems.extend(caught.lock().unwrap().iter().cloned());
    println!(
        "replay: {} variants of {} files compared in {:.1} s (seed {seed:#x}), {} problems",
        cases.len(),
        files.len(),
        started.elapsed().as_secs_f64(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Opening the two builds: files are memory-mapped read-only, directories are listed; nothing is
//! ever written, and nothing inside a build is followed.
//!
//! An input the user names is taken as what it leads to: a symbolic link given as an argument is
//! followed (to a file or a directory), and a pipe or a character device (`-` for standard input,
//! `<(…)`, which the shell passes as `/dev/fd/N`) is read whole, up to the member-size limit.
//! The *members* of a directory are never followed: a link inside a build is compared as a link.
//!
//! Every file inside a directory is opened with `O_NOFOLLOW` and `O_NONBLOCK` (a FIFO that took a file's place
//! cannot block the run) and must be a regular file once open. A file inside a directory is opened
//! relative to its parent directories, as the walk reached it
//! ([`whydiff_analyzers::directory::FileRef`]), and its size and modification time are checked
//! against what the walk saw, after the bytes were read (or, for a large file, mapped) and again
//! after they were hashed: a file that changed is an error, which the engine reports as an
//! unreadable entry with a note rather than comparing bytes that are no longer the file's. An input
//! file that changes while it is read and hashed cannot be read at all.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use whydiff_analyzers::directory::{read_directory, DirectoryOptions, FileRef};
use whydiff_analyzers::{Member, MemberData, Node};

/// Why an input could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be read.
    #[error("{path}: {error}")]
    Unreadable {
        /// The path as the user gave it.
        path: PathBuf,
        /// The underlying error (in the message already, so not a `source` to print twice).
        error: std::io::Error,
    },
    /// A path that is neither a regular file, a directory, a pipe nor a character device.
    #[error("{0}: not a regular file, directory or pipe")]
    Unsupported(PathBuf),
    /// A stream (standard input, a pipe) longer than the limit on one member.
    #[error("{path}: longer than the member-size limit of {limit} bytes (--max-member-size)")]
    TooLong {
        /// The path as the user gave it (`-` for standard input).
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// The input name that means standard input.
pub const STDIN: &str = "-";

/// One side of a comparison.
#[derive(Debug)]
pub enum Build {
    /// A single artifact.
    File {
        /// The path as given.
        path: PathBuf,
        /// Its bytes.
        data: Bytes,
        /// Their SHA-256, computed while the file was known not to change.
        sha256: Digest256,
    },
    /// A directory of artifacts.
    Directory {
        /// The path as given.
        path: PathBuf,
        /// Its listing (boxed: a node is far larger than a file's handle).
        node: Box<Node>,
    },
}

impl Build {
    /// Opens `path` with the default limit on a stream's length (see [`Build::open_bounded`]).
    pub fn open(path: &Path, options: DirectoryOptions) -> Result<Build, InputError> {
        Build::open_bounded(
            path,
            options,
            whydiff_analyzers::budget::DEFAULT_MAX_MEMBER_SIZE,
        )
    }

    /// Opens `path`: a file is mapped and hashed, a directory listed, a stream (`-`, standard
    /// input; a pipe such as `/dev/fd/N`; a character device) read whole, failing past
    /// `max_stream` bytes. A symbolic link given as the input is followed; the entries of a
    /// directory never are. A file that changes while it is read and hashed is unreadable.
    pub fn open_bounded(
        path: &Path,
        options: DirectoryOptions,
        max_stream: u64,
    ) -> Result<Build, InputError> {
        let unreadable = |error| InputError::Unreadable {
            path: path.to_owned(),
            error,
        };
        if path.as_os_str() == STDIN {
            let data = read_stream(std::io::stdin().lock(), path, max_stream)?;
            return Ok(Build::from_bytes(path, data));
        }
        let metadata = std::fs::metadata(path).map_err(unreadable)?;
        if metadata.is_dir() {
            // The walk opens every level without following links: start it from where the
            // link the user named leads.
            let resolved = std::fs::canonicalize(path).map_err(unreadable)?;
            let node = read_directory(&resolved, options).map_err(unreadable)?;
            Ok(Build::Directory {
                path: path.to_owned(),
                node: Box::new(node),
            })
        } else if metadata.is_file() {
            let (data, sha256) = read_and_hash(path).map_err(unreadable)?;
            Ok(Build::File {
                path: path.to_owned(),
                data,
                sha256,
            })
        } else if is_stream(&metadata) {
            let file = File::open(path).map_err(unreadable)?;
            let data = read_stream(file, path, max_stream)?;
            Ok(Build::from_bytes(path, data))
        } else {
            Err(InputError::Unsupported(path.to_owned()))
        }
    }

    /// A file build of bytes already read whole.
    fn from_bytes(path: &Path, data: Bytes) -> Build {
        let sha256 = Sha256::digest(&data).into();
        Build::File {
            path: path.to_owned(),
            data,
            sha256,
        }
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        match self {
            Build::File { path, .. } | Build::Directory { path, .. } => path,
        }
    }

    /// The build's SHA-256 and, for a directory, the SHA-256 of every regular file in it; a file
    /// whose digest `known` holds (hashed when the comparison read it) is not read again.
    ///
    /// A directory's SHA-256 is that of its manifest: one line per entry (see
    /// [`whydiff_analyzers::directory::manifest_line`]), in walk order, with the entry's type, mode,
    /// name, and the file's SHA-256, the link's target or the device numbers. Files are hashed in
    /// parallel; one that cannot be read is marked so in the manifest, and the fingerprint is then
    /// not [`Fingerprint::complete`].
    pub fn fingerprint(&self, known: &FileDigests) -> Fingerprint {
        match self {
            Build::File { sha256, .. } => Fingerprint {
                sha256: hex(sha256),
                complete: true,
            },
            Build::Directory { node, .. } => {
                let entries: Vec<ManifestEntry> = node
                    .members
                    .par_iter()
                    .map(|member| manifest_entry(member, known))
                    .collect();
                let mut manifest = Sha256::new();
                let mut complete = true;
                for entry in entries {
                    manifest.update(entry.line.as_bytes());
                    complete &= entry.read;
                }
                Fingerprint {
                    sha256: format!("{:x}", manifest.finalize()),
                    complete,
                }
            }
        }
    }
}

/// A SHA-256 digest.
pub type Digest256 = [u8; 32];

/// What [`Build::fingerprint`] computes.
#[derive(Debug, Default)]
pub struct Fingerprint {
    /// Hex SHA-256 of the file, or of a directory's manifest.
    pub sha256: String,
    /// Whether every entry was read: two equal manifests mean two equal trees only then, since an
    /// entry that could not be read is spelled alike on both sides whatever it holds.
    pub complete: bool,
}

/// The SHA-256 of input files, recorded by whoever reads a file first: the comparison hashes
/// the files it reads while their bytes are at hand, and the fingerprint, computed after it,
/// reads only the files the comparison did not (one-sided, excluded, or never reached). One read
/// of each file instead of two.
#[derive(Debug, Default)]
pub struct FileDigests(Mutex<HashMap<PathBuf, Digest256>>);

impl FileDigests {
    /// Records the digest of `file`'s bytes.
    pub fn record(&self, file: &FileRef, data: &[u8]) -> Digest256 {
        let digest: Digest256 = Sha256::digest(data).into();
        let mut digests = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        digests.insert(file.path(), digest);
        digest
    }

    /// The digest of `path`, if recorded.
    pub fn get(&self, path: &Path) -> Option<Digest256> {
        let digests = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        digests.get(path).copied()
    }
}

struct ManifestEntry {
    line: String,
    read: bool,
}

/// One line of a directory's manifest, the file's digest when it is a readable file, and whether
/// the entry was read.
fn manifest_entry(member: &Member, known: &FileDigests) -> ManifestEntry {
    let (detail, read) = match &member.data {
        MemberData::File(file) => {
            match known.get(&file.path()).map_or_else(|| hash_entry(file), Ok) {
                Ok(digest) => (Some(hex(&digest)), true),
                Err(error) => (Some(format!("unreadable: {error}")), false),
            }
        }
        MemberData::Inaccessible(_) | MemberData::Unreadable(_) => (None, false),
        MemberData::None | MemberData::Bytes(_) | MemberData::Encoded(_) | MemberData::Node(_) => {
            (None, true)
        }
    };
    let line = whydiff_analyzers::directory::manifest_line(member, detail.as_deref());
    ManifestEntry { line, read }
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Reads a regular file the user named (a symbolic link at its path is followed): mapped when
/// large, read when small (mapping a few bytes costs more than reading them).
pub fn read_file(path: &Path) -> std::io::Result<Bytes> {
    read_open(&open_input(path)?)
}

/// Whether an input is read as a stream: a pipe (`<(…)`) or a character device (`/dev/stdin` on a
/// terminal).
fn is_stream(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    kind.is_fifo() || kind.is_char_device()
}

/// Reads a stream to its end, failing once it passes `limit` bytes.
fn read_stream(reader: impl Read, path: &Path, limit: u64) -> Result<Bytes, InputError> {
    let mut data = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|error| InputError::Unreadable {
            path: path.to_owned(),
            error,
        })?;
    if data.len() as u64 > limit {
        return Err(InputError::TooLong {
            path: path.to_owned(),
            limit,
        });
    }
    Ok(Bytes::from(data))
}

/// Reads and hashes an input file (following a link the user named), failing if its size or modification time changed meanwhile.
fn read_and_hash(path: &Path) -> std::io::Result<(Bytes, Digest256)> {
    let file = open_input(path)?;
    let before = file.metadata()?;
    let data = read_open(&file)?;
    let digest: Digest256 = Sha256::digest(&data).into();
    let after = file.metadata()?;
    let stamp = |m: &std::fs::Metadata| (m.len(), m.mtime(), m.mtime_nsec());
    if stamp(&before) != stamp(&after) {
        return Err(std::io::Error::other(format!(
            "changed while it was read (size {} → {} bytes)",
            before.len(),
            after.len()
        )));
    }
    Ok((data, digest))
}

/// Reads a regular file found by a directory walk, relative to its parents, failing if it is not
/// the file the walk listed any more (see [`FileRef::open`]) or changed while it was read.
pub fn read_entry(file: &FileRef) -> std::io::Result<Bytes> {
    let handle = file.open()?;
    let data = read_open(&handle)?;
    file.check_unchanged(&handle)?;
    Ok(data)
}

/// The SHA-256 of a regular file found by a directory walk, failing like [`read_entry`], and
/// also if it changed while it was hashed.
pub fn hash_entry(file: &FileRef) -> std::io::Result<Digest256> {
    let handle = file.open()?;
    let data = read_open(&handle)?;
    let digest = Sha256::digest(&data).into();
    file.check_unchanged(&handle)?;
    Ok(digest)
}

/// The bytes of an open regular file.
fn read_open(file: &File) -> std::io::Result<Bytes> {
    const MAP_THRESHOLD: u64 = 64 * 1024;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if metadata.len() >= MAP_THRESHOLD {
        // SAFETY: the map is read-only and private; whydiff never writes to its inputs. If another
        // process truncates the file while it is mapped, reads may fault; that is the documented
        // risk of every mmap-based reader and is accepted for speed on large artifacts.
        let map = unsafe { memmap2::Mmap::map(file)? };
        Ok(Bytes::from_owner(map))
    } else {
        let mut data = Vec::with_capacity(metadata.len() as usize);
        file.take(metadata.len()).read_to_end(&mut data)?;
        Ok(Bytes::from(data))
    }
}

/// Opens an input file the user named for reading, following a link at it, without blocking.
fn open_input(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

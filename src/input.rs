//! Opening the two builds: files are memory-mapped read-only, directories are listed; nothing is
//! ever written or followed.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use whydiff_analyzers::directory::{read_directory, DirectoryOptions};
use whydiff_analyzers::{Member, MemberData, Node};

/// Why an input could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be read.
    #[error("{path}: {source}")]
    Unreadable {
        /// The path as the user gave it.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A path that is neither a regular file nor a directory.
    #[error("{0}: not a regular file or directory")]
    Unsupported(PathBuf),
}

/// One side of a comparison.
#[derive(Debug)]
pub enum Build {
    /// A single artifact.
    File {
        /// The path as given.
        path: PathBuf,
        /// Its bytes.
        data: Bytes,
    },
    /// A directory of artifacts.
    Directory {
        /// The path as given.
        path: PathBuf,
        /// Its listing.
        node: Node,
    },
}

impl Build {
    /// Opens `path`: a file is mapped, a directory listed. A symbolic link given as an input is
    /// compared as the link itself would be inside a directory: never followed.
    pub fn open(path: &Path, options: DirectoryOptions) -> Result<Build, InputError> {
        let unreadable = |source| InputError::Unreadable {
            path: path.to_owned(),
            source,
        };
        let metadata = std::fs::symlink_metadata(path).map_err(unreadable)?;
        if metadata.is_dir() {
            let node = read_directory(path, options).map_err(unreadable)?;
            Ok(Build::Directory {
                path: path.to_owned(),
                node,
            })
        } else if metadata.is_file() {
            let data = read_file(path).map_err(unreadable)?;
            Ok(Build::File {
                path: path.to_owned(),
                data,
            })
        } else {
            Err(InputError::Unsupported(path.to_owned()))
        }
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        match self {
            Build::File { path, .. } | Build::Directory { path, .. } => path,
        }
    }

    /// The build's SHA-256 and, for a directory, the SHA-256 of every regular file in it.
    ///
    /// A directory's SHA-256 is that of its manifest: one line per entry, sorted by path, with
    /// the entry's type, mode, relative path, and the file's SHA-256 or the link's target. Files
    /// are hashed in parallel; one that cannot be read is marked so in the manifest and left to
    /// the comparison to report.
    pub fn fingerprint(&self) -> Fingerprint {
        match self {
            Build::File { data, .. } => Fingerprint {
                sha256: format!("{:x}", Sha256::digest(data)),
                files: HashMap::new(),
            },
            Build::Directory { node, .. } => {
                let entries: Vec<(String, Option<(PathBuf, Digest256)>)> =
                    node.members.par_iter().map(manifest_entry).collect();
                let mut manifest = Sha256::new();
                let mut files = HashMap::with_capacity(entries.len());
                for (line, digest) in entries {
                    manifest.update(line.as_bytes());
                    files.extend(digest);
                }
                Fingerprint {
                    sha256: format!("{:x}", manifest.finalize()),
                    files,
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
    /// The digest of every regular file read, by path.
    pub files: HashMap<PathBuf, Digest256>,
}

/// One line of a directory's manifest, and the file's digest when it is a readable file.
fn manifest_entry(member: &Member) -> (String, Option<(PathBuf, Digest256)>) {
    let (detail, digest) = match &member.data {
        MemberData::File(file) => match read_file(file) {
            Ok(data) => {
                let digest: Digest256 = Sha256::digest(&data).into();
                (Some(hex(&digest)), Some((file.clone(), digest)))
            }
            Err(error) => (Some(format!("unreadable: {error}")), None),
        },
        _ => (None, None),
    };
    let line = whydiff_analyzers::directory::manifest_line(member, detail.as_deref());
    (line, digest)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a regular file without following a symbolic link at its path: mapped when large, read when
/// small (mapping a few bytes costs more than reading them).
pub fn read_file(path: &Path) -> std::io::Result<Bytes> {
    const MAP_THRESHOLD: u64 = 64 * 1024;
    let file = open_no_follow(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if metadata.len() >= MAP_THRESHOLD {
        // SAFETY: the map is read-only and private; whydiff never writes to its inputs. If another
        // process truncates the file while it is mapped, reads may fault; that is the documented
        // risk of every mmap-based reader and is accepted for speed on large artifacts.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Bytes::from_owner(map))
    } else {
        let mut data = Vec::with_capacity(metadata.len() as usize);
        (&file).take(metadata.len()).read_to_end(&mut data)?;
        Ok(Bytes::from(data))
    }
}

fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

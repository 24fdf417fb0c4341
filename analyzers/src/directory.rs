//! Directories given as inputs: every entry below the root, flattened to relative paths.
//!
//! A directory's listing order is not part of a build, so its members are compared by name only.
//! Each entry carries its type, its permission bits and, for a symbolic link, the target string.
//!
//! The walk never builds a path longer than one name: each directory is opened relative to its
//! parent's descriptor (`openat` with `O_NOFOLLOW | O_DIRECTORY`), and each entry is examined
//! relative to its directory (`fstatat` without following links), so neither the depth of a tree
//! nor `PATH_MAX` limits it, and no symbolic link is ever followed, at the leaf or on the way
//! down. One descriptor is held per level of the directory being listed (a tree deeper than the
//! process's descriptor limit makes its deepest directories unreadable entries, never a failure of
//! the whole walk).
//!
//! Names are the entries' raw bytes spelled by [`crate::names::escape`] and joined with `/`: two
//! names that differ in any byte stay two names. Entries are typed, and only regular files have
//! data:
//!
//! | type | fields |
//! |---|---|
//! | `file` | mode; its data is a [`FileRef`], read by the engine only when its counterpart exists |
//! | `directory` | mode |
//! | `symlink` | target (never followed) |
//! | `hardlink` | mode, and as target the first name (in walk order) of the same inode in the tree |
//! | `fifo`, `socket` | mode: never opened, so a FIFO cannot block the walk |
//! | `char-device`, `block-device` | mode, major and minor device numbers |
//!
//! An entry that cannot be examined, a directory that cannot be listed, or a link whose target
//! cannot be read becomes a member whose data is [`MemberData::Inaccessible`] (a directory keeps
//! its type and mode): never equal to anything. File times and owners are properties of the copy on
//! this machine rather than of the build, so they are read only when asked (`--dir-metadata`).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{AtFlags, FileType, Mode, OFlags, CWD};

use crate::names::escape;
use crate::{Field, FieldKind, Member, MemberData, MemberOrder, Node, TimeRole, Timestamp, Value};

/// What to read of each directory entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectoryOptions {
    /// Also read modification times and owners.
    pub metadata: bool,
}

/// A regular file found by the walk: its place below the walk's root, and its size and
/// modification time when it was listed.
///
/// It is opened again the way the walk reached it — each directory on the way relative to its
/// parent, nothing followed — so that it can be read wherever it is in the tree, and
/// [`FileRef::check_unchanged`] tells whether it changed since it was listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    root: Arc<PathBuf>,
    /// The raw names from the root down, separated by `/` (a name never contains one).
    relative: Box<[u8]>,
    stamp: Stamp,
}

/// What a file looked like when listed: changing either means it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime: (i64, u64),
}

impl FileRef {
    /// The file's path: the root as given joined with the raw names below it. It may be longer
    /// than `PATH_MAX`: use it as a key or to show, and [`FileRef::open`] to open the file.
    pub fn path(&self) -> PathBuf {
        self.root.join(OsStr::from_bytes(&self.relative))
    }

    /// The size the file had when it was listed.
    pub fn size(&self) -> u64 {
        self.stamp.size
    }

    /// Opens the file for reading: the root, then each directory relative to its parent and the
    /// file relative to its directory, all with `O_NOFOLLOW`, the file without blocking (should a
    /// FIFO have taken its place). Fails when the entry is no longer a regular file or has changed
    /// since it was listed.
    pub fn open(&self) -> std::io::Result<File> {
        let mut names = self.relative.split(|&b| b == b'/');
        let last = names.next_back().unwrap_or_default();
        let mut dir = open_directory(CWD, self.root.as_os_str().as_bytes())?;
        for name in names {
            dir = open_directory(&dir, name)?;
        }
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let file = File::from(rustix::fs::openat(&dir, last, flags, Mode::empty())?);
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::other("no longer a regular file"));
        }
        self.check_unchanged(&file)?;
        Ok(file)
    }

    /// Fails, saying how, when the open `file` no longer has the size and modification time it
    /// had when it was listed: call it after reading to know the bytes read are the file's.
    pub fn check_unchanged(&self, file: &File) -> std::io::Result<()> {
        let now = stamp(&EntryStat::of(&rustix::fs::fstat(file)?));
        let mut changes = Vec::new();
        if now.size != self.stamp.size {
            changes.push(format!("size {} → {} bytes", self.stamp.size, now.size));
        }
        if now.mtime != self.stamp.mtime {
            changes.push("modification time".to_owned());
        }
        if changes.is_empty() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "changed while it was read ({})",
                changes.join(", ")
            )))
        }
    }
}

/// The fields of `struct stat` the walk uses, in types that are the same on every target.
struct EntryStat {
    dev: u64,
    ino: u64,
    mode: u32,
    nlink: u64,
    uid: u32,
    gid: u32,
    rdev: u64,
    size: u64,
    mtime: i64,
    mtime_nsec: u64,
}

impl EntryStat {
    // The field types of `struct stat` differ between targets: a cast is a no-op on some.
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    fn of(stat: &rustix::fs::Stat) -> Self {
        EntryStat {
            dev: stat.st_dev as u64,
            ino: stat.st_ino as u64,
            mode: stat.st_mode as u32,
            nlink: stat.st_nlink as u64,
            uid: stat.st_uid as u32,
            gid: stat.st_gid as u32,
            rdev: stat.st_rdev as u64,
            size: u64::try_from(stat.st_size).unwrap_or(0),
            mtime: stat.st_mtime as i64,
            mtime_nsec: stat.st_mtime_nsec as u64,
        }
    }

    fn file_type(&self) -> FileType {
        FileType::from_raw_mode(self.mode as _)
    }
}

fn stamp(stat: &EntryStat) -> Stamp {
    Stamp {
        size: stat.size,
        mtime: (stat.mtime, stat.mtime_nsec),
    }
}

/// Opens the directory `name` relative to `parent`, never following a link.
fn open_directory(parent: impl AsFd, name: &[u8]) -> std::io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(rustix::fs::openat(parent, name, flags, Mode::empty())?)
}

/// The names in the directory open at `dir`, sorted bytewise (`.` and `..` left out).
fn list(dir: &OwnedFd) -> std::io::Result<Vec<Vec<u8>>> {
    let mut reader = rustix::fs::Dir::read_from(dir)?;
    let mut names = Vec::new();
    while let Some(entry) = reader.read() {
        let name = entry?.file_name().to_bytes().to_vec();
        if name != b"." && name != b".." {
            names.push(name);
        }
    }
    names.sort_unstable();
    Ok(names)
}

/// A directory being listed: its descriptor, its raw path below the root, and the names in it not
/// yet visited.
struct Level {
    fd: OwnedFd,
    prefix: Vec<u8>,
    names: std::vec::IntoIter<Vec<u8>>,
}

/// Reads the tree below `root` into a node whose members are the entries' relative paths (with `/`
/// separators, each name spelled by [`escape`]), each directory followed by what it holds, names
/// sorted bytewise. Fails only when `root` itself cannot be opened and listed; an entry below it
/// that cannot be read becomes an inaccessible member.
pub fn read_directory(root: &Path, options: DirectoryOptions) -> std::io::Result<Node> {
    let root_fd = open_directory(CWD, root.as_os_str().as_bytes())?;
    let names = list(&root_fd)?;
    let mut walk = Walk {
        root: Arc::new(root.to_owned()),
        options,
        node: Node::new("directory"),
        first_links: HashMap::new(),
    };
    walk.node.order = MemberOrder::Irrelevant;
    let mut stack = vec![Level {
        fd: root_fd,
        prefix: Vec::new(),
        names: names.into_iter(),
    }];
    while let Some(level) = stack.last_mut() {
        let Some(name) = level.names.next() else {
            stack.pop();
            continue;
        };
        if let Some(below) = walk.entry(&level.fd, &level.prefix, &name) {
            stack.push(below);
        }
    }
    Ok(walk.node)
}

struct Walk {
    root: Arc<PathBuf>,
    options: DirectoryOptions,
    node: Node,
    /// The first name seen of each inode with more than one link, by device and inode.
    first_links: HashMap<(u64, u64), String>,
}

impl Walk {
    /// Records the entry `name` of the directory open at `dir` (whose raw path is `prefix`); for a
    /// directory that could be listed, returns the level to walk next.
    fn entry(&mut self, dir: &OwnedFd, prefix: &[u8], name: &[u8]) -> Option<Level> {
        let mut relative = prefix.to_vec();
        if !relative.is_empty() {
            relative.push(b'/');
        }
        relative.extend_from_slice(name);
        let spelled = escape(&relative);
        let stat = match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => EntryStat::of(&stat),
            Err(error) => {
                let why = format!("cannot be examined: {}", std::io::Error::from(error));
                self.node
                    .members
                    .push(Member::new(spelled, MemberData::Inaccessible(why)));
                return None;
            }
        };
        let file_type = stat.file_type();
        let mut fields = Vec::new();
        let mut kind = match file_type {
            FileType::RegularFile => "file",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Fifo => "fifo",
            FileType::Socket => "socket",
            FileType::CharacterDevice => "char-device",
            FileType::BlockDevice => "block-device",
            FileType::Unknown => "unknown",
        };
        let mut data = MemberData::None;
        let mut below = None;
        if file_type != FileType::Directory && stat.nlink > 1 {
            match self.first_links.get(&(stat.dev, stat.ino)) {
                Some(first) => {
                    kind = "hardlink";
                    let target = Value::Str(first.clone());
                    fields.push(Field::new("dir.link-target", FieldKind::EntryType, target));
                }
                None => {
                    self.first_links
                        .insert((stat.dev, stat.ino), spelled.clone());
                }
            }
        }
        fields.insert(0, Field::new("dir.type", FieldKind::EntryType, kind));
        match (kind, file_type) {
            ("hardlink", _) => {}
            (_, FileType::RegularFile) => {
                data = MemberData::File(FileRef {
                    root: Arc::clone(&self.root),
                    relative: relative.clone().into_boxed_slice(),
                    stamp: stamp(&stat),
                });
            }
            (_, FileType::Symlink) => match rustix::fs::readlinkat(dir, name, Vec::new()) {
                Ok(target) => {
                    let target = escape(target.as_bytes());
                    fields.push(Field::new("dir.link-target", FieldKind::EntryType, target));
                }
                Err(error) => {
                    let error = std::io::Error::from(error);
                    data = MemberData::Inaccessible(format!("link target unreadable: {error}"));
                }
            },
            (_, FileType::Directory) => {
                match open_directory(dir, name).and_then(|fd| same_directory(fd, &stat)) {
                    Ok(fd) => match list(&fd) {
                        Ok(names) => {
                            below = Some(Level {
                                fd,
                                prefix: relative,
                                names: names.into_iter(),
                            })
                        }
                        Err(error) => {
                            data = MemberData::Inaccessible(format!("cannot be listed: {error}"))
                        }
                    },
                    Err(error) => {
                        data = MemberData::Inaccessible(format!("cannot be opened: {error}"))
                    }
                }
            }
            (_, FileType::CharacterDevice | FileType::BlockDevice) => {
                let (major, minor) = (rustix::fs::major(stat.rdev), rustix::fs::minor(stat.rdev));
                let number = |n: u32| Value::Int(i64::from(n));
                fields.push(Field::new(
                    "dir.devmajor",
                    FieldKind::EntryType,
                    number(major),
                ));
                fields.push(Field::new(
                    "dir.devminor",
                    FieldKind::EntryType,
                    number(minor),
                ));
            }
            _ => {}
        }
        if file_type != FileType::Symlink {
            let mode = Value::Octal(stat.mode & 0o7777);
            fields.insert(1, Field::new("dir.mode", FieldKind::Mode, mode));
        }
        if self.options.metadata {
            push_metadata(&mut fields, &stat);
        }
        let mut member = Member::new(spelled, data);
        member.fields = fields;
        self.node.members.push(member);
        below
    }
}

/// `fd`, when it is the directory `stat` describes (not one that took its place since).
fn same_directory(fd: OwnedFd, stat: &EntryStat) -> std::io::Result<OwnedFd> {
    let opened = EntryStat::of(&rustix::fs::fstat(&fd)?);
    if (opened.dev, opened.ino) == (stat.dev, stat.ino) {
        Ok(fd)
    } else {
        Err(std::io::Error::other("replaced while it was read"))
    }
}

fn push_metadata(fields: &mut Vec<Field>, stat: &EntryStat) {
    let mtime = Timestamp {
        unix_seconds: stat.mtime,
        nanos: u32::try_from(stat.mtime_nsec).unwrap_or(0),
        encoding: crate::TimeEncoding::Unix,
    };
    fields.push(Field::new(
        "dir.mtime",
        FieldKind::Time(TimeRole::File),
        mtime,
    ));
    fields.push(Field::new(
        "dir.uid",
        FieldKind::Owner,
        Value::Int(i64::from(stat.uid)),
    ));
    fields.push(Field::new(
        "dir.gid",
        FieldKind::Owner,
        Value::Int(i64::from(stat.gid)),
    ));
}

/// A directory entry's manifest line, `TYPE\tMODE\tNAME\tDETAIL\n`, where DETAIL is what the
/// caller knows of the content (a file's digest, or why it could not be read) or, for a link, its
/// target, and device numbers for a device. The manifest of a tree is what its SHA-256 is computed
/// over: entries of the same type, mode, name and detail are the same entry. Names and targets are
/// spelled by [`escape`], which never leaves a tab or a newline in them, so a line reads one way
/// only.
pub fn manifest_line(member: &Member, content: Option<&str>) -> String {
    let field = |name: &str| {
        member
            .fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.to_string())
            .unwrap_or_default()
    };
    let detail = match (content, &member.data) {
        (Some(content), _) => content.to_owned(),
        (None, MemberData::Inaccessible(why)) => format!("unreadable: {why}"),
        (None, _) if member.fields.iter().any(|f| f.name == "dir.devmajor") => {
            format!("{}:{}", field("dir.devmajor"), field("dir.devminor"))
        }
        (None, _) => field("dir.link-target"),
    };
    let detail = detail.replace(['\t', '\n'], " ");
    format!(
        "{}\t{}\t{}\t{detail}\n",
        field("dir.type"),
        field("dir.mode"),
        member.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn names(node: &Node) -> Vec<&str> {
        node.members.iter().map(|m| m.name.as_str()).collect()
    }

    fn field(member: &Member, name: &str) -> Option<String> {
        member
            .fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.to_string())
    }

    #[test]
    fn lists_entries_sorted_with_types_and_links_unfollowed() {
        let dir = tempdir("sorted");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.txt"), "b").unwrap();
        std::fs::write(dir.join("a.txt"), "a").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("link")).unwrap();
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        assert_eq!(names(&node), ["a.txt", "link", "sub", "sub/b.txt"]);
        let link = &node.members[1];
        assert!(matches!(link.data, MemberData::None));
        assert_eq!(field(link, "dir.link-target").unwrap(), "/etc/passwd");
        assert_eq!(field(link, "dir.type").unwrap(), "symlink");
        assert!(!node.members[0].fields.iter().any(|f| f.name == "dir.mtime"));
        let MemberData::File(file) = &node.members[3].data else {
            panic!("sub/b.txt is a file");
        };
        assert_eq!(file.path(), dir.join("sub/b.txt"));
        assert_eq!(file.size(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_root_is_an_error() {
        assert!(read_directory(
            Path::new("/nonexistent/whydiff"),
            DirectoryOptions::default()
        )
        .is_err());
    }

    #[test]
    fn non_utf8_names_stay_distinct() {
        let dir = tempdir("names");
        for name in [&b"caf\xe9"[..], b"caf\xe8", b"back\\slash"] {
            std::fs::write(dir.join(OsStr::from_bytes(name)), "same").unwrap();
        }
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        assert_eq!(names(&node), ["back\\\\slash", "caf\\xE8", "caf\\xE9"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn trees_deeper_than_path_max_are_walked_and_read() {
        let dir = tempdir("deep");
        let segment = "d".repeat(100);
        let mut path = dir.clone();
        // Create level by level relative to the previous one: the whole path is too long to use.
        let mut fd = open_directory(CWD, dir.as_os_str().as_bytes()).unwrap();
        for _ in 0..45 {
            rustix::fs::mkdirat(&fd, segment.as_str(), Mode::from_raw_mode(0o755)).unwrap();
            fd = open_directory(&fd, segment.as_bytes()).unwrap();
            path.push(&segment);
        }
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC;
        let file = rustix::fs::openat(&fd, "leaf", flags, Mode::from_raw_mode(0o644)).unwrap();
        rustix::io::write(&file, b"deep").unwrap();
        assert!(path.as_os_str().len() > 4096);
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        let leaf = node.members.last().unwrap();
        assert!(leaf.name.ends_with("/leaf"), "{}", leaf.name);
        let MemberData::File(file) = &leaf.data else {
            panic!("the leaf is a file: {:?}", leaf.data);
        };
        let mut read = String::new();
        std::io::Read::read_to_string(&mut file.open().unwrap(), &mut read).unwrap();
        assert_eq!(read, "deep");
        // The standard library removes a tree relative to each directory's descriptor too.
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hard_links_fifos_and_sockets_are_typed_entries() {
        let dir = tempdir("typed");
        std::fs::write(dir.join("a"), "x").unwrap();
        std::fs::hard_link(dir.join("a"), dir.join("b")).unwrap();
        rustix::fs::mkfifoat(CWD, dir.join("fifo"), Mode::from_raw_mode(0o644)).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket")).unwrap();
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        let kinds: Vec<String> = node
            .members
            .iter()
            .map(|m| field(m, "dir.type").unwrap())
            .collect();
        assert_eq!(kinds, ["file", "hardlink", "fifo", "socket"]);
        assert_eq!(field(&node.members[1], "dir.link-target").unwrap(), "a");
        assert!(node.members[1..]
            .iter()
            .all(|m| matches!(m.data, MemberData::None)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_changed_after_it_was_listed_is_refused() {
        let dir = tempdir("changed");
        std::fs::write(dir.join("f"), "before").unwrap();
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        let MemberData::File(file) = &node.members[0].data else {
            panic!("a file");
        };
        assert!(file.open().is_ok());
        std::fs::write(dir.join("f"), "after, longer").unwrap();
        let error = file.open().unwrap_err().to_string();
        assert!(error.contains("changed while it was read"), "{error}");
        assert!(error.contains("size 6 → 13 bytes"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn manifest_lines_read_one_way_only() {
        let mut link = Member::new("a b", MemberData::None);
        link.fields = vec![
            Field::new("dir.type", FieldKind::EntryType, "symlink"),
            Field::new("dir.link-target", FieldKind::EntryType, "c"),
        ];
        let mut other = Member::new("a", MemberData::None);
        other.fields = vec![
            Field::new("dir.type", FieldKind::EntryType, "symlink"),
            Field::new("dir.link-target", FieldKind::EntryType, "b c"),
        ];
        assert_ne!(manifest_line(&link, None), manifest_line(&other, None));
        assert_eq!(manifest_line(&link, None), "symlink\t\ta b\tc\n");
    }

    fn tempdir(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("whydiff-dir-test-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

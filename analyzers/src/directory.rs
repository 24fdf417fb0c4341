//! Directories given as inputs: every entry below the root, flattened to relative paths.
//!
//! A directory's listing order is not part of a build, so its members are compared by name only.
//! Each entry carries its type, its permission bits and, for a symbolic link, the target string;
//! links are never followed. File times and owners are properties of the copy on this machine
//! rather than of the build, so they are read only when asked (`--dir-metadata`). File contents are
//! not read here: the engine reads them only for members whose counterpart exists.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use walkdir::WalkDir;

use crate::{Field, FieldKind, Member, MemberData, MemberOrder, Node, TimeRole, Timestamp, Value};

/// What to read of each directory entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectoryOptions {
    /// Also read modification times and owners.
    pub metadata: bool,
}

/// Reads the tree below `root` into a node whose members are the entries' relative paths (with `/`
/// separators), sorted by name. An entry that cannot be read becomes an unreadable member.
pub fn read_directory(root: &Path, options: DirectoryOptions) -> std::io::Result<Node> {
    std::fs::read_dir(root)?;
    let mut node = Node::new("directory");
    node.order = MemberOrder::Irrelevant;
    let walker = WalkDir::new(root)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let name = error
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(relative_name)
                    .unwrap_or_else(|| "?".to_owned());
                node.members
                    .push(Member::new(name, MemberData::Unreadable(error.to_string())));
                continue;
            }
        };
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let name = relative_name(relative);
        let member = match entry.metadata() {
            Ok(metadata) => member_for(entry.path(), name, &metadata, options),
            Err(error) => Member::new(name, MemberData::Unreadable(error.to_string())),
        };
        node.members.push(member);
    }
    Ok(node)
}

fn relative_name(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A directory entry's manifest line, `TYPE MODE NAME DETAIL`, where DETAIL is what the caller
/// knows of the content (a file's digest) or, for a link, its target. The manifest of a tree is
/// what its SHA-256 is computed over: entries of the same type, mode, name and detail are the
/// same entry.
pub fn manifest_line(member: &Member, content: Option<&str>) -> String {
    let field = |name: &str| {
        member
            .fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.to_string())
            .unwrap_or_default()
    };
    let detail = match content {
        Some(content) => content.to_owned(),
        None => field("dir.link-target"),
    };
    format!(
        "{} {} {} {detail}\n",
        field("dir.type"),
        field("dir.mode"),
        member.name
    )
}

fn member_for(
    path: &Path,
    name: String,
    metadata: &std::fs::Metadata,
    options: DirectoryOptions,
) -> Member {
    let file_type = metadata.file_type();
    let (kind, data) = if file_type.is_symlink() {
        ("symlink", MemberData::None)
    } else if file_type.is_dir() {
        ("directory", MemberData::None)
    } else if file_type.is_file() {
        ("file", MemberData::File(path.to_owned()))
    } else {
        ("special", MemberData::None)
    };
    let mut member = Member::new(name, data);
    member
        .fields
        .push(Field::new("dir.type", FieldKind::EntryType, kind));
    if file_type.is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_else(|e| format!("<unreadable: {e}>"));
        member
            .fields
            .push(Field::new("dir.link-target", FieldKind::EntryType, target));
    } else {
        let mode = Value::Octal(metadata.permissions().mode() & 0o7777);
        member
            .fields
            .push(Field::new("dir.mode", FieldKind::Mode, mode));
    }
    if options.metadata {
        let mtime = Timestamp {
            unix_seconds: metadata.mtime(),
            nanos: metadata.mtime_nsec() as u32,
            encoding: crate::TimeEncoding::Unix,
        };
        member.fields.push(Field::new(
            "dir.mtime",
            FieldKind::Time(TimeRole::File),
            mtime,
        ));
        member.fields.push(Field::new(
            "dir.uid",
            FieldKind::Owner,
            Value::Int(i64::from(metadata.uid())),
        ));
        member.fields.push(Field::new(
            "dir.gid",
            FieldKind::Owner,
            Value::Int(i64::from(metadata.gid())),
        ));
    }
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_entries_sorted_with_types_and_links_unfollowed() {
        let dir = std::env::temp_dir().join(format!("whydiff-dir-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.txt"), "b").unwrap();
        std::fs::write(dir.join("a.txt"), "a").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("link")).unwrap();
        let node = read_directory(&dir, DirectoryOptions::default()).unwrap();
        let names: Vec<_> = node.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "link", "sub", "sub/b.txt"]);
        let link = &node.members[1];
        assert!(matches!(link.data, MemberData::None));
        assert_eq!(link.fields[1].value.to_string(), "/etc/passwd");
        assert!(!node.members[0].fields.iter().any(|f| f.name == "dir.mtime"));
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
}

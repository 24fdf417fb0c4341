//! The build directories of `whydiff vary`: one scratch directory under the system's temp dir
//! holding the control build directory, the varied one (another path, another length), the
//! collected artifacts of every build and the build logs; the source tree is copied afresh for
//! each build (symlinks copied as symlinks, never followed), and everything is removed at the
//! end unless `--keep`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::gate::glob::PathGlob;

/// The scratch directory of one `whydiff vary` run.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    /// Leave it in place at the end.
    pub keep: bool,
}

impl Workspace {
    /// Makes a fresh scratch directory under [`std::env::temp_dir`].
    pub fn create(keep: bool) -> io::Result<Workspace> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for attempt in 0..100u32 {
            let root = base.join(format!(
                "whydiff-vary-{}-{:x}",
                std::process::id(),
                stamp.wrapping_add(attempt)
            ));
            match fs::create_dir(&root) {
                Ok(()) => {
                    // Readable and enterable by all: a build may run as an unprivileged user.
                    fs::set_permissions(&root, fs::Permissions::from_mode(0o755))?;
                    return Ok(Workspace { root, keep });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no fresh scratch directory could be made"))
    }

    /// The scratch directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a build runs: the control directory, or the varied one (another path, of another
    /// length) under the build-path variation.
    pub fn build_dir(&self, other_path: bool) -> PathBuf {
        if other_path {
            self.root.join("varied-build-path").join("source-tree-b")
        } else {
            self.root.join("control").join("src")
        }
    }

    /// The tree of build `name` when builds run isolated: a mount namespace binds it at
    /// [`Workspace::build_dir`] for the build alone.
    pub fn isolated_dir(&self, name: &str) -> PathBuf {
        self.root.join("builds").join(name).join("tree")
    }

    /// Where the artifacts of build `name` are collected.
    pub fn artifacts_dir(&self, name: &str) -> PathBuf {
        self.root.join("artifacts").join(name)
    }

    /// The log (standard output and error) of build `name`.
    pub fn log(&self, name: &str) -> PathBuf {
        self.root.join("logs").join(format!("{name}.log"))
    }

    /// Another home directory, for the environment variation.
    pub fn other_home(&self) -> PathBuf {
        self.root.join("home-b")
    }

    /// Where a kept build directory is moved (with `--keep`).
    pub fn kept_dir(&self, name: &str) -> PathBuf {
        self.root.join("kept").join(name)
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        if !self.keep {
            let _ = remove_tree(&self.root);
        }
    }
}

/// Removes a tree, first making its directories writable (a build may leave read-only ones).
pub fn remove_tree(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    if fs::remove_dir_all(path).is_ok() {
        return Ok(());
    }
    make_writable(path);
    fs::remove_dir_all(path)
}

fn make_writable(path: &Path) {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
        if let Ok(entries) = fs::read_dir(path) {
            for entry in entries.flatten() {
                make_writable(&entry.path());
            }
        }
    }
}

/// Copies the tree `from` to `to` (which must not exist): directories, files with their mode
/// bits, symlinks as symlinks; other entries (sockets, devices) are left out.
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_file() {
            fs::copy(&source, &target)?;
            keep_mtime(&source, &target)?;
        }
    }
    keep_mtime(from, to)
}

/// Gives `to` the modification time of `from`: every build sees the source files as they are,
/// not as fresh copies, so that copying is no variation of its own.
fn keep_mtime(from: &Path, to: &Path) -> io::Result<()> {
    let modified = fs::metadata(from)?.modified()?;
    let file = fs::File::options().read(true).open(to)?;
    file.set_times(fs::FileTimes::new().set_modified(modified))
}

/// Makes every directory from `root` down to `path` (both included) enterable by all: a build
/// run as another user must reach its tree whatever the umask whydiff runs with.
pub fn open_up(root: &Path, path: &Path) -> io::Result<()> {
    for dir in path.ancestors() {
        if !dir.starts_with(root) {
            break;
        }
        let mode = fs::metadata(dir)?.permissions().mode();
        fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o755))?;
    }
    Ok(())
}

/// Changes the owner of every entry of a tree (for a build as another user), symlinks included
/// and never followed.
pub fn chown_tree(path: &Path, uid: u32, gid: u32) -> io::Result<()> {
    std::os::unix::fs::lchown(path, Some(uid), Some(gid))?;
    if fs::symlink_metadata(path)?.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_tree(&entry?.path(), uid, gid)?;
        }
    }
    Ok(())
}

/// The files of a tree, as paths relative to it with `/` between segments, sorted; symlinks
/// count as files and are not followed.
pub fn list_files(root: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    walk(root, "", &mut files)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name: OsString = entry.file_name();
        let name = name.to_string_lossy();
        let relative = if prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{prefix}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), &relative, files)?;
        } else if kind.is_file() || kind.is_symlink() {
            files.push(relative);
        }
    }
    Ok(())
}

/// Which files of a finished build are its artifacts: those matching one of `globs` (relative to
/// the build directory), or, without globs, every file the build made or changed (absent from
/// the source tree, or with other contents or mode).
pub fn select_artifacts(
    build_dir: &Path,
    source: &Path,
    globs: &[PathGlob],
) -> io::Result<Vec<String>> {
    let files = list_files(build_dir)?;
    let mut chosen = Vec::new();
    for file in files {
        let keep = if globs.is_empty() {
            changed(&build_dir.join(&file), &source.join(&file))
        } else {
            globs.iter().any(|g| g.matches(&file))
        };
        if keep {
            chosen.push(file);
        }
    }
    Ok(chosen)
}

/// Whether `built` differs from `original` (missing, another kind, contents or mode).
fn changed(built: &Path, original: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::symlink_metadata(built), fs::symlink_metadata(original)) else {
        return true;
    };
    if a.file_type() != b.file_type() || a.mode() != b.mode() || a.len() != b.len() {
        return true;
    }
    if a.file_type().is_symlink() {
        return fs::read_link(built).ok() != fs::read_link(original).ok();
    }
    match (fs::read(built), fs::read(original)) {
        (Ok(x), Ok(y)) => x != y,
        _ => true,
    }
}

/// Copies the artifacts `files` of `build_dir` into `to`, modes kept, symlinks as symlinks.
pub fn collect(build_dir: &Path, files: &[String], to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for file in files {
        let source = build_dir.join(file);
        let target = to.join(file);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::symlink_metadata(&source)?.file_type().is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_copy_with_symlinks_as_symlinks_and_changes_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("src");
        fs::create_dir_all(source.join("sub")).unwrap();
        fs::write(source.join("sub/a.c"), "int a;").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", source.join("link")).unwrap();
        let build = dir.path().join("build");
        copy_tree(&source, &build).unwrap();
        assert!(fs::symlink_metadata(build.join("link"))
            .unwrap()
            .file_type()
            .is_symlink());
        fs::write(build.join("out.o"), "obj").unwrap();
        fs::write(build.join("sub/a.c"), "int b;").unwrap();
        assert_eq!(
            select_artifacts(&build, &source, &[]).unwrap(),
            ["out.o", "sub/a.c"]
        );
        let glob = PathGlob::new("*.o").unwrap();
        assert_eq!(
            select_artifacts(&build, &source, &[glob]).unwrap(),
            ["out.o"]
        );
    }
}

//! `whydiff fingerprint`: the SHA-256 of each artifact in sha256sum's format — what an auditor
//! publishes and a user compares.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};
use whydiff_analyzers::MemberData;

/// Arguments of `whydiff fingerprint`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the lines to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs the command: 0 when every fingerprint is printed, an error (exit 2) otherwise.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut lines = Vec::new();
    for path in &args.paths {
        let metadata =
            std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        if metadata.is_dir() {
            let node = whydiff_analyzers::directory::read_directory(path, Default::default())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            for member in &node.members {
                match &member.data {
                    MemberData::File(file) => {
                        let digest = whydiff::input::hash_entry(file)
                            .map_err(|e| anyhow::anyhow!("{}: {e}", file.path().display()))?;
                        fingerprint_line(&mut lines, &digest, &file.path());
                    }
                    MemberData::Inaccessible(why) => {
                        anyhow::bail!("{}: {why}", path.join(&member.name).display())
                    }
                    _ => {}
                }
            }
        } else {
            let data = whydiff::input::read_file(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            fingerprint_line(&mut lines, &Sha256::digest(&data).into(), path);
        }
    }
    super::output::write_to(super::output::named_output(&args.output), |out| {
        out.write_all(&lines)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A `sha256sum` line: the digest, two spaces, and the path's bytes as they are.
fn fingerprint_line(out: &mut Vec<u8>, digest: &[u8; 32], path: &Path) {
    out.extend_from_slice(hex::encode(digest).as_bytes());
    out.extend_from_slice(b"  ");
    out.extend_from_slice(path.as_os_str().as_bytes());
    out.push(b'\n');
}

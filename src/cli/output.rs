//! Where a command's document goes: a file named by `--output`, or standard output, where a
//! closed pipe (`whydiff … | head`) is success.

use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes with `write` to `output`, or to standard output when it is `None`, buffered.
pub fn write_to(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let finish = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = BufWriter::new(out);
        write(&mut out)?;
        out.flush()
    };
    match output {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| finish(&mut file))
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
        None => match finish(&mut std::io::stdout().lock()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        },
    }
}

/// The file `--output` names, `None` for standard output (no flag, or `-`).
pub fn named_output(output: &Option<std::path::PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|path| path.as_os_str() != "-")
}

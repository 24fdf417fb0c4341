//! What each root cause is and why it happens, in plain language: two or three sentences for
//! the catalogue's reader, who knows builds but not whydiff, beyond the cause's one-line summary
//! (what is captured) and its remedy (what to do). Content causes are root causes too (a change,
//! or a capture no rule knows), and say so.

use crate::classify::Cause;

/// What `cause` is and why builds show it: every root cause (everything but `derived`, whose
/// differences are consequences, explained by the root cause they follow from) has one.
pub fn explain(cause: Cause) -> &'static str {
    match cause {
        Cause::EntryMtime => "Archives store, for every member, the time its file was last modified. Two builds write their files at different moments, so the same files get different times in the archive even when their bytes are equal.",
        Cause::EntryAtime => "Some archive formats store a member's last access and status-change times as well as its modification time. These change whenever a file is read or its metadata touched, so no two builds agree on them.",
        Cause::CompressorMtime => "A gzip stream starts with a header that records the compressed file's modification time. Compressing the same data at another moment, or from a freshly written file, gives another header.",
        Cause::FileMtime => "The files the build left on disk have different modification times. That is harmless on its own, but anything that later packages or records those files carries the times along.",
        Cause::RecordedTime => "A format has a field for a time (a PE header's TimeDateStamp, a metadata date), and the tool that wrote it filled it with the current time. Each build therefore stamps its own moment.",
        Cause::EntryMode => "Archives record each member's permission bits as the files had them on disk. Those follow the umask of the user running the build, so two build environments give different modes to the same files.",
        Cause::EntryOwner => "Tar and some zip writers record the user and group that owned each file, by number and by name. A build run by another account, or in another container, records another owner.",
        Cause::EntryXattr => "Some archivers copy a file's extended attributes along with it: the SELinux label the machine's policy gave it, ACLs, file capabilities, or `user.*` attributes a browser or editor left. They belong to the build machine's file system, not to the sources, so two machines (or a labelled and an unlabelled directory) give two archives.",
        Cause::EntryDevice => "Tar headers have fields for device numbers, meant for device nodes. Some writers fill them for ordinary files with the numbers of the disk the file was read from, so the same files archived on another machine, or from another partition, carry other numbers.",
        Cause::CompressionSettings => "The same member was stored with another compression method, level or flag. The archiver's defaults or its options differ between the two builds.",
        Cause::RecompressedStream => "The data decompresses to the same bytes, yet the compressed bytes differ. Compressors are free to encode the same input in many ways, and another implementation, version or level picks another one.",
        Cause::ContainerFormat => "The archive itself was written in another variant of its format (a GNU or POSIX tar header, zip64 records). Archivers choose a variant by version, by default or by what the inputs need.",
        Cause::MemberOrder => "The archive holds the same members in another order. Archivers usually add files in the order the file system lists a directory, and that order depends on how the directory was created, not on the sources.",
        Cause::ToolVersion => "The artifact names the version of the tool that wrote it, and the two builds ran different versions. Beyond the name, another tool version may also write its output differently.",
        Cause::BuildTime => "A tool wrote the current date or time into the output: a compiler macro such as __DATE__, a documentation generator's footer, a version string. Every build runs at another time, so every build writes another value.",
        Cause::TimeZone => "The same moment was written as a local time in two different time zones. The tool formats times by the build machine's TZ setting, which differs between the builds.",
        Cause::NormalizedTime => "One build replaced a time with a fixed value (SOURCE_DATE_EPOCH, the zip epoch 1980-01-01, or zero) and the other kept the real time. The build environments disagree on whether time normalization is on.",
        Cause::InputMtime => "A compiler recorded the modification time of a source file it read, to know later whether the output is stale (Python's .pyc header, a Mach-O debug map). A fresh checkout gives the sources fresh times.",
        Cause::BuildDirectory => "The absolute path of the directory the build ran in was written into the output: debug information, __FILE__ strings, bytecode file names, generated scripts. Building in another directory gives other bytes.",
        Cause::TempDir => "A temporary directory with a random name was written into the output. Build tools that work in a fresh temporary directory (pip, compilers driving mkdtemp) leak its name into what they produce.",
        Cause::LineOrder => "The same lines were written in another order. The tool writes them as it iterates a hash table, a set or a directory listing, whose order varies from run to run.",
        Cause::ListOrder => "The items of a list on one line were written in another order. Hash-based collections (a Python set, a hash map) iterate in an order that varies with hash seeds and insertion history.",
        Cause::CollationOrder => "One build sorted bytewise and the other by the rules of a language's collation. Tools such as sort and ls follow the locale of the build environment, and locales order letters, case and punctuation differently.",
        Cause::LocaleSetting => "The build's language, encoding or number format found its way into the output. Tools translate messages, pick a character set or format numbers by the locale of the environment they run in.",
        Cause::DependencyVersion => "A dependency was resolved to another version. Without a lock file, a resolver picks the newest version a range allows on the day it runs.",
        Cause::DistributionVersion => "The bundle holds another installed version of a dependency, or holds it on one side only. The installer resolved requirements against what the package index offered on the day of each build.",
        Cause::UserName => "The name of the user who ran the build was written into the output: a 'built by' line, a manifest entry, a path. Another account gives another name.",
        Cause::HostName => "The name of the build machine was written into the output. Every build host, container or CI runner has another name.",
        Cause::HomeDirectory => "The home directory of the user who ran the build was written into the output, often through a cache or a user site-packages path. Another user or another machine has another home.",
        Cause::RandomToken => "A value drawn at random (a GUID, a UUID, a seed, an address) was written into the output. Tools generate such identifiers afresh on every run unless they derive them from the inputs.",
        Cause::MarshalRefFlags => "Python's marshal flags objects it may refer to again by their reference counts at the moment it writes them. Those counts depend on what the compiling process did before, so the same code is written with different flags.",
        Cause::KernelVersion => "The kernel release of the build machine (uname -r) was written into the output. Build machines run different kernels, and tools that record the platform copy it.",
        Cause::CpuCount => "The number of processors of the build machine was written into the output, or changed it through parallelism. Machines differ, and parallel jobs finish in a different order on each.",
        Cause::VcsState => "Version-control state was written into the output: a commit id, a git describe string, a dirty flag. A checkout with local changes, another branch or a build outside a repository gives another value.",
        Cause::EnvironmentVariable => "Variables of the build's environment (PATH, CI variables, a whole env dump) were written into the output. Every shell, user and CI runner has a different environment.",
        Cause::DeclaredValue => "The output holds a value that the person running the comparison declared as varying between the two builds. The build recorded it, so each build holds its own.",
        Cause::Signature => "The signature differs though everything it signs is the same. Another key or certificate signed it, or the signature scheme draws randomness (ECDSA, RSA-PSS), so each signing gives other bytes.",
        Cause::ChangedContent => "Text or bytes differ and no rule recognized what was captured in them. Either the sources or the build steps really differ, or the build captured something whydiff has no rule for; the examples show what changed.",
        Cause::MemberAdded => "A file or archive member exists in the right build only. The build produced a different set of files: an optional step ran on one side, or a generated name varied.",
        Cause::MemberRemoved => "A file or archive member exists in the left build only. The build produced a different set of files: an optional step ran on one side, or a generated name varied.",
        Cause::MemberMoved => "The same bytes sit under another directory of the same container. The build placed a file by a path that differed between the two runs.",
        Cause::EntryType => "An entry is of another type on each side (a file on one, a link or a directory on the other), or a link points elsewhere. The build created it differently, often through a step that depends on what is already on disk.",
        Cause::FormatChanged => "The two sides were read as two different formats. The build produced a different kind of file at the same path (compressed on one side only, or another container).",
        Cause::ChangedField => "A header or metadata field differs whose meaning no rule knows. Its values are shown so that a person can judge whether the build captured something or really changed.",
        Cause::Unreadable => "Data could not be read on one side or both (a truncated archive, a corrupt stream, a file the system refused), so it is never counted as equal. The notes of each report say what failed.",
        Cause::Unexplained => "The bytes differ but the format's analyzer exposed no field or content that does. The difference lies in bytes no analyzer models, such as padding or an unparsed region.",
        Cause::DataChecksum
        | Cause::DataSize
        | Cause::RecordChecksum
        | Cause::ShiftedOffset
        | Cause::DistributionFile
        | Cause::ToolOutput
        | Cause::EncodedStream => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Category;

    #[test]
    fn every_root_cause_is_explained_in_two_or_three_sentences() {
        for &cause in Cause::ALL {
            let root = cause.category() != Category::Derived;
            let text = explain(cause);
            assert_eq!(root, !text.is_empty(), "{cause}");
            if root {
                let sentences = text.matches(". ").count() + 1;
                assert!(
                    (2..=3).contains(&sentences),
                    "{cause}: {sentences} sentences"
                );
                assert!(text.ends_with('.'), "{cause}");
                assert_ne!(text, cause.summary(), "{cause}");
            }
        }
    }
}

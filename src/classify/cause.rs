//! The closed vocabulary of categories and causes, with their stable kebab-case ids and remedies.
//!
//! Ids are part of the outside contract: add new ones, never rename or remove one.

use std::fmt;

/// A root-cause category of `CONTRACT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A time value captured.
    Timestamp,
    /// The build or temp directory captured.
    BuildPath,
    /// The same items in another order.
    Ordering,
    /// Another version of a dependency or build tool.
    DependencyVersion,
    /// File mode bits.
    Permissions,
    /// User, group, home or host name captured.
    UserHost,
    /// Language, encoding or collation of the build environment.
    Locale,
    /// Random or state-dependent values.
    Randomness,
    /// Same contents, different encoding.
    Compression,
    /// Other captured build environment.
    Environment,
    /// A genuine change, or a difference no rule explains.
    Content,
    /// A consequence of another difference.
    Derived,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 12] = [
        Category::Timestamp,
        Category::BuildPath,
        Category::Ordering,
        Category::DependencyVersion,
        Category::Permissions,
        Category::UserHost,
        Category::Locale,
        Category::Randomness,
        Category::Compression,
        Category::Environment,
        Category::Content,
        Category::Derived,
    ];

    /// The contract's id.
    pub fn id(self) -> &'static str {
        match self {
            Category::Timestamp => "timestamp",
            Category::BuildPath => "build-path",
            Category::Ordering => "ordering",
            Category::DependencyVersion => "dependency-version",
            Category::Permissions => "permissions",
            Category::UserHost => "user-host",
            Category::Locale => "locale",
            Category::Randomness => "randomness",
            Category::Compression => "compression",
            Category::Environment => "environment",
            Category::Content => "content",
            Category::Derived => "derived",
        }
    }

    /// The category with contract id `id`.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

macro_rules! causes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $category:ident, $remedy:literal; )*) => {
        /// A fine, stable cause id. Each belongs to one category and carries a remedy.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Cause {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Cause {
            /// Every cause.
            pub const ALL: &'static [Cause] = &[$(Cause::$variant),*];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self { $(Cause::$variant => $id,)* }
            }

            /// The category the cause belongs to.
            pub fn category(self) -> Category {
                match self { $(Cause::$variant => Category::$category,)* }
            }

            /// What the cause means, in one line (its doc comment).
            pub fn summary(self) -> &'static str {
                match self { $(Cause::$variant => concat!($($doc),*).trim_ascii(),)* }
            }

            /// How to make the difference go away, in one paragraph (empty for content and derived
            /// causes, whose remedy is the root cause's).
            pub fn remedy(self) -> &'static str {
                match self { $(Cause::$variant => $remedy,)* }
            }
        }
    };
}

causes! {
    /// An archive member's recorded modification time (zip DOS time or extended timestamp, tar mtime).
    EntryMtime = "entry-mtime", Timestamp,
        "Archivers record each file's modification time. Set SOURCE_DATE_EPOCH and clamp mtimes before archiving (GNU tar --mtime=@$SOURCE_DATE_EPOCH --clamp-mtime; touch -d @$SOURCE_DATE_EPOCH on the inputs before zip; strip-nondeterminism after the fact).";
    /// An archive member's recorded access or change time.
    EntryAtime = "entry-atime-ctime", Timestamp,
        "Access and change times vary with every checkout and read. Do not store them: zip -X drops the extended timestamp field, GNU tar --format=gnu or --pax-option=delete=atime,delete=ctime.";
    /// A compressor header's time (gzip MTIME).
    CompressorMtime = "compressor-header-mtime", Timestamp,
        "gzip stores the input file's mtime in its header. Use gzip -n (or --no-name), or GzipFile(mtime=0) in Python, or tar's built-in compression with SOURCE_DATE_EPOCH.";
    /// A file time of the input directories (only with --dir-metadata).
    FileMtime = "file-mtime", Timestamp,
        "File times of the build output differ. They matter only if something later records them: clamp them to SOURCE_DATE_EPOCH before packaging.";
    /// A time recorded in some other field.
    RecordedTime = "recorded-time", Timestamp,
        "A tool recorded the build time. Make it honour SOURCE_DATE_EPOCH or remove the field.";
    /// Mode bits of a member.
    EntryMode = "entry-mode", Permissions,
        "Mode bits follow the umask of the build. Build with umask 022, or normalize modes when archiving (GNU tar --mode=go-w,u+rw; chmod -R before zip).";
    /// A member's owner (uid/gid or user and group names).
    EntryOwner = "entry-owner", UserHost,
        "The archiver recorded who ran the build. Use GNU tar --owner=0 --group=0 --numeric-owner, and zip -X to drop the uid/gid extra field.";
    // `permissions`: what the file system records of who may do what with a file, beside its mode
    // bits; an SELinux label, an ACL or a capability is access control like the mode.
    /// A member's extended attributes (an SELinux label, ACLs, capabilities, `user.*` attributes) copied from the build machine's file system.
    EntryXattr = "entry-xattr", Permissions,
        "The archiver copied extended attributes from the build machine's file system: an SELinux label its policy set, ACLs, capabilities, or `user.*` attributes its tools left. Archive without them (GNU tar's default: drop --xattrs, --selinux and --acls; bsdtar --no-xattrs --no-acls --no-fflags), or set the ones the package needs explicitly.";
    /// Device numbers recorded for a member that is not a device (the device the file was read from).
    EntryDevice = "entry-device-numbers", UserHost,
        "The archiver recorded device numbers for files that are not devices: those of the disk the build machine read them from. Write zero device numbers for regular files (GNU tar and Python's tarfile do), or normalize them afterwards (OSS Rebuild and strip-nondeterminism zero them).";
    /// A member stored with another method or compressor settings.
    CompressionSettings = "compression-settings", Compression,
        "The same data was compressed with other settings (method, level, flags). Pin the compressor, its version and its level.";
    /// Same decoded data, another encoded stream.
    RecompressedStream = "recompressed-stream", Compression,
        "The decoded data is identical but the compressed bytes differ: another compressor implementation, version or level. Pin the compressor (and, for zlib, its implementation).";
    /// Another archive container variant (tar format, zip64).
    ContainerFormat = "container-format", Compression,
        "The archive was written in another container variant. Pin the archiver and its format options (GNU tar --format=gnu or posix; zip -X; gzip -n; writing to a file rather than a pipe).";
    /// The same members stored in another order.
    MemberOrder = "member-order", Ordering,
        "The archive lists the same members in another order, usually the file system's directory order. Sort inputs (GNU tar --sort=name; sorted file lists for zip; setuptools sorts since 68).";
    /// Another version of the archiver or build tool, from its version field.
    ToolVersion = "toolchain-version", DependencyVersion,
        "The artifact names the tool version that wrote it, and another version ran. Pin build tools in the build environment.";
    /// A time written into text or binary content by a tool: the build clock.
    BuildTime = "build-time", Timestamp,
        "A tool wrote the build's clock into the output. Set SOURCE_DATE_EPOCH (most compilers, documentation generators and packagers honour it), and for C/C++ avoid __DATE__/__TIME__ or pass -Wdate-time to find them.";
    /// The same instant rendered in two time zones.
    TimeZone = "time-zone", Timestamp,
        "The same time was rendered in two time zones. Build with TZ=UTC, or make the tool write UTC.";
    /// A time normalized on one side only (SOURCE_DATE_EPOCH, 1980-01-01, 0).
    NormalizedTime = "normalized-time", Timestamp,
        "One build normalized this time (SOURCE_DATE_EPOCH, the DOS epoch 1980-01-01, or 0) and the other did not. Normalize in both: export SOURCE_DATE_EPOCH in every build environment.";
    /// A source file's modification time recorded by a compiler (pyc header, N_OSO).
    InputMtime = "input-mtime", Timestamp,
        "The output records the modification time of an input file. Clamp source mtimes to SOURCE_DATE_EPOCH before building, or use content hashes (py_compile --invalidation-mode checked-hash; ZERO_AR_DATE=1 for macOS ld).";
    /// The build directory captured in the output.
    BuildDirectory = "build-directory", BuildPath,
        "The build directory is embedded in the output. Build in a fixed path, or map it away: -ffile-prefix-map=$PWD=. (gcc/clang), RUSTFLAGS=--remap-path-prefix (Rust), python -m compileall -d DIR or -s/-p (Python bytecode).";
    /// A random temporary directory captured in the output.
    TempDir = "temp-dir", BuildPath,
        "A randomly named temporary directory is embedded in the output (pip's /tmp/pip-req-build-*, tempfile.mkdtemp). Build from a fixed directory, or map the prefix away (-ffile-prefix-map).";
    /// The same lines in another order.
    LineOrder = "line-order", Ordering,
        "The same lines were written in another order: the writer iterates a set, a dict or a directory listing. Sort before writing.";
    /// The same list items within a line in another order.
    ListOrder = "list-order", Ordering,
        "The same list items were written in another order: the writer iterates a set or a hash table. Sort the items, or pin PYTHONHASHSEED for Python tools.";
    /// An order that follows a locale's collation.
    CollationOrder = "collation-order", Locale,
        "One side is sorted bytewise and the other by a locale's collation. Build with LC_ALL=C (or LC_COLLATE=C) so that sort and ls order bytes.";
    /// A locale setting captured in the output.
    LocaleSetting = "locale-setting", Locale,
        "The build's locale leaked into the output (language, encoding or number format). Build with LC_ALL=C.UTF-8, or make the tool ignore the locale.";
    /// A dependency resolved to another version.
    DependencyVersion = "dependency-version", DependencyVersion,
        "Another version of a dependency was resolved. Pin requirements with hashes (pip install --require-hashes -r requirements.txt, a lock file).";
    /// An installed distribution (a bundled dependency) in another version, or in one build only.
    DistributionVersion = "distribution-version", DependencyVersion,
        "The build installed another version of a dependency into the bundle (or one build installed it and the other did not): the resolver chose by what the index offered that day. Pin every requirement, transitive ones included, with hashes (pip install --require-hashes -r requirements.txt from pip-compile --generate-hashes, or a lock file) and install with --no-deps.";
    /// A user name captured in the output.
    UserName = "user-name", UserHost,
        "The name of the user running the build is embedded. Build as a fixed user, or keep tools from recording it.";
    /// A host name captured in the output.
    HostName = "host-name", UserHost,
        "The build machine's host name is embedded. Build with a fixed host name (reprotest varies it), or keep tools from recording it.";
    /// A home directory captured in the output.
    HomeDirectory = "home-directory", UserHost,
        "The build user's home directory is embedded (often via ~/.cache or a user site-packages). Build with a fixed HOME.";
    /// A random token: GUID, UUID, seed, address.
    RandomToken = "random-token", Randomness,
        "A random value (GUID, UUID, seed, address or temporary name) was written. Derive it from the inputs (e.g. a hash of the sources), or seed it from SOURCE_DATE_EPOCH.";
    /// CPython marshal's reference flags (FLAG_REF) set on other objects; the code is the same.
    MarshalRefFlags = "marshal-ref-flags", Randomness,
        "marshal marks objects it may refer to again (FLAG_REF) by their reference counts at write time, which depend on what the compiling process did before. Byte-compile each module in a fresh interpreter, or clear unused FLAG_REF bits afterwards (strip-nondeterminism, marshalparser --fix).";
    /// The kernel version of the build machine.
    KernelVersion = "kernel-version", Environment,
        "The build machine's kernel version (uname -r) is embedded. Keep tools from recording it, or record a fixed value.";
    /// The CPU count of the build machine.
    CpuCount = "cpu-count", Environment,
        "The build machine's CPU count is embedded, or changed the output through parallelism. Keep tools from recording it, and make parallel builds order their results.";
    /// VCS state: a commit id, a describe string, a dirty flag.
    VcsState = "vcs-state", Environment,
        "Version-control state (commit id, `git describe`, dirty flag) is embedded. Build from a clean checkout of the published commit, or from the source archive.";
    /// An environment variable of the build session recorded in the output (an environment dump).
    EnvironmentVariable = "environment-variable", Environment,
        "The build's environment variables were written into the output (an `env` dump, a captured PATH or CI variable). Keep tools from recording the environment, or build in a fixed, minimal one (env -i with only the variables the build needs).";
    /// A value the user declared as differing on purpose, without a more specific category.
    DeclaredValue = "declared-value", Environment,
        "A value the build harness declared as varying was embedded. Keep the build from recording it.";
    // `environment`: the key and certificate are the signing machine's (which key it holds,
    // which certificate was issued to it), not the sources'; a scheme with randomness (ECDSA,
    // RSA-PSS) under the same key shows as the same signer fields with another signature value.
    /// A signature (Authenticode, a jar's signature block) that differs though nothing it signs does: another key or certificate, or a signature scheme with randomness.
    Signature = "signature", Environment,
        "The signature differs though everything it signs is the same: another key or certificate signed it, or the signature scheme has randomness (ECDSA, DSA, RSA-PSS). Verify reproducibility on the unsigned artifact (osslsigncode remove-signature; for a jar, compare before jarsigner or without META-INF/*.SF and its signature blocks), sign with one key and a deterministic scheme (RSA PKCS#1 v1.5), or re-attach the published signature to the rebuilt artifact (osslsigncode extract-signature, then attach-signature; for a jar, copy the published META-INF signature files in) and compare.";
    /// A checksum of data that differs.
    DataChecksum = "data-checksum", Derived, "";
    /// A size of data that differs.
    DataSize = "data-size", Derived, "";
    /// A checksum of a header whose fields differ.
    RecordChecksum = "record-checksum", Derived, "";
    /// An offset shifted by earlier changes.
    ShiftedOffset = "shifted-offset", Derived, "";
    /// A file installed by a distribution whose version differs.
    DistributionFile = "distribution-file", Derived, "";
    /// Output a tool writes by its own policy, which another version of the tool writes
    /// differently from the same sources (metadata layout, presentation, templates).
    ToolOutput = "tool-output", Derived, "";
    /// An encoded stream that differs because its data or settings do.
    EncodedStream = "encoded-stream", Derived, "";
    /// Text or bytes that changed.
    ChangedContent = "changed-content", Content, "";
    /// A member present on the right only.
    MemberAdded = "member-added", Content, "";
    /// A member present on the left only.
    MemberRemoved = "member-removed", Content, "";
    /// A member moved to another directory of its container, its bytes unchanged.
    MemberMoved = "member-moved", Content, "";
    /// A member's type or link target changed.
    EntryType = "entry-type", Content, "";
    /// Artifacts that were read as two different formats.
    FormatChanged = "format-changed", Content, "";
    /// A field whose meaning no rule knows.
    ChangedField = "changed-field", Content, "";
    /// Data that could not be read.
    Unreadable = "unreadable", Content, "";
    /// Bytes that differ where the analyzer saw no difference.
    Unexplained = "unexplained-bytes", Content, "";
}

impl Cause {
    /// The `whydiff vary` variation (contract name) whose change alone reproduces this cause,
    /// when there is one: what would confirm it by experiment. `None` for causes no variation
    /// makes (another tool version, a compressor's settings, a genuine change) and for those
    /// that appear between two unvaried builds (random tokens, temporary directories).
    pub fn variation(self) -> Option<&'static str> {
        use Cause::*;
        Some(match self {
            EntryMtime | EntryAtime | CompressorMtime | FileMtime | RecordedTime | BuildTime
            | NormalizedTime | InputMtime => "time",
            TimeZone => "timezone",
            EntryMode => "umask",
            EntryOwner | UserName => "user",
            HostName => "hostname",
            HomeDirectory | EnvironmentVariable => "environment",
            BuildDirectory => "build-path",
            MemberOrder | LineOrder => "file-order",
            ListOrder => "hash-seed",
            CollationOrder | LocaleSetting => "locale",
            CpuCount => "jobs",
            _ => return None,
        })
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for cause in Cause::ALL {
            assert!(seen.insert(cause.id()), "duplicate id {}", cause.id());
            assert!(
                cause
                    .id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                cause.id()
            );
            let root = !matches!(cause.category(), Category::Content | Category::Derived);
            assert_eq!(root, !cause.remedy().is_empty(), "{} remedy", cause.id());
        }
    }

    #[test]
    fn categories_round_trip() {
        for category in Category::ALL {
            assert_eq!(Category::from_id(category.id()), Some(category));
        }
    }
}

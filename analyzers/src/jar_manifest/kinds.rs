//! What each manifest attribute is, by its name: the conventions of the JAR File Specification,
//! jarsigner, maven-archiver, bnd/maven-bundle-plugin, Ant and Gradle.
//!
//! A name not listed here is free text: a change in it is the project's (`Implementation-Version`,
//! `Main-Class`, `Bundle-Version` are what the project declares, and a real edit there must stay
//! a change of content).

use crate::{Captured, Covers, FieldKind, Timestamp};

use super::Place;

/// Which of the two files of the manifest grammar is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `META-INF/MANIFEST.MF`.
    Manifest,
    /// A signature file, `META-INF/*.SF`.
    SignatureFile,
}

/// How an attribute's value becomes fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeKind {
    /// One field of this kind holding the value.
    Field(FieldKind),
    /// A time in milliseconds since 1970 (see [`millis`]).
    Millis,
    /// A list of items in a stored order.
    List(Separator),
    /// A digest of (a part of) the member named `member`.
    Digest {
        /// What the digest covers.
        covers: Covers,
        /// The member it covers, by its name in the container.
        member: String,
    },
}

/// How a list attribute separates its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// Commas outside double quotes (OSGi headers: `a;version="[1,2)",b`).
    Comma,
    /// Spaces (`Class-Path: lib/a.jar lib/b.jar`).
    Space,
}

impl Separator {
    /// The items of `value`, each without the spaces around it, empty items left out.
    pub fn split(self, value: &str) -> Vec<String> {
        match self {
            Separator::Space => value.split_whitespace().map(str::to_owned).collect(),
            Separator::Comma => {
                let mut items = Vec::new();
                let mut quoted = false;
                let mut start = 0;
                for (at, c) in value.char_indices() {
                    match c {
                        '"' => quoted = !quoted,
                        ',' if !quoted => {
                            items.push(value.get(start..at).unwrap_or(""));
                            start = at.saturating_add(1);
                        }
                        _ => {}
                    }
                }
                items.push(value.get(start..).unwrap_or(""));
                items
                    .into_iter()
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect()
            }
        }
    }
}

/// Attributes that name the tool that wrote the jar and its version (javac/jar's `Created-By`,
/// maven-archiver's `Build-Jdk-Spec` and `Created-By: Maven JAR Plugin 3.3.0`, bnd's `Tool`,
/// Ant's `Ant-Version`), and the format versions the tool writes.
const TOOL_VERSIONS: &[&str] = &[
    "Manifest-Version",
    "Signature-Version",
    "Created-By",
    "Build-Jdk",
    "Build-Jdk-Spec",
    "Tool",
    "Ant-Version",
    "Archiver-Version",
    "Gradle-Version",
    "Bnd-Version",
];

/// Comma-separated lists whose order a writer may take from a hash table (OSGi headers as bnd
/// computes them).
const COMMA_LISTS: &[&str] = &[
    "Export-Package",
    "Import-Package",
    "DynamicImport-Package",
    "Private-Package",
    "Ignore-Package",
    "Conditional-Package",
    "Require-Capability",
    "Provide-Capability",
    "Require-Bundle",
    "Bundle-ClassPath",
    "Include-Resource",
    "Export-Service",
    "Import-Service",
    "Service-Component",
    "Embed-Dependency",
    "Embedded-Artifacts",
];

/// Space-separated lists.
const SPACE_LISTS: &[&str] = &["Class-Path", "Add-Opens", "Add-Exports"];

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Whether `name` ends with `suffix`, compared case-insensitively, after something.
fn ends_with(name: &str, suffix: &str) -> bool {
    name.len() > suffix.len()
        && name
            .get(name.len().saturating_sub(suffix.len())..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

/// What the attribute `name` is, in the main section (`entry` is `None`) or in the section of
/// the member `entry`, of the file at `place`.
///
/// - `<Alg>-Digest` in a member's section: in the manifest, jarsigner's digest of the member's
///   bytes (it follows from the member); in a signature file, the digest of the manifest section
///   that records the member's digest (it follows from the member through that section, and is
///   not checked against a digest of the member's bytes).
/// - `<Alg>-Digest-Manifest` in a signature file's main section: the digest of the whole
///   manifest; `<Alg>-Digest-Manifest-Main-Attributes`, of its main section.
/// - `Built-By` (maven-archiver before 3.5, bnd, Ant) is the build user's name (`user.name`);
///   `Build-Host`, the build machine's; `SCM-Revision` (buildnumber-maven-plugin), the commit.
/// - `Bnd-LastModified` is bnd's build clock, in milliseconds since 1970.
pub fn kind_of(name: &str, entry: Option<&str>, place: &Place) -> AttributeKind {
    if let Some(entry) = entry {
        if ends_with(name, "-Digest") {
            let covers = match place.role {
                Role::Manifest => Covers::Member,
                Role::SignatureFile => Covers::MemberPart,
            };
            return AttributeKind::Digest {
                covers,
                member: place.member(entry),
            };
        }
    } else if place.role == Role::SignatureFile {
        if ends_with(name, "-Digest-Manifest-Main-Attributes") {
            return AttributeKind::Digest {
                covers: Covers::MemberPart,
                member: place.manifest.clone(),
            };
        }
        if ends_with(name, "-Digest-Manifest") {
            return AttributeKind::Digest {
                covers: Covers::Member,
                member: place.manifest.clone(),
            };
        }
    }
    if is_one_of(name, TOOL_VERSIONS)
        || (name.len() > 4
            && name
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("Bnd-"))
            && ends_with(name, "Version"))
    {
        return AttributeKind::Field(FieldKind::ToolVersion);
    }
    if name.eq_ignore_ascii_case("Built-By") {
        return AttributeKind::Field(FieldKind::Captured(Captured::UserName));
    }
    if name.eq_ignore_ascii_case("Build-Host") {
        return AttributeKind::Field(FieldKind::Captured(Captured::HostName));
    }
    if name.eq_ignore_ascii_case("SCM-Revision") {
        return AttributeKind::Field(FieldKind::Captured(Captured::VcsState));
    }
    if name.eq_ignore_ascii_case("Bnd-LastModified") {
        return AttributeKind::Millis;
    }
    if is_one_of(name, COMMA_LISTS) {
        return AttributeKind::List(Separator::Comma);
    }
    if is_one_of(name, SPACE_LISTS) {
        return AttributeKind::List(Separator::Space);
    }
    AttributeKind::Field(FieldKind::Text)
}

/// A time in milliseconds since 1970, as bnd writes `Bnd-LastModified`: digits only.
pub fn millis(value: &str) -> Option<Timestamp> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = value.parse().ok()?;
    let seconds = millis.checked_div_euclid(1000)?;
    let rest = u32::try_from(millis.checked_rem_euclid(1000)?).ok()?;
    Some(Timestamp {
        unix_seconds: seconds,
        nanos: rest.checked_mul(1_000_000)?,
        encoding: crate::TimeEncoding::Unix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_lists_respect_quotes() {
        assert_eq!(
            Separator::Comma.split("a;version=\"[1.0,2)\", b;uses:=\"x,y\" ,c,"),
            ["a;version=\"[1.0,2)\"", "b;uses:=\"x,y\"", "c"]
        );
        // An unbalanced quote keeps the rest as one item.
        assert_eq!(Separator::Comma.split("a,\"b,c"), ["a", "\"b,c"]);
        assert_eq!(
            Separator::Space.split(" lib/a.jar  lib/b.jar "),
            ["lib/a.jar", "lib/b.jar"]
        );
    }

    #[test]
    fn milliseconds_since_1970() {
        let t = millis("1672531200123").unwrap();
        assert_eq!(t.unix_seconds, 1_672_531_200);
        assert_eq!(t.nanos, 123_000_000);
        assert_eq!(millis("-5"), None);
        assert_eq!(millis("12a"), None);
        assert_eq!(millis(""), None);
        assert_eq!(millis("99999999999999999999999"), None);
    }
}

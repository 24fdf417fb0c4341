//! Which reproducible-builds.org issue types each cause catches.
//!
//! The Debian reproducible-builds project files every known source of nondeterminism under an
//! issue type (`timestamps_in_gzip_headers`, `random_order_in_tarball`…), each with a page at
//! <https://tests.reproducible-builds.org/debian/issues/unstable/>. This table names, for each
//! root cause of whydiff, the issue types whose nondeterminism its evidence catches, in the
//! formats whydiff reads (ELF/DWARF, PE, Mach-O, zip and wheels, tar and gzip, pyc, text). An
//! issue type whydiff would report only as `content` (a translation that changes, code laid out
//! in another link order, a bare copyright year, text rendered in another encoding or
//! language) or that fits no cause is in [`NOT_RECOGNIZED`]. whydiff recognizes a locale only
//! where its evidence can show one: a date rendered in two locales' words, a captured `LC_*`
//! variable, a collation order — so `locale-setting` claims none of Debian's locale types, whose
//! output is translated or encoded otherwise.
//!
//! Each issue type keeps the category Debian's list gives it, which is whydiff's category of the
//! cause that catches it, with the few principled exceptions in [`FILED_ELSEWHERE`]. The list
//! was read from the 263 issue types that apply to whydiff's formats; tests check the table
//! against it when it is present (`../shared/rb-issue-types.tsv`).

use crate::classify::{Category, Cause};

/// The page of an issue type on tests.reproducible-builds.org.
pub fn url(issue_type: &str) -> String {
    format!("https://tests.reproducible-builds.org/debian/issues/unstable/{issue_type}_issue.html")
}

/// The issue types whose nondeterminism `cause` catches (none for content and derived causes,
/// which are not root causes).
pub fn issue_types(cause: Cause) -> &'static [&'static str] {
    match cause {
        Cause::EntryMtime => &[
            "codadef_coda_data_files",
            "python_wheel_package",
            "timestamps_in_directories",
            "timestamps_in_epub",
            "timestamps_in_jar",
            "timestamps_in_tarball",
            "timestamps_in_zip",
            "varying_mtimes_in_data_tar_gz_or_control_tar_gz",
        ],
        Cause::EntryAtime => &[],
        Cause::CompressorMtime => &[
            "timestamps_from_imake_in_xutils",
            "timestamps_in_dictionaries",
            "timestamps_in_files_installed_by_dh_kpatches",
            "timestamps_in_gzip_headers",
        ],
        Cause::FileMtime => &[],
        Cause::RecordedTime => &["timestamps_in_pe_binaries"],
        Cause::EntryMode => &[
            "different_due_to_umask",
            "dpkg-dev_extracts_origtgz_with_bad_permissions",
            "umask_in_java_jar_file",
        ],
        Cause::EntryOwner => &["uid_and_gid_in_jar", "users_and_groups_in_tarball"],
        Cause::EntryXattr | Cause::EntryDevice => &[],
        Cause::CompressionSettings => &[],
        Cause::RecompressedStream => &[],
        Cause::ContainerFormat => &[],
        Cause::MemberOrder => &[
            "random_order_in_tarball",
            "varying_ordering_in_data_tar_gz_or_control_tar_gz",
        ],
        Cause::ToolVersion => &[],
        Cause::BuildTime => &[
            "build_date_in_manpage_generated_by_spf13_cobra",
            "date_added_by_ui_auto",
            "dc_created_timestamp_in_javadoc",
            "debiandoc_sgml_timestamp",
            "embeds_build_data_via_node_preamble",
            "jekyll_site_time_timestamp",
            "member_search_index_json",
            "r_base_appends_built_header_to_description_files",
            "snapshot_placeholder_replaced_with_timestamp_in_pom_properties",
            "timestamp_added_by_gnuradio_grcc",
            "timestamp_added_by_java_util_properties",
            "timestamp_and_build_path_captured_by_python_cheetah",
            "timestamp_in_enc_files_added_by_texlive_fontinst",
            "timestamp_in_info_file_created_by_makeinfo",
            "timestamp_in_java_bnd_manifest",
            "timestamp_in_jboss_messagebundle_generated_code",
            "timestamp_in_pear_registry_files",
            "timestamps_embedded_in_manpages_by_node_marked_man",
            "timestamps_embedded_in_manpages_by_scdoc",
            "timestamps_from_cpp_macros",
            "timestamps_from_cpp_macros_in_d",
            "timestamps_from_cpp_macros_in_haskell",
            "timestamps_from_tex4ht",
            "timestamps_from_timestamp_macro",
            "timestamps_generated_by_eigenbase_resgen",
            "timestamps_generated_by_hevea",
            "timestamps_generated_by_mangosdk_spiprocessor",
            "timestamps_generated_by_xbean_spring",
            "timestamps_in_description_files_generated_by_r-base-dev",
            "timestamps_in_documentation_generated_by_asciidoc",
            "timestamps_in_documentation_generated_by_docbook_dbtimestamp",
            "timestamps_in_documentation_generated_by_doxygen",
            "timestamps_in_documentation_generated_by_edoc",
            "timestamps_in_documentation_generated_by_glib_genpod",
            "timestamps_in_documentation_generated_by_groff",
            "timestamps_in_documentation_generated_by_groovydoc",
            "timestamps_in_documentation_generated_by_javadoc",
            "timestamps_in_documentation_generated_by_lua_ldoc",
            "timestamps_in_documentation_generated_by_man2html",
            "timestamps_in_documentation_generated_by_mkdocs",
            "timestamps_in_documentation_generated_by_naturaldocs",
            "timestamps_in_documentation_generated_by_ocamldoc",
            "timestamps_in_documentation_generated_by_org_mode",
            "timestamps_in_documentation_generated_by_pandoc",
            "timestamps_in_documentation_generated_by_phpdox",
            "timestamps_in_documentation_generated_by_podman",
            "timestamps_in_documentation_generated_by_rdtool",
            "timestamps_in_documentation_generated_by_sphinx",
            "timestamps_in_documentation_generated_by_texi2html",
            "timestamps_in_documentation_generated_by_ur",
            "timestamps_in_documentation_generated_with_libwibble",
            "timestamps_in_episode_files_generated_by_jxc",
            "timestamps_in_gjdoc_properties_files",
            "timestamps_in_h_generated_by_qdbusxml2cpp",
            "timestamps_in_htm_by_gap",
            "timestamps_in_ifo_files_generated_by_python_stardicter",
            "timestamps_in_java_stapler_files",
            "timestamps_in_javascript_generated_by_node_grunt_banner",
            "timestamps_in_jsdoc_toolkit_documentation",
            "timestamps_in_manpages_added_by_golang_cobra",
            "timestamps_in_manpages_added_by_golang_go_flags",
            "timestamps_in_manpages_created_by_libwibble",
            "timestamps_in_manpages_generated_by_autogen",
            "timestamps_in_manpages_generated_by_docbook2x",
            "timestamps_in_manpages_generated_by_docbook_utils",
            "timestamps_in_manpages_generated_by_docbook_xsl",
            "timestamps_in_manpages_generated_by_doxygen",
            "timestamps_in_manpages_generated_by_help2man",
            "timestamps_in_manpages_generated_by_latex2man",
            "timestamps_in_manpages_generated_by_lopsubgen",
            "timestamps_in_manpages_generated_by_perl_extutils_command_mm",
            "timestamps_in_manpages_generated_by_rst2man",
            "timestamps_in_manpages_generated_by_sphinx",
            "timestamps_in_manpages_generated_by_txt2man",
            "timestamps_in_manpages_generated_by_yat2m",
            "timestamps_in_maven_metadata_local_xml_files",
            "timestamps_in_maven_version_files",
            "timestamps_in_mdl_molfile",
            "timestamps_in_org_mode_html_output",
            "timestamps_in_output_generated_by_txt2tags",
            "timestamps_in_perllocal_pod_manpages_generated_by_perl_extutils_mm_unix",
            "timestamps_in_preamble_generated_by_node_package_preamble",
            "timestamps_in_python_code_generated_by_cheetah",
            "timestamps_in_python_code_generated_by_pyside",
            "timestamps_in_python_docutils",
            "timestamps_in_qmake_makefiles",
            "timestamps_in_ruby_documentation",
            "timestamps_in_source_generated_by_rcc",
            "timestamps_manually_added_needs_further_investigation",
        ],
        Cause::TimeZone => &[
            "texinfo_mdate_sh_varies_by_timezone",
            "timestamps_difference_by_unzip",
            "timezone_specific_files_due_to_haskell_devscripts",
            "timezone_variance_because_of_automake_mdate",
            "timezones_manpages_podman",
        ],
        Cause::NormalizedTime => &[],
        Cause::InputMtime => &[
            "timestamps_in_ada_library_information_files",
            "timestamps_in_emacs_autoloads",
        ],
        Cause::BuildDirectory => &[
            "absolute_build_paths_in_dot_packlist_file_generated_by_perl_extutils_packlist",
            "build_dir_in_documentation_generated_by_doxygen",
            "build_dir_in_tags_generated_by_doxygen",
            "build_path_captured_by_python_numpy_misc_util",
            "build_path_captured_by_valac",
            "build_path_captured_in_assembly_objects",
            "build_path_in_apertium_mode_files",
            "build_path_in_code_generated_by_dgbus_codegen",
            "build_path_in_files_generated_by_qdbusxml2cpp",
            "build_path_in_index_files_generated_by_qdoc",
            "build_path_in_qdoc",
            "build_path_in_texi_figure_documentation",
            "buildpath_in_binaries_generated_by_ada_compiler",
            "buildpath_in_binaries_generated_by_d_compiler_gdc",
            "buildpath_in_binaries_generated_by_d_compiler_ldc",
            "buildpath_in_code_generated_by_bison",
            "captures_build_dir_in_qmake_prl_files",
            "captures_build_path",
            "captures_build_path_in_golang_compiler",
            "captures_build_path_in_sphinx_attr_links",
            "captures_build_path_via_assert",
            "captures_varying_number_of_build_path_directory_components",
            "cflags_recorded_in_ada_ali_files",
            "cmake_rpath_contains_build_path",
            "cython_captures_build_path",
            "ffile_prefix_map_passed_to_clang",
            "fortran_captures_build_path",
            "gcc_captures_build_path",
            "gfortran_mod_captures_build_path",
            "golang_compiler_captures_build_path_in_binary",
            "hevea_captures_build_path",
            "lessc_captures_build_path",
            "ocaml_captures_build_path",
            "ocaml_dune_captures_build_path",
            "perl_extutils_xspp_captures_build_path",
            "randomness_in_documentation_generated_by_scilab",
            "records_build_flags",
            "ros_dynamic_reconfigure_captures_build_path",
            "timestamp_and_build_path_captured_by_python_cheetah",
            "txt2man_dash_p",
        ],
        Cause::TempDir => &[
            "ghc_captures_build_path_via_tempdir",
            "random_build_path_by_golang_compiler",
            "randomness_in_ocaml_custom_executables",
            "randomness_in_ocaml_preprocessed_files",
        ],
        Cause::LineOrder => &[
            "nondeterministic_defaults_in_documentation_generated_by_python_traitlets",
            "nondeterministic_ordering_in_documentation_generated_by_doxygen",
            "nondeterministic_ordering_in_python_wheel_metadata_versions",
            "random_order_in_antlr_output",
            "random_order_in_cython_output",
            "random_order_in_documentation_generated_by_javadoc",
            "random_order_in_documentation_generated_by_naturaldocs",
            "random_order_in_files_generated_by_module_build",
            "random_order_in_java_jar_manifest_mf",
            "random_order_in_javahelper_manifest_files",
            "random_order_in_maven_plugin_xml",
            "random_order_in_native_libs_by_setuptools",
            "random_order_in_plexus_components_xml",
            "random_order_in_python_doit_completion",
            "random_order_in_sisu_javax_inject_named",
            "randomness_in_c_files_generated_by_extutils_parsexs",
            "randomness_in_documentation_generated_by_epydoc",
            "randomness_in_documentation_generated_by_lua_ldoc",
            "randomness_in_documentation_indices_generated_by_sphinx",
            "randomness_in_html_generated_by_texi2html",
            "randomness_in_output_from_perl_deparse",
            "randomness_in_python_changelog_references",
            "randomness_in_python_setuptools_requires_txt",
            "randomness_in_qdoc",
            "sphinx_htmlhelp_readdir_sensitive",
            "zope_random_field_order_in_dzproduct",
        ],
        Cause::ListOrder => &[
            "nondeterministic_output_from_uglifyjs",
            "python-ply_compiled_parse_tables",
            "python-ply_lextokens",
            "randomness_in_documentation_generated_by_sphinx",
            "randomness_in_frozenset_representations_in_sphinx",
            "randomness_in_property_annotations_generated_by_sphinx",
        ],
        Cause::CollationOrder => &["collation_order_varies_by_locale"],
        Cause::LocaleSetting => &[],
        Cause::DependencyVersion => &[
            "openstack_pkg_tools_python_shebang_and_dependencies",
            "python_shebang_and_dependency_nondeterministically_3_or_3_point_5",
        ],
        Cause::DistributionVersion => &[],
        Cause::UserName => &[
            "built_by-in_java_manifest_mf",
            "captures_users_gecos",
            "texi2html_captures_users_gecos",
            "user_hostname_manually_added_requiring_further_investigation",
            "user_in_documentation_generated_by_gsdoc",
            "user_in_java_jar_manifest",
        ],
        Cause::HostName => &["user_hostname_manually_added_requiring_further_investigation"],
        Cause::HomeDirectory => &["captures_home_dir"],
        Cause::RandomToken => &[
            "random_hashes_in_cython_output",
            "random_identifiers_in_epub_files_generated_by_asciidoc",
            "random_xspp_identifier_by_extutils_xspp",
            "randomness_in_fat_lto_objects",
            "randomness_in_fontconfig_uuid_files",
            "randomness_in_ids_generated_by_org-html-publish-to-html",
            "randomness_in_qdoc_page_id",
        ],
        Cause::MarshalRefFlags => &[],
        Cause::KernelVersion => &[
            "captures_kernel_version",
            "captures_kernel_version_via_CMAKE_SYSTEM",
            "uname_output_in_python_debugging_symbols_caused_by_sysconfig_getplatform",
        ],
        Cause::CpuCount => &[],
        Cause::VcsState => &[],
        Cause::EnvironmentVariable => &[
            "captures_shell_variable_in_autofoo_script",
            "leaks_path_environment_variable",
            "libtool_captures_shell_build-flags_build-path_path-env",
        ],
        Cause::DeclaredValue => &[],
        Cause::Signature => &["cryptographic_signature"],
        Cause::DataChecksum => &[],
        Cause::DataSize => &[],
        Cause::RecordChecksum => &[],
        Cause::ShiftedOffset => &[],
        Cause::DistributionFile => &[],
        Cause::ToolOutput => &[],
        Cause::EncodedStream => &[],
        Cause::ChangedContent => &[],
        Cause::MemberAdded => &[],
        Cause::MemberRemoved => &[],
        Cause::MemberMoved => &[],
        Cause::EntryType => &[],
        Cause::FormatChanged => &[],
        Cause::ChangedField => &[],
        Cause::Unreadable => &[],
        Cause::Unexplained => &[],
    }
}

/// Issue types that Debian files under another category than whydiff's cause for them: the issue
/// type, the category Debian gives it, and why whydiff's differs.
pub const FILED_ELSEWHERE: &[(&str, Category, &str)] = &[
    (
        "cryptographic_signature",
        Category::Randomness,
        "whydiff files signatures under environment: the signing key and certificate are the machine's",
    ),
    (
        "randomness_in_documentation_generated_by_sphinx",
        Category::Randomness,
        "the randomness is the iteration order of a set or hash table, which whydiff files under ordering",
    ),
    (
        "randomness_in_ocaml_custom_executables",
        Category::Randomness,
        "the random part is a temporary directory's name, which whydiff files under build-path",
    ),
    (
        "randomness_in_python_setuptools_requires_txt",
        Category::Randomness,
        "the randomness is the iteration order of a set or hash table, which whydiff files under ordering",
    ),
    (
        "texinfo_mdate_sh_varies_by_timezone",
        Category::Locale,
        "whydiff files time zones under timestamp: the same instant, rendered in another zone",
    ),
    (
        "timestamp_and_build_path_captured_by_python_cheetah",
        Category::Timestamp,
        "the build directory is captured beside the time, and whydiff names both",
    ),
    (
        "timestamps_difference_by_unzip",
        Category::Locale,
        "whydiff files time zones under timestamp: the same instant, rendered in another zone",
    ),
    (
        "timezone_specific_files_due_to_haskell_devscripts",
        Category::Locale,
        "whydiff files time zones under timestamp: the same instant, rendered in another zone",
    ),
    (
        "timezone_variance_because_of_automake_mdate",
        Category::Locale,
        "whydiff files time zones under timestamp: the same instant, rendered in another zone",
    ),
    (
        "timezones_manpages_podman",
        Category::Locale,
        "whydiff files time zones under timestamp: the same instant, rendered in another zone",
    ),
];

/// Issue types whydiff does not recognize as a root cause (it reports them as `content`, or no
/// cause fits), with the category Debian gives them.
pub const NOT_RECOGNIZED: &[(&str, Category)] = &[
    ("build_date_in_egg_info_directory_name", Category::Timestamp),
    ("captures_execution_time", Category::Timestamp),
    (
        "copyright_year_in_comments_generated_by_ckbuilder",
        Category::Timestamp,
    ),
    (
        "copyright_year_in_documentation_generated_by_sphinx",
        Category::Timestamp,
    ),
    (
        "python_sphinx_gallery_adds_timing_to_output",
        Category::Timestamp,
    ),
    (
        "timestamps_in_copyright_added_by_perl_dist_zilla",
        Category::Timestamp,
    ),
    ("timestamps_in_python_version_numbers", Category::Timestamp),
    (
        "year_variable_in_documentation_generated_by_doxygen",
        Category::Timestamp,
    ),
    ("python_versioneer_uses_parentdir", Category::BuildPath),
    (
        "randomness_in_documentation_graphviz_generated_by_sphinx",
        Category::BuildPath,
    ),
    ("ruby_mkmf_makefile_unsorted_objects", Category::Ordering),
    ("unknown_ada_issue", Category::Ordering),
    ("unsorted_file_glob_by_cmake", Category::Ordering),
    ("different_encoding", Category::Locale),
    (
        "different_encoding_in_html_by_docbook_xsl",
        Category::Locale,
    ),
    ("docbook2txt_locale", Category::Locale),
    ("elinks_dump_varies_output_with_locale", Category::Locale),
    ("locale_differences_in_pom", Category::Locale),
    (
        "lxqt_translate_desktop_binary_file_matched_under_certain_locales",
        Category::Locale,
    ),
    ("lynx_dump_varies_output_with_locale", Category::Locale),
    ("nroff_output_varies_by_locale_or_utf8", Category::Locale),
    ("xmlto_txt_output_locale_specific", Category::Locale),
    ("graphviz_nondeterministic_output", Category::Randomness),
    ("href_links_mangled_by_node_marked", Category::Randomness),
    (
        "jellyfish_creates_nondeterministic_json",
        Category::Randomness,
    ),
    (
        "markdown_random_email_address_html_entities",
        Category::Randomness,
    ),
    ("nondeterminism_added_by_pyqt5_pyrcc5", Category::Randomness),
    (
        "nondeterminism_in_documentation_generated_by_pydoctor",
        Category::Randomness,
    ),
    (
        "nondeterministic_devhelp_documentation_generated_by_gtk_doc",
        Category::Randomness,
    ),
    (
        "nondeterministic_output_in_warnings_generated_by_breathe",
        Category::Randomness,
    ),
    (
        "portable_executable_strong_name_varies",
        Category::Randomness,
    ),
    (
        "randomness_in_binaries_generated_by_d_compiler_gdc",
        Category::Randomness,
    ),
    (
        "randomness_in_binaries_generated_by_golang",
        Category::Randomness,
    ),
    (
        "randomness_in_binaries_generated_by_ruby_mkmf",
        Category::Randomness,
    ),
    ("randomness_in_browserify_lite_output", Category::Randomness),
    (
        "randomness_in_documentation_underscore_downloads_generated_by_sphinx",
        Category::Randomness,
    ),
    ("randomness_in_pdf2htmlex_html_output", Category::Randomness),
    ("ppds_compressed_b64", Category::Compression),
    ("bin_sh_is_bash", Category::Environment),
    ("captures_build_arch", Category::Environment),
    ("cargo_installs_crates2_json", Category::Environment),
    (
        "implementation_version_in_java_manifest_mf",
        Category::Environment,
    ),
    ("paths_vary_due_to_usrmerge", Category::Environment),
    ("variations_from_march_native", Category::Environment),
    ("bundle_name_in_java_manifest_mf", Category::Content),
    ("translations_missing_in_desktop_files", Category::Content),
    ("build_id_differences_only", Category::Derived),
    (
        "build_id_variation_requiring_further_investigation",
        Category::Derived,
    ),
];

/// The category Debian files `issue_type` under, when `cause` catches it: the cause's own,
/// unless [`FILED_ELSEWHERE`] says otherwise.
pub fn debian_category(issue_type: &str, cause: Cause) -> Category {
    FILED_ELSEWHERE
        .iter()
        .find(|(name, _, _)| *name == issue_type)
        .map_or(cause.category(), |&(_, category, _)| category)
}

/// One issue type as the appendix lists it: its name and, when whydiff recognizes it, the
/// causes that catch it.
pub type Recognition = (&'static str, Vec<Cause>);

/// Every issue type of the table by the category Debian files it under, in [`Category::ALL`]
/// order, names sorted: the recognized ones with their causes, then the others.
pub fn by_category() -> Vec<(Category, Vec<Recognition>, Vec<&'static str>)> {
    Category::ALL
        .into_iter()
        .filter_map(|category| {
            let mut recognized: std::collections::BTreeMap<&'static str, Vec<Cause>> =
                std::collections::BTreeMap::new();
            for &cause in Cause::ALL {
                for &name in issue_types(cause) {
                    if debian_category(name, cause) == category {
                        recognized.entry(name).or_default().push(cause);
                    }
                }
            }
            let mut unrecognized: Vec<&'static str> = NOT_RECOGNIZED
                .iter()
                .filter(|(_, c)| *c == category)
                .map(|(name, _)| *name)
                .collect();
            unrecognized.sort_unstable();
            (!recognized.is_empty() || !unrecognized.is_empty())
                .then(|| (category, recognized.into_iter().collect(), unrecognized))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn is_root(cause: Cause) -> bool {
        !matches!(cause.category(), Category::Content | Category::Derived)
    }

    #[test]
    fn every_root_cause_has_an_entry_and_no_other_cause_claims_a_type() {
        let mut mapped = 0;
        for &cause in Cause::ALL {
            let types = issue_types(cause);
            if !is_root(cause) {
                assert!(types.is_empty(), "{cause} is not a root cause");
            }
            for name in types {
                assert!(
                    name.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                    "{name}: a name safe in a URL and in Markdown link text"
                );
            }
            let mut sorted = types.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, types, "{cause}: sorted, each once");
            mapped += types.len();
        }
        assert!(mapped > 100, "{mapped} types mapped");
    }

    #[test]
    fn a_type_is_either_recognized_or_not_and_exceptions_are_real() {
        let recognized: BTreeSet<&str> = Cause::ALL
            .iter()
            .flat_map(|&c| issue_types(c).iter().copied())
            .collect();
        for (name, _) in NOT_RECOGNIZED {
            assert!(!recognized.contains(name), "{name} both recognized and not");
        }
        for (name, category, why) in FILED_ELSEWHERE {
            let causes: Vec<Cause> = Cause::ALL
                .iter()
                .copied()
                .filter(|&c| issue_types(c).contains(name))
                .collect();
            assert!(!causes.is_empty(), "{name} is recognized");
            assert!(
                causes.iter().any(|c| c.category() != *category),
                "{name}: not an exception"
            );
            assert!(!why.is_empty());
        }
    }

    #[test]
    fn the_table_matches_the_issue_types_list_when_it_is_present() {
        let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared")
            .join("rb-issue-types.tsv");
        let Ok(text) = std::fs::read_to_string(&list) else {
            eprintln!(
                "{} is absent: the reproducible-builds.org table is not checked against it",
                list.display()
            );
            return;
        };
        let listed: BTreeMap<&str, &str> = text
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut columns = line.split('\t');
                Some((columns.next()?, columns.nth(1)?))
            })
            .collect();
        let mut seen = BTreeSet::new();
        for &cause in Cause::ALL {
            for &name in issue_types(cause) {
                let category = listed
                    .get(name)
                    .unwrap_or_else(|| panic!("{name} ({cause}) is not in the list"));
                assert_eq!(
                    *category,
                    debian_category(name, cause).id(),
                    "{name} ({cause}): Debian's category, or an exception in FILED_ELSEWHERE"
                );
                seen.insert(name);
            }
        }
        for (name, category) in NOT_RECOGNIZED {
            assert_eq!(listed.get(name), Some(&category.id()), "{name}");
            seen.insert(name);
        }
        let missing: Vec<&&str> = listed.keys().filter(|n| !seen.contains(*n)).collect();
        assert!(
            missing.is_empty(),
            "issue types not in the table: {missing:?}"
        );
    }

    #[test]
    fn the_appendix_lists_every_type_once_under_its_category() {
        let groups = by_category();
        let total: usize = groups.iter().map(|(_, r, u)| r.len() + u.len()).sum();
        let distinct: BTreeSet<&str> = groups
            .iter()
            .flat_map(|(_, r, u)| r.iter().map(|(n, _)| *n).chain(u.iter().copied()))
            .collect();
        assert_eq!(total, distinct.len());
        assert_eq!(
            url("timestamps_in_gzip_headers"),
            "https://tests.reproducible-builds.org/debian/issues/unstable/timestamps_in_gzip_headers_issue.html"
        );
    }
}

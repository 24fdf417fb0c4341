#!/usr/bin/env bash
# Writes DIR/a/libbig.so and DIR/b/libbig.so: one generated C library (~50 MB with full DWARF)
# built twice, from the same sources, in two build directories of other length and depth
# (DIR/a/b/src vs DIR/build-7f3a/pkg-src/src): the builds differ in the paths the compiler read
# (DW_AT_comp_dir, the line tables' directories) and in what follows from them, nothing else.
# Deterministic: the sources come from a fixed-seed generator; gcc, -O2 -g (DWARF 5), no
# __FILE__, units compiled and linked in C-locale order.
#
# Each unit includes one header of STRUCTS struct types (chained, so every unit describes all of
# them: most of .debug_info is those types, repeated per unit, as in C code with big headers and
# no type units), a few functions inlining helpers in loops (inlined subroutines, location and
# range lists) and many small accessors (subprograms, parameters, line rows).
# About 0.45 s of gcc per unit and build: ~1.2 min on 2 idle cores for both builds.
# Usage: bench/make_dwarf_pair.sh DIR [UNITS]   (UNITS translation units, 160 by default)
# EDIT_UNIT=N also edits unit N in the second build: a member of its local struct renamed
# (label -> title), the same machine code, a genuine change only the debug information shows,
# which must stay `content`.
set -euo pipefail
export LC_ALL=C
out=${1:?usage: make_dwarf_pair.sh DIR [UNITS]}
units=${2:-160}
funcs=${FUNCS:-4}              # functions inlining the helpers in loops, per unit
accessors=${ACCESSORS:-80}     # small accessor functions per unit
structs=${STRUCTS:-1200}       # struct types in the shared header
heavy=16                       # of which the first have an inline helper
mkdir -p "$out"
out=$(cd "$out" && pwd)
src="$out/src"
rm -rf "$src"
mkdir -p "$src"

# The shared header: struct types, enums, typedefs and static inline helpers every unit uses
# (so each unit's .debug_info carries its own copy of the types, as real C code does).
awk -v structs="$structs" -v heavy="$heavy" 'BEGIN {
  print "#ifndef BIG_COMMON_H\n#define BIG_COMMON_H\n#include <stddef.h>\n#include <stdint.h>"
  for (k = 0; k < structs; k++) {
    printf "enum e%d { E%d_A, E%d_B, E%d_C = %d, E%d_D };\n", k, k, k, k, k * 7 + 3, k
    printf "struct s%d {\n  int32_t id;\n  uint64_t mask;\n  double weight;\n  char tag[%d];\n", k, 8 + k % 24
    printf "  enum e%d kind;\n  unsigned flag_a : 3, flag_b : 5;\n", k
    printf "  struct s%d *prev;\n", (k > 0 ? k - 1 : 0)
    if (k > 0) printf "  struct s%d inner;\n", (k - 1) / 2
    printf "  union { long l; float f[2]; } u;\n  int64_t values[%d];\n};\n", 2 + k % 5
    printf "typedef struct s%d s%d_t;\n", k, k
    if (k >= heavy) continue
    printf "static inline int64_t mix%d(const struct s%d *p, int64_t x)\n{\n", k, k
    printf "  int64_t h = p->id ^ (int64_t)p->mask;\n"
    printf "  for (int i = 0; i < %d; i++)\n    h = h * %d + p->values[i] + (x >> (i + 1));\n", 2 + k % 5, 31 + 2 * k
    printf "  if (p->kind == E%d_C)\n    h += (int64_t)(p->weight * %d.5);\n", k, k
    printf "  return h ^ p->u.l;\n}\n"
  }
  print "#endif"
}' > "$src/common.h"

# The units: each defines its own local type, a few functions that inline the helpers in loops
# (subprograms, inlined subroutines, location lists) and many small accessors over the shared
# types (so each unit's .debug_info describes a good part of the header, as real C code does).
for ((u = 0; u < units; u++)); do
  awk -v u="$u" -v funcs="$funcs" -v accessors="$accessors" -v structs="$structs" -v heavy="$heavy" 'BEGIN {
    seed = u * 7919 + 17
    print "#include \"common.h\""
    printf "struct local%d { int64_t a, b; struct s%d *ref; const char *label; };\n", u, u % structs
    printf "static int64_t table%d[%d];\n", u, 64 + u % 32
    for (f = 0; f < funcs; f++) {
      seed = (seed * 16807) % 2147483647  # Park-Miller: exact in doubles
      k1 = seed % heavy
      k2 = int(seed / 97) % heavy
      k3 = int(seed / 9973) % heavy
      printf "static int64_t helper%d_%d(struct s%d *p, int64_t n)\n{\n", u, f, k1
      printf "  int64_t acc = %d;\n", seed % 1000
      printf "  for (int64_t i = 0; i < n; i++) {\n"
      printf "    acc += mix%d(&p[i], i) ^ (acc >> %d);\n", k1, 1 + f % 7
      printf "    if (acc & %d)\n      acc -= p[i].values[0] * %d;\n", 1 + f % 3, 3 + seed % 11
      printf "  }\n  return acc;\n}\n"
      printf "int64_t u%d_f%d(struct s%d *p, struct s%d *q, struct s%d *r, int64_t n)\n{\n", u, f, k1, k2, k3
      printf "  struct local%d loc = { n, %d, 0, \"u%d_f%d\" };\n", u, seed % 4096, u, f
      printf "  int64_t total = helper%d_%d(p, n);\n", u, f
      printf "  for (int64_t j = 0; j < n; j++) {\n"
      printf "    total += mix%d(&q[j], total) - mix%d(&r[j], loc.a);\n", k2, k3
      printf "    if (q[j].kind == E%d_B)\n      loc.b ^= q[j].values[1] + r[j].u.l;\n", k2
      printf "    table%d[(j + %d) %% %d] += total;\n", u, f, 64 + u % 32
      printf "  }\n"
      printf "  if (p->prev != NULL && n > %d)\n    total += u%d_f%d(p, q, r, n - 1);\n", f % 5 + 1, u, f
      printf "  return total + loc.b + (int64_t)loc.label[%d];\n}\n", f % 3
    }
    for (i = 0; i < accessors; i++) {
      k = (u * 37 + i * int(structs / accessors)) % structs
      printf "int64_t u%d_get%d_s%d(struct s%d *p, int64_t x)\n{\n", u, i, k, k
      printf "  p->values[x & 1] += x;\n"
      printf "  s%d_t *prev = p->prev;\n", (k > 0 ? k - 1 : 0)
      printf "  return p->id + (int64_t)p->mask * %d + (prev ? prev->id : %d)", 3 + i % 17, i
      if (k > 0) printf " + p->inner.id"
      printf ";\n}\n"
    }
  }' > "$src/unit$(printf %04d "$u").c"
done

# The same sources in two build directories, built there with relative paths, as an unpacked
# source tree is: the sources are identical, the directories they were built in are not.
build() {
  local dir=$1 result=$2 edit=${3:-}
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r "$src" "$dir/src"
  if [ -n "$edit" ]; then
    sed -i 's/label/title/g' "$dir/src/unit$(printf %04d "$edit").c"
  fi
  (
    cd "$dir"
    # shellcheck disable=SC2016
    printf 'src/%s\n' $(cd src && ls unit*.c) |
      xargs -P "${JOBS:-2}" -I{} sh -c 'gcc -O2 -g -fPIC -c "$1" -o "${1%.c}.o"' _ {}
    gcc -shared -fPIC -g -O2 -o libbig.so src/unit*.o
  )
  mkdir -p "$(dirname "$result")"
  mv "$dir/libbig.so" "$result"
}
build "$out/a/b" "$out/a/libbig.so"
build "$out/build-7f3a/pkg-src" "$out/b/libbig.so" "${EDIT_UNIT:-}"
rm -rf "$out/a/b" "$out/build-7f3a"
ls -l "$out/a/libbig.so" "$out/b/libbig.so"

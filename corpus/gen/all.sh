#!/usr/bin/env bash
# Regenerate every corpus pair, then corpus/README.md. Works from any cwd.
set -euo pipefail
GEN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# A pair whose tools are missing (say, a pyenv interpreter) fails alone; the others still run,
# and the failures are listed at the end (exit 1).
failed=()
for script in "$GEN_DIR"/*.sh; do
    case "$(basename "$script")" in
        lib.sh|all.sh|readme.sh) continue ;;
    esac
    echo "== $(basename "$script" .sh)" >&2
    bash "$script" || failed+=("$(basename "$script" .sh)")
done
bash "$GEN_DIR/readme.sh"
if ((${#failed[@]})); then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi

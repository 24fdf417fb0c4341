#!/usr/bin/env bash
# Regenerate every corpus pair, then corpus/README.md. Works from any cwd.
set -euo pipefail
GEN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for script in "$GEN_DIR"/*.sh; do
    case "$(basename "$script")" in
        lib.sh|all.sh|readme.sh) continue ;;
    esac
    echo "== $(basename "$script" .sh)" >&2
    bash "$script"
done
bash "$GEN_DIR/readme.sh"

#!/usr/bin/env bash
# zip -X of tinyapp + installer/Product.wxi holding a ProductCode GUID drawn per build,
# whose TinyApp.csproj <ProjectGuid> was also replaced by hand (same GUID format).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair edit-guid-csproj

# Two ProductCodes uuid.uuid4() returned on two runs, recorded so reruns reproduce.
CODE_A=E82573E3-0DDA-46C6-8A78-18870A193C9F
CODE_B=B34D5DAF-4010-4727-94D9-A6EA744A3C0F
for side in a b; do
    code=$CODE_A; [ "$side" = b ] && code=$CODE_B
    app_tree "$WORK/$side/src"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/src/TinyApp.csproj" '{24129335-2381-439D-9F7D-C9B8C5A1AF66}' '{6FC20620-FB42-41CD-A7ED-951E1D5ECD1E}'
    fi
    mkdir "$WORK/$side/src/installer"
    WHYDIFF_PRODUCT_CODE="$code" "$SYS_PYTHON" "$SCRIPTS_DIR/make_installer_ids.py" "$WORK/$side/src/installer/Product.wxi"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/installer/Product.wxi" "$WORK/$side/src/installer" "$WORK/$side/src"
    zip_tree "$WORK/$side/src" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" tinyapp-src.zip
done

write_expected "Info-ZIP: zip -X of tinyapp (mtimes 1700000000) + installer/Product.wxi written by make_installer_ids.py (a generated include, its header says so; ProductCode = uuid.uuid4(), as WiX's Id=\"*\"); varied: the ProductCode (two recorded draws, replayed via WHYDIFF_PRODUCT_CODE) AND a genuine edit, TinyApp.csproj <ProjectGuid> {24129335-2381-439D-9F7D-C9B8C5A1AF66} vs {6FC20620-FB42-41CD-A7ED-951E1D5ECD1E}" \
    content randomness --genuine TinyApp.csproj

#!/usr/bin/env bash
# jar of the library holding git.properties as git-commit-id-plugin writes it, built from one
# commit by two people on two hosts at two times.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar faketime git unshare hostname
setup_pair jar-git-properties

jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
# One checkout: the sources committed at a pinned time by a pinned author (a fixed commit id).
repo="$WORK/repo"
build_tree "$JAR_SOURCES_DIR/src" "$repo/src" "$PINNED_EPOCH"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git -C "$repo" init -q -b main
git -C "$repo" add src
GIT_AUTHOR_NAME="Carol Dev" GIT_AUTHOR_EMAIL=carol@example.com \
GIT_COMMITTER_NAME="Carol Dev" GIT_COMMITTER_EMAIL=carol@example.com \
GIT_AUTHOR_DATE="@$PINNED_EPOCH +0000" GIT_COMMITTER_DATE="@$PINNED_EPOCH +0000" \
    git -C "$repo" commit -q -m "tinyapp 1.0.0"
git -C "$repo" tag v1.0.0
PROPS=git.properties
for side in a b; do
    epoch=$DATE_A_EPOCH host=buildhost1 user="Alice Builder" email=alice@example.com
    if [ "$side" = b ]; then
        epoch=$DATE_B_EPOCH host=ci-runner-07 user="Bob Builder" email=bob@example.com
    fi
    git -C "$repo" config user.name "$user"
    git -C "$repo" config user.email "$email"
    cls="$WORK/$side/classes"
    mkdir -p "$WORK/$side"
    cp -a "$WORK/classes" "$cls"
    # SOURCE_DATE_EPOCH unset: Debian's OpenJDK would write it in the store comment.
    on_host "$host" env -u SOURCE_DATE_EPOCH FAKETIME_DONT_FAKE_MONOTONIC=1 \
        faketime -f "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" \
        java -cp "$WORK/tools" WriteGitProperties "$cls/$PROPS" "$repo" 1.0.0
    touch -d "@$PINNED_EPOCH" "$cls/$PROPS"
    jar_pack "$cls" "$WORK/$side/tinyapp-1.0.0.jar" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac; java WriteGitProperties writes git.properties as git-commit-id-plugin 2.2 does (git.build.time yyyy-MM-dd'T'HH:mm:ssZ, git.build.host from InetAddress.getLocalHost, git.build.user.* from git config, Properties.store with its date comment) from one commit (pinned author and time, tag v1.0.0); jar --create --date=$JAR_DATE; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z, host (unshare -u) buildhost1 vs ci-runner-07, git config user.name/user.email Alice Builder vs Bob Builder" \
    timestamp user-host

#!/usr/bin/env bash
# Draws the "other hands" evaluation set: the practice set's kinds of things as drawn by EmojiOne (ruby-gemojione),
# emojify.js (libjs-emojify) and Open Clip Art Library artists (openclipart-png), on the same kinds of scenes, with
# answers written the same way. The packages are downloaded with apt-get and unpacked into OUT/art, not installed.
# Usage: scripts/other-hands-set.sh OUT [--seed N]   → OUT/others.csv and OUT/images/
set -euo pipefail
out=$(realpath -m "${1:?usage: $0 OUT [--seed N]}")
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
debs="$out/debs"
mkdir -p "$debs" "$out/art"
(cd "$debs" && apt-get download ruby-gemojione libjs-emojify openclipart-png)
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$out/art"; done
exec dotnet run --project "$root/samples/Ogiri.Samples" -c Release -- others "$out" --art "$out/art" "$@"

#!/usr/bin/env bash
# share.sh: photograph the warning before sharing, the share dialog and a
# hand-over pack opened read-only, from the real binary under Xvfb, into
# this folder (18-share-warning.png, 18-share-dialog.png,
# 19-pack-read-only.png, 19-pack-documents.png). Like make.sh it works in a
# throwaway HOME; the clicks are at the places the 1180x760 window puts the
# Share or export menu and the dialogs' buttons.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shot=${SCREENSHOT:-$root/../shared/tools/screenshot}
out=$root/docs/screenshots
cd "$root"
go build -o bin/redress .
R=$root/bin/redress
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/family REDRESS_PASSPHRASE='correct horse battery staple'
V="$HOME/Documents/Redress vault"
mkdir -p "$HOME/Documents" "$HOME/.config/fyne/org.redress.desktop"
$R vault create --vault "$V" >/dev/null 2>&1
id=$($R case import --vault "$V" examples/bruised-baby.case.json | cut -f1)
printf 'Strategy discussion record, 13 October 2025.\nPresent: social worker, police, health visitor.\nDecision: section 47 enquiries to start.\n' >"$tmp/strategy.txt"
$R import --vault "$V" --case "$id" --source council --date 2025-10-13 "$tmp/strategy.txt" >/dev/null 2>&1
$R note add --vault "$V" --case "$id" --occurred 2025-10-14T09:30 --kind call \
  "The social worker phoned to say there would be a conference. She did not say when." >/dev/null
printf '{"vaults.recent":["%s"],"look.theme":"light"}\n' "$V" >"$HOME/.config/fyne/org.redress.desktop/preferences.json"

keys() { # the unlock, then each argument with a pause
  echo "xdotool type --delay 30 '$REDRESS_PASSPHRASE'; xdotool key Return; sleep 6"
  for k in "$@"; do echo "$k"; done
}
keys "xdotool mousemove 990 28 click 1; sleep 1.5" "xdotool mousemove 990 63 click 1; sleep 2" >"$tmp/k1.sh"
"$shot" "$out/18-share-warning.png" --size 1180x760 --title Redress --keys "$tmp/k1.sh" -- "$R" >/dev/null
keys "xdotool mousemove 990 28 click 1; sleep 1.5" "xdotool mousemove 990 63 click 1; sleep 2" \
  "xdotool mousemove 636 621 click 1; sleep 2" "xdotool type --delay 40 'otter quilt marble seven'; sleep 1" >"$tmp/k2.sh"
"$shot" "$out/18-share-dialog.png" --size 1180x760 --title Redress --keys "$tmp/k2.sh" -- "$R" >/dev/null

REDRESS_PACK_PASSPHRASE='otter quilt marble seven' $R pack --vault "$V" --case "$id" --out "$tmp/family-case.redress" >/dev/null 2>&1
export HOME=$tmp/receiver
mkdir -p "$HOME/.config/fyne/org.redress.desktop"
echo '{"look.theme":"light"}' >"$HOME/.config/fyne/org.redress.desktop/preferences.json"
export REDRESS_PACK_PASSPHRASE='otter quilt marble seven'
echo 'sleep 1' >"$tmp/k3.sh"
"$shot" "$out/19-pack-read-only.png" --size 1180x800 --title hand-over --keys "$tmp/k3.sh" -- "$R" open "$tmp/family-case.redress" >/dev/null
printf 'sleep 1\nxdotool mousemove 560 115 click 1; sleep 1\nxdotool mousemove 150 175 click 1; sleep 1.5\n' >"$tmp/k4.sh"
"$shot" "$out/19-pack-documents.png" --size 1180x800 --title hand-over --keys "$tmp/k4.sh" -- "$R" open "$tmp/family-case.redress" >/dev/null
ls "$out"/18-*.png "$out"/19-*.png

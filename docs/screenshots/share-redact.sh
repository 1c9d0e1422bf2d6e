#!/usr/bin/env bash
# share-redact.sh: photograph the share dialog with "Take out names and
# details" ticked (20-share-redact-dialog.png), the preview of what the
# redacted pack takes out (20-share-redact-preview.png) and a redacted pack
# opened read-only (21-pack-redacted-read-only.png), from the real binary
# under Xvfb, into this folder. Like share.sh it works in a throwaway HOME;
# the clicks are at the places the 1180x760 window puts the Share or export
# menu and the dialogs' buttons. STEP=1 stops after the first picture.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shot=${SCREENSHOT:-$root/../shared/tools/screenshot}
out=${OUT:-$root/docs/screenshots}
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
printf 'Strategy discussion record, 13 October 2025.\nPresent: social worker Karen Whitfield, police, health visitor.\nCall 07700 900123. Decision: section 47 enquiries to start.\n' >"$tmp/strategy.txt"
$R import --vault "$V" --case "$id" --source council --date 2025-10-13 "$tmp/strategy.txt" >/dev/null 2>&1
$R note add --vault "$V" --case "$id" --occurred 2025-10-14T09:30 --kind call \
  "Karen Whitfield phoned from 07700 900123 to say there would be a conference. She did not say when." >/dev/null
printf '{"vaults.recent":["%s"],"look.theme":"light"}\n' "$V" >"$HOME/.config/fyne/org.redress.desktop/preferences.json"

keys() { # the unlock, then each argument with a pause
  echo "xdotool type --delay 30 '$REDRESS_PASSPHRASE'; xdotool key Return; sleep 6"
  for k in "$@"; do echo "$k"; done
}
open_share=("xdotool mousemove 990 28 click 1; sleep 1.5" "xdotool mousemove 990 63 click 1; sleep 2"
  "xdotool mousemove 636 621 click 1; sleep 2" "xdotool type --delay 40 'otter quilt marble seven'; sleep 1"
  "xdotool mousemove 590 400 click 5 click 5 click 5 click 5 click 5 click 5; sleep 1")
keys "${open_share[@]}" "xdotool mousemove 275 427 click 1; sleep 1" >"$tmp/k1.sh"
"$shot" "$out/20-share-redact-dialog.png" --size 1180x760 --title Redress --keys "$tmp/k1.sh" -- "$R" >/dev/null
[[ ${STEP:-} == 1 ]] && exit 0
# Both passphrases, where to save, Make the pack, a marked name, Preview.
to_preview=("${open_share[@]}" "xdotool mousemove 275 427 click 1; sleep 1" "xdotool mousemove 590 233 click 1; sleep 0.5"
  "xdotool type --delay 40 'otter quilt marble seven'; sleep 0.5" "xdotool mousemove 815 580 click 1; sleep 2"
  "xdotool mousemove 636 478 click 1; sleep 1.5; xdotool mousemove 847 656 click 1; sleep 2"
  "xdotool mousemove 590 509 click 1; xdotool type --delay 30 'Karen Whitfield'; sleep 0.5"
  "xdotool mousemove 690 644 click 1; sleep 6")
keys "${to_preview[@]}" ${EXTRA:+"$EXTRA"} >"$tmp/k2.sh"
"$shot" "$out/20-share-redact-preview.png" --size 1180x760 --title Redress --keys "$tmp/k2.sh" -- "$R" >/dev/null
[[ ${STEP:-} == 2 ]] && exit 0
keys "${to_preview[@]}" "xdotool mousemove 700 651 click 1; sleep 25" >"$tmp/k3.sh"
"$shot" "$out/20-share-redact-done.png" --size 1180x760 --title Redress --keys "$tmp/k3.sh" -- "$R" >/dev/null
[[ ${STEP:-} == 3 ]] && exit 0

REDRESS_PACK_PASSPHRASE='otter quilt marble seven' $R pack --vault "$V" --case "$id" --redact 'default,word:Karen Whitfield' --out "$tmp/redacted.redress" >/dev/null 2>&1
export HOME=$tmp/receiver
mkdir -p "$HOME/.config/fyne/org.redress.desktop"
echo '{"look.theme":"light"}' >"$HOME/.config/fyne/org.redress.desktop/preferences.json"
export REDRESS_PACK_PASSPHRASE='otter quilt marble seven'
printf 'sleep 1\nxdotool mousemove 1100 75 click 1; sleep 1.5\n' >"$tmp/k4.sh"
"$shot" "$out/21-pack-redacted-read-only.png" --size 1180x800 --title hand-over --keys "$tmp/k4.sh" -- "$R" open "$tmp/redacted.redress" >/dev/null
ls "$out"/20-*.png "$out"/21-*.png

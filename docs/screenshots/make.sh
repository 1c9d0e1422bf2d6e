#!/usr/bin/env bash
# make.sh: photograph the desktop app's main screens from the real binary
# under Xvfb, into this folder. Needs ../shared/tools/screenshot (or
# SCREENSHOT=path) and xvfb, imagemagick and xdotool.
#
#   docs/screenshots/make.sh            # from the repository root
#
# It builds bin/redress, makes a throwaway vault in a temporary HOME from the
# example cases with the command line (a sender, two journal entries, a
# stage 1 complaint), and drives the app with keys: unlock, then Ctrl+1..8.
# Nothing outside the temporary folder is touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shot=${SCREENSHOT:-$root/../shared/tools/screenshot}
out=$root/docs/screenshots
cd "$root"
go build -o bin/redress .
R=$root/bin/redress
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp REDRESS_PASSPHRASE='correct horse battery staple'
V="$HOME/Documents/Redress vault"
mkdir -p "$HOME/Documents"
$R vault create --vault "$V" >/dev/null 2>&1
id=$($R case import --vault "$V" examples/checks-before-enquiry.case.json | cut -f1)
$R case import --vault "$V" examples/bruised-baby.case.json >/dev/null
$R case import --vault "$V" examples/complaint.case.json >/dev/null
$R sender --vault "$V" --name "Sam Okafor" --address "22 Linden Row, Example City, EC2 3CD" >/dev/null
$R note add --vault "$V" --case "$id" --occurred "2026-02-04T17:20" --kind call \
  "Social worker phoned. She said the GP and the school had already been asked about us on 3 February, before anyone told us about the referral. I asked for this in writing." >/dev/null
$R note add --vault "$V" --case "$id" --occurred "2026-02-10T10:05" --kind visit \
  "Home visit. The social worker saw our son alone for about ten minutes in his room. She said she had no concerns about the home." >/dev/null
$R letter --vault "$V" --case "$id" --kind stage1 --procedure corporate --out "$tmp/stage1.pdf" >/dev/null 2>&1
prefs=$HOME/.config/fyne/org.redress.desktop
mkdir -p "$prefs"

# take NAME THEME KEYS...: unlock, press the keys, photograph.
take() {
  local name=$1 look=$2; shift 2
  printf '{"vaults.recent":["%s"],"look.theme":"%s"}\n' "$V" "$look" >"$prefs/preferences.json"
  {
    echo "xdotool type --delay 30 '$REDRESS_PASSPHRASE'; xdotool key Return; sleep 5"
    for k in "$@"; do echo "$k; sleep 2"; done
    echo "sleep 1"
  } >"$tmp/keys.sh"
  "$shot" "$out/$name.png" --size 1180x760 --title Redress --keys "$tmp/keys.sh" -- "$R" >/dev/null
  echo "$out/$name.png"
}
take 05-overview light "xdotool key ctrl+1"
take 06-journal light "xdotool key ctrl+2"
take 09-events-dark dark "xdotool key ctrl+3"
take 15-timeline light "xdotool key ctrl+4"
take 14-checks light "xdotool key ctrl+6"
take 16-letter light "xdotool key ctrl+7" "xdotool mousemove 600 240 click 1"
take 17-bundle light "xdotool key ctrl+8"
take 11-search light "xdotool key ctrl+f" "xdotool type --delay 40 'school'"

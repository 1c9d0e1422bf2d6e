# Shared by scripts/start-app, scripts/run-tests and .ci/run: install what is
# missing, quietly and idempotently, on Debian or Ubuntu. Source it; do not run it.

# Packages Fyne needs to build the desktop app (cgo, OpenGL and X11 headers).
FYNE_PACKAGES="gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
# Tools the tests use to read back what Redress writes: PDF text and fonts,
# DOCX and iCalendar parsers, and SQLite's shell for the vault's tamper tests.
# qpdf checks the bundle's tamper detection against a faithful rewrite.
TEST_PACKAGES="poppler-utils python3 python3-docx python3-icalendar qpdf"
# Tesseract reads scanned pages and photos of letters (OCR) when a document is
# imported; without it Redress says what to install and everything else works.
OCR_PACKAGES="tesseract-ocr tesseract-ocr-eng"
# What scripts/package needs besides FYNE_PACKAGES: the mingw C compiler and
# windres for the Windows build, NSIS for its installer, zip, ImageMagick for
# the Windows icon, xz for the Linux tarball, dpkg-dev for the .deb's
# library dependencies (dpkg-shlibdeps), and git for the version.
PACKAGE_PACKAGES="gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis zip imagemagick xz-utils dpkg-dev git"
# What the package smoke tests in .ci/run add: Wine to run the Windows build
# (/usr/lib/wine/wine64; ../shared/tools/wine-prepare makes Go programs start).
SMOKE_PACKAGES="wine64"

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "Please run this as root or install sudo: it needs to install system packages."; exit 1
  fi
}

# need_apt PKG...: install the packages that are not installed yet.
need_apt() {
  local missing=() p
  command -v dpkg-query >/dev/null || { say "This script installs packages with apt (Debian or Ubuntu). On another system install: $*"; return 0; }
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# need_go: make sure a Go toolchain that can build this module is on PATH.
# Go 1.21 or later fetches the exact version go.mod asks for by itself.
need_go() {
  export PATH="$PATH:/usr/local/go/bin:$HOME/go/bin"
  if ! command -v go >/dev/null; then
    need_apt golang-go ca-certificates git
  fi
  local v
  v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  case "$v" in
    1.2[1-9]*|1.[3-9][0-9]*|[2-9].*) ;;
    *) say "Redress needs Go 1.21 or later to start (it then fetches Go $(sed -n 's/^go //p' go.mod) itself); this machine has ${v:-no Go}. Install Go from https://go.dev/dl/ and run this again."; exit 1 ;;
  esac
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
}

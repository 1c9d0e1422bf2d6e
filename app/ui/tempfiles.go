package ui

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// tempFiles is the private folder where decrypted copies go when someone
// chooses to open a document in another program, after a warning. Each run
// of Redress has its own subfolder, removed on lock and on exit; the next
// start removes what a crashed run left behind.
type tempFiles struct {
	base string // the system's temporary folder, or a test's
	root string // base/redress-<user>, 0700; "" until first used
}

func newTempFiles(base string) *tempFiles {
	if base == "" {
		base = os.TempDir()
	}
	return &tempFiles{base: base}
}

func userTag() string {
	if uid := os.Getuid(); uid >= 0 {
		return strconv.Itoa(uid)
	}
	return "user"
}

// dir returns the private root folder, making it if needed. A folder of that
// name that is not a real folder we own is not used: a fresh random one is.
func (t *tempFiles) dir() (string, error) {
	if t.root != "" {
		return t.root, nil
	}
	root := filepath.Join(t.base, "redress-"+userTag())
	err := os.Mkdir(root, 0o700)
	if err != nil && os.IsExist(err) {
		fi, lerr := os.Lstat(root)
		if lerr != nil || !fi.IsDir() || fi.Mode()&os.ModeSymlink != 0 || os.Chmod(root, 0o700) != nil {
			root, err = os.MkdirTemp(t.base, "redress-")
		} else {
			err = nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("make private temporary folder: %w", err)
	}
	t.root = root
	return root, nil
}

// own is this run's subfolder.
func (t *tempFiles) own() string { return "p" + strconv.Itoa(os.Getpid()) }

// write copies r into a new file named name in a folder of its own, readable
// only by this user, and returns its path.
func (t *tempFiles) write(name string, r io.Reader) (path string, err error) {
	root, err := t.dir()
	if err != nil {
		return "", err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	dir := filepath.Join(root, t.own(), hex.EncodeToString(rnd[:]))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("make temporary folder: %w", err)
	}
	path = filepath.Join(dir, safeFileName(name))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("make temporary copy: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write temporary copy: %w", cerr)
		}
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if _, err := io.Copy(f, r); err != nil {
		return "", fmt.Errorf("write temporary copy: %w", err)
	}
	return path, nil
}

// clean removes this run's copies and those of runs that have ended.
func (t *tempFiles) clean() {
	root := filepath.Join(t.base, "redress-"+userTag())
	if t.root != "" {
		root = t.root
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "p"))
		if e.Name() == t.own() || err != nil || !processAlive(pid) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// processAlive reports whether a process with this id is running.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release()
	if runtime.GOOS == "windows" {
		return true // FindProcess fails on Windows when there is no such process
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// safeFileName keeps a document's name usable as a file name.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		name = "document"
	}
	return name
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

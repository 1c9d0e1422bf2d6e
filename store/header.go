package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/redress-app/redress/casefile"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// KDFParams are Argon2id's cost parameters. Memory is in KiB.
type KDFParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// String describes the parameters, as "argon2id m=64 MiB t=3 p=2".
func (p KDFParams) String() string {
	return fmt.Sprintf("argon2id m=%d MiB t=%d p=%d", p.Memory/1024, p.Time, p.Threads)
}

// MinKDF is the cheapest Argon2id cost Create and ChangePassphrase accept
// (64 MiB, 3 passes) unless WithInsecureKDF is given.
var MinKDF = KDFParams{Memory: 64 * 1024, Time: 3, Threads: 1}

// TestKDF is a deliberately weak cost for tests (8 MiB, 1 pass). Vaults made
// with it open in milliseconds; Create accepts it only with WithInsecureKDF.
var TestKDF = KDFParams{Memory: 8 * 1024, Time: 1, Threads: 1}

// Bounds enforced when a header is read, before Argon2 runs: anything outside
// them is refused as tampered, so a doctored header cannot make Open allocate
// gigabytes or spin for minutes (age caps scrypt's work factor the same way).
const (
	minReadMemory  = 8 * 1024        // KiB: 8 MiB, TestKDF
	maxReadMemory  = 4 * 1024 * 1024 // KiB: 4 GiB
	maxReadTime    = 64
	maxReadThreads = 16
	maxReadWork    = 8 * 1024 * 1024 // Memory*Time, in KiB-passes: 8 GiB-passes
)

func (p KDFParams) checkReadable() error {
	switch {
	case p.Memory < minReadMemory || p.Memory > maxReadMemory:
		return fmt.Errorf("argon2id memory %d KiB is outside %d..%d", p.Memory, minReadMemory, maxReadMemory)
	case p.Time < 1 || p.Time > maxReadTime:
		return fmt.Errorf("argon2id time %d is outside 1..%d", p.Time, maxReadTime)
	case p.Threads < 1 || p.Threads > maxReadThreads:
		return fmt.Errorf("argon2id threads %d is outside 1..%d", p.Threads, maxReadThreads)
	case uint64(p.Memory)*uint64(p.Time) > maxReadWork:
		return fmt.Errorf("argon2id cost %d KiB x %d passes is over the limit", p.Memory, p.Time)
	}
	return nil
}

func (p KDFParams) checkCreatable(insecure bool) error {
	if err := p.checkReadable(); err != nil {
		return err
	}
	if !insecure && (p.Memory < MinKDF.Memory || p.Time < MinKDF.Time) {
		return fmt.Errorf("%v is below the minimum %v", p, MinKDF)
	}
	return nil
}

// The key header ("keyslot") layout; FORMAT.md section 3.
const (
	headerMagic   = "RDRSKEY1"
	headerVersion = 1
	kdfArgon2id   = 1
	saltSize      = 32
	vaultIDSize   = 16
	dataKeySize   = 32
	// magic, version, kdf, memory, time, threads, salt length, salt, vault id
	headerParamsSize = 8 + 1 + 1 + 4 + 4 + 1 + 1 + saltSize + vaultIDSize
	wrappedSize      = chacha20poly1305.NonceSizeX + dataKeySize + chacha20poly1305.Overhead
	headerSize       = headerParamsSize + wrappedSize + sha256.Size
)

const wrapAD = "redress/keyslot/v1\x00"

// header is the parsed keyslot: KDF parameters, salt, vault ID and the
// wrapped data key.
type header struct {
	KDF     KDFParams
	Salt    [saltSize]byte
	VaultID [vaultIDSize]byte
	Wrapped [wrappedSize]byte
}

func (h *header) params() []byte {
	b := make([]byte, 0, headerParamsSize)
	b = append(b, headerMagic...)
	b = append(b, headerVersion, kdfArgon2id)
	b = binary.BigEndian.AppendUint32(b, h.KDF.Memory)
	b = binary.BigEndian.AppendUint32(b, h.KDF.Time)
	b = append(b, h.KDF.Threads, saltSize)
	b = append(b, h.Salt[:]...)
	b = append(b, h.VaultID[:]...)
	return b
}

func (h *header) marshal() []byte {
	b := h.params()
	b = append(b, h.Wrapped[:]...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

var errHeader = errors.New("key header")

// parseHeader decodes and bounds-checks a keyslot without running the KDF.
// Every failure is ErrTampered: the header is written only by this package.
func parseHeader(b []byte) (*header, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %w: %s", casefile.ErrTampered, errHeader, fmt.Sprintf(format, args...))
	}
	if len(b) != headerSize {
		return nil, bad("%d bytes, want %d", len(b), headerSize)
	}
	body, sum := b[:headerSize-sha256.Size], b[headerSize-sha256.Size:]
	want := sha256.Sum256(body)
	if subtle.ConstantTimeCompare(sum, want[:]) != 1 {
		return nil, bad("checksum does not match")
	}
	if string(b[:8]) != headerMagic {
		return nil, bad("not a Redress key header")
	}
	if b[8] != headerVersion {
		return nil, bad("version %d is not supported", b[8])
	}
	if b[9] != kdfArgon2id {
		return nil, bad("key derivation function %d is not supported", b[9])
	}
	h := &header{KDF: KDFParams{
		Memory:  binary.BigEndian.Uint32(b[10:14]),
		Time:    binary.BigEndian.Uint32(b[14:18]),
		Threads: b[18],
	}}
	if b[19] != saltSize {
		return nil, bad("salt length %d, want %d", b[19], saltSize)
	}
	if err := h.KDF.checkReadable(); err != nil {
		return nil, bad("%v", err)
	}
	off := 20
	off += copy(h.Salt[:], b[off:])
	off += copy(h.VaultID[:], b[off:])
	copy(h.Wrapped[:], b[off:])
	return h, nil
}

// deriveKEK runs Argon2id. hook, if set, is told first (tests count calls; the
// UI shows progress for the expected duration).
func deriveKEK(pass []byte, h *header, hook func(KDFParams)) []byte {
	if hook != nil {
		hook(h.KDF)
	}
	kek := argon2.IDKey(pass, h.Salt[:], h.KDF.Time, h.KDF.Memory, h.KDF.Threads, 32)
	releaseKDFMemory()
	return kek
}

// releaseKDFMemory hands Argon2id's working memory (64 MiB at least, often
// 256) back to the system as soon as the key is made. Left to the collector,
// it stays garbage in the heap, the next collection waits for the heap to
// double from that size, and the command's own work is piled on top of it.
func releaseKDFMemory() { debug.FreeOSMemory() } // a collection, then the memory returned

func (h *header) wrap(kek, dataKey []byte) error {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return err
	}
	nonce := h.Wrapped[:chacha20poly1305.NonceSizeX]
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	aead.Seal(h.Wrapped[:len(nonce)], nonce, dataKey, append([]byte(wrapAD), h.params()...))
	return nil
}

// unwrap returns the data key, or ErrWrongPassphrase: a wrong passphrase and a
// header altered in a way the checksum cannot see are indistinguishable.
func (h *header) unwrap(kek []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	n := chacha20poly1305.NonceSizeX
	key, err := aead.Open(nil, h.Wrapped[:n], h.Wrapped[n:], append([]byte(wrapAD), h.params()...))
	if err != nil {
		return nil, casefile.ErrWrongPassphrase
	}
	return key, nil
}

// newHeader makes a keyslot for dataKey under pass with params p.
func newHeader(pass, dataKey []byte, vaultID [vaultIDSize]byte, p KDFParams, hook func(KDFParams)) (*header, error) {
	h := &header{KDF: p, VaultID: vaultID}
	if _, err := rand.Read(h.Salt[:]); err != nil {
		return nil, err
	}
	kek := deriveKEK(pass, h, hook)
	defer clear(kek)
	if err := h.wrap(kek, dataKey); err != nil {
		return nil, err
	}
	return h, nil
}

// calibrate picks Argon2id parameters taking about 0.5-1 s here: 64 MiB and
// 3 passes at least, memory raised to 256 MiB before passes are added.
func calibrate(hook func(KDFParams)) KDFParams {
	p := KDFParams{Memory: MinKDF.Memory, Time: MinKDF.Time, Threads: uint8(min(4, max(1, runtime.NumCPU())))}
	salt := make([]byte, saltSize)
	if hook != nil {
		hook(p)
	}
	start := time.Now()
	argon2.IDKey([]byte("calibration"), salt, p.Time, p.Memory, p.Threads, 32)
	d := time.Since(start)
	releaseKDFMemory()
	const target = 650 * time.Millisecond
	// Cost is roughly linear in Memory*Time.
	for p.Memory < 256*1024 && d*2 <= target {
		p.Memory *= 2
		d *= 2
	}
	for p.Time < maxReadTime && d+d/time.Duration(p.Time) <= target && uint64(p.Memory)*uint64(p.Time+1) <= maxReadWork {
		d += d / time.Duration(p.Time)
		p.Time++
	}
	return p
}

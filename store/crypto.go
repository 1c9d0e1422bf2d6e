package store

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/chacha20poly1305"
)

// Associated-data domains: each ciphertext is bound to what it is and where it
// belongs (FORMAT.md section 4).
const (
	adRecord   = "redress/record/v1\x00"
	adContent  = "redress/content/v1\x00"
	adChunk    = "redress/chunk/v1\x00"
	adSettings = "redress/settings/v1\x00"
	macHead    = "redress/head/v1\x00"
	macCases   = "redress/cases/v1\x00"
)

const sealVersion = 1

var errOpen = errors.New("does not decrypt")

// keys are the subkeys derived from the data key. They are the only secrets
// an open vault holds; wipe zeroes them.
type keys struct {
	vaultID [vaultIDSize]byte
	seal    [32]byte
	mac     [32]byte
	plain   bool // benchmarks only: the same format with no encryption
}

func deriveKeys(dataKey []byte, vaultID [vaultIDSize]byte) (*keys, error) {
	k := &keys{vaultID: vaultID}
	s, err := hkdf.Key(sha256.New, dataKey, vaultID[:], "redress/v1 seal", 32)
	if err != nil {
		return nil, err
	}
	m, err := hkdf.Key(sha256.New, dataKey, vaultID[:], "redress/v1 mac", 32)
	if err != nil {
		return nil, err
	}
	copy(k.seal[:], s)
	copy(k.mac[:], m)
	clear(s)
	clear(m)
	return k, nil
}

func (k *keys) wipe() {
	clear(k.seal[:])
	clear(k.mac[:])
}

// ad builds associated data: the domain, the vault ID, then the parts.
func (k *keys) ad(domain string, parts ...[]byte) []byte {
	n := len(domain) + vaultIDSize
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, domain...)
	b = append(b, k.vaultID[:]...)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// sealTo appends version || nonce || ciphertext || tag to dst.
func (k *keys) sealTo(dst, plaintext, ad []byte) []byte {
	if k.plain {
		return append(append(dst, 0), plaintext...)
	}
	aead, err := chacha20poly1305.NewX(k.seal[:])
	if err != nil {
		panic(err) // the key is always 32 bytes
	}
	dst = append(dst, sealVersion)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	dst = append(dst, nonce...)
	return aead.Seal(dst, nonce, plaintext, ad)
}

func (k *keys) openBlob(blob, ad []byte) ([]byte, error) {
	return k.openWith(nil, blob, ad)
}

// opener returns an AEAD for many openBlob calls (loading a vault). It holds
// a copy of the key that cannot be zeroed: keep it only for one operation.
func (k *keys) opener() cipher.AEAD {
	if k.plain {
		return nil
	}
	aead, err := chacha20poly1305.NewX(k.seal[:])
	if err != nil {
		panic(err)
	}
	return aead
}

// openWith decrypts blob in place (blob is overwritten) with aead, or with a
// fresh one when aead is nil.
func (k *keys) openWith(aead cipher.AEAD, blob, ad []byte) ([]byte, error) {
	if k.plain {
		if len(blob) < 1 || blob[0] != 0 {
			return nil, errOpen
		}
		return blob[1:], nil
	}
	const min = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
	if len(blob) < min || blob[0] != sealVersion {
		return nil, errOpen
	}
	if aead == nil {
		aead = k.opener()
	}
	n := 1 + chacha20poly1305.NonceSizeX
	out, err := aead.Open(blob[n:n], blob[1:n], blob[n:], ad)
	if err != nil {
		return nil, errOpen
	}
	return out, nil
}

func (k *keys) macOf(domain string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, k.mac[:])
	m.Write([]byte(domain))
	m.Write(k.vaultID[:])
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

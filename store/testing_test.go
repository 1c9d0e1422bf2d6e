package store

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

var testPass = []byte("correct horse battery staple")

// testClock is a deterministic clock: each call is one second later.
type testClock struct{ n atomic.Int64 }

func (c *testClock) now() time.Time {
	return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(c.n.Add(1)) * time.Second)
}

// testOpts lower the KDF cost, as restic's testing.go does.
func testOpts(extra ...Option) []Option {
	c := &testClock{}
	return append([]Option{WithKDF(TestKDF), WithInsecureKDF(), WithClock(c.now)}, extra...)
}

func newTestVault(t testing.TB, extra ...Option) (*Vault, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(context.Background(), dir, testPass, testOpts(extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, dir
}

func reopen(t testing.TB, v *Vault, extra ...Option) *Vault {
	t.Helper()
	dir := v.Path()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v2, err := Open(context.Background(), dir, testPass, testOpts(extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v2.Close() })
	return v2
}

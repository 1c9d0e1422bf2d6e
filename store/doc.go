// Package store is Redress's vault: an encrypted, tamper-evident, crash-safe
// store for many cases, their events, notes, documents and letter drafts.
//
// A vault is a folder holding one SQLite database (WAL mode, synchronous=FULL)
// and a lock file. Everything a person wrote or imported is sealed with
// XChaCha20-Poly1305 under a random data key; the data key is wrapped by a key
// derived from the passphrase with Argon2id. Every change to a case is a
// record in that case's append-only, hash-chained journal, so one case can be
// verified on its own, by a third party, from the records and the short
// checkpoint string printed on letters and bundles. FORMAT.md beside this file
// describes the format precisely enough to write an independent verifier.
//
// After Open the whole vault (but never a document's bytes) is decrypted into
// memory: reads and search are served from there, and nothing decrypted is
// ever written to disk. Lock drops the keys and the decrypted state.
package store

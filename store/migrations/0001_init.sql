-- Redress vault schema, version 1 (FORMAT.md section 8).
-- Nothing here is plaintext user data: every BLOB named *sealed* is an AEAD
-- ciphertext; hashes are salted commitments or chain hashes.

CREATE TABLE meta (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;

-- The single key slot: KDF parameters, salt, vault ID, wrapped data key.
CREATE TABLE keyslot (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	header BLOB NOT NULL
) STRICT;

-- One row per case: its authenticated chain head (seq || hash || HMAC).
CREATE TABLE cases (
	id   TEXT PRIMARY KEY,
	head BLOB NOT NULL
) STRICT;

-- The journals: one hash chain per case.
CREATE TABLE journal (
	case_id TEXT    NOT NULL REFERENCES cases (id),
	seq     INTEGER NOT NULL CHECK (seq > 0),
	hash    BLOB    NOT NULL,          -- chain hash (plaintext; reveals nothing)
	record  BLOB    NOT NULL,          -- sealed canonical record
	content BLOB,                      -- sealed salt || content JSON; NULL once purged
	UNIQUE (case_id, seq)
) STRICT;

-- Document bytes, one row per sealed chunk.
CREATE TABLE chunks (
	blob BLOB    NOT NULL,             -- 16-byte random blob ID
	idx  INTEGER NOT NULL CHECK (idx >= 0),
	data BLOB    NOT NULL,             -- sealed chunk
	UNIQUE (blob, idx)
) STRICT;

-- Vault-wide settings (AI endpoint, model, API key...) as one sealed JSON object.
CREATE TABLE settings (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	data BLOB NOT NULL
) STRICT;

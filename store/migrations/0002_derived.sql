-- Redress vault schema, version 2 (FORMAT.md section 8): derived records.
-- What Redress read from a document (text per page, page thumbnails, how
-- far reading got), kept so it is not read again. Each row is sealed and
-- tied to the document's SHA-256 through a keyed MAC; all of it can be
-- rebuilt from the document, so none of it is in the journal.

CREATE TABLE derived (
	doc  BLOB    NOT NULL,             -- HMAC-SHA-256(derived key, document SHA-256)
	kind TEXT    NOT NULL CHECK (kind IN ('info', 'text', 'thumb')),
	page INTEGER NOT NULL CHECK (page >= 0),
	data BLOB    NOT NULL,             -- sealed
	UNIQUE (doc, kind, page)
) STRICT;

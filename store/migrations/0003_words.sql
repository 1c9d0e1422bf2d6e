-- Redress vault schema, version 3 (FORMAT.md section 12): the words of a
-- page with their boxes (kind 'words') join the derived records. SQLite
-- cannot change a CHECK constraint in place, so the table is made again
-- with the wider one and its rows copied across unchanged.

CREATE TABLE derived3 (
	doc  BLOB    NOT NULL,             -- HMAC-SHA-256(derived key, document SHA-256)
	kind TEXT    NOT NULL CHECK (kind IN ('info', 'text', 'thumb', 'words')),
	page INTEGER NOT NULL CHECK (page >= 0),
	data BLOB    NOT NULL,             -- sealed
	UNIQUE (doc, kind, page)
) STRICT;
INSERT INTO derived3 (doc, kind, page, data) SELECT doc, kind, page, data FROM derived;
DROP TABLE derived;
ALTER TABLE derived3 RENAME TO derived;

// Package bundle assembles an evidence bundle: one PDF, in sections (A index
// and chronology, B findings and letters, C the council's documents ...),
// with every page stamped with its section page label (A1, A2 ... B1 ...)
// and the bundle's title, PDF page labels that match, a hyperlinked index,
// a chronology whose sources point at bundle pages, a schedule of findings
// with their citations, bookmarks for every section and document, and an
// embedded JSON manifest that lets anyone check the bundle later with no
// vault and no passphrase (see Verify and MANIFEST.md beside this file).
//
// The package knows nothing of the vault. Its inputs are small: sections of
// parts, items with their metadata and a function that opens their bytes,
// the chronology rows, the findings, the record checkpoint and the case's
// journal records as opaque JSON for the manifest.
//
// Building is in two steps. Prepare reads and checks every item (one that
// cannot be read, is encrypted or is broken is isolated: it becomes a page
// saying why, and the report says so; it never sinks the bundle), lays out
// the front matter and returns a Plan whose Report lists the problems found
// before anything is written: undated documents, pages with no text layer,
// duplicates, unreadable PDFs, a bundle over the 350-page family court
// limit, empty sections. Plan.Write then assembles and writes the PDF.
//
// Exhibits are parsed with pdfcpu, entirely in memory: it is given readers,
// never file names, and its configuration folder is disabled, so nothing is
// written to disk but the output the caller asks for. The bundle's PDF is
// written here, object by object (writer.go): each exhibit is read again,
// the objects its pages use are written under new numbers with their
// streams copied as stored, and the exhibit is let go before the next, so
// memory does not grow with the size of the exhibits (an exhibit of at
// most 2 MB is read and parsed on the other core while the one before is
// written). Only an exhibit's
// catalogue is never copied: its outline, named trees (JavaScript, embedded
// files), page labels and actions run on opening stay out of the bundle.
package bundle

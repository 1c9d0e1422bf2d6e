package letters

import (
	"fmt"
	"path"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// quotedEvidence says, for each passage an event cites with the words relied
// on (casefile Event.Quotes), which document says it and at which page:
// "ICPC report says, at page 3: “…”". References without words, or to
// nothing in the case's documents, say nothing here: the enclosures and the
// bundle name them.
func quotedEvidence(c *casefile.Case, e *casefile.Event) []string {
	var out []string
	for i, ref := range e.Evidence {
		q := strings.Join(strings.Fields(cleanText(e.EvidenceQuote(i))), " ")
		if q == "" {
			continue
		}
		id, page, err := casefile.ParseEvidence(ref)
		if err != nil {
			continue
		}
		name := ""
		for _, d := range c.Documents {
			if d.ID == id {
				name = documentTitle(d.Name)
			}
		}
		if name == "" {
			continue
		}
		at := ""
		if page > 0 {
			at = fmt.Sprintf(", at page %d", page)
		}
		out = append(out, fmt.Sprintf("%s says%s: “%s”", name, at, strings.Trim(q, "“”\"")))
	}
	return out
}

// quotedWords is quotedEvidence as it follows an event in a letter: " (ICPC
// report says, at page 3: “…”)", or "" when the event quotes nothing.
func quotedWords(c *casefile.Case, e *casefile.Event) string {
	q := quotedEvidence(c, e)
	if len(q) == 0 {
		return ""
	}
	return " (" + strings.Join(q, "; ") + ")"
}

// documentTitle is a document's file name as words: without its folder or
// a short extension ("ICPC report.pdf" is "ICPC report").
func documentTitle(name string) string {
	name = cleanText(strings.TrimSpace(name))
	if ext := path.Ext(name); len(ext) > 1 && len(ext) <= 5 && len(name) > len(ext) {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

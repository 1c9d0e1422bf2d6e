package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// ICSItem is one deadline for a calendar file: a finding and the case it
// belongs to.
type ICSItem struct {
	// CaseTitle and Authority name the case. With the finding's rule and
	// trigger they make the event's UID, so that exporting the same deadline
	// again updates the calendar entry instead of adding a second one.
	CaseTitle string
	Authority string
	// Label, when not empty, is added to the summary in brackets, such as
	// the case's name when one file covers several cases.
	Label   string
	Finding casefile.Finding
}

// WriteICS writes deadlines as an iCalendar file (RFC 5545): one all-day event
// on the due date of every item that has one, with the finding's explanation
// and sources as the description. version is Redress's version, for PRODID;
// now stamps DTSTAMP. The output depends only on its arguments. The file holds
// case details, so whoever asks for it should say so to the person saving it.
func WriteICS(w io.Writer, version string, items []ICSItem, now time.Time) error {
	var b strings.Builder
	line := func(s string) { foldLine(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Redress//redress " + version + "//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	stamp := now.UTC().Format("20060102T150405Z")
	for _, it := range items {
		f := it.Finding
		if f.Due.IsZero() {
			continue
		}
		sum := sha256.Sum256([]byte(it.CaseTitle + "\x00" + it.Authority + "\x00" + f.Rule + "\x00" + f.Trigger))
		line("BEGIN:VEVENT")
		line("UID:" + hex.EncodeToString(sum[:16]) + "@redress.invalid")
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + f.Due.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + f.Due.AddDays(1).Time().Format("20060102"))
		summary := f.Title
		if it.Label != "" {
			summary += " (" + it.Label + ")"
		}
		line("SUMMARY:" + icsText(summary))
		desc := f.Explanation
		for _, ct := range f.Citations {
			desc += "\nSource: " + CitationText(ct)
		}
		line("DESCRIPTION:" + icsText(desc))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// icsText escapes a TEXT value (RFC 5545 section 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldLine writes a content line ending with CRLF, folded so that no line is
// longer than 75 octets and no UTF-8 character is split (RFC 5545 section 3.1).
func foldLine(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

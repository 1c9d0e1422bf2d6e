package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ManifestFormat is the value of every manifest's "format" field.
const ManifestFormat = "redress-bundle/1"

// MaxManifestSize bounds the manifest a verifier reads.
const MaxManifestSize = 64 << 20

// Manifest is the JSON document attached to every bundle: what is in it and
// the evidence that lets anyone check it later without the vault. See
// MANIFEST.md for every field.
type Manifest struct {
	Format     string `json:"format"`
	Title      string `json:"title"`
	Case       string `json:"case,omitempty"`
	Authority  string `json:"authority,omitempty"`
	Created    string `json:"created"` // RFC 3339, UTC
	Checkpoint string `json:"checkpoint,omitempty"`
	PageDigest string `json:"page_digest"` // PageDigestMethod
	// Style is the bundle's style when it is not StyleOmbudsman (left out
	// then, so that such a manifest reads as before).
	Style Style `json:"style,omitempty"`
	// Volume and Volumes say which volume of a bundle split into volumes
	// this file is; both are left out for a bundle in one file.
	Volume   int               `json:"volume,omitempty"`
	Volumes  int               `json:"volumes,omitempty"`
	Sections []ManifestSection `json:"sections"`
	// VolumeIndex are the pages of a later volume's own index, which come
	// first in its file, before Pages: labelled V2-i, V2-ii ... They are
	// not pages of the bundle. Left out when there are none.
	VolumeIndex []PageEntry       `json:"volume_index,omitempty"`
	Pages       []PageEntry       `json:"pages"`
	Exhibits    []Exhibit         `json:"exhibits"`
	Chronology  []ChronologyEntry `json:"chronology"`
	// Journal is the case's journal records (store.Record as JSON), with the
	// salt and content of the records the bundle discloses.
	Journal []json.RawMessage `json:"journal"`
	// Redaction is set in a redacted bundle: the pages that are redacted
	// copies (redact.go).
	Redaction *ManifestRedaction `json:"redaction,omitempty"`
}

// ManifestSection is one section of the bundle.
type ManifestSection struct {
	Label string `json:"label"`
	Title string `json:"title"`
	Pages int    `json:"pages"`
}

// PageEntry is one page: its printed label and its fingerprint.
type PageEntry struct {
	Label  string `json:"label"`
	SHA256 string `json:"sha256"`
}

// Exhibit is one item of the bundle.
type Exhibit struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Name      string `json:"name,omitempty"`
	Type      string `json:"type,omitempty"`
	Date      string `json:"date,omitempty"`
	Source    string `json:"source,omitempty"`
	Author    string `json:"author,omitempty"`
	SHA256    string `json:"sha256"` // of the original bytes
	Size      int64  `json:"size"`
	Record    uint64 `json:"record,omitempty"` // the journal record that committed SHA256
	Generated bool   `json:"generated,omitempty"`
	Section   string `json:"section"`
	First     string `json:"first"` // label of its first page
	Last      string `json:"last"`
	Shown     string `json:"shown"` // ShownPDF, ShownImage, ShownText, ShownPlaceholder
	Reason    string `json:"reason,omitempty"`
	// Attachment is the name the original is attached under, when it is.
	Attachment string `json:"attachment,omitempty"`
}

// ChronologyEntry is one row of the chronology as printed.
type ChronologyEntry struct {
	Date     string   `json:"date"`
	Time     string   `json:"time,omitempty"`
	Approx   bool     `json:"approx,omitempty"`
	Event    string   `json:"event"`
	EventID  string   `json:"event_id,omitempty"`
	Status   string   `json:"status,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Pages    []string `json:"pages,omitempty"` // the bundle pages the evidence is on
	Record   uint64   `json:"record,omitempty"`
}

var (
	hexSHA   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	pageLbl  = regexp.MustCompile(`^[A-Z][1-9][0-9]{0,5}$`)
	pageNum  = regexp.MustCompile(`^[1-9][0-9]{0,6}$`)
	errBadMF = errors.New("the manifest is malformed")
)

// DecodeManifest reads a manifest strictly: unknown fields, a wrong format,
// and values of the wrong shape are errors. It never panics, whatever the
// input.
func DecodeManifest(data []byte) (*Manifest, error) {
	if len(data) > MaxManifestSize {
		return nil, fmt.Errorf("%w: larger than %d MB", errBadMF, MaxManifestSize>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadMF, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the manifest", errBadMF)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{errBadMF}, args...)...)
	}
	if m.Format != ManifestFormat {
		return nil, bad("format is %q, not %q", m.Format, ManifestFormat)
	}
	if m.PageDigest != PageDigestMethod && m.PageDigest != PageDigestMethodV1 {
		return nil, bad("page fingerprints by %q, which this version does not know", m.PageDigest)
	}
	if _, err := time.Parse(time.RFC3339Nano, m.Created); err != nil {
		return nil, bad("created is not a time: %q", m.Created)
	}
	if len(m.Pages) == 0 {
		return nil, bad("it lists no pages")
	}
	switch m.Style {
	case StyleCourt, StyleFamily:
	case "":
	default:
		// "ombudsman" is never written: it is the default, left out.
		return nil, bad("style %q is not one this version knows", m.Style)
	}
	if m.Volumes < 0 || m.Volume < 0 || (m.Volumes == 0) != (m.Volume == 0) || m.Volume > m.Volumes {
		return nil, bad("volume %d of %d", m.Volume, m.Volumes)
	}
	first := 1
	if m.Style.Sequential() && m.Volume > 1 {
		// A later volume goes on from where the one before stopped.
		n, err := strconv.Atoi(m.Pages[0].Label)
		if err != nil || n < 1 {
			return nil, bad("its first page has a bad label %q", m.Pages[0].Label)
		}
		first = n
	}
	seen := map[string]bool{}
	for i, p := range m.Pages {
		ok := pageLbl.MatchString(p.Label)
		if m.Style.Sequential() {
			// Numbered through the bundle: page i is labelled i.
			ok = pageNum.MatchString(p.Label) && p.Label == strconv.Itoa(first+i)
		}
		if !ok || seen[p.Label] {
			return nil, bad("page %d has a bad or repeated label %q", i+1, p.Label)
		}
		seen[p.Label] = true
		if !hexSHA.MatchString(p.SHA256) {
			return nil, bad("page %s has a malformed fingerprint", p.Label)
		}
	}
	if len(m.VolumeIndex) > 0 && m.Volume < 2 {
		return nil, bad("it lists a volume's own index but is not a later volume")
	}
	if len(m.VolumeIndex) > maxIndexPages {
		return nil, bad("its volume's index has %d pages", len(m.VolumeIndex))
	}
	for i, p := range m.VolumeIndex {
		if p.Label != indexLabel(m.Volume, i) {
			return nil, bad("page %d of the volume's index has the label %q, not %q", i+1, p.Label, indexLabel(m.Volume, i))
		}
		if !hexSHA.MatchString(p.SHA256) {
			return nil, bad("page %s has a malformed fingerprint", p.Label)
		}
	}
	total := 0
	for _, s := range m.Sections {
		if !sectionLabel.MatchString(s.Label) || s.Pages < 0 {
			return nil, bad("section %q is malformed", s.Label)
		}
		total += s.Pages
	}
	if total != len(m.Pages) {
		return nil, bad("its sections have %d pages but it lists %d", total, len(m.Pages))
	}
	ids := map[string]bool{}
	for _, e := range m.Exhibits {
		if e.ID == "" || ids[e.ID] {
			return nil, bad("an exhibit has no ID or a repeated one (%q)", e.ID)
		}
		ids[e.ID] = true
		if !hexSHA.MatchString(e.SHA256) && !(e.SHA256 == "" && e.Shown == ShownPlaceholder) {
			return nil, bad("exhibit %s has a malformed SHA-256", e.ID)
		}
		if e.Size < 0 {
			return nil, bad("exhibit %s has a negative size", e.ID)
		}
		if !seen[e.First] || !seen[e.Last] {
			return nil, bad("exhibit %s names pages the bundle does not have", e.ID)
		}
		switch e.Shown {
		case ShownPDF, ShownImage, ShownText, ShownPlaceholder:
		default:
			return nil, bad("exhibit %s is shown as %q", e.ID, e.Shown)
		}
	}
	for i, c := range m.Chronology {
		for _, p := range c.Pages {
			if !seen[p] && m.Volumes == 0 {
				return nil, bad("chronology entry %d names page %q, which the bundle does not have", i+1, p)
			}
		}
	}
	for i, r := range m.Journal {
		if t := bytes.TrimSpace(r); len(t) == 0 || t[0] != '{' {
			return nil, bad("journal record %d is not an object", i+1)
		}
	}
	if err := checkRedaction(&m, seen); err != nil {
		return nil, err
	}
	return &m, nil
}

// maxIndexPages bounds a volume's own index as a manifest lists it.
const maxIndexPages = 1000

// filePages are the pages of the file the manifest describes, in order: a
// volume's own index, then its pages of the bundle.
func (m *Manifest) filePages() []PageEntry {
	if len(m.VolumeIndex) == 0 {
		return m.Pages
	}
	return append(append(make([]PageEntry, 0, len(m.VolumeIndex)+len(m.Pages)), m.VolumeIndex...), m.Pages...)
}

// original is an exhibit's original file, to be attached.
type original struct {
	name string
	u    *unit
}

// manifest writes the manifest from the pages' fingerprints, and lists the
// originals to attach when asked.
func (a *assembler) manifest(labels []string) (*Manifest, []byte, []original, error) {
	p, b := a.p, a.p.b
	created := b.created().Format(time.RFC3339)
	m := &Manifest{
		Format: ManifestFormat, Title: b.Title, Case: b.Case, Authority: b.Authority,
		Created: created, Checkpoint: b.Checkpoint, PageDigest: PageDigestMethod,
		Journal: b.Journal, Redaction: a.manifestRedaction(),
	}
	if st := b.Style.orDefault(); st != StyleOmbudsman {
		m.Style = st
	}
	if a.vol.Of > 1 {
		m.Volume, m.Volumes = a.vol.Number, a.vol.Of
		m.Title = fmt.Sprintf("%s (volume %d of %d)", b.Title, a.vol.Number, a.vol.Of)
	}
	if m.Journal == nil {
		m.Journal = []json.RawMessage{}
	}
	for si, s := range b.Sections {
		first, count := p.sectionRange(si)
		// In a volume, the section's pages that are in it.
		count = max(0, min(first+count, a.hi)-max(first, a.lo))
		m.Sections = append(m.Sections, ManifestSection{Label: s.Label, Title: s.Title, Pages: count})
	}
	for i, sum := range a.sums[:a.pre] {
		m.VolumeIndex = append(m.VolumeIndex, PageEntry{Label: indexLabel(a.vol.Number, i), SHA256: sum})
	}
	for i, sum := range a.sums[a.pre:] {
		m.Pages = append(m.Pages, PageEntry{Label: labels[a.lo+i], SHA256: sum})
	}
	var originals []original
	for _, u := range p.units {
		if u.part.Kind != Document || !a.holds(u) {
			continue
		}
		it := u.item()
		e := Exhibit{
			ID: it.ID, Title: it.Label(), Name: it.Name, Type: it.Type, Source: it.Source, Author: it.Author,
			SHA256: strings.ToLower(it.SHA256), Size: it.Size, Record: it.Record, Generated: it.Generated,
			Section: b.Sections[u.section].Label, First: labels[max(u.first, a.lo)], Last: labels[min(u.first+u.pages, a.hi)-1],
			Shown: u.shown, Reason: u.reason,
		}
		if !it.Date.IsZero() {
			e.Date = it.Date.String()
		}
		if e.SHA256 == "" {
			e.SHA256, e.Size = u.sha256, u.size
		}
		if b.AttachOriginals && u.sha256 != "" && strings.EqualFold(u.sha256, e.SHA256) {
			e.Attachment = attachmentName(it)
			originals = append(originals, original{e.Attachment, u})
		}
		m.Exhibits = append(m.Exhibits, e)
	}
	for _, r := range b.Chronology {
		c := ChronologyEntry{Date: r.Date.String(), Time: r.Time, Approx: r.Approx, Event: r.Event,
			EventID: r.EventID, Status: r.Status, Evidence: r.Evidence, Record: r.Record}
		if r.Date.IsZero() {
			c.Date = ""
		}
		for _, ref := range r.Evidence {
			if _, pg, ok := p.refPage(ref); ok {
				c.Pages = append(c.Pages, labels[pg])
			}
		}
		m.Chronology = append(m.Chronology, c)
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("write the manifest: %w", err)
	}
	return m, append(data, '\n'), originals, nil
}

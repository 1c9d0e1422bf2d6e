package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// The wire types fix the field order and spelling of redress-case/1. Empty
// fields are left out; defaults ("exact", "undisputed") are not written.
type wireCase struct {
	Format          string       `json:"format"`
	Title           string       `json:"title,omitempty"`
	Authority       string       `json:"authority,omitempty"`
	LocalTimescales *wireLocal   `json:"local_timescales,omitempty"`
	Children        []wireChild  `json:"children"`
	Events          []wireEvent  `json:"events"`
	People          []wirePerson `json:"people,omitempty"`
	Notes           []wireNote   `json:"notes,omitempty"`
	Documents       []wireDoc    `json:"documents,omitempty"`
}

type wireChild struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Born     Date     `json:"born,omitzero"`
	Mobility Mobility `json:"mobility,omitempty"`
}

type wirePerson struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	Role         string `json:"role,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

type wireEvent struct {
	ID        string         `json:"id"`
	Kind      Kind           `json:"kind"`
	Date      Date           `json:"date"`
	Time      Clock          `json:"time,omitzero"`
	Certainty Certainty      `json:"certainty,omitempty"`
	Detail    string         `json:"detail,omitempty"`
	Child     string         `json:"child,omitempty"`
	Attrs     *wireAttrs     `json:"attrs,omitempty"`
	Evidence  []wireEvidence `json:"evidence,omitempty"`
	Status    FactStatus     `json:"status,omitempty"`
}

type wireAttrs struct {
	Type        string `json:"type,omitempty"`
	S47         *bool  `json:"s47,omitempty"`
	Outcome     string `json:"outcome,omitempty"`
	Agency      string `json:"agency,omitempty"`
	Consent     *bool  `json:"consent,omitempty"`
	Alone       *bool  `json:"alone,omitempty"`
	Plan        *bool  `json:"plan,omitempty"`
	Stage       int    `json:"stage,omitempty"`
	Procedure   string `json:"procedure,omitempty"`
	Description string `json:"description,omitempty"`

	Agencies          Agencies `json:"agencies,omitempty"`
	ReportShared      Date     `json:"report_shared,omitzero"`
	ParentsInvited    *bool    `json:"parents_invited,omitempty"`
	ExceptionRecorded *bool    `json:"exception_recorded,omitempty"`
	Accurate          *bool    `json:"accurate,omitempty"`
	Complete          *bool    `json:"complete,omitempty"`
	Subject           string   `json:"subject,omitempty"`
}

type wireLocal struct {
	Stage1WD int    `json:"corporate_stage1_wd,omitempty"`
	Stage2WD int    `json:"corporate_stage2_wd,omitempty"`
	Source   string `json:"source,omitempty"`
}

type wireNote struct {
	ID string `json:"id"`
	wireVersion
	Archived bool          `json:"archived,omitempty"`
	Versions []wireVersion `json:"versions,omitempty"`
}

type wireVersion struct {
	Occurred  string   `json:"occurred"`
	Recorded  string   `json:"recorded"`
	Kind      NoteKind `json:"kind,omitempty"`
	People    []string `json:"people,omitempty"`
	Text      string   `json:"text"`
	Events    []string `json:"events,omitempty"`
	Documents []string `json:"documents,omitempty"`
	Tags      []string `json:"tags,omitempty"`
}

type wireDoc struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`
	Date   Date   `json:"date,omitzero"`
	Source string `json:"source,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

// Encode writes c as an indented redress-case/1 document. Decoding what Encode
// writes gives back the same case, and encoding that gives the same bytes.
func Encode(w io.Writer, c *Case) error {
	b, err := Marshal(c)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal returns c as an indented redress-case/1 document ending in a newline.
func Marshal(c *Case) ([]byte, error) {
	wc := wireCase{Format: Format, Title: c.Title, Authority: c.Authority,
		Children: []wireChild{}, Events: []wireEvent{}}
	if lt := c.LocalTimescales; lt != nil {
		wc.LocalTimescales = &wireLocal{Stage1WD: lt.Stage1WD, Stage2WD: lt.Stage2WD, Source: lt.Source}
	}
	for _, ch := range c.Children {
		wc.Children = append(wc.Children, wireChild(ch))
	}
	for _, p := range c.People {
		wc.People = append(wc.People, wirePerson(p))
	}
	for _, e := range c.Events {
		we := wireEvent{ID: e.ID, Kind: e.Kind, Date: e.Date, Time: e.Time, Detail: e.Detail,
			Child: e.Child, Evidence: wireEvidenceOf(e)}
		if e.Certainty == CertaintyApprox {
			we.Certainty = CertaintyApprox
		}
		if e.Status != FactUndisputed {
			we.Status = e.Status
		}
		if a := wireAttrs(e.Attrs); a != (wireAttrs{}) {
			we.Attrs = &a
		}
		wc.Events = append(wc.Events, we)
	}
	for _, n := range c.Notes {
		wn := wireNote{ID: n.ID, Archived: n.Archived, wireVersion: wireVersion{
			Occurred: formatTime(n.Occurred), Recorded: formatTime(n.Recorded), Kind: n.Kind,
			People: n.People, Text: n.Text, Events: n.Events, Documents: n.Documents, Tags: n.Tags}}
		for _, v := range n.Versions {
			wn.Versions = append(wn.Versions, wireVersion{Occurred: formatTime(v.Occurred), Recorded: formatTime(v.Recorded),
				Kind: v.Kind, People: v.People, Text: v.Text, Events: v.Events, Documents: v.Documents, Tags: v.Tags})
		}
		wc.Notes = append(wc.Notes, wn)
	}
	for _, doc := range c.Documents {
		wc.Documents = append(wc.Documents, wireDoc(doc))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(wc); err != nil {
		return nil, fmt.Errorf("encode case: %w", err)
	}
	return buf.Bytes(), nil
}

func formatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

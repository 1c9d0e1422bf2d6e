package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/redress-app/redress/casefile"
)

// The JSON content of each object type (FORMAT.md section 7). Field names are
// fixed; empty fields are left out.

type caseContent struct {
	Title           string        `json:"title,omitempty"`
	Authority       string        `json:"authority,omitempty"`
	LocalTimescales *localContent `json:"local_timescales,omitempty"`
}

// localContent is the council's own corporate complaints timescales
// (casefile.LocalTimescales).
type localContent struct {
	Stage1WD int    `json:"corporate_stage1_wd,omitempty"`
	Stage2WD int    `json:"corporate_stage2_wd,omitempty"`
	Source   string `json:"source,omitempty"`
}

type childContent struct {
	ID       string            `json:"id"`
	Name     string            `json:"name,omitempty"`
	Born     casefile.Date     `json:"born,omitzero"`
	Mobility casefile.Mobility `json:"mobility,omitempty"`
}

type personContent struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	Role         string `json:"role,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

type attrsContent struct {
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

	Agencies          casefile.Agencies `json:"agencies,omitempty"`
	ReportShared      casefile.Date     `json:"report_shared,omitzero"`
	ParentsInvited    *bool             `json:"parents_invited,omitempty"`
	ExceptionRecorded *bool             `json:"exception_recorded,omitempty"`
	Accurate          *bool             `json:"accurate,omitempty"`
	Complete          *bool             `json:"complete,omitempty"`
	Subject           string            `json:"subject,omitempty"`
}

type eventContent struct {
	ID        string              `json:"id"`
	Kind      casefile.Kind       `json:"kind"`
	Date      casefile.Date       `json:"date"`
	Time      casefile.Clock      `json:"time,omitzero"`
	Certainty casefile.Certainty  `json:"certainty,omitempty"`
	Detail    string              `json:"detail,omitempty"`
	Child     string              `json:"child,omitempty"`
	Attrs     *attrsContent       `json:"attrs,omitempty"`
	Evidence  []string            `json:"evidence,omitempty"`
	Quotes    []string            `json:"quotes,omitempty"` // parallel to evidence (casefile/evidence.go)
	Status    casefile.FactStatus `json:"status,omitempty"`
}

type noteContent struct {
	ID        string            `json:"id"`
	Occurred  time.Time         `json:"occurred"`
	Recorded  time.Time         `json:"recorded"`
	Kind      casefile.NoteKind `json:"kind,omitempty"`
	People    []string          `json:"people,omitempty"`
	Text      string            `json:"text"`
	Events    []string          `json:"events,omitempty"`
	Documents []string          `json:"documents,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
}

type docContent struct {
	ID        string        `json:"id"`
	Name      string        `json:"name,omitempty"`
	Type      string        `json:"type,omitempty"`
	Date      casefile.Date `json:"date,omitzero"`
	Source    string        `json:"source,omitempty"`
	SHA256    string        `json:"sha256,omitempty"`
	Size      int64         `json:"size,omitempty"`
	Blob      string        `json:"blob,omitempty"` // hex blob ID; absent when the vault has no bytes
	ChunkSize int           `json:"chunk_size,omitempty"`
	Chunks    int64         `json:"chunks,omitempty"`
}

type letterContent struct {
	ID      string        `json:"id"`
	Kind    string        `json:"kind,omitempty"`
	Title   string        `json:"title,omitempty"`
	Status  string        `json:"status,omitempty"`
	Sent    casefile.Date `json:"sent,omitzero"`
	Content []byte        `json:"content,omitempty"`
}

func marshalContent(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal %T: %v", v, err)) // content types always marshal
	}
	return b
}

// decodeContent decodes an object's JSON into its content type.
func decodeContent(typ string, b []byte) (any, error) {
	var v any
	switch typ {
	case TypeCase:
		v = new(caseContent)
	case TypeChild:
		v = new(childContent)
	case TypePerson:
		v = new(personContent)
	case TypeEvent:
		v = new(eventContent)
	case TypeNote:
		v = new(noteContent)
	case TypeDocument:
		v = new(docContent)
	case TypeLetter:
		v = new(letterContent)
	default:
		return nil, fmt.Errorf("unknown type %q", typ)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("content is not valid %s JSON: %v", typ, err)
	}
	return v, nil
}

func contentID(v any) string {
	switch c := v.(type) {
	case *caseContent:
		return caseObject
	case *childContent:
		return c.ID
	case *personContent:
		return c.ID
	case *eventContent:
		return c.ID
	case *noteContent:
		return c.ID
	case *docContent:
		return c.ID
	case *letterContent:
		return c.ID
	}
	return ""
}

func fromEvent(e casefile.Event) *eventContent {
	c := &eventContent{ID: e.ID, Kind: e.Kind, Date: e.Date, Time: e.Time, Detail: e.Detail,
		Child: e.Child, Evidence: e.Evidence, Quotes: e.Quotes}
	if e.Certainty == casefile.CertaintyApprox {
		c.Certainty = e.Certainty
	}
	if e.Status != casefile.FactUndisputed {
		c.Status = e.Status
	}
	if a := attrsContent(e.Attrs); !casefile.Attrs(a).IsZero() {
		c.Attrs = &a
	}
	return c
}

func (c *eventContent) event() casefile.Event {
	e := casefile.Event{ID: c.ID, Kind: c.Kind, Date: c.Date, Time: c.Time, Certainty: c.Certainty,
		Detail: c.Detail, Child: c.Child, Evidence: c.Evidence, Quotes: c.Quotes, Status: c.Status}
	if c.Attrs != nil {
		e.Attrs = casefile.Attrs(*c.Attrs)
	}
	return e
}

func fromNote(id string, v casefile.NoteVersion) *noteContent {
	return &noteContent{ID: id, Occurred: v.Occurred, Recorded: v.Recorded, Kind: v.Kind, People: v.People,
		Text: v.Text, Events: v.Events, Documents: v.Documents, Tags: v.Tags}
}

func (c *noteContent) version() casefile.NoteVersion {
	return casefile.NoteVersion{Occurred: c.Occurred, Recorded: c.Recorded, Kind: c.Kind, People: c.People,
		Text: c.Text, Events: c.Events, Documents: c.Documents, Tags: c.Tags}
}

func noteVersionOf(n casefile.Note) casefile.NoteVersion {
	return casefile.NoteVersion{Occurred: n.Occurred, Recorded: n.Recorded, Kind: n.Kind, People: n.People,
		Text: n.Text, Events: n.Events, Documents: n.Documents, Tags: n.Tags}
}

func (c *docContent) document() casefile.Document {
	return casefile.Document{ID: c.ID, Name: c.Name, Type: c.Type, Date: c.Date, Source: c.Source,
		SHA256: c.SHA256, Size: c.Size}
}

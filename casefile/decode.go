package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxFileSize is the largest case file ReadFile and Decode accept. A case with
// ten thousand notes is a few megabytes; anything near this is not a case file.
const MaxFileSize = 256 << 20

// ReadFile reads and decodes the case file at path. Problems name the file by
// its base name, as people see it.
func ReadFile(path string) (*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open case file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCaseFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read case file %s: %w", filepath.Base(path), err)
	}
	return Decode(filepath.Base(path), data)
}

// Decode decodes a redress-case/1 document strictly. name is used only in
// messages. Every problem found is reported, each naming where it is (the
// event's index and id) and the field, with a suggestion when one is obvious;
// the error is a Problems and satisfies errors.Is(err, ErrInvalidCase).
func Decode(name string, data []byte) (*Case, error) {
	data, probs := prescan(name, data) // limits and encodings: limits.go
	if probs != nil {
		return nil, probs
	}
	d := &decoder{file: name}
	c := d.decodeCase(data)
	if len(d.probs) > 0 {
		return nil, d.probs
	}
	return c, nil
}

type decoder struct {
	file   string
	probs  Problems
	ids    map[string]bool // "event\x00e1", ...: built once by has (index.go)
	idsFor [2]int          // the children and events counted in ids
}

func (d *decoder) add(where, format string, args ...any) {
	d.probs = append(d.probs, &Problem{File: d.file, Where: where, Msg: fmt.Sprintf(format, args...)})
}

type field struct {
	key string
	raw json.RawMessage
}

// object reads a JSON object's members in order, reporting duplicate keys.
func (d *decoder) object(where, what string, raw json.RawMessage) ([]field, bool) {
	if !isObject(raw) {
		d.add(where, "%s must be a JSON object {...}, not %s", what, jsonKind(raw))
		return nil, false
	}
	all, ok := splitObject(raw) // split.go: the document is valid JSON
	if !ok {
		d.add(where, "%s is not valid JSON", what)
		return nil, false
	}
	fields := all[:0]
	seen := make(map[string]bool, len(all))
	for _, f := range all {
		key, v := f.key, f.raw
		if seen[key] {
			d.add(where, "field %q appears twice; keep one", key)
			continue
		}
		seen[key] = true
		fields = append(fields, field{key, v})
	}
	return fields, true
}

func (d *decoder) array(where, name string, raw json.RawMessage) ([]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		d.add(where, "%q must be a list [...], not %s", name, jsonKind(raw))
		return nil, false
	}
	out, ok := splitArray(raw) // split.go: the document is valid JSON
	if !ok {
		d.add(where, "%q is not valid JSON", name)
		return nil, false
	}
	return out, true
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "text " + truncate(string(raw), 40)
	case 't', 'f':
		return string(raw)
	case 'n':
		return "null"
	}
	return "the number " + truncate(string(raw), 20)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func (d *decoder) str(where, name string, raw json.RawMessage) (string, bool) {
	if s, ok := quickString(raw); ok {
		return s, true
	}
	var s string
	if bytes.TrimSpace(raw)[0] != '"' || json.Unmarshal(raw, &s) != nil {
		d.add(where, "%q must be text in quotes, not %s", name, jsonKind(raw))
		return "", false
	}
	return s, true
}

func (d *decoder) boolean(where, name string, raw json.RawMessage) (bool, bool) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.add(where, "%q must be true or false, not %s", name, jsonKind(raw))
	return false, false
}

func (d *decoder) strList(where, name string, raw json.RawMessage) ([]string, bool) {
	items, ok := d.array(where, name, raw)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := d.str(where, fmt.Sprintf("%s[%d]", name, i), it)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// parsed reads a text field and parses it, reporting "name: why" when it does
// not parse (dates, times of day).
func parsed[T any](d *decoder, where, name string, raw json.RawMessage, parse func(string) (T, error)) (T, bool) {
	var zero T
	s, ok := d.str(where, name, raw)
	if !ok {
		return zero, false
	}
	v, err := parse(s)
	if err != nil {
		d.add(where, "%s: %v", name, err)
		return zero, false
	}
	return v, true
}

// oneOf reads a text field that must be one of values. label names the field
// in the problem: usually its name, "note kind" for a note's "kind".
func (d *decoder) oneOf(where, name, label string, raw json.RawMessage, values []string) (string, bool) {
	s, ok := d.str(where, name, raw)
	if !ok {
		return "", false
	}
	if !slices.Contains(values, s) {
		d.add(where, "%s %q is not one of %s%s", label, s, strings.Join(values, ", "), didYouMean(s, values))
		return "", false
	}
	return s, true
}

// refs reads a list of ids that must each name one of the case's things of
// that name ("people", "events", "documents"). Ids it does not know are
// reported and still kept, so that the problem is named once.
func (d *decoder) refs(where, name string, raw json.RawMessage, known func(id string) bool) []string {
	ids, _ := d.strList(where, name, raw)
	for _, id := range ids {
		if !known(id) {
			d.add(where, "%s: %q is not one of the case's %s", name, id, name)
		}
	}
	return ids
}

func (d *decoder) unknownField(where, key string, known []string) {
	d.add(where, "unknown field %q%s", key, didYouMean(key, known))
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)

func (d *decoder) id(where string, raw json.RawMessage) (string, bool) {
	s, ok := d.str(where, "id", raw)
	if !ok {
		return "", false
	}
	if !idPattern.MatchString(s) {
		d.add(where, "id %q must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit", s)
		return "", false
	}
	return s, true
}

func locate(list string, i int, id string) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] (id %q)", list, i, id)
}

// peekID reads an element's "id" so that every later problem can name it.
func peekID(raw json.RawMessage) string {
	fields, ok := splitObject(raw)
	if !ok {
		return ""
	}
	var s string
	for _, f := range fields {
		if f.key == "id" {
			if s, ok = quickString(f.raw); !ok {
				json.Unmarshal(f.raw, &s)
			}
			break
		}
	}
	if !idPattern.MatchString(s) {
		return ""
	}
	return s
}

var topFields = []string{"format", "title", "authority", "local_timescales", "children", "events", "people", "notes", "documents"}

func (d *decoder) decodeCase(data []byte) *Case {
	if len(data) > MaxFileSize {
		d.add("", "the file is larger than %d MB; it is not a case file", MaxFileSize>>20)
		return nil
	}
	if !json.Valid(data) {
		d.syntax(data)
		return nil
	}
	fields, ok := d.object("", "the case file", data)
	if !ok {
		return nil
	}
	c := &Case{}
	var rawChildren, rawEvents, rawPeople, rawNotes, rawDocs json.RawMessage
	haveFormat := false
	for _, f := range fields {
		switch f.key {
		case "format":
			haveFormat = true
			if s, ok := d.str("", "format", f.raw); ok && s != Format {
				d.add("", "format is %q, but this version of Redress reads %q", s, Format)
			}
		case "title":
			c.Title, _ = d.str("", "title", f.raw)
		case "authority":
			c.Authority, _ = d.str("", "authority", f.raw)
		case "children":
			rawChildren = f.raw
		case "events":
			rawEvents = f.raw
		case "people":
			rawPeople = f.raw
		case "notes":
			rawNotes = f.raw
		case "documents":
			rawDocs = f.raw
		case "local_timescales":
			c.LocalTimescales = d.localTimescales(f.raw)
		default:
			d.unknownField("", f.key, topFields)
		}
	}
	if !haveFormat {
		d.add("", "the \"format\" field is missing; a case file starts with \"format\": %q", Format)
	}
	if rawChildren != nil {
		c.Children = d.children(rawChildren)
	}
	if rawPeople != nil {
		c.People = d.people(rawPeople)
	}
	if rawDocs != nil {
		c.Documents = d.documents(rawDocs)
	}
	if rawEvents != nil {
		c.Events = d.events(rawEvents, c)
	}
	if rawNotes != nil {
		c.Notes = d.notes(rawNotes, c)
	}
	// Events may cite notes, which are read after them.
	d.checkEvidence(c, rawNotes != nil || rawDocs != nil)
	return c
}

// syntax reports where a file stops being JSON.
func (d *decoder) syntax(data []byte) {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		d.add("", "line %d, column %d: this is not valid JSON (%s); check for a missing comma, quote or bracket", line, col, se.Error())
		return
	}
	if err != nil {
		d.add("", "this is not valid JSON (%v)", err)
		return
	}
	d.add("", "this is not valid JSON")
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

var localFields = []string{"corporate_stage1_wd", "corporate_stage2_wd", "source"}

// localTimescales reads the council's own corporate complaints timescales.
func (d *decoder) localTimescales(raw json.RawMessage) *LocalTimescales {
	const where = "local_timescales"
	fields, ok := d.object(where, "local_timescales", raw)
	if !ok {
		return nil
	}
	lt := &LocalTimescales{}
	good := true
	for _, f := range fields {
		switch f.key {
		case "corporate_stage1_wd", "corporate_stage2_wd":
			n, err := strconv.Atoi(string(bytes.TrimSpace(f.raw)))
			if err != nil || n < 1 || n > 200 {
				d.add(where, "%s must be a whole number of working days from 1 to 200, not %s", f.key, jsonKind(f.raw))
				good = false
				continue
			}
			if f.key == "corporate_stage1_wd" {
				lt.Stage1WD = n
			} else {
				lt.Stage2WD = n
			}
		case "source":
			if s, ok := d.str(where, "source", f.raw); ok {
				lt.Source = strings.TrimSpace(s)
			}
		default:
			d.unknownField(where, f.key, localFields)
			good = false
		}
	}
	if lt.Stage1WD == 0 && lt.Stage2WD == 0 && good {
		d.add(where, "give corporate_stage1_wd, corporate_stage2_wd or both (the working days in the council's published procedure)")
		good = false
	}
	if lt.Source == "" && good {
		d.add(where, "\"source\" is missing: say where the council's procedure is published (a web address or the document's title)")
		good = false
	}
	if !good {
		return nil
	}
	return lt
}

var childFields = []string{"id", "name", "born", "mobility"}
var mobilities = []string{string(MobilityPreMobile), string(MobilityRolling), string(MobilityMobile)}

func (d *decoder) children(raw json.RawMessage) []Child {
	return decodeList(d, raw, list[Child]{name: "children", noun: "child",
		read: func(where string, fields []field) (ch Child, id string, hasID bool) {
			for _, f := range fields {
				switch f.key {
				case "id":
					ch.ID, hasID = d.id(where, f.raw)
				case "name":
					ch.Name, _ = d.str(where, "name", f.raw)
				case "born":
					if dt, ok := parsed(d, where, "born", f.raw, ParseDate); ok {
						ch.Born = dt
					}
				case "mobility":
					if s, ok := d.oneOf(where, "mobility", "mobility", f.raw, mobilities); ok {
						ch.Mobility = Mobility(s)
					}
				default:
					d.unknownField(where, f.key, childFields)
				}
			}
			return ch, ch.ID, hasID
		}})
}

// list says how to read one of the case's lists of things with ids
// (children, people, documents, events, notes) for decodeList.
type list[T any] struct {
	name, noun string // "people", "person": where problems are and what they say
	// read decodes one item's fields, reporting each problem, and returns the
	// item, its id and whether that id is usable.
	read func(where string, fields []field) (v T, id string, hasID bool)
	// then, if set, checks the item further once a missing id has been
	// reported, before the id is checked for duplicates (an event's kind,
	// date and attrs).
	then func(where string, fields []field, v *T)
	// clash, if set, reports a problem with an id that is not a duplicate in
	// this list but still cannot be used (a note's id that is a document's),
	// and says whether it did.
	clash func(where, id string) bool
	// strict keeps only the items that had no problem at all (events); the
	// others keep every item with a usable, unique id.
	strict bool
}

// decodeList is the skeleton every list of the case shares: the list must be
// a JSON list of objects, each object is read by l.read, an item without an
// "id" is reported, and an id used twice is reported and the second item
// dropped. Problems are reported in this order for every item: its fields,
// a missing id, l.then's, a duplicate id, l.clash's.
func decodeList[T any](d *decoder, raw json.RawMessage, l list[T]) []T {
	items, ok := d.array("", l.name, raw)
	if !ok {
		return nil
	}
	out := make([]T, 0, len(items))
	seen := map[string]int{}
	for i, it := range items {
		where := locate(l.name, i, peekID(it))
		fields, ok := d.object(where, "each "+l.noun, it)
		if !ok {
			continue
		}
		before := len(d.probs)
		v, id, hasID := l.read(where, fields)
		if !hasKey(fields, "id") {
			d.add(where, "the %s has no \"id\"", l.noun)
		}
		if l.then != nil {
			l.then(where, fields, &v)
		}
		if !hasID {
			// d.id reported why, or the id is missing (reported above).
			continue
		}
		if j, dup := seen[id]; dup {
			d.add(where, "id %q is already used by %s[%d]", id, l.name, j)
			continue
		}
		if l.clash != nil && l.clash(where, id) {
			continue
		}
		seen[id] = i
		if l.strict && len(d.probs) != before {
			continue
		}
		out = append(out, v)
	}
	return out
}

func hasKey(fields []field, key string) bool {
	for _, f := range fields {
		if f.key == key {
			return true
		}
	}
	return false
}

var personFields = []string{"id", "name", "role", "organisation"}

func (d *decoder) people(raw json.RawMessage) []Person {
	return decodeList(d, raw, list[Person]{name: "people", noun: "person",
		read: func(where string, fields []field) (p Person, id string, hasID bool) {
			for _, f := range fields {
				switch f.key {
				case "id":
					p.ID, hasID = d.id(where, f.raw)
				case "name":
					p.Name, _ = d.str(where, "name", f.raw)
				case "role":
					p.Role, _ = d.str(where, "role", f.raw)
				case "organisation":
					p.Organisation, _ = d.str(where, "organisation", f.raw)
				default:
					d.unknownField(where, f.key, personFields)
				}
			}
			return p, p.ID, hasID
		}})
}

var documentFields = []string{"id", "name", "type", "date", "source", "sha256", "size"}
var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (d *decoder) documents(raw json.RawMessage) []Document {
	return decodeList(d, raw, list[Document]{name: "documents", noun: "document",
		read: func(where string, fields []field) (doc Document, id string, hasID bool) {
			for _, f := range fields {
				switch f.key {
				case "id":
					doc.ID, hasID = d.id(where, f.raw)
				case "name":
					doc.Name, _ = d.str(where, "name", f.raw)
				case "type":
					if s, ok := d.str(where, "type", f.raw); ok {
						if s != "" && !strings.Contains(s, "/") {
							d.add(where, "type %q must be a media type such as \"application/pdf\" or \"image/jpeg\"", s)
						} else {
							doc.Type = s
						}
					}
				case "date":
					if dt, ok := parsed(d, where, "date", f.raw, ParseDate); ok {
						doc.Date = dt
					}
				case "source":
					doc.Source, _ = d.str(where, "source", f.raw)
				case "sha256":
					if s, ok := d.str(where, "sha256", f.raw); ok {
						if !sha256Pattern.MatchString(s) {
							d.add(where, "sha256 must be 64 lower-case hexadecimal characters")
						} else {
							doc.SHA256 = s
						}
					}
				case "size":
					n, err := strconv.ParseInt(string(bytes.TrimSpace(f.raw)), 10, 64)
					if err != nil || n < 0 {
						d.add(where, "size must be a whole number of bytes, not %s", jsonKind(f.raw))
					} else {
						doc.Size = n
					}
				default:
					d.unknownField(where, f.key, documentFields)
				}
			}
			return doc, doc.ID, hasID
		}})
}

var eventFields = []string{"id", "kind", "date", "time", "certainty", "detail", "child", "attrs", "evidence", "status"}
var certainties = []string{string(CertaintyExact), string(CertaintyApprox)}
var factStatuses = []string{string(FactUndisputed), string(FactDisputed), string(FactLARecord)}

func (d *decoder) events(raw json.RawMessage, c *Case) []Event {
	return decodeList(d, raw, list[Event]{name: "events", noun: "event", strict: true,
		read: func(where string, fields []field) (e Event, id string, hasID bool) {
			for _, f := range fields {
				switch f.key {
				case "id":
					e.ID, hasID = d.id(where, f.raw)
				case "kind":
					if s, ok := d.str(where, "kind", f.raw); ok {
						if !Kind(s).Valid() {
							d.add(where, "unknown kind %q%s", s, didYouMean(s, kindNames()))
						} else {
							e.Kind = Kind(s)
						}
					}
				case "date":
					if dt, ok := parsed(d, where, "date", f.raw, ParseDate); ok {
						e.Date = dt
					}
				case "time":
					if t, ok := parsed(d, where, "time", f.raw, ParseClock); ok {
						e.Time = t
					}
				case "certainty":
					if s, ok := d.str(where, "certainty", f.raw); ok {
						if !slices.Contains(certainties, s) {
							d.add(where, "certainty %q must be \"exact\" or \"approx\"%s", s, didYouMean(s, certainties))
						} else if s == string(CertaintyApprox) {
							e.Certainty = CertaintyApprox
						}
					}
				case "detail":
					e.Detail, _ = d.str(where, "detail", f.raw)
				case "child":
					if s, ok := d.str(where, "child", f.raw); ok {
						if !d.has(c, "child", s) {
							d.add(where, "child %q is not one of the case's children%s", s, childList(c))
						} else {
							e.Child = s
						}
					}
				case "attrs":
					// read by then, once the kind is known
				case "evidence":
					if refs, quotes, ok := d.evidenceList(where, f.raw); ok {
						e.Evidence, e.Quotes = refs, quotes
					}
				case "status":
					if s, ok := d.oneOf(where, "status", "status", f.raw, factStatuses); ok && s != string(FactUndisputed) {
						e.Status = FactStatus(s)
					}
				default:
					d.unknownField(where, f.key, eventFields)
				}
			}
			return e, e.ID, hasID
		},
		then: func(where string, fields []field, e *Event) {
			if !hasKey(fields, "kind") {
				d.add(where, "the event has no \"kind\"")
			}
			if !hasKey(fields, "date") {
				d.add(where, "the event has no \"date\" (YYYY-MM-DD; use \"certainty\": \"approx\" if you are not sure of the day)")
			}
			var rawAttrs json.RawMessage
			for _, f := range fields {
				if f.key == "attrs" {
					rawAttrs = f.raw
				}
			}
			if e.Kind != "" && rawAttrs != nil {
				e.Attrs = d.attrs(where, e.Kind, rawAttrs)
			}
			if e.Kind != "" {
				d.requiredAttrs(where, e.Kind, rawAttrs)
			}
		}})
}

func childList(c *Case) string {
	if len(c.Children) == 0 {
		return " (the case lists no children)"
	}
	ids := make([]string, len(c.Children))
	for i, ch := range c.Children {
		ids[i] = ch.ID
	}
	return fmt.Sprintf(" (%s)", strings.Join(ids, ", "))
}

// kindsTaking names the kinds that accept an attribute, for "belongs to" hints.
func kindsTaking(attr string) []string {
	var out []string
	for _, k := range kinds {
		if _, ok := k.Attr(attr); ok {
			out = append(out, string(k.Kind))
		}
	}
	return out
}

func (d *decoder) attrs(where string, kind Kind, raw json.RawMessage) Attrs {
	info, _ := LookupKind(kind)
	fields, ok := d.object(where, "attrs", raw)
	if !ok {
		return Attrs{}
	}
	var a Attrs
	var names []string
	for _, s := range info.Attrs {
		names = append(names, s.Name)
	}
	for _, f := range fields {
		spec, ok := info.Attr(f.key)
		if !ok {
			if others := kindsTaking(f.key); len(others) > 0 {
				d.add(where, "attrs: %q is not used with kind %q (it belongs to %s)", f.key, kind, strings.Join(others, ", "))
			} else if len(names) == 0 {
				d.add(where, "attrs: kind %q takes no attributes, but has %q", kind, f.key)
			} else {
				d.add(where, "attrs: unknown attribute %q for kind %q%s (it takes %s)", f.key, kind, didYouMean(f.key, names), strings.Join(names, ", "))
			}
			continue
		}
		name := "attrs." + f.key
		switch spec.Type {
		case AttrBool:
			v, ok := d.boolean(where, name, f.raw)
			if !ok {
				continue
			}
			_ = a.SetValue(spec, strconv.FormatBool(v))
		case AttrString:
			s, ok := d.str(where, name, f.raw)
			if !ok {
				continue
			}
			_ = a.SetValue(spec, s)
		case AttrEnum:
			if s, ok := d.oneOf(where, name, name, f.raw, spec.Values); ok {
				_ = a.SetValue(spec, s)
			}
		case AttrDate:
			if dt, ok := parsed(d, where, name, f.raw, ParseDate); ok {
				_ = a.SetValue(spec, dt.String())
			}
		case AttrList:
			items, ok := d.strList(where, name, f.raw)
			if !ok {
				continue
			}
			if len(items) == 0 {
				d.add(where, "%s is an empty list: name at least one, or leave %q out if it was not recorded", name, f.key)
				continue
			}
			bad, seen := false, map[string]bool{}
			for _, it := range items {
				switch {
				case !slices.Contains(spec.Values, it):
					d.add(where, "%s: %q is not one of %s%s", name, it, strings.Join(spec.Values, ", "), didYouMean(it, spec.Values))
					bad = true
				case seen[it]:
					d.add(where, "%s: %q appears twice; keep one", name, it)
					bad = true
				}
				seen[it] = true
			}
			if !bad {
				_ = a.SetValue(spec, strings.Join(items, ","))
			}
		case AttrStage:
			n := string(bytes.TrimSpace(f.raw))
			if n != "1" && n != "2" && n != "3" {
				d.add(where, "%s must be the number 1, 2 or 3, not %s", name, jsonKind(f.raw))
				continue
			}
			a.Stage = int(n[0] - '0')
		}
	}
	return a
}

func (d *decoder) requiredAttrs(where string, kind Kind, raw json.RawMessage) {
	info, _ := LookupKind(kind)
	var present map[string]json.RawMessage
	if raw != nil {
		_ = json.Unmarshal(raw, &present)
	}
	for _, s := range info.Attrs {
		if _, ok := present[s.Name]; s.Required && !ok {
			d.add(where, "kind %q needs attrs.%s (%s)", kind, s.Name, strings.ToLower(s.Label))
		}
	}
}

var noteFields = []string{"id", "occurred", "recorded", "kind", "people", "text", "events", "documents", "tags", "archived", "versions"}
var versionFields = []string{"occurred", "recorded", "kind", "people", "text", "events", "documents", "tags"}

func noteKindNames() []string {
	out := make([]string, len(NoteKinds))
	for i, k := range NoteKinds {
		out[i] = string(k)
	}
	return out
}

func (d *decoder) notes(raw json.RawMessage, c *Case) []Note {
	docIDs := map[string]bool{}
	for _, doc := range c.Documents {
		docIDs[doc.ID] = true
	}
	return decodeList(d, raw, list[Note]{name: "notes", noun: "note",
		read: func(where string, fields []field) (n Note, id string, hasID bool) {
			var v NoteVersion
			for _, f := range fields {
				switch f.key {
				case "id":
					n.ID, hasID = d.id(where, f.raw)
				case "archived":
					n.Archived, _ = d.boolean(where, "archived", f.raw)
				case "versions":
					vs, ok := d.array(where, "versions", f.raw)
					if !ok {
						continue
					}
					for j, vr := range vs {
						vw := fmt.Sprintf("%s: versions[%d]", where, j)
						vf, ok := d.object(vw, "each version", vr)
						if !ok {
							continue
						}
						var old NoteVersion
						for _, g := range vf {
							if !d.noteField(vw, g, &old, c, docIDs) {
								d.unknownField(vw, g.key, versionFields)
							}
						}
						d.requireTimes(vw, vf)
						n.Versions = append(n.Versions, old)
					}
				default:
					if !d.noteField(where, f, &v, c, docIDs) {
						d.unknownField(where, f.key, noteFields)
					}
				}
			}
			d.requireTimes(where, fields)
			n.Occurred, n.Recorded, n.Kind, n.People, n.Text = v.Occurred, v.Recorded, v.Kind, v.People, v.Text
			n.Events, n.Documents, n.Tags = v.Events, v.Documents, v.Tags
			return n, n.ID, hasID
		},
		clash: func(where, id string) bool {
			if docIDs[id] {
				d.add(where, "id %q is also a document's id; evidence references need notes and documents to have different ids", id)
				return true
			}
			return false
		}})
}

func (d *decoder) requireTimes(where string, fields []field) {
	for _, k := range []string{"occurred", "recorded"} {
		if !hasKey(fields, k) {
			d.add(where, "the note has no %q time (RFC 3339, such as \"2026-03-02T10:15:00Z\")", k)
		}
	}
}

// noteField decodes one field shared by notes and their versions; it reports
// false for a key it does not know.
func (d *decoder) noteField(where string, f field, v *NoteVersion, c *Case, docIDs map[string]bool) bool {
	switch f.key {
	case "occurred", "recorded":
		s, ok := d.str(where, f.key, f.raw)
		if !ok {
			return true
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			d.add(where, "%s %q is not an RFC 3339 time such as \"2026-03-02T10:15:00Z\"", f.key, s)
			return true
		}
		if f.key == "occurred" {
			v.Occurred = t
		} else {
			v.Recorded = t
		}
	case "kind":
		if s, ok := d.oneOf(where, "kind", "note kind", f.raw, noteKindNames()); ok {
			v.Kind = NoteKind(s)
		}
	case "text":
		v.Text, _ = d.str(where, "text", f.raw)
	case "tags":
		v.Tags, _ = d.strList(where, "tags", f.raw)
	case "people":
		v.People = d.refs(where, "people", f.raw, func(id string) bool {
			return slices.ContainsFunc(c.People, func(p Person) bool { return p.ID == id })
		})
	case "events":
		v.Events = d.refs(where, "events", f.raw, func(id string) bool { return d.has(c, "event", id) })
	case "documents":
		v.Documents = d.refs(where, "documents", f.raw, func(id string) bool { return docIDs[id] })
	default:
		return false
	}
	return true
}

// checkEvidence makes sure event evidence points at a real note or document when
// the file carries notes or documents; a bare chronology (as `redress check`
// reads) may cite documents it does not include.
func (d *decoder) checkEvidence(c *Case, resolve bool) {
	if !resolve {
		return
	}
	known := map[string]bool{}
	for _, n := range c.Notes {
		known[n.ID] = true
	}
	for _, doc := range c.Documents {
		known[doc.ID] = true
	}
	for i, e := range c.Events {
		for _, r := range e.Evidence {
			id, _, err := ParseEvidence(r)
			if err == nil && !known[id] {
				d.add(locate("events", i, e.ID), "evidence %q is not one of the case's notes or documents", r)
			}
		}
	}
}

// ParseEvidence splits an evidence reference "ID" or "ID#pN" into the ID of a
// note or document and a page number (0 when none is given).
func ParseEvidence(ref string) (id string, page int, err error) {
	id, frag, hasFrag := strings.Cut(ref, "#")
	if !idPattern.MatchString(id) {
		return "", 0, fmt.Errorf("%q must be a document or note id, optionally followed by #pN for page N", ref)
	}
	if !hasFrag {
		return id, 0, nil
	}
	n, perr := strconv.Atoi(strings.TrimPrefix(frag, "p"))
	if !strings.HasPrefix(frag, "p") || perr != nil || n < 1 || strings.HasPrefix(frag, "p+") || strings.HasPrefix(frag, "p0") {
		return "", 0, fmt.Errorf("%q: the part after # must be p and a page number, such as %s#p3", ref, id)
	}
	return id, n, nil
}

package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
)

// caseState is one case, decrypted: its objects with every version, and its
// chain. err is set when the case's journal did not verify; the case is then
// unreadable and read-only.
type caseState struct {
	id      string
	chain   *chainState
	objs    map[string]*object // type + "/" + id
	order   []*object          // by creation
	updated time.Time
	nrec    int
	hashes  []Hash // every record's chain hash, by seq-1
	err     error
}

type object struct {
	typ, id  string
	versions []*version // oldest first
	archived bool
	purged   bool
}

type version struct {
	num     uint64
	seq     uint64
	time    time.Time // journal time of the record that made it
	hash    Hash
	value   any // decoded content; nil once purged
	hasBody bool
}

func newCaseState(id string) *caseState {
	return &caseState{id: id, chain: newChain(id), objs: map[string]*object{}}
}

func objKey(typ, id string) string { return typ + "/" + id }

func (cs *caseState) get(typ, id string) *object { return cs.objs[objKey(typ, id)] }

// current returns the live (not purged) object's latest content.
func (o *object) current() any {
	if o == nil || o.purged || len(o.versions) == 0 {
		return nil
	}
	return o.versions[len(o.versions)-1].value
}

func (cs *caseState) fail(err error, seq uint64) {
	if re, ok := err.(*RecordError); ok {
		cs.err = re
		return
	}
	cs.err = &RecordError{Case: cs.id, Seq: seq, Reason: err.Error()}
}

// apply advances the case by one verified-in-itself record. hasContent says
// whether the row still holds content (it is NULL after a purge).
func (cs *caseState) apply(r *Record, value any, hasContent bool) error {
	if err := cs.chain.next(r); err != nil {
		return chainError(r, err)
	}
	if (r.Op == OpCreate || r.Op == OpAmend) && !hasContent {
		// Allowed only when a later record purges the object; finish checks.
		value = nil
	}
	t, _ := time.Parse(time.RFC3339Nano, r.Time)
	cs.updated = t
	cs.nrec++
	cs.hashes = append(cs.hashes, r.Hash)
	o := cs.get(r.Type, r.Object)
	switch r.Op {
	case OpCreate:
		o = &object{typ: r.Type, id: r.Object}
		cs.objs[objKey(r.Type, r.Object)] = o
		cs.order = append(cs.order, o)
		fallthrough
	case OpAmend:
		o.versions = append(o.versions, &version{num: r.Version, seq: r.Seq, time: t, hash: r.Hash, value: value, hasBody: hasContent})
	case OpArchive:
		o.archived = true
	case OpUnarchive:
		o.archived = false
	case OpPurge:
		o.purged = true
		for _, v := range o.versions {
			v.value, v.hasBody = nil, false
		}
	}
	return nil
}

// finish checks what can only be checked at the end of a journal: content
// missing only where purged, and the head matching the authenticated head.
func (cs *caseState) finish(k *keys, head []byte) {
	if len(head) != 8+32+32 || string(head) != string(k.headBlob(cs.id, cs.chain.seq, cs.chain.head)) {
		reason := "the journal does not end where its authenticated head says: records were removed or added outside Redress"
		seq := cs.chain.seq + 1
		if len(head) == 72 {
			want := uint64(0)
			for _, b := range head[:8] {
				want = want<<8 | uint64(b)
			}
			if want > cs.chain.seq {
				reason = fmt.Sprintf("the journal ends at record %d but its authenticated head is record %d: the last records were removed", cs.chain.seq, want)
				seq = cs.chain.seq + 1
			} else {
				seq = want
			}
		}
		cs.err = &RecordError{Case: cs.id, Seq: seq, Reason: reason}
		return
	}
	for _, o := range cs.order {
		if o.purged {
			continue
		}
		for _, v := range o.versions {
			if !v.hasBody {
				cs.err = &RecordError{Case: cs.id, Seq: v.seq, Object: o.typ + " " + o.id, Reason: "its content is missing but the object was never purged"}
				return
			}
		}
	}
	if cs.get(TypeCase, caseObject) == nil {
		cs.err = &RecordError{Case: cs.id, Reason: "the case has no journal"}
	}
}

func (cs *caseState) details() *caseContent {
	c, _ := cs.get(TypeCase, caseObject).current().(*caseContent)
	if c == nil {
		return &caseContent{}
	}
	return c
}

// export builds the case as redress-case/1 sees it: current versions, in
// creation order; archived events, people, children, documents and letters
// are left out (archived notes are kept, marked); purged objects are gone.
func (cs *caseState) export() *casefile.Case {
	d := cs.details()
	c := &casefile.Case{Title: d.Title, Authority: d.Authority}
	if d.LocalTimescales != nil {
		lt := casefile.LocalTimescales(*d.LocalTimescales)
		c.LocalTimescales = &lt
	}
	for _, o := range cs.order {
		cur := o.current()
		if cur == nil || (o.archived && o.typ != TypeNote) {
			continue
		}
		switch v := cur.(type) {
		case *childContent:
			c.Children = append(c.Children, casefile.Child{ID: v.ID, Name: v.Name, Born: v.Born, Mobility: v.Mobility})
		case *personContent:
			c.People = append(c.People, casefile.Person(*v))
		case *eventContent:
			c.Events = append(c.Events, v.event())
		case *docContent:
			c.Documents = append(c.Documents, v.document())
		case *noteContent:
			n := casefile.Note{ID: v.ID, Archived: o.archived}
			cv := v.version()
			n.Occurred, n.Recorded, n.Kind, n.People, n.Text = cv.Occurred, cv.Recorded, cv.Kind, cv.People, cv.Text
			n.Events, n.Documents, n.Tags = cv.Events, cv.Documents, cv.Tags
			for _, old := range o.versions[:len(o.versions)-1] {
				n.Versions = append(n.Versions, old.value.(*noteContent).version())
			}
			c.Notes = append(c.Notes, n)
		}
	}
	return c
}

// nextID returns prefix + the smallest number above every ID of that form
// already used by the given types.
func (cs *caseState) nextID(prefix string, typs ...string) string {
	n := 0
	for _, o := range cs.order {
		if !contains(typs, o.typ) || !strings.HasPrefix(o.id, prefix) {
			continue
		}
		if k, err := strconv.Atoi(o.id[len(prefix):]); err == nil && k > n {
			n = k
		}
	}
	return prefix + strconv.Itoa(n+1)
}

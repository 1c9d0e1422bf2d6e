package polish

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// Task is what the AI is asked to do.
type Task string

// Tasks.
const (
	TaskImprove   Task = "improve"        // improve the wording of a letter draft or a note
	TaskSummarise Task = "summarise"      // summarise a document's text for the chronology
	TaskSuggest   Task = "suggest-events" // suggest events from a document's text, as JSON
)

// MaxInput is the most text one request may carry, in characters. Longer
// documents must be split by the caller; a local model would not take more.
const MaxInput = 60000

// Input is what the person wants help with, and what the reply may draw on.
type Input struct {
	// Case is the case the text belongs to: its children's and people's names
	// are hidden, and its record says which dates and names a reply may use.
	Case *casefile.Case
	// Text is the letter draft, the note, or the document's text.
	Text string
	// Citations are the rule catalogue's citations as text (the sources of the
	// findings the letter uses, or the whole catalogue). A reply may cite
	// these and what Text itself cites, nothing else.
	Citations []string
	// Names are extra names to hide, such as the sender's.
	Names []string
	// Addresses are extra addresses to hide, such as the sender's.
	Addresses []string
}

// CatalogueCitations turns the rule catalogue's citations into the text
// Input.Citations takes: the source, and where in it unless the reference
// marks that place as unverified (an unverified paragraph number may then
// appear in a reply only if the draft prints it, with its warning).
func CatalogueCitations(cs []casefile.Citation) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		s := c.Source
		if c.Where != "" && c.Verification != "unverified" {
			s += ", " + c.Where
		}
		out = append(out, s)
	}
	return out
}

// Preview is exactly what will be sent, for the person to read before
// anything leaves the computer, and what was hidden.
type Preview struct {
	Task   Task
	System string   // the instructions sent with the text
	User   string   // the text sent, with placeholders
	Hidden []Hidden // the placeholders in User and what they stand for (never sent)
}

// Prepared is a request ready to send: the pseudonymised text, the
// instructions, and the mapping and guard that stay on this computer.
type Prepared struct {
	task    Task
	system  string
	user    string
	source  string
	mapping *Mapping
	guard   *Guard
}

// ErrNothingToSend is returned when the text is empty or only spaces.
var ErrNothingToSend = errors.New("there is no text to send")

// ErrTooLong is returned when the text is longer than MaxInput.
var ErrTooLong = fmt.Errorf("the text is longer than %d characters", MaxInput)

// PrepareImprove prepares a request to improve the wording of a letter draft
// or a note: calm, factual and firm, keeping every fact, date, citation and
// numbered point, adding none.
func PrepareImprove(in Input) (*Prepared, error) { return prepare(TaskImprove, in, systemImprove) }

// PrepareSummary prepares a request to summarise a document's text for the
// chronology.
func PrepareSummary(in Input) (*Prepared, error) { return prepare(TaskSummarise, in, systemSummarise) }

// PrepareSuggestions prepares a request to suggest events from a document's
// text. The reply is parsed by Prepared.Suggestions; each suggestion is only
// a suggestion, for the person to confirm one by one.
func PrepareSuggestions(in Input) (*Prepared, error) {
	return prepare(TaskSuggest, in, systemSuggest())
}

func prepare(task Task, in Input, system string) (*Prepared, error) {
	if strings.TrimSpace(in.Text) == "" {
		return nil, ErrNothingToSend
	}
	if utf8.RuneCountInString(in.Text) > MaxInput {
		return nil, ErrTooLong
	}
	m := NewMapping(in.Case, in.Names, in.Addresses)
	p := &Prepared{task: task, system: system, source: in.Text, mapping: m}
	p.user = m.Pseudonymise(in.Text)
	gi := GuardInput{Case: in.Case, Draft: in.Text, Citations: in.Citations, Names: in.Names, Points: task == TaskImprove}
	if task != TaskImprove {
		gi.DraftName = "the document"
	}
	p.guard = NewGuard(gi)
	return p, nil
}

// Task returns what the request asks for.
func (p *Prepared) Task() Task { return p.task }

// Preview returns exactly what will be sent.
func (p *Prepared) Preview() Preview {
	return Preview{Task: p.task, System: p.system, User: p.user, Hidden: p.mapping.Used()}
}

// Check restores the personal details in a reply and runs the guard. It is
// the only way a Result becomes accepted.
func (p *Prepared) Check(reply string) *Result {
	r := &Result{Task: p.task, Raw: reply}
	reply = stripThinking(reply)
	r.Text = p.mapping.Restore(reply)
	if p.task == TaskSuggest {
		// A suggestions reply is JSON; it is checked suggestion by suggestion.
		set := p.Suggestions(reply)
		for _, d := range set.Dropped {
			for _, why := range d.Reasons {
				r.Problems = append(r.Problems, Problem{Kind: ProblemSuggestion, Found: d.Raw, Reason: why})
			}
		}
		if set.Err != nil {
			r.Problems = append(r.Problems, Problem{Kind: ProblemSuggestion, Reason: set.Err.Error()})
		}
		r.accepted = set.Err == nil && len(set.Dropped) == 0
		return r
	}
	r.Problems = p.guard.Check(r.Text)
	r.accepted = len(r.Problems) == 0 && strings.TrimSpace(r.Text) != ""
	return r
}

// reThinking matches the reasoning some local models (DeepSeek-R1, Qwen3)
// put before their answer.
var reThinking = regexp.MustCompile(`(?s)^\s*<think>.*?</think>\s*`)

// stripThinking removes a model's reasoning block from the front of a reply:
// it is not part of the answer, and is neither shown nor checked.
func stripThinking(s string) string { return reThinking.ReplaceAllString(s, "") }

// Run sends the prepared request and checks the reply. When onChunk is not
// nil the reply is streamed and onChunk receives each piece as it arrives,
// with personal details already restored, so that a screen can show
// progress; cancelling ctx stops it. The Result says whether the reply passed
// the guard.
func (c *Client) Run(ctx context.Context, p *Prepared, onChunk func(string)) (*Result, error) {
	if c == nil {
		return nil, &Error{Kind: ErrDisabled}
	}
	msgs := []Message{{Role: "system", Content: p.system}, {Role: "user", Content: p.user}}
	var reply string
	var err error
	if onChunk != nil {
		rs := &restoreStream{m: p.mapping, emit: onChunk}
		reply, err = c.Stream(ctx, msgs, rs.write)
		if err == nil {
			rs.flush()
		}
	} else {
		reply, err = c.Complete(ctx, msgs)
	}
	if err != nil {
		return nil, err
	}
	return p.Check(reply), nil
}

// SuggestEvents sends a prepared suggestions request and returns the
// suggestions that passed every check, and the others with their reasons.
func (c *Client) SuggestEvents(ctx context.Context, p *Prepared, onChunk func(string)) (*SuggestionSet, error) {
	if p.task != TaskSuggest {
		return nil, fmt.Errorf("suggest events: the request was prepared for %q", p.task)
	}
	if c == nil {
		return nil, &Error{Kind: ErrDisabled}
	}
	msgs := []Message{{Role: "system", Content: p.system}, {Role: "user", Content: p.user}}
	var reply string
	var err error
	if onChunk != nil {
		reply, err = c.Stream(ctx, msgs, onChunk)
	} else {
		reply, err = c.Complete(ctx, msgs)
	}
	if err != nil {
		return nil, err
	}
	return p.Suggestions(reply), nil
}

const systemImprove = `You help a parent in England write to a local council's children's services.
Rewrite the text you are given so that it reads calm, factual and firm: short clear sentences, no exaggeration, no emotional language, polite but not apologetic.

Rules you must follow:
- Keep every fact, date, name, figure, citation (sections, regulations, articles, paragraphs, guidance and cases) and numbered point exactly as given. Keep the numbering.
- Keep every warning that a source or paragraph number is not verified.
- Keep every placeholder in square brackets, such as [CHILD-1], [PERSON-2] or [EMAIL-1], exactly as written. They stand for names and details that have been hidden.
- Do not add any fact, date, name, citation, case, time limit or numbered point that is not in the text.
- Do not give legal advice and do not change what is being asked for.
- Do not add headings.
- Reply with the rewritten text only, with no introduction and no comments.`

const systemSummarise = `You summarise documents about a family's dealings with a local council's children's services in England, for a chronology.
Write a short plain-English summary (at most eight sentences): what happened, when, and who was involved.

Rules you must follow:
- Use only what the document says. Do not add, guess or explain anything.
- Keep dates exactly as the document gives them.
- Keep every placeholder in square brackets, such as [CHILD-1] or [PERSON-2], exactly as written. They stand for names and details that have been hidden.
- Do not cite any law, guidance or case the document does not cite.
- Do not use a numbered list.
- Reply with the summary only.`

func systemSuggest() string {
	var b strings.Builder
	b.WriteString(`You read documents about a family's dealings with a local council's children's services in England and list the events they record, for a chronology. A person will check each one before it is saved.

Reply with JSON only, in exactly this form:
{"events": [{"kind": "KIND", "date": "YYYY-MM-DD", "detail": "one sentence", "quote": "the words of the document that show it"}]}

Rules you must follow:
- "kind" is one of the kinds listed below.
- "date" is the date the document gives for the event, written as YYYY-MM-DD. Leave out any event whose date the document does not give.
- "detail" says what happened in one plain sentence, using only what the document says.
- "quote" copies the document's own words, exactly.
- Keep every placeholder in square brackets, such as [CHILD-1] or [PERSON-2], exactly as written.
- If the document records no events, reply {"events": []}.

Kinds:
`)
	for _, k := range casefile.Kinds() {
		fmt.Fprintf(&b, "- %s: %s\n", k.Kind, k.Explain)
	}
	return strings.TrimRight(b.String(), "\n")
}

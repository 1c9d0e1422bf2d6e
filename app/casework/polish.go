package casework

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// Polishing is a request to AI help (letters/polish) to improve the wording of
// a draft. Only the letter's prose paragraphs are sent, one per paragraph:
// not its headings, lists, numbered points' titles, "Source:" lines and the
// deadline sentence that gives its source, parts a solicitor must check,
// parties, schedule of sources or checkpoint, which stay exactly as built. The reply must pass the polish guard (no citation, date,
// name, timescale or point the record and the draft do not have) and keep
// every paragraph, in order, with every date and citation it had; only then is
// it put back into the letter.
type Polishing struct {
	draft    *Draft
	prepared *polish.Prepared
	units    []unit
}

// unit is one paragraph sent: Body[block], or Body[block].Body[inner] when inner >= 0.
type unit struct {
	block, inner int
	label        string
	text         string // as sent: the label, a space, then the text
}

// sourceLabel leads the paragraph of a point that lists its citations.
const sourceLabel = "Source:"

// PolishRejected is the reply's failure to pass, with every reason in plain
// English. Nothing in the draft was changed.
type PolishRejected struct {
	Reasons []string
}

func (e *PolishRejected) Error() string {
	return "the AI's wording was not used: " + strings.Join(e.Reasons, " ")
}

// Unwrap makes the error match polish.ErrRejected.
func (e *PolishRejected) Unwrap() error { return polish.ErrRejected }

// PreparePolish prepares a request to improve the wording of d's letter, for
// case c (whose names, and the sender's, are hidden before sending). Preview
// shows exactly what would be sent.
func PreparePolish(d *Draft, c *casefile.Case) (*Polishing, error) {
	if d.Status == store.LetterSent {
		return nil, ErrSent
	}
	p := &Polishing{draft: d}
	for i, b := range d.Letter.Body {
		switch b.Kind {
		case letters.Paragraph:
			if prose(b) {
				p.units = append(p.units, newUnit(i, -1, b))
			}
		case letters.Point:
			for j, in := range b.Body {
				if in.Kind == letters.Paragraph && prose(in) {
					p.units = append(p.units, newUnit(i, j, in))
				}
			}
		}
	}
	texts := make([]string, len(p.units))
	for i, u := range p.units {
		texts[i] = u.text
	}
	var cites []casefile.Citation
	for _, s := range d.Letter.Sources {
		cites = append(cites, s.Citation)
	}
	for _, f := range d.Request.Findings {
		cites = append(cites, f.Citations...)
	}
	from := d.Letter.From
	prep, err := polish.PrepareImprove(polish.Input{
		Case: c, Text: strings.Join(texts, "\n\n"), Citations: polish.CatalogueCitations(cites),
		Names: []string{from.Name}, Addresses: from.Lines,
	})
	if err != nil {
		return nil, fmt.Errorf("prepare the letter for AI help: %w", err)
	}
	p.prepared = prep
	return p, nil
}

// prose reports whether a paragraph is one AI help may reword: not a list of
// sources or a sentence that gives its source (the response deadline), a
// salutation or a closing.
func prose(b letters.Block) bool {
	t := strings.TrimSpace(b.Text)
	switch {
	case b.Label == sourceLabel, t == "", strings.Contains(t, " "+sourceLabel+" "):
		return false
	case strings.HasPrefix(t, "Dear ") && strings.HasSuffix(t, ","):
		return false
	case strings.HasPrefix(t, "Yours ") && len(t) < 30:
		return false
	}
	return true
}

func newUnit(block, inner int, b letters.Block) unit {
	text := b.Text
	if b.Label != "" {
		text = b.Label + " " + text
	}
	return unit{block: block, inner: inner, label: b.Label, text: text}
}

// Prepared returns the request, for polish.Client.Run.
func (p *Polishing) Prepared() *polish.Prepared { return p.prepared }

// Preview returns exactly what will be sent, and what was hidden.
func (p *Polishing) Preview() polish.Preview { return p.prepared.Preview() }

var paragraphBreak = regexp.MustCompile(`\n[ \t]*\n\s*`)

// Apply puts an accepted reply's paragraphs back into the draft's letter, in
// place of those sent, and marks the draft edited and polished. A reply that
// failed the guard, or that lost, added, reordered or relabelled a paragraph,
// or left out a date or citation a paragraph had, gives a *PolishRejected
// with every reason, and the draft is unchanged.
func (p *Polishing) Apply(res *polish.Result) error {
	if res == nil {
		return &PolishRejected{Reasons: []string{"There was no reply."}}
	}
	text, err := res.AcceptedText()
	if err != nil {
		reasons := res.Reasons()
		if len(reasons) == 0 {
			reasons = []string{"The reply was empty."}
		}
		return &PolishRejected{Reasons: reasons}
	}
	var paras []string
	for _, s := range paragraphBreak.Split(strings.TrimSpace(text), -1) {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			paras = append(paras, s)
		}
	}
	if len(paras) != len(p.units) {
		return &PolishRejected{Reasons: []string{fmt.Sprintf(
			"The reply has %d paragraphs where the letter has %d, so it cannot be put back into the letter without losing or moving something.",
			len(paras), len(p.units))}}
	}
	var reasons []string
	news := make([]string, len(paras))
	for i, u := range p.units {
		got := paras[i]
		if u.label != "" {
			rest, ok := strings.CutPrefix(got, u.label)
			if !ok {
				reasons = append(reasons, fmt.Sprintf("Paragraph %d of the reply does not start with “%s” as the letter's does.", i+1, u.label))
				continue
			}
			got = strings.TrimSpace(rest)
		}
		reasons = append(reasons, lost(i+1, u.text, got)...)
		news[i] = got
	}
	if len(reasons) > 0 {
		return &PolishRejected{Reasons: reasons}
	}
	l := *p.draft.Letter
	l.Body = cloneBody(l.Body)
	for i, u := range p.units {
		if u.inner < 0 {
			l.Body[u.block].Text = news[i]
		} else {
			l.Body[u.block].Body[u.inner].Text = news[i]
		}
	}
	// Writing the letter out as markup and reading it back cleans the new text
	// exactly as a letter's own text is cleaned.
	if err := l.SetMarkup(l.Markup()); err != nil {
		return &PolishRejected{Reasons: []string{"The reply could not be put into the letter: " + err.Error()}}
	}
	p.draft.Letter = &l
	p.draft.Edited, p.draft.Polished = true, true
	return nil
}

// lost lists what a paragraph of the reply left out of the one sent: each
// date and citation must still be there (in any wording).
func lost(n int, sent, got string) []string {
	var out []string
	gotDates := map[casefile.Date]bool{}
	for _, m := range polish.FindDates(got) {
		if d, ok := m.Date(); ok {
			gotDates[d] = true
		}
	}
	seen := map[string]bool{}
	for _, m := range polish.FindDates(sent) {
		if d, ok := m.Date(); ok && !gotDates[d] && !seen[d.String()] {
			seen[d.String()] = true
			out = append(out, fmt.Sprintf("Paragraph %d of the reply leaves out the date %s, which the letter gives.", n, d.Long()))
		}
	}
	gotCites := map[string]bool{}
	for _, c := range polish.FindCitations(got) {
		gotCites[citeKey(c)] = true
	}
	for _, c := range polish.FindCitations(sent) {
		if k := citeKey(c); !gotCites[k] && !seen[k] {
			seen[k] = true
			out = append(out, fmt.Sprintf("Paragraph %d of the reply leaves out “%s”, which the letter cites.", n, strings.Join(strings.Fields(c.Text), " ")))
		}
	}
	return out
}

func citeKey(c polish.Citation) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%s", c.Kind, c.Number, strings.Join(c.Sub, ","), c.Name, c.Year, c.Report)
}

func cloneBody(in []letters.Block) []letters.Block {
	out := make([]letters.Block, len(in))
	for i, b := range in {
		b.Items = append([]string(nil), b.Items...)
		b.Body = append([]letters.Block(nil), b.Body...)
		out[i] = b
	}
	return out
}

// PolishDraft asks AI help, through client, to improve the wording of d's
// letter for case c, and puts the reply into d if it passes every check. A
// reply that does not pass gives a *PolishRejected and leaves d unchanged;
// a failed request gives the client's error (a *polish.Error).
func PolishDraft(ctx context.Context, client *polish.Client, d *Draft, c *casefile.Case) error {
	p, err := PreparePolish(d, c)
	if err != nil {
		return err
	}
	res, err := client.Run(ctx, p.Prepared(), nil)
	if err != nil {
		return err
	}
	return p.Apply(res)
}

// IsRejected reports whether err is a reply that did not pass the checks.
func IsRejected(err error) bool {
	var pr *PolishRejected
	return errors.As(err, &pr)
}

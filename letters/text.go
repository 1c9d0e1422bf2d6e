package letters

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// TextWidth is the column plain-text letters are wrapped at.
const TextWidth = 72

// WriteText writes l as plain text for an email or a web form: wrapped at
// TextWidth columns, with numbered points, the schedule of sources and the
// record checkpoint at the end.
func WriteText(w io.Writer, l *Letter) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw}
	for _, line := range partyLines(l.From) {
		t.line(line)
	}
	t.blank()
	for _, line := range partyLines(l.To) {
		t.line(line)
	}
	t.blank()
	t.line(l.DateLine())
	if l.Reference != "" {
		t.line(referenceLine(l.Reference))
	}
	t.blank()
	t.para(l.Title, "", "")
	for _, b := range l.Body {
		t.block(b)
	}
	if len(l.Enclosures) > 0 {
		t.para(EnclosuresHeading, "", "")
		for _, e := range l.Enclosures {
			t.para(e, "- ", "  ")
		}
	}
	if len(l.Sources) > 0 {
		t.para(SourcesHeading, "", "")
		for i, s := range l.Sources {
			t.sourceEntry(i+1, s)
		}
	}
	if l.Checkpoint != "" {
		t.para(checkpointLine(l.Checkpoint), "", "")
	}
	if t.err != nil {
		return fmt.Errorf("write letter as text: %w", t.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write letter as text: %w", err)
	}
	return nil
}

// The fixed words every renderer prints.
const (
	EnclosuresHeading = "Enclosures"
	SourcesHeading    = "Schedule of sources"
)

func referenceLine(ref string) string { return "Reference: " + ref }

func checkpointLine(cp string) string {
	return "Drafted from a record kept in Redress. Record checkpoint: " + cp + "."
}

func partyLines(p Party) []string {
	return append([]string{p.Name}, p.Lines...)
}

type textWriter struct {
	w       *bufio.Writer
	err     error
	pending bool // a blank line is due before the next paragraph
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = t.w.WriteString(strings.TrimRight(s, " ") + "\n")
	}
}

func (t *textWriter) blank() { t.line("") }

// para writes a paragraph wrapped at TextWidth, the first line starting with
// first and the rest with rest, after a blank line.
func (t *textWriter) para(text, first, rest string) {
	if t.pending {
		t.blank()
	}
	for _, l := range wrap(text, TextWidth, first, rest) {
		t.line(l)
	}
	t.pending = true
}

func (t *textWriter) block(b Block) {
	switch b.Kind {
	case Heading, Signature:
		t.para(b.Text, "", "")
	case Paragraph:
		t.para(labelled(b), "", "")
	case Check:
		t.para(CheckLabel+" "+b.Text, "", "")
	case Bullets:
		for i, it := range b.Items {
			if i > 0 {
				t.pending = false
			}
			t.para(it, "- ", "  ")
		}
	case Point:
		num := fmt.Sprintf("%d. ", b.Number)
		indent := strings.Repeat(" ", len(num))
		t.para(b.Title, num, indent)
		for _, in := range b.Body {
			switch in.Kind {
			case Check:
				t.para(CheckLabel+" "+in.Text, indent, indent)
			default:
				t.para(labelled(in), indent, indent)
			}
		}
	}
}

func (t *textWriter) sourceEntry(n int, s Source) {
	num := fmt.Sprintf("%d. ", n)
	indent := strings.Repeat(" ", len(num))
	t.para(s.Name(), num, indent)
	t.pending = false
	t.para(s.Status(), indent, indent)
	if s.URL != "" {
		t.pending = false
		t.para(s.URL, indent, indent)
	}
}

func labelled(b Block) string {
	if b.Label == "" {
		return b.Text
	}
	return b.Label + " " + b.Text
}

// wrap breaks text into lines of at most width columns (counting runes),
// prefixed with first and then rest. A word longer than a line (a URL) gets a
// line of its own and is never broken.
func wrap(text string, width int, first, rest string) []string {
	var lines []string
	cur, prefix := "", first
	flush := func() {
		lines = append(lines, prefix+cur)
		cur, prefix = "", rest
	}
	for _, word := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = word
		case utf8.RuneCountInString(prefix)+utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) <= width:
			cur += " " + word
		default:
			flush()
			cur = word
		}
	}
	if cur != "" || len(lines) == 0 {
		flush()
	}
	return lines
}

package letters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The letter markup is what the templates write and parseMarkup reads: a small,
// line-based language, so that templates stay plain text and carry no output
// format. A line is either a directive, starting with "@", or text:
//
//	@title TEXT    the letter's heading (exactly once)
//	@h TEXT        a section heading
//	@li TEXT       a list item; consecutive items make one list
//	@point TITLE   starts a numbered point, which ends at @end; inside it only
//	@end           paragraphs, @label and @check are allowed
//	@label TEXT    a bold lead-in for the paragraph that follows
//	@check TEXT    starts a paragraph a solicitor must check
//	@sign NAME     the signature: the sender's name, after room to sign
//	TEXT           paragraph text; consecutive lines join, a blank line ends it
//	\TEXT          TEXT taken literally, even if it starts with "@" or "\"
//
// All runs of white space in text collapse to one space, and control
// characters become spaces, so every renderer can print any text it is given.

// maxMarkup bounds the markup a template may produce.
const maxMarkup = 4 << 20

type markupParser struct {
	title   string
	blocks  []Block
	point   *Block // the open @point, if any
	para    []string
	paraK   BlockKind
	label   string
	labelLn int
	line    int
	points  int
}

// parseMarkup turns letter markup into a title and body blocks.
func parseMarkup(src string) (title string, body []Block, err error) {
	if len(src) > maxMarkup {
		return "", nil, fmt.Errorf("letter markup is %d bytes, more than the %d allowed", len(src), maxMarkup)
	}
	p := &markupParser{}
	for i, raw := range strings.Split(src, "\n") {
		p.line = i + 1
		if err := p.parseLine(strings.TrimRight(raw, " \t\r")); err != nil {
			return "", nil, fmt.Errorf("letter markup line %d: %w", p.line, err)
		}
	}
	if err := p.endPara(); err != nil {
		return "", nil, fmt.Errorf("letter markup at the end: %w", err)
	}
	if p.label != "" {
		return "", nil, fmt.Errorf("letter markup line %d: @label is not followed by a paragraph", p.labelLn)
	}
	if p.point != nil {
		return "", nil, fmt.Errorf("letter markup: the point %q has no @end", p.point.Title)
	}
	if p.title == "" {
		return "", nil, fmt.Errorf("letter markup has no @title")
	}
	return p.title, p.blocks, nil
}

func (p *markupParser) parseLine(line string) error {
	if strings.TrimSpace(line) == "" {
		return p.endPara()
	}
	if strings.HasPrefix(line, "\\") {
		p.addText(line[1:], Paragraph)
		return nil
	}
	if !strings.HasPrefix(line, "@") {
		p.addText(line, Paragraph)
		return nil
	}
	name, arg, _ := strings.Cut(line[1:], " ")
	arg = cleanText(arg)
	if name != "check" {
		if err := p.endPara(); err != nil {
			return err
		}
	}
	if p.label != "" && name != "check" {
		return fmt.Errorf("@label is followed by @%s, not a paragraph", name)
	}
	switch name {
	case "title":
		if p.title != "" {
			return fmt.Errorf("a second @title")
		}
		if p.point != nil {
			return fmt.Errorf("@title inside a point")
		}
		if arg == "" {
			return fmt.Errorf("@title has no text")
		}
		p.title = arg
	case "h":
		if p.point != nil {
			return fmt.Errorf("@h inside a point")
		}
		if arg == "" {
			return fmt.Errorf("@h has no text")
		}
		p.blocks = append(p.blocks, Block{Kind: Heading, Text: arg})
	case "li":
		if p.point != nil {
			return fmt.Errorf("@li inside a point")
		}
		if arg == "" {
			return fmt.Errorf("@li has no text")
		}
		if n := len(p.blocks); n > 0 && p.blocks[n-1].Kind == Bullets {
			p.blocks[n-1].Items = append(p.blocks[n-1].Items, arg)
		} else {
			p.blocks = append(p.blocks, Block{Kind: Bullets, Items: []string{arg}})
		}
	case "point":
		if p.point != nil {
			return fmt.Errorf("@point inside the point %q (missing @end?)", p.point.Title)
		}
		if arg == "" {
			return fmt.Errorf("@point has no title")
		}
		p.points++
		p.point = &Block{Kind: Point, Number: p.points, Title: arg}
	case "end":
		if p.point == nil {
			return fmt.Errorf("@end without @point")
		}
		if arg != "" {
			return fmt.Errorf("@end takes no text")
		}
		p.blocks = append(p.blocks, *p.point)
		p.point = nil
	case "sign":
		if p.point != nil {
			return fmt.Errorf("@sign inside a point")
		}
		if arg == "" {
			return fmt.Errorf("@sign has no name")
		}
		p.blocks = append(p.blocks, Block{Kind: Signature, Text: arg})
	case "label":
		if arg == "" {
			return fmt.Errorf("@label has no text")
		}
		p.label, p.labelLn = arg, p.line
	case "check":
		if err := p.endPara(); err != nil {
			return err
		}
		if p.label != "" {
			return fmt.Errorf("@label is followed by @check, not a paragraph")
		}
		if arg == "" {
			return fmt.Errorf("@check has no text")
		}
		p.addText(arg, Check)
	default:
		return fmt.Errorf("unknown directive @%s", name)
	}
	return nil
}

func (p *markupParser) addText(s string, k BlockKind) {
	if len(p.para) == 0 {
		p.paraK = k
	}
	p.para = append(p.para, s)
}

func (p *markupParser) endPara() error {
	if len(p.para) == 0 {
		return nil
	}
	text := cleanText(strings.Join(p.para, " "))
	kind := p.paraK
	p.para = p.para[:0]
	if text == "" {
		return nil
	}
	b := Block{Kind: kind, Text: text}
	if kind == Paragraph {
		b.Label, p.label = p.label, ""
	}
	if p.point != nil {
		p.point.Body = append(p.point.Body, b)
	} else {
		p.blocks = append(p.blocks, b)
	}
	return nil
}

// cleanText makes s safe to print anywhere: valid UTF-8, no control
// characters or characters XML cannot carry, and single spaces only.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' || (r >= 0xD800 && r <= 0xDFFF) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// escText escapes s for the template: it is cleaned onto one line, and a
// leading "@" or "\" is escaped so that text never reads as a directive.
func escText(s string) string {
	s = cleanText(s)
	if strings.HasPrefix(s, "@") || strings.HasPrefix(s, "\\") {
		return "\\" + s
	}
	return s
}

// formatMarkup writes title and body back as markup; parseMarkup of the result
// gives them back unchanged (for blocks parseMarkup can produce).
func formatMarkup(title string, body []Block) string {
	var b strings.Builder
	b.WriteString("@title " + title + "\n\n")
	para := func(bl Block) {
		if bl.Kind == Check {
			b.WriteString("@check " + bl.Text + "\n\n")
			return
		}
		if bl.Label != "" {
			b.WriteString("@label " + bl.Label + "\n")
		}
		b.WriteString(escText(bl.Text) + "\n\n")
	}
	for _, bl := range body {
		switch bl.Kind {
		case Heading:
			b.WriteString("@h " + bl.Text + "\n\n")
		case Signature:
			b.WriteString("@sign " + bl.Text + "\n\n")
		case Bullets:
			for _, it := range bl.Items {
				b.WriteString("@li " + it + "\n")
			}
			b.WriteString("\n")
		case Point:
			b.WriteString("@point " + bl.Title + "\n")
			for _, in := range bl.Body {
				para(in)
			}
			b.WriteString("@end\n\n")
		default:
			para(bl)
		}
	}
	return b.String()
}

// Markup returns the letter's title and body in the letter markup the
// templates write: the form in which a person (or the desktop app) edits the
// words of a draft. SetMarkup reads it back.
func (l *Letter) Markup() string { return formatMarkup(l.Title, l.Body) }

// SetMarkup replaces the letter's title and body with those written in src,
// in the letter markup (see Markup). Numbered points are numbered in order.
// A mistake in src gives an error wrapping ErrRequest that names the line, and
// leaves the letter as it was.
func (l *Letter) SetMarkup(src string) error {
	title, body, err := parseMarkup(src)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrRequest, err)
	}
	l.Title, l.Body = title, body
	return nil
}

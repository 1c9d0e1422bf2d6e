package polish

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is a run of letters in text, with apostrophes and hyphens inside it
// ("O'Connor", "Thompson-Okafor") but not a possessive ending ("Sarah's" is
// the word "Sarah").
type word struct {
	text       string
	start, end int
}

// words splits text into words.
func words(text string) []word {
	var out []word
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		start := i
		i += n
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) {
				i += n
				continue
			}
			if r == '\'' || r == '’' || r == '-' {
				next, m := utf8.DecodeRuneInString(text[i+n:])
				if !unicode.IsLetter(next) {
					break
				}
				if (r == '\'' || r == '’') && (next == 's' || next == 'S') {
					after, _ := utf8.DecodeRuneInString(text[i+n+m:])
					if i+n+m >= len(text) || !unicode.IsLetter(after) {
						break // possessive
					}
				}
				i += n
				continue
			}
			break
		}
		out = append(out, word{text: text[start:i], start: start, end: i})
	}
	return out
}

// isCapitalised reports whether w starts with an upper-case letter.
func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isAllCaps reports whether w has two or more letters, all upper case.
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// sentenceStart reports whether the word at byte offset at starts a sentence,
// a line or a list item.
func sentenceStart(text string, at int) bool {
	s := strings.TrimRight(text[:at], " \t\"'“‘(*_")
	if s == "" {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', '!', '?', '\n', ':', ';', '•', '-', '–', ')':
		return true
	}
	return false
}

func lower(s string) string { return strings.ReplaceAll(strings.ToLower(s), "’", "'") }

// titles are the forms of address that come before a name.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"professor": true, "sir": true, "dame": true, "lady": true, "lord": true, "judge": true, "justice": true, "hhj": true,
	"cllr": true, "councillor": true, "rev": true, "revd": true}

// shortTitles may be written in lower case and still be titles ("ms jones").
var shortTitles = map[string]bool{"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true}

// commonWords are capitalised words a letter about children's social care
// uses that are not names: sentence openers, days, months, institutions,
// roles and legal words. A capitalised word in a reply that is neither here
// nor in the record, the draft or the catalogue may be a new name.
var commonWords = setOf(`
a about above after again against all also although am an and another any are as at be because been before being
below between both but by can could did do does doing down during each either even ever every few for from further
furthermore had has have having he her here hers herself him himself his how however i if in into is it its itself
just last least less let like may me might more moreover most much must my myself neither never nevertheless next no
nor not now of off on once one only or other otherwise our ours ourselves out over own please rather regarding same
she should since so some still such than that the their theirs them themselves then there therefore these they this
those though through thus to too towards under unfortunately until up upon us very was we were what whatever when
where whereas whether which while who whom whose why will with within without would yet you your yours yourself
yourselves additionally accordingly again firstly secondly thirdly finally lastly instead meanwhile overall
similarly subsequently consequently indeed later earlier today yesterday tomorrow thank thanks sorry yes
dear sir madam sincerely faithfully kind regards best wishes re ref reference subject date signed name address
email telephone phone mobile tel attn attention enc encl cc copy copies summary background chronology timeline
complaint complaints response responses outcome outcomes remedy remedies request requests request requested
monday tuesday wednesday thursday friday saturday sunday january february march april june july august september
october november december mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
council councils borough county city district metropolitan authority authorities local government department service services
children children's child childrens young people person people family families social care team teams manager managers
worker workers work working together safeguard safeguarding partnership partnerships board panel panels
court courts family high supreme appeal appeals tribunal judicial review reviews judge justice king queen crown
police constable officer officers health visitor visitors nurse nursing doctor hospital nhs gp surgery school schools
teacher teachers head headteacher education nursery college university
independent reviewing chair chairs conference conferences initial core group plan plans protection protective
assessment assessments strategy discussion discussions meeting meetings minutes enquiry enquiries investigation
investigations section sections regulation regulations article articles paragraph paragraphs schedule schedules chapter chapters
part parts act acts rule rules order orders statutory guidance framework protocol procedure procedures practice direction
code standards policy policies
stage stages one two three first second third
ombudsman commissioner commissioner's information office icos ico data human rights convention european
england english wales welsh britain british great united kingdom uk scotland northern ireland london
mother father mum dad mummy daddy parent parents grandmother grandfather grandparent grandparents gran nan grandad
aunt uncle sister brother son daughter baby babies infant carer carers guardian foster
emergency supervision care assessment interim
director deputy assistant senior principal lead practitioner advocate solicitor solicitors barrister counsel
legal aid lawyer lawyers law
letter letters email emails report reports record records file files note notes
christmas easter bank holiday holidays boxing good friday investigating adjudicating designated named
independent advocacy support helpline duty out hours emergency
yours respectfully truly i'm i've i'd i'll ok
`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// everydayNames are names that are also ordinary English words. Alone, they
// are taken as names only when capitalised and not at the start of a
// sentence, so that "will" and "brown" survive. Any word in commonWords is
// treated the same way.
var everydayNames = setOf(`
will bill mark grace hope faith joy rose may june april august dawn summer autumn winter sky star honey sunny
penny crystal chance guy max miles sandy frank earl drew rich sue pat ray gene art bud
brown green white black grey gray wood woods hall young king wright cook baker hill moore clark turner walker
parker cooper ward price bell little long short day sharp hunt strong waters fields rivers stone marsh
mason carpenter taylor fisher hunter miller archer butler porter cross north south east west best
bishop knight page law shaw hart lamb fox wolf swan crane finch nash bird fish lane street church house
`)

// genericNameWords never count as a name on their own: a child recorded as
// "Baby A" or a person as "Ms Social Worker" is hidden only as a whole.
var genericNameWords = setOf(`
mr mrs ms miss mx dr prof professor sir dame lady lord judge justice hhj cllr councillor rev revd
child children baby infant unborn mother father mum dad parent parents carer guardian social worker manager
team health visitor gp doctor teacher nurse police officer unknown anonymous the of and a an de la le van von
`)

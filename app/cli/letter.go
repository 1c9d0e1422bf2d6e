package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

const letterUsage = "letter --vault PATH --case CASE --kind KIND [--procedure statutory|corporate|conference] " +
	"[--findings all|RULE:TRIGGER,...] [--challenge EVENT_ID,...] [--for-child] [--format pdf|docx|txt] [--polish --ai-endpoint URL --ai-model NAME] " +
	"[--as-of DATE] [--sent DATE] [--redact SPEC [--redact-preview]] --out FILE"

// runLetter drafts a letter from a case in the vault, saves the draft there
// (with its versions) and writes it to --out.
func runLetter(env *Env, args []string) error {
	fs := newFlags(env, "letter")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	kindFlag := fs.String("kind", "", "the `KIND` of letter: stage1, stage2, stage3, lgsco, sar, sar-chase (follows up a subject access request already made), ico (complaint to the Information Commissioner about it), rectification or jr-lbc")
	procFlag := fs.String("procedure", "", "for stage1-3, the complaints `PROCEDURE`: statutory (the Children Act 1989 procedure, the default), corporate (the council's own, where section 47 matters go) or conference (the safeguarding partnership's conference complaints procedure); for lgsco, the procedure the complaint went through")
	findingsFlag := fs.String("findings", "all", "the findings the letter raises: all (every breach and concern that belongs to the letter's route; the others are named and left out) or `RULE:TRIGGER,...` as redress check prints them")
	challengeFlag := fs.String("challenge", "", "for jr-lbc: the recorded decisions or acts to challenge, as `EVENT_ID,...` (redress case export shows the IDs), whether or not a finding routes them to judicial review")
	forChild := fs.Bool("for-child", false, "for sar: also make the request on the child's behalf, as a person with parental responsibility")
	formatFlag := fs.String("format", "", "the `FORMAT` of --out: pdf, docx or txt (default: from the --out extension, else pdf)")
	out := fs.String("out", "", "write the letter to `FILE` (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	asOfFlag := fs.String("as-of", "", "the letter's date, and the date the checks are run as of (`DATE`, YYYY-MM-DD; default today in England)")
	sentFlag := fs.String("sent", "", "mark the letter sent on `DATE` (YYYY-MM-DD, not after today): records the event that starts the council's clock (complaint-made, sar-made, lgsco-complaint or jr-letter-before-claim)")
	polishFlag := fs.Bool("polish", false, "improve the wording with AI help (the key comes from $REDRESS_AI_KEY); names and addresses are replaced before sending, and a reply that adds or drops a fact or citation is refused")
	endpoint := fs.String("ai-endpoint", "", "with --polish: the OpenAI-compatible server's `URL`, such as http://localhost:11434/v1")
	model := fs.String("ai-model", "", "with --polish: the model `NAME`")
	var rf redactFlags
	rf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if err := vf.need("letter"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("letter takes no arguments after its flags (got %q); see \"redress help letter\"", fs.Arg(0))
	}
	if *ref == "" {
		return usagef("letter needs --case: a case ID or its exact title (\"redress case list\" shows them)")
	}
	if *kindFlag == "" {
		return usagef("letter needs --kind: stage1, stage2, stage3, lgsco, sar, sar-chase, ico, rectification or jr-lbc")
	}
	kind, err := letters.ParseKind(*kindFlag)
	if err != nil {
		return usagef("--kind: %v", err)
	}
	var proc letters.Procedure
	if *procFlag != "" {
		if !kind.Staged() && kind != letters.LGSCO {
			return usagef("--procedure is for stage1, stage2, stage3 and lgsco letters, not %s", kind)
		}
		if proc, err = letters.ParseProcedure(*procFlag); err != nil {
			return usagef("--procedure: %v", err)
		}
	}
	var challenge []string
	if *challengeFlag != "" {
		if kind != letters.JRLetter {
			return usagef("--challenge is for jr-lbc letters, not %s", kind)
		}
		for _, id := range strings.Split(*challengeFlag, ",") {
			if id = strings.TrimSpace(id); id != "" {
				challenge = append(challenge, id)
			}
		}
		if len(challenge) == 0 {
			return usagef("--challenge needs EVENT_ID,... (redress case export shows the event IDs)")
		}
	}
	if *forChild && kind != letters.SAR {
		return usagef("--for-child is for sar letters, not %s", kind)
	}
	sel, err := casework.ParseSelection(*findingsFlag)
	if err != nil {
		return usagef("--findings: %v", strings.TrimPrefix(err.Error(), letters.ErrRequest.Error()+": "))
	}
	if *out == "" {
		return usagef("letter needs --out FILE")
	}
	if err := checkOut(*out, *force); err != nil {
		return err
	}
	format := casework.FormatOf(*out)
	if *formatFlag != "" {
		if format, err = casework.ParseFormat(*formatFlag); err != nil {
			return usagef("--format %q: want pdf, docx or txt", *formatFlag)
		}
	}
	today := casefile.Today(env.Now())
	asOf := today
	if *asOfFlag != "" {
		if asOf, err = casefile.ParseDate(*asOfFlag); err != nil {
			return usagef("--as-of: %v", err)
		}
	}
	var sent casefile.Date
	if *sentFlag != "" {
		if sent, err = casefile.ParseDate(*sentFlag); err != nil {
			return usagef("--sent: %v", err)
		}
		if sent.After(today) {
			return usagef("--sent %s is after today (%s): a letter can be marked sent only once it has gone", sent, today)
		}
		if sent.Before(asOf) {
			return usagef("--sent %s is before the letter's date (%s)", sent, asOf)
		}
	}
	var ai polish.Settings
	if *polishFlag {
		if *endpoint == "" || *model == "" {
			return usagef("--polish needs --ai-endpoint URL and --ai-model NAME")
		}
		if ai, err = polish.CommandLineSettings(*endpoint, *model, env.Getenv); err != nil {
			return usagef("--polish: %v", err)
		}
	} else if *endpoint != "" || *model != "" {
		return usagef("--ai-endpoint and --ai-model are used only with --polish")
	}

	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := warnSharing(env, v, ci.ID); err != nil {
		return err
	}
	ctx := context.Background()
	cat := checks.Default()
	drafted, err := casework.DraftLetter(ctx, v, ci.ID, casework.Options{
		Kind: kind, Procedure: proc, Findings: sel, AsOf: asOf, Catalogue: cat,
		Challenge: challenge, ForChild: *forChild,
	})
	if err != nil {
		return letterError(err, *ref, kind, sel)
	}
	for _, lo := range drafted.LeftOut {
		fmt.Fprintf(env.Stderr, "left out %s: it belongs to %s%s\n", letters.FindingKey(lo.Finding), casework.RouteWords(lo.Route), letterHint(lo.Route, kind))
	}
	for _, n := range drafted.Notes {
		fmt.Fprintf(env.Stderr, "note: %s\n", capitalise(n))
	}
	d := drafted.Draft

	if *polishFlag {
		if err := polishLetter(ctx, env, v, ci.ID, ai, d); err != nil {
			return err
		}
	}

	var buf bytes.Buffer
	if err := d.Render(&buf, format); err != nil {
		return err
	}
	// The same letter written again (as another format, say) is the same
	// letter and version in the vault, not a new one.
	reused, err := casework.SaveDraftOnce(ctx, v, ci.ID, d)
	if err != nil {
		return err
	}
	if reused {
		fmt.Fprintf(env.Stderr, "note: this is the same as letter %s (version %d), already in the vault: no new letter was saved\n", d.ID, d.Version)
		// Write the version in the vault, so that every format of it is
		// the same letter, checkpoint and all.
		if d, err = casework.LoadDraft(ctx, v, ci.ID, d.ID); err != nil {
			return err
		}
		buf.Reset()
		if err := d.Render(&buf, format); err != nil {
			return err
		}
	}
	if stop, err := rf.letter(env, v, ci.ID, d, format, &buf); err != nil || stop {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes(), *force); err != nil {
		return fmt.Errorf("%w (the draft is saved in the vault as letter %s)", outError(*out, err), d.ID)
	}
	fmt.Fprintf(env.Stdout, "%s\tversion %d\t%s\n", d.ID, d.Version, safe(d.Letter.Title))
	fmt.Fprintf(env.Stderr, "wrote %s (%s, not encrypted: keep it safe)\n", *out, format)
	switch jr := d.Letter.JR; {
	case jr != nil && jr.ShortReply && jr.ReplyBy.IsZero():
		fmt.Fprintf(env.Stderr, "warning: the letter asks for a reply as soon as possible, not within the usual 14 days: the judicial review time limit ends on %s\n", jr.LiveLimit.Long())
	case jr != nil && jr.ShortReply:
		fmt.Fprintf(env.Stderr, "warning: the letter asks for a reply by %s, not within the usual 14 days (%s): the judicial review time limit ends on %s\n", jr.ReplyBy.Long(), jr.Reply.Long(), jr.LiveLimit.Long())
	case !d.Request.Deadline.Date.IsZero():
		fmt.Fprintf(env.Stderr, "the letter asks for a reply by %s\n", d.Request.Deadline.Date.Long())
	}

	if !sent.IsZero() {
		res, err := casework.MarkSent(ctx, v, ci.ID, d.ID, sent, cat)
		if err != nil {
			return err
		}
		if res.Event != "" {
			fmt.Fprintf(env.Stdout, "%s\tsent %s\tevent %s recorded\n", d.ID, sent, res.Event)
		} else {
			fmt.Fprintf(env.Stdout, "%s\tsent %s\n", d.ID, sent)
		}
		for _, n := range res.Notes {
			fmt.Fprintf(env.Stderr, "note: %s\n", n)
		}
		if !res.Deadline.IsZero() {
			fmt.Fprintf(env.Stderr, "the checks now count the council's time from %s: its reply is due by %s\n", sent.Long(), res.Deadline.Long())
		}
	}
	return v.Close()
}

// polishLetter improves the letter's wording with AI help. A reply that does
// not pass the checks stops the command (exit 1) with every reason.
func polishLetter(ctx context.Context, env *Env, v *store.Vault, caseID string, ai polish.Settings, d *casework.Draft) error {
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return err
	}
	client, err := polish.New(ai)
	if err != nil {
		return fmt.Errorf("AI help: %w", err)
	}
	fmt.Fprintf(env.Stderr, "AI help: %s\n", client.Destination().Statement)
	err = casework.PolishDraft(ctx, client, d, c)
	var rej *casework.PolishRejected
	switch {
	case errors.As(err, &rej):
		fmt.Fprintln(env.Stderr, "redress: the AI's wording was not used, and nothing was written or saved:")
		for _, r := range rej.Reasons {
			fmt.Fprintf(env.Stderr, "  - %s\n", safe(fmt.Sprint(r)))
		}
		return &silentExit{code: ExitFailure}
	case err != nil:
		return fmt.Errorf("AI help: %w; nothing was written or saved", err)
	}
	return nil
}

// letterError turns a drafting error into a message with what to do next.
func letterError(err error, ref string, kind letters.Kind, sel casework.Selection) error {
	var re *casework.RouteError
	if errors.As(err, &re) {
		var b strings.Builder
		b.WriteString(re.Error())
		splits := re.Splits()
		if len(splits) > 0 {
			if re.All {
				b.WriteString(".\nA letter that fits them:")
			} else {
				b.WriteString(".\nNothing was written. Draft a separate letter for each route:")
			}
			for _, s := range splits {
				if s.Kind == "" {
					fmt.Fprintf(&b, "\n  %s: %s", casework.RouteWords(s.Route), noLetter(s.Route))
					continue
				}
				cmd := fmt.Sprintf("redress letter --case %q --kind %s", ref, s.Kind)
				if s.Kind.Staged() {
					cmd += " --procedure " + string(s.Procedure)
				}
				if !re.All {
					cmd += " --findings " + findingKeys(s.Findings)
				}
				fmt.Fprintf(&b, "\n  %s: %s --out FILE", casework.RouteWords(s.Route), cmd)
			}
		}
		return usagef("%s", b.String())
	}
	if errors.Is(err, letters.ErrRequest) || errors.Is(err, casefile.ErrNotFound) {
		msg := strings.TrimPrefix(err.Error(), letters.ErrRequest.Error()+": ")
		return usagef("cannot draft the %s letter: %s", kind, msg)
	}
	return err
}

func noLetter(route string) string {
	switch checks.Route(route) {
	case checks.RouteICO:
		return "follow the request up with the council first (--kind sar-chase); if that gets no answer, complain to the Information Commissioner (--kind ico)"
	case checks.RouteCourt:
		return "take legal advice"
	}
	return "Redress drafts no letter for this"
}

// letterHint says which letter takes a finding that was left out.
func letterHint(route string, kind letters.Kind) string {
	k, p, ok := casework.LetterFor(route, kind)
	if !ok {
		return ""
	}
	if k.Staged() {
		return fmt.Sprintf(" (--kind %s --procedure %s)", k, p)
	}
	return fmt.Sprintf(" (--kind %s)", k)
}

func findingKeys(fs []casefile.Finding) string {
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = letters.FindingKey(f)
	}
	return strings.Join(keys, ",")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

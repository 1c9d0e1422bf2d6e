package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

const aiKey = "sk-test-0123456789-secret"

// runAt runs the command line with the clock at now and the given
// environment, and fails if the passphrase or the AI key is printed.
func runAt(t *testing.T, now time.Time, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }, Now: func() time.Time { return now }}
	code := Main(env, args)
	for _, secret := range []string{cliPass, aiKey} {
		if strings.Contains(out.String()+errb.String(), secret) {
			t.Fatalf("a secret was printed: %s %s", out.String(), errb.String())
		}
	}
	return code, out.String(), errb.String()
}

// noon on d in London.
func noon(d string) time.Time {
	return casefile.MustDate(d).Time().Add(12 * time.Hour)
}

// letterVault makes a test vault holding the example cases, and returns the
// vault folder and the cases' IDs by example name.
func letterVault(t *testing.T, extra map[string]*casefile.Case) (string, map[string]string) {
	t.Helper()
	dir := testVault(t)
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ids := map[string]string{}
	for _, name := range []string{"bruised-baby", "checks-before-enquiry", "complaint"} {
		c, err := casefile.ReadFile(filepath.Join("..", "..", "examples", name+".case.json"))
		if err != nil {
			t.Fatal(err)
		}
		extra[name] = c
	}
	for name, c := range extra {
		ci, err := v.ImportCase(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = ci.ID
	}
	return dir, ids
}

// disputedCase is the checks-before-enquiry example with its referral
// record disputed, for a request to correct records.
func disputedCase(t *testing.T) *casefile.Case {
	c, err := casefile.ReadFile(filepath.Join("..", "..", "examples", "checks-before-enquiry.case.json"))
	if err != nil {
		t.Fatal(err)
	}
	c.Title = "Disputed referral"
	c.Events[0].Status = casefile.FactDisputed
	return c
}

// TestLetterEveryKind: redress letter drafts each kind from a vault case,
// saves it, and writes the format asked for.
func TestLetterEveryKind(t *testing.T) {
	dir, ids := letterVault(t, map[string]*casefile.Case{"disputed": disputedCase(t)})
	vars := map[string]string{envPassphrase: cliPass}
	out := t.TempDir()
	tests := []struct {
		name, caseName, asOf string
		args                 []string
		file                 string
		magic                string // how the file starts
		want                 []string
	}{
		{"stage1", "complaint", "2026-07-01", []string{"--kind", "stage1"}, "s1.txt", "[Your name",
			[]string{"Complaint about children’s services: stage 1", "I expect your response by 15 July 2026"}},
		{"stage1 corporate", "bruised-baby", "2026-01-15", []string{"--kind", "stage1", "--procedure", "corporate"}, "s1c.pdf", "%PDF-", nil},
		{"stage2", "complaint", "2026-05-11", []string{"--kind", "stage2"}, "s2.docx", "PK\x03\x04", nil},
		{"stage3", "complaint", "2026-07-01", []string{"--kind", "stage3", "--format", "txt"}, "s3.out", "[Your name",
			[]string{"Request for a review panel", "I expect the review panel to meet by 12 August 2026"}},
		{"lgsco", "complaint", "2026-07-01", []string{"--kind", "lgsco"}, "o.txt", "[Your name",
			[]string{"Complaint to the Local Government and Social Care Ombudsman", "section 26(5) of the Local Government Act 1974"}},
		{"sar", "checks-before-enquiry", "2026-03-20", []string{"--kind", "sar"}, "sar.txt", "[Your name",
			[]string{"Subject access request", "I therefore expect your response by 20 April 2026", "before the end of the applicable time period"}},
		{"rectification", "disputed", "2026-03-20", []string{"--kind", "rectification"}, "r.txt", "[Your name",
			[]string{"Request to correct my personal data", "The record of 2 February 2026 (Referral received)"}},
		{"jr-lbc", "checks-before-enquiry", "2026-03-20", []string{"--kind", "jr-lbc", "--findings", "checks-before-s47:t1,checks-before-s47:t2,jr-3m:sd1"}, "jr.txt", "[Your name",
			[]string{"Letter before claim", "Please reply by 3 April 2026", "the earliest of the 3-month periods for the acts challenged ends on 3 May 2026"}},
		{"jr-lbc challenge", "checks-before-enquiry", "2026-03-20", []string{"--kind", "jr-lbc", "--challenge", "sd1"}, "jrc.txt", "[Your name",
			[]string{"1. Strategy discussion on 6 February 2026", "No reasonable basis for section 47 enquiries (public-law ground):", "SOLICITOR TO CHECK"}},
		{"sar-chase", "complaint", "2026-05-12", []string{"--kind", "sar-chase"}, "chase.txt", "[Your name",
			[]string{"Subject access request of 10 April 2026: your response is overdue", "your response was due by 11 May 2026", "1 day after that date", "This is not a new request"}},
		{"ico", "complaint", "2026-06-01", []string{"--kind", "ico"}, "ico.txt", "[Your name",
			[]string{"Complaint to the Information Commissioner about", "its response was due by 11 May 2026"}},
		{"sar for child", "checks-before-enquiry", "2026-03-20", []string{"--kind", "sar", "--for-child"}, "sarc.txt", "[Your name",
			[]string{"on behalf of my child", "level of understanding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(out, tt.file)
			args := append([]string{"letter", "--vault", dir, "--case", ids[tt.caseName], "--as-of", tt.asOf, "--out", path}, tt.args...)
			code, stdout, stderr := runAt(t, noon("2026-08-01"), vars, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.HasPrefix(stdout, "l") || !strings.Contains(stdout, "\tversion 1\t") {
				t.Errorf("stdout %q", stdout)
			}
			if !strings.Contains(stderr, "wrote "+path) || !strings.Contains(stderr, "Your name is not in this vault's settings") {
				t.Errorf("stderr %q", stderr)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tt.magic)) {
				t.Errorf("%s starts %q", tt.file, b[:min(len(b), 12)])
			}
			text := strings.Join(strings.Fields(string(b)), " ")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("want %q in:\n%s", w, b)
				}
			}
		})
	}

	// A letter before claim whose 14-day reply would come less than 14 days
	// before the earliest judicial review time limit asks for a shorter reply,
	// and the command says so on stderr.
	t.Run("jr-lbc short reply", func(t *testing.T) {
		path := filepath.Join(out, "jr-short.txt")
		code, _, stderr := runAt(t, noon("2026-08-01"), vars, "letter", "--vault", dir, "--case", ids["checks-before-enquiry"], "--as-of", "2026-04-10",
			"--out", path, "--kind", "jr-lbc", "--findings", "checks-before-s47:t1,checks-before-s47:t2,jr-3m:sd1")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "warning: the letter asks for a reply by 19 April 2026, not within the usual 14 days (24 April 2026): the judicial review time limit ends on 3 May 2026") {
			t.Errorf("stderr %q", stderr)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(strings.Fields(string(b)), " "); !strings.Contains(text, "The claimant therefore asks you to reply by 19 April 2026.") {
			t.Errorf("the letter does not ask for the shorter reply:\n%s", b)
		}
	})
}

// TestLetterErrors: bad input exits 2 with a message saying what to do;
// nothing is written.
func TestLetterErrors(t *testing.T) {
	dir, ids := letterVault(t, map[string]*casefile.Case{"mixed": mixedCase(t)})
	vars := map[string]string{envPassphrase: cliPass}
	outDir := t.TempDir()
	out := filepath.Join(outDir, "letter.pdf")
	base := func(caseName string, more ...string) []string {
		return append([]string{"letter", "--vault", dir, "--case", ids[caseName], "--out", out}, more...)
	}
	tests := []struct {
		name string
		args []string
		vars map[string]string
		code int
		want []string
	}{
		{"no kind", base("complaint"), vars, 2, []string{"letter needs --kind"}},
		{"unknown kind", base("complaint", "--kind", "stage4"), vars, 2, []string{`unknown letter kind "stage4"`}},
		{"procedure on a sar", base("complaint", "--kind", "sar", "--procedure", "corporate"), vars, 2, []string{"--procedure is for stage1, stage2, stage3 and lgsco"}},
		{"unknown procedure", base("complaint", "--kind", "stage1", "--procedure", "informal"), vars, 2, []string{"unknown complaints procedure"}},
		{"no out", []string{"letter", "--vault", dir, "--case", ids["complaint"], "--kind", "sar"}, vars, 2, []string{"letter needs --out FILE"}},
		{"no case", []string{"letter", "--vault", dir, "--kind", "sar", "--out", out}, vars, 2, []string{"letter needs --case"}},
		{"unknown case", []string{"letter", "--vault", dir, "--case", "nope", "--kind", "sar", "--out", out}, vars, 2, []string{`no case has the ID or title "nope"`}},
		{"bad findings", base("complaint", "--kind", "stage1", "--findings", "icpc-15wd"), vars, 2, []string{`"icpc-15wd" is not a finding`}},
		{"bad format", base("complaint", "--kind", "sar", "--format", "rtf"), vars, 2, []string{`--format "rtf"`}},
		{"bad as-of", base("complaint", "--kind", "sar", "--as-of", "1 July"), vars, 2, []string{"--as-of"}},
		{"findings all, wrong procedure", base("bruised-baby", "--kind", "stage1", "--as-of", "2026-01-15"), vars, 2, []string{
			"no breach or concern in this case belongs to the Children Act 1989 complaints procedure",
			"the council's corporate complaints procedure (icpc-15wd:s1,premobile-bruising-appraisal:s1,strategy-before-s47:s1)",
			"--kind stage1 --procedure corporate --out FILE"}},
		{"mixed selection", base("mixed", "--kind", "stage1", "--as-of", "2026-07-01", "--findings", "complaint-stage1-10wd:k1,strategy-before-s47:m1"), vars, 2, []string{
			"the findings chosen belong to different routes, so they need separate letters",
			"--kind stage1 --procedure statutory --findings complaint-stage1-10wd:k1 --out FILE",
			"--kind stage1 --procedure corporate --findings strategy-before-s47:m1 --out FILE"}},
		{"finding the checks do not give", base("complaint", "--kind", "stage1", "--as-of", "2026-07-01", "--findings", "complaint-stage1-10wd:zz"), vars, 2, []string{"no finding complaint-stage1-10wd:zz"}},
		{"findings on a sar", base("complaint", "--kind", "sar", "--findings", "sar-1m:q1"), vars, 2, []string{"lists no findings"}},
		{"rectification with nothing disputed", base("complaint", "--kind", "rectification", "--as-of", "2026-07-01"), vars, 2, []string{"needs at least one correction"}},
		{"sent in the future", base("complaint", "--kind", "sar", "--as-of", "2026-07-01", "--sent", "2026-08-02"), vars, 2, []string{"is after today"}},
		{"sent before the letter", base("complaint", "--kind", "sar", "--as-of", "2026-07-01", "--sent", "2026-06-30"), vars, 2, []string{"before the letter's date"}},
		{"polish without a server", base("complaint", "--kind", "sar", "--polish"), vars, 2, []string{"--polish needs --ai-endpoint URL and --ai-model NAME"}},
		{"server without polish", base("complaint", "--kind", "sar", "--ai-endpoint", "http://localhost:1/v1"), vars, 2, []string{"used only with --polish"}},
		{"wrong passphrase", base("complaint", "--kind", "sar"), map[string]string{envPassphrase: "not-it"}, 1, []string{"that passphrase did not open this vault"}},
		{"argument after flags", append(base("complaint", "--kind", "sar"), "extra"), vars, 2, []string{"takes no arguments"}},
		{"challenge on a sar", base("complaint", "--kind", "sar", "--challenge", "k1"), vars, 2, []string{"--challenge is for jr-lbc letters"}},
		{"challenge of an unknown event", base("checks-before-enquiry", "--kind", "jr-lbc", "--as-of", "2026-03-20", "--challenge", "zz"), vars, 2, []string{"act challenged \"zz\""}},
		{"for-child on a chaser", base("complaint", "--kind", "sar-chase", "--for-child"), vars, 2, []string{"--for-child is for sar letters"}},
		{"chaser with no request", base("checks-before-enquiry", "--kind", "sar-chase", "--as-of", "2026-03-20"), vars, 2, []string{"no subject access request", "--kind sar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runAt(t, noon("2026-08-01"), tt.vars, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a letter was written")
			}
			if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
	// Nothing was saved by any of them.
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for name, id := range ids {
		if ls, _ := v.Letters(context.Background(), id); len(ls) != 0 {
			t.Errorf("case %s has %d letters", name, len(ls))
		}
	}
}

// mixedCase is the complaint example with section 47 enquiries started on 2
// March 2026 without a strategy discussion: a statutory and a corporate finding.
func mixedCase(t *testing.T) *casefile.Case {
	c, err := casefile.ReadFile(filepath.Join("..", "..", "examples", "complaint.case.json"))
	if err != nil {
		t.Fatal(err)
	}
	c.Title = "Mixed routes"
	c.Events = append(c.Events, casefile.Event{ID: "m1", Kind: casefile.KindS47Started, Date: casefile.MustDate("2026-03-02")})
	return c
}

// TestLetterSent: --sent records the event that starts the council's clock,
// and redress check on the exported case then counts from it.
func TestLetterSent(t *testing.T) {
	c, err := casefile.ReadFile(filepath.Join("..", "..", "examples", "complaint.case.json"))
	if err != nil {
		t.Fatal(err)
	}
	c.Title, c.Events = "No stage 1 answer", c.Events[:1] // a stage 1 complaint of 1 April 2026, unanswered
	dir, ids := letterVault(t, map[string]*casefile.Case{"unanswered": c})
	vars := map[string]string{envPassphrase: cliPass}
	out := filepath.Join(t.TempDir(), "stage2.txt")
	code, stdout, stderr := runAt(t, noon("2026-04-21"), vars, "letter", "--vault", dir, "--case", "No stage 1 answer",
		"--kind", "stage2", "--as-of", "2026-04-20", "--sent", "2026-04-21", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	due, _ := checks.Default().Deadline("complaint-stage2-25wd", casefile.MustDate("2026-04-21"))
	printed, _ := checks.Default().Deadline("complaint-stage2-25wd", casefile.MustDate("2026-04-20"))
	var letterID, eventID string
	if _, err := fmt.Sscanf(strings.Split(stdout, "\n")[1], "%s\tsent 2026-04-21\tevent %s recorded", &letterID, &eventID); err != nil {
		t.Fatalf("stdout %q: %v", stdout, err)
	}
	for _, w := range []string{"the letter asks for a reply by " + printed.Long(),
		"The letter was sent on 21 April 2026, not on its date (20 April 2026), so the council's deadline is " + due.Long(),
		"its reply is due by " + due.Long()} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}

	exported := filepath.Join(t.TempDir(), "case.json")
	if code, _, stderr := runAt(t, noon("2026-04-21"), vars, "case", "export", "--vault", dir, "--case", ids["unanswered"], "--out", exported); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	code, stdout, stderr = runAt(t, noon("2026-04-22"), vars, "check", "--json", exported)
	if code != 0 {
		t.Fatalf("check: %s", stderr)
	}
	var doc findingsDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range doc.Findings {
		if f.Rule == "complaint-stage2-25wd" {
			found = true
			if f.Trigger != eventID || f.TriggerDate != casefile.MustDate("2026-04-21") || f.Due != due || f.Status != casefile.StatusDue {
				t.Errorf("stage 2 finding %+v, want trigger %s due %s", f, eventID, due)
			}
		}
	}
	if !found {
		t.Errorf("redress check shows no stage 2 clock:\n%s", stdout)
	}
	// The draft is stored as sent.
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	d, err := casework.LoadDraft(context.Background(), v, ids["unanswered"], letterID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != store.LetterSent || d.Sent != casefile.MustDate("2026-04-21") || d.SentEvent != eventID {
		t.Errorf("stored draft %s %s %s", d.Status, d.Sent, d.SentEvent)
	}
}

// aiServer is a fake OpenAI-compatible server that answers with
// reply(the text sent) and checks the key.
func aiServer(t *testing.T, reply func(string) string) (*httptest.Server, *[]string) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(body))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+aiKey {
			http.Error(w, `{"error":{"message":"bad key"}}`, http.StatusUnauthorized)
			return
		}
		var req struct {
			Messages []struct{ Role, Content string } `json:"messages"`
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		b, _ := json.Marshal(reply(req.Messages[len(req.Messages)-1].Content))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}]}`, b)
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies
}

// TestLetterPolish: --polish writes the reworded letter when the reply passes
// the checks; a reply with an invented citation exits 1, writes and saves
// nothing, and prints each reason; an unreachable server exits 1 plainly.
func TestLetterPolish(t *testing.T) {
	dir, ids := letterVault(t, map[string]*casefile.Case{})
	vars := map[string]string{envPassphrase: cliPass, "REDRESS_AI_KEY": aiKey}
	outDir := t.TempDir()
	tests := []struct {
		name     string
		reply    func(string) string
		endpoint string
		code     int
		want     string // in the letter, or on stderr
	}{
		{"accepted", func(s string) string {
			return strings.Replace(s, "I am making a complaint about how", "I wish to complain about how", 1)
		}, "", 0, "I wish to complain about how Example County Council"},
		{"invented citation", func(s string) string {
			return strings.Replace(s, "I am making a complaint about how", "In breach of section 99 of the Children Act 1989, I am making a complaint about how", 1)
		}, "", 1, "section 99"},
		{"dropped paragraph", func(s string) string {
			return s[:strings.LastIndex(s, "\n\n")]
		}, "", 1, "cannot be put back into the letter"},
		{"unreachable", nil, "http://127.0.0.1:1/v1", 1, "could not reach the AI server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			endpoint := tt.endpoint
			var bodies *[]string
			if tt.reply != nil {
				var srv *httptest.Server
				srv, bodies = aiServer(t, tt.reply)
				endpoint = srv.URL + "/v1"
			}
			out := filepath.Join(outDir, strings.ReplaceAll(tt.name, " ", "-")+".txt")
			code, _, stderr := runAt(t, noon("2026-07-01"), vars, "letter", "--vault", dir, "--case", ids["complaint"],
				"--kind", "stage1", "--polish", "--ai-endpoint", endpoint, "--ai-model", "m", "--out", out)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if bodies != nil {
				for _, b := range *bodies {
					if strings.Contains(b, "Child C") || strings.Contains(b, "2016-03-12") {
						t.Errorf("the request held the child's name or birth date")
					}
				}
			}
			b, err := os.ReadFile(out)
			if tt.code == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(strings.Join(strings.Fields(string(b)), " "), tt.want) {
					t.Errorf("the letter lacks the polished words:\n%s", b)
				}
				if !strings.Contains(stderr, "AI help: On this computer") {
					t.Errorf("stderr does not say where the text went: %s", stderr)
				}
				return
			}
			if err == nil {
				t.Error("a letter was written")
			}
			if !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("stderr does not say %q and that nothing was written:\n%s", tt.want, stderr)
			}
		})
	}
	// Only the accepted letter was saved.
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ls, err := casework.Drafts(context.Background(), v, ids["complaint"])
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("%d letters saved, want 1", len(ls))
	}
	d, err := casework.LoadDraft(context.Background(), v, ids["complaint"], ls[0].ID)
	if err != nil || !d.Polished {
		t.Errorf("the saved letter is not the polished one: %v", err)
	}
}

// TestLetterFormatsOneLetter: writing the same letter as PDF, DOCX and text
// is one letter with one version in the vault.
func TestLetterFormatsOneLetter(t *testing.T) {
	dir, ids := letterVault(t, map[string]*casefile.Case{})
	vars := map[string]string{envPassphrase: cliPass}
	out := t.TempDir()
	var first string
	for _, ext := range []string{"pdf", "docx", "txt"} {
		code, stdout, stderr := runAt(t, noon("2026-08-01"), vars, "letter", "--vault", dir, "--case", ids["checks-before-enquiry"],
			"--kind", "sar", "--as-of", "2026-03-20", "--out", filepath.Join(out, "sar."+ext))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", ext, code, stderr)
		}
		if first == "" {
			first = stdout
		} else if stdout != first || !strings.Contains(stderr, "no new letter was saved") {
			t.Errorf("%s: %q, want the same letter and version as %q (%s)", ext, stdout, first, stderr)
		}
	}
	// Every format carries the checkpoint of that one version.
	txt, err := os.ReadFile(filepath.Join(out, "sar.txt"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := exec.Command("pdftotext", filepath.Join(out, "sar.pdf"), "-").Output()
	if err != nil {
		t.Skip("pdftotext is not installed")
	}
	m := regexp.MustCompile(`Record checkpoint:\s+(\S+?)\.?\s`).FindSubmatch(txt)
	var cp []byte
	if m != nil {
		cp = m[1]
	}
	if cp == nil || !bytes.Contains(pdf, cp) {
		t.Errorf("the text's checkpoint %q is not the PDF's", cp)
	}
}

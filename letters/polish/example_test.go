package polish_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
)

func ExampleWhere() {
	for _, endpoint := range []string{"http://localhost:11434/v1", "http://192.168.1.20:8080", "https://api.example.com/v1"} {
		d, _ := polish.Where(endpoint)
		fmt.Println(d.Place.ThirdParty(), d.Statement)
	}
	// Output:
	// false On this computer: the text goes to the AI program at localhost:11434 on this computer. Nothing leaves this computer.
	// true Another computer on your network (192.168.1.20:8080): the text leaves this computer and goes to that one. Use it only if you trust whoever runs it. The connection is not encrypted (the address starts with http://), so others on the way could read it.
	// true A third party over the internet (api.example.com): the text leaves this computer and goes to that service, which may keep it under its own terms. Names, addresses, dates of birth, phone numbers and email addresses are replaced before sending; the rest of the text is sent as it is.
}

// A whole round: prepare, show the preview, send, and check the reply. The
// server here stands in for a local model that adds a section number.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply, _ := json.Marshal("Dear Ms [PERSON-1], [CHILD-1] was seen on 2 March 2026, in breach of section 52.")
		fmt.Fprintf(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":%s}}]}`, reply)
	}))
	defer srv.Close()

	c := &casefile.Case{
		Children: []casefile.Child{{ID: "c1", Name: "Lily Smith"}},
		People:   []casefile.Person{{ID: "p1", Name: "Priya Patel", Role: "social worker"}},
		Events:   []casefile.Event{{ID: "e1", Kind: casefile.KindChildSeen, Date: casefile.MustDate("2026-03-02")}},
	}
	p, err := polish.PrepareImprove(polish.Input{Case: c, Text: "Dear Ms Patel, Lily was seen on 2 March 2026 (section 47)."})
	if err != nil {
		panic(err)
	}
	fmt.Println("sent:", p.Preview().User)

	client, err := polish.New(polish.Settings{Enabled: true, Endpoint: srv.URL, Model: "llama3.1:8b"})
	if err != nil {
		panic(err)
	}
	res, err := client.Run(context.Background(), p, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("reply:", res.Text)
	fmt.Println("accepted:", res.Accepted())
	for _, why := range res.Reasons() {
		fmt.Println("-", why)
	}
	// Output:
	// sent: Dear Ms [PERSON-1], [CHILD-1] was seen on 2 March 2026 (section 47).
	// reply: Dear Ms Patel, Lily was seen on 2 March 2026, in breach of section 52.
	// accepted: false
	// - The reply mentions "section 52", which is not in the rule catalogue or your draft.
}

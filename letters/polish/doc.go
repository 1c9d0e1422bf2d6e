// Package polish is Redress's optional AI drafting help: improving the wording
// of a letter or a note, summarising a document for the chronology, and
// suggesting events from a document, through any OpenAI-compatible
// chat-completions endpoint (a model server on this computer such as Ollama,
// llama.cpp or LM Studio, or a cloud API).
//
// It is built so that it cannot invent and cannot leak:
//
//   - Off by default. Settings.Enabled is false in the zero value and in
//     DefaultSettings; New refuses to build a Client from settings that are
//     off, so no connection is ever attempted. Every byte goes through the
//     Client's http.Client, whose dialer can be injected (WithDialer), so tests
//     prove it.
//   - Pseudonymised. Before anything is sent, the names of the case's children
//     and people (and any extra names and addresses the caller passes), their
//     dates of birth, postcodes, street addresses, phone numbers and email
//     addresses are replaced by stable placeholders such as [CHILD-1],
//     [PERSON-2] or [EMAIL-1]. The mapping never leaves this package's memory;
//     Restore puts the originals back in the reply. Prepared.Preview returns
//     exactly what will be sent, for the person to read first.
//   - Checked. Every reply goes through the guard before it is offered: every
//     citation must be in the rule catalogue or the draft, every case in the
//     legal reference, every date and every name in the record or the draft,
//     every timescale in the draft or the catalogue, no numbered complaint
//     point may be added, and no warning that a source is unverified may be
//     dropped. A reply that fails is a Result whose Accepted method
//     reports false, with the reasons in plain English; only the guard can
//     make a Result accepted.
package polish

// Package casefile holds Redress's domain: cases, children, people, the events a
// local authority's actions are recorded as, notes, document metadata, findings
// and citations, and the redress-case/1 JSON format that carries a whole case.
//
// It uses the standard library only, so that every other layer (the vault, the
// checks engine, letters and the app) can depend on it and nothing else.
package casefile

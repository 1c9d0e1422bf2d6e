// Package letters drafts the letters a family sends when children's services
// get things wrong: complaints at each stage, a complaint to the Local
// Government and Social Care Ombudsman, subject access and rectification
// requests, and a judicial review letter before claim.
//
// A letter is built from a Request (the case, the chosen findings and
// chronology entries, the outcomes sought and the response deadline) into a
// structured Letter by an embedded text/template per kind, and the Letter is
// rendered to PDF, DOCX or plain text. Every point carries its citation inline
// and every source is listed at the end with its legal status and how far it
// was verified; nothing unverified is stated as certain.
//
// The package never reads the clock. The caller passes the letter's date and
// the deadline it sets, worked out with the checks calendar, and the findings
// with their deadlines. The one count a letter makes itself is in a letter
// before claim: a ground whose act has no jr-3m finding gets the 3 months of
// CPR 54.5(1) counted from the act's date (as the checks count "within N
// months"), and the reply asked for is measured against the earliest time
// limit (see JRTime).
package letters

package assets

import _ "embed"

// BankHolidaysEnglandWales is a dated snapshot of the England and Wales bank
// holidays from 1999 to 2027, in the schema of gov.uk's bank-holidays.json
// ({"england-and-wales": {"division": ..., "events": [{"title", "date",
// "notes", "bunting"}]}}). It was built from the standing rules plus every
// one-off holiday and moved holiday of those years; holidays-README.md beside
// it lists them with their sources. The checks package reads it and extends
// it by the standing rules outside 1999-2027.
//
//go:embed bank-holidays-england-and-wales.json
var BankHolidaysEnglandWales []byte

// BankHolidaysFirstYear and BankHolidaysLastYear are the years the snapshot
// covers completely.
const (
	BankHolidaysFirstYear = 1999
	BankHolidaysLastYear  = 2027
)

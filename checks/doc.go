// Package checks is Redress's rules engine. Given a case's recorded events it
// says which statutory steps and guidance timescales the council met, missed or
// is about to miss, with working-day deadlines, plain-English explanations and
// exact, honest citations.
//
// Rules are data and kinds are code: each rule is one YAML file under rules/,
// embedded and decoded strictly, naming a kind implemented here (a deadline, a
// step required before another, an order, the family's own time limit, a
// clock limit, a concern). Run is a pure function of the catalogue, the case
// and the as-of date; it never reads the clock.
//
// Date conventions (DESIGN section 4): a working day is any day but Saturday,
// Sunday and the England and Wales bank holidays (SI 2006/1738 reg 2; see
// Calendar). "Within N working days of D" ends on the Nth working day after D.
// "Within N months of D" ends on the same day of the month N months later, or
// the last day of that month; for subject access requests only, a deadline on
// a non-working day moves to the next working day (the ICO's method). "N weeks
// beginning with D" ends on D + 7N - 1 days, and "N months beginning with D"
// on the day before the same date N months later.
package checks

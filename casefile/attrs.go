package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Agencies is the set of agencies that took part in a strategy discussion,
// one bit per entry of AgencyValues. The zero value means "not recorded"; a
// recorded set is never empty.
type Agencies uint8

// NewAgencies returns the set of the named agencies (values of AgencyValues).
func NewAgencies(names ...string) (Agencies, error) {
	var a Agencies
	for _, n := range names {
		i := slices.Index(AgencyValues, n)
		if i < 0 {
			return 0, fmt.Errorf("%q is not one of %s%s", n, strings.Join(AgencyValues, ", "), didYouMean(n, AgencyValues))
		}
		a |= 1 << i
	}
	return a, nil
}

// Recorded reports whether the agencies were recorded at all.
func (a Agencies) Recorded() bool { return a != 0 }

// Has reports whether the named agency took part.
func (a Agencies) Has(name string) bool {
	i := slices.Index(AgencyValues, name)
	return i >= 0 && a&(1<<i) != 0
}

// Names lists the agencies in the order of AgencyValues.
func (a Agencies) Names() []string {
	var out []string
	for i, n := range AgencyValues {
		if a&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// MarshalJSON writes the set as a list of names.
func (a Agencies) MarshalJSON() ([]byte, error) {
	names := a.Names()
	if names == nil {
		names = []string{}
	}
	return json.Marshal(names)
}

// UnmarshalJSON reads a list of names.
func (a *Agencies) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	v, err := NewAgencies(names...)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// IsZero reports whether no attribute is recorded.
func (a Attrs) IsZero() bool { return a == Attrs{} }

// textAttrs and flagAttrs are the attributes held as text and as yes/no
// (nil: not recorded), by name: Value and SetValue read and write them
// through these, and treat the three of other shapes (stage, agencies,
// report_shared) on their own.
var (
	textAttrs = map[string]func(*Attrs) *string{
		"type":        func(a *Attrs) *string { return &a.Type },
		"outcome":     func(a *Attrs) *string { return &a.Outcome },
		"agency":      func(a *Attrs) *string { return &a.Agency },
		"procedure":   func(a *Attrs) *string { return &a.Procedure },
		"description": func(a *Attrs) *string { return &a.Description },
		"subject":     func(a *Attrs) *string { return &a.Subject },
	}
	flagAttrs = map[string]func(*Attrs) **bool{
		"s47":                func(a *Attrs) **bool { return &a.S47 },
		"consent":            func(a *Attrs) **bool { return &a.Consent },
		"alone":              func(a *Attrs) **bool { return &a.Alone },
		"plan":               func(a *Attrs) **bool { return &a.Plan },
		"parents_invited":    func(a *Attrs) **bool { return &a.ParentsInvited },
		"exception_recorded": func(a *Attrs) **bool { return &a.ExceptionRecorded },
		"accurate":           func(a *Attrs) **bool { return &a.Accurate },
		"complete":           func(a *Attrs) **bool { return &a.Complete },
	}
)

// Value returns the named attribute as canonical text: "true" or "false",
// an enum value, free text, a stage number, a date as YYYY-MM-DD, or a list's
// values joined by commas. "" means not recorded (defaults are not filled in).
func (a Attrs) Value(name string) string {
	if f, ok := textAttrs[name]; ok {
		return *f(&a)
	}
	if f, ok := flagAttrs[name]; ok {
		if p := *f(&a); p != nil {
			return strconv.FormatBool(*p)
		}
		return ""
	}
	switch name {
	case "stage":
		if a.Stage == 0 {
			return ""
		}
		return strconv.Itoa(a.Stage)
	case "agencies":
		return strings.Join(a.Agencies.Names(), ",")
	case "report_shared":
		if a.ReportShared.IsZero() {
			return ""
		}
		return a.ReportShared.String()
	}
	return ""
}

// SetValue sets the attribute spec names from canonical text (as Value
// returns it); "" clears it. The value is checked against the spec: an enum
// must be one of its values (or their plain words), a list's items too.
func (a *Attrs) SetValue(spec AttrSpec, v string) error {
	if spec.Type != AttrString {
		v = strings.TrimSpace(v)
	}
	var bp *bool
	if spec.Type == AttrBool && v != "" {
		bv, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s: %q is not true or false", spec.Name, v)
		}
		bp = Bool(bv)
	}
	if spec.Type == AttrEnum && v != "" {
		val, ok := spec.ValueOf(v)
		if !ok {
			return fmt.Errorf("%s: %q is not one of %s%s", spec.Name, v, strings.Join(spec.Values, ", "), didYouMean(v, spec.Values))
		}
		v = val
	}
	if f, ok := textAttrs[spec.Name]; ok {
		*f(a) = v
		return nil
	}
	if f, ok := flagAttrs[spec.Name]; ok {
		*f(a) = bp
		return nil
	}
	switch spec.Name {
	case "stage":
		if v == "" {
			a.Stage = 0
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3 {
			return fmt.Errorf("stage: %q is not 1, 2 or 3", v)
		}
		a.Stage = n
	case "agencies":
		var names []string
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			val, ok := spec.ValueOf(p)
			if !ok {
				return fmt.Errorf("agencies: %q is not one of %s%s", p, strings.Join(spec.Values, ", "), didYouMean(p, spec.Values))
			}
			names = append(names, val)
		}
		ag, err := NewAgencies(names...)
		if err != nil {
			return fmt.Errorf("agencies: %w", err)
		}
		a.Agencies = ag
	case "report_shared":
		if v == "" {
			a.ReportShared = Date{}
			return nil
		}
		d, err := ParseDate(v)
		if err != nil {
			return fmt.Errorf("report_shared: %w", err)
		}
		a.ReportShared = d
	default:
		return fmt.Errorf("unknown attribute %q", spec.Name)
	}
	return nil
}

// IsComplete reports whether a response answered every point: true unless
// the family recorded that it did not.
func (a Attrs) IsComplete() bool { return a.Complete == nil || *a.Complete }

// Check reports what is wrong with the council's own timescales, in the
// words the case file's decoder uses: each given stage 1 to 200 working days,
// at least one stage, and where the procedure is published.
func (lt LocalTimescales) Check() error {
	for _, n := range []int{lt.Stage1WD, lt.Stage2WD} {
		if n < 0 || n > 200 {
			return fmt.Errorf("local timescales: %d is not a number of working days from 1 to 200", n)
		}
	}
	if lt.Stage1WD == 0 && lt.Stage2WD == 0 {
		return errors.New("local timescales: give the working days for stage 1, stage 2 or both")
	}
	if strings.TrimSpace(lt.Source) == "" {
		return errors.New("local timescales: say where the council's procedure is published")
	}
	return nil
}

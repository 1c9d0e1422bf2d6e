package redact

import "reflect"

// stringType is the type of plain strings: fields of a named string type
// (a kind, a status, a procedure) are codes, not words, and are left.
var stringType = reflect.TypeOf("")

// Strings replaces the matches in every exported field of type string of
// what v points at (a struct, a slice, a map's values are not visited),
// through nested structs, pointers and slices, and calls seen (when not
// nil) with each text that changed, as it was and as it is now. It is how
// a letter, a finding or a chronology row is redacted before layout. What v
// points at is changed; slices and pointers inside it are copied before
// anything in them is, so that nothing it shares with another value is.
func (r *Redactor) Strings(v any, seen func(before, after string)) {
	r.walk(reflect.ValueOf(v), seen, 0)
}

func (r *Redactor) walk(v reflect.Value, seen func(string, string), depth int) {
	if depth > 16 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.CanSet() {
			c := reflect.New(v.Elem().Type())
			c.Elem().Set(v.Elem())
			v.Set(c)
		}
		r.walk(v.Elem(), seen, depth+1)
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				r.walk(v.Field(i), seen, depth+1)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		if v.CanSet() {
			c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(c, v)
			v.Set(c)
		}
		for i := range v.Len() {
			r.walk(v.Index(i), seen, depth+1)
		}
	case reflect.Array:
		for i := range v.Len() {
			r.walk(v.Index(i), seen, depth+1)
		}
	case reflect.String:
		if v.Type() != stringType || !v.CanSet() {
			return
		}
		before := v.String()
		if after := r.Replace(before); after != before {
			v.SetString(after)
			if seen != nil {
				seen(before, after)
			}
		}
	}
}

package casefile

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzSplit checks splitObject and splitArray against encoding/json on any
// valid JSON: the same members, in order, with the same values.
func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"a": [1, {"b": "}\"]"}], "c\u0041": "x", "d": null, "e": -1.5e3}`))
	f.Add([]byte(` [ "a\\", {}, [], 0 , true ] `))
	f.Add(full(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) == nil {
			fields, ok := splitObject(data)
			if !ok {
				t.Fatalf("splitObject refused a valid object %q", data)
			}
			// Later duplicates win in a map, as the last field with the key.
			last := map[string]json.RawMessage{}
			for _, f := range fields {
				last[f.key] = f.raw
			}
			if len(last) != len(obj) {
				t.Fatalf("%d keys, want %d: %q", len(last), len(obj), data)
			}
			for k, v := range obj {
				if !bytes.Equal(bytes.TrimSpace(last[k]), bytes.TrimSpace(v)) {
					t.Fatalf("key %q: %q, want %q", k, last[k], v)
				}
			}
		}
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) == nil {
			items, ok := splitArray(data)
			if !ok || len(items) != len(arr) {
				t.Fatalf("splitArray: %d items (%v), want %d: %q", len(items), ok, len(arr), data)
			}
			for i := range arr {
				if !bytes.Equal(bytes.TrimSpace(items[i]), bytes.TrimSpace(arr[i])) {
					t.Fatalf("item %d: %q, want %q", i, items[i], arr[i])
				}
			}
		}
	})
}

package casefile

import (
	"encoding/json"
	"unicode/utf8"
)

// The decoder reads a case file level by level: the members of an object,
// the items of a list, each as raw JSON decoded in turn. Done with
// encoding/json, each level scans and copies its text again. These read
// JSON the whole document has already been checked to be (json.Valid in
// decodeCase), find where each member ends by counting brackets outside
// strings, and hand out sub-slices of the text without copying, so that
// decoding is one pass per level and allocates only what it keeps.

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just past the JSON value starting at i.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = stringEnd(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index just past the string whose quote is at i.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// splitObject returns the members of a valid JSON object, in order.
func splitObject(raw []byte) ([]field, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	var out []field
	i = skipSpace(raw, i+1)
	for i < len(raw) && raw[i] != '}' {
		if raw[i] != '"' {
			return nil, false
		}
		ke := stringEnd(raw, i)
		key, ok := quickString(raw[i:ke])
		if !ok {
			if json.Unmarshal(raw[i:ke], &key) != nil {
				return nil, false
			}
		}
		i = skipSpace(raw, ke)
		if i >= len(raw) || raw[i] != ':' {
			return nil, false
		}
		vs := skipSpace(raw, i+1)
		ve := valueEnd(raw, vs)
		out = append(out, field{key, json.RawMessage(raw[vs:ve:ve])})
		i = skipSpace(raw, ve)
		if i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
	return out, i < len(raw)
}

// splitArray returns the items of a valid JSON list.
func splitArray(raw []byte) ([]json.RawMessage, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	out := []json.RawMessage{}
	i = skipSpace(raw, i+1)
	for i < len(raw) && raw[i] != ']' {
		ve := valueEnd(raw, i)
		if ve == i {
			return nil, false
		}
		out = append(out, json.RawMessage(raw[i:ve:ve]))
		i = skipSpace(raw, ve)
		if i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
	return out, i < len(raw)
}

// quickString decodes a JSON string that has no escapes (most of them)
// without encoding/json. Its UTF-8 was checked by the pre-scan; false means
// it needs the full decoder.
func quickString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' || c == '"' || c < 0x20 {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

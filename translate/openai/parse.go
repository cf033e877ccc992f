package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parse reads the translations out of a model's answer content. It accepts, in order of
// preference: a JSON object whose "translations" field (or, failing that, its only array
// field) is the array; a bare JSON array. The array's items are strings, or objects
// {"id": n, "text": "…"} whose ids must be 1..len in order. Markdown code fences and prose
// around the JSON are ignored. It does not check the count: the caller knows it.
func Parse(content string) ([]string, error) {
	s := stripFences(strings.TrimSpace(content))
	start := strings.IndexAny(s, "{[")
	if start < 0 {
		return nil, errors.New("no JSON in the answer")
	}
	var raw json.RawMessage
	dec := json.NewDecoder(strings.NewReader(s[start:]))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("answer is not JSON: %v", err)
	}
	arr := raw
	if raw[0] == '{' {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("answer is not a JSON object: %v", err)
		}
		arr = nil
		if v, ok := obj["translations"]; ok {
			arr = v
		} else {
			for _, v := range obj {
				if t := strings.TrimSpace(string(v)); strings.HasPrefix(t, "[") {
					if arr != nil {
						return nil, errors.New(`answer has no "translations" and several arrays`)
					}
					arr = v
				}
			}
		}
		if arr == nil {
			return nil, errors.New(`answer has no "translations" array`)
		}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(arr, &items); err != nil {
		return nil, fmt.Errorf(`"translations" is not an array: %v`, err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		var s string
		if err := json.Unmarshal(it, &s); err == nil {
			out[i] = s
			continue
		}
		var o struct {
			ID   *int    `json:"id"`
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(it, &o); err != nil || o.Text == nil {
			return nil, fmt.Errorf("item %d is neither a string nor {\"id\", \"text\"}", i+1)
		}
		if o.ID != nil && *o.ID != i+1 {
			return nil, fmt.Errorf("item %d has id %d: answers out of order", i+1, *o.ID)
		}
		out[i] = *o.Text
	}
	return out, nil
}

// stripFences removes a Markdown code fence around s (```json … ```), if there is one.
func stripFences(s string) string {
	if !strings.HasPrefix(s, "```") {
		if i := strings.Index(s, "\n```"); i >= 0 && !strings.ContainsAny(s[:i], "{[") {
			s = s[i+1:] // prose, then a fence
		} else {
			return s
		}
	}
	s = strings.TrimPrefix(s, "```")
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[nl+1:] // the info string ("json")
	}
	if end := strings.LastIndex(s, "```"); end >= 0 {
		s = s[:end]
	}
	return strings.TrimSpace(s)
}

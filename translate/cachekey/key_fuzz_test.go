package cachekey

import (
	"bytes"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/translate"
)

// keyFields are the inputs of Key, in the order the fuzzer's field index picks them.
type keyFields struct {
	backend, model, source, target, format, glossary, context, text string
}

func (k keyFields) request() *translate.Request {
	return &translate.Request{
		Model: k.model, Source: tag(k.source), Target: tag(k.target), Format: translate.Format(k.format),
		GlossaryID: k.glossary, Context: k.context,
	}
}

func (k keyFields) key() []byte { return Key(k.backend, k.request(), k.text) }

// tag parses s as a language tag; anything unparsable is und, as the CLI never builds one.
func tag(s string) language.Tag {
	t, err := language.Parse(s)
	if err != nil {
		return language.Und
	}
	return t
}

// with returns k with field i (mod 8) set to v, and whether that is a different request
// for the cache: a different string, except where Key treats two values as one on
// purpose (texts equal after NFC, tags equal as BCP 47, the empty format and "text").
func (k keyFields) with(i uint8, v string) (keyFields, bool) {
	m := k
	switch i % 8 {
	case 0:
		m.backend = v
		return m, v != k.backend
	case 1:
		m.model = v
		return m, v != k.model
	case 2:
		m.source = v
		return m, tag(v) != tag(k.source)
	case 3:
		m.target = v
		return m, tag(v) != tag(k.target)
	case 4:
		m.format = v
		return m, formatOf(v) != formatOf(k.format)
	case 5:
		m.glossary = v
		return m, v != k.glossary
	case 6:
		m.context = v
		return m, v != k.context
	default:
		m.text = v
		return m, norm.NFC.String(v) != norm.NFC.String(k.text)
	}
}

func formatOf(s string) string {
	if s == "" {
		return string(translate.Text)
	}
	return s
}

// FuzzKey checks the cache key: it never panics; texts that are the same in NFC give the
// same key (NFD, NFC, NFKC-stable input alike); and changing any one field to a value that
// means a different request gives a different key, so no answer is served for the wrong
// backend, model, pair, format, glossary, context or text. Run it long with
// go test -run '^$' -fuzz '^FuzzKey$' -fuzztime 3m ./translate/cachekey (RELIABILITY.md).
func FuzzKey(f *testing.F) {
	seeds := []struct {
		k      keyFields
		field  uint8
		change string
	}{
		{keyFields{"google", "nmt", "he", "en", "text", "", "", "תקיפה ליד מסגד אל-מחטה"}, 7, "תקיפה ליד מסגד"},
		{keyFields{"deepl", "", "de", "en-GB", "html", "g1", "a context", "Stra\u00dfe <b>1</b>"}, 4, "text"},
		{keyFields{"google", "nmt", "und", "en", "", "", "", "e\u0301t\u00e9"}, 7, "\u00e9te\u0301"},
		{keyFields{"openai", "gpt", "fr", "en", "text", "", "ctx", "caf\u00e9"}, 6, "ctx "},
		{keyFields{"google", "", "iw", "en", "text", "", "", "x"}, 2, "he"},
		{keyFields{"a", "b", "en", "de", "text", "", "", "c"}, 0, "a\x00"},
		{keyFields{"a\x00b", "", "en", "de", "text", "", "", ""}, 1, "b"},
		{keyFields{"tm", "", "he", "en", "text", "sha256:00", "", "\u202eabc\u202c"}, 5, "sha256:01"},
		{keyFields{"google", "nmt", "zh-Hant", "en", "text", "", "", "\ufb01 \u2126"}, 3, "en-US"},
		{keyFields{"", "", "", "", "", "", "", ""}, 7, "\xff\xfe"},
	}
	for _, s := range seeds {
		k := s.k
		f.Add(k.backend, k.model, k.source, k.target, k.format, k.glossary, k.context, k.text, s.field, s.change)
	}
	f.Fuzz(func(t *testing.T, backend, model, source, target, format, glossary, context, text string, field uint8, change string) {
		k := keyFields{backend, model, source, target, format, glossary, context, text}
		key := k.key()
		if len(key) != 32 {
			t.Fatalf("key of %d bytes, want a SHA-256", len(key))
		}
		if !bytes.Equal(key, k.key()) {
			t.Fatal("the same request gave two keys")
		}
		for _, form := range []norm.Form{norm.NFC, norm.NFD} {
			n := k
			n.text = form.String(text)
			if !bytes.Equal(key, n.key()) {
				t.Fatalf("%q and its %v form %q give different keys", text, form, n.text)
			}
		}
		// Key encodes the request-wide fields once per batch (New); a batch must agree
		// with a single key.
		if !bytes.Equal(key, New(backend, k.request()).Key(text)) {
			t.Fatal("keyer and Key disagree")
		}
		m, different := k.with(field, change)
		if different && bytes.Equal(key, m.key()) {
			t.Fatalf("field %d changed from %+v to %+v, but the key did not", field%8, k, m)
		}
		if !different && !bytes.Equal(key, m.key()) {
			t.Fatalf("field %d changed to an equivalent value (%+v to %+v), but the key did", field%8, k, m)
		}
	})
}

package detect

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect/internal/ngram"
)

// The models are generated from lingua-go's (see internal/genmodels and doc.go) into
// models/<iso>.lm, embedded as strings by languages_gen.go and read in place.

//go:generate go run ./internal/genmodels

// modelSource returns the model file of a language by lingua-go's ISO 639-1 code, "" if
// it has none. New reads the embedded files; tests give it others.
type modelSource func(iso string) string

// linguaByCode maps the base language of each lingua-go language as golang.org/x/text
// canonicalises it ("tl" becomes "fil") to lingua-go's own ISO 639-1 code, which names its
// model.
var linguaByCode = func() map[string]string {
	m := make(map[string]string, len(linguaLanguages))
	for _, l := range linguaLanguages {
		m[code(language.Make(l.iso))] = l.iso
	}
	return m
}()

// openModel opens the model of the language with the given code. A language without a
// model, or a model that is not one (truncated, corrupt, of another format version or
// another language) is an error, never an empty model: an empty one would make the
// language silently never win.
func openModel(c string, src modelSource) (*ngram.Model, error) {
	iso := linguaByCode[c]
	data := src(iso)
	if data == "" {
		return nil, fmt.Errorf("detect: no model for %s", c)
	}
	m, err := ngram.Open(data)
	if err != nil {
		return nil, fmt.Errorf("detect: model for %s: %w", c, err)
	}
	if m.Lang() != iso {
		return nil, fmt.Errorf("detect: model for %s holds %q", c, m.Lang())
	}
	return m, nil
}

// letterRules is lingua-go's table of letters that only a few languages use ("Þþ":
// Icelandic, Turkish — the latter because Turkish web text often comes as Latin-1
// mojibake), by bitext's language codes.
var letterRules = func() []letterRule {
	out := make([]letterRule, len(charsToLanguages))
	for i, r := range charsToLanguages {
		out[i].letters = r.letters
		for _, iso := range r.isos {
			out[i].codes = append(out[i].codes, code(language.Make(iso)))
		}
	}
	return out
}()

type letterRule struct {
	letters string
	codes   []string
}

// rareLetters indexes letterRules by letter: the codes of every rule the letter is in.
var rareLetters = func() map[rune][]string {
	m := map[rune][]string{}
	for _, rule := range letterRules {
		for _, r := range rule.letters {
			m[r] = append(m[r], rule.codes...)
		}
	}
	return m
}()

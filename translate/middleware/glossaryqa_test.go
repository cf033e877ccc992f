package middleware

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

func TestGlossaryQA(t *testing.T) {
	// A backend that knows "מסגד" as "masjid", so the glossary's "mosque" is missing.
	answers := map[string]string{
		"תקיפה ליד מסגד":  "A strike near a masjid",
		"מזרחית לעיר עזה": "East of Gaza City",
		"שלום":            "Hello",
		"מסגד ועזה":       "",
	}
	backend := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		out := make([]translate.Translation, len(req.Texts))
		for i, s := range req.Texts {
			out[i] = translate.Translation{Text: answers[s], QA: []string{"earlier"}}
		}
		return out, nil
	})
	tr := translate.Chain(backend, GlossaryQA())
	terms := []translate.Term{{Source: "מסגד", Target: "mosque"}, {Source: "עזה", Target: "Gaza City"}}
	req := &translate.Request{Texts: []string{"תקיפה ליד מסגד", "מזרחית לעיר עזה", "שלום", "מסגד ועזה"},
		Source: language.Hebrew, Target: language.English, GlossaryID: "abc", Glossary: terms}
	res, err := tr.Translate(context.Background(), req)
	require.NoError(t, err)
	require.Len(t, res, 4)
	assert.Equal(t, []string{"earlier", "glossary:מסגד"}, res[0].QA)
	assert.Equal(t, []string{"earlier"}, res[1].QA, "the target term is there")
	assert.Equal(t, []string{"earlier"}, res[2].QA, "no term in the source")
	assert.Equal(t, []string{"earlier"}, res[3].QA, "an empty answer is QA's business, not the glossary's")
	_, hard := translate.QAFailed(res[0].QA)
	assert.False(t, hard, "a glossary flag marks for review, it does not fail the text")

	// Without a glossary nothing is checked.
	req.Glossary = nil
	res, err = tr.Translate(context.Background(), req)
	require.NoError(t, err)
	for _, r := range res {
		for _, f := range r.QA {
			assert.False(t, strings.HasPrefix(f, QAGlossaryPrefix))
		}
	}
}

// Coalesce builds its own requests: the glossary's terms must travel with its digest.
func TestCoalesceCarriesGlossary(t *testing.T) {
	var got [][]translate.Term
	var mu sync.Mutex
	backend := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		mu.Lock()
		got = append(got, req.Glossary)
		mu.Unlock()
		out := make([]translate.Translation, len(req.Texts))
		for i, s := range req.Texts {
			out[i] = translate.Translation{Text: "[en] " + s}
		}
		return out, nil
	})
	tr := translate.Chain(backend, Coalesce(translate.Limits{Texts: 10}, 20*time.Millisecond))
	terms := []translate.Term{{Source: "עזה", Target: "Gaza"}}
	var wg sync.WaitGroup
	for _, s := range []string{"א", "ב"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{s}, Source: language.Hebrew,
				Target: language.English, GlossaryID: "d1", Glossary: terms})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	require.NotEmpty(t, got)
	for _, g := range got {
		assert.Equal(t, terms, g)
	}
}

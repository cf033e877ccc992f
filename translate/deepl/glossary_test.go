package deepl_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/deepl"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/glossary"
)

func TestRegisterGlossaryAndContext(t *testing.T) {
	var reg translate.Registry
	deepl.Register(&reg)
	b, _ := reg.Lookup(deepl.Name)
	assert.True(t, b.UsesContext, "DeepL takes one free context per request")
	assert.True(t, b.AppliesGlossary)
}

// A bitext glossary becomes one DeepL glossary per pair and process: created once (even by
// concurrent requests), from the terms as TSV, and its ID sent with source_lang set.
func TestGlossaryCreatedOnceAndUsed(t *testing.T) {
	s := deepltest.NewServer(t, func(text, _, target string) string { return "[" + target + "] " + text })
	s.SetGlossaryNotReady(2) // DeepL may need a moment: the backend polls until ready
	tr := newBackend(t, s.Config())
	g, err := glossary.Parse("terms.tsv", []byte("עזה\tGaza City\nמסגד\tmosque\n"))
	require.NoError(t, err)
	req := func(texts ...string) *translate.Request {
		return &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English,
			GlossaryID: g.Digest(), Glossary: g.Terms}
	}
	var wg sync.WaitGroup
	results := make([][]translate.Translation, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := tr.Translate(context.Background(), req("תקיפה ליד מסגד"))
			assert.NoError(t, err)
			results[i] = res
		}()
	}
	wg.Wait()
	for _, r := range results {
		require.Len(t, r, 1)
		assert.Equal(t, "[EN-US] תקיפה ליד mosque", r[0].Text, "the fake applies the glossary it holds")
	}

	created := s.Glossaries()
	require.Len(t, created, 1, "one glossary for the pair, however many requests")
	assert.Equal(t, deepl.GlossaryName(g.Digest(), language.Hebrew, language.English), created[0].Name)
	assert.Equal(t, "HE", created[0].SourceLang)
	assert.Equal(t, "EN", created[0].TargetLang)
	assert.Equal(t, map[string]string{"עזה": "Gaza City", "מסגד": "mosque"}, created[0].Entries)

	var translates, posts, polls int
	for _, r := range s.Requests() {
		switch {
		case r.Path == "/v2/translate":
			translates++
			assert.Equal(t, created[0].ID, r.GlossaryID)
			assert.Equal(t, "HE", r.SourceLang, "DeepL needs source_lang with a glossary")
		case r.Path == "/v2/glossaries" && r.Method == "POST":
			posts++
			assert.Equal(t, "application/json", r.ContentType)
		case r.Path == "/v2/glossaries/"+created[0].ID:
			polls++
		}
	}
	assert.Equal(t, 4, translates)
	assert.Equal(t, 1, posts)
	assert.Equal(t, 2, polls, "polled until ready, then no more")

	// Another pair is another glossary; a later process (a new backend) reuses the
	// account's glossary by name instead of creating another.
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"x"}, Source: language.Arabic,
		Target: language.English, GlossaryID: g.Digest(), Glossary: g.Terms})
	require.NoError(t, err)
	require.Len(t, s.Glossaries(), 2)
	s.Reset()
	again := newBackend(t, s.Config())
	_, err = again.Translate(context.Background(), req("עזה"))
	require.NoError(t, err)
	assert.Len(t, s.Glossaries(), 2, "found by name, not created again")
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, created[0].ID, last.GlossaryID)
}

// A changed glossary has another digest, hence another DeepL glossary.
func TestChangedGlossaryIsNewGlossary(t *testing.T) {
	s := deepltest.NewServer(t, nil)
	tr := newBackend(t, s.Config())
	for _, data := range []string{"עזה\tGaza\n", "עזה\tGaza City\n"} {
		g, err := glossary.Parse("g.tsv", []byte(data))
		require.NoError(t, err)
		_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"עזה"}, Source: language.Hebrew,
			Target: language.English, GlossaryID: g.Digest(), Glossary: g.Terms})
		require.NoError(t, err)
	}
	gs := s.Glossaries()
	require.Len(t, gs, 2)
	assert.NotEqual(t, gs[0].Name, gs[1].Name)
}

func TestGlossaryErrors(t *testing.T) {
	s := deepltest.NewServer(t, nil)
	tr := newBackend(t, s.Config())
	terms := []translate.Term{{Source: "a", Target: "b"}}
	// No source language: DeepL cannot use a glossary.
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.English,
		GlossaryID: "0123456789abcdef", Glossary: terms})
	require.ErrorIs(t, err, translate.ErrPermanent)
	assert.Empty(t, s.Glossaries())

	// A pair DeepL glossaries do not have: the server's refusal is permanent, and the key
	// does not show.
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.MustParse("ga"),
		Target: language.English, GlossaryID: "0123456789abcdef", Glossary: terms})
	require.ErrorIs(t, err, translate.ErrPermanent)
	assert.Contains(t, err.Error(), "glossar")
	assert.NotContains(t, err.Error(), deepltest.Key)

	// Terms without a digest are not a glossary bitext can name: nothing is created.
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.Hebrew,
		Target: language.English, Glossary: terms})
	require.NoError(t, err)
	assert.Empty(t, s.Glossaries())
}

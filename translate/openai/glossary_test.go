package openai_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/openai"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

// Only the glossary terms whose source term occurs in the batch travel, as data in the user
// message; the system prompt says what to do with them.
func TestPromptCarriesMatchingTerms(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{}, upper)
	tr := newBackend(t, srv.Config())
	terms := []translate.Term{{Source: "מסגד", Target: "mosque"}, {Source: "חמאס", Target: "Hamas"}, {Source: "עזה", Target: "Gaza City"}}
	_, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"תקיפה ליד מסגד", "מזרחית לעיר עזה"}, Source: language.Hebrew, Target: language.English,
		GlossaryID: "0123456789abcdef", Glossary: terms,
	})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	require.NotNil(t, reqs[0].Data)
	assert.Equal(t, []openaitest.Term{{Source: "מסגד", Target: "mosque"}, {Source: "עזה", Target: "Gaza City"}}, reqs[0].Data.Glossary,
		"חמאס is in no text: not sent")
	assert.Contains(t, reqs[0].System, `"glossary"`)
	assert.NotContains(t, reqs[0].System, "mosque", "terms are data, not part of the instructions")

	// No matching term: no glossary key at all.
	srv.Reset()
	_, err = tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"שלום"}, Source: language.Hebrew, Target: language.English, GlossaryID: "0123456789abcdef", Glossary: terms,
	})
	require.NoError(t, err)
	require.Len(t, srv.Requests(), 1)
	assert.NotContains(t, srv.Requests()[0].User, "glossary")
}

func TestRegisterAppliesGlossary(t *testing.T) {
	var reg translate.Registry
	openai.Register(&reg)
	b, _ := reg.Lookup(openai.Name)
	assert.True(t, b.AppliesGlossary)
	assert.False(t, b.UsesContext, "the prompt takes a context, but bitext sends DeepL's only")
	assert.Equal(t, "openai@"+openai.PromptVersion, b.CacheName())
}

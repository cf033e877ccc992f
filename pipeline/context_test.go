package pipeline

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/glossary"
)

// article builds a detected English document: a title, a lead, and Hebrew captions.
func article(name, title, lead string, captions ...string) *doc.Document {
	d := &doc.Document{Source: name, Format: "text", Lang: language.English}
	add := func(kind doc.Kind, text string, lang language.Tag) {
		b := &doc.Block{Index: len(d.Blocks), Kind: kind, Text: text}
		b.Segments = []*doc.Segment{{Block: b.Index, Text: text, Lang: lang, Confidence: 1}}
		d.Blocks = append(d.Blocks, b)
	}
	if title != "" {
		add(doc.Title, title, language.English)
	}
	if lead != "" {
		add(doc.Lead, lead, language.English)
	}
	for _, c := range captions {
		add(doc.Caption, c, language.Hebrew)
	}
	return d
}

func TestDocumentContext(t *testing.T) {
	d := article("a.txt", "Amid renewed fighting,  Hamas holds firm", "Israel increases\tmilitary pressure", "כיתוב")
	assert.Equal(t, "Amid renewed fighting, Hamas holds firm\nIsrael increases military pressure", DocumentContext(d))
	assert.Empty(t, DocumentContext(article("b.txt", "", "", "כיתוב")))

	long := article("c.txt", strings.Repeat("word ", 400), "")
	c := DocumentContext(long)
	assert.LessOrEqual(t, utf8.RuneCountInString(c), MaxContext)
	assert.Greater(t, utf8.RuneCountInString(c), MaxContext-10)
	assert.False(t, strings.HasSuffix(c, " "), "cut at a word boundary")
	assert.True(t, strings.HasSuffix(c, "word"), "cut at a word boundary")
}

// With a backend that reads contexts (DeepL), texts of documents with different titles go
// in separate requests, each with its own document's context; a text shared by both goes
// with its first document's.
func TestExecuteGroupsByContext(t *testing.T) {
	a := article("a.txt", "Strikes in Gaza", "The army said", "תקיפה בעזה", "כיתוב משותף")
	b := article("b.txt", "Hostages talks", "Negotiators met", "חטופים", "כיתוב משותף")
	p := NewPlan([]*doc.Document{a, b}, PlanOptions{Target: language.English, Context: true})
	require.Len(t, p.Items, 3)
	f := &fakeTranslator{}
	_, err := Execute(context.Background(), p, f, ExecOptions{Backend: "deepl", UsesContext: true, Limits: translate.Limits{Texts: 50}})
	require.NoError(t, err)
	require.Len(t, f.reqs, 2)
	byCtx := map[string][]string{}
	for _, r := range f.reqs {
		byCtx[r.Context] = r.Texts
	}
	assert.Equal(t, map[string][]string{
		"Strikes in Gaza\nThe army said":  {"תקיפה בעזה", "כיתוב משותף"},
		"Hostages talks\nNegotiators met": {"חטופים"},
	}, byCtx)
}

// A backend that does not read contexts gets none, and its batching is as before: one
// request for all texts of a source language.
func TestExecuteWithoutContext(t *testing.T) {
	a := article("a.txt", "Strikes in Gaza", "The army said", "תקיפה בעזה")
	b := article("b.txt", "Hostages talks", "Negotiators met", "חטופים")
	p := NewPlan([]*doc.Document{a, b}, PlanOptions{Target: language.English})
	f := &fakeTranslator{}
	_, err := Execute(context.Background(), p, f, ExecOptions{Backend: "google", Limits: translate.Limits{Texts: 128}})
	require.NoError(t, err)
	require.Len(t, f.reqs, 1)
	assert.Empty(t, f.reqs[0].Context)
	assert.Equal(t, []string{"תקיפה בעזה", "חטופים"}, f.reqs[0].Texts)
	for _, it := range p.Items {
		assert.Empty(t, it.Context)
	}
}

// The glossary travels in every request its pair covers, and the translations record its
// digest; a glossary for another pair is not sent and not recorded.
func TestExecuteCarriesGlossary(t *testing.T) {
	g, err := glossary.Parse("terms.tsv", []byte("he\ten\nעזה\tGaza\n"))
	require.NoError(t, err)
	d := article("a.txt", "T", "", "תקיפה בעזה")
	d.Blocks = append(d.Blocks, &doc.Block{Index: 1, Kind: doc.Paragraph, Text: "hola amigos",
		Segments: []*doc.Segment{{Block: 1, Text: "hola amigos", Lang: language.Spanish}}})
	p := NewPlan([]*doc.Document{d}, PlanOptions{Target: language.English})
	f := &fakeTranslator{}
	_, err = Execute(context.Background(), p, f, ExecOptions{Backend: "fake", Glossary: g})
	require.NoError(t, err)
	require.Len(t, f.reqs, 2)
	for _, r := range f.reqs {
		if r.Source == language.Hebrew {
			assert.Equal(t, g.Digest(), r.GlossaryID)
			assert.Equal(t, g.Terms, r.Glossary)
		} else {
			assert.Empty(t, r.GlossaryID, "a he→en glossary does not apply to Spanish")
			assert.Nil(t, r.Glossary)
		}
	}
	for _, it := range p.Items {
		if it.Source == language.Hebrew {
			assert.Equal(t, g.Digest(), it.Result.Glossary)
		} else {
			assert.Empty(t, it.Result.Glossary)
		}
	}

	// A provider's glossary ID is sent as it is, without terms.
	p = NewPlan([]*doc.Document{article("b.txt", "T", "", "כיתוב")}, PlanOptions{Target: language.English})
	f = &fakeTranslator{}
	_, err = Execute(context.Background(), p, f, ExecOptions{Backend: "deepl", GlossaryID: "deepl:abc"})
	require.NoError(t, err)
	require.Len(t, f.reqs, 1)
	assert.Equal(t, "deepl:abc", f.reqs[0].GlossaryID)
	assert.Nil(t, f.reqs[0].Glossary)
	assert.Equal(t, "deepl:abc", p.Items[0].Result.Glossary)
}

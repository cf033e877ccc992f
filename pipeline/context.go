package pipeline

import (
	"strings"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// MaxContext is the most characters of a document's context sent with its texts: DeepL's
// context is free (not billed) but still travels in every request's 128 KiB body, and a
// title and a lead are what helps a short caption; the rest of an article adds little.
const MaxContext = 1000

// DocumentContext is the context a backend that reads one (translate.Backend.UsesContext,
// DeepL) gets for the texts of d: the text of its title and lead blocks, in reading order,
// joined by newlines, cut at a word boundary to at most MaxContext characters. It is ""
// when d has neither.
func DocumentContext(d *doc.Document) string {
	var parts []string
	for _, b := range d.Blocks {
		if b.Kind == doc.Title || b.Kind == doc.Lead {
			if t := strings.Join(strings.Fields(b.Text), " "); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return truncate(strings.Join(parts, "\n"), MaxContext)
}

// truncate cuts s to at most n characters, at the last space within them when there is one.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	cut := s[:i]
	if sp := strings.LastIndexAny(cut, " \n"); sp > len(cut)/2 {
		cut = cut[:sp]
	}
	return strings.TrimSpace(cut)
}

// setContexts gives every item the context of its first document when the backend reads
// contexts, and none otherwise, so that batches group by it only when it is sent.
func setContexts(items []*Item, o ExecOptions) {
	memo := map[*doc.Document]string{}
	for _, it := range items {
		it.Context = ""
		if !o.UsesContext || len(it.Docs) == 0 {
			continue
		}
		d := it.Docs[0]
		c, ok := memo[d]
		if !ok {
			c = DocumentContext(d)
			memo[d] = c
		}
		it.Context = c
	}
}

// request is the request Execute sends for it (without its texts): what the cache key of
// its answer is made of, so the estimate computes the same keys.
func (o ExecOptions) request(p *Plan, it *Item) *translate.Request {
	req := &translate.Request{Source: it.Source, Target: p.Target, Format: o.Format, Model: o.Model, Context: it.Context}
	if req.Format == "" {
		req.Format = translate.Text
	}
	if it.Format != "" {
		req.Format = it.Format // texts with inline placeholders go as HTML
	}
	switch {
	case o.Glossary != nil:
		if terms := o.Glossary.For(it.Source, p.Target); len(terms) > 0 {
			req.Glossary = terms
			req.GlossaryID = o.digest
			if req.GlossaryID == "" {
				req.GlossaryID = o.Glossary.Digest()
			}
		}
	case o.GlossaryID != "":
		req.GlossaryID = o.GlossaryID
	}
	return req
}

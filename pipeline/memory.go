package pipeline

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
)

// Recall is the translation-memory step: it answers the plan's items from m before any
// backend is asked, one lookup per source language and context. A reviewer's approved
// translation of the text (`bitext apply`; translate.Match.Approved) becomes a translation
// of origin human; other exact matches are of origin tm; fuzzy ones too, flagged
// "fuzzy-match:SCORE" for review. It returns how many items it answered.
func Recall(ctx context.Context, p *Plan, m translate.Memory) (int, error) {
	return recall(ctx, p.Target, p.unanswered(), m)
}

// recallGroup is what one memory lookup may mix: the source language and the context
// (approved translations are keyed by the context the backend is given).
type recallGroup struct {
	source  language.Tag
	context string
}

// recall is Recall over the given items: those of one document in a streaming job.
func recall(ctx context.Context, target language.Tag, items []*Item, m translate.Memory) (int, error) {
	rm, byRequest := m.(translate.RequestMemory)
	groups := map[recallGroup][]*Item{}
	var order []recallGroup
	for _, it := range items {
		if it.Result != nil {
			continue
		}
		g := recallGroup{source: it.Source}
		if byRequest {
			g.context = it.Context
		}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], it)
	}
	n := 0
	for _, g := range order {
		items := groups[g]
		texts := make([]string, len(items))
		for i, it := range items {
			texts[i] = memoryText(it)
		}
		var (
			matches []translate.Match
			err     error
		)
		if byRequest {
			matches, err = rm.LookupRequest(ctx, &translate.Request{Source: g.source, Target: target, Context: g.context, Texts: texts})
		} else {
			matches, err = m.Lookup(ctx, g.source, target, texts)
		}
		if err != nil {
			return n, fmt.Errorf("translation memory: %w", err)
		}
		if len(matches) != len(items) {
			return n, fmt.Errorf("translation memory: %d answers for %d texts", len(matches), len(items))
		}
		for i, mt := range matches {
			if !mt.Found || mt.Text == "" {
				continue
			}
			tr := &doc.Translation{Text: mt.Text, Origin: doc.TM, Backend: "tm", Model: mt.Origin, Context: cachekey.ContextID(g.context)}
			switch {
			case mt.Approved:
				tr.Backend, tr.Model = "", ""
				tr.Origin, tr.Reviewer, tr.Reviewed = doc.Human, mt.By, mt.At
			case mt.Score < 1:
				tr.QA = []string{fmt.Sprintf("fuzzy-match:%.2f", mt.Score)}
			}
			items[i].Result = tr
			n++
		}
	}
	return n, nil
}

// memoryText is the text memories know an item by: its plain text, without the inline
// placeholders a backend is sent (memories and reviewers' files hold plain text).
func memoryText(it *Item) string {
	if it.Format != translate.HTML {
		return it.Text
	}
	parts, err := inline.Parse(it.Text)
	if err != nil {
		return it.Text
	}
	return inline.Plain(parts)
}

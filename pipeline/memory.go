package pipeline

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// Recall is the translation-memory step: it answers the plan's items from m before any
// backend is asked, one lookup per source language. Exact matches become translations of
// origin tm; fuzzy ones too, flagged "fuzzy-match:SCORE" for review. It returns how many
// items it answered.
func Recall(ctx context.Context, p *Plan, m translate.Memory) (int, error) {
	return recall(ctx, p.Target, p.unanswered(), m)
}

// recall is Recall over the given items: those of one document in a streaming job.
func recall(ctx context.Context, target language.Tag, items []*Item, m translate.Memory) (int, error) {
	bySource := map[language.Tag][]*Item{}
	var order []language.Tag
	for _, it := range items {
		if it.Result != nil {
			continue
		}
		if _, ok := bySource[it.Source]; !ok {
			order = append(order, it.Source)
		}
		bySource[it.Source] = append(bySource[it.Source], it)
	}
	n := 0
	for _, src := range order {
		items := bySource[src]
		texts := make([]string, len(items))
		for i, it := range items {
			texts[i] = it.Text
		}
		matches, err := m.Lookup(ctx, src, target, texts)
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
			tr := &doc.Translation{Text: mt.Text, Origin: doc.TM, Backend: "tm", Model: mt.Origin}
			if mt.Score < 1 {
				tr.QA = []string{fmt.Sprintf("fuzzy-match:%.2f", mt.Score)}
			}
			items[i].Result = tr
			n++
		}
	}
	return n, nil
}

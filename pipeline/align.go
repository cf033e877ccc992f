package pipeline

import (
	"github.com/seed77ff/bitext/pipeline/doc"
)

// Align gives every foreign segment of d its translation: the planned item's result when a
// backend answered; else the document's own counterpart (origin document); else none with
// the reason. Segments in the target language or und get none. It also fills d.Stats.
func Align(d *doc.Document, p *Plan, o PlanOptions, noBackendReason string) {
	st := &d.Stats
	st.Segments, st.Foreign, st.Translated = 0, 0, 0
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			st.Segments++
			s.Translation = nil
			if !s.Foreign(d.Target) {
				continue
			}
			st.Foreign++
			var tr *doc.Translation
			if it := p.lookup(s, o.Source); it != nil && it.Result != nil {
				c := *it.Result
				tr = &c
			}
			if tr == nil || tr.Origin == doc.None {
				switch {
				case s.Counterpart != nil:
					reason := ""
					if tr != nil {
						reason = tr.Reason // why the backend did not answer
					}
					tr = &doc.Translation{Text: s.Counterpart.Text, Origin: doc.FromDocument, Reason: reason}
				case tr != nil:
				case b.Kind == doc.Boilerplate && !o.TranslateBoilerplate:
					tr = &doc.Translation{Origin: doc.None, Reason: "boilerplate"}
				default:
					tr = &doc.Translation{Origin: doc.None, Reason: noBackendReason}
				}
			}
			if tr.Origin != doc.None {
				st.Translated++
			}
			s.Translation = tr
		}
	}
}

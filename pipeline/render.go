package pipeline

import (
	"fmt"
	"io"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Merged is the output format name that writes a document back in its own format.
const Merged = "merged"

// Render writes d in the output format named name: a registered renderer, or Merged,
// which uses the document's own reader with mode.
func Render(w io.Writer, g *format.Registry, name string, d *doc.Document, mode format.MergeMode) error {
	if name == Merged {
		r, ok := g.Lookup(d.Format)
		if !ok || r.Merge == nil {
			return fmt.Errorf("%s: format %q cannot be written back (merged)", d.Source, d.Format)
		}
		if mode == "" {
			mode = format.MergeBilingual
		}
		if err := r.Merge(w, d, mode); err != nil {
			return fmt.Errorf("%s: %w", d.Source, err)
		}
		return nil
	}
	r, ok := g.Renderer(name)
	if !ok {
		return fmt.Errorf("unknown output format %q", name)
	}
	if err := r.Write(w, d); err != nil {
		return fmt.Errorf("%s: %w", d.Source, err)
	}
	return nil
}

package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
)

// WriteJSON writes one JSON object per change, one per line, in the shape of the CLI
// contract: {"file","id","status","old","new","causes"}.
func WriteJSON(w io.Writer, changes []Change) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range changes {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("write diff: %w", err)
		}
	}
	return nil
}

// TextOptions say how WriteText marks words.
type TextOptions struct {
	// Color marks deleted words red and inserted words green with ANSI escapes; otherwise
	// they are written [-like this-] and {+like this+}, as git diff --word-diff=plain does.
	Color bool
}

const (
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// WriteText writes changes for a reader: per file, each change with its ID, block and
// causes, then the source text and the translation, with a word-level diff where both sides
// have one; and a last line counting the changes. Every text from the files compared goes
// through format.Visible, so no control character of theirs reaches the terminal.
func WriteText(w io.Writer, changes []Change, o TextOptions) error {
	bw := bufio.NewWriter(w)
	file := "\x00"
	var added, removed, changed int
	for _, c := range changes {
		if c.File != file {
			file = c.File
			if o.Color {
				fmt.Fprintf(bw, "%s%s%s\n", ansiBold, format.Visible(file), ansiReset)
			} else {
				fmt.Fprintf(bw, "%s\n", format.Visible(file))
			}
		}
		switch c.Status {
		case Added:
			added++
			fmt.Fprintf(bw, "+ %s block %d added\n", format.Visible(c.ID), c.New.Block)
			writeSide(bw, c.New, o, Insert)
		case Removed:
			removed++
			fmt.Fprintf(bw, "- %s block %d removed\n", format.Visible(c.ID), c.Old.Block)
			writeSide(bw, c.Old, o, Delete)
		case Changed:
			changed++
			fmt.Fprintf(bw, "~ %s block %d (%s)\n", format.Visible(c.ID), c.New.Block, format.Visible(describe(c)))
			lang := c.New.Lang
			if c.Old.Lang != c.New.Lang {
				lang = c.Old.Lang + "→" + c.New.Lang
			}
			fmt.Fprintf(bw, "    %-5s %s\n", format.Visible(lang), wordDiff(c.Old.Text, c.New.Text, o))
			fmt.Fprintf(bw, "    %-5s %s\n", "→", wordDiff(translationText(c.Old.Translation), translationText(c.New.Translation), o))
		}
	}
	if len(changes) == 0 {
		fmt.Fprintln(bw, "no changes")
	} else {
		fmt.Fprintf(bw, "%d changed, %d added, %d removed\n", changed, added, removed)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

// writeSide writes an added or removed segment, marked whole as inserted or deleted.
func writeSide(w io.Writer, s *Segment, o TextOptions, k OpKind) {
	fmt.Fprintf(w, "    %-5s %s\n", format.Visible(s.Lang), mark(s.Text, k, o))
	if s.Translation != nil {
		fmt.Fprintf(w, "    %-5s %s\n", "→", mark(translationText(s.Translation), k, o))
	}
}

// translationText is what a reader sees of a translation: its text, or why there is none.
func translationText(t *jsondoc.LineTranslation) string {
	switch {
	case t == nil:
		return "(no translation needed)"
	case t.Text == "" && t.Reason != nil:
		return "(none: " + *t.Reason + ")"
	}
	return t.Text
}

// describe lists the causes of a change, with the old and new values where they tell more.
func describe(c Change) string {
	var parts []string
	prov := func(t *jsondoc.LineTranslation, f func(*jsondoc.LineTranslation) string) string {
		if t == nil || f(t) == "" {
			return "none"
		}
		return f(t)
	}
	for _, cause := range c.Causes {
		switch cause {
		case Backend:
			get := func(t *jsondoc.LineTranslation) string { return t.Backend }
			parts = append(parts, fmt.Sprintf("backend %s → %s", prov(c.Old.Translation, get), prov(c.New.Translation, get)))
		case Model:
			get := func(t *jsondoc.LineTranslation) string { return t.Model }
			parts = append(parts, fmt.Sprintf("model %s → %s", prov(c.Old.Translation, get), prov(c.New.Translation, get)))
		case Glossary:
			get := func(t *jsondoc.LineTranslation) string { return t.Glossary }
			parts = append(parts, fmt.Sprintf("glossary %s → %s", prov(c.Old.Translation, get), prov(c.New.Translation, get)))
		default:
			parts = append(parts, string(cause))
		}
	}
	return strings.Join(parts, "; ")
}

func wordDiff(a, b string, o TextOptions) string {
	var sb strings.Builder
	for _, op := range Words(a, b) {
		sb.WriteString(mark(op.Text, op.Kind, o))
	}
	return sb.String()
}

// mark writes s, its control characters made visible (format.Visible: the files compared
// are untrusted, and this goes to a terminal), as deleted or inserted text.
func mark(s string, k OpKind, o TextOptions) string {
	s = format.Visible(s)
	switch {
	case k == Equal:
		return s
	case o.Color && k == Delete:
		return ansiRed + s + ansiReset
	case o.Color:
		return ansiGreen + s + ansiReset
	case k == Delete:
		return "[-" + s + "-]"
	}
	return "{+" + s + "+}"
}

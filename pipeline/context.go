package pipeline

import (
	"strings"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
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

package pipeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/segment"
)

// maxCueRun bounds how many cues one sentence may span, so captions written without
// punctuation (automatic captions) do not become one endless segment.
const maxCueRun = 4

// speakerLabel matches a cue that opens with who speaks ("MAN:", "JOHN SMITH:"), which starts
// a new sentence whatever the previous cue ended with.
var speakerLabel = regexp.MustCompile(`^\p{Lu}[\p{Lu}\d .'’-]*:`)

// segmentCues splits runs of consecutive cue blocks into sentences as one text, so a sentence
// spread over several cues becomes one segment whose Parts list its piece of each cue. The
// segment is held by the block of its first part.
func segmentCues(d *doc.Document) {
	blocks := d.Blocks
	for i := 0; i < len(blocks); {
		if blocks[i].Kind != doc.Cue {
			i++
			continue
		}
		j := i + 1
		for j < len(blocks) && j-i < maxCueRun && blocks[j].Kind == doc.Cue && cuesJoin(blocks[j-1].Text, blocks[j].Text) {
			j++
		}
		segmentCueRun(blocks[i:j])
		i = j
	}
}

// cuesJoin reports whether a sentence may run on from cue text prev into cue text next.
// A sound description ("(door slams)", "[music]") or a song line ends its own sentence, and
// a dialogue dash, a bracket or a speaker label starts a new one.
func cuesJoin(prev, next string) bool {
	prev, next = strings.TrimSpace(prev), strings.TrimSpace(next)
	if prev == "" || next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch last {
	case ')', ']', '♪', '♫', ':':
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	switch first {
	case '-', '–', '—', '(', '[', '♪', '♫':
		return false
	}
	return !speakerLabel.MatchString(next)
}

// segmentCueRun splits the joined text of run, whose blocks are consecutive, into segments.
func segmentCueRun(run []*doc.Block) {
	var sb strings.Builder
	offs := make([]int, len(run))
	for k, b := range run {
		b.Segments = b.Segments[:0]
		if k > 0 {
			sb.WriteByte(' ')
		}
		offs[k] = sb.Len()
		sb.WriteString(b.Text)
	}
	joined := sb.String()
	for _, sp := range segment.Sentences(joined) {
		var parts []doc.Part
		for k, b := range run {
			start, end := max(sp.Start, offs[k]), min(sp.End, offs[k]+len(b.Text))
			if start >= end {
				continue
			}
			start, end = start-offs[k], end-offs[k]
			start, end = trimSpan(b.Text, start, end)
			if start < end {
				parts = append(parts, doc.Part{Block: b.Index, Start: start, End: end})
			}
		}
		if len(parts) == 0 {
			continue
		}
		first := run[parts[0].Block-run[0].Index]
		s := &doc.Segment{Block: first.Index, Text: first.Text[parts[0].Start:parts[0].End]}
		if len(parts) > 1 {
			texts := make([]string, len(parts))
			for n, p := range parts {
				texts[n] = run[p.Block-run[0].Index].Text[p.Start:p.End]
			}
			s.Text, s.Parts = strings.Join(texts, " "), parts
		}
		first.Segments = append(first.Segments, s)
	}
}

// trimSpan narrows [start,end) of s to leave out surrounding whitespace.
func trimSpan(s string, start, end int) (int, int) {
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return start, end
}

package diff

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
)

// Status says what happened to a segment.
type Status string

// Statuses of a Change.
const (
	Added   Status = "added"
	Removed Status = "removed"
	Changed Status = "changed"
)

// Cause is why a segment's translation changed, as far as the provenance tells.
type Cause string

// Causes, in the order a Change lists them.
const (
	// Source means the source text changed (a removed and an added segment at one place).
	Source Cause = "source"
	// Backend means another backend answered (or one answered where none did).
	Backend Cause = "backend"
	// Model means the backend's model changed.
	Model Cause = "model"
	// Glossary means the glossary in force changed: the translations record different
	// glossary digests (or one has a glossary and the other none).
	Glossary Cause = "glossary"
	// Translation means only the translation itself changed: same source, backend and model.
	Translation Cause = "translation"
	// Human means a reviewer's translation (origin human, taken back with `bitext apply`)
	// took the place of what was there, or another one did.
	Human Cause = "human"
)

// Segment is one side of a change: a segment with the fields that decide it.
type Segment struct {
	ID          string                   `json:"id"`
	Block       int                      `json:"block"`
	Text        string                   `json:"text"`
	Lang        string                   `json:"lang"`
	Translation *jsondoc.LineTranslation `json:"translation"`
}

// Change is one changed, added or removed segment. For Added, Old is nil; for Removed, New
// is nil. ID is the new segment's ID, or the old one's for Removed.
type Change struct {
	File   string   `json:"file"`
	ID     string   `json:"id"`
	Status Status   `json:"status"`
	Old    *Segment `json:"old"`
	New    *Segment `json:"new"`
	Causes []Cause  `json:"causes"`
	// TextUnchanged marks a change of provenance only: both sides have the same source and
	// translation text (another model gave the same answer, a reviewer approved it as it was).
	TextUnchanged bool `json:"text_unchanged,omitempty"`
}

// ReadFile reads a translate output (JSON or JSON Lines) from path; "/dev/null" and empty
// files are no documents, as git passes /dev/null for a file that does not exist on one side.
func ReadFile(path string) ([]*jsondoc.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	files, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return files, nil
}

// Read reads a translate output (JSON or JSON Lines) from r.
func Read(r io.Reader) ([]*jsondoc.File, error) {
	return jsondoc.ReadAny(r)
}

// Compare returns the changes from old to latest, document by document in the order of latest
// (documents only in old come last), and segment by segment in reading order. Documents
// are matched by source name; when each side holds exactly one document they are compared
// whatever their names, so two runs written to different files still compare.
func Compare(old, latest []*jsondoc.File) []Change {
	var out []Change
	if len(old) == 1 && len(latest) == 1 {
		return compareDoc(latest[0].Source, old[0], latest[0])
	}
	oldBy := map[string]*jsondoc.File{}
	for _, f := range old {
		if _, dup := oldBy[f.Source]; !dup {
			oldBy[f.Source] = f
		}
	}
	seen := map[string]bool{}
	for _, f := range latest {
		if seen[f.Source] {
			continue
		}
		seen[f.Source] = true
		out = append(out, compareDoc(f.Source, oldBy[f.Source], f)...)
	}
	for _, f := range old {
		if !seen[f.Source] {
			seen[f.Source] = true
			out = append(out, compareDoc(f.Source, f, nil)...)
		}
	}
	return out
}

// flat is a document's segments in reading order.
func flat(f *jsondoc.File) []*Segment {
	if f == nil {
		return nil
	}
	var out []*Segment
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			out = append(out, &Segment{ID: s.ID, Block: b.Index, Text: s.Text, Lang: s.Lang, Translation: lineTranslation(s.Translation)})
		}
	}
	return out
}

func lineTranslation(t *jsondoc.Translation) *jsondoc.LineTranslation { return t.Line() }

// compareDoc compares one document's two versions; either may be nil.
func compareDoc(file string, oldF, newF *jsondoc.File) []Change {
	olds, news := flat(oldF), flat(newF)
	inOld, inNew := map[string]*Segment{}, map[string]*Segment{}
	for _, s := range olds {
		inOld[s.ID] = s
	}
	for _, s := range news {
		inNew[s.ID] = s
	}
	// Unmatched segments are grouped by the last matched ID before them ("" at the start),
	// so that a removed and an added segment at the same place pair up in order.
	removedAt := map[string][]*Segment{}
	anchor := ""
	for _, s := range olds {
		if inNew[s.ID] != nil {
			anchor = s.ID
			continue
		}
		removedAt[anchor] = append(removedAt[anchor], s)
	}
	var out []Change
	paired := map[*Segment]bool{}
	addedAt := map[string]int{}
	emitRemoved := func(at string) {
		for _, s := range removedAt[at] {
			if !paired[s] {
				out = append(out, Change{File: file, ID: s.ID, Status: Removed, Old: s, Causes: []Cause{}})
			}
		}
	}
	anchor = ""
	for _, s := range news {
		if o := inOld[s.ID]; o != nil {
			emitRemoved(anchor)
			anchor = s.ID
			if causes := translationCauses(o.Translation, s.Translation); len(causes) > 0 {
				out = append(out, Change{File: file, ID: s.ID, Status: Changed, Old: o, New: s, Causes: causes,
					TextUnchanged: o.Text == s.Text && sameText(o.Translation, s.Translation)})
			}
			continue
		}
		k := addedAt[anchor]
		addedAt[anchor]++
		if k < len(removedAt[anchor]) {
			o := removedAt[anchor][k]
			paired[o] = true
			causes := []Cause{Source}
			for _, c := range translationCauses(o.Translation, s.Translation) {
				if c != Translation {
					causes = append(causes, c)
				}
			}
			out = append(out, Change{File: file, ID: s.ID, Status: Changed, Old: o, New: s, Causes: causes})
			continue
		}
		out = append(out, Change{File: file, ID: s.ID, Status: Added, New: s, Causes: []Cause{}})
	}
	emitRemoved(anchor)
	return out
}

// translationCauses says why b differs from a, or nothing when they are the same in every
// field that does not depend on the run.
func translationCauses(a, b *jsondoc.LineTranslation) []Cause {
	if equal(a, b) {
		return nil
	}
	if b != nil && b.Origin == doc.Human && (a == nil || a.Origin != doc.Human || a.Text != b.Text || a.Reviewer != b.Reviewer) {
		// A reviewer's word: the backend and model it replaces are not why it changed.
		return []Cause{Human}
	}
	var ab, am, ag, bb, bm, bg string
	if a != nil {
		ab, am, ag = a.Backend, a.Model, a.Glossary
	}
	if b != nil {
		bb, bm, bg = b.Backend, b.Model, b.Glossary
	}
	var causes []Cause
	if ab != bb {
		causes = append(causes, Backend)
	}
	if am != bm {
		causes = append(causes, Model)
	}
	if ag != bg {
		causes = append(causes, Glossary)
	}
	if len(causes) == 0 {
		causes = append(causes, Translation)
	}
	return causes
}

// sameText reports whether a and b have the same translation text (or are both absent).
func sameText(a, b *jsondoc.LineTranslation) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Text == b.Text
}

func equal(a, b *jsondoc.LineTranslation) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return a.Text == b.Text && a.Origin == b.Origin && a.Backend == b.Backend && a.Model == b.Model && a.Glossary == b.Glossary &&
		a.Reviewer == b.Reviewer && str(a.Reason) == str(b.Reason) && slices.Equal(a.QA, b.QA)
}

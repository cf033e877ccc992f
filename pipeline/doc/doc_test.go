package doc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
)

// The expected IDs were computed independently (Python's hashlib and unicodedata) from the
// normative recipe, so a change to the recipe fails here.
func TestSegmentID(t *testing.T) {
	tests := []struct {
		text string
		occ  int
		want string
	}{
		{"IDF strikes in Gaza City", 1, "0ba25b57a17483ee"},
		{"  IDF strikes\n in Gaza City ", 2, "36e430c3f53ec7b6"},
		{"e\u0301", 1, "9125191f3c83e602"}, // NFD input, NFC-normalized first
		{"\u00e9", 1, "9125191f3c83e602"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, SegmentID(tt.text, tt.occ), "%q #%d", tt.text, tt.occ)
	}
}

func TestAssignIDsCountsOccurrences(t *testing.T) {
	d := &Document{Blocks: []*Block{
		{Segments: []*Segment{{Text: "Same text"}, {Text: "Other"}}},
		{Segments: []*Segment{{Text: "Same  text"}}},
	}}
	d.AssignIDs()
	s := d.Segments()
	assert.Equal(t, SegmentID("Same text", 1), s[0].ID)
	assert.Equal(t, SegmentID("Same text", 2), s[2].ID, "whitespace variants are the same text")
	assert.NotEqual(t, s[0].ID, s[2].ID)
}

func TestForeign(t *testing.T) {
	tests := []struct {
		lang, target string
		want         bool
	}{
		{"he", "en", true},
		{"en", "en", false},
		{"en-GB", "en", false},
		{"und", "en", false},
		{"en", "he", true},
	}
	for _, tt := range tests {
		s := &Segment{Lang: language.MustParse(tt.lang)}
		assert.Equal(t, tt.want, s.Foreign(language.MustParse(tt.target)), "%s→%s", tt.lang, tt.target)
	}
}

package glossary

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, file, data string
		src, tgt         language.Tag
		terms            []translate.Term
		lines            []int
	}{
		{name: "tsv", file: "g.txt", data: "עזה\tGaza\nחמאס\tHamas\n",
			terms: []translate.Term{{Source: "עזה", Target: "Gaza"}, {Source: "חמאס", Target: "Hamas"}}, lines: []int{1, 2}},
		{name: "comments blank lines CRLF BOM", file: "g.txt", data: "\ufeff# terms\r\n\r\n  # indented comment\r\nC#\tC sharp\r\n",
			terms: []translate.Term{{Source: "C#", Target: "C sharp"}}, lines: []int{4}},
		{name: "language header", file: "g.tsv", data: "# he → en\nhe\ten\nעזה\tGaza\n",
			src: language.Hebrew, tgt: language.English, terms: []translate.Term{{Source: "עזה", Target: "Gaza"}}, lines: []int{3}},
		{name: "region header", file: "g.csv", data: "pt-BR,en-US\nônibus,bus\n",
			src: language.MustParse("pt-BR"), tgt: language.MustParse("en-US"), terms: []translate.Term{{Source: "ônibus", Target: "bus"}}, lines: []int{2}},
		{name: "plain header", file: "g.tsv", data: "Source\tTarget\nx\ty\n", terms: []translate.Term{{Source: "x", Target: "y"}}, lines: []int{2}},
		{name: "csv quoting", file: "g.csv", data: "\"Smith, John\",\"J. \"\"Jack\"\" Smith\"\n",
			terms: []translate.Term{{Source: "Smith, John", Target: `J. "Jack" Smith`}}, lines: []int{1}},
		{name: "csv sniffed", file: "terms", data: "a,b\n", terms: []translate.Term{{Source: "a", Target: "b"}}, lines: []int{1}},
		{name: "whitespace and NFC", file: "g.tsv", data: "  Cafe\u0301   au  lait \t x\n", terms: []translate.Term{{Source: "Café au lait", Target: "x"}}, lines: []int{1}},
		{name: "a header needs the first line", file: "g.tsv", data: "x\ty\nhe\ten\n",
			terms: []translate.Term{{Source: "x", Target: "y"}, {Source: "he", Target: "en"}}, lines: []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Parse(tt.file, []byte(tt.data))
			require.NoError(t, err)
			assert.Equal(t, tt.src, g.Source)
			assert.Equal(t, tt.tgt, g.Target)
			assert.Equal(t, tt.terms, g.Terms)
			assert.Equal(t, tt.lines, g.Lines)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		line             int
		msg              string
	}{
		{"empty", "g.tsv", "# nothing\n\n", 0, "no entries"},
		{"one field", "g.tsv", "x\ty\nlonely\n", 2, "want 2 fields"},
		{"three fields", "g.tsv", "a\tb\tc\n", 1, "got 3"},
		{"empty source", "g.tsv", "a\tb\n \tc\n", 2, "source term: empty"},
		{"empty target", "g.csv", "a,\n", 1, "target term: empty"},
		{"duplicate", "g.tsv", "a\tb\n# x\na\tc\n", 3, "already defined on line 1"},
		{"duplicate after normalizing", "g.tsv", "a  b\tx\na b\ty\n", 2, "already defined"},
		{"invalid utf-8", "g.tsv", "a\tb\n\xff\tc\n", 2, "invalid UTF-8"},
		{"control character", "g.tsv", "a\x01\tb\n", 1, "control character"},
		{"bad csv quote", "g.csv", "\"a,b\n", 1, "CSV"},
		{"too long", "g.tsv", strings.Repeat("x", MaxTermBytes+1) + "\ty\n", 1, "at most 1024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.data))
			require.Error(t, err)
			var ge *Error
			require.ErrorAs(t, err, &ge)
			assert.Equal(t, tt.file, ge.File)
			assert.Equal(t, tt.line, ge.Line)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), tt.file)
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "terms.tsv")
	require.NoError(t, os.WriteFile(p, []byte("עזה\tGaza\n"), 0o644))
	g, err := ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, p, g.Name)
	assert.Len(t, g.Terms, 1)

	_, err = ReadFile(filepath.Join(dir, "missing.tsv"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.tsv")
}

func TestDigest(t *testing.T) {
	parse := func(name, data string) string {
		g, err := Parse(name, []byte(data))
		require.NoError(t, err)
		return g.Digest()
	}
	base := parse("a.tsv", "עזה\tGaza\nחמאס\tHamas\n")
	assert.Len(t, base, 16)
	// Comments, order, spacing and separator do not change it.
	assert.Equal(t, base, parse("b.csv", "# c\nחמאס, Hamas\nעזה,Gaza\n"))
	// Terms and languages do.
	assert.NotEqual(t, base, parse("a.tsv", "עזה\tGaza Strip\nחמאס\tHamas\n"))
	assert.NotEqual(t, base, parse("a.tsv", "עזה\tGaza\n"))
	assert.NotEqual(t, base, parse("a.tsv", "he\ten\nעזה\tGaza\nחמאס\tHamas\n"))
	// A term cannot be confused with the boundary between two.
	assert.NotEqual(t, Digest(language.Und, language.Und, []translate.Term{{Source: "a", Target: "b c"}}),
		Digest(language.Und, language.Und, []translate.Term{{Source: "a", Target: "b"}, {Source: "c", Target: ""}}))
}

func TestFor(t *testing.T) {
	g, err := Parse("g.tsv", []byte("he\ten\nעזה\tGaza\n"))
	require.NoError(t, err)
	assert.Len(t, g.For(language.Hebrew, language.MustParse("en-GB")), 1)
	assert.Empty(t, g.For(language.Arabic, language.English))
	assert.Empty(t, g.For(language.Hebrew, language.German))
	any, err := Parse("g.tsv", []byte("x\ty\n"))
	require.NoError(t, err)
	assert.Len(t, any.For(language.Arabic, language.German), 1)
	var none *Glossary
	assert.Empty(t, none.For(language.Hebrew, language.English))
}

func TestTSVRoundTrip(t *testing.T) {
	g, err := Parse("g.csv", []byte("\"Smith, John\",Smith\nC#,C sharp\n"))
	require.NoError(t, err)
	back, err := Parse("back.tsv", []byte(TSV(g.Terms)))
	require.NoError(t, err)
	assert.Equal(t, g.Terms, back.Terms)
	assert.Equal(t, g.Digest(), back.Digest())
}

func TestMatches(t *testing.T) {
	tests := []struct {
		text, term string
		want       bool
	}{
		{"IDF strikes in Gaza City", "Gaza", true},
		{"IDF strikes in gaza city", "Gaza City", true},
		{"IDF  strikes\nin Gaza   City", "gaza city", true},
		{"categories", "cat", false},
		{"the cat sat", "cat", true},
		{"cat.", "cat", true},
		{"hostages", "hostage", false},
		{"C# code", "C#", true},
		{"תקיפה ליד מסגד אל-מחטה", "מסגד", true},
		{"תקיפה ליד מסגד אל-מחטה", "מחטה", true},
		{"בעזה", "עזה", false},
		{"東京都に住む", "東京", true},
		{"Café", "cafe\u0301", true},
		{"", "x", false},
		{"x", "", false},
		{"aaa cat", "aa", false},
		{"xcat cat", "cat", true},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.term, func(t *testing.T) {
			assert.Equal(t, tt.want, Matches(tt.text, tt.term))
		})
	}
}

func TestMatchingAndMissing(t *testing.T) {
	terms := []translate.Term{{Source: "עזה", Target: "Gaza"}, {Source: "חמאס", Target: "Hamas"}, {Source: "מסגד", Target: "mosque"}}
	assert.Equal(t, []translate.Term{{Source: "עזה", Target: "Gaza"}, {Source: "מסגד", Target: "mosque"}},
		Matching(terms, "תקיפה ליד מסגד", "מזרחית לעיר עזה"))
	assert.Empty(t, Matching(terms, "nothing here"))
	assert.Equal(t, []translate.Term{{Source: "מסגד", Target: "mosque"}},
		Missing(terms, "תקיפה ליד מסגד מזרחית לעיר עזה", "A strike near a masjid east of Gaza"))
	assert.Empty(t, Missing(terms, "תקיפה ליד מסגד", "A strike near a Mosque"))
}

package glossary

import (
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParse checks that Parse never panics, that what it accepts is valid (non-empty,
// normalized terms without control characters, no duplicate source), and that writing the
// terms back as TSV reads back to the same terms and digest.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"עזה\tGaza\n", "he\ten\nעזה\tGaza\n", "# c\n\nC#,C sharp\r\n", "\"a, b\",c\n", "\"a\n",
		"source\ttarget\nx\ty\n", "\ufeffa\tb\tc\n", "a\t\n", "a\tb\na\tc\n",
	} {
		f.Add("g.txt", s)
		f.Add("g.csv", s)
	}
	f.Fuzz(func(t *testing.T, name, data string) {
		g, err := Parse(name, []byte(data))
		if err != nil {
			var ge *Error
			require.ErrorAs(t, err, &ge)
			return
		}
		require.NotEmpty(t, g.Terms)
		require.Len(t, g.Lines, len(g.Terms))
		seen := map[string]bool{}
		for _, term := range g.Terms {
			for _, s := range []string{term.Source, term.Target} {
				require.NotEmpty(t, s)
				require.Equal(t, Normalize(s), s)
				for _, r := range s {
					require.False(t, unicode.IsControl(r), "%q", s)
				}
			}
			require.False(t, seen[term.Source], "duplicate %q", term.Source)
			seen[term.Source] = true
			assert.True(t, Matches(term.Source, term.Source), "%q", term.Source)
		}
		// A plain header first, so that a first term that looks like one stays a term.
		back, err := Parse("back.tsv", []byte("source\ttarget\n"+TSV(g.Terms)))
		require.NoError(t, err, "TSV of %q", g.Terms)
		require.Equal(t, g.Terms, back.Terms)
		require.Equal(t, g.Digest(), Digest(g.Source, g.Target, back.Terms))
	})
}

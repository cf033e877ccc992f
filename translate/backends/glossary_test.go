package backends_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/libre/libretest"
)

// Backends that cannot apply bitext's glossary (Google v2, LibreTranslate) get their answers
// checked against it by the stack Open builds; DeepL, which applies it, does not.
func TestOpenChecksGlossaryWhereTheBackendCannot(t *testing.T) {
	echo := func(text, _, _ string) string { return "EN: " + text }
	terms := []translate.Term{{Source: "מסגד", Target: "mosque"}}
	cases := []struct {
		name    string
		cfg     translate.Config
		flagged bool
	}{
		{"google", googletest.NewServer(t, echo).Config(), true},
		{"libre", libretest.NewServer(t, libretest.Options{}, echo).Config(), true},
		{"deepl", deepltest.NewServer(t, echo).Config(), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, ok := backends.Default().Lookup(c.name)
			require.True(t, ok)
			assert.Equal(t, !c.flagged, b.AppliesGlossary)
			tr, err := backends.Open(context.Background(), b, c.cfg, backends.Stack{CoalesceDelay: -1})
			require.NoError(t, err)
			res, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"תקיפה ליד מסגד", "שלום"},
				Source: language.Hebrew, Target: language.English, GlossaryID: "0123456789abcdef", Glossary: terms})
			require.NoError(t, err)
			require.Len(t, res, 2)
			var flags []string
			for _, f := range res[0].QA {
				if strings.HasPrefix(f, "glossary:") {
					flags = append(flags, f)
				}
			}
			if c.flagged {
				assert.Equal(t, []string{"glossary:מסגד"}, flags)
			} else {
				assert.Empty(t, flags)
			}
			for _, f := range res[1].QA {
				assert.False(t, strings.HasPrefix(f, "glossary:"), "no term in the second text")
			}
		})
	}
}

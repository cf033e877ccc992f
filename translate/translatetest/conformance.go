package translatetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// Options adapt Run to a translator.
type Options struct {
	// Source and Target are the pair the suite asks for (default Hebrew to English).
	Source, Target language.Tag
	// Texts are distinct texts in Source the translator can translate (default: a few
	// Hebrew sentences and numbered variants of them).
	Texts []string
	// Paired reports whether answer is the translation of text; the suite uses it to prove
	// that answers come back in order, one per text. The default, for fakes that echo the
	// source inside the answer ("[en] text"), is strings.Contains(answer, text).
	Paired func(text, answer string) bool
}

func (o *Options) defaults() {
	if o.Source == language.Und {
		o.Source = language.Hebrew
	}
	if o.Target == language.Und {
		o.Target = language.English
	}
	if len(o.Texts) == 0 {
		base := []string{"שלום עולם", "תקיפה ליד מסגד", "עידן אלכסנדר, עומר נאוטרה"}
		for i := range 12 {
			o.Texts = append(o.Texts, fmt.Sprintf("%s %d", base[i%len(base)], i))
		}
	}
	if o.Paired == nil {
		o.Paired = func(text, answer string) bool { return strings.Contains(answer, text) }
	}
}

// Run is the conformance suite of the translate.Translator contract: exactly one
// translation per text, in order; an empty request answered with none; repeated texts
// answered alike; the request left unmodified; ctx honoured; safe for concurrent use; and
// on an error, no translations. newT builds the translator under test, once per subtest.
func Run(t *testing.T, newT func(t *testing.T) translate.Translator, o Options) {
	o.defaults()
	req := func(texts ...string) *translate.Request {
		return &translate.Request{Texts: texts, Source: o.Source, Target: o.Target, Format: translate.Text}
	}
	checkPaired := func(t *testing.T, texts []string, got []translate.Translation) {
		t.Helper()
		require.Len(t, got, len(texts), "one translation per text")
		for i, tr := range got {
			assert.True(t, o.Paired(texts[i], tr.Text), "answer %d %q is not the translation of %q", i, tr.Text, texts[i])
		}
	}

	t.Run("empty request", func(t *testing.T) {
		got, err := newT(t).Translate(context.Background(), req())
		require.NoError(t, err)
		assert.Empty(t, got)
	})
	t.Run("order and count", func(t *testing.T) {
		got, err := newT(t).Translate(context.Background(), req(o.Texts...))
		require.NoError(t, err)
		checkPaired(t, o.Texts, got)
	})
	t.Run("one text", func(t *testing.T) {
		got, err := newT(t).Translate(context.Background(), req(o.Texts[0]))
		require.NoError(t, err)
		checkPaired(t, o.Texts[:1], got)
	})
	t.Run("repeated texts", func(t *testing.T) {
		texts := []string{o.Texts[0], o.Texts[1], o.Texts[0], o.Texts[0]}
		got, err := newT(t).Translate(context.Background(), req(texts...))
		require.NoError(t, err)
		checkPaired(t, texts, got)
		assert.Equal(t, got[0].Text, got[2].Text)
		assert.Equal(t, got[0].Text, got[3].Text)
	})
	t.Run("request not modified", func(t *testing.T) {
		r := req(o.Texts...)
		r.Model, r.Context, r.GlossaryID = "", "an article about Gaza", ""
		before := *r
		before.Texts = append([]string(nil), r.Texts...)
		_, err := newT(t).Translate(context.Background(), r)
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(before, *r), "Translate changed its request")
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got, err := newT(t).Translate(ctx, req(o.Texts...))
		require.Error(t, err)
		assert.Nil(t, got, "an error and no translations")
		assert.True(t, errors.Is(err, context.Canceled), "want context.Canceled, got %v", err)
	})
	t.Run("concurrent use", func(t *testing.T) {
		tr := newT(t)
		var wg sync.WaitGroup
		errs := make([]error, len(o.Texts))
		for i := range o.Texts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				texts := []string{o.Texts[i], o.Texts[(i+1)%len(o.Texts)]}
				got, err := tr.Translate(context.Background(), req(texts...))
				switch {
				case err != nil:
					errs[i] = err
				case len(got) != 2 || !o.Paired(texts[0], got[0].Text) || !o.Paired(texts[1], got[1].Text):
					errs[i] = fmt.Errorf("request %d: answers %v for %q", i, got, texts)
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			assert.NoError(t, err)
		}
	})
}

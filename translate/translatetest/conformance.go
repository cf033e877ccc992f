package translatetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
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
	// Refused, if set, returns a request the translator must refuse for good (a pair it
	// lacks, a text over its limit): the error must satisfy errors.Is(err,
	// translate.ErrPermanent), so that nothing retries it, and come with no translations.
	Refused func() *translate.Request
	// Unavailable, if set, returns a request that fails for now (a 503 from the provider):
	// the error, if there is one, must not satisfy translate.ErrPermanent, since a retry
	// may succeed, and comes with no translations.
	Unavailable func() *translate.Request
}

// DefaultTexts are the texts Run sends when Options.Texts is empty: Hebrew sentences, each
// with its number.
func DefaultTexts() []string {
	base := []string{"שלום עולם", "תקיפה ליד מסגד", "עידן אלכסנדר, עומר נאוטרה"}
	var texts []string
	for i := range 12 {
		texts = append(texts, fmt.Sprintf("%s %d", base[i%len(base)], i))
	}
	return texts
}

// Texts that make FailOn fail a request.
const (
	// RefusedText makes FailOn refuse its request for good.
	RefusedText = "translatetest: refused for good"
	// UnavailableText makes FailOn fail its request for now.
	UnavailableText = "translatetest: unavailable for now"
)

// FailOn is a Fake.FailFn that refuses for good (translate.Permanent, as a provider's 400
// would) every request carrying RefusedText, and fails for now (a plain error, as a 503
// would) every request carrying UnavailableText.
func FailOn(_ int, req *translate.Request) error {
	for _, t := range req.Texts {
		switch t {
		case RefusedText:
			return translate.Permanent(errors.New("translatetest: 400 Bad Request (refused for good)"))
		case UnavailableText:
			return errors.New("translatetest: 503 Service Unavailable")
		}
	}
	return nil
}

// WithFakeErrors returns o with Refused and Unavailable set to requests of o's pair (the
// default one if unset) that a Fake whose FailFn is FailOn fails: Run then checks that a
// middleware over such a Fake hands both kinds of error on in their class.
func (o Options) WithFakeErrors() Options {
	o.defaults()
	mk := func(bad string) func() *translate.Request {
		return func() *translate.Request {
			return &translate.Request{Texts: []string{o.Texts[0], bad}, Source: o.Source, Target: o.Target, Format: translate.Text}
		}
	}
	o.Refused, o.Unavailable = mk(RefusedText), mk(UnavailableText)
	return o
}

func (o *Options) defaults() {
	if o.Source == language.Und {
		o.Source = language.Hebrew
	}
	if o.Target == language.Und {
		o.Target = language.English
	}
	if len(o.Texts) == 0 {
		o.Texts = DefaultTexts()
	}
	if o.Paired == nil {
		o.Paired = func(text, answer string) bool { return strings.Contains(answer, text) }
	}
}

// Run is the conformance suite of the translate.Translator contract: exactly one
// translation per text, in order; an empty request answered with none; repeated texts
// answered alike; the request left unmodified; ctx honoured; safe for concurrent use; on
// an error, no translations; and, with Options.Refused and Options.Unavailable, errors
// that a retry cannot fix marked translate.ErrPermanent and the others not. newT builds the
// translator under test, once per subtest. It serves backends and middleware alike: a
// middleware runs it wrapped around a Fake (see Options.WithFakeErrors).
func Run(t *testing.T, newT func(t *testing.T) translate.Translator, o Options) {
	o.defaults()
	req := func(texts ...string) *translate.Request {
		// A copy: a translator that writes into its request must not change the suite's texts.
		return &translate.Request{Texts: slices.Clone(texts), Source: o.Source, Target: o.Target, Format: translate.Text}
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
	unmodified := func(t *testing.T, r *translate.Request, call func()) {
		t.Helper()
		before := *r
		before.Texts = append([]string(nil), r.Texts...)
		call()
		assert.True(t, reflect.DeepEqual(before, *r), "Translate changed its request")
	}
	t.Run("request not modified", func(t *testing.T) {
		r := req(o.Texts...)
		r.Model, r.Context, r.GlossaryID = "", "an article about Gaza", ""
		var err error
		unmodified(t, r, func() { _, err = newT(t).Translate(context.Background(), r) })
		require.NoError(t, err)
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got, err := newT(t).Translate(ctx, req(o.Texts...))
		require.Error(t, err)
		assert.Nil(t, got, "an error and no translations")
		assert.True(t, errors.Is(err, context.Canceled), "want context.Canceled, got %v", err)
	})
	if o.Refused != nil {
		t.Run("refused for good", func(t *testing.T) {
			r := o.Refused()
			var (
				got []translate.Translation
				err error
			)
			unmodified(t, r, func() { got, err = newT(t).Translate(context.Background(), r) })
			require.Error(t, err)
			assert.Nil(t, got, "an error and no translations")
			assert.True(t, errors.Is(err, translate.ErrPermanent), "a refusal no retry can change must be translate.ErrPermanent: %v", err)
		})
	}
	if o.Unavailable != nil {
		t.Run("unavailable for now", func(t *testing.T) {
			r := o.Unavailable()
			var (
				got []translate.Translation
				err error
			)
			unmodified(t, r, func() { got, err = newT(t).Translate(context.Background(), r) })
			if err != nil {
				assert.Nil(t, got, "an error and no translations")
				assert.False(t, errors.Is(err, translate.ErrPermanent), "a failure a retry may fix must not be translate.ErrPermanent: %v", err)
				return
			}
			// A translator may get round the failure (a fallback): then it answers in full.
			checkPaired(t, r.Texts, got)
		})
	}
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

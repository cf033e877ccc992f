package translate_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// answer is a fake backend: it answers texts with name+":"+text, fails every request with
// err, or echoes the texts listed in echo with a hard QA flag.
func answer(name string, err error, echo ...string) (translate.Translator, *[][]string) {
	var calls [][]string
	return translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		calls = append(calls, append([]string(nil), req.Texts...))
		if err != nil {
			return nil, err
		}
		out := make([]translate.Translation, len(req.Texts))
		for i, t := range req.Texts {
			out[i] = translate.Translation{Text: name + ":" + t, Backend: name}
			for _, e := range echo {
				if e == t {
					out[i] = translate.Translation{Text: t, Backend: name, QA: []string{translate.QAIdentical}}
				}
			}
		}
		return out, nil
	}), &calls
}

func texts(ts []translate.Translation) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return out
}

func TestFallback(t *testing.T) {
	req := &translate.Request{Texts: []string{"a", "b", "c"}, Source: language.Spanish, Target: language.English}
	boom := errors.New("boom")
	t.Run("first answers", func(t *testing.T) {
		a, _ := answer("A", nil)
		b, bCalls := answer("B", nil)
		res, err := translate.Fallback(a, b).Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, []string{"A:a", "A:b", "A:c"}, texts(res))
		assert.Empty(t, *bCalls)
	})
	t.Run("first fails the request", func(t *testing.T) {
		a, _ := answer("A", boom)
		b, _ := answer("B", nil)
		res, err := translate.Fallback(a, b).Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, []string{"B:a", "B:b", "B:c"}, texts(res))
	})
	t.Run("only failed texts go on", func(t *testing.T) {
		a, _ := answer("A", nil, "b")
		b, bCalls := answer("B", nil)
		res, err := translate.Fallback(a, b).Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, []string{"A:a", "B:b", "A:c"}, texts(res))
		assert.Equal(t, [][]string{{"b"}}, *bCalls)
	})
	t.Run("nobody answers", func(t *testing.T) {
		a, _ := answer("A", boom)
		b, _ := answer("B", translate.Permanent(translate.ErrUnsupportedPair))
		_, err := translate.Fallback(a, b).Translate(context.Background(), req)
		assert.ErrorIs(t, err, boom, "the first translator's reason")
	})
	t.Run("the next echoes too", func(t *testing.T) {
		a, _ := answer("A", nil, "b")
		b, _ := answer("B", nil, "b")
		res, err := translate.Fallback(a, b).Translate(context.Background(), req)
		require.NoError(t, err)
		_, bad := translate.QAFailed(res[1].QA)
		assert.True(t, bad, "a bad answer stays flagged, never a success")
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		a, _ := answer("A", context.Canceled)
		b, bCalls := answer("B", nil)
		_, err := translate.Fallback(a, b).Translate(ctx, req)
		assert.Error(t, err)
		assert.Empty(t, *bCalls)
	})
}

// TestFallbackConforms runs the suite over fallbacks from one conforming fake to another:
// when the first answers, when it is down for good or for now, and when it answers some
// texts badly. A request that the first fails in one class and the next in the other has
// the first's error, a choice of the fallback's, so those variants check only the class
// both share.
func TestFallbackConforms(t *testing.T) {
	fake := func() *translatetest.Fake { return &translatetest.Fake{FailFn: translatetest.FailOn} }
	o := translatetest.Options{}.WithFakeErrors()
	always := func(err error) *translatetest.Fake {
		return &translatetest.Fake{FailFn: func(int, *translate.Request) error { return err }}
	}
	// badly answers every other text empty, flagged as QA does.
	badly := func() translate.Translator {
		f := fake()
		f.AnswerFn = func(_ int, _ *translate.Request, a []translate.Translation) []translate.Translation {
			for i := range a {
				if i%2 == 1 {
					a[i] = translate.Translation{QA: []string{translate.QAEmpty}}
				}
			}
			return a
		}
		return f
	}
	downForGood, downForNow := o, o
	downForGood.Unavailable, downForNow.Refused = nil, nil
	for _, tt := range []struct {
		name  string
		first func() translate.Translator
		o     translatetest.Options
	}{
		{"first answers", func() translate.Translator { return fake() }, o},
		{"first down for good", func() translate.Translator {
			return always(translate.Fatal(errors.New("456 Quota exceeded")))
		}, downForGood},
		{"first down for now", func() translate.Translator { return always(errors.New("503")) }, downForNow},
		{"first answers some texts badly", badly, o},
	} {
		t.Run(tt.name, func(t *testing.T) {
			translatetest.Run(t, func(*testing.T) translate.Translator {
				return translate.Fallback(tt.first(), fake())
			}, tt.o)
		})
	}
}

package translate_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
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

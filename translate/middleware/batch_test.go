package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestSplit(t *testing.T) {
	limits := translate.Limits{Texts: 5, Bytes: 60}
	fake := &translatetest.Fake{Limits: limits}
	tr := middleware.Split(limits)(fake)
	var texts []string
	for i := range 23 {
		texts = append(texts, fmt.Sprintf("text %02d %s", i, strings.Repeat("x", i%4)))
	}
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.German, Target: language.English, Model: "m"})
	require.NoError(t, err)
	require.Len(t, got, len(texts))
	for i := range texts {
		assert.Equal(t, "[en] "+texts[i], got[i].Text, "answer %d in order", i)
	}
	reqs := fake.Requests()
	assert.Len(t, reqs, len(translate.Cut(texts, limits)))
	seen := map[string]int{}
	for _, r := range reqs {
		assert.LessOrEqual(t, len(r.Texts), limits.Texts)
		assert.Equal(t, language.German, r.Source, "one source language, the request's")
		assert.Equal(t, "m", r.Model)
		for _, s := range r.Texts {
			seen[s]++
		}
	}
	for _, s := range texts {
		assert.Equal(t, 1, seen[s], "%q sent once", s)
	}

	t.Run("within the limits: untouched", func(t *testing.T) {
		fake := &translatetest.Fake{}
		req := &translate.Request{Texts: texts[:5], Target: language.English}
		_, err := middleware.Split(limits)(fake).Translate(context.Background(), req)
		require.NoError(t, err)
		require.Len(t, fake.Requests(), 1)
	})
	t.Run("a failed part fails the request", func(t *testing.T) {
		boom := errors.New("boom")
		fake := &translatetest.Fake{FailFn: func(_ int, r *translate.Request) error {
			if r.Texts[0] == texts[10] {
				return boom
			}
			return nil
		}}
		got, err := middleware.Split(limits)(fake).Translate(context.Background(), &translate.Request{Texts: texts, Target: language.English})
		assert.ErrorIs(t, err, boom)
		assert.Nil(t, got)
	})
	t.Run("a short part fails the request", func(t *testing.T) {
		fake := &translatetest.Fake{AnswerFn: func(n int, _ *translate.Request, a []translate.Translation) []translate.Translation {
			return a[:len(a)-1]
		}}
		_, err := middleware.Split(limits)(fake).Translate(context.Background(), &translate.Request{Texts: texts, Target: language.English})
		assert.ErrorContains(t, err, "asked for")
	})
}

func TestSplitConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		f := failingFake()
		f.Limits = translate.Limits{Texts: 2}
		return middleware.Split(f.Limits)(f)
	}, conformance)
}

// TestSplitAgreesWithPipeline: pipeline.Execute cuts a job's texts to the backend's limits
// with the same rule as Split, so Split never has to cut what the pipeline sends: each of the
// pipeline's requests reaches the backend whole, as one request.
func TestSplitAgreesWithPipeline(t *testing.T) {
	for _, l := range []translate.Limits{{Texts: 7}, {Bytes: 500}, {CodePoints: 300}, {Texts: 128, Bytes: 2_400}} {
		t.Run(fmt.Sprintf("%+v", l), func(t *testing.T) {
			fake := &translatetest.Fake{Limits: l}
			var calls atomic.Int32
			split := middleware.Split(l)(fake)
			tr := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
				calls.Add(1)
				return split.Translate(ctx, req)
			})
			docs := corpusDocs(t, 20, 8)
			st := process(t, docs, tr, "fake", l)
			assert.Zero(t, st.Failed)
			assert.Greater(t, int(calls.Load()), 1)
			assert.Equal(t, int(calls.Load()), fake.RequestCount(), "Split cut none of the pipeline's requests")
			checkTranslated(t, docs)
		})
	}
}

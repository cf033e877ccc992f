package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestCoalesce(t *testing.T) {
	limits := translate.Limits{Texts: 12}
	fake := &translatetest.Fake{Limits: limits}
	tr := middleware.Coalesce(limits, 50*time.Millisecond)(fake)
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			texts := []string{fmt.Sprintf("doc %d a", i), fmt.Sprintf("doc %d b", i), fmt.Sprintf("doc %d c", i)}
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English})
			if err == nil {
				for j := range texts {
					if got[j].Text != "[en] "+texts[j] {
						err = fmt.Errorf("doc %d: answer %d is %q", i, j, got[j].Text)
					}
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, 3, fake.RequestCount(), "30 texts from 10 callers in requests of up to 12")
	for _, r := range fake.Requests() {
		assert.Equal(t, language.Hebrew, r.Source)
	}
}

func TestCoalesceKeepsRequestsApart(t *testing.T) {
	fake := &translatetest.Fake{}
	tr := middleware.Coalesce(translate.Limits{Texts: 100}, 30*time.Millisecond)(fake)
	reqs := []*translate.Request{
		{Texts: []string{"a"}, Source: language.Hebrew, Target: language.English},
		{Texts: []string{"b"}, Source: language.Arabic, Target: language.English},
		{Texts: []string{"c"}, Source: language.Hebrew, Target: language.English, Context: "another article"},
		{Texts: []string{"d"}, Source: language.Hebrew, Target: language.English},
	}
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() { defer wg.Done(); _, err := tr.Translate(context.Background(), r); assert.NoError(t, err) }()
	}
	wg.Wait()
	assert.Equal(t, 3, fake.RequestCount(), "one source language and one context per request")
}

func TestCoalesceFullRequestsDoNotWait(t *testing.T) {
	fake := &translatetest.Fake{}
	tr := middleware.Coalesce(translate.Limits{Texts: 2}, time.Hour)(fake)
	done := make(chan error, 1)
	go func() {
		_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Target: language.English})
		done <- err
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("a full request waited for company")
	}
	t.Run("a request that fills the group sends it", func(t *testing.T) {
		var wg sync.WaitGroup
		for _, s := range []string{"x", "y"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{s}, Target: language.English})
				assert.NoError(t, err)
			}()
		}
		wg.Wait() // would hang for an hour if the full group were not sent at once
	})
}

func TestCoalesceFailuresAndCancellation(t *testing.T) {
	t.Run("a failed shared request fails every caller", func(t *testing.T) {
		boom := errors.New("boom")
		fake := &translatetest.Fake{FailFn: func(int, *translate.Request) error { return boom }}
		tr := middleware.Coalesce(translate.Limits{Texts: 10}, 20*time.Millisecond)(fake)
		var wg sync.WaitGroup
		for _, s := range []string{"x", "y", "z"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{s}, Target: language.English})
				assert.ErrorIs(t, err, boom)
				assert.Nil(t, got)
			}()
		}
		wg.Wait()
	})
	t.Run("one caller leaves, the other gets its answer", func(t *testing.T) {
		fake := &translatetest.Fake{Latency: 50 * time.Millisecond}
		tr := middleware.Coalesce(translate.Limits{Texts: 10}, 10*time.Millisecond)(fake)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := tr.Translate(ctx, &translate.Request{Texts: []string{"leaves"}, Target: language.English})
			assert.ErrorIs(t, err, context.Canceled)
		}()
		go func() {
			defer wg.Done()
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"stays"}, Target: language.English})
			if assert.NoError(t, err) {
				assert.Equal(t, "[en] stays", got[0].Text)
			}
		}()
		time.Sleep(20 * time.Millisecond)
		cancel()
		wg.Wait()
	})
	t.Run("when every caller leaves, the shared request is cancelled", func(t *testing.T) {
		seen := make(chan error, 1)
		slow := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			<-ctx.Done()
			seen <- ctx.Err()
			return nil, ctx.Err()
		})
		tr := middleware.Coalesce(translate.Limits{Texts: 10}, time.Millisecond)(slow)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		_, err := tr.Translate(ctx, &translate.Request{Texts: []string{"a"}, Target: language.English})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		select {
		case err := <-seen:
			assert.ErrorIs(t, err, context.Canceled)
		case <-time.After(10 * time.Second):
			t.Fatal("the shared request ran on with nobody waiting")
		}
	})
}

func TestCoalesceConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return middleware.Coalesce(translate.Limits{Texts: 5}, 5*time.Millisecond)(failingFake())
	}, conformance)
}

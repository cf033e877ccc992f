package translatetest

import (
	"context"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// Fake is an in-process backend for tests. The zero value answers "[target] text" for every
// text at once; its fields, set before first use, make it slow, busy, strict or faulty. It is
// safe for concurrent use and records every request it answers or refuses.
type Fake struct {
	// Name is the Backend of its translations (default "fake").
	Name string
	// TranslateFn gives the translation of one text (default "[target] text"). source is the
	// request's, or "en" when the request has none (the fake "detects" English).
	TranslateFn func(text string, source, target language.Tag) string
	// Latency is how long a request takes, cancelled by ctx.
	Latency time.Duration
	// MaxInFlight, if positive, is how many requests the fake serves at once; more get a
	// *translate.RateLimitError with RetryAfter (as a provider's 429 would), without an answer.
	MaxInFlight int
	// RetryAfter is the wait that MaxInFlight's refusals ask for.
	RetryAfter time.Duration
	// Limits, if set, are enforced: a request over them fails with a permanent error, as a
	// provider's 400 "Too many text segments" would.
	Limits translate.Limits
	// FailFn, if set, is called with each request's number (from 1) before it is answered;
	// a non-nil error is returned instead of the answer (the request is still recorded).
	FailFn func(n int, req *translate.Request) error
	// AnswerFn, if set, may replace the answer of request n (a wrong number of translations, an
	// empty text), after FailFn and the latency.
	AnswerFn func(n int, req *translate.Request, answer []translate.Translation) []translate.Translation

	mu         sync.Mutex
	n          int
	inFlight   int
	peak       int
	requests   []translate.Request
	answered   map[string]int // text → times translated successfully
	rateLimits int
}

// Translate implements translate.Translator.
func (f *Fake) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.n++
	n := f.n
	cp := *req
	cp.Texts = append([]string(nil), req.Texts...)
	f.requests = append(f.requests, cp)
	busy := f.MaxInFlight > 0 && f.inFlight >= f.MaxInFlight
	if busy {
		f.rateLimits++
		f.mu.Unlock()
		return nil, &translate.RateLimitError{RetryAfter: f.RetryAfter, Err: fmt.Errorf("fake: 429 Too Many Requests (%d in flight)", f.MaxInFlight)}
	}
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()

	if err := f.check(req); err != nil {
		return nil, err
	}
	if f.FailFn != nil {
		if err := f.FailFn(n, req); err != nil {
			return nil, err
		}
	}
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
	name := f.Name
	if name == "" {
		name = "fake"
	}
	out := make([]translate.Translation, len(req.Texts))
	for i, text := range req.Texts {
		src := req.Source
		if src == language.Und {
			src = language.English
		}
		var tr string
		if f.TranslateFn != nil {
			tr = f.TranslateFn(text, src, req.Target)
		} else {
			tr = "[" + req.Target.String() + "] " + text
		}
		out[i] = translate.Translation{Text: tr, Source: src, Backend: name, Model: req.Model}
	}
	if f.AnswerFn != nil {
		out = f.AnswerFn(n, req, out)
	}
	if len(out) == len(req.Texts) {
		f.mu.Lock()
		if f.answered == nil {
			f.answered = map[string]int{}
		}
		for _, t := range req.Texts {
			f.answered[t]++
		}
		f.mu.Unlock()
	}
	return out, nil
}

func (f *Fake) check(req *translate.Request) error {
	l := f.Limits
	if l.Texts > 0 && len(req.Texts) > l.Texts {
		return translate.Permanent(fmt.Errorf("fake: %d texts, more than %d", len(req.Texts), l.Texts))
	}
	var b, c int
	for _, t := range req.Texts {
		b += len(t)
		c += utf8.RuneCountInString(t)
	}
	if l.Bytes > 0 && b > l.Bytes && len(req.Texts) > 1 {
		return translate.Permanent(fmt.Errorf("fake: %d bytes, more than %d", b, l.Bytes))
	}
	if l.CodePoints > 0 && c > l.CodePoints && len(req.Texts) > 1 {
		return translate.Permanent(fmt.Errorf("fake: %d code points, more than %d", c, l.CodePoints))
	}
	return nil
}

// Requests returns a copy of every request received, in arrival order.
func (f *Fake) Requests() []translate.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]translate.Request(nil), f.requests...)
}

// RequestCount is the number of requests received, refused ones included.
func (f *Fake) RequestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// RateLimited is the number of requests refused for MaxInFlight.
func (f *Fake) RateLimited() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rateLimits
}

// PeakInFlight is the most requests the fake served at once.
func (f *Fake) PeakInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peak
}

// Answered returns how many times each text was answered in a complete answer: a text
// billed twice shows 2.
func (f *Fake) Answered() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.answered))
	for k, v := range f.answered {
		out[k] = v
	}
	return out
}

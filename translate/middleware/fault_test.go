package middleware_test

// Fault tests (issues 5 and 8): whole jobs through pipeline.Process and the middleware stack
// that backends.Open assembles, against the real google backend behind a FaultProxy and
// against the generic translatetest.Fake. Waits run on a fake clock, so backoffs and
// Retry-After pauses of seconds take no time.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// smallBatches makes the pipeline send many requests, so that faults hit many of them and
// an early stop is visible. Split leaves such requests whole (they are within Google's limits).
var smallBatches = translate.Limits{Texts: 8, InFlight: 4}

// openGoogle opens the google backend the way bitext does, through backends.Open, against
// endpoint (the fake's root or a FaultProxy in front of it).
func openGoogle(t *testing.T, srv *googletest.Server, endpoint string, s backends.Stack) translate.Translator {
	t.Helper()
	b, ok := backends.Default().Lookup(google.Name)
	require.True(t, ok)
	c := srv.Config()
	c.Endpoint = endpoint
	tr, err := backends.Open(context.Background(), b, c, s)
	require.NoError(t, err)
	return tr
}

// openFake opens a generic backend record around f through backends.Open.
func openFake(t *testing.T, f *translatetest.Fake, s backends.Stack) translate.Translator {
	t.Helper()
	b := &translate.Backend{
		Name:   "fake",
		Limits: translate.Limits{Texts: 128, Bytes: 100_000, InFlight: 4},
		New:    func(context.Context, translate.Config) (translate.Translator, error) { return f, nil },
	}
	tr, err := backends.Open(context.Background(), b, translate.Config{}, s)
	require.NoError(t, err)
	return tr
}

func process(t *testing.T, docs []*doc.Document, tr translate.Translator, backend string, l translate.Limits) pipeline.JobStats {
	t.Helper()
	st, err := pipeline.Process(context.Background(), docs, pipeline.Options{
		Detector: detector(t), Translator: tr, Jobs: 2,
		Exec: pipeline.ExecOptions{Backend: backend, Limits: l},
	})
	require.NoError(t, err)
	return st
}

// thirtyPercent faults requests 1, 4, 7, 11, 14, 17, … (three in ten), alternating a 429 with
// Retry-After and a 503.
func thirtyPercent(n int) (fault bool, rateLimit bool) {
	switch n % 10 {
	case 1, 7:
		return true, true
	case 4:
		return true, false
	}
	return false, false
}

func TestFaults30Percent(t *testing.T) {
	t.Run("google", func(t *testing.T) {
		srv := googletest.NewServer(t, nil)
		proxy := translatetest.NewFaultProxy(t, srv.URL, func(n int, _ *http.Request) translatetest.Fault {
			switch fault, rate := thirtyPercent(n); {
			case rate:
				return translatetest.Fault{Kind: translatetest.Status, Status: 429, RetryAfter: 2 * time.Second}
			case fault:
				return translatetest.Fault{Kind: translatetest.Status, Status: 503}
			}
			return translatetest.Fault{}
		})
		tr := openGoogle(t, srv, proxy.URL, backends.Stack{Retry: middleware.RetryOptions{Clock: translatetest.NewClock()}})
		docs := corpusDocs(t, 40, 1)
		st := process(t, docs, tr, google.Name, smallBatches)

		checkTranslated(t, docs)
		assert.Zero(t, st.Failed)
		counts := proxy.Counts()
		assert.Positive(t, counts[translatetest.Status], "faults were injected")
		t.Logf("%d requests through the proxy, %d faulted, %d reached the backend", proxy.Requests(), counts[translatetest.Status], srv.RequestCount())
		// Every distinct text reached the backend exactly once: faulted requests never got
		// there, and nothing was sent twice.
		sent := map[string]int{}
		for _, r := range srv.Requests() {
			for _, s := range r.Texts {
				sent[s]++
			}
		}
		_, distinct := minRequests(docs, smallBatches)
		assert.Len(t, sent, distinct)
		for s, n := range sent {
			assert.Equal(t, 1, n, "%q billed %d times", s, n)
		}
	})
	t.Run("fake", func(t *testing.T) {
		var faults atomic.Int32
		fake := &translatetest.Fake{FailFn: func(n int, _ *translate.Request) error {
			fault, rate := thirtyPercent(n)
			if fault {
				faults.Add(1)
			}
			switch {
			case rate:
				return &translate.RateLimitError{RetryAfter: 2 * time.Second, Err: errors.New("429 Too Many Requests")}
			case fault:
				return errors.New("503 Service Unavailable")
			}
			return nil
		}}
		tr := openFake(t, fake, backends.Stack{Retry: middleware.RetryOptions{Clock: translatetest.NewClock()}})
		docs := corpusDocs(t, 40, 2)
		st := process(t, docs, tr, "fake", smallBatches)

		checkTranslated(t, docs)
		assert.Zero(t, st.Failed)
		_, distinct := minRequests(docs, smallBatches)
		answered := fake.Answered()
		assert.Len(t, answered, distinct)
		for s, n := range answered {
			assert.Equal(t, 1, n, "%q translated %d times", s, n)
		}
		assert.Positive(t, faults.Load(), "faults were injected")
		t.Logf("%d requests, %d faulted", fake.RequestCount(), faults.Load())
	})
}

// TestFaultsStop: a bad key or an exhausted quota stops the job after the requests already in
// flight, with the backend's reason on every segment and nothing written as a translation.
func TestFaultsStop(t *testing.T) {
	tests := []struct {
		name   string
		reply  *googletest.Reply
		reason string
	}{
		{"bad key", googletest.ErrorReply(400, "keyInvalid", "API key not valid. Please pass a valid API key."), "API key not valid"},
		{"key refused", googletest.ErrorReply(403, "forbidden", "The caller does not have permission"), "does not have permission"},
		{"daily quota gone", googletest.ErrorReply(403, "dailyLimitExceeded", "Daily Limit Exceeded"), "Daily Limit Exceeded"},
		{"401", googletest.ErrorReply(401, "authError", "Request had invalid authentication credentials."), "invalid authentication credentials"},
	}
	for _, tt := range tests {
		t.Run("google/"+tt.name, func(t *testing.T) {
			srv := googletest.NewServer(t, nil)
			srv.SetReplyFn(func(googletest.Request) *googletest.Reply { return tt.reply })
			tr := openGoogle(t, srv, srv.URL, backends.Stack{Retry: middleware.RetryOptions{Clock: translatetest.NewClock()}})
			docs := corpusDocs(t, 40, 3)
			st := process(t, docs, tr, google.Name, smallBatches)

			batches, _ := minRequests(docs, smallBatches)
			require.Greater(t, batches, 20, "a job of many requests")
			assert.LessOrEqual(t, srv.RequestCount(), smallBatches.InFlight, "stopped after the requests in flight")
			require.Error(t, st.Stopped)
			assert.Contains(t, st.Stopped.Error(), tt.reason)
			assert.NotContains(t, st.Stopped.Error(), googletest.Key)
			assert.Positive(t, st.Failed)
			checkNothingWritten(t, docs, tt.reason, googletest.Key)
		})
	}
	t.Run("fake/fatal", func(t *testing.T) {
		fake := &translatetest.Fake{FailFn: func(int, *translate.Request) error {
			return translate.Fatal(errors.New("456 Quota Exceeded"))
		}}
		docs := corpusDocs(t, 40, 4)
		st := process(t, docs, openFake(t, fake, backends.Stack{}), "fake", smallBatches)
		assert.LessOrEqual(t, fake.RequestCount(), smallBatches.InFlight)
		require.Error(t, st.Stopped)
		checkNothingWritten(t, docs, "456 Quota Exceeded", "")
	})
	t.Run("fake/unmarked permanent", func(t *testing.T) {
		// A backend that does not mark its auth errors fatal: the fuse blows after a run of
		// DefaultFuseRun permanent failures.
		fake := &translatetest.Fake{FailFn: func(int, *translate.Request) error {
			return translate.Permanent(errors.New("401 Unauthorized"))
		}}
		docs := corpusDocs(t, 40, 5)
		st := process(t, docs, openFake(t, fake, backends.Stack{}), "fake", smallBatches)
		assert.LessOrEqual(t, fake.RequestCount(), middleware.DefaultFuseRun+smallBatches.InFlight)
		require.Error(t, st.Stopped)
		checkNothingWritten(t, docs, "401 Unauthorized", "")
	})
}

// TestFaultKinds (issue 8): each fault a network or provider produces, first for two requests
// (the job completes, every segment translated) and then for every request (the job ends,
// every segment marked failed with the reason, nothing written).
func TestFaultKinds(t *testing.T) {
	wrongCount := func(r googletest.Request) *googletest.Reply {
		ts := make([]googletest.Translation, len(r.Texts)-1)
		for i := range ts {
			ts[i].TranslatedText = "[en] " + r.Texts[i]
		}
		return googletest.TranslationsReply(ts...)
	}
	tests := []struct {
		name   string
		fault  translatetest.Fault
		reply  func(googletest.Request) *googletest.Reply // instead of a proxy fault
		reason string
	}{
		{name: "429 without Retry-After", fault: translatetest.Fault{Kind: translatetest.Status, Status: 429}, reason: "rate limited"},
		{name: "500", fault: translatetest.Fault{Kind: translatetest.Status, Status: 500}, reason: "500"},
		{name: "502", fault: translatetest.Fault{Kind: translatetest.Status, Status: 502}, reason: "502"},
		{name: "connection reset", fault: translatetest.Fault{Kind: translatetest.Reset}, reason: "google: translate"}, // EOF or a closed connection
		{name: "truncated JSON", fault: translatetest.Fault{Kind: translatetest.Truncate}, reason: "unexpected end of JSON"},
		{name: "malformed JSON", fault: translatetest.Fault{Kind: translatetest.Malformed}, reason: "invalid character"},
		{name: "beyond the deadline", fault: translatetest.Fault{Kind: translatetest.Slow, Delay: time.Minute}, reason: "timed out"},
		{name: "wrong number of results", reply: wrongCount, reason: "asked for"},
		{name: "403 User Rate Limit Exceeded", reply: func(googletest.Request) *googletest.Reply {
			return googletest.ErrorReply(403, "userRateLimitExceeded", "User Rate Limit Exceeded")
		}, reason: "User Rate Limit Exceeded"}, // a slow-down, not a stop
	}
	for _, tt := range tests {
		for _, always := range []bool{false, true} {
			name := tt.name + "/twice"
			if always {
				name = tt.name + "/always"
			}
			t.Run(name, func(t *testing.T) {
				srv := googletest.NewServer(t, nil)
				faulty := func(n int) bool { return always || n <= 2 }
				var proxy *translatetest.FaultProxy
				if tt.reply != nil {
					var n atomic.Int32
					srv.SetReplyFn(func(r googletest.Request) *googletest.Reply {
						if faulty(int(n.Add(1))) {
							return tt.reply(r)
						}
						return nil
					})
					proxy = translatetest.NewFaultProxy(t, srv.URL, nil)
				} else {
					proxy = translatetest.NewFaultProxy(t, srv.URL, func(n int, _ *http.Request) translatetest.Fault {
						if faulty(n) {
							return tt.fault
						}
						return translatetest.Fault{}
					})
				}
				tr := openGoogle(t, srv, proxy.URL, backends.Stack{MaxRequests: 1, Retry: middleware.RetryOptions{
					Clock: translatetest.NewClock(), AttemptTimeout: 500 * time.Millisecond,
				}})
				docs := corpusDocs(t, 3, 6)
				st := process(t, docs, tr, google.Name, translate.Limits{Texts: 128, InFlight: 1})
				if !always {
					checkTranslated(t, docs)
					assert.Zero(t, st.Failed)
					return
				}
				_, distinct := minRequests(docs, smallBatches)
				assert.Equal(t, distinct, st.Failed)
				assert.NoError(t, st.Stopped, "a transient fault does not stop the job")
				checkNothingWritten(t, docs, tt.reason, googletest.Key)
				checkNothingWritten(t, docs, "gave up after 6 attempts", "")
			})
		}
	}
}

// TestQAInThePipeline: answers that are not translations — the source echoed back, an empty
// text, a refusal — are never written as translations; the segment gets origin none with the
// QA flag as its reason. A lost number is kept and flagged for review.
func TestQAInThePipeline(t *testing.T) {
	fake := &translatetest.Fake{AnswerFn: func(_ int, req *translate.Request, a []translate.Translation) []translate.Translation {
		for i, s := range req.Texts {
			switch {
			case strings.Contains(s, "עזה"):
				a[i].Text = s // echoed
			case strings.Contains(s, "غزة"):
				a[i].Text = "I'm sorry, but I can't translate that."
			case strings.Contains(s, "газа"):
				a[i].Text = ""
			default:
				a[i].Text = strings.Map(func(r rune) rune {
					if r >= '0' && r <= '9' {
						return -1
					}
					return r
				}, a[i].Text) // numbers lost
			}
		}
		return a
	}}
	docs := corpusDocs(t, 10, 7)
	st := process(t, docs, openFake(t, fake, backends.Stack{}), "fake", translate.Limits{Texts: 128})
	var bad, review int
	for _, d := range docs {
		for _, s := range d.Segments() {
			tr := s.Translation
			if tr == nil { // English or und
				continue
			}
			text := doc.NormalizeText(s.Text)
			switch {
			case strings.Contains(text, "עזה"):
				assert.Equal(t, doc.None, tr.Origin)
				assert.Empty(t, tr.Text)
				assert.Equal(t, "qa: "+translate.QAIdentical, tr.Reason)
				bad++
			case strings.Contains(text, "غزة"):
				assert.Equal(t, doc.None, tr.Origin)
				assert.Equal(t, "qa: "+translate.QARefusal, tr.Reason)
				bad++
			case strings.Contains(text, "газа"):
				assert.Equal(t, doc.None, tr.Origin)
				assert.Equal(t, "qa: "+translate.QAEmpty, tr.Reason)
				bad++
			case tr.Origin == doc.MT:
				assert.NotEmpty(t, tr.QA)
				assert.True(t, strings.HasPrefix(tr.QA[0], "number missing"), "%v", tr.QA)
				review++
			}
		}
	}
	assert.Positive(t, bad)
	assert.Positive(t, review)
	assert.Positive(t, st.Failed)
}

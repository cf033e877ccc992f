package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

func TestMaxRequestsUsage(t *testing.T) {
	r := bitext(t, nil, "", "translate", "--max-requests", "-1", ynet)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--max-requests -1")
}

// TestBadKeyStopsJob: a key the server rejects stops the job with one clear line naming the
// reason, and nothing is written as a translation: the Hebrew captions fall back to the
// document's own English captions, with the reason.
func TestBadKeyStopsJob(t *testing.T) {
	srv := googletest.NewServer(t, fakeTarget)
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		return googletest.ErrorReply(400, "keyInvalid", "API key not valid. Please pass a valid API key.")
	})
	key := "sekret-rejected-key-456"
	r := bitext(t, map[string]string{"GOOGLE_API_KEY": key}, "",
		"translate", "--backend", "google", "--endpoint", srv.URL, "--max-requests", "1", ynet)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "google stopped the job: ")
	assert.Contains(t, r.stderr, "API key not valid")
	assert.Equal(t, 1, srv.RequestCount(), "no retry of a bad key")
	f := decode(t, r.stdout)
	hebrew := 0
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			if s.Lang != "he" {
				continue
			}
			hebrew++
			require.NotNil(t, s.Translation)
			assert.NotEqual(t, "mt", string(s.Translation.Origin))
			assert.NotEqual(t, s.Text, s.Translation.Text, "never the source as a translation")
			require.NotNil(t, s.Translation.Reason)
			assert.Contains(t, *s.Translation.Reason, "API key not valid")
		}
	}
	assert.Equal(t, 4, hebrew)
	for _, out := range []string{r.stdout, r.stderr} {
		assert.NotContains(t, out, key)
	}
}

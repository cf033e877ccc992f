package deepl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestConformance(t *testing.T) {
	translatetest.Run(t, func(t *testing.T) translate.Translator {
		return newBackend(t, deepltest.NewServer(t, nil).Config())
	}, translatetest.Options{})
}

// TestFaults puts a fault-injecting proxy between the backend and the fake and checks each
// fault's class: what a retry may fix is neither permanent nor a translation.
func TestFaults(t *testing.T) {
	tests := []struct {
		fault translatetest.Fault
		rate  bool
	}{
		{translatetest.Fault{Kind: translatetest.Status, Status: 429, RetryAfter: 2 * time.Second}, true},
		{translatetest.Fault{Kind: translatetest.Status, Status: 503}, false},
		{translatetest.Fault{Kind: translatetest.Reset}, false},
		{translatetest.Fault{Kind: translatetest.Truncate}, false},
		{translatetest.Fault{Kind: translatetest.Malformed}, false},
	}
	srv := deepltest.NewServer(t, nil)
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			proxy := translatetest.NewFaultProxy(t, srv.URL, func(int, *http.Request) translatetest.Fault { return tt.fault })
			c := srv.Config()
			c.Endpoint = proxy.URL
			got, err := newBackend(t, c).Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Target: language.German})
			require.Error(t, err)
			assert.Nil(t, got)
			assert.False(t, errors.Is(err, translate.ErrPermanent), "a retry may fix %s: %v", tt.fault, err)
			var rl *translate.RateLimitError
			assert.Equal(t, tt.rate, errors.As(err, &rl))
			if tt.rate {
				assert.Equal(t, 2*time.Second, rl.RetryAfter)
			}
			assert.NotContains(t, err.Error(), deepltest.Key)
		})
	}
}

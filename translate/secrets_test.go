package translate_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/seed77ff/bitext/translate"
)

func TestSecrets(t *testing.T) {
	const (
		google = "AIzaSyFAKE-bitext-test-key-0123456789ab"
		deepl  = "0c0ffee0-1111-2222-3333-444455556666:fx"
	)
	var s translate.Secrets
	s.Add(google)
	s.Add(deepl)
	s.Add("short") // under MinSecretLen: would match ordinary words
	s.Add("")
	assert.Equal(t, 2, s.Len())
	for _, tt := range []struct {
		text string
		want bool
	}{
		{google, true},
		{"the key is " + google + ".", true},
		{"x" + deepl, true},
		{strings.Repeat("é", 1000) + deepl + strings.Repeat("ש", 1000), true},
		{google[:len(google)-1], false},
		{google[1:] + "x", false},
		{strings.ToLower(google), false},
		{"short and sweet", false},
		{"", false},
	} {
		assert.Equal(t, tt.want, s.In(tt.text), "%q", tt.text)
	}
	for _, shown := range []string{fmt.Sprintf("%v", &s), fmt.Sprintf("%#v", &s), fmt.Sprintf("%+v", s.Len())} {
		assert.NotContains(t, shown, google, "only digests are kept")
		assert.NotContains(t, shown, deepl)
	}

	var none *translate.Secrets
	none.Add(google) // no panic
	assert.False(t, none.In(google))
	assert.Zero(t, none.Len())
}

// Config.Secret reads like Env and reports the value to Config.Secrets.
func TestConfigSecret(t *testing.T) {
	var s translate.Secrets
	c := translate.Config{Getenv: func(k string) string { return map[string]string{"K": "secret-value-1"}[k] }, Secrets: &s}
	v, err := c.Secret("K")
	assert.NoError(t, err)
	assert.Equal(t, "secret-value-1", v)
	assert.True(t, s.In("…secret-value-1…"))
	_, err = translate.Config{Getenv: c.Getenv}.Secret("K") // no Secrets: fine
	assert.NoError(t, err)
}

func TestSecretsConcurrent(t *testing.T) {
	var s translate.Secrets
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("concurrent-key-%02d", i)
			s.Add(key)
			assert.True(t, s.In("a "+key+" b"))
		}()
	}
	wg.Wait()
	assert.Equal(t, 8, s.Len())
}

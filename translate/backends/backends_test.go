package backends

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

func cfg(vars map[string]string) translate.Config {
	return translate.Config{Getenv: func(k string) string { return vars[k] }}
}

func TestResolve(t *testing.T) {
	r := Default()
	tests := []struct {
		name, backend string
		vars          map[string]string
		want          string // "" means no backend
		err           error
	}{
		{"auto with nothing", "auto", nil, "", nil},
		{"auto with google key", "auto", map[string]string{"GOOGLE_API_KEY": "k"}, "google", nil},
		{"auto with key file", "auto", map[string]string{"GOOGLE_API_KEY_FILE": "/k"}, "google", nil},
		{"auto with ADC", "", map[string]string{"GOOGLE_APPLICATION_CREDENTIALS": "/adc.json"}, "google", nil},
		{"none", "none", map[string]string{"GOOGLE_API_KEY": "k"}, "", nil},
		{"google unconfigured", "google", nil, "", translate.ErrNotConfigured},
		{"unknown", "babelfish", nil, "", translate.ErrUnknownBackend},
	}
	// Apertium counts as configured when its command is on PATH: hide the machine's.
	t.Setenv("PATH", t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Resolve(r, tt.backend, cfg(tt.vars))
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			if tt.want == "" {
				assert.Nil(t, b)
			} else {
				require.NotNil(t, b)
				assert.Equal(t, tt.want, b.Name)
			}
		})
	}
}

func TestAutoFallsBackToInstalledApertium(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "apertium"), []byte("#!/bin/sh\n"), 0o755))
	t.Setenv("PATH", dir)
	b, err := Resolve(Default(), "auto", cfg(nil))
	require.NoError(t, err)
	require.NotNil(t, b)
	assert.Equal(t, "apertium", b.Name)
	assert.True(t, b.Local)
	b, err = Resolve(Default(), "auto", cfg(map[string]string{"GOOGLE_API_KEY": "k"}))
	require.NoError(t, err)
	assert.Equal(t, "google", b.Name, "services come before a local engine")
}

func TestNotConfiguredErrorNamesVariables(t *testing.T) {
	_, err := Resolve(Default(), "google", cfg(nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GOOGLE_API_KEY")
	assert.Contains(t, NotConfiguredHint(Default()), "GOOGLE_APPLICATION_CREDENTIALS")
}

// TestOpenWrapsCacheForCacheableBackends checks the stack order: a cache hit never reaches the backend.
func TestOpenWrapsCacheForCacheableBackends(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "T:" + text })
	b, _ := Default().Lookup("google")
	seen := map[string]string{}
	cache := func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			if v, ok := seen[req.Texts[0]]; ok {
				return []translate.Translation{{Text: v, Cached: true}}, nil
			}
			res, err := next.Translate(ctx, req)
			if err == nil {
				seen[req.Texts[0]] = res[0].Text
			}
			return res, err
		})
	}
	tr, err := Open(context.Background(), b, srv.Config(), Stack{Cache: cache})
	require.NoError(t, err)
	req := &translate.Request{Texts: []string{"שלום"}, Target: language.English}
	for i := 0; i < 2; i++ {
		res, err := tr.Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, "T:שלום", res[0].Text)
	}
	assert.Equal(t, 1, srv.RequestCount())
}

func TestFallbacksAreInstalledLocalEngines(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "apertium"), []byte("#!/bin/sh\n"), 0o755))
	t.Setenv("PATH", dir)
	r := Default()
	g, _ := r.Lookup("google")
	fb := Fallbacks(r, g, cfg(nil))
	require.Len(t, fb, 1)
	assert.Equal(t, "apertium", fb[0].Name)
	a, _ := r.Lookup("apertium")
	assert.Empty(t, Fallbacks(r, a, cfg(nil)), "no fallback to itself")
	t.Setenv("PATH", t.TempDir())
	assert.Empty(t, Fallbacks(r, g, cfg(nil)), "nothing installed, nothing to fall back to")
}

// TestAutoOrderFromRecords: the order "auto" tries is the records' own, services first.
func TestAutoOrderFromRecords(t *testing.T) {
	var names []string
	for _, b := range Default().AutoOrder() {
		names = append(names, b.Name)
	}
	assert.Equal(t, []string{"google", "google-v3", "deepl", "libre", "openai", "apertium"}, names)
}

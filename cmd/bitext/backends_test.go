package main

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/googlev3/googlev3test"
	"github.com/seed77ff/bitext/translate/libre/libretest"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

// row finds a backend's row in the text table.
func row(t *testing.T, out, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + name + ` .*$`).FindString(out)
	require.NotEmpty(t, m, "no row for %s in:\n%s", name, out)
	return m
}

func TestBackendsCommand(t *testing.T) {
	dl := deepltest.NewServer(t, fakeTarget)
	lt := libretest.NewServer(t, libretest.Options{CharLimit: 1000, BatchLimit: 10, ReportBatchLimit: true}, nil)
	oa := openaitest.NewServer(t, openaitest.Options{}, fakeTarget)
	g3 := googlev3test.NewServer(t, fakeTarget)
	_ = g3 // google-v3's --endpoint is a flag of translate only; here it is checked unconfigured
	vars := map[string]string{
		"DEEPL_AUTH_KEY": deepltest.Key, "DEEPL_URL": dl.URL,
		"LIBRETRANSLATE_URL": lt.URL,
		"OPENAI_BASE_URL":    oa.BaseURL(), "OPENAI_API_KEY": openaitest.Key,
	}

	t.Run("text", func(t *testing.T) {
		r := bitext(t, vars, "", "backends", "--model", openaitest.Model)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `^google\s+no\s+-\s+128 texts`, row(t, r.stdout, "google"))
		assert.Regexp(t, `^deepl\s+yes\s+yes\s+50 texts, \d+ bytes, 4 in flight\s+20 EUR per million characters`, row(t, r.stdout, "deepl"))
		assert.Regexp(t, `^libre\s+yes\s+yes\s+10 texts, 1000 chars, 4 in flight\s+0`, row(t, r.stdout, "libre"), "the server's limits")
		assert.Regexp(t, `^openai\s+yes\s+yes\s+32 texts`, row(t, r.stdout, "openai"))
		assert.Contains(t, r.stdout, "DEEPL_AUTH_KEY DEEPL_AUTH_KEY_FILE DEEPL_URL")
		assert.Contains(t, r.stdout, "libre pairs: ")
		assert.Contains(t, r.stdout, "he→en")
		assert.NotContains(t, r.stdout, deepltest.Key)
		assert.NotContains(t, r.stdout, openaitest.Key)

		// The checks translate nothing.
		for _, req := range dl.Requests() {
			assert.Equal(t, "/v2/usage", req.Path)
		}
		assert.Empty(t, oa.Requests(), "no chat request")
		assert.Empty(t, lt.Translations())
	})
	t.Run("json", func(t *testing.T) {
		r := bitext(t, vars, "", "backends", "--format", "json", "--model", openaitest.Model)
		require.Equal(t, 0, r.code, r.stderr)
		var sts []struct {
			Name       string
			Configured bool
			Reachable  *bool
			Limits     struct{ Texts, CodePoints int }
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &sts))
		byName := map[string]int{}
		for i, s := range sts {
			byName[s.Name] = i
		}
		require.Contains(t, byName, "deepl")
		d := sts[byName["deepl"]]
		assert.True(t, d.Configured)
		require.NotNil(t, d.Reachable)
		assert.True(t, *d.Reachable)
		assert.Nil(t, sts[byName["google"]].Reachable, "not configured, not checked")
		assert.Equal(t, 1000, sts[byName["libre"]].Limits.CodePoints)
	})
	t.Run("bad key, unreachable, no model", func(t *testing.T) {
		bad := map[string]string{
			"DEEPL_AUTH_KEY": "00000000-0000-0000-0000-000000000000:fx", "DEEPL_URL": dl.URL,
			"LIBRETRANSLATE_URL": "http://127.0.0.1:1",
			"OPENAI_BASE_URL":    oa.BaseURL(),
		}
		r := bitext(t, bad, "", "backends", "--timeout", "2s")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `^deepl\s+yes\s+no\s`, row(t, r.stdout, "deepl"))
		assert.Regexp(t, `(?m)^deepl: .*authorization failed`, r.stdout)
		assert.NotContains(t, r.stdout, "00000000-0000-0000-0000-000000000000")
		assert.Regexp(t, `^libre\s+yes\s+no\s`, row(t, r.stdout, "libre"))
		assert.Regexp(t, `^openai\s+yes\s+not checked\s`, row(t, r.stdout, "openai"))
		assert.Regexp(t, `(?m)^openai: not checked: .*--model`, r.stdout)
	})
	t.Run("usage", func(t *testing.T) {
		assert.Equal(t, 2, bitext(t, nil, "", "backends", "extra").code)
		assert.Equal(t, 2, bitext(t, nil, "", "backends", "--format", "xml").code)
	})
}

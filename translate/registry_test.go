package translate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
)

func TestConfigEnvironment(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte("  secret\n"), 0o600))
	vars := map[string]string{"A_KEY": "direct", "B_KEY_FILE": keyFile, "C_KEY_FILE": filepath.Join(t.TempDir(), "missing")}
	c := translate.Config{Getenv: func(k string) string { return vars[k] }}

	assert.True(t, c.AnySet("NOPE", "A_KEY"))
	assert.False(t, c.AnySet("NOPE", "B_KEY"), "a _FILE variable is its own name")
	v, err := c.Env("A_KEY")
	require.NoError(t, err)
	assert.Equal(t, "direct", v)
	v, err = c.Env("B_KEY")
	require.NoError(t, err)
	assert.Equal(t, "secret", v, "read from the file, trimmed")
	_, err = c.Env("C_KEY")
	assert.ErrorContains(t, err, "C_KEY_FILE")

	t.Setenv("BITEXT_TEST_VAR", "from the process")
	assert.Equal(t, "from the process", translate.Config{}.Lookup("BITEXT_TEST_VAR"), "nil Getenv reads the process environment")
}

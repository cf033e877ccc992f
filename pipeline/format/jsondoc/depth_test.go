package jsondoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format"
)

// TestDeepJSONRefused: every reader of bitext's own outputs (bitext diff's inputs) refuses
// nesting past format.MaxDepth with the line, before encoding/json's own 10,000 levels.
func TestDeepJSONRefused(t *testing.T) {
	deep := `{"schema":"bitext/v1","x":` + strings.Repeat("[", 1500) + strings.Repeat("]", 1500) + "}"
	_, err := Read(strings.NewReader(deep))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nested deeper than 1000 levels")
	_, err = ReadAny(strings.NewReader("\n" + deep))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2")
	_, err = ReadLines(strings.NewReader(`{"id":"a"}` + "\n" + `{"id":"b","x":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + "}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2")

	ok := `{"a":"` + strings.Repeat("[", 2000) + `","b":` + strings.Repeat("[", 999) + strings.Repeat("]", 999) + "}"
	assert.NoError(t, format.CheckJSONDepth("", []byte(ok)), "brackets inside strings do not count")
	assert.NoError(t, format.CheckJSONDepth("", bytes.Repeat([]byte(`"\\"[`), 10)), "escaped quotes stay inside strings")
}

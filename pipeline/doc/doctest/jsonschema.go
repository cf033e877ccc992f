package doctest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// schemaPath is pipeline/format/jsondoc/schema/bitext-v1.json, found from this file.
func schemaPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "format", "jsondoc", "schema", "bitext-v1.json")
}

var (
	schemaOnce         sync.Once
	docSchema, lineSch *jsonschema.Schema
	schemaErr          error
)

func compileSchemas() {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	f, err := os.Open(schemaPath())
	if err != nil {
		schemaErr = err
		return
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		schemaErr = err
		return
	}
	const url = "bitext-v1.json"
	if schemaErr = c.AddResource(url, doc); schemaErr != nil {
		return
	}
	if docSchema, schemaErr = c.Compile(url); schemaErr != nil {
		return
	}
	lineSch, schemaErr = c.Compile(url + "#/$defs/line")
}

// JSONSchema validates a translate output against the bitext/v1 JSON Schema (draft
// 2020-12): data is a stream of JSON documents (--format json) or, when lines is set, JSON
// Lines (--format jsonl), each line a #/$defs/line.
func JSONSchema(t testing.TB, data []byte, lines bool) {
	t.Helper()
	schemaOnce.Do(compileSchemas)
	require.NoError(t, schemaErr, "compile %s", schemaPath())
	if lines {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 16<<20)
		for n := 1; sc.Scan(); n++ {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
			require.NoError(t, err, "line %d", n)
			require.NoError(t, lineSch.Validate(v), "line %d: %s", n, sc.Text())
		}
		require.NoError(t, sc.Err())
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			require.Greater(t, n, 1, "no document")
			return
		} else {
			require.NoError(t, err, "document %d", n)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		require.NoError(t, err)
		require.NoError(t, docSchema.Validate(v), "document %d", n)
	}
}

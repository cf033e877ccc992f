package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadLimit: an input of exactly the limit is read; one byte more is a *TooLargeError
// naming the input and the limit, from a file (by its size, before reading) and from a
// reader (after limit+1 bytes); a zero limit means MaxInputSize.
func TestReadLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.txt")
	require.NoError(t, os.WriteFile(path, []byte("Hello there.\n"), 0o644)) // 13 bytes

	tests := []struct {
		name  string
		limit int64
		ok    bool
		msg   string
	}{
		{"at the limit", 13, true, ""},
		{"one byte over", 12, false, "in.txt: larger than the input size limit of 12 bytes (--max-input-size)"},
		{"default", 0, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, src := range []struct {
				name  string
				path  string
				stdin *strings.Reader
			}{{"file", path, nil}, {"stdin", "-", strings.NewReader("Hello there.\n")}} {
				var (
					d   any
					err error
				)
				if src.stdin != nil {
					d, err = ReadFileLimit(DefaultFormats(), src.path, "text", src.stdin, tt.limit)
				} else {
					d, err = ReadFileLimit(DefaultFormats(), src.path, "", nil, tt.limit)
				}
				if tt.ok {
					require.NoError(t, err, src.name)
					assert.NotNil(t, d)
					continue
				}
				var tl *TooLargeError
				require.True(t, errors.As(err, &tl), "%s: %v", src.name, err)
				assert.Equal(t, src.path, tl.Name)
				assert.Equal(t, tt.limit, tl.Limit)
				if src.stdin == nil {
					assert.Contains(t, err.Error(), tt.msg)
				}
			}
		})
	}
	assert.Equal(t, "x: larger than the input size limit of 64 MiB (--max-input-size)", (&TooLargeError{"x", MaxInputSize}).Error())
	assert.Equal(t, "x: larger than the input size limit of 2 GiB (--max-input-size)", (&TooLargeError{"x", 2 << 30}).Error())
	assert.Equal(t, "x: larger than the input size limit of 3 KiB (--max-input-size)", (&TooLargeError{"x", 3 << 10}).Error())
	assert.Equal(t, "x: larger than the input size limit of 1000 bytes (--max-input-size)", (&TooLargeError{"x", 1000}).Error())
}

// TestJobMaxInputSize: JobOptions.MaxInputSize applies to files and readers alike.
func TestJobMaxInputSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.txt")
	require.NoError(t, os.WriteFile(path, []byte("Hello there, general Kenobi.\n"), 0o644))
	j, err := NewJob(JobOptions{MaxInputSize: 10})
	require.NoError(t, err)
	_, err = j.TranslateReader(context.Background(), "r.txt", strings.NewReader("Hello there, general Kenobi.\n"))
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "r.txt", tl.Name)
	sum, err := j.Run(context.Background(), []Input{{Path: path}}, nil)
	require.NoError(t, err)
	require.Len(t, sum.Failures, 1)
	require.ErrorAs(t, sum.Failures[0].Err, &tl)
	assert.Equal(t, path, tl.Name)
}

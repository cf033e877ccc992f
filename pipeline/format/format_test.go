package format

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		raw     []byte
		text    string
		base    int
		wantErr string
	}{
		{"plain", []byte("hello\n"), "hello\n", 0, ""},
		{"utf8 bom", []byte("\xEF\xBB\xBFשלום"), "שלום", 3, ""},
		{"utf16le bom", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, "hi", -1, ""},
		{"utf16be bom", []byte{0xFE, 0xFF, 0, 'h', 0, 'i'}, "hi", -1, ""},
		{"invalid utf8", []byte("ab\xffcd"), "", 0, "invalid UTF-8 at byte offset 2"},
		{"invalid after bom", []byte("\xEF\xBB\xBFa\xc3"), "", 0, "invalid UTF-8 at byte offset 4"},
		{"nul", []byte("ab\x00cd"), "", 0, "NUL byte at offset 2"},
		{"odd utf16", []byte{0xFF, 0xFE, 'h'}, "", 0, "odd number of bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := Decode(tt.raw)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, ErrNotText)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.text, in.Text)
			assert.Equal(t, tt.base, in.Base)
		})
	}
}

func TestRegistrySniff(t *testing.T) {
	var g Registry
	g.Register(Reader{Name: "text", Extensions: []string{".txt"}})
	g.Register(Reader{Name: "srt", Extensions: []string{".srt"}, Sniff: func(b []byte) bool { return len(b) > 0 && b[0] == '1' }})
	r, err := g.Sniff("a.TXT", nil)
	require.NoError(t, err)
	assert.Equal(t, "text", r.Name)
	r, err = g.Sniff("noext", []byte("1\n00:00"))
	require.NoError(t, err)
	assert.Equal(t, "srt", r.Name)
	r, err = g.Sniff("noext", []byte("x"))
	require.NoError(t, err)
	assert.Equal(t, "text", r.Name)
	assert.True(t, g.Claims("x.srt"))
	assert.False(t, g.Claims("x.pdf"))
	assert.Panics(t, func() { g.Register(Reader{Name: "text"}) })
}

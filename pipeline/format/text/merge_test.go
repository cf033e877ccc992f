package text

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// segmentLines makes one segment per block, as the pipeline would for one-sentence lines.
func segmentLines(d *doc.Document) {
	for _, b := range d.Blocks {
		b.Segments = []*doc.Segment{{Block: b.Index, Start: b.Start, End: b.End, Text: b.Text}}
	}
}

func TestMerge(t *testing.T) {
	raw := "Title\r\n\nשלום עולם\r\nEnglish line.\nסוף"
	tests := []struct {
		name  string
		mode  format.MergeMode
		trans map[string]doc.Translation
		want  string
	}{
		{"nothing translated", format.MergeBilingual, nil, raw},
		{"document counterparts are not written", format.MergeBilingual,
			map[string]doc.Translation{"שלום עולם": {Text: "x", Origin: doc.FromDocument}}, raw},
		{"bilingual", format.MergeBilingual,
			map[string]doc.Translation{"שלום עולם": {Text: "Hello world", Origin: doc.MT}, "סוף": {Text: "End", Origin: doc.TM}},
			"Title\r\n\nשלום עולם\r\nHello world\r\nEnglish line.\nסוף\nEnd"},
		{"replace", format.MergeReplace,
			map[string]doc.Translation{"שלום עולם": {Text: "Hello world", Origin: doc.MT}, "סוף": {Text: "End", Origin: doc.MT}},
			"Title\r\n\nHello world\r\nEnglish line.\nEnd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := format.Decode([]byte(raw))
			require.NoError(t, err)
			d, err := Read("t.txt", in)
			require.NoError(t, err)
			segmentLines(d)
			for _, s := range d.Segments() {
				if tr, ok := tt.trans[s.Text]; ok {
					s.Translation = &tr
				}
			}
			var buf bytes.Buffer
			require.NoError(t, Merge(&buf, d, tt.mode))
			assert.Equal(t, tt.want, buf.String())
		})
	}
}

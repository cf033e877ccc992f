package pipeline

import (
	"path"
	"path/filepath"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// outputPath is where OutDir puts the output of in: OutputPath, except that merged output of
// a format that names its own outputs (subtitles, clip.en.srt) gets that name, beside where
// the input's own name would go.
func (j *Job) outputPath(in Input, d *doc.Document, ext string) string {
	if j.o.Output == Merged {
		if r, ok := j.formats.Lookup(d.Format); ok && r.OutputName != nil {
			dir, base := path.Split(in.Rel)
			return filepath.Join(j.o.OutDir, filepath.FromSlash(dir), r.OutputName(base, j.o.Merge, d.Target))
		}
	}
	return OutputPath(j.o.OutDir, in, ext)
}

package pipeline

import (
	"path"
	"path/filepath"

	"github.com/seed77ff/bitext/pipeline/format"
)

// outDirPath is where OutDir puts the output of in: OutputPath, except that merged output of
// a format that names its own outputs (subtitles, clip.en.srt) gets that name, beside where
// the input's own name would go. The format is the reader InputFormat names or the one the
// input's extension claims, so that the path is known before the input is read.
func (j *Job) outDirPath(in Input, ext string) string {
	if j.o.Output == Merged {
		if r := j.readerOf(in); r != nil && r.OutputName != nil {
			dir, base := path.Split(in.Rel)
			return filepath.Join(j.o.OutDir, filepath.FromSlash(dir), r.OutputName(base, j.o.Merge, j.o.Target))
		}
	}
	return OutputPath(j.o.OutDir, in, ext)
}

// readerOf is the reader of in as far as its name tells.
func (j *Job) readerOf(in Input) *format.Reader {
	if j.o.InputFormat != "" {
		r, _ := j.formats.Lookup(j.o.InputFormat)
		return r
	}
	r, err := j.formats.Sniff(in.Path, nil)
	if err != nil {
		return nil
	}
	return r
}

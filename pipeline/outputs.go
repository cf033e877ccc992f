package pipeline

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed77ff/bitext/pipeline/format"
)

// OverwriteError is a job that would write an output onto one of its own inputs (a merged
// output into the input directory, -o naming the input): refused before anything is read, so
// that no input is ever lost and no rerun merges an output again.
type OverwriteError struct {
	// Input is the input that would be overwritten; Output the output path that names it.
	Input, Output string
}

func (e *OverwriteError) Error() string {
	if e.Input == e.Output {
		return fmt.Sprintf("the output of %s would overwrite the input itself; choose another --out-dir or -o", e.Input)
	}
	return fmt.Sprintf("the output %s would overwrite the input %s; choose another --out-dir or -o", e.Output, e.Input)
}

// outputPath is where write delivers in's output: a file, or "" for Stdout or nowhere.
func (j *Job) outputPath(in Input) string {
	if j.o.Output == "" {
		return ""
	}
	path := j.o.OutFile
	if j.o.OutDir != "" {
		ext := ""
		if j.out != nil {
			ext = j.out.Ext
		}
		path = j.outDirPath(in, ext)
	}
	if path == "-" {
		return ""
	}
	return path
}

// CheckOutputs returns an *OverwriteError when an output of the job would be written onto
// one of inputs — the same file, whatever the paths that name them (links, relative paths).
// Run checks it before it reads anything; callers that want to refuse such a job as a usage
// error (the CLI exits 2) call it first.
func (j *Job) CheckOutputs(inputs []Input) error {
	type file struct {
		path string
		info os.FileInfo
	}
	var files []file
	byAbs := map[string]string{}
	for _, in := range inputs {
		if in.Reader != nil || in.Path == "-" {
			continue
		}
		if abs, err := filepath.Abs(in.Path); err == nil {
			byAbs[abs] = in.Path
		}
		if fi, err := os.Stat(in.Path); err == nil {
			files = append(files, file{in.Path, fi})
		}
	}
	outs := make([]string, 0, len(inputs)+1)
	for _, in := range inputs {
		outs = append(outs, j.outputPath(in))
	}
	if j.out != nil && j.out.Index != nil && j.o.OutDir != "" {
		outs = append(outs, filepath.Join(j.o.OutDir, format.IndexName)) // the batch's index
	}
	for _, out := range outs {
		if out == "" {
			continue
		}
		if abs, err := filepath.Abs(out); err == nil {
			if p, ok := byAbs[abs]; ok {
				return &OverwriteError{Input: p, Output: out}
			}
		}
		fi, err := os.Stat(out)
		if err != nil {
			continue
		}
		for _, f := range files {
			if os.SameFile(fi, f.info) {
				return &OverwriteError{Input: f.path, Output: out}
			}
		}
	}
	return nil
}

package pipeline

import (
	"fmt"
	"io"
	"os"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/ass"
	"github.com/seed77ff/bitext/pipeline/format/html"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/pipeline/format/markdown"
	"github.com/seed77ff/bitext/pipeline/format/review"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/format/text"
	"github.com/seed77ff/bitext/pipeline/format/tmx"
	"github.com/seed77ff/bitext/pipeline/format/ttml"
	"github.com/seed77ff/bitext/pipeline/format/xliff"
)

// DefaultFormats returns a registry with every reader and renderer bitext has. A new
// reader or renderer is one package plus one line here.
func DefaultFormats() *format.Registry {
	var g format.Registry
	g.Register(text.Reader)
	g.Register(html.Reader)
	g.Register(subtitle.SRT)
	g.Register(subtitle.VTT)
	g.Register(markdown.Reader)
	g.Register(ass.Reader)
	g.Register(ttml.Reader)

	g.RegisterRenderer(format.Renderer{Name: "json", Ext: ".json", Write: jsondoc.Write})
	g.RegisterRenderer(format.Renderer{Name: "jsonl", Ext: ".jsonl", Write: jsondoc.WriteLines})
	g.RegisterRenderer(format.Renderer{Name: "md", Ext: ".md", Write: markdown.Write})
	g.RegisterRenderer(format.Renderer{Name: "html", Ext: ".html", Write: review.Write, Page: review.PageOf, Index: review.WriteIndex})
	g.RegisterRenderer(format.Renderer{Name: "tmx", Ext: ".tmx", Write: tmx.Write})
	g.RegisterRenderer(format.Renderer{Name: "xliff", Ext: ".xlf", Write: xliff.Write, Extra: xliff.Extra})
	g.RegisterRenderer(format.Renderer{Name: "xliff12", Ext: ".xlf", Write: xliff.Write12})
	return &g
}

// MaxInputSize is the default largest input read, so a stray disk image cannot exhaust
// memory; JobOptions.MaxInputSize and ReadFileLimit take another limit.
const MaxInputSize = 64 << 20

// TooLargeError is the error for an input over the size limit; it names the input and the limit.
type TooLargeError struct {
	Name  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than the input size limit of %s (--max-input-size)", e.Name, formatSize(e.Limit))
}

// formatSize writes n bytes in the largest binary unit that divides it.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads and parses the file at path ("-" is stdin, read from stdin). inputFormat
// names a reader, or is empty to sniff by extension and content. Errors name the file.
// Inputs over MaxInputSize are refused; see ReadFileLimit.
func ReadFile(g *format.Registry, path, inputFormat string, stdin io.Reader) (*doc.Document, error) {
	return ReadFileLimit(g, path, inputFormat, stdin, MaxInputSize)
}

// ReadFileLimit is ReadFile with a size limit of limit bytes (MaxInputSize when limit <= 0).
// A larger input is refused with a *TooLargeError before it is read into memory: a file by
// its size, stdin after limit+1 bytes.
func ReadFileLimit(g *format.Registry, path, inputFormat string, stdin io.Reader, limit int64) (*doc.Document, error) {
	data, err := ReadInput(path, stdin, limit)
	if err != nil {
		return nil, err
	}
	return Read(g, path, data, inputFormat)
}

// ReadInput returns the bytes of the file at path, or of stdin when path is "-", refusing
// an input over limit bytes (MaxInputSize when limit <= 0) with a *TooLargeError without
// reading more than limit+1 bytes of it.
func ReadInput(path string, stdin io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = MaxInputSize
	}
	if path == "-" {
		return readLimited(path, stdin, limit)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Name: path, Limit: limit}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	// The file may have grown since Stat (or be a pipe or device that reports no size).
	return readLimited(path, f, limit)
}

func readLimited(name string, r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return data, nil
}

// Read parses data read from name with the reader named inputFormat, or a sniffed one.
func Read(g *format.Registry, name string, data []byte, inputFormat string) (*doc.Document, error) {
	var r *format.Reader
	if inputFormat != "" {
		var ok bool
		if r, ok = g.Lookup(inputFormat); !ok {
			return nil, fmt.Errorf("%s: unknown input format %q", name, inputFormat)
		}
	} else {
		var err error
		if r, err = g.Sniff(name, data); err != nil {
			return nil, err
		}
	}
	decode := format.Decode
	if r.Decode != nil {
		decode = r.Decode
	}
	in, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d, err := r.Read(name, in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if d.Encoding.Name == "" {
		d.Encoding = in.Encoding
	}
	if d.Warnings == nil {
		d.Warnings = in.Warnings
	}
	return d, nil
}

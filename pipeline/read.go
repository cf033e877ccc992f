package pipeline

import (
	"fmt"
	"io"
	"os"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/html"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/pipeline/format/markdown"
	"github.com/seed77ff/bitext/pipeline/format/review"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/format/text"
	"github.com/seed77ff/bitext/pipeline/format/tmx"
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

	g.RegisterRenderer(format.Renderer{Name: "json", Ext: ".json", Write: jsondoc.Write})
	g.RegisterRenderer(format.Renderer{Name: "jsonl", Ext: ".jsonl", Write: jsondoc.WriteLines})
	g.RegisterRenderer(format.Renderer{Name: "md", Ext: ".md", Write: markdown.Write})
	g.RegisterRenderer(format.Renderer{Name: "html", Ext: ".html", Write: review.Write})
	g.RegisterRenderer(format.Renderer{Name: "tmx", Ext: ".tmx", Write: tmx.Write})
	g.RegisterRenderer(format.Renderer{Name: "xliff", Ext: ".xlf", Write: xliff.Write})
	return &g
}

// MaxInputSize is the largest input read, so a stray disk image cannot exhaust memory.
const MaxInputSize = 64 << 20

// ReadFile reads and parses the file at path ("-" is stdin, read from stdin). inputFormat
// names a reader, or is empty to sniff by extension and content. Errors name the file.
func ReadFile(g *format.Registry, path, inputFormat string, stdin io.Reader) (*doc.Document, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, MaxInputSize+1))
	} else {
		var st os.FileInfo
		if st, err = os.Stat(path); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory", path)
		}
		if err == nil && st.Size() > MaxInputSize {
			return nil, fmt.Errorf("%s: larger than %d MiB", path, MaxInputSize>>20)
		}
		if err == nil {
			data, err = os.ReadFile(path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > MaxInputSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, MaxInputSize>>20)
	}
	return Read(g, path, data, inputFormat)
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
	return d, nil
}

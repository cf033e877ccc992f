// Package subtitletest holds what the tests of the subtitle readers share: reading a file
// through the segment stage, the golden form of a read document, golden files with -update,
// fake translations, the round-trip check and the fuzz target.
package subtitletest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
)

// Read decodes data, reads it with r as the file name and runs the segment stage over it.
func Read(r format.Reader, name string, data []byte) (*doc.Document, error) {
	in, err := format.Decode(data)
	if err != nil {
		return nil, err
	}
	d, err := r.Read(name, in)
	if err != nil {
		return nil, err
	}
	pipeline.Segment(d)
	return d, nil
}

// Dump is the golden form of a read document: blocks with their cue's timing, settings,
// voice and line, and segments with their parts.
func Dump(d *doc.Document) string {
	var sb strings.Builder
	for _, b := range d.Blocks {
		c := b.Native.(*subtitle.Cue)
		fmt.Fprintf(&sb, "block %d %s id=%q %v --> %v settings=%q", b.Index, b.Kind, c.ID, c.Start, c.End, c.Settings)
		if c.Voice != "" {
			fmt.Fprintf(&sb, " voice=%q", c.Voice)
		}
		fmt.Fprintf(&sb, " line=%d\n  text %q\n", c.Line, b.Text)
		for _, s := range b.Segments {
			fmt.Fprintf(&sb, "  segment %q", s.Text)
			if s.Parts != nil {
				fmt.Fprintf(&sb, " parts=%v", s.Parts)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// Golden compares got with the file at path, first writing it there when update is set (each
// test package's -update flag).
func Golden(t *testing.T, update bool, path, got string) {
	t.Helper()
	if update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got)
}

// GoldenName is the golden file name of a test file's path relative to the data directory.
func GoldenName(file, suffix string) string {
	return strings.ReplaceAll(file, string(filepath.Separator), "__") + suffix
}

// TranslateAll gives every segment a translation of origin o made from its text.
func TranslateAll(d *doc.Document, o doc.Origin, fn func(string) string) {
	for _, s := range d.Segments() {
		s.Translation = &doc.Translation{Text: fn(s.Text), Origin: o}
	}
}

// Fake marks a text as translated while keeping its words countable.
func Fake(s string) string { return "T:" + strings.ToUpper(doc.NormalizeText(s)) }

// Merge writes d back with r in mode.
func Merge(t testing.TB, r format.Reader, d *doc.Document, mode format.MergeMode) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.Merge(&buf, d, mode))
	return buf.String()
}

// RoundTrip checks that d, read from data, is written back byte for byte in both modes with
// nothing translated, with only document counterparts, and with translations of origin none.
func RoundTrip(t *testing.T, r format.Reader, d *doc.Document, data []byte) {
	t.Helper()
	for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
		assert.Equal(t, string(data), Merge(t, r, d, mode), mode)
	}
	TranslateAll(d, doc.FromDocument, strings.ToUpper)
	assert.Equal(t, string(data), Merge(t, r, d, format.MergeReplace))
	TranslateAll(d, doc.None, func(string) string { return "" })
	assert.Equal(t, string(data), Merge(t, r, d, format.MergeBilingual))
}

// Fuzz is a reader's fuzz target: whatever it accepts it writes back byte for byte, its
// block texts are UTF-8, and its merged output with every segment translated reads back.
func Fuzz(f *testing.F, r format.Reader, name string, seeds [][]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read(r, name, data)
		if err != nil {
			return
		}
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			require.Equal(t, string(data), Merge(t, r, d, mode), "round trip")
		}
		for _, b := range d.Blocks {
			require.True(t, utf8.ValidString(b.Text))
		}
		TranslateAll(d, doc.MT, Fake)
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			out := Merge(t, r, d, mode)
			if in, _ := format.Decode(data); in.Base >= 0 { // UTF-16 in, UTF-16 out
				require.True(t, utf8.ValidString(out), "merged output is UTF-8")
			}
			if d.Segments() != nil {
				_, err := Read(r, name, []byte(out))
				require.NoError(t, err, "merged output reads back:\n%s", out)
			}
		}
	})
}

// Files lists the files under dir whose extension is one of exts, relative to dir, leaving
// out the golden files and cmd/cueeval's development set.
func Files(t testing.TB, dir string, exts ...string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == "golden" || e.Name() == "dual") {
			return filepath.SkipDir
		}
		for _, x := range exts {
			if strings.EqualFold(filepath.Ext(p), x) {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, rel)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// Suite runs what every subtitle reader is tested for over the files under dir with one of
// exts (update rewrites the golden files): each file read (its blocks and segments, or its error) against a golden file; each
// file read written back byte for byte (RoundTrip); and each written back with every segment
// translated, in both modes, against golden files, and read back.
func Suite(t *testing.T, update bool, r format.Reader, dir string, exts ...string) {
	for _, f := range Files(t, dir, exts...) {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f))
			require.NoError(t, err)
			d, err := Read(r, f, data)
			got := ""
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = Dump(d)
			}
			Golden(t, update, filepath.Join(dir, "golden", GoldenName(f, ".golden")), got)
			if err != nil {
				return
			}
			RoundTrip(t, r, d, data)
			for _, mode := range []format.MergeMode{format.MergeReplace, format.MergeBilingual} {
				d, _ := Read(r, f, data)
				TranslateAll(d, doc.MT, Fake)
				out := Merge(t, r, d, mode)
				Golden(t, update, filepath.Join(dir, "golden", GoldenName(f, "."+string(mode)+filepath.Ext(f))), out)
				_, err := Read(r, f, []byte(out))
				require.NoError(t, err, "merged output reads back:\n%s", out)
			}
		})
	}
}

// FuzzFiles is Fuzz with the files under dir with one of exts as its seeds.
func FuzzFiles(f *testing.F, r format.Reader, dir, name string, exts ...string) {
	var seeds [][]byte
	for _, p := range Files(f, dir, exts...) {
		data, err := os.ReadFile(filepath.Join(dir, p))
		require.NoError(f, err)
		seeds = append(seeds, data)
	}
	Fuzz(f, r, name, seeds)
}

// ReadFile reads the test file f under dir with r through the segment stage, and returns it
// with the file's bytes.
func ReadFile(t testing.TB, r format.Reader, dir, f string) (*doc.Document, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, f))
	require.NoError(t, err)
	d, err := Read(r, f, data)
	require.NoError(t, err)
	return d, data
}

// Clip is a two-cue SubRip document, translated into English as the renderers' tests want
// it: a Hebrew cue shown 1:39.000–1:41.040 with a machine translation and a failed fit check
// ("cps:9.3>9"), and an English cue shown 2:00.000–2:01.500.
func Clip(t testing.TB) *doc.Document {
	t.Helper()
	d, err := pipeline.Read(pipeline.DefaultFormats(), "clip.srt",
		[]byte("1\n00:01:39,000 --> 00:01:41,040\nשלום.\n\n2\n00:02:00,000 --> 00:02:01,500\nHello.\n"), "")
	require.NoError(t, err)
	pipeline.Segment(d)
	d.Target = language.English
	he, en := d.Blocks[0].Segments[0], d.Blocks[1].Segments[0]
	he.Lang, en.Lang = language.Hebrew, language.English
	he.Translation = &doc.Translation{Text: "Hello to all of you", Origin: doc.MT}
	d.Blocks[0].QA = []string{"cps:9.3>9"}
	return d
}

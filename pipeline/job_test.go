package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/engine"
)

func newJob(t *testing.T, o JobOptions) *Job {
	t.Helper()
	o.Detector = detector(t)
	j, err := NewJob(o)
	require.NoError(t, err)
	return j
}

func reader(name, text string) Input {
	return Input{Path: name, Rel: name, Reader: strings.NewReader(text)}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.srt", "c.png", "news/2025/d.txt", "news/e.html", ".hidden/f.txt", "drafts/g.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
	}
	rels := func(ins []Input) []string {
		var out []string
		for _, in := range ins {
			out = append(out, in.Rel)
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"readers claim", nil, nil, []string{"a.txt", "b.srt", "drafts/g.txt", "news/2025/d.txt", "news/e.html"}},
		{"include base name", []string{"*.png"}, nil, []string{"c.png"}},
		{"include with **", []string{"news/**/*.txt"}, nil, []string{"news/2025/d.txt"}},
		{"** matches no directory", []string{"**/a.txt"}, nil, []string{"a.txt"}},
		{"exclude a directory", nil, []string{"news", "drafts/*"}, []string{"a.txt", "b.srt"}},
		{"exclude wins", []string{"*.txt"}, []string{"d.txt"}, []string{"a.txt", "drafts/g.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins, errs := Walk([]string{dir}, WalkOptions{Formats: DefaultFormats(), Include: tc.include, Exclude: tc.exclude})
			assert.Empty(t, errs)
			assert.Equal(t, tc.want, rels(ins))
		})
	}
	ins, _ := Walk([]string{"-", filepath.Join(dir, "news/e.html"), filepath.Join(dir, "missing.txt")}, WalkOptions{})
	assert.Equal(t, []string{"stdin", "e.html", "missing.txt"}, []string{ins[0].Rel, ins[1].Rel, ins[2].Rel})
	assert.Error(t, ValidateGlobs([]string{"ok", "[bad"}))
}

func TestWriteFileAtomic(t *testing.T) {
	p := filepath.Join(t.TempDir(), "deep", "out.json")
	require.NoError(t, WriteFileAtomic(p, []byte("one")))
	require.NoError(t, WriteFileAtomic(p, []byte("two")))
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "two", string(data))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".*.tmp"))
	assert.Empty(t, left)
	assert.Error(t, WriteFileAtomic(filepath.Join(p, "under-a-file"), nil), "a file is not a directory")
}

func TestNewJobValidates(t *testing.T) {
	for _, o := range []JobOptions{
		{Output: "pdf"}, {Merge: "sideways"}, {OutDir: "a", OutFile: "b"}, {InputFormat: "nope"},
	} {
		o.Detector = detector(t)
		_, err := NewJob(o)
		assert.Error(t, err, "%+v", o)
	}
}

// TestRunStreamsAndReports: results come per input in input order, failures included;
// outputs go under OutDir; two inputs with one output name do not overwrite each other.
func TestRunStreamsAndReports(t *testing.T) {
	out := t.TempDir()
	tr := &fakeTranslator{}
	var progress []Progress
	j := newJob(t, JobOptions{Options: Options{Translator: tr, Exec: ExecOptions{Backend: "fake"}},
		Output: "jsonl", OutDir: out, Window: 2, Progress: func(p Progress) { progress = append(progress, p) }})
	inputs := []Input{
		reader("a.txt", "An English line about the talks in Cairo today.\nשלום לכולם\n"),
		reader("bad.txt", "caf\xe9\n"),
		reader("b.txt", "שלום לכולם\n"),
		{Path: "other/a.txt", Rel: "a.txt", Reader: strings.NewReader("שלום\n")},
	}
	var got []string
	sum, err := j.Run(context.Background(), inputs, func(r Result) {
		s := r.Input.Path
		if r.Err != nil {
			s += " failed"
		}
		got = append(got, s)
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"a.txt", "bad.txt failed", "b.txt", "other/a.txt failed"}, got)
	assert.Equal(t, 3, sum.Documents)
	assert.Equal(t, 2, sum.Written)
	assert.Equal(t, map[string]int{"he": 3}, sum.ForeignByLang)
	require.Len(t, sum.Failures, 2)
	assert.Equal(t, "bad.txt", sum.Failures[0].Path)
	assert.ErrorContains(t, sum.Failures[1].Err, "already the output of a.txt")
	// A window of two documents: the first request goes when a.txt waits at the head of a
	// full window, the second with the last input. "שלום לכולם" goes once, in the first.
	require.Len(t, tr.reqs, 2)
	assert.Equal(t, []string{"שלום לכולם"}, tr.reqs[0].Texts)
	assert.Equal(t, []string{"שלום"}, tr.reqs[1].Texts)
	data, err := os.ReadFile(filepath.Join(out, "b.txt.jsonl"))
	require.NoError(t, err)
	assert.Contains(t, string(data), `"text":"EN(שלום לכולם)"`)
	last := progress[len(progress)-1]
	assert.Equal(t, PhaseDone, last.Phase)
	assert.Equal(t, 4, last.DocumentsDone)
	assert.Equal(t, 2, last.Requests)
}

func TestRunHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	block := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	})
	j := newJob(t, JobOptions{Options: Options{Translator: block}})
	var results int
	_, err := j.Run(ctx, []Input{reader("a.txt", "שלום לכולם\n")}, func(Result) { results++ })
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, results, "no document is reported as done when the job was cancelled")
}

func TestTranslateDocumentAndReader(t *testing.T) {
	j := newJob(t, JobOptions{Options: Options{Translator: &fakeTranslator{}}})
	d, err := j.TranslateReader(context.Background(), "a.txt", strings.NewReader("שלום לכולם\n"))
	require.NoError(t, err)
	assert.Equal(t, "EN(שלום לכולם)", d.Segments()[0].Translation.Text)
	_, err = j.TranslateReader(context.Background(), "bin.txt", strings.NewReader("\x00\x01"))
	assert.ErrorContains(t, err, "bin.txt")
}

// TestEstimateMatchesRun: the estimate's texts and characters are what the translator then
// receives through the cache middleware, and cache hits are subtracted.
func TestEstimateMatchesRun(t *testing.T) {
	store, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	rec := &fakeTranslator{}
	b := translate.Backend{Name: "fake", BillingUnit: "characters", Limits: translate.Limits{Texts: 2}, Cacheable: true,
		Price:      translate.Price{PerMillion: 20, Currency: "USD", PricedOn: "2026-11-26"},
		Configured: func(translate.Config) bool { return true },
		New:        func(context.Context, translate.Config) (translate.Translator, error) { return rec, nil }}
	var reg translate.Registry
	reg.Register(b)
	open := func(dry bool) *engine.Engine {
		e, err := engine.Open(context.Background(), &reg, engine.Spec{Backend: "fake", Store: store, DryRun: dry, CoalesceDelay: -1})
		require.NoError(t, err)
		t.Cleanup(func() { e.Close() })
		return e
	}
	j := newJob(t, JobOptions{Options: Options{Engine: open(false)}})
	dry := newJob(t, JobOptions{Options: Options{Engine: open(true)}})
	inputs := func() []Input {
		return []Input{
			reader("a.txt", "שלום לכולם\nבוקר טוב לכולם\nשלום לכולם\n"),
			reader("b.txt", "ערב טוב\nשלום לכולם\n"),
		}
	}
	// Warm the cache with one of the texts.
	_, err = j.Run(context.Background(), []Input{reader("w.txt", "ערב טוב\n")}, nil)
	require.NoError(t, err)
	rec.reqs = nil

	est, err := dry.Estimate(context.Background(), inputs())
	require.NoError(t, err)
	assert.Equal(t, 2, est.Documents)
	assert.Equal(t, 5, est.ForeignSegments)
	assert.Equal(t, 1, est.CacheHits)
	assert.Equal(t, 2, est.ToSend.Segments)
	assert.Empty(t, rec.reqs, "an estimate calls no translator")

	sum, err := j.Run(context.Background(), inputs(), nil)
	require.NoError(t, err)
	texts, chars := 0, 0
	for _, r := range rec.reqs {
		for _, s := range r.Texts {
			texts++
			chars += utf8.RuneCountInString(s)
		}
	}
	assert.Equal(t, est.ToSend.Segments, texts)
	assert.Equal(t, est.ToSend.Characters, chars)
	assert.Equal(t, est.ToSend.Characters, sum.Characters)
	assert.LessOrEqual(t, est.ToSend.Requests, len(rec.reqs))
	assert.Equal(t, CostOf(chars, b.Price), est.EstimatedCost)
	assert.Equal(t, sum.Cost, est.EstimatedCost)

	none, err := newJob(t, JobOptions{}).Estimate(context.Background(), inputs())
	require.NoError(t, err)
	assert.Zero(t, none.ToSend)
	assert.Empty(t, none.ByBackend)
}

func TestCostOf(t *testing.T) {
	assert.Equal(t, Cost{Amount: 0.00238, Currency: "USD", PricedOn: "2026-11-26"},
		CostOf(119, translate.Price{PerMillion: 20, Currency: "USD", PricedOn: "2026-11-26"}))
	assert.Equal(t, Cost{Currency: "USD"}, CostOf(1000, translate.Price{}))
}

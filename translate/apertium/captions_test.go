package apertium

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

var update = flag.Bool("update", false, "rewrite testdata/alone-spa-eng.json from the installed apertium (one process per text: minutes)")

// aloneGolden is where the command's output for each caption alone is kept: computing it
// takes one apertium process per text (about 0.16 CPU-s each), too slow for every run.
const aloneGolden = "testdata/alone-spa-eng.json"

// minAlone is the share of Spanish segments whose batched translation must equal the
// command's output for the text alone (issue 11; 80% on this test before its fix).
const minAlone = 0.95

// readLines reads a testdata file of one text per line.
func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// captionArticles sets the Spanish sentences as figure captions in English HTML articles,
// eight captions between the paragraphs of each, as a news page carries photos. Every
// second caption loses its final full stop, as captions often do: a text that ends
// without one is where a batch's texts used to run into each other.
func captionArticles(t *testing.T) []pipeline.Input {
	t.Helper()
	es := readLines(t, "testdata/captions-es.txt")
	en := readLines(t, "testdata/article-en.txt")
	const perArticle = 8
	var inputs []pipeline.Input
	for a, p := 0, 0; a*perArticle < len(es); a++ {
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html><html lang=en><head><title>Report %d</title></head><body><article>\n<h1>%s</h1>\n", a, html.EscapeString(en[p%len(en)]))
		p++
		for i := a * perArticle; i < min(len(es), (a+1)*perArticle); i++ {
			fmt.Fprintf(&b, "<p>%s %s</p>\n", html.EscapeString(en[p%len(en)]), html.EscapeString(en[(p+1)%len(en)]))
			p += 2
			caption := es[i]
			if i%2 == 1 && strings.HasSuffix(caption, ".") && !strings.HasSuffix(caption, "..") {
				caption = strings.TrimSuffix(caption, ".")
			}
			fmt.Fprintf(&b, "<figure><img src=\"photo%d.jpg\" alt=\"\"><figcaption>%s</figcaption></figure>\n", i, html.EscapeString(caption))
		}
		b.WriteString("</article></body></html>\n")
		name := fmt.Sprintf("report-%02d.html", a)
		inputs = append(inputs, pipeline.Input{Path: name, Rel: name, Reader: strings.NewReader(b.String())})
	}
	return inputs
}

var (
	detOnce sync.Once
	det     *detect.Detector
	detErr  error
)

// spanishSegments runs the captioned articles through the pipeline with tr and returns the
// translation of every Spanish segment Apertium answered, by segment text.
func spanishSegments(t *testing.T, tr translate.Translator) map[string]string {
	t.Helper()
	detOnce.Do(func() {
		det, detErr = detect.New(detect.Options{Languages: []language.Tag{language.English, language.Spanish}})
	})
	require.NoError(t, detErr)
	var r translate.Registry
	Register(&r)
	b, _ := r.Lookup(Name)
	job, err := pipeline.NewJob(pipeline.JobOptions{Options: pipeline.Options{
		Detector: det, Translator: tr, Exec: pipeline.ExecOptions{Backend: Name, Limits: b.Limits},
	}})
	require.NoError(t, err)
	got := map[string]string{}
	var mu sync.Mutex
	sum, err := job.Run(context.Background(), captionArticles(t), func(r pipeline.Result) {
		if !assert.NoError(t, r.Err) { // called from the job's goroutines: no FailNow
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, s := range r.Doc.Segments() {
			if s.Lang == language.Spanish && s.Translation != nil && s.Translation.Origin == doc.MT {
				got[s.Text] = s.Translation.Text
			}
		}
	})
	require.NoError(t, err)
	assert.Empty(t, sum.Failures)
	// Most captions are Spanish enough to be detected so; the rest are fragments.
	require.Greater(t, len(got), 250, "Spanish segments translated")
	return got
}

// skipShort skips the tests that run the captioned articles through the pipeline.
func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED (-short): 38 articles through the pipeline with two detection models; CI runs it")
	}
}

// commandAlone is what `apertium -u spa-eng` gives for text alone, as a user runs it.
func commandAlone(ctx context.Context, text string) (string, error) {
	cmd := exec.CommandContext(ctx, "apertium", "-u", "spa-eng")
	cmd.Stdin = strings.NewReader(text + "\n")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("apertium alone %q: %w", text, err)
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

// quoted finds the files a mode names ('/usr/share/apertium/…').
var quoted = regexp.MustCompile(`'(/[^']+)'`)

// pairFingerprint identifies the installed spa-eng engine: the apertium version and the
// content of the mode and every file it names. A golden made with another engine is stale.
func pairFingerprint() string {
	h := sha256.New()
	v, _ := exec.Command("apertium", "-V").Output()
	h.Write(v)
	mode, err := os.ReadFile("/usr/share/apertium/modes/spa-eng.mode")
	if err != nil {
		return ""
	}
	h.Write(mode)
	for _, m := range quoted.FindAllStringSubmatch(string(mode), -1) {
		f, err := os.Open(m[1])
		if err != nil {
			return ""
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

type golden struct {
	// Fingerprint is pairFingerprint of the engine that produced Alone.
	Fingerprint string `json:"fingerprint"`
	// Alone maps a text to `apertium -u spa-eng` run on it alone.
	Alone map[string]string `json:"alone"`
}

// aloneReferences returns the command's output for each text alone: from the golden when
// it was made with the installed engine (checked again on a sample run live), else live.
func aloneReferences(t *testing.T, texts []string) map[string]string {
	t.Helper()
	fp := pairFingerprint()
	var g golden
	if b, err := os.ReadFile(aloneGolden); err == nil {
		require.NoError(t, json.Unmarshal(b, &g), aloneGolden)
	}
	if g.Fingerprint != fp || *update {
		if !*update {
			t.Logf("%s was made with another Apertium (fingerprint %.12s, installed %.12s): running every text alone, slowly", aloneGolden, g.Fingerprint, fp)
		}
		g = golden{Fingerprint: fp, Alone: map[string]string{}}
	}
	var missing []string
	for _, s := range texts {
		if _, ok := g.Alone[s]; !ok {
			missing = append(missing, s)
		}
	}
	// A sample is always run live, so the golden stays the command's own output.
	var sample []string
	for i := 0; i < len(texts) && len(sample) < 8; i += len(texts)/8 + 1 {
		if _, ok := g.Alone[texts[i]]; ok {
			sample = append(sample, texts[i])
		}
	}
	live := runAlone(t, append(missing, sample...))
	for _, s := range sample {
		assert.Equal(t, g.Alone[s], live[s], "%s disagrees with the installed apertium on %q: run go test -run %s -update", aloneGolden, s, t.Name())
	}
	for _, s := range missing {
		g.Alone[s] = live[s]
	}
	if len(missing) > 0 && !*update {
		t.Logf("%d texts were not in %s and ran alone live; -update keeps them", len(missing), aloneGolden)
	}
	if *update {
		// Keep only what this run needs, so the file follows the pipeline's segmentation.
		keep := golden{Fingerprint: fp, Alone: map[string]string{}}
		for _, s := range texts {
			keep.Alone[s] = g.Alone[s]
		}
		b, err := json.MarshalIndent(keep, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(aloneGolden, append(b, '\n'), 0o644))
	}
	return g.Alone
}

// runAlone runs the command once per text, two at a time (the machine's cores).
func runAlone(t *testing.T, texts []string) map[string]string {
	t.Helper()
	out := make([]string, len(texts))
	errs := make([]error, len(texts))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, s := range texts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = commandAlone(context.Background(), s)
		}()
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	m := make(map[string]string, len(texts))
	for i, s := range texts {
		m[s] = out[i]
	}
	return m
}

// agreement compares got with want text by text and returns the share equal, reporting
// the first few that differ.
func agreement(t *testing.T, got, want map[string]string) float64 {
	t.Helper()
	texts := make([]string, 0, len(got))
	for s := range got {
		texts = append(texts, s)
	}
	slices.Sort(texts)
	equal, shown := 0, 0
	for _, s := range texts {
		if got[s] == want[s] {
			equal++
		} else if shown < 5 {
			shown++
			t.Logf("differs from alone:\n  text  %q\n  batch %q\n  alone %q", s, got[s], want[s])
		}
	}
	return float64(equal) / float64(len(texts))
}

// TestCommandBatchEqualsAlone: Spanish captions in English articles, run through the
// pipeline with the local command, come back as `apertium -u spa-eng` gives each alone.
func TestCommandBatchEqualsAlone(t *testing.T) {
	skipShort(t)
	need(t, haveCommand)
	tr, err := New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	got := spanishSegments(t, tr)
	texts := make([]string, 0, len(got))
	for s := range got {
		texts = append(texts, s)
	}
	slices.Sort(texts)
	share := agreement(t, got, aloneReferences(t, texts))
	t.Logf("command: %d Spanish segments, %.1f%% equal to the text alone", len(got), 100*share)
	assert.GreaterOrEqual(t, share, minAlone)
}

// apyAlone is APY's answer to text sent alone, in a request of its own.
func apyAlone(ctx context.Context, client *http.Client, root, text string) (string, error) {
	form := url.Values{"langpair": {"spa|eng"}, "q": {text}, "markUnknown": {"no"}, "format": {"txt"}}
	resp, err := client.PostForm(root+"/translate", form)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body struct {
		ResponseData struct {
			TranslatedText string `json:"translatedText"`
		} `json:"responseData"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("APY alone %q: HTTP %d: %v", text, resp.StatusCode, err)
	}
	return strings.TrimSuffix(body.ResponseData.TranslatedText, "\n"), nil
}

// TestAPYBatchEqualsAlone: the same captions through APY come back as APY gives each
// alone.
func TestAPYBatchEqualsAlone(t *testing.T) {
	skipShort(t)
	s := startAPY(t)
	tr, err := New(context.Background(), translate.Config{Endpoint: s.URL})
	require.NoError(t, err)
	got := spanishSegments(t, tr)
	want := map[string]string{}
	for text := range got {
		a, err := apyAlone(context.Background(), http.DefaultClient, s.URL, text)
		require.NoError(t, err)
		want[text] = a
	}
	share := agreement(t, got, want)
	t.Logf("APY: %d Spanish segments, %.1f%% equal to the text alone", len(got), 100*share)
	assert.GreaterOrEqual(t, share, minAlone)
}

package review_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/websocket"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/review"
)

// chromiumPath finds Debian's chromium. In CI (CI=true) a missing browser fails the test;
// elsewhere the test is skipped with a message saying how to run it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := "chromium not found: the HTML review page's browser test needs Debian's chromium (apt-get install -y --no-install-recommends chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("SKIPPED (not passed): " + msg)
	return ""
}

// renderPage runs a document through the pipeline without a backend, as `bitext translate
// --backend none --format html` does, and writes its review page into dir.
func renderPage(t *testing.T, det *detect.Detector, name string, data []byte, dir string) (*doc.Document, string) {
	t.Helper()
	d, err := pipeline.Read(pipeline.DefaultFormats(), name, data, "")
	require.NoError(t, err)
	_, err = pipeline.Process(context.Background(), []*doc.Document{d}, pipeline.Options{Detector: det})
	require.NoError(t, err)
	path := filepath.Join(dir, filepath.Base(name)+".html")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, review.Write(f, d))
	require.NoError(t, f.Close())
	return d, path
}

// An image and a script injected through captions, one Hebrew (so it is also a foreign
// segment with a counterpart) and one English (so it is also shown as that counterpart).
// Each would set the page title and mark the root element if it ran.
const payload = `<img src=x onerror="document.title='pwned';document.documentElement.setAttribute('data-pwned','img')"><script>document.title='pwned';document.documentElement.setAttribute('data-pwned','script')</script>`

var injected = "Captions that try to run code in the review page\n" +
	"2 View gallery\n" +
	"תמונה מהשטח " + payload + "\n" +
	"A photo from the field " + payload + "\n" +
	"An ordinary closing paragraph of the test article, long enough to be a paragraph.\n"

// TestChromiumReviewPage opens real review pages in headless Chromium and asks the browser,
// over the DevTools protocol, what it rendered: the computed direction and the on-screen
// alignment of the example article's Hebrew captions, and whether anything injected
// through a caption became an element or ran.
func TestChromiumReviewPage(t *testing.T) {
	chromium := chromiumPath(t)
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.English, language.Hebrew}})
	require.NoError(t, err)
	dir := t.TempDir()

	ynetData, err := os.ReadFile("../../../testdata/ynet/ynet-hostages.txt")
	require.NoError(t, err)
	ynet, ynetPage := renderPage(t, det, "ynet-hostages.txt", ynetData, dir)
	var hebrewCaptions []string
	for _, b := range ynet.Blocks {
		for _, s := range b.Segments {
			if s.Lang == language.Hebrew {
				require.Equal(t, doc.Caption, b.Kind, "every Hebrew segment of the example is a caption")
				hebrewCaptions = append(hebrewCaptions, "s-"+s.ID)
			}
		}
	}
	require.Len(t, hebrewCaptions, 4, "two Hebrew captions, each twice")

	inj, injPage := renderPage(t, det, "inject.txt", []byte(injected), dir)
	sawCaption := false
	for _, b := range inj.Blocks {
		sawCaption = sawCaption || (b.Kind == doc.Caption && strings.Contains(b.Text, "<script>"))
	}
	require.True(t, sawCaption, "the payload must arrive as a caption block")

	// A control page without escaping or CSP proves the harness sees a script that runs.
	control := filepath.Join(dir, "control.html")
	require.NoError(t, os.WriteFile(control, []byte("<!DOCTYPE html><title>control</title><p>x</p>"+payload), 0o644))

	b := startChromium(t, chromium)

	b.open(t, control)
	var ctl struct {
		Title  string `json:"title"`
		Pwned  string `json:"pwned"`
		Images int    `json:"images"`
	}
	b.eval(t, `({title: document.title, pwned: document.documentElement.getAttribute('data-pwned') || '', images: document.images.length})`, &ctl)
	require.Equal(t, "pwned", ctl.Title, "harness check: an unescaped script runs in this browser")
	require.Equal(t, 1, ctl.Images)

	b.open(t, ynetPage)
	ids, err := json.Marshal(hebrewCaptions)
	require.NoError(t, err)
	var seen []struct {
		ID        string  `json:"id"`
		Direction string  `json:"direction"`
		CellDir   string  `json:"cellDir"`
		LeftGap   float64 `json:"leftGap"`
		RightGap  float64 `json:"rightGap"`
		Row       string  `json:"row"`
	}
	b.eval(t, `(`+string(ids)+`).map(id => {
		const el = document.getElementById(id);
		if (!el) return {id: id, direction: 'missing'};
		const cell = el.closest('td'), r = el.getBoundingClientRect(), c = cell.getBoundingClientRect();
		return {id: id, direction: getComputedStyle(el).direction, cellDir: getComputedStyle(cell).direction,
			leftGap: r.left - c.left, rightGap: c.right - r.right, row: el.closest('tr').textContent};
	})`, &seen)
	require.Len(t, seen, 4)
	for _, s := range seen {
		assert.Equal(t, "rtl", s.Direction, "computed direction of Hebrew caption %s", s.ID)
		assert.Equal(t, "rtl", s.CellDir, "the caption's cell reads right to left too")
		assert.Less(t, s.RightGap, s.LeftGap, "Hebrew caption %s sits at the right edge of its cell", s.ID)
	}
	assert.Contains(t, seen[0].Row, "IDF strikes in Gaza City", "the first caption shows its counterpart")
	var english []string
	b.eval(t, `Array.from(document.querySelectorAll('tr.paragraph bdi.seg[lang="en"]')).slice(0, 5).map(e => getComputedStyle(e).direction)`, &english)
	require.NotEmpty(t, english)
	for _, dir := range english {
		assert.Equal(t, "ltr", dir, "English paragraphs stay left to right")
	}

	b.open(t, injPage)
	var got struct {
		Title   string `json:"title"`
		Pwned   string `json:"pwned"`
		Images  int    `json:"images"`
		Scripts int    `json:"scripts"`
		Body    string `json:"body"`
	}
	b.eval(t, `({title: document.title, pwned: document.documentElement.getAttribute('data-pwned') || '',
		images: document.images.length, scripts: document.scripts.length, body: document.body.textContent})`, &got)
	assert.Equal(t, "Review: inject.txt", got.Title, "no injected script changed the title")
	assert.Empty(t, got.Pwned, "no injected handler ran")
	assert.Zero(t, got.Images, "no <img> element came from a caption")
	assert.Equal(t, 1, got.Scripts, "no <script> element came from a caption: the page's own is the only one")
	assert.Contains(t, got.Body, payload, "the payload is shown as text")
}

type browser struct {
	ws   *websocket.Conn
	next int
}

func startChromium(t *testing.T, path string) *browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=http://127.0.0.1", "about:blank")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})

	// Chromium writes the port it chose into DevToolsActivePort in the profile.
	var port string
	for deadline := time.Now().Add(30 * time.Second); port == ""; {
		if data, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort")); err == nil {
			if sc := bufio.NewScanner(strings.NewReader(string(data))); sc.Scan() && sc.Text() != "" {
				port = sc.Text()
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromium did not open its DevTools port; stderr:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
		}
		if err == nil && len(targets) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no DevTools target: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, tg := range targets {
		if tg.Type == "page" {
			ws, err := websocket.Dial(tg.WebSocketDebuggerURL, "", "http://127.0.0.1")
			require.NoError(t, err)
			t.Cleanup(func() { ws.Close() })
			require.NoError(t, ws.SetDeadline(time.Now().Add(60*time.Second)))
			return &browser{ws: ws}
		}
	}
	t.Fatalf("no page target among %+v", targets)
	return nil
}

// call sends one DevTools command and waits for its answer, skipping events.
func (b *browser) call(t *testing.T, method string, params any, result any) {
	t.Helper()
	b.next++
	id := b.next
	require.NoError(t, websocket.JSON.Send(b.ws, map[string]any{"id": id, "method": method, "params": params}))
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		require.NoError(t, websocket.JSON.Receive(b.ws, &msg))
		if msg.ID != id {
			continue
		}
		if msg.Error != nil {
			t.Fatalf("%s: %s", method, msg.Error.Message)
		}
		if result != nil {
			require.NoError(t, json.Unmarshal(msg.Result, result))
		}
		return
	}
}

// eval evaluates a JavaScript expression in the page — the test harness's question, not
// page content — and decodes its JSON value into out.
func (b *browser) eval(t *testing.T, expr string, out any) {
	t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	b.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	if res.ExceptionDetails != nil {
		t.Fatalf("evaluate %q: %s", expr, res.ExceptionDetails.Text)
	}
	require.NoError(t, json.Unmarshal(res.Result.Value, out), "value %s", res.Result.Value)
}

// open navigates to a local file and waits until it has loaded.
func (b *browser) open(t *testing.T, path string) {
	t.Helper()
	u := url.URL{Scheme: "file", Path: path}
	b.call(t, "Page.navigate", map[string]any{"url": u.String()}, nil)
	for deadline := time.Now().Add(20 * time.Second); ; {
		var state struct {
			State string `json:"state"`
			URL   string `json:"url"`
		}
		b.eval(t, `({state: document.readyState, url: location.href})`, &state)
		if state.State == "complete" && state.URL == u.String() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("page %s did not load: %+v", path, state)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

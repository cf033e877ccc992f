package review_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/apply"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate/tm"
)

// TestChromiumEditExportApply is the review loop in a real browser: focusing or hovering a
// Hebrew caption lights up its translation; a reviewer edits that translation, names
// herself and exports; the downloaded JSON Lines (the same as the page shows) is what
// bitext apply reads, and applied it answers the caption as an approved translation. And
// the page's Content-Security-Policy lets no other script run: neither an inline handler nor
// an inline script added to the page at run time.
func TestChromiumEditExportApply(t *testing.T) {
	chromium := chromiumPath(t)
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.English, language.Hebrew}})
	require.NoError(t, err)
	dir := t.TempDir()
	source := "../../../testdata/ynet/ynet-hostages.txt"
	data, err := os.ReadFile(source)
	require.NoError(t, err)
	d, page := renderPage(t, det, source, data, dir)
	var caption *doc.Segment
	for _, s := range d.Segments() {
		if s.Lang == language.Hebrew {
			caption = s
			break
		}
	}
	require.NotNil(t, caption)
	id := caption.ID

	b := startChromium(t, chromium)
	downloads := t.TempDir()
	b.call(t, "Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads}, nil)
	// A headless page has no window focus of its own: without it, focus events do not fire.
	b.call(t, "Emulation.setFocusEmulationEnabled", map[string]any{"enabled": true}, nil)
	b.open(t, page)

	// Keyboard focus, then the pointer, on the source sentence.
	var lit struct {
		Source, Entry bool
	}
	b.eval(t, `(() => { const s = document.getElementById("s-`+id+`"); s.focus();
		return {source: s.classList.contains("hl"), entry: document.querySelector('.entry[data-seg="`+id+`"]').classList.contains("hl")}; })()`, &lit)
	assert.True(t, lit.Source && lit.Entry, "focus lights the sentence and its translation: %+v", lit)
	b.eval(t, `(() => { document.activeElement.blur(); return {source: document.getElementById("s-`+id+`").classList.contains("hl")}; })()`, &lit)
	assert.False(t, lit.Source, "blur turns it off")
	var box struct{ X, Y float64 }
	b.eval(t, `(() => { const s = document.getElementById("s-`+id+`"); s.scrollIntoView({block: "center"});
		const r = s.getClientRects()[0]; return {x: r.left + r.width/2, y: r.top + r.height/2}; })()`, &box) // its first line box
	b.call(t, "Input.dispatchMouseEvent", map[string]any{"type": "mouseMoved", "x": box.X, "y": box.Y}, nil)
	b.eval(t, `({source: document.getElementById("s-`+id+`").classList.contains("hl"), entry: document.querySelector('.entry[data-seg="`+id+`"]').classList.contains("hl")})`, &lit)
	assert.True(t, lit.Source && lit.Entry, "hover lights them too: %+v", lit)

	// The edit, as a reviewer types it, and the export.
	const edited = "Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City (reviewed)"
	var exported string
	b.eval(t, `(() => {
		document.querySelector('details.edit textarea[data-id="`+id+`"]').closest("details").open = true;
		const ta = document.querySelector('textarea[data-id="`+id+`"]');
		ta.focus(); ta.value = `+jsString(edited)+`; ta.dispatchEvent(new Event("input", {bubbles: true}));
		document.getElementById("reviewer").value = "dana";
		document.getElementById("export").click();
		return document.getElementById("export-jsonl").value; })()`, &exported)
	require.Equal(t, 1, strings.Count(exported, "\n"), "one edited translation: %s", exported)
	var downloaded []byte
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if downloaded, err = os.ReadFile(filepath.Join(downloads, "ynet-hostages.txt.reviewed.jsonl")); err == nil && len(downloaded) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no download in %s", downloads)
		}
	}
	assert.Equal(t, exported, string(downloaded), "the download is what the page shows")

	// bitext apply reads it: the source still has the caption, the edit applies.
	entries, err := apply.Read("ynet-hostages.txt.reviewed.jsonl", downloaded)
	require.NoError(t, err)
	apply.Check(entries, apply.Options{Source: apply.SourceText(nil, 0)})
	require.Len(t, entries, 1)
	e := entries[0]
	require.Equal(t, apply.Applied, e.Status, e.Reason)
	assert.Equal(t, "dana", e.By)
	assert.Equal(t, edited, e.Translation)
	assert.Equal(t, caption.Text, e.Text)
	store, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	defer store.Close()
	require.NoError(t, tm.Approve(context.Background(), store, apply.Approvals(entries, time.Now()), time.Time{}))
	m, err := tm.New(tm.Options{Store: store})
	require.NoError(t, err)
	got, err := m.Lookup(context.Background(), language.Hebrew, language.English, []string{doc.NormalizeText(caption.Text)})
	require.NoError(t, err)
	assert.True(t, got[0].Approved)
	assert.Equal(t, edited, got[0].Text)

	// No other script runs: an inline handler and an inline script added at run time.
	var pwned struct {
		Handler, Script string
	}
	b.eval(t, `(() => {
		document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="document.documentElement.dataset.handler=1">');
		const s = document.createElement("script"); s.textContent = "document.documentElement.dataset.script = 1"; document.body.appendChild(s);
		return new Promise(r => setTimeout(() => r({handler: document.documentElement.dataset.handler || "", script: document.documentElement.dataset.script || ""}), 300)); })()`, &pwned)
	assert.Empty(t, pwned.Handler, "no inline handler runs")
	assert.Empty(t, pwned.Script, "no inline script but the page's own runs")
}

// jsString quotes s as a JavaScript string literal (JSON's quoting is JavaScript's).
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

package pipeline

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

const ynetHTML = "../testdata/ynet/ynet-hostages.html"

// langSummary is what must agree between two renderings of one article: per segment
// language, the foreign texts, and each foreign text's counterpart.
type langSummary struct {
	foreign     []string // sorted, with repetitions
	counterpart map[string]string
	langs       map[string]string // segment text → language, for every segment with words
}

func summarize(d *doc.Document) langSummary {
	s := langSummary{counterpart: map[string]string{}, langs: map[string]string{}}
	for _, seg := range d.Segments() {
		s.langs[seg.Text] = seg.Lang.String()
		if seg.Foreign(d.Target) {
			s.foreign = append(s.foreign, seg.Text)
			if seg.Counterpart != nil {
				s.counterpart[seg.Text] = seg.Counterpart.Text
			}
		}
	}
	sort.Strings(s.foreign)
	return s
}

// TestYnetHTMLMatchesText: the HTML rendering of the example gives the same languages,
// foreign texts and counterparts as the pasted text, keeps every body paragraph, and makes
// no segment of script, style or JSON-LD text.
func TestYnetHTMLMatchesText(t *testing.T) {
	g := DefaultFormats()
	txt, err := ReadFile(g, ynet, "", nil)
	require.NoError(t, err)
	htm, err := ReadFile(g, ynetHTML, "", nil)
	require.NoError(t, err)
	assert.Equal(t, "html", htm.Format)
	_, err = Process(context.Background(), []*doc.Document{txt, htm}, Options{Detector: detector(t)})
	require.NoError(t, err)

	st, sh := summarize(txt), summarize(htm)
	assert.Equal(t, st.foreign, sh.foreign)
	assert.Len(t, sh.foreign, 4, "each Hebrew caption twice")
	assert.Equal(t, st.counterpart, sh.counterpart)
	assert.Len(t, sh.counterpart, 2)
	assert.Equal(t, language.English, htm.Lang)
	for text, lang := range sh.langs {
		if l, ok := st.langs[text]; ok {
			assert.Equal(t, l, lang, "%q", text)
		}
		assert.Contains(t, []string{"en", "und", "he"}, lang, "%q", text)
	}
	for _, s := range htm.Segments() {
		if s.Foreign(htm.Target) {
			require.NotNil(t, s.Translation)
			assert.Equal(t, doc.FromDocument, s.Translation.Origin)
		}
	}

	// Every body paragraph of the text is a block of the page, with the same text.
	blocks := map[string]bool{}
	for _, b := range htm.Blocks {
		blocks[b.Text] = true
	}
	for _, b := range txt.Blocks {
		if b.Kind == doc.Paragraph && len(b.Text) > 80 {
			assert.True(t, blocks[b.Text], "body paragraph missing: %q", b.Text)
		}
	}

	// Nothing from <script>, <style>, JSON-LD, navigation, the footer or the comment form.
	chrome := regexp.MustCompile(`dataLayer|gtag|font-family|@context|NewsArticle|schema\.org|Health & Science|Contact Us|All rights reserved|privacy policy|Send`)
	for _, s := range htm.Segments() {
		assert.False(t, chrome.MatchString(s.Text), "chrome became a segment: %q", s.Text)
	}
}

// TestHTMLInlineMarkupTranslation: a sentence with inline tags is sent as HTML with
// placeholders; the answer's placeholders are checked; merged output puts the tags back.
func TestHTMLInlineMarkupTranslation(t *testing.T) {
	page := `<!doctype html><html><body><article>
<p>The cabinet met on Sunday, and the ministers discussed the budget for next year at length.</p>
<p>הממשלה <b>אישרה</b> את התקציב <a href="/x?a=1&amp;b=2">בקריאה ראשונה</a>.</p>
<p>שר האוצר הציג את התוכנית לשנה הבאה.</p>
</article></body></html>`
	tests := []struct {
		name   string
		answer func(string) string
		want   string
		origin doc.Origin
	}{
		{"kept", func(s string) string {
			return strings.NewReplacer("הממשלה", "The government", "אישרה", "approved", "את התקציב", "the budget",
				"בקריאה ראשונה", "in first reading").Replace(s)
		}, `<p>The government <b>approved</b> the budget <a href="/x?a=1&amp;b=2">in first reading</a>.</p>`, doc.MT},
		{"dropped", func(string) string { return "The government approved the budget." }, "", doc.None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(DefaultFormats(), "page.html", []byte(page), "")
			require.NoError(t, err)
			var (
				mu   sync.Mutex
				reqs []*translate.Request
			)
			tr := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
				mu.Lock()
				defer mu.Unlock()
				reqs = append(reqs, req)
				out := make([]translate.Translation, len(req.Texts))
				for i, s := range req.Texts {
					out[i] = translate.Translation{Text: "EN " + s}
					if req.Format == translate.HTML {
						out[i].Text = tt.answer(s)
					}
				}
				return out, nil
			})
			_, err = Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t), Translator: tr, Exec: ExecOptions{Backend: "fake"}})
			require.NoError(t, err)
			require.Len(t, reqs, 2, "one request per format")
			var html *translate.Request
			for _, r := range reqs {
				if r.Format == translate.HTML {
					html = r
				}
			}
			require.NotNil(t, html)
			assert.Equal(t, []string{`הממשלה <g id="1">אישרה</g> את התקציב <g id="2">בקריאה ראשונה</g>.`}, html.Texts)
			seg := d.Blocks[1].Segments[0]
			require.NotNil(t, seg.Translation)
			assert.Equal(t, tt.origin, seg.Translation.Origin)
			var sb strings.Builder
			require.NoError(t, Render(&sb, DefaultFormats(), Merged, d, "replace"))
			if tt.want != "" {
				assert.Equal(t, "The government approved the budget in first reading.", seg.Translation.Text)
				assert.Contains(t, sb.String(), tt.want)
			} else {
				assert.Contains(t, seg.Translation.Reason, "placeholder")
				assert.Contains(t, sb.String(), `<p>הממשלה <b>אישרה</b>`, "a failed answer is not written")
			}
		})
	}
}

// TestHTMLBilingualCaption: a caption holding both languages pairs its foreign part with its
// own target-language part, without a backend.
func TestHTMLBilingualCaption(t *testing.T) {
	page := `<!doctype html><html><body><article>
<p>The foreign minister arrived in Washington on Monday for talks with his American counterpart.</p>
<figure><img src="a.jpg" alt=""><figcaption>שר החוץ נפגש עם עמיתו האמריקני בוושינגטון. The foreign minister meets his American counterpart in Washington.</figcaption></figure>
<p>The talks are expected to continue for several days, officials from both countries said.</p>
</article></body></html>`
	d, err := Read(DefaultFormats(), "page.html", []byte(page), "")
	require.NoError(t, err)
	_, err = Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t)})
	require.NoError(t, err)
	var found bool
	for _, s := range d.Segments() {
		if s.Foreign(d.Target) {
			found = true
			require.NotNil(t, s.Counterpart, "%q", s.Text)
			assert.Equal(t, "The foreign minister meets his American counterpart in Washington.", s.Counterpart.Text)
			assert.Equal(t, doc.FromDocument, s.Translation.Origin)
		}
	}
	assert.True(t, found)
}

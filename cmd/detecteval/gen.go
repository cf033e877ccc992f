package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Item is one labelled text of the evaluation set.
type Item struct {
	Lang   string `json:"lang"`
	Bucket string `json:"bucket"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// GoldSpan is a run of one language in a generated document, byte offsets into Text.
type GoldSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Lang  string `json:"lang"`
}

// Doc is a generated mixed-language document: an English article with foreign captions
// on their own lines and foreign phrases inside English sentences.
type Doc struct {
	ID    int        `json:"id"`
	Text  string     `json:"text"`
	Spans []GoldSpan `json:"spans"`
}

const perBucket = 25 // items per language and bucket: modest, so a full run takes seconds

// bucketOf classes a text by length: short is one to three words, long 100 characters or
// more. Chinese and Japanese write no spaces and pack more into a character: there every
// two Han or Kana characters count as a word and each counts as three characters.
func bucketOf(text string) string {
	words, size, cjk := len(strings.Fields(text)), 0, 0
	for _, r := range text {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			cjk++
			size += 3
		} else {
			size++
		}
	}
	if cjk > 0 {
		words += (cjk+1)/2 - 1
	}
	switch {
	case words <= 3:
		return "short"
	case size >= 100:
		return "long"
	}
	return "medium"
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// generate samples the evaluation set from the peers' data with a fixed seed and writes
// items.jsonl and docs.jsonl into out.
func generate(peers, out string, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	lingua := filepath.Join(peers, "langid-lingua")
	ents, err := os.ReadDir(filepath.Join(lingua, "sentences"))
	if err != nil {
		return fmt.Errorf("list %s: %w", lingua, err)
	}
	var items []Item
	sentences := map[string][]string{}
	for _, e := range ents {
		lang := strings.TrimSuffix(e.Name(), ".txt")
		pools := map[string][]Item{}
		for _, kind := range []string{"single-words", "word-pairs", "sentences"} {
			lines, err := readLines(filepath.Join(lingua, kind, e.Name()))
			if err != nil {
				return err
			}
			if kind == "sentences" {
				sentences[lang] = lines
			}
			for _, l := range lines {
				b := bucketOf(l)
				pools[b] = append(pools[b], Item{lang, b, l, "lingua/" + kind})
			}
		}
		for _, b := range []string{"short", "medium", "long"} {
			items = append(items, sample(rng, pools[b], perBucket)...)
		}
	}
	// Real news in English, Hebrew and Arabic (NTREX-128), as extra medium and long items.
	news := map[string][]string{}
	for lang, file := range map[string]string{"en": "newstest2019-src.eng.head.txt", "he": "newstest2019-ref.heb.head.txt", "ar": "newstest2019-ref.arb.head.txt"} {
		lines, err := readLines(filepath.Join(peers, "parallel-he-ar-en", "ntrex128", file))
		if err != nil {
			return err
		}
		news[lang] = lines
		pools := map[string][]Item{}
		for _, l := range lines {
			b := bucketOf(l)
			pools[b] = append(pools[b], Item{lang, b, l, "ntrex128"})
		}
		for _, b := range []string{"short", "medium", "long"} {
			items = append(items, sample(rng, pools[b], perBucket/2)...)
		}
	}
	if err := writeJSONL(filepath.Join(out, "items.jsonl"), items); err != nil {
		return err
	}
	docs := makeDocs(rng, news["en"], sentences)
	return writeJSONL(filepath.Join(out, "docs.jsonl"), docs)
}

func sample[T any](rng *rand.Rand, pool []T, n int) []T {
	idx := rng.Perm(len(pool))
	var out []T
	for _, i := range idx {
		if len(out) == n {
			break
		}
		out = append(out, pool[i])
	}
	return out
}

// captionLangs are the languages of caption lines; phraseLangs those of inline phrases
// (other scripts and Latin script).
var (
	captionLangs = []string{"he", "ar", "ru", "el", "zh", "ja", "es", "fr", "de", "uk", "ko", "hi"}
	phraseLangs  = []string{"he", "ar", "ru", "el", "zh", "ja", "es", "fr", "de", "it", "pt", "nl"}
)

// makeDocs builds 30 English documents from consecutive NTREX sentences, with foreign caption
// lines and foreign phrases of 2 to 8 words spliced into English sentences.
func makeDocs(rng *rand.Rand, english []string, foreign map[string][]string) []Doc {
	var docs []Doc
	for id := 0; id < 30; id++ {
		var b strings.Builder
		var spans []GoldSpan
		start := rng.IntN(len(english) - 10)
		for k, line := range english[start : start+8] {
			if k == 3 || k == 6 && rng.IntN(2) == 0 {
				lang := captionLangs[rng.IntN(len(captionLangs))]
				c := pick(rng, foreign[lang])
				spans = append(spans, GoldSpan{b.Len(), b.Len() + len(c), lang})
				b.WriteString(c + "\n")
			}
			if rng.IntN(3) == 0 {
				lang := phraseLangs[rng.IntN(len(phraseLangs))]
				phrase := phraseOf(rng, pick(rng, foreign[lang]), lang)
				ws := strings.Fields(line)
				at := 1 + rng.IntN(max(1, len(ws)-1))
				if at > len(ws) {
					at = len(ws)
				}
				head := strings.Join(ws[:at], " ") + " \""
				spans = append(spans, GoldSpan{b.Len(), b.Len() + len(head), "en"})
				b.WriteString(head)
				spans = append(spans, GoldSpan{b.Len(), b.Len() + len(phrase), lang})
				b.WriteString(phrase)
				tail := "\" " + strings.Join(ws[at:], " ")
				tail = strings.TrimRight(tail, " ")
				spans = append(spans, GoldSpan{b.Len(), b.Len() + len(tail), "en"})
				b.WriteString(tail + "\n")
				continue
			}
			spans = append(spans, GoldSpan{b.Len(), b.Len() + len(line), "en"})
			b.WriteString(line + "\n")
		}
		docs = append(docs, Doc{ID: id, Text: b.String(), Spans: spans})
	}
	return docs
}

func pick(rng *rand.Rand, s []string) string { return s[rng.IntN(len(s))] }

// phraseOf cuts 2 to 8 consecutive words (for Chinese and Japanese, 4 to 12 characters) out
// of a sentence, without its punctuation at either end.
func phraseOf(rng *rand.Rand, sentence, lang string) string {
	trim := func(s string) string {
		return strings.Trim(s, " .,;:!?\"'«»„“”()[]-–—。、，！？「」")
	}
	if lang == "zh" || lang == "ja" {
		rs := []rune(trim(sentence))
		n := min(len(rs), 4+rng.IntN(9))
		at := rng.IntN(len(rs) - n + 1)
		return trim(string(rs[at : at+n]))
	}
	ws := strings.Fields(sentence)
	n := min(len(ws), 2+rng.IntN(7))
	at := rng.IntN(len(ws) - n + 1)
	p := trim(strings.Join(ws[at:at+n], " "))
	if p == "" {
		return trim(sentence)
	}
	return p
}

func writeJSONL[T any](path string, vs []T) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func readJSONL[T any](path string) ([]T, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(lines))
	for i, l := range lines {
		var v T
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, v)
	}
	return out, nil
}

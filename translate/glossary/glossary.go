package glossary

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/translate"
)

// MaxTermBytes is the longest term accepted: "each source/target text, as well as the name
// of the glossary, is limited to 1024 UTF-8 bytes" (DeepL, Manage glossaries,
// https://developers.deepl.com/docs/api-reference/glossaries). Other backends are looser;
// one limit for all keeps a glossary usable with every backend.
const MaxTermBytes = 1024

// MaxFileBytes is the largest glossary file read: DeepL's "maximum size limit for a
// glossary is 10 MiB".
const MaxFileBytes = 10 << 20

// Glossary is a parsed glossary file.
type Glossary struct {
	// Name is the file it was read from, for messages.
	Name string
	// Source and Target are the language pair of the header; language.Und when the file
	// names none (the glossary then applies to every pair).
	Source, Target language.Tag
	// Terms are the entries in file order.
	Terms []translate.Term
	// Lines[i] is the line number of Terms[i], counted from 1.
	Lines []int
}

// Error is a problem in a glossary file, at a line (0 when it concerns the whole file).
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("glossary %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("glossary %s: %s", e.File, e.Msg)
}

// ReadFile reads and parses the glossary at path.
func ReadFile(path string) (*Glossary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read glossary %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read glossary %s: %w", path, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d bytes", MaxFileBytes)}
	}
	return Parse(path, data)
}

// separator returns the field separator of a file named name whose first entry line is
// first.
func separator(name, first string) rune {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tsv", ".tab":
		return '\t'
	case ".csv":
		return ','
	}
	if strings.ContainsRune(first, '\t') {
		return '\t'
	}
	return ','
}

// Parse parses a glossary; name is the file name, used to choose the separator and in
// errors.
func Parse(name string, data []byte) (*Glossary, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	g := &Glossary{Name: name}
	var (
		sep    rune
		seen   = map[string]int{}
		header = true // the next entry line may still be a header
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), MaxFileBytes+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(line) {
			return nil, &Error{File: name, Line: n, Msg: "invalid UTF-8"}
		}
		trim := strings.TrimSpace(line)
		if trim == "" || strings.HasPrefix(trim, "#") {
			continue
		}
		if sep == 0 {
			sep = separator(name, line)
		}
		fields, err := split(line, sep)
		if err != nil {
			return nil, &Error{File: name, Line: n, Msg: err.Error()}
		}
		if len(fields) != 2 {
			return nil, &Error{File: name, Line: n, Msg: fmt.Sprintf("want 2 fields (source%starget), got %d", sepName(sep), len(fields))}
		}
		if header {
			header = false
			if src, tgt, ok := headerLangs(fields); ok {
				g.Source, g.Target = src, tgt
				continue
			}
		}
		var terms [2]string
		for i, f := range fields {
			t, err := clean(f)
			if err != nil {
				return nil, &Error{File: name, Line: n, Msg: fmt.Sprintf("%s term: %v", [2]string{"source", "target"}[i], err)}
			}
			terms[i] = t
		}
		if prev, dup := seen[terms[0]]; dup {
			return nil, &Error{File: name, Line: n, Msg: fmt.Sprintf("source term %q is already defined on line %d", terms[0], prev)}
		}
		seen[terms[0]] = n
		g.Terms = append(g.Terms, translate.Term{Source: terms[0], Target: terms[1]})
		g.Lines = append(g.Lines, n)
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	if len(g.Terms) == 0 {
		return nil, &Error{File: name, Msg: "no entries (want source<TAB>target lines)"}
	}
	return g, nil
}

func sepName(sep rune) string {
	if sep == '\t' {
		return "<TAB>"
	}
	return ","
}

// split cuts one line into fields: TSV at every tab, CSV with RFC 4180 quoting (a quoted
// field may not continue on the next line).
func split(line string, sep rune) ([]string, error) {
	if sep == '\t' {
		return strings.Split(line, "\t"), nil
	}
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	rec, err := r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("CSV: %v", pe.Err)
		}
		return nil, fmt.Errorf("CSV: %v", err)
	}
	if _, err := r.Read(); err != io.EOF {
		return nil, errors.New("CSV: a quoted field may not span lines")
	}
	return rec, nil
}

// headerLangs reports whether fields are a header line: two language tags, or the words
// source and target.
func headerLangs(fields []string) (src, tgt language.Tag, ok bool) {
	a, b := strings.TrimSpace(fields[0]), strings.TrimSpace(fields[1])
	if strings.EqualFold(a, "source") && strings.EqualFold(b, "target") {
		return language.Und, language.Und, true
	}
	ta, okA := langTag(a)
	tb, okB := langTag(b)
	if okA && okB {
		return ta, tb, true
	}
	return language.Und, language.Und, false
}

// langTag parses s as a language code of the shape a header uses: two or three letters,
// optionally with subtags (he, en-US, zh-Hant), whose language is known.
func langTag(s string) (language.Tag, bool) {
	base, _, _ := strings.Cut(s, "-")
	if len(base) < 2 || len(base) > 3 {
		return language.Und, false
	}
	for _, r := range base {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return language.Und, false
		}
	}
	t, err := language.Parse(s)
	if err != nil || t == language.Und {
		return language.Und, false
	}
	if _, conf := t.Base(); conf != language.Exact {
		return language.Und, false
	}
	return t, true
}

// clean normalizes a term and checks it.
func clean(s string) (string, error) {
	s = Normalize(s)
	switch {
	case s == "":
		return "", errors.New("empty")
	case len(s) > MaxTermBytes:
		return "", fmt.Errorf("%d bytes, at most %d", len(s), MaxTermBytes)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("control character %U", r)
		}
	}
	return s, nil
}

// Normalize returns s NFC-normalized, trimmed, with runs of white space collapsed to one
// space: the form terms are stored and compared in.
func Normalize(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// For returns the terms that apply to a request from source to target: all of them when
// the glossary names no languages, none when it names another pair. Languages compare by
// their base language (en-US is en).
func (g *Glossary) For(source, target language.Tag) []translate.Term {
	if g == nil {
		return nil
	}
	if g.Source != language.Und && !sameBase(g.Source, source) {
		return nil
	}
	if g.Target != language.Und && !sameBase(g.Target, target) {
		return nil
	}
	return g.Terms
}

func sameBase(a, b language.Tag) bool {
	ba, _ := a.Base()
	bb, _ := b.Base()
	return ba == bb
}

// Digest returns the glossary's identity: the first 16 hex digits of a SHA-256 over its
// languages and its terms sorted by source term. Comments, blank lines, the order of lines,
// spacing and the separator do not change it; a changed, added or removed term does.
func (g *Glossary) Digest() string {
	return Digest(g.Source, g.Target, g.Terms)
}

// Digest returns the digest of terms for the pair source→target (language.Und for any);
// see Glossary.Digest.
func Digest(source, target language.Tag, terms []translate.Term) string {
	ts := append([]translate.Term(nil), terms...)
	sort.Slice(ts, func(i, j int) bool {
		return ts[i].Source < ts[j].Source || ts[i].Source == ts[j].Source && ts[i].Target < ts[j].Target
	})
	h := sha256.New()
	fmt.Fprintf(h, "bitext-glossary-v1\x00%s\x00%s\x00", source, target)
	for _, t := range ts {
		// Terms hold no control characters, so NUL and LF separate them unambiguously.
		fmt.Fprintf(h, "%s\x00%s\n", t.Source, t.Target)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// TSV returns terms as tab-separated lines, source first, each ending in \n: DeepL's
// entries_format=tsv and a file Parse reads back to the same terms.
func TSV(terms []translate.Term) string {
	var b strings.Builder
	for _, t := range terms {
		b.WriteString(t.Source)
		b.WriteByte('\t')
		b.WriteString(t.Target)
		b.WriteByte('\n')
	}
	return b.String()
}

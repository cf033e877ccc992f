// Command genmodels writes bitext's detection models from lingua-go's: for every language
// lingua-go knows, models/<iso>.lm (the n-gram counts behind its unigram to five-gram
// models, in the format of detect/internal/ngram), models/LICENSE (lingua-go's, which
// covers them) and languages_gen.go (the languages, their embedded models, and lingua-go's
// table of letters that only a few languages use). It runs from the detect package:
//
//	go generate ./detect        # //go:generate go run ./internal/genmodels
//
// lingua-go is found in the module cache with `go list -m`, at the version go.mod names.
// Its models hold relative frequencies, count(n-gram)/count(prefix); genmodels recovers
// the integer counts (exactly: every probability is checked to be the float64 division of
// the counts it stores) so that bitext computes the very same probabilities.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	lingua "github.com/pemistahl/lingua-go"
	"github.com/pemistahl/lingua-go/serialization"
	"google.golang.org/protobuf/proto"

	"github.com/seed77ff/bitext/detect/internal/ngram"
)

const linguaModule = "github.com/pemistahl/lingua-go"

// orderFiles are lingua-go's file names per n-gram length.
var orderFiles = []string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

func main() {
	out := flag.String("out", ".", "the detect package directory to write into")
	dir := flag.String("lingua", "", "lingua-go's module directory (default: from go list -m)")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genmodels:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	version := ""
	if dir == "" {
		var err error
		if dir, version, err = locate(); err != nil {
			return err
		}
	}
	return generate(dir, version, out)
}

// locate asks the go command where the module graph's lingua-go is.
func locate() (dir, version string, err error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", linguaModule)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w", linguaModule, err)
	}
	dir, version, ok := strings.Cut(strings.TrimSpace(string(b)), "\t")
	if !ok || dir == "" {
		return "", "", fmt.Errorf("go list -m %s: no module directory in %q (run go mod download)", linguaModule, b)
	}
	return dir, version, nil
}

// language is one of lingua-go's languages as the generated source lists it.
type language struct {
	iso, name string
	orders    int
	size      int
}

func generate(dir, version, out string) error {
	if err := os.MkdirAll(filepath.Join(out, "models"), 0o755); err != nil {
		return err
	}
	langs := languages()
	errs := make([]error, len(langs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range langs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			langs[i].orders, langs[i].size, errs[i] = writeModel(dir, out, langs[i].iso)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	license, err := os.ReadFile(filepath.Join(dir, "LICENSE"))
	if err != nil {
		return fmt.Errorf("read lingua-go's license: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "models", "LICENSE"), license, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "models", "README.md"), readme(version, langs), 0o644); err != nil {
		return err
	}
	letters, err := charsToLanguages(filepath.Join(dir, "constant.go"), langs)
	if err != nil {
		return err
	}
	src, err := source(version, langs, letters)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "languages_gen.go"), src, 0o644)
}

// languages are lingua-go's, in its order.
func languages() []language {
	var out []language
	for _, l := range lingua.AllLanguages() {
		out = append(out, language{iso: strings.ToLower(l.IsoCode639_1().String()), name: l.String()})
	}
	return out
}

// writeModel converts one language's models and returns how many orders it has and the
// size of its file.
func writeModel(dir, out, iso string) (int, int, error) {
	var probs []map[string]float64
	for _, name := range orderFiles {
		path := filepath.Join(dir, "language-models", iso, name+".pb.bin.zip")
		p, err := readModel(path)
		if os.IsNotExist(err) {
			break // lingua-go has only unigrams for languages a script decides
		}
		if err != nil {
			return 0, 0, err
		}
		probs = append(probs, p)
	}
	if len(probs) == 0 {
		return 0, 0, fmt.Errorf("%s: lingua-go has no model", iso)
	}
	counts, err := recoverCounts(probs)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", iso, err)
	}
	data, err := ngram.Build(iso, counts)
	if err != nil {
		return 0, 0, err
	}
	if err := os.WriteFile(filepath.Join(out, "models", iso+".lm"), data, 0o644); err != nil {
		return 0, 0, err
	}
	return len(probs), len(data), nil
}

// readModel reads one of lingua-go's zipped protobuf models into n-gram → probability.
func readModel(path string) (map[string]float64, error) {
	zipped, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if len(zr.File) != 1 {
		return nil, fmt.Errorf("open %s: %d files in the archive, want 1", path, len(zr.File))
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	raw, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var m serialization.SerializableLanguageModel
	if err := proto.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	out := make(map[string]float64, m.TotalNgrams)
	for _, set := range m.NgramSets {
		for _, g := range set.Ngrams {
			if _, dup := out[g]; dup {
				return nil, fmt.Errorf("%s: %q appears twice", path, g)
			}
			out[g] = set.Probability
		}
	}
	if len(out) != int(m.TotalNgrams) {
		return nil, fmt.Errorf("%s: %d n-grams, the file says %d", path, len(out), m.TotalNgrams)
	}
	return out, nil
}

// recoverCounts finds the integer counts behind lingua-go's relative frequencies:
// probs[0][letter] = count/total and probs[k][g] = count(g)/count(prefix of g). The total
// is the one that makes every unigram probability an exact ratio; each count below
// follows from its parent's. Any probability the counts do not give back exactly, in
// float64 as lingua-go divides, is an error: the models must stay lingua-go's.
func recoverCounts(probs []map[string]float64) ([]map[string]uint64, error) {
	uni := probs[0]
	pmin := math.Inf(1)
	for _, p := range uni {
		pmin = min(pmin, p)
	}
	exact := func(total uint64) bool {
		for _, p := range uni {
			c := math.Round(p * float64(total))
			if c < 1 || c/float64(total) != p {
				return false
			}
		}
		return true
	}
	var total uint64
	// The rarest letter occurred c times; c is small in every lingua-go model.
	for c := 1; c <= 1<<16 && total == 0; c++ {
		if t := uint64(math.Round(float64(c) / pmin)); exact(t) {
			total = t
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("no total makes the unigram probabilities exact ratios")
	}
	counts := make([]map[string]uint64, len(probs))
	counts[0] = make(map[string]uint64, len(uni))
	sum := uint64(0)
	for g, p := range uni {
		counts[0][g] = uint64(math.Round(p * float64(total)))
		sum += counts[0][g]
	}
	if sum != total {
		return nil, fmt.Errorf("unigram counts sum to %d, not their total %d", sum, total)
	}
	for k := 1; k < len(probs); k++ {
		counts[k] = make(map[string]uint64, len(probs[k]))
		for g, p := range probs[k] {
			rs := []rune(g)
			if len(rs) != k+1 {
				return nil, fmt.Errorf("%q among the %d-grams", g, k+1)
			}
			parent, ok := counts[k-1][string(rs[:k])]
			if !ok {
				return nil, fmt.Errorf("the prefix of %q has no count", g)
			}
			c := math.Round(p * float64(parent))
			if c < 1 || c/float64(parent) != p {
				return nil, fmt.Errorf("%q: probability %v is no ratio of counts to %d", g, p, parent)
			}
			counts[k][g] = uint64(c)
		}
	}
	return counts, nil
}

// letterRule is one entry of lingua-go's charsToLanguagesMapping.
type letterRule struct {
	letters string
	isos    []string
}

// charsToLanguages reads lingua-go's table of letters that only a few languages use from
// its source (the table is unexported): a map literal of string keys to lists of
// Language constants, named as Language.String names them.
func charsToLanguages(path string, langs []language) ([]letterRule, error) {
	byName := map[string]string{}
	for _, l := range langs {
		byName[l.name] = l.iso
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "charsToLanguagesMapping" && len(vs.Values) == 1 {
			lit, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return lit == nil
	})
	if lit == nil {
		return nil, fmt.Errorf("%s: no charsToLanguagesMapping literal", path)
	}
	var rules []letterRule
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected entry %T", path, e)
		}
		key, ok := kv.Key.(*ast.BasicLit)
		if !ok || key.Kind != token.STRING {
			return nil, fmt.Errorf("%s: unexpected key %T", path, kv.Key)
		}
		letters, err := strconv.Unquote(key.Value)
		if err != nil {
			return nil, err
		}
		vals, ok := kv.Value.(*ast.CompositeLit)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected value for %q", path, letters)
		}
		r := letterRule{letters: letters}
		for _, v := range vals.Elts {
			id, ok := v.(*ast.Ident)
			if !ok || byName[id.Name] == "" {
				return nil, fmt.Errorf("%s: %q: unknown language %v", path, letters, v)
			}
			r.isos = append(r.isos, byName[id.Name])
		}
		rules = append(rules, r)
	}
	slices.SortFunc(rules, func(a, b letterRule) int { return strings.Compare(a.letters, b.letters) })
	return rules, nil
}

// readme says where the models come from and under which license.
func readme(version string, langs []language) []byte {
	if version == "" {
		version = "(version unknown)"
	}
	total := 0
	for _, l := range langs {
		total += l.size
	}
	return fmt.Appendf(nil, `# Detection models

Generated by `+"`go generate ./detect`"+` (detect/internal/genmodels); do not edit. One file per language,
<iso>.lm, %d languages, %.1f MB: the n-gram counts behind the unigram to five-gram models of
%s %s (`+"`language-models/<iso>/*.pb.bin.zip`"+`), in the format of
detect/internal/ngram, read in place from the binary.

The models are lingua-go's, by Peter M. Stahl, trained on Leipzig University's Wortschatz news corpora, and
are distributed under lingua-go's license, the Apache License 2.0 (LICENSE, copied from
lingua-go). bitext changes their form, not their content: every probability is the one
lingua-go's files hold.
`, len(langs), float64(total)/1e6, linguaModule, version)
}

func source(version string, langs []language, rules []letterRule) ([]byte, error) {
	var b bytes.Buffer
	from := linguaModule
	if version != "" {
		from += " " + version
	}
	fmt.Fprintf(&b, "// Code generated by genmodels from %s; DO NOT EDIT.\n\npackage detect\n\n", from)
	b.WriteString("import _ \"embed\" // for the models\n\n")
	b.WriteString("// linguaLanguages are lingua-go's languages by ISO 639-1 code (its model directories), with\n")
	b.WriteString("// the number of n-gram orders and the size of their model file.\n")
	b.WriteString("var linguaLanguages = []struct {\n\tiso, name string\n\torders, size int\n}{\n")
	for _, l := range langs {
		fmt.Fprintf(&b, "\t{%q, %q, %d, %d},\n", l.iso, l.name, l.orders, l.size)
	}
	b.WriteString("}\n\n")
	b.WriteString("// charsToLanguages is lingua-go's table of letters that only a few languages use, by ISO\n")
	b.WriteString("// 639-1 code.\nvar charsToLanguages = []struct {\n\tletters string\n\tisos    []string\n}{\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "\t{%q, %#v},\n", r.letters, r.isos)
	}
	b.WriteString("}\n\n")
	b.WriteString("// embeddedModel returns the model file of a language, or \"\" if there is none.\n")
	b.WriteString("func embeddedModel(iso string) string {\n\tswitch iso {\n")
	for _, l := range langs {
		fmt.Fprintf(&b, "\tcase %q:\n\t\treturn model%s\n", l.iso, strings.ToUpper(l.iso))
	}
	b.WriteString("\t}\n\treturn \"\"\n}\n\n")
	for _, l := range langs {
		fmt.Fprintf(&b, "//go:embed models/%s.lm\nvar model%s string\n\n", l.iso, strings.ToUpper(l.iso))
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format languages_gen.go: %w", err)
	}
	return src, nil
}

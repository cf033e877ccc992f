package apertium

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/apertium/apy"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// need fails the test in CI when Apertium is missing (.ci/run installs it) and skips
// loudly elsewhere.
func need(t *testing.T, what func() error) {
	t.Helper()
	if err := what(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must have it: %v", err)
		}
		t.Skipf("SKIPPED, not counted as passing: %v (apt-get install apertium apertium-apy apertium-eng-spa)", err)
	}
}

func haveCommand() error {
	for _, bin := range []string{"apertium", "apertium-destxt", "apertium-retxt"} {
		if _, err := exec.LookPath(bin); err != nil {
			return err
		}
	}
	out, err := exec.Command("apertium", "-l").Output()
	if err != nil {
		return fmt.Errorf("apertium -l: %w", err)
	}
	if !strings.Contains(string(out), "spa-eng") {
		return errors.New("apertium has no spa-eng pair")
	}
	return nil
}

var spanish = []string{
	"El gato come pescado en la casa.",
	"Hola, ¿cómo estás?",
	"",
	"La ciudad de Gaza está en el este.",
}

func checkSpanish(t *testing.T, res []translate.Translation) {
	t.Helper()
	require.Len(t, res, len(spanish))
	assert.Contains(t, res[0].Text, "cat")
	assert.Contains(t, res[1].Text, "Hello")
	assert.Equal(t, "", res[2].Text)
	assert.Contains(t, res[3].Text, "city")
	for _, r := range res {
		assert.Equal(t, Name, r.Backend)
		assert.Equal(t, language.Spanish, r.Source)
	}
}

func TestLocalCommand(t *testing.T) {
	need(t, haveCommand)
	tr, err := New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	assert.True(t, tr.Supports(language.Spanish, language.English))
	assert.False(t, tr.Supports(language.Hebrew, language.English))
	res, err := tr.Translate(context.Background(), &translate.Request{Texts: spanish, Source: language.Spanish, Target: language.English})
	require.NoError(t, err)
	checkSpanish(t, res)
}

// asAlone are texts that used to run into each other (a text without a final full stop,
// then one whose subject pronoun Apertium inserts), texts full of what Apertium's txt
// format escapes or reads as blanks, text APY's default html format would read as markup,
// and empty texts.
var asAlone = []string{
	"Una foto del puerto",
	"Encontró al menos uno.",
	"",
	"corchetes [ ] [[x]] y barra \\ al final \\",
	"a [b] ^c$ / @ <x> {y} *z #w",
	"a < b &amp; c <b>negrita</b>",
	"¿Qué?\tNo\nsé.\n\nNada",
	"fin\x00del texto",
	"   ",
	"El Sr. Pérez llegó...",
	"Precio: 3 € (IVA incluido) http://example.com/a?b=c&d",
	"…y entonces",
}

// checkAsAlone translates asAlone in one batch with tr and checks each answer is alone's
// for that text, as one line; empty texts are answered empty.
func checkAsAlone(t *testing.T, tr translate.Translator, alone func(ctx context.Context, line string) (string, error)) {
	t.Helper()
	res, err := tr.Translate(context.Background(), &translate.Request{Texts: asAlone, Source: language.Spanish, Target: language.English})
	require.NoError(t, err)
	require.Len(t, res, len(asAlone))
	assert.Equal(t, "It found at least one.", res[1].Text, "a text after one without a full stop starts its own sentence")
	assert.Contains(t, res[5].Text, "&amp;", "plain text is not read as HTML")
	assert.Contains(t, res[5].Text, "<b>", "plain text is not read as HTML")
	for i, s := range asAlone {
		line := strings.Join(strings.FieldsFunc(s, isBlank), " ")
		if line == "" {
			assert.Equal(t, "", res[i].Text, "text %d is empty", i)
			continue
		}
		want, err := alone(context.Background(), line)
		require.NoError(t, err)
		assert.Equal(t, want, res[i].Text, "text %d %q", i, s)
	}
}

// TestBatchEqualsAlone: each text of one batch comes back as the command gives it alone.
func TestBatchEqualsAlone(t *testing.T) {
	need(t, haveCommand)
	tr, err := New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	checkAsAlone(t, tr, commandAlone)
}

func TestErrors(t *testing.T) {
	need(t, haveCommand)
	tr, err := New(context.Background(), translate.Config{})
	require.NoError(t, err)
	tests := []struct {
		name string
		req  translate.Request
		want error
	}{
		{"no pair", translate.Request{Texts: []string{"שלום"}, Source: language.Hebrew, Target: language.English}, translate.ErrUnsupportedPair},
		{"no source", translate.Request{Texts: []string{"hola"}, Target: language.English}, translate.ErrPermanent},
		{"html", translate.Request{Texts: []string{"<b>hola</b>"}, Source: language.Spanish, Target: language.English, Format: translate.HTML}, translate.ErrPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tr.Translate(context.Background(), &tt.req)
			require.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, translate.ErrPermanent)
		})
	}
}

var (
	apyOnce   sync.Once
	apyServer *apy.Server
	apyErr    error
)

func startAPY(t *testing.T) *apy.Server {
	need(t, apy.Available)
	need(t, haveCommand)
	apyOnce.Do(func() {
		apyServer, apyErr = apy.Start(context.Background(), "")
	})
	require.NoError(t, apyErr)
	return apyServer
}

func TestMain(m *testing.M) {
	code := m.Run()
	if apyServer != nil {
		apyServer.Close()
	}
	os.Exit(code)
}

func TestAPY(t *testing.T) {
	s := startAPY(t)
	tr, err := New(context.Background(), translate.Config{Getenv: func(k string) string {
		if k == EnvAPY {
			return s.URL + "/"
		}
		return ""
	}})
	require.NoError(t, err)
	assert.True(t, tr.Supports(language.Spanish, language.English))
	res, err := tr.Translate(context.Background(), &translate.Request{Texts: spanish, Source: language.Spanish, Target: language.English})
	require.NoError(t, err)
	checkSpanish(t, res)
}

// TestAPYTextsAsAlone: each text of one batch comes back as APY gives it alone.
func TestAPYTextsAsAlone(t *testing.T) {
	s := startAPY(t)
	tr, err := New(context.Background(), translate.Config{Endpoint: s.URL})
	require.NoError(t, err)
	checkAsAlone(t, tr, func(ctx context.Context, line string) (string, error) {
		return apyAlone(ctx, http.DefaultClient, s.URL, line)
	})
}

// TestAPYLargeBatch sends more than APY's silent line-dropping size in one call: the
// backend must split it so every line comes back, in order.
func TestAPYLargeBatch(t *testing.T) {
	s := startAPY(t)
	tr, err := New(context.Background(), translate.Config{Endpoint: s.URL})
	require.NoError(t, err)
	var texts []string
	for i := 0; i < 400; i++ {
		texts = append(texts, "El perro número "+strings.Repeat("muy ", i%7)+"grande corre.")
	}
	res, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.Spanish, Target: language.English})
	require.NoError(t, err)
	require.Len(t, res, len(texts))
	for i, r := range res {
		assert.Equal(t, strings.Count(texts[i], "muy "), strings.Count(r.Text, "very "), "line %d paired with its source: %q", i, r.Text)
	}
}

// TestAPYListensOnLoopbackOnly: the launcher must not expose APY on other addresses.
func TestAPYListensOnLoopbackOnly(t *testing.T) {
	s := startAPY(t)
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	for _, a := range addrs {
		ip, _, err := net.ParseCIDR(a.String())
		if err != nil || ip.IsLoopback() || ip.To4() == nil {
			continue
		}
		// Connecting to our own non-loopback address stays on this machine.
		c, err := net.Dial("tcp", net.JoinHostPort(ip.String(), port))
		if err == nil {
			c.Close()
			t.Errorf("APY answers on %s", ip)
		}
	}
}

func TestRegistration(t *testing.T) {
	var r translate.Registry
	Register(&r)
	b, ok := r.Lookup(Name)
	require.True(t, ok)
	assert.True(t, b.Configured(translate.Config{Getenv: func(k string) string {
		if k == EnvAPY {
			return "http://127.0.0.1:1"
		}
		return ""
	}}))
	assert.Equal(t, "spa", Code(language.Spanish))
	assert.Equal(t, "eng", Code(language.MustParse("en-GB")))
}

// conformance runs the translate.Translator contract over tr on Spanish sentences told
// apart by their numbers, which Apertium keeps; a pair it lacks is refused for good.
func conformance(t *testing.T, newT func(t *testing.T) translate.Translator) {
	var texts []string
	for i := range 6 {
		texts = append(texts, fmt.Sprintf("El perro número %d corre por la playa", 100+i))
	}
	translatetest.Run(t, newT, translatetest.Options{
		Source: language.Spanish, Target: language.English, Texts: texts,
		Paired: func(text, answer string) bool {
			f := strings.Fields(text)
			return strings.Contains(answer, f[3]) && strings.Contains(answer, "dog")
		},
		Refused: func() *translate.Request { // a pair Apertium does not have
			return &translate.Request{Texts: []string{"שלום עולם"}, Source: language.Hebrew, Target: language.English}
		},
	})
}

func TestCommandConforms(t *testing.T) {
	need(t, haveCommand)
	conformance(t, func(t *testing.T) translate.Translator {
		tr, err := New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
		require.NoError(t, err)
		return tr
	})
}

func TestAPYConforms(t *testing.T) {
	s := startAPY(t)
	conformance(t, func(t *testing.T) translate.Translator {
		tr, err := New(context.Background(), translate.Config{Endpoint: s.URL})
		require.NoError(t, err)
		return tr
	})
}

// Package backends registers every translation backend bitext has, resolves the names
// "auto" and "none", and wraps a backend in the middleware stack. Library users call it
// too: Default is explicit registration, with no init() side effects.
package backends

import (
	"context"
	"fmt"
	"strings"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/apertium"
	"github.com/seed77ff/bitext/translate/google"
)

// Default returns a registry holding every backend. A new backend is one line here.
func Default() *translate.Registry {
	var r translate.Registry
	google.Register(&r)
	apertium.Register(&r)
	return &r
}

// AutoOrder is the order in which "auto" tries configured backends (design §4): the
// cloud and self-hosted services first, then Apertium when it is installed. Apertium
// covers few pairs; for the others it answers translate.ErrUnsupportedPair and the
// segments fall back to the document's counterparts.
var AutoOrder = []string{"google", "google-v3", "deepl", "libre", "openai", "apertium"}

// Local reports whether a backend runs on this machine at no cost: with only such a
// backend, "auto" still tells the user that no service is configured.
func Local(name string) bool { return name == "apertium" }

// None is the backend name that means no backend.
const None = "none"

// Auto is the backend name that picks the first configured backend.
const Auto = "auto"

// Resolve returns the backend record for name. It returns nil, nil for "none", and for
// "auto" when no backend is configured. An explicitly named backend that is not
// configured is an error wrapping translate.ErrNotConfigured that names its variables.
func Resolve(r *translate.Registry, name string, c translate.Config) (*translate.Backend, error) {
	switch name {
	case None:
		return nil, nil
	case Auto, "":
		for _, n := range AutoOrder {
			if b, ok := r.Lookup(n); ok && b.Configured != nil && b.Configured(c) {
				return b, nil
			}
		}
		return nil, nil
	}
	b, ok := r.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (have: %s)", translate.ErrUnknownBackend, name, strings.Join(append(r.SortedNames(), Auto, None), ", "))
	}
	if b.Configured != nil && !b.Configured(c) && c.Endpoint == "" {
		return nil, fmt.Errorf("%s: %w: set %s", name, translate.ErrNotConfigured, strings.Join(b.Env, " or "))
	}
	return b, nil
}

// NotConfiguredHint is the note printed when "auto" finds no backend: every backend's
// variables, so a user knows what to set.
func NotConfiguredHint(r *translate.Registry) string {
	var parts []string
	for _, n := range r.Names() {
		b, _ := r.Lookup(n)
		if len(b.Env) > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s)", n, strings.Join(b.Env, ", ")))
		}
	}
	return "no translation backend is configured; foreign text without a counterpart in the document stays untranslated. " +
		"To translate, set the environment for one of: " + strings.Join(parts, "; ") +
		", or pass --backend NAME [--endpoint URL]."
}

// Stack is what Open wraps around a backend.
type Stack struct {
	// Cache, if not nil, answers repeated texts without a request; only cacheable backends use it.
	Cache translate.Middleware
}

// Open constructs backend b and wraps it in the middleware stack, outermost first:
// cache (hits cost nothing) → backend.
func Open(ctx context.Context, b *translate.Backend, c translate.Config, s Stack) (translate.Translator, error) {
	t, err := b.New(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Name, err)
	}
	var mws []translate.Middleware
	if s.Cache != nil && b.Cacheable {
		mws = append(mws, s.Cache)
	}
	return translate.Chain(t, mws...), nil
}

package translate

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
)

// Limits are what one request to a backend may carry. Zero means no limit.
type Limits struct {
	// Texts is the most texts in one request.
	Texts int
	// Bytes is the most UTF-8 bytes of text in one request.
	Bytes int
	// CodePoints is the most Unicode code points of text in one request.
	CodePoints int
	// InFlight is the default number of concurrent requests.
	InFlight int
}

// Price is a dated list price, per million billed units.
type Price struct {
	PerMillion float64
	Currency   string
	// PricedOn is the date (YYYY-MM-DD) the price was read from the provider's page.
	PricedOn string
	Source   string
}

// Config is what a backend constructor gets. Secrets are read through Getenv only,
// never from flags, so they do not show in ps or in logs.
type Config struct {
	// Endpoint overrides the backend's server; its meaning is the backend's (see the CLI contract).
	Endpoint string
	// Model selects a backend model; empty is the backend's default.
	Model string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// HTTPClient is used for HTTP backends; nil means a client with sane timeouts. Whatever
	// its CheckRedirect, backends refuse redirects to another host (credentials would follow).
	HTTPClient *http.Client
	// Secrets, if not nil, is told every credential the backend reads (see Secret), so that
	// QA can refuse an answer that contains one. backends.Open sets it.
	Secrets *Secrets
}

// Secret reads a credential as Env does and records it in c.Secrets, so that no answer
// containing it is ever accepted. Backends read their keys with it.
func (c Config) Secret(name string) (string, error) {
	v, err := c.Env(name)
	if err == nil {
		c.Secrets.Add(v)
	}
	return v, err
}

// Env returns the value of the environment variable name, or the trimmed contents of the file
// named by name+"_FILE" when name itself is unset. It returns an error only when that file
// cannot be read.
func (c Config) Env(name string) (string, error) {
	if v := c.Lookup(name); v != "" {
		return v, nil
	}
	if f := c.Lookup(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			// The path is not secret, the contents are: name the variable and the path only.
			return "", fmt.Errorf("read %s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

// Lookup returns the environment variable name through Getenv, or os.Getenv when it is nil.
func (c Config) Lookup(name string) string {
	if c.Getenv != nil {
		return c.Getenv(name)
	}
	return os.Getenv(name)
}

// AnySet reports whether any of the environment variables names is set: what a backend's
// Configured usually checks.
func (c Config) AnySet(names ...string) bool {
	for _, n := range names {
		if c.Lookup(n) != "" {
			return true
		}
	}
	return false
}

// Backend is the registration record of one backend: static facts plus a constructor.
type Backend struct {
	// Name is what --backend takes.
	Name string
	// Doc is a one-line description.
	Doc string
	// Env lists the environment variables the backend reads, for messages and `bitext backends`.
	Env []string
	// Limits are the default per-request limits; a constructed backend may lower them.
	Limits Limits
	// BillingUnit is what the provider bills ("characters"); empty for free backends.
	BillingUnit string
	// Price is the list price, zero for self-hosted backends.
	Price Price
	// Cacheable says whether answers are deterministic enough to cache.
	Cacheable bool
	// CacheNamespace is the backend name cache keys use; empty means Name. A backend whose
	// answers depend on something outside the request, such as an LLM prompt's version,
	// names it here so that changing it invalidates the old answers.
	CacheNamespace string
	// UsesContext says the backend reads Request.Context (DeepL's free context parameter):
	// the pipeline then gives each text the context of its document and sends one context
	// per request. Backends without it get no context, and batching ignores it.
	UsesContext bool
	// AppliesGlossary says the backend applies Request.Glossary itself (DeepL, through a
	// glossary it creates; OpenAI-compatible backends, in the prompt). For the others the
	// glossary is checked after translation (middleware.GlossaryQA).
	AppliesGlossary bool
	// Condenses says the backend honours Request.MaxChars, shortening a translation to fit
	// (an LLM asked in its prompt); the subtitle fit check asks only such backends.
	Condenses bool
	// AutoRank places the backend in the order "auto" tries configured backends (design §4):
	// the lowest rank that is configured answers. Zero keeps it out of "auto".
	AutoRank int
	// Local says the backend runs on this machine at no cost (Apertium): with only such a
	// backend, "auto" still tells the user that no service is configured, and under "auto"
	// a local backend is where a failed service's texts fall back to.
	Local bool
	// Configured reports whether the environment names credentials or an endpoint for it.
	Configured func(c Config) bool
	// New constructs the backend. It returns an error wrapping ErrNotConfigured when
	// credentials are missing.
	New func(ctx context.Context, c Config) (Translator, error)
}

// CacheName returns the name cache keys use for b's answers.
func (b *Backend) CacheName() string {
	if b.CacheNamespace != "" {
		return b.CacheNamespace
	}
	return b.Name
}

// Registry maps backend names to their records, in registration order.
type Registry struct {
	byName map[string]*Backend
	order  []string
}

// Register adds b. Like database/sql.Register it panics on a duplicate or empty name:
// that is a programming error at setup, not a runtime condition.
func (r *Registry) Register(b Backend) {
	if b.Name == "" || b.New == nil {
		panic("translate: Register needs a name and a constructor")
	}
	if r.byName == nil {
		r.byName = map[string]*Backend{}
	}
	if _, dup := r.byName[b.Name]; dup {
		panic("translate: Register called twice for backend " + b.Name)
	}
	r.byName[b.Name] = &b
	r.order = append(r.order, b.Name)
}

// Lookup returns the record registered under name.
func (r *Registry) Lookup(name string) (*Backend, bool) {
	b, ok := r.byName[name]
	return b, ok
}

// Names returns the registered names in registration order.
func (r *Registry) Names() []string {
	return append([]string(nil), r.order...)
}

// AutoOrder returns the backends "auto" may pick, in the order it tries them (AutoRank).
func (r *Registry) AutoOrder() []*Backend {
	var out []*Backend
	for _, n := range r.order {
		if b := r.byName[n]; b.AutoRank > 0 {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AutoRank < out[j].AutoRank })
	return out
}

// SortedNames returns the registered names sorted, for messages.
func (r *Registry) SortedNames() []string {
	n := r.Names()
	sort.Strings(n)
	return n
}

package translate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"
)

// Format says how a backend must treat the texts of a request.
type Format string

const (
	// Text is plain text: the backend must neither escape nor interpret markup.
	Text Format = "text"
	// HTML is markup whose tags the backend must keep.
	HTML Format = "html"
)

// Request is one batch of texts with everything that decides their translation.
// Every field except Texts and Glossary is part of the cache key (Glossary through its
// digest, GlossaryID).
type Request struct {
	// Texts are translated independently; the answer has one Translation per text, in order.
	Texts []string
	// Source is the language of every text; language.Und lets the backend detect it.
	Source language.Tag
	// Target is the language to translate into.
	Target language.Tag
	// Format is Text unless the texts carry markup.
	Format Format
	// Model names a backend model where the backend has several ("nmt", "gpt-4o-mini"); empty is the backend's default.
	Model string
	// Context is free text that helps a backend with short texts (DeepL's context); it is not translated.
	Context string
	// GlossaryID is a digest of the glossary in force, empty when there is none.
	GlossaryID string
	// Glossary holds the terms of the glossary GlossaryID names, when bitext has them
	// (--glossary FILE); nil for none, or for a provider glossary named by GlossaryID alone
	// ("deepl:<id>"). Backends that can apply terms do (DeepL creates a glossary from them,
	// OpenAI-compatible backends get the matching terms in the prompt); for the others a
	// QA middleware checks the answers. It is not part of the cache key on its own:
	// GlossaryID is its digest.
	Glossary []Term
	// MaxChars, if positive, asks for translations of at most MaxChars characters each,
	// condensed where a faithful one would be longer (a subtitle that must be read in the
	// time it is shown). Backends whose record says Condenses honour it; others ignore it.
	MaxChars int
}

// Term is one glossary entry: whenever Source occurs in a text, its translation should use
// Target.
type Term struct {
	Source, Target string
}

// Translation is a backend's answer for one text.
type Translation struct {
	// Text is the translated text.
	Text string
	// Source is the source language the backend used or detected (language.Und if it did not say).
	Source language.Tag
	// Backend is the registered name of the backend that produced Text.
	Backend string
	// Model is the model that produced Text, if the backend said.
	Model string
	// Cached is true when Text came from the cache rather than the backend.
	Cached bool
	// QA lists the quality checks Text failed (QAEmpty, QAIdentical, "number missing: 42", …);
	// empty when it passed them all or was not checked. See QAFailed.
	QA []string
}

// Flags the QA middleware records on a Translation whose Text must not be written as a
// translation (hard failures); other flags only mark the text for review.
const (
	// QAEmpty: the answer is empty or blank while the source is not.
	QAEmpty = "empty"
	// QAIdentical: the answer is the source itself, in a script the target does not use.
	QAIdentical = "identical to source"
	// QARefusal: the answer reads like a refusal or an error message, not a translation.
	QARefusal = "refusal or error text"
	// QASecret: the answer contains a credential a backend holds (Secrets).
	QASecret = "contains a credential"
	// QAControl: the answer holds a C0 or C1 control character other than tab and newline
	// (an escape sequence, a NUL) that could rewrite a terminal or break an output format.
	QAControl = "control character"
	// QABidi: the answer holds a bidi embedding, override or isolate control (U+202A–U+202E,
	// U+2066–U+2069) that its source does not, which could make text display other than it reads.
	QABidi = "bidi control not in the source"
	// QASourceLanguage: most of the answer is in the source language, not the target (an
	// echo, or a model that answered in the language it was given), as the QA middleware's
	// output-language gate finds with a detector.
	QASourceLanguage = "in the source language"
)

// QAFailed returns the first hard-failure flag in flags (QAEmpty, QAIdentical, QARefusal,
// QASourceLanguage, and the QAUnsafe ones), if any: such a Text is not a translation and the caller records none,
// with the flag as the reason.
func QAFailed(flags []string) (string, bool) {
	for _, f := range flags {
		switch f {
		case QAEmpty, QAIdentical, QARefusal, QASecret, QAControl, QABidi, QASourceLanguage:
			return f, true
		}
	}
	return "", false
}

// QAUnsafe returns the first flag in flags that says the answer is unsafe to keep at all
// (QASecret, QAControl, QABidi): besides not being written, such an answer is never cached.
func QAUnsafe(flags []string) (string, bool) {
	for _, f := range flags {
		switch f {
		case QASecret, QAControl, QABidi:
			return f, true
		}
	}
	return "", false
}

// A Translator translates batches of text. Translate returns exactly len(req.Texts)
// translations, in order, or an error and none. It must not modify req, must honour ctx,
// and must be safe for concurrent use. Errors that a retry cannot fix satisfy
// errors.Is(err, ErrPermanent); rate limits are *RateLimitError carrying RetryAfter.
type Translator interface {
	Translate(ctx context.Context, req *Request) ([]Translation, error)
}

// Func adapts a function to the Translator interface.
type Func func(ctx context.Context, req *Request) ([]Translation, error)

// Translate calls f.
func (f Func) Translate(ctx context.Context, req *Request) ([]Translation, error) {
	return f(ctx, req)
}

// Memory is a translation memory: approved translations, looked up before any backend.
type Memory interface {
	// Lookup returns one Match per text, in order; Found is false where the memory has
	// nothing for a text. It must be safe for concurrent use.
	Lookup(ctx context.Context, source, target language.Tag, texts []string) ([]Match, error)
}

// Match is a translation memory's answer for one text.
type Match struct {
	Found bool
	Text  string
	// Score is 1 for an exact match and less for a fuzzy one.
	Score float64
	// Origin names where the match came from: a TMX file, "cache" for imported memories,
	// "approved" for a reviewer's translation of another text.
	Origin string
	// Approved says the match is a reviewer's translation (`bitext apply`) of this very text
	// in this context: the pipeline records it with origin human, ahead of every other
	// memory and of the backend. By and At say who approved it and when, where known.
	Approved bool
	By       string
	At       time.Time
}

// RequestMemory is a Memory whose entries may depend on a request's context, as approved
// translations do: they are keyed as a run keys a request (source text, languages and the
// context the backend is given). LookupRequest answers req.Texts in order; only Source,
// Target, Context and Texts are read.
type RequestMemory interface {
	Memory
	LookupRequest(ctx context.Context, req *Request) ([]Match, error)
}

// Middleware wraps a Translator with behaviour common to all backends.
type Middleware func(Translator) Translator

// Chain wraps t in mws so that mws[0] is the outermost layer: it sees a request first.
func Chain(t Translator, mws ...Middleware) Translator {
	for i := len(mws) - 1; i >= 0; i-- {
		t = mws[i](t)
	}
	return t
}

var (
	// ErrPermanent marks errors that retrying the same request cannot fix (bad request, bad key, quota gone).
	ErrPermanent = errors.New("permanent error")
	// ErrNotConfigured is returned when a backend lacks the credentials or endpoint it needs.
	ErrNotConfigured = errors.New("backend not configured")
	// ErrUnknownBackend is returned for a backend name that is not registered.
	ErrUnknownBackend = errors.New("unknown backend")
	// ErrUnsupportedPair is returned (wrapped, and permanent) by a backend asked for a
	// language pair it does not have.
	ErrUnsupportedPair = errors.New("language pair not supported")
)

// RateLimitError is returned when a backend says to slow down.
type RateLimitError struct {
	// RetryAfter is how long the backend asked to wait; zero if it did not say.
	RetryAfter time.Duration
	Err        error
}

func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("rate limited (retry after %s): %v", e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("rate limited: %v", e.Err)
}

func (e *RateLimitError) Unwrap() error { return e.Err }

// Permanent wraps err so that errors.Is(err, ErrPermanent) holds.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string        { return e.err.Error() }
func (e *permanentError) Unwrap() error        { return e.err }
func (e *permanentError) Is(target error) bool { return target == ErrPermanent }

// ErrFatal marks permanent errors that every later request would meet too — a bad or revoked
// key (HTTP 401, Google's 403 keyInvalid), a quota gone (DeepL's 456, Google's 403
// dailyLimitExceeded) — so the job should stop sending rather than fail request by request.
// Backends mark them with Fatal; middleware.Fuse stops the job at the first one.
var ErrFatal = errors.New("fatal backend error")

// Fatal wraps err so that both errors.Is(err, ErrFatal) and errors.Is(err, ErrPermanent) hold.
func Fatal(err error) error {
	if err == nil {
		return nil
	}
	return &fatalError{err}
}

type fatalError struct{ err error }

func (e *fatalError) Error() string        { return e.err.Error() }
func (e *fatalError) Unwrap() error        { return e.err }
func (e *fatalError) Is(target error) bool { return target == ErrFatal || target == ErrPermanent }

// CheckCount returns an error unless a backend answered exactly one translation per text.
// Backends call it before returning: a short answer must never be paired with the wrong source.
func CheckCount(backend string, want, got int) error {
	if want != got {
		return fmt.Errorf("%s: asked for %d translations, got %d", backend, want, got)
	}
	return nil
}

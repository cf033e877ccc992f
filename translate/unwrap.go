package translate

import "context"

// Unwrapper is implemented by a middleware's Translator: Unwrap returns the Translator it
// wraps, so that optional features of the backend underneath (io.Closer, a limits report)
// stay reachable through any stack (see As).
type Unwrapper interface {
	Unwrap() Translator
}

// MultiUnwrapper is implemented by Translators that hold several (Fallback): Unwrap returns
// them in the order they are asked.
type MultiUnwrapper interface {
	Unwrap() []Translator
}

// Wrap returns a Translator that answers with fn and unwraps to next: how a middleware
// written as a function stays walkable by As.
func Wrap(next Translator, fn func(ctx context.Context, req *Request) ([]Translation, error)) Translator {
	return &wrapped{next: next, fn: fn}
}

type wrapped struct {
	next Translator
	fn   func(ctx context.Context, req *Request) ([]Translation, error)
}

func (w *wrapped) Translate(ctx context.Context, req *Request) ([]Translation, error) {
	return w.fn(ctx, req)
}

func (w *wrapped) Unwrap() Translator { return w.next }

// As returns the first Translator in t's stack that is a T: t itself, then what it wraps,
// depth first, in order through translators holding several. It is how a caller reaches a
// backend's optional interface through its middleware (restic's AsBackend is the model).
func As[T any](t Translator) (T, bool) {
	var found T
	ok := false
	Walk(t, func(u Translator) bool {
		if v, is := u.(T); is {
			found, ok = v, true
			return false
		}
		return true
	})
	return found, ok
}

// Walk calls fn for t and for every Translator t wraps, depth first, until fn returns
// false. Stacks are trees: a middleware wraps what it was given, never itself.
func Walk(t Translator, fn func(Translator) bool) {
	walk(t, fn)
}

func walk(u Translator, fn func(Translator) bool) bool {
	if u == nil {
		return true
	}
	if !fn(u) {
		return false
	}
	switch w := u.(type) {
	case Unwrapper:
		return walk(w.Unwrap(), fn)
	case MultiUnwrapper:
		for _, v := range w.Unwrap() {
			if !walk(v, fn) {
				return false
			}
		}
	}
	return true
}

package translate

import (
	"context"
)

// Fallback returns a Translator that asks ts in order. When one fails a whole request
// (for any reason but a done ctx), the next gets the request; when one answers some texts
// with a hard QA failure (QAFailed: empty, the source echoed, a refusal), the next gets
// those texts and its good answers replace the bad ones. A request that no translator
// answers in full fails with the first translator's error. This is how "auto" goes from
// a configured service to a local engine for the pairs it has.
func Fallback(ts ...Translator) Translator {
	if len(ts) == 1 {
		return ts[0]
	}
	return &fallback{ts: ts}
}

type fallback struct{ ts []Translator }

// Unwrap returns the translators in the order they are asked.
func (f *fallback) Unwrap() []Translator { return f.ts }

func (f *fallback) Translate(ctx context.Context, req *Request) ([]Translation, error) {
	out, firstErr := f.ts[0].Translate(ctx, req)
	for _, next := range f.ts[1:] {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if firstErr != nil && out == nil {
			res, err := next.Translate(ctx, req)
			if err == nil && CheckCount("fallback", len(req.Texts), len(res)) == nil {
				out = res
			}
			continue
		}
		var todo []int
		for i := range out {
			if _, bad := QAFailed(out[i].QA); bad {
				todo = append(todo, i)
			}
		}
		if len(todo) == 0 {
			break
		}
		sub := *req
		sub.Texts = make([]string, len(todo))
		for j, i := range todo {
			sub.Texts[j] = req.Texts[i]
		}
		res, err := next.Translate(ctx, &sub)
		if err != nil || len(res) != len(todo) {
			continue // the first answers, flagged, stand
		}
		for j, i := range todo {
			if _, bad := QAFailed(res[j].QA); !bad {
				out[i] = res[j]
			}
		}
	}
	if out == nil {
		return nil, firstErr
	}
	return out, nil
}

package middleware

import (
	"context"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/seed77ff/bitext/translate"
)

// Split returns a middleware that cuts any request over l into requests within l (texts,
// UTF-8 bytes and code points per request), sends them at once, and joins the answers in
// input order. A request within l passes through untouched, so callers that already fill
// requests to the limits (pipeline.Execute groups a job's distinct texts by source language
// and cuts them with the same rule) cost nothing here; Split is the guarantee that no
// caller, a library user included, can send the backend more than it takes.
//
// Every part keeps the request's source language, target, format, model, context and
// glossary: a request never mixes source languages, so neither can its parts. A single text
// over a limit on its own is sent alone, uncut (cutting a sentence would change its
// translation); the backend then decides. If one part fails, the others are cancelled and
// the request fails with that error and no translations, as the Translator contract says.
// The parts wait for their turn in the in-flight bound below, like any other request.
func Split(l translate.Limits) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			parts := Spans(req.Texts, l)
			if len(parts) <= 1 {
				return next.Translate(ctx, req)
			}
			out := make([]translate.Translation, len(req.Texts))
			g, gctx := errgroup.WithContext(ctx)
			for _, p := range parts {
				g.Go(func() error {
					sub := *req // a shallow copy: req itself must not change
					sub.Texts = req.Texts[p.Lo:p.Hi:p.Hi]
					res, err := next.Translate(gctx, &sub)
					if err == nil {
						err = translate.CheckCount("split", len(sub.Texts), len(res))
					}
					if err != nil {
						return err
					}
					copy(out[p.Lo:p.Hi], res)
					return nil
				})
			}
			if err := g.Wait(); err != nil {
				return nil, err
			}
			return out, nil
		})
	}
}

// Span is the half-open range [Lo,Hi) of a request's texts that one part carries.
type Span struct{ Lo, Hi int }

// Spans cuts texts, in order, into the fewest consecutive runs that each fit l: at most
// l.Texts texts, l.Bytes UTF-8 bytes and l.CodePoints code points (zero fields are no limit).
// A text over a limit on its own gets a run of its own. Greedy filling is optimal here: for
// limits that add up over texts, closing a run only when the next text does not fit never
// needs more runs than any other cut that keeps the order.
func Spans(texts []string, l translate.Limits) []Span {
	var out []Span
	lo, bytes, cps := 0, 0, 0
	for i, s := range texts {
		b, c := len(s), utf8.RuneCountInString(s)
		full := i > lo && (l.Texts > 0 && i-lo >= l.Texts ||
			l.Bytes > 0 && bytes+b > l.Bytes || l.CodePoints > 0 && cps+c > l.CodePoints)
		if full {
			out = append(out, Span{lo, i})
			lo, bytes, cps = i, 0, 0
		}
		bytes += b
		cps += c
	}
	if len(texts) > lo {
		out = append(out, Span{lo, len(texts)})
	}
	return out
}

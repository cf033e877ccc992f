package middleware

import (
	"context"

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
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			parts := translate.Cut(req.Texts, l)
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
